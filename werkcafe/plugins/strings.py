"""Every string the site plugins show, in Dutch and English."""

from __future__ import annotations

import datetime as dt

STRINGS: dict[str, dict[str, str]] = {
    "nl": {
        "regelingen": "Regelingen",
        "situaties": "Situaties",
        "doelgroepen": "Voor wie",
        "reviewed": "Laatst gecontroleerd",
        "editors": "Redactie",
        "sources": "Bronnen",
        "edit": "Verbeter deze pagina",
        "fallback_title": "Deze pagina is nog niet vertaald",
        "fallback_text": "Hieronder staat de Nederlandse tekst.",
        "print": "Print deze checklist",
        "matrix_caption": "Alle gidsen per regeling en situatie",
        "matrix_corner": "Situatie",
        "letters": "Voorbeeldbrieven",
        "guide": "Gids",
        "none": "Nog geen gids",
        "choose_regeling": "Kies je regeling",
        "choose_situatie": "Kies je situatie",
        "choose_doelgroep": "Voor wie is het?",
        "overview": "Alle gidsen in één overzicht",
        "no_guides": "Hier zijn nog geen gidsen voor.",
        "dutch_only": "Nederlands",
        "search_label": "Zoeken",
        "search_placeholder": "Zoek een gids",
        "search_button": "Zoek",
    },
    "en": {
        "regelingen": "Regulations",
        "situaties": "Situations",
        "doelgroepen": "For whom",
        "reviewed": "Last checked",
        "editors": "Editors",
        "sources": "Sources",
        "edit": "Improve this page",
        "fallback_title": "This page has not been translated yet",
        "fallback_text": "Below is the Dutch text.",
        "print": "Print this checklist",
        "matrix_caption": "All guides by regulation and situation",
        "matrix_corner": "Situation",
        "letters": "Letter templates",
        "guide": "Guide",
        "none": "No guide yet",
        "choose_regeling": "Choose your regulation",
        "choose_situatie": "Choose your situation",
        "choose_doelgroep": "Who is it for?",
        "overview": "All guides in one overview",
        "no_guides": "There are no guides for this yet.",
        "dutch_only": "Dutch",
        "search_label": "Search",
        "search_placeholder": "Search a guide",
        "search_button": "Search",
    },
}

_MONTHS = {
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}


def strings(language: str) -> dict[str, str]:
    return STRINGS.get(language, STRINGS["nl"])


def format_date(day: dt.date, language: str) -> str:
    month = _MONTHS.get(language, _MONTHS["nl"])[day.month - 1]
    return f"{month} {day.day}, {day.year}" if language == "en" else f"{day.day} {month} {day.year}"
