"""/lokaal/ in the built site, as a visitor meets it (headless Chromium, with and without JS).

Built once for this module like `make site` (demo forum -> SQLite -> export, demo werkcafé
on), with hostile variations on the export's municipality fields added by
tests/site/lokaal_fixture.py. What the site must show is derived from that export (index.json's
`taxonomy.gemeenten`) and the demo werkcafé, never from a list written here.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest

from forum_sync.testing.demo_build import load_planted
from tests.site import lokaal_fixture as fixture
from tests.site.conftest import BIN, demo_export, serious_violations
from tests.site.htmlscan import problems
from tests.site.test_forum_pages import site_texts
from werkcafe.gemeenten import load_gemeenten
from werkcafe.pagecost import serve
from werkcafe.plugins.forum.local_html import TOPICS_SHOWN, search_key
from werkcafe.taxonomy import REPO_ROOT
from werkcafe.werkcafes import load_werkcafes

pytestmark = pytest.mark.browser

INDEX_BUDGET = 60 * 1024  # issue 10: /lokaal/ at most 60 KB gzip, all it sends


@pytest.fixture(scope="module")
def local_site(tmp_path_factory):
    work = tmp_path_factory.mktemp("lokaal")
    env = {**os.environ, "WERKCAFE_FORUM_EXPORT": str(demo_export(work)),
           "NO_MKDOCS_2_WARNING": "1", "WERKCAFE_DEMO_WERKCAFES": "1"}
    chosen = fixture.add_gemeenten(work / "export")
    done = subprocess.run([str(BIN / "mkdocs"), "build", "-d", str(work / "site")],
                          cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return work / "site", chosen, work / "export"


def expected_pages(export: Path) -> dict[str, list[int]]:
    """slug -> its threads (newest first, as index.json lists them), for every municipality
    that must get a page: each one code of the export's `taxonomy.gemeenten` that is a
    municipality, and each demo werkcafé's."""
    gemeenten = load_gemeenten()
    index = json.loads((export / "index.json").read_text("utf-8"))
    threads: dict[str, list[int]] = defaultdict(list)
    for topic in index["topics"]:
        codes = topic["taxonomy"].get("gemeenten") or []
        if len(codes) == 1 and codes[0] in gemeenten:
            threads[gemeenten.get(codes[0]).slug].append(topic["id"])
    for werkcafe in load_werkcafes(include_demo=True):
        threads.setdefault(gemeenten.get(werkcafe.gemeente).slug, [])
    return dict(threads)


@pytest.fixture(scope="module")
def local_url(local_site):
    with serve(local_site[0]) as url:
        yield url


def test_pages_exist_only_for_municipalities_with_a_werkcafe_or_threads(local_site):
    site, chosen, export = local_site
    expected = expected_pages(export)
    # The export's own tags (the demo forum's) and the fixture's placements both count.
    assert fixture.placed(chosen, fixture.UTRECHT) == set(expected["utrecht"])
    assert fixture.placed(chosen, fixture.AMSTERDAM) == set(expected["amsterdam"])
    assert len(expected) > 2  # the demo forum's own municipality tags reach the site too
    for root in (site / "lokaal", site / "en" / "lokaal"):
        pages = {p.parent.name for p in root.glob("*/index.html")}
        assert pages == set(expected), root
    assert len(load_gemeenten()) - len(expected) > 300  # the other municipalities get none


def linked_topics(html: str) -> set[int]:
    import re

    return {int(m) for m in re.findall(r'href="[./]*ervaringen/onderwerp/(\d+)/"', html)}


def test_a_municipality_page_lists_exactly_its_threads(local_site):
    site, _, export = local_site
    expected = expected_pages(export)
    assert any(len(threads) > TOPICS_SHOWN for threads in expected.values())  # Utrecht
    for slug, threads in expected.items():
        html = (site / "lokaal" / slug / "index.html").read_text("utf-8")
        # The newest TOPICS_SHOWN; the rest behind one link to the forum's tag page.
        assert linked_topics(html) == set(threads[:TOPICS_SHOWN]), slug
        more = f"/tag/gemeente-{slug}" in html
        assert more == (len(threads) > TOPICS_SHOWN), slug
        assert problems(html) == []
    utrecht = (site / "lokaal" / "utrecht" / "index.html").read_text("utf-8")
    assert "Werkcafé Voorbeeld (demo)" in utrecht and "Dit werkcafé is verzonnen" in utrecht


def test_the_index_works_without_javascript(page_with_traffic, local_url, local_site):
    # A municipality with neither a werkcafé nor a thread in the export: no page, no link.
    with_page = expected_pages(local_site[2])
    other_gemeente = next(g for g in load_gemeenten() if g.slug not in with_page)
    page, _ = page_with_traffic(javascript=False)
    page.goto(local_url + "/lokaal/")
    assert page.locator(".wc-lokaal-zoek").is_hidden()
    rows = page.locator(".wc-lokaal-lijst li")
    assert rows.count() == 342
    assert page.locator(".wc-lokaal-lijst li:visible").count() == 342
    assert page.get_by_role("heading", level=2).count() == 12
    utrecht = page.locator('li[data-naam="utrecht"]')
    assert "werkcafé · " in utrecht.inner_text() and "geen werkcafé" not in utrecht.inner_text()
    utrecht.get_by_role("link", name="Utrecht").click()
    page.wait_for_url(local_url + "/lokaal/utrecht/")
    page.goto(local_url + "/lokaal/")
    other = page.locator(f'li[data-naam="{search_key(other_gemeente.naam)}"]')
    assert other.count() == 1
    assert other.get_by_role("link", name=other_gemeente.naam, exact=True).count() == 0
    assert other.get_by_role("link", name="Start een werkcafé").get_attribute("href") \
        == "../over/werkcafe-starten/"
    assert f"tags={other_gemeente.tag}" in other.get_by_role("link", name="Praat mee") \
        .get_attribute("href")
    other.get_by_role("link", name="Start een werkcafé").click()
    page.wait_for_url(local_url + "/over/werkcafe-starten/")


def test_the_filter_narrows_the_list_as_you_type(page_with_traffic, local_url):
    page, _ = page_with_traffic()
    page.goto(local_url + "/lokaal/")
    box = page.get_by_label("Zoek je gemeente")
    box.press_sequentially("utr")
    visible = page.locator(".wc-lokaal-lijst li:visible")
    names = visible.all_inner_texts()
    assert names and len(names) < 10
    assert all("utr" in n.lower() for n in names), names
    assert page.locator(".wc-provincie:visible").count() == 1
    assert page.locator(".wc-lokaal-status").inner_text() == f"{len(names)} gemeenten gevonden"
    box.fill("")
    box.press_sequentially("sudwest")  # no accents typed, 'Súdwest-Fryslân' found
    assert page.locator(".wc-lokaal-lijst li:visible").all_inner_texts()[0] \
        .startswith("Súdwest-Fryslân")
    box.fill("")
    box.press_sequentially("qqq")
    assert page.locator(".wc-lokaal-lijst li:visible").count() == 0
    assert "Geen gemeente gevonden" in page.locator(".wc-lokaal-status").inner_text()
    box.fill("")
    box.dispatch_event("input")
    assert page.locator(".wc-lokaal-lijst li:visible").count() == 342


def test_choose_a_municipality_and_filter_a_guides_threads(page_with_traffic, local_url,
                                                          local_site):
    _, chosen, _ = local_site
    page, traffic = page_with_traffic()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(local_url + "/regelingen/bijstand/")
    assert page.get_by_role("link", name="Kies je gemeente").count() == 1
    page.goto(local_url + "/lokaal/utrecht/")
    page.get_by_role("button", name="Dit is mijn gemeente").click()
    assert page.get_by_role("button", name="Vergeet mijn gemeente").is_visible()
    page.goto(local_url + "/regelingen/bijstand/")
    all_shown = page.locator(".wc-related > .wc-topic-list a").count()
    assert all_shown > 0
    page.get_by_label("Uit jouw gemeente").check()
    local = page.locator(".wc-local-filter__list a")
    local.first.wait_for()
    ids = {int(h.rstrip("/").rsplit("/", 1)[1])
           for h in local.evaluate_all("els => els.map(e => e.getAttribute('href'))")}
    assert ids and ids <= fixture.placed(chosen, fixture.UTRECHT)
    # forum titles from the JSON are text: the hostile one shows as typed, nothing runs
    assert fixture.HOSTILE_TITLE in local.all_inner_texts()
    assert page.locator(".wc-local-filter__list img, .wc-local-filter__list b").count() == 0
    assert page.locator(".wc-related > .wc-topic-list").is_hidden()
    # the choice stays in this browser: after a reload the filter is still on
    page.reload()
    page.locator(".wc-local-filter__list a").first.wait_for()
    assert page.get_by_label("Uit jouw gemeente").is_checked()
    assert not [u for u in traffic.requests if "gemeente" in u and "127.0.0.1" not in u]
    local.first.click()
    page.wait_for_url("**/ervaringen/onderwerp/*/")
    # forgetting it brings back the plain block
    page.goto(local_url + "/lokaal/utrecht/")
    page.get_by_role("button", name="Vergeet mijn gemeente").click()
    page.goto(local_url + "/regelingen/bijstand/")
    assert page.get_by_role("link", name="Kies je gemeente").is_visible()
    assert page.locator(".wc-related > .wc-topic-list").is_visible()
    assert dialogs == []


def test_without_javascript_the_guide_block_shows_all_threads(page_with_traffic, local_url):
    page, _ = page_with_traffic(javascript=False)
    page.goto(local_url + "/regelingen/bijstand/")
    assert page.locator(".wc-local-filter").is_hidden()
    assert page.locator(".wc-related .wc-topic-list a:visible").count() > 0


@pytest.mark.parametrize("path", ["/lokaal/", "/lokaal/utrecht/", "/en/lokaal/",
                                  "/en/lokaal/utrecht/"])
def test_axe_on_local_pages(page_with_traffic, local_url, path):
    page, _ = page_with_traffic()
    page.goto(local_url + path)
    assert serious_violations(page) == []


def test_the_index_stays_within_its_page_weight(page_with_traffic, local_url):
    """60 KB gzip for /lokaal/ as a host sends it with an empty cache: HTML, CSS, scripts and
    icon together. It leaves out Material's own script (overrides/light.html, 35 KB), which
    nothing on the page needs; the filter and the search are the site's own scripts."""
    page, traffic = page_with_traffic()
    page.goto(local_url + "/lokaal/")
    page.wait_for_load_state("networkidle")
    assert traffic.foreign_hosts == set()
    assert any(url.endswith("/lokaal.js") for url, _, _ in traffic.responses)
    assert any(url.endswith("/search.js") for url, _, _ in traffic.responses)
    assert not any("/javascripts/bundle." in url for url, _, _ in traffic.responses)
    assert traffic.sent_bytes <= INDEX_BUDGET, traffic.sent_bytes
    # the filter and the header search still work without Material's script
    page.get_by_label("Zoek je gemeente").press_sequentially("utrec")
    visible = page.locator(".wc-lokaal-lijst li:visible")
    assert 1 <= visible.count() < 342 and "Utrecht" in " ".join(visible.all_inner_texts())
    page.fill("#wc-search-input", "bijstand")
    page.wait_for_selector("#wc-search-popup li > a", timeout=15_000)
    page.click("a.wc-languages__link[hreflang=en]")
    page.wait_for_url(local_url + "/en/lokaal/")


def test_other_pages_keep_materials_script(page_with_traffic, local_url):
    page, traffic = page_with_traffic()
    page.goto(local_url + "/lokaal/utrecht/")
    page.wait_for_load_state("networkidle")
    assert any("/javascripts/bundle." in url for url, _, _ in traffic.responses)


def test_language_switch_on_a_municipality_page(page_with_traffic, local_url):
    page, _ = page_with_traffic()
    page.goto(local_url + "/lokaal/utrecht/")
    page.click("a.wc-languages__link[hreflang=en]")
    page.wait_for_url(local_url + "/en/lokaal/utrecht/")
    assert page.get_by_role("heading", name="In the municipality of Utrecht").count() == 1


def test_no_planted_personal_datum_on_local_pages(local_site):
    """The leak scan of test_forum_pages, over the local pages and their JSON, which now
    carry forum threads (non-empty: the pages list threads)."""
    site, _, _ = local_site
    planted = [p.lower() for p in load_planted() if len(p) >= 4]
    files = [(path, text) for path, text in site_texts(site)
             if "lokaal" in path.relative_to(site).parts]
    assert len(files) >= 6 and any(linked_topics(text) for _, text in files)
    assert any(path.suffix == ".json" and json.loads(text)["topics"] for path, text in files)
    leaks = [(str(path.relative_to(site)), datum) for path, text in files
             for datum in planted if datum in text]
    assert leaks == []


def test_every_municipality_with_a_page_is_linked_from_the_index(local_site):
    site, _, _ = local_site
    index = (site / "lokaal" / "index.html").read_text("utf-8")
    gemeenten = load_gemeenten()
    for page in Path(site / "lokaal").glob("*/index.html"):
        gemeente = gemeenten.get_by_slug(page.parent.name)
        assert gemeente is not None
        assert f'href="{gemeente.slug}/"' in index


def test_every_link_on_the_local_pages_leads_to_a_built_file(local_site):
    """Relative links (guides, threads, the start guide, the script) resolve in the site."""
    import re
    from urllib.parse import urlparse

    site, _, _ = local_site
    pages = list((site / "lokaal").glob("**/index.html")) + \
        list((site / "en" / "lokaal").glob("**/index.html"))
    checked = 0
    for page in pages:
        html = page.read_text("utf-8")
        for target in re.findall(r'(?:href|src)="([^"#]+)"', html):
            if urlparse(target).scheme or target.startswith("mailto:"):
                continue
            resolved = (page.parent / target).resolve()
            if resolved.is_dir():
                resolved = resolved / "index.html"
            assert resolved.is_file(), (str(page.relative_to(site)), target)
            checked += 1
    assert checked > 100
