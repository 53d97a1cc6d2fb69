"""HTML of the local pages: /lokaal/, /lokaal/<slug>/ and the "in jouw gemeente" filter.

Pure functions. Everything that comes from the forum export (titles, tally displays) or from
editors (municipality names, werkcafé fields) passes through `safe` on its way into HTML;
nothing is put into Markdown. The script (overrides/assets/werkcafe/lokaal.js) only shows,
hides and filters what is here, and writes forum titles from JSON as text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from werkcafe.gemeenten import Gemeente, Gemeenten
from werkcafe.plugins.forum import render, safe, tallies
from werkcafe.plugins.forum.render import PageSpec
from werkcafe.plugins.strings import format_date
from werkcafe.werkcafes import Werkcafe

if TYPE_CHECKING:
    from werkcafe.plugins.forum.local import Place

e = safe.text
Link = Callable[[str], str]
SCRIPT = "assets/werkcafe/lokaal.js"
ROOT_FILES = ("assets/",)  # link targets that exist once, in the default language's folder
START_GUIDE = "over/werkcafe-starten.md"
TOPICS_SHOWN = 20  # newest threads on a municipality page; the forum has the rest
SECTION = "lokaal"
INDEX = f"{SECTION}/index.md"
JSON_NAME = "ervaringen.json"
LOCAL_TABLES = ("gemeente", "gemeente_regeling")  # the export's tables by municipality
Rows = Mapping[tuple[str, str], Sequence[dict[str, Any]]]


def page_path(gemeente: Gemeente) -> str:
    return f"{SECTION}/{gemeente.slug}.md"


def json_path(gemeente: Gemeente) -> str:
    """Once, in the default language's folder: the guide filter of every language reads it."""
    return f"{SECTION}/{gemeente.slug}/{JSON_NAME}"

T: dict[str, dict[str, str]] = {
    "nl": {
        "index_title": "Werkcafés in jouw gemeente",
        "index_intro": "Een werkcafé is een vaste plek in je gemeente waar mensen met een "
                       "uitkering of hulp van de gemeente elkaar treffen. Hieronder staan alle "
                       "gemeenten per provincie. Je ziet of er een werkcafé is en hoeveel "
                       "gesprekken er op het forum over de gemeente zijn.",
        "index_none": "Heeft jouw gemeente nog geen werkcafé? Lees hoe je er een start.",
        "start": "Start een werkcafé in jouw gemeente",
        "start_short": "Start een werkcafé",
        "talk_short": "Praat mee",
        "filter_label": "Zoek je gemeente",
        "filter_count": "{n} gemeenten gevonden",
        "filter_none": "Geen gemeente gevonden. Controleer de spelling.",
        "has_cafe": "werkcafé",
        "no_cafe": "geen werkcafé",
        "threads_one": "gesprek",
        "threads_many": "gesprekken",
        "place_title": "In de gemeente {naam}",
        "place_intro": "Alles over de gemeente {naam} op één plek: het werkcafé, wat mensen op "
                       "het forum vertellen en de regels die per gemeente kunnen verschillen. "
                       "{naam} ligt in de provincie {provincie}.",
        "all_places": "Alle gemeenten",
        "cafes": "Werkcafé",
        "no_cafes": "Er is in {naam} nog geen werkcafé op deze site.",
        "example": "Voorbeeld",
        "example_note": "Dit werkcafé is verzonnen. Het staat hier als voorbeeld, zodat je ziet "
                        "hoe een pagina eruitziet. Ga er niet naartoe.",
        "address": "Adres",
        "hours": "Wanneer",
        "contact": "Contact",
        "website": "Website",
        "people": "Wie doen het",
        "checked": "Gegevens nagevraagd op",
        "email": "e-mail",
        "phone": "telefoon",
        "threads": "Ervaringen uit {naam}",
        "threads_intro": "Gesprekken op het forum over de gemeente {naam}. Zonder namen.",
        "threads_more": "Er zijn meer gesprekken. Lees ze op het forum.",
        "no_threads": "Er zijn nog geen gesprekken over {naam}. Begin er een.",
        "numbers": "Ervaringen in cijfers",
        "numbers_intro": "Ervaringen uit {naam} op het forum, per kwartaal.",
        "numbers_regeling": "Per regeling",
        "too_few": "Te weinig ervaringen om aantallen te tonen voor: {names}.",
        "rules": "Regels in jouw gemeente",
        "rules_intro": "De gemeente voert de bijstand, de Wmo en de tegenprestatie uit. Elke "
                       "gemeente heeft daarvoor eigen regels. Wat in {naam} geldt, kan dus "
                       "anders zijn dan bij iemand in een andere gemeente. De gidsen leggen uit "
                       "wat overal geldt en wat per gemeente verschilt, met bronnen. Vraag je "
                       "gemeente welke regels voor jou gelden. Vraag het antwoord op papier.",
        "rule_bijstand": "Bijstand: wat je krijgt, wat je moet doen en wat per gemeente verschilt",
        "rule_wmo": "Wmo: hulp en voorzieningen thuis, met eigen regels per gemeente",
        "rule_tegenprestatie": "Tegenprestatie en maatschappelijke participatie: elke gemeente "
                               "heeft eigen regels",
        "talk": "Praat mee",
        "talk_intro": "Heb je een vraag of een ervaring met de gemeente {naam}? Begin een "
                      "gesprek op het forum. Het gesprek krijgt het label van je gemeente. "
                      "Schrijf geen namen of andere persoonlijke gegevens op.",
        "talk_button": "Begin een gesprek over {naam}",
        "mine": "Dit is mijn gemeente",
        "mine_intro": "Kies je gemeente. Onder elke gids kun je dan ervaringen uit {naam} "
                      "zien. Je keuze blijft in je eigen browser. Wij zien hem niet.",
        "mine_chosen": "{naam} is jouw gemeente. Onder elke gids kun je nu ervaringen uit "
                       "{naam} kiezen.",
        "forget": "Vergeet mijn gemeente",
        "guide_pick": "Wil je ervaringen uit jouw gemeente zien?",
        "guide_pick_link": "Kies je gemeente",
        "guide_choice": "Welke ervaringen wil je zien?",
        "guide_all": "Alle ervaringen",
        "guide_local": "Uit jouw gemeente",
        "guide_local_empty": "Nog geen ervaringen over dit onderwerp uit jouw gemeente.",
    },
    "en": {
        "index_title": "Werkcafés in your municipality",
        "index_intro": "A werkcafé is a fixed place in your municipality where people on a "
                       "benefit or with support from the municipality meet. Below are all "
                       "municipalities by province. You see whether there is a werkcafé and "
                       "how many conversations about the municipality there are on the forum.",
        "index_none": "Does your municipality not have a werkcafé yet? Read how to start one.",
        "start": "Start a werkcafé in your municipality",
        "start_short": "Start a werkcafé",
        "talk_short": "Join in",
        "filter_label": "Find your municipality",
        "filter_count": "{n} municipalities found",
        "filter_none": "No municipality found. Check the spelling.",
        "has_cafe": "werkcafé",
        "no_cafe": "no werkcafé",
        "threads_one": "conversation",
        "threads_many": "conversations",
        "place_title": "In the municipality of {naam}",
        "place_intro": "Everything about the municipality of {naam} in one place: the "
                       "werkcafé, what people say on the forum and the rules that can differ "
                       "per municipality. {naam} is in the province of {provincie}.",
        "all_places": "All municipalities",
        "cafes": "Werkcafé",
        "no_cafes": "There is no werkcafé in {naam} on this site yet.",
        "example": "Example",
        "example_note": "This werkcafé is made up. It is here as an example, so you can see "
                        "what a page looks like. Do not go there.",
        "address": "Address",
        "hours": "When",
        "contact": "Contact",
        "website": "Website",
        "people": "Who runs it",
        "checked": "Details checked on",
        "email": "e-mail",
        "phone": "phone",
        "threads": "Experiences from {naam}",
        "threads_intro": "Conversations on the forum about the municipality of {naam}. Without "
                         "names. Posts are in Dutch.",
        "threads_more": "There are more conversations. Read them on the forum.",
        "no_threads": "There are no conversations about {naam} yet. Start one.",
        "numbers": "Experiences in numbers",
        "numbers_intro": "Experiences from {naam} on the forum, per quarter.",
        "numbers_regeling": "By regulation",
        "too_few": "Too few experiences to show numbers for: {names}.",
        "rules": "Rules in your municipality",
        "rules_intro": "The municipality carries out social assistance (bijstand), the Wmo and "
                       "the tegenprestatie. Every municipality has its own rules for them. So "
                       "what applies in {naam} can differ from what applies to someone in "
                       "another municipality. The guides explain what applies everywhere and "
                       "what differs per municipality, with sources. Ask your municipality "
                       "which rules apply to you. Ask for the answer in writing.",
        "rule_bijstand": "Social assistance (bijstand): what you get, what you must do and "
                         "what differs per municipality",
        "rule_wmo": "Wmo: help and provisions at home, with each municipality's own rules",
        "rule_tegenprestatie": "Tegenprestatie and social participation: every municipality "
                               "has its own rules",
        "talk": "Join in",
        "talk_intro": "Do you have a question or an experience with the municipality of {naam}? "
                      "Start a conversation on the forum. It gets your municipality's label. "
                      "Do not write names or other personal details.",
        "talk_button": "Start a conversation about {naam}",
        "mine": "This is my municipality",
        "mine_intro": "Choose your municipality. Under every guide you can then see "
                      "experiences from {naam}. Your choice stays in your own browser. We do "
                      "not see it.",
        "mine_chosen": "{naam} is your municipality. Under every guide you can now choose "
                       "experiences from {naam}.",
        "forget": "Forget my municipality",
        "guide_pick": "Do you want to see experiences from your municipality?",
        "guide_pick_link": "Choose your municipality",
        "guide_choice": "Which experiences do you want to see?",
        "guide_all": "All experiences",
        "guide_local": "From your municipality",
        "guide_local_empty": "No experiences about this topic from your municipality yet.",
    },
}


def t(language: str) -> dict[str, str]:
    return T.get(language, T["nl"])


def search_key(name: str) -> str:
    """What the filter matches: lower case, accents dropped ('Fryslân' -> 'fryslan').
    lokaal.js folds the query the same way."""
    folded = unicodedata.normalize("NFD", name)
    return "".join(c for c in folded if not unicodedata.combining(c)).casefold()


def forum_new_topic(forum_url: str, category: str, gemeente: Gemeente) -> str:
    """Discourse's composer, opened with the category and the municipality's tag."""
    query = urlencode({"category": category, "tags": gemeente.tag})
    return f"{forum_url.rstrip('/')}/new-topic?{query}"


def threads_label(count: int, language: str) -> str:
    return f"{count} {t(language)['threads_one' if count == 1 else 'threads_many']}"


def script_tag(link: Link) -> str:
    return f'<script src="{e(link(SCRIPT))}" defer></script>'


# ---------------------------------------------------------------------------------- /lokaal/

def index_page(path: str, gemeenten: Gemeenten, places: Mapping[str, Place], language: str,
               link: Link, forum_url: str, category: str) -> PageSpec:
    s = t(language)
    start = e(link(START_GUIDE))
    parts = [
        f"<p>{s['index_intro']}</p>",
        f'<p>{s["index_none"]} <a href="{start}">{s["start"]}</a>.</p>',
        # Shown by lokaal.js; without JavaScript the list below is the whole page.
        f'<form class="wc-lokaal-zoek" role="search" hidden>'
        f'<label for="wc-lokaal-input">{s["filter_label"]}</label> '
        f'<input id="wc-lokaal-input" type="search" autocomplete="off" spellcheck="false">'
        f'<p class="wc-lokaal-status" aria-live="polite" data-count="{e(s["filter_count"])}" '
        f'data-none="{e(s["filter_none"])}"></p></form>',
    ]
    for provincie, members in gemeenten.by_province().items():
        if not members:
            continue
        anchor = "p-" + search_key(provincie).replace(" ", "-")
        items = "".join(_index_row(places[g.code], language, link, start, forum_url, category)
                        for g in members)
        parts.append(f'<section class="wc-provincie" aria-labelledby="{e(anchor)}">'
                     f'<h2 id="{e(anchor)}">{e(provincie)}</h2>'
                     f'<ul class="wc-lokaal-lijst">{items}</ul></section>')
    parts.append(script_tag(link))
    title = s["index_title"]
    return PageSpec(path, title, f"<h1>{e(title)}</h1>\n" + "\n".join(parts) + "\n",
                    in_nav=True, light=True)


def _index_row(place: Place, language: str, link: Link, start: str, forum_url: str,
               category: str) -> str:
    s, g = t(language), place.gemeente
    cafe = s["has_cafe"] if place.werkcafes else s["no_cafe"]
    meta = f"{cafe} · {threads_label(len(place.topics), language)}"
    if place.has_page:
        name = f'<a href="{e(link(page_path(g)))}">{e(g.naam)}</a>'
    else:
        name = e(g.naam)
        meta += (f' · <a href="{start}">{s["start_short"]}</a> · '
                 f'<a href="{e(forum_new_topic(forum_url, category, g))}" rel="nofollow">'
                 f'{s["talk_short"]}</a>')
    return (f'<li data-naam="{e(search_key(g.naam))}">{name} '
            f'<span class="wc-lokaal-meta">· {meta}</span></li>')


# --------------------------------------------------------------------------- /lokaal/<slug>/

def place_page(path: str, place: Place, tally_data: Mapping[str, Any], language: str,
               link: Link, forum_url: str, category: str, guides: Mapping[str, str],
               rows: Rows | None = None) -> PageSpec:
    """`rows`: rows_by_gemeente(tally_data), made once for all pages (else made here)."""
    s, g = t(language), place.gemeente
    rows = rows_by_gemeente(tally_data) if rows is None else rows
    ask = e(forum_new_topic(forum_url, category, g))
    parts = [
        f'<p>{e(s["place_intro"].format(naam=g.naam, provincie=g.provincie))}</p>',
        f'<p><a href="{e(link(INDEX))}">{s["all_places"]}</a></p>',
        _choose(g, language),
        f'<h2 id="werkcafe">{s["cafes"]}</h2>',
    ]
    if place.werkcafes:
        parts += [_werkcafe(w, language, i) for i, w in enumerate(place.werkcafes, start=1)]
    else:
        parts.append(f'<p>{e(s["no_cafes"].format(naam=g.naam))} '
                     f'<a href="{e(link(START_GUIDE))}">{s["start"]}</a>.</p>')
    parts.append(f'<h2 id="ervaringen">{e(s["threads"].format(naam=g.naam))}</h2>')
    if place.topics:
        parts.append(f'<p>{e(s["threads_intro"].format(naam=g.naam))}</p>')
        parts.append(render.topic_list(place.topics[:TOPICS_SHOWN], language, link))
        if len(place.topics) > TOPICS_SHOWN:
            tag_page = f"{forum_url.rstrip('/')}/tag/{g.tag}"
            parts.append(f'<p><a href="{e(tag_page)}" rel="nofollow">{s["threads_more"]}</a>'
                         "</p>")
    else:
        parts.append(f'<p>{e(s["no_threads"].format(naam=g.naam))}</p>')
    parts.append(_numbers(g, tally_data, language, rows))
    parts.append(_rules(g, language, link, guides))
    parts += [f'<h2 id="praat-mee">{s["talk"]}</h2>',
              f'<p>{e(s["talk_intro"].format(naam=g.naam))}</p>',
              f'<p><a class="md-button md-button--primary" href="{ask}" rel="nofollow">'
              f'{e(s["talk_button"].format(naam=g.naam))}</a></p>',
              script_tag(link)]
    title = s["place_title"].format(naam=g.naam)
    return PageSpec(path, title, f"<h1>{safe.title(title)}</h1>\n" + "\n".join(parts) + "\n")


def _choose(g: Gemeente, language: str) -> str:
    """'Dit is mijn gemeente': kept in localStorage by lokaal.js, hidden without it."""
    s = t(language)
    return (f'<div class="wc-local-choose" hidden data-wc-slug="{e(g.slug)}" '
            f'data-wc-naam="{e(g.naam)}">'
            f'<p class="wc-local-choose__ask">{e(s["mine_intro"].format(naam=g.naam))} '
            f'<button type="button" class="md-button" data-wc-action="kies">{s["mine"]}'
            f"</button></p>"
            f'<p class="wc-local-choose__chosen" hidden>'
            f'{e(s["mine_chosen"].format(naam=g.naam))} '
            f'<button type="button" class="md-button" data-wc-action="vergeet">{s["forget"]}'
            f"</button></p></div>")


def _werkcafe(w: Werkcafe, language: str, number: int) -> str:
    s = t(language)
    heading_id = f"werkcafe-{number}"
    badge = (f' <span class="wc-voorbeeld">{s["example"]}</span>' if w.voorbeeld else "")
    rows = [(s["address"], e(w.adres)), (s["hours"], e(w.openingstijden))]
    contact = []
    if w.contact.email:
        contact.append(f'{s["email"]}: <a href="mailto:{e(w.contact.email)}">'
                       f"{e(w.contact.email)}</a>")
    if w.contact.telefoon:
        digits = "".join(c for c in w.contact.telefoon if c.isdigit() or c == "+")
        contact.append(f'{s["phone"]}: <a href="tel:{e(digits)}">{e(w.contact.telefoon)}</a>')
    if contact:
        rows.append((s["contact"], ", ".join(contact)))
    if w.website and w.website.startswith("https://"):
        rows.append((s["website"], f'<a href="{e(w.website)}" rel="noopener">'
                                   f"{e(w.website)}</a>"))
    if w.mensen:
        people = ", ".join(e(r.label(language)) + (f" ({r.aantal})" if r.aantal else "")
                           for r in w.mensen)
        rows.append((s["people"], people))
    checked = w.laatst_gecontroleerd
    rows.append((s["checked"], f'<time datetime="{checked.isoformat()}">'
                               f"{e(format_date(checked, language))}</time>"))
    # Editors write addresses and hours in Dutch.
    items = "".join(f'<div><dt>{label}</dt><dd lang="nl">{value}</dd></div>'
                    for label, value in rows)
    note = (f'<p class="wc-voorbeeld-note"><strong>{s["example"]}:</strong> '
            f'{s["example_note"]}</p>' if w.voorbeeld else "")
    css = "wc-werkcafe wc-werkcafe--voorbeeld" if w.voorbeeld else "wc-werkcafe"
    return (f'<article class="{css}" aria-labelledby="{heading_id}">'
            f'<h3 id="{heading_id}"><span lang="nl">{e(w.naam)}</span>{badge}</h3>'
            f'{note}<dl class="wc-werkcafe__gegevens">{items}</dl></article>')


def rows_by_gemeente(tally_data: Mapping[str, Any]) -> Rows:
    """(table, CBS code) -> that municipality's usable rows of the export's municipality
    tables, in the export's order: one pass over each table for all pages."""
    tables = tally_data.get("tables")
    result: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for table in LOCAL_TABLES:
        found = tables.get(table) if isinstance(tables, dict) else None
        rows = found.get("rows") if isinstance(found, dict) else None
        for r in rows if isinstance(rows, list) else ():
            if (isinstance(r, dict) and isinstance(r.get("gemeente"), str)
                    and isinstance(r.get("kwartaal"), str) and isinstance(r.get("oordeel"), str)
                    and "display" in r):
                result.setdefault((table, r["gemeente"]), []).append(r)
    return result


def _has_numbers(data: Mapping[str, Mapping[str, Mapping[str, Any]]]) -> bool:
    return any(isinstance(r.get("count"), int) and r["count"] > 0
               for by_oordeel in data.values() for r in by_oordeel.values())


def _label(tally_data: Mapping[str, Any], dimension: str, key: str, language: str) -> str:
    entry = (tally_data.get("labels") or {}).get(dimension, {}).get(key)
    return str(entry.get(language, key)) if isinstance(entry, dict) else key


def _numbers(g: Gemeente, tally_data: Mapping[str, Any], language: str, by_gemeente: Rows
             ) -> str:
    """The export's municipality tables as they are: `display` shown, nothing recomputed."""
    rows = by_gemeente.get(("gemeente", g.code), [])
    if not rows:
        return ""
    s, lab = t(language), tallies.LABELS[language]
    title = s["numbers"]
    data = tallies.grid(rows, None, None)
    threshold = tally_data.get("threshold", 5)
    shown = tally_data.get("suppressed_display")
    shown = shown if isinstance(shown, dict) else {}
    note = lab["suppressed"].format(threshold=threshold, below=shown.get("below", f"<{threshold}"),
                                    above=shown.get("complementary", f"≥{threshold}"))
    parts = [f'<section class="wc-tally" data-table="gemeente" data-key="{e(g.code)}" '
             f'aria-labelledby="cijfers"><h2 id="cijfers">{e(title)}</h2>',
             f'<p>{e(s["numbers_intro"].format(naam=g.naam))}</p>',
             # an f-string: `"<p>" + Markup` would escape the tags into visible text
             f"<p>{e(note)}</p>"]
    if _has_numbers(data):
        parts.append(tallies.chart(data, tally_data, title, language))
    parts.append(tallies.table(data, tally_data, title, language, "cijfers-table"))
    parts.append("</section>")
    parts.append(_numbers_by_regeling(g, tally_data, language, by_gemeente))
    return "".join(parts)


def _numbers_by_regeling(g: Gemeente, tally_data: Mapping[str, Any], language: str,
                         by_gemeente: Rows) -> str:
    rows = by_gemeente.get(("gemeente_regeling", g.code), [])
    keys = list(dict.fromkeys(r.get("regeling") for r in rows if isinstance(r.get("regeling"),
                                                                              str)))
    if not keys:
        return ""
    s = t(language)
    blocks, too_few = [], []
    for key in keys:
        data = tallies.grid([r for r in rows if r.get("regeling") == key], None, None)
        label = _label(tally_data, "regeling", key, language)
        if not _has_numbers(data):
            too_few.append(label)
            continue
        block_id = f"cijfers-{search_key(key)}"
        blocks.append(f'<section class="wc-tally" data-table="gemeente_regeling" '
                      f'data-key="{e(key)}" aria-labelledby="{e(block_id)}">'
                      f'<h4 id="{e(block_id)}">{e(label)}</h4>'
                      f'{tallies.table(data, tally_data, label, language, block_id + "-table")}'
                      "</section>")
    if too_few:
        blocks.append(f"<p>{e(s['too_few'].format(names=', '.join(too_few)))}</p>")
    return f'<h3 id="cijfers-regeling">{s["numbers_regeling"]}</h3>' + "".join(blocks)


def _rules(g: Gemeente, language: str, link: Link, guides: Mapping[str, str]) -> str:
    s = t(language)
    items = "".join(f'<li><a href="{e(link(path))}">{s["rule_" + key]}</a></li>'
                    for key, path in guides.items())
    return (f'<h2 id="regels">{s["rules"]}</h2>'
            f'<p>{e(s["rules_intro"].format(naam=g.naam))}</p>'
            + (f"<ul>{items}</ul>" if items else ""))


# ------------------------------------------------------------------- filter under each guide

def guide_filter(regelingen: Sequence[str], situaties: Sequence[str], language: str,
                 lang_root: str, site_root: str, script: str, lokaal: str) -> str:
    """'In jouw gemeente' under a guide's forum block. Hidden without JavaScript (the block
    then shows all threads); lokaal.js reads the reader's choice from localStorage and the
    municipality's threads from /lokaal/<slug>/ervaringen.json. Nothing leaves the browser."""
    s = t(language)
    return (
        f'<div class="wc-local-filter" hidden data-wc-regelingen="{e(" ".join(regelingen))}" '
        f'data-wc-situaties="{e(" ".join(situaties))}" data-wc-root="{e(site_root)}" '
        f'data-wc-lang-root="{e(lang_root)}">'
        f'<p class="wc-local-filter__pick">{s["guide_pick"]} '
        f'<a href="{e(lokaal)}">{s["guide_pick_link"]}</a>.</p>'
        f'<fieldset class="wc-local-filter__choice" hidden><legend>{s["guide_choice"]}</legend>'
        f'<label><input type="radio" name="wc-local" value="alle" checked> {s["guide_all"]}'
        f"</label> "
        f'<label><input type="radio" name="wc-local" value="gemeente"> {s["guide_local"]}'
        f' (<span class="wc-local-filter__naam"></span>)</label></fieldset>'
        f'<div class="wc-local-filter__result" hidden aria-live="polite">'
        f'<ul class="wc-topic-list wc-local-filter__list"></ul>'
        f'<p class="wc-local-filter__empty" hidden>{s["guide_local_empty"]}</p></div>'
        f"</div>"
        f'<script src="{e(script)}" defer></script>'
    )
