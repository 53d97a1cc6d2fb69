"""Export: the published, anonymized forum and its tallies, written atomically.

Reads the store, applies the publication policy again at time `now` (this is where the
cooling-off period is decided), anonymizes titles and posts (cached), computes the tallies and
writes the export directory described in ARCHITECTURE.md:

    manifest.json  index.json  topics/<id>.json  tallies.json  tallies.csv  datapackage.json

Post `number`s are 1..n in the published order (gaps would show that a post was removed), and
`participant` is the pseudonym letter. File names use the numeric topic id only, never a slug.

Atomic: the export path is a symlink to a complete version directory, switched to the new
version with one rename (`swap.py`), so a reader always finds the old export or the new one;
if anything fails before the switch, the previous export stays untouched.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from forum_sync import datapackage, swap, tally
from forum_sync.anonymize import Anonymizer, PostInput, TopicInput
from forum_sync.block_cache import BlockCache
from forum_sync.config import Config
from forum_sync.model import raw_tag_names
from forum_sync.policy import OptOut, decide
from forum_sync.store import Store, StoredTopic
from forum_sync.sync import policy_config
from werkcafe.gemeenten import Gemeenten, load_gemeenten
from werkcafe.taxonomy import GROUPS, Taxonomy, load_taxonomy

log = logging.getLogger(__name__)
SCHEMA = 1


@dataclass
class ExportStats:
    topics: int = 0
    posts: int = 0
    cache_hits: int = 0
    cache_misses: int = 0
    excluded: dict[str, int] = field(default_factory=dict)  # reason -> topics not published


def _dump(data: object) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _labels(
    taxonomy: Taxonomy, tag_groups: Mapping[str, str]
) -> dict[str, dict[str, dict[str, str]]]:
    return {
        dimension: {
            key: {"nl": term.nl, "en": term.en} for key, term in taxonomy.groups[group].items()
        }
        for dimension, group in tag_groups.items()
        if group in taxonomy.groups
    }


def publishable(
    store: Store, config: Config, now: datetime, excluded: dict[str, int] | None = None
) -> Iterator[tuple[StoredTopic, TopicInput]]:
    """Stored topics the policy lets through, as anonymizer input (topic id order).

    `excluded` (reason -> topics) is filled with what the policy kept out.
    """
    categories = store.categories()
    opt_out_people = store.opt_out_people()
    opt_out = OptOut(
        frozenset(p.user_id for p in opt_out_people if p.user_id is not None),
        frozenset(p.username.lower() for p in opt_out_people),
    )
    policy = policy_config(config)
    for topic_id in sorted(store.stored_topic_ids()):
        stored = store.load_topic(topic_id)
        if stored is None:
            continue
        decision, posts = decide(stored.info, stored.posts, categories, opt_out, now, policy)
        if not decision.publish:
            if excluded is not None:
                reason = decision.reason or "?"
                excluded[reason] = excluded.get(reason, 0) + 1
            continue
        yield stored, TopicInput(
            topic_id,
            stored.info.title,
            tuple(
                PostInput(p.post_number, p.user_id, p.username, p.created_at, p.cooked)
                for p in posts
            ),
            tuple(stored.people),
        )


def build(
    store: Store,
    config: Config,
    now: datetime,
    taxonomy: Taxonomy | None = None,
    gemeenten: Gemeenten | None = None,
) -> tuple[dict[str, bytes], ExportStats]:
    """Every file of the export as bytes (pure apart from reading the store and its cache)."""
    taxonomy = taxonomy or load_taxonomy()
    gemeenten = gemeenten or load_gemeenten()
    categories = store.categories()
    state_url = store.get_state("forum_url")
    base = str(state_url or config.forum_url).rstrip("/")
    anonymizer = Anonymizer(
        config.link_domains,
        forum_host=urlsplit(config.forum_url).hostname or "",
        others=store.all_people(),
        cache=store,
    )
    stats = ExportStats()
    summaries: list[dict[str, object]] = []
    files: dict[str, bytes] = {}
    tally_topics: list[tally.TallyTopic] = []
    for stored, topic_input in publishable(store, config, now, stats.excluded):
        topic_id = topic_input.id
        anon = anonymizer.topic(topic_input)
        category = categories[stored.info.category_id or 0]
        keys = taxonomy.classify_tags(list(stored.info.tags))
        # The tag as the forum sent it, not the text, places a thread (one municipality or none).
        gemeente = gemeenten.classify_tags(raw_tag_names(stored.raw.get("tags")))
        experience = category.slug in config.experience_categories
        summary: dict[str, object] = {
            "id": topic_id,
            "title": anon.title,
            "created_at": stored.info.created_at,
            "last_posted_at": max(p.created_at for p in anon.posts),
            "post_count": len(anon.posts),
            "excerpt": anon.excerpt,
            "forum_url": f"{base}/t/{topic_id}",
            "category": {"id": category.id, "slug": category.slug, "name": category.name},
            "experience": experience,
            "taxonomy": {
                **{group: keys.get(group, []) for group in GROUPS},
                "gemeenten": [gemeente] if gemeente else [],
            },
            "herkenbaar": stored.herkenbaar,
        }
        summaries.append(summary)
        files[f"topics/{topic_id}.json"] = _dump(
            {
                **summary,
                "posts": [
                    {
                        "number": p.number,
                        "participant": p.participant,
                        "created_at": p.created_at,
                        "html": p.html,
                    }
                    for p in anon.posts
                ],
            }
        )
        stats.topics += 1
        stats.posts += len(anon.posts)
        if experience:
            values = tally.classify(keys, config.tag_groups)
            values["gemeente"] = gemeente or tally.UNKNOWN
            tally_topics.append(tally.TallyTopic(stored.info.created_at, values))
    stats.cache_hits, stats.cache_misses = anonymizer.hits, anonymizer.misses
    summaries.sort(key=lambda s: (str(s["created_at"]), int(s["id"])), reverse=True)  # type: ignore[call-overload]
    generated = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    labels = _labels(taxonomy, config.tag_groups)
    labels[tally.PLACE] = {g.code: {"nl": g.naam, "en": g.naam} for g in gemeenten}
    tally_cache = BlockCache(store)
    tallies = tally.compute(
        tally_topics,
        config.threshold,
        {d: list(labels[d]) for d in tally.DIMENSIONS if d in labels},
        tally_cache,
    )
    files["index.json"] = _dump({"schema": SCHEMA, "topics": summaries})
    files["tallies.json"] = _dump(tally.to_json(tallies, labels, generated))
    files["tallies.csv"] = tally.to_csv(tallies).encode("utf-8")
    files["datapackage.json"] = _dump(
        datapackage.descriptor(
            files["tallies.csv"],
            config.threshold,
            generated,
            base,
            {gemeenten.bron.titel: gemeenten.bron.url},
        )
    )
    files["manifest.json"] = _dump(
        {
            "schema": SCHEMA,
            "generated_at": generated,
            "source": store.get_state("source", "forum"),
            "forum_url": base,
            "topic_count": stats.topics,
            "post_count": stats.posts,
        }
    )
    store.cache_prune(anonymizer.used_keys)
    store.tally_cache_prune(tally_cache.used)
    return files, stats


def write_atomic(files: Mapping[str, bytes], target: Path) -> None:
    """Publish the files at `target`: a symlink switched atomically to a new version
    (see swap.py); if anything fails first, the previous export stays as it was."""
    swap.publish(files, target)


def run_export(store: Store, config: Config, out_dir: Path, now: datetime) -> ExportStats:
    with store.transaction():
        files, stats = build(store, config, now)
    write_atomic(files, out_dir)
    with store.transaction():
        store.set_state(
            "last_export",
            {"at": now.strftime("%Y-%m-%dT%H:%M:%SZ"), "dir": str(out_dir), "topics": stats.topics},
        )
    return stats
