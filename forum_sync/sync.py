"""Sync: read the forum (fetch), apply the publication policy, write the store.

Incremental by default. Every sync reads /categories.json, the opt-out group's members and
all listing pages of the configured public categories (the only way to notice a topic that
vanished: deleted, unlisted, moved to a restricted category), and remembers per topic a
fingerprint of its listing fields (bump and activity timestamps, post counts, visibility,
category, tags, title). It then fetches only:

- topics whose fingerprint changed or that are new, and
- stored topics that no longer appear in the listing (they answer 403/404/410, or come back
  unlisted, deleted or in another category, and are removed).

So a sync with nothing changed costs the listing pages plus the categories and the group's
pages, and k changed topics add about k requests (plus one per extra chunk of 20 posts).
Edits to earlier posts, hidden replies and username changes do not change the listing, so
`--full` re-reads every listed and stored topic and reconciles; run it weekly.

All or nothing: the whole sync is one transaction. Categories, the opt-out group and every
listing page are read and checked (`shapes.py`) before anything is written, then each topic
is fetched, checked and written; any failure (a wrong shape, an HTML error page, 5xx, a
timeout, Ctrl-C) rolls everything back, so the store stays exactly as it was apart from the
run log, which records the failure. The next sync does the work again.

Categories: `scope.py` decides which configured categories are read. One that an earlier
successful sync saw but a complete, checked /categories.json no longer shows (made
read-restricted or deleted on the forum), or shows as `read_restricted`, is withdrawn: its
stored topics become tombstones (reason `category-gone` or `category-restricted`) in this
sync, a warning says so (also in `forum-sync status`), and the other categories sync as
usual. If it comes back, its topics are listed, fetched and published again. A slug no
successful sync has seen is a configuration error. A categories answer that fails its checks
fails the sync: it is never evidence that a category went away; and a category the answer
leaves out entirely must itself answer Discourse's 403/404/410 (`source.category_gone`).

Removal: whatever the policy excludes, or the forum answers with a Discourse-shaped
403/404/410 for that topic, is removed from the store (posts, raw JSON and cached anonymized
text) in the same transaction that records the topic. 429, 5xx, timeouts, HTML error pages
and answers of the wrong shape never remove anything: they fail the sync (after the retries
in `fetch.py`) and the next sync finishes the work.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tqdm import tqdm

from forum_sync import scope
from forum_sync.config import Config, Credentials
from forum_sync.fetch import FetchError, Gone, Source
from forum_sync.model import (
    Category,
    ForumDataError,
    Person,
    fingerprint,
    parse_categories,
    parse_post,
    parse_topic,
    people_in_topic,
)
from forum_sync.policy import (
    OptOut,
    PolicyConfig,
    post_exclusion,
    public_categories,
    topic_exclusion,
)
from forum_sync.store import Store

log = logging.getLogger(__name__)

# Test-only seam: end-to-end tests switch this off to prove the policy holds even when a
# forum hands staff-only content to the sync. Never change it in production code.
STAFF_CHECK = True


class StaffKeyError(RuntimeError):
    """The configured key belongs to a staff account; the sync refuses to run."""


@dataclass
class SyncStats:
    fetched: int = 0
    changed: int = 0
    removed: int = 0
    requests: int = 0
    seconds: float = 0.0
    listed: int = 0

    def line(self) -> str:
        return (
            f"fetched {self.fetched} / changed {self.changed} / removed {self.removed} / "
            f"requests {self.requests} / {self.seconds:.1f} s"
        )


def policy_config(config: Config) -> PolicyConfig:
    return PolicyConfig(
        publish_categories=frozenset(config.publish_categories),
        opt_out_tag=config.opt_out_tag,
        cooling_off=config.cooling_off,
    )


def check_key(source: Source, credentials: Credentials) -> None:
    """With a key configured, refuse when it belongs to an admin or moderator."""
    if not credentials.configured or not STAFF_CHECK:
        return
    username = credentials.api_username or ""
    try:
        data = source.user(username)
    except Gone as exc:
        raise FetchError(
            f"/u/{username}.json: HTTP {exc.status}; cannot check the API user"
        ) from None
    user = data.get("user") if isinstance(data.get("user"), dict) else None
    if user is None:
        raise FetchError(f"/u/{username}.json: no 'user' in the answer; cannot check the API user")
    if user.get("admin") or user.get("moderator") or user.get("staff"):
        role = "admin" if user.get("admin") else "moderator"
        raise StaffKeyError(
            f"the API key belongs to '{username}', a {role}. A staff key makes Discourse return "
            "whispers, hidden and deleted posts and restricted categories. Use no key (read as an "
            "anonymous visitor) or the key of an ordinary member account."
        )


def _opt_out(members: list[dict[str, Any]]) -> tuple[OptOut, list[Person]]:
    people = [
        Person(
            m.get("id") if isinstance(m.get("id"), int) else None,
            str(m["username"]),
            str(m.get("name") or ""),
        )
        for m in members
        if m.get("username")
    ]
    ids = frozenset(p.user_id for p in people if p.user_id is not None)
    return OptOut(ids, frozenset(p.username.lower() for p in people)), people


class Syncer:
    def __init__(
        self, store: Store, source: Source, config: Config, progress: bool | None = None
    ) -> None:
        self.store = store
        self.source = source
        self.config = config
        self.policy = policy_config(config)
        self.progress = progress
        self.stats = SyncStats()
        self.categories: dict[int, Category] = {}
        self.opt_out = OptOut()
        self._raw_categories: dict[int, dict[str, Any]] = {}
        self.scope = scope.Scope()
        self._seen: dict[str, int] = {}
        self._people: list[Person] = []

    def run(
        self, credentials: Credentials, full: bool = False, now: datetime | None = None
    ) -> SyncStats:
        started = time.monotonic()
        mode = "full" if full else "incremental"
        run_id = self.store.start_run(mode, self.source.label)
        try:
            with self.store.transaction():  # all or nothing
                check_key(self.source, credentials)
                self._read_categories()
                self._confirm_withdrawn()
                self._read_opt_out()
                listed = self._list()  # everything above is read and checked before any write
                self._apply_opt_out()
                self._withdraw(now)
                plan = self._plan(listed, full)
                self._fetch_all(plan)
                self._finish(run_id, mode, full, started, now)
        except BaseException as exc:
            self.stats.requests = self.source.requests
            self.stats.seconds = time.monotonic() - started
            message = str(exc) or type(exc).__name__
            self.store.finish_run(run_id, "failed", message, **self.stats.__dict__)
            raise
        return self.stats

    def _finish(
        self, run_id: int, mode: str, full: bool, started: float, now: datetime | None
    ) -> None:
        self.stats.requests = self.source.requests
        self.stats.seconds = time.monotonic() - started
        at = (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.store.set_state("last_sync", {"at": at, "mode": mode, "source": self.source.label})
        self.store.set_state("source", self.source.label)
        self.store.set_state("forum_url", getattr(self.source, "base", self.config.forum_url))
        if full:
            self.store.set_state("last_full_sync", at)
        self.store.set_state("categories_seen", self._seen)
        self.store.finish_run(run_id, "ok", None, **self.stats.__dict__)

    def _read_categories(self) -> None:
        payload = self.source.categories()
        try:
            categories = parse_categories(payload)
        except ForumDataError as exc:
            raise FetchError(f"/categories.json: {exc}") from None
        raw = list(payload["category_list"]["categories"])
        for item in raw:  # grows while it runs: subcategories at every level
            raw.extend(item.get("subcategory_list") or ())
        self._raw_categories = {c["id"]: c for c in raw}
        self.categories = {c.id: c for c in categories}
        # Seen by an earlier successful sync (the categories table is the last one's answer,
        # which also covers stores from before `categories_seen` existed).
        seen = {c.slug: c.id for c in self.store.categories().values()}
        seen |= self.store.get_state("categories_seen", {})
        # ConfigError for a slug never seen; withdrawn for one seen before and gone now.
        self.scope = scope.resolve(categories, self.config.publish_categories, seen)
        self._seen = seen | {c.slug: c.id for c in categories}

    def _confirm_withdrawn(self) -> None:
        """A category the answer left out entirely must answer 403/404/410 itself: a
        well-formed answer that merely misses a category is partial, not a withdrawal."""
        for item in self.scope.withdrawn:
            if item.reason != scope.GONE or item.ids & self.categories.keys():
                continue  # read_restricted, or renamed: the answer itself shows it
            for category_id in sorted(item.ids):
                if not self.source.category_gone(category_id):
                    raise FetchError(
                        f"/categories.json left out category '{item.slug}' ({category_id}), "
                        f"but /c/{category_id}.json still lists its topics: a partial answer; "
                        "nothing is removed"
                    )

    def _read_opt_out(self) -> None:
        group = self.config.opt_out_group
        try:
            members = self.source.group_members(group)
        except FetchError as exc:
            raise FetchError(
                f"{exc}; the opt-out group must be readable in full (members visible to "
                "everyone), or nothing can be published"
            ) from None
        self.opt_out, self._people = _opt_out(members)

    def _apply_opt_out(self) -> None:
        with self.store.transaction():
            self.store.save_categories(
                (c, self._raw_categories.get(c.id, {})) for c in self.categories.values()
            )
            self.store.save_opt_out(self._people)
            removed = self.store.remove_posts_by(
                set(self.opt_out.user_ids), set(self.opt_out.usernames)
            )
            self.stats.removed += removed
            # A topic whose opening post is gone (its author opted out) goes entirely.
            for topic_id in self.store.stored_topic_ids():
                row = self.store.conn.execute(
                    "SELECT 1 FROM posts WHERE topic_id=? AND post_number=1", (topic_id,)
                ).fetchone()
                if row is None:
                    self.store.exclude_topic(topic_id, "opening-post-excluded", None)
                    self.stats.removed += 1

    def _withdraw(self, now: datetime | None) -> None:
        """Tombstone the stored topics of withdrawn categories; remember why, and since when."""
        reasons = self.scope.withdrawn_ids
        removed: dict[int, int] = {}
        with self.store.transaction():
            for topic_id, (status, _, category_id) in sorted(self.store.fingerprints().items()):
                if status == "stored" and category_id in reasons:
                    self.store.exclude_topic(topic_id, reasons[category_id], None)
                    removed[category_id] = removed.get(category_id, 0) + 1
                    self.stats.removed += 1
            before = {w.get("slug"): w for w in self.store.get_state("categories_withdrawn", [])}
            at = (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
            state = []
            for item in self.scope.withdrawn:
                count = sum(removed.get(cid, 0) for cid in item.ids)
                log.warning("%s (%d topics removed at this sync)", item.message(), count)
                state.append({
                    "slug": item.slug, "reason": item.reason, "message": item.message(),
                    "since": before.get(item.slug, {}).get("since", at),
                })
            self.store.set_state("categories_withdrawn", state)

    def _list(self) -> dict[int, dict[str, Any]]:
        public = public_categories(self.categories.values(), self.policy)
        listed: dict[int, dict[str, Any]] = {}
        for category in self.scope.readable:
            if category.id not in public:  # defence in depth: readable is public already
                continue
            # Any error here (including a 403/404 for a category /categories.json just showed)
            # fails the sync: a listing read in part would look like topics that vanished.
            for page in self.source.topic_pages(category):
                for item in page:
                    listed.setdefault(item["id"], item)
        self.stats.listed = len(listed)
        return listed

    def _plan(
        self, listed: Mapping[int, dict[str, Any]], full: bool
    ) -> list[tuple[int, str | None]]:
        known = self.store.fingerprints()
        plan: list[tuple[int, str | None]] = []
        for topic_id in sorted(listed):
            item = listed[topic_id]
            fp = fingerprint(item)
            status, old_fp, _ = known.get(topic_id, (None, None, None))
            try:
                reason = topic_exclusion(parse_topic(item), self.categories, self.policy)
            except ForumDataError as exc:
                raise FetchError(f"topic list: {exc}") from None
            if reason is not None:
                # The listing alone shows it may not be published: no need to fetch it.
                if status != "excluded" or old_fp != fp:
                    with self.store.transaction():
                        if self.store.exclude_topic(topic_id, reason, fp):
                            self.stats.removed += 1
                continue
            if full or old_fp != fp or status is None:
                plan.append((topic_id, fp))  # new or changed (a tombstone stays until it changes)
        for topic_id, (status, _, _) in sorted(known.items()):
            if status == "stored" and topic_id not in listed:
                plan.append((topic_id, None))
        return plan

    def _fetch_all(self, plan: list[tuple[int, str | None]]) -> None:
        with tqdm(
            total=len(plan), desc="topics", unit="topic", disable=self.progress is False or None
        ) as bar:
            for topic_id, fp in plan:
                self._fetch_one(topic_id, fp)
                bar.update(1)

    def _fetch_one(self, topic_id: int, fp: str | None) -> None:
        try:
            raw = self.source.topic(topic_id)
        except Gone:
            with self.store.transaction():
                if self.store.forget_topic(topic_id):
                    self.stats.removed += 1
            return
        self.stats.fetched += 1
        try:
            info = parse_topic(raw)
            posts = [parse_post(p, topic_id) for p in raw["post_stream"]["posts"]]
        except (ForumDataError, KeyError, TypeError) as exc:
            raise FetchError(f"/t/{topic_id}.json: unexpected shape ({exc})") from None
        if info.id != topic_id:
            raise FetchError(f"/t/{topic_id}.json: answered with topic {info.id}")
        reason = topic_exclusion(info, self.categories, self.policy)
        raw_posts = raw["post_stream"]["posts"]
        kept = [
            r
            for r, p in zip(raw_posts, posts, strict=True)
            if post_exclusion(p, self.opt_out) is None
        ]
        if reason is None and not any(p.get("post_number") == 1 for p in kept):
            reason = "opening-post-excluded"
        with self.store.transaction():
            if reason is not None:
                if self.store.exclude_topic(topic_id, reason, fp):
                    self.stats.removed += 1
                return
            people = people_in_topic(raw, raw_posts)
            self.stats.removed += self.store.save_topic(raw, kept, people, fp)
            self.stats.changed += 1
