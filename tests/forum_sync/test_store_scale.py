"""The store's per-sync work over all posts keeps one row in memory at a time."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

from forum_sync.store import Store

POSTS = 20_000


def filled(path: Path) -> Store:
    store = Store(path)
    with store.transaction():
        store.conn.executemany(
            "INSERT INTO posts VALUES (?, ?, ?, ?, ?, ?, ?)",
            ((n, n // 8, n % 8 + 1, n % 1000, f"Lid{n % 1000}", "2026-01-01T00:00:00Z", "{}")
             for n in range(1, POSTS + 1)),
        )
        store.conn.executemany("INSERT INTO anon_cache VALUES (?, ?, ?)",
                               ((f"k{t}", t, "tekst") for t in range(POSTS // 8 + 1)))
    return store


def test_opt_out_removal_reads_posts_one_at_a_time(tmp_path: Path) -> None:
    store = filled(tmp_path / "forum.sqlite")
    tracemalloc.start()
    try:
        with store.transaction():
            removed = store.remove_posts_by({7}, {"lid9"})  # by id, and by name in any case
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert removed == 2 * POSTS // 1000
    left = {r[0] for r in store.conn.execute("SELECT user_id FROM posts")}
    assert 7 not in left and 9 not in left and len(left) == 998
    cached = {r[0] for r in store.conn.execute("SELECT topic_id FROM anon_cache")}
    assert 7 // 8 not in cached and 9 // 8 not in cached  # their topics' cache is gone too
    # All 20,000 rows at once took 5 MB; one at a time stays far below.
    assert peak < 500_000, peak
    store.close()


def test_nobody_opted_out_removes_nothing(tmp_path: Path) -> None:
    store = filled(tmp_path / "forum.sqlite")
    with store.transaction():
        assert store.remove_posts_by(set(), set()) == 0
    assert store.conn.execute("SELECT count(*) FROM posts").fetchone()[0] == POSTS
    store.close()
