"""Build-time HTML for the deadline calculator, from the periods in data/waarden.yml.

Markers in a page's Markdown (the guides plugin expands them):
  <!-- werkcafe:termijnen -->           the calculator with every kind
  <!-- werkcafe:termijn bezwaar -->      the calculator for one kind (embeddable in any guide)
  <!-- werkcafe:termijnen-tabel -->     for readers without JavaScript: end dates per letter date
The calculator form is `hidden` until termijnen.js runs; the script is a file (the site's
Content-Security-Policy allows no inline script). Everything in the markup is escaped here.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import posixpath
import re
from collections.abc import Callable, Mapping
from typing import Any

from werkcafe.deadlines import calendar
from werkcafe.deadlines.rules import KINDS, Period, compute
from werkcafe.deadlines.texts import GROUPS, MONTHS, WEEKDAYS, long_date, texts

MARKER = re.compile(r"<!--\s*werkcafe:(termijnen|termijn\s+([a-z-]+)|termijnen-tabel"
                    r"|gids-checklist\s+([a-z0-9/-]+\.md))\s*-->")
CHECKLIST = re.compile(r"<div class=\"checklist\" markdown>.*?\n</div>", re.S)
LINK = re.compile(r"\]\((?!https?:|#|mailto:)([^)\s]+)\)")
CALCULATOR_PAGE = "termijnen.md"
BRIEF_PAGE = "brief.md"
# Where each kind's "what to do now" is explained on the calculator page.
TODO_ANCHOR = {
    "bezwaar": "bezwaar", "bezwaar-ziektewet": "ziektewet", "beroep": "beroep",
    "ingebrekestelling-gemeente": "te-laat", "ingebrekestelling-commissie": "te-laat",
    "ingebrekestelling-uwv": "te-laat", "ingebrekestelling-uwv-medisch": "te-laat",
    "ingebrekestelling-aanvraag": "te-laat", "wia": "wia", "ww": "ww",
}
# The table for readers without JavaScript: letters dated from one objection period ago (still
# open today) over the coming eight weeks (as the issue asks).
TABLE_WEEKS_AHEAD = 8

UrlFor = Callable[[str], str]


def config(language: str, periods: Mapping[str, Period], todo_url: str) -> dict[str, Any]:
    """What termijnen.js needs: periods, kinds, texts, date names. No code, only data."""
    t = texts(language)
    return {
        "periods": {key: period.as_json() for key, period in periods.items()},
        "kinds": {key: {"start": spec.start, "periods": list(spec.periods),
                        "label": t[f"kind_{key}"], "todo": f"{todo_url}#{TODO_ANCHOR[key]}"}
                  for key, spec in KINDS.items()},
        "text": t,
        "weekdays": list(WEEKDAYS["en" if language == "en" else "nl"]),
        "months": list(MONTHS["en" if language == "en" else "nl"]),
        "first_year": calendar.FIRST_YEAR,
        "last_year": calendar.LAST_YEAR,
    }


def calculator(language: str, periods: Mapping[str, Period], url_for: UrlFor, asset_url: UrlFor,
               number: int, only: str | None = None) -> str:
    t = texts(language)
    e = html.escape
    data = json.dumps(config(language, periods, url_for(CALCULATOR_PAGE)), ensure_ascii=False,
                      separators=(",", ":"))
    options = []
    for group, keys in GROUPS:
        chosen = [k for k in keys if only is None or k == only]
        if not chosen:
            continue
        options.append(f'<optgroup label="{e(t[group])}">' + "".join(
            f'<option value="{k}">{e(t["kind_" + k])}</option>' for k in chosen) + "</optgroup>")
    first_kind = only or GROUPS[0][1][0]
    ids = f"wc-calc-{number}"
    return "".join([
        '<div class="wc-calc-block">',
        f'<link rel="stylesheet" href="{e(asset_url("assets/werkcafe/termijnen.css"))}">',
        f'<form class="wc-calc" data-wc-calc="{e(data)}" hidden>',
        f'<p class="wc-calc-field"><label for="{ids}-kind">{e(t["kind_label"])}</label>',
        f'<select id="{ids}-kind" name="soort">{"".join(options)}</select></p>',
        f'<p class="wc-calc-field"><label for="{ids}-date" class="wc-calc-date-label">'
        f'{e(t["start_" + KINDS[first_kind].start])}</label>',
        f'<span id="{ids}-hint" class="wc-calc-hint">{e(t["hint"])}</span>',
        f'<input id="{ids}-date" name="datum" type="text" autocomplete="off" '
        f'aria-describedby="{ids}-hint"></p>',
        '<p><button type="submit" class="md-button md-button--primary">',
        f'{e(t["submit"])}</button></p>',
        '<div class="wc-calc-result" role="status" aria-live="polite"></div>',
        '<p><button type="button" class="wc-calc-ics md-button" hidden>',
        f'{e(t["ics"])}</button></p>',
        "</form>",
        f'<script src="{e(asset_url("assets/werkcafe/termijnen.js"))}" defer></script>',
        "</div>\n",
    ])


def table(language: str, periods: Mapping[str, Period], today: dt.date) -> str:
    """End dates for letters dated over the coming weeks, computed at build time."""
    t = texts(language)
    e = html.escape
    first = today - (periods["bezwaartermijn"].after(today) - today)
    last = today + dt.timedelta(weeks=TABLE_WEEKS_AHEAD)
    rows = []
    day = first
    while day <= last:
        bezwaar = compute("bezwaar", day, periods).last_day
        ziektewet = compute("bezwaar-ziektewet", day, periods).last_day
        rows.append(f"<tr><td>{day:%d-%m-%Y}</td><td>{e(long_date(bezwaar, language))}</td>"
                    f"<td>{e(long_date(ziektewet, language))}</td></tr>")
        day += calendar.ONE_DAY
    # A scrolling region must be reachable with the keyboard (axe: scrollable-region-focusable).
    return (f'<div class="wc-calc-table" tabindex="0" role="region" '
            f'aria-label="{e(t["table_caption"])}"><table>'
            f"<caption>{e(t['table_caption'])}</caption>"
            f'<thead><tr><th scope="col">{e(t["table_letter"])}</th>'
            f'<th scope="col">{e(t["table_bezwaar"])}</th>'
            f'<th scope="col">{e(t["table_ziektewet"])}</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>\n")


def guide_checklist(guide_markdown: str, guide_path: str, page_src: str) -> str:
    """The checklist block of a guide, its relative links rewritten for the page it lands on,
    so the calculator's result prints with the checklist of the guide it links to."""
    match = CHECKLIST.search(guide_markdown)
    if match is None:
        raise ValueError(f"{guide_path} heeft geen checklist")
    guide_dir = posixpath.dirname(guide_path)
    page_dir = posixpath.dirname(page_src) or "."

    def relink(link: re.Match[str]) -> str:
        target = posixpath.normpath(posixpath.join(guide_dir, link.group(1)))
        return f"]({posixpath.relpath(target, page_dir)})"

    return LINK.sub(relink, match.group(0)) + "\n"


def expand(markdown: str, language: str, periods: Mapping[str, Period], today: dt.date,
           url_for: UrlFor, asset_url: UrlFor,
           read_guide: Callable[[str], str] | None = None, page_src: str = "") -> str:
    """Replace the calculator markers; a page without markers is returned unchanged.

    read_guide(base_path) returns a guide's Markdown (macros rendered) for gids-checklist."""
    if "werkcafe:termijn" not in markdown and "werkcafe:gids-checklist" not in markdown:
        return markdown
    counter = iter(range(1, 1000))

    def replace(match: re.Match[str]) -> str:
        if match.group(3):
            if read_guide is None:
                raise ValueError("gids-checklist kan hier niet")
            return guide_checklist(read_guide(match.group(3)), match.group(3), page_src)
        if match.group(1) == "termijnen-tabel":
            return table(language, periods, today)
        only = match.group(2)
        if only is not None and only not in KINDS:
            raise ValueError(f"onbekende termijn '{only}' (bekend: {', '.join(KINDS)})")
        return calculator(language, periods, url_for, asset_url, next(counter), only)

    return MARKER.sub(replace, markdown)


def link_block(language: str, page_src: str) -> str:
    """The 'Brief gekregen?' block under regulation guides and the objection guide."""
    t = texts(language)
    here = posixpath.dirname(page_src) or "."
    brief = posixpath.relpath(BRIEF_PAGE, here)
    calc = posixpath.relpath(CALCULATOR_PAGE, here)
    return (f'\n\n!!! tip "{t["links_title"]}"\n\n'
            f"    - [{t['links_brief']}]({brief})\n"
            f"    - [{t['links_calc']}]({calc})\n")


# Guides that get the link block: every regulation guide, and the objection guide.
LINKED_KINDS = ("regeling",)
LINKED_PAGES = ("situaties/bezwaar.md",)


def wants_link_block(kind: str, base_path: str) -> bool:
    return kind in LINKED_KINDS or base_path in LINKED_PAGES
