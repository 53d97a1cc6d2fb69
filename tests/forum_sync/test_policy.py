"""Every publication rule, one case each (pure functions on dict fixtures)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from forum_sync.model import Category, parse_post, parse_topic
from forum_sync.policy import OptOut, PolicyConfig, decide, post_exclusion, topic_exclusion

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
CATEGORIES = {
    5: Category(5, "ervaringen", "Ervaringen", False),
    4: Category(4, "algemeen", "Algemeen", False),
    8: Category(8, "besloten", "Besloten", True),
}
CFG = PolicyConfig(frozenset({"ervaringen", "besloten"}), "niet-publiceren", timedelta(hours=48))


def topic(**fields: object) -> dict[str, object]:
    base: dict[str, object] = {
        "id": 1,
        "title": "Een vraag",
        "category_id": 5,
        "created_at": "2026-05-01T10:00:00Z",
        "visible": True,
        "archetype": "regular",
        "deleted_at": None,
        "tags": ["ww"],
    }
    return base | fields


def post(number: int = 1, **fields: object) -> dict[str, object]:
    base: dict[str, object] = {
        "id": 100 + number,
        "post_number": number,
        "user_id": 10 + number,
        "username": f"user{number}",
        "name": "",
        "created_at": "2026-05-01T10:00:00Z",
        "post_type": 1,
        "hidden": False,
        "deleted_at": None,
        "user_deleted": False,
        "cooked": "<p>tekst</p>",
    }
    return base | fields


def test_a_plain_topic_is_published() -> None:
    decision, posts = decide(
        parse_topic(topic()), [parse_post(post(), 1)], CATEGORIES, OptOut(), NOW, CFG
    )
    assert decision.publish and [p.post_number for p in posts] == [1]


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"category_id": 8}, "category-restricted"),
        ({"category_id": 4}, "category-not-configured"),
        ({"category_id": 99}, "category-unknown"),
        ({"category_id": None}, "category-unknown"),
        ({"visible": False}, "unlisted"),
        ({"visible": None}, "unlisted"),  # missing = unsafe
        ({"archetype": "private_message"}, "not-regular"),
        ({"deleted_at": "2026-05-02T00:00:00Z"}, "deleted"),
        ({"tags": ["ww", "niet-publiceren"]}, "opt-out-tag"),
        (
            {"tags": [{"id": 3, "name": "Niet-Publiceren", "slug": "niet-publiceren"}]},
            "opt-out-tag",
        ),
    ],
)
def test_topic_rules(fields: dict[str, object], reason: str) -> None:
    assert topic_exclusion(parse_topic(topic(**fields)), CATEGORIES, CFG) == reason
    decision, posts = decide(
        parse_topic(topic(**fields)), [parse_post(post(), 1)], CATEGORIES, OptOut(), NOW, CFG
    )
    assert not decision.publish and posts == []


def test_cooling_off_period() -> None:
    young = topic(created_at=(NOW - timedelta(hours=47)).isoformat())
    old = topic(created_at=(NOW - timedelta(hours=49)).isoformat())
    assert (
        decide(parse_topic(young), [parse_post(post(), 1)], CATEGORIES, OptOut(), NOW, CFG)[
            0
        ].reason
        == "cooling-off"
    )
    assert decide(parse_topic(old), [parse_post(post(), 1)], CATEGORIES, OptOut(), NOW, CFG)[
        0
    ].publish
    longer = replace(CFG, cooling_off=timedelta(days=60))
    assert not decide(parse_topic(old), [parse_post(post(), 1)], CATEGORIES, OptOut(), NOW, longer)[
        0
    ].publish


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"post_type": 2}, "not-regular-post"),  # moderator action
        ({"post_type": 3}, "not-regular-post"),  # small action
        ({"post_type": 4}, "not-regular-post"),  # whisper
        ({"post_type": None}, "not-regular-post"),
        ({"hidden": True}, "hidden"),
        ({"hidden": None}, "hidden"),
        ({"deleted_at": "2026-05-02T00:00:00Z"}, "deleted"),
        ({"user_deleted": True}, "user-deleted"),
    ],
)
def test_post_rules(fields: dict[str, object], reason: str) -> None:
    assert post_exclusion(parse_post(post(2, **fields), 1), OptOut()) == reason
    posts = [parse_post(post(1), 1), parse_post(post(2, **fields), 1), parse_post(post(3), 1)]
    decision, kept = decide(parse_topic(topic()), posts, CATEGORIES, OptOut(), NOW, CFG)
    assert decision.publish and [p.post_number for p in kept] == [1, 3]


def test_opt_out_group_by_id_and_by_username() -> None:
    by_id = OptOut(frozenset({12}), frozenset())
    by_name = OptOut(frozenset(), frozenset({"user2"}))
    for opt_out in (by_id, by_name):
        assert post_exclusion(parse_post(post(2), 1), opt_out) == "opt-out-user"
        assert post_exclusion(parse_post(post(3), 1), opt_out) is None


def test_topic_needs_its_opening_post() -> None:
    opener_hidden = [parse_post(post(1, hidden=True), 1), parse_post(post(2), 1)]
    decision, kept = decide(parse_topic(topic()), opener_hidden, CATEGORIES, OptOut(), NOW, CFG)
    assert not decision.publish and decision.reason == "opening-post-excluded" and kept == []
    opted_out_opener = OptOut(frozenset({11}), frozenset())
    decision, _ = decide(
        parse_topic(topic()),
        [parse_post(post(1), 1), parse_post(post(2), 1)],
        CATEGORIES,
        opted_out_opener,
        NOW,
        CFG,
    )
    assert not decision.publish
