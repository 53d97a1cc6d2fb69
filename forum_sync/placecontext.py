"""Places of residence found by their context, in any case, with deduce's place list.

"ik woon in apeldoorn", "wij komen uit zwolle", "woonachtig te ede", "hier in emmen",
"iemand uit de regio deventer?", "ben gerda uit zwolle". A word is a place here only after
such a cue and when deduce's list of residences knows it. An agency's municipality
("gemeente Zwolle", "UWV Zwolle", "Werkplein Zwolle") has no such cue before the place, so it
stays; a lowercase place that is also a common word ("uit best") needs a verb of living.
"""

from __future__ import annotations

import re

from forum_sync import lookups
from forum_sync.namecontext import NOT_AFTER, PLACE
from forum_sync.spans import P_CONTEXT_NAME, Span

_PLACE = r"((?:'s-)?[^\W\d_]+(?:[- ][^\W\d_]+){0,2})"
# A verb of living, then in/te/uit/naar: the strong cue.
_RESIDENCE = re.compile(
    r"(?<![\w-])(?:woon|woont|wonen|woonde|woonden|woonachtig|kom|komt|komen|verhuisd|verhuizen"
    r"|geboren|opgegroeid|wy\s+wenje)(?:\s+(?:nu|al|sinds|nog|zelf|ook|hier))*"
    rf"\s+(?:in|te|uit|naar|yn|út)\s+{_PLACE}",
    re.IGNORECASE,
)
# Weaker cues without a verb: "uit zwolle", "hier in emmen", "regio deventer", "te ede".
_CUE = re.compile(
    r"(?<![\w-])(?:uit|út|hier\s+in|hier\s+uit|in|te|regio|(?:in\s+)?de\s+regio|omgeving"
    rf"|buurt\s+van|(?:in\s+)?de\s+buurt\s+van)\s+{_PLACE}",
    re.IGNORECASE,
)
# "Rotterdam-Zuid", "Amsterdam Zuidoost": the district goes with the place.
_DISTRICT = re.compile(
    r"[- ](?:noord|zuid|oost|west|centrum|zuidoost|zuidwest|noordoost|noordwest)\b", re.IGNORECASE
)


def _known_prefix(found: str) -> str:
    """The longest prefix of `found` that is a known place, cut at spaces or hyphens."""
    cuts = [c.start() for c in re.finditer(r"[- ]", found)] + [len(found)]
    for cut in reversed(cuts):
        candidate = found[:cut]
        if candidate.lower() in lookups.residences() and candidate.lower() not in NOT_AFTER:
            return candidate
    return ""


def residence_spans(text: str) -> list[Span]:
    """[plaats] for a place of residence deduce's place list knows, in any case."""
    spans: list[Span] = []
    for pattern, strong in ((_RESIDENCE, True), (_CUE, False)):
        for m in pattern.finditer(text):
            place = _known_prefix(m.group(1))
            if not place:
                continue
            # Without a verb of living a lowercase common word is no place ("uit best").
            if not strong and place.islower() and place.lower() in lookups.common_words():
                continue
            end = m.start(1) + len(place)
            district = _DISTRICT.match(text, end)
            if district:
                end = district.end()
            spans.append(Span(m.start(1), end, P_CONTEXT_NAME, PLACE))
    return spans
