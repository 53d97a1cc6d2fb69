"""GET /categories.json as one viewer sees it (split from views.py; same rules).

Top-level categories only, with `subcategory_ids`; the subcategories themselves appear,
nested in `subcategory_list` with their `parent_category_id`, only when the request asks
include_subcategories=true, as in Discourse.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from forum_sync.testing.model import Forum
from forum_sync.testing.views import Viewer, _text, can_see_category, public_posts


def categories_json(
    forum: Forum, viewer: Viewer, *, include_subcategories: bool = False,
) -> dict[str, Any]:
    """GET /categories.json: top-level categories only; their subcategories appear (nested, in
    `subcategory_list`) only with include_subcategories=true, as in Discourse."""
    visible = sorted((c for c in forum.categories.values()
                      if can_see_category(forum, c.id, viewer)), key=lambda c: (c.position, c.id))
    reference = max((t.bumped_at for t in forum.topics.values()), default=None)
    rows = []
    for category in (c for c in visible if c.parent_category_id is None):
        row = _category(forum, category.id, viewer, reference)
        children = [c for c in visible if c.parent_category_id == category.id]
        row["subcategory_ids"] = [c.id for c in children]
        if children:
            row["has_children"] = True
            row["subcategory_count"] = len(children)
            if include_subcategories:
                row["subcategory_list"] = [
                    _category(forum, c.id, viewer, reference) | {"parent_category_id": category.id}
                    for c in children]
        rows.append(row)
    return {"category_list": {
        "can_create_category": viewer.user is not None and viewer.user.admin,
        "can_create_topic": viewer.user is not None,
        "categories": rows,
    }}


def _category(
    forum: Forum, category_id: int, viewer: Viewer, reference: datetime | None,
) -> dict[str, Any]:
    category = forum.categories[category_id]
    topics = [t for t in forum.topics.values() if t.category_id == category_id
              and t.visible and t.deleted_at is None and not t.is_private_message]

    def since(days: int) -> int:
        # Relative to the newest activity, not the clock, so the demo files stay stable.
        if reference is None:
            return 0
        return sum(1 for t in topics if t.created_at >= reference - timedelta(days=days))

    description_text = None if category.description is None else _text(category.description)
    return {
        "id": category.id, "name": category.name, "color": category.color,
        "text_color": category.text_color, "style_type": "square", "emoji": None,
        "icon": None, "slug": category.slug, "topic_count": len(topics),
        "post_count": sum(len(public_posts(t)) for t in topics),
        "position": category.position, "description": category.description,
        "description_text": description_text, "description_excerpt": description_text,
        "topic_url": None, "read_restricted": category.read_restricted,
        "permission": 1 if viewer.staff else (2 if viewer.user is not None else 3),
        "notification_level": 1, "can_edit": viewer.user is not None and viewer.user.admin,
        "topic_template": None, "topic_title_placeholder": None, "has_children": False,
        "subcategory_count": None, "sort_order": None, "sort_ascending": None,
        "show_subcategory_list": False, "num_featured_topics": 3, "default_view": None,
        "subcategory_list_style": "rows_with_featured_topics", "default_top_period": "all",
        "default_list_filter": "all", "minimum_required_tags": 0,
        "navigate_to_first_post_after_read": False, "topics_day": since(1),
        "topics_week": since(7), "topics_month": since(30), "topics_year": since(365),
        "topics_all_time": len(topics), "is_uncategorized": category.slug == "zonder-categorie",
        "subcategory_ids": [], "uploaded_logo": None, "uploaded_logo_dark": None,
        "uploaded_background": None, "uploaded_background_dark": None,
    }
