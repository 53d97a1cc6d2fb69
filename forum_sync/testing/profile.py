"""GET /u/{username}.json in the shape of the Discourse OpenAPI spec.

The spec records the full (own-profile) serializer, so every field is present for every
viewer; what matters to the sync is `admin`, `moderator`, `trust_level` and `groups`.
"""

from __future__ import annotations

from typing import Any

from forum_sync.testing.model import Forum, User, avatar_template, iso
from forum_sync.testing.views import Viewer, user_last_posted_at, visible_posts

_WEEK_SCHEDULE = {
    f"day_{d}_{edge}_time": (480 if edge == "start" else 1020)
    for d in range(7)
    for edge in ("start", "end")
}


def user_json(forum: Forum, user: User, viewer: Viewer) -> dict[str, Any]:
    me = viewer.user_id == user.id
    staff = viewer.staff
    last = iso(user_last_posted_at(forum, user))
    topics = [
        t
        for t in forum.topics.values()
        if t.user_id == user.id and t.deleted_at is None and not t.is_private_message
    ]
    post_count = sum(
        1 for t in forum.topics.values() for p in visible_posts(t, viewer) if p.user_id == user.id
    )
    featured = min(topics, key=lambda t: t.id, default=None)
    groups = [
        g
        for g in sorted(forum.groups.values(), key=lambda g: g.id)
        if user.id in g.member_ids and (g.members_visibility == "public" or staff)
    ]
    return {
        "user_badges": [],
        "user": {
            "id": user.id,
            "username": user.username,
            "name": user.name,
            "avatar_template": avatar_template(user.username),
            "last_posted_at": last,
            "last_seen_at": last,
            "created_at": iso(user.created_at),
            "ignored": False,
            "muted": False,
            "can_ignore_user": False,
            "can_mute_user": False,
            "can_send_private_messages": viewer.user is not None,
            "can_send_private_message_to_user": viewer.user is not None and not me,
            "trust_level": user.trust_level,
            "moderator": user.moderator,
            "admin": user.admin,
            "title": user.title,
            "badge_count": 0,
            "custom_fields": {},
            "time_read": 0,
            "recent_time_read": 0,
            "primary_group_id": None,
            "primary_group_name": None,
            "flair_group_id": None,
            "flair_name": None,
            "flair_url": None,
            "flair_bg_color": None,
            "flair_color": None,
            # The spec makes featured_topic a required object; Discourse would send null.
            "featured_topic": {
                "id": featured.id,
                "title": featured.title,
                "fancy_title": featured.title,
                "slug": featured.slug,
                "posts_count": len(featured.posts),
            }
            if featured
            else {"id": 0, "title": "", "fancy_title": "", "slug": "", "posts_count": 0},
            "staged": False,
            "can_edit": me or staff,
            "can_edit_username": me or staff,
            "can_edit_email": me or staff,
            "can_edit_name": me or staff,
            "uploaded_avatar_id": None,
            "has_title_badges": False,
            "pending_count": 0,
            "profile_view_count": 0,
            "second_factor_enabled": False,
            "can_upload_profile_header": me,
            "can_upload_user_card_background": me,
            "post_count": post_count,
            "topic_count": len(topics),
            "can_be_deleted": staff and not user.staff,
            "can_delete_all_posts": staff,
            "locale": "nl",
            "muted_category_ids": [],
            "regular_category_ids": [],
            "watched_tags": [],
            "watching_first_post_tags": [],
            "tracked_tags": [],
            "muted_tags": [],
            "tracked_category_ids": [],
            "watched_category_ids": [],
            "watched_first_post_category_ids": [],
            "system_avatar_upload_id": None,
            "system_avatar_template": avatar_template(user.username),
            "muted_usernames": [],
            "ignored_usernames": [],
            "allowed_pm_usernames": [],
            "mailing_list_posts_per_day": 0,
            "can_change_bio": me,
            "can_change_location": me,
            "can_change_website": me,
            "can_change_tracking_preferences": me,
            "user_api_keys": None,
            "user_auth_tokens": [],
            "user_notification_schedule": {"enabled": False} | _WEEK_SCHEDULE,
            "use_logo_small_as_avatar": False,
            "featured_user_badge_ids": [],
            "invited_by": None,
            "groups": [_group(forum, g.id, g.name, len(g.member_ids)) for g in groups],
            "group_users": [
                {"group_id": g.id, "user_id": user.id, "notification_level": 3} for g in groups
            ],
            "user_option": _user_option(user),
        },
    }


def _group(forum: Forum, group_id: int, name: str, user_count: int) -> dict[str, Any]:
    return {
        "id": group_id,
        "automatic": False,
        "name": name,
        "display_name": name,
        "user_count": user_count,
        "mentionable_level": 0,
        "messageable_level": 0,
        "visibility_level": 0,
        "primary_group": False,
        "title": None,
        "grant_trust_level": None,
        "incoming_email": None,
        "has_messages": False,
        "flair_url": None,
        "flair_bg_color": None,
        "flair_color": None,
        "bio_raw": None,
        "bio_cooked": None,
        "bio_excerpt": None,
        "public_admission": False,
        "public_exit": False,
        "allow_membership_requests": False,
        "full_name": None,
        "default_notification_level": 3,
        "membership_request_template": None,
        "members_visibility_level": 0 if forum.groups[name].members_visibility == "public" else 4,
        "can_see_members": True,
        "can_admin_group": False,
        "publish_read_state": False,
    }


def _user_option(user: User) -> dict[str, Any]:
    return {
        "user_id": user.id,
        "mailing_list_mode": False,
        "mailing_list_mode_frequency": 1,
        "email_digests": True,
        "email_level": 1,
        "email_messages_level": 0,
        "external_links_in_new_tab": False,
        "color_scheme_id": None,
        "dark_scheme_id": None,
        "dynamic_favicon": False,
        "enable_quoting": True,
        "enable_smart_lists": True,
        "enable_markdown_monospace_font": False,
        "digest_after_minutes": 10080,
        "automatically_unpin_topics": True,
        "auto_track_topics_after_msecs": 240000,
        "notification_level_when_replying": 2,
        "new_topic_duration_minutes": 2880,
        "email_previous_replies": 2,
        "email_in_reply_to": False,
        "like_notification_frequency": 1,
        "notify_on_linked_posts": True,
        "push_notification_level": "always",
        "enable_upcoming_change_available_notifications": False,
        "include_tl0_in_digests": False,
        "theme_ids": [],
        "theme_key_seq": 0,
        "allow_private_messages": True,
        "enable_allowed_pm_users": False,
        "homepage_id": None,
        "hide_profile_and_presence": False,
        "hide_profile": False,
        "hide_presence": False,
        "text_size": "normal",
        "text_size_seq": 0,
        "title_count_mode": "notifications",
        "timezone": "Europe/Amsterdam",
        "skip_new_user_tips": False,
        "topics_unread_when_closed": True,
        "interface_color_mode": 1,
        "show_original_content": False,
        "send_shortcut": "enter",
        "automatically_translate": False,
        "understood_languages": ["nl"],
    }
