"""The client and the sources: 429 parsing, headers, paging, chunks, typed errors."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests

from forum_sync.config import Config, Credentials
from forum_sync.dirsource import DirSource
from forum_sync.fetch import FetchError, Gone, HttpSource, retry_wait
from forum_sync.model import Category
from forum_sync.testing.server import ForumServer
from tests.forum_sync.helpers import DEMO_DIR, MEMBER_KEY, MEMBER_USER

CONFIG = Config(
    forum_url="https://forum.werkcafe.nl",
    publish_categories=("ervaringen",),
    experience_categories=(),
    timeout=1.0,
    max_retries=2,
    backoff_seconds=0.05,
    max_wait_seconds=5,
)
ERVARINGEN = Category(5, "ervaringen", "Ervaringen", False)


def response(status: int, body: bytes, headers: dict[str, str]) -> requests.Response:
    r = requests.Response()
    r.status_code, r._content = status, body
    r.headers.update(headers)
    return r


def test_retry_wait_both_forms() -> None:
    json_body = b'{"errors": ["wait"], "error_type": "rate_limit", "extras": {"wait_seconds": 3}}'
    assert retry_wait(response(429, json_body, {"Retry-After": "9"})) == 3.0
    assert retry_wait(response(429, b"Slow down, too many requests", {"Retry-After": "7"})) == 7.0
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    dated = response(429, b"", {"Retry-After": "Thu, 01 Jan 2026 12:00:05 GMT"})
    assert retry_wait(dated, now) == 5.0
    assert retry_wait(response(429, b"", {})) is None


def test_no_key_sends_no_key_headers(server: ForumServer) -> None:
    source = HttpSource(CONFIG, Credentials(), url=server.url)
    captured: list[requests.PreparedRequest] = []
    original = source.client._on_response

    def spy(r: requests.Response, **kw: object) -> requests.Response:
        captured.append(r.request)
        return original(r, **kw)

    source.client._on_response = spy  # type: ignore[method-assign]
    source.categories()
    assert (
        captured
        and "Api-Key" not in captured[0].headers
        and "Api-Username" not in captured[0].headers
    )
    assert not server.requests[-1].api_key_present


def test_key_is_sent_when_configured(server: ForumServer) -> None:
    source = HttpSource(CONFIG, Credentials(MEMBER_USER, MEMBER_KEY), url=server.url)
    source.categories()
    assert server.requests[-1].api_key_present and server.requests[-1].status == 200


def test_paging_follows_more_topics_url_past_pinned_topics(demo_forum, server: ForumServer) -> None:
    demo_forum.set_pinned(112, globally=False)  # an old topic, listed first
    source = HttpSource(CONFIG, Credentials(), url=server.url)
    pages = list(source.topic_pages(ERVARINGEN))
    ids = [t["id"] for page in pages for t in page]
    assert len(pages) > 1 and ids[0] == 112
    expected = {
        t.id
        for t in demo_forum.topics.values()
        if t.category_id == 5 and t.visible and t.deleted_at is None
    }
    assert set(ids) == expected and len(ids) == len(set(ids))
    assert source.requests == len(pages)


def test_long_topic_fetches_the_other_chunks(server: ForumServer) -> None:
    source = HttpSource(CONFIG, Credentials(), url=server.url)
    topic = source.topic(101)  # 27 posts, 26 visible: 20 in the first chunk
    posts = topic["post_stream"]["posts"]
    assert [p["post_number"] for p in posts] == sorted(p["post_number"] for p in posts)
    assert len(posts) == len(topic["post_stream"]["stream"]) > 20
    assert server.request_count("/t/101/posts.json") == 1


def test_gone_and_fetch_errors(server: ForumServer) -> None:
    source = HttpSource(CONFIG, Credentials(), url=server.url)
    with pytest.raises(Gone) as gone:
        source.topic(132)  # restricted category
    assert gone.value.status == 403
    with pytest.raises(Gone):
        source.topic(999)
    server.faults.add("malformed_json", "/t/102.json")
    with pytest.raises(FetchError, match=r"/t/102\.json"):
        source.topic(102)
    server.faults.add("http_503", "/t/103.json", times=None)
    with pytest.raises(FetchError, match=r"/t/103\.json: HTTP 503.*gave up after 2 retries"):
        source.topic(103)
    assert server.request_count("/t/103.json") == 3


@pytest.mark.parametrize("kind", ["rate_limit_json", "rate_limit_text"])
def test_429_waits_as_told_and_counts_requests(server: ForumServer, kind: str) -> None:
    server.faults.add(kind, "/t/104.json", wait_seconds=1)
    source = HttpSource(CONFIG, Credentials(), url=server.url)
    started = time.monotonic()
    topic = source.topic(104)
    elapsed = time.monotonic() - started
    assert topic["id"] == 104
    assert 1.0 <= elapsed < 4.0  # waited the second asked, not pydiscourse's own 11 s
    assert source.requests == 2 and source.stats.rate_limited == 1
    assert [r.status for r in server.requests if r.path == "/t/104.json"] == [429, 200]


def test_429_beyond_the_retries_fails(server: ForumServer) -> None:
    server.faults.add("rate_limit_json", "/categories.json", wait_seconds=0, times=None)
    source = HttpSource(CONFIG, Credentials(), url=server.url)
    with pytest.raises(FetchError, match="rate limited"):
        source.categories()


def test_dir_source_reads_the_demo() -> None:
    source = DirSource(DEMO_DIR)
    pages = list(source.topic_pages(ERVARINGEN))
    assert len(pages) == 1 and {t["id"] for t in pages[0]} >= {101, 232, 234}
    assert source.topic(101)["id"] == 101
    with pytest.raises(Gone):
        source.topic(99999)
    with pytest.raises(FetchError, match="not a forum directory"):
        DirSource(Path(__file__).parent)
