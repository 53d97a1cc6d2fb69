"""The SQLite store: shape, migrations, schema version, secure removal."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from forum_sync import store as store_module
from forum_sync.model import Person
from forum_sync.store import SCHEMA_VERSION, Store, StoreError, ensure_db_shape

SECRET = "Geheimzinnige-zin-over-Hortensia-Wijnbergen"


def topic_json(topic_id: int, text: str = "gewoon") -> tuple[dict, list[dict]]:
    posts = [
        {
            "id": topic_id * 10 + n,
            "post_number": n,
            "user_id": n,
            "username": f"u{n}",
            "name": "",
            "created_at": "2026-01-01T00:00:00Z",
            "post_type": 1,
            "hidden": False,
            "deleted_at": None,
            "user_deleted": False,
            "cooked": f"<p>{text} {n}</p>",
            "actions_summary": [{"id": 2, "count": 3 * n}],
        }
        for n in (1, 2)
    ]
    raw = {
        "id": topic_id,
        "title": f"Titel {text}",
        "category_id": 5,
        "created_at": "2026-01-01T00:00:00Z",
        "visible": True,
        "archetype": "regular",
        "tags": [],
        "post_stream": {"posts": posts, "stream": []},
    }
    return raw, posts


def test_shape_is_idempotent_and_versioned(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        ensure_db_shape(store.conn)  # again: no error, nothing changes
    with Store(path) as store:
        names = [r[0] for r in store.conn.execute("SELECT name FROM migrations")]
        assert names == [name for name, _ in store_module.MIGRATIONS]
        assert store.conn.execute("PRAGMA secure_delete").fetchone()[0] == 1


def test_missing_columns_are_added(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE topics (id INTEGER PRIMARY KEY, status TEXT NOT NULL)")
    conn.commit()
    conn.close()
    with Store(path) as store:
        columns = [r[1] for r in store.conn.execute("PRAGMA table_info(topics)")]
        assert {"fingerprint", "raw", "people"} <= set(columns)


def test_newer_store_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    with Store(path) as store:
        store.conn.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
    with pytest.raises(StoreError, match="schema version 99"):
        Store(path)


def test_migrations_run_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    steps = [*store_module.MIGRATIONS, ("0002_test", lambda conn: calls.append(1))]
    monkeypatch.setattr(store_module, "MIGRATIONS", steps)
    Store(tmp_path / "m.sqlite").close()
    Store(tmp_path / "m.sqlite").close()
    assert calls == [1]


def test_removed_text_leaves_no_trace_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    with Store(path) as store:
        for topic_id in range(1, 30):
            raw, posts = topic_json(topic_id, SECRET if topic_id == 7 else "gewoon")
            with store.transaction():
                store.save_topic(raw, posts, [Person(1, "u1", "")], "fp")
                store.cache_put(
                    f"k{topic_id}", topic_id, f"<p>{SECRET if topic_id == 7 else 'x'}</p>"
                )
        assert SECRET.encode() in path.read_bytes()
        with store.transaction():
            assert store.forget_topic(7)
    assert SECRET.encode() not in path.read_bytes()
    assert not list(tmp_path.glob("*-journal")) and not list(tmp_path.glob("*-wal"))


def test_removed_post_and_edit_leave_no_trace(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    with Store(path) as store:
        raw, posts = topic_json(1)
        posts[1]["cooked"] = f"<p>{SECRET}</p>"
        with store.transaction():
            store.save_topic(raw, posts, [], "fp")
            store.cache_put("k", 1, SECRET)
        with store.transaction():
            removed = store.save_topic(raw, posts[:1], [], "fp2")  # post 2 now excluded
        assert removed == 1
        assert store.cache_get("k") is None
    assert SECRET.encode() not in path.read_bytes()


def test_migration_0002_fills_herkenbaar_from_stored_opening_posts(tmp_path: Path) -> None:
    """A version 1 store (no herkenbaar column) gets the column and its likes on open."""
    path = tmp_path / "v1.sqlite"
    with Store(path) as store:
        raw, posts = topic_json(7)
        store.save_topic(raw, posts, [], "fp")
        assert store.load_topic(7).herkenbaar == 3  # opening post only (a reply has 6)
        # turn it back into a version 1 store
        store.conn.execute("ALTER TABLE topics DROP COLUMN herkenbaar")
        store.conn.execute("DELETE FROM migrations WHERE name='0002_herkenbaar'")
        store.conn.execute("UPDATE meta SET value='1' WHERE key='schema_version'")
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION == 3
        assert store.load_topic(7).herkenbaar == 3
