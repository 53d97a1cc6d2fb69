"""A guide's `bronnen`: which official pages back it, when they were read and what they say.

A review date means something only when the sources were read on or before it: every source
carries the day it was read (`geraadpleegd`) and the sentence that backs the guide's key claim
(`citaat`), and `laatst_gecontroleerd` may not be later than the newest `geraadpleegd`.
Messages are Dutch because editors read them; CONTRIBUTING.md documents the same fields.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from werkcafe.content.frontmatter import FrontMatter
from werkcafe.content.problems import Problem, error

FIELDS = ("titel", "url", "geraadpleegd", "citaat")
URL = re.compile(r"^https://[^\s/$.?#][^\s]*\.[^\s]+$")
# What `make new-guide` writes until the editor fills it in.
PLACEHOLDER = re.compile(r"^\s*(todo|xxx|\.\.\.|…)", re.I)
EXAMPLE = ("  - titel: Naam van de pagina\n    url: https://www.uwv.nl/...\n"
           "    geraadpleegd: 2026-11-30\n    citaat: De zin uit de bron.")


@dataclass(frozen=True)
class Source:
    title: str
    url: str
    consulted: dt.date | None = None  # `geraadpleegd`
    quote: str = ""  # `citaat`


def validate_sources(fm: FrontMatter, path: str, required: bool, reviewed: dt.date | None,
                     today: dt.date) -> tuple[list[Source], list[Problem], list[Problem]]:
    """Check `bronnen`. Returns the usable sources, problems that make the list unusable
    (no list, no title or url) and problems with a source's date or quote."""
    unusable: list[Problem] = []
    detail: list[Problem] = []
    raw = fm.data.get("bronnen")
    if raw is None:
        if required:
            unusable.append(error(path, fm.line("bronnen"), "front-matter",
                                  "'bronnen' ontbreekt: noem minstens één officiële bron"))
        return [], unusable, detail
    if not isinstance(raw, list):
        unusable.append(error(path, fm.line("bronnen"), "front-matter",
                              "'bronnen' moet een lijst zijn, per bron zo:\n" + EXAMPLE))
        return [], unusable, detail
    item_lines = fm.item_lines.get("bronnen", [])
    field_lines = fm.item_field_lines.get("bronnen", [])
    sources: list[Source] = []
    for index, item in enumerate(raw):
        number = index + 1
        line = item_lines[index] if index < len(item_lines) else fm.line("bronnen")
        fields = field_lines[index] if index < len(field_lines) else {}

        def at(name: str, line: int = line, fields: dict[str, int] = fields) -> int:
            return fields.get(name, line)

        if not isinstance(item, dict) or not item.get("titel") or not item.get("url"):
            unusable.append(error(path, line, "front-matter",
                                  f"bron {number} moet 'titel' en 'url' hebben"))
            continue
        for name in item:
            if name not in FIELDS:
                detail.append(error(path, at(str(name)), "bron",
                                    f"bron {number}: onbekend veld '{name}' "
                                    f"(bekend zijn {', '.join(FIELDS)})"))
        url = str(item["url"]).strip()
        if not URL.match(url):
            unusable.append(error(path, at("url"), "front-matter",
                                  f"bron {number}: '{url}' is geen URL (begin met https://)"))
            continue
        consulted = item.get("geraadpleegd")
        if isinstance(consulted, dt.datetime):
            consulted = consulted.date()
        if consulted is None or consulted == "":
            detail.append(error(path, at("geraadpleegd"), "bron",
                                f"bron {number}: 'geraadpleegd' ontbreekt: de dag dat je de bron "
                                "las, bijvoorbeeld geraadpleegd: 2026-11-30"))
            consulted = None
        elif not isinstance(consulted, dt.date):
            detail.append(error(path, at("geraadpleegd"), "bron",
                                f"bron {number}: 'geraadpleegd' moet een datum zijn "
                                "als 2026-11-30"))
            consulted = None
        elif consulted > today:
            detail.append(error(path, at("geraadpleegd"), "bron",
                                f"bron {number}: 'geraadpleegd' ({consulted}) ligt in de toekomst"))
        quote = item.get("citaat")
        if not isinstance(quote, str) or not quote.strip() or PLACEHOLDER.match(quote):
            detail.append(error(path, at("citaat"), "bron",
                                f"bron {number}: 'citaat' ontbreekt: schrijf de zin uit de bron "
                                "over die je belangrijkste bewering steunt"))
            quote = ""
        sources.append(Source(str(item["titel"]).strip(), url, consulted,
                              " ".join(str(quote).split())))
    if not sources and required and not unusable:
        unusable.append(error(path, fm.line("bronnen"), "front-matter",
                              "'bronnen' is leeg: noem minstens één officiële bron"))
    dates = [s.consulted for s in sources if s.consulted is not None]
    if reviewed is not None and dates and reviewed > max(dates):
        detail.append(error(path, fm.line("laatst_gecontroleerd"), "controle-datum",
                            f"'laatst_gecontroleerd' ({reviewed}) is later dan de laatste keer "
                            f"dat je een bron las ({max(dates)}): lees de bronnen opnieuw en zet "
                            "die dag bij 'geraadpleegd', of zet 'laatst_gecontroleerd' terug"))
    return sources, unusable, detail
