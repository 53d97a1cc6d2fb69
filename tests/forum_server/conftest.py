"""Fixtures for the local Discourse-compatible server tests."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

import pytest

from forum_sync.testing.demo_build import build_forum
from forum_sync.testing.model import Forum
from forum_sync.testing.server import ForumServer
from tests.forum_server.helpers import ADMIN_KEY, FIXTURE_SOURCE, MEMBER_KEY, SPEC_PATH, STAFF_KEY


@pytest.fixture
def forum() -> Forum:
    """A fresh fixture forum (tests mutate it)."""
    return build_forum(FIXTURE_SOURCE)


@pytest.fixture
def server(forum: Forum) -> Iterator[ForumServer]:
    with ForumServer(forum, per_page=3) as running:
        running.add_api_key(STAFF_KEY, "mod_mila")
        running.add_api_key(MEMBER_KEY, "anna_test")
        running.add_api_key(ADMIN_KEY)  # all-users key: needs Api-Username
        yield running


@pytest.fixture(scope="session")
def spec() -> dict[str, Any]:
    if not SPEC_PATH.exists():
        message = (
            f"Discourse OpenAPI spec not found at {SPEC_PATH} (it lives in "
            "../shared/discourse/ next to the repository)"
        )
        # CI always has shared/ beside the clone: there a missing spec is a failure, not a skip.
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return json.loads(SPEC_PATH.read_text(encoding="utf-8"))
