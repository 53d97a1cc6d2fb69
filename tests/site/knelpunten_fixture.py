"""A hand-made export for the knelpunten report tests, with the wave-2 contract fields.

Written before the forum-data branch (herkenbaar, taxonomy.gemeenten, the gemeente tables,
datapackage.json) was merged, when the demo export lacked them. The topics are written out
below; every tally table, the gemeente tables included, comes from forum_sync's own tally
code (its real suppression), so the report meets what forum_sync publishes. The recovery
test checks that nothing in the report pins a hidden value.

Designed so that every part of the report has something to show:
- ww·uwv·bereikbaarheid negative: 2025-Q3 6, 2026-Q2 5, 2026-Q3 8 (both comparisons);
- bijstand·gemeente·bejegening negative: 2026-Q2 3 ("<5"), 2026-Q3 5 (too few to compare);
- wia·uwv·wachttijd negative: 2026-Q2 7, 2026-Q3 5 (a theme that fell);
- Utrecht (GM0344): the five bijstand threads of 2026-Q3; Amsterdam (GM0363): two,
  Rotterdam (GM0599): one (both hidden, so Utrecht can be shown);
- a non-experience thread and an untagged one that must not count;
- likes on opening posts (herkenbaar), one malformed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from forum_sync import tally
from forum_sync.config import DEFAULT_TAG_GROUPS
from werkcafe.taxonomy import load_taxonomy

FORUM = "https://forum.werkcafe.nl"
GENERATED = "2026-11-30T04:00:00Z"
UTRECHT, AMSTERDAM, ROTTERDAM = "GM0344", "GM0363", "GM0599"
MUNICIPALITY_LABELS = {UTRECHT: {"nl": "Utrecht", "en": "Utrecht"},
                       AMSTERDAM: {"nl": "Amsterdam", "en": "Amsterdam"},
                       ROTTERDAM: {"nl": "Rotterdam", "en": "Rotterdam"}}

# (quarter month, how many, regeling, instantie, thema, oordeel, gemeente, likes)
GROUPS: list[tuple[str, int, str, str, str, str, str | None, int]] = [
    ("2025-08", 6, "ww", "uwv", "bereikbaarheid", "negatief", None, 1),
    ("2025-08", 2, "ww", "uwv", "bereikbaarheid", "positief", None, 0),
    ("2026-02", 3, "wia", "uwv", "wachttijd", "negatief", None, 0),
    ("2026-05", 5, "ww", "uwv", "bereikbaarheid", "negatief", None, 2),
    ("2026-05", 3, "bijstand", "gemeente", "bejegening", "negatief", UTRECHT, 0),
    ("2026-05", 7, "wia", "uwv", "wachttijd", "negatief", None, 1),
    ("2026-05", 2, "bijstand", "gemeente", "bejegening", "positief", None, 0),
    ("2026-08", 5, "ww", "uwv", "bereikbaarheid", "negatief", None, 3),
    ("2026-08", 1, "ww", "uwv", "bereikbaarheid", "negatief", ROTTERDAM, 0),
    ("2026-08", 2, "ww", "uwv", "bereikbaarheid", "negatief", AMSTERDAM, 9),
    ("2026-08", 5, "bijstand", "gemeente", "bejegening", "negatief", UTRECHT, 4),
    ("2026-08", 5, "wia", "uwv", "wachttijd", "negatief", None, 0),
    ("2026-08", 3, "bijstand", "gemeente", "bejegening", "positief", UTRECHT, 0),
    ("2026-08", 1, "wmo", "gemeente", "bejegening", "gemengd", AMSTERDAM, 0),
    ("2026-11", 2, "ww", "uwv", "wachttijd", "negatief", None, 0),
]


def topics() -> list[dict[str, Any]]:
    result = []
    next_id = 1000
    for month, number, regeling, instantie, thema, oordeel, gemeente, likes in GROUPS:
        for index in range(number):
            next_id += 1
            day = f"{month}-{10 + index:02d}T09:00:00Z"
            result.append({
                "id": next_id, "title": f"Ervaring {next_id}: {thema} <b>bij</b> {instantie}",
                "created_at": day, "last_posted_at": day, "post_count": 1,
                "excerpt": "Een ervaring.", "forum_url": f"{FORUM}/t/{next_id}",
                "category": {"id": 5, "slug": "ervaringen", "name": "Ervaringen"},
                "experience": True,
                "taxonomy": {"regelingen": [regeling], "situaties": [],
                             "instanties": [instantie], "themas": [thema],
                             "oordelen": [oordeel], "doelgroepen": [],
                             "gemeenten": [gemeente] if gemeente else []},
                "herkenbaar": likes + index,
            })
    # Not an experience (a question): never counted, never linked from the report.
    result.append({**result[0], "id": 1900, "title": "Vraag over bellen", "experience": False,
                   "created_at": "2026-08-20T09:00:00Z", "forum_url": f"{FORUM}/t/1900"})
    # Two oordeel tags: `onbekend`, so it is behind no negative line. Malformed likes.
    result.append({**result[0], "id": 1901, "title": "Gemengd verhaal",
                   "created_at": "2026-08-21T09:00:00Z", "forum_url": f"{FORUM}/t/1901",
                   "taxonomy": {**result[0]["taxonomy"], "oordelen": ["negatief", "positief"]},
                   "herkenbaar": "veel"})
    for topic in result:
        topic["posts"] = [{"number": 1, "participant": "A", "created_at": topic["created_at"],
                           "html": "<p>Een ervaring.</p>"}]
    return result


def write(directory: Path) -> Path:
    """Write the export into `directory` (created); returns it."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "topics").mkdir(exist_ok=True)
    taxonomy = load_taxonomy()
    all_topics = topics()
    experience = [t for t in all_topics if t["experience"]]
    tally_topics = []
    for t in experience:
        values = tally.classify(t["taxonomy"], DEFAULT_TAG_GROUPS)
        found = t["taxonomy"].get("gemeenten") or []
        values[tally.PLACE] = found[0] if len(found) == 1 else tally.UNKNOWN
        tally_topics.append(tally.TallyTopic(t["created_at"], values))
    labels = {d: {k: {"nl": term.nl, "en": term.en} for k, term in taxonomy.groups[g].items()}
              for d, g in DEFAULT_TAG_GROUPS.items()}
    keys = {d: list(v) for d, v in labels.items()}
    labels[tally.PLACE] = MUNICIPALITY_LABELS
    computed = tally.compute(tally_topics, 5, keys)
    data = tally.to_json(computed, labels, GENERATED)
    summaries = [{k: v for k, v in t.items() if k != "posts"} for t in all_topics]
    summaries.sort(key=lambda s: (s["created_at"], s["id"]), reverse=True)

    def dump(name: str, value: Any) -> None:
        (directory / name).write_text(json.dumps(value, ensure_ascii=False, indent=1) + "\n",
                                      encoding="utf-8")

    for topic in all_topics:
        dump(f"topics/{topic['id']}.json", topic)
    dump("index.json", {"schema": 1, "topics": summaries})
    dump("tallies.json", data)
    (directory / "tallies.csv").write_text(tally.to_csv(computed), encoding="utf-8")
    dump("datapackage.json", {"name": "werkcafe-ervaringen", "resources": [
        {"name": "tallies", "path": "tallies.csv", "format": "csv"}]})
    dump("manifest.json", {"schema": 1, "generated_at": GENERATED, "source": "demo",
                           "forum_url": FORUM, "topic_count": len(all_topics),
                           "post_count": len(all_topics)})
    return directory
