"""Evaluate the anonymizer on the labelled corpus (forum_sync/eval/corpus.jsonl).

    .venv/bin/python scripts/eval_anonymize.py [--split dev|heldout|hand|redteam|redteam2]
        [--misses]

Prints recall and precision per type, the share of needed words kept, and throughput in
posts per second after start-up (deduce loaded, no cache), and writes
bench-results/anonymize-eval.json.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from forum_sync.anonymize import warm_up  # noqa: E402
from forum_sync.eval.score import DIRECT, NAMES, load, score, table  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=("dev", "heldout", "hand", "redteam", "redteam2"))
    parser.add_argument("--misses", action="store_true", help="list every miss and over-redaction")
    parser.add_argument(
        "--out", type=Path, default=REPO_ROOT / "bench-results" / "anonymize-eval.json"
    )
    args = parser.parse_args()
    warm_up()
    posts = [p for p in load() if args.split in (None, p["split"])]
    score(posts[:20])  # warm the caches of the lookup lists and regexes
    result = score(posts)
    print(table(result))
    rate = result.posts / result.seconds
    print(f"\n{result.posts} posts in {result.seconds:.2f} s: {rate:.0f} posts/s after start-up")
    if args.misses:
        for miss in result.misses:
            print("MISS", *miss)
        for over in result.over:
            print("OVER", *over)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(
            {
                "posts": result.posts,
                "posts_per_second": round(rate, 1),
                "recall": {k: round(result.recall(k), 4) for k in result.total},
                "recall_direct": round(result.recall(DIRECT), 4),
                "recall_names": round(result.recall(NAMES), 4),
                "precision": {k: round(result.precision(k), 4) for k in result.removed_all},
                "needed_words_kept": round(result.recall("keep"), 4),
            },
            indent=2,
        )
        + "\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
