"""Scope: which forum categories `categories.publish` in forum.yml means.

Pure: the categories the forum showed (top level and subcategories, see `shapes.py`) and the
configured slugs in, the configured categories out. A slug the forum does not show is a
configuration error, never silence: a typo, a renamed category, or a category the sync may
not read (Discourse hides restricted categories from anonymous visitors entirely; they are
never published, so remove them from forum.yml). Discourse slugs are unique among siblings
only, so a slug that two subcategories share is an error too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from forum_sync.config import ConfigError
from forum_sync.model import Category


def configured(categories: Iterable[Category], slugs: Sequence[str]) -> list[Category]:
    by_slug: dict[str, list[Category]] = {}
    for category in categories:
        by_slug.setdefault(category.slug, []).append(category)
    unknown = [slug for slug in slugs if slug not in by_slug]
    if unknown:
        known = ", ".join(sorted(by_slug)) or "none"
        raise ConfigError(
            f"categories.publish: the forum shows no category {unknown} (it shows: {known}). "
            "Check the slug; a restricted category is invisible to an anonymous sync and never "
            "published: remove it from forum.yml"
        )
    shared = [slug for slug in slugs if len(by_slug[slug]) > 1]
    if shared:
        paths = [c.path for slug in shared for c in by_slug[slug]]
        raise ConfigError(f"categories.publish: {shared} names more than one category: {paths}")
    return [by_slug[slug][0] for slug in slugs]
