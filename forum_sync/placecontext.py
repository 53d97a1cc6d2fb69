"""Places of residence found by their context, in any case, with deduce's place list.

"ik woon in apeldoorn", "wij komen uit zwolle", "woonachtig te ede", "hier in emmen",
"iemand uit de regio deventer?", "ben gerda uit zwolle". A word is a place here only after
such a cue and when deduce's list of residences knows it. An agency's municipality
("gemeente Zwolle", "UWV Zwolle", "Werkplein Zwolle") has no such cue before the place, so it
stays; a lowercase place that is also a common word ("uit best") needs a verb of living.
"""

from __future__ import annotations

import re

from forum_sync import lookups, rules
from forum_sync.namecontext import NOT_AFTER, PLACE
from forum_sync.spans import P_CONTEXT_NAME, Span

_PLACE = r"((?:'s-)?[^\W\d_]+(?:[- ][^\W\d_]+){0,2})"
# A verb of living, then in/te/uit/naar: the strong cue.
_RESIDENCE = re.compile(
    r"(?<![\w-])(?:woon|woont|wonen|wonend|wonende|woonde|woonden|woonachtig|kom|komt|komen|verhuisd|verhuizen"
    r"|geboren|opgegroeid|wy\s+wenje)(?:\s+(?:nu|al|sinds|nog|zelf|ook|hier))*"
    rf"\s+(?:in|te|uit|naar|yn|út)\s+{_PLACE}",
    re.IGNORECASE,
)
# A place of birth after the date: "geboren 3 april 1971 te Paramaribo", "geb. 3-4-71 in Tiel".
_BIRTHPLACE = re.compile(
    rf"(?<![\w-])(?:geboren|geb\.?)(?:\s+op)?\s+[\w' /.-]{{1,24}}?\s(?:te|in)\s+{_PLACE}",
    re.IGNORECASE,
)
# Weaker cues without a verb: "uit zwolle", "hier in emmen", "regio deventer", "te ede".
# The place sits in a lookahead, so "uit de regio X" is tried again at "de regio".
_CUE = re.compile(
    r"(?<![\w-])(?:uit|út|hier\s+in|hier\s+uit|in|te|regio|(?:in\s+)?de\s+regio|omgeving(?:\s+van)?"
    rf"|buurt\s+van|(?:in\s+)?de\s+buurt\s+van)\s+(?={_PLACE})",
    re.IGNORECASE,
)
# After a postcode: "2193 br weert", "1234AB, Amersfoort".
_AFTER_POSTCODE = re.compile(rf"\b[1-9]\d{{3}}[ -]?([A-Za-z]{{2}})\b,?[ \t]+{_PLACE}")
# "Rotterdam-Zuid", "Amsterdam Zuidoost": the district goes with the place.
_DISTRICT = re.compile(
    r"[- ](?:noord|zuid|oost|west|centrum|zuidoost|zuidwest|noordoost|noordwest)\b", re.IGNORECASE
)


# "Utrecht Overvecht", "Rotterdam-Kralingen": a capitalised word right after the place.
_NEIGHBOURHOOD = re.compile(r"[- ][A-Z][a-zà-ÿ][\w'-]*")


def _new_word(word: str) -> bool:
    """A capitalised word no list knows as something else (a common word, a country, an
    agency or a benefit): a place abroad or a neighbourhood ("woon in Zelzate")."""
    low = word.lower()
    return (
        word[:1].isupper()
        and not word.isupper()
        and low not in lookups.common_words()
        and low not in lookups.countries()
        and low not in NOT_AFTER
        and low not in rules.AGENCY_WORDS
        and not rules.protected_spans(word)
    ) or bool(_DISTRICT.fullmatch(" " + low))


def _unknown_place(found: str) -> str:
    """After a verb of living, a capitalised first word is a place even when deduce's Dutch
    list does not know it ("ik woon in Antwerpen", "mijn moeder woont in Tanger")."""
    first = re.match(r"(?:'s-)?[^\W\d_]+", found)
    return first.group(0) if first and _new_word(first.group(0)) else ""


def _known_prefix(found: str) -> str:
    """The longest prefix of `found` that is a known place, cut at spaces or hyphens."""
    cuts = [c.start() for c in re.finditer(r"[- ]", found)] + [len(found)]
    for cut in reversed(cuts):
        candidate = found[:cut]
        first = candidate.split()[0].lower()  # "de buurt" is in the list, but no place
        if candidate.lower() in lookups.residences() and first not in NOT_AFTER:
            return candidate
    return ""


def residence_spans(text: str) -> list[Span]:
    """[plaats] for a place of residence deduce's place list knows, in any case."""
    spans: list[Span] = []
    cues = ((_RESIDENCE, True), (_BIRTHPLACE, True), (_CUE, False), (_AFTER_POSTCODE, True))
    for pattern, strong in cues:
        for m in pattern.finditer(text):
            if pattern is _AFTER_POSTCODE and m.group(1).lower() in rules.NOT_POSTCODE:
                continue  # "in 2024 en ...": no postcode, so no place after it
            place = _known_prefix(m.group(m.lastindex or 1))
            if not place and strong:
                place = _unknown_place(m.group(m.lastindex or 1))
            if not place:
                continue
            # Without a verb of living a lowercase common word is no place ("uit best").
            if not strong and place.islower() and place.lower() in lookups.common_words():
                continue
            end = m.start(m.lastindex or 1) + len(place)
            district = _DISTRICT.match(text, end) or _NEIGHBOURHOOD.match(text, end)
            if district and _new_word(district.group(0).strip(" -")):
                end = district.end()
            spans.append(Span(m.start(m.lastindex or 1), end, P_CONTEXT_NAME, PLACE))
    return spans
