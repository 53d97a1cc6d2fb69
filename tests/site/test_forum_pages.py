"""The forum in the site, built from the demo export, as a visitor meets it."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from forum_sync.config import load_config
from forum_sync.testing.demo_build import load_planted
from tests.site.conftest import serious_violations
from tests.site.tally_page_reader import quarter_key
from werkcafe.content.frontmatter import parse
from werkcafe.taxonomy import REPO_ROOT, load_taxonomy

pytestmark = pytest.mark.browser

PAGE_BUDGET = 150 * 1024


def export_topic(built_site, topic_id: int) -> dict:
    return json.loads((built_site.export / "topics" / f"{topic_id}.json").read_text("utf-8"))


def first_topic_id(built_site) -> int:
    index = json.loads((built_site.export / "index.json").read_text("utf-8"))
    return index["topics"][0]["id"]


def topic_ids_linked(page) -> list[int]:
    hrefs = page.eval_on_selector_all(".wc-related .wc-topic-list a",
                                      "els => els.map(e => e.href)")
    return [int(m.group(1)) for h in hrefs if (m := re.search(r"/onderwerp/(\d+)/", h))]


@pytest.mark.parametrize("src", ["situaties/keuring.nl.md", "situaties/bezwaar.nl.md",
                                 "regelingen/ww.nl.md", "regelingen/bijstand.nl.md"])
def test_guide_shows_related_threads_that_match_its_taxonomy(page_with_traffic, site_url,
                                                             built_site, src):
    meta = parse((REPO_ROOT / "docs" / src).read_text("utf-8")).data
    page, _ = page_with_traffic(javascript=False)
    page.goto(site_url + "/" + src.removesuffix(".nl.md") + "/")
    assert page.get_by_role("heading", name="Ervaringen van anderen").count() == 1
    ids = topic_ids_linked(page)
    assert ids, f"no related threads under {src}"
    for topic_id in ids:
        taxonomy = export_topic(built_site, topic_id)["taxonomy"]
        shared = (set(taxonomy.get("regelingen", [])) & set(meta.get("regelingen") or [])
                  or set(taxonomy.get("situaties", [])) & set(meta.get("situaties") or []))
        assert shared, (src, topic_id, taxonomy)


def test_ask_link_points_at_the_forum_with_category_and_tags(page_with_traffic, site_url):
    forum = load_config(REPO_ROOT / "forum.yml")
    taxonomy = load_taxonomy()
    page, _ = page_with_traffic(javascript=False)
    page.goto(site_url + "/situaties/keuring/")
    href = page.get_by_role("link", name="Stel je vraag op het forum").get_attribute("href")
    url = urlparse(href)
    assert f"{url.scheme}://{url.netloc}" == forum.forum_url and url.path == "/new-topic"
    query = parse_qs(url.query)
    assert query["category"] == ["vragen"]
    meta = parse((REPO_ROOT / "docs/situaties/keuring.nl.md").read_text("utf-8")).data
    expected = [taxonomy.term("regelingen", k).forum_tag for k in meta["regelingen"]]
    expected += [taxonomy.term("situaties", k).forum_tag for k in meta["situaties"]]
    assert query["tags"] == [",".join(expected)]


def test_topic_page_shows_pseudonyms_dates_tags_and_the_forum_link(page_with_traffic, site_url,
                                                                  built_site):
    topic_id = first_topic_id(built_site)
    doc = export_topic(built_site, topic_id)
    page, _ = page_with_traffic(javascript=False)
    page.goto(f"{site_url}/ervaringen/onderwerp/{topic_id}/")
    assert page.locator("h1").inner_text().rstrip("¶") == doc["title"]
    headers = page.locator(".wc-post header").all_inner_texts()
    assert len(headers) == len(doc["posts"])
    assert all(h.startswith("Deelnemer ") for h in headers)
    forum_links = page.get_by_role("link", name="Lees verder of reageer op het forum")
    assert forum_links.first.get_attribute("href") == doc["forum_url"]
    page.goto(f"{site_url}/en/ervaringen/onderwerp/{topic_id}/")
    headers_en = page.locator(".wc-post header").all_inner_texts()
    assert all(h.startswith("Participant ") for h in headers_en)
    assert page.locator(".wc-post__body").first.inner_html() == doc["posts"][0]["html"]


def test_language_switch_on_a_topic_page_keeps_the_topic(page_with_traffic, site_url,
                                                         built_site):
    topic_id = first_topic_id(built_site)
    page, _ = page_with_traffic()
    page.goto(f"{site_url}/ervaringen/onderwerp/{topic_id}/")
    page.click("a.wc-languages__link[hreflang=en]")
    page.wait_for_url(f"{site_url}/en/ervaringen/onderwerp/{topic_id}/")


def site_texts(site: Path):
    """Every file of the built site as text; Pagefind's gzip-compressed index unpacked."""
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        yield path, data.decode("utf-8", errors="ignore").lower()


def test_no_planted_personal_datum_anywhere_in_the_built_site(built_site):
    planted = [p.lower() for p in load_planted() if len(p) >= 4]
    assert len(planted) > 150
    leaks = [(str(path.relative_to(built_site.path)), datum)
             for path, text in site_texts(built_site.path)
             for datum in planted if datum in text]
    assert leaks == []


def test_a_datum_that_reaches_the_site_would_be_found(built_site, tmp_path):
    """The scan above can fail: a planted name written into a page is caught."""
    planted = sorted(p for p in load_planted() if " " in p)[0]
    copy = tmp_path / "site"
    copy.mkdir()
    (copy / "leak.html").write_text(f"<p>Groet, {planted}</p>", encoding="utf-8")
    assert any(planted.lower() in text for _, text in site_texts(copy))


def tally_values_on_page(page, tallies) -> dict[tuple[str, str, str, str], str]:
    """Each cell as a reader finds it: by its row header (quarter) and column header."""
    names = {entry["nl"]: key for key, entry in tallies["labels"]["oordeel"].items()}
    values = {}
    for block in page.locator("section.wc-tally[data-table]:not([data-table=cellen])").all():
        table, key = block.get_attribute("data-table"), block.get_attribute("data-key")
        head = [names[t.strip()] for t in block.locator("thead th").all_inner_texts()[1:]]
        for row in block.locator("tbody tr").all():
            quarter = quarter_key(row.locator("th").inner_text().strip())
            for oordeel, text in zip(head, row.locator("td").all_inner_texts(), strict=True):
                values[(table, key, quarter, oordeel)] = text.strip()
    return values


def test_tally_page_numbers_equal_tallies_json(page_with_traffic, site_url, built_site):
    tallies = json.loads((built_site.export / "tallies.json").read_text("utf-8"))
    page, _ = page_with_traffic(javascript=False)
    page.goto(site_url + "/ervaringen/cijfers/")
    assert page.locator("svg[role=img]").count() >= 3
    shown = tally_values_on_page(page, tallies)
    assert len(shown) > 20
    expected = {}
    for table in ("totaal", "regeling", "instantie", "thema"):
        for row in tallies["tables"][table]["rows"]:
            key = row.get(table, "") if table != "totaal" else ""
            expected[(table, key, row["kwartaal"], row["oordeel"])] = row["display"]
    for cell, text in shown.items():
        assert text == expected.get(cell, "0"), cell
    # no number under the threshold is visible anywhere in the tables
    numbers = [int(t) for t in page.locator("table td").all_inner_texts() if t.isdigit()]
    assert numbers and all(n == 0 or n >= tallies["threshold"] for n in numbers)
    csv_link = page.get_by_role("link", name="tallies.csv")
    assert csv_link.count() == 1


def test_regulation_guide_shows_a_tally_summary(page_with_traffic, site_url):
    page, _ = page_with_traffic(javascript=False)
    page.goto(site_url + "/regelingen/ww/")
    summary = page.locator("#wc-summary-table")
    assert summary.count() == 1
    page.get_by_role("link", name="Bekijk alle cijfers").click()
    assert page.url.endswith("/ervaringen/cijfers/")


@pytest.mark.parametrize("path", ["/ervaringen/", "/ervaringen/alle/", "/ervaringen/cijfers/",
                                  "/en/ervaringen/cijfers/"])
def test_forum_pages_stay_within_budget_and_on_localhost(page_with_traffic, site_url, path):
    page, traffic = page_with_traffic()
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    assert traffic.sent_bytes <= PAGE_BUDGET
    assert traffic.foreign_hosts == set()


def test_topic_page_stays_within_budget(page_with_traffic, site_url, built_site):
    page, traffic = page_with_traffic()
    page.goto(f"{site_url}/ervaringen/onderwerp/{first_topic_id(built_site)}/")
    page.wait_for_load_state("networkidle")
    assert traffic.sent_bytes <= PAGE_BUDGET
    assert traffic.foreign_hosts == set()


@pytest.mark.parametrize("path", ["topic", "/ervaringen/alle/", "/ervaringen/regeling/ww/",
                                  "/ervaringen/cijfers/", "/en/ervaringen/cijfers/"])
def test_axe_on_forum_pages(page_with_traffic, site_url, built_site, path):
    if path == "topic":
        path = f"/ervaringen/onderwerp/{first_topic_id(built_site)}/"
    page, _ = page_with_traffic()
    page.goto(site_url + path)
    assert serious_violations(page) == []
