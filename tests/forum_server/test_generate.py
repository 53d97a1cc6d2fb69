"""The synthetic big-forum generator."""

from __future__ import annotations

import re

from forum_sync.testing.dump import render_dir
from forum_sync.testing.generate import bump_topics, generate_forum
from forum_sync.testing.model import POST_WHISPER
from forum_sync.testing.server import ForumServer
from tests.forum_server.helpers import get


def test_default_size_and_shape() -> None:
    forum = generate_forum()
    posts = [p for t in forum.topics.values() for p in t.posts]
    assert len(forum.topics) == 2000 and len(posts) == 16000
    assert len({p.id for p in posts}) == 16000
    assert sum(1 for t in forum.topics.values() if len(t.posts) > 20) >= 40
    assert any(p.post_type == POST_WHISPER for p in posts)
    assert any(p.hidden for p in posts) and any(p.deleted_at for p in posts)
    assert any(t.is_private_message for t in forum.topics.values())
    assert any(not t.visible for t in forum.topics.values())
    assert sum(1 for t in forum.topics.values() if t.pinned) == 2
    assert forum.groups["niet-publiceren"].member_ids


def test_same_seed_same_forum_other_seed_other_forum() -> None:
    small = {"topics": 60, "posts": 400}
    assert render_dir(generate_forum(**small, seed=5)) == render_dir(
        generate_forum(**small, seed=5)
    )
    assert render_dir(generate_forum(**small, seed=5)) != render_dir(
        generate_forum(**small, seed=6)
    )


def test_planted_data_is_in_the_content_and_valid() -> None:
    forum = generate_forum(topics=300, posts=2400, seed=3)
    cooked = "\n".join(p.cooked for t in forum.topics.values() for p in t.posts)
    values = [v for v in forum.planted if re.fullmatch(r"\d{9}|NL\d\d\w{4}\d{10}", v)]
    assert values, "expected BSNs and IBANs among the planted data"
    for value in values:
        assert value in cooked
        if value.startswith("NL"):
            digits = "".join(str(int(c, 36)) for c in value[4:] + value[:4])
            assert int(digits) % 97 == 1
        else:
            weights = [*range(9, 1, -1), -1]
            assert sum(int(d) * w for d, w in zip(value, weights, strict=True)) % 11 == 0
    assert any("@example.nl" in v for v in forum.planted)


def test_bump_topics_moves_them_to_the_top() -> None:
    forum = generate_forum(topics=200, posts=1200, seed=4)
    with ForumServer(forum, per_page=30) as server:
        changed = bump_topics(forum, fraction=0.05, seed=9)
        public = [
            t
            for t in forum.topics.values()
            if t.visible and t.deleted_at is None and t.category_id in (1, 4, 5, 6)
        ]
        assert len(changed) == round(len(public) * 0.05)
        topics = get(server, "/latest.json").json()["topic_list"]["topics"]
    pinned = {t["id"] for t in topics if t["pinned"]}
    unpinned_changed = set(changed) - pinned
    unpinned = [t["id"] for t in topics if not t["pinned"]]
    assert set(unpinned[: len(unpinned_changed)]) == unpinned_changed
