"""Topic lists (pagination, order, pinning), post chunks and the model's mutation helpers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import requests

from forum_sync.testing.model import Forum
from forum_sync.testing.server import ForumServer
from tests.forum_server.helpers import STAFF_KEY, get

LATER = datetime(2026, 6, 1, 12, tzinfo=UTC)


def add_topics(forum: Forum, count: int, start: int = 1001) -> list[int]:
    """`count` extra public topics, older than the fixture's, each with one post."""
    for offset in range(count):
        forum.add_topic(
            topic_id=start + offset,
            title=f"Extra onderwerp {offset}",
            username="carla77",
            cooked=f"<p>Tekst {offset}</p>",
            category_id=6,
            created_at=datetime(2025, 1, 1, tzinfo=UTC) + timedelta(days=offset),
        )
    return list(range(start, start + count))


def pages(server: ForumServer, path: str, key: str | None = None) -> list[list[int]]:
    result = []
    url: str | None = path
    while url:
        topic_list = get(server, url, key).json()["topic_list"]
        result.append([t["id"] for t in topic_list["topics"]])
        more = topic_list.get("more_topics_url")
        url = more.replace("?", ".json?", 1) if more else None
    return result


def test_latest_orders_by_bump_and_paginates(server: ForumServer) -> None:
    extra = add_topics(server.forum, 5)
    listed = pages(server, "/latest.json")
    assert [len(p) for p in listed] == [3, 3, 3]
    flat = [tid for page in listed for tid in page]
    assert flat == [901, 907, 906, 909, *reversed(extra)]
    last = get(server, "/latest.json?page=2").json()["topic_list"]
    assert "more_topics_url" not in last
    first = get(server, "/latest.json").json()["topic_list"]
    assert first["more_topics_url"] == "/latest?page=1"
    assert get(server, "/latest.json?page=7").json()["topic_list"]["topics"] == []


def test_per_page_order_and_ascending_params(server: ForumServer) -> None:
    topic_list = get(server, "/latest.json?per_page=2&order=created&ascending=true").json()
    assert [t["id"] for t in topic_list["topic_list"]["topics"]] == [909, 906]
    assert (
        topic_list["topic_list"]["more_topics_url"]
        == "/latest?per_page=2&order=created&ascending=true&page=1"
    )


def test_category_list_paginates_the_same_way(server: ForumServer) -> None:
    extra = add_topics(server.forum, 3)
    listed = pages(server, "/c/vragen/6.json")
    assert listed == [[906, extra[2], extra[1]], [extra[0]]]
    assert get(server, "/c/6.json").json()["topic_list"]["topics"][0]["id"] == 906


def test_more_topics_when_full_mimics_discourse(forum: Forum) -> None:
    add_topics(forum, 2)  # 4 + 2 listed topics: exactly two pages of 3
    with ForumServer(forum, per_page=3, more_topics_when_full=True) as server:
        listed = pages(server, "/latest.json")
    assert [len(p) for p in listed] == [3, 3, 0]


def test_pinned_topics_come_first(server: ForumServer) -> None:
    forum = server.forum
    forum.set_pinned(909, at=LATER)
    assert pages(server, "/latest.json")[0][0] == 909
    listing = get(server, "/latest.json").json()["topic_list"]["topics"][0]
    assert listing["pinned"] is True and listing["pinned_globally"] is True
    assert "excerpt" in listing  # Discourse sends excerpts for pinned rows only
    forum.set_pinned(909, False)
    forum.set_pinned(906, globally=False, at=LATER)  # pinned in its category only
    assert pages(server, "/latest.json")[0][0] == 901
    assert pages(server, "/c/vragen/6.json")[0][0] == 906


def test_new_post_bumps_edit_does_not(server: ForumServer) -> None:
    forum = server.forum
    forum.edit_post(909001, "<p>Welkom, aangepast.</p>", at=LATER)
    assert pages(server, "/latest.json")[0][0] == 901
    post = get(server, "/t/909.json").json()["post_stream"]["posts"][0]
    assert post["version"] == 2 and post["cooked"] == "<p>Welkom, aangepast.</p>"
    forum.add_post(909, username="dirk.v", cooked="<p>Dank!</p>", created_at=LATER)
    top = get(server, "/latest.json").json()["topic_list"]["topics"][0]
    assert top["id"] == 909 and top["bumped_at"] == "2026-06-01T12:00:00.000Z"
    forum.add_post(
        906,
        username="mod_mila",
        cooked="<p>Notitie</p>",
        post_type=4,
        created_at=LATER + timedelta(hours=1),
    )  # whispers do not bump
    assert pages(server, "/latest.json")[0][0] == 909


def test_topic_chunk_and_posts_endpoint(server: ForumServer) -> None:
    forum = server.forum
    for number in range(3, 31):  # 906 has two posts already
        forum.add_post(
            906, username="anna_test" if number % 2 else "bram_b", cooked=f"<p>Reactie {number}</p>"
        )
    topic = get(server, "/t/906.json").json()
    stream = topic["post_stream"]["stream"]
    assert len(stream) == 30 and len(topic["post_stream"]["posts"]) == 20
    assert topic["chunk_size"] == 20
    rest = stream[20:]
    response = requests.get(
        f"{server.url}/t/906/posts.json", params={"post_ids[]": rest}, timeout=5
    )
    numbers = [p["post_number"] for p in response.json()["post_stream"]["posts"]]
    assert numbers == list(range(21, 31))
    assert server.requests[-1].query["post_ids[]"] == [str(i) for i in rest]
    bad = get(server, "/t/906/posts.json?post_ids[]=abc")
    assert bad.status_code == 400


def test_tags_in_lists_and_topics(forum: Forum) -> None:
    with ForumServer(forum) as server:
        row = next(
            t for t in get(server, "/latest.json").json()["topic_list"]["topics"] if t["id"] == 901
        )
        assert row["tags"] == ["ww", "uwv", "bereikbaarheid", "ervaring-negatief"]
        tags = get(server, "/t/901.json").json()["tags"]
        assert [t["name"] for t in tags] == row["tags"]
        assert all(set(t) == {"id", "name", "slug"} for t in tags)
    with ForumServer(forum, listing_tags="objects") as server:
        row = next(
            t for t in get(server, "/latest.json").json()["topic_list"]["topics"] if t["id"] == 901
        )
        assert row["tags"] == tags


def test_visibility_mutations(server: ForumServer) -> None:
    forum = server.forum
    forum.move_topic(906, 7)
    assert get(server, "/t/906.json").status_code == 403
    forum.move_topic(906, 6)
    forum.delete_topic(906)
    assert get(server, "/t/906.json").status_code == 404
    assert 906 not in pages(server, "/latest.json", STAFF_KEY)[0]
    forum.recover_topic(906)
    assert get(server, "/t/906.json").status_code == 200
    forum.set_visible(906, False)
    assert 906 not in {t for p in pages(server, "/latest.json") for t in p}
    assert get(server, "/t/906.json").status_code == 200
    forum.set_visible(906, True)
    forum.hide_post(906001)  # hiding the first post unlists the topic, like Discourse
    assert get(server, "/t/906.json").json()["visible"] is False
    forum.delete_post(906002)
    assert len(get(server, "/t/906.json").json()["post_stream"]["stream"]) == 1
    forum.user_delete_post(906001)
    first = get(server, "/t/906.json", STAFF_KEY).json()["post_stream"]["posts"][0]
    assert first["user_deleted"] is True and "deleted by author" in first["cooked"]
    forum.add_tag(906, "bezwaar")
    forum.remove_tag(906, "ww")
    assert [t["name"] for t in get(server, "/t/906.json").json()["tags"]] == [
        "sollicitatieplicht",
        "bezwaar",
    ]


def test_rename_user_rewrites_posts_without_bump(server: ForumServer) -> None:
    forum = server.forum
    before = get(server, "/latest.json").json()["topic_list"]["topics"][0]
    forum.rename_user("anna_test", "anna_nieuw")
    topic = get(server, "/t/901.json").json()
    posts = topic["post_stream"]["posts"]
    assert posts[0]["username"] == "anna_nieuw"
    assert 'data-username="anna_nieuw"' in posts[1]["cooked"]
    assert 'href="/u/anna_nieuw">@anna_nieuw</a>' in posts[1]["cooked"]
    assert "anna_test" not in get(server, "/t/901.json").text
    after = get(server, "/latest.json").json()["topic_list"]["topics"][0]
    assert after["id"] == before["id"] and after["bumped_at"] == before["bumped_at"]
    assert posts[1]["updated_at"] == "2026-03-02T10:00:00.000Z"
    with pytest.raises(ValueError, match="taken"):
        forum.rename_user("bram_b", "carla77")


def test_group_members_pagination_with_pydiscourse(forum: Forum) -> None:
    from pydiscourse import DiscourseClient

    group = forum.groups["niet-publiceren"]
    for user_id in (51, 52, 53, 54):
        group.member_ids.append(user_id)
    with ForumServer(forum) as server:
        page = get(server, "/groups/niet-publiceren/members.json?offset=2&limit=2").json()
        assert page["meta"] == {"total": 5, "limit": 2, "offset": 2}
        assert len(page["members"]) == 2
        client = DiscourseClient(server.url, api_username=None, api_key=None)
        members = client.group_members("niet-publiceren", limit=2)
    assert sorted(m["username"] for m in members) == [
        "anna_test",
        "bram_b",
        "carla77",
        "dirk.v",
        "eva_opt",
    ]
