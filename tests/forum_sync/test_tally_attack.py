"""Try to recover a suppressed count from tallies.json + tallies.csv together (issue 10, 11).

The attacker (tally_attack.py) solves all published sums at once as an integer program, so it
is stronger than the interval propagation that decides the suppression: these tests fail if
the suppression misses anything an exact solver finds.
"""

from __future__ import annotations

import dataclasses
import random

import pytest

from forum_sync import tally
from forum_sync.tally import TallyTopic
from tests.forum_sync.tally_attack import read_published, recovered

KEYS = {
    "regeling": ["ww", "wia", "bijstand"],
    "instantie": ["uwv", "gemeente"],
    "thema": ["wachttijd"],
    "oordeel": ["negatief", "positief"],
}
PLACES = [f"GM{n:04d}" for n in range(100, 130)]


def topic(rng: random.Random, quarter_month: str, gemeente: str) -> TallyTopic:
    values = {d: rng.choice([*keys, "onbekend"]) for d, keys in KEYS.items()}
    # most threads are negative WW/UWV stories, so some cells reach the threshold
    if rng.random() < 0.5:
        values.update(regeling="ww", instantie="uwv", thema="wachttijd", oordeel="negatief")
    values["gemeente"] = gemeente
    return TallyTopic(f"{quarter_month}-{rng.randint(10, 28)}T10:00:00Z", values)


def forum(seed: int) -> list[TallyTopic]:
    """Many municipalities with 1-2 threads each, one big one, and threads without a place."""
    rng = random.Random(seed)
    topics = []
    for month in ("2026-02", "2026-05"):
        for place in rng.sample(PLACES, 12):
            topics += [topic(rng, month, place) for _ in range(rng.randint(1, 2))]
        topics += [topic(rng, month, "GM0363") for _ in range(rng.randint(8, 14))]
        topics += [topic(rng, month, "onbekend") for _ in range(rng.randint(3, 9))]
    return topics


def publish(result: tally.Tallies) -> tuple[dict, str]:
    return tally.to_json(result, {}, "2026-11-30T00:00:00Z"), tally.to_csv(result)


@pytest.mark.parametrize("seed", range(4))
def test_no_suppressed_count_can_be_recovered(seed: int) -> None:
    result = tally.compute(forum(seed), 5, KEYS)
    data, csv_text = publish(result)
    assert len(data["labels"]["gemeente"]) > 12  # many small municipalities are listed
    shown = read_published(data, csv_text)
    assert "<5" in shown.values() and any(v.isdigit() and int(v) >= 5 for v in shown.values())
    assert recovered(data, csv_text) == []


def test_the_attacker_finds_what_complementary_suppression_hides() -> None:
    """The test can fail: without the "≥5" cells the same attacker recovers small counts."""
    leaks = 0
    for seed in range(4):
        result = tally.compute(forum(seed), 5, KEYS)
        assert result.secondary
        bare = dataclasses.replace(result, secondary=frozenset())
        found = recovered(*publish(bare))
        for (table, values), value in found:
            key = (table, values)
            assert result.counts.get(key, 0) == value if table != "cellen" else True
        leaks += len(found)
    assert leaks > 0


def test_a_municipality_total_minus_its_regelingen() -> None:
    """The classic subtraction: a municipality with 6 threads, 5 of them WW, 1 without a
    regeling: its total minus its WW row pins the other row to 1."""
    keys = {**KEYS, "regeling": ["ww"]}
    topics = [
        TallyTopic("2026-02-10T10:00:00Z", {"regeling": "ww", "instantie": "uwv",
                   "thema": "wachttijd", "oordeel": "negatief", "gemeente": "GM0363"})
        for _ in range(5)
    ] + [
        TallyTopic("2026-02-11T10:00:00Z", {"regeling": "onbekend", "instantie": "uwv",
                   "thema": "wachttijd", "oordeel": "negatief", "gemeente": "GM0363"}),
    ] + [
        TallyTopic("2026-02-12T10:00:00Z", {"regeling": "ww", "instantie": "uwv",
                   "thema": "wachttijd", "oordeel": "negatief", "gemeente": "onbekend"})
        for _ in range(7)
    ]
    result = tally.compute(topics, 5, keys)
    data, csv_text = publish(result)
    assert recovered(data, csv_text) == []
    bare = dataclasses.replace(result, secondary=frozenset())
    key = ("gemeente_regeling", ("2026-Q1", "GM0363", "onbekend", "negatief"))
    assert (key, 1) in recovered(*publish(bare))  # without complementary suppression
