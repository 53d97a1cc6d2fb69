"""A listing walk builds the ordered topic list once, yet every page stays what Discourse
would answer: a change between two pages (through a helper or under the forum lock) and
another viewer's walk are never served from a stale order."""

from __future__ import annotations

from typing import Any

import pytest

from forum_sync.testing import server as server_module
from forum_sync.testing.model import Forum
from forum_sync.testing.server import ForumServer
from forum_sync.testing.views import ANONYMOUS, listed_topics, order_topics
from tests.forum_server.helpers import STAFF_KEY, get
from tests.forum_server.test_listing import add_topics, pages


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts how often the server builds a listing from all topics."""
    calls: list[int] = []

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return listed_topics(*args, **kwargs)

    monkeypatch.setattr(server_module, "listed_topics", counting)
    return calls


def fresh(forum: Forum, **kwargs: Any) -> list[int]:
    """The whole category-6 listing as an anonymous visitor sees it now."""
    topics = listed_topics(forum, ANONYMOUS, category_id=6, **kwargs)
    return [t.id for t in order_topics(topics, order=None, ascending=False,
                                       pinned_first=lambda t: t.pinned)]


def test_a_walk_builds_the_listing_once(server: ForumServer, builds: list[int]) -> None:
    add_topics(server.forum, 8)
    listed = pages(server, "/c/vragen/6.json")
    assert len(listed) == 3 and len(builds) == 1
    assert [tid for page in listed for tid in page] == fresh(server.forum)
    pages(server, "/c/vragen/6.json")  # a new walk (page 0) builds afresh
    assert len(builds) == 2


def test_a_bump_between_pages_shifts_the_next_page(server: ForumServer) -> None:
    extra = add_topics(server.forum, 8)
    first = get(server, "/c/vragen/6.json").json()["topic_list"]["topics"]
    server.forum.add_post(extra[0], username="carla77", cooked="<p>Nieuw</p>")  # oldest -> top
    second = get(server, "/c/vragen/6.json?page=1").json()["topic_list"]["topics"]
    order = fresh(server.forum)
    assert order[0] == extra[0]
    # Offset paging, as in Discourse: the last topic of page 0 slides onto page 1.
    assert [t["id"] for t in second] == order[3:6] and second[0]["id"] == first[-1]["id"]


def test_a_change_under_the_lock_between_pages_is_seen(server: ForumServer) -> None:
    extra = add_topics(server.forum, 8)
    get(server, "/c/vragen/6.json")
    with server.forum.lock:  # as tests change a forum directly
        server.forum.topics[extra[-2]].visible = False
    second = get(server, "/c/vragen/6.json?page=1").json()["topic_list"]["topics"]
    assert [t["id"] for t in second] == fresh(server.forum)[3:6]
    assert extra[-2] not in fresh(server.forum)


def test_another_viewer_never_gets_a_walk_s_order(server: ForumServer) -> None:
    server.forum.set_visible(906, False)  # unlisted: staff see it in their lists, others not
    add_topics(server.forum, 8)
    staff = get(server, "/c/vragen/6.json", STAFF_KEY).json()["topic_list"]["topics"]
    assert 906 in [t["id"] for t in staff]
    anonymous = get(server, "/c/vragen/6.json?page=1").json()["topic_list"]["topics"]
    assert [t["id"] for t in anonymous] == fresh(server.forum)[3:6]
