"""Red team on the newer fields a topic answer carries: tags as strings or objects, ids,
numbers, likes. Each variant either fails the sync (ShapeError: nothing changes) or is read
so that the topic cannot be published more than the forum allows (fail closed)."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from forum_sync import shapes
from forum_sync.model import parse_categories, parse_post, parse_topic, raw_tag_names
from forum_sync.policy import PolicyConfig, topic_exclusion
from tests.forum_sync.helpers import DEMO_DIR, OPT_OUT
from werkcafe.gemeenten import load_gemeenten


def demo_topic() -> dict[str, Any]:
    return json.loads((DEMO_DIR / "t" / "201.json").read_text(encoding="utf-8"))


def opening(topic: dict[str, Any]) -> dict[str, Any]:
    return topic["post_stream"]["posts"][0]


def with_(change, target=lambda t: t):
    def mutate(topic: dict[str, Any]) -> None:
        change(target(topic))
    return mutate


def setter(key: str, value: Any):
    return lambda d: d.__setitem__(key, value)


REJECTED = {
    "id as a string": with_(setter("id", "201")),
    "category_id as a string": with_(setter("category_id", "5")),
    "category_id true": with_(setter("category_id", True)),
    "visible as a string": with_(setter("visible", "true")),
    "title null": with_(setter("title", None)),
    "posts_count above 2**53": with_(setter("posts_count", 2**60)),
    "posts_count negative": with_(setter("posts_count", -1)),
    "created_at impossible": with_(setter("created_at", "2026-13-45T00:00:00Z")),
    "deleted_at false": with_(setter("deleted_at", False)),
    "deleted_at empty": with_(setter("deleted_at", "")),
    "a tag null": with_(setter("tags", [None])),
    "a tag a number": with_(setter("tags", [5])),
    "a tag object with a number name": with_(setter("tags", [{"id": 1, "name": 5}])),
    "tags an object": with_(setter("tags", {"0": "ww"})),
    "tags a string": with_(setter("tags", "niet-publiceren")),
    "post id as a string": with_(setter("id", "201001"), opening),
    "post of another topic": with_(setter("topic_id", "201"), opening),
    "post hidden null": with_(setter("hidden", None), opening),
    "post deleted_at 0": with_(setter("deleted_at", 0), opening),
    "post_type a float": with_(setter("post_type", 1.0), opening),
    "user_id a string": with_(setter("user_id", "12"), opening),
    "username blank": with_(setter("username", "  "), opening),
    "cooked null": with_(setter("cooked", None), opening),
    "like id a string": with_(setter("actions_summary", [{"id": "2", "count": 9}]), opening),
    "like count above 2**53": with_(setter("actions_summary", [{"id": 2, "count": 2**53}]),
                                    opening),
    "like_count negative": with_(lambda p: p.update(actions_summary=[], like_count=-3),
                                 opening),
}


@pytest.mark.parametrize("name", sorted(REJECTED))
def test_a_malformed_field_fails_the_sync(name: str) -> None:
    topic = demo_topic()
    shapes.topic(copy.deepcopy(topic), 201)  # the demo answer itself is fine
    REJECTED[name](topic)
    with pytest.raises(shapes.ShapeError):
        shapes.topic(topic, 201)


def policy() -> PolicyConfig:
    from datetime import timedelta

    return PolicyConfig(publish_categories=frozenset({"ervaringen", "vragen"}),
                        opt_out_tag=OPT_OUT, cooling_off=timedelta(hours=48))


@pytest.mark.parametrize("tags", [
    ["NIET-PUBLICEREN"],
    [" niet-publiceren "],
    ["ww", {"id": 9, "name": OPT_OUT, "slug": OPT_OUT}],
    [{"id": 9, "name": None, "slug": OPT_OUT}],  # Discourse gave only the slug
    [{"id": 9, "name": "", "slug": OPT_OUT}],
])
def test_the_opt_out_tag_counts_however_it_is_spelled(tags: list[Any]) -> None:
    """Fail closed: whatever form the opt-out tag comes in, the topic is not published."""
    topic = demo_topic()
    topic["tags"] = tags
    shapes.topic(topic, 201)
    categories = {c.id: c for c in parse_categories(
        json.loads((DEMO_DIR / "categories.json").read_text(encoding="utf-8")))}
    assert topic_exclusion(parse_topic(topic), categories, policy()) == "opt-out-tag"
    topic["tags"] = ["ww", {"id": 9, "name": "niet-publiceren-x", "slug": "x"}]
    assert topic_exclusion(parse_topic(topic), categories, policy()) is None  # the control


@pytest.mark.parametrize(("tags", "code"), [
    (["gemeente-utrecht"], "GM0344"),
    ([{"id": 3, "name": "gemeente-utrecht", "slug": "gemeente-utrecht"}], "GM0344"),
    (["gemeente-utrecht", {"id": 3, "name": "gemeente-utrecht"}], "GM0344"),  # twice: one
    (["gemeente-utrecht", "gemeente-amsterdam"], None),  # two municipalities: none
    ([{"id": 3, "name": None, "slug": "gemeente-utrecht"}], None),  # no name: not placed
    (["gemeente-../../utrecht"], None),
    (["gemeente-utrecht/../amsterdam"], None),
    (["Gemeente-Utrecht"], None),
    (["gemeente-utr\u0435cht"], None),  # Cyrillic e
    (["gemeente-\uff55trecht"], None),  # full-width u: "utrecht" after NFKC
    (["gemeente-utrecht\u200b"], None),
    (["gemeente-utrecht\x00"], None),
    (["gemeente-" + "utrecht" * 2000], None),
    (["gemeente-GM0344"], None),
    (["GM0344"], None),
])
def test_a_municipality_tag_places_only_when_it_is_exactly_one(tags: list[Any],
                                                                code: str | None) -> None:
    topic = demo_topic()
    topic["tags"] = tags
    shapes.topic(topic, 201)
    assert load_gemeenten().classify_tags(raw_tag_names(topic["tags"])) == code


def test_likes_at_the_edge_are_read_as_they_are_and_never_invented() -> None:
    topic = demo_topic()
    post = opening(topic)
    post["actions_summary"] = [{"id": 2, "count": 2**53 - 1}]
    post.pop("like_count", None)
    shapes.topic(topic, 201)
    assert parse_post(post, 201).likes == 2**53 - 1
    post["actions_summary"] = [{"id": 2}]  # no count: nobody
    assert parse_post(post, 201).likes == 0


def test_a_topic_listed_twice_on_one_page_fails_and_across_pages_counts_once() -> None:
    item = {k: v for k, v in demo_topic().items() if k != "post_stream"}
    with pytest.raises(shapes.ShapeError, match="appears twice"):
        shapes.topic_list({"topic_list": {"topics": [item, item]}}, "/c/x/5.json")
    shapes.topic_list({"topic_list": {"topics": [item]}}, "/c/x/5.json?page=1")
