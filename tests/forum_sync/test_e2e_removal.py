"""Removal propagation: every kind of disappearance leaves store, export and tallies at the next
sync; a 5xx, 429 or timeout removes nothing."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable

import pytest

from forum_sync import tally
from forum_sync.testing.model import Forum
from forum_sync.testing.server import ForumServer
from tests.forum_sync.conftest import Cli
from tests.forum_sync.helpers import NOW_DT, OPT_OUT, expected_publication, exported, tree_digest

pytestmark = pytest.mark.e2e
TOPIC = 102  # ervaringen (counts in the tallies), short, published


def phrase(forum: Forum, topic_id: int, post_number: int) -> str:
    """A run of words from this post that no other post of the forum contains."""
    found = maybe_phrase(forum, topic_id, post_number)
    if found is None:
        raise AssertionError(f"no unique phrase in topic {topic_id} post {post_number}")
    return found


def maybe_phrase(forum: Forum, topic_id: int, post_number: int) -> str | None:
    post = next(p for p in forum.topics[topic_id].posts if p.post_number == post_number)
    text = html.unescape(re.sub(r"<[^>]+>", " ", post.cooked))
    words = re.findall(r"[a-zA-Z]{4,}", text)
    others = " ".join(p.cooked for t in forum.topics.values() for p in t.posts if p is not post)
    for size in (4, 3):
        for i in range(len(words) - size + 1):
            for candidate in (" ".join(words[i : i + size]),):
                if candidate in text and candidate not in others:
                    return candidate
    return None


def tallies_match_index(export_dir) -> None:
    """tallies.json is what the published index says, recomputed: no stale thread counts."""
    index = json.loads((export_dir / "index.json").read_text())
    published = json.loads((export_dir / "tallies.json").read_text())
    groups = {
        "regeling": "regelingen",
        "instantie": "instanties",
        "thema": "themas",
        "oordeel": "oordelen",
    }
    topics = [
        tally.TallyTopic(
            t["created_at"],
            {
                **tally.classify(t["taxonomy"], groups),
                "gemeente": (t["taxonomy"]["gemeenten"] or ["onbekend"])[0],
            },
        )
        for t in index["topics"]
        if t["experience"]
    ]
    keys = {d: [k for k in published["labels"][d] if k != "onbekend"] for d in tally.DIMENSIONS}
    again = tally.to_json(
        tally.compute(topics, published["threshold"], keys),
        published["labels"],
        published["generated_at"],
    )
    assert again == published


def synced(cli: Cli) -> None:
    assert cli.sync().code == 0
    assert cli.export().code == 0


def check_removed(cli: Cli, forum: Forum, gone: list[str], args: tuple[str, ...] = ()) -> None:
    store_before = cli.store.read_bytes()
    assert all(g.encode() in store_before for g in gone)
    result = cli.sync(*args)
    assert result.code == 0, result.err
    assert cli.export().code == 0
    assert exported(cli.export_dir) == expected_publication(forum, NOW_DT).topics
    export_text = "".join(p.read_text() for p in cli.export_dir.rglob("*.json"))
    store_after = cli.store.read_bytes()
    for g in gone:
        assert g.encode() not in store_after, f"{g!r} is still in the store file"
        assert g not in export_text
    tallies_match_index(cli.export_dir)


TOPIC_CHANGES: dict[str, Callable[[Forum], object]] = {
    "deleted": lambda f: f.delete_topic(TOPIC),
    "opening post hidden": lambda f: f.hide_post(f.topics[TOPIC].posts[0].id),
    "unlisted": lambda f: f.set_visible(TOPIC, False),
    "moved to a restricted category": lambda f: f.move_topic(TOPIC, 8),
    "moved to an unconfigured category": lambda f: f.move_topic(TOPIC, 4),
    "tagged opt-out": lambda f: f.add_tag(TOPIC, OPT_OUT),
}


@pytest.mark.parametrize("change", TOPIC_CHANGES)
def test_topic_disappearance_incremental(
    change: str, cli: Cli, demo_forum: Forum, deduce_ready: None
) -> None:
    synced(cli)
    assert TOPIC in exported(cli.export_dir)
    texts = [phrase(demo_forum, TOPIC, n) for n in (1, 2)]
    TOPIC_CHANGES[change](demo_forum)
    check_removed(cli, demo_forum, texts)
    assert TOPIC not in exported(cli.export_dir)


@pytest.mark.parametrize("fault", ["http_403", "http_404", "http_410"])
@pytest.mark.parametrize("mode", ["bumped", "full"])
def test_topic_answering_gone(
    fault: str, mode: str, cli: Cli, server: ForumServer, demo_forum: Forum, deduce_ready: None
) -> None:
    synced(cli)
    texts = [phrase(demo_forum, TOPIC, 1)]
    if mode == "bumped":
        demo_forum.add_post(TOPIC, username="henk1962", cooked="<p>Nieuw.</p>")
    server.faults.add(fault, f"/t/{TOPIC}.json", times=None)
    store_before = cli.store.read_bytes()
    assert texts[0].encode() in store_before
    assert cli.sync(*(("--full",) if mode == "full" else ())).code == 0
    assert cli.export().code == 0
    assert TOPIC not in exported(cli.export_dir)
    assert texts[0].encode() not in cli.store.read_bytes()
    tallies_match_index(cli.export_dir)


POST_CHANGES: dict[str, tuple[Callable[[Forum, int], object], tuple[str, ...]]] = {
    "deleted": (lambda f, pid: f.delete_post(pid), ()),
    "hidden": (lambda f, pid: f.hide_post(pid), ("--full",)),
    "withdrawn by its author": (lambda f, pid: f.user_delete_post(pid), ("--full",)),
}


@pytest.mark.parametrize("change", POST_CHANGES)
def test_post_disappearance(change: str, cli: Cli, demo_forum: Forum, deduce_ready: None) -> None:
    synced(cli)
    post = demo_forum.topics[TOPIC].posts[1]
    texts = [phrase(demo_forum, TOPIC, post.post_number)]
    action, args = POST_CHANGES[change]
    action(demo_forum, post.id)
    check_removed(cli, demo_forum, texts, args)
    assert TOPIC in exported(cli.export_dir)


def test_user_joins_the_opt_out_group(cli: Cli, demo_forum: Forum, deduce_ready: None) -> None:
    synced(cli)
    author = demo_forum.topics[TOPIC].posts[1].user_id
    published = exported(cli.export_dir)
    found = [
        maybe_phrase(demo_forum, t.id, p.post_number)
        for t in demo_forum.topics.values()
        if t.id in published
        for p in t.posts
        if p.user_id == author
    ]
    texts = [t for t in found if t][:5]
    assert texts
    demo_forum.groups[OPT_OUT].member_ids.append(author)
    check_removed(cli, demo_forum, texts)  # incremental: the group is read on every sync


@pytest.mark.parametrize(
    "fault", ["http_500", "http_503", "rate_limit_json", "rate_limit_text", "slow"]
)
def test_transient_failure_removes_nothing(
    fault: str, cli: Cli, server: ForumServer, demo_forum: Forum, deduce_ready: None
) -> None:
    synced(cli)
    digest = tree_digest(cli.export_dir)
    texts = [phrase(demo_forum, TOPIC, 1)]
    demo_forum.delete_topic(TOPIC)  # would be removed, if the forum could be read
    server.faults.add(fault, "/c/*", times=None, wait_seconds=0, delay=1.5)
    result = cli.sync()
    assert result.code == 1
    assert "/c/" in result.err
    assert texts[0].encode() in cli.store.read_bytes()
    assert tree_digest(cli.export_dir) == digest
    server.faults.clear()
    assert cli.sync().code == 0
    assert texts[0].encode() not in cli.store.read_bytes()


def test_full_sync_reconciles_edits_and_renames(
    cli: Cli, server: ForumServer, demo_forum: Forum, deduce_ready: None
) -> None:
    synced(cli)
    post = demo_forum.topics[TOPIC].posts[1]
    old = phrase(demo_forum, TOPIC, post.post_number)
    demo_forum.edit_post(post.id, "<p>Aangepast: alles is inmiddels opgelost.</p>")
    demo_forum.rename_user("marieke_b", "marieke_nieuw")
    server.reset_log()
    assert cli.sync().code == 0
    assert server.request_count("/t/*") == 0  # neither shows in the listing
    assert old.encode() in cli.store.read_bytes()
    assert cli.sync("--full").code == 0
    assert server.request_count("/t/*") > 0
    assert cli.export().code == 0
    store = cli.store.read_bytes()
    assert old.encode() not in store and b"marieke_b" not in store
    text = "".join(p.read_text() for p in cli.export_dir.rglob("*.json"))
    assert "alles is inmiddels opgelost" in text
    assert "marieke_nieuw" not in text.lower() and "marieke_b" not in text.lower()
