"""An attacker on the published tallies: tallies.json and tallies.csv, nothing else.

Written independently of forum_sync.suppression: it knows only what the files say. Every
combination of every table is an integer unknown: a published number is fixed, "<5" is 0..4,
"≥5" is 5..BIG, and a full cell missing from `cellen` is 0..4 (the files say so). Every table
whose dimensions are a subset of another's is that table summed (derived from the dimension
lists alone, so it covers the municipality tables and any future one). For every hidden value
it asks an integer linear program (scipy's HiGHS) for the smallest and the largest value the
whole system allows; a value from 1 to 4 that only one solution allows is recovered. (To save
time, a handful of solutions for random objectives first rules out every value that differs
between two of them: a pinned value is the same in every solution.)
"""

from __future__ import annotations

import csv
import io
import itertools
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

import numpy as np
from scipy.optimize import LinearConstraint, milp
from scipy.sparse import lil_matrix

BIG = 10_000
COLUMNS = ("kwartaal", "regeling", "instantie", "thema", "oordeel", "gemeente")


def read_published(data: Mapping[str, Any], csv_text: str) -> dict[tuple[str, tuple], str]:
    """(table, values in the table's dimension order) -> display, from the CSV; the JSON must
    say exactly the same (the two files are one publication)."""
    tables = {t: tuple(v["dimensions"]) for t, v in data["tables"].items()}
    cells: dict[tuple[str, tuple], str] = {}
    reader = csv.DictReader(io.StringIO(csv_text))
    for row in reader:
        dims = tables[row["tabel"]]
        for column in COLUMNS:
            assert (row[column] == "alle") == (column not in dims), row
        cells[(row["tabel"], tuple(row[d] for d in dims))] = row["aantal"]
    from_json = {
        (t, tuple(r[d] for d in tables[t])): r["display"]
        for t, v in data["tables"].items()
        for r in v["rows"]
    }
    assert from_json == cells, "tallies.json and tallies.csv disagree"
    return cells


def recovered(data: Mapping[str, Any], csv_text: str) -> list[tuple[tuple[str, tuple], int]]:
    """Every hidden value the attacker pins to 1..4, with its value."""
    cells = read_published(data, csv_text)
    tables = {t: tuple(v["dimensions"]) for t, v in data["tables"].items()}
    universe = {d: list(keys) for d, keys in data["labels"].items()}
    found = []
    for quarter in data["quarters"]:
        universe["kwartaal"] = [quarter]
        found += _attack_quarter(cells, tables, universe)
    return found


def _attack_quarter(
    cells: Mapping[tuple[str, tuple], str],
    tables: Mapping[str, tuple[str, ...]],
    universe: Mapping[str, list[str]],
) -> list[tuple[tuple[str, tuple], int]]:
    index: dict[tuple[str, tuple], int] = {}
    lower: list[float] = []
    upper: list[float] = []
    for table, dims in tables.items():
        for combo in itertools.product(*(universe[d] for d in dims)):
            key = (table, combo)
            shown = cells.get(key)
            if shown is None or shown == "<5":
                lo, hi = 0, 4
            elif shown == "≥5":
                lo, hi = 5, BIG
            else:
                lo = hi = int(shown)
            index[key] = len(lower)
            lower.append(lo)
            upper.append(hi)
    rows = []
    for small, big in itertools.permutations(tables, 2):
        if not set(tables[small]) < set(tables[big]):
            continue
        groups: dict[tuple, list[int]] = defaultdict(list)
        for (table, combo), i in index.items():
            if table == big:
                by_dim = dict(zip(tables[big], combo, strict=True))
                groups[tuple(by_dim[d] for d in tables[small])].append(i)
        for (table, combo), i in index.items():
            if table == small:
                rows.append((i, groups[combo]))
    matrix = lil_matrix((len(rows), len(lower)))
    for r, (total, members) in enumerate(rows):
        matrix[r, total] = -1
        for m in members:
            matrix[r, m] = 1
    constraints = LinearConstraint(matrix.tocsr(), 0, 0)
    bounds = np.array([lower, upper], dtype=float)
    integrality = np.ones(len(lower))

    def solve(cost: np.ndarray) -> np.ndarray:
        result = milp(cost, constraints=constraints, integrality=integrality,
                      bounds=(bounds[0], bounds[1]))
        assert result.status == 0, f"the published tallies are inconsistent: {result.message}"
        return np.rint(result.x)

    def extreme(i: int, sign: float) -> int:
        cost = np.zeros(len(lower))
        cost[i] = sign
        return int(solve(cost)[i])

    rng = np.random.default_rng(0)
    samples = [solve(rng.uniform(-1, 1, len(lower))) for _ in range(8)]
    samples += [solve(np.ones(len(lower))), solve(-np.ones(len(lower)))]
    stack = np.array(samples)
    same = np.all(stack == stack[0], axis=0)
    found = []
    for key, i in index.items():
        if lower[i] == upper[i] or lower[i] >= 5 or not same[i] or not 1 <= stack[0][i] <= 4:
            continue
        low = extreme(i, 1.0)
        if 1 <= low <= 4 and extreme(i, -1.0) == low:
            found.append((key, low))
    return found
