"""Benchmark the forum pipeline on generated forums of one or more sizes.

    .venv/bin/python scripts/bench_forum.py [--topics 2000 [20000 ...]] [--posts-per-topic 8]

Serves `forum_sync.testing.generate.generate_forum` on the local test server and measures,
per size, each sync and export running as a real `forum-sync` subprocess:

- a full first sync: seconds, HTTP requests, peak memory of the child;
- an unchanged sync, and an incremental sync after 1 % of the topics got a new post;
- the first export (deduce loads, everything is anonymized) and a cached re-export;
- for each: the child's CPU seconds (user + sys; steadier than wall time when other jobs
  share the machine) and, for syncs, the test server's CPU seconds (this process, where it
  runs; the memory polling adds about 1 % of the wall time);
- per topic: wall and CPU milliseconds and KiB of peak memory, so sizes compare (they
  should stay flat);
- for the smallest size only: anonymization throughput after start-up, in posts per second.

Prints a table per size and writes bench-results/forum.json. A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
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


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(config: Path, *args: str) -> dict[str, object]:
    """Wall seconds, the child's CPU seconds, the test server's CPU seconds (it runs in this
    process) and the child's peak RSS in MiB of one forum-sync run, with its summary line."""
    cpu, server_cpu = _children_cpu(), time.process_time()
    seconds, peak, stdout = run_measured(
        [sys.executable, "-m", "forum_sync", "--config", str(config), "-q", *args], cwd=REPO_ROOT
    )
    return {"seconds": round(seconds, 2), "cpu_seconds": round(_children_cpu() - cpu, 2),
            "server_cpu_seconds": round(time.process_time() - server_cpu, 2),
            "peak_rss_mib": round(peak, 1), "summary": stdout.strip()}


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


def per_topic(measured: dict[str, object], topics: int) -> dict[str, object]:
    """The measurement with wall ms, CPU ms and KiB of peak memory per topic added."""
    return {**measured,
            "ms_per_topic": round(float(measured["seconds"]) * 1000 / topics, 2),
            "cpu_ms_per_topic": round(float(measured["cpu_seconds"]) * 1000 / topics, 2),
            "kib_per_topic": round(float(measured["peak_rss_mib"]) * 1024 / topics, 1)}


def bench_size(topics: int, posts: int, with_throughput: bool) -> dict[str, object]:
    started = time.monotonic()
    forum = generate_forum(topics=topics, posts=posts, seed=1)
    generated = time.monotonic() - started
    total_posts = sum(len(t.posts) for t in forum.topics.values())
    results: dict[str, object] = {
        "forum": {"topics": len(forum.topics), "posts": total_posts,
                  "generate_seconds": round(generated, 2)},
    }
    n = len(forum.topics)
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
        results["full_sync"] = {**per_topic(run(config, "sync", "--url", server.url), n),
                                "requests": len(server.requests)}
        server.reset_log()
        measured = per_topic(run(config, "sync", "--url", server.url), n)
        requests = len(server.requests)
        results["unchanged_sync"] = {
            **measured, "requests": requests, "listing_pages": server.request_count("/c/*"),
            "ms_per_request": round(float(measured["seconds"]) * 1000 / requests, 1),
        }
        changed = bump_topics(forum, fraction=0.01, seed=2)
        server.reset_log()
        results["incremental_sync_1pct"] = {
            **per_topic(run(config, "sync", "--url", server.url), n),
            "changed_topics": len(changed), "requests": len(server.requests),
            "listing_pages": server.request_count("/c/*"),
            "topic_requests": server.request_count("/t/*"),
        }
        results["first_export"] = per_topic(run(config, "export", "--now", NOW), n)
        results["cached_export"] = per_topic(run(config, "export", "--now", NOW), n)
        export_dir = Path(tmp) / "export"
        results["export_mib"] = round(sum(f.stat().st_size for f in export_dir.rglob("*")
                                          if f.is_file()) / 2**20, 1)
        results["store_mib"] = round((Path(tmp) / "store.sqlite").stat().st_size / 2**20, 1)
        if with_throughput:
            posts_done, rate, cpu_rate = throughput(config)
            results["anonymization"] = {"posts": posts_done, "posts_per_second": round(rate, 1),
                                        "posts_per_cpu_second": round(cpu_rate, 1)}
    return results


def print_size(results: dict) -> None:
    def step(name: str) -> str:
        r = results[name]
        server = f"; server {r['server_cpu_seconds']} s CPU" if "sync" in name else ""
        return (f"{r['seconds']} s ({r['cpu_seconds']} s CPU{server}), peak "
                f"{r['peak_rss_mib']} MiB (per topic {r['ms_per_topic']} ms, "
                f"{r['cpu_ms_per_topic']} ms CPU, {r['kib_per_topic']} KiB)")

    rows = [
        ("forum", f"{results['forum']['topics']} topics, {results['forum']['posts']} posts"),
        ("full sync", f"{step('full_sync')}, {results['full_sync']['requests']} requests"),
        ("unchanged sync", f"{step('unchanged_sync')}, "
                           f"{results['unchanged_sync']['requests']} requests, "
                           f"{results['unchanged_sync']['ms_per_request']} ms each"),
        ("incremental, 1 %", f"{step('incremental_sync_1pct')}, "
                             f"{results['incremental_sync_1pct']['requests']} requests for "
                             f"{results['incremental_sync_1pct']['changed_topics']} changed "
                             "topics"),
        ("first export", f"{step('first_export')} (deduce load included)"),
        ("cached export", step("cached_export")),
        ("disk", f"store {results['store_mib']} MiB, export {results['export_mib']} MiB"),
    ]
    if "anonymization" in results:
        rows.append(("anonymization",
                     f"{results['anonymization']['posts_per_second']} posts/s after start-up"))
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--topics", type=int, nargs="+", default=[2000])
    parser.add_argument("--posts-per-topic", type=int, default=8)
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "bench-results" / "forum.json")
    args = parser.parse_args()
    report: dict[str, object] = {
        "date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": f"{platform.machine()}, Python {platform.python_version()}, "
                   f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}",
        "sizes": {},
    }
    for topics in sorted(args.topics):
        results = bench_size(topics, topics * args.posts_per_topic,
                             with_throughput=topics == min(args.topics))
        report["sizes"][str(topics)] = results
        print(f"\n== {topics} topics generated (load {os.getloadavg()[0]:.1f})")
        print_size(results)
    sizes = sorted(args.topics)
    if len(sizes) > 1:
        # What each extra topic costs between the smallest and the largest size: the fixed
        # start-up (Python, deduce's lists) drops out, so flat means linear and no worse.
        small, large = report["sizes"][str(sizes[0])], report["sizes"][str(sizes[-1])]
        extra = large["forum"]["topics"] - small["forum"]["topics"]
        marginal = {}
        print(f"\n== per extra topic, {sizes[0]} -> {sizes[-1]}")
        print(f"{'':<22}  {'wall':>8}     {'CPU':>8}     {'memory':>7}")
        for step in ("full_sync", "unchanged_sync", "incremental_sync_1pct", "first_export",
                     "cached_export"):
            def delta(field: str, scale: float, step: str = step) -> float:
                return (large[step][field] - small[step][field]) * scale / extra
            ms, cpu, kib = delta("seconds", 1000), delta("cpu_seconds", 1000), \
                delta("peak_rss_mib", 1024)
            marginal[step] = {"ms_per_topic": round(ms, 2), "cpu_ms_per_topic": round(cpu, 2),
                              "kib_per_topic": round(kib, 2)}
            print(f"{step:<22}  {ms:8.2f} ms  {cpu:8.2f} ms  {kib:7.2f} KiB")
        report["marginal"] = marginal
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
