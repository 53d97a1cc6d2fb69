"""The shape checks as pure functions (the fuzzing over HTTP is test_e2e_shapes.py)."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
import requests

from forum_sync import shapes
from forum_sync.fetch import discourse_error
from forum_sync.model import parse_categories
from tests.forum_sync.helpers import DEMO_DIR, OPT_OUT


def demo(relative: str) -> Any:
    return json.loads((DEMO_DIR / relative).read_text(encoding="utf-8"))


def test_the_demo_forum_has_every_shape() -> None:
    shapes.categories(demo("categories.json"))
    topic = demo("t/101.json")
    shapes.topic(topic, 101)
    shapes.covers_stream(topic, 101)
    members, total = shapes.members_page(demo(f"groups/{OPT_OUT}/members.json"), "g", 0)
    shapes.members_complete(members, total, "g")


def test_topic_for_another_id_and_stream_gaps() -> None:
    topic = demo("t/101.json")
    with pytest.raises(shapes.ShapeError, match="answered with topic 101"):
        shapes.topic(topic, 102)
    partial = copy.deepcopy(topic)
    partial["post_stream"]["posts"] = partial["post_stream"]["posts"][:3]
    shapes.topic(partial, 101)  # a first chunk is fine ...
    with pytest.raises(shapes.ShapeError, match="never arrived"):
        shapes.covers_stream(partial, 101)  # ... but not as the whole topic


def test_chunk_must_be_exactly_what_was_asked() -> None:
    posts = demo("t/101.json")["post_stream"]["posts"]
    body = {"post_stream": {"posts": posts[20:22]}, "id": 101}
    asked = [p["id"] for p in posts[20:22]]
    assert len(shapes.posts_chunk(body, 101, asked, "w")) == 2
    with pytest.raises(shapes.ShapeError, match="missing"):
        shapes.posts_chunk(body, 101, [*asked, posts[22]["id"]], "w")


def test_members_total_must_match() -> None:
    members = [{"id": 1, "username": "a"}, {"id": 2, "username": "b"}]
    with pytest.raises(shapes.ShapeError, match=r"meta\.total says 3"):
        shapes.members_complete(members, 3, "g")
    with pytest.raises(shapes.ShapeError, match="twice"):
        shapes.members_complete([*members, {"id": 2, "username": "B"}], 3, "g")


def test_nested_subcategories_get_their_slug_paths() -> None:
    base = demo("categories.json")["category_list"]["categories"][0]
    leaf = base | {"id": 31, "slug": "kind", "subcategory_list": None}
    middle = base | {"id": 30, "slug": "midden", "subcategory_list": [leaf],
                     "subcategory_ids": [31]}
    top = base | {"id": 29, "slug": "top", "subcategory_list": [middle], "subcategory_ids": [30]}
    payload = {"category_list": {"categories": [top]}}
    shapes.categories(payload)
    assert [(c.id, c.path, c.parent_id) for c in parse_categories(payload)] == [
        (29, "top", None), (30, "top/midden", 29), (31, "top/midden/kind", 30)]
    twice = {"category_list": {"categories": [top, leaf]}}
    with pytest.raises(shapes.ShapeError, match="category 31 appears twice"):
        shapes.categories(twice)


def response(status: int, body: bytes, content_type: str | None) -> requests.Response:
    r = requests.Response()
    r.status_code, r._content = status, body
    if content_type:
        r.headers["Content-Type"] = content_type
    return r


@pytest.mark.parametrize(("status", "body", "content_type", "expected"), [
    (404, b'{"errors": ["not found"], "error_type": "not_found"}', "application/json", "not_found"),
    (403, b'{"errors": ["no"], "error_type": "invalid_access"}', "application/json",
     "invalid_access"),
    (403, b"<html>Access denied</html>", "text/html", None),  # a firewall page
    (403, b'{"errors": ["no"], "error_type": "invalid_access"}', None, None),
    (404, b'{"errors": [], "error_type": "not_found"}', "application/json", None),
    (404, b'{"errors": ["x"]}', "application/json", None),
    (403, b'{"errors": ["x"], "error_type": "not_found"}', "application/json", None),
    (404, b"null", "application/json", None),
])
def test_only_discourse_shaped_errors_withdraw(
    status: int, body: bytes, content_type: str | None, expected: str | None,
) -> None:
    assert discourse_error(response(status, body, content_type)) == expected


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"subcategory_list": None}, "incomplete"),  # asked without include_subcategories
        ({"subcategory_list": []}, "incomplete"),  # shortened to nothing
        ({"subcategory_ids": [30, 32]}, "incomplete"),  # one subcategory left out
        ({"subcategory_ids": None}, "expected a list"),
        ({"subcategory_ids": ["30"]}, "other than category ids"),
    ],
)
def test_categories_answer_must_be_complete(change: dict[str, Any], message: str) -> None:
    """A configured category missing from the answer counts as withdrawn: only a complete
    answer may say that, so a partial one fails."""
    base = demo("categories.json")["category_list"]["categories"][0]
    child = base | {"id": 30, "slug": "kind"}
    top = base | {"id": 29, "slug": "top", "subcategory_list": [child], "subcategory_ids": [30]}
    shapes.categories({"category_list": {"categories": [top]}})
    with pytest.raises(shapes.ShapeError, match=message):
        shapes.categories({"category_list": {"categories": [top | change]}})


def test_categories_answer_without_categories_fails() -> None:
    with pytest.raises(shapes.ShapeError, match="empty"):
        shapes.categories({"category_list": {"categories": []}})
    missing = demo("categories.json")["category_list"]["categories"][0]
    missing = {k: v for k, v in missing.items() if k != "subcategory_ids"}
    with pytest.raises(shapes.ShapeError, match="subcategory_ids"):
        shapes.categories({"category_list": {"categories": [missing]}})


@pytest.mark.parametrize(
    ("summary", "extra", "message"),
    [
        ([{"id": 2, "count": -1}], {}, "'count' must be an integer >= 0"),
        ([{"id": 2, "count": "7"}], {}, "'count' must be an integer >= 0"),
        ([{"id": 2, "count": True}], {}, "'count' must be an integer >= 0"),
        ([{"id": 2, "count": 3}, {"id": 2, "count": 4}], {}, "like \\(id 2\\) twice"),
        ([{"count": 3}], {}, "without an integer 'id'"),
        ("3", {}, "expected a list"),
        ([{"id": 2, "count": 3}], {"like_count": 4}, "disagrees"),
        ([], {"like_count": 2.5}, "'like_count' must be an integer"),
        (None, {}, "actions_summary"),
    ],
)
def test_a_malformed_like_count_is_a_shape_error(
    summary: Any, extra: dict[str, Any], message: str
) -> None:
    """Fail-closed: likes are published, so a wrong count fails the sync instead of
    silently reading as 0 (which would erase the recognition) or as something invented."""
    topic = demo("t/201.json")
    opening = topic["post_stream"]["posts"][0]
    if summary is None:
        del opening["actions_summary"]
    else:
        opening["actions_summary"] = summary
    opening.update(extra)
    with pytest.raises(shapes.ShapeError, match=message):
        shapes.topic(topic, 201)


def test_likes_are_read_from_actions_summary() -> None:
    from forum_sync.model import parse_post

    topic = demo("t/201.json")
    opening = shapes.topic(topic, 201)["post_stream"]["posts"][0]
    assert parse_post(opening, 201).likes == 7
    assert parse_post({**opening, "actions_summary": [{"id": 2, "can_act": False}]}, 201).likes == 0
    assert parse_post({**opening, "actions_summary": [], "like_count": 4}, 201).likes == 4
