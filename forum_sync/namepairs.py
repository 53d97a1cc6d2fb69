"""Names that need no context word: a lowercase first name followed by a surname, and a
poster's own name in "(marco, 52)".

People type "wie kent wendy smit" or "ik (marco, 52) zit in de ww" without a greeting, title
or other cue. Two known name parts in a row (first name, then surname, both in deduce's lists
and neither a common Dutch word) are rarely anything but a name; a word followed by an age in
brackets is a self-introduction.
"""

from __future__ import annotations

import re

from forum_sync import lookups, rules
from forum_sync.spans import P_CONTEXT_NAME, Span

NAME = "[naam]"
# A lookahead, so that overlapping pairs are all seen ("ook anouk jansen").
_PAIR = re.compile(r"(?<![\w'’@.-])(?=([^\W\d_]+)[ \t]+([^\W\d_]+(?:-[^\W\d_]+)?)(?![\w'’@-]))")
_AGE = re.compile(r"\([ \t]*([^\W\d_]+)[ \t]*,[ \t]*\d{1,2}[ \t]*(?:jaar|jr\.?)?[ \t]*\)",
                  re.IGNORECASE)


# deduce's lists hold names that are also English words ("can", "may", "job", "have"); posts
# sometimes quote English, and "can go" is no name.
ENGLISH = frozenset([
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "could", "day",
    "did", "do", "does", "for", "from", "get", "go", "got", "had", "has", "have", "he",
    "her", "his", "how", "i", "if", "in", "is", "it", "its", "job", "may", "me", "might",
    "must", "my", "no", "not", "of", "on", "or", "our", "put", "she", "should", "so",
    "than", "that", "the", "their", "them", "then", "there", "these", "they", "this",
    "those", "to", "up", "us", "was", "we", "were", "what", "when", "which", "who",
    "will", "with", "would", "you", "your", "fine", "help", "work", "pay", "apply",
    "happen", "mark",
])


def _first(word: str) -> bool:
    low = word.lower()
    return (low in lookups.first_names() and low not in lookups.common_words()
            and low not in ENGLISH)


def _surname(word: str) -> bool:
    low = word.lower()
    # A surname that is also a noun ("smit", "bakker") counts after a first name too.
    known = low in lookups.surnames() and (
        low not in lookups.common_words() or low in lookups.NOUN_SURNAMES)
    return (known and low not in ENGLISH and low not in rules.AGENCY_WORDS
            and not rules.protected_spans(word))


def pair_spans(text: str) -> list[Span]:
    """[naam] spans for first-name + surname pairs and "(name, age)"."""
    spans: list[Span] = []
    for m in _PAIR.finditer(text):
        first, last = m.group(1), m.group(2)
        if _first(first) and _surname(last):
            spans.append(Span(m.start(1), m.end(2), P_CONTEXT_NAME, NAME))
    for m in _AGE.finditer(text):
        if _first(m.group(1)):
            spans.append(Span(m.start(1), m.end(1), P_CONTEXT_NAME, NAME))
    return spans
