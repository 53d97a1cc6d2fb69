"""Tallies: counting, onbekend, primary and complementary suppression, output shapes."""

from __future__ import annotations

import csv
import io
import random

import pytest

from forum_sync import suppression, tally
from forum_sync.tally import TallyTopic

GROUPS = {
    "regeling": "regelingen",
    "instantie": "instanties",
    "thema": "themas",
    "oordeel": "oordelen",
}


def make(
    created: str,
    regeling: str,
    instantie: str = "uwv",
    thema: str = "wachttijd",
    oordeel: str = "negatief",
) -> TallyTopic:
    return TallyTopic(
        created, {"regeling": regeling, "instantie": instantie, "thema": thema, "oordeel": oordeel}
    )


def test_quarter_and_classify() -> None:
    assert tally.quarter("2026-03-31T23:59:59Z") == "2026-Q1"
    assert tally.quarter("2026-04-01T00:00:00Z") == "2026-Q2"
    assert tally.quarter("2025-12-01T10:00:00+00:00") == "2025-Q4"
    values = tally.classify(
        {
            "regelingen": ["ww"],
            "instanties": [],
            "themas": ["wachttijd", "uitleg"],
            "oordelen": ["negatief"],
        },
        GROUPS,
    )
    assert values == {
        "regeling": "ww",
        "instantie": "onbekend",
        "thema": "onbekend",
        "oordeel": "negatief",
    }


def test_tables_are_additive() -> None:
    rng = random.Random(3)
    topics = [
        make(
            f"2026-0{rng.randint(1, 6)}-10T00:00:00Z",
            rng.choice(["ww", "wia", "onbekend"]),
            rng.choice(["uwv", "gemeente"]),
            rng.choice(["wachttijd", "uitleg"]),
            rng.choice(["positief", "negatief"]),
        )
        for _ in range(200)
    ]
    counts = tally.count(topics)
    for table in tally.TABLES:
        assert sum(c for (t, _), c in counts.items() if t == table) == 200
    assert tally.quarter_range(["2025-Q4", "2026-Q2"]) == ["2025-Q4", "2026-Q1", "2026-Q2"]


def _sumset(domains: list[set[int]]) -> set[int]:
    sums = {0}
    for domain in domains:
        sums = {a + b for a in sums for b in domain}
    return sums


def _reader_domains(problem: suppression.Problem) -> dict[tuple, set[int]]:
    """What a reader can know: set domains pruned over every relation to a fixed point
    (written independently of tally.propagate, with sets instead of intervals)."""
    domains = {k: set(range(lo, hi + 1)) for k, (lo, hi) in problem.priors.items()}
    changed = True
    while changed:
        changed = False
        for total, members in problem.relations:
            for target in (total, *members):
                if target == total:
                    allowed = domains[total] & _sumset([domains[m] for m in members])
                else:
                    others = _sumset([domains[m] for m in members if m != target])
                    allowed = {
                        v for v in domains[target] if any(t - v in others for t in domains[total])
                    }
                if allowed != domains[target]:
                    domains[target] = allowed
                    changed = True
    return domains


def _assert_protected(
    topics: list[TallyTopic], threshold: int = 5, keys: dict | None = None
) -> tally.Tallies:
    result = tally.compute(topics, threshold, keys or {})
    hidden = set(result.primary | result.secondary)
    for key in result.primary:
        assert result.counts.get(key, 0) < threshold  # "<5" is true
    for key in result.secondary:
        assert result.counts[key] >= threshold  # "≥5" is true
    for quarter_label in result.grid.quarters:
        problem = suppression.build_problem(
            result.counts,
            result.grid,
            quarter_label,
            threshold,
            set(result.primary),
            set(result.secondary),
        )
        domains = _reader_domains(problem)
        for key, domain in domains.items():
            assert problem.values[key] in domain
            if len(domain) != 1 or 0 in domain:
                continue
            if key[0] == "rest":
                size = problem.rest_size[key]
                assert size > 1 and domain != {(threshold - 1) * size}, key
            else:
                assert key not in hidden or min(domain) >= threshold, f"{key} is pinned to {domain}"
    return result


KEYS = {
    "regeling": ["ww", "wia", "wajong"],
    "instantie": ["uwv", "gemeente"],
    "thema": ["wachttijd", "uitleg"],
    "oordeel": ["positief", "negatief", "gemengd"],
}


def test_primary_suppression_and_display() -> None:
    topics = [make("2026-01-10T00:00:00Z", "ww") for _ in range(7)] + [
        make("2026-01-10T00:00:00Z", "wia") for _ in range(2)
    ]
    result = _assert_protected(topics, keys=KEYS)
    by_regeling = {
        r["regeling"]: r for r in tally.rows(result)["regeling"] if r["oordeel"] == "negatief"
    }
    assert by_regeling["wia"]["count"] is None and by_regeling["wia"]["display"] == "<5"
    assert by_regeling["wajong"]["display"] == "<5"  # zero looks the same as 1..4


def _topics(counts: dict[str, int], created: str = "2026-02-01T00:00:00Z") -> list[TallyTopic]:
    return [make(created, regeling) for regeling, n in counts.items() for _ in range(n)]


def test_zero_and_small_rows_hide_each_other() -> None:
    # totaal 9 = ww 7 + wia 2: wia cannot be told apart from wajong or onbekend (all "<5").
    result = _assert_protected(_topics({"ww": 7, "wia": 2}), keys=KEYS)
    assert not [k for k in result.secondary if k[0] == "regeling"]


def test_complementary_suppression_blocks_subtraction() -> None:
    # totaal 20 - ww 7 - wajong 6 - onbekend 5 = wia 2: the only hidden row would be exact.
    result = _assert_protected(_topics({"ww": 7, "wia": 2, "wajong": 6, "onbekend": 5}), keys=KEYS)
    assert result.secondary, "a second cell must be hidden"
    rows = [r for r in tally.rows(result)["regeling"] if r["oordeel"] == "negatief"]
    assert sum(r["display"] == "≥5" for r in rows) >= 1 or any(
        r["display"] == "≥5" for r in tally.rows(result)["totaal"]
    )


def test_interval_check_catches_two_hidden_cells_pinned_together() -> None:
    # totaal 24 - ww 10 - onbekend 6 = 8 = wia + wajong, each at most 4: both are exactly 4.
    result = _assert_protected(_topics({"ww": 10, "wia": 4, "wajong": 4, "onbekend": 6}), keys=KEYS)
    assert {k for k in result.secondary if k[0] in ("regeling", "totaal")}


@pytest.mark.parametrize("seed", range(6))
def test_random_tables_are_protected(seed: int) -> None:
    rng = random.Random(seed)
    topics = [
        make(
            f"2026-0{rng.randint(1, 3)}-10T00:00:00Z",
            rng.choice(["ww", "wia", "wajong", "onbekend"]),
            rng.choice(["uwv", "gemeente", "onbekend"]),
            rng.choice(["wachttijd", "uitleg"]),
            rng.choice(["positief", "negatief", "gemengd"]),
        )
        for _ in range(rng.randint(20, 120))
    ]
    _assert_protected(topics, keys=KEYS)


def test_json_and_csv_shapes() -> None:
    topics = [make("2026-01-10T00:00:00Z", "ww") for _ in range(6)] + [
        make("2026-07-10T00:00:00Z", "wia")
    ]
    result = tally.compute(topics, 5, KEYS)
    labels = {"regeling": {"ww": {"nl": "WW", "en": "WW"}, "wia": {"nl": "WIA", "en": "WIA"}}}
    data = tally.to_json(result, labels, "2026-05-01T00:00:00Z")
    assert data["quarters"] == ["2026-Q1", "2026-Q2", "2026-Q3"]
    assert data["labels"]["regeling"]["onbekend"] == {"nl": "Onbekend", "en": "Unknown"}
    assert set(data["tables"]) == {
        "cellen", "regeling", "instantie", "thema", "totaal", "gemeente", "gemeente_regeling"
    }
    # No municipality tags: only `onbekend`, 3 quarters x 1 x 4 oordelen.
    assert data["labels"]["gemeente"] == {"onbekend": {"nl": "Onbekend", "en": "Unknown"}}
    assert len(data["tables"]["gemeente"]["rows"]) == 3 * 4
    for table in data["tables"].values():
        for row in table["rows"]:
            assert set(table["dimensions"]) | {"count", "display"} == set(row)
            assert row["count"] is None or row["display"] == str(row["count"])
            assert row["count"] is not None or row["display"] in ("<5", "≥5")
    # Margins are dense: 3 quarters x 4 regelingen (with onbekend) x 4 oordelen.
    assert len(data["tables"]["regeling"]["rows"]) == 3 * 4 * 4
    assert [r["display"] for r in data["tables"]["cellen"]["rows"]] in (["6"], ["≥5"])
    rows = list(csv.reader(io.StringIO(tally.to_csv(result))))
    assert rows[0] == [
        "tabel", "kwartaal", "regeling", "instantie", "thema", "oordeel", "gemeente", "aantal"
    ]
    assert ["totaal", "2026-Q3", "alle", "alle", "alle", "negatief", "alle", "<5"] in rows
    assert ["gemeente", "2026-Q1", "alle", "alle", "alle", "negatief", "onbekend", "6"] in rows
    assert len(rows) - 1 == sum(len(t["rows"]) for t in data["tables"].values())
