"""Benchmark the site: build time and peak memory, and what a visit and a search cost.

    .venv/bin/python scripts/bench_site.py [--topics 2000 [20000 ...]] [--skip-large]
                                           [--export-cache DIR]

Builds (each in a fresh temporary directory, measured as a child process):
  - the demo export, forum plugin on and off (same docs: the ratio is the plugin's overhead)
  - a generated export per size (about 8 posts a topic), plugin on
Page costs (headless Chromium, empty cache, bytes as a host sends them: gzip for text):
  - a guide page, a topic page, the tally page and /termijnen/;
  - on the guide page: the first search (empty cache), a second search, and the same query
    with "Zoek ook in ervaringen" (the forum index, loaded only then).
Generating and anonymizing an export of 20,000 topics takes long; --export-cache DIR keeps
each size's export in DIR/<topics>/ and reuses it (delete it after changing forum_sync).

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
    from forum_sync.testing.dump import render_dir, write_dir
    from forum_sync.testing.generate import generate_forum

    forum = generate_forum(topics=topics, posts=topics * 8, seed=1)
    target = work / "generated-forum"
    write_dir(render_dir(forum), target)
    return target


def build(export: Path, plugin_on: bool, work: Path, name: str) -> dict[str, float]:
    env = {**os.environ, "WERKCAFE_FORUM_EXPORT": str(export),
           "WERKCAFE_FORUM": "true" if plugin_on else "false", "NO_MKDOCS_2_WARNING": "1"}
    site = work / f"site-{name}"
    # The mkdocs process itself; Pagefind's indexer runs as its own child.
    seconds, peak, _ = run_measured([str(BIN / "mkdocs"), "build", "-q", "-d", str(site)],
                                    env=env, cwd=REPO)
    pages = sum(1 for _ in site.rglob("index.html"))
    disk = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
    return {"seconds": round(seconds, 2), "peak_mib": round(peak, 1), "html_pages": pages,
            "site_mib": round(disk / 2**20, 1), "site": str(site)}


def _search(page, traffic: Traffic, query: str, selector: str) -> dict[str, int]:
    mark = traffic.mark()
    before = len(traffic.requests)
    page.fill("#wc-search-input", query)
    page.wait_for_selector(selector, timeout=60_000)
    page.wait_for_load_state("networkidle")
    raw, sent = traffic.since(mark)
    forum = [u for u in traffic.requests[before:] if "/pagefind-forum/" in u]
    return {"requests": len(traffic.responses) - mark, "raw": raw, "sent": sent,
            "forum_index_requests": len(forum)}


def search_costs(page, traffic: Traffic) -> dict[str, dict[str, int]]:
    """First query (empty cache), a second query, then the forum threads as well."""
    results = {"first search": _search(page, traffic, "keuring",
                                       "#wc-search-popup a[href$='/situaties/keuring/']"),
               "second search": _search(page, traffic, "bezwaar",
                                        "#wc-search-popup a[href$='/situaties/bezwaar/']")}
    mark = traffic.mark()
    page.click("#wc-search-popup [data-wc-forum]")
    page.wait_for_selector("#wc-search-popup a[href*='/ervaringen/onderwerp/']",
                           timeout=60_000)
    page.wait_for_load_state("networkidle")
    raw, sent = traffic.since(mark)
    results["+ experiences"] = {"requests": len(traffic.responses) - mark, "raw": raw,
                                "sent": sent}
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


def generated_export(topics: int, work: Path, cache: Path | None) -> Path:
    if cache is not None and (cache / str(topics) / "export" / "manifest.json").is_file():
        return cache / str(topics) / "export"
    target = (cache or work) / str(topics)
    return export_from(generated_source(topics, target), target)


def first_topic_path(export: Path) -> str:
    index = json.loads((export / "index.json").read_text(encoding="utf-8"))
    return f"/ervaringen/onderwerp/{index['topics'][0]['id']}/"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--topics", type=int, nargs="+", default=[2000])
    parser.add_argument("--skip-large", action="store_true", help="only the demo export")
    parser.add_argument("--export-cache", type=Path, help="keep generated exports here")
    args = parser.parse_args()
    report: dict[str, object] = {"machine": {"cpus": os.cpu_count(),
                                             "load_before": round(os.getloadavg()[0], 1)}}
    costs: dict[str, dict[str, dict[str, int]]] = {}
    with tempfile.TemporaryDirectory(prefix="werkcafe-bench-") as tmp:
        work = Path(tmp)
        demo = export_from(REPO / "forum_sync" / "demo" / "forum", work / "demo")
        builds = {"demo, plugin on": build(demo, True, work, "demo-on"),
                  "demo, plugin off": build(demo, False, work, "demo-off")}
        costs["demo"] = page_costs(Path(builds["demo, plugin on"]["site"]), {
            "guide page": "/situaties/keuring/",
            "topic page": first_topic_path(demo),
            "tally page": "/ervaringen/cijfers/",
            "deadline calculator": "/termijnen/",
        })
        for topics in ([] if args.skip_large else sorted(args.topics)):
            export = generated_export(topics, work, args.export_cache)
            name = f"{topics} topics, plugin on"
            builds[name] = build(export, True, work, f"{topics}-on")
            costs[f"{topics} topics"] = page_costs(Path(builds[name]["site"]), {
                "guide page": "/situaties/keuring/",
                "topic page": first_topic_path(export),
                "tally page": "/ervaringen/cijfers/",
            })
            shutil.rmtree(builds[name]["site"], ignore_errors=True)
        for result in builds.values():
            result.pop("site")
    report["builds"] = builds
    report["page_costs"] = costs
    report["machine"]["load_after"] = round(os.getloadavg()[0], 1)
    off = builds["demo, plugin off"]["seconds"]
    for name, result in builds.items():
        if name.endswith("plugin on"):
            label = name.removesuffix(", plugin on")
            report[f"overhead_{label}"] = round(result["seconds"] / off, 2)

    print(f"{'build':26} {'seconds':>8} {'peak MiB':>9} {'pages':>6} {'site MiB':>9}")
    for name, result in builds.items():
        print(f"{name:26} {result['seconds']:8.2f} {result['peak_mib']:9.1f} "
              f"{result['html_pages']:6d} {result['site_mib']:9.1f}")
    for key in [k for k in report if k.startswith("overhead_")]:
        print(f"build time against the demo without forum ({key.removeprefix('overhead_')}): "
              f"{report[key]}x")
    for title, table in costs.items():
        print(f"\n{title:20} {'requests':>8} {'raw KB':>8} {'sent KB':>8}")
        for name, cost in table.items():
            print(f"{name:20} {cost['requests']:8d} {cost['raw'] / 1024:8.1f} "
                  f"{cost['sent'] / 1024:8.1f}")
    print(f"\nload average: {report['machine']['load_before']} before, "
          f"{report['machine']['load_after']} after, {os.cpu_count()} CPUs")
    out = REPO / "bench-results"
    out.mkdir(exist_ok=True)
    (out / "site.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten: {out / 'site.json'}  (peak memory of this script: "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
