"""A forum of tens of thousands of topics: what the build keeps in memory, and which pages
each search index holds (issue 12). The figures come from scripts/bench_site.py."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from mkdocs.structure.pages import Page

from tests.site.test_forum_plugin import run_files_event, write_export
from werkcafe.taxonomy import REPO_ROOT
from werkcafe.plugins.forum.export import ExportError, load_export
from werkcafe.plugins.guides import guide_index
from werkcafe.plugins.guides.search import forum_folders

TOPIC = "ervaringen/onderwerp/5.md"


def test_the_loaded_export_keeps_summaries_and_reads_posts_when_a_page_is_written(tmp_path):
    write_export(tmp_path / "export")
    export = load_export(tmp_path / "export")
    assert [t.posts for t in export.topics] == [()]
    assert export.with_posts(export.topics[0]).posts[0].html == "<p>Het ging snel.</p>"
    _, plugin = run_files_event(tmp_path, tmp_path / "export")
    # the page is rendered from the file as it is when the page is written
    path = tmp_path / "export" / "topics" / "5.json"
    doc = json.loads(path.read_text("utf-8"))
    doc["posts"][0]["html"] = "<p>Later bijgewerkt.</p>"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert "<p>Later bijgewerkt.</p>" in plugin.specs[TOPIC].html


def test_a_topic_file_that_breaks_after_loading_still_stops_the_build(tmp_path):
    write_export(tmp_path / "export")
    _, plugin = run_files_event(tmp_path, tmp_path / "export")
    (tmp_path / "export" / "topics" / "5.json").write_text("{", encoding="utf-8")
    with pytest.raises(ExportError, match="5.json"):
        plugin.specs[TOPIC].html


def files_event(tmp_path):
    """run_files_event's build, returning the MkDocs config as well."""
    docs = tmp_path / "docs"
    shutil.copytree(REPO_ROOT / "docs", docs)
    config = load_config(
        config_file=str(REPO_ROOT / "mkdocs.yml"), docs_dir=str(docs),
        site_dir=str(tmp_path / "site"),
        plugins=[{"werkcafe/forum": {"export_dir": str(tmp_path / "export"),
                                     "forum_config": str(REPO_ROOT / "forum.yml")}}])
    config = config.plugins.run_event("config", config)
    files = config.plugins.run_event("files", get_files(config), config=config)
    return files, config.plugins["werkcafe/forum"], config


def test_a_generated_page_holds_its_html_only_while_it_is_written(tmp_path):
    write_export(tmp_path / "export")
    files, plugin, config = files_event(tmp_path)
    page = Page(None, files.get_file_from_path(TOPIC), config)
    # MkDocs keeps what on_page_content returns until it writes the page: nothing, here
    page.content = plugin.on_page_content("<p>markdown</p>", page=page, config=config,
                                          files=files)
    assert page.content == ""
    plugin.on_page_context({}, page=page, config=config, nav=None)
    assert "Het ging snel." in page.content
    plugin.on_post_page("<html></html>", page=page, config=config)
    assert page.content == ""


def test_the_guides_index_skips_the_experiences_folders_in_every_language(tmp_path):
    body = '<html lang="{}"><h1>{}</h1><div data-pagefind-body><p>keuring</p></div></html>'
    for path in ("index.html", "situaties/keuring/index.html", "en/index.html",
                 "en/situaties/keuring/index.html", "ervaringen/index.html",
                 "ervaringen/onderwerp/5/index.html", "en/ervaringen/onderwerp/5/index.html",
                 "zoeken/index.html"):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        language = "en" if path.startswith("en/") else "nl"
        html = body.format(language, path) if path != "zoeken/index.html" else "<html></html>"
        (tmp_path / path).write_text(html, encoding="utf-8")
    folders = forum_folders(tmp_path)
    assert folders == ["ervaringen", "en/ervaringen"]
    docs = guide_index.read_site(tmp_path, folders)
    assert sorted((d.language, d.url) for d in docs) == [
        ("en", "en/"), ("en", "en/situaties/keuring/"), ("nl", ""), ("nl", "situaties/keuring/")]


def test_the_tally_page_keeps_the_largest_combinations_of_the_latest_quarter(tmp_path):
    from tests.site.test_forum_plugin import TALLIES
    from werkcafe.plugins.forum import tallies
    from werkcafe.taxonomy import load_taxonomy

    instanties = list(load_taxonomy().groups["instanties"])
    cells = [{"kwartaal": quarter, "regeling": "ww", "instantie": instantie,
              "thema": "onbekend", "oordeel": "negatief", "count": 5 + i, "display": str(5 + i)}
             for quarter in ("2026-Q1", "2026-Q2") for i, instantie in enumerate(instanties * 3)]
    data = {**TALLIES, "tables": {**TALLIES["tables"], "cellen": {"rows": cells}}}
    html = tallies.page(data, load_taxonomy(), "nl", lambda t: t, ("tallies.csv",)).html
    shown = html[html.index('id="cellen-table"'):]
    shown = shown[:shown.index("</table>")]
    counts = [int(n) for n in re.findall(r"<td data-count>(\d+)</td>", shown)]
    assert len(counts) == tallies.CELLS_SHOWN < len(cells) // 2
    assert counts == sorted(counts, reverse=True) and counts[0] == 5 + len(cells) // 2 - 1
    assert "2026-Q1" not in shown  # only the latest quarter; the download has them all
    assert "Alle kwartalen en combinaties staan in de download." in html
    # the chart points at its table instead of repeating every number
    assert re.search(r"<desc[^>]*>De aantallen per kwartaal staan in de tabel", html)
