"""The exact disclosure check: which hidden counts the published sums pin, solved all at once.

Interval propagation (suppression.py) works relation by relation and misses what only a
combination of sums reveals: "these three '<5' rows add up to 2" or "the remainder of the
total lies in the one unlisted cell that is both UWV and wachttijd". This module solves the
whole quarter as one system of integer unknowns, as a reader with an integer-programming
solver (scipy's HiGHS) would: every combination of every table, a published number fixed,
"<5" and every unlisted full cell 0..threshold-1, "≥5" threshold..all threads; every table
summed onto every table with a subset of its dimensions. A hidden value is pinned when its
smallest and largest feasible values are the same number from 1 to threshold-1.

To save solver calls, a few other integer solutions (linear-programming vertices for random
objectives, kept when they are integral, as these sums mostly give) first rule out every
unknown whose value differs from the true one (a pinned value is the same in every solution);
only the rest get the two exact integer programs.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
from scipy.optimize import LinearConstraint, milp
from scipy.sparse import coo_matrix

if TYPE_CHECKING:
    from forum_sync.suppression import Grid

Key = tuple[str, tuple[str, ...]]

SAMPLES = 2


def _index(
    counts: Mapping[Key, int],
    grid: Grid,
    block: Mapping[str, str],
    threshold: int,
    primary: set[Key],
    secondary: set[Key],
) -> tuple[dict[Key, int], list[int], list[int], list[int]]:
    """Every unknown of the block: index, lower and upper bounds, true values."""
    quarter = block["kwartaal"]
    layout = grid.layout
    ceiling = max(threshold, sum(c for (t, v), c in counts.items() if t == "totaal"
                                 and v[0] == quarter))
    index: dict[Key, int] = {}
    lower: list[int] = []
    upper: list[int] = []
    true: list[int] = []
    for table, dims in layout.tables.items():
        for key in grid.margin_keys(table, quarter):
            if any(key[1][dims.index(d)] != v for d, v in block.items()):
                continue
            value = counts.get(key, 0)
            if key in secondary:
                bounds = (threshold, ceiling)
            elif key in primary or (table == layout.sparse and value < threshold):
                bounds = (0, threshold - 1)
            else:
                bounds = (value, value)
            index[key] = len(lower)
            lower.append(bounds[0])
            upper.append(bounds[1])
            true.append(value)
    return index, lower, upper, true


def _relations(index: Mapping[Key, int], grid: Grid) -> list[tuple[int, list[int]]]:
    tables = grid.layout.tables
    by_table: dict[str, list[Key]] = defaultdict(list)
    for key in index:
        by_table[key[0]].append(key)
    relations = []
    for small, big in itertools.permutations(tables, 2):
        if not set(tables[small]) < set(tables[big]):
            continue
        positions = [tables[big].index(d) for d in tables[small]]
        groups: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for key in by_table[big]:
            groups[tuple(key[1][p] for p in positions)].append(index[key])
        relations += [(index[key], groups[key[1]]) for key in by_table[small]]
    return relations


def pinned(
    counts: Mapping[Key, int],
    grid: Grid,
    quarter: str,
    threshold: int,
    primary: set[Key],
    secondary: set[Key],
) -> list[tuple[Key, list[Key]]]:
    """Hidden values from 1 to threshold-1 that one solution only allows, each with the
    unknowns it shares a sum with (where the complementary cell must come from).

    Every table has the dimensions kwartaal and oordeel, so no sum crosses a quarter or a
    verdict: each (kwartaal, oordeel) block is solved on its own (much smaller programs)."""
    tables = grid.layout.tables.values()
    common = [d for d in next(iter(tables)) if all(d in dims for dims in tables)]
    axes = [[quarter] if d == "kwartaal" else grid.keys[d] for d in common]
    found = []
    for combo in itertools.product(*axes):
        block = dict(zip(common, combo, strict=True))
        found += _pinned_block(counts, grid, block, threshold, primary, secondary)
    return found


def _pinned_block(
    counts: Mapping[Key, int],
    grid: Grid,
    block: Mapping[str, str],
    threshold: int,
    primary: set[Key],
    secondary: set[Key],
) -> list[tuple[Key, list[Key]]]:
    index, lower, upper, true = _index(counts, grid, block, threshold, primary, secondary)
    relations = _relations(index, grid)
    rows, cols, vals = [], [], []
    for r, (total, members) in enumerate(relations):
        rows.append(r)
        cols.append(total)
        vals.append(-1.0)
        rows += [r] * len(members)
        cols += members
        vals += [1.0] * len(members)
    size = len(lower)
    matrix = coo_matrix((vals, (rows, cols)), shape=(len(relations), size)).tocsr()
    constraints = LinearConstraint(matrix, 0, 0)
    bounds = (np.array(lower, dtype=float), np.array(upper, dtype=float))
    integrality = np.ones(size)

    def solve(cost: np.ndarray) -> np.ndarray:
        result = milp(cost, constraints=constraints, integrality=integrality, bounds=bounds)
        if result.status != 0:
            raise AssertionError(f"tallies: the published sums have no solution ({result.message})")
        return np.rint(result.x)

    def vertex(cost: np.ndarray) -> np.ndarray | None:
        """An LP vertex for this objective if it is integral (these sums mostly are)."""
        result = milp(cost, constraints=constraints, bounds=bounds)
        if result.status != 0:
            return None
        x = np.rint(result.x)
        return x if np.allclose(result.x, x, atol=1e-6) else None

    rng = np.random.default_rng(0)
    samples = [np.array(true, dtype=float)]
    for _ in range(SAMPLES):
        x = vertex(rng.uniform(-1, 1, size))
        if x is not None:
            samples.append(x)
    stack = np.array(samples)
    same = np.all(stack == stack[0], axis=0)
    keys = list(index)
    found = []

    for key, i in index.items():
        if lower[i] == upper[i] or not same[i] or not 1 <= true[i] < threshold:
            continue
        cost = np.zeros(size)
        cost[i] = 1.0
        if solve(cost)[i] != true[i]:
            continue
        cost[i] = -1.0
        if solve(cost)[i] != true[i]:
            continue
        partners = {m for total, members in relations if i == total or i in members
                    for m in (total, *members)}
        found.append((key, [keys[m] for m in sorted(partners)]))
    return found
