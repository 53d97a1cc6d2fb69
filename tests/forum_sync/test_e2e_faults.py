"""Faults: every one fails the sync with a clear message, keeps the last export, and the next
sync succeeds. 429 is honoured in both forms Discourse sends."""

from __future__ import annotations

import time

import pytest

from forum_sync.store import Store
from forum_sync.testing.model import Forum
from forum_sync.testing.server import ForumServer
from tests.forum_sync.conftest import Cli
from tests.forum_sync.helpers import NOW_DT, expected_publication, exported, tree_digest

pytestmark = pytest.mark.e2e

FAULTS = [
    ("http_500", "/c/*", "HTTP 500"),
    ("http_502", "/t/*", "HTTP 502"),
    ("http_503", "/categories.json", "HTTP 503"),
    ("malformed_json", "/t/*", "decode"),
    ("malformed_json", "/groups/*", "decode"),
    ("drop_connection", "/c/*", "connection failed"),
    ("drop_connection", "/t/*", "connection failed"),
    ("slow", "/t/*", "timeout"),
    ("rate_limit_text", "/t/*", "rate limited"),
    ("http_403", "/groups/*", "HTTP 403"),
]


@pytest.mark.parametrize(("kind", "where", "message"), FAULTS)
def test_fault_keeps_the_last_export(
    kind: str,
    where: str,
    message: str,
    cli: Cli,
    server: ForumServer,
    demo_forum: Forum,
    deduce_ready: None,
) -> None:
    assert cli.sync().code == 0 and cli.export().code == 0
    digest = tree_digest(cli.export_dir)
    for topic_id in (102, 121):
        demo_forum.add_post(topic_id, username="henk1962", cooked="<p>Nieuw bericht.</p>")
    server.faults.add(kind, where, times=None, wait_seconds=0, delay=1.5)
    result = cli.sync()
    assert result.code == 1, result.out
    assert message in result.err
    path = where.rstrip("*")
    assert path in result.err  # says where
    assert tree_digest(cli.export_dir) == digest
    assert "sync ok" not in result.out
    server.faults.clear()
    again = cli.sync()
    assert again.code == 0, again.err
    assert cli.export().code == 0
    assert tree_digest(cli.export_dir) != digest  # the new posts arrived


def test_failing_export_keeps_the_last_export(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, deduce_ready: None
) -> None:
    assert cli.sync().code == 0 and cli.export().code == 0
    digest = tree_digest(cli.export_dir)
    from forum_sync import export

    def broken(*args: object, **kwargs: object) -> str:
        raise OSError("disk full")

    monkeypatch.setattr(export.tally, "to_csv", broken)
    assert cli.export().code == 1
    assert tree_digest(cli.export_dir) == digest
    live = cli.export_dir.resolve()  # the version the export link points to
    leftovers = [p for p in cli.export_dir.parent.iterdir() if p.name.startswith(".export.")]
    assert [p for p in leftovers if p.resolve() != live] == []


@pytest.mark.parametrize("kind", ["rate_limit_json", "rate_limit_text"])
def test_429_is_honoured(kind: str, cli: Cli, server: ForumServer, demo_forum: Forum) -> None:
    assert cli.sync().code == 0
    demo_forum.add_post(102, username="henk1962", cooked="<p>Nieuw.</p>")
    server.faults.add(kind, "/t/102.json", wait_seconds=1, times=1)
    started = time.monotonic()
    result = cli.sync()
    elapsed = time.monotonic() - started
    assert result.code == 0, result.err
    assert 1.0 <= elapsed < 5.0
    statuses = [r.status for r in server.requests if r.path == "/t/102.json"]
    assert statuses[-2:] == [429, 200]
    assert "fetched 1 / changed 1" in result.out


def test_rate_limiter_is_survived(cli: Cli, server: ForumServer) -> None:
    assert cli.sync().code == 0
    server.reset_log()
    server.set_rate_limit(5, burst=6)  # an incremental sync needs about ten requests
    result = cli.sync()
    assert result.code == 0, result.err
    assert any(r.status == 429 for r in server.requests)


def test_interrupted_first_sync_changes_nothing_and_the_next_completes(
    cli: Cli, server: ForumServer, demo_forum: Forum, deduce_ready: None
) -> None:
    server.faults.add("drop_connection", "/t/*", skip=20, times=None)  # dies after 20 topics
    assert cli.sync().code == 1
    with Store(cli.store) as store:
        assert store.stored_topic_ids() == []  # all or nothing: the 20 are rolled back
        assert store.categories() == {} and store.opt_out_people() == []
        assert store.last_run()["status"] == "failed"
    server.faults.clear()
    assert cli.sync().code == 0
    assert cli.export().code == 0
    assert exported(cli.export_dir) == expected_publication(demo_forum, NOW_DT).topics
