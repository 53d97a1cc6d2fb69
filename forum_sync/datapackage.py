"""datapackage.json: the Frictionless Data Package that describes tallies.csv for tools.

One job: the descriptor (a plain dict) for the CSV that tally.to_csv wrote. A Table Schema
with every column's type and meaning, `aantal` an integer whose hidden values "<5" and "≥5"
are declared missing values (so a tool reads them as empty, not as text), the primary key,
the licence (CC BY 4.0), the sources and the suppression method. It carries the CSV's size
and SHA-256, so a reader can check the file and a diff of two exports shows a change in both.
Nothing in it depends on the clock except `created`: the same store gives the same bytes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from forum_sync import tally

LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}

DIMENSION_TEXT = {
    "regeling": "Regeling (benefit scheme): key from data/taxonomy.yml (ww, wia, bijstand, ...)",
    "instantie": "Instantie (agency): key from data/taxonomy.yml (uwv, gemeente, svb, ...)",
    "thema": "Thema (theme): key from data/taxonomy.yml (wachttijd, bejegening, ...)",
    "oordeel": "Oordeel (verdict): positief, negatief, gemengd",
    "gemeente": "Gemeente (municipality): CBS code (GM0344) from the thread's forum tag "
    "gemeente-<slug>, see data/gemeenten.yml",
}
SUPPRESSION = (
    "Counts below {t} are shown as '<{t}' (0 to {low} threads, zero included). Where a hidden "
    "count could be computed from published sums, more counts are hidden as '≥{t}' ({t} or "
    "more; complementary suppression). The check solves all published sums of a quarter at "
    "once (integer programming), so no hidden count from 1 to {low} can be recovered from "
    "tallies.csv and tallies.json together. See OPEN_DATA.md."
)


def descriptor(
    csv_bytes: bytes,
    threshold: int,
    generated_at: str,
    forum_url: str,
    sources: Mapping[str, str] | None = None,
) -> dict[str, object]:
    """The package for tallies.csv; `sources` adds title -> URL (e.g. the CBS list)."""
    low = threshold - 1
    fields: list[dict[str, object]] = [
        {
            "name": "tabel",
            "type": "string",
            "description": "Which table the row belongs to: cellen (regeling x instantie x "
            "thema x oordeel), a margin (regeling, instantie, thema, totaal) or a municipality "
            "table (gemeente, gemeente_regeling).",
            "constraints": {"required": True, "enum": list(tally.TABLES)},
        },
        {
            "name": "kwartaal",
            "type": "string",
            "description": "Quarter the thread was started in (UTC), e.g. 2026-Q2.",
            "constraints": {"required": True, "pattern": r"[0-9]{4}-Q[1-4]"},
        },
    ]
    for dimension in tally.ALL_DIMENSIONS:
        fields.append(
            {
                "name": dimension,
                "type": "string",
                "description": f"{DIMENSION_TEXT[dimension]}; 'onbekend' when the thread has "
                "no or several tags for it; 'alle' when the table sums over this dimension.",
                "constraints": {"required": True},
            }
        )
    fields.append(
        {
            "name": "aantal",
            "type": "integer",
            "description": f"Number of threads (one thread = one experience). Missing values: "
            f"'<{threshold}' = 0 to {low} threads; '≥{threshold}' = {threshold} or more, hidden "
            "so that no small count can be computed from the others.",
            "constraints": {"minimum": threshold},
        }
    )
    source_list = [
        {
            "title": "Werkcafé forum: public threads in the experience categories",
            "path": forum_url,
        },
        *({"title": title, "path": url} for title, url in (sources or {}).items()),
    ]
    return {
        "name": "werkcafe-ervaringen",
        "title": "Werkcafé: ervaringen met instanties per kwartaal (experiences with agencies)",
        "description": "How many forum threads share an experience with an agency, per "
        "quarter, benefit scheme, agency, theme, verdict and municipality. Self-selected, not "
        "representative. " + SUPPRESSION.format(t=threshold, low=low),
        "licenses": [LICENSE],
        "sources": source_list,
        "created": generated_at,
        "resources": [
            {
                "name": "tallies",
                "path": "tallies.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": len(csv_bytes),
                "hash": "sha256:" + hashlib.sha256(csv_bytes).hexdigest(),
                "dialect": {"delimiter": ",", "lineTerminator": "\n", "header": True},
                "licenses": [LICENSE],
                "schema": {
                    "fields": fields,
                    "missingValues": [f"<{threshold}", f"≥{threshold}"],
                    "primaryKey": ["tabel", "kwartaal", *tally.ALL_DIMENSIONS],
                },
            }
        ],
    }
