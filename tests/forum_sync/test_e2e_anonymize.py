"""The hand-written evaluation posts through the whole path a held-out post takes: the local
Discourse-compatible server over HTTP -> sync -> SQLite -> export. Nothing labelled as a
direct identifier reaches the export, names hardly ever, and the agencies stay."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest

from forum_sync.eval.score import DIRECT, load, to_cooked
from forum_sync.testing.model import Forum, User
from tests.forum_sync.conftest import Cli

pytestmark = pytest.mark.e2e
FIRST_TOPIC = 9000


def test_hand_written_posts_end_to_end(demo_forum: Forum, cli: Cli, deduce_ready: None) -> None:
    posts = [p for p in load() if p["split"] == "hand"]
    category = demo_forum.category_by_slug("ervaringen")
    assert category is not None
    next_user = 90000
    for n, post in enumerate(posts):
        names = []
        for person in post["people"] or [{"username": f"schrijver{n}", "name": ""}]:
            if demo_forum.user_by_name(person["username"]) is None:
                next_user += 1
                demo_forum.users[next_user] = User(next_user, person["username"], person["name"])
            names.append(person["username"])
        demo_forum.add_topic(
            title=f"Ervaring {n}",
            username=names[0],
            cooked=to_cooked(post["text"]),
            category_id=category.id,
            created_at=datetime(2026, 6, 1, 12, n % 60, tzinfo=UTC),
            topic_id=FIRST_TOPIC + n,
        )
    assert cli.sync().code == 0 and cli.export().code == 0
    leaks: dict[str, list[str]] = {"direct": [], "name": []}
    names = kept = needed = 0
    for n, post in enumerate(posts):
        topic = json.loads((cli.export_dir / "topics" / f"{FIRST_TOPIC + n}.json").read_text())
        published = " ".join(p["html"] for p in topic["posts"]).lower()
        words = set(re.findall(r"[^\W_]+", published))
        for span in post["spans"]:
            value = post["text"][span["start"] : span["end"]]
            if span["type"] == "keep":
                needed += 1
                kept += value.lower() in published
            elif span["type"] in DIRECT:
                if re.sub(r"\W", "", value.lower()) in re.sub(r"\W", "", published):
                    leaks["direct"].append(value)
            elif span["type"] in ("name", "username"):
                names += 1
                parts = [w for w in re.findall(r"[^\W_]+", value.lower()) if len(w) > 3]
                if any(w in words for w in parts):
                    leaks["name"].append(value)
    assert not leaks["direct"], leaks
    assert len(leaks["name"]) <= 0.05 * names, leaks
    assert kept >= 0.95 * needed
