"""The law's rules, one test per rule, with the edge cases the calculator must get right."""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.easter import easter as dateutil_easter

from werkcafe.deadlines import calendar
from werkcafe.deadlines.rules import KINDS, Period, compute, period_from, periods_from_values

D = dt.date
# The periods as data/waarden.yml gives them; here typed so each rule is tested on its own.
PERIODS = {
    "bezwaartermijn": Period("weken", 6),
    "beroepstermijn": Period("weken", 6),
    "bezwaartermijn-ziektewet-hersteld": Period("weken", 2),
    "postverzending-termijn": Period("weken", 1),
    "beslistermijn-bezwaar": Period("weken", 6),
    "beslistermijn-bezwaar-adviescommissie": Period("weken", 12),
    "beslistermijn-bezwaar-uwv": Period("weken", 13),
    "beslistermijn-bezwaar-uwv-medisch": Period("weken", 17),
    "beslistermijn-aanvraag": Period("weken", 8),
    "ingebrekestelling-termijn": Period("weken", 2),
    "wia-aanvraag-week": Period("weken", 93),
    "ww-aanvraag-termijn": Period("weken", 1),
}


def bezwaar(letter: dt.date) -> dt.date:
    return compute("bezwaar", letter, PERIODS).last_day


# -- Easter and the holidays of the Algemene termijnenwet ----------------------------------

@pytest.mark.parametrize("year", range(calendar.FIRST_YEAR, calendar.LAST_YEAR + 1))
def test_easter_is_computed_like_dateutil(year):
    assert calendar.easter_sunday(year) == dateutil_easter(year)


def test_holidays_of_2026_are_the_laws_list():
    days = calendar.holidays(2026)
    assert sorted(days) == [D(2026, 1, 1), D(2026, 4, 3), D(2026, 4, 6), D(2026, 4, 27),
                            D(2026, 5, 5), D(2026, 5, 14), D(2026, 5, 25), D(2026, 12, 25),
                            D(2026, 12, 26)]
    assert days[D(2026, 4, 3)] == "Goede Vrijdag"  # art. 3 lid 2 puts it on a par
    assert D(2026, 4, 5) not in days  # Easter Sunday is a Sunday anyway
    assert D(2026, 5, 24) not in days  # so is Whit Sunday


def test_kings_day_moves_to_26_april_when_27_april_is_a_sunday():
    assert calendar.kings_day(2025) == D(2025, 4, 26)
    assert D(2025, 4, 27) not in calendar.holidays(2025)
    assert calendar.kings_day(2026) == D(2026, 4, 27)


def test_fifth_of_may_every_year_not_only_every_fifth_year():
    for year in (2026, 2027, 2028, 2030):
        assert D(year, 5, 5) in calendar.holidays(year)


def test_years_outside_kings_day_era_are_refused():
    with pytest.raises(ValueError):
        calendar.holidays(2013)


# -- Awb 6:7/6:8 with the Algemene termijnenwet --------------------------------------------

def test_period_starts_the_day_after_the_letter():
    # Letter Monday 16 November 2026: six weeks end on Monday 28 December 2026.
    assert bezwaar(D(2026, 11, 16)) == D(2026, 12, 28)


def test_ordinary_weekday_end_is_not_moved():
    result = compute("bezwaar", D(2026, 9, 1), PERIODS)
    assert result.last_day == result.counted == D(2026, 10, 13)
    assert not result.moved


def test_saturday_end_moves_to_monday():
    assert bezwaar(D(2026, 9, 5)) == D(2026, 10, 19)  # Sat 17 Oct -> Mon 19 Oct


def test_sunday_end_before_kings_day_moves_past_it():
    # Sunday 26 April 2026, Monday 27 April is Koningsdag -> Tuesday 28 April.
    assert bezwaar(D(2026, 3, 15)) == D(2026, 4, 28)


def test_saturday_kings_day_2025_then_monday_27_april_is_a_working_day():
    # Friday 14 March 2025 + 6 weeks = Friday 25 April; Saturday 15 March -> Sat 26 April
    # (Koningsdag on a Saturday) -> Monday 28 April; 27 April 2025 is an ordinary Sunday.
    assert bezwaar(D(2025, 3, 15)) == D(2025, 4, 28)


def test_christmas_followed_by_a_weekend():
    # Friday 25 December 2026, Saturday 26, Sunday 27 -> Monday 28 December.
    assert bezwaar(D(2026, 11, 13)) == D(2026, 12, 28)


def test_fifth_of_may():
    assert bezwaar(D(2026, 3, 24)) == D(2026, 5, 6)  # Tuesday 5 May 2026 -> Wednesday


def test_ascension_day():
    # Thursday 14 May 2026 -> Friday 15 May (a decree may add that Friday; we do not count on it).
    assert bezwaar(D(2026, 4, 2)) == D(2026, 5, 15)


def test_good_friday_and_easter_monday():
    # Friday 3 April 2026 (Good Friday) -> Sat, Sun, Easter Monday -> Tuesday 7 April.
    assert bezwaar(D(2026, 2, 20)) == D(2026, 4, 7)


def test_leap_year():
    assert bezwaar(D(2028, 1, 18)) == D(2028, 2, 29)  # Tuesday 29 February 2028
    assert Period("maanden", 1).after(D(2028, 1, 31)) == D(2028, 2, 29)
    assert Period("maanden", 1).after(D(2027, 1, 31)) == D(2027, 2, 28)


def test_turn_of_the_year():
    # Friday 1 January 2027 (Nieuwjaarsdag) -> Monday 4 January 2027.
    assert bezwaar(D(2026, 11, 20)) == D(2027, 1, 4)


def test_shorter_ziektewet_period():
    assert compute("bezwaar-ziektewet", D(2026, 12, 11), PERIODS).last_day == D(2026, 12, 28)


def test_beroep_counts_like_bezwaar():
    assert compute("beroep", D(2026, 11, 13), PERIODS).last_day == D(2026, 12, 28)


# -- Awb 6:9: posted in time ----------------------------------------------------------------

def test_posted_objection_must_arrive_within_a_week_after_the_end():
    result = compute("bezwaar", D(2026, 11, 16), PERIODS)
    assert result.arrive_by == D(2027, 1, 4)


# -- Ingebrekestelling (Awb 7:10, 4:13, 4:17, 6:12) -----------------------------------------

def test_ingebrekestelling_after_decision_period_on_objection():
    # Objection period ends Mon 28 Dec 2026; six more weeks end Mon 8 Feb 2027.
    result = compute("ingebrekestelling-gemeente", D(2026, 11, 16), PERIODS)
    assert result.last_day == D(2027, 2, 8)
    assert result.remind_from == D(2027, 2, 9)
    assert result.remind_until == D(2027, 2, 23)


def test_ingebrekestelling_uwv_uses_the_longer_period_from_the_extended_objection_end():
    # Objection end moved from Fri 25 Dec to Mon 28 Dec 2026; 13 weeks -> Mon 29 Mar 2027,
    # which is Easter Monday -> Tuesday 30 March.
    result = compute("ingebrekestelling-uwv", D(2026, 11, 13), PERIODS)
    assert result.counted == D(2027, 3, 29)
    assert result.last_day == D(2027, 3, 30)


def test_ingebrekestelling_on_application_counts_from_receipt():
    result = compute("ingebrekestelling-aanvraag", D(2026, 3, 10), PERIODS)
    assert result.last_day == D(2026, 5, 6)  # Tue 5 May 2026 -> Wed 6 May


# -- WIA week 93 and WW one week --------------------------------------------------------------

def test_wia_last_day_of_week_93_counting_the_first_sick_day_as_day_one():
    # Ill from Monday 5 January 2026: week 1 is 5-11 January, week 93 ends Sunday 17 Oct 2027.
    result = compute("wia", D(2026, 1, 5), PERIODS)
    assert result.last_day == D(2026, 1, 5) + dt.timedelta(days=93 * 7 - 1) == D(2027, 10, 17)


def test_wia_is_not_moved_off_a_sunday():
    # Counted back from the end of the waiting time (Atw art. 1 lid 2): never extended.
    result = compute("wia", D(2026, 1, 5), PERIODS)
    assert result.last_day.weekday() == 6 and not result.moved


def test_ww_one_week_after_the_first_day_without_work_not_extended():
    assert compute("ww", D(2026, 12, 21), PERIODS).last_day == D(2026, 12, 28)
    assert compute("ww", D(2026, 12, 19), PERIODS).last_day == D(2026, 12, 26)


# -- periods come from the values -------------------------------------------------------------

def test_period_from_waarden_shape():
    assert period_from({"weken": 6}) == Period("weken", 6)
    with pytest.raises(ValueError):
        period_from({"weken": 6, "dagen": 1})
    with pytest.raises(ValueError):
        period_from({"jaren": 1})


def test_period_from_a_values_period_object():
    class ValuesPeriod:  # the shape of werkcafe.content.values.Period
        unit, count = "weken", 13

    assert period_from(ValuesPeriod()) == Period("weken", 13)


def test_every_kind_finds_its_periods_in_data_waarden():
    from werkcafe.content.values import load_values

    periods = periods_from_values(load_values())
    for kind in KINDS:
        compute(kind, D(2026, 11, 30), periods)


def test_a_missing_period_is_an_error_naming_the_key():
    with pytest.raises(ValueError, match="bezwaartermijn"):
        periods_from_values({})


def test_days_left_from_the_readers_today():
    result = compute("bezwaar", D(2026, 11, 16), PERIODS)
    assert result.days_left(D(2026, 11, 30)) == 28
    assert result.days_left(D(2026, 12, 29)) == -1
