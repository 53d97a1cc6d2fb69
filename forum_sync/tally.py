"""Experience tallies: how many published threads per quarter x regeling x instantie x thema x
oordeel, and per municipality, with small counts suppressed. Pure: topics in, tables out.

Counting. The unit is a published thread (topic) in an experience category. Each thread gets
one value per dimension from its tags, mapped through data/taxonomy.yml (forum tag -> key):
exactly one tag of a dimension's group gives that key; no tag or several tags give
`onbekend`, so every thread counts exactly once in every table and sums stay additive. The
municipality (`gemeente`) is the CBS code of the topic's one `gemeente-<slug>` tag (exact,
see werkcafe/gemeenten.py), `onbekend` for none or several. The
quarter is that of the topic's `created_at` (UTC), written `2026-Q2`. Tallies are recomputed
from the current published data on every export: a removed thread stops counting at once
(a quarter whose counts did not change reuses its suppression, cached by exactly those
counts: block_cache.py).

Tables (all suppressed consistently):

- `cellen`     kwartaal x regeling x instantie x thema x oordeel (the full cells)
- `regeling`   kwartaal x regeling x oordeel
- `instantie`  kwartaal x instantie x oordeel
- `thema`      kwartaal x thema x oordeel
- `totaal`     kwartaal x oordeel
- `gemeente`   kwartaal x gemeente x oordeel
- `gemeente_regeling`  kwartaal x gemeente x regeling x oordeel

Which rows are published. The margin tables (`regeling`, `instantie`, `thema`, `totaal`)
list every combination of quarter (every quarter from the first to the last one with a
thread) and taxonomy keys (plus `onbekend`), also those with no thread, so a chart needs no
gaps filled; for `gemeente` the keys are the municipalities with at least one counted thread
(any quarter, in CBS code order) plus `onbekend`. `cellen` lists only combinations with at
least `threshold` threads; every combination not listed there has fewer (possibly none).
Each row has `count` (an int, or null when hidden) and `display`: `"7"`, `"<5"` (0 to 4
threads) or `"≥5"` (5 or more, hidden so that no "<5" cell can be computed from the others:
complementary suppression).

Suppression (suppression.py). Primary: every count below the threshold is shown as "<5",
zero included, so "<5" never tells whether a combination occurs. Complementary: every margin
row is a sum (a `regeling` row = its full cells = its `gemeente_regeling` rows; a `gemeente`
row = its `gemeente_regeling` rows; a `totaal` row = the rows of each other margin table =
its full cells). For every hidden value the reader starts from what the publication says: a "<5" row
lies in [0, 4], a "≥5" one in [5, all threads], the unlisted full cells of a sum together in
[0, 4 x their number]. Interval constraint propagation then tightens these bounds over every
sum relation of the quarter until nothing changes. When a hidden value is pinned to a single
number from 1 to 4 (or the unlisted cells of a sum are all determined), the smallest
published value in a relation with it is hidden as well ("≥5"), and everything is
recomputed, until a fixed point. This checks intervals, not only "one hidden cell in a sum"
(two "<5" cells that must both be 1 are caught). It is a heuristic: propagation relation by
relation can be looser than solving all sums at once (linear programming), so it guarantees
only that no chain of single sum relations pins a hidden count; quarters are independent
(no sum crosses a quarter). Note that the exported threads themselves are public: the
suppression is open-data hygiene for tallies.csv used on its own.

tallies.json (for the site plugin; nothing to recompute):

    {"schema": 1, "generated_at": ISO8601, "unit": "topic", "threshold": 5,
     "suppressed_display": {"below": "<5", "complementary": "≥5"},
     "dimensions": ["kwartaal", "regeling", "instantie", "thema", "oordeel"],  # of `cellen`
     "quarters": ["2025-Q3", ..., "2026-Q4"],
     "labels": {"regeling": {"ww": {"nl": "...", "en": "..."}, ..., "onbekend": {...}}, ...,
                "gemeente": {"GM0344": {"nl": "Utrecht", "en": "Utrecht"}, "onbekend": {...}}},
     "tables": {"cellen": {"dimensions": [...], "rows": [
         {"kwartaal": "2026-Q2", "regeling": "ww", "instantie": "uwv", "thema": "wachttijd",
          "oordeel": "negatief", "count": 7, "display": "7"}, ...]},
      "regeling": {"dimensions": ["kwartaal", "regeling", "oordeel"], "rows": [
         {"kwartaal": "2026-Q2", "regeling": "ww", "oordeel": "negatief", "count": 9,
          "display": "9"},
         {..., "count": null, "display": "<5"}, {..., "count": null, "display": "≥5"}, ...]},
      "instantie": {...}, "thema": {...}, "totaal": {...},
      "gemeente": {"dimensions": ["kwartaal", "gemeente", "oordeel"], "rows": [...]},
      "gemeente_regeling": {...}}}

Rows are sorted by kwartaal, then taxonomy order (`onbekend` last); labels hold every key.
tallies.csv has the same rows, one per line, tables in the order above:
`tabel,kwartaal,regeling,instantie,thema,oordeel,gemeente,aantal` (`alle` where a table sums
over a dimension; `aantal` is the display value). datapackage.py describes it for Frictionless;
see forum_sync/OPEN_DATA.md.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from forum_sync.block_cache import BlockCache
from forum_sync.model import parse_time
from forum_sync.suppression import Grid, Key, Layout, suppress

DIMENSIONS = ("regeling", "instantie", "thema", "oordeel")  # from the taxonomy tags
PLACE = "gemeente"  # from the tag gemeente-<slug>: a CBS code, or onbekend
ALL_DIMENSIONS = (*DIMENSIONS, PLACE)
UNKNOWN = "onbekend"
ALL = "alle"
TABLES: dict[str, tuple[str, ...]] = {
    "cellen": ("kwartaal", "regeling", "instantie", "thema", "oordeel"),
    "regeling": ("kwartaal", "regeling", "oordeel"),
    "instantie": ("kwartaal", "instantie", "oordeel"),
    "thema": ("kwartaal", "thema", "oordeel"),
    "totaal": ("kwartaal", "oordeel"),
    "gemeente": ("kwartaal", "gemeente", "oordeel"),
    "gemeente_regeling": ("kwartaal", "gemeente", "regeling", "oordeel"),
}
LAYOUT = Layout(TABLES, sparse="cellen")
CSV_COLUMNS = ("tabel", "kwartaal", *ALL_DIMENSIONS, "aantal")
UNKNOWN_LABEL = {"nl": "Onbekend", "en": "Unknown"}


@dataclass(frozen=True)
class TallyTopic:
    created_at: str
    values: Mapping[str, str]  # dimension -> taxonomy key / CBS code, or "onbekend"


def quarter(created_at: str) -> str:
    when = parse_time(created_at)
    if when is None:
        raise ValueError(f"not a timestamp: {created_at!r}")
    return f"{when.year}-Q{(when.month - 1) // 3 + 1}"


def classify(
    keys_by_group: Mapping[str, Sequence[str]], tag_groups: Mapping[str, str]
) -> dict[str, str]:
    """One value per dimension: the single key of its taxonomy group, else `onbekend`."""
    values = {}
    for dimension in DIMENSIONS:
        keys = list(dict.fromkeys(keys_by_group.get(tag_groups.get(dimension, ""), ())))
        values[dimension] = keys[0] if len(keys) == 1 else UNKNOWN
    return values


def count(topics: Iterable[TallyTopic]) -> dict[Key, int]:
    """Counts of every table (only combinations that occur)."""
    counts: Counter[Key] = Counter()
    for topic in topics:
        row = {
            "kwartaal": quarter(topic.created_at),
            **{d: topic.values.get(d, UNKNOWN) for d in ALL_DIMENSIONS},
        }
        for table, dims in TABLES.items():
            counts[(table, tuple(row[d] for d in dims))] += 1
    return dict(counts)


def quarter_range(quarters: Iterable[str]) -> list[str]:
    """Every quarter from the first to the last one given (empty ones included)."""
    present = sorted(set(quarters))
    if not present:
        return []
    year, q = (int(x) for x in present[0].split("-Q"))
    result = []
    while True:
        label = f"{year}-Q{q}"
        result.append(label)
        if label == present[-1]:
            return result
        year, q = (year + 1, 1) if q == 4 else (year, q + 1)


def make_grid(counts: Mapping[Key, int], keys: Mapping[str, Sequence[str]]) -> Grid:
    full = {d: list(dict.fromkeys([*keys.get(d, ()), UNKNOWN])) for d in DIMENSIONS}
    for (table, values), _ in sorted(counts.items()):
        for d, v in zip(TABLES[table], values, strict=True):
            if d != "kwartaal" and d in full and v not in full[d]:
                full[d].append(v)  # a value outside the taxonomy still counts
    # Municipalities: only those with a thread (in CBS code order), then onbekend.
    places = sorted({v[1] for (t, v) in counts if t == "gemeente"} - {UNKNOWN})
    full[PLACE] = [*places, UNKNOWN]
    quarters = quarter_range(v[0] for (t, v) in counts if t == "totaal")
    return Grid(tuple(quarters), {d: tuple(v) for d, v in full.items()}, LAYOUT)


@dataclass(frozen=True)
class Tallies:
    counts: dict[Key, int]
    grid: Grid
    primary: frozenset[Key]  # published as "<5" (0 to threshold-1)
    secondary: frozenset[Key]  # published as "≥5" (complementary suppression)
    threshold: int


def compute(
    topics: Iterable[TallyTopic],
    threshold: int,
    keys: Mapping[str, Sequence[str]] | None = None,
    cache: BlockCache | None = None,
) -> Tallies:
    """`cache` keeps the exact check's results by block (block_cache.py), e.g. in the store."""
    counts = count(topics)
    grid = make_grid(counts, keys or {})
    primary, secondary = suppress(counts, grid, threshold, cache)
    return Tallies(counts, grid, frozenset(primary), frozenset(secondary), threshold)


def display(tallies: Tallies, key: Key) -> str:
    if key in tallies.primary:
        return f"<{tallies.threshold}"
    if key in tallies.secondary:
        return f"≥{tallies.threshold}"
    return str(tallies.counts.get(key, 0))


def rows(tallies: Tallies) -> dict[str, list[dict[str, object]]]:
    """Every published row: all margin combinations, and full cells with ≥ threshold threads."""
    result: dict[str, list[dict[str, object]]] = {}
    order = {d: {k: i for i, k in enumerate(tallies.grid.keys[d])} for d in ALL_DIMENSIONS}
    listed = sorted(
        (k for k, c in tallies.counts.items() if k[0] == "cellen" and c >= tallies.threshold),
        key=lambda k: (k[1][0], *(order[d][v] for d, v in zip(DIMENSIONS, k[1][1:], strict=True))),
    )
    for table in TABLES:
        keys = listed if table == "cellen" else tallies.grid.margin_keys(table)
        table_rows = []
        for key in keys:
            hidden = key in tallies.primary or key in tallies.secondary
            row: dict[str, object] = dict(zip(TABLES[table], key[1], strict=True))
            row["count"] = None if hidden else tallies.counts.get(key, 0)
            row["display"] = display(tallies, key)
            table_rows.append(row)
        result[table] = table_rows
    return result


def to_json(
    tallies: Tallies, labels: Mapping[str, Mapping[str, Mapping[str, str]]], generated_at: str
) -> dict[str, object]:
    full_labels = {
        d: {
            key: dict(
                labels.get(d, {}).get(
                    key, UNKNOWN_LABEL if key == UNKNOWN else {"nl": key, "en": key}
                )
            )
            for key in tallies.grid.keys[d]
        }
        for d in ALL_DIMENSIONS
    }
    return {
        "schema": 1,
        "generated_at": generated_at,
        "unit": "topic",
        "threshold": tallies.threshold,
        "suppressed_display": {
            "below": f"<{tallies.threshold}",
            "complementary": f"≥{tallies.threshold}",
        },
        "dimensions": list(TABLES["cellen"]),
        "quarters": list(tallies.grid.quarters),
        "labels": full_labels,
        "tables": {t: {"dimensions": list(TABLES[t]), "rows": r} for t, r in rows(tallies).items()},
    }


def to_csv(tallies: Tallies) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for table, table_rows in rows(tallies).items():
        for row in table_rows:
            writer.writerow(
                [
                    table,
                    row["kwartaal"],
                    *(row.get(d, ALL) for d in ALL_DIMENSIONS),
                    row["display"],
                ]
            )
    return out.getvalue()
