"""Plain dataclasses between the stages, and the parsing of Discourse JSON into them.

Parsing is lenient about what a forum may omit (a listing item has fewer fields than a topic)
and strict about what the publication policy needs: a missing `visible` or `post_type` is read
as the unsafe value, so an incomplete response can never make content public by accident.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any


class ForumDataError(ValueError):
    """A response does not have the shape Discourse documents."""


@dataclass(frozen=True)
class Category:
    id: int
    slug: str
    name: str
    read_restricted: bool
    parent_id: int | None = None
    # "parent/child" for a subcategory: Discourse redirects /c/child/{id} to this path.
    slug_path: str = ""

    @property
    def path(self) -> str:
        return self.slug_path or self.slug


@dataclass(frozen=True)
class TopicInfo:
    id: int
    title: str
    category_id: int | None
    created_at: str
    last_posted_at: str | None
    bumped_at: str | None
    visible: bool
    archetype: str
    deleted: bool
    tags: tuple[str, ...]
    posts_count: int
    highest_post_number: int


@dataclass(frozen=True)
class PostInfo:
    id: int
    topic_id: int
    post_number: int
    user_id: int | None
    username: str
    name: str
    created_at: str
    post_type: int
    hidden: bool
    deleted: bool
    user_deleted: bool
    cooked: str
    likes: int = 0  # people who liked the post (shapes.py has checked the fields)


@dataclass(frozen=True)
class Person:
    """A forum user as the API shows them (used only to find and replace their names)."""

    user_id: int | None
    username: str
    name: str


def parse_time(value: Any) -> datetime | None:
    if not value or not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def iso(value: Any) -> str | None:
    """Normalise a Discourse timestamp to `YYYY-MM-DDTHH:MM:SSZ` (UTC, whole seconds)."""
    parsed = parse_time(value)
    if parsed is None:
        return None
    return parsed.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def tag_names(tags: Any) -> tuple[str, ...]:
    """Tags come as strings or as objects `{id, name, slug}` depending on version and endpoint."""
    names: list[str] = []
    for tag in tags or ():
        if isinstance(tag, str):
            name = tag
        elif isinstance(tag, Mapping):
            name = str(tag.get("name") or tag.get("slug") or "")
        else:
            continue
        if name:
            names.append(name.strip().lower())
    return tuple(sorted(set(names)))


def _int(raw: Mapping[str, Any], key: str, where: str) -> int:
    value = raw.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ForumDataError(f"{where}: field '{key}' missing or not an integer")
    return value


def _mapping(raw: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(raw, Mapping):
        raise ForumDataError(f"{where}: expected a JSON object")
    return raw


def parse_category(raw: Any, parent: Category | None = None) -> Category:
    raw = _mapping(raw, "category")
    cid = _int(raw, "id", "category")
    slug = str(raw.get("slug") or "")
    return Category(
        id=cid,
        slug=slug,
        name=str(raw.get("name") or ""),
        # Unknown means restricted: never publish a category we cannot classify.
        read_restricted=raw.get("read_restricted") is not False,
        parent_id=None if parent is None else parent.id,
        slug_path=slug if parent is None else f"{parent.path}/{slug}",
    )


def _with_subcategories(raw: Any, parent: Category | None) -> list[Category]:
    category = parse_category(raw, parent)
    subs = _mapping(raw, "category").get("subcategory_list") or ()
    return [category, *(c for sub in subs for c in _with_subcategories(sub, category))]


def parse_categories(payload: Any) -> list[Category]:
    payload = _mapping(payload, "/categories.json")
    cats = _mapping(payload.get("category_list"), "/categories.json category_list")
    items = cats.get("categories")
    if not isinstance(items, list):
        raise ForumDataError("/categories.json: category_list.categories is not a list")
    return [c for item in items for c in _with_subcategories(item, None)]


def parse_topic(raw: Any) -> TopicInfo:
    """A topic from /t/{id}.json or a topic-list item (which lacks some fields)."""
    raw = _mapping(raw, "topic")
    tid = _int(raw, "id", "topic")
    created = iso(raw.get("created_at"))
    if created is None:
        raise ForumDataError(f"topic {tid}: created_at missing or not a timestamp")
    category = raw.get("category_id")
    posts_count = raw.get("posts_count")
    highest = raw.get("highest_post_number")
    return TopicInfo(
        id=tid,
        title=str(raw.get("title") or ""),
        category_id=category if isinstance(category, int) else None,
        created_at=created,
        last_posted_at=iso(raw.get("last_posted_at")),
        bumped_at=iso(raw.get("bumped_at")),
        visible=raw.get("visible") is True,
        archetype=str(raw.get("archetype") or "regular"),
        deleted=bool(raw.get("deleted_at")),
        tags=tag_names(raw.get("tags")),
        posts_count=posts_count if isinstance(posts_count, int) else 0,
        highest_post_number=highest if isinstance(highest, int) else 0,
    )


def parse_post(raw: Any, topic_id: int) -> PostInfo:
    raw = _mapping(raw, f"topic {topic_id} post")
    pid = _int(raw, "id", f"topic {topic_id} post")
    where = f"topic {topic_id} post {pid}"
    post_type = raw.get("post_type")
    user_id = raw.get("user_id")
    return PostInfo(
        id=pid,
        topic_id=topic_id,
        post_number=_int(raw, "post_number", where),
        user_id=user_id if isinstance(user_id, int) else None,
        username=str(raw.get("username") or ""),
        name=str(raw.get("name") or raw.get("display_username") or ""),
        created_at=iso(raw.get("created_at")) or "",
        post_type=post_type if isinstance(post_type, int) else 0,
        hidden=raw.get("hidden") is not False,
        deleted=bool(raw.get("deleted_at")),
        user_deleted=raw.get("user_deleted") is True,
        cooked=str(raw.get("cooked") or ""),
        likes=post_likes(raw),
    )


def post_likes(raw: Mapping[str, Any]) -> int:
    """The like count: `actions_summary` id 2 `count` (no count: 0), else `like_count`."""
    for item in raw.get("actions_summary") or ():
        if isinstance(item, Mapping) and item.get("id") == 2:
            count = item.get("count", 0)
            return count if isinstance(count, int) and count > 0 else 0
    count = raw.get("like_count")
    return count if isinstance(count, int) and not isinstance(count, bool) and count > 0 else 0


def raw_tag_names(tags: Any) -> tuple[str, ...]:
    """Tag names exactly as the forum sent them (not normalised): a municipality tag must
    match `gemeente-<slug>` as it is, so `Gemeente-Utrecht` or ` gemeente-utrecht` places
    nothing."""
    names: list[str] = []
    for tag in tags or ():
        name = tag.get("name") if isinstance(tag, Mapping) else tag
        if isinstance(name, str) and name:
            names.append(name)
    return tuple(names)


def people_in_topic(
    raw_topic: Mapping[str, Any], posts: Iterable[Mapping[str, Any]]
) -> list[Person]:
    """Everyone the topic JSON names: posters (all posts, published or not) and participants."""
    seen: dict[tuple[int | None, str], Person] = {}

    def add(item: Any) -> None:
        if not isinstance(item, Mapping) or not item.get("username"):
            return
        uid = item.get("user_id", item.get("id"))
        uid = uid if isinstance(uid, int) else None
        person = Person(uid, str(item["username"]), str(item.get("name") or ""))
        key = (uid, person.username.lower())
        if key not in seen or (not seen[key].name and person.name):
            seen[key] = person

    for post in posts:
        add(post)
    details = raw_topic.get("details")
    if isinstance(details, Mapping):
        for item in details.get("participants") or ():
            add(item)
        add(details.get("created_by"))
        add(details.get("last_poster"))
    return sorted(seen.values(), key=lambda p: (p.username.lower(), p.user_id or 0))


# Listing fields that change when a topic changes in a way a listing can show. Edits to
# earlier posts and username changes change none of them: `--full` covers those.
_FINGERPRINT_FIELDS = (
    "bumped_at",
    "last_posted_at",
    "posts_count",
    "highest_post_number",
    "visible",
    "archetype",
    "category_id",
    "title",
    "deleted_at",
)


def fingerprint(raw: Mapping[str, Any]) -> str:
    """A short hash of a topic's listing fields; a changed hash means: fetch it again."""
    values = {key: raw.get(key) for key in _FINGERPRINT_FIELDS}
    values["tags"] = list(tag_names(raw.get("tags")))
    blob = json.dumps(values, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:24]
