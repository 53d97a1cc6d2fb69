"""The knelpunten report, its feed, "herkenbaar" and the open-data page, without a browser.

On the hand-made wave-2 export (tests/site/knelpunten_fixture.py) and on the demo export.
The recovery test plays a reader who combines the report with tallies.csv and tallies.json.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.site import knelpunten_fixture, tally_attack
from werkcafe.plugins.forum import feed, herkenbaar, opendata, report, report_pages
from werkcafe.plugins.forum.export import Export, load_export
from werkcafe.plugins.forum.pages import ForumSite
from werkcafe.taxonomy import load_taxonomy

GENERATED = dt.date(2026, 11, 30)
SITE = "https://werkcafe.example/"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def fixture_export(tmp_path_factory: pytest.TempPathFactory) -> Export:
    return load_export(knelpunten_fixture.write(tmp_path_factory.mktemp("wave2") / "export"))


def link_for(page: str):
    return lambda target: target  # site paths as they are: easy to read in assertions


def context(export: Export, language: str = "nl") -> report_pages.ReportContext:
    site = ForumSite(export, load_taxonomy(), "https://forum.werkcafe.nl", 20, {}, SITE)
    return site.report_context(language)


def pages_by_path(export: Export, language: str = "nl") -> dict[str, str]:
    return {spec.path: spec.html
            for spec in report_pages.pages(export.topics, context(export, language), link_for)}


# --- the report's content ------------------------------------------------------------------

def test_the_latest_report_is_the_last_complete_quarter(fixture_export):
    ctx = context(fixture_export)
    assert ctx.latest == "2026-Q3"  # 2026-Q4 is still running on 30 November
    pages = pages_by_path(fixture_export)
    assert set(pages) == {report_pages.INDEX} | {f"ervaringen/knelpunten/{q}.md" for q in
                                                 ("2025-k3", "2025-k4", "2026-k1", "2026-k2",
                                                  "2026-k3", "2026-k4")}
    assert "loopt nog" in pages["ervaringen/knelpunten/2026-k4.md"]
    assert "loopt nog" not in pages["ervaringen/knelpunten/2026-k3.md"]


def test_lines_are_the_most_negative_combinations_with_changes_only_between_published_counts(
        fixture_export):
    rep = report.build(fixture_export.tallies, fixture_export.topics, "2026-Q3", GENERATED)
    summary = [(tuple(line.keys.values()), line.count, line.previous.change,
                line.year_ago.change) for line in rep.lines]
    # forum_sync's suppression hides both 2026-Q2 cells as "≥5" (5 and 7 threads): a change
    # against them would tell a hidden count, so only the year-ago change of line 1 is shown.
    hidden_before = {tuple(r[d] for d in ("regeling", "instantie", "thema")): r["display"]
                     for r in fixture_export.tallies["tables"]["cellen"]["rows"]
                     if r["kwartaal"] == "2026-Q2" and r["oordeel"] == "negatief"}
    assert hidden_before == {("ww", "uwv", "bereikbaarheid"): "≥5",
                             ("wia", "uwv", "wachttijd"): "≥5"}
    assert summary == [
        (("ww", "uwv", "bereikbaarheid"), 8, None, 2),  # "≥5" in 2026-Q2, 6 in 2025-Q3
        (("bijstand", "gemeente", "bejegening"), 5, None, None),  # 3 ("<5") in 2026-Q2
        (("wia", "uwv", "wachttijd"), 5, None, None),  # "≥5" before; 2025-Q3 had none
    ]
    html = pages_by_path(fixture_export)["ervaringen/knelpunten/2026-k3.md"]
    row = re.search(r'<tr data-line="2".*?</tr>', html).group(0)
    assert row.count("te weinig ervaringen om te vergelijken") == 2
    assert 'data-change="2"' in html and "+2" in html
    first = re.search(r'<tr data-line="1".*?</tr>', html).group(0)
    assert first.count("data-change=") == 1  # the year-ago one; never against a hidden count


def test_equal_counts_rank_by_recognition_and_the_method_says_so(fixture_export):
    rep = report.build(fixture_export.tallies, fixture_export.topics, "2026-Q3", GENERATED)
    tied = [line for line in rep.lines if line.count == 5]
    assert [line.keys["regeling"] for line in tied] == ["bijstand", "wia"]
    assert tied[0].recognised > tied[1].recognised
    html = pages_by_path(fixture_export)["ervaringen/knelpunten/2026-k3.md"]
    method = html[html.index('data-section="methode"'):]
    for said in ("Eén gesprek is één ervaring", "categorie Ervaringen", "“&lt;5”", "≥5",
                 "niet representatief", "zelf", "herkend"):
        assert said in method, said


def test_each_line_links_exactly_the_threads_behind_it(fixture_export):
    rep = report.build(fixture_export.tallies, fixture_export.topics, "2026-Q3", GENERATED)
    for line in rep.lines:
        assert len(line.topics) == line.count
        for topic in line.topics:
            assert topic.experience and report.classify(topic, "oordeel") == "negatief"
            assert report.quarter_of(topic.created_at) == "2026-Q3"
            assert all(report.classify(topic, d) == line.keys[d] for d in report.COMBINATION)
    linked = {t.id for line in rep.lines for t in line.topics}
    assert 1900 not in linked and 1901 not in linked  # a question, and two oordeel tags


def test_themes_rise_and_fall_only_when_both_quarters_are_published(fixture_export):
    rep = report.build(fixture_export.tallies, fixture_export.topics, "2026-Q3", GENERATED)
    assert [(c.thema, c.previous.change) for c in rep.rose] == [("bereikbaarheid", 3)]
    assert [(c.thema, c.previous.change) for c in rep.fell] == [("wachttijd", -2)]
    assert rep.not_comparable == ("bejegening",)


def test_municipalities_are_shown_where_the_counts_allow(fixture_export):
    rep = report.build(fixture_export.tallies, fixture_export.topics, "2026-Q3", GENERATED)
    assert [(m.gemeente, m.negative) for m in rep.municipalities] == [("GM0344", 5)]
    assert len(rep.municipalities[0].topics) == 5
    assert rep.municipalities_hidden == ("GM0363", "GM0599")
    html = pages_by_path(fixture_export)["ervaringen/knelpunten/2026-k3.md"]
    section = html[html.index('data-section="gemeenten"'):html.index('data-section="methode"')]
    assert "Utrecht" in section and 'data-gemeente="GM0363"' not in section
    assert "Te weinig ervaringen om aantallen te tonen voor: Amsterdam, Rotterdam." in section


def test_an_old_export_without_wave2_fields_still_makes_a_report(fixture_export, tmp_path):
    directory = knelpunten_fixture.write(tmp_path / "old")
    data = json.loads((directory / "tallies.json").read_text())
    del data["tables"]["gemeente"], data["tables"]["gemeente_regeling"], data["labels"]["gemeente"]
    (directory / "tallies.json").write_text(json.dumps(data))
    for path in [directory / "index.json", *sorted((directory / "topics").glob("*.json"))]:
        text = json.loads(path.read_text())
        for topic in text.get("topics", [text]):
            topic.pop("herkenbaar", None)
            topic["taxonomy"].pop("gemeenten", None)
        path.write_text(json.dumps(text))
    export = load_export(directory)
    assert all(t.herkenbaar == 0 for t in export.topics)
    rep = report.build(export.tallies, export.topics, "2026-Q3", GENERATED)
    assert rep.municipalities == () and rep.recognised == () and len(rep.lines) == 3
    assert "niet genoeg ervaringen per gemeente" in pages_by_path(export)[
        "ervaringen/knelpunten/2026-k3.md"]


def test_report_text_from_the_export_is_escaped(fixture_export):
    html = pages_by_path(fixture_export)["ervaringen/knelpunten/2026-k3.md"]
    assert "<b>bij</b>" not in html and "&lt;b&gt;bij&lt;/b&gt;" in html
    assert " style=" not in html  # CSP: style-src 'self' (presentation attributes only)
    assert "<script" not in html


def test_a_hostile_label_in_tallies_json_is_text_in_chart_and_table(fixture_export, tmp_path):
    directory = knelpunten_fixture.write(tmp_path / "hostile")
    data = json.loads((directory / "tallies.json").read_text())
    data["labels"]["thema"]["bereikbaarheid"]["nl"] = '<img src=x onerror=alert(1)>"&'
    (directory / "tallies.json").write_text(json.dumps(data))
    html = pages_by_path(load_export(directory))["ervaringen/knelpunten/2026-k3.md"]
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;&#34;&amp;" in html


# --- no suppressed value can be recovered --------------------------------------------------

def knowledge_of(export: Export) -> tally_attack.Knowledge:
    with (export.directory / "tallies.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return tally_attack.from_tallies(export.tallies, rows, most=len(export.topics))


def test_no_suppressed_value_can_be_recovered_from_report_csv_and_json(fixture_export):
    alone = knowledge_of(fixture_export)
    bounds_alone = tally_attack.propagate(alone)
    assert tally_attack.leaks(alone, bounds_alone) == []
    combined = knowledge_of(fixture_export)
    claims = 0
    for quarter in report.quarters(fixture_export.tallies):
        html = pages_by_path(fixture_export)[report_pages.path(quarter)]
        claims += tally_attack.report_claims(html, quarter, combined)
    assert claims >= 15  # the reader did read the report's numbers
    bounds = tally_attack.propagate(combined)
    assert tally_attack.leaks(combined, bounds) == []
    # Stronger: the report teaches this reader nothing the tallies did not say.
    assert {k: bounds[k] for k in bounds_alone} == bounds_alone


def test_the_reader_would_find_a_leak_if_the_report_had_one(fixture_export):
    """The control: a report line that showed a hidden municipality's links, or a change
    against a "<5" cell, pins a hidden value."""
    leaky = knowledge_of(fixture_export)
    # Amsterdam's 2 negative threads of 2026-Q3 listed under a line: count pinned.
    html = ('<section><ul class="wc-report-lines"><li data-gemeente="GM0363"><a href="a">'
            '</a><a href="b"></a></li></ul></section>')
    tally_attack.report_claims(html, "2026-Q3", leaky)
    assert ("gemeente", "2026-Q3", "GM0363", "negatief") in tally_attack.leaks(
        leaky, tally_attack.propagate(leaky))
    # "+2 against 2026-Q2" for bijstand·gemeente·bejegening (5 now, "<5" then): pins the 3.
    leaky = knowledge_of(fixture_export)
    html = ('<tr data-line="1" data-kwartaal="2026-Q3" data-regeling="bijstand" '
            'data-instantie="gemeente" data-thema="bejegening"><td data-count>5</td>'
            '<td><span data-change="2">+2</span></td></tr>')
    tally_attack.report_claims(html, "2026-Q3", leaky)
    assert ("cellen", "2026-Q2", "bijstand", "gemeente", "bejegening", "negatief") in \
        tally_attack.leaks(leaky, tally_attack.propagate(leaky))


# --- the demo export (as `make site` builds it) --------------------------------------------

def test_report_on_the_demo_export(built_site):
    """The report's lines are exactly the published negative full cells: on the demo export
    forum_sync currently hides every one of them as "≥5" (complementary suppression), so the report
    must show none of those, and still its method."""
    export = load_export(built_site.export)
    ctx = context(export)
    assert ctx.latest is not None
    published: dict[str, set[tuple[str, ...]]] = {}
    withheld = 0
    for row in export.tallies["tables"]["cellen"]["rows"]:
        if row["oordeel"] != "negatief":
            continue
        if row["count"] is None:
            withheld += 1
        elif row["count"] >= export.tallies["threshold"]:
            published.setdefault(row["kwartaal"], set()).add(
                (row["regeling"], row["instantie"], row["thema"]))
    assert withheld + sum(map(len, published.values())) >= 1  # the demo has full cells
    for quarter in ctx.quarters:
        rep = report.build(export.tallies, export.topics, quarter, ctx.generated)
        assert {tuple(line.keys.values()) for line in rep.lines} == published.get(quarter,
                                                                               set())
        for line in rep.lines:
            assert len(line.topics) == line.count >= rep.threshold
        html = (built_site.path / "ervaringen" / "knelpunten" / report.slug(quarter) /
                "index.html").read_text(encoding="utf-8")
        assert html.count('<tr data-line="') == len(rep.lines)
        assert 'data-section="methode"' in html
    latest = (built_site.path / "ervaringen" / "knelpunten" / "index.html").read_text()
    assert f"knelpunten/{report.slug(ctx.latest)}/" in latest


# --- the Atom feed -------------------------------------------------------------------------

@pytest.mark.parametrize("language", ["nl", "en"])
def test_feed_is_atom_with_one_entry_per_complete_quarter(fixture_export, language):
    root = ET.fromstring(feed.feed(fixture_export.topics, context(fixture_export, language)))
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{required}") is not None, required
    entries = root.findall(f"{ATOM}entry")
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    prefix = "" if language == "nl" else "en/"
    assert ids == [f"{SITE}{prefix}ervaringen/knelpunten/{s}/" for s in
                   ("2026-k3", "2026-k2", "2026-k1", "2025-k4", "2025-k3")]
    for entry in entries:
        for required in ("id", "title", "updated", "summary"):
            assert entry.findtext(f"{ATOM}{required}"), required
        dt.datetime.fromisoformat(entry.findtext(f"{ATOM}updated").replace("Z", "+00:00"))
        assert entry.find(f"{ATOM}link[@rel='alternate']").get("href") == \
            entry.findtext(f"{ATOM}id")
    assert root.findtext(f"{ATOM}updated") == "2026-10-01T00:00:00Z"


def test_feed_links_resolve_in_the_built_site(built_site):
    for language, prefix in (("nl", ""), ("en", "en/")):
        path = built_site.path / prefix / "ervaringen" / "knelpunten" / "feed.xml"
        root = ET.fromstring(path.read_text(encoding="utf-8"))
        links = [link.get("href") for link in root.iter(f"{ATOM}link")]
        assert len(links) >= 3, language
        for href in links:
            assert href.startswith(SITE), href
            target = built_site.path / href.removeprefix(SITE)
            assert (target / "index.html").is_file() or target.is_file(), href
        report_page = (built_site.path / prefix / "ervaringen" / "knelpunten" /
                       "index.html").read_text(encoding="utf-8")
        assert 'href="feed.xml" type="application/atom+xml"' in report_page


# --- herkenbaar and open data ---------------------------------------------------------------

def test_herkenbaar_sentence_and_link_to_the_forum():
    assert herkenbaar.recognised_text(0, "nl") == ""
    assert herkenbaar.recognised_text(1, "nl") == "1 persoon herkent dit"
    assert herkenbaar.recognised_text(12, "nl") == "12 mensen herkennen dit"
    assert herkenbaar.recognised_text(12, "en") == "12 people recognise this"
    block = herkenbaar.topic_block(3, "https://forum.werkcafe.nl/", 77, "nl")
    assert 'href="https://forum.werkcafe.nl/t/77"' in block and "3 mensen herkennen dit" in block


def test_herkenbaar_on_topic_pages_and_listings(fixture_export):
    from werkcafe.plugins.forum import render

    topic = next(t for t in fixture_export.topics if t.id == 1036)
    assert topic.herkenbaar == 10
    page = render.topic_page(topic, load_taxonomy(), "en", lambda p: p, {},
                             "https://forum.werkcafe.nl")
    assert "10 people recognise this" in page.html and "/t/1036" in page.html
    listing = render.topic_list([topic], "nl", lambda p: p)
    assert "10 mensen herkennen dit" in listing
    malformed = next(t for t in fixture_export.topics if t.id == 1901)
    assert malformed.herkenbaar == 0  # "veel" in the export: read as zero


def test_open_data_page_lists_the_files_with_their_sizes(fixture_export):
    spec = opendata.page(fixture_export.files, SITE, "nl", lambda p: p)
    for name in ("tallies.csv", "tallies.json", "datapackage.json"):
        size = (fixture_export.directory / name).stat().st_size
        assert f'data-file="{name}"' in spec.html and f'data-bytes="{size}"' in spec.html
    assert "import pandas as pd" in spec.html and "read.csv(" in spec.html
    assert "https://werkcafe.example/ervaringen/tallies.csv" in spec.html
    python = re.search(r'class="language-python">(.*?)</code>', spec.html, re.S).group(1)
    compile(python.replace("&#34;", '"').replace("&lt;", "<").replace("&gt;", ">")
            .replace("&amp;", "&"), "example", "exec")


def test_open_data_page_and_files_in_the_built_site(built_site):
    page = (built_site.path / "ervaringen" / "open-data" / "index.html").read_text()
    for name in ("tallies.csv", "tallies.json"):
        assert (built_site.path / "ervaringen" / name).is_file()
        assert f'href="../{name}"' in page
    english = (built_site.path / "en" / "ervaringen" / "open-data" / "index.html").read_text()
    assert "Reading in Python (pandas)" in english and 'href="../../../ervaringen/tallies.csv"' \
        in english


def test_sizes_are_read_from_the_files(tmp_path: Path):
    file = tmp_path / "tallies.csv"
    file.write_bytes(b"x" * 2048)
    assert opendata.size_text(2048, "nl") == "2,0 kB (2048 bytes)"
    spec = opendata.page({"tallies.csv": file}, SITE, "en", lambda p: p)
    assert 'data-bytes="2048"' in spec.html


# --- a generated 2,000-topic forum ---------------------------------------------------------

def generated_export(tmp_path: Path) -> Export:
    """The generated forum of the benchmarks, its public topics as an export (without the
    anonymizer, which this test does not need: titles are invented), tallied by forum_sync's
    own tally code."""
    from forum_sync import tally
    from forum_sync.config import DEFAULT_TAG_GROUPS
    from forum_sync.testing.demo_build import OPT_OUT_TAG
    from forum_sync.testing.generate import generate_forum
    from werkcafe.plugins.forum.export import Topic

    forum = generate_forum(topics=2000, posts=2000, seed=1)
    taxonomy = load_taxonomy()
    topics, tally_topics = [], []
    for raw in forum.topics.values():
        if (raw.archetype != "regular" or not raw.visible or raw.deleted_at is not None
                or raw.category_id not in (4, 5, 6) or OPT_OUT_TAG in raw.tags):
            continue
        keys = taxonomy.classify_tags(raw.tags)
        created = raw.created_at.strftime("%Y-%m-%dT%H:%M:%SZ")
        topics.append(Topic(raw.id, raw.title, created, created, 1, "", "", {},
                            raw.category_id == 5, {g: tuple(v) for g, v in keys.items()},
                            herkenbaar=raw.like_count))
        if raw.category_id == 5:
            tally_topics.append(tally.TallyTopic(created,
                                                 tally.classify(keys, DEFAULT_TAG_GROUPS)))
    labels = {d: {k: {"nl": term.nl, "en": term.en} for k, term in taxonomy.groups[g].items()}
              for d, g in DEFAULT_TAG_GROUPS.items()}
    computed = tally.compute(tally_topics, 5, {d: list(v) for d, v in labels.items()})
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "tallies.csv").write_text(tally.to_csv(computed), encoding="utf-8")
    topics.sort(key=lambda t: (t.created_at, t.id), reverse=True)
    return Export({"generated_at": "2026-11-30T04:00:00Z"}, tuple(topics),
                  tally.to_json(computed, labels, "2026-11-30T04:00:00Z"), tmp_path)


def test_report_on_a_generated_2000_topic_forum(tmp_path):
    export = generated_export(tmp_path)
    assert len(export.topics) > 1500
    ctx = context(export)
    assert len(ctx.quarters) >= 6
    pages = pages_by_path(export)
    recognised = 0
    for quarter in ctx.quarters:
        rep = report.build(export.tallies, export.topics, quarter, GENERATED)
        html = pages[report_pages.path(quarter)]
        for line in rep.lines:
            assert len(line.topics) == line.count >= rep.threshold
        assert [line.count for line in rep.lines] == sorted(
            (line.count for line in rep.lines), reverse=True)
        # Random tags rarely agree on a judgement: most quarters have no line to show, and
        # the page says so instead of showing small numbers.
        if not rep.lines:
            assert "Geen combinatie had dit kwartaal 5 of meer negatieve ervaringen" in html
        recognised += len(rep.recognised)
        assert [report.herkenbaar(t) for t in rep.recognised] == sorted(
            (report.herkenbaar(t) for t in rep.recognised), reverse=True)
        assert 'data-section="methode"' in html
    assert recognised >= len(ctx.quarters)
    # And the reader learns nothing from the report that the tallies did not say.
    alone = knowledge_of(export)
    bounds_alone = tally_attack.propagate(alone)
    combined = knowledge_of(export)
    for quarter in ctx.quarters:
        tally_attack.report_claims(pages[report_pages.path(quarter)], quarter, combined)
    bounds = tally_attack.propagate(combined)
    assert {k: bounds[k] for k in bounds_alone} == bounds_alone
    assert tally_attack.leaks(combined, bounds) == []
