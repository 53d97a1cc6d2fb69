"""The knelpunten report as HTML pages: one per quarter and the latest at knelpunten/.

Written here as HTML, never Markdown; every string from the export (labels, titles,
display values) passes through `safe`. Numbers come from `report`, which only repeats
published values. Sections are <section class="wc-report-section">: the print stylesheet
starts each on a new A4 page, and a running line with the date and the permanent URL is
repeated on every printed page (position: fixed in print, which Chromium repeats per page).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from werkcafe.gemeenten import load_gemeenten
from werkcafe.plugins.forum import charts, report
from werkcafe.plugins.forum.herkenbaar import recognised_text
from werkcafe.plugins.forum.render import SECTION, PageSpec, e, topic_path
from werkcafe.plugins.forum.report import Comparison, QuarterReport
from werkcafe.plugins.forum.report_text import LABELS
from werkcafe.plugins.forum.safe import title as safe_title
from werkcafe.plugins.strings import format_date

BASE = f"{SECTION}/knelpunten"
INDEX = f"{BASE}/index.md"
FEED = f"{BASE}/feed.xml"
CSS = "assets/werkcafe/knelpunten.css"

Link = Callable[[str], str]


@dataclass(frozen=True)
class ReportContext:
    tallies: dict[str, Any] | None
    language: str
    generated: dt.date
    site_url: str  # absolute base (mkdocs site_url), for the permanent URL
    quarters: tuple[str, ...]
    latest: str | None


def path(quarter: str) -> str:
    return f"{BASE}/{report.slug(quarter)}.md"


def quarter_label(quarter: str, language: str) -> str:
    year, _, number = quarter.partition("-Q")
    return f"{year} {'K' if language == 'nl' else 'Q'}{number}"


def permanent_url(site_url: str, language: str, quarter: str) -> str:
    prefix = "" if language == "nl" else f"{language}/"
    return f"{site_url.rstrip('/')}/{prefix}{BASE}/{report.slug(quarter)}/"


def label(tallies: dict[str, Any] | None, dimension: str, key: str, language: str) -> str:
    labels = (tallies or {}).get("labels")
    entry = labels.get(dimension, {}).get(key) if isinstance(labels, dict) and isinstance(
        labels.get(dimension), dict) else None
    if isinstance(entry, dict) and isinstance(entry.get(language), str):
        return entry[language]
    if dimension == "gemeente":
        found = load_gemeenten().get(key)
        if found is not None:
            return found.naam
    return key


def _comparison(comparison: Comparison, language: str) -> str:
    lab = LABELS[language]
    if comparison.change is not None:
        sign = "+" if comparison.change > 0 else ("±" if comparison.change == 0 else "−")
        return (f'<span data-change="{comparison.change}">{sign}{abs(comparison.change)}</span> '
                f'<span class="wc-report-was">({e(comparison.display)})</span>')
    hidden = comparison.display is not None and comparison.display.startswith("≥")
    return f'<span class="wc-report-nocompare">{lab["hidden" if hidden else "too_few"]}</span>'


def _topic_links(topics: Sequence[Any], language: str, link: Link) -> str:
    items = []
    for topic in topics:
        recognised = recognised_text(topic.herkenbaar, language)
        items.append(f'<li><a href="{e(link(topic_path(topic)))}" lang="nl">'
                     f"{safe_title(topic.title)}</a>"
                     + (f' <span class="wc-herkenbaar">· {e(recognised)}</span>'
                        if recognised else "") + "</li>")
    return f'<ul class="wc-report-threads">{"".join(items)}</ul>' if items else ""


def _lines_section(rep: QuarterReport, ctx: ReportContext, link: Link) -> str:
    lab, lang, tallies = LABELS[ctx.language], ctx.language, ctx.tallies
    parts = [f"<h2 id=\"knelpunten\">{lab['lines']}</h2>",
             f"<p>{e(lab['lines_intro'].format(threshold=rep.threshold))}</p>"]
    if rep.total_display is not None:
        parts.append(f"<p>{e(lab['total'].format(n=rep.total_display))}</p>")
    if not rep.lines:
        parts.append(f"<p>{e(lab['no_lines'].format(threshold=rep.threshold))}</p>")
    else:
        names = [" · ".join(label(tallies, d, line.keys[d], lang) for d in report.COMBINATION)
                 for line in rep.lines]
        bars = [charts.Bar(name, (line.count,))
                for name, line in zip(names, rep.lines, strict=True)]
        description = "; ".join(f"{name}: {line.display}"
                                for name, line in zip(names, rep.lines, strict=True))
        parts.append(charts.bars(bars, (lab["count"],), lab["chart_lines"], description,
                                 "chart-knelpunten"))
        previous = quarter_label(report.shift(rep.quarter, -1), lang)
        year_ago = quarter_label(report.shift(rep.quarter, -4), lang)
        head = "".join(f'<th scope="col">{lab[h]}</th>'
                       for h in ("regeling", "instantie", "thema", "count"))
        head += (f'<th scope="col">{e(lab["previous"].format(quarter=previous))}</th>'
                 f'<th scope="col">{e(lab["year_ago"].format(quarter=year_ago))}</th>'
                 f'<th scope="col">{lab["recognised"]}</th>')
        body = []
        for number, line in enumerate(rep.lines, 1):
            keys = "".join(f"<td>{e(label(tallies, d, line.keys[d], lang))}</td>"
                           for d in report.COMBINATION)
            body.append(
                f'<tr data-line="{number}" data-kwartaal="{e(rep.quarter)}" '
                + " ".join(f'data-{d}="{e(line.keys[d])}"' for d in report.COMBINATION)
                + f">{keys}<td data-count>{e(line.display)}</td>"
                f"<td>{_comparison(line.previous, lang)}</td>"
                f"<td>{_comparison(line.year_ago, lang)}</td>"
                f"<td>{line.recognised}</td></tr>")
        parts.append(f'<div class="wc-table"><table id="knelpunten-table" class="wc-report-table">'
                     f"<caption>{lab['lines']}</caption><thead><tr>{head}</tr></thead>"
                     f"<tbody>{''.join(body)}</tbody></table></div>")
        items = []
        for number, (name, line) in enumerate(zip(names, rep.lines, strict=True), 1):
            items.append(f'<li data-line="{number}"><strong>{e(name)}</strong>: '
                         f"{e(lab['negatives'].format(n=line.display))}"
                         f"{_topic_links(line.topics, lang, link)}</li>")
        parts.append(f"<h3 id=\"gesprekken\">{lab['threads']}</h3>"
                     f'<ol class="wc-report-lines">{"".join(items)}</ol>')
    if rep.recognised:
        parts.append(f"<h3 id=\"herkend\">{lab['recognised_title']}</h3>"
                     f"<p>{lab['recognised_intro']}</p>"
                     + _topic_links(rep.recognised, lang, link))
    return _section("knelpunten", "".join(parts))


def _themes_section(rep: QuarterReport, ctx: ReportContext) -> str:
    lab, lang, tallies = LABELS[ctx.language], ctx.language, ctx.tallies
    previous = quarter_label(report.shift(rep.quarter, -1), lang)
    parts = [f"<h2 id=\"themas\">{lab['themes']}</h2>",
             f"<p>{e(lab['themes_intro'].format(threshold=rep.threshold))}</p>"]
    changes = [*rep.rose, *rep.fell]
    if not changes:
        parts.append(f"<p>{lab['no_themes']}</p>")
    else:
        now = lab["this_quarter"].format(quarter=quarter_label(rep.quarter, lang))
        was = lab["previous"].format(quarter=previous)
        names = [label(tallies, "thema", c.thema, lang) for c in changes]
        counts = [(c.count, c.count - (c.previous.change or 0)) for c in changes]
        bars = [charts.Bar(n, values) for n, values in zip(names, counts, strict=True)]
        description = "; ".join(f"{n}: {now} {a}, {was} {b}"
                                for n, (a, b) in zip(names, counts, strict=True))
        parts.append(charts.bars(bars, (now, was), lab["chart_themes"], description,
                                 "chart-themas"))
        year_ago = lab["year_ago"].format(
            quarter=quarter_label(report.shift(rep.quarter, -4), lang))
        head = (f'<th scope="col">{lab["thema"]}</th><th scope="col">{e(now)}</th>'
                f'<th scope="col">{e(was)}</th><th scope="col">{e(year_ago)}</th>')
        body = []
        for heading, group in ((lab["rose"], rep.rose), (lab["fell"], rep.fell)):
            if group:
                body.append(f'<tr><th scope="rowgroup" colspan="4">{heading}</th></tr>')
            for change in group:
                body.append(f'<tr data-thema="{e(change.thema)}"><th scope="row">'
                            f'{e(label(tallies, "thema", change.thema, lang))}</th>'
                            f"<td data-count>{e(change.display)}</td>"
                            f"<td>{_comparison(change.previous, lang)}</td>"
                            f"<td>{_comparison(change.year_ago, lang)}</td></tr>")
        parts.append(f'<div class="wc-table"><table id="themas-table" class="wc-report-table">'
                     f"<caption>{lab['themes']}</caption><thead><tr>{head}</tr></thead>"
                     f"<tbody>{''.join(body)}</tbody></table></div>")
    if rep.not_comparable:
        names = ", ".join(label(tallies, "thema", t, lang) for t in rep.not_comparable)
        parts.append(f"<p>{e(lab['not_comparable'].format(names=names))}</p>")
    return _section("themas", "".join(parts))


def _municipalities_section(rep: QuarterReport, ctx: ReportContext, link: Link) -> str:
    lab, lang, tallies = LABELS[ctx.language], ctx.language, ctx.tallies
    parts = [f"<h2 id=\"gemeenten\">{lab['municipalities']}</h2>",
             f"<p>{lab['municipalities_intro']}</p>"]
    if not rep.municipalities:
        parts.append(f"<p>{lab['no_municipalities']}</p>")
    else:
        oordelen = [o for o in ("negatief", "gemengd", "positief", "onbekend")
                    if any(o in m.displays for m in rep.municipalities)]
        head = f'<th scope="col">{lab["gemeente"]}</th>' + "".join(
            f'<th scope="col">{e(label(tallies, "oordeel", o, lang))}</th>' for o in oordelen)
        body = []
        for m in rep.municipalities:
            cells = "".join(f'<td data-oordeel="{o}">{e(m.displays.get(o, ""))}</td>'
                            for o in oordelen)
            body.append(f'<tr data-gemeente="{e(m.gemeente)}"><th scope="row">'
                        f'{e(label(tallies, "gemeente", m.gemeente, lang))}</th>{cells}</tr>')
        parts.append(f'<div class="wc-table"><table id="gemeenten-table" class="wc-report-table">'
                     f"<caption>{lab['municipalities']}</caption><thead><tr>{head}</tr>"
                     f"</thead><tbody>{''.join(body)}</tbody></table></div>")
        items = []
        for m in rep.municipalities:
            if m.negative is None:
                continue
            regelingen = ", ".join(f"{label(tallies, 'regeling', r, lang)} {d}"
                                   for r, d in m.regelingen)
            items.append(
                f'<li data-gemeente="{e(m.gemeente)}"><strong>'
                f'{e(label(tallies, "gemeente", m.gemeente, lang))}</strong>: '
                f"{e(lab['negatives'].format(n=m.negative))}"
                + (f" ({e(lab['per_regeling'])}: {e(regelingen)})" if regelingen else "")
                + _topic_links(m.topics, lang, link) + "</li>")
        if items:
            parts.append(f'<ul class="wc-report-lines">{"".join(items)}</ul>')
    if rep.municipalities_hidden:
        names = ", ".join(label(tallies, "gemeente", c, lang) for c in rep.municipalities_hidden)
        parts.append(f"<p>{e(lab['municipalities_hidden'].format(names=names))}</p>")
    return _section("gemeenten", "".join(parts))


def method_section(threshold: int, language: str, link: Link) -> str:
    lab = LABELS[language]
    paragraphs = "".join(f"<p>{e(lab[k].format(threshold=threshold))}</p>" for k in
                         ("method_counted", "method_suppressed", "method_cannot",
                          "method_ranking"))
    data = (f'<p>{lab["method_data"]} <a href="{e(link(f"{SECTION}/open-data.md"))}">'
            f'{lab["open_data"]}</a></p>')
    return _section("methode", f"<h2 id=\"methode\">{lab['method']}</h2>{paragraphs}{data}")


def _section(name: str, html: str) -> str:
    return (f'<section class="wc-report-section" data-section="{name}" '
            f'aria-labelledby="{name}">{html}</section>')


def _quarter_nav(ctx: ReportContext, current: str, link: Link) -> str:
    lab = LABELS[ctx.language]
    items = "".join(
        f"<li><strong>{quarter_label(q, ctx.language)}</strong></li>" if q == current else
        f'<li><a href="{e(link(path(q)))}">{quarter_label(q, ctx.language)}</a></li>'
        for q in reversed(ctx.quarters))
    return (f'<nav class="wc-report-nav" aria-label="{lab["other"]}"><ul>{items}</ul>'
            f'<p><a href="{e(link(FEED))}" type="application/atom+xml">{lab["feed"]}</a></p>'
            "</nav>")


def page(quarter: str, rep: QuarterReport, ctx: ReportContext, link: Link,
         latest_page: bool = False) -> PageSpec:
    lab, lang = LABELS[ctx.language], ctx.language
    name = quarter_label(quarter, lang)
    title = lab["title"].format(quarter=name)
    url = permanent_url(ctx.site_url, lang, quarter)
    made = lab["made"].format(date=format_date(ctx.generated, lang))
    status = "" if rep.complete else f" ({lab['running']})"
    running = (f'<div class="wc-print-running" aria-hidden="true">Werkcafé · {e(title)}'
               f"{e(status)} · {e(format_date(ctx.generated, lang))} · {e(url)}</div>")
    head = [
        f'<link rel="stylesheet" href="{e(link(CSS))}">',
        running,
        f"<h1>{e(title)}{e(status)}</h1>",
        f"<p>{e(lab['intro'].format(quarter=name))}</p>",
        f'<p class="wc-report-meta">{e(made)} {lab["permanent"]}: '
        f'<a href="{e(url)}" class="wc-report-url">{e(url)}</a></p>',
    ]
    if latest_page:
        head.append(f"<p>{lab['latest_note']}</p>")
    head.append(_quarter_nav(ctx, quarter, link))
    body = [
        "".join(head),
        _lines_section(rep, ctx, link),
        _themes_section(rep, ctx),
        _municipalities_section(rep, ctx, link),
        method_section(rep.threshold, lang, link),
    ]
    html = '<div class="wc-report">' + "\n".join(body) + "</div>\n"
    target = INDEX if latest_page else path(quarter)
    return PageSpec(target, lab["index_title"] if latest_page else title, html,
                    in_nav=latest_page)


def empty_page(ctx: ReportContext, link: Link) -> PageSpec:
    lab = LABELS[ctx.language]
    html = (f'<link rel="stylesheet" href="{e(link(CSS))}"><h1>{lab["index_title"]}</h1>'
            f"<p>{lab['none']}</p>" + method_section(5, ctx.language, link))
    return PageSpec(INDEX, lab["index_title"], html, in_nav=True)


def pages(topics: Sequence[Any], ctx: ReportContext, link_for: Callable[[str], Link]
          ) -> list[PageSpec]:
    """Every report page of one language: one per quarter and the latest one."""
    if ctx.latest is None:
        return [empty_page(ctx, link_for(INDEX))]
    specs = []
    for quarter in ctx.quarters:
        rep = report.build(ctx.tallies, topics, quarter, ctx.generated)
        specs.append(page(quarter, rep, ctx, link_for(path(quarter))))
        if quarter == ctx.latest:
            specs.append(page(quarter, rep, ctx, link_for(INDEX), latest_page=True))
    return specs
