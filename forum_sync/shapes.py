"""Shapes: check every Discourse answer the sync relies on before anything acts on it.

One job: given a decoded JSON answer, either return it unchanged or raise `ShapeError` saying
which field is wrong. Pure functions, no I/O. `fetch.py` calls them for HTTP answers and for
the demo directory alike, so nothing after fetch ever sees a body of the wrong shape.

Checked, per answer (field names as in Discourse's OpenAPI spec, ../shared/discourse/):

- every body: a JSON object (not null, a number, a string or a list);
- /categories.json: `category_list.categories[]` (not empty) with integer `id`, string `slug`
  and `name`, boolean `read_restricted`, `subcategory_ids` a list of ids; `subcategory_list`
  (asked for with include_subcategories=true) null or a list of the same; ids unique.
  Complete: every category's `subcategory_list` holds exactly the `subcategory_ids` it
  declares (an answer without include_subcategories, or with a shortened list, fails). The
  sync takes a configured category missing from this answer as withdrawn from the forum, so
  only a complete answer may say so. Discourse's /categories.json has no paging parameter the
  sync sends (OpenAPI: include_subcategories only): one answer holds every category;
- topic lists (/c/{slug}/{id}.json): `topic_list.topics[]` with the fields the policy and the
  change fingerprint read (`id`, `title`, `created_at`, `category_id`, `visible`, `archetype`,
  `posts_count`, `highest_post_number`, `bumped_at`, `tags`), `more_topics_url` a string when
  present; ids unique within the page;
- /groups/{name}/members.json: `members[]` with `id` and `username`, and `meta` with
  `total`, `offset` (the one asked for) and `limit`; across pages (`members_complete`): as many
  distinct members as `meta.total` says, `total` the same on every page;
- /t/{id}.json: `id` is the id asked for, the topic fields above, `post_stream.posts` (not
  empty) and `post_stream.stream` (unique post ids) that covers every post in `posts`; each
  post with `id`, `post_number`, `username`, `created_at`, `cooked`, and the fields that decide
  publication: `post_type`, `hidden`, `deleted_at`, `user_deleted`; and the likes
  ("herkenbaar"): `actions_summary` a list of `{id, count?}` with id 2 (like) at most once
  and `count` an integer >= 0, `like_count` (when present) an integer >= 0 that agrees;
- /t/{id}/posts.json: exactly the post ids asked for, once each, of that topic;
- /u/{username}.json: `user` with `username` and boolean `admin` and `moderator`.

Ids must be positive integers below 2**53 (JSON's safe integers; SQLite stores them exactly),
user ids any integer in that range (Discourse's system users are negative). Booleans are
never accepted as integers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from forum_sync.model import ForumDataError, parse_time

MAX_INT = 2**53


class ShapeError(ForumDataError):
    """An answer does not have the shape Discourse documents (message: which field)."""


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and -MAX_INT < value < MAX_INT


def obj(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        kind = "null" if value is None else type(value).__name__
        raise ShapeError(f"{where}: expected a JSON object, got {kind}")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise ShapeError(f"{where}: expected a list, got {type(value).__name__}")
    return value


def _field(raw: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in raw:
        raise ShapeError(f"{where}: field '{key}' is missing")
    return raw[key]


def pos_id(raw: Mapping[str, Any], key: str, where: str) -> int:
    value = _field(raw, key, where)
    if not _is_int(value) or value <= 0:
        raise ShapeError(f"{where}: '{key}' must be a positive integer, got {value!r:.40}")
    return int(value)


def _int(raw: Mapping[str, Any], key: str, where: str, *, minimum: int = 0) -> int:
    value = _field(raw, key, where)
    if not _is_int(value) or value < minimum:
        raise ShapeError(f"{where}: '{key}' must be an integer >= {minimum}, got {value!r:.40}")
    return int(value)


def _opt_int(raw: Mapping[str, Any], key: str, where: str) -> None:
    value = raw.get(key)
    if value is not None and not _is_int(value):
        raise ShapeError(f"{where}: '{key}' must be an integer or null, got {value!r:.40}")


def _str(raw: Mapping[str, Any], key: str, where: str, *, empty: bool = True) -> str:
    value = _field(raw, key, where)
    if not isinstance(value, str) or (not empty and not value.strip()):
        raise ShapeError(f"{where}: '{key}' must be a {'' if empty else 'non-empty '}string")
    return value


def _bool(raw: Mapping[str, Any], key: str, where: str) -> None:
    if not isinstance(_field(raw, key, where), bool):
        raise ShapeError(f"{where}: '{key}' must be true or false, got {raw[key]!r:.40}")


def _time(raw: Mapping[str, Any], key: str, where: str, *, nullable: bool = False) -> None:
    value = _field(raw, key, where)
    if value is None and nullable:
        return
    if parse_time(value) is None:
        raise ShapeError(f"{where}: '{key}' must be a timestamp, got {value!r:.40}")


def _unique(ids: Iterable[int], where: str, what: str) -> None:
    seen: set[int] = set()
    for value in ids:
        if value in seen:
            raise ShapeError(f"{where}: {what} {value} appears twice")
        seen.add(value)


# --------------------------------------------------------------------------- categories
def _category(raw: Any, where: str, parent: int | None) -> list[int]:
    item = obj(raw, where)
    cid = pos_id(item, "id", where)
    where = f"{where} {cid}"
    _str(item, "slug", where, empty=False)
    _str(item, "name", where)
    _bool(item, "read_restricted", where)
    declared = item.get("parent_category_id")
    if declared is not None and (not _is_int(declared) or (parent and declared != parent)):
        raise ShapeError(f"{where}: 'parent_category_id' {declared!r:.40} is not its parent")
    declared_subs = _list(_field(item, "subcategory_ids", where), f"{where} subcategory_ids")
    if not all(_is_int(i) and i > 0 for i in declared_subs):
        raise ShapeError(f"{where}: subcategory_ids holds something other than category ids")
    ids = [cid]
    children: list[int] = []
    subs = item.get("subcategory_list")
    if subs is not None:  # Discourse nests up to three levels (max_category_nesting)
        for sub in _list(subs, f"{where} subcategory_list"):
            found = _category(sub, "/categories.json subcategory", cid)
            children.append(found[0])
            ids += found
    if sorted(children) != sorted(declared_subs):
        raise ShapeError(
            f"{where}: subcategory_list holds {sorted(children)[:10]}, subcategory_ids "
            f"declares {sorted(declared_subs)[:10]}: the answer is incomplete"
        )
    return ids


def categories(payload: Any) -> Mapping[str, Any]:
    where = "/categories.json"
    body = obj(payload, where)
    category_list = obj(body.get("category_list"), f"{where} category_list")
    items = _list(category_list.get("categories"), f"{where} category_list.categories")
    if not items:  # a forum always shows a category; an empty list is no evidence of anything
        raise ShapeError(f"{where}: category_list.categories is empty")
    ids = [cid for item in items for cid in _category(item, f"{where} category", None)]
    _unique(ids, where, "category")
    return body


# --------------------------------------------------------------------------- topics
def _topic_fields(item: Mapping[str, Any], where: str) -> None:
    _str(item, "title", where)
    _time(item, "created_at", where)
    _opt_int(item, "category_id", where)
    if "category_id" not in item:
        raise ShapeError(f"{where}: field 'category_id' is missing")
    _bool(item, "visible", where)
    _str(item, "archetype", where, empty=False)
    _int(item, "posts_count", where)
    _int(item, "highest_post_number", where)
    for key in ("bumped_at", "last_posted_at", "deleted_at"):
        if item.get(key) is not None:
            _time(item, key, where)
    tags = item.get("tags")
    if tags is not None:
        for tag in _list(tags, f"{where} tags"):
            if not isinstance(tag, str) and not (
                isinstance(tag, Mapping) and isinstance(tag.get("name") or tag.get("slug"), str)
            ):
                raise ShapeError(f"{where}: a tag is neither a name nor {{id, name, slug}}")


def topic_list(payload: Any, where: str) -> Mapping[str, Any]:
    body = obj(payload, where)
    listing = obj(body.get("topic_list"), f"{where} topic_list")
    items = _list(listing.get("topics"), f"{where} topic_list.topics")
    ids = []
    for raw in items:
        item = obj(raw, f"{where} topic")
        tid = pos_id(item, "id", f"{where} topic")
        _topic_fields(item, f"{where} topic {tid}")
        ids.append(tid)
    _unique(ids, where, "topic")
    more = listing.get("more_topics_url")
    if more is not None and (not isinstance(more, str) or not more.strip()):
        raise ShapeError(f"{where}: 'more_topics_url' must be a non-empty string")
    return body


def _post(raw: Any, topic_id: int, where: str) -> int:
    post = obj(raw, f"{where} post")
    pid = pos_id(post, "id", f"{where} post")
    where = f"{where} post {pid}"
    pos_id(post, "post_number", where)
    if post.get("topic_id") is not None and post.get("topic_id") != topic_id:
        raise ShapeError(f"{where}: belongs to topic {post.get('topic_id')!r:.40}")
    _opt_int(post, "user_id", where)
    _str(post, "username", where, empty=False)
    _time(post, "created_at", where)
    _str(post, "cooked", where)
    _int(post, "post_type", where, minimum=1)
    _bool(post, "hidden", where)
    _bool(post, "user_deleted", where)
    _time(post, "deleted_at", where, nullable=True)
    _likes(post, where)
    return pid


def _likes(post: Mapping[str, Any], where: str) -> None:
    """Likes change without a bump and are published as "herkenbaar", so a malformed count
    fails the sync (fail-closed) instead of reading as 0 and silently erasing them. Discourse
    always sends `actions_summary` (id 2 = like; no `count` means none)."""
    summary = _list(_field(post, "actions_summary", where), f"{where} actions_summary")
    counts = []
    for raw in summary:
        item = obj(raw, f"{where} actions_summary item")
        if not _is_int(item.get("id")):
            raise ShapeError(f"{where}: an actions_summary item without an integer 'id'")
        if item["id"] == 2:
            counts.append(_int(item, "count", f"{where} like") if "count" in item else 0)
    if len(counts) > 1:
        raise ShapeError(f"{where}: actions_summary lists the like (id 2) twice")
    if "like_count" in post:
        likes = _int(post, "like_count", where)
        if counts and counts[0] != likes:
            raise ShapeError(f"{where}: like_count {likes} disagrees with actions_summary")


def _posts(value: Any, topic_id: int, where: str) -> list[int]:
    ids = [_post(p, topic_id, where) for p in _list(value, f"{where} post_stream.posts")]
    _unique(ids, where, "post")
    return ids


def topic(payload: Any, topic_id: int) -> Mapping[str, Any]:
    """/t/{id}.json with its first chunk of posts (the rest come from `posts_chunk`)."""
    where = f"/t/{topic_id}.json"
    body = obj(payload, where)
    answered = pos_id(body, "id", where)
    if answered != topic_id:
        raise ShapeError(f"{where}: answered with topic {answered}")
    _topic_fields(body, where)
    stream_obj = obj(body.get("post_stream"), f"{where} post_stream")
    posts = _posts(stream_obj.get("posts"), topic_id, where)
    if not posts:
        raise ShapeError(f"{where}: post_stream.posts is empty (a topic has an opening post)")
    stream = _list(stream_obj.get("stream"), f"{where} post_stream.stream")
    if not all(_is_int(i) and i > 0 for i in stream):
        raise ShapeError(f"{where}: post_stream.stream holds something other than post ids")
    _unique(stream, where, "post id in post_stream.stream")
    outside = sorted(set(posts) - set(stream))
    if outside:
        raise ShapeError(f"{where}: posts {outside[:5]} are not in post_stream.stream")
    size = body.get("chunk_size")
    if size is not None and (not _is_int(size) or size <= 0):
        raise ShapeError(f"{where}: 'chunk_size' must be a positive integer")
    return body


def posts_chunk(payload: Any, topic_id: int, asked: Sequence[int], where: str) -> list[Any]:
    """/t/{id}/posts.json?post_ids[]=…: exactly the posts asked for, once each."""
    body = obj(payload, where)
    stream = obj(body.get("post_stream"), f"{where} post_stream")
    ids = _posts(stream.get("posts"), topic_id, where)
    missing = sorted(set(asked) - set(ids))
    extra = sorted(set(ids) - set(asked))
    if missing or extra:
        raise ShapeError(
            f"{where}: asked for {len(asked)} posts, missing {missing[:5]}, not asked {extra[:5]}"
        )
    return list(stream["posts"])


def covers_stream(payload: Mapping[str, Any], topic_id: int) -> None:
    """After merging the chunks: every post of the stream, once, post numbers unique."""
    where = f"/t/{topic_id}.json"
    stream = payload["post_stream"]
    ids = [p["id"] for p in stream["posts"]]
    _unique(ids, where, "post")
    if set(ids) != set(stream["stream"]):
        missing = sorted(set(stream["stream"]) - set(ids))
        raise ShapeError(f"{where}: posts {missing[:5]} of post_stream.stream never arrived")
    _unique((p["post_number"] for p in stream["posts"]), where, "post_number")


# --------------------------------------------------------------------------- groups, users
def members_page(payload: Any, where: str, offset: int) -> tuple[list[Mapping[str, Any]], int]:
    """One page of group members: (members, meta.total)."""
    body = obj(payload, where)
    members = []
    for raw in _list(body.get("members"), f"{where} members"):
        member = obj(raw, f"{where} member")
        _opt_int(member, "id", f"{where} member")
        if member.get("id") is None:
            raise ShapeError(f"{where}: a member without 'id'")
        _str(member, "username", f"{where} member {member['id']}", empty=False)
        members.append(member)
    meta = obj(body.get("meta"), f"{where} meta (paging: without it the list may be partial)")
    total = _int(meta, "total", f"{where} meta")
    if _int(meta, "offset", f"{where} meta") != offset:
        raise ShapeError(f"{where}: meta.offset is {meta['offset']}, asked for {offset}")
    _int(meta, "limit", f"{where} meta", minimum=1)
    return members, total


def members_complete(members: Sequence[Mapping[str, Any]], total: int, where: str) -> None:
    names = [str(m["username"]).lower() for m in members]
    if len(set(names)) != len(names):
        raise ShapeError(f"{where}: a member appears twice across the pages")
    if len(names) != total:
        raise ShapeError(f"{where}: read {len(names)} members, meta.total says {total}")


def user(payload: Any, username: str) -> Mapping[str, Any]:
    where = f"/u/{username}.json"
    body = obj(payload, where)
    found = obj(body.get("user"), f"{where} user")
    if str(_str(found, "username", where)).lower() != username.lower():
        raise ShapeError(f"{where}: answered with user {found['username']!r:.40}")
    for key in ("admin", "moderator"):
        _bool(found, key, where)
    return body
