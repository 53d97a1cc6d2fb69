"""The deadline kinds of the calculator, as pure functions of a start date and the periods.

Every period comes from data/waarden.yml (its `periode`), never from this file. Two readings
of the law are chosen on purpose, and said on the page:

- A deadline for the reader (bezwaar, beroep, WIA, WW) is never later than the law allows:
  where it is unclear whether the Algemene termijnenwet extends it, it is not extended.
- A day from which the reader may act (an ingebrekestelling is only valid after the decision
  period) is never earlier than the law allows: there the extension is always applied.

The JavaScript on /termijnen/ implements the same functions; tests/site/test_termijnen.py
compares the two on random dates.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from werkcafe.deadlines import calendar

UNITS = ("dagen", "weken", "maanden")


@dataclass(frozen=True)
class Period:
    unit: str  # dagen | weken | maanden
    amount: int

    def __post_init__(self) -> None:
        if self.unit not in UNITS or not isinstance(self.amount, int) or self.amount < 1:
            raise ValueError(f"ongeldige periode: {self.amount} {self.unit}")

    def after(self, day: dt.date) -> dt.date:
        """Last day of the period that starts the day after `day` (Awb 6:8: 'met ingang van
        de dag na'): six weeks after Monday 16 November end on Monday 28 December."""
        if self.unit == "dagen":
            return day + dt.timedelta(days=self.amount)
        if self.unit == "weken":
            return day + dt.timedelta(weeks=self.amount)
        month_index = day.month - 1 + self.amount
        year, month = day.year + month_index // 12, month_index % 12 + 1
        # A month without that day number ends the period on its last day.
        return dt.date(year, month, min(day.day, _calendar.monthrange(year, month)[1]))

    def as_json(self) -> dict[str, int]:
        return {self.unit: self.amount}


def period_from(raw: Any) -> Period:
    """A Period from waarden.yml's `periode` ({weken: 6}) or a Value's Period (unit, count)."""
    if isinstance(raw, Period):
        return raw
    if isinstance(raw, Mapping):
        if len(raw) != 1:
            raise ValueError(f"periode moet precies één van {', '.join(UNITS)} hebben: {raw!r}")
        (unit, amount), = raw.items()
        return Period(str(unit), amount)
    # werkcafe.content.values.Period: unit and count.
    unit = getattr(raw, "unit", None)
    amount = getattr(raw, "count", getattr(raw, "amount", None))
    if unit is None or amount is None:
        raise ValueError(f"onbekende periode: {raw!r}")
    return Period(str(unit), int(amount))


@dataclass(frozen=True)
class Kind:
    """A kind of deadline: what the date means and which values.yml periods it uses."""

    key: str
    start: str  # brief | beslissing | ziek | werkloos | ontvangst
    periods: tuple[str, ...]  # waarden.yml keys, in the order compute() uses them


KINDS: dict[str, Kind] = {k.key: k for k in (
    Kind("bezwaar", "brief", ("bezwaartermijn", "postverzending-termijn")),
    Kind("bezwaar-ziektewet", "brief", ("bezwaartermijn-ziektewet-hersteld",
                                        "postverzending-termijn")),
    Kind("beroep", "beslissing", ("beroepstermijn", "postverzending-termijn")),
    Kind("ingebrekestelling-gemeente", "brief",
         ("bezwaartermijn", "beslistermijn-bezwaar", "ingebrekestelling-termijn")),
    Kind("ingebrekestelling-commissie", "brief",
         ("bezwaartermijn", "beslistermijn-bezwaar-adviescommissie", "ingebrekestelling-termijn")),
    Kind("ingebrekestelling-uwv", "brief",
         ("bezwaartermijn", "beslistermijn-bezwaar-uwv", "ingebrekestelling-termijn")),
    Kind("ingebrekestelling-uwv-medisch", "brief",
         ("bezwaartermijn", "beslistermijn-bezwaar-uwv-medisch", "ingebrekestelling-termijn")),
    Kind("ingebrekestelling-aanvraag", "ontvangst",
         ("beslistermijn-aanvraag", "ingebrekestelling-termijn")),
    Kind("wia", "ziek", ("wia-aanvraag-week",)),
    Kind("ww", "werkloos", ("ww-aanvraag-termijn",)),
)}


@dataclass(frozen=True)
class Result:
    kind: str
    start: dt.date
    last_day: dt.date  # the deadline; for an ingebrekestelling: the end of the decision period
    counted: dt.date  # the plain count before the Algemene termijnenwet moved it
    arrive_by: dt.date | None = None  # Awb 6:9: a posted objection must arrive by then
    remind_from: dt.date | None = None  # first day an ingebrekestelling is valid
    remind_until: dt.date | None = None  # the two weeks the organisation then has

    @property
    def moved(self) -> bool:
        return self.last_day != self.counted

    def days_left(self, today: dt.date) -> int:
        return (self.last_day - today).days

    def as_json(self) -> dict[str, str | None]:
        def iso(day: dt.date | None) -> str | None:
            return day.isoformat() if day else None

        return {"last_day": iso(self.last_day), "counted": iso(self.counted),
                "arrive_by": iso(self.arrive_by), "remind_from": iso(self.remind_from),
                "remind_until": iso(self.remind_until)}


def compute(kind: str, start: dt.date, periods: Mapping[str, Period]) -> Result:
    """The deadline of `kind` for a letter dated (or an event on) `start`."""
    spec = KINDS[kind]
    p = [periods[key] for key in spec.periods]
    if kind in ("bezwaar", "bezwaar-ziektewet", "beroep"):
        # Awb 6:7/6:8: from the day after the letter; Atw art. 1: not on a rest day.
        counted = p[0].after(start)
        last = calendar.extend(counted)
        # Awb 6:9 lid 2: posted before the end, arriving at most a week after it.
        return Result(kind, start, last, counted, arrive_by=p[1].after(last))
    if kind.startswith("ingebrekestelling"):
        if spec.start == "brief":
            # Awb 7:10: the decision period starts after the objection period has ended.
            begin = calendar.extend(p[0].after(start))
            decision, reminder = p[1], p[2]
        else:
            begin, decision, reminder = start, p[0], p[1]
        counted = decision.after(begin)
        last = calendar.extend(counted)
        remind_from = last + calendar.ONE_DAY
        return Result(kind, start, last, counted, remind_from=remind_from,
                      remind_until=calendar.extend(reminder.after(remind_from)))
    if kind == "wia":
        # WIA art. 64: 'uiterlijk in week 93' of illness, the first day of illness being day 1
        # of week 1. Counted back from the end of the waiting time, so Atw art. 1 lid 2 keeps
        # it where it is.
        if p[0].unit != "weken":
            raise ValueError("wia-aanvraag-week moet in weken zijn")
        last = start + dt.timedelta(weeks=p[0].amount) - calendar.ONE_DAY
        return Result(kind, start, last, last)
    if kind == "ww":
        # UWV: 'uiterlijk binnen 1 week na uw eerste werkloosheidsdag'. Not extended: we could
        # not confirm that this period is set in a law (see the module docstring).
        last = p[0].after(start)
        return Result(kind, start, last, last)
    raise KeyError(kind)


def periods_from_values(values: Mapping[str, Any]) -> dict[str, Period]:
    """Every period the kinds need, read from the values' `period`; a missing one is an error."""
    needed = sorted({key for spec in KINDS.values() for key in spec.periods})
    periods: dict[str, Period] = {}
    missing = []
    for key in needed:
        value = values.get(key)
        raw = getattr(value, "period", None) if value is not None else None
        if raw is None:
            missing.append(key)
            continue
        periods[key] = period_from(raw)
    if missing:
        raise ValueError("data/waarden.yml mist een periode voor: " + ", ".join(missing))
    return periods
