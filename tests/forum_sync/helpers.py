"""Shared helpers for the forum_sync tests: paths, keys, an independent policy oracle."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

from forum_sync.testing.model import POST_REGULAR, Forum

REPO_ROOT = Path(__file__).resolve().parents[2]
DEMO_DIR = REPO_ROOT / "forum_sync" / "demo" / "forum"
STAFF_KEY = "fs-test-staff-key-7f3a9c"
MEMBER_KEY = "fs-test-member-key-b81d42"
STAFF_USER = "mod_annemiek"
MEMBER_USER = "jdevries71"
# Late enough that no demo topic is within the cooling-off period.
NOW = "2027-01-15T00:00:00Z"
NOW_DT = datetime.fromisoformat(NOW.replace("Z", "+00:00"))
PUBLISH = ("ervaringen", "vragen")
EXPERIENCE = ("ervaringen",)
OPT_OUT = "niet-publiceren"


def write_config(directory: Path, **overrides: Any) -> Path:
    """A forum.yml for tests: small timeouts and retries, paths inside `directory`."""
    config: dict[str, Any] = {
        "forum": {"url": "https://forum.werkcafe.nl"},
        "categories": {"publish": list(PUBLISH), "experience": list(EXPERIENCE)},
        "policy": {"cooling_off_hours": 48, "opt_out_tag": OPT_OUT, "opt_out_group": OPT_OUT},
        "tallies": {"threshold": 5},
        "http": {
            "timeout_seconds": 1.0,
            "max_retries": 2,
            "backoff_seconds": 0.05,
            "max_wait_seconds": 5,
        },
        "output": {"store": "store.sqlite", "export_dir": "export"},
    }
    for dotted, value in overrides.items():
        node = config
        *parents, last = dotted.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
    path = directory / "forum.yml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


@dataclass(frozen=True)
class Expected:
    """What the policy must publish: topic id -> created_at of each published post."""

    topics: dict[int, list[str]]


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def expected_publication(forum: Forum, now: datetime, cooling_off_hours: float = 48) -> Expected:
    """The publication rules, written again over the in-memory model (an oracle)."""
    opted_out = set(forum.groups[OPT_OUT].member_ids) if OPT_OUT in forum.groups else set()
    result: dict[int, list[str]] = {}
    for topic in forum.topics.values():
        category = forum.categories.get(topic.category_id) if topic.category_id else None
        if category is None or category.slug not in PUBLISH or category.read_restricted:
            continue
        if topic.archetype != "regular" or not topic.visible or topic.deleted_at is not None:
            continue
        if OPT_OUT in topic.tags or now - topic.created_at < timedelta(hours=cooling_off_hours):
            continue
        posts = [
            p
            for p in sorted(topic.posts, key=lambda p: p.post_number)
            if p.post_type == POST_REGULAR
            and not p.hidden
            and p.deleted_at is None
            and not p.user_deleted
            and p.user_id not in opted_out
        ]
        if not posts or posts[0].post_number != 1:
            continue
        result[topic.id] = [_iso(p.created_at) for p in posts]
    return Expected(result)


def exported(export_dir: Path) -> dict[int, list[str]]:
    """topic id -> created_at of each exported post."""
    result = {}
    for path in (export_dir / "topics").glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        result[data["id"]] = [p["created_at"] for p in data["posts"]]
    return result


def tree_digest(directory: Path) -> str:
    """One hash over every file name and content under `directory`."""
    digest = hashlib.sha256()
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(directory)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def all_bytes(directory: Path) -> bytes:
    return b"\n".join(p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file())


def store_digest(path: Path) -> str:
    """One hash over every row of the store except the run log (which records the failure)."""
    import sqlite3

    digest = hashlib.sha256()
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in sorted(t for t in tables if t != "sync_runs"):
            digest.update(table.encode())
            for row in sorted(map(repr, conn.execute(f"SELECT * FROM {table}"))):
                digest.update(row.encode())
    finally:
        conn.close()
    return digest.hexdigest()
