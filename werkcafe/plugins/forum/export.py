"""Read the anonymized forum export (ARCHITECTURE.md, "Export format") into dataclasses.

A missing export is normal (no forum configured yet): the site then says there are no
experiences yet. A broken export is not: it raises ExportError naming the file, so the build
stops instead of publishing half a forum.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

GROUPS = ("regelingen", "situaties", "instanties", "themas", "oordelen", "doelgroepen",
          "gemeenten")  # gemeenten: CBS codes (export contract wave 2; missing = none)


# The open-data files of the export that the site publishes (when present).
DOWNLOADS = ("tallies.csv", "tallies.json", "datapackage.json")


class ExportError(ValueError):
    pass


@dataclass(frozen=True)
class Post:
    number: int
    participant: str
    created_at: str
    html: str


@dataclass(frozen=True)
class Topic:
    id: int
    title: str
    created_at: str
    last_posted_at: str
    post_count: int
    excerpt: str
    forum_url: str
    category: dict[str, Any]
    experience: bool
    taxonomy: dict[str, tuple[str, ...]]
    posts: tuple[Post, ...] = ()
    herkenbaar: int = 0  # likes on the opening post ("N mensen herkennen dit"); missing = 0

    def keys(self, group: str) -> tuple[str, ...]:
        return self.taxonomy.get(group, ())


@dataclass(frozen=True)
class Export:
    manifest: dict[str, Any]
    topics: tuple[Topic, ...] = ()  # newest first
    tallies: dict[str, Any] | None = None
    directory: Path | None = None
    files: dict[str, Path] = field(default_factory=dict)  # download name -> path

    @property
    def empty(self) -> bool:
        return not self.topics

    def with_posts(self, topic: Topic) -> Topic:
        """The topic with its posts, read from its file (the export keeps summaries only)."""
        if topic.posts or self.directory is None:
            return topic
        path = self.directory / "topics" / f"{topic.id}.json"
        full = _topic(_read_json(path), path, with_posts=True)
        if full.id != topic.id:
            raise ExportError(f"{path}: holds topic {full.id}, not {topic.id}")
        return replace(topic, posts=full.posts)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ExportError(f"{path}: cannot be read: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise ExportError(f"{path}:{exc.lineno}: not valid JSON: {exc.msg}") from exc


def _timestamp(value: Any) -> str:
    """An ISO 8601 timestamp, or ValueError (dates are parsed again for display)."""
    text = str(value)
    dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return text


def _keys(value: Any) -> tuple[str, ...]:
    """Taxonomy keys; anything else in the list is dropped (only known keys are shown)."""
    return tuple(k for k in value if isinstance(k, str)) if isinstance(value, list) else ()


MAX_COUNT = 2**53  # forum_sync's bound on ids and counts (JSON's safe integers)


def _count(value: Any) -> int:
    """A count of people from the export: a non-negative int below MAX_COUNT, anything else
    is 0 (JSON integers have no limit: 10**400 would be a 401-digit "mensen herkennen dit")."""
    return (value if isinstance(value, int) and not isinstance(value, bool)
            and 0 < value < MAX_COUNT else 0)


def _topic(data: dict[str, Any], source: Path, with_posts: bool) -> Topic:
    try:
        posts = tuple(
            Post(int(p["number"]), str(p["participant"]), _timestamp(p["created_at"]),
                 str(p["html"]))
            for p in data.get("posts", [])
        ) if with_posts else ()
        taxonomy = {group: _keys((data.get("taxonomy") or {}).get(group)) for group in GROUPS}
        return Topic(
            id=int(data["id"]),
            title=str(data["title"]),
            created_at=_timestamp(data["created_at"]),
            last_posted_at=_timestamp(data.get("last_posted_at") or data["created_at"]),
            post_count=int(data.get("post_count", len(posts))),
            excerpt=str(data.get("excerpt", "")),
            forum_url=str(data["forum_url"]),
            category=dict(data.get("category") or {}),
            experience=bool(data.get("experience", False)),
            taxonomy=taxonomy,
            posts=posts,
            herkenbaar=_count(data.get("herkenbaar")),
        )
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        raise ExportError(f"{source}: topic {data.get('id', '?')} is incomplete: {exc!r}") from exc


def load_export(directory: Path) -> Export:
    """The export in `directory`, or an empty Export when there is none."""
    directory = Path(directory).resolve()  # one export version, even if a sync swaps it mid-build
    manifest_path = directory / "manifest.json"
    if not manifest_path.is_file():
        return Export(manifest={}, directory=None)
    manifest = _read_json(manifest_path)
    if not isinstance(manifest, dict) or manifest.get("schema") != 1:
        raise ExportError(f"{manifest_path}: unknown export schema {manifest.get('schema')!r}")
    index_path = directory / "index.json"
    index = _read_json(index_path)
    if not isinstance(index, dict) or not isinstance(index.get("topics"), list):
        raise ExportError(f"{index_path}: expected an object with a 'topics' list")
    topics = []
    seen: set[int] = set()
    for summary in index["topics"]:
        # Every topic file is read and checked now, so a broken export stops the build
        # before anything is written; only the summary stays in memory (the posts are read
        # again by with_posts when the topic's page is written).
        try:
            topic_id = int(summary["id"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ExportError(f"{index_path}: a topic without a numeric id: {exc!r}") from exc
        if topic_id in seen:  # else every list would show the thread twice
            raise ExportError(f"{index_path}: topic {topic_id} is listed twice")
        seen.add(topic_id)
        topic_path = directory / "topics" / f"{topic_id}.json"
        topics.append(replace(_topic(_read_json(topic_path), topic_path, with_posts=True),
                              posts=()))
    topics.sort(key=lambda t: (t.created_at, t.id), reverse=True)
    tallies_path = directory / "tallies.json"
    tallies = _read_json(tallies_path) if tallies_path.is_file() else None
    files = {name: directory / name for name in DOWNLOADS
             if (directory / name).is_file()}
    return Export(manifest, tuple(topics), tallies, directory, files)
