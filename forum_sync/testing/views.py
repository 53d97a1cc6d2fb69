"""Discourse JSON shapes of the in-memory forum, as one viewer sees them.

Pure functions: (forum, viewer, ...) -> dict. The server, the demo builder (which writes the
admin view to disk) and the tests share them. The shapes follow the response schemas of the
official Discourse OpenAPI spec (../shared/discourse/openapi.json) field for field, with the
few deliberate deviations listed in SPEC_DEVIATIONS, where the spec (recorded from one sample
response) is narrower than what a real Discourse sends.

Visibility, as Discourse applies it:
- staff (admin or moderator) see everything: whispers, deleted posts (with deleted_at),
  deleted topics, hidden posts' cooked, restricted categories, unlisted topics in lists;
  private messages are open to admins and their participants only (as in Discourse);
- everybody else never sees whispers (post_type 4), deleted posts, deleted topics (404),
  private messages they are not part of (404), read_restricted categories (topics 403,
  category lists 404); unlisted topics (visible false) are left out of lists but open by URL;
- a hidden post is served to non-staff with hidden: true, cooked_hidden: true and cooked
  replaced by Discourse's placeholder HIDDEN_POST_COOKED (BasicPostSerializer#cooked);
- a post withdrawn by its author keeps user_deleted: true and Discourse's placeholder text
  (model.WITHDRAWN_POST_COOKED), for everybody, staff included.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from forum_sync.testing.model import (
    POST_WHISPER,
    Forum,
    Group,
    Post,
    Topic,
    User,
    avatar_template,
    iso,
)

# flagging.user_must_edit in Discourse's English locale (a Dutch site sends its translation).
HIDDEN_POST_COOKED = "<p>This post was flagged by the community and is temporarily hidden.</p>"
CHUNK_SIZE = 20

SPEC_DEVIATIONS: tuple[tuple[str, str, str], ...] = (
    ("/c/{slug}/{id}.json", "topic_list.more_topics_url",
     "real Discourse sends it when there is a next page; the spec's sample had one page"),
    ("/c/{slug}/{id}.json", "topic_list.topics[].tags",
     "real Discourse lists tags when tagging is on, as in /latest.json"),
    ("/t/{id}.json + /t/{id}/posts.json", "posts[].reply_to_post_number",
     "an integer in real Discourse; the spec says string|null"),
    ("/t/{id}.json + /t/{id}/posts.json", "posts[].action_code",
     "present on small-action posts only (e.g. 'visible.disabled')"),
    ("/t/{id}.json + /t/{id}/posts.json", "posts[].cooked_hidden",
     "present (true) only on hidden posts served to non-staff"),
    ("/t/{id}.json + /t/{id}/posts.json", "posts[].actions_summary[].count",
     "the like count, sent when a post has likes (as /posts/{id}.json's schema documents)"),
    ("/t/{id}.json", "category_id",
     "null for private messages, which have no category"),
)


@dataclass(frozen=True)
class Viewer:
    """Who asks: None is anonymous (no Api-Key)."""

    user: User | None = None

    @property
    def staff(self) -> bool:
        return self.user is not None and self.user.staff

    @property
    def user_id(self) -> int | None:
        return None if self.user is None else self.user.id


ANONYMOUS = Viewer()
# The view the demo files are written in: an admin who wrote none of the posts.
SYSTEM = Viewer(User(id=-1, username="system", name="system", admin=True, moderator=True,
                     trust_level=4))


# --------------------------------------------------------------------------- visibility
def can_see_category(forum: Forum, category_id: int | None, viewer: Viewer) -> bool:
    if category_id is None or viewer.staff:
        return True
    category = forum.categories.get(category_id)
    if category is None:
        return False
    if not category.read_restricted:
        return True
    return viewer.user_id is not None and any(
        viewer.user_id in forum.groups[name].member_ids
        for name in category.allowed_groups if name in forum.groups
    )


def topic_status(forum: Forum, topic: Topic, viewer: Viewer) -> int:
    """200 when the viewer may open the topic, else the status Discourse answers with."""
    if topic.is_private_message:  # admins see every PM, moderators only their own
        admin = viewer.user is not None and viewer.user.admin
        return 200 if admin or viewer.user_id in topic.allowed_user_ids else 404
    if viewer.staff:
        return 200
    if topic.deleted_at is not None:
        return 404
    if not can_see_category(forum, topic.category_id, viewer):
        return 403
    return 200


def visible_posts(topic: Topic, viewer: Viewer) -> list[Post]:
    posts = sorted(topic.posts, key=lambda p: p.post_number)
    if viewer.staff:
        return posts
    return [p for p in posts if p.post_type != POST_WHISPER and p.deleted_at is None]


def public_posts(topic: Topic) -> list[Post]:
    """The posts Discourse counts in posts_count / last_posted_at (no whispers, not deleted)."""
    return visible_posts(topic, ANONYMOUS)


def _parent(forum: Forum, category_id: int | None) -> int | None:
    category = forum.categories.get(category_id) if category_id is not None else None
    return None if category is None else category.parent_category_id


def listed_topics(
    forum: Forum, viewer: Viewer, *, category_id: int | None = None, status: str | None = None,
    subcategories: bool = True,
) -> list[Topic]:
    """Topics a topic list may show; status 'deleted'/'unlisted' are staff-only filters.
    A category's list includes its subcategories' topics, as Discourse's does by default."""
    result = []
    for topic in forum.topics.values():
        if topic.is_private_message or topic_status(forum, topic, viewer) != 200:
            continue
        if status == "deleted" and viewer.staff:
            if topic.deleted_at is None:
                continue
        elif topic.deleted_at is not None:
            continue
        if not topic.visible and not viewer.staff:
            continue
        if status == "unlisted" and topic.visible:
            continue
        if category_id is not None and topic.category_id != category_id and not (
            subcategories and _parent(forum, topic.category_id) == category_id
        ):
            continue
        result.append(topic)
    return result


ORDER_KEYS: dict[str, Callable[[Topic], Any]] = {
    "activity": lambda t: t.bumped_at,
    "created": lambda t: t.created_at,
    "posts": lambda t: len(public_posts(t)),
    "views": lambda t: t.views,
    "likes": lambda t: t.like_count,
}


def order_topics(
    topics: Iterable[Topic], *, order: str | None, ascending: bool,
    pinned_first: Callable[[Topic], bool] | None,
) -> list[Topic]:
    """Sort like TopicQuery; with the default order, pinned topics come first."""
    key = ORDER_KEYS.get(order or "activity", ORDER_KEYS["activity"])
    ordered = sorted(topics, key=lambda t: (key(t), t.id), reverse=not ascending)
    if pinned_first is None or (order or "default") not in ("default", "activity"):
        return ordered
    return [t for t in ordered if pinned_first(t)] + [t for t in ordered if not pinned_first(t)]


# --------------------------------------------------------------------------- helpers
def _user(forum: Forum, user_id: int) -> User:
    return forum.users.get(user_id) or User(id=user_id, username=f"user{user_id}")


def basic_user(user: User) -> dict[str, Any]:
    return {"id": user.id, "username": user.username, "name": user.name,
            "avatar_template": avatar_template(user.username)}


def fancy_title(title: str) -> str:
    return html.escape(title, quote=False).replace("'", "&rsquo;")


def _text(cooked: str) -> str:
    without_quotes = re.sub(r"<aside.*?</aside>", " ", cooked, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", without_quotes)).split())


def excerpt(topic: Topic, viewer: Viewer, limit: int = 200) -> str:
    posts = visible_posts(topic, viewer)
    if not posts:
        return ""
    first = posts[0]
    text = _text(HIDDEN_POST_COOKED if first.hidden and not viewer.staff else first.cooked)
    if len(text) > limit:
        return html.escape(text[:limit].rstrip(), quote=False) + "&hellip;"
    return html.escape(text, quote=False)


def _last_public(topic: Topic) -> Post | None:
    posts = public_posts(topic)
    return max(posts, key=lambda p: (p.created_at, p.post_number)) if posts else None


def _highest_post_number(topic: Topic, viewer: Viewer) -> int:
    return max((p.post_number for p in visible_posts(topic, viewer)), default=0)


def _posters(topic: Topic, viewer: Viewer) -> list[dict[str, Any]]:
    """Up to five avatars in a topic list row, as Discourse's TopicPostersSummary builds them."""
    posts = visible_posts(topic, viewer)
    if not posts:
        return []
    op, last = posts[0].user_id, max(posts, key=lambda p: p.created_at).user_id
    frequent = [uid for uid, _ in Counter(p.user_id for p in posts).most_common()
                if uid not in (op, last)][:3]
    if op == last:
        single = len({p.user_id for p in posts}) == 1
        rows = [(op, "latest single" if single else "latest",
                 "Original Poster, Most Recent Poster")]
    else:
        rows = [(op, "", "Original Poster")]
    rows += [(uid, "", "Frequent Poster") for uid in frequent]
    if op != last:
        rows.append((last, "latest", "Most Recent Poster"))
    return [{"extras": extras, "description": description, "user_id": uid,
             "primary_group_id": None} for uid, extras, description in rows]


def tag_objects(forum: Forum, topic: Topic) -> list[dict[str, Any]]:
    return [{"id": forum.tag_id(name), "name": name, "slug": name} for name in topic.tags]


# --------------------------------------------------------------------------- topic lists
def topic_list_json(
    forum: Forum, viewer: Viewer, topics: list[Topic], *, page: int, per_page: int,
    more_topics_url: str | None, kind: str, listing_tags: str = "strings",
) -> dict[str, Any]:
    """One page of a topic list. kind 'latest' follows /latest.json's schema, 'category'
    the stricter /c/{slug}/{id}.json one (no draft fields, nullable bookmarked/liked)."""
    page_topics = topics[page * per_page:(page + 1) * per_page]
    items = [_list_item(forum, t, viewer, kind=kind, listing_tags=listing_tags)
             for t in page_topics]
    user_ids = list(dict.fromkeys(p["user_id"] for item in items for p in item["posters"]))
    topic_list: dict[str, Any] = {"can_create_topic": viewer.user is not None,
                                  "per_page": per_page}
    if kind == "latest":
        topic_list |= {"draft": None, "draft_key": "new_topic", "draft_sequence": 0}
    topic_list["topics"] = items
    if more_topics_url is not None:
        topic_list["more_topics_url"] = more_topics_url
    return {"users": [basic_user(_user(forum, uid)) for uid in user_ids],
            "primary_groups": [], "topic_list": topic_list}


def _list_item(
    forum: Forum, topic: Topic, viewer: Viewer, *, kind: str, listing_tags: str,
) -> dict[str, Any]:
    last = _last_public(topic)
    public = public_posts(topic)
    item: dict[str, Any] = {
        "id": topic.id, "title": topic.title, "fancy_title": fancy_title(topic.title),
        "slug": topic.slug, "posts_count": len(public),
        "reply_count": max(len(public) - 1, 0),
        "highest_post_number": _highest_post_number(topic, viewer), "image_url": None,
        "created_at": iso(topic.created_at),
        "last_posted_at": iso(last.created_at if last else topic.created_at),
        "bumped": True, "bumped_at": iso(topic.bumped_at), "archetype": topic.archetype,
        "unseen": False, "pinned": topic.pinned, "unpinned": None,
        "excerpt": excerpt(topic, viewer), "visible": topic.visible, "closed": topic.closed,
        "archived": topic.archived, "bookmarked": None, "liked": None, "views": topic.views,
        "like_count": topic.like_count, "has_summary": False,
        "last_poster_username": _user(forum, last.user_id if last else topic.user_id).username,
        "category_id": topic.category_id, "pinned_globally": topic.pinned_globally,
        "featured_link": None, "posters": _posters(topic, viewer),
    }
    item["tags"] = tag_objects(forum, topic) if listing_tags == "objects" else list(topic.tags)
    if kind == "latest":
        # /latest.json's schema types these as plain booleans/strings (no null).
        del item["image_url"]
        item["bookmarked"] = item["liked"] = False
        if not topic.pinned:  # Discourse only sends excerpts for pinned rows in /latest
            del item["excerpt"]
    return item


# --------------------------------------------------------------------------- topics
def post_json(forum: Forum, topic: Topic, post: Post, viewer: Viewer) -> dict[str, Any]:
    user = _user(forum, post.user_id)
    hidden_for_viewer = post.hidden and not viewer.staff
    cooked = HIDDEN_POST_COOKED if hidden_for_viewer else post.cooked
    data: dict[str, Any] = {
        "id": post.id, "name": user.name, "username": user.username,
        "avatar_template": avatar_template(user.username),
        "created_at": iso(post.created_at), "cooked": cooked,
        "post_number": post.post_number, "post_type": post.post_type,
        "updated_at": iso(post.updated_at),
        "reply_count": sum(1 for p in public_posts(topic)
                           if p.reply_to_post_number == post.post_number),
        "reply_to_post_number": post.reply_to_post_number,
        "quote_count": cooked.count('<aside class="quote'), "incoming_link_count": 0,
        "reads": post.reads, "readers_count": max(post.reads - 1, 0), "score": post.score,
        "yours": viewer.user_id == post.user_id, "topic_id": topic.id,
        "topic_slug": topic.slug, "display_username": user.name,
        "primary_group_name": None, "flair_name": None, "flair_url": None,
        "flair_bg_color": None, "flair_color": None, "version": post.version,
        "can_edit": viewer.staff, "can_delete": viewer.staff,
        "can_recover": viewer.staff and post.deleted_at is not None,
        "can_wiki": viewer.staff, "link_counts": [] if hidden_for_viewer else link_counts(cooked),
        "read": True, "user_title": user.title, "bookmarked": False,
        "actions_summary": [{"id": 2, "can_act": viewer.user is not None}
                            | ({"count": post.like_count} if post.like_count else {})],
        "moderator": user.moderator, "admin": user.admin, "staff": user.staff,
        "user_id": user.id, "hidden": post.hidden, "trust_level": user.trust_level,
        "deleted_at": iso(post.deleted_at), "user_deleted": post.user_deleted,
        "edit_reason": post.edit_reason, "can_view_edit_history": True, "wiki": False,
        "reviewable_id": 0, "reviewable_score_count": 0, "reviewable_score_pending_count": 0,
    }
    if post.hidden:
        data["can_see_hidden_post"] = viewer.staff
    if hidden_for_viewer:
        data["cooked_hidden"] = True
    if post.action_code:
        data["action_code"] = post.action_code
    return data


def link_counts(cooked: str) -> list[dict[str, Any]]:
    urls = dict.fromkeys(re.findall(r'href="(https?://[^"]+)"', cooked))
    return [{"url": url, "internal": False, "reflection": False,
             "title": re.sub(r"^https?://(www\.)?", "", url).split("/")[0], "clicks": 0}
            for url in urls]


def topic_json(
    forum: Forum, topic: Topic, viewer: Viewer, *, chunk_size: int | None = CHUNK_SIZE,
) -> dict[str, Any]:
    """GET /t/{id}.json. chunk_size None puts every visible post in post_stream.posts."""
    posts = visible_posts(topic, viewer)
    chunk = posts if chunk_size is None else posts[:chunk_size]
    public = public_posts(topic)
    last = _last_public(topic)
    creator = _user(forum, topic.user_id)
    return {
        "post_stream": {"posts": [post_json(forum, topic, p, viewer) for p in chunk],
                        "stream": [p.id for p in posts]},
        "timeline_lookup": [], "suggested_topics": [],
        "tags": tag_objects(forum, topic), "tags_descriptions": {},
        "id": topic.id, "title": topic.title, "fancy_title": fancy_title(topic.title),
        "posts_count": len(public), "created_at": iso(topic.created_at),
        "views": topic.views, "reply_count": max(len(public) - 1, 0),
        "like_count": topic.like_count,
        "last_posted_at": iso(last.created_at) if last else None,
        "visible": topic.visible, "closed": topic.closed, "archived": topic.archived,
        "has_summary": False, "archetype": topic.archetype, "slug": topic.slug,
        "category_id": topic.category_id,
        "word_count": sum(len(_text(p.cooked).split()) for p in public),
        "deleted_at": iso(topic.deleted_at), "user_id": topic.user_id,
        "featured_link": None, "pinned_globally": topic.pinned_globally,
        "pinned_at": iso(topic.pinned_at), "pinned_until": iso(topic.pinned_until),
        "image_url": None, "slow_mode_seconds": 0, "draft": None,
        "draft_key": f"topic_{topic.id}", "draft_sequence": 0, "unpinned": None,
        "pinned": topic.pinned, "highest_post_number": _highest_post_number(topic, viewer),
        "deleted_by": None,
        "has_deleted": viewer.staff and any(p.deleted_at is not None for p in topic.posts),
        "actions_summary": [{"id": action, "count": 0, "hidden": False,
                             "can_act": viewer.user is not None} for action in (4, 8, 10, 7)],
        "chunk_size": CHUNK_SIZE, "bookmarked": False, "bookmarks": [], "topic_timer": None,
        "message_bus_last_id": 0,
        "participant_count": len({p.user_id for p in posts}),
        "show_read_indicator": False, "thumbnails": None, "slow_mode_enabled_until": None,
        "details": _details(forum, topic, viewer, posts, creator, last),
    }


def _details(
    forum: Forum, topic: Topic, viewer: Viewer, posts: list[Post], creator: User,
    last: Post | None,
) -> dict[str, Any]:
    staff, member = viewer.staff, viewer.user is not None
    counts = Counter(p.user_id for p in posts)
    participants = []
    for uid, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:24]:
        user = _user(forum, uid)
        participants.append(basic_user(user) | {
            "post_count": count, "primary_group_name": None, "flair_name": None,
            "flair_url": None, "flair_color": None, "flair_bg_color": None,
            "flair_group_id": None, "admin": user.admin, "moderator": user.moderator,
            "trust_level": user.trust_level,
        })
    return {
        "can_edit": staff, "notification_level": 1, "can_move_posts": staff,
        "can_delete": staff, "can_remove_allowed_users": staff,
        "can_create_post": member and not topic.closed, "can_reply_as_new_topic": member,
        "can_flag_topic": member, "can_convert_topic": staff, "can_review_topic": staff,
        "can_close_topic": staff, "can_archive_topic": staff,
        "can_split_merge_topic": staff, "can_edit_staff_notes": staff,
        "can_toggle_topic_visibility": staff, "can_pin_unpin_topic": staff,
        "can_moderate_category": staff, "can_remove_self_id": viewer.user_id or 0,
        "participants": participants, "created_by": basic_user(creator),
        "last_poster": basic_user(_user(forum, last.user_id if last else topic.user_id)),
    }


def posts_json(
    forum: Forum, topic: Topic, viewer: Viewer, post_ids: list[int] | None,
) -> dict[str, Any]:
    """GET /t/{id}/posts.json: the requested posts the viewer may see, in stream order;
    without post_ids the first chunk. Invisible or unknown ids are silently dropped."""
    posts = visible_posts(topic, viewer)
    if post_ids is None:
        chosen = posts[:CHUNK_SIZE]
    else:
        wanted = set(post_ids)
        chosen = [p for p in posts if p.id in wanted]
    return {"post_stream": {"posts": [post_json(forum, topic, p, viewer) for p in chosen]},
            "id": topic.id}


# --------------------------------------------------------------------------- groups
def user_last_posted_at(forum: Forum, user: User) -> datetime:
    times = [p.created_at for t in forum.topics.values() for p in t.posts
             if p.user_id == user.id]
    return max(times, default=user.created_at)


def group_members_json(
    forum: Forum, group: Group, *, offset: int = 0, limit: int = 50,
) -> dict[str, Any]:
    members = sorted(group.member_ids)
    page = members[offset:offset + limit]
    rows = []
    for uid in page:
        user = _user(forum, uid)
        last = iso(user_last_posted_at(forum, user))
        rows.append(basic_user(user) | {
            "title": user.title, "last_posted_at": last, "last_seen_at": last,
            "added_at": iso(group.added_at.get(uid, user.created_at)),
            "timezone": "Europe/Amsterdam",
        })
    return {"members": rows, "owners": [],
            "meta": {"total": len(members), "limit": limit, "offset": offset}}


def can_see_group_members(group: Group, viewer: Viewer) -> bool:
    return group.members_visibility == "public" or viewer.staff
