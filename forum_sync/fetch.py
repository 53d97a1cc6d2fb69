"""Fetch: read the forum as raw Discourse JSON over HTTP (pydiscourse), checked by shapes.py.

Both sources (HttpSource here, DirSource in dirsource.py) offer the same generators and return
the same shapes, so everything after this module cannot tell them apart:

- `user(username)`            /u/{username}.json (only for the staff check of a configured key)
- `categories()`              /categories.json?include_subcategories=true
- `group_members(name)`       /groups/{name}/members.json, all pages, as many as meta.total
- `topic_pages(category)`     yields the topic-list pages of /c/{slug path}/{id}.json, following
                              `more_topics_url` to the end (pinned topics come first and do not
                              stop the paging: every page is read)
- `category_gone(id)`         /c/{id}.json: True only for a Discourse-shaped 403/404/410 (a
                              category /categories.json left out is really gone for us),
                              False for a topic list (the categories answer was partial)
- `topic(topic_id)`           /t/{id}.json, with the posts beyond the first chunk fetched through
                              /t/{id}/posts.json?post_ids[]=… and merged in

Every answer is checked against the shape the sync relies on (`shapes.py`) before it is
returned. Errors are typed: `Gone` only for a Discourse-shaped 403/404/410 answer to the
topic itself (JSON `{"errors": [...], "error_type": "invalid_access"|"not_found"}`): the forum
withdrew that topic and the caller removes it. Everything else is a `FetchError` that fails
the sync without removing anything: 429 after the allowed retries, 5xx and timeouts after
bounded backoff, a 403/404/410 that is not Discourse's (a firewall's or proxy's HTML page) or
that is not about a topic, a missing or wrong Content-Type, malformed JSON, a body of the
wrong shape, a dropped connection. Each `FetchError` says which URL and what was wrong.

HTTP 429 is handled by a requests response hook, before pydiscourse's own retry loop (which
ignores Retry-After and sleeps at least 11 s on a plain-text 429) can see it: the hook waits
as the forum says, in both forms Discourse uses (JSON `extras.wait_seconds`, or a `Retry-After`
header), resends the same prepared request, and counts every HTTP response.
"""

from __future__ import annotations

import email.utils
import json
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, TypeVar
from urllib.parse import parse_qsl, urlsplit

import requests
from pydiscourse import DiscourseClient
from pydiscourse.exceptions import DiscourseClientError, DiscourseError, DiscourseServerError

from forum_sync import shapes
from forum_sync.config import Config, Credentials
from forum_sync.model import Category

log = logging.getLogger(__name__)
# Status -> the error_type Discourse sends with it (render_json_error). Only these withdraw.
GONE_TYPES: dict[int, frozenset[str]] = {
    403: frozenset({"invalid_access"}),
    404: frozenset({"not_found"}),
    410: frozenset({"not_found", "gone"}),
}
JSON_TYPE = "application/json"
MEMBERS_PER_PAGE = 50
MAX_PAGES = 100_000
T = TypeVar("T")


class FetchError(RuntimeError):
    """The sync cannot go on; nothing may be removed because of it."""


class Gone(Exception):
    """The forum answered 403, 404 or 410: the content is withdrawn for us."""

    def __init__(self, status: int, where: str) -> None:
        super().__init__(f"{where}: HTTP {status}")
        self.status = status
        self.where = where


class Source(Protocol):
    label: str
    requests: int

    def user(self, username: str) -> dict[str, Any]: ...
    def categories(self) -> dict[str, Any]: ...
    def group_members(self, name: str) -> list[dict[str, Any]]: ...
    def topic_pages(self, category: Category) -> Iterator[list[dict[str, Any]]]: ...
    def topic(self, topic_id: int) -> dict[str, Any]: ...
    def category_gone(self, category_id: int) -> bool: ...


@dataclass
class RequestStats:
    requests: int = 0
    rate_limited: int = 0
    waited_seconds: float = 0.0


def retry_wait(response: requests.Response, now: datetime | None = None) -> float | None:
    """Seconds a 429 asks us to wait: JSON `extras.wait_seconds`, else `Retry-After`."""
    try:
        body = json.loads(response.content or b"null")
    except ValueError:
        body = None
    if isinstance(body, dict):
        extras = body.get("extras")
        wait = extras.get("wait_seconds") if isinstance(extras, dict) else None
        if isinstance(wait, int | float) and not isinstance(wait, bool) and wait >= 0:
            return float(wait)
    header = response.headers.get("Retry-After")
    if header:
        header = header.strip()
        if header.isdigit():
            return float(header)
        try:
            when = email.utils.parsedate_to_datetime(header)
        except (TypeError, ValueError):
            return None
        current = now or datetime.now(UTC)
        return max(0.0, (when - current).total_seconds())
    return None


def _describe(response: requests.Response | None) -> str:
    if response is None:
        return "no response"
    reason = f" {response.reason}" if response.reason else ""
    return f"HTTP {response.status_code}{reason}"


def _json_body(response: requests.Response) -> Any:
    """The decoded body of a JSON answer, or a sentinel when it is not JSON at all."""
    if JSON_TYPE not in response.headers.get("Content-Type", ""):
        return _NOT_JSON
    try:
        return json.loads(response.content)
    except ValueError:
        return _NOT_JSON


_NOT_JSON = object()


def discourse_error(response: requests.Response) -> str | None:
    """The error_type of a Discourse-shaped 403/404/410 answer, else None.

    A firewall, proxy or load balancer answers with an HTML page (or anything else); that
    says nothing about the topic and must never remove it.
    """
    body = _json_body(response)
    if not isinstance(body, dict):
        return None
    errors, kind = body.get("errors"), body.get("error_type")
    if not isinstance(errors, list) or not errors or not all(isinstance(e, str) for e in errors):
        return None
    if kind not in GONE_TYPES.get(response.status_code, ()):
        return None
    return str(kind)


def _answer_problem(response: requests.Response) -> str | None:
    """What is wrong with a 2xx answer before pydiscourse reads it (it would raise
    KeyError on a missing Content-Type and TypeError on a body of null or a number)."""
    if "Content-Type" not in response.headers:
        return f"{_describe(response)} without a Content-Type"
    if response.content.lstrip()[:1] == b"{":
        return None  # an object, or malformed JSON that pydiscourse reports (no double parse)
    body = _json_body(response)
    if body is _NOT_JSON or isinstance(body, dict):
        return None  # pydiscourse reports wrong types and malformed JSON itself
    kind = "null" if body is None else type(body).__name__
    return f"{_describe(response)} with a JSON {kind} instead of an object"


class ForumClient(DiscourseClient):
    """pydiscourse's client with a response hook for 429 and request counting.

    Without a key no Api-Key/Api-Username header is sent at all: pydiscourse puts `None` in
    those headers and requests drops None-valued headers when it merges them.
    """

    def __init__(
        self,
        host: str,
        credentials: Credentials,
        *,
        timeout: float,
        max_retries: int,
        max_wait: float,
        stats: RequestStats,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        super().__init__(
            host,
            api_username=credentials.api_username if credentials.configured else None,
            api_key=credentials.api_key if credentials.configured else None,
            timeout=timeout,
        )
        self.max_retries = max_retries
        self.max_wait = max_wait
        self.stats = stats
        self._sleep = sleep

    def _get(self, path: str, override_request_kwargs: dict[str, Any] | None = None, **kwargs: Any):
        extra = dict(override_request_kwargs or {})
        extra["hooks"] = {"response": [self._on_response]}
        return super()._get(path, override_request_kwargs=extra, **kwargs)

    def _on_response(self, response: requests.Response, **send_kwargs: Any) -> requests.Response:
        self.stats.requests += 1
        attempts = 0
        while response.status_code == 429:
            wait = retry_wait(response)
            where = response.request.path_url if response.request else "?"
            if attempts >= self.max_retries:
                raise FetchError(f"{where}: still rate limited (HTTP 429) after {attempts} retries")
            if wait is None:
                wait = 10.0  # Discourse always says; be patient when it does not
            if wait > self.max_wait:
                raise FetchError(
                    f"{where}: rate limited (HTTP 429), the forum asks to wait {wait:.0f} s, "
                    f"more than http.max_wait_seconds ({self.max_wait:.0f} s)"
                )
            attempts += 1
            self.stats.rate_limited += 1
            self.stats.waited_seconds += wait
            log.info("rate limited on %s: waiting %.1f s (retry %d)", where, wait, attempts)
            self._sleep(wait)
            response.close()
            response = response.connection.send(response.request, **send_kwargs)
            self.stats.requests += 1
        if response.ok:
            problem = _answer_problem(response)
            if problem is not None:
                raise FetchError(f"{response.url}: malformed or unexpected answer ({problem})")
        return response


class HttpSource:
    """The live forum over HTTP, as an anonymous visitor unless a key is configured."""

    label = "forum"

    def __init__(
        self,
        config: Config,
        credentials: Credentials,
        url: str | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base = (url or config.forum_url).rstrip("/")
        self.stats = RequestStats()
        self.config = config
        self._sleep = sleep
        self.client = ForumClient(
            self.base,
            credentials,
            timeout=config.timeout,
            max_retries=config.max_retries,
            max_wait=config.max_wait_seconds,
            stats=self.stats,
            sleep=sleep,
        )

    @property
    def requests(self) -> int:
        return self.stats.requests

    def _call(self, path: str, fn: Callable[[], T], *, may_withdraw: bool = False) -> T:
        """Run one API call: retry 5xx and timeouts with bounded backoff, type the rest.

        `may_withdraw`: this request is about one topic, so a Discourse-shaped 403/404/410
        raises `Gone`; for every other request it fails the sync like any other error."""
        where = self.base + path
        attempt = 0
        while True:
            try:
                return fn()
            except DiscourseServerError as exc:
                problem = f"{_describe(exc.response)} (server error)"
            except requests.Timeout:
                problem = f"no answer within {self.config.timeout:g} s (timeout)"
            except DiscourseClientError as exc:
                raise self._client_error(where, exc.response, may_withdraw) from None
            except DiscourseError as exc:
                # Malformed JSON, wrong content type, an unexpected redirect: fail at once.
                raise FetchError(
                    f"{where}: malformed or unexpected answer ({exc}; {_describe(exc.response)})"
                ) from None
            except requests.RequestException as exc:
                raise FetchError(f"{where}: connection failed ({type(exc).__name__})") from None
            except ValueError as exc:
                raise FetchError(f"{where}: malformed JSON ({exc})") from None
            except (KeyError, TypeError, AttributeError) as exc:
                # Defence in depth: whatever else pydiscourse trips over in an odd answer.
                raise FetchError(f"{where}: malformed answer ({type(exc).__name__})") from None
            if attempt >= self.config.max_retries:
                raise FetchError(f"{where}: {problem}; gave up after {attempt} retries")
            delay = min(30.0, self.config.backoff_seconds * 2**attempt)
            attempt += 1
            log.warning("%s: %s; retry %d in %.1f s", where, problem, attempt, delay)
            self._sleep(delay)

    def _client_error(
        self, where: str, response: requests.Response | None, may_withdraw: bool
    ) -> Exception:
        status = response.status_code if response is not None else 0
        kind = discourse_error(response) if response is not None else None
        if kind is not None and may_withdraw:
            return Gone(status, where)
        if kind is not None:
            return FetchError(f"{where}: the forum answered {_describe(response)} ({kind})")
        if status in GONE_TYPES and response is not None:
            what = response.headers.get("Content-Type") or "no Content-Type"
            return FetchError(
                f"{where}: the forum answered {_describe(response)}, but not as Discourse does "
                f"({what}; a firewall or proxy page?): nothing is removed"
            )
        return FetchError(f"{where}: the forum answered {_describe(response)}")

    def _get(
        self, where: str, path: str, check: Callable[[Any], T], *, may_withdraw: bool = False,
        **params: Any,
    ) -> T:
        result = self._call(where, lambda: self.client._get(path, **params),
                            may_withdraw=may_withdraw)
        return checked(self.base, check, result)

    def user(self, username: str) -> dict[str, Any]:
        where = f"/u/{username}.json"
        return self._get(where, where, lambda b: shapes.user(b, username))

    def categories(self) -> dict[str, Any]:
        # Without include_subcategories Discourse leaves subcategories out entirely.
        return self._get("/categories.json?include_subcategories=true", "/categories.json",
                         shapes.categories, include_subcategories="true")

    def group_members(self, name: str) -> list[dict[str, Any]]:
        members: list[dict[str, Any]] = []
        path = f"/groups/{name}/members.json"
        total = None
        for _ in range(MAX_PAGES):
            offset = len(members)
            where = f"{path}?offset={offset}"
            batch, page_total = self._get(
                where, path, lambda b, o=offset, w=where: shapes.members_page(b, w, o),
                offset=offset, limit=MEMBERS_PER_PAGE,
            )
            if total is not None and page_total != total:
                raise FetchError(f"{self.base}{where}: meta.total changed from {total} to "
                                 f"{page_total} while paging; try again")
            total = page_total
            members.extend(batch)
            if not batch or len(members) >= total:
                checked(self.base, lambda m, t=total: shapes.members_complete(m, t, path),
                         members)
                return members
        raise FetchError(f"{self.base}{path}: more than {MAX_PAGES} pages")

    def _relative(self, url: str) -> tuple[str, dict[str, str]]:
        """`more_topics_url` -> (path for pydiscourse, query parameters)."""
        parts = urlsplit(url)
        path = parts.path or "/"
        prefix = urlsplit(self.base).path.rstrip("/")
        if prefix and path.startswith(prefix + "/"):
            path = path[len(prefix) :]  # subfolder installs repeat the prefix
        if not path.startswith("/"):
            path = "/" + path
        return path, dict(parse_qsl(parts.query, keep_blank_values=True))

    def topic_pages(self, category: Category) -> Iterator[list[dict[str, Any]]]:
        path, params = f"/c/{category.path}/{category.id}.json", {}
        seen: set[str] = set()
        for _ in range(MAX_PAGES):
            query = "&".join(f"{k}={v}" for k, v in sorted(params.items()))
            key = f"{path}?{query}" if query else path
            if key in seen:
                raise FetchError(f"{key}: the listing points back to a page already read")
            seen.add(key)
            page = self._get(key, path, lambda b, k=key: shapes.topic_list(b, k), **params)
            topic_list = page["topic_list"]
            topics = list(topic_list["topics"])
            yield topics
            more = topic_list.get("more_topics_url")
            if not more or not topics:
                return
            path, params = self._relative(str(more))
        raise FetchError(f"/c/{category.path}/{category.id}: more than {MAX_PAGES} pages")

    def category_gone(self, category_id: int) -> bool:
        where = f"/c/{category_id}.json"
        try:
            self._get(where, where, lambda b: shapes.topic_list(b, where), may_withdraw=True)
        except Gone:
            return True
        return False

    def topic(self, topic_id: int) -> dict[str, Any]:
        where = f"/t/{topic_id}.json"
        data = self._get(where, where, lambda b: shapes.topic(b, topic_id), may_withdraw=True)
        stream = data["post_stream"]
        posts = list(stream["posts"])
        have = {p["id"] for p in posts}
        missing = [i for i in stream["stream"] if i not in have]
        size = data.get("chunk_size")
        size = size if isinstance(size, int) and 0 < size <= 100 else 20
        for start in range(0, len(missing), size):
            chunk = missing[start : start + size]
            more_where = f"/t/{topic_id}/posts.json (posts {chunk[0]}..{chunk[-1]})"
            extra = checked(
                self.base,
                lambda b, c=chunk, w=more_where: shapes.posts_chunk(b, topic_id, c, w),
                self._call(more_where, lambda c=chunk: self.client.posts(topic_id, post_ids=c)),
            )
            posts.extend(extra)
        stream["posts"] = sorted(posts, key=lambda p: p["post_number"])
        checked(self.base, lambda d: shapes.covers_stream(d, topic_id), data)
        return data


def checked(prefix: str, check: Callable[[Any], T], body: Any) -> T:
    """Run a shape check; a wrong shape fails the sync and says where and which field.
    Shape messages start with the path; `prefix` is the forum's base URL or directory."""
    try:
        return check(body)
    except shapes.ShapeError as exc:
        raise FetchError(f"{prefix}{exc}") from None


def make_source(
    config: Config,
    credentials: Credentials,
    url: str | None = None,
    from_dir: Path | None = None,
) -> Source:
    if from_dir is not None:
        from forum_sync.dirsource import DirSource

        return DirSource(from_dir)
    return HttpSource(config, credentials, url=url)
