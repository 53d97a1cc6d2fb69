"""A reader who tries to recover hidden tally values from everything that is published.

Knowledge: tallies.json / tallies.csv (every row: a number, "<5" = 0..4, "≥5" = 5..N; the
full cells not listed in `cellen` hold 0..4 each), every sum between the tables (margins,
municipalities), and every number the knelpunten report states (counts, changes against
another quarter, how many threads a line links to). Interval propagation over all those
linear equalities, repeated until nothing changes, gives the tightest bounds this reader
finds. A hidden value pinned to 1..4 is a leak.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import product
from typing import Any

Var = tuple[str, ...]  # (table, *values in the table's dimension order)
FULL = ("regeling", "instantie", "thema", "oordeel")


@dataclass
class Knowledge:
    threshold: int
    bounds: dict[Var, tuple[int, int]] = field(default_factory=dict)
    hidden: set[Var] = field(default_factory=set)  # published as "<5"/"≥5", or unlisted
    relations: list[tuple[dict[Var, int], int]] = field(default_factory=list)  # sum c*x = b
    rest_size: dict[Var, int] = field(default_factory=dict)  # unlisted cells in a "rest"

    def var(self, name: Var, low: int, high: int, hidden: bool) -> None:
        old = self.bounds.get(name, (low, high))
        self.bounds[name] = (max(low, old[0]), min(high, old[1]))
        if hidden:
            self.hidden.add(name)

    def equal(self, total: Var, parts: Iterable[Var]) -> None:
        terms: dict[Var, int] = defaultdict(int)
        terms[total] += 1
        for part in parts:
            terms[part] -= 1
        self.relations.append((dict(terms), 0))

    def claim(self, terms: dict[Var, int], value: int, hidden_prior: tuple[int, int]) -> None:
        """The report says sum(c * x) = value; unknown variables get the hidden prior."""
        for name in terms:
            if name not in self.bounds:
                self.var(name, *hidden_prior, hidden=True)
        self.relations.append((terms, value))


def _prior(display: str, threshold: int, most: int) -> tuple[int, int, bool]:
    if display == f"<{threshold}":
        return 0, threshold - 1, True
    if display == f"≥{threshold}":
        return threshold, most, True
    return int(display), int(display), False


def _rows(tallies: dict[str, Any], table: str) -> list[dict[str, Any]]:
    return list(tallies.get("tables", {}).get(table, {}).get("rows", []))


def from_tallies(tallies: dict[str, Any], csv_rows: list[dict[str, str]], most: int
                 ) -> Knowledge:
    """`most`: an upper bound any reader knows (the number of published threads)."""
    threshold = int(tallies["threshold"])
    knowledge = Knowledge(threshold)
    # The CSV says the same as the JSON: it must, or it would be a second publication.
    csv_display = {(r["tabel"], r["kwartaal"], r["regeling"], r["instantie"], r["thema"],
                    r["oordeel"], r.get("gemeente", "alle")): r["aantal"] for r in csv_rows}
    tables = tallies["tables"]
    for table, spec in tables.items():
        dims = spec["dimensions"]
        for row in spec["rows"]:
            name = (table, *(str(row[d]) for d in dims))
            csv_key = (table, row["kwartaal"], *(row.get(d, "alle") for d in FULL),
                       row.get("gemeente", "alle"))
            assert csv_display.get(csv_key) == row["display"], (csv_key, row)
            low, high, hidden = _prior(row["display"], threshold, most)
            knowledge.var(name, low, high, hidden)
    # The sum relations, derived from the tables' dimensions as forum_sync/suppression.py
    # derives them: a dense table whose dimensions are a subset of another dense table's is
    # the sum of its rows; a dense table whose dimensions are a subset of `cellen`'s is the
    # sum of its listed full cells plus a rest of unlisted ones (0..4 each).
    sparse = "cellen"
    dims_of = {t: tuple(spec["dimensions"]) for t, spec in tables.items()}
    dense = [t for t in tables if t != sparse]
    names = {t: [(t, *(str(r[d]) for d in dims_of[t])) for r in tables[t]["rows"]]
             for t in tables}

    def project(name: Var, dims: tuple[str, ...], onto: tuple[str, ...]) -> tuple[str, ...]:
        by_dim = dict(zip(dims, name[1:], strict=True))
        return tuple(by_dim[d] for d in onto)

    for total in dense:
        for members in dense:
            if total == members or not set(dims_of[total]) < set(dims_of[members]):
                continue
            groups: dict[tuple[str, ...], list[Var]] = defaultdict(list)
            for name in names[members]:
                groups[project(name, dims_of[members], dims_of[total])].append(name)
            for name in names[total]:
                knowledge.equal(name, groups[tuple(name[1:])])
    sparse_dims = dims_of[sparse]
    keys = {d: list(tallies["labels"][d]) for d in sparse_dims if d != "kwartaal"}
    listed = set(names[sparse])
    for table in dense:
        if not set(dims_of[table]) <= set(sparse_dims):
            continue
        for name in names[table]:
            fixed = dict(zip(dims_of[table], name[1:], strict=True))
            cells = [(sparse, *combo) for combo in product(
                *[[fixed[d]] if d in fixed else keys[d] for d in sparse_dims])]
            inside = [c for c in cells if c in listed]
            rest = ("rest", *name)
            knowledge.rest_size[rest] = len(cells) - len(inside)
            knowledge.var(rest, 0, (threshold - 1) * knowledge.rest_size[rest], True)
            knowledge.equal(name, [*inside, rest])
    return knowledge


def propagate(knowledge: Knowledge) -> dict[Var, tuple[int, int]]:
    bounds = dict(knowledge.bounds)
    changed = True
    while changed:
        changed = False
        for terms, value in knowledge.relations:
            for name, coef in terms.items():
                low = high = value
                for other, c in terms.items():
                    if other == name:
                        continue
                    lo, hi = bounds[other]
                    low, high = low - max(c * lo, c * hi), high - min(c * lo, c * hi)
                new_lo, new_hi = (low, high) if coef == 1 else (-high, -low)
                old = bounds[name]
                tight = (max(old[0], new_lo), min(old[1], new_hi))
                if tight != old:
                    assert tight[0] <= tight[1], f"inconsistent publication at {name}"
                    bounds[name] = tight
                    changed = True
    return bounds


def leaks(knowledge: Knowledge, bounds: dict[Var, tuple[int, int]]) -> list[Var]:
    """Hidden values pinned to a small non-zero number. The unlisted cells of a sum (a
    "rest") leak when pinned to a small number (other sums' rests can place it in one cell),
    when they are one cell, or when all are pinned at the most they can hold: the rule of
    forum_sync/suppression.py's `exposed`."""
    found = []
    for name in sorted(knowledge.hidden):
        low, high = bounds[name]
        if low != high or low < 1:
            continue
        size = knowledge.rest_size.get(name)
        small = low < knowledge.threshold
        if size is None and small:
            found.append(name)
        elif size is not None and (small or size == 1
                                   or low == (knowledge.threshold - 1) * size):
            found.append(name)
    return found


# --- what the report states, read from its HTML ------------------------------------------

_ROW = re.compile(r"<tr ([^>]*)>(.*?)</tr>", re.S)
_ATTR = re.compile(r'data-([a-z]+)="([^"]*)"')
_CELL = re.compile(r"<td([^>]*)>(.*?)</td>", re.S)
_CHANGE = re.compile(r'data-change="(-?\d+)"')
_ITEM = re.compile(r'<li data-(line|gemeente)="([^"]+)">')


def _items(html: str) -> list[tuple[str, str, str]]:
    """(kind, key, its html: up to the next item or the end of its list) per report line."""
    found = list(_ITEM.finditer(html))
    result = []
    for index, match in enumerate(found):
        ends = [html.find(mark, match.end()) for mark in ("</section>", "</ol>", "<h3")]
        end = min([e for e in ends if e >= 0] or [len(html)])
        if index + 1 < len(found):
            end = min(end, found[index + 1].start())
        result.append((match.group(1), match.group(2), html[match.end():end]))
    return result


def shift(quarter: str, by: int) -> str:
    year, _, number = quarter.partition("-Q")
    index = int(year) * 4 + int(number) - 1 + by
    return f"{index // 4}-Q{index % 4 + 1}"


def report_claims(html: str, quarter: str, knowledge: Knowledge) -> int:
    """Add every number the report page states as a claim; returns how many."""
    prior = (0, knowledge.threshold - 1)
    claims = 0
    lines: dict[str, Var] = {}
    for attributes, body in _ROW.findall(html):
        attrs = dict(_ATTR.findall(attributes))
        cells = _CELL.findall(body)
        if "line" in attrs:
            name: Var = ("cellen", attrs["kwartaal"], attrs["regeling"], attrs["instantie"],
                         attrs["thema"], "negatief")
            lines[attrs["line"]] = name
        elif "thema" in attrs:
            name = ("thema", quarter, attrs["thema"], "negatief")
        elif "gemeente" in attrs:
            for cell_attrs, text in cells:
                oordeel = dict(_ATTR.findall(cell_attrs)).get("oordeel")
                if oordeel and text.strip().isdigit():
                    knowledge.claim({("gemeente", quarter, attrs["gemeente"], oordeel): 1},
                                    int(text), prior)
                    claims += 1
            continue
        else:
            continue
        count = next((text for cell_attrs, text in cells if "data-count" in cell_attrs), None)
        if count is not None and count.strip().isdigit():
            knowledge.claim({name: 1}, int(count), prior)
            claims += 1
        compared = [c for c in cells if "data-change" in c[1] or "nocompare" in c[1]]
        for (_, text), other in zip(compared, (shift(quarter, -1), shift(quarter, -4)),
                                    strict=False):
            found = _CHANGE.search(text)
            if found:
                before = (name[0], other, *name[2:])
                knowledge.claim({name: 1, before: -1}, int(found.group(1)), prior)
                claims += 1
    for kind, key, body in _items(html):
        links = body.count("<a ")
        if kind == "line" and key in lines:
            knowledge.claim({lines[key]: 1}, links, prior)
        elif kind == "gemeente":
            knowledge.claim({("gemeente", quarter, key, "negatief"): 1}, links, prior)
        claims += 1
    return claims
