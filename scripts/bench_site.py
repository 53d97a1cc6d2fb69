"""Benchmark the site: build time and peak memory, and what a visit costs.

    .venv/bin/python scripts/bench_site.py [--topics 2000 [20000 ...]] [--repeat N] [--skip-large]
        [--export-cache DIR]

Builds (each in a fresh temporary directory, measured as a child process):
  - demo export, forum plugin on and off (same docs: the ratio is the plugin's overhead)
  - per size, a generated export of N topics (default 2,000, about 8 posts each), plugin on and off,
    and with the local pages (/lokaal/, issue 10) off: about 3 in 4 topics carry one
    municipality tag (the generator's Zipf draw; forum_sync exports it as taxonomy.gemeenten)
Page costs (headless Chromium, empty cache, bytes as a host sends them: gzip for text):
  - a guide page, a topic page, the tally page, /termijnen/ and /lokaal/; on the guide page
    the first search, a second one, and "Zoek ook in ervaringen" (SEARCHES).
The knelpunten report (pages, feed, open-data page, both languages) is also timed on its
own in this process, as a share of the plugin-on build of the same export.

Prints a table and writes bench-results/site.json. A benchmark, not a test: it asserts
nothing, it reports.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from measure import run_measured  # noqa: E402 - scripts/measure.py

from werkcafe.pagecost import Traffic, launch, serve  # noqa: E402

BIN = Path(sys.executable).parent


def export_from(source_dir: Path, work: Path) -> Path:
    store, out = work / "forum.sqlite", work / "export"
    env = dict(os.environ)
    subprocess.run([str(BIN / "forum-sync"), "--store", str(store), "sync", "--from-dir",
                    str(source_dir)], check=True, env=env, cwd=REPO, capture_output=True)
    subprocess.run([str(BIN / "forum-sync"), "--store", str(store), "export", "--out",
                    str(out)], check=True, env=env, cwd=REPO, capture_output=True)
    return out


def generated_source(topics: int, work: Path) -> Path:
    """The generated forum (with its municipality tags) as a directory."""
    from forum_sync.testing.dump import render_dir, write_dir
    from forum_sync.testing.generate import generate_forum

    forum = generate_forum(topics=topics, posts=topics * 8, seed=1)
    target = work / "generated-forum"
    write_dir(render_dir(forum), target)
    return target


def large_export(topics: int, work: Path, cache: Path | None) -> Path:
    """The generated forum's export; from `cache` when a finished one is there (the
    generator is seeded, so it is the same forum)."""
    if cache is None:
        return export_from(generated_source(topics, work), work / "large")
    kept = cache / str(topics)
    if not (kept / "export" / "manifest.json").is_file():
        shutil.rmtree(kept, ignore_errors=True)
        export_from(generated_source(topics, kept), kept)
    return kept / "export"


def placed_in_a_municipality(export: Path) -> int:
    """How many exported topics forum_sync placed in a municipality (`taxonomy.gemeenten`);
    an export without the field is an error, not something to patch up here."""
    index = json.loads((export / "index.json").read_text("utf-8"))
    if not all("gemeenten" in t.get("taxonomy", {}) for t in index["topics"]):
        raise SystemExit(f"{export}: topics without taxonomy.gemeenten")
    return sum(1 for t in index["topics"] if t["taxonomy"]["gemeenten"])


def build(export: Path, plugin_on: bool, work: Path, name: str,
          lokaal: bool = True) -> dict[str, float]:
    env = {**os.environ, "WERKCAFE_FORUM_EXPORT": str(export),
           "WERKCAFE_FORUM": "true" if plugin_on else "false", "NO_MKDOCS_2_WARNING": "1",
           "WERKCAFE_LOKAAL": "true" if lokaal else "false"}
    site = work / f"site-{name}"
    # The mkdocs process itself; Pagefind's indexer runs as its own child for about a second.
    # CPU time (user + sys, Pagefind included) is less disturbed by other load than wall time.
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds, peak, _ = run_measured([str(BIN / "mkdocs"), "build", "-q", "-d", str(site)],
                                    env=env, cwd=REPO)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    pages = sum(1 for _ in site.rglob("index.html"))
    return {"seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
            "peak_mib": round(peak, 1), "html_pages": pages, "site": str(site)}


# The first query (empty cache), a second one from another part of the alphabet, then
# "Zoek ook in ervaringen" (the forum's Pagefind index) for the second query.
SEARCHES = (("first search", "keuring", "#wc-search-popup li > a"),
            ("next search", "wajong", "#wc-search-popup li > a[href$='/regelingen/wajong/']"),
            ("+ ervaringen", None, "#wc-search-popup a[href*='/ervaringen/onderwerp/']"))


def search_costs(page: Any, traffic: Traffic) -> dict[str, dict[str, int]]:
    """Bytes sent for each step of SEARCHES, typed into the header's search box."""
    results = {}
    for name, query, selector in SEARCHES:
        mark = traffic.mark()
        if query:
            page.fill("#wc-search-input", query)
        else:
            page.click("#wc-search-popup [data-wc-forum]")
        page.wait_for_selector(selector, timeout=30_000)
        page.wait_for_load_state("networkidle")
        raw, sent = traffic.since(mark)
        results[name] = {"requests": len(traffic.responses) - mark, "raw": raw, "sent": sent}
    return results


def page_costs(site: Path, paths: dict[str, str]) -> dict[str, dict[str, int]]:
    from playwright.sync_api import sync_playwright

    results: dict[str, dict[str, int]] = {}
    with serve(site) as base, sync_playwright() as playwright:
        browser = launch(playwright)
        for name, path in paths.items():
            context = browser.new_context()
            page = context.new_page()
            traffic = Traffic().record(page)
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            results[name] = {"requests": len(traffic.responses), "raw": traffic.raw_bytes,
                             "sent": traffic.sent_bytes}
            if name == "guide page":
                results.update(search_costs(page, traffic))
            context.close()
        browser.close()
    return results


def report_seconds(export: Path) -> float:
    """Generating every knelpunten report page, the feeds and the open-data page."""
    import time

    from werkcafe.plugins.forum import feed, opendata, report_pages
    from werkcafe.plugins.forum.export import load_export
    from werkcafe.plugins.forum.pages import ForumSite
    from werkcafe.taxonomy import load_taxonomy

    site = ForumSite(load_export(export), load_taxonomy(), "https://forum.example", 20, {},
                     "https://werkcafe.example/")
    start = time.perf_counter()
    for language in ("nl", "en"):
        context = site.report_context(language)
        report_pages.pages(site.export.topics, context, lambda page: lambda target: target)
        feed.feed(site.export.topics, context)
        opendata.page(site.export.files, site.site_url, language, lambda target: target)
    return time.perf_counter() - start


def first_topic_path(export: Path) -> str:
    index = json.loads((export / "index.json").read_text(encoding="utf-8"))
    return f"/ervaringen/onderwerp/{index['topics'][0]['id']}/"


def bench_large(topics: int, args: argparse.Namespace, work: Path,
                builds: dict[str, dict], report: dict[str, object]) -> None:
    """Builds and page costs of a generated forum of `topics` topics, added to builds/report."""
    large = large_export(topics, work, args.export_cache)
    report[f"topics_placed_in_a_municipality_{topics}"] = placed_in_a_municipality(large)
    # Alternated and repeated, fastest kept: the machine is shared, and the local
    # pages' share (at most 15%) is smaller than a noisy run's spread.
    for _ in range(args.repeat):
        for name, lokaal in (("plugin on", True), ("lokaal off", False)):
            result = build(large, True, work, f"large-{topics}-{lokaal}", lokaal=lokaal)
            key = f"{topics} topics, {name}"
            if key not in builds or result["cpu_seconds"] < builds[key]["cpu_seconds"]:
                builds[key] = result
    builds[f"{topics} topics, plugin off"] = build(large, False, work, f"large-{topics}-off")
    report[f"page_costs_{topics}"] = page_costs(
        Path(builds[f"{topics} topics, plugin on"]["site"]), {
            "guide page": "/situaties/keuring/",
            "topic page": first_topic_path(large),
            "tally page": "/ervaringen/cijfers/",
            "local index": "/lokaal/",
        })
    seconds = report_seconds(large)
    report[f"knelpunten_report_{topics}"] = {
        "seconds": round(seconds, 3),
        "share_of_build": round(seconds / builds[f"{topics} topics, plugin on"]["seconds"], 4)}
    # Measured: free the disk now (a 20,000-topic site is about 1 GB) before the next size.
    for result in builds.values():
        if f"large-{topics}-" in str(result.get("site", "")):
            shutil.rmtree(result.pop("site"), ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--topics", type=int, nargs="+", default=[2000],
                        help="sizes of the generated forum (make bench-large: 2000 20000)")
    parser.add_argument("--skip-large", action="store_true", help="only the demo export")
    parser.add_argument("--repeat", type=int, default=3,
                        help="builds of the large site with and without /lokaal/ (fastest kept)")
    parser.add_argument("--export-cache", type=Path,
                        help="keep the generated export of N topics in DIR/<N> and reuse it "
                             "(generating and anonymizing it takes minutes)")
    args = parser.parse_args()
    report: dict[str, object] = {"machine": {"cpus": os.cpu_count()}}
    with tempfile.TemporaryDirectory(prefix="werkcafe-bench-") as tmp:
        work = Path(tmp)
        demo = export_from(REPO / "forum_sync" / "demo" / "forum", work / "demo")
        builds = {"demo, plugin on": build(demo, True, work, "demo-on"),
                  "demo, plugin off": build(demo, False, work, "demo-off")}
        costs = page_costs(Path(builds["demo, plugin on"]["site"]), {
            "guide page": "/situaties/keuring/",
            "topic page": first_topic_path(demo),
            "tally page": "/ervaringen/cijfers/",
            "deadline calculator": "/termijnen/",
            "local index": "/lokaal/",
        })
        if not args.skip_large:
            for topics in args.topics:
                bench_large(topics, args, work, builds, report)
        for result in builds.values():
            result.pop("site", None)
    report["builds"] = builds
    report["page_costs_demo"] = costs
    for label in ("demo", *(f"{n} topics" for n in args.topics)):
        on, off = builds.get(f"{label}, plugin on"), builds.get(f"{label}, plugin off")
        if on and off:
            report[f"overhead_{label}"] = round(on["seconds"] / off["seconds"], 2)
    for n in args.topics:  # issue 10: the local pages may add at most 15% to the build
        on, off = (builds.get(f"{n} topics, {k}") for k in ("plugin on", "lokaal off"))
        if on and off:
            suffix = "" if n == args.topics[0] else f"_{n}"
            report[f"overhead_lokaal{suffix}"] = round(on["seconds"] / off["seconds"], 3)
            report[f"overhead_lokaal_cpu{suffix}"] = round(
                on["cpu_seconds"] / off["cpu_seconds"], 3)

    print(f"{'build':32} {'seconds':>8} {'cpu s':>8} {'peak MiB':>9} {'pages':>6}")
    for name, result in builds.items():
        print(f"{name:32} {result['seconds']:8.2f} {result['cpu_seconds']:8.2f} "
              f"{result['peak_mib']:9.1f} {result['html_pages']:6d}")
    for key in [k for k in report if k.startswith("overhead_")]:
        print(f"plugin overhead ({key.removeprefix('overhead_')}): {report[key]}x")
    for n in args.topics:
        share = report.get(f"knelpunten_report_{n}")
        if share:
            print(f"knelpunten report ({n} topics): {share['seconds']:.3f} s, "
                  f"{share['share_of_build']:.1%} of the build")
    tables = [("demo site", costs)] + [(f"{n} topics", report.get(f"page_costs_{n}"))
                                       for n in args.topics]
    for title, table in tables:
        if not table:
            continue
        print(f"\n{title:20} {'requests':>8} {'raw KB':>8} {'sent KB':>8}")
        for name, cost in table.items():
            print(f"{name:20} {cost['requests']:8d} {cost['raw'] / 1024:8.1f} "
                  f"{cost['sent'] / 1024:8.1f}")
    out = REPO / "bench-results"
    out.mkdir(exist_ok=True)
    (out / "site.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten: {out / 'site.json'}  (peak memory of this script: "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
