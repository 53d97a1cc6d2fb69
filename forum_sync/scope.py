"""Scope: which forum categories `categories.publish` in forum.yml means, at this sync.

Pure: the categories a complete, checked /categories.json showed (top level and
subcategories, see `shapes.py`), the configured slugs and the categories earlier successful
syncs saw (slug -> id) in; the readable configured categories and the withdrawn ones out.

- A configured slug the forum shows, not `read_restricted`: readable, its topics are listed.
- A configured slug the forum shows as `read_restricted` (a key that may read it, or the
  admin view of a directory): withdrawn, its topics are never published.
- A configured slug the forum no longer shows, but an earlier successful sync saw: withdrawn.
  The category was made read-restricted (Discourse hides it from an anonymous visitor
  entirely) or deleted, or renamed. Its topics must leave the site at this sync, and the sync
  goes on for the other categories; a warning says so until forum.yml changes.
- A configured slug no successful sync has ever seen: a configuration error, never silence
  (a typo, or a category the sync may not read: remove it from forum.yml).

Discourse slugs are unique among siblings only, so a slug that two subcategories share is a
configuration error too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from forum_sync.config import ConfigError
from forum_sync.model import Category

GONE = "category-gone"  # store reason: no longer shown by /categories.json
RESTRICTED = "category-restricted"  # store reason: shown, but read_restricted


@dataclass(frozen=True)
class Withdrawn:
    slug: str
    ids: frozenset[int]  # the ids its topics may carry (the one seen, or the one shown)
    reason: str  # GONE or RESTRICTED
    note: str = ""  # e.g. "category 5 is now shown as 'ervaring'" (a rename)

    def message(self) -> str:
        why = (
            "is read-restricted on the forum"
            if self.reason == RESTRICTED
            else "is no longer shown by the forum (made read-restricted, deleted or renamed)"
        )
        extra = f"; {self.note}" if self.note else ""
        return (
            f"categories.publish: category '{self.slug}' {why}{extra}: its topics are no "
            "longer published. If that is permanent, remove it from forum.yml"
        )


@dataclass(frozen=True)
class Scope:
    readable: list[Category] = field(default_factory=list)
    withdrawn: list[Withdrawn] = field(default_factory=list)

    @property
    def withdrawn_ids(self) -> dict[int, str]:
        """category id -> store reason for every withdrawn category."""
        return {cid: w.reason for w in self.withdrawn for cid in w.ids}


def resolve(
    categories: Iterable[Category], slugs: Sequence[str], seen: Mapping[str, int]
) -> Scope:
    """The configured categories at this sync; ConfigError for a never-seen or shared slug."""
    shown = list(categories)
    by_slug: dict[str, list[Category]] = {}
    for category in shown:
        by_slug.setdefault(category.slug, []).append(category)
    unknown = [slug for slug in slugs if slug not in by_slug and slug not in seen]
    if unknown:
        known = ", ".join(sorted(by_slug)) or "none"
        raise ConfigError(
            f"categories.publish: the forum shows no category {unknown} (it shows: {known}), "
            "and no earlier sync saw one. Check the slug; a restricted category is invisible "
            "to an anonymous sync and never published: remove it from forum.yml"
        )
    shared = [slug for slug in slugs if len(by_slug.get(slug, ())) > 1]
    if shared:
        paths = [c.path for slug in shared for c in by_slug[slug]]
        raise ConfigError(f"categories.publish: {shared} names more than one category: {paths}")
    by_id = {c.id: c for c in shown}
    scope = Scope()
    for slug in slugs:
        if slug in by_slug:
            category = by_slug[slug][0]
            if category.read_restricted:
                scope.withdrawn.append(Withdrawn(slug, frozenset({category.id}), RESTRICTED))
            else:
                scope.readable.append(category)
            continue
        old_id = seen[slug]
        renamed = by_id.get(old_id)
        note = f"category {old_id} is now shown as '{renamed.slug}'" if renamed else ""
        scope.withdrawn.append(Withdrawn(slug, frozenset({old_id}), GONE, note))
    return scope

