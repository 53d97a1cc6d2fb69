"""Hostile and older-export variations on the municipality fields of the demo export.

forum_sync writes `taxonomy.gemeenten` and the `gemeente` tally tables itself (from the demo
forum's `gemeente-<slug>` tags, with its real suppression; tallies.json is left as it is).
On top of that real export this adds what a site must survive (CONTRACT_W2.md):

- bijstand threads are placed in Utrecht (GM0344), the first three WW threads in Amsterdam;
- the newest Utrecht bijstand thread has a hostile title (HOSTILE_TITLE);
- of the threads the export placed nowhere, one carries two codes and one an unknown code
  (the site must place neither), one a hostile string, and the others lose the field, as
  in an older export; every thread the export placed keeps its municipality.

`add_gemeenten` returns the field as it ends up in the export, topic by topic, so tests
derive what the site must show from the export itself.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

UTRECHT, AMSTERDAM = "GM0344", "GM0363"
# The newest Utrecht bijstand thread gets this title: the guide filter must write it as text.
HOSTILE_TITLE = '<img src=x onerror="alert(1)"><b>vet</b>'


def plan(topics: list[dict[str, Any]]) -> dict[int, list[str] | None]:
    """topic id -> the `gemeenten` list to write (None: leave the field out)."""
    result: dict[int, list[str] | None] = {}
    bijstand = [t["id"] for t in topics if "bijstand" in t["taxonomy"].get("regelingen", [])]
    ww = [t["id"] for t in topics if "ww" in t["taxonomy"].get("regelingen", [])]
    for topic_id in bijstand:
        result[topic_id] = [UTRECHT]
    for topic_id in ww[:3]:
        result[topic_id] = [AMSTERDAM]
    rest = [t for t in topics if t["id"] not in result]
    for topic in rest:
        result[topic["id"]] = list(topic["taxonomy"].get("gemeenten") or [])
    nowhere = [t["id"] for t in rest if not t["taxonomy"].get("gemeenten")]
    result[nowhere[0]] = [UTRECHT, AMSTERDAM]  # several: places nothing
    result[nowhere[1]] = ["GM9999"]  # not a municipality
    result[nowhere[2]] = ["<script>alert(1)</script>"]
    for topic_id in nowhere[3:]:
        result[topic_id] = None
    return result


def add_gemeenten(export: Path) -> dict[int, list[str] | None]:
    """Write the municipality fields into the export in `export`; returns them as written."""
    index_path = export / "index.json"
    index = json.loads(index_path.read_text("utf-8"))
    chosen = plan(index["topics"])
    hostile = next(t["id"] for t in index["topics"] if chosen[t["id"]] == [UTRECHT]
                   and "bijstand" in t["taxonomy"].get("regelingen", []))
    for summary in index["topics"]:
        codes = chosen[summary["id"]]
        topic_path = export / "topics" / f"{summary['id']}.json"
        topic = json.loads(topic_path.read_text("utf-8"))
        for doc in (summary, topic):
            if codes is None:
                doc["taxonomy"].pop("gemeenten", None)
            else:
                doc["taxonomy"]["gemeenten"] = codes
            if summary["id"] == hostile:
                doc["title"] = HOSTILE_TITLE
        topic_path.write_text(json.dumps(topic, ensure_ascii=False), "utf-8")
    index_path.write_text(json.dumps(index, ensure_ascii=False), "utf-8")
    return chosen


def placed(chosen: dict[int, list[str] | None], code: str) -> set[int]:
    """The threads the site must show under `code` (exactly that one code)."""
    return {topic_id for topic_id, codes in chosen.items() if codes == [code]}
