"""Every publication rule end to end, for an anonymous reader and for a forum that wrongly
hands staff-only content to the sync (a staff key with the staff check switched off)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from forum_sync import sync as sync_module
from forum_sync.testing.model import POST_REGULAR, Forum
from forum_sync.testing.server import ForumServer
from tests.forum_sync.conftest import Cli
from tests.forum_sync.helpers import (
    NOW_DT,
    OPT_OUT,
    STAFF_KEY,
    STAFF_USER,
    expected_publication,
    exported,
)

pytestmark = pytest.mark.e2e


@pytest.fixture(params=["anonymous", "staff-content"])
def viewer(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, cli: Cli) -> str:
    """After `cli` (whose fixture clears the key variables) so the key stays set."""
    if request.param == "staff-content":
        monkeypatch.setenv("DISCOURSE_API_KEY", STAFF_KEY)
        monkeypatch.setenv("DISCOURSE_API_USERNAME", STAFF_USER)
        monkeypatch.setattr(sync_module, "STAFF_CHECK", False)
    return request.param


def test_every_rule_holds(
    viewer: str, cli: Cli, server: ForumServer, demo_forum: Forum, deduce_ready: None
) -> None:
    assert cli.sync().code == 0
    assert cli.export().code == 0
    if viewer == "staff-content":
        assert any(r.api_key_present for r in server.requests)
    published = exported(cli.export_dir)
    assert published == expected_publication(demo_forum, NOW_DT).topics

    # Each rule has a case in the demo forum; name them so a broken rule shows up by name.
    topics = demo_forum.topics
    cases = {
        "restricted category": [t.id for t in topics.values() if t.category_id in (7, 8)],
        "category not configured": [t.id for t in topics.values() if t.category_id in (1, 4)],
        "private message": [t.id for t in topics.values() if t.archetype != "regular"],
        "unlisted": [t.id for t in topics.values() if not t.visible],
        "deleted topic": [t.id for t in topics.values() if t.deleted_at is not None],
        "opt-out tag": [t.id for t in topics.values() if OPT_OUT in t.tags],
    }
    for rule, ids in cases.items():
        assert ids, f"the demo forum has no case for: {rule}"
        assert not set(ids) & set(published), rule
    opted_out = set(demo_forum.groups[OPT_OUT].member_ids)
    post_cases = {
        "whisper / moderator action / small action": lambda p: p.post_type != POST_REGULAR,
        "hidden post": lambda p: p.hidden,
        "deleted post": lambda p: p.deleted_at is not None,
        "withdrawn post": lambda p: p.user_deleted,
        "opted-out author": lambda p: p.user_id in opted_out,
    }
    for rule, matches in post_cases.items():
        hits = [
            (t.id, p) for t in topics.values() for p in t.posts if matches(p) and t.id in published
        ]
        assert hits, f"the demo forum has no case for: {rule}"
        for topic_id, post in hits:
            stamp = post.created_at.strftime("%Y-%m-%dT%H:%M:%SZ")
            same_time = [p for p in topics[topic_id].posts if p.created_at == post.created_at]
            if len(same_time) == 1:
                assert stamp not in published[topic_id], (
                    f"{rule}: topic {topic_id} post {post.post_number}"
                )
    # Nothing the policy excludes may be in the store either (only tombstones).
    store = cli.store.read_bytes()
    for post in (p for t in topics.values() for p in t.posts if p.post_type == 4):
        assert post.cooked[3:40].encode() not in store


def test_cooling_off_period(cli: Cli, demo_forum: Forum, deduce_ready: None) -> None:
    candidates = [
        t
        for t in demo_forum.topics.values()
        if t.category_id in (5, 6) and t.visible and t.deleted_at is None
    ]
    newest = max(candidates, key=lambda t: t.created_at)
    moment = newest.created_at + timedelta(hours=24)
    assert cli.sync().code == 0
    assert cli("export", "--now", moment.strftime("%Y-%m-%dT%H:%M:%SZ")).code == 0
    young = exported(cli.export_dir)
    assert newest.id not in young
    assert young == expected_publication(demo_forum, moment).topics
    later = newest.created_at + timedelta(hours=49)
    assert cli("export", "--now", later.strftime("%Y-%m-%dT%H:%M:%SZ")).code == 0
    assert newest.id in exported(cli.export_dir)  # published once old enough, without a sync


def test_cooling_off_is_configurable(
    make_cli, server: ForumServer, demo_forum: Forum, deduce_ready: None
) -> None:
    cli = make_cli(server, **{"policy.cooling_off_hours": 24 * 365 * 3})
    assert cli.sync().code == 0 and cli.export().code == 0
    assert exported(cli.export_dir) == {}
    index = json.loads((cli.export_dir / "index.json").read_text())
    assert index == {"schema": 1, "topics": []}
