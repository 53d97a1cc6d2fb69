"""A configured category that the forum withdraws (made read-restricted, or deleted) takes its
topics off the site at the next sync; only a complete, checked categories answer says so.

Real CLI, real pydiscourse over HTTP to the local server. ervaringen (id 5) is both a publish
and the experience category, so its threads also leave the tallies.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from forum_sync.store import Store
from forum_sync.testing.model import Forum, Group
from forum_sync.testing.server import ForumServer
from tests.forum_sync.conftest import Cli
from tests.forum_sync.helpers import (
    MEMBER_KEY,
    MEMBER_USER,
    NOW_DT,
    expected_publication,
    exported,
    store_digest,
    tree_digest,
)
from tests.forum_sync.test_e2e_no_silent_loss import with_subcategory
from tests.forum_sync.test_e2e_removal import phrase, tallies_match_index

pytestmark = pytest.mark.e2e
ERVARINGEN = 5


def topics_in(forum: Forum, category_id: int) -> set[int]:
    return {t.id for t in forum.topics.values() if t.category_id == category_id}


def restrict(forum: Forum) -> None:
    with forum.lock:
        forum.categories[ERVARINGEN].read_restricted = True  # anonymous: no longer shown at all


def delete(forum: Forum) -> None:
    with forum.lock:
        del forum.categories[ERVARINGEN]


def reasons(cli: Cli) -> dict[int, str | None]:
    with Store(cli.store) as store:
        rows = store.conn.execute("SELECT id, reason FROM topics WHERE status='excluded'")
        return {r[0]: r[1] for r in rows}


def experience_threads(cli: Cli) -> int:
    index = json.loads((cli.export_dir / "index.json").read_text(encoding="utf-8"))
    return sum(1 for t in index["topics"] if t["experience"])


def tallied(cli: Cli) -> list[dict[str, Any]]:
    tallies = json.loads((cli.export_dir / "tallies.json").read_text(encoding="utf-8"))
    return tallies["tables"]["totaal"]["rows"]


@pytest.mark.parametrize("change", [restrict, delete], ids=["restricted", "deleted"])
@pytest.mark.parametrize("mode", [(), ("--full",)], ids=["incremental", "full"])
def test_withdrawn_category_leaves_the_site(
    change: Callable[[Forum], None], mode: tuple[str, ...], cli: Cli, demo_forum: Forum,
    deduce_ready: None,
) -> None:
    assert cli.sync().code == 0 and cli.export().code == 0
    ours = topics_in(demo_forum, ERVARINGEN)
    published = set(exported(cli.export_dir))
    assert ours & published and published - ours  # both categories are on the site
    assert experience_threads(cli) > 0 and tallied(cli)
    texts = [phrase(demo_forum, t, 1) for t in sorted(ours & published)[:3]]
    assert all(t.encode() in cli.store.read_bytes() for t in texts)

    change(demo_forum)
    result = cli.sync(*mode)
    assert result.code == 0, result.err
    assert "WARNING" in result.err and "'ervaringen'" in result.err
    assert "no longer published" in result.err
    assert cli.export().code == 0

    now_published = set(exported(cli.export_dir))
    assert not now_published & ours
    assert now_published == published - ours  # the other category syncs as usual
    assert exported(cli.export_dir) == expected_publication(demo_forum, NOW_DT).topics
    store = cli.store.read_bytes()
    export_text = "".join(p.read_text() for p in cli.export_dir.rglob("*.json"))
    for text in texts:
        assert text.encode() not in store and text not in export_text
    why = reasons(cli)
    assert {why[t] for t in ours & published} == {"category-gone"}  # the store says why
    # The tallies count published threads only: the experience category's are gone.
    assert experience_threads(cli) == 0
    assert all(row["count"] in (0, None) for row in tallied(cli))
    tallies_match_index(cli.export_dir)
    status = cli("status")
    assert status.code == 0 and "WARNING" in status.out and "'ervaringen'" in status.out


def test_category_made_public_again_comes_back(
    cli: Cli, demo_forum: Forum, deduce_ready: None
) -> None:
    assert cli.sync().code == 0 and cli.export().code == 0
    first = exported(cli.export_dir)
    restrict(demo_forum)
    assert cli.sync().code == 0 and cli.export().code == 0
    assert set(exported(cli.export_dir)) < set(first)
    with demo_forum.lock:
        demo_forum.categories[ERVARINGEN].read_restricted = False
    result = cli.sync()  # the tombstones have no fingerprint: listed again means fetched again
    assert result.code == 0 and "WARNING" not in result.err, result.err
    assert cli.export().code == 0
    assert exported(cli.export_dir) == first
    assert experience_threads(cli) > 0
    assert "WARNING" not in cli("status").out
    assert cli.sync("--full").code == 0 and cli.export().code == 0
    assert exported(cli.export_dir) == first


def test_read_restricted_category_shown_to_a_key_is_withdrawn(
    cli: Cli, demo_forum: Forum, monkeypatch: pytest.MonkeyPatch, deduce_ready: None
) -> None:
    """With a member key that may read the category, /categories.json still shows it, with
    read_restricted: true. It is withdrawn all the same (policy: public categories only)."""
    monkeypatch.setenv("DISCOURSE_API_KEY", MEMBER_KEY)
    monkeypatch.setenv("DISCOURSE_API_USERNAME", MEMBER_USER)
    assert cli.sync().code == 0 and cli.export().code == 0
    ours = topics_in(demo_forum, ERVARINGEN) & set(exported(cli.export_dir))
    assert ours
    member = demo_forum.require_user(MEMBER_USER).id
    with demo_forum.lock:
        demo_forum.groups["testers"] = Group(id=990, name="testers", member_ids=[member])
        demo_forum.categories[ERVARINGEN].allowed_groups = ["testers"]
    restrict(demo_forum)
    result = cli.sync()
    assert result.code == 0, result.err
    assert "'ervaringen' is read-restricted" in result.err
    assert cli.export().code == 0
    assert not set(exported(cli.export_dir)) & ours
    assert {reasons(cli)[t] for t in ours} == {"category-restricted"}
    assert experience_threads(cli) == 0


def test_never_seen_slug_is_still_a_configuration_error(
    make_cli: Callable[..., Cli], server: ForumServer, deduce_ready: None
) -> None:
    cli = make_cli(server)
    assert cli.sync().code == 0 and cli.export().code == 0
    digest, export = store_digest(cli.store), tree_digest(cli.export_dir)
    typo = make_cli(server, **{"categories.publish": ["ervaringen", "vragenn"]})
    typo.config.write_text(  # the same store, a slug no sync has ever seen
        typo.config.read_text().replace("store.sqlite", str(cli.store)), encoding="utf-8"
    )
    result = typo.sync()
    assert result.code == 2 and "vragenn" in result.err
    assert store_digest(cli.store) == digest and tree_digest(cli.export_dir) == export


def empty(data: dict[str, Any]) -> dict[str, Any]:
    data["category_list"]["categories"] = []
    return data


BROKEN: dict[str, dict[str, Any]] = {
    "html page": {"kind": "html_page"},
    "html 403": {"kind": "html_page", "status": 403},
    "server error": {"kind": "http_503"},
    "discourse 404": {"kind": "http_404"},
    "malformed json": {"kind": "malformed_json"},
    "null body": {"kind": "json_body", "body": None},
    "no categories": {"kind": "mutate", "transform": empty},
    "no category_list": {"kind": "json_body", "body": {"categories": []}},
    "wrong content type": {"kind": "content_type", "content_type": "text/html"},
}


@pytest.mark.parametrize("broken", BROKEN)
def test_broken_categories_answer_removes_nothing(
    broken: str, cli: Cli, server: ForumServer, demo_forum: Forum, deduce_ready: None
) -> None:
    assert cli.sync().code == 0 and cli.export().code == 0
    digest, export = store_digest(cli.store), tree_digest(cli.export_dir)
    restrict(demo_forum)  # would be withdrawn, if the answer could be trusted
    spec = dict(BROKEN[broken])
    server.faults.add(spec.pop("kind"), "/categories.json", times=None, **spec)
    for mode in ((), ("--full",)):
        result = cli.sync(*mode)
        assert result.code == 1, (broken, result.err)
        assert "categories.json" in result.err
        assert store_digest(cli.store) == digest
    assert tree_digest(cli.export_dir) == export
    assert "WARNING" not in cli("status").out


def test_answer_without_the_subcategories_removes_nothing(
    make_cli: Callable[..., Cli], server: ForumServer, demo_forum: Forum, deduce_ready: None
) -> None:
    """An answer that leaves the subcategories out (a cache or proxy that dropped
    include_subcategories, or a shortened list) would make a configured subcategory look
    withdrawn: subcategory_ids says what is missing, and the sync fails instead."""
    with_subcategory(demo_forum)
    cli = make_cli(server, **{"categories.publish": ["ervaringen", "vragen", "ww"]})
    assert cli.sync().code == 0 and cli.export().code == 0
    assert 102 in exported(cli.export_dir)
    digest, export = store_digest(cli.store), tree_digest(cli.export_dir)

    def without_subcategories(data: dict[str, Any]) -> dict[str, Any]:
        for category in data["category_list"]["categories"]:
            category.pop("subcategory_list", None)
        return data

    server.faults.add("mutate", "/categories.json", times=None, transform=without_subcategories)
    result = cli.sync("--full")
    assert result.code == 1 and "incomplete" in result.err, result.err
    assert store_digest(cli.store) == digest and tree_digest(cli.export_dir) == export
    server.faults.clear()
    with demo_forum.lock:  # now really made read-restricted: withdrawn
        demo_forum.categories[20].read_restricted = True
    result = cli.sync()
    assert result.code == 0 and "'ww'" in result.err, result.err
    assert cli.export().code == 0 and 102 not in exported(cli.export_dir)
    assert reasons(cli)[102] == "category-gone"


def without_ervaringen(data: dict[str, Any]) -> dict[str, Any]:
    categories = data["category_list"]["categories"]
    data["category_list"]["categories"] = [c for c in categories if c["id"] != ERVARINGEN]
    return data


@pytest.mark.parametrize("confirmation", ["still listed", "html 404", "server error"])
def test_category_left_out_of_the_answer_must_be_gone_itself(
    confirmation: str, cli: Cli, server: ForumServer, demo_forum: Forum, deduce_ready: None
) -> None:
    """A well-formed answer that merely misses a category it used to show: the sync asks the
    category itself, and only Discourse's own 403/404/410 confirms the withdrawal."""
    assert cli.sync().code == 0 and cli.export().code == 0
    digest, export = store_digest(cli.store), tree_digest(cli.export_dir)
    server.faults.add("mutate", "/categories.json", times=None, transform=without_ervaringen)
    if confirmation == "html 404":
        restrict(demo_forum)
        server.faults.add("html_page", f"/c/{ERVARINGEN}.json", status=404, times=None)
    elif confirmation == "server error":
        restrict(demo_forum)
        server.faults.add("http_503", f"/c/{ERVARINGEN}.json", times=None)
    for mode in ((), ("--full",)):
        result = cli.sync(*mode)
        assert result.code == 1, result.err
        assert f"/c/{ERVARINGEN}" in result.err
        assert store_digest(cli.store) == digest
    assert tree_digest(cli.export_dir) == export
    server.faults.clear()
    restrict(demo_forum)  # now Discourse's own 404 confirms it
    assert cli.sync().code == 0 and cli.export().code == 0
    assert not set(exported(cli.export_dir)) & topics_in(demo_forum, ERVARINGEN)
