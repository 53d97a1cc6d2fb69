"""The exact check's block cache (block_cache.py): an unchanged block costs no solver call,
a changed one is always solved again (issue 12)."""

from __future__ import annotations

from pathlib import Path

import pytest

from forum_sync import block_cache, disclosure, suppression, tally
from forum_sync.block_cache import BlockCache, block_key
from forum_sync.store import Store
from forum_sync.tally import TallyTopic
from tests.forum_sync.tally_attack import recovered
from tests.forum_sync.test_tally_attack import KEYS, forum, publish


@pytest.fixture
def milp_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts every call of the solver the exact check uses."""
    calls = [0]
    real = disclosure.milp

    def counting(*args: object, **kwargs: object) -> object:
        calls[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(disclosure, "milp", counting)
    return calls


def outcome(result: tally.Tallies) -> tuple[frozenset, frozenset]:
    return result.primary, result.secondary


def test_second_compute_with_unchanged_inputs_calls_no_solver(
    tmp_path: Path, milp_calls: list[int]
) -> None:
    topics = forum(0)
    with Store(tmp_path / "s.sqlite") as store:
        first = tally.compute(topics, 5, KEYS, BlockCache(store))
    assert milp_calls[0] > 0
    milp_calls[0] = 0
    with Store(tmp_path / "s.sqlite") as store:  # a later export: only the store remembers
        cache = BlockCache(store)
        second = tally.compute(topics, 5, KEYS, cache)
    assert milp_calls[0] == 0
    assert cache.hits > 0 and cache.misses == 0
    assert outcome(second) == outcome(first) == outcome(tally.compute(topics, 5, KEYS))


def changed_everywhere(topics: list[TallyTopic], grid: tally.Grid) -> list[TallyTopic]:
    """One thread more in every (quarter, verdict) block: every block's numbers change."""
    extra = [
        TallyTopic(
            f"{q[:4]}-{int(q[-1]) * 3 - 1:02d}-15T10:00:00Z",
            {"regeling": "ww", "instantie": "uwv", "thema": "wachttijd", "oordeel": oordeel,
             "gemeente": "GM0363"},
        )
        for q in grid.quarters
        for oordeel in grid.keys["oordeel"]
    ]
    return [*topics, *extra]


def poison(cache: BlockCache, grid: tally.Grid) -> None:
    """Every cached block now claims a pinned cell whose partners are every published row,
    every cached quarter hides every margin row."""
    everything = [k for t in grid.layout.tables for k in grid.margin_keys(t)]
    for key in cache.memory:
        cache.memory[key] = [(("totaal", ("gif",)), everything)]
    for key, (_, blocks) in cache.quarters.items():
        cache.quarters[key] = (set(everything), blocks)


def test_cache_never_answers_for_changed_inputs(milp_calls: list[int]) -> None:
    before = forum(1)
    cache = BlockCache()
    first = tally.compute(before, 5, KEYS, cache)
    poison(cache, first.grid)
    # The poison shows when it is served: the same inputs hide more, down to everything ...
    try:
        assert outcome(tally.compute(before, 5, KEYS, cache)) != outcome(first)
    except AssertionError as error:
        assert "nothing left to hide" in str(error)
    cache = BlockCache()
    tally.compute(before, 5, KEYS, cache)
    poison(cache, first.grid)
    # ... changed inputs are solved again, so the poison never reaches the result.
    after = changed_everywhere(before, first.grid)
    milp_calls[0] = 0
    result = tally.compute(after, 5, KEYS, cache)
    assert milp_calls[0] > 0
    assert outcome(result) == outcome(tally.compute(after, 5, KEYS))
    assert recovered(*publish(result)) == []


def test_news_in_one_quarter_redoes_only_that_quarter(
    monkeypatch: pytest.MonkeyPatch, milp_calls: list[int]
) -> None:
    before = forum(3)
    cache = BlockCache()
    first = tally.compute(before, 5, KEYS, cache)
    problems: list[str] = []
    real = suppression.build_problem

    def recording(counts, grid, quarter_label, *args):  # type: ignore[no-untyped-def]
        problems.append(quarter_label)
        return real(counts, grid, quarter_label, *args)

    monkeypatch.setattr(suppression, "build_problem", recording)
    calls = milp_calls[0]
    tally.compute(before, 5, KEYS, cache)
    assert problems == [] and milp_calls[0] == calls > 0  # nothing new: no quarter redone
    last = first.grid.quarters[-1]
    news = TallyTopic(f"{last[:4]}-{int(last[-1]) * 3 - 1:02d}-15T10:00:00Z",
                      {"regeling": "ww", "oordeel": "negatief", "gemeente": "GM0363"})
    result = tally.compute([*before, news], 5, KEYS, cache)
    assert set(problems) == {last}
    assert outcome(result) == outcome(tally.compute([*before, news], 5, KEYS))


def test_block_key_covers_every_input(monkeypatch: pytest.MonkeyPatch) -> None:
    tables = {"totaal": ("kwartaal", "oordeel"), "cellen": ("kwartaal", "oordeel", "x")}
    unknowns = {("totaal", ("2026-Q1", "neg")): 0, ("cellen", ("2026-Q1", "neg", "a")): 1}
    lower, upper, true = [7, 0], [7, 4], [7, 3]
    base = block_key(tables, unknowns, lower, upper, true)
    assert base == block_key(dict(tables), dict(unknowns), list(lower), list(upper), list(true))
    other_unknowns = {("totaal", ("2026-Q2", "neg")): 0, ("cellen", ("2026-Q2", "neg", "a")): 1}
    variants = [
        block_key({**tables, "cellen": ("kwartaal", "x", "oordeel")}, unknowns, lower, upper,
                  true),
        block_key(tables, other_unknowns, lower, upper, true),
        block_key(tables, unknowns, [7, 1], upper, true),
        block_key(tables, unknowns, lower, [7, 5], true),
        block_key(tables, unknowns, lower, upper, [7, 2]),
    ]
    monkeypatch.setattr(block_cache, "ALGORITHM", block_cache.ALGORITHM + 1)
    variants.append(block_key(tables, unknowns, lower, upper, true))
    assert base not in variants and len(set(variants)) == len(variants)


def test_store_keeps_only_the_last_computations_blocks(tmp_path: Path) -> None:
    before = forum(2)
    with Store(tmp_path / "s.sqlite") as store:
        first = tally.compute(before, 5, KEYS, BlockCache(store))
        cache = BlockCache(store)
        tally.compute(changed_everywhere(before, first.grid), 5, KEYS, cache)
        store.tally_cache_prune(cache.used)
        kept = {r[0] for r in store.conn.execute("SELECT key FROM tally_cache")}
    assert kept == cache.used


def test_quarter_key_covers_every_input(monkeypatch: pytest.MonkeyPatch) -> None:
    tables = {"totaal": ("kwartaal", "oordeel"), "cellen": ("kwartaal", "oordeel", "x")}
    keys = {"oordeel": ("neg", "onbekend"), "x": ("a", "onbekend")}
    counts = {("totaal", ("2026-Q1", "neg")): 7, ("totaal", ("2026-Q2", "neg")): 3}
    base = block_cache.quarter_key(tables, "cellen", keys, counts, "2026-Q1", 5)
    # another quarter's counts are not read
    assert base == block_cache.quarter_key(
        tables, "cellen", keys, {**counts, ("totaal", ("2026-Q2", "neg")): 4}, "2026-Q1", 5
    )
    variants = [
        block_cache.quarter_key({"totaal": tables["totaal"]}, "cellen", keys, counts,
                                "2026-Q1", 5),
        block_cache.quarter_key(tables, "totaal", keys, counts, "2026-Q1", 5),
        block_cache.quarter_key(tables, "cellen", {**keys, "x": ("onbekend", "a")}, counts,
                                "2026-Q1", 5),
        block_cache.quarter_key(tables, "cellen", keys,
                                {**counts, ("totaal", ("2026-Q1", "neg")): 8}, "2026-Q1", 5),
        block_cache.quarter_key(tables, "cellen", keys, counts, "2026-Q2", 5),
        block_cache.quarter_key(tables, "cellen", keys, counts, "2026-Q1", 4),
    ]
    monkeypatch.setattr(block_cache, "ALGORITHM", block_cache.ALGORITHM + 1)
    variants.append(block_cache.quarter_key(tables, "cellen", keys, counts, "2026-Q1", 5))
    assert base not in variants and len(set(variants)) == len(variants)


def test_an_unchanged_quarters_blocks_survive_pruning(
    tmp_path: Path, milp_calls: list[int]
) -> None:
    """Nothing new keeps the blocks of every quarter; news in one verdict of the last quarter
    then re-solves only the blocks whose numbers changed."""
    before = forum(3)
    with Store(tmp_path / "s.sqlite") as store:
        for _ in range(2):  # the second computation hits every quarter, no block
            cache = BlockCache(store)
            first = tally.compute(before, 5, KEYS, cache)
            store.tally_cache_prune(cache.used)
        last = first.grid.quarters[-1]
        news = TallyTopic(f"{last[:4]}-{int(last[-1]) * 3 - 1:02d}-15T10:00:00Z",
                          {"regeling": "ww", "oordeel": "negatief", "gemeente": "GM0363"})
        cache = BlockCache(store)
        milp_calls[0] = 0
        result = tally.compute([*before, news], 5, KEYS, cache)
        cached_calls = milp_calls[0]
    quarter_hits = len(first.grid.quarters) - 1
    assert cache.hits > quarter_hits  # blocks of the last quarter came from the store
    milp_calls[0] = 0
    assert outcome(result) == outcome(tally.compute([*before, news], 5, KEYS))
    assert cached_calls < milp_calls[0]
    assert recovered(*publish(result)) == []
