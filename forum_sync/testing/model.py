"""In-memory model of a Discourse forum, loaded from the Discourse-JSON directory.

The directory layout (see forum_sync/demo/forum/):

    categories.json                 as GET /categories.json returns it to an admin
    t/<id>.json                     as GET /t/<id>.json returns it to an admin, with *all* posts
                                    (whispers, hidden, deleted) in post_stream.posts
    groups/<name>/members.json      as GET /groups/<name>/members.json (all members, one page)
    users.json                      our own format: {"users": [{id, username, name, admin,
                                    moderator, trust_level, created_at, title}],
                                    "groups": [{id, name, members_visibility}]}

The mutation helpers behave like Discourse where it matters for a sync: editing a post does
not bump the topic, a new regular post does; renaming a user rewrites usernames in cooked
HTML without touching updated_at. Every helper takes the forum lock, so tests can mutate
the forum while the threaded server reads it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from forum_sync.testing.locking import CountingLock

POST_REGULAR = 1
POST_MODERATOR_ACTION = 2
POST_SMALL_ACTION = 3
POST_WHISPER = 4
POST_TYPES = {
    "regular": POST_REGULAR,
    "moderator_action": POST_MODERATOR_ACTION,
    "small_action": POST_SMALL_ACTION,
    "whisper": POST_WHISPER,
}
# Post types that move bumped_at forward when created (whispers and small actions do not).
BUMPING_TYPES = (POST_REGULAR, POST_MODERATOR_ACTION)

# What Discourse puts in `raw`/`cooked` when an author withdraws ("deletes") their own post
# (js.post.deleted_by_author_simple / js.topic.deleted_by_author_simple, English locale).
WITHDRAWN_POST_COOKED = "<p>(post deleted by author)</p>"
WITHDRAWN_TOPIC_COOKED = "<p>(topic deleted by author)</p>"

AVATAR_HOST = "forum.werkcafe.nl"


def avatar_template(username: str) -> str:
    return f"/user_avatar/{AVATAR_HOST}/{username}/{{size}}/1_2.png"


def now_utc() -> datetime:
    moment = datetime.now(UTC)
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def iso(moment: datetime | None) -> str | None:
    """Discourse's timestamp format: UTC, milliseconds, trailing Z."""
    if moment is None:
        return None
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def parse_time(value: str | datetime | None) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return _aware(value) if value is not None else None
    return _aware(datetime.fromisoformat(value.replace("Z", "+00:00")))


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def slugify(title: str) -> str:
    """Roughly Discourse's default (ASCII) slug generator."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    slug = re.sub(r"-{2,}", "-", slug)
    return slug or "topic"


@dataclass
class User:
    id: int
    username: str
    name: str = ""
    admin: bool = False
    moderator: bool = False
    trust_level: int = 1
    created_at: datetime = field(default_factory=lambda: datetime(2025, 1, 1, tzinfo=UTC))
    title: str | None = None

    @property
    def staff(self) -> bool:
        return self.admin or self.moderator


@dataclass
class Group:
    id: int
    name: str
    member_ids: list[int] = field(default_factory=list)
    added_at: dict[int, datetime] = field(default_factory=dict)
    # "public": anyone may list the members (Discourse's default); "staff": staff only.
    members_visibility: str = "public"


@dataclass
class Category:
    id: int
    name: str
    slug: str
    color: str = "0088CC"
    text_color: str = "FFFFFF"
    read_restricted: bool = False
    position: int = 0
    description: str | None = None
    # Groups whose members may see a read_restricted category (staff always can).
    allowed_groups: list[str] = field(default_factory=list)
    parent_category_id: int | None = None  # a subcategory (one level, as in Discourse)


@dataclass
class Post:
    id: int
    topic_id: int
    post_number: int
    user_id: int
    created_at: datetime
    cooked: str
    post_type: int = POST_REGULAR
    updated_at: datetime | None = None
    reply_to_post_number: int | None = None
    hidden: bool = False
    deleted_at: datetime | None = None
    user_deleted: bool = False
    version: int = 1
    action_code: str | None = None
    edit_reason: str | None = None
    reads: int = 1
    score: float = 0.0
    like_count: int = 0  # served as actions_summary [{"id": 2, "count": n}] (when n > 0)

    def __post_init__(self) -> None:
        if self.updated_at is None:
            self.updated_at = self.created_at


@dataclass
class Topic:
    id: int
    title: str
    category_id: int | None
    user_id: int
    created_at: datetime
    bumped_at: datetime
    slug: str = ""
    archetype: str = "regular"
    visible: bool = True
    closed: bool = False
    archived: bool = False
    pinned_at: datetime | None = None
    pinned_globally: bool = False
    pinned_until: datetime | None = None
    deleted_at: datetime | None = None
    tags: list[str] = field(default_factory=list)
    views: int = 0
    like_count: int = 0
    allowed_user_ids: list[int] = field(default_factory=list)  # private messages only
    posts: list[Post] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.slug:
            self.slug = slugify(self.title)

    @property
    def pinned(self) -> bool:
        return self.pinned_at is not None

    @property
    def is_private_message(self) -> bool:
        return self.archetype == "private_message"


@dataclass
class Forum:
    categories: dict[int, Category] = field(default_factory=dict)
    users: dict[int, User] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)
    topics: dict[int, Topic] = field(default_factory=dict)
    tag_ids: dict[str, int] = field(default_factory=dict)
    # Personal data deliberately planted in the content (generators fill it; leak tests read it).
    planted: list[str] = field(default_factory=list)
    lock: CountingLock = field(default_factory=CountingLock, repr=False, compare=False)

    # ----------------------------------------------------------------- look-ups
    def user_by_name(self, username: str) -> User | None:
        wanted = username.lower()
        return next((u for u in self.users.values() if u.username.lower() == wanted), None)

    def require_user(self, username: str) -> User:
        user = self.user_by_name(username)
        if user is None:
            raise KeyError(f"unknown user {username!r}")
        return user

    def category_by_slug(self, slug: str) -> Category | None:
        return next((c for c in self.categories.values() if c.slug == slug), None)

    def topic(self, topic_id: int) -> Topic:
        try:
            return self.topics[topic_id]
        except KeyError:
            raise KeyError(f"unknown topic {topic_id}") from None

    def post(self, post_id: int) -> Post:
        for topic in self.topics.values():
            for post in topic.posts:
                if post.id == post_id:
                    return post
        raise KeyError(f"unknown post {post_id}")

    def tag_id(self, tag: str) -> int:
        if tag not in self.tag_ids:
            self.tag_ids[tag] = max(self.tag_ids.values(), default=0) + 1
        return self.tag_ids[tag]

    def _next_post_id(self) -> int:
        return 1 + max((p.id for t in self.topics.values() for p in t.posts), default=0)

    # ----------------------------------------------------------------- mutations
    def add_topic(
        self,
        *,
        title: str,
        username: str,
        cooked: str,
        category_id: int | None,
        created_at: datetime | None = None,
        tags: tuple[str, ...] | list[str] = (),
        archetype: str = "regular",
        visible: bool = True,
        topic_id: int | None = None,
        allowed_usernames: tuple[str, ...] | list[str] = (),
    ) -> Topic:
        """Create a topic with its first post (bumped_at = created_at)."""
        with self.lock:
            author = self.require_user(username)
            moment = created_at or now_utc()
            new_id = topic_id if topic_id is not None else 1 + max(self.topics, default=0)
            if new_id in self.topics:
                raise ValueError(f"topic {new_id} exists")
            allowed = [self.require_user(name).id for name in allowed_usernames]
            if archetype == "private_message" and author.id not in allowed:
                allowed.insert(0, author.id)
            topic = Topic(
                id=new_id, title=title, category_id=category_id, user_id=author.id,
                created_at=moment, bumped_at=moment, archetype=archetype, visible=visible,
                tags=list(tags), allowed_user_ids=allowed,
            )
            for tag in topic.tags:
                self.tag_id(tag)
            self.topics[new_id] = topic
            self.add_post(new_id, username=username, cooked=cooked, created_at=moment)
            return topic

    def add_post(
        self,
        topic_id: int,
        *,
        username: str,
        cooked: str,
        created_at: datetime | None = None,
        post_type: int = POST_REGULAR,
        reply_to: int | None = None,
        action_code: str | None = None,
    ) -> Post:
        """Append a post. Regular and moderator posts bump the topic, like Discourse."""
        with self.lock:
            topic = self.topic(topic_id)
            moment = created_at or now_utc()
            post = Post(
                id=self._next_post_id(), topic_id=topic_id,
                post_number=1 + max((p.post_number for p in topic.posts), default=0),
                user_id=self.require_user(username).id, created_at=moment, cooked=cooked,
                post_type=post_type, reply_to_post_number=reply_to, action_code=action_code,
            )
            topic.posts.append(post)
            if post_type in BUMPING_TYPES:
                topic.bumped_at = max(topic.bumped_at, moment)
            return post

    def edit_post(
        self, post_id: int, new_cooked: str, *, at: datetime | None = None,
        edit_reason: str | None = None,
    ) -> Post:
        """Change a post's cooked HTML. Does NOT bump the topic (Discourse doesn't either)."""
        with self.lock:
            post = self.post(post_id)
            post.cooked = new_cooked
            post.version += 1
            post.updated_at = at or now_utc()
            post.edit_reason = edit_reason
            return post

    def set_likes(self, post_id: int, likes: int) -> Post:
        """People like (or unlike) a post: no bump and no new version, as in Discourse; the
        topic's like_count follows, the listing fingerprint does not change."""
        with self.lock:
            post = self.post(post_id)
            topic = self.topic(post.topic_id)
            topic.like_count = max(0, topic.like_count + likes - post.like_count)
            post.like_count = likes
            return post

    def hide_post(self, post_id: int, hidden: bool = True) -> Post:
        """Hide after flags. Hiding the first post also unlists the topic, as Discourse does."""
        with self.lock:
            post = self.post(post_id)
            post.hidden = hidden
            if post.post_number == 1:
                self.topic(post.topic_id).visible = not hidden
            return post

    def delete_post(self, post_id: int, *, at: datetime | None = None) -> Post:
        """Staff deletion. Deleting the first post deletes the topic."""
        with self.lock:
            post = self.post(post_id)
            post.deleted_at = at or now_utc()
            if post.post_number == 1:
                self.topic(post.topic_id).deleted_at = post.deleted_at
            return post

    def recover_post(self, post_id: int) -> Post:
        with self.lock:
            post = self.post(post_id)
            post.deleted_at = None
            if post.post_number == 1:
                self.topic(post.topic_id).deleted_at = None
            return post

    def user_delete_post(self, post_id: int, *, at: datetime | None = None) -> Post:
        """The author withdraws the post: Discourse replaces its text and sets user_deleted."""
        with self.lock:
            post = self.post(post_id)
            post.cooked = WITHDRAWN_TOPIC_COOKED if post.post_number == 1 else WITHDRAWN_POST_COOKED
            post.user_deleted = True
            post.version += 1
            post.updated_at = at or now_utc()
            return post

    def delete_topic(self, topic_id: int, *, at: datetime | None = None) -> Topic:
        """Staff deletion: the topic and its first post get deleted_at; replies stay."""
        with self.lock:
            topic = self.topic(topic_id)
            topic.deleted_at = at or now_utc()
            if topic.posts:
                topic.posts[0].deleted_at = topic.deleted_at
            return topic

    def recover_topic(self, topic_id: int) -> Topic:
        with self.lock:
            topic = self.topic(topic_id)
            topic.deleted_at = None
            if topic.posts:
                topic.posts[0].deleted_at = None
            return topic

    def set_visible(self, topic_id: int, visible: bool) -> Topic:
        """List (True) or unlist (False) a topic. No bump."""
        with self.lock:
            topic = self.topic(topic_id)
            topic.visible = visible
            return topic

    def move_topic(self, topic_id: int, category_id: int) -> Topic:
        with self.lock:
            if category_id not in self.categories:
                raise KeyError(f"unknown category {category_id}")
            topic = self.topic(topic_id)
            topic.category_id = category_id
            return topic

    def add_tag(self, topic_id: int, tag: str) -> Topic:
        with self.lock:
            topic = self.topic(topic_id)
            if tag not in topic.tags:
                topic.tags.append(tag)
                self.tag_id(tag)
            return topic

    def remove_tag(self, topic_id: int, tag: str) -> Topic:
        with self.lock:
            topic = self.topic(topic_id)
            if tag in topic.tags:
                topic.tags.remove(tag)
            return topic

    def set_pinned(
        self, topic_id: int, pinned: bool = True, *, globally: bool = True,
        at: datetime | None = None,
    ) -> Topic:
        """Pin globally (first in /latest) or in its category only (first in /c/ lists)."""
        with self.lock:
            topic = self.topic(topic_id)
            topic.pinned_at = (at or now_utc()) if pinned else None
            topic.pinned_globally = pinned and globally
            return topic

    def rename_user(self, old: str, new: str) -> User:
        """Change a username everywhere, like Discourse's UsernameChanger: mentions and quotes
        in cooked HTML are rewritten, but no bump, no new version, no updated_at change."""
        with self.lock:
            user = self.require_user(old)
            if self.user_by_name(new) is not None:
                raise ValueError(f"username {new!r} is taken")
            old_name = user.username
            user.username = new
            for topic in self.topics.values():
                for post in topic.posts:
                    post.cooked = rename_in_cooked(post.cooked, old_name, new)
            return user

    # ----------------------------------------------------------------- loading
    @classmethod
    def load_dir(cls, path: str | Path) -> Forum:
        root = Path(path)
        forum = cls()
        top = _read(root / "categories.json")["category_list"]["categories"]
        subs = [s | {"parent_category_id": c["id"]} for c in top for s in
                c.get("subcategory_list") or ()]
        for raw in [*top, *subs]:
            forum.categories[raw["id"]] = Category(
                id=raw["id"], name=raw["name"], slug=raw["slug"], color=raw["color"],
                text_color=raw["text_color"], read_restricted=raw["read_restricted"],
                position=raw["position"], description=raw.get("description"),
                parent_category_id=raw.get("parent_category_id"),
            )
        users_file = root / "users.json"
        extra = _read(users_file) if users_file.exists() else {"users": [], "groups": []}
        group_meta = {g["name"]: g for g in extra.get("groups", [])}
        for raw in extra["users"]:
            forum.users[raw["id"]] = User(
                id=raw["id"], username=raw["username"], name=raw.get("name") or "",
                admin=raw.get("admin", False), moderator=raw.get("moderator", False),
                trust_level=raw.get("trust_level", 1),
                created_at=parse_time(raw.get("created_at")) or User(0, "").created_at,
                title=raw.get("title"),
            )
        for topic_file in sorted((root / "t").glob("*.json"), key=lambda p: int(p.stem)):
            forum._load_topic(_read(topic_file))
        for members_file in sorted(root.glob("groups/*/members.json")):
            name = members_file.parent.name
            forum._load_group(name, _read(members_file), group_meta.get(name, {}))
        return forum

    def _load_topic(self, raw: dict[str, Any]) -> None:
        posts = []
        for rp in raw["post_stream"]["posts"]:
            if rp["user_id"] not in self.users:  # users.json is optional: fall back to posts
                self.users[rp["user_id"]] = User(
                    id=rp["user_id"], username=rp["username"], name=rp.get("name") or "",
                    admin=rp["admin"], moderator=rp["moderator"], trust_level=rp["trust_level"],
                )
            posts.append(Post(
                id=rp["id"], topic_id=raw["id"], post_number=rp["post_number"],
                user_id=rp["user_id"], created_at=parse_time(rp["created_at"]),
                updated_at=parse_time(rp["updated_at"]), cooked=rp["cooked"],
                post_type=rp["post_type"],
                reply_to_post_number=_int_or_none(rp["reply_to_post_number"]),
                hidden=rp["hidden"], deleted_at=parse_time(rp["deleted_at"]),
                user_deleted=rp["user_deleted"], version=rp["version"],
                action_code=rp.get("action_code"), edit_reason=rp["edit_reason"],
                reads=rp["reads"], score=rp["score"], like_count=_likes(rp),
            ))
        created = parse_time(raw["created_at"])
        # /t/{id}.json has no bumped_at: the last bumping post is the best reconstruction.
        bumps = [p.created_at for p in posts if p.post_type in BUMPING_TYPES]
        for tag in raw["tags"]:
            self.tag_ids[tag["name"]] = tag["id"]
        # The spec's topic details carry no allowed_users: PM participants are its posters.
        allowed = list(dict.fromkeys(p.user_id for p in posts)) if raw["archetype"] == (
            "private_message") else []
        self.topics[raw["id"]] = Topic(
            id=raw["id"], title=raw["title"], slug=raw["slug"],
            category_id=raw["category_id"], user_id=raw["user_id"], created_at=created,
            bumped_at=max(bumps, default=created), archetype=raw["archetype"],
            visible=raw["visible"], closed=raw["closed"], archived=raw["archived"],
            pinned_at=parse_time(raw["pinned_at"]), pinned_globally=raw["pinned_globally"],
            pinned_until=parse_time(raw["pinned_until"]),
            deleted_at=parse_time(raw["deleted_at"]), tags=[t["name"] for t in raw["tags"]],
            views=raw["views"], like_count=raw["like_count"], allowed_user_ids=allowed,
            posts=sorted(posts, key=lambda p: p.post_number),
        )

    def _load_group(self, name: str, raw: dict[str, Any], meta: dict[str, Any]) -> None:
        group = Group(id=meta.get("id", 100 + len(self.groups)), name=name,
                      members_visibility=meta.get("members_visibility", "public"))
        for member in raw["members"]:
            if member["id"] not in self.users:
                self.users[member["id"]] = User(
                    id=member["id"], username=member["username"], name=member["name"] or "",
                )
            group.member_ids.append(member["id"])
            group.added_at[member["id"]] = parse_time(member["added_at"])
        self.groups[name] = group


def rename_in_cooked(cooked: str, old: str, new: str) -> str:
    """Rewrite the places where Discourse's cooked HTML carries a username."""
    old_re = re.escape(old)
    replacements = (
        (rf'href="/u/{old_re}"', f'href="/u/{new}"'),
        (rf'>@{old_re}</a>', f">@{new}</a>"),
        (rf'data-username="{old_re}"', f'data-username="{new}"'),
        (rf"(/user_avatar/[^/]+/){old_re}/", rf"\g<1>{new}/"),
        (rf"> {old_re}:</div>", f"> {new}:</div>"),
    )
    for pattern, replacement in replacements:
        cooked = re.sub(pattern, replacement, cooked)
    return cooked


def _likes(raw_post: dict[str, Any]) -> int:
    for item in raw_post.get("actions_summary") or ():
        if item.get("id") == 2:
            return int(item.get("count", 0))
    return 0


def _int_or_none(value: Any) -> int | None:
    return None if value is None else int(value)


def _read(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)
