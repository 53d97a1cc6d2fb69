"""Build the demo forum (forum_sync/demo/forum/) from its authored YAML source.

    python -m forum_sync.testing.demo_build            # (re)write the JSON directory
    python -m forum_sync.testing.demo_build --check    # exit 1 when the checked-in JSON is stale

Reads source/users.yml and every source/threads-*.yml (format: forum_sync/demo/README.md),
validates them (unknown users, categories, keys or tags, duplicate ids, planted strings that
do not occur in their thread) and writes the forum as an admin sees it, deterministically:
stable ids (post id = topic id * 1000 + post number), sorted keys, byte-identical re-runs.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

from forum_sync.testing.cooking import CookError, cook
from forum_sync.testing.dump import diff_dir, render_dir, write_dir
from forum_sync.testing.model import (
    BUMPING_TYPES,
    POST_TYPES,
    WITHDRAWN_POST_COOKED,
    WITHDRAWN_TOPIC_COOKED,
    Category,
    Forum,
    Group,
    Post,
    Topic,
    User,
    parse_time,
)
from werkcafe.gemeenten import load_gemeenten

REPO_ROOT = Path(__file__).resolve().parents[2]
SOURCE_DIR = REPO_ROOT / "forum_sync" / "demo" / "source"
OUT_DIR = REPO_ROOT / "forum_sync" / "demo" / "forum"
TAXONOMY = REPO_ROOT / "data" / "taxonomy.yml"
OPT_OUT_TAG = "niet-publiceren"

# The categories table of forum_sync/demo/README.md.
CATEGORIES = (
    Category(1, "Zonder categorie", "zonder-categorie", color="0088CC", position=0),
    Category(4, "Algemeen", "algemeen", color="25AAE2", position=1,
             description="<p>Alles wat nergens anders past.</p>"),
    Category(5, "Ervaringen", "ervaringen", color="F7941D", position=2,
             description="<p>Vertel hoe het jou verging bij UWV, gemeente of werkgever.</p>"),
    Category(6, "Vragen", "vragen", color="3AB54A", position=3,
             description="<p>Stel je vraag over je uitkering of re-integratie.</p>"),
    Category(7, "Moderatie", "moderatie", color="652D90", position=4, read_restricted=True,
             description="<p>Overleg van de moderatoren.</p>"),
    Category(8, "Besloten lotgenotengroep", "besloten", color="BF1E2E", position=5,
             read_restricted=True,
             description="<p>Besloten groep voor lotgenoten.</p>"),
)
ROLES = ("member", "moderator", "admin")
THREAD_KEYS = {"id", "title", "category", "tags", "created", "visible", "archetype", "deleted",
               "planted", "posts"}
POST_KEYS = {"user", "at", "type", "hidden", "deleted", "user_deleted", "reply_to", "text",
             "action_code", "likes"}


class DemoSourceError(ValueError):
    """The YAML source is invalid; the message names file, thread and post."""


@dataclass(frozen=True)
class SourceThread:
    file: str
    data: dict[str, Any]


def forum_tags(taxonomy_path: Path = TAXONOMY) -> list[str]:
    """Every forum_tag in data/taxonomy.yml, in file order."""
    doc = yaml.safe_load(taxonomy_path.read_text(encoding="utf-8")) or {}
    return [term["forum_tag"] for section in doc.values() if isinstance(section, dict)
            for term in section.values() if isinstance(term, dict) and "forum_tag" in term]


def _load_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise DemoSourceError(f"{path.name}: not valid YAML: {err}") from err


def load_users(source_dir: Path = SOURCE_DIR) -> list[dict[str, Any]]:
    doc = _load_yaml(source_dir / "users.yml") or {}
    return list(doc.get("users") or [])


def load_threads(source_dir: Path = SOURCE_DIR) -> list[SourceThread]:
    """Threads of every threads-*.yml that exists (missing or empty files are fine)."""
    threads = []
    for path in sorted(source_dir.glob("threads-*.yml")):
        doc = _load_yaml(path) or {}
        if not isinstance(doc, dict):
            raise DemoSourceError(f"{path.name}: expected a mapping with a 'threads' list")
        threads += [SourceThread(path.name, t) for t in doc.get("threads") or []]
    return threads


def load_planted(source_dir: Path = SOURCE_DIR) -> list[str]:
    """Every planted datum: usernames and display names, then each thread's `planted`.

    An upload reference "upload://x.jpeg" is followed by its file name "x.jpeg", which is
    what the cooked HTML carries (/uploads/default/original/1X/x.jpeg)."""
    values = [str(u[key]) for u in load_users(source_dir) for key in ("username", "name")
              if u.get(key)]
    for thread in load_threads(source_dir):
        for planted in (thread.data.get("planted") or []) if isinstance(thread.data, dict) \
                else []:
            values.append(str(planted))
            if str(planted).startswith("upload://"):
                values.append(str(planted).removeprefix("upload://"))
    return list(dict.fromkeys(values))


# --------------------------------------------------------------------------- validation
def validate(
    users: list[dict[str, Any]], threads: list[SourceThread], allowed_tags: set[str],
) -> list[str]:
    """All problems found, each naming file, thread id and post number."""
    errors: list[str] = []
    usernames: dict[str, Any] = {}
    user_ids: set[Any] = set()
    for user in users:
        name = user.get("username")
        if not name or not isinstance(user.get("id"), int) or user.get("role") not in ROLES:
            errors.append(f"users.yml: user {user!r} needs id (int), username and role "
                          f"({'/'.join(ROLES)})")
        if str(name).lower() in usernames or user.get("id") in user_ids:
            errors.append(f"users.yml: duplicate user {name!r} / id {user.get('id')}")
        if not all(isinstance(g, str) for g in user.get("groups") or []):
            errors.append(f"users.yml: user {name!r}: groups must be a list of names")
        usernames[str(name).lower()] = user
        user_ids.add(user.get("id"))
    slugs = {c.slug for c in CATEGORIES}
    seen: dict[Any, str] = {}
    for thread in threads:
        t = thread.data
        where = f"{thread.file}: thread {t.get('id') if isinstance(t, dict) else '?'}"
        if not isinstance(t, dict):
            errors.append(f"{where}: not a mapping")
            continue
        if t.get("id") in seen:
            errors.append(f"{where}: duplicate thread id (also in {seen[t.get('id')]})")
        seen[t.get("id")] = thread.file
        if not isinstance(t.get("id"), int):
            errors.append(f"{where}: id must be an integer")
        for key in sorted(set(t) - THREAD_KEYS):
            errors.append(f"{where}: unknown key {key!r} (allowed: {sorted(THREAD_KEYS)})")
        if not isinstance(t.get("title"), str) or not t["title"].strip():
            errors.append(f"{where}: title missing")
        archetype = t.get("archetype", "regular")
        if archetype not in ("regular", "private_message"):
            errors.append(f"{where}: archetype must be regular or private_message")
        if t.get("category") not in slugs and not (archetype == "private_message"
                                                   and t.get("category") is None):
            errors.append(f"{where}: unknown category slug {t.get('category')!r}")
        for tag in t.get("tags") or []:
            if tag not in allowed_tags:
                errors.append(f"{where}: tag {tag!r} is not a forum_tag in data/taxonomy.yml, "
                              f"a gemeente-<slug> of data/gemeenten.yml nor {OPT_OUT_TAG!r}")
        created = _time(t.get("created"))
        if created is None:
            errors.append(f"{where}: created must be a timestamp like 2026-05-12T09:14:00Z")
        for key in ("visible", "deleted"):
            if key in t and not isinstance(t[key], bool):
                errors.append(f"{where}: {key} must be true or false")
        errors += _validate_posts(where, t, usernames, created)
    return errors


def _validate_posts(
    where: str, t: dict[str, Any], usernames: dict[str, Any], created: datetime | None,
) -> list[str]:
    errors: list[str] = []
    posts = t.get("posts")
    if not isinstance(posts, list) or not posts:
        return [f"{where}: posts missing or empty"]
    previous = created
    texts = [str(t.get("title", ""))]
    for number, post in enumerate(posts, start=1):
        at = f"{where}: post {number}"
        if not isinstance(post, dict):
            errors.append(f"{at}: not a mapping")
            continue
        for key in sorted(set(post) - POST_KEYS):
            errors.append(f"{at}: unknown key {key!r} (allowed: {sorted(POST_KEYS)})")
        likes = post.get("likes", 0)
        if isinstance(likes, bool) or not isinstance(likes, int) or likes < 0:
            errors.append(f"{at}: likes must be a whole number >= 0")
        if str(post.get("user", "")).lower() not in usernames:
            errors.append(f"{at}: unknown user {post.get('user')!r}")
        moment = _time(post.get("at"))
        if moment is None:
            errors.append(f"{at}: at must be a timestamp")
        elif previous is not None and moment < previous:
            errors.append(f"{at}: at {moment.isoformat()} is earlier than the post before it "
                          f"(or the thread's created)")
        previous = moment or previous
        if post.get("type", "regular") not in POST_TYPES:
            errors.append(f"{at}: type must be one of {sorted(POST_TYPES)}")
        for key in ("hidden", "deleted", "user_deleted"):
            if key in post and not isinstance(post[key], bool):
                errors.append(f"{at}: {key} must be true or false")
        reply = post.get("reply_to")
        if reply is not None and (not isinstance(reply, int) or not 1 <= reply < number):
            errors.append(f"{at}: reply_to must be the number of an earlier post")
        if not isinstance(post.get("text"), str) and post.get("type") != "small_action":
            errors.append(f"{at}: text missing")
        texts.append(str(post.get("text", "")))
        try:
            cook(str(post.get("text", "")), lambda name: name.lower() in usernames)
        except CookError as err:
            errors.append(f"{at}: {err}")
    everything = "\n".join(texts)
    for planted in t.get("planted") or []:
        if str(planted) not in everything:
            errors.append(f"{where}: planted {planted!r} does not occur in the thread")
    return errors


def _time(value: Any) -> datetime | None:
    try:
        return parse_time(value) if isinstance(value, (str, datetime)) else None
    except ValueError:
        return None


# --------------------------------------------------------------------------- building
def build_forum(source_dir: Path = SOURCE_DIR, taxonomy_path: Path = TAXONOMY) -> Forum:
    """Validate the source and build the in-memory forum; raises DemoSourceError."""
    tags = [*forum_tags(taxonomy_path), OPT_OUT_TAG]
    users, threads = load_users(source_dir), load_threads(source_dir)
    places = {g.tag for g in load_gemeenten()}
    errors = validate(users, threads, set(tags) | places)
    if errors:
        raise DemoSourceError("invalid demo source:\n  " + "\n  ".join(errors))
    forum = Forum(categories={c.id: c for c in CATEGORIES},
                  tag_ids={tag: number for number, tag in enumerate(tags, start=1)})
    for raw in users:
        forum.users[raw["id"]] = User(
            id=raw["id"], username=raw["username"], name=raw.get("name") or "",
            admin=raw["role"] == "admin", moderator=raw["role"] == "moderator",
            trust_level=4 if raw["role"] != "member" else 1 + raw["id"] % 3,
            created_at=datetime(2024, 1, 1, 9, tzinfo=UTC) + timedelta(days=3 * raw["id"]),
        )
    group_names = sorted({g for raw in users for g in raw.get("groups") or []})
    for number, name in enumerate(group_names, start=41):
        members = sorted(raw["id"] for raw in users if name in (raw.get("groups") or []))
        forum.groups[name] = Group(id=number, name=name, member_ids=members, added_at={
            uid: forum.users[uid].created_at + timedelta(days=30) for uid in members})
    for thread in sorted(threads, key=lambda t: t.data["id"]):
        forum.topics[thread.data["id"]] = _topic(forum, thread.data)
        for tag in forum.topics[thread.data["id"]].tags:
            forum.tag_id(tag)  # municipality tags get ids after the taxonomy's, in use order
    return forum


def _topic(forum: Forum, t: dict[str, Any]) -> Topic:
    topic_id = t["id"]
    pm = t.get("archetype", "regular") == "private_message"
    category = None if pm else forum.category_by_slug(t["category"])
    posts = [_post(forum, topic_id, n, raw) for n, raw in enumerate(t["posts"], start=1)]
    created = parse_time(t["created"])
    topic = Topic(
        id=topic_id, title=t["title"], category_id=None if category is None else category.id,
        user_id=posts[0].user_id, created_at=created,
        bumped_at=max((p.created_at for p in posts if p.post_type in BUMPING_TYPES),
                      default=created),
        archetype="private_message" if pm else "regular", visible=t.get("visible", True),
        tags=list(t.get("tags") or []), views=12 + (topic_id * 37) % 400,
        like_count=sum(p.like_count for p in posts), posts=posts,
        allowed_user_ids=list(dict.fromkeys(p.user_id for p in posts)) if pm else [],
    )
    if t.get("deleted"):
        topic.deleted_at = max(p.created_at for p in posts) + timedelta(days=1)
        posts[0].deleted_at = topic.deleted_at  # Discourse trashes the first post with it
    return topic


def _post(forum: Forum, topic_id: int, number: int, raw: dict[str, Any]) -> Post:
    user = forum.require_user(str(raw["user"]))
    at = parse_time(raw["at"])
    post_type = POST_TYPES[raw.get("type", "regular")]
    text = str(raw.get("text") or "")
    post = Post(
        id=topic_id * 1000 + number, topic_id=topic_id, post_number=number, user_id=user.id,
        created_at=at,
        cooked=cook(text, lambda name: forum.user_by_name(name) is not None) if text else "",
        post_type=post_type, reply_to_post_number=raw.get("reply_to"),
        hidden=raw.get("hidden", False), action_code=raw.get("action_code"),
        reads=3 + (topic_id * 7 + number * 11) % 60,
        score=round(((topic_id + number * 3) % 50) * 0.4 + 0.2, 1),
        like_count=int(raw.get("likes", 0)),
    )
    if raw.get("deleted"):
        post.deleted_at = at + timedelta(hours=2)
    if raw.get("user_deleted"):
        # Discourse replaces the text when the author withdraws a post (a new version).
        post.cooked = WITHDRAWN_TOPIC_COOKED if number == 1 else WITHDRAWN_POST_COOKED
        post.user_deleted, post.version = True, 2
        post.updated_at = at + timedelta(hours=1)
    return post


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m forum_sync.testing.demo_build",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=SOURCE_DIR)
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    parser.add_argument("--taxonomy", type=Path, default=TAXONOMY)
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if the output differs from the source")
    args = parser.parse_args(argv)
    try:
        files = render_dir(build_forum(args.source, args.taxonomy))
    except DemoSourceError as err:
        print(err, file=sys.stderr)
        return 2
    if args.check:
        stale = diff_dir(files, args.out)
        if stale:
            print(f"{args.out} is stale; run python -m forum_sync.testing.demo_build. "
                  f"Differs: {', '.join(stale[:10])}{' …' if len(stale) > 10 else ''}",
                  file=sys.stderr)
            return 1
        print(f"{args.out} is up to date ({len(files)} files)")
        return 0
    touched = write_dir(files, args.out)
    print(f"wrote {args.out}: {len(files)} files, {len(touched)} changed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
