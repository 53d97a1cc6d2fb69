"""pydiscourse's own client reads the test server (content type, paths, headers)."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
import requests
from pydiscourse import DiscourseClient
from pydiscourse.exceptions import DiscourseClientError

from forum_sync.testing.server import ForumServer
from tests.forum_server.helpers import REPO_ROOT, STAFF_KEY


def test_anonymous_client_reads_latest_and_a_topic(server: ForumServer) -> None:
    client = DiscourseClient(server.url, api_username=None, api_key=None)
    latest = client.latest_topics()
    first = latest["topic_list"]["topics"][0]
    topic = client.topic(first["slug"], first["id"])
    assert topic["id"] == first["id"]
    assert all(p["post_type"] != 4 for p in topic["post_stream"]["posts"])
    assert (
        client.topic_posts(901, **{"post_ids[]": [901002]})["post_stream"]["posts"][0][
            "post_number"
        ]
        == 2
    )
    assert [t["id"] for t in client.category_topics(5)["topic_list"]["topics"]] == [901, 907]
    assert server.requests[1].path == f"/t/{first['slug']}/{first['id']}.json"
    assert not any(r.api_key_present for r in server.requests)


def test_staff_client_sees_whispers(server: ForumServer) -> None:
    client = DiscourseClient(server.url, api_username="mod_mila", api_key=STAFF_KEY)
    topic = client.topic("klantmanager-belt-niet-terug-wat-nu", 901)
    assert any(p["post_type"] == 4 for p in topic["post_stream"]["posts"])
    assert client.user("mod_mila")["moderator"] is True
    assert all(r.api_key_present for r in server.requests)


def test_client_error_for_restricted_topic(server: ForumServer) -> None:
    client = DiscourseClient(server.url, api_username=None, api_key=None)
    with pytest.raises(DiscourseClientError):
        client.topic("moderatie-overleg", 903)


def test_command_line_server_serves_the_demo_forum() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "forum_sync.testing.server", "--port", "0"],
        cwd=REPO_ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stderr.readline() if process.stderr else ""
        assert "http://127.0.0.1:" in line, line
        url = line.split(" on ", 1)[1].split()[0]
        for _ in range(50):
            try:
                response = requests.get(f"{url}/latest.json", timeout=2)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        assert response.status_code == 200
        assert response.json()["topic_list"]["topics"]
    finally:
        process.terminate()
        process.wait(timeout=10)
