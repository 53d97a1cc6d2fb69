"""The publication policy: which topics and posts may leave the forum. Pure functions.

A topic is published only when all of these hold:

- its category is one of the configured public categories (by slug) and is not
  `read_restricted` (Discourse's flag for categories that not everyone may read);
- it is `visible` (not unlisted), its `archetype` is `regular` (never a personal message),
  and it is not deleted;
- it does not carry the opt-out tag (`niet-publiceren`);
- it is older than the cooling-off period (default 48 hours), so moderators act first;
- its opening post is itself publishable (the title and the question belong to that post's
  author: without it, the rest would be published out of context and against an opt-out).

A post is published only when it is a regular post (`post_type` 1: no whispers, moderator
actions or small actions), not `hidden`, not deleted, not `user_deleted`, and its author is not
in the opt-out group.

The cooling-off period is the one temporary rule: such a topic stays in the store and appears
once it is old enough. Every other exclusion is permanent for the content as fetched: the sync
removes it from the store (see `sync.py`), and the export applies the same rules again.

Whatever the forum returns goes through these rules, also content a staff key (wrongly) sees.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from forum_sync.model import Category, PostInfo, TopicInfo, parse_time

REGULAR_POST = 1
REGULAR_ARCHETYPE = "regular"
COOLING_OFF = "cooling-off"


@dataclass(frozen=True)
class PolicyConfig:
    publish_categories: frozenset[str]
    opt_out_tag: str = "niet-publiceren"
    cooling_off: timedelta = timedelta(hours=48)


@dataclass(frozen=True)
class OptOut:
    """Members of the opt-out group: matched by user id and, as a fallback, by username."""

    user_ids: frozenset[int] = frozenset()
    usernames: frozenset[str] = frozenset()

    def covers(self, user_id: int | None, username: str) -> bool:
        if user_id is not None and user_id in self.user_ids:
            return True
        return username.lower() in self.usernames


def public_categories(categories: Iterable[Category], cfg: PolicyConfig) -> dict[int, Category]:
    """Configured categories that everybody may read, by id."""
    return {
        c.id: c for c in categories if c.slug in cfg.publish_categories and not c.read_restricted
    }


def topic_exclusion(
    topic: TopicInfo, categories: Mapping[int, Category], cfg: PolicyConfig
) -> str | None:
    """Why a topic may never be published as it is now; None when only cooling-off may apply.

    `categories` holds every category known from /categories.json, by id.
    """
    category = categories.get(topic.category_id) if topic.category_id is not None else None
    if category is None:
        return "category-unknown"
    if category.read_restricted:
        return "category-restricted"
    if category.slug not in cfg.publish_categories:
        return "category-not-configured"
    if topic.archetype != REGULAR_ARCHETYPE:
        return "not-regular"
    if not topic.visible:
        return "unlisted"
    if topic.deleted:
        return "deleted"
    if cfg.opt_out_tag in topic.tags:
        return "opt-out-tag"
    return None


def cooling_off(topic: TopicInfo, now: datetime, cfg: PolicyConfig) -> bool:
    created = parse_time(topic.created_at)
    return created is None or now - created < cfg.cooling_off


def post_exclusion(post: PostInfo, opt_out: OptOut) -> str | None:
    if post.post_type != REGULAR_POST:
        return "not-regular-post"
    if post.hidden:
        return "hidden"
    if post.deleted:
        return "deleted"
    if post.user_deleted:
        return "user-deleted"
    if opt_out.covers(post.user_id, post.username):
        return "opt-out-user"
    return None


def publishable_posts(posts: Iterable[PostInfo], opt_out: OptOut) -> list[PostInfo]:
    """The posts that may be published, in post order; empty when the opening post may not be."""
    ordered = sorted(posts, key=lambda p: p.post_number)
    kept = [p for p in ordered if post_exclusion(p, opt_out) is None]
    if not kept or kept[0].post_number != 1:
        return []
    return kept


@dataclass(frozen=True)
class TopicDecision:
    publish: bool
    reason: str | None  # None when published


def decide(
    topic: TopicInfo,
    posts: Iterable[PostInfo],
    categories: Mapping[int, Category],
    opt_out: OptOut,
    now: datetime,
    cfg: PolicyConfig,
) -> tuple[TopicDecision, list[PostInfo]]:
    """The whole decision for one topic at time `now`: publish or not, and which posts."""
    reason = topic_exclusion(topic, categories, cfg)
    if reason is not None:
        return TopicDecision(False, reason), []
    kept = publishable_posts(posts, opt_out)
    if not kept:
        return TopicDecision(False, "opening-post-excluded"), []
    if cooling_off(topic, now, cfg):
        return TopicDecision(False, COOLING_OFF), []
    return TopicDecision(True, None), kept
