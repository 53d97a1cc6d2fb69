"""Fault injection, rate limiting and the request log, observed with `requests`."""

from __future__ import annotations

import time

import pytest
import requests

from forum_sync.testing.server import ForumServer
from tests.forum_server.helpers import JSON_TYPE, STAFF_KEY, get


@pytest.mark.parametrize(
    ("kind", "status", "content_type"),
    [
        ("http_500", 500, "text/html"),
        ("http_502", 502, "text/html"),
        ("http_503", 503, "text/html"),
        ("http_403", 403, JSON_TYPE),
        ("http_404", 404, JSON_TYPE),
        ("http_410", 410, JSON_TYPE),
    ],
)
def test_http_error_faults_fire_once(
    server: ForumServer,
    kind: str,
    status: int,
    content_type: str,
) -> None:
    server.faults.add(kind, "/t/*")
    failed = get(server, "/t/901.json")
    assert failed.status_code == status
    assert failed.headers["Content-Type"].startswith(content_type)
    assert get(server, "/t/901.json").status_code == 200
    assert [(r.status, r.fault) for r in server.requests] == [(status, kind), (200, None)]


def test_rate_limit_json(server: ForumServer) -> None:
    server.faults.add("rate_limit_json", "/latest.json", wait_seconds=7)
    response = get(server, "/latest.json", STAFF_KEY)
    assert response.status_code == 429
    assert response.headers["Content-Type"] == JSON_TYPE
    assert response.headers["Retry-After"] == "7"
    assert response.headers["Discourse-Rate-Limit-Error-Code"] == "admin_api_key_rate_limit"
    body = response.json()
    assert body["error_type"] == "rate_limit" and body["errors"]
    assert body["extras"] == {"wait_seconds": 7, "time_left": "7 seconds"}
    assert get(server, "/latest.json").status_code == 200


def test_rate_limit_text(server: ForumServer) -> None:
    server.faults.add("rate_limit_text", wait_seconds=3)
    response = get(server, "/latest.json")
    assert response.status_code == 429
    assert response.headers["Content-Type"].startswith("text/plain")
    assert response.headers["Retry-After"] == "3"
    assert "Discourse-Rate-Limit-Error-Code" in response.headers
    with pytest.raises(requests.JSONDecodeError):
        response.json()


def test_slow_fault_exceeds_client_timeout(server: ForumServer) -> None:
    server.faults.add("slow", "/t/*", delay=1.0)
    started = time.monotonic()
    with pytest.raises(requests.Timeout):
        get(server, "/t/901.json", timeout=0.3)
    assert time.monotonic() - started < 1.0
    assert get(server, "/t/901.json", timeout=5).status_code == 200


def test_malformed_json(server: ForumServer) -> None:
    server.faults.add("malformed_json", "/latest.json")
    response = get(server, "/latest.json")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == JSON_TYPE
    with pytest.raises(requests.JSONDecodeError):
        response.json()
    assert "topic_list" in get(server, "/latest.json").json()


def test_drop_connection(server: ForumServer) -> None:
    server.faults.add("drop_connection", "/t/*")
    with pytest.raises(requests.ConnectionError):
        get(server, "/t/901.json")
    assert server.requests[-1].status is None
    assert server.requests[-1].fault == "drop_connection"
    assert get(server, "/t/901.json").status_code == 200


def test_times_skip_and_globs(server: ForumServer) -> None:
    server.faults.add("http_503", "/t/*/posts.json", times=2, skip=1)
    server.faults.add("http_500", "/c/*", times=None)
    statuses = [get(server, "/t/901/posts.json").status_code for _ in range(4)]
    assert statuses == [200, 503, 503, 200]
    assert get(server, "/t/901.json").status_code == 200  # glob does not match
    assert [get(server, "/c/5.json").status_code for _ in range(3)] == [500, 500, 500]
    assert [f.kind for f in server.faults.pending()] == ["http_500"]
    server.faults.clear()
    assert get(server, "/c/5.json").status_code == 200
    with pytest.raises(ValueError, match="unknown fault kind"):
        server.faults.add("http_418")


def test_real_rate_limiter(server: ForumServer) -> None:
    server.set_rate_limit(per_second=2, burst=2)
    statuses = [get(server, "/categories.json").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    limited = get(server, "/categories.json")
    assert limited.status_code == 429 and limited.json()["extras"]["wait_seconds"] >= 1
    assert server.requests[-1].fault == "rate_limiter"
    server.set_rate_limit(None)
    assert get(server, "/categories.json").status_code == 200


def test_request_log_never_holds_the_key(server: ForumServer) -> None:
    get(server, "/latest.json?page=0&api_key=leaked", STAFF_KEY, "mod_mila")
    get(server, "/t/901.json")
    records = server.requests
    assert [(r.method, r.path, r.status, r.api_key_present) for r in records] == [
        ("GET", "/latest.json", 200, True),
        ("GET", "/t/901.json", 200, False),
    ]
    assert records[0].query == {"page": ["0"]}
    assert STAFF_KEY not in repr(records) and "leaked" not in repr(records)
    assert server.request_count("/t/*") == 1
    server.reset_log()
    assert server.requests == []


def test_server_refuses_non_loopback(forum: object) -> None:
    with pytest.raises(ValueError, match="loopback"):
        ForumServer(forum, host="0.0.0.0")  # type: ignore[arg-type]
