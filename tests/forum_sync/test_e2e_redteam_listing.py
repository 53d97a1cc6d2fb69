"""Red team: listings that disagree with the topic itself, over real HTTP with the real CLI.

A topic that a moderator moved into a closed category can still show up in another public
category's listing (a stale cache, a broken plugin), on every page of it. The listing never
decides that a topic may be published: the topic's own answer does, and a listing that
names a topic twice across its pages counts it once.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from forum_sync.testing.model import Forum
from forum_sync.testing.server import ForumServer
from tests.forum_sync.conftest import Cli

pytestmark = pytest.mark.e2e

ERVARINGEN, VRAGEN, BESLOTEN = 5, 6, 8


def exported_ids(cli: Cli) -> set[int]:
    index = json.loads((cli.export_dir / "index.json").read_text(encoding="utf-8"))
    return {t["id"] for t in index["topics"]}


def test_a_topic_a_second_listing_still_claims_is_judged_by_its_own_answer(
        cli: Cli, server: ForumServer, demo_forum: Forum, deduce_ready: None) -> None:
    assert cli.sync().code == 0 and cli.export().code == 0
    before = exported_ids(cli)
    moved = next(t.id for t in sorted(demo_forum.topics.values(), key=lambda t: t.id)
                 if t.category_id == ERVARINGEN and t.id in before)
    demo_forum.move_topic(moved, BESLOTEN)

    def claim(listing: dict[str, Any]) -> dict[str, Any]:
        topics = listing["topic_list"]["topics"]
        if topics:  # the stale item: this topic, said to be in Vragen (public)
            topics.append({**copy.deepcopy(topics[0]), "id": moved, "category_id": VRAGEN,
                           "title": "Verouderd", "bumped_at": "2026-12-01T10:00:00.000Z"})
        return listing

    fault = server.faults.add("mutate", "/c/vragen/*", times=None, transform=claim)
    result = cli.sync()
    assert result.code == 0, result.err
    assert fault.fired >= 2  # the claim was on more than one page of the listing
    assert cli.export().code == 0
    assert exported_ids(cli) == before - {moved}
