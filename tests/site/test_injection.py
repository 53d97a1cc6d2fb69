"""The injection corpus through the real pipeline, and the built site in Chromium.

A forum whose titles, post text, cooked HTML, category names, tags and user names are
payloads (forum_sync/testing/injection.py) goes through the real commands once per session:
`python -m forum_sync.testing.injection` writes it in Discourse's JSON shapes, `forum-sync
sync --from-dir` and `forum-sync export` turn it into the export, `mkdocs build` into the
site. Then every built page is scanned, and every page with forum text is opened in
Chromium with the Content-Security-Policy bypassed (escaping alone must hold), hovered and
its links clicked: no dialog may open.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest

from forum_sync.testing import injection
from tests.site.conftest import BIN
from tests.site.htmlscan import first_text, problems, script_url
from werkcafe.pagecost import serve
from werkcafe.taxonomy import REPO_ROOT


@dataclass
class InjectionSite:
    path: Path
    export: Path
    topics: list[dict]


@pytest.fixture(scope="session")
def injection_site(tmp_path_factory: pytest.TempPathFactory) -> InjectionSite:
    work = tmp_path_factory.mktemp("injection")
    env = {**os.environ, "WERKCAFE_FORUM_EXPORT": str(work / "export"),
           "NO_MKDOCS_2_WARNING": "1"}
    config, store = work / "forum.yml", work / "forum.sqlite"
    for command in (
        [sys.executable, "-m", "forum_sync.testing.injection", "--out", work / "forum",
         "--config-out", config],
        [BIN / "forum-sync", "--config", config, "--store", store, "sync",
         "--from-dir", work / "forum"],
        [BIN / "forum-sync", "--config", config, "--store", store, "export",
         "--out", work / "export"],
        [BIN / "mkdocs", "build", "-d", work / "site"],
    ):
        completed = subprocess.run([str(c) for c in command], cwd=REPO_ROOT, env=env,
                                   capture_output=True, text=True, check=False)
        assert completed.returncode == 0, completed.stdout + completed.stderr
    index = json.loads((work / "export" / "index.json").read_text("utf-8"))
    return InjectionSite(work / "site", work / "export", index["topics"])


def test_the_corpus_covers_every_field_and_kind():
    assert injection.payload_count() >= 40
    text = "\n".join(injection.TEXT_PAYLOADS + injection.COOKED_PAYLOADS)
    for needle in ("{:", "](javascript:", "<script", "<svg", "<math", "&#106;", "JaVaScRiPt",
                   "java&#x09;script", "data:text/html", "{{ waarde(", "{%", "{{ config",
                   "<!-- werkcafe:", "!!! ", "??? ", "--8<--", "onerror", "\n---\n"):
        assert needle in text, needle
    assert injection.CATEGORY_PAYLOADS and injection.TAG_PAYLOADS


def test_every_payload_topic_reaches_the_site(injection_site):
    """Else the checks below would pass on an empty forum."""
    ids = {t["id"] for t in injection_site.topics}
    assert len(ids) == len(injection.TEXT_PAYLOADS)
    names = {t["category"]["name"] for t in injection_site.topics}
    assert set(injection.CATEGORY_PAYLOADS) <= names
    for topic_id in ids:
        for prefix in ("", "en/"):
            assert (injection_site.path / f"{prefix}ervaringen/onderwerp/{topic_id}"
                    / "index.html").is_file()


def test_no_built_page_holds_a_handler_a_script_url_or_an_inline_script(injection_site):
    pages = sorted(injection_site.path.rglob("*.html"))
    assert len(pages) > 150
    found = {str(p.relative_to(injection_site.path)): problems(p.read_text("utf-8"))
             for p in pages}
    assert {page: found for page, found in found.items() if found} == {}


def test_the_scan_finds_what_it_looks_for():
    """The scan above can fail: each kind of problem it looks for is reported."""
    bad = ('<h1 onmouseover="alert(1)">x</h1><a href=" JaVa&#x09;script:alert(2)">a</a>'
           '<img src="data:text/html,x"><script>alert(3)</script><iframe srcdoc="x"></iframe>'
           '<meta http-equiv="Refresh" content="0"><svg><a xlink:href="vbscript:x">v</a></svg>')
    assert len(problems(bad)) == 9  # the iframe and the inline script count twice
    assert problems('<script id="__config" type="application/json">{"a": 1}</script>'
                    '<script src="x.js"></script><a href="https://uwv.nl/">u</a>') == []
    assert script_url("\x01java\nscript:x") and not script_url("https://javascript.info/")


def _expected_title(topic: dict) -> str:
    # bidi embedding/override/isolate controls are dropped (safe.clean): they leak past it
    return " ".join(re.sub("[\u202a-\u202e\u2066-\u2069]", "", topic["title"]).split())


def test_titles_are_shown_as_the_text_that_was_typed(injection_site):
    """Not Markdown, not a template, not HTML: the <h1> and <title> hold the literal text."""
    checked = 0
    for topic in injection_site.topics:
        for prefix in ("", "en/"):
            html = (injection_site.path / f"{prefix}ervaringen/onderwerp/{topic['id']}"
                    / "index.html").read_text("utf-8")
            assert first_text(html, "h1") == _expected_title(topic), topic["id"]
            assert first_text(html, "title") == f"{_expected_title(topic)} - Werkcafé"
            checked += 1
    assert checked == 2 * len(injection.TEXT_PAYLOADS)


def test_no_payload_appears_unescaped_in_any_file(injection_site):
    """Category names, tags and user names never show; titles and bodies only escaped (a
    payload with markup appears verbatim only if its `<` was not escaped)."""
    payloads = [p for p in injection.TEXT_PAYLOADS + injection.COOKED_PAYLOADS
                + injection.CATEGORY_PAYLOADS + injection.TAG_PAYLOADS
                + injection.USER_NAME_PAYLOADS if "<" in p]
    assert len(payloads) > 40
    leaks = []
    for path in injection_site.path.rglob("*"):
        if path.suffix not in (".html", ".xml", ".json") or "pagefind" in path.parts:
            continue
        text = path.read_text("utf-8", errors="ignore")
        leaks += [(path.name, p) for p in payloads if p in text]
    assert leaks == []


def test_sitemap_lists_only_page_addresses(injection_site):
    tree = ET.parse(injection_site.path / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [e.text or "" for e in tree.getroot().findall("s:url/s:loc", ns)]
    assert len(locations) > 20
    assert all(re.fullmatch(r"https://[a-z.]+/[a-z0-9/_-]*", loc) for loc in locations)


# ----------------------------------------------------------------------- in Chromium
def payload_pages(site: Path) -> list[str]:
    """Every page that shows forum text: topics, listings, tallies, guides with threads."""
    pages = [f"/{p.parent.relative_to(site).as_posix()}/"
             for prefix in ("ervaringen", "en/ervaringen")
             for p in sorted((site / prefix).rglob("index.html"))]
    guides = ["/regelingen/ww/", "/regelingen/wia/", "/regelingen/bijstand/",
              "/situaties/keuring/", "/situaties/bezwaar/", "/en/situaties/keuring/"]
    return pages + guides


DOM_PROBLEMS = """() => {
  const bad = [];
  const urls = ["href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"];
  for (const el of document.querySelectorAll("*")) {
    for (const a of el.attributes) {
      const v = a.value.replace(/[\\x00-\\x20\\x7f]+/g, "").toLowerCase();
      if (a.name.startsWith("on") || (urls.includes(a.name) &&
          /^(javascript|vbscript|data):/.test(v))) bad.push(el.tagName + " " + a.name);
    }
  }
  return bad;
}"""

HOVER_EVERYTHING = """() => {
  for (const el of document.querySelectorAll("body *")) {
    for (const type of ["mouseover", "mouseenter", "focus", "focusin"]) {
      el.dispatchEvent(new Event(type, { bubbles: type !== "mouseenter" }));
    }
  }
}"""


# Links to web pages are clicked (their own handlers run) but do not navigate away, so the
# page stays to be clicked on; any other scheme (javascript:, data:, ...) is followed.
CLICK_LINKS = """async () => {
  document.addEventListener("click", (event) => {
    const link = event.target.closest("a");
    if (link && ["http:", "https:", "mailto:"].includes(link.protocol)) event.preventDefault();
  }, true);
  const links = [...document.querySelectorAll("article a[href], .wc-forum a[href]")];
  for (const link of links) {
    link.click();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return links.length;
}"""


def visit(page, url: str, failures: list[str]) -> int:
    """Open, hover and click every link in the content; returns the number of links."""
    response = page.goto(url, wait_until="domcontentloaded")
    if response is None or response.status >= 400:
        failures.append(f"{url}: {response.status if response else 'no response'}")
        return 0
    bad = page.evaluate(DOM_PROBLEMS)
    if bad:
        failures.append(f"{url}: {bad[:5]}")
    page.evaluate(HOVER_EVERYTHING)
    page.hover("article h1")
    return page.evaluate(CLICK_LINKS)


@pytest.mark.browser
def test_payload_pages_open_no_dialog_when_hovered_and_clicked(injection_site, browser):
    pages = payload_pages(injection_site.path)
    assert len(pages) >= 2 * len(injection.TEXT_PAYLOADS)
    context = browser.new_context(bypass_csp=True)  # escaping alone must be enough
    dialogs: list[str] = []
    failures: list[str] = []
    loaded: set[str] = set()

    def route(route_):
        request = route_.request
        if not request.is_navigation_request():
            route_.continue_()
        elif request.url in loaded:  # the page.goto itself, once
            loaded.discard(request.url)
            route_.continue_()
        else:  # anything else: "no content", so the browser stays on the page
            route_.fulfill(status=204)

    with serve(injection_site.path) as base:
        page = context.new_page()
        page.set_default_timeout(5_000)
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on("response", lambda r: r.status >= 400 and failures.append(f"{r.url} {r.status}"))
        page.route("**/*", route)
        clicked = 0
        for path in pages:
            loaded.add(base + path)
            clicked += visit(page, base + path, failures)
        # Search results show forum titles and excerpts: type a payload word.
        loaded.add(base + "/")
        page.goto(base + "/")
        page.fill("#wc-search-input", "alert")
        # forum threads are searched once the reader asks for experiences
        page.click("#wc-search-popup [data-wc-forum]", timeout=10_000)
        page.wait_for_selector("#wc-search-popup a[href*='/ervaringen/onderwerp/']",
                               timeout=10_000)
        page.evaluate(HOVER_EVERYTHING)
        found = page.evaluate(DOM_PROBLEMS)
        tags = set(page.eval_on_selector_all("#wc-search-popup *", "els => els.map(e => "
                                             "e.tagName.toLowerCase())"))
    context.close()
    print(f"\ninjection corpus: {injection.payload_count()} payloads, {len(pages)} pages "
          f"checked, {clicked} links clicked, dialogs={len(dialogs)}")
    assert clicked > 500
    assert dialogs == []
    assert failures == []
    assert found == []
    assert tags <= {"h2", "ol", "li", "a", "p", "mark"}, tags


PROBE = ('<div id="probe"><img src="data:," onerror="alert(1)">'
         '<p id="hover" onmouseover="alert(2)">zweef</p>'
         '<a id="js" href="javascript:alert(3)">klik</a>'
         '<script>alert(4)</script></div>')


@pytest.mark.browser
def test_csp_stops_a_handler_smuggled_into_a_page(injection_site, browser, tmp_path):
    """Defence in depth: if an event handler, a javascript: link or a script ever got into a
    page, the Content-Security-Policy of every page keeps it from running."""
    built = (injection_site.path / "ervaringen/onderwerp/900/index.html").read_text("utf-8")
    policy = re.search(r'<meta http-equiv="Content-Security-Policy"[^>]*>', built)
    assert policy and "script-src 'self'" in policy.group(0)
    assert "unsafe-inline" not in policy.group(0)
    smuggled = built.replace('<article class="md-content__inner md-typeset">',
                             '<article class="md-content__inner md-typeset">' + PROBE, 1)
    assert PROBE in smuggled
    without_policy = smuggled.replace(policy.group(0), "")
    for name, html in (("with", smuggled), ("without", without_policy)):
        target = tmp_path / "ervaringen/onderwerp" / name / "index.html"
        target.parent.mkdir(parents=True)
        target.write_text(html, "utf-8")
    shutil.copytree(injection_site.path / "assets", tmp_path / "assets")
    context = browser.new_context()
    with serve(tmp_path) as base:
        seen: dict[str, list[str]] = {}
        for name in ("with", "without"):
            page = context.new_page()
            dialogs = seen.setdefault(name, [])
            page.on("dialog", lambda d, dialogs=dialogs: (dialogs.append(d.message),
                                                          d.dismiss()))
            page.goto(f"{base}/ervaringen/onderwerp/{name}/")
            page.hover("#hover")
            page.click("#js", no_wait_after=True)
            page.wait_for_timeout(200)
            page.close()
    context.close()
    assert seen["with"] == []
    # The same page without the policy runs all four: the test can fail.
    assert sorted(seen["without"]) == ["1", "2", "3", "4"]
