"""Every endpoint the test server serves validates against Discourse's OpenAPI schemas."""

from __future__ import annotations

import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from forum_sync.testing.server import ForumServer
from forum_sync.testing.views import SPEC_DEVIATIONS
from tests.forum_server.helpers import (
    ADMIN_KEY,
    JSON_TYPE,
    MEMBER_KEY,
    REPO_ROOT,
    STAFF_KEY,
    get,
    raw_schema,
    response_schema,
)

VIEWERS = {"anonymous": (None, None), "member": (MEMBER_KEY, None),
           "staff": (STAFF_KEY, None), "admin": (ADMIN_KEY, "beheer_test")}
# (request path, spec path) for what every viewer may open
ENDPOINTS = [
    ("/latest.json", "/latest.json"),
    ("/latest.json?page=1", "/latest.json"),
    ("/latest.json?order=created&ascending=true&per_page=2", "/latest.json"),
    ("/c/ervaringen/5.json", "/c/{slug}/{id}.json"),
    ("/c/vragen/6.json", "/c/{slug}/{id}.json"),
    ("/c/5.json", "/c/{slug}/{id}.json"),
    ("/t/901.json", "/t/{id}.json"),
    ("/t/klantmanager-belt-niet-terug-wat-nu/901.json", "/t/{id}.json"),
    ("/t/902.json", "/t/{id}.json"),
    ("/t/950.json", "/t/{id}.json"),
    ("/t/901/posts.json?post_ids[]=901002&post_ids[]=901004&post_ids[]=901006",
     "/t/{id}/posts.json"),
    ("/t/950/posts.json?post_ids[]=950021&post_ids[]=950025", "/t/{id}/posts.json"),
    ("/categories.json", "/categories.json"),
    ("/groups/niet-publiceren/members.json", "/groups/{name}/members.json"),
    ("/u/anna_test.json", "/u/{username}.json"),
    ("/u/mod_mila.json", "/u/{username}.json"),
]
# only staff may open these
STAFF_ENDPOINTS = [
    ("/t/903.json", "/t/{id}.json"),  # restricted category
    ("/t/905.json", "/t/{id}.json"),  # deleted topic
    ("/c/moderatie/7.json", "/c/{slug}/{id}.json"),
    ("/latest.json?status=deleted", "/latest.json"),
]


@pytest.fixture
def long_server(server: ForumServer) -> ForumServer:
    """Adds topic 950 with 25 posts (one chunk of 20 plus 5) and a whisper."""
    forum = server.forum
    forum.add_topic(topic_id=950, title="Lang onderwerp", username="anna_test",
                    cooked="<p>Begin</p>", category_id=5, tags=["ww"])
    for number in range(2, 26):
        forum.add_post(950, username="bram_b" if number % 2 else "carla77",
                       cooked=f"<p>Reactie {number}</p>",
                       post_type=4 if number == 22 else 1)
    return server


def _errors(schema: dict[str, Any], data: Any) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message[:200]}"
            for e in Draft202012Validator(schema).iter_errors(data)]


@pytest.mark.parametrize("viewer", list(VIEWERS))
@pytest.mark.parametrize(("path", "spec_path"), ENDPOINTS)
def test_endpoint_matches_spec(
    long_server: ForumServer, spec: dict[str, Any], viewer: str, path: str, spec_path: str,
) -> None:
    key, username = VIEWERS[viewer]
    response = get(long_server, path, key, username)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == JSON_TYPE
    assert _errors(response_schema(spec, spec_path), response.json()) == []


@pytest.mark.parametrize(("path", "spec_path"), STAFF_ENDPOINTS)
def test_staff_only_endpoint_matches_spec(
    long_server: ForumServer, spec: dict[str, Any], path: str, spec_path: str,
) -> None:
    response = get(long_server, path, STAFF_KEY)
    assert response.status_code == 200, response.text
    assert _errors(response_schema(spec, spec_path), response.json()) == []


def test_private_message_matches_spec(long_server: ForumServer, spec: dict[str, Any]) -> None:
    response = get(long_server, "/t/904.json", ADMIN_KEY, "beheer_test")
    assert response.status_code == 200 and response.json()["category_id"] is None
    assert _errors(response_schema(spec, "/t/{id}.json"), response.json()) == []


def test_validation_is_strict_about_missing_and_extra_fields(
    server: ForumServer, spec: dict[str, Any],
) -> None:
    """Guards the tests above: a missing or unknown field would make them fail."""
    topic_schema = response_schema(spec, "/t/{id}.json")
    data = get(server, "/t/901.json").json()
    assert _errors(topic_schema, data) == []
    missing = json.loads(json.dumps(data))
    del missing["post_stream"]["posts"][0]["user_deleted"]
    assert _errors(topic_schema, missing)
    extra = json.loads(json.dumps(data))
    extra["post_stream"]["posts"][0]["raw"] = "Ik bel al twee weken."
    assert _errors(topic_schema, extra)
    category_schema = response_schema(spec, "/c/{slug}/{id}.json")
    listing = get(server, "/c/ervaringen/5.json").json()
    del listing["topic_list"]["topics"][0]["excerpt"]
    assert _errors(category_schema, listing)


def test_deviations_are_the_documented_ones(server: ForumServer, spec: dict[str, Any]) -> None:
    """Each relaxation in conftest.response_schema is needed and listed in SPEC_DEVIATIONS."""
    documented = {field for _, field, _ in SPEC_DEVIATIONS}
    assert documented == {"topic_list.more_topics_url", "topic_list.topics[].tags",
                          "posts[].reply_to_post_number", "posts[].action_code",
                          "posts[].cooked_hidden", "category_id",
                          "posts[].actions_summary[].count"}
    topic = get(server, "/t/901.json").json()  # reply_to, action_code, cooked_hidden in here
    assert _errors(raw_schema(spec, "/t/{id}.json"), topic)
    listing = get(server, "/c/ervaringen/5.json").json()
    assert _errors(raw_schema(spec, "/c/{slug}/{id}.json"), listing)  # tags


def test_checked_in_demo_files_match_spec(spec: dict[str, Any]) -> None:
    demo = REPO_ROOT / "forum_sync" / "demo" / "forum"
    topics = sorted((demo / "t").glob("*.json"))
    assert topics, f"no demo topics in {demo}; run python -m forum_sync.testing.demo_build"
    topic_schema = response_schema(spec, "/t/{id}.json")
    for path in topics:
        assert _errors(topic_schema, json.loads(path.read_text("utf-8"))) == [], path.name
    categories = json.loads((demo / "categories.json").read_text("utf-8"))
    assert _errors(response_schema(spec, "/categories.json"), categories) == []
    for members in demo.glob("groups/*/members.json"):
        data = json.loads(members.read_text("utf-8"))
        assert _errors(response_schema(spec, "/groups/{name}/members.json"), data) == []
