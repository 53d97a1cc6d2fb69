"""Fuzzing every answer the sync uses, over real HTTP with the real CLI and pydiscourse.

For each response type (categories, topic lists, topics, post chunks, group members, users)
each field the sync relies on is dropped, set to null or given the wrong type, and the
transport is broken (no or a wrong Content-Type, HTML error pages with every status, a JSON
body of null or a number, truncated JSON). Every case must end the same way: no traceback,
exit 1 with the CLI's clean message naming the URL, the store's content unchanged and the
last export untouched.

One synced store and export are made per module; each case starts from a copy of them, with
topic 101 (27 posts: one extra chunk) bumped so the incremental sync fetches it.
"""

from __future__ import annotations

import copy
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from forum_sync.cli import main
from forum_sync.testing.model import Forum, User
from forum_sync.testing.server import ForumServer
from tests.forum_sync.helpers import (
    DEMO_DIR,
    MEMBER_KEY,
    MEMBER_USER,
    NOW,
    OPT_OUT,
    REPO_ROOT,
    store_digest,
    tree_digest,
    write_config,
)

pytestmark = pytest.mark.e2e

EXTRA_MEMBERS = 120  # the opt-out group spans three pages of 50
BUMPED = 101


@dataclass
class Baseline:
    server: ForumServer
    root: Path
    store_digest: str
    export_digest: str


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory, deduce_ready: None) -> Iterator[Baseline]:
    forum = Forum.load_dir(DEMO_DIR)
    group = forum.groups[OPT_OUT]
    for n in range(EXTRA_MEMBERS):
        user = User(id=9000 + n, username=f"afmelder{n:03d}", name=f"Afmelder {n}")
        forum.users[user.id] = user
        group.member_ids.append(user.id)
    root = tmp_path_factory.mktemp("baseline")
    config = write_config(root)
    with ForumServer(forum, per_page=10) as server:
        server.add_api_key(MEMBER_KEY, MEMBER_USER)
        assert main(["--config", str(config), "-q", "sync", "--url", server.url]) == 0
        assert main(["--config", str(config), "-q", "export", "--now", NOW]) == 0
        forum.add_post(BUMPED, username="henk1962", cooked="<p>Nieuw bericht.</p>")
        yield Baseline(server, root, store_digest(root / "store.sqlite"),
                       tree_digest(root / "export"))


@dataclass
class Run:
    code: int
    err: str


@pytest.fixture
def run_case(
    baseline: Baseline, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Callable[..., Run]]:
    monkeypatch.delenv("DISCOURSE_API_KEY", raising=False)
    monkeypatch.delenv("DISCOURSE_API_USERNAME", raising=False)
    shutil.copy(baseline.root / "store.sqlite", tmp_path / "store.sqlite")
    shutil.copytree(baseline.root / "export", tmp_path / "export")
    config = write_config(tmp_path)

    def run(*args: str) -> Run:
        capsys.readouterr()
        code = main(["--config", str(config), "-q", "sync", "--url", baseline.server.url, *args])
        return Run(code, capsys.readouterr().err)

    baseline.server.faults.clear()
    baseline.server.reset_log()
    yield run
    baseline.server.faults.clear()


def assert_failed_cleanly(result: Run, baseline: Baseline, tmp_path: Path, where: str) -> None:
    assert result.code == 1, result.err
    assert "sync failed" in result.err and where in result.err, result.err
    assert "Traceback" not in result.err
    assert store_digest(tmp_path / "store.sqlite") == baseline.store_digest
    assert tree_digest(tmp_path / "export") == baseline.export_digest
    fired = [r for r in baseline.server.requests if r.fault]
    assert fired, "the fault never fired: the case tested nothing"


# --------------------------------------------------------------------------- mutations
MISSING = object()


def at(path: str, value: Any) -> Callable[[Any], Any]:
    """A transform that sets (or with MISSING deletes) `path` ("a.b.0.c", "*" = every item)."""

    def transform(data: Any) -> Any:
        data = copy.deepcopy(data)
        _set(data, path.split("."), value)
        return data

    return transform


def _set(node: Any, parts: list[str], value: Any) -> None:
    head, rest = parts[0], parts[1:]
    keys: list[Any] = (
        list(range(len(node))) if head == "*" else [int(head) if head.isdigit() else head]
    )
    for key in keys:
        if rest:
            _set(node[key], rest, value)
        elif value is MISSING:
            del node[key]
        else:
            node[key] = value


def wrong_values(path: str, wrong: tuple[Any, ...]) -> list[tuple[str, Callable[[Any], Any]]]:
    cases = [(f"{path} missing", at(path, MISSING)), (f"{path}=null", at(path, None))]
    return cases + [(f"{path}={value!r}", at(path, value)) for value in wrong]


HUGE = 2**70
ID = (-1, 0, "5", 1.5, True, HUGE)
TIME = ("yesterday", 5)
BOOL = ("false", 0)
TEXT = (5, ["a"])
COUNT = (-1, "3", True)

CATEGORY = "category_list.categories.0"
CATEGORIES = [
    *wrong_values("category_list", ("x", [])),
    *wrong_values("category_list.categories", ("x", {})),
    *wrong_values(f"{CATEGORY}.id", ID),
    *wrong_values(f"{CATEGORY}.slug", ("", *TEXT)),
    *wrong_values(f"{CATEGORY}.name", TEXT),
    *wrong_values(f"{CATEGORY}.read_restricted", BOOL),
    ("subcategory_list not a list", at(f"{CATEGORY}.subcategory_list", "x")),
    ("a category twice", lambda d: at("category_list.categories", [
        *d["category_list"]["categories"], d["category_list"]["categories"][0]])(d)),
]

ITEM = "topic_list.topics.*"
LISTING = [
    *wrong_values("topic_list", ("x",)),
    *wrong_values("topic_list.topics", ("x", {})),
    *wrong_values(f"{ITEM}.id", ID),
    *wrong_values(f"{ITEM}.created_at", TIME),
    *wrong_values(f"{ITEM}.title", TEXT),
    *wrong_values(f"{ITEM}.visible", BOOL),
    *wrong_values(f"{ITEM}.archetype", ("", 1)),
    *wrong_values(f"{ITEM}.posts_count", COUNT),
    *wrong_values(f"{ITEM}.highest_post_number", COUNT),
    ("category_id missing", at(f"{ITEM}.category_id", MISSING)),
    ("category_id='5'", at(f"{ITEM}.category_id", "5")),
    ("bumped_at not a time", at(f"{ITEM}.bumped_at", "soon")),
    ("tags not a list", at(f"{ITEM}.tags", "uwv")),
    ("tags hold a number", at(f"{ITEM}.tags", [5])),
    ("more_topics_url a number", at("topic_list.more_topics_url", 5)),
    ("a topic twice", lambda d: at("topic_list.topics", [
        *d["topic_list"]["topics"], d["topic_list"]["topics"][0]])(d)),
]

POST = "post_stream.posts.*"
TOPIC = [
    ("topic JSON of another topic", at("id", BUMPED + 1)),
    *wrong_values("id", ID),
    *wrong_values("created_at", TIME),
    *wrong_values("visible", BOOL),
    *wrong_values("archetype", ("", 1)),
    ("category_id missing", at("category_id", MISSING)),
    ("category_id='5'", at("category_id", "5")),
    *wrong_values("post_stream", ("x",)),
    *wrong_values("post_stream.posts", ("x", {})),
    ("posts empty", at("post_stream.posts", [])),
    *wrong_values("post_stream.stream", ("x", ["a"], [-3])),
    ("stream with a post twice", lambda d: at("post_stream.stream", [
        *d["post_stream"]["stream"], d["post_stream"]["stream"][0]])(d)),
    ("stream misses a post of posts", lambda d: at(
        "post_stream.stream", d["post_stream"]["stream"][1:])(d)),
    ("a post twice in posts", lambda d: at("post_stream.posts", [
        *d["post_stream"]["posts"], d["post_stream"]["posts"][0]])(d)),
    ("post_number twice", at("post_stream.posts.1.post_number", 1)),
    *wrong_values(f"{POST}.id", ID),
    *wrong_values(f"{POST}.post_number", (0, "1")),
    *wrong_values(f"{POST}.username", ("", 5)),
    *wrong_values(f"{POST}.created_at", TIME),
    *wrong_values(f"{POST}.cooked", TEXT),
    *wrong_values(f"{POST}.post_type", ("1", 0)),
    *wrong_values(f"{POST}.hidden", BOOL),
    *wrong_values(f"{POST}.user_deleted", BOOL),
    ("deleted_at missing", at(f"{POST}.deleted_at", MISSING)),
    ("deleted_at not a time", at(f"{POST}.deleted_at", "gisteren")),
    ("user_id a string", at(f"{POST}.user_id", "7")),
    ("a post of another topic", at("post_stream.posts.0.topic_id", BUMPED + 1)),
]

CHUNK = [
    ("null body", lambda d: None),
    *wrong_values("post_stream", ("x",)),
    *wrong_values("post_stream.posts", ("x",)),
    ("a post left out", lambda d: at("post_stream.posts", d["post_stream"]["posts"][1:])(d)),
    ("no posts at all", at("post_stream.posts", [])),
    ("a post twice", lambda d: at("post_stream.posts", [
        *d["post_stream"]["posts"], d["post_stream"]["posts"][0]])(d)),
    ("a post not asked for", at("post_stream.posts.0.id", 999999)),
    ("a post of another topic", at("post_stream.posts.0.topic_id", 7)),
    *wrong_values(f"{POST}.hidden", BOOL),
    *wrong_values(f"{POST}.post_type", ("1",)),
]

MEMBERS = [
    *wrong_values("members", ("x", {})),
    *wrong_values("meta", ("x", [])),
    *wrong_values("meta.total", ("2", -1, 1.5)),
    *wrong_values("meta.offset", ("0",)),
    ("meta.total lies (more)", lambda d: at("meta.total", d["meta"]["total"] + 5)(d)),
    ("meta.total lies (fewer)", lambda d: at("meta.total", d["meta"]["total"] - 1)(d)),
    ("meta.offset of another page", lambda d: at("meta.offset", d["meta"]["offset"] + 1)(d)),
    *wrong_values("members.*.username", ("", 5)),
    *wrong_values("members.*.id", ("5",)),
    ("a member twice", lambda d: at("members", [*d["members"], d["members"][0]])(d)),
]

USER = [
    *wrong_values("user", ("x",)),
    *wrong_values("user.admin", BOOL),
    *wrong_values("user.moderator", BOOL),
    ("another user", at("user.username", "iemand_anders")),
]

GROUP_PATH = f"/groups/{OPT_OUT}/members.json"
ENDPOINTS = {
    "categories": "/categories.json",
    "listing": "/c/*",
    "topic": f"/t/{BUMPED}.json",
    "chunk": f"/t/{BUMPED}/posts.json",
    "members": GROUP_PATH,
}
CASES = [
    *(("categories", name, t) for name, t in CATEGORIES),
    *(("listing", name, t) for name, t in LISTING),
    *(("topic", name, t) for name, t in TOPIC),
    *(("chunk", name, t) for name, t in CHUNK),
    *(("members", name, t) for name, t in MEMBERS),
]


@pytest.mark.parametrize(("endpoint", "name", "transform"), CASES,
                         ids=[f"{e}: {n}" for e, n, _ in CASES])
def test_wrong_shape_fails_cleanly(
    endpoint: str, name: str, transform: Callable[[Any], Any], baseline: Baseline,
    run_case: Callable[..., Run], tmp_path: Path,
) -> None:
    path = ENDPOINTS[endpoint]
    baseline.server.faults.add("mutate", path, times=None, transform=transform)
    result = run_case()
    assert_failed_cleanly(result, baseline, tmp_path, path.split("*")[0])


@pytest.mark.parametrize(("name", "transform"), USER, ids=[n for n, _ in USER])
def test_wrong_user_shape_fails_cleanly(
    name: str, transform: Callable[[Any], Any], baseline: Baseline,
    run_case: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DISCOURSE_API_KEY", MEMBER_KEY)
    monkeypatch.setenv("DISCOURSE_API_USERNAME", MEMBER_USER)
    baseline.server.faults.add("mutate", "/u/*", times=None, transform=transform)
    assert_failed_cleanly(run_case(), baseline, tmp_path, f"/u/{MEMBER_USER}.json")


# --------------------------------------------------------------------------- transport
TRANSPORT = [
    ("json_body", {"body": None}),
    ("json_body", {"body": 7}),
    ("json_body", {"body": "ok"}),
    ("json_body", {"body": []}),
    ("json_body", {"body": 2**70}),
    ("no_content_type", {}),
    ("content_type", {"content_type": "text/html; charset=utf-8"}),
    ("content_type", {"content_type": "application/json"}),  # pydiscourse wants the charset
    ("malformed_json", {}),
    *(("html_page", {"status": status}) for status in (200, 403, 404, 410, 429, 500, 503)),
    ("json_body", {"status": 404, "body": {"errors": ["not found"]}}),  # no error_type
]


@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
@pytest.mark.parametrize(("kind", "options"), TRANSPORT,
                         ids=[f"{k}{'-' + str(o) if o else ''}" for k, o in TRANSPORT])
def test_broken_answer_fails_cleanly(
    endpoint: str, kind: str, options: dict[str, Any], baseline: Baseline,
    run_case: Callable[..., Run], tmp_path: Path,
) -> None:
    path = ENDPOINTS[endpoint]
    baseline.server.faults.add(kind, path, times=None, **options)
    assert_failed_cleanly(run_case(), baseline, tmp_path, path.split("*")[0])


def test_discourse_403_on_a_listing_or_the_group_fails_and_removes_nothing(
    baseline: Baseline, run_case: Callable[..., Run], tmp_path: Path,
) -> None:
    """Only a topic may be withdrawn; a Discourse 404 for a list or a chunk is an error."""
    for path in ("/c/*", GROUP_PATH, f"/t/{BUMPED}/posts.json", "/categories.json"):
        baseline.server.faults.clear()
        baseline.server.faults.add("http_404", path, times=None)
        assert_failed_cleanly(run_case(), baseline, tmp_path, path.split("*")[0])


def test_a_good_answer_still_syncs(baseline: Baseline, run_case: Callable[..., Run]) -> None:
    """The control: the same copy of the store, no fault, syncs fine (and fetches the chunk)."""
    result = run_case()
    assert result.code == 0, result.err
    assert any(r.path == f"/t/{BUMPED}/posts.json" for r in baseline.server.requests)


def test_null_body_in_a_real_process_prints_no_traceback(
    baseline: Baseline, tmp_path: Path,
) -> None:
    shutil.copy(baseline.root / "store.sqlite", tmp_path / "store.sqlite")
    config = write_config(tmp_path)
    baseline.server.faults.clear()
    baseline.server.faults.add("json_body", f"/t/{BUMPED}.json", times=None, body=None)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "forum_sync", "--config", str(config), "-q", "sync", "--url",
             baseline.server.url], capture_output=True, text=True, timeout=120,
            cwd=REPO_ROOT, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO_ROOT)},
        )
    finally:
        baseline.server.faults.clear()
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and "JSON null" in done.stderr
    with sqlite3.connect(tmp_path / "store.sqlite") as conn:
        assert conn.execute("SELECT status FROM sync_runs ORDER BY id DESC").fetchone() == (
            "failed",)
    assert store_digest(tmp_path / "store.sqlite") == baseline.store_digest
