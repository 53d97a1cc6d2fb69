"""Primary and complementary suppression of the tallies (see tally.py for the method in words).

One job: given the true counts of every table and which rows are published, hide enough of
them that no count from 1 to threshold-1 can be recovered by subtraction. Pure functions.

The published tables of one quarter form a system of sums. A *dense* table lists every
combination of its keys (a "<5" row is 0..threshold-1, a "≥5" row threshold..all threads);
the *sparse* table (`cellen`) lists only combinations with at least `threshold` threads, so
each sum over it has one "rest" variable for the unlisted cells (0..(threshold-1) each).
Relations, derived from the dimensions alone, so a new table joins without new code:

- every dense table A whose dimensions are a subset of dense table B's: each row of A is the
  sum of the rows of B that agree with it (totaal = Σ regeling = Σ gemeente = Σ
  gemeente_regeling, gemeente = Σ over regelingen of gemeente_regeling, regeling = Σ over
  municipalities of gemeente_regeling, ...);
- every dense table whose dimensions are a subset of the sparse table's: each row is the sum
  of its listed full cells plus its rest.

Interval propagation tightens every bound over every relation until nothing changes; a hidden
value pinned to 1..threshold-1 (or a rest whose unlisted cells are all determined) makes the
smallest published value in a relation with it hidden as well ("≥5"), until a fixed point.
Relation by relation, this can be looser than solving all sums at once;
tests/forum_sync/test_tally_attack.py attacks the published files with integer linear
programming to check that it holds.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from forum_sync import disclosure
from forum_sync.block_cache import BlockCache, quarter_key

Key = tuple[str, tuple[str, ...]]  # (table, values in the table's dimension order)


@dataclass(frozen=True)
class Layout:
    """Which tables there are: each one's dimensions (the first is always `kwartaal`)."""

    tables: Mapping[str, tuple[str, ...]]
    sparse: str  # the table of full cells, listed only from `threshold` up

    @property
    def dense(self) -> list[str]:
        return [t for t in self.tables if t != self.sparse]

    def dense_pairs(self) -> list[tuple[str, str]]:
        """(total, members): dense tables where total's dimensions are a subset of members'."""
        return [
            (a, b)
            for a in self.dense
            for b in self.dense
            if a != b and set(self.tables[a]) < set(self.tables[b])
        ]

    def sparse_sums(self) -> list[str]:
        sparse_dims = set(self.tables[self.sparse])
        return [t for t in self.dense if set(self.tables[t]) <= sparse_dims]


@dataclass(frozen=True)
class Grid:
    """Every combination a reader can name: quarters x keys (+ onbekend) per dimension."""

    quarters: tuple[str, ...]
    keys: Mapping[str, tuple[str, ...]]  # dimension -> keys in display order
    layout: Layout

    def margin_keys(self, table: str, quarter: str | None = None) -> list[Key]:
        dims = self.layout.tables[table]
        quarters = self.quarters if quarter is None else (quarter,)
        axes = [quarters if d == "kwartaal" else self.keys[d] for d in dims]
        return [(table, combo) for combo in itertools.product(*axes)]


@dataclass
class Problem:
    """One quarter's cells and sum relations, as the reader sees them."""

    values: dict[Key, int]  # true values of every variable (cells and rests)
    priors: dict[Key, tuple[int, int]]  # what the reader knows before using any sum
    relations: list[tuple[Key, list[Key]]]  # total = sum(members)
    rest_size: dict[Key, int]  # rest variable -> how many unlisted cells it stands for


def _project(key: Key, dims: Sequence[str], onto: Sequence[str]) -> tuple[str, ...]:
    by_dim = dict(zip(dims, key[1], strict=True))
    return tuple(by_dim[d] for d in onto)


def build_problem(
    counts: Mapping[Key, int],
    grid: Grid,
    quarter_label: str,
    threshold: int,
    primary: set[Key],
    secondary: set[Key],
) -> Problem:
    layout = grid.layout
    total_table = min(layout.dense, key=lambda t: len(layout.tables[t]))
    ceiling = max(
        threshold,
        sum(c for (t, v), c in counts.items() if t == total_table and v[0] == quarter_label),
    )
    values: dict[Key, int] = {}
    priors: dict[Key, tuple[int, int]] = {}

    def add(key: Key, value: int) -> None:
        values[key] = value
        if key in primary:
            priors[key] = (0, threshold - 1)
        elif key in secondary:
            priors[key] = (threshold, ceiling)
        else:
            priors[key] = (value, value)

    dense_keys = {t: grid.margin_keys(t, quarter_label) for t in layout.dense}
    for keys in dense_keys.values():
        for key in keys:
            add(key, counts.get(key, 0))
    sparse_dims = layout.tables[layout.sparse]
    listed = [
        k
        for k, c in counts.items()
        if k[0] == layout.sparse and k[1][0] == quarter_label and c >= threshold
    ]
    for key in listed:
        add(key, counts[key])
    relations: list[tuple[Key, list[Key]]] = []
    for total, members in layout.dense_pairs():
        total_dims, member_dims = layout.tables[total], layout.tables[members]
        groups: dict[tuple[str, ...], list[Key]] = defaultdict(list)
        for key in dense_keys[members]:
            groups[_project(key, member_dims, total_dims)].append(key)
        for key in dense_keys[total]:
            relations.append((key, groups[key[1]]))
    rest_size: dict[Key, int] = {}
    for table in layout.sparse_sums():
        dims = layout.tables[table]
        size = 1
        for d in sparse_dims:
            if d not in dims:
                size *= len(grid.keys[d])
        groups = defaultdict(list)
        for key in listed:
            groups[_project(key, sparse_dims, dims)].append(key)
        for key in dense_keys[table]:
            members = groups[key[1]]
            rest: Key = ("rest", (table, *key[1]))
            rest_size[rest] = size - len(members)
            relations.append((key, [*members, rest]))
            values[rest] = counts.get(key, 0) - sum(counts[m] for m in members)
            priors[rest] = (0, (threshold - 1) * rest_size[rest])
    return Problem(values, priors, relations, rest_size)


def propagate(problem: Problem) -> dict[Key, tuple[int, int]]:
    """Tighten every interval over every relation until nothing changes."""
    bounds = dict(problem.priors)
    changed = True
    while changed:
        changed = False
        for total, members in problem.relations:
            lo_sum = sum(bounds[m][0] for m in members)
            hi_sum = sum(bounds[m][1] for m in members)
            t_lo, t_hi = bounds[total]
            new_total = (max(t_lo, lo_sum), min(t_hi, hi_sum))
            if new_total != (t_lo, t_hi):
                bounds[total] = new_total
                changed = True
            t_lo, t_hi = bounds[total]
            if t_lo == lo_sum and t_hi == hi_sum:
                continue  # the total says nothing about the members beyond their own bounds
            for m in members:
                m_lo, m_hi = bounds[m]
                new = (max(m_lo, t_lo - (hi_sum - m_hi)), min(m_hi, t_hi - (lo_sum - m_lo)))
                if new != (m_lo, m_hi):
                    bounds[m] = new
                    lo_sum += new[0] - m_lo
                    hi_sum += new[1] - m_hi
                    changed = True
        if any(lo > hi for lo, hi in bounds.values()):
            raise AssertionError("tally intervals became inconsistent; counts are not additive")
    return bounds


def exposed(
    problem: Problem, bounds: Mapping[Key, tuple[int, int]], hidden: set[Key], threshold: int
) -> list[Key]:
    """Hidden cells a reader can pin to a small non-zero value."""
    found = []
    for key, (lo, hi) in sorted(bounds.items()):
        if lo != hi or lo < 1:
            continue
        if key[0] == "rest":
            # A small remainder is exposed even when it is spread over many unlisted cells:
            # the other margins' remainders intersect and can place it in one cell.
            size = problem.rest_size[key]
            if size == 1 or lo < threshold or lo == (threshold - 1) * size:
                found.append(key)
        elif key in hidden and lo < threshold:
            found.append(key)
    return found


def suppress(
    counts: Mapping[Key, int], grid: Grid, threshold: int, cache: BlockCache | None = None
) -> tuple[set[Key], set[Key]]:
    """(primary, secondary): "<5" rows, then complementary ones until a fixed point: first
    by interval propagation (cheap), then checked by solving all sums at once (disclosure).
    Each quarter's result, and each solved block's, is cached by its inputs (block_cache.py)."""
    cache = cache if cache is not None else BlockCache()
    primary = {
        key
        for table in grid.layout.dense
        for key in grid.margin_keys(table)
        if counts.get(key, 0) < threshold
    }
    secondary: set[Key] = set()
    for quarter_label in grid.quarters:
        cache_key = quarter_key(
            grid.layout.tables, grid.layout.sparse, grid.keys, counts, quarter_label, threshold
        )
        hit = cache.get_quarter(cache_key)
        if hit is not None:
            secondary |= hit
            continue
        used_before = set(cache.used)
        while True:
            choice = _interval_choice(counts, grid, quarter_label, threshold, primary, secondary)
            if choice is None:
                choice = _exact_choice(
                    counts, grid, quarter_label, threshold, primary, secondary, cache
                )
            if choice is None:
                break
            secondary.add(choice)
        hidden = {k for k in secondary if k[1][0] == quarter_label}
        cache.put_quarter(cache_key, hidden, cache.used - used_before)
    return primary, secondary


def _interval_choice(
    counts: Mapping[Key, int],
    grid: Grid,
    quarter_label: str,
    threshold: int,
    primary: set[Key],
    secondary: set[Key],
) -> Key | None:
    problem = build_problem(counts, grid, quarter_label, threshold, primary, secondary)
    hidden = primary | secondary
    bounds = propagate(problem)
    for key in exposed(problem, bounds, hidden, threshold):
        candidates = [
            (problem.values[k], k)
            for total, members in problem.relations
            if key == total or key in members
            for k in (total, *members)
            if k[0] != "rest" and k not in hidden
        ]
        if candidates:
            return min(candidates)[1]
    return None


def _exact_choice(
    counts: Mapping[Key, int],
    grid: Grid,
    quarter_label: str,
    threshold: int,
    primary: set[Key],
    secondary: set[Key],
    cache: BlockCache,
) -> Key | None:
    """The smallest published value in a sum with a pinned one (if that sum has none, the
    smallest published value of the quarter)."""
    found = disclosure.pinned(counts, grid, quarter_label, threshold, primary, secondary, cache)
    if not found:
        return None
    hidden = primary | secondary

    def published(keys: Iterable[Key]) -> list[tuple[int, Key]]:
        return [
            (counts.get(k, 0), k)
            for k in keys
            if k not in hidden and (k[0] != grid.layout.sparse or counts.get(k, 0) >= threshold)
        ]

    for _, partners in found:
        candidates = published(partners)
        if candidates:
            return min(candidates)[1]
    everything = [k for t in grid.layout.tables for k in grid.margin_keys(t, quarter_label)]
    candidates = published(everything)
    if not candidates:
        raise AssertionError("tallies: a pinned count and nothing left to hide")
    return min(candidates)[1]
