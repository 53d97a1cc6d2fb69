"""The forum plugin: its pieces on small invented data, and its events without a full build."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import get_files

from tests.site.tally_page_reader import tally_cells
from werkcafe.plugins.forum import render, tallies
from werkcafe.plugins.forum.export import ExportError, Topic, load_export
from werkcafe.taxonomy import REPO_ROOT, load_taxonomy


def topic(id_: int, created: str, **taxonomy: list[str]) -> Topic:
    groups = {g: tuple(taxonomy.get(g, ())) for g in
              ("regelingen", "situaties", "instanties", "themas", "oordelen", "doelgroepen")}
    return Topic(id=id_, title=f"Onderwerp {id_}", created_at=created, last_posted_at=created,
                 post_count=2, excerpt="Een kort verhaal.", forum_url=f"https://f.example/t/{id_}",
                 category={"id": 5, "slug": "ervaringen", "name": "Ervaringen"}, experience=True,
                 taxonomy=groups)


TOPICS = [  # newest first, as the export lists them
    topic(6, "2026-06-01T10:00:00Z", regelingen=["ww"]),
    topic(5, "2026-05-01T10:00:00Z", regelingen=["wia"], situaties=["keuring"]),
    topic(4, "2026-04-01T10:00:00Z", regelingen=["wia"]),
    topic(3, "2026-03-01T10:00:00Z", regelingen=["ziektewet"], situaties=["keuring"]),
    topic(2, "2026-02-01T10:00:00Z", regelingen=["bijstand"], situaties=["bezwaar"]),
    topic(1, "2026-01-01T10:00:00Z", regelingen=["wia"], situaties=["herbeoordeling"]),
]


def test_related_threads_share_the_guides_situation_first_then_its_regulation():
    related = render.related_topics(TOPICS, ["wia"], ["keuring"], [], limit=4)
    assert [t.id for t in related] == [5, 3, 4, 1]
    for t in related:
        assert set(t.keys("situaties")) & {"keuring"} or "wia" in t.keys("regelingen")


def test_related_threads_for_a_regulation_overview_are_its_threads_newest_first():
    assert [t.id for t in render.related_topics(TOPICS, ["wia"], [], [], 5)] == [5, 4, 1]
    assert render.related_topics(TOPICS, ["wmo"], [], [], 5) == []


def test_ask_link_opens_a_new_topic_in_the_category_with_the_tags():
    url = render.ask_url("https://forum.example/", "vragen", ["wia", "keuring"],
                         "Keuring & rapport", "nl")
    parsed = urlparse(url)
    assert parsed.netloc == "forum.example" and parsed.path == "/new-topic"
    query = parse_qs(parsed.query)
    assert query["category"] == ["vragen"] and query["tags"] == ["wia,keuring"]
    assert "Keuring & rapport" in query["body"][0]


def test_index_pages_are_paginated_newest_first():
    topics = [topic(i, f"2026-01-{1 + i % 28:02d}T00:00:00Z", regelingen=["ww"])
              for i in range(45)]
    pages = render.paginated_index("regeling", "ww", "WW", "intro", topics, 20, "nl",
                                   lambda target: target)
    assert [p.path for p in pages] == ["ervaringen/regeling/ww.md", "ervaringen/regeling/ww-2.md",
                                       "ervaringen/regeling/ww-3.md"]
    assert 'rel="next"' in pages[0].html and 'rel="prev"' not in pages[0].html
    assert 'rel="prev"' in pages[2].html and 'rel="next"' not in pages[2].html
    assert pages[2].html.count("<li>") == 5


def test_titles_and_excerpts_are_escaped():
    evil = Topic(**{**topic(9, "2026-01-01T00:00:00Z").__dict__,
                    "title": "<script>alert(1)</script>", "excerpt": "<img src=x onerror=y>"})
    html = render.topic_list([evil], "nl", lambda t: t)
    assert "<script>" not in html and "<img" not in html and "&lt;script&gt;" in html


TALLIES = {
    "schema": 1, "threshold": 5, "suppressed_display": "<5",
    "labels": {"oordeel": {"positief": {"nl": "Positief", "en": "Positive"},
                           "negatief": {"nl": "Negatief", "en": "Negative"},
                           "gemengd": {"nl": "Gemengd", "en": "Mixed"}},
               "regeling": {"ww": {"nl": "WW", "en": "WW"}}},
    "tables": {
        "totaal": {"rows": [
            {"kwartaal": "2026-Q1", "oordeel": "negatief", "count": 9, "display": "9"},
            {"kwartaal": "2026-Q1", "oordeel": "positief", "count": None, "display": "<5"},
            {"kwartaal": "2026-Q2", "oordeel": "negatief", "count": 6, "display": "6"}]},
        "regeling": {"rows": [
            {"kwartaal": "2026-Q1", "regeling": "ww", "oordeel": "negatief", "count": 9,
             "display": "9"},
            {"kwartaal": "2026-Q2", "regeling": "ww", "oordeel": "negatief", "count": 6,
             "display": "6"}]},
        "instantie": {"rows": []}, "thema": {"rows": []}, "cellen": {"rows": []},
    },
}


def test_tally_page_shows_the_numbers_of_tallies_json_and_hides_small_ones():
    spec = tallies.page(TALLIES, load_taxonomy(), "nl", lambda t: t, ("tallies.csv",))
    html = spec.html
    cells = tally_cells(html, TALLIES, "nl")
    in_q1 = {(table, key) for table, key, quarter, _ in cells if quarter == "2026-Q1"}
    assert in_q1 == {("totaal", ""), ("regeling", "ww")}  # the trend table and the WW table
    assert cells[("totaal", "", "2026-Q1", "negatief")] == "9"
    assert cells[("totaal", "", "2026-Q1", "positief")] == "<5"
    assert "<svg" in html and 'role="img"' in html and "<desc" in html
    shown = [int(n) for n in re.findall(r"<td[^>]*>(\d+)</td>", html)]
    assert shown and all(n == 0 or n >= 5 for n in shown)
    # a suppressed count is never drawn, so its size cannot be measured from the chart
    assert "&lt;5" in html and 'href="ervaringen/tallies.csv"' in html


def test_regulation_summary_links_to_the_full_page():
    html = tallies.regeling_summary(TALLIES, "ww", "en", "../../ervaringen/cijfers/")
    assert "Experiences in numbers" in html and 'href="../../ervaringen/cijfers/"' in html
    assert tallies.regeling_summary(TALLIES, "wmo", "en", "x") == ""


def test_a_broken_export_is_an_error_that_names_the_file(tmp_path):
    (tmp_path / "manifest.json").write_text('{"schema": 1}', encoding="utf-8")
    (tmp_path / "index.json").write_text('{"topics": [', encoding="utf-8")
    with pytest.raises(ExportError, match=r"index\.json:1: not valid JSON"):
        load_export(tmp_path)


def test_a_missing_export_is_empty(tmp_path):
    assert load_export(tmp_path / "nothing-here").empty


def write_export(directory: Path) -> None:
    (directory / "topics").mkdir(parents=True)
    summary = {"id": 5, "title": "Keuring viel tegen", "created_at": "2026-05-01T10:00:00Z",
               "last_posted_at": "2026-05-02T10:00:00Z", "post_count": 1, "excerpt": "Kort.",
               "forum_url": "https://forum.werkcafe.example/t/5",
               "category": {"id": 5, "slug": "ervaringen", "name": "Ervaringen"},
               "experience": True, "taxonomy": {"regelingen": ["wia"], "situaties": ["keuring"]}}
    topic_doc = {**summary, "posts": [{"number": 1, "participant": "A",
                                       "created_at": "2026-05-01T10:00:00Z",
                                       "html": "<p>Het ging snel.</p>"}]}
    (directory / "manifest.json").write_text(json.dumps({"schema": 1}), encoding="utf-8")
    (directory / "index.json").write_text(json.dumps({"schema": 1, "topics": [summary]}),
                                          encoding="utf-8")
    (directory / "topics" / "5.json").write_text(json.dumps(topic_doc), encoding="utf-8")
    (directory / "tallies.json").write_text(json.dumps(TALLIES), encoding="utf-8")
    (directory / "tallies.csv").write_text("tabel,kwartaal\n", encoding="utf-8")


def run_files_event(tmp_path: Path, export_dir: Path):
    docs = tmp_path / "docs"
    shutil.copytree(REPO_ROOT / "docs", docs)
    config = load_config(
        config_file=str(REPO_ROOT / "mkdocs.yml"), docs_dir=str(docs),
        site_dir=str(tmp_path / "site"),
        plugins=[{"werkcafe/guides": {"search": False,
                                      "taxonomy": str(REPO_ROOT / "data" / "taxonomy.yml"),
                                      "values": str(REPO_ROOT / "data" / "waarden.yml")}},
                 {"werkcafe/forum": {"export_dir": str(export_dir),
                                     "forum_config": str(REPO_ROOT / "forum.yml")}},
                 {"i18n": {"docs_structure": "suffix", "languages": [
                     {"locale": "nl", "default": True, "name": "Nederlands", "build": True},
                     {"locale": "en", "name": "English", "build": True}]}}])
    config = config.plugins.run_event("config", config)
    files = config.plugins.run_event("files", get_files(config), config=config)
    return {f.src_uri: f for f in files}, config.plugins["werkcafe/forum"]


def test_without_an_export_the_forum_pages_say_there_is_nothing_yet(tmp_path):
    files, plugin = run_files_event(tmp_path, tmp_path / "no-export")
    overview = files["ervaringen/index.md"]
    assert overview.generated_by == "werkcafe/forum"
    assert "nog geen ervaringen" in plugin.specs["ervaringen/index.md"].html
    assert not [uri for uri in files if uri.startswith("ervaringen/onderwerp/")]
    assert "docs" not in overview.abs_dest_path.split("/site/")[-1]


def test_with_an_export_every_topic_gets_a_page_and_downloads(tmp_path):
    write_export(tmp_path / "export")
    files, plugin = run_files_event(tmp_path, tmp_path / "export")
    page = files["ervaringen/onderwerp/5.md"]
    assert page.url == "ervaringen/onderwerp/5/"
    html = plugin.specs["ervaringen/onderwerp/5.md"].html
    assert "Deelnemer A" in html and "<p>Het ging snel.</p>" in html
    assert "https://forum.werkcafe.nl/t/5" in html  # forum.yml's URL and the topic id
    # tags link to the related guides
    assert 'href="../../../situaties/keuring/"' in html
    # the Markdown MkDocs reads holds no forum text at all
    assert "Keuring" not in page.content_string and "snel" not in page.content_string
    assert files["ervaringen/tallies.csv"].url == "ervaringen/tallies.csv"
    # nothing generated lands in docs/
    assert not (tmp_path / "docs" / "ervaringen").exists()
