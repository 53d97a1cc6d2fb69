"""A hand-made export with the municipality fields of the wave-2 export contract.

Until forum_sync's export writes `taxonomy.gemeenten` and the `gemeente` tally tables itself
(/work/wt/CONTRACT_W2.md), the local pages are tested on the demo export with these fields
added here, in the contract's shape:

- bijstand threads are placed in Utrecht (GM0344), the first three WW threads in Amsterdam;
- the newest Utrecht thread has a hostile title (HOSTILE_TITLE);
- one thread carries two codes and one an unknown code (the site must place neither), one a
  hostile string; the rest have no `gemeenten` at all, as in an older export;
- tallies.json gains `gemeente` and `gemeente_regeling` tables and `labels.gemeente`, with
  suppressed values ("<5", "≥5") the site must show as they are.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

UTRECHT, AMSTERDAM = "GM0344", "GM0363"
# The newest Utrecht thread gets this title: the guide filter must write it as text.
HOSTILE_TITLE = '<img src=x onerror="alert(1)"><b>vet</b>'
QUARTER = "2026-Q3"


def plan(topics: list[dict[str, Any]]) -> dict[int, list[str] | None]:
    """topic id -> the `gemeenten` list to write (None: leave the field out)."""
    result: dict[int, list[str] | None] = {}
    bijstand = [t["id"] for t in topics if "bijstand" in t["taxonomy"].get("regelingen", [])]
    ww = [t["id"] for t in topics if "ww" in t["taxonomy"].get("regelingen", [])]
    for topic_id in bijstand:
        result[topic_id] = [UTRECHT]
    for topic_id in ww[:3]:
        result[topic_id] = [AMSTERDAM]
    rest = [t["id"] for t in topics if t["id"] not in result]
    result[rest[0]] = [UTRECHT, AMSTERDAM]  # several: places nothing
    result[rest[1]] = ["GM9999"]  # not a municipality
    result[rest[2]] = ["<script>alert(1)</script>"]
    for topic_id in rest[3:]:
        result[topic_id] = None
    return result


def _row(gemeente: str, oordeel: str, count: int | None, display: str,
         **more: str) -> dict[str, Any]:
    return {"kwartaal": QUARTER, "gemeente": gemeente, **more, "oordeel": oordeel,
            "count": count, "display": display}


# What the forum-data export would publish (values invented; suppression already applied).
GEMEENTE_ROWS = [
    _row(UTRECHT, "positief", None, "<5"), _row(UTRECHT, "gemengd", None, "≥5"),
    _row(UTRECHT, "negatief", 7, "7"), _row(UTRECHT, "onbekend", None, "<5"),
    _row(AMSTERDAM, "positief", None, "<5"), _row(AMSTERDAM, "negatief", None, "<5"),
]
GEMEENTE_REGELING_ROWS = [
    _row(UTRECHT, "negatief", 6, "6", regeling="bijstand"),
    _row(UTRECHT, "positief", None, "<5", regeling="bijstand"),
    _row(UTRECHT, "negatief", None, "<5", regeling="wmo"),
]


def add_gemeenten(export: Path) -> dict[int, list[str] | None]:
    """Write the municipality fields into the export in `export`; returns the plan."""
    index_path = export / "index.json"
    index = json.loads(index_path.read_text("utf-8"))
    chosen = plan(index["topics"])
    hostile = next(t["id"] for t in index["topics"] if chosen[t["id"]] == [UTRECHT])
    for summary in index["topics"]:
        codes = chosen[summary["id"]]
        topic_path = export / "topics" / f"{summary['id']}.json"
        topic = json.loads(topic_path.read_text("utf-8"))
        for doc in (summary, topic):
            if codes is not None:
                doc["taxonomy"]["gemeenten"] = codes
            if summary["id"] == hostile:
                doc["title"] = HOSTILE_TITLE
        topic_path.write_text(json.dumps(topic, ensure_ascii=False), "utf-8")
    index_path.write_text(json.dumps(index, ensure_ascii=False), "utf-8")
    tallies_path = export / "tallies.json"
    tallies = json.loads(tallies_path.read_text("utf-8"))
    tallies["tables"]["gemeente"] = {"dimensions": ["kwartaal", "gemeente", "oordeel"],
                                     "rows": GEMEENTE_ROWS}
    tallies["tables"]["gemeente_regeling"] = {
        "dimensions": ["kwartaal", "gemeente", "regeling", "oordeel"],
        "rows": GEMEENTE_REGELING_ROWS}
    tallies["labels"]["gemeente"] = {UTRECHT: {"nl": "Utrecht", "en": "Utrecht"},
                                     AMSTERDAM: {"nl": "Amsterdam", "en": "Amsterdam"}}
    tallies_path.write_text(json.dumps(tallies, ensure_ascii=False), "utf-8")
    return chosen


def placed(chosen: dict[int, list[str] | None], code: str) -> set[int]:
    """The threads the site must show under `code` (exactly that one code)."""
    return {topic_id for topic_id, codes in chosen.items() if codes == [code]}
