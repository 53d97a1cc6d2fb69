"""End to end over real HTTP: municipality tags place threads (issue 10), likes on the
opening post become "herkenbaar" and the nightly --full sync refreshes them (issue 11)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from forum_sync.testing.model import Forum
from forum_sync.testing.server import ForumServer
from tests.forum_sync.conftest import Cli

pytestmark = pytest.mark.e2e
TOPIC = 201  # demo: WIA keuring, tagged gemeente-utrecht, 7 likes on the opening post


def summary(cli: Cli, topic_id: int) -> dict[str, Any]:
    index = json.loads((cli.export_dir / "index.json").read_text(encoding="utf-8"))
    return next(t for t in index["topics"] if t["id"] == topic_id)


def test_likes_change_without_a_bump_and_full_sync_refreshes_them(
    cli: Cli, server: ForumServer, demo_forum: Forum, deduce_ready: None
) -> None:
    assert cli.sync().code == 0 and cli.export().code == 0
    opening = demo_forum.topics[TOPIC].posts[0]
    assert summary(cli, TOPIC)["herkenbaar"] == opening.like_count == 7
    topic_file = json.loads((cli.export_dir / f"topics/{TOPIC}.json").read_text())
    assert topic_file["herkenbaar"] == 7
    demo_forum.set_likes(opening.id, 11)
    demo_forum.set_likes(demo_forum.topics[TOPIC].posts[1].id, 30)  # a reply: not counted
    server.reset_log()
    assert cli.sync().code == 0  # incremental: the listing did not change
    assert server.request_count("/t/*") == 0
    assert cli.export().code == 0
    assert summary(cli, TOPIC)["herkenbaar"] == 7
    assert cli.sync("--full").code == 0
    assert cli.export().code == 0
    assert summary(cli, TOPIC)["herkenbaar"] == 11
    demo_forum.set_likes(opening.id, 0)  # everybody took their like back
    assert cli.sync("--full").code == 0 and cli.export().code == 0
    assert summary(cli, TOPIC)["herkenbaar"] == 0


CASES = {  # demo topic -> (its municipality tags, what the export must say)
    201: (["gemeente-utrecht"], ["GM0344"]),
    202: (["gemeente-amsterdam"], ["GM0363"]),
    203: (["Gemeente-Utrecht"], []),  # other case: not the tag
    204: (["gemeente-Utrecht"], []),
    205: (["gemeente-nergenshuizen"], []),  # no such municipality
    206: (["gemeente-utrecht", "gemeente-amsterdam"], []),  # two places: ambiguous
    207: (["utrecht"], []),
    208: ([], []),
}


def test_the_tag_not_the_text_places_a_thread(
    cli: Cli, demo_forum: Forum, deduce_ready: None
) -> None:
    for topic_id, (tags, _) in CASES.items():
        topic = demo_forum.topics[topic_id]
        topic.tags = [t for t in topic.tags if not t.startswith("gemeente-")] + tags
        for tag in tags:
            demo_forum.tag_id(tag)
    assert cli.sync().code == 0 and cli.export().code == 0
    for topic_id, (_, expected) in CASES.items():
        # topic 201's opening post names Zwolle: the text never places a thread
        assert summary(cli, topic_id)["taxonomy"]["gemeenten"] == expected, topic_id
    tallies = json.loads((cli.export_dir / "tallies.json").read_text(encoding="utf-8"))
    rows = tallies["tables"]["gemeente"]["rows"]
    assert {"GM0344", "GM0363", "GM0193", "onbekend"} <= set(tallies["labels"]["gemeente"])
    assert {r["gemeente"] for r in rows} == set(tallies["labels"]["gemeente"])


def test_a_malformed_like_count_fails_the_sync_and_keeps_the_store(
    cli: Cli, server: ForumServer, demo_forum: Forum, deduce_ready: None
) -> None:
    """Fail-closed: a like count that is not a whole number >= 0 is a shape error (exit 1,
    nothing changed), never read as 0 (which would erase the recognition on the site)."""
    assert cli.sync().code == 0 and cli.export().code == 0
    demo_forum.topics[TOPIC].posts[0].like_count = -3
    result = cli.sync("--full")
    assert result.code == 1
    assert f"/t/{TOPIC}.json" in result.err and "count" in result.err
    assert cli.export().code == 0
    assert summary(cli, TOPIC)["herkenbaar"] == 7
