"""'Ervaringen in cijfers': charts and tables from tallies.json, rendered at build time.

Charts are inline SVG (no JavaScript, no chart library download), in the Okabe-Ito palette
that stays distinguishable with colour blindness, with a title and a text description.
Every chart has a table with its numbers right under it; the bars carry no numbers of their
own, so the page does not send each number twice (issue 12: the page stays under 75 KB at
20,000 topics). Suppressed counts arrive as "<5" and are shown as such; nothing is
recomputed here, so no suppressed value can be recovered from the page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from werkcafe.plugins.forum.render import PageSpec, e
from werkcafe.plugins.strings import strings
from werkcafe.taxonomy import Taxonomy

PATH = "ervaringen/cijfers.md"
OORDEEL_ORDER = ("positief", "gemengd", "negatief", "onbekend")
COLOURS = {"positief": "#0072B2", "gemengd": "#E69F00", "negatief": "#D55E00",
           "onbekend": "#767676"}
CELLS_SHOWN = 20  # combinations on the page; the download has them all
SECTIONS = (("regeling", "by_regeling"), ("instantie", "by_instantie"), ("thema", "by_thema"))

LABELS = {
    "nl": {"title": "Ervaringen in cijfers", "by_regeling": "Per regeling",
           "by_instantie": "Per instantie", "by_thema": "Per thema",
           "trend": "Alle ervaringen per kwartaal", "quarter": "Kwartaal",
           "count": "Aantal",
           "dimensions": ("Regeling", "Instantie", "Thema", "Oordeel"),
           "intro": "Hoeveel ervaringen mensen op het forum deelden, per kwartaal. Elk "
                    "gesprek in de categorie Ervaringen telt één keer. Zo zie je waar het "
                    "systeem mensen pijn doet, en waar het goed gaat.",
           "suppressed": "Een aantal onder de {threshold} (ook 0) tonen we als “{below}”: zo is "
                         "niemand te herkennen. Soms verbergen we ook een groter aantal, zodat je "
                         "een klein aantal niet kunt terugrekenen; dat staat er als “{above}”.",
           "too_few": "Te weinig ervaringen om aantallen te tonen voor: {names}.",
           "cells": "Wat vaak samen voorkomt",
           "cells_intro": "Combinaties van regeling, instantie, thema en oordeel die in een "
                          "kwartaal minstens {threshold} keer voorkwamen.",
           "download": "Download de cijfers (open data)", "none": "Er zijn nog geen cijfers.",
           "chart": "Staafdiagram", "sum": "Kleine aantallen staan niet in de staaf.",
           "chart_desc": "De aantallen per kwartaal staan in de tabel onder de grafiek.",
           "cells_more": "Hier zie je de {shown} combinaties die in het laatste kwartaal het "
                         "vaakst voorkwamen. Alle kwartalen en combinaties staan in de "
                         "download.",
           "summary_intro": "Ervaringen met deze regeling op het forum, per kwartaal."},
    "en": {"title": "Experiences in numbers", "by_regeling": "By regulation",
           "by_instantie": "By agency", "by_thema": "By theme",
           "trend": "All experiences per quarter", "quarter": "Quarter",
           "count": "Number",
           "dimensions": ("Regulation", "Agency", "Theme", "Judgement"),
           "intro": "How many experiences people shared on the forum, per quarter. Each "
                    "conversation in the Experiences category counts once. This shows where "
                    "the system hurts people, and where it works well.",
           "suppressed": "A number below {threshold} (including 0) is shown as “{below}”, so "
                         "that nobody can be recognised. Sometimes a larger number is hidden too, "
                         "so that a small one cannot be worked out; it reads “{above}”.",
           "too_few": "Too few experiences to show numbers for: {names}.",
           "cells": "What often comes together",
           "cells_intro": "Combinations of regulation, agency, theme and judgement that "
                          "occurred at least {threshold} times in a quarter.",
           "download": "Download the numbers (open data)", "none": "There are no numbers yet.",
           "chart": "Bar chart", "sum": "Small numbers are not drawn in the bar.",
           "chart_desc": "The numbers per quarter are in the table below the chart.",
           "cells_more": "Here you see the {shown} combinations that occurred most often in "
                         "the latest quarter. All quarters and combinations are in the "
                         "download.",
           "summary_intro": "Experiences with this regulation on the forum, per quarter."},
}


def _label(tallies: dict[str, Any], dimension: str, key: str, language: str) -> str:
    entry = tallies.get("labels", {}).get(dimension, {}).get(key)
    return entry.get(language, key) if isinstance(entry, dict) else key


def quarter_label(quarter: str, language: str) -> str:
    year, _, number = quarter.partition("-Q")
    return f"{year} {'K' if language == 'nl' else 'Q'}{number}"


def _rows(tallies: dict[str, Any], table: str) -> list[dict[str, Any]]:
    return list(tallies.get("tables", {}).get(table, {}).get("rows", []))


def grid(rows: Sequence[dict[str, Any]], dimension: str | None, key: str | None
         ) -> dict[str, dict[str, dict[str, Any]]]:
    """quarter -> oordeel -> row, for one value of one dimension (or the totals)."""
    result: dict[str, dict[str, dict[str, Any]]] = {}
    for row in rows:
        if dimension is not None and row.get(dimension) != key:
            continue
        result.setdefault(row["kwartaal"], {})[row["oordeel"]] = row
    return dict(sorted(result.items()))


def _oordelen(data: dict[str, dict[str, dict[str, Any]]]) -> list[str]:
    present = {o for by_oordeel in data.values() for o in by_oordeel}
    return [o for o in OORDEEL_ORDER if o in present]


def chart(data: dict[str, dict[str, dict[str, Any]]], tallies: dict[str, Any], title: str,
          language: str) -> str:
    """Horizontal stacked bars, one per quarter; suppressed segments are left out.

    Drawn so that a bar costs a few bytes, whatever the size of the forum: the bars are in
    count units (an inner viewBox as wide as the largest quarter), so a segment's width is
    its exact count and nothing is rounded; each oordeel is one path of thick lines from
    zero to where its segment ends, painted widest first, so a segment needs no x of its
    own. The numbers are in the table under the chart, not on the bars: at 20,000 topics
    the numbers on the bars were 2 KB of the page's 8.6 KB of compressed content."""
    lab = LABELS[language]
    oordelen = _oordelen(data)
    row_height, top = 26, 8
    rows = row_height * len(data)
    height = top + rows + 34
    labels = []
    ends: dict[str, list[str]] = {o: [] for o in oordelen}
    widest = 1
    for index, (quarter, by_oordeel) in enumerate(data.items()):
        labels.append(f'<text y="{top + index * row_height + 16}">'
                      f"{e(quarter_label(quarter, language))}</text>")
        end = 0
        for oordeel in oordelen:
            count = by_oordeel.get(oordeel, {}).get("count")
            if isinstance(count, int) and count > 0:
                end += count
                ends[oordeel].append(f"M0 {index * row_height + 10}h{end}")
        widest = max(widest, end)
    paths = "".join(f'<path stroke="{COLOURS[o]}" d="{"".join(ends[o])}"/>'
                    for o in reversed(oordelen) if ends[o])
    parts = [*labels, f'<svg x="70" y="{top}" width="420" height="{rows}" '
                      f'viewBox="0 0 {widest} {rows}" preserveAspectRatio="none" '
                      f'stroke-width="20">{paths}</svg>']
    legend_y = top + rows + 14
    legend_x = 70
    for oordeel in oordelen:
        label = e(_label(tallies, "oordeel", oordeel, language))
        parts.append(f'<rect x="{legend_x}" y="{legend_y}" width="12" height="12" '
                     f'fill="{COLOURS[oordeel]}"/><text x="{legend_x + 16}" y="{legend_y + 11}">'
                     f"{label}</text>")
        legend_x += 16 + 8 * len(label) + 18
    # The table under the chart holds every number; the description points there instead
    # of repeating them (at 20,000 topics that repetition cost a tenth of the page). The
    # <title> and <desc> children are the image's name and description (SVG-AAM) without
    # ids and aria-labelledby, which cost 16 bytes a chart even compressed.
    desc = e(lab["chart_desc"] + " " + lab["sum"])
    return (f'<figure class="wc-chart"><svg viewBox="0 0 560 {height}" width="100%" '
            f'role="img"><title>{e(title)}</title><desc>{desc}</desc>{"".join(parts)}'
            "</svg></figure>")


def table(data: dict[str, dict[str, dict[str, Any]]], tallies: dict[str, Any], title: str,
          language: str, table_id: str, *, keyed: bool = True) -> str:
    """The numbers as a table: a row per quarter, a column per oordeel. `keyed` marks every
    row and cell with its quarter and oordeel key (data-kwartaal, data-oordeel); the tally
    page leaves that out, as its header cells say the same and it has hundreds of cells."""
    oordelen = _oordelen(data)
    head = "".join(f'<th scope="col">{e(_label(tallies, "oordeel", o, language))}</th>'
                   for o in oordelen)
    body = []
    for quarter, by_oordeel in data.items():
        cells = "".join(
            (f'<td data-oordeel="{o}">' if keyed else "<td>")
            + f'{e(by_oordeel[o]["display"]) if o in by_oordeel else "0"}</td>'
            for o in oordelen)
        row = f'<tr data-kwartaal="{e(quarter)}">' if keyed else "<tr>"
        body.append(f'{row}<th scope="row">{e(quarter_label(quarter, language))}</th>'
                    f"{cells}</tr>")
    return (f'<div class="wc-table"><table id="{table_id}"><caption>{e(title)}</caption>'
            f'<thead><tr><th scope="col">{LABELS[language]["quarter"]}</th>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table></div>")


def _has_numbers(data: dict[str, dict[str, dict[str, Any]]]) -> bool:
    return any(isinstance(row.get("count"), int) and row["count"] > 0
               for by_oordeel in data.values() for row in by_oordeel.values())


def block(tallies: dict[str, Any], table_name: str, dimension: str | None, key: str | None,
          title: str, language: str, block_id: str, heading_level: int = 3) -> str:
    data = grid(_rows(tallies, table_name), dimension, key)
    if not _has_numbers(data):
        return ""
    # A plain section, not a named region: 27 landmarks would crowd a screen reader's
    # landmark list; the headings lead there (and this saves 4 bytes a block).
    return (f'<section class="wc-tally" data-table="{table_name}" data-key="{e(key or "")}">'
            f'<h{heading_level} id="{block_id}">{e(title)}</h{heading_level}>'
            f"{chart(data, tallies, title, language)}"
            f"{table(data, tallies, title, language, block_id + '-table', keyed=False)}"
            "</section>")


def page(tallies: dict[str, Any] | None, taxonomy: Taxonomy, language: str,
         link: Callable[[str], str], downloads: Sequence[str]) -> PageSpec:
    lab = LABELS[language]
    parts = [f"<p>{lab['intro']}</p>"]
    if not tallies or not _rows(tallies, "totaal"):
        parts.append(f"<p>{lab['none']}</p>")
    else:
        threshold = tallies.get("threshold", 5)
        displays = tallies.get("suppressed_display")
        displays = displays if isinstance(displays, dict) else {}
        # an f-string, not "<p>" + Markup: Markup escapes a plain str added to it
        note = e(lab["suppressed"].format(
            threshold=threshold, below=displays.get("below", f"<{threshold}"),
            above=displays.get("complementary", f"≥{threshold}")))
        parts.append(f"<p>{note}</p>")
        parts.append(block(tallies, "totaal", None, None, lab["trend"], language, "trend", 2))
        parts.append(_cells(tallies, language))
        groups = {"regeling": "regelingen", "instantie": "instanties", "thema": "themas"}
        for dimension, heading in SECTIONS:
            parts.append(f'<h2 id="{dimension}">{lab[heading]}</h2>')
            too_few = []
            for key in [*taxonomy.groups[groups[dimension]], "onbekend"]:
                title = _label(tallies, dimension, key, language)
                html = block(tallies, dimension, dimension, key, title, language,
                             f"{dimension}-{key}")
                if html:
                    parts.append(html)
                elif grid(_rows(tallies, dimension), dimension, key):
                    too_few.append(title)
            if too_few:
                parts.append(f"<p>{e(lab['too_few'].format(names=', '.join(too_few)))}</p>")
    if downloads:
        items = "".join(f'<li><a href="{e(link("ervaringen/" + name))}" download>{name}</a></li>'
                        for name in downloads)
        parts.append(f"<h2>{lab['download']}</h2><ul>{items}</ul>")
    title = lab["title"]
    html = f"<h1>{e(title)}</h1>\n" + "\n".join(parts) + "\n"
    return PageSpec(PATH, title, html, in_nav=True)


def _cells(tallies: dict[str, Any], language: str) -> str:
    """The full cells that are published (only those at or above the threshold)."""
    rows = [r for r in _rows(tallies, "cellen") if isinstance(r.get("count"), int)]
    if not rows:
        return ""
    lab = LABELS[language]
    # The combinations grow with the forum (hundreds at 20,000 topics): the page keeps the
    # largest of the latest quarter, tallies.csv and tallies.json have them all.
    latest = max(r["kwartaal"] for r in rows)
    newest = sorted((r for r in rows if r["kwartaal"] == latest), key=lambda r: -r["count"])
    more = ""
    if len(newest) < len(rows):
        newest = newest[:CELLS_SHOWN]
        more = f"<p>{e(lab['cells_more'].format(shown=len(newest)))}</p>"
    rows = newest
    dims = ("regeling", "instantie", "thema", "oordeel")
    head = "".join(f'<th scope="col">{h}</th>' for h in lab["dimensions"])
    body = "".join(
        f'<tr data-kwartaal="{e(r["kwartaal"])}"><th scope="row">'
        f'{e(quarter_label(r["kwartaal"], language))}</th>'
        + "".join(f"<td>{e(_label(tallies, d, r[d], language))}</td>" for d in dims)
        + f'<td data-count>{e(r["display"])}</td></tr>' for r in rows)
    intro = lab["cells_intro"].format(threshold=tallies.get("threshold", 5))
    return (f'<section class="wc-tally" data-table="cellen" aria-labelledby="cellen">'
            f'<h2 id="cellen">{lab["cells"]}</h2><p>{e(intro)}</p>'
            f'<div class="wc-table"><table id="cellen-table"><caption>{lab["cells"]}</caption>'
            f'<thead><tr><th scope="col">{lab["quarter"]}</th>{head}'
            f'<th scope="col">{lab["count"]}</th></tr></thead><tbody>{body}</tbody></table>'
            f"</div>{more}</section>")


def regeling_summary(tallies: dict[str, Any] | None, key: str, language: str,
                     full_page: str) -> str:
    """The small block under a regulation guide, linking to the full page."""
    if not tallies:
        return ""
    t = strings(language)
    data = grid(_rows(tallies, "regeling"), "regeling", key)
    if not data:
        return ""
    latest = dict(list(data.items())[-4:])  # the last four quarters with experiences
    return (f'<h3 id="wc-tallies-summary">{t["tallies_summary"]}</h3>'
            f"<p>{LABELS[language]['summary_intro']}</p>"
            f"{table(latest, tallies, t['tallies_summary'], language, 'wc-summary-table')}"
            f'<p><a href="{e(full_page)}">{t["tallies_link"]}</a></p>')
