"""Red team on the newer surfaces, on the injection corpus's site (test_injection.py).

The injection forum also carries municipality tags that try to place a thread where it does
not belong (traversal, case, lookalikes, zero-width and full-width characters, percent
encoding, a 3,000-character tag, two tags) and tags that are spreadsheet formulas. Checked:
which threads the export places, which /lokaal/ pages and files the build writes, that
tallies.csv holds only the vocabulary (a cliëntenraad member opens it in Excel), that the feed
is XML, and in Chromium: the local pages, the guide filter with a hostile localStorage, and
the search page with a hostile ?q=. Escaping alone must hold (the CSP is bypassed); no
dialog, no unexpected element, no request to another host.
"""

from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest

from forum_sync.tally import ALL, TABLES, UNKNOWN
from forum_sync.testing import injection
from tests.site.test_injection import DOM_PROBLEMS, HOVER_EVERYTHING, injection_site, visit
from werkcafe.gemeenten import load_gemeenten
from werkcafe.pagecost import serve
from werkcafe.taxonomy import load_taxonomy

__all__ = ["injection_site"]  # the session fixture, shared with test_injection.py

FIRST_ID = 900  # injection.build_forum: topic 900 + index carries payload `index`
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")  # dropped by safe.clean


def same_text(shown: str, exported: str) -> bool:
    return BIDI.sub("", shown) == BIDI.sub("", exported)


def expected_places() -> dict[int, str | None]:
    return {FIRST_ID + i: injection.GEMEENTE_PLACED[i % len(injection.GEMEENTE_TAGS)]
            for i in range(len(injection.TEXT_PAYLOADS))}


def test_the_corpus_tries_every_municipality_trick():
    tags = [t for group in injection.GEMEENTE_TAGS for t in group]
    for needle in ("../", "Gemeente-", "\u0435", "\uff55", "\u200b", "%2e", "a" * 3000, "<img"):
        assert any(needle in t for t in tags), needle
    assert any(len(set(group)) == 2 for group in injection.GEMEENTE_TAGS)
    assert len(injection.GEMEENTE_PLACED) == len(injection.GEMEENTE_TAGS)
    assert {t[0] for t in injection.TAG_PAYLOADS if t} >= set("=+-@\t\r")


def test_a_thread_is_placed_only_by_one_exact_municipality_tag(injection_site):
    placed = {t["id"]: t["taxonomy"].get("gemeenten") for t in injection_site.topics}
    expected = expected_places()
    assert placed == {i: [code] if code else [] for i, code in expected.items()}
    assert {c for c in expected.values() if c} == {"GM0344", "GM0363"}


def test_local_pages_exist_only_for_real_municipalities(injection_site):
    site = injection_site.path
    for prefix in ("", "en/"):
        folders = {p.name for p in (site / prefix / "lokaal").iterdir() if p.is_dir()}
        assert folders == {"utrecht", "amsterdam"}, prefix
    # nothing was written outside its folder, whatever the tags said
    assert not [p for p in site.rglob("*") if p.name == "x" or "%" in p.name
                or "\u200b" in p.name or len(p.name) > 120]
    assert not (site.parent / "x").exists()


@pytest.mark.parametrize(("slug", "code"), [("utrecht", "GM0344"), ("amsterdam", "GM0363")])
def test_the_guide_filters_json_holds_exactly_the_placed_threads_as_plain_data(
        injection_site, slug, code):
    data = json.loads((injection_site.path / "lokaal" / slug / "ervaringen.json")
                      .read_text("utf-8"))
    assert data["gemeente"] == code
    titles = {t["id"]: t["title"] for t in injection_site.topics}
    assert {t["id"] for t in data["topics"]} == {
        i for i, c in expected_places().items() if c == code}
    for topic in data["topics"]:
        assert same_text(topic["titel"], titles[topic["id"]])  # as exported, not escaped
        assert set(topic) == {"id", "titel", "datum", "regelingen", "situaties"}
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", topic["datum"])


def test_the_guide_filters_json_holds_no_markup_characters(injection_site):
    files = sorted((injection_site.path / "lokaal").glob("*/ervaringen.json"))
    assert files
    raw = [(f.parent.name, c) for f in files for c in "<>&" if c in f.read_text("utf-8")]
    assert raw == []


def test_the_guide_filters_json_holds_no_bidi_controls(injection_site):
    assert any(BIDI.search(t["title"]) for t in injection_site.topics
               if t["taxonomy"].get("gemeenten") == ["GM0344"])  # the payload is placed
    files = sorted((injection_site.path / "lokaal").glob("*/ervaringen.json"))
    assert files and not [f for f in files if BIDI.search(f.read_text("utf-8"))]


FORMULA_START = tuple("=+-@\t\r")


def test_tallies_csv_holds_only_the_vocabulary(injection_site):
    """Every column: a table name, a quarter, a taxonomy key or CBS code (or alle/onbekend),
    a count or "<5"/"≥5". No forum text reaches it, so no cell can start a formula."""
    taxonomy = load_taxonomy()
    codes = {g.code for g in load_gemeenten()}
    keys = {key for group in taxonomy.groups.values() for key in group}
    exported = (injection_site.export / "tallies.csv").read_bytes()
    published = (injection_site.path / "ervaringen" / "tallies.csv").read_bytes()
    assert published == exported
    rows = list(csv.reader(exported.decode("utf-8").splitlines()))
    header, body = rows[0], rows[1:]
    assert header == ["tabel", "kwartaal", "regeling", "instantie", "thema", "oordeel",
                      "gemeente", "aantal"]
    assert len(body) > 50
    for row in body:
        tabel, kwartaal, *values, aantal = row
        assert tabel in TABLES
        assert re.fullmatch(r"20\d\d-Q[1-4]", kwartaal)
        assert all(v in keys | codes | {ALL, UNKNOWN} for v in values), row
        assert re.fullmatch(r"\d+|<5|≥5", aantal), row
        assert not [c for c in row if c.startswith(FORMULA_START)], row
    # the formula tags did reach the forum's topics (else this proves nothing)
    raw = "".join(p.read_text("utf-8") for p in
                  (injection_site.path.parent / "forum" / "t").glob("*.json"))
    assert '=HYPERLINK(' in raw and "@SUM(1+1)" in raw


def test_tallies_json_and_datapackage_are_json_with_vocabulary_keys(injection_site):
    for name in ("tallies.json", "datapackage.json"):
        exported = (injection_site.export / name).read_bytes()
        assert (injection_site.path / "ervaringen" / name).read_bytes() == exported
        json.loads(exported)
    tallies = json.loads((injection_site.export / "tallies.json").read_text("utf-8"))
    for dimension, labels in tallies["labels"].items():
        for key in labels:
            assert re.fullmatch(r"[a-z0-9-]+|GM\d{4}", key), (dimension, key)


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_the_feed_of_the_injection_site_is_xml(injection_site, prefix):
    path = injection_site.path / prefix / "ervaringen" / "knelpunten" / "feed.xml"
    root = ET.fromstring(path.read_bytes())
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"


# ----------------------------------------------------------------------- in Chromium
def local_pages(site) -> list[str]:
    return [f"/{prefix}lokaal/{slug}" for prefix in ("", "en/")
            for slug in ("", "utrecht/", "amsterdam/")]


class Watch:
    """Dialogs and requests of one browser context; every request must stay on the site."""

    def __init__(self, context, base: str) -> None:
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.host = urlsplit(base).netloc
        context.on("request", lambda r: self.requests.append(r.url))
        context.on("page", self.page)

    def page(self, page) -> None:
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def elsewhere(self) -> list[str]:
        return [u for u in self.requests
                if not u.startswith(("data:", "blob:")) and urlsplit(u).netloc != self.host]


@pytest.mark.browser
def test_local_pages_open_no_dialog_when_hovered_and_clicked(injection_site, browser):
    context = browser.new_context(bypass_csp=True)
    failures: list[str] = []
    with serve(injection_site.path) as base:
        watch = Watch(context, base)
        page = context.new_page()
        page.set_default_timeout(5_000)
        # links are clicked but not followed (as in test_injection.py): only the page.goto
        # of each page navigates, anything else gets "no content"
        loaded: set[str] = set()

        def route(route_) -> None:
            request = route_.request
            if not request.is_navigation_request():
                route_.continue_()
            elif request.url in loaded:
                loaded.discard(request.url)
                route_.continue_()
            else:
                route_.fulfill(status=204)

        page.route("**/*", route)
        clicked = 0
        for path in local_pages(injection_site.path):
            loaded.add(base + path)
            clicked += visit(page, base + path, failures)
    context.close()
    assert clicked > 300
    assert failures == [] and watch.dialogs == [] and watch.elsewhere() == []


# What another script, an old version or a curious reader could leave in localStorage.
HOSTILE_CHOICES = (
    '{"slug": "utrecht", "naam": "<img src=x onerror=alert(701)>"}',
    '{"slug": "../../evil", "naam": "<svg onload=alert(702)>"}',
    '{"slug": "utrecht/../../lokaal/amsterdam", "naam": "x"}',
    '{"slug": "//evil.example/x", "naam": "x"}',
    '{"slug": "https://evil.example", "naam": "x"}',
    '{"slug": "utrecht?x=1#", "naam": "x"}',
    '{"slug": "bestaat-niet", "naam": "Nergens"}',
    '{"slug": ["utrecht"], "naam": "x"}',
    '{"slug": "utrecht", "naam": {"toString": "alert(703)"}}',
    '{"__proto__": {"slug": "utrecht", "naam": "proto"}}',
    '"utrecht"', "null", "[]", "{", "<script>alert(704)</script>", "\u0000",
)
FILTER_ELEMENTS = {"div", "p", "a", "fieldset", "legend", "label", "input", "span", "ul",
                   "li", "time"}


def choice_state(page) -> dict:
    return page.evaluate("""() => {
      const box = document.querySelector(".wc-local-filter");
      return {
        pick: !box.querySelector(".wc-local-filter__pick").hidden,
        naam: box.querySelector(".wc-local-filter__naam").textContent,
        tags: [...new Set([...box.querySelectorAll("*")].map(e => e.tagName.toLowerCase()))],
        links: [...box.querySelectorAll(".wc-local-filter__list a")].map(a => a.href),
        texts: [...box.querySelectorAll(".wc-local-filter__list a")].map(a => a.textContent),
      };
    }""")


@pytest.mark.browser
@pytest.mark.parametrize("stored", HOSTILE_CHOICES)
def test_a_hostile_stored_choice_is_text_or_no_choice(injection_site, browser, stored):
    context = browser.new_context(bypass_csp=True)
    literal = json.dumps(stored)
    context.add_init_script(
        f"try {{ localStorage.setItem('werkcafe.gemeente', {literal});"
        " localStorage.setItem('werkcafe.gemeente.filter', 'gemeente'); } catch (e) {}")
    with serve(injection_site.path) as base:
        watch = Watch(context, base)
        page = context.new_page()
        page.set_default_timeout(5_000)
        page.goto(base + "/regelingen/bijstand/")
        page.wait_for_function("""() => {
          const box = document.querySelector(".wc-local-filter");
          return !box.hidden && (!box.querySelector(".wc-local-filter__pick").hidden
            || box.querySelector(".wc-local-filter__list").children.length > 0
            || !box.querySelector(".wc-local-filter__empty").hidden);
        }""")
        page.evaluate(HOVER_EVERYTHING)
        state = choice_state(page)
        bad = page.evaluate(DOM_PROBLEMS)
    context.close()
    assert watch.dialogs == [] and bad == [] and watch.elsewhere() == []
    assert set(state["tags"]) <= FILTER_ELEMENTS, state["tags"]
    value = json.loads(stored) if stored.startswith(("{\"", "[", "\"", "n")) else None
    valid = (isinstance(value, dict) and isinstance(value.get("slug"), str)
             and re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", value["slug"])
             and isinstance(value.get("naam"), str))
    if not valid:
        assert state["pick"] and state["naam"] == "" and state["links"] == []
        assert not [u for u in watch.requests if "ervaringen.json" in u]
        return
    assert not state["pick"] and state["naam"] == value["naam"]  # shown as text
    fetched = [u for u in watch.requests if u.endswith("/ervaringen.json")]
    assert [urlsplit(u).path for u in fetched] == [f"/lokaal/{value['slug']}/ervaringen.json"]
    if value["slug"] == "utrecht":
        titles = {t["id"]: t["title"] for t in injection_site.topics}
        assert state["links"], "Utrecht has bijstand threads with payload titles"
        for link, text in zip(state["links"], state["texts"], strict=True):
            topic_id = int(urlsplit(link).path.rstrip("/").rsplit("/", 1)[1])
            assert same_text(text, titles[topic_id])
            assert urlsplit(link).path == f"/ervaringen/onderwerp/{topic_id}/"


SEARCH_QUERIES = (
    "<img src=x onerror=alert(801)>",
    '"><svg onload=alert(802)>',
    "</p><script>alert(803)</script>",
    "' onfocus='alert(804)' autofocus='",
    "javascript:alert(805)",
    "alert",  # finds the payload threads: their titles and excerpts are rendered
)


@pytest.mark.browser
@pytest.mark.parametrize("query", SEARCH_QUERIES)
def test_the_search_page_reflects_q_as_text(injection_site, browser, query):
    from urllib.parse import quote

    context = browser.new_context(bypass_csp=True)
    with serve(injection_site.path) as base:
        watch = Watch(context, base)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(f"{base}/zoeken/?q={quote(query)}&ervaringen=1")
        page.wait_for_function("""() => {
          const results = document.querySelector("#wc-search-page");
          return results.children.length > 0 && !/Bezig|Searching/.test(results.textContent);
        }""")
        page.evaluate(HOVER_EVERYTHING)
        shown = page.evaluate("""() => ({
          value: document.querySelector(".wc-search input[name=q]").value,
          tags: [...new Set([...document.querySelectorAll("#wc-search-page *")]
                 .map(e => e.tagName.toLowerCase()))],
          text: document.querySelector("#wc-search-page").textContent,
        })""")
        bad = page.evaluate(DOM_PROBLEMS)
    context.close()
    assert watch.dialogs == [] and bad == [] and watch.elsewhere() == []
    assert shown["value"] == query
    assert set(shown["tags"]) <= {"h2", "ol", "li", "a", "p", "mark", "button"}, shown["tags"]
    if query == "alert":
        assert "ol" in shown["tags"], "the payload threads were found and rendered"
    else:
        assert query.strip() in shown["text"] or "ol" in shown["tags"]


# ----------------------------------------------------------------- /termijnen/ and /brief/
HOSTILE_URL_TAILS = (
    "?q=%3Cimg%20src%3Dx%20onerror%3Dalert(901)%3E&datum=%22%3E%3Csvg%20onload%3Dalert(902)%3E",
    "#%3Cimg%20src%3Dx%20onerror%3Dalert(903)%3E",
    "?soort=bezwaar%0D%0AATTENDEE:mailto:x@example.invalid#wat",
)
TYPED_DATES = (
    "16-11-2026\r\nATTENDEE:mailto:x@example.invalid",
    "16-11-2026<img src=x onerror=alert(904)>",
    "<script>alert(905)</script>",
)
ICS_NAMES = {"BEGIN", "END", "VERSION", "PRODID", "CALSCALE", "UID", "DTSTAMP", "DTSTART",
             "DTEND", "SUMMARY", "DESCRIPTION", "ACTION", "TRIGGER"}


@pytest.mark.browser
def test_termijnen_and_brief_ignore_hostile_urls_and_typed_text(injection_site, browser):
    import datetime as dt

    context = browser.new_context(bypass_csp=True, accept_downloads=True)
    with serve(injection_site.path) as base:
        watch = Watch(context, base)
        page = context.new_page()
        page.set_default_timeout(5_000)
        page.clock.set_fixed_time(dt.datetime(2026, 11, 30, 10, 0))
        problems = []
        for path in ("/termijnen/", "/brief/"):
            for tail in HOSTILE_URL_TAILS:
                page.goto(base + path + tail)
                page.evaluate(HOVER_EVERYTHING)
                problems += page.evaluate(DOM_PROBLEMS)
        page.goto(base + "/termijnen/")
        results = []
        for typed in TYPED_DATES:
            page.select_option("form.wc-calc select", "bezwaar")
            page.fill("form.wc-calc input", typed)
            page.click("form.wc-calc button[type=submit]")
            results.append((page.inner_text("form.wc-calc .wc-calc-result"),
                            page.locator("form.wc-calc .wc-calc-ics").is_visible(),
                            page.eval_on_selector_all(".wc-calc-result *",
                                                      "els => els.map(e => e.tagName)")))
        page.fill("form.wc-calc input", "16-11-2026")
        page.click("form.wc-calc button[type=submit]")
        with page.expect_download() as info:
            page.click("form.wc-calc .wc-calc-ics")
        body = open(info.value.path(), encoding="utf-8", newline="").read()  # noqa: PTH123, SIM115
    context.close()
    assert watch.dialogs == [] and problems == [] and watch.elsewhere() == []
    for text, ics_shown, tags in results:  # none of them is a date: an error, no calendar
        assert not ics_shown and "ATTENDEE" not in text and set(tags) <= {"P"}, (text, tags)
    lines = body.split("\r\n")
    assert lines[-1] == "" and all("\r" not in line and "\n" not in line for line in lines)
    names = {re.split("[:;]", line, maxsplit=1)[0] for line in lines if line}
    assert names <= ICS_NAMES, names


@pytest.mark.browser
def test_a_bidi_override_in_a_title_does_not_turn_the_guide_filters_own_text_around(
        injection_site, browser):
    """Topic 936's title starts with an unclosed U+202E; in the guide filter's list the date
    after it must still read left to right (lokaal.js drops the control, as safe.clean)."""
    reversed_id = FIRST_ID + next(i for i, p in enumerate(injection.TEXT_PAYLOADS)
                                  if "\u202e" in p)
    assert expected_places()[reversed_id] == "GM0344"
    context = browser.new_context()
    choice = json.dumps(json.dumps({"slug": "utrecht", "naam": "Utrecht"}))
    context.add_init_script(f"localStorage.setItem('werkcafe.gemeente', {choice});"
                            " localStorage.setItem('werkcafe.gemeente.filter', 'gemeente');")
    with serve(injection_site.path) as base:
        page = context.new_page()
        page.set_default_timeout(5_000)
        page.goto(base + "/regelingen/ww/")
        item = page.locator(f".wc-local-filter__list li:has(a[href$='/{reversed_id}/'])")
        item.wait_for()
        title = item.locator("a").text_content()
        lefts = item.locator("time").evaluate("""time => {
          const text = time.firstChild, range = document.createRange(), xs = [];
          for (let i = 0; i < text.length; i++) {
            range.setStart(text, i); range.setEnd(text, i + 1);
            xs.push(range.getBoundingClientRect().left);
          }
          return xs;
        }""")
    context.close()
    assert "RTL" in title and not BIDI.search(title)
    assert len(lefts) == 10 and lefts == sorted(lefts), lefts  # 2026-03-… left to right
