"""Atom feed of the quarterly knelpunten reports (RFC 4287), one per language.

Built with ElementTree, so every string (labels from the export included) is escaped by
the XML writer; characters XML 1.0 forbids are dropped first (safe.clean). Only complete
quarters are entries: a report appears once its quarter is over, with that day as
`updated`, so the feed does not change between builds of the same data. Links are absolute
(feed readers resolve nothing): mkdocs' site_url + the page path.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Any

from werkcafe.plugins.forum import report, safe
from werkcafe.plugins.forum.report_pages import (
    BASE,
    FEED,
    ReportContext,
    label,
    permanent_url,
    quarter_label,
)
from werkcafe.plugins.forum.report_text import LABELS

ATOM = "http://www.w3.org/2005/Atom"
SUMMARY = {"nl": "Grootste knelpunten: {lines}.", "en": "Biggest bottlenecks: {lines}."}
NO_LINES = {"nl": "Geen combinatie met genoeg negatieve ervaringen om te tonen.",
            "en": "No combination with enough negative experiences to show."}


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _url(site_url: str, language: str, path: str) -> str:
    prefix = "" if language == "nl" else f"{language}/"
    return f"{site_url.rstrip('/')}/{prefix}{path}"


def feed(topics: Sequence[Any], ctx: ReportContext) -> str:
    language = ctx.language
    lab = LABELS[language]
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed",
                      {"{http://www.w3.org/XML/1998/namespace}lang": language})
    feed_url = _url(ctx.site_url, language, FEED)
    ET.SubElement(root, f"{{{ATOM}}}id").text = feed_url
    ET.SubElement(root, f"{{{ATOM}}}title").text = f"Werkcafé · {lab['index_title']}"
    ET.SubElement(root, f"{{{ATOM}}}link", {"rel": "self", "href": feed_url,
                                            "type": "application/atom+xml"})
    ET.SubElement(root, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html",
                                            "href": _url(ctx.site_url, language, BASE + "/")})
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "Werkcafé"
    updated = ET.SubElement(root, f"{{{ATOM}}}updated")
    complete = [q for q in ctx.quarters if report.quarter_end(q) <= ctx.generated]
    newest = dt.date(2000, 1, 1)
    for quarter in reversed(complete):
        rep = report.build(ctx.tallies, topics, quarter, ctx.generated)
        day = report.quarter_end(quarter)
        newest = max(newest, day)
        url = permanent_url(ctx.site_url, language, quarter)
        entry = ET.SubElement(root, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = url
        ET.SubElement(entry, f"{{{ATOM}}}title").text = lab["title"].format(
            quarter=quarter_label(quarter, language))
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html",
                                                 "href": url})
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _stamp(day)
        lines = "; ".join(
            " · ".join(label(ctx.tallies, d, line.keys[d], language)
                       for d in report.COMBINATION) + f" ({line.display})"
            for line in rep.lines[:3])
        # Labels come from the export: ElementTree escapes markup, safe.clean drops the
        # characters XML cannot hold at all.
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = safe.clean(
            SUMMARY[language].format(lines=lines) if lines else NO_LINES[language])
    updated.text = _stamp(newest if complete else ctx.generated)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
