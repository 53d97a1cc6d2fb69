"""The municipality pages written from one rendered page (local_fill.py) are the pages MkDocs
renders for each of them itself.

One export, like test_lokaal_site's (demo forum -> SQLite -> export, demo werkcafé, the
hostile municipality fields of lokaal_fixture), with injection payloads as the titles of
Utrecht's threads. The site is built twice: as always, and with `WERKCAFE_LOKAAL_FILL=false`
(every municipality page through MkDocs' own template rendering). Every file must be the same,
so URLs, content, language switch, sitemap.xml and the Pagefind indexes are what they were.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from forum_sync.testing.injection import TEXT_PAYLOADS
from tests.site import lokaal_fixture as fixture
from tests.site.conftest import BIN, demo_export
from tests.site.htmlscan import problems
from werkcafe.gemeenten import load_gemeenten
from werkcafe.plugins.forum import safe
from werkcafe.plugins.guides import guide_index, search
from werkcafe.taxonomy import REPO_ROOT

PAYLOADS = TEXT_PAYLOADS[:20]  # Utrecht's page lists its newest 20 threads


def hostile_titles(export: Path, chosen: dict[int, list[str] | None]) -> dict[int, str]:
    """The newest Utrecht threads get injection payloads as titles; returns id -> title."""
    index_path = export / "index.json"
    index = json.loads(index_path.read_text("utf-8"))
    utrecht = fixture.placed(chosen, fixture.UTRECHT)
    ids = [t["id"] for t in index["topics"] if t["id"] in utrecht][:len(PAYLOADS)]
    titles = dict(zip(ids, PAYLOADS, strict=False))
    for summary in index["topics"]:
        if summary["id"] in titles:
            summary["title"] = titles[summary["id"]]
            path = export / "topics" / f"{summary['id']}.json"
            topic = json.loads(path.read_text("utf-8"))
            topic["title"] = titles[summary["id"]]
            path.write_text(json.dumps(topic, ensure_ascii=False), "utf-8")
    index_path.write_text(json.dumps(index, ensure_ascii=False), "utf-8")
    return titles


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    work = tmp_path_factory.mktemp("lokaal-fill")
    env = {**os.environ, "WERKCAFE_FORUM_EXPORT": str(demo_export(work)),
           "NO_MKDOCS_2_WARNING": "1", "WERKCAFE_DEMO_WERKCAFES": "1"}
    chosen = fixture.add_gemeenten(work / "export")
    titles = hostile_titles(work / "export", chosen)
    built = {}
    for fill in ("true", "false"):
        site = work / f"site-fill-{fill}"
        done = subprocess.run([str(BIN / "mkdocs"), "build", "-d", str(site)], cwd=REPO_ROOT,
                              env={**env, "WERKCAFE_LOKAAL_FILL": fill}, capture_output=True,
                              text=True, check=False)
        assert done.returncode == 0, done.stdout + done.stderr
        built[fill] = site
    return built["true"], built["false"], titles


def municipality_pages(site: Path) -> list[Path]:
    return sorted(p.relative_to(site) for p in [*site.glob("lokaal/*/index.html"),
                                                *site.glob("en/lokaal/*/index.html")])


def shell_slug(site: Path) -> str:
    """The municipality MkDocs renders (the first with a page, in CBS order)."""
    built = {p.parent.name for p in (site / "lokaal").glob("*/index.html")}
    return next(g.slug for g in load_gemeenten() if g.slug in built)


def test_the_filled_site_is_the_site_mkdocs_renders_file_for_file(sites):
    filled, rendered, _ = sites
    files = sorted(p.relative_to(filled) for p in filled.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(rendered) for p in rendered.rglob("*") if p.is_file())
    assert len(municipality_pages(filled)) >= 10
    different = []
    for path in files:
        mine, theirs = (filled / path).read_bytes(), (rendered / path).read_bytes()
        if path.name == "pagefind-entry.json":  # Pagefind orders its languages at random
            mine, theirs = json.loads(mine), json.loads(theirs)
        if mine != theirs:
            different.append(str(path))
    assert different == []


def test_utrecht_is_written_from_the_shell_not_rendered(sites):
    """So the payloads below went through the fill path."""
    filled, _, titles = sites
    assert shell_slug(filled) != "utrecht"
    assert len(titles) == len(PAYLOADS)


def test_each_page_has_its_own_title_lang_canonical_and_language_switch(sites):
    filled, _, _ = sites
    gemeenten = load_gemeenten()
    for path in municipality_pages(filled):
        html = (filled / path).read_text("utf-8")
        english = path.parts[0] == "en"
        gemeente = gemeenten.get_by_slug(path.parent.name)
        assert gemeente is not None
        title = (f"In the municipality of {gemeente.naam}" if english
                 else f"In de gemeente {gemeente.naam}")
        assert f"<title>{safe.text(title)} - Werkcafé</title>" in html, path
        assert f"<h1>{safe.text(title)}</h1>" in html, path
        assert f'<html lang="{"en" if english else "nl"}"' in html, path
        assert re.findall(r'<link rel="canonical" href="([^"]+)">', html) == [
            f"https://werkcafe.example/{path.parent.as_posix()}/"], path
        switch = {language: href for href, language
                  in re.findall(r'<a href="([^"]+)" hreflang="(nl|en)"', html)}
        assert set(switch) == {"nl", "en"}, path
        for language, href in switch.items():
            target = (filled / path.parent / href / "index.html").resolve()
            expected = filled / ("en/" if language == "en" else "") / "lokaal" / gemeente.slug
            assert target == (expected / "index.html").resolve() and target.is_file(), path


def test_hostile_thread_titles_are_text_on_a_filled_page(sites):
    filled, _, titles = sites
    for language in ("", "en/"):
        html = (filled / f"{language}lokaal" / "utrecht" / "index.html").read_text("utf-8")
        assert problems(html) == []
        assert "<script>alert(" not in html.split("</head>", 1)[1]
        for title in titles.values():
            assert str(safe.text(title)) in html, title


def test_the_search_index_skips_only_pages_it_would_not_index(sites):
    """search.UNINDEXED keeps the guides' index from reading the local pages: none of them may
    be searchable, and the index must be the one made when it reads them all."""
    filled, _, _ = sites
    local = [p for name in search.UNINDEXED for folder in search.language_folders(filled, name)
             for p in (filled / folder).rglob("*.html")]
    assert len(local) > len(municipality_pages(filled))
    assert [p for p in local if "data-pagefind-body" in p.read_text("utf-8")] == []
    everything = "zoekindex-test-all"
    sizes = guide_index.write(filled, search.forum_folders(filled), everything)
    try:
        ours = filled / search.GUIDES_SUBDIR
        assert sizes
        for language in sizes:
            name = f"{language}.json"
            assert (ours / name).read_bytes() == (filled / everything / name).read_bytes(), name
    finally:
        shutil.rmtree(filled / everything)
