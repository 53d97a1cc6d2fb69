"""Issue 7, part 3: each reproduced silent loss or fail-open, as the user meets it (real CLI,
real pydiscourse over HTTP to the local server). The wider fuzzing is in test_e2e_shapes.py."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from forum_sync.store import Store
from forum_sync.testing.model import Category, Forum, User
from forum_sync.testing.server import ForumServer
from tests.forum_sync.conftest import Cli
from tests.forum_sync.helpers import OPT_OUT, exported, store_digest, tree_digest

pytestmark = pytest.mark.e2e


def drop(key: str) -> Callable[[dict], dict]:
    return lambda data: {k: v for k, v in data.items() if k != key}


def stored_posts(cli: Cli, topic_id: int) -> list[int]:
    with Store(cli.store) as store:
        rows = store.conn.execute("SELECT id FROM posts WHERE topic_id=?", (topic_id,))
        return sorted(r[0] for r in rows)


def test_opt_out_list_without_paging_meta_fails_instead_of_publishing(
    cli: Cli, server: ForumServer, demo_forum: Forum, deduce_ready: None
) -> None:
    group = demo_forum.groups[OPT_OUT]
    for n in range(120):  # three pages of 50
        demo_forum.users[9000 + n] = User(id=9000 + n, username=f"afmelder{n:03d}")
        group.member_ids.append(9000 + n)
    demo_forum.add_post(102, username="afmelder110", cooked="<p>Zet dit nooit online.</p>")
    server.faults.add("mutate", f"/groups/{OPT_OUT}/members.json", times=None,
                      transform=drop("meta"))
    result = cli.sync()
    assert result.code == 1 and "meta" in result.err, result.err
    with Store(cli.store) as store:
        assert store.stored_topic_ids() == []
    assert cli.export().code == 2  # no successful sync: nothing to publish
    server.faults.clear()
    assert cli.sync().code == 0 and cli.export().code == 0  # with meta, all 3 pages are read
    assert server.request_count(f"/groups/{OPT_OUT}/members.json") >= 3
    assert b"Zet dit nooit online" not in (cli.export_dir / "topics" / "102.json").read_bytes()


def test_topic_without_stream_deletes_nothing(
    cli: Cli, server: ForumServer, demo_forum: Forum
) -> None:
    assert cli.sync().code == 0
    before = stored_posts(cli, 101)
    assert len(before) > 20  # more than the first chunk
    demo_forum.add_post(101, username="henk1962", cooked="<p>Nieuw.</p>")  # bump it

    def no_stream(data: dict) -> dict:
        data["post_stream"].pop("stream")
        return data

    server.faults.add("mutate", "/t/101.json", times=None, transform=no_stream)
    result = cli.sync()
    assert result.code == 1 and "post_stream" in result.err, result.err
    assert stored_posts(cli, 101) == before


def test_html_403_keeps_the_topic_a_discourse_403_removes_it(
    cli: Cli, server: ForumServer, deduce_ready: None
) -> None:
    assert cli.sync().code == 0 and cli.export().code == 0
    digest, store = tree_digest(cli.export_dir), store_digest(cli.store)
    server.faults.add("html_page", "/t/102.json", status=403, times=None)
    result = cli.sync("--full")
    assert result.code == 1 and "not as Discourse does" in result.err, result.err
    assert store_digest(cli.store) == store and 102 in stored_topics(cli)
    assert cli.export().code == 0 and tree_digest(cli.export_dir) == digest
    server.faults.clear()
    server.faults.add("http_403", "/t/102.json", times=None)  # {"errors": [...], invalid_access}
    assert cli.sync("--full").code == 0
    assert 102 not in stored_topics(cli)
    assert cli.export().code == 0 and 102 not in exported(cli.export_dir)


def stored_topics(cli: Cli) -> list[int]:
    with Store(cli.store) as store:
        return store.stored_topic_ids()


def test_empty_posts_is_an_error_not_a_tombstone(cli: Cli, server: ForumServer) -> None:
    def no_posts(data: dict) -> dict:
        data["post_stream"]["posts"] = []
        return data

    server.faults.add("mutate", "/t/102.json", times=None, transform=no_posts)
    result = cli.sync()
    assert result.code == 1 and "post_stream.posts is empty" in result.err, result.err
    with Store(cli.store) as store:
        assert store.fingerprints() == {}  # no tombstone 'opening-post-excluded'


# --------------------------------------------------------------------------- subcategories
SUB = Category(20, "WW-ervaringen", "ww", position=9, parent_category_id=5)


def with_subcategory(forum: Forum, topic_id: int = 102) -> None:
    with forum.lock:
        forum.categories[SUB.id] = SUB
    forum.move_topic(topic_id, SUB.id)


def test_configured_subcategory_is_published(
    make_cli: Callable[..., Cli], server: ForumServer, demo_forum: Forum, deduce_ready: None
) -> None:
    with_subcategory(demo_forum)
    cli = make_cli(server, **{"categories.publish": ["ervaringen", "vragen", "ww"]})
    result = cli.sync()
    assert result.code == 0, result.err
    assert server.request_count("/c/ervaringen/ww/20.json") >= 1  # its real slug path
    assert cli.export().code == 0
    topic = json.loads((cli.export_dir / "topics" / "102.json").read_text(encoding="utf-8"))
    assert topic["category"] == {"id": 20, "slug": "ww", "name": "WW-ervaringen"}


def test_unconfigured_subcategory_is_not_published(
    cli: Cli, server: ForumServer, demo_forum: Forum, deduce_ready: None
) -> None:
    with_subcategory(demo_forum)  # its topics show in the parent's list, but 'ww' is not set
    assert cli.sync().code == 0 and cli.export().code == 0
    assert 102 not in exported(cli.export_dir) and 101 in exported(cli.export_dir)


@pytest.mark.parametrize("slug", ["bestaat-niet", "besloten"])
def test_unknown_configured_slug_is_a_configuration_error(
    slug: str, make_cli: Callable[..., Cli], server: ForumServer
) -> None:
    """'besloten' is restricted: an anonymous visitor cannot see it exists at all."""
    cli = make_cli(server, **{"categories.publish": ["ervaringen", slug]})
    result = cli.sync()
    assert result.code == 2 and slug in result.err and "categories.publish" in result.err
    with Store(cli.store) as store:
        assert store.stored_topic_ids() == [] and store.categories() == {}


def test_restricted_category_seen_by_the_directory_is_never_published(
    make_cli: Callable[..., Cli], deduce_ready: None
) -> None:
    from tests.forum_sync.helpers import DEMO_DIR

    cli = make_cli(None, **{"categories.publish": ["ervaringen", "besloten"]})
    assert cli("sync", "--from-dir", str(DEMO_DIR)).code == 0  # the admin view knows it
    assert cli.export().code == 0
    index = json.loads((cli.export_dir / "index.json").read_text(encoding="utf-8"))
    assert {t["category"]["slug"] for t in index["topics"]} == {"ervaringen"}


@pytest.mark.parametrize(("relative", "key"), [
    ("t/101.json", "post_stream"),
    (f"groups/{OPT_OUT}/members.json", "meta"),
    ("categories.json", "category_list"),
])
def test_directory_source_runs_the_same_checks(
    relative: str, key: str, make_cli: Callable[..., Cli], tmp_path, deduce_ready: None
) -> None:
    import shutil

    from tests.forum_sync.helpers import DEMO_DIR

    cli = make_cli(None)
    forum_dir = tmp_path / "forum"
    shutil.copytree(DEMO_DIR, forum_dir)
    assert cli("sync", "--from-dir", str(forum_dir)).code == 0 and cli.export().code == 0
    digest, store = tree_digest(cli.export_dir), store_digest(cli.store)
    path = forum_dir / relative
    path.write_text(json.dumps(drop(key)(json.loads(path.read_text(encoding="utf-8")))))
    result = cli("sync", "--full", "--from-dir", str(forum_dir))
    assert result.code == 1 and relative in result.err and key in result.err, result.err
    assert store_digest(cli.store) == store and tree_digest(cli.export_dir) == digest
