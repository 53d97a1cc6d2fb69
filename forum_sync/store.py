"""The SQLite store: raw JSON beside extracted columns, schema version, migrations, sync state.

Design (after dogsheep's *-to-sqlite tools): the schema is declared once (`TABLES`,
`INDEXES`); `ensure_db_shape` creates what is missing and adds missing columns, and is safe to
run on every open; `MIGRATIONS` are named steps recorded in the `migrations` table, each run
once; `meta.schema_version` says which shape the file has. Sync state lives in tables too.

Privacy: `PRAGMA secure_delete=ON` makes SQLite overwrite deleted content with zeros, and the
rollback journal (mode DELETE) is removed after each commit, so the text of a removed topic or
post does not linger in free pages or a WAL file. Topics that may never be published keep only
a tombstone (id, listing fingerprint, reason) so the next sync need not fetch them again.

A sync runs in one transaction (`with store.transaction():`, nested blocks are savepoints),
so a failed or interrupted sync leaves the store exactly as it was, apart from the run log
(`sync_runs`), and the next sync does the work again.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from forum_sync.model import Category, Person, PostInfo, TopicInfo, parse_post, parse_topic

SCHEMA_VERSION = 3

# table -> ordered (column, declaration). The first column is the primary key.
TABLES: dict[str, list[tuple[str, str]]] = {
    "meta": [("key", "TEXT PRIMARY KEY"), ("value", "TEXT NOT NULL")],
    "migrations": [("name", "TEXT PRIMARY KEY"), ("applied_at", "TEXT NOT NULL")],
    "sync_state": [("key", "TEXT PRIMARY KEY"), ("value", "TEXT NOT NULL")],
    "sync_runs": [
        ("id", "INTEGER PRIMARY KEY"),
        ("started_at", "TEXT NOT NULL"),
        ("finished_at", "TEXT"),
        ("mode", "TEXT NOT NULL"),
        ("source", "TEXT NOT NULL"),
        ("status", "TEXT NOT NULL"),
        ("fetched", "INTEGER NOT NULL DEFAULT 0"),
        ("changed", "INTEGER NOT NULL DEFAULT 0"),
        ("removed", "INTEGER NOT NULL DEFAULT 0"),
        ("requests", "INTEGER NOT NULL DEFAULT 0"),
        ("seconds", "REAL NOT NULL DEFAULT 0"),
        ("message", "TEXT"),
    ],
    "categories": [
        ("id", "INTEGER PRIMARY KEY"),
        ("slug", "TEXT NOT NULL"),
        ("name", "TEXT NOT NULL"),
        ("read_restricted", "INTEGER NOT NULL"),
        ("raw", "TEXT NOT NULL"),
    ],
    "topics": [
        ("id", "INTEGER PRIMARY KEY"),
        ("status", "TEXT NOT NULL"),  # stored | excluded (tombstone without content)
        ("reason", "TEXT"),
        ("fingerprint", "TEXT"),
        ("category_id", "INTEGER"),
        ("title", "TEXT"),
        ("created_at", "TEXT"),
        ("last_posted_at", "TEXT"),
        ("bumped_at", "TEXT"),
        ("tags", "TEXT"),
        ("people", "TEXT"),  # JSON [{user_id, username, name}]: names to find and replace
        ("raw", "TEXT"),  # topic JSON without post_stream.posts
        ("fetched_at", "TEXT"),
        # likes on the opening post ("herkenbaar"); refreshed whenever the topic is fetched
        ("herkenbaar", "INTEGER NOT NULL DEFAULT 0"),
    ],
    "posts": [
        ("id", "INTEGER PRIMARY KEY"),
        ("topic_id", "INTEGER NOT NULL"),
        ("post_number", "INTEGER NOT NULL"),
        ("user_id", "INTEGER"),
        ("username", "TEXT NOT NULL"),
        ("created_at", "TEXT NOT NULL"),
        ("raw", "TEXT NOT NULL"),  # the post JSON as the forum returned it
    ],
    "opt_out_users": [
        ("username", "TEXT PRIMARY KEY"),
        ("user_id", "INTEGER"),
        ("name", "TEXT"),
    ],
    "anon_cache": [
        ("key", "TEXT PRIMARY KEY"),
        ("topic_id", "INTEGER NOT NULL"),
        ("value", "TEXT NOT NULL"),
    ],
    # The tallies' exact disclosure check, by block (forum_sync/block_cache.py): cell keys
    # only, no text; unused entries are pruned after every export.
    "tally_cache": [("key", "TEXT PRIMARY KEY"), ("value", "TEXT NOT NULL")],
}
INDEXES: dict[str, str] = {
    "posts_topic": "CREATE INDEX IF NOT EXISTS posts_topic ON posts(topic_id, post_number)",
    "anon_cache_topic": "CREATE INDEX IF NOT EXISTS anon_cache_topic ON anon_cache(topic_id)",
}


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def ensure_db_shape(conn: sqlite3.Connection) -> None:
    """Create missing tables, columns and indexes. Idempotent; never drops anything."""
    for table, columns in TABLES.items():
        existing = _columns(conn, table)
        if not existing:
            decl = ", ".join(f"{name} {kind}" for name, kind in columns)
            conn.execute(f"CREATE TABLE {table} ({decl})")
            continue
        for name, kind in columns:
            if name not in existing:
                # ALTER cannot add PRIMARY KEY / NOT NULL without default: add it plain.
                plain = kind.replace("PRIMARY KEY", "").replace("NOT NULL", "")
                conn.execute(f"ALTER TABLE {table} ADD COLUMN {name} {plain}")
    for sql in INDEXES.values():
        conn.execute(sql)


def _migration_initial(conn: sqlite3.Connection) -> None:
    """Version 1: the shape above (created by ensure_db_shape)."""


def _migration_herkenbaar(conn: sqlite3.Connection) -> None:
    """Version 2: `topics.herkenbaar` (added by ensure_db_shape), filled from the stored
    opening posts, so an existing store need not be re-read to know its likes."""
    rows = conn.execute("SELECT topic_id, raw FROM posts WHERE post_number=1").fetchall()
    for topic_id, raw in rows:
        likes = parse_post(json.loads(raw), topic_id).likes
        conn.execute("UPDATE topics SET herkenbaar=? WHERE id=?", (likes, topic_id))


def _migration_tally_cache(conn: sqlite3.Connection) -> None:
    """Version 3: `tally_cache` (created by ensure_db_shape); it starts empty."""


# Named, ordered, run once each. A new schema version appends a step here (e.g. to backfill a
# column) and raises SCHEMA_VERSION; steps must tolerate tables that do not exist yet.
MIGRATIONS: list[tuple[str, Callable[[sqlite3.Connection], None]]] = [
    ("0001_initial", _migration_initial),
    ("0002_herkenbaar", _migration_herkenbaar),
    ("0003_tally_cache", _migration_tally_cache),
]


class StoreError(RuntimeError):
    pass


@dataclass(frozen=True)
class StoredTopic:
    info: TopicInfo
    raw: dict[str, Any]
    people: list[Person]
    posts: list[PostInfo]
    herkenbaar: int = 0  # likes on the opening post


class Store:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # A second run (an overlapping cron job) waits for the first instead of failing.
        self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=120)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA secure_delete=ON")
        self.conn.execute("PRAGMA journal_mode=DELETE")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        with self.transaction():
            ensure_db_shape(self.conn)
            self._migrate()

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A transaction; inside another one, a savepoint (the outer one decides)."""
        nested = self.conn.in_transaction
        self.conn.execute("SAVEPOINT inner" if nested else "BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK TO inner" if nested else "ROLLBACK")
            if nested:
                self.conn.execute("RELEASE inner")
            raise
        self.conn.execute("RELEASE inner" if nested else "COMMIT")

    def _migrate(self) -> None:
        row = self.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        version = int(row[0]) if row else 0
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} has schema version {version}; this forum-sync knows up to "
                f"{SCHEMA_VERSION}. Update forum-sync or start a new store."
            )
        done = {r[0] for r in self.conn.execute("SELECT name FROM migrations")}
        for name, step in MIGRATIONS:
            if name not in done:
                step(self.conn)
                self.conn.execute("INSERT INTO migrations VALUES (?, ?)", (name, _now()))
        self.conn.execute(
            "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
        )

    @property
    def schema_version(self) -> int:
        row = self.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        return int(row[0])

    # --- sync state -------------------------------------------------------------------
    def get_state(self, key: str, default: Any = None) -> Any:
        row = self.conn.execute("SELECT value FROM sync_state WHERE key=?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

    def set_state(self, key: str, value: Any) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO sync_state VALUES (?, ?)", (key, json.dumps(value))
        )

    def start_run(self, mode: str, source: str) -> int:
        cur = self.conn.execute(
            "INSERT INTO sync_runs (started_at, mode, source, status) VALUES (?, ?, ?, 'running')",
            (_now(), mode, source),
        )
        return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, status: str, message: str | None, **counts: float) -> None:
        self.conn.execute(
            "UPDATE sync_runs SET finished_at=?, status=?, message=?, fetched=?, changed=?,"
            " removed=?, requests=?, seconds=? WHERE id=?",
            (
                _now(),
                status,
                message,
                int(counts.get("fetched", 0)),
                int(counts.get("changed", 0)),
                int(counts.get("removed", 0)),
                int(counts.get("requests", 0)),
                float(counts.get("seconds", 0.0)),
                run_id,
            ),
        )

    def last_run(self, status: str | None = None) -> sqlite3.Row | None:
        sql = "SELECT * FROM sync_runs"
        args: tuple[Any, ...] = ()
        if status:
            sql += " WHERE status=?"
            args = (status,)
        return self.conn.execute(sql + " ORDER BY id DESC LIMIT 1", args).fetchone()

    # --- categories and opt-out ---------------------------------------------------------
    def save_categories(self, raws: Iterable[tuple[Category, dict[str, Any]]]) -> None:
        self.conn.execute("DELETE FROM categories")
        for cat, raw in raws:
            self.conn.execute(
                "INSERT OR REPLACE INTO categories VALUES (?, ?, ?, ?, ?)",
                (cat.id, cat.slug, cat.name, int(cat.read_restricted), json.dumps(raw)),
            )

    def categories(self) -> dict[int, Category]:
        rows = self.conn.execute("SELECT id, slug, name, read_restricted FROM categories")
        return {r[0]: Category(r[0], r[1], r[2], bool(r[3])) for r in rows}

    def save_opt_out(self, people: Iterable[Person]) -> None:
        self.conn.execute("DELETE FROM opt_out_users")
        for p in people:
            self.conn.execute(
                "INSERT OR REPLACE INTO opt_out_users VALUES (?, ?, ?)",
                (p.username.lower(), p.user_id, p.name),
            )

    def opt_out_people(self) -> list[Person]:
        rows = self.conn.execute("SELECT user_id, username, name FROM opt_out_users ORDER BY 2")
        return [Person(r[0], r[1], r[2] or "") for r in rows]

    # --- topics and posts -------------------------------------------------------------
    def fingerprints(self) -> dict[int, tuple[str, str | None, int | None]]:
        """id -> (status, fingerprint, category_id) for every known topic."""
        rows = self.conn.execute("SELECT id, status, fingerprint, category_id FROM topics")
        return {r[0]: (r[1], r[2], r[3]) for r in rows}

    def save_topic(
        self,
        raw: dict[str, Any],
        posts: list[dict[str, Any]],
        people: list[Person],
        fingerprint: str | None,
    ) -> int:
        """Replace a topic and exactly these posts (the caller has applied the policy).

        Returns how many previously stored posts were removed.
        """
        info = parse_topic(raw)
        slim = {k: v for k, v in raw.items() if k not in ("post_stream", "suggested_topics")}
        before = self.conn.execute(
            "SELECT title, people FROM topics WHERE id=? AND status='stored'", (info.id,)
        ).fetchone()
        old_cooked = {
            r[0]: json.loads(r[1]).get("cooked")
            for r in self.conn.execute("SELECT id, raw FROM posts WHERE topic_id=?", (info.id,))
        }
        people_json = json.dumps([p.__dict__ for p in people], ensure_ascii=False)
        opening = [parse_post(p, info.id) for p in posts if p.get("post_number") == 1]
        self.conn.execute(
            "INSERT OR REPLACE INTO topics (id, status, reason, fingerprint, category_id, title,"
            " created_at, last_posted_at, bumped_at, tags, people, raw, fetched_at, herkenbaar)"
            " VALUES (?, 'stored', NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                info.id,
                fingerprint,
                info.category_id,
                info.title,
                info.created_at,
                info.last_posted_at,
                info.bumped_at,
                json.dumps(list(info.tags)),
                people_json,
                json.dumps(slim, ensure_ascii=False),
                _now(),
                opening[0].likes if opening else 0,
            ),
        )
        keep = {int(p["id"]) for p in posts}
        gone = set(old_cooked) - keep
        for post_id in gone:
            self.conn.execute("DELETE FROM posts WHERE id=?", (post_id,))
        for post in posts:
            parsed = parse_post(post, info.id)
            self.conn.execute(
                "INSERT OR REPLACE INTO posts VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    parsed.id,
                    info.id,
                    parsed.post_number,
                    parsed.user_id,
                    parsed.username,
                    parsed.created_at,
                    json.dumps(post, ensure_ascii=False),
                ),
            )
        edited = any(
            old_cooked.get(int(p["id"]), p.get("cooked")) != p.get("cooked") for p in posts
        )
        if gone or edited or before is None or tuple(before) != (info.title, people_json):
            # Cached anonymized text of removed or earlier versions must go as well.
            self.conn.execute("DELETE FROM anon_cache WHERE topic_id=?", (info.id,))
        return len(gone)

    def exclude_topic(self, topic_id: int, reason: str, fingerprint: str | None) -> bool:
        """Drop a topic's content and keep a tombstone. True when content was removed."""
        had = self.conn.execute(
            "SELECT 1 FROM topics WHERE id=? AND status='stored'", (topic_id,)
        ).fetchone()
        self._delete_content(topic_id)
        self.conn.execute(
            "INSERT OR REPLACE INTO topics (id, status, reason, fingerprint)"
            " VALUES (?, 'excluded', ?, ?)",
            (topic_id, reason, fingerprint),
        )
        return had is not None

    def forget_topic(self, topic_id: int) -> bool:
        """The forum says the topic is gone (403/404/410): remove every trace."""
        had = self.conn.execute(
            "SELECT 1 FROM topics WHERE id=? AND status='stored'", (topic_id,)
        ).fetchone()
        self._delete_content(topic_id)
        self.conn.execute("DELETE FROM topics WHERE id=?", (topic_id,))
        return had is not None

    def _delete_content(self, topic_id: int) -> None:
        self.conn.execute("DELETE FROM posts WHERE topic_id=?", (topic_id,))
        self.conn.execute("DELETE FROM anon_cache WHERE topic_id=?", (topic_id,))

    def remove_posts_by(self, user_ids: set[int], usernames: set[str]) -> int:
        """Remove every stored post of these users (they joined the opt-out group).

        Runs at every sync over every stored post, so it reads them one row at a time:
        fetchall() held all of a forum's posts in memory at once (25 MB at 160,000 posts)."""
        if not user_ids and not usernames:
            return 0
        rows = self.conn.execute("SELECT id, topic_id, user_id, username FROM posts")
        hit = [
            (r[0], r[1])
            for r in rows
            if (r[2] is not None and r[2] in user_ids) or r[3].lower() in usernames
        ]
        for post_id, topic_id in hit:
            self.conn.execute("DELETE FROM posts WHERE id=?", (post_id,))
            self.conn.execute("DELETE FROM anon_cache WHERE topic_id=?", (topic_id,))
        return len(hit)

    def stored_topic_ids(self) -> list[int]:
        return [r[0] for r in self.conn.execute("SELECT id FROM topics WHERE status='stored'")]

    def load_topic(self, topic_id: int) -> StoredTopic | None:
        row = self.conn.execute(
            "SELECT raw, people, herkenbaar FROM topics WHERE id=? AND status='stored'",
            (topic_id,),
        ).fetchone()
        if row is None:
            return None
        raw = json.loads(row[0])
        people = [Person(**p) for p in json.loads(row[1] or "[]")]
        posts = [
            parse_post(json.loads(r[0]), topic_id)
            for r in self.conn.execute(
                "SELECT raw FROM posts WHERE topic_id=? ORDER BY post_number", (topic_id,)
            )
        ]
        return StoredTopic(parse_topic(raw), raw, people, posts, int(row[2] or 0))

    def all_people(self) -> list[Person]:
        """Every user the store knows by name (for finding names of non-participants)."""
        found: dict[tuple[int | None, str], Person] = {}
        for (blob,) in self.conn.execute("SELECT people FROM topics WHERE status='stored'"):
            for p in json.loads(blob or "[]"):
                person = Person(**p)
                found.setdefault((person.user_id, person.username.lower()), person)
        for person in self.opt_out_people():
            found.setdefault((person.user_id, person.username.lower()), person)
        return sorted(found.values(), key=lambda p: (p.username.lower(), p.user_id or 0))

    def counts(self) -> dict[str, int]:
        def one(sql: str) -> int:
            return int(self.conn.execute(sql).fetchone()[0])

        return {
            "topics_stored": one("SELECT COUNT(*) FROM topics WHERE status='stored'"),
            "topics_excluded": one("SELECT COUNT(*) FROM topics WHERE status='excluded'"),
            "posts_stored": one("SELECT COUNT(*) FROM posts"),
            "anon_cache": one("SELECT COUNT(*) FROM anon_cache"),
        }

    # --- anonymizer cache ---------------------------------------------------------------
    def cache_get(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM anon_cache WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def cache_put(self, key: str, topic_id: int, value: str) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO anon_cache VALUES (?, ?, ?)", (key, topic_id, value)
        )

    def cache_prune(self, used: set[str]) -> int:
        """Drop cache entries the last export did not use (old versions of edited posts)."""
        keys = [r[0] for r in self.conn.execute("SELECT key FROM anon_cache")]
        stale = [k for k in keys if k not in used]
        for key in stale:
            self.conn.execute("DELETE FROM anon_cache WHERE key=?", (key,))
        return len(stale)

    # --- tally cache (block_cache.py) ---------------------------------------------------
    def tally_cache_get(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM tally_cache WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def tally_cache_put(self, key: str, value: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO tally_cache VALUES (?, ?)", (key, value))

    def tally_cache_prune(self, used: set[str]) -> int:
        """Drop the results the last computation did not use (blocks whose numbers changed)."""
        keys = [r[0] for r in self.conn.execute("SELECT key FROM tally_cache")]
        stale = [k for k in keys if k not in used]
        self.conn.executemany("DELETE FROM tally_cache WHERE key=?", [(k,) for k in stale])
        return len(stale)
