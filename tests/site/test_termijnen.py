"""/termijnen/ and /brief/ as a reader meets them: the page's JavaScript against the Python
reference, without JavaScript, printed, in the calendar file, and with axe."""

from __future__ import annotations

import datetime as dt
import random
import re

import pytest

from tests.site.conftest import serious_violations
from werkcafe.content.values import load_values
from werkcafe.deadlines import calendar
from werkcafe.deadlines.rules import KINDS, compute, period_from, periods_from_values

pytestmark = pytest.mark.browser

SAMPLES = 500
EXTRA_BUDGET = 20 * 1024  # on top of a guide page, gzip


def random_dates(seed: int) -> list[dt.date]:
    """500 random dates, plus every day around the holidays of a few years (the edge cases)."""
    rng = random.Random(seed)
    first = dt.date(calendar.FIRST_YEAR, 1, 1).toordinal()
    last = dt.date(calendar.LAST_YEAR - 2, 12, 31).toordinal()
    days = [dt.date.fromordinal(rng.randint(first, last)) for _ in range(SAMPLES)]
    for year in (2025, 2026, 2027, 2028):
        days += [holiday - dt.timedelta(days=offset)
                 for holiday in calendar.holidays(year) for offset in (0, 14, 42, 43, 49)]
    return days


def test_page_javascript_agrees_with_the_python_reference(page_with_traffic, site_url):
    periods = periods_from_values(load_values())
    page, _ = page_with_traffic()
    page.goto(site_url + "/termijnen/")
    for number, kind in enumerate(KINDS):
        days = random_dates(number)
        got = page.evaluate(
            "([kind, days]) => days.map(d => window.werkcafeTermijnen.compute(kind, d))",
            [kind, [d.isoformat() for d in days]])
        expected = [compute(kind, d, periods).as_json() for d in days]
        mismatches = [(d, g, e) for d, g, e in zip(days, got, expected, strict=True) if g != e]
        assert not mismatches, (kind, mismatches[:3])


def test_page_javascript_counts_days_weeks_months_and_rest_days_like_python(
        page_with_traffic, site_url):
    """Periods in waarden.yml may be in dagen, weken or maanden: all three must agree."""
    page, _ = page_with_traffic()
    page.goto(site_url + "/termijnen/")
    days = random_dates(99)
    for raw in ({"dagen": 3}, {"weken": 6}, {"maanden": 1}, {"maanden": 3}, {"maanden": 13}):
        period = period_from(raw)
        got = page.evaluate("([p, days]) => days.map(d => window.werkcafeTermijnen.after(p, d))",
                            [raw, [d.isoformat() for d in days]])
        assert got == [period.after(d).isoformat() for d in days], raw
    got = page.evaluate("days => days.map(d => window.werkcafeTermijnen.isRest(d))",
                        [d.isoformat() for d in days])
    assert got == [calendar.is_rest_day(d) for d in days]


def test_dutch_date_formats_are_read_and_impossible_dates_refused(page_with_traffic, site_url):
    page, _ = page_with_traffic()
    page.goto(site_url + "/termijnen/")
    parse = "t => window.werkcafeTermijnen.parse(t)"
    assert page.evaluate(parse, "28-12-2026") == "2026-12-28"
    assert page.evaluate(parse, "28 december 2026") == "2026-12-28"
    assert page.evaluate(parse, "1/2/2028") == "2028-02-01"
    assert page.evaluate(parse, "29-02-2028") == "2028-02-29"
    for wrong in ("31-02-2026", "29-02-2027", "32-01-2026", "gisteren", ""):
        assert page.evaluate(parse, wrong) is None, wrong


def calculate(page, kind: str, date: str) -> str:
    page.select_option("form.wc-calc select", kind)
    page.fill("form.wc-calc input", date)
    page.click("form.wc-calc button[type=submit]")
    return page.inner_text("form.wc-calc .wc-calc-result")


def test_result_is_written_out_counts_days_from_the_readers_today_and_is_announced(
        page_with_traffic, site_url):
    page, traffic = page_with_traffic()
    page.clock.set_fixed_time(dt.datetime(2026, 11, 30, 10, 0))
    page.goto(site_url + "/termijnen/")
    assert page.locator("form.wc-calc .wc-calc-result").get_attribute("aria-live") == "polite"
    assert page.get_by_label("Datum van de brief met de beslissing").count() == 1
    text = calculate(page, "bezwaar", "16-11-2026")
    assert "Uiterlijk maandag 28 december 2026 (28-12-2026)" in text
    assert "Je hebt nog 28 dagen." in text
    assert "uiterlijk maandag 4 januari 2027 aankomen" in text  # Awb 6:9
    text = calculate(page, "bezwaar", "13 november 2026")
    assert "vrijdag 25 december 2026" in text  # the count before the holiday moved it
    text = calculate(page, "bezwaar", "01-09-2026")
    assert "voorbij" in text and "6:11" in text
    text = calculate(page, "ingebrekestelling-gemeente", "16-11-2026")
    assert "uiterlijk maandag 8 februari 2027 (08-02-2027) beslissen" in text
    assert "vanaf dinsdag 9 februari 2027" in text and "tot dinsdag 23 februari 2027" in text
    text = calculate(page, "bezwaar", "31-02-2026")
    assert "bestaat niet" in text
    assert page.get_attribute("form.wc-calc input", "aria-invalid") == "true"
    # The label follows the kind: WIA counts from the first day of illness.
    page.select_option("form.wc-calc select", "wia")
    assert page.get_by_label("Je eerste ziektedag").count() == 1
    assert not traffic.foreign_hosts


def test_calendar_file_is_made_in_the_browser_with_a_reminder_a_week_before(
        page_with_traffic, site_url):
    page, traffic = page_with_traffic(accept_downloads=True)
    page.clock.set_fixed_time(dt.datetime(2026, 11, 30, 10, 0))
    page.goto(site_url + "/termijnen/")
    page.wait_for_load_state("networkidle")
    requests_before = len(traffic.requests)
    calculate(page, "bezwaar", "16-11-2026")
    with page.expect_download() as info:
        page.click("form.wc-calc .wc-calc-ics")
    body = open(info.value.path(), encoding="utf-8", newline="").read()  # noqa: PTH123
    lines = body.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and "END:VCALENDAR" in lines
    assert "DTSTART;VALUE=DATE:20261228" in lines
    assert "DTEND;VALUE=DATE:20261229" in lines
    alarm = lines[lines.index("BEGIN:VALARM"):lines.index("END:VALARM")]
    assert "TRIGGER:-P7D" in alarm and "ACTION:DISPLAY" in alarm
    assert any(line.startswith("SUMMARY:Laatste dag: Bezwaar") for line in lines)
    # Nothing was sent anywhere to make it.
    assert [u for u in traffic.requests[requests_before:] if not u.startswith("blob:")] == []


def test_without_javascript_the_rule_example_and_table_help(page_with_traffic, site_url,
                                                            built_site):
    page, _ = page_with_traffic(javascript=False)
    page.goto(site_url + "/termijnen/")
    assert not page.locator("form.wc-calc").is_visible()
    assert page.get_by_role("heading", name="Zo tellen we").is_visible()
    assert "maandag 28 december 2026" in page.inner_text(".wc-body")
    rows = page.locator(".wc-calc-table tbody tr")
    assert rows.count() >= 8 * 7
    # Build date in the table: the build ran today (or WERKCAFE_TODAY).
    first_cells = page.eval_on_selector_all(".wc-calc-table tbody tr td:first-child",
                                            "cells => cells.map(c => c.textContent)")
    today = dt.date.today().strftime("%d-%m-%Y")
    assert today in first_cells


@pytest.mark.parametrize("path", ["/brief/", "/en/brief/"])
def test_question_path_works_as_plain_links(page_with_traffic, site_url, path):
    page, _ = page_with_traffic(javascript=False)
    page.goto(site_url + path)
    hrefs = page.eval_on_selector_all(".wc-body a[href^='#']", "as => as.map(a => a.hash)")
    assert len(hrefs) >= 20
    for anchor in set(hrefs):
        assert page.locator(f"[id='{anchor[1:]}']").count() == 1, anchor
    # The path from "who" to an end point that gives guide, letter and help.
    page.click(".wc-body a[href='#van-uwv']")
    page.click(".wc-body a[href='#wat']")
    page.click(".wc-body a[href='#beslissing']")
    page.click(".wc-body a[href='#beslissing-oneens']")
    end = page.locator("#beslissing-oneens + ol")
    links = end.locator("a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert any("bezwaarschrift" in h for h in links) and any("bezwaar" in h for h in links)
    assert "#termijn" in links and "#hulp" in links


def test_start_page_regulation_guides_and_objection_guide_link_here(page_with_traffic, site_url):
    page, _ = page_with_traffic(javascript=False)
    for path in ("/", "/regelingen/ww/", "/regelingen/wia/", "/situaties/bezwaar/"):
        page.goto(site_url + path)
        # In the text, not only in the navigation.
        hrefs = page.eval_on_selector_all(".wc-body a", "as => as.map(a => a.href)")
        assert any(h.endswith("/brief/") for h in hrefs), path
        assert any(h.endswith("/termijnen/") for h in hrefs), path


def test_result_prints_as_one_page_with_what_to_do(page_with_traffic, site_url):
    page, _ = page_with_traffic()
    page.clock.set_fixed_time(dt.datetime(2026, 11, 30, 10, 0))
    page.goto(site_url + "/termijnen/")
    calculate(page, "bezwaar", "16-11-2026")
    page.emulate_media(media="print")
    assert page.locator(".wc-calc-result").is_visible()
    assert page.locator("#bezwaar .checklist").is_visible()  # the objection guide's checklist
    assert not page.locator("#wia").is_visible()
    assert not page.locator(".wc-calc-table").is_visible()
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1


@pytest.mark.parametrize("path", ["/termijnen/", "/en/termijnen/", "/brief/", "/en/brief/"])
def test_axe_finds_no_serious_violations(page_with_traffic, site_url, path):
    page, _ = page_with_traffic()
    page.clock.set_fixed_time(dt.datetime(2026, 11, 30, 10, 0))
    page.goto(site_url + path)
    calculate(page, "bezwaar", "16-11-2026")  # with a result on screen
    assert serious_violations(page) == []


def test_calculator_costs_at_most_20_kb_on_top_of_a_guide_page(page_with_traffic, site_url):
    costs = {}
    for path in ("/situaties/keuring/", "/termijnen/"):
        page, traffic = page_with_traffic()
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
        assert not traffic.foreign_hosts
        costs[path] = traffic.sent_bytes
    assert costs["/termijnen/"] - costs["/situaties/keuring/"] <= EXTRA_BUDGET, costs


def test_a_kind_without_a_guide_checklist_prints_its_own_steps(page_with_traffic, site_url):
    page, _ = page_with_traffic()
    page.clock.set_fixed_time(dt.datetime(2026, 11, 30, 10, 0))
    page.goto(site_url + "/termijnen/")
    calculate(page, "wia", "05-01-2026")
    page.emulate_media(media="print")
    assert page.locator("#wia p").first.is_visible()
    assert not page.locator("#bezwaar").is_visible()
