"""The build itself: no unexpected warnings, and the i18n pitfalls users of this stack hit."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.site.conftest import BIN, build_site, copy_project
from werkcafe.taxonomy import REPO_ROOT

# Content warnings are documented for editors (CONTRIBUTING.md) and start with a file path.
CONTENT_WARNING = re.compile(r"^WARNING\s+-\s+\S+\.(md|yml):\d+: waarschuwing: ")


def test_build_has_no_warnings_other_than_content_warnings(built_site):
    unexpected = [line for line in built_site.log.splitlines()
                  if line.startswith("WARNING") and not CONTENT_WARNING.match(line)]
    assert unexpected == []


def test_search_has_a_light_guides_index_per_language_not_lunr(built_site):
    site = built_site.path
    assert not (site / "search" / "search_index.json").exists()
    for language in ("nl", "en"):
        index = json.loads((site / "zoekindex" / f"{language}.json").read_text("utf-8"))
        assert len(index["pages"]) >= 20
        # the query's stemmer ships beside its index
        assert "export function stem" in (site / "zoekindex" / f"stem.{language}.js").read_text(
            "utf-8")
    dutch = json.loads((site / "zoekindex" / "nl.json").read_text("utf-8"))["terms"]
    assert "keuring" in dutch and "keuringen" not in dutch  # stems, not words


def test_navigation_instant_stays_off_so_the_language_switch_reloads(built_site):
    # The i18n language switcher cannot update its links under navigation.instant
    # (mkdocs-static-i18n issue 115); the switch test in test_browser.py proves it works.
    html = (built_site.path / "index.html").read_text(encoding="utf-8")
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>',
                                  html, re.S).group(1))
    assert "navigation.instant" not in config["features"]


@pytest.fixture(scope="module")
def site_with_untranslated_page(tmp_path_factory) -> Path:
    workdir = tmp_path_factory.mktemp("untranslated")
    project = copy_project(workdir / "project")
    source = project / "docs" / "situaties" / "klantgesprek.nl.md"
    text = source.read_text(encoding="utf-8")
    (project / "docs" / "situaties" / "alleen-nederlands.nl.md").write_text(
        text.replace("title:", "title: Alleen in het Nederlands -", 1), encoding="utf-8")
    built = build_site(workdir, project)
    assert "Engelse vertaling ontbreekt" in built.log  # the documented content warning
    return built.path


def test_untranslated_page_falls_back_to_dutch_with_a_notice(site_with_untranslated_page):
    html = (site_with_untranslated_page / "en" / "situaties" / "alleen-nederlands" /
            "index.html").read_text(encoding="utf-8")
    assert "This page has not been translated yet" in html
    assert 'class="wc-body" lang="nl"' in html
    # The Dutch text is not indexed as English.
    assert "data-pagefind-body" not in html


def test_untranslated_page_stays_out_of_the_english_navigation(site_with_untranslated_page):
    english_home = (site_with_untranslated_page / "en" / "index.html").read_text(encoding="utf-8")
    dutch_home = (site_with_untranslated_page / "index.html").read_text(encoding="utf-8")
    assert "alleen-nederlands" in dutch_home
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>', english_home, re.S)
    assert nav and "alleen-nederlands" not in nav.group(0)


def test_site_builds_without_a_forum_export(tmp_path, built_site):
    built = build_site(tmp_path, export=False)
    overview = (built.path / "ervaringen" / "index.html").read_text(encoding="utf-8")
    assert "nog geen ervaringen" in overview
    guide = (built.path / "situaties" / "keuring" / "index.html").read_text(encoding="utf-8")
    assert "Ervaringen van anderen" in guide and "/new-topic?" in guide
    assert not (built.path / "ervaringen" / "onderwerp").exists()
    # The guides' search index is the same with or without a forum: its size (what the first
    # search costs) does not grow with the forum.
    for name in ("nl.json", "en.json"):
        assert (built.path / "zoekindex" / name).read_bytes() == (
            built_site.path / "zoekindex" / name).read_bytes(), name


def test_site_builds_with_the_forum_export(built_site):
    topics = list((built_site.path / "ervaringen" / "onderwerp").iterdir())
    index = json.loads((built_site.export / "index.json").read_text(encoding="utf-8"))
    assert len(topics) == len(index["topics"]) >= 60
    assert (built_site.path / "ervaringen" / "tallies.csv").is_file()


@pytest.mark.parametrize(("page", "expected"), [
    ("index.html", ["Regelingen", "Situaties", "Brieven", "Ervaringen", "Voor wie",
                    "Alle gidsen", "Onderwerpen", "Over Werkcafé"]),
    ("en/index.html", ["Regulations", "Situations", "Letter templates", "Experiences",
                       "For whom", "All guides", "Topics", "About Werkcafé"]),
])
def test_navigation_order_and_section_titles(built_site, page, expected):
    html = (built_site.path / page).read_text(encoding="utf-8")
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>', html, re.S).group(0)
    titles = [t.strip() for t in re.findall(r'<span class="md-ellipsis">\s*(.*?)\s*</span>',
                                            nav, re.S)]
    positions = [titles.index(title) for title in expected]
    assert positions == sorted(positions)
    assert "Zoeken" not in titles and "Search" not in titles


def test_broken_content_stops_the_build_and_keeps_the_previous_site(tmp_path):
    project = copy_project(tmp_path / "project")
    env = {**os.environ, "WERKCAFE_FORUM_EXPORT": str(tmp_path / "no-export"),
           "NO_MKDOCS_2_WARNING": "1"}
    site = tmp_path / "site"
    build = [str(BIN / "mkdocs"), "build", "-d", str(site)]
    subprocess.run(build, cwd=project, env=env, check=True, capture_output=True)
    before = (site / "situaties" / "keuring" / "index.html").read_bytes()
    guide = project / "docs" / "situaties" / "keuring.nl.md"
    guide.write_text(guide.read_text(encoding="utf-8").replace("regelingen: [", "regelingen: [wwb, ",
                                                               1), encoding="utf-8")
    failed = subprocess.run(build, cwd=project, env=env, capture_output=True, text=True)
    assert failed.returncode != 0
    assert "docs/situaties/keuring.nl.md:5: fout: regelingen: 'wwb' staat niet in" in failed.stderr
    assert (site / "situaties" / "keuring" / "index.html").read_bytes() == before


def test_broken_forum_export_stops_the_build_and_names_the_file(tmp_path):
    export = tmp_path / "export"
    export.mkdir()
    (export / "manifest.json").write_text('{"schema": 1}', encoding="utf-8")
    (export / "index.json").write_text('{"schema": 1, "topics": [', encoding="utf-8")
    env = {**os.environ, "WERKCAFE_FORUM_EXPORT": str(export), "NO_MKDOCS_2_WARNING": "1"}
    failed = subprocess.run([str(BIN / "mkdocs"), "build", "-d", str(tmp_path / "site")],
                            cwd=REPO_ROOT, env=env, capture_output=True, text=True)
    assert failed.returncode != 0
    assert "index.json:1: not valid JSON" in failed.stderr
