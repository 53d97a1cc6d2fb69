"""Find amounts, percentages, periods and week numbers typed into guide prose.

Such values change, so they live in data/waarden.yml and guides write {{ waarde("key") }}.
What counts as typed: "6 weken", "zes weken", "binnen een week", "een jaar lang",
"uiterlijk in week 93", "de 93e week", "€ 1.200", "1.200 euro", "EUR 100", "65%",
"tachtig procent". Not: "een brief", "een keer", "op een dag", numbers in links, URLs, code,
or the macro itself. A match is reported whole ("€ 1.200,50", not "€ 1").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from werkcafe.content import values

_UNITS_NL = "een|één|twee|drie|vier|vijf|zes|zeven|acht|negen"
_TENS_NL = "twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig"
NUMBER_WORDS = (
    # Dutch compounds first ("vierentwintig" before "vier"), then the plain words.
    rf"(?:{_UNITS_NL})(?:en|ën)(?:{_TENS_NL})|"
    r"één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|veertien|"
    r"vijftien|zestien|zeventien|achttien|negentien|anderhalf|anderhalve|"
    rf"{_TENS_NL}|honderd|duizend|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|hundred|thousand"
)
PERIOD_UNITS = (
    r"werkdagen|werkdag|kalenderdagen|dagen|dag|weken|week|maanden|maand|jaren|jaar|"
    r"uren|uur|days?|weeks?|months?|years?|hours?"
)
_DIGITS = r"\d+(?:[.\s]\d{3})*(?:,\d+)?(?:,-{1,2})?|\d+(?:[.,]\d+)?"
_A = r"(?:een|één|a|an|one)"
_HALF = r"(?:een\s+)?half|(?:een\s+)?halve|half\s+a"

# "een week" is a typed period only in a period's company: before it "binnen", "na", ...,
# or after it "lang", "later", "de tijd", ... ("een week" alone is rare in guides; "op een
# dag" and "een dag per week" are left alone).
_BEFORE = (
    r"binnen|na|over|voor|vóór|tot|uiterlijk|minstens|minimaal|maximaal|hoogstens|hooguit|"
    r"ten\s+minste|ten\s+hoogste|ongeveer|bijna|ruim|nog|duurt|duurde|duren|"
    r"(?:langer|korter|meer|minder)\s+dan|"
    r"within|after|for|in|before|up\s+to|at\s+least|at\s+most|about|almost|lasts|takes"
)
_AFTER = (
    r"lang|later|eerder|geleden|de\s+tijd|van\s+tevoren|na|nadat|voor|voordat|vóór|extra|"
    r"long|later|earlier|ago|before|after"
)
_PERIOD_SINGLE = r"dag|week|maand|jaar|day|week|month|year"

TYPED = re.compile(
    "|".join((
        # money: "€ 1.200,50", "€1.200", "EUR 100", "1.200 euro", "honderd euro"
        rf"€\s?(?:{_DIGITS})",
        rf"\bEUR\s?(?:{_DIGITS})",
        rf"(?<![\w/:.-])(?:{_DIGITS}|\b(?:{NUMBER_WORDS}))\s?(?:euro|eur)\b",
        # percentages: "65%", "65 procent", "tachtig procent"
        rf"(?<![\w/:.-])(?:{_DIGITS}|\b(?:{NUMBER_WORDS}))\s?(?:%|procent\b|percent\b)",
        # week numbers: "week 93", "de 93e week", "93ste ziekteweek", "93rd week"
        r"\b(?:ziekte)?week\s+\d+\b",
        r"(?<![\w/:.-])\d+\s?(?:e|ste|de|th|rd|nd|st)\s+(?:ziekte)?week\b",
        # periods with a number: "6 weken", "zes weken", "anderhalf jaar", "twee jaar"
        rf"(?<![\w/:.-])(?:{_DIGITS}|\b(?:{NUMBER_WORDS}))\s?(?:{PERIOD_UNITS})\b",
        # "een half jaar", "een halve dag"
        rf"\b(?:{_HALF})\s+(?:{_PERIOD_SINGLE})\b",
        # "binnen een week", "na een maand", "within a week", "een dag van tevoren"
        rf"\b(?:{_BEFORE})\s+{_A}\s+(?:{_PERIOD_SINGLE})(?:\s+(?:{_AFTER}))?\b",
        # "een jaar lang", "een week later", "a week later"
        rf"\b{_A}\s+(?:{_PERIOD_SINGLE})\s+(?:{_AFTER})\b",
    )),
    re.I,
)
# Links' targets, bare URLs, inline code and the macro are not prose.
_NOT_PROSE = re.compile(r"\]\([^)]*\)|<?https?://\S+|`[^`]*`|<[^>]+>")


@dataclass(frozen=True)
class Typed:
    text: str  # the whole match, as written
    column: int


def find_typed(line: str) -> Iterator[Typed]:
    """Every typed value in one line of Markdown prose."""
    prose = values.MACRO.sub(_blank, _NOT_PROSE.sub(_blank, line))
    for match in TYPED.finditer(prose):
        text = match.group(0).strip()
        if not text.endswith(",-"):
            text = text.rstrip(".,")
        yield Typed(text, match.start())


def _blank(match: re.Match[str]) -> str:
    # Same length, so columns stay right and nothing on either side joins up.
    return " " * len(match.group(0))


def suggestion(text: str, value_table: dict[str, values.Value]) -> str:
    """'{{ waarde("bezwaartermijn") }}' when a value reads the same, else a generic hint."""
    wanted = " ".join(text.lower().split())
    keys = sorted(k for k, v in value_table.items()
                  if wanted in (v.nl.lower(), v.en.lower()))
    if keys:
        return " of ".join(f'{{{{ waarde("{k}") }}}}' for k in keys[:3])
    return '{{ waarde("...") }} met een sleutel uit data/waarden.yml'
