"""DirSource: a directory in Discourse's JSON shapes (the demo forum), read like the forum.

Offers the same methods as `fetch.HttpSource` and runs the same shape checks (`shapes.py`), so
`forum-sync sync --from-dir` cannot publish anything the HTTP sync would refuse.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from forum_sync import shapes
from forum_sync.fetch import FetchError, Gone, checked
from forum_sync.model import Category, parse_categories


class DirSource:
    """A directory in Discourse's JSON shapes (the demo forum): `categories.json`,
    `t/<id>.json`, `groups/<name>/members.json`, optionally `u/<username>.json`.

    It is read exactly like HTTP answers, as whatever the forum returns: the demo holds the
    staff view (whispers, deleted and unlisted topics, restricted categories) and the policy
    has to filter all of it. Each file read counts as one request.
    """

    label = "demo"

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        if not (self.root / "categories.json").is_file():
            raise FetchError(f"{self.root}: not a forum directory (no categories.json)")
        self.requests = 0
        self._topics: dict[int, dict[str, Any]] | None = None

    def _read(self, relative: str) -> Any:
        path = self.root / relative
        self.requests += 1
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise Gone(404, str(path)) from None
        except OSError as exc:
            raise FetchError(f"{path}: cannot read ({exc.strerror})") from None
        try:
            return json.loads(text)
        except ValueError as exc:
            raise FetchError(f"{path}: malformed JSON ({exc})") from None

    def _obj(self, relative: str, check: Callable[[Any], Any]) -> Any:
        return checked(f"{self.root}: ", check, self._read(relative))

    def user(self, username: str) -> dict[str, Any]:
        return self._obj(f"u/{username}.json", lambda b: shapes.user(b, username))

    def categories(self) -> dict[str, Any]:
        return self._obj("categories.json", shapes.categories)

    def group_members(self, name: str) -> list[dict[str, Any]]:
        relative = f"groups/{name}/members.json"
        try:
            members, total = self._obj(relative, lambda b: shapes.members_page(b, relative, 0))
        except Gone:
            raise FetchError(f"{self.root}/{relative}: missing") from None
        checked(f"{self.root}: ", lambda m: shapes.members_complete(m, total, relative),
                 members)
        return list(members)

    def _all_topics(self) -> dict[int, dict[str, Any]]:
        if self._topics is None:
            self._topics = {}
            for path in sorted((self.root / "t").glob("*.json"), key=lambda p: p.name):
                if not path.stem.isdigit():
                    continue
                topic_id = int(path.stem)

                def check(body: Any, t: int = topic_id) -> Any:
                    shapes.topic(body, t)
                    shapes.covers_stream(body, t)  # the directory holds every post
                    return body

                self._topics[topic_id] = self._obj(f"t/{path.name}", check)
        return self._topics

    def topic_pages(self, category: Category) -> Iterator[list[dict[str, Any]]]:
        topics = [t for t in self._all_topics().values() if t.get("category_id") == category.id]
        topics.sort(
            key=lambda t: str(t.get("bumped_at") or t.get("last_posted_at") or ""), reverse=True
        )
        yield topics

    def category_gone(self, category_id: int) -> bool:
        # The directory is one snapshot: its categories.json is the whole forum.
        ids = {c.id for c in parse_categories(self.categories())}
        return category_id not in ids

    def topic(self, topic_id: int) -> dict[str, Any]:
        topics = self._all_topics()
        if topic_id not in topics:
            raise Gone(404, str(self.root / "t" / f"{topic_id}.json"))
        return topics[topic_id]
