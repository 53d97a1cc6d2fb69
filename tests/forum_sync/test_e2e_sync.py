"""End to end: the real CLI over real HTTP against the local Discourse-compatible server."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from forum_sync.store import SCHEMA_VERSION
from forum_sync.testing.model import Forum
from forum_sync.testing.server import ForumServer
from tests.forum_sync.conftest import Cli
from tests.forum_sync.helpers import (
    DEMO_DIR,
    NOW,
    NOW_DT,
    REPO_ROOT,
    expected_publication,
    exported,
    tree_digest,
)

pytestmark = pytest.mark.e2e


def closing_requests(out: str) -> int:
    match = re.search(r"requests (\d+)", out)
    assert match, out
    return int(match.group(1))


def test_sync_and_export_follow_the_contract(
    cli: Cli, demo_forum: Forum, deduce_ready: None
) -> None:
    result = cli.sync()
    assert result.code == 0, result.err
    assert re.search(
        r"fetched \d+ / changed \d+ / removed \d+ / requests \d+ / [\d.]+ s", result.out
    )
    assert cli.export().code == 0
    out = cli.export_dir
    manifest = json.loads((out / "manifest.json").read_text())
    index = json.loads((out / "index.json").read_text())
    assert (
        manifest["schema"] == 1
        and manifest["source"] == "forum"
        and manifest["generated_at"] == NOW
    )
    assert (
        manifest["topic_count"]
        == len(index["topics"])
        == len(list((out / "topics").glob("*.json")))
    )
    created = [t["created_at"] for t in index["topics"]]
    assert created == sorted(created, reverse=True)
    summary = index["topics"][0]
    assert set(summary) == {
        "id",
        "title",
        "created_at",
        "last_posted_at",
        "post_count",
        "excerpt",
        "forum_url",
        "category",
        "experience",
        "taxonomy",
        "herkenbaar",
    }
    assert summary["forum_url"] == f"{cli.server.url}/t/{summary['id']}"
    assert set(summary["taxonomy"]) == {
        "regelingen",
        "situaties",
        "instanties",
        "themas",
        "oordelen",
        "doelgroepen",
        "gemeenten",
    }
    assert len(summary["excerpt"]) <= 200
    topic = json.loads((out / "topics" / f"{summary['id']}.json").read_text())
    assert [p["number"] for p in topic["posts"]] == list(range(1, len(topic["posts"]) + 1))
    assert set(topic["posts"][0]) == {"number", "participant", "created_at", "html"}
    assert topic["posts"][0]["participant"] == "A"
    t101 = json.loads((out / "topics" / "101.json").read_text())
    assert t101["experience"] is True and t101["taxonomy"]["regelingen"] == ["ww"]
    assert exported(out) == expected_publication(demo_forum, NOW_DT).topics
    assert manifest["post_count"] == sum(len(v) for v in exported(out).values())


def test_incremental_requests_are_bounded(cli: Cli, server: ForumServer, demo_forum: Forum) -> None:
    assert cli.sync().code == 0
    server.reset_log()
    result = cli.sync()
    assert result.code == 0
    pages = server.request_count("/c/*")
    assert pages >= 4  # two categories, ten topics a page
    assert server.request_count("/t/*") == 0
    assert len(server.requests) == pages + 2  # + /categories.json + the opt-out group
    assert closing_requests(result.out) == len(server.requests)

    server.reset_log()
    changed = [102, 121, 205]
    for topic_id in changed:
        demo_forum.add_post(topic_id, username="henk1962", cooked="<p>Nieuw bericht.</p>")
    result = cli.sync()
    assert result.code == 0
    pages = server.request_count("/c/*")
    assert (
        sorted(
            int(r.path.split("/")[2].split(".")[0])
            for r in server.requests
            if r.path.startswith("/t/")
        )
        == changed
    )
    assert len(server.requests) == pages + 2 + len(changed)
    assert "fetched 3 / changed 3" in result.out


def test_long_topic_changes_cost_its_extra_chunk(
    cli: Cli, server: ForumServer, demo_forum: Forum
) -> None:
    assert cli.sync().code == 0
    server.reset_log()
    demo_forum.add_post(101, username="henk1962", cooked="<p>Nog een.</p>")
    assert cli.sync().code == 0
    assert (
        server.request_count("/t/101.json") == 1 and server.request_count("/t/101/posts.json") == 1
    )
    assert server.request_count("/t/*") == 2


@pytest.mark.parametrize(("listing_tags", "when_full"), [("objects", False), ("strings", True)])
def test_tag_shapes_and_empty_last_page(
    demo_forum: Forum, make_cli, listing_tags: str, when_full: bool, deduce_ready: None
) -> None:
    with ForumServer(
        demo_forum, per_page=10, listing_tags=listing_tags, more_topics_when_full=when_full
    ) as server:
        cli = make_cli(server)
        assert cli.sync().code == 0
        server.reset_log()
        assert cli.sync().code == 0
        assert server.request_count("/t/*") == 0  # tags parsed the same way both times
        demo_forum.add_tag(102, "niet-publiceren")  # no bump: only the listing's tags change
        assert cli.sync().code == 0
        assert cli.export().code == 0
        assert 102 not in exported(cli.export_dir)
        index = json.loads((cli.export_dir / "index.json").read_text())
        t101 = next(t for t in index["topics"] if t["id"] == 101)
        assert t101["taxonomy"]["instanties"] == ["uwv"]


def test_from_dir_reads_the_demo_without_network(make_cli, deduce_ready: None) -> None:
    cli = make_cli()
    result = cli("sync", "--from-dir", str(DEMO_DIR))
    assert result.code == 0, result.err
    assert cli.export().code == 0
    manifest = json.loads((cli.export_dir / "manifest.json").read_text())
    assert manifest["source"] == "demo" and manifest["forum_url"] == "https://forum.werkcafe.nl"
    assert exported(cli.export_dir) == expected_publication(Forum.load_dir(DEMO_DIR), NOW_DT).topics


def test_exports_are_deterministic(make_cli, server: ForumServer, deduce_ready: None) -> None:
    first, second = make_cli(server), make_cli(server)
    for cli in (first, second):
        assert cli.sync().code == 0 and cli.export().code == 0
    digest = tree_digest(first.export_dir)
    assert digest == tree_digest(second.export_dir)  # fresh anonymization in both stores
    assert first.export().code == 0  # from the anonymizer cache
    assert tree_digest(first.export_dir) == digest


def test_real_subprocess_and_status(cli: Cli, server: ForumServer) -> None:
    command = [
        sys.executable,
        "-m",
        "forum_sync",
        "--config",
        str(cli.config),
        "-q",
        "sync",
        "--url",
        server.url,
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=60, cwd=REPO_ROOT, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "sync ok" in done.stdout
    status = subprocess.run(
        [*command[:6], "status"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO_ROOT,
        check=False,
    )
    assert status.returncode == 0
    assert f"schema version {SCHEMA_VERSION}" in status.stdout
    assert "incremental from forum: ok" in status.stdout
    assert re.search(r"topics stored: \d+", status.stdout)


def test_usage_and_config_errors_exit_2(make_cli, tmp_path: Path) -> None:
    cli = make_cli()
    assert cli("frobnicate").code == 2
    assert cli("export").code == 2  # nothing synced yet
    bad = tmp_path / "bad.yml"
    bad.write_text("forum: {url: 'not a url'}\n")
    from forum_sync.cli import main

    assert main(["--config", str(bad), "status"]) == 2
    assert main(["--config", str(tmp_path / "missing.yml"), "status"]) == 2
