"""The knelpunten report: what one quarter's tallies say, as plain data (no HTML).

Pure functions of tallies.json and the exported topics. The rule that keeps the report as
safe as the tallies: it only repeats published values (`display` strings and unsuppressed
`count`s) and the difference of two unsuppressed counts at or above the threshold, both of
which a reader of tallies.csv has already. It never adds, subtracts or otherwise derives a
value from a hidden ("<5", "≥5") one, so the report pins nothing the tallies do not.

Fields from later export versions (`herkenbaar`, `taxonomy.gemeenten`, the `gemeente`
tables) are read defensively: missing means zero or empty.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from forum_sync.tally import quarter as quarter_of
from werkcafe.plugins.forum.export import Topic

COMBINATION = ("regeling", "instantie", "thema")
GROUP_OF = {"regeling": "regelingen", "instantie": "instanties", "thema": "themas",
            "oordeel": "oordelen", "gemeente": "gemeenten"}
UNKNOWN = "onbekend"
NEGATIVE = "negatief"
TOP_LINES = 10
TOP_THEMES = 5
TOP_RECOGNISED = 5


@dataclass(frozen=True)
class Comparison:
    quarter: str
    display: str | None  # that quarter's published value; None: not published (fewer)
    change: int | None  # only when both counts are published and at/above the threshold


@dataclass(frozen=True)
class Line:
    """One combination (regeling x instantie x thema) with negative experiences."""
    keys: dict[str, str]
    count: int
    display: str
    previous: Comparison
    year_ago: Comparison
    topics: tuple[Topic, ...]
    recognised: int  # sum of `herkenbaar` over the threads behind the line


@dataclass(frozen=True)
class ThemeChange:
    thema: str
    count: int
    display: str
    previous: Comparison
    year_ago: Comparison


@dataclass(frozen=True)
class MunicipalityLine:
    gemeente: str
    displays: dict[str, str]  # oordeel -> display
    negative: int | None  # the negative count when published
    topics: tuple[Topic, ...]  # the negative threads, only when `negative` is published
    regelingen: tuple[tuple[str, str], ...]  # (regeling, display) of published negatives


@dataclass(frozen=True)
class QuarterReport:
    quarter: str
    threshold: int
    complete: bool  # False for the quarter that is still running
    total_display: str | None  # negative experiences in the quarter (totaal table)
    lines: tuple[Line, ...]
    rose: tuple[ThemeChange, ...]
    fell: tuple[ThemeChange, ...]
    not_comparable: tuple[str, ...]  # themes published now without a comparable previous
    municipalities: tuple[MunicipalityLine, ...]
    municipalities_hidden: tuple[str, ...]  # listed, but every count too small to show
    recognised: tuple[Topic, ...]  # the quarter's most recognised negative threads


def slug(quarter: str) -> str:
    """'2026-Q3' -> '2026-k3' (the report's URL part)."""
    year, _, number = quarter.partition("-Q")
    return f"{int(year)}-k{int(number)}"


def shift(quarter: str, quarters: int) -> str:
    year, _, number = quarter.partition("-Q")
    index = int(year) * 4 + int(number) - 1 + quarters
    return f"{index // 4}-Q{index % 4 + 1}"


def quarter_end(quarter: str) -> dt.date:
    """The first day after the quarter."""
    year, _, number = shift(quarter, 1).partition("-Q")
    return dt.date(int(year), (int(number) - 1) * 3 + 1, 1)


def herkenbaar(topic: Topic) -> int:
    return topic.herkenbaar


def rows(tallies: dict[str, Any] | None, table: str) -> list[dict[str, Any]]:
    tables = (tallies or {}).get("tables")
    found = tables.get(table) if isinstance(tables, dict) else None
    listed = found.get("rows") if isinstance(found, dict) else None
    return [r for r in listed if isinstance(r, dict)] if isinstance(listed, list) else []


def published(row: dict[str, Any] | None, threshold: int) -> int | None:
    """The row's count when it is published and at or above the threshold, else None."""
    if row is None:
        return None
    count = row.get("count")
    if isinstance(count, bool) or not isinstance(count, int) or count < threshold:
        return None
    return count


def threshold_of(tallies: dict[str, Any] | None) -> int:
    value = (tallies or {}).get("threshold", 5)
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 5


def quarters(tallies: dict[str, Any] | None) -> list[str]:
    """The quarters with a report: those tallies.json lists, in order."""
    listed = (tallies or {}).get("quarters")
    result = []
    for q in listed if isinstance(listed, list) else []:
        try:
            if isinstance(q, str) and shift(q, 0) == q:
                result.append(q)
        except ValueError:
            continue
    return sorted(set(result))


def latest(tallies: dict[str, Any] | None, generated: dt.date) -> str | None:
    """The newest complete quarter (the running one only when none is complete)."""
    found = quarters(tallies)
    complete = [q for q in found if quarter_end(q) <= generated]
    return (complete or found or [None])[-1]


def classify(topic: Topic, dimension: str) -> str:
    """The tally's rule: exactly one key of the group gives it, none or several `onbekend`."""
    keys = list(dict.fromkeys(topic.keys(GROUP_OF[dimension])))
    return keys[0] if len(keys) == 1 else UNKNOWN


def _topic_quarter(topic: Topic) -> str | None:
    try:
        return quarter_of(topic.created_at)
    except ValueError:
        return None


def negative_topics(topics: Sequence[Topic], quarter: str) -> list[Topic]:
    return [t for t in topics if t.experience and _topic_quarter(t) == quarter
            and classify(t, "oordeel") == NEGATIVE]


def _index(table_rows: list[dict[str, Any]], dims: Sequence[str]
           ) -> dict[tuple[str, ...], dict[str, Any]]:
    return {tuple(str(r.get(d)) for d in dims): r for r in table_rows}


def _compare(index: dict[tuple[str, ...], dict[str, Any]], key: tuple[str, ...], count: int,
             other_quarter: str, threshold: int) -> Comparison:
    row = index.get((other_quarter, *key))
    other = published(row, threshold)
    return Comparison(other_quarter, str(row.get("display")) if row else None,
                      count - other if other is not None and count >= threshold else None)


def _by_recognition(topics: Sequence[Topic]) -> tuple[Topic, ...]:
    return tuple(sorted(topics, key=lambda t: (-herkenbaar(t), t.created_at, t.id)))


def _lines(tallies: dict[str, Any], topics: list[Topic], quarter: str, threshold: int
           ) -> tuple[Line, ...]:
    dims = ("kwartaal", *COMBINATION, "oordeel")
    cells = rows(tallies, "cellen")
    index = _index(cells, dims)
    lines = []
    for row in cells:
        count = published(row, threshold)
        if row.get("kwartaal") != quarter or row.get("oordeel") != NEGATIVE or count is None:
            continue
        keys = {d: str(row.get(d)) for d in COMBINATION}
        key = (*keys.values(), NEGATIVE)
        behind = _by_recognition([t for t in topics
                                  if all(classify(t, d) == keys[d] for d in COMBINATION)])
        lines.append(Line(keys, count, str(row.get("display")),
                          _compare(index, key, count, shift(quarter, -1), threshold),
                          _compare(index, key, count, shift(quarter, -4), threshold),
                          behind, sum(herkenbaar(t) for t in behind)))
    # Most negative experiences first; among equals, the most recognised (method section).
    lines.sort(key=lambda line: (-line.count, -line.recognised, tuple(line.keys.values())))
    return tuple(lines[:TOP_LINES])


def _themes(tallies: dict[str, Any], quarter: str, threshold: int
            ) -> tuple[tuple[ThemeChange, ...], tuple[ThemeChange, ...], tuple[str, ...]]:
    table = rows(tallies, "thema")
    index = _index(table, ("kwartaal", "thema", "oordeel"))
    changes, not_comparable = [], []
    for row in table:
        if row.get("kwartaal") != quarter or row.get("oordeel") != NEGATIVE:
            continue
        count = published(row, threshold)
        if count is None:
            continue
        key = (str(row.get("thema")), NEGATIVE)
        change = ThemeChange(key[0], count, str(row.get("display")),
                             _compare(index, key, count, shift(quarter, -1), threshold),
                             _compare(index, key, count, shift(quarter, -4), threshold))
        (changes if change.previous.change is not None else not_comparable).append(change)
    rose = sorted((c for c in changes if c.previous.change > 0),
                  key=lambda c: (-c.previous.change, c.thema))
    fell = sorted((c for c in changes if c.previous.change < 0),
                  key=lambda c: (c.previous.change, c.thema))
    return (tuple(rose[:TOP_THEMES]), tuple(fell[:TOP_THEMES]),
            tuple(c.thema for c in not_comparable))


def _municipalities(tallies: dict[str, Any], topics: list[Topic], quarter: str,
                    threshold: int) -> tuple[tuple[MunicipalityLine, ...], tuple[str, ...]]:
    by_code: dict[str, dict[str, dict[str, Any]]] = {}
    for row in rows(tallies, "gemeente"):
        code = row.get("gemeente")
        if row.get("kwartaal") == quarter and isinstance(code, str) and code != UNKNOWN:
            by_code.setdefault(code, {})[str(row.get("oordeel"))] = row
    per_regeling: dict[str, list[tuple[str, str]]] = {}
    for row in rows(tallies, "gemeente_regeling"):
        if (row.get("kwartaal") == quarter and row.get("oordeel") == NEGATIVE
                and published(row, threshold) is not None):
            per_regeling.setdefault(str(row.get("gemeente")), []).append(
                (str(row.get("regeling")), str(row.get("display"))))
    shown, hidden = [], []
    for code, by_oordeel in sorted(by_code.items()):
        if not any(published(r, threshold) is not None for r in by_oordeel.values()):
            hidden.append(code)
            continue
        negative = published(by_oordeel.get(NEGATIVE), threshold)
        behind = _by_recognition([t for t in topics if classify(t, "gemeente") == code]
                                 ) if negative is not None else ()
        shown.append(MunicipalityLine(
            code, {o: str(r.get("display")) for o, r in by_oordeel.items()}, negative,
            behind, tuple(per_regeling.get(code, ()))))
    shown.sort(key=lambda m: (-(m.negative or 0), m.gemeente))
    return tuple(shown), tuple(hidden)


def build(tallies: dict[str, Any] | None, topics: Sequence[Topic], quarter: str,
          generated: dt.date) -> QuarterReport:
    threshold = threshold_of(tallies)
    negatives = negative_topics(topics, quarter)
    total = next((r for r in rows(tallies, "totaal") if r.get("kwartaal") == quarter
                  and r.get("oordeel") == NEGATIVE), None)
    rose, fell, not_comparable = _themes(tallies or {}, quarter, threshold)
    municipalities, hidden = _municipalities(tallies or {}, negatives, quarter, threshold)
    recognised = tuple(t for t in _by_recognition(negatives) if herkenbaar(t))[:TOP_RECOGNISED]
    return QuarterReport(
        quarter=quarter, threshold=threshold, complete=quarter_end(quarter) <= generated,
        total_display=str(total.get("display")) if total else None,
        lines=_lines(tallies or {}, negatives, quarter, threshold),
        rose=rose, fell=fell, not_comparable=not_comparable,
        municipalities=municipalities, municipalities_hidden=hidden, recognised=recognised)
