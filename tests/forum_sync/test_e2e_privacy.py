"""Privacy end to end: no planted personal datum in the export, no API key anywhere, staff
keys refused, no response bodies in the logs."""

from __future__ import annotations

import logging

import pytest

from forum_sync.testing.demo_build import load_planted
from forum_sync.testing.server import ForumServer
from tests.forum_sync.conftest import Cli
from tests.forum_sync.helpers import (
    DEMO_DIR,
    MEMBER_KEY,
    MEMBER_USER,
    STAFF_KEY,
    STAFF_USER,
    all_bytes,
)

pytestmark = pytest.mark.e2e


def assert_no_planted(export_dir) -> None:
    planted = load_planted()
    assert len(planted) > 100  # names, usernames and every thread's planted data
    text = all_bytes(export_dir).decode("utf-8").lower()
    leaks = [p for p in planted if p.lower() in text]
    assert not leaks, f"personal data in the export: {leaks}"


def test_demo_export_holds_no_planted_datum(make_cli, deduce_ready: None) -> None:
    cli = make_cli()
    assert (
        cli("sync", "--from-dir", str(DEMO_DIR)).code == 0
    )  # the staff view, as `make site` reads it
    assert cli.export().code == 0
    assert_no_planted(cli.export_dir)
    names = [p.name for p in cli.export_dir.rglob("*")]
    assert all(
        n.split(".")[0].isdigit()
        or n
        in {
            "topics",
            "manifest.json",
            "index.json",
            "tallies.json",
            "tallies.csv",
            "datapackage.json",
        }
        for n in names
    )


def test_anonymous_http_export_holds_no_planted_datum(cli: Cli, deduce_ready: None) -> None:
    assert cli.sync().code == 0 and cli.export().code == 0
    assert_no_planted(cli.export_dir)


def test_api_key_appears_nowhere(
    cli: Cli,
    server: ForumServer,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    deduce_ready: None,
) -> None:
    monkeypatch.setenv("DISCOURSE_API_KEY", MEMBER_KEY)
    monkeypatch.setenv("DISCOURSE_API_USERNAME", MEMBER_USER)
    caplog.set_level(logging.DEBUG)
    results = [
        cli("-v", "sync", "--url", server.url),
        cli("-v", "export", "--now", "2027-01-15T00:00:00Z"),
        cli("-v", "status"),
    ]
    server.faults.add("http_500", "/c/*", times=None)
    results.append(cli("-v", "sync", "--url", server.url))  # failure messages too
    assert [r.code for r in results] == [0, 0, 0, 1]
    assert all(r.api_key_present for r in server.requests)
    key = MEMBER_KEY.encode()
    outputs = "".join(r.out + r.err for r in results) + caplog.text
    assert MEMBER_KEY not in outputs
    assert key not in cli.store.read_bytes()
    assert key not in all_bytes(cli.export_dir)
    assert key not in cli.config.read_bytes()
    # pydiscourse logs whole response bodies at DEBUG: that must stay silent.
    assert "response 200" not in caplog.text and "cooked" not in caplog.text


def test_staff_key_is_refused(
    cli: Cli, server: ForumServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DISCOURSE_API_KEY", STAFF_KEY)
    monkeypatch.setenv("DISCOURSE_API_USERNAME", STAFF_USER)
    result = cli.sync()
    assert result.code == 2
    assert "moderator" in result.err and STAFF_USER in result.err
    assert STAFF_KEY not in result.err + result.out
    assert [r.path for r in server.requests] == [f"/u/{STAFF_USER}.json"]


def test_admin_key_is_refused(
    cli: Cli, server: ForumServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.add_api_key("fs-test-admin-key", "beheer_werkcafe")
    monkeypatch.setenv("DISCOURSE_API_KEY", "fs-test-admin-key")
    monkeypatch.setenv("DISCOURSE_API_USERNAME", "beheer_werkcafe")
    result = cli.sync()
    assert result.code == 2 and "admin" in result.err
    assert not any(r.path.startswith(("/t/", "/c/")) for r in server.requests)


def test_key_without_username_is_a_config_error(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCOURSE_API_KEY", MEMBER_KEY)
    result = cli.sync()
    assert result.code == 2 and "DISCOURSE_API_USERNAME" in result.err
    assert MEMBER_KEY not in result.err


def test_generated_forum_leaks_no_planted_datum(make_cli, deduce_ready: None) -> None:
    from forum_sync.testing.generate import generate_forum

    forum = generate_forum(topics=150, posts=1200, seed=7)
    assert forum.planted
    with ForumServer(forum, per_page=30) as server:
        cli = make_cli(server)
        assert cli.sync().code == 0
        assert cli.export().code == 0
    text = all_bytes(cli.export_dir).decode("utf-8").lower()
    users = forum.users.values()
    names = [u.username for u in users] + [u.name for u in users if u.name]
    leaks = [p for p in [*forum.planted, *names] if len(p) > 3 and p.lower() in text]
    assert not leaks, leaks[:10]
