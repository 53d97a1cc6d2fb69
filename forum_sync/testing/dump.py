"""Write an in-memory forum as the Discourse-JSON directory that Forum.load_dir reads.

Output is deterministic: sorted keys, two-space indent, UTF-8, one trailing newline, so a
re-run over the same forum produces byte-identical files.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from forum_sync.testing.model import Forum, iso
from forum_sync.testing.views import SYSTEM, categories_json, group_members_json, topic_json


def to_json_text(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def render_dir(forum: Forum) -> dict[str, str]:
    """Relative path -> file text, everything as an admin sees it."""
    with forum.lock:
        files = {"categories.json": to_json_text(categories_json(forum, SYSTEM))}
        for topic_id in sorted(forum.topics):
            files[f"t/{topic_id}.json"] = to_json_text(
                topic_json(forum, forum.topics[topic_id], SYSTEM, chunk_size=None)
            )
        for name in sorted(forum.groups):
            group = forum.groups[name]
            files[f"groups/{name}/members.json"] = to_json_text(
                group_members_json(forum, group, limit=max(len(group.member_ids), 50))
            )
        files["users.json"] = to_json_text(
            {
                "users": [
                    {
                        "id": u.id,
                        "username": u.username,
                        "name": u.name,
                        "admin": u.admin,
                        "moderator": u.moderator,
                        "trust_level": u.trust_level,
                        "created_at": iso(u.created_at),
                        "title": u.title,
                    }
                    for u in sorted(forum.users.values(), key=lambda u: u.id)
                ],
                "groups": [
                    {"id": g.id, "name": g.name, "members_visibility": g.members_visibility}
                    for g in sorted(forum.groups.values(), key=lambda g: g.name)
                ],
            }
        )
    return files


def diff_dir(files: dict[str, str], root: Path) -> list[str]:
    """Paths (relative) that differ between `files` and the directory, stale ones included."""
    existing = (
        {p.relative_to(root).as_posix() for p in root.rglob("*.json")} if root.exists() else set()
    )
    changed = [
        rel
        for rel, text in files.items()
        if rel not in existing or (root / rel).read_text(encoding="utf-8") != text
    ]
    return sorted(changed + sorted(existing - set(files)))


def write_dir(files: dict[str, str], root: Path) -> list[str]:
    """Write changed files, delete stale *.json ones; return the paths touched."""
    touched = diff_dir(files, root)
    for rel in touched:
        target = root / rel
        if rel in files:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(files[rel], encoding="utf-8", newline="\n")
        else:
            target.unlink()
    return touched
