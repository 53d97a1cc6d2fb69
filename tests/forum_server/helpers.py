"""Constants and helpers shared by the forum server tests."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import requests

from forum_sync.testing.server import ForumServer

REPO_ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = REPO_ROOT.parent / "shared" / "discourse" / "openapi.json"
FIXTURE_SOURCE = Path(__file__).parent / "fixtures" / "source"
STAFF_KEY = "test-staff-key-0001"
MEMBER_KEY = "test-member-key-0002"
ADMIN_KEY = "test-admin-key-0003"
JSON_TYPE = "application/json; charset=utf-8"


def get(server: ForumServer, path: str, key: str | None = None, username: str | None = None,
        **kwargs: Any) -> requests.Response:
    headers = dict(kwargs.pop("headers", {}))
    if key is not None:
        headers["Api-Key"] = key
        if username is not None:
            headers["Api-Username"] = username
    return requests.get(server.url + path, headers=headers, timeout=kwargs.pop("timeout", 5),
                        **kwargs)


def raw_schema(spec: dict[str, Any], path: str) -> dict[str, Any]:
    return copy.deepcopy(
        spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"])


def response_schema(spec: dict[str, Any], path: str) -> dict[str, Any]:
    """The spec's 200 schema for `path`, with exactly the deviations documented in
    forum_sync.testing.views.SPEC_DEVIATIONS (nothing else is relaxed)."""
    schema = raw_schema(spec, path)
    if path == "/c/{slug}/{id}.json":
        topic_list = schema["properties"]["topic_list"]
        topic_list["properties"]["more_topics_url"] = {"type": "string"}
        topic_list["properties"]["topics"]["items"]["properties"]["tags"] = {"type": "array"}
    if path in ("/t/{id}.json", "/t/{id}/posts.json"):
        post = schema["properties"]["post_stream"]["properties"]["posts"]["items"]
        post["properties"]["reply_to_post_number"] = {"type": ["integer", "null"]}
        post["properties"]["action_code"] = {"type": "string"}
        post["properties"]["cooked_hidden"] = {"type": "boolean"}
        post["properties"]["actions_summary"]["items"]["properties"]["count"] = {
            "type": "integer"}
    if path == "/t/{id}.json":
        schema["properties"]["category_id"] = {"type": ["integer", "null"]}
    return schema
