"""The Algemene termijnenwet (Atw): which days do not count as the last day of a period.

Art. 1 lid 1: a period set in a law that ends on a Saturday, a Sunday or a general holiday
is extended to the next day that is none of these. Art. 1 lid 2: not for periods counted
backwards from a moment. Art. 3 lid 1 lists the holidays; art. 3 lid 2 puts Good Friday on a
par with them. Days the government adds by decree (art. 3 lid 3, e.g. the Friday after
Ascension Day) are not predictable and are left out: the date we give is then a day early,
never late. The calculator's JavaScript implements the same rules and is tested against this.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

ONE_DAY = dt.timedelta(days=1)
# Koningsdag (King's Day) exists since 2014; before that it was Koninginnedag on 30 April.
FIRST_YEAR = 2014
LAST_YEAR = 2099


def easter_sunday(year: int) -> dt.date:
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def kings_day(year: int) -> dt.date:
    """27 April, or 26 April when 27 April is a Sunday (Besluit viering Koningsdag)."""
    day = dt.date(year, 4, 27)
    return day - ONE_DAY if day.weekday() == 6 else day


@lru_cache(maxsize=256)
def holidays(year: int) -> dict[dt.date, str]:
    """The Atw's general holidays (art. 3 lid 1) and Good Friday (art. 3 lid 2) in a year."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"jaar {year} valt buiten {FIRST_YEAR}-{LAST_YEAR}")
    easter = easter_sunday(year)
    days = {
        dt.date(year, 1, 1): "Nieuwjaarsdag",
        easter - 2 * ONE_DAY: "Goede Vrijdag",
        easter + ONE_DAY: "Tweede Paasdag",
        kings_day(year): "Koningsdag",
        dt.date(year, 5, 5): "5 mei",
        easter + 39 * ONE_DAY: "Hemelvaartsdag",
        easter + 50 * ONE_DAY: "Tweede Pinksterdag",
        dt.date(year, 12, 25): "Eerste Kerstdag",
        dt.date(year, 12, 26): "Tweede Kerstdag",
    }
    return days


def is_rest_day(day: dt.date) -> bool:
    """Saturday, Sunday or an Atw holiday: a period cannot end on it."""
    return day.weekday() >= 5 or day in holidays(day.year)


def extend(day: dt.date) -> dt.date:
    """Atw art. 1 lid 1: move an end date to the first day that is not a rest day."""
    while is_rest_day(day):
        day += ONE_DAY
    return day
