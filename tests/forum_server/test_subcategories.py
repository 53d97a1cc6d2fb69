"""Subcategories as Discourse serves them: nested only when asked for, listed under the
parent, reachable by their real slug path."""

from __future__ import annotations

import pytest

from forum_sync.testing.dump import render_dir
from forum_sync.testing.model import Category, Forum
from forum_sync.testing.server import ForumServer
from tests.forum_server.helpers import get

SUB = Category(20, "WW-ervaringen", "ww", position=9, parent_category_id=5)


@pytest.fixture
def with_sub(forum: Forum) -> Forum:
    forum.categories[SUB.id] = SUB
    forum.move_topic(907, SUB.id)
    return forum


def test_categories_leave_subcategories_out_unless_asked(
    with_sub: Forum, server: ForumServer,
) -> None:
    plain = get(server, "/categories.json").json()["category_list"]["categories"]
    assert 20 not in {c["id"] for c in plain}
    parent = next(c for c in plain if c["id"] == 5)
    assert parent["subcategory_ids"] == [20] and "subcategory_list" not in parent
    asked = get(server, "/categories.json?include_subcategories=true").json()
    parent = next(c for c in asked["category_list"]["categories"] if c["id"] == 5)
    assert [(s["id"], s["slug"], s["parent_category_id"]) for s in parent["subcategory_list"]] \
        == [(20, "ww", 5)]


def test_parent_list_includes_subcategory_topics(with_sub: Forum, server: ForumServer) -> None:
    def ids(path: str) -> set[int]:
        sep = "&" if "?" in path else "?"
        body = get(server, f"{path}{sep}per_page=100").json()["topic_list"]
        return {t["id"] for t in body["topics"]}

    assert 907 in ids("/c/ervaringen/5.json")
    assert 907 not in ids("/c/ervaringen/5.json?no_subcategories=true")
    assert ids("/c/ervaringen/ww/20.json") == {907}


def test_wrong_slug_path_redirects(with_sub: Forum, server: ForumServer) -> None:
    response = get(server, "/c/ww/20.json", allow_redirects=False)
    assert response.status_code == 301
    assert response.headers["Location"] == "/c/ervaringen/ww/20.json"


def test_dump_round_trip_keeps_the_subcategory(with_sub: Forum, tmp_path) -> None:
    for relative, text in render_dir(with_sub).items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    loaded = Forum.load_dir(tmp_path)
    assert loaded.categories[20].parent_category_id == 5 and loaded.topics[907].category_id == 20
