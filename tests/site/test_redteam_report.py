"""Red team: the knelpunten feed, report and open-data files with hostile export data.

The export is a file on disk, not a promise: labels in tallies.json are read as the site
finds them. Here every label carries XML and CDATA breaks, entity and DOCTYPE tricks, and
control characters that XML 1.0 forbids (a single one makes a feed reader reject the whole
feed, or a lax one drop everything after it).
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest

from tests.site import knelpunten_fixture
from tests.site.test_knelpunten import ATOM, context, pages_by_path
from werkcafe.plugins.forum import feed
from werkcafe.plugins.forum.export import load_export

# XML 1.0 allows only tab, LF, CR and U+0020.. (minus surrogates, U+FFFE, U+FFFF).
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
HOSTILE_LABELS = (
    "]]><script>alert(1)</script><![CDATA[",
    '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>&e;',
    "nul\x00 bell\x07 vt\x0b ff\x0c esc\x1b[31m del\x7f",
    "niet-teken\ufffe\uffff einde",
    "regel\r\neen\rtwee\u2028drie\u0085vier",
    "&amp; &#0; &#x1; &lt;b&gt;",
)


def hostile_export(tmp_path, label: str):
    directory = knelpunten_fixture.write(tmp_path / "export")
    data = json.loads((directory / "tallies.json").read_text("utf-8"))
    for dimension, keys in data["labels"].items():
        for key in keys:
            data["labels"][dimension][key] = {"nl": f"{label} {key}", "en": f"{label} {key}"}
    (directory / "tallies.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return load_export(directory)


@pytest.mark.parametrize("label", HOSTILE_LABELS)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_feed_stays_well_formed_xml_with_hostile_labels(tmp_path, label, language):
    export = hostile_export(tmp_path, label)
    text = feed.feed(export.topics, context(export, language))
    assert not XML_INVALID.search(text), repr(XML_INVALID.search(text))
    root = ET.fromstring(text)  # expat: not well-formed raises
    summaries = [e.findtext(f"{ATOM}summary") for e in root.iter(f"{ATOM}entry")]
    assert summaries
    # The label arrives as text (the visible part of it), never as markup or an entity.
    assert root.find(f".//{ATOM}script") is None and "<!DOCTYPE" not in text
    assert "<script>" not in text and "]]><" not in text.replace("]]&gt;", "")
    assert any("alert" in s or "regel" in s or "nul" in s or "ENTITY" in s
               or "niet-teken" in s or "&" in s for s in summaries)
    text.encode("utf-8")  # written to disk as UTF-8: a lone surrogate would stop the build


@pytest.mark.parametrize("label", HOSTILE_LABELS)
def test_report_pages_show_hostile_labels_as_text_only(tmp_path, label):
    export = hostile_export(tmp_path, label)
    for path, html in pages_by_path(export).items():
        assert "<script" not in html and "<!DOCTYPE" not in html and "<![CDATA[" not in html, path
        assert not re.search("[\x00\x0b\x0c\x1b\x7f\ufffe\uffff]", html), path


def test_safe_text_drops_what_xml_cannot_hold_and_keeps_the_rest():
    from werkcafe.plugins.forum import safe

    assert safe.clean("a\x00b\x0bc\x1bd\x7fe\ud800f\ufffeg\uffffh") == "abcdefgh"
    assert safe.clean("tab\tlf\ncr\r é € 😀 \u2028") == "tab\tlf\ncr\r é € 😀 \u2028"
    assert safe.text("<b>\x00</b>") == "&lt;b&gt;&lt;/b&gt;"
    assert safe.title("x\x00\ud800y") == "x y"  # NUL folds to a space, the surrogate goes


# Escaping by construction has a trap: `"<p>" + safe.text(x)` is `str + Markup`, which
# escapes the str, so the site's own <p> showed as text on the tally page and /lokaal/<slug>/.
OWN_MARKUP_ESCAPED = re.compile(r"&lt;/?(p|h[1-6]|section|div|ul|li|a|span|table|tr|td|th|"
                                r"figure|strong)(&gt;|\s)")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_tally_page_shows_its_own_markup_as_markup(tmp_path, language):
    from werkcafe.plugins.forum import tallies
    from werkcafe.taxonomy import load_taxonomy

    export = load_export(knelpunten_fixture.write(tmp_path / "export"))
    html = tallies.page(export.tallies, load_taxonomy(), language, lambda t: t,
                        ("tallies.csv",)).html
    assert "<p>" in html and not OWN_MARKUP_ESCAPED.search(html), \
        OWN_MARKUP_ESCAPED.search(html)


def test_a_local_page_shows_its_own_markup_as_markup():
    from tests.site.test_lokaal_pages import UTRECHT, pages, site, topic

    tallies = {"tables": {"gemeente": {"rows": [
        {"kwartaal": "2026-Q1", "gemeente": UTRECHT, "oordeel": "negatief", "count": 7,
         "display": "7"}]}}}
    html = pages(site(topics=[topic(1, [UTRECHT])], tallies=tallies))["lokaal/utrecht.md"].html
    assert 'data-table="gemeente"' in html  # the numbers are there
    assert not OWN_MARKUP_ESCAPED.search(html), OWN_MARKUP_ESCAPED.search(html)


def test_bidi_controls_in_forum_text_cannot_turn_the_sites_own_text_around():
    """An unclosed RIGHT-TO-LEFT OVERRIDE in a title reversed the listing's own text after
    it ("· 3 berichten") up to the end of the line; isolates and embeddings likewise."""
    from werkcafe.plugins.forum import render, safe
    from werkcafe.plugins.forum.export import Topic

    controls = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    assert safe.title(f"{controls}RTL titel") == "RTL titel"
    assert safe.text("uitleg\u202e") == "uitleg"
    # right-to-left letters and the plain marks stay
    assert safe.text("\u05e9\u05dc\u05d5\u05dd \u0633\u0644\u0627\u0645 \u200f\u200e") == (
        "\u05e9\u05dc\u05d5\u05dd \u0633\u0644\u0627\u0645 \u200f\u200e")
    topic = Topic(id=7, title="\u202eomgedraaid", created_at="2026-02-01T10:00:00Z",
                  last_posted_at="2026-02-01T10:00:00Z", post_count=3, excerpt="\u202ekort",
                  forum_url="x", category={}, experience=True, taxonomy={})
    html = render.topic_list([topic], "nl", lambda target: target)
    assert "omgedraaid" in html and not re.search(f"[{controls}]", html)


@pytest.mark.parametrize("extra", [{"id": 5}, {"id": "5"}, {"id": "vijf"}, {"id": None}, {}])
def test_an_export_that_lists_a_topic_twice_or_without_an_id_stops_the_build(tmp_path, extra):
    """index.json listing topic 5 twice showed the thread twice in every list (the site
    reads each topic from its own file); now the build stops, and the last site stays."""
    from tests.site.test_forum_plugin import write_export
    from werkcafe.plugins.forum.export import ExportError

    write_export(tmp_path / "export")
    index_path = tmp_path / "export" / "index.json"
    index = json.loads(index_path.read_text("utf-8"))
    assert len(load_export(tmp_path / "export").topics) == 1  # the export itself is fine
    index["topics"].append({**index["topics"][0], **extra} if extra else {"title": "x"})
    index_path.write_text(json.dumps(index), "utf-8")
    with pytest.raises(ExportError, match=r"index\.json"):
        load_export(tmp_path / "export")


@pytest.mark.parametrize(("value", "read"), [
    (10**400, 0), (2**53, 0), (2**53 - 1, 2**53 - 1), (-3, 0), (True, 0), (2.5, 0), ("7", 0),
    (None, 0), (7, 7)], ids=["10**400", "2**53", "2**53-1", "-3", "true", "2.5", "'7'", "null",
                             "7"])
def test_herkenbaar_from_the_export_is_a_bounded_count(tmp_path, value, read):
    from tests.site.test_forum_plugin import write_export

    write_export(tmp_path / "export")
    path = tmp_path / "export" / "topics" / "5.json"
    topic = json.loads(path.read_text("utf-8"))
    topic["herkenbaar"] = value
    path.write_text(json.dumps(topic), "utf-8")
    assert load_export(tmp_path / "export").topics[0].herkenbaar == read
