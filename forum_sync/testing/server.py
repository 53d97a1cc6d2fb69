"""A local Discourse-compatible HTTP server over an in-memory forum, for tests and demos.

    from forum_sync.testing.model import Forum
    from forum_sync.testing.server import ForumServer

    forum = Forum.load_dir("forum_sync/demo/forum")
    with ForumServer(forum, per_page=10) as server:
        server.add_api_key("s3cret", "mod_annemiek")         # a staff key
        server.faults.add("rate_limit_json", "/latest.json", wait_seconds=1)
        requests.get(server.url + "/latest.json")             # -> 429, then 200 next time
        forum.add_post(101, username="henk1962", cooked="<p>Nieuw</p>")  # bumps topic 101
        assert server.requests[-1].status == 200

Endpoints (GET only): /latest.json, /c/{slug}/{id}.json, /c/{parent}/{slug}/{id}.json
(a wrong slug path answers 301 to the real one; a parent's list includes its subcategories'
topics unless no_subcategories=true), /c/{id}.json, /t/{id}.json, /t/{slug}/{id}.json,
/t/{id}/posts.json?post_ids[]=…, /categories.json (subcategories only with
include_subcategories=true), /groups/{name}/members.json, /u/{username}.json (and
/users/{username}.json). A path
without ".json" is answered as JSON when the Accept header asks for it, else with an HTML
page (as Discourse answers a browser). JSON responses carry exactly
`Content-Type: application/json; charset=utf-8`. Visibility rules: see views.py.

Topic lists page by offset, like Discourse. A walk's later pages reuse the order its first
page built, as long as nobody took the forum lock in between: change the forum through the
Forum helpers, or under `forum.lock`, while a client pages.

Run in the foreground: python -m forum_sync.testing.server --data forum_sync/demo/forum
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import re
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from fnmatch import fnmatchcase
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from forum_sync.testing.category_views import categories_json
from forum_sync.testing.faults import FaultPlan, RateLimiter
from forum_sync.testing.model import Forum, Topic
from forum_sync.testing.profile import user_json
from forum_sync.testing.responses import (
    BAD_KEY,
    FAULT_RESPONSES,
    Response,
    altered,
    error_response,
    html_page,
    json_response,
    rate_limit_response,
)
from forum_sync.testing.views import (
    ANONYMOUS,
    Viewer,
    can_see_category,
    can_see_group_members,
    group_members_json,
    listed_topics,
    order_topics,
    posts_json,
    topic_json,
    topic_list_json,
    topic_status,
)

log = logging.getLogger(__name__)

LOOPBACK = ("127.0.0.1", "localhost", "::1")
# Query parameters never written to the request log (old Discourse accepted keys there).
SECRET_PARAMS = frozenset({"api_key", "api_username"})


@dataclass(frozen=True)
class RequestRecord:
    """One served request. The API key itself is never stored."""

    method: str
    path: str
    query: dict[str, list[str]]
    status: int | None  # None: the connection was dropped without a response
    api_key_present: bool
    fault: str | None = None  # fault kind that fired, or "rate_limiter"


SLUG = r"[^/]*[^/\d][^/]*"  # a slug is never all digits (/t/1/2.json is topic 1, post 2)
ROUTES: list[tuple[re.Pattern[str], str]] = [(re.compile(p + r"\.json$"), name) for p, name in (
    (r"^/latest", "latest"),
    (r"^/categories", "categories"),
    (rf"^/c/(?P<slug>(?:{SLUG}/)?{SLUG})/(?P<id>\d+)", "category"),
    (r"^/c/(?P<id>\d+)", "category"),
    (r"^/t/(?P<id>\d+)/posts", "posts"),
    (r"^/t/(?P<id>\d+)(?:/\d+)?", "topic"),
    (rf"^/t/{SLUG}/(?P<id>\d+)(?:/\d+)?", "topic"),
    (r"^/groups/(?P<name>[^/]+)/members", "members"),
    (r"^/(?:u|users)/(?P<username>[^/]+)", "user"),
)]


class ForumServer:
    """Serve `forum` on 127.0.0.1 from a background thread (see the module docstring)."""

    def __init__(
        self, forum: Forum, host: str = "127.0.0.1", port: int = 0, per_page: int = 30, *,
        listing_tags: str = "strings", more_topics_when_full: bool = False,
        log_requests: bool = False,
    ) -> None:
        if host not in LOOPBACK:
            raise ValueError("the test server only listens on the loopback interface")
        self.forum = forum
        self.per_page = per_page
        # Tags in topic lists: "strings" (classic Discourse) or "objects" ({id, name, slug},
        # the shape recent versions use and /t/{id}.json always has in the spec).
        self.listing_tags = listing_tags
        # True: more_topics_url whenever a page is full, as Discourse does (the next page
        # may then be empty); False: only when a next page has topics.
        self.more_topics_when_full = more_topics_when_full
        self.log_requests = log_requests
        self.faults = FaultPlan()
        self.rate_limiter: RateLimiter | None = None
        self._keys: dict[str, str | None] = {}
        self._records: list[RequestRecord] = []
        self._records_lock = threading.Lock()
        # The ordered listing of the walk in progress (see _topic_list), with the forum lock's
        # acquisition count when it was built or last served.
        self._listings: dict[tuple[Any, ...], tuple[int, list[Topic]]] = {}
        self._httpd = ThreadingHTTPServer((host, port), _Handler)
        self._httpd.daemon_threads = True
        self._httpd.app = self  # type: ignore[attr-defined]
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ lifecycle
    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> ForumServer:
        if self._thread is None:
            self._thread = threading.Thread(target=self._httpd.serve_forever,
                                            kwargs={"poll_interval": 0.01}, daemon=True,
                                            name="forum-test-server")
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._httpd.server_close()

    def serve_forever(self) -> None:
        self._httpd.serve_forever(poll_interval=0.2)

    def __enter__(self) -> ForumServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # ------------------------------------------------------------------ configuration
    def add_api_key(self, key: str, username: str | None = None) -> None:
        """Accept `key`. Bound to `username` (a single-user key) or, with None, an all-users
        key that acts as whoever Api-Username names. Staff users see everything."""
        if username is not None and self.forum.user_by_name(username) is None:
            raise KeyError(f"unknown user {username!r}")
        self._keys[key] = username

    def remove_api_key(self, key: str) -> None:
        self._keys.pop(key, None)

    def set_rate_limit(self, per_second: float | None, burst: int | None = None) -> None:
        """Answer 429 (JSON, with extras.wait_seconds) beyond `per_second`; None switches off."""
        self.rate_limiter = None if per_second is None else RateLimiter(per_second, burst)

    # ------------------------------------------------------------------ request log
    @property
    def requests(self) -> list[RequestRecord]:
        with self._records_lock:
            return list(self._records)

    def reset_log(self) -> None:
        with self._records_lock:
            self._records.clear()

    def request_count(self, path_glob: str = "*") -> int:
        return sum(1 for r in self.requests if fnmatchcase(r.path, path_glob))

    def _record(self, record: RequestRecord) -> None:
        with self._records_lock:
            self._records.append(record)
        if self.log_requests:
            print(f"{record.method} {record.path} -> {record.status}"
                  f"{' [' + record.fault + ']' if record.fault else ''}", file=sys.stderr)

    # ------------------------------------------------------------------ request handling
    def authenticate(self, key: str | None, username: str | None) -> Viewer | None:
        """The viewer for these headers; None means the key/username pair is invalid."""
        if key is None:
            return ANONYMOUS
        if key not in self._keys:
            return None
        bound = self._keys[key]
        if bound is not None and username and username.lower() != bound.lower():
            return None
        user = self.forum.user_by_name(username or bound or "")
        return None if user is None else Viewer(user)

    def respond(self, path: str, query: dict[str, list[str]], viewer: Viewer) -> Response:
        for pattern, name in ROUTES:
            match = pattern.match(path)
            if match:
                with self.forum.lock:
                    return getattr(self, f"_get_{name}")(viewer, query, **match.groupdict())
        return error_response(404)

    def _get_latest(self, viewer: Viewer, query: dict[str, list[str]]) -> Response:
        status = _first(query, "status")
        return self._topic_list(viewer, query, ("latest", status),
                                lambda: listed_topics(self.forum, viewer, status=status),
                                "/latest", "latest", lambda t: t.pinned and t.pinned_globally)

    def _get_category(
        self, viewer: Viewer, query: dict[str, list[str]], id: str, slug: str | None = None,
    ) -> Response:
        category = self.forum.categories.get(int(id))
        if category is None or not can_see_category(self.forum, category.id, viewer):
            return error_response(404)  # Discourse hides restricted categories' existence
        parent = self.forum.categories.get(category.parent_category_id or 0)
        path = f"{parent.slug}/{category.slug}" if parent else category.slug
        if slug is not None and slug != path:
            # ListController#set_category redirects to the category's real slug path.
            return Response(301, b"", None, {"Location": f"/c/{path}/{category.id}.json"})
        status = _first(query, "status")
        subcategories = _first(query, "no_subcategories") != "true"
        return self._topic_list(
            viewer, query, ("category", category.id, status, subcategories),
            lambda: listed_topics(self.forum, viewer, category_id=category.id, status=status,
                                  subcategories=subcategories),
            f"/c/{path}/{category.id}", "category", lambda t: t.pinned)

    def _topic_list(
        self, viewer: Viewer, query: dict[str, list[str]], listing: tuple[Any, ...],
        topics: Callable[[], list[Topic]], base: str, kind: str,
        pinned_first: Callable[[Any], bool],
    ) -> Response:
        page = max(_int(query, "page", 0), 0)
        per_page = min(max(_int(query, "per_page", self.per_page), 1), 100)
        order, ascending = _first(query, "order"), _first(query, "ascending") == "true"
        # Building and sorting the whole listing costs O(topics); doing it for every page
        # made a walk O(topics²) and the forum benchmark measured this server, not the sync.
        # A walk's later pages reuse the order its earlier page built, unless anyone took the
        # forum lock in between (every mutation does); page 0 always builds afresh.
        key = (*listing, viewer.user_id, order, ascending)
        lock = self.forum.lock
        cached = self._listings.get(key)
        if page > 0 and cached is not None and cached[0] == lock.acquisitions - 1:
            ordered = cached[1]
        else:
            ordered = order_topics(topics(), order=order, ascending=ascending,
                                   pinned_first=pinned_first)
        self._listings = {key: (lock.acquisitions, ordered)}  # one walk at a time
        shown = len(ordered[page * per_page:(page + 1) * per_page])
        has_next = (shown == per_page) if self.more_topics_when_full \
            else len(ordered) > (page + 1) * per_page
        more = None
        if has_next:
            kept = [(k, v) for k, values in query.items() if k not in SECRET_PARAMS | {"page"}
                    for v in values]
            more = f"{base}?{urlencode([*kept, ('page', page + 1)])}"
        return json_response(200, topic_list_json(
            self.forum, viewer, ordered, page=page, per_page=per_page, more_topics_url=more,
            kind=kind, listing_tags=self.listing_tags))

    def _visible_topic(self, viewer: Viewer, id: str) -> Topic | Response:
        """The topic, or the error response the viewer gets for it (404, 403, ...)."""
        topic = self.forum.topics.get(int(id))
        if topic is None:
            return error_response(404)
        status = topic_status(self.forum, topic, viewer)
        return topic if status == 200 else error_response(status)

    def _get_topic(self, viewer: Viewer, query: dict[str, list[str]], id: str) -> Response:
        topic = self._visible_topic(viewer, id)
        if isinstance(topic, Response):
            return topic
        return json_response(200, topic_json(self.forum, topic, viewer))

    def _get_posts(self, viewer: Viewer, query: dict[str, list[str]], id: str) -> Response:
        topic = self._visible_topic(viewer, id)
        if isinstance(topic, Response):
            return topic
        raw_ids = query.get("post_ids[]", []) + query.get("post_ids", [])
        try:
            ids = [int(value) for value in raw_ids] if raw_ids else None
        except ValueError:
            return json_response(400, {"errors": ["post_ids must be integers"],
                                       "error_type": "invalid_parameters"})
        return json_response(200, posts_json(self.forum, topic, viewer, ids))

    def _get_categories(self, viewer: Viewer, query: dict[str, list[str]]) -> Response:
        return json_response(200, categories_json(
            self.forum, viewer, include_subcategories=_first(query, "include_subcategories")
            == "true"))

    def _get_members(self, viewer: Viewer, query: dict[str, list[str]], name: str) -> Response:
        group = self.forum.groups.get(name)
        if group is None:
            return error_response(404)
        if not can_see_group_members(group, viewer):
            return error_response(403)
        offset = max(_int(query, "offset", 0), 0)
        limit = min(max(_int(query, "limit", 50), 1), 1000)
        return json_response(200, group_members_json(self.forum, group, offset=offset,
                                                     limit=limit))

    def _get_user(self, viewer: Viewer, query: dict[str, list[str]], username: str) -> Response:
        user = self.forum.user_by_name(username)
        if user is None:
            return error_response(404)
        return json_response(200, user_json(self.forum, user, viewer))


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "WerkcafeTestDiscourse/1.0"
    # Headers and body go out in two writes; without TCP_NODELAY, Nagle plus delayed ACKs
    # would add ~40 ms to every keep-alive request.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        """Silenced: the app keeps its own log, without header values."""

    def do_GET(self) -> None:
        app: ForumServer = self.server.app  # type: ignore[attr-defined]
        parts = urlsplit(self.path)
        path = parts.path
        query = parse_qs(parts.query, keep_blank_values=True)
        key = self.headers.get("Api-Key") or None
        logged_query = {k: v for k, v in query.items() if k.lower() not in SECRET_PARAMS}

        def finish(response: Response | None, fault: str | None = None) -> None:
            # Record before writing, so a client that has its answer also sees the record.
            app._record(RequestRecord("GET", path, logged_query,
                                      None if response is None else response.status,
                                      key is not None, fault))
            if response is None:
                self._drop()
            else:
                self._send(response)

        fault = app.faults.take(path)
        if fault is not None and fault.kind in FAULT_RESPONSES:
            return finish(FAULT_RESPONSES[fault.kind](fault, key is not None), fault.kind)
        if fault is not None and fault.kind == "drop_connection":
            return finish(None, fault.kind)
        if fault is not None and fault.kind == "slow":
            time.sleep(fault.delay)
        if app.rate_limiter is not None and fault is None:
            wait = app.rate_limiter.acquire()
            if wait:
                return finish(rate_limit_response(wait, as_json=True,
                                                  key_present=key is not None), "rate_limiter")
        viewer = app.authenticate(key, self.headers.get("Api-Username") or None)
        if viewer is None:
            return finish(error_response(403, BAD_KEY), fault and fault.kind)
        response = self._dispatch(app, path, query, viewer)
        if fault is not None:
            response = altered(fault, response)
        return finish(response, fault and fault.kind)

    def _dispatch(
        self, app: ForumServer, path: str, query: dict[str, list[str]], viewer: Viewer,
    ) -> Response:
        if not path.endswith(".json"):
            if "application/json" not in self.headers.get("Accept", ""):
                known = any(p.match(path + ".json") for p, _ in ROUTES)
                return html_page(200 if known else 404, "Werkcafé forum")
            path += ".json"
        try:
            return app.respond(path, query, viewer)
        except Exception:
            log.exception("test server failed on %s", path)
            return error_response(500)

    def _send(self, response: Response) -> None:
        try:
            self.send_response(response.status)
            if response.content_type is not None:
                self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
            for name, value in response.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(response.body)
        except OSError:  # the client gave up (e.g. its timeout ran out during `slow`)
            self.close_connection = True

    def _drop(self) -> None:
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    def _refuse(self) -> None:
        self.close_connection = True
        self._send(error_response(404))

    do_POST = do_PUT = do_DELETE = _refuse


def _first(query: dict[str, list[str]], name: str) -> str | None:
    values = query.get(name)
    return values[0] if values else None


def _int(query: dict[str, list[str]], name: str, default: int) -> int:
    try:
        return int(_first(query, name) or default)
    except ValueError:
        return default


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m forum_sync.testing.server",
        description="Serve a Discourse-JSON forum directory on 127.0.0.1.")
    parser.add_argument("--data", type=Path,
                        default=Path(__file__).resolve().parents[1] / "demo" / "forum",
                        help="forum directory (default: %(default)s)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--per-page", type=int, default=30)
    parser.add_argument("--generate", type=int, metavar="TOPICS",
                        help="serve a synthetic forum with this many topics instead of --data")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--api-username", help="make WERKCAFE_TEST_API_KEY (environment) a "
                                               "key for this user")
    args = parser.parse_args(argv)
    if args.generate:
        from forum_sync.testing.generate import generate_forum
        forum = generate_forum(topics=args.generate, posts=args.generate * 8, seed=args.seed)
    else:
        forum = Forum.load_dir(args.data)
    server = ForumServer(forum, port=args.port, per_page=args.per_page, log_requests=True)
    if args.api_username:
        import os
        key = os.environ.get("WERKCAFE_TEST_API_KEY")
        if not key:
            parser.error("--api-username needs the key in WERKCAFE_TEST_API_KEY")
        server.add_api_key(key, args.api_username)
    print(f"Serving {len(forum.topics)} topics on {server.url} (Ctrl-C stops)", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
