"""Benchmark the forum pipeline on a generated forum (2,000 topics, ~16,000 posts).

    .venv/bin/python scripts/bench_forum.py [--topics 2000] [--posts 16000]

Serves `forum_sync.testing.generate.generate_forum` on the local test server and measures,
each sync and export running as a real `forum-sync` subprocess:

- a full first sync: seconds, HTTP requests, peak memory (the child's max RSS);
- an incremental sync after 1 % of the topics got a new post: seconds and requests;
- the first export (deduce loads, everything is anonymized) and a cached re-export;
- anonymization throughput after start-up (deduce already loaded), in posts per second.

Prints a table and writes bench-results/forum.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from measure import run_measured  # noqa: E402 - scripts/measure.py

from forum_sync import anonymize  # noqa: E402
from forum_sync.anonymize import Anonymizer  # noqa: E402
from forum_sync.config import load_config  # noqa: E402
from forum_sync.export import publishable  # noqa: E402
from forum_sync.store import Store  # noqa: E402
from forum_sync.testing.generate import bump_topics, generate_forum  # noqa: E402
from forum_sync.testing.server import ForumServer  # noqa: E402

NOW = "2030-01-01T00:00:00Z"


def run(config: Path, *args: str) -> tuple[float, float, str]:
    """(seconds, peak RSS in MiB of the child, stdout) of one forum-sync run."""
    seconds, peak, stdout = run_measured(
        [sys.executable, "-m", "forum_sync", "--config", str(config), "-q", *args], cwd=REPO_ROOT
    )
    return seconds, peak, stdout.strip()


def throughput(config_path: Path) -> tuple[int, float, float]:
    """Posts anonymized per second with deduce already loaded and no cache: by the clock and
    by this process's CPU time (steadier on a shared machine)."""
    config = load_config(config_path)
    anonymize.warm_up()
    store = Store(config.store_path)
    now = datetime.fromisoformat(NOW.replace("Z", "+00:00"))
    topics = [topic for _, topic in publishable(store, config, now)]
    anonymizer = Anonymizer(config.link_domains, others=store.all_people())
    started, cpu = time.monotonic(), time.process_time()
    count = sum(len(anonymizer.topic(t).posts) for t in topics)
    seconds, cpu = time.monotonic() - started, time.process_time() - cpu
    store.close()
    return count, count / seconds, count / cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--topics", type=int, default=2000)
    parser.add_argument("--posts", type=int, default=16000)
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "bench-results" / "forum.json")
    args = parser.parse_args()

    started = time.monotonic()
    forum = generate_forum(topics=args.topics, posts=args.posts, seed=1)
    generated = time.monotonic() - started
    total_posts = sum(len(t.posts) for t in forum.topics.values())
    results: dict[str, object] = {
        "date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": f"{platform.machine()}, Python {platform.python_version()}",
        "forum": {
            "topics": len(forum.topics),
            "posts": total_posts,
            "generate_seconds": round(generated, 2),
        },
    }
    with tempfile.TemporaryDirectory() as tmp, ForumServer(forum, per_page=30) as server:
        config = Path(tmp) / "forum.yml"
        config.write_text(
            yaml.safe_dump(
                {
                    "forum": {"url": "https://forum.werkcafe.nl"},
                    "categories": {
                        "publish": ["ervaringen", "vragen"],
                        "experience": ["ervaringen"],
                    },
                    "output": {"store": "store.sqlite", "export_dir": "export"},
                }
            )
        )
        seconds, peak, line = run(config, "sync", "--url", server.url)
        results["full_sync"] = {
            "seconds": round(seconds, 2),
            "requests": len(server.requests),
            "peak_rss_mib": round(peak, 1),
            "summary": line,
        }
        server.reset_log()
        seconds, _, line = run(config, "sync", "--url", server.url)
        results["unchanged_sync"] = {
            "seconds": round(seconds, 2),
            "requests": len(server.requests),
            "listing_pages": server.request_count("/c/*"),
        }
        changed = bump_topics(forum, fraction=0.01, seed=2)
        server.reset_log()
        seconds, _, line = run(config, "sync", "--url", server.url)
        results["incremental_sync_1pct"] = {
            "changed_topics": len(changed),
            "seconds": round(seconds, 2),
            "requests": len(server.requests),
            "listing_pages": server.request_count("/c/*"),
            "topic_requests": server.request_count("/t/*"),
            "summary": line,
        }
        seconds, peak, line = run(config, "export", "--now", NOW)
        results["first_export"] = {"seconds": round(seconds, 2), "summary": line}
        seconds, _, line = run(config, "export", "--now", NOW)
        results["cached_export"] = {"seconds": round(seconds, 2), "summary": line}
        posts, rate, cpu_rate = throughput(config)
        results["anonymization"] = {
            "posts": posts,
            "posts_per_second": round(rate, 1),
            "posts_per_cpu_second": round(cpu_rate, 1),
        }

    rows = [
        ("forum", f"{results['forum']['topics']} topics, {results['forum']['posts']} posts"),
        (
            "full sync",
            f"{results['full_sync']['seconds']} s, {results['full_sync']['requests']} requests, "
            f"peak RSS {results['full_sync']['peak_rss_mib']} MiB",
        ),
        (
            "unchanged sync",
            f"{results['unchanged_sync']['seconds']} s, {results['unchanged_sync']['requests']} "
            f"requests ({results['unchanged_sync']['listing_pages']} listing pages)",
        ),
        (
            "incremental, 1 %",
            f"{results['incremental_sync_1pct']['seconds']} s, "
            f"{results['incremental_sync_1pct']['requests']} requests for "
            f"{results['incremental_sync_1pct']['changed_topics']} changed topics",
        ),
        ("first export", f"{results['first_export']['seconds']} s (deduce load included)"),
        ("cached export", f"{results['cached_export']['seconds']} s"),
        (
            "anonymization",
            f"{results['anonymization']['posts_per_second']} posts/s after start-up "
            f"({results['anonymization']['posts_per_cpu_second']} per CPU second)",
        ),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
