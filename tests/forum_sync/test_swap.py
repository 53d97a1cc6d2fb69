"""The export swap: the export path always holds a complete export, the old or the new one."""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path
from typing import Any

import pytest

from forum_sync import swap
from forum_sync.export import write_atomic
from werkcafe.plugins.forum.export import load_export


def files(n: int, topics: int = 30) -> dict[str, bytes]:
    """A small export whose every file carries the version number `n`."""
    out = {
        f"topics/{i}.json": json.dumps({"id": i, "version": n}).encode() for i in range(topics)
    }
    out["index.json"] = json.dumps({"version": n, "topics": list(range(topics))}).encode()
    out["manifest.json"] = json.dumps({"version": n, "topic_count": topics}).encode()
    return out


def read_consistent(target: Path) -> int:
    """Read one version the way a careful reader does: resolve the link once."""
    root = target.resolve()
    manifest = json.loads((root / "manifest.json").read_text())
    index = json.loads((root / "index.json").read_text())
    versions = {json.loads((root / "topics" / f"{i}.json").read_text())["version"]
                for i in index["topics"]}
    assert versions == {manifest["version"]} == {index["version"]}
    assert len(index["topics"]) == manifest["topic_count"]
    return int(manifest["version"])


def reader(target: Path, stop: Any, results: Any) -> None:
    """Another process reading the export in a loop (a site build, a web server)."""
    problems: list[str] = []
    seen: set[int] = set()
    reads = 0
    while not stop.is_set():
        try:
            seen.add(read_consistent(target))
            # A reader that does not resolve: each file is always there and whole.
            json.loads((target / "manifest.json").read_text())
            json.loads((target / "index.json").read_text())
        except (OSError, ValueError, AssertionError) as exc:
            problems.append(repr(exc))
        reads += 1
    results.put((reads, len(seen), problems[:5], len(problems)))


def test_concurrent_reader_always_sees_a_complete_export(tmp_path: Path) -> None:
    target = tmp_path / "forum-export"
    write_atomic(files(0), target)
    stop, results = multiprocessing.Event(), multiprocessing.Queue()
    process = multiprocessing.Process(target=reader, args=(target, stop, results))
    process.start()
    try:
        for n in range(1, 300):
            write_atomic(files(n, topics=5), target)
    finally:
        stop.set()
        reads, versions_seen, problems, count = results.get(timeout=60)
        process.join(timeout=10)
    assert (problems, count) == ([], 0)
    assert reads > 100 and versions_seen > 1  # the reader really ran during the swaps
    assert read_consistent(target) == 299
    assert len(swap.versions(target)) > 2  # replaced moments ago: a reader may still be in one
    swap.cleanup(target, grace=0)
    assert swap.versions(target) == [target.resolve()]


def test_first_swap_over_a_plain_directory_has_no_gap(tmp_path: Path) -> None:
    target = tmp_path / "forum-export"
    (target / "topics").mkdir(parents=True)
    for name, data in files(0).items():
        (target / name).write_bytes(data)
    swap.publish(files(1), target)
    assert target.is_symlink() and read_consistent(target) == 1
    assert len(swap.versions(target)) == 2  # the old plain directory, kept as the previous one
    swap.publish(files(2), target)
    assert read_consistent(target) == 2 and len(swap.versions(target)) == 3
    swap.cleanup(target, keep=swap.versions(target)[1], grace=0)  # as a later export does
    assert len(swap.versions(target)) == 2


def test_failure_before_the_switch_keeps_the_old_export(tmp_path: Path) -> None:
    target = tmp_path / "forum-export"
    swap.publish(files(1), target)
    with pytest.raises(ValueError, match="outside"):
        swap.publish({**files(2), "../escape.json": b"{}"}, target)
    assert read_consistent(target) == 1
    assert not (tmp_path / "escape.json").exists()
    assert len(swap.versions(target)) == 1
    assert not list(tmp_path.glob(".forum-export.link-*"))


def test_the_site_plugin_reads_the_linked_export(tmp_path: Path) -> None:
    target = tmp_path / "forum-export"
    manifest = {"schema": 1, "generated_at": "2026-01-01T00:00:00Z", "source": "demo",
                "forum_url": "https://forum.werkcafe.nl", "topic_count": 0, "post_count": 0}
    swap.publish({"manifest.json": json.dumps(manifest).encode(),
                  "index.json": b'{"schema": 1, "topics": []}'}, target)
    export = load_export(target)
    assert export.manifest["source"] == "demo" and export.directory is not None


def test_a_file_in_the_way_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "forum-export"
    target.write_text("not an export")
    with pytest.raises(FileExistsError):
        swap.publish(files(1), target)
    assert target.read_text() == "not an export" and swap.versions(target) == []
