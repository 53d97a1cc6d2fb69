"""Benchmark the tallies' suppression (`tally.compute`) on an export's index.json.

    PYTHONPATH=. .venv/bin/python scripts/bench_tally.py EXPORT/index.json [--runs 2]

Rebuilds the tally input from the published topics (experience threads, their taxonomy keys
and municipality, as export.py does), then computes the tallies `--runs` times with one
shared BlockCache, as consecutive exports with nothing new do through the store. Prints,
per run, CPU seconds and the MILP solver calls of the exact check. A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from forum_sync import disclosure, export, tally
from forum_sync.block_cache import BlockCache
from forum_sync.config import DEFAULT_TAG_GROUPS
from werkcafe.taxonomy import load_taxonomy


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("index", type=Path)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    topics = []
    for t in json.loads(args.index.read_text(encoding="utf-8"))["topics"]:
        if not t["experience"]:
            continue
        keys = {g: v for g, v in t["taxonomy"].items() if g != "gemeenten"}
        values = tally.classify(keys, DEFAULT_TAG_GROUPS)
        values[tally.PLACE] = (t["taxonomy"]["gemeenten"] or [tally.UNKNOWN])[0]
        topics.append(tally.TallyTopic(t["created_at"], values))
    labels = export._labels(load_taxonomy(), DEFAULT_TAG_GROUPS)
    keys = {d: list(labels[d]) for d in tally.DIMENSIONS if d in labels}
    calls = [0]
    real = disclosure.milp

    def counting(*a: object, **k: object) -> object:
        calls[0] += 1
        return real(*a, **k)

    disclosure.milp = counting  # type: ignore[assignment]
    cache = BlockCache()
    for run in range(args.runs):
        calls[0] = 0
        start = time.process_time()
        result = tally.compute(topics, 5, keys, cache)
        cpu = time.process_time() - start
        print(f"run {run + 1}: {len(topics)} experience threads, {len(result.grid.quarters)} "
              f"quarters, {cpu:.2f} s CPU, {calls[0]} MILP calls, "
              f"{len(result.secondary)} complementary cells")


if __name__ == "__main__":
    main()
