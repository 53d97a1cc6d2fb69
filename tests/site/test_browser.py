"""The built site as a visitor meets it: headless Chromium against localhost."""

from __future__ import annotations

import re

import pytest

from tests.site.conftest import serious_violations
from werkcafe.content.schema import base_path
from werkcafe.taxonomy import REPO_ROOT

pytestmark = pytest.mark.browser

PAGE_BUDGET = 150 * 1024
REPO_URL = "https://github.com/werkcafe/werkcafe"
DOCS = REPO_ROOT / "docs"


def guide_sources() -> list[str]:
    return sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md"))


def url_of(src: str) -> str:
    """'situaties/keuring.en.md' -> '/en/situaties/keuring/'."""
    language = "en" if src.endswith(".en.md") else "nl"
    stem = base_path(src)[: -len(".md")]
    path = "" if stem == "index" else stem.removesuffix("/index") + "/"
    return ("/en/" if language == "en" else "/") + path


def test_start_page_loads_and_shows_the_way_in(page_with_traffic, site_url):
    page, _ = page_with_traffic()
    response = page.goto(site_url + "/")
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == "nl"
    for heading in ("Kies je regeling", "Kies je situatie", "Voor wie is het?"):
        assert page.get_by_role("heading", name=heading).count() == 1
    # Two clicks to a guide: start page -> audience list -> guide.
    page.get_by_role("link", name="Mensen met WIA").click()
    # click() does not wait for the new page: wait for it, or the next lookup races it.
    page.locator("#wia-ers + ul a").first.wait_for()
    page.locator("#wia-ers + ul a").first.click()
    page.locator(".wc-guide-meta").first.wait_for()
    assert page.locator(".wc-guide-meta").count() == 1


def search(page, query: str) -> list[str]:
    page.fill("#wc-search-input", query)
    page.wait_for_selector("#wc-search-popup li > a", timeout=10_000)
    # the result links, not the links to a section under them
    return page.eval_on_selector_all("#wc-search-popup li > a", "els => els.map(e => e.href)")


def test_dutch_search_finds_the_assessment_guide_near_the_top(page_with_traffic, site_url):
    page, _ = page_with_traffic()
    page.goto(site_url + "/")
    results = search(page, "keuring")
    assert any(u.endswith("/situaties/keuring/") for u in results[:3]), results
    assert not any("/en/" in u for u in results), "Dutch search must stay on the Dutch index"


def test_dutch_stemming_finds_inflected_forms(page_with_traffic, site_url):
    page, _ = page_with_traffic()
    page.goto(site_url + "/")
    results = search(page, "keuringen")
    assert any(u.endswith("/situaties/keuring/") for u in results[:5]), results


def test_english_search_works_on_the_english_site(page_with_traffic, site_url):
    page, _ = page_with_traffic()
    page.goto(site_url + "/en/")
    results = search(page, "medical assessment")
    assert results and all("/en/" in u for u in results), results
    assert any(u.endswith("/en/situaties/keuring/") for u in results[:3]), results


def test_search_page_works_from_the_header_form(page_with_traffic, site_url):
    page, _ = page_with_traffic()
    page.goto(site_url + "/situaties/bezwaar/")
    page.fill("#wc-search-input", "bezwaar")
    page.press("#wc-search-input", "Enter")
    page.wait_for_url(re.compile(r"/zoeken/\?q=bezwaar"))
    page.wait_for_selector("#wc-search-page li a", timeout=10_000)
    links = page.eval_on_selector_all("#wc-search-page li a", "els => els.map(e => e.href)")
    assert any(u.endswith("/situaties/bezwaar/") for u in links)


def test_no_search_index_is_downloaded_until_someone_searches(page_with_traffic, site_url):
    page, traffic = page_with_traffic()
    page.goto(site_url + "/situaties/keuring/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in traffic.requests if "/zoekindex/" in u or "/pagefind" in u]
    assert not [u for u in traffic.requests if "search_index.json" in u]


def test_language_switch_keeps_you_on_the_same_guide(page_with_traffic, site_url):
    page, _ = page_with_traffic()
    page.goto(site_url + "/situaties/keuring/")
    page.click("a.wc-languages__link[hreflang=en]")
    page.wait_for_url(site_url + "/en/situaties/keuring/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.click("a.wc-languages__link[hreflang=nl]")
    page.wait_for_url(site_url + "/situaties/keuring/")
    assert page.locator("html").get_attribute("lang") == "nl"


def test_every_guide_edit_link_points_at_its_own_source(page_with_traffic, site_url):
    page, _ = page_with_traffic(javascript=False)
    checked = 0
    for src in guide_sources():
        page.goto(site_url + url_of(src))
        link = page.locator("p.wc-edit a")
        assert link.count() == 1, src
        assert link.get_attribute("href") == f"{REPO_URL}/edit/main/docs/{src}", src
        expected = "Improve this page" if src.endswith(".en.md") else "Verbeter deze pagina"
        assert expected in link.inner_text()
        checked += 1
    assert checked >= 40


def test_print_view_hides_navigation_and_shows_the_checklist(page_with_traffic, site_url):
    page, _ = page_with_traffic()
    page.goto(site_url + "/situaties/keuring/")
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-footer", ".wc-search",
                     ".wc-edit"):
        assert not page.locator(selector).first.is_visible(), selector
    checklist = page.locator(".checklist")
    assert checklist.is_visible()
    for heading in ("Wat neem je mee", "Vragen die je kunt stellen", "Na het gesprek"):
        assert checklist.get_by_role("heading", name=heading).is_visible()
    # External links print as text: the URL follows the link.
    after = page.eval_on_selector(
        ".wc-sources a[href^='http']",
        "a => getComputedStyle(a, '::after').content")
    assert "http" in after
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_pages_work_without_javascript(page_with_traffic, site_url):
    page, _ = page_with_traffic(javascript=False)
    page.goto(site_url + "/")
    page.get_by_role("link", name=re.compile("keuring", re.I)).first.click()
    assert "/situaties/keuring/" in page.url
    assert page.locator(".checklist").is_visible()
    page.fill("#wc-search-input", "bezwaar")
    page.press("#wc-search-input", "Enter")
    page.wait_for_url(re.compile(r"/zoeken/\?q=bezwaar"))
    assert "JavaScript" in page.locator("article").inner_text()


GUIDE_PAGES = ["/", "/regelingen/wia/", "/situaties/keuring/", "/overzicht/",
               "/en/situaties/keuring/"]


@pytest.mark.parametrize("path", GUIDE_PAGES)
def test_no_request_leaves_localhost(page_with_traffic, site_url, path):
    page, traffic = page_with_traffic()
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    if page.locator("#wc-search-input").count():
        search(page, "bezwaar")
    assert traffic.requests
    assert traffic.foreign_hosts == set()


def test_guide_page_costs_at_most_150_kb_and_search_still_finds_it(page_with_traffic, site_url):
    page, traffic = page_with_traffic()
    page.goto(site_url + "/situaties/keuring/")
    page.wait_for_load_state("networkidle")
    assert traffic.responses, "no responses recorded"
    page_bytes = traffic.sent_bytes
    assert page_bytes <= PAGE_BUDGET, sorted(traffic.responses, key=lambda r: -r[2])[:8]
    results = search(page, "verzekeringsarts")
    assert any(u.endswith("/situaties/keuring/") for u in results)


@pytest.mark.parametrize("path", ["/", "/regelingen/wia/", "/situaties/keuring/", "/overzicht/",
                                  "/en/", "/en/situaties/keuring/"])
def test_axe_finds_no_serious_or_critical_violations(page_with_traffic, site_url, path):
    page, _ = page_with_traffic()
    page.goto(site_url + path)
    assert serious_violations(page) == []


def test_matrix_links_every_guide(page_with_traffic, site_url):
    page, _ = page_with_traffic(javascript=False)
    for language, prefix in (("nl", "/"), ("en", "/en/")):
        page.goto(site_url + prefix + "overzicht/")
        hrefs = set(page.eval_on_selector_all(".wc-matrix a", "els => els.map(e => e.href)"))
        expected = {site_url + url_of(src) for src in guide_sources()
                    if src.endswith(f".{language}.md") and "/" in src
                    and src.split("/")[0] in ("regelingen", "situaties", "brieven")}
        assert expected and expected <= hrefs, expected - hrefs


def test_tags_pages_work_in_both_languages(page_with_traffic, site_url):
    page, _ = page_with_traffic(javascript=False)
    page.goto(site_url + "/en/situaties/keuring/")
    tag = page.locator(".md-tag").first
    assert tag.count() == 1
    tag.click()
    assert page.url.startswith(site_url + "/en/tags/")
    assert "UWV medical assessment" in page.locator("article").inner_text()
    page.goto(site_url + "/tags/")
    assert "Medische keuring bij UWV" in page.locator("article").inner_text()


def test_english_navigation_lists_only_english_pages(page_with_traffic, site_url):
    page, _ = page_with_traffic(javascript=False)
    page.goto(site_url + "/en/")
    nav_links = page.eval_on_selector_all(".md-nav--primary a[href]",
                                          "els => els.map(e => e.href)")
    assert nav_links
    assert all("/en/" in href for href in nav_links if href.startswith(site_url))


def test_root_404_page_is_dutch(built_site):
    html = (built_site.path / "404.html").read_text(encoding="utf-8")
    assert '<html lang="nl"' in html


@pytest.mark.parametrize("path", ["/regelingen/bijstand/", "/en/regelingen/bijstand/",
                                  "/ervaringen/", "/"])
def test_a_page_load_makes_no_failing_request(page_with_traffic, site_url, path):
    """Material's script used to fetch sitemap.xml relative to each hreflang link: two 404s
    on every page (/regelingen/bijstand/sitemap.xml, /en/regelingen/bijstand/sitemap.xml)."""
    page, traffic = page_with_traffic()
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    assert len(traffic.responses) > 3
    assert traffic.failed == []
    assert not [u for u in traffic.requests if "sitemap.xml" in u]


def test_a_failing_request_is_recorded(browser, site_url):
    """The check above and page_with_traffic's own can fail: a 404 is recorded."""
    from werkcafe.pagecost import Traffic

    context = browser.new_context()
    page = context.new_page()
    traffic = Traffic().record(page)
    page.goto(site_url + "/regelingen/bijstand/sitemap.xml")
    context.close()
    assert traffic.failed == [(site_url + "/regelingen/bijstand/sitemap.xml", 404)]


def test_no_inline_script_and_a_policy_on_every_page(built_site):
    """Every page carries the CSP first in <head>, and no script the CSP would refuse."""
    pages = sorted(built_site.path.rglob("*.html"))
    assert len(pages) > 100
    for path in pages:
        html = path.read_text("utf-8")
        head = html[: html.index("</head>")]
        assert head.index('http-equiv="Content-Security-Policy"') < head.index("<script"), path
        assert not re.search(r"<script(?![^>]*\b(src|type=\"application/json\"))[^>]*>", html), \
            path
