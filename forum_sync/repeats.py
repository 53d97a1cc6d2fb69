"""A name found once in a post is a name everywhere in that post.

The detectors find a name by its context ("mijn man ger", "mijn werkgever Sjoerd Hoekstra"),
but the same name later in the post often stands without one ("ger wil vrijwilligerswerk
doen", "van Hoekstra Transport"). After the spans are resolved, every other occurrence of a
replaced name's first or last word gets the same placeholder: in any case when the word is
not a common Dutch word, only with a capital when it is ("Roos", "Bakker").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from forum_sync import lookups, rules
from forum_sync.namewords import NOT_AFTER, PARTICLES
from forum_sync.spans import P_CONTEXT_NAME, Span

NAME = "[naam]"
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def _repeatable(word: str) -> bool:
    low = word.lower()
    return (
        len(low) >= 3
        and low not in PARTICLES
        and low not in NOT_AFTER
        and low not in lookups.stop_words()
        and low not in lookups.countries()
        and low not in rules.AGENCY_WORDS
        and not rules.protected_spans(word)
    )


def repeat_spans(text: str, spans: Sequence[Span]) -> list[Span]:
    """[naam] spans for the other occurrences of names the resolved `spans` replaced."""
    wanted: dict[str, bool] = {}  # lowercased word -> only with a capital
    for span in spans:
        if span.replacement != NAME:
            continue
        words = _WORD.findall(text[span.start : span.end])
        if not words or len(words) > 4:
            continue
        for word in {words[0], words[-1]}:
            if _repeatable(word):
                low = word.lower()
                wanted[low] = low in lookups.common_words() or wanted.get(low, False)
    if not wanted:
        return []
    found: list[Span] = []
    for m in _WORD.finditer(text):
        word = m.group(0)
        low = word.lower()
        if low in wanted and (not wanted[low] or word[:1].isupper()):
            found.append(Span(m.start(), m.end(), P_CONTEXT_NAME, NAME))
    return found
