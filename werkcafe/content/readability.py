"""Reading level of Dutch text with the Flesch-Douma formula.

Flesch-Douma = 206.84 - 0.77 * (syllables per 100 words) - 0.93 * (words per sentence).
Roughly: 60-70 is normal text, 70 and up is easy; B1 texts usually score 60 or more. Syllables
are counted as groups of vowels (ij, ei, ui, oe, ... count once because they are one group),
which is the usual approximation for Dutch. Headings and list items count as sentences of their
own, because they end without a full stop.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CODE_BLOCK = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)
_HTML_TAG = re.compile(r"<[^>]+>")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MACRO = re.compile(r"\{\{.*?\}\}")
_URL = re.compile(r"https?://\S+")
_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ]+(?:[-'][A-Za-zÀ-ÖØ-öø-ÿ]+)*")
_VOWEL_GROUP = re.compile(r"[aeiouyàáâäèéêëìíîïòóôöùúûü]+", re.I)
_SENTENCE_END = re.compile(r"[.!?:;]+(?:\s|$)")
_LIST_OR_HEADING = re.compile(r"^\s*(?:[-*+]\s+(?:\[[ xX]\]\s+)?|\d+[.)]\s+|#{1,6}\s+|>\s*)")


@dataclass(frozen=True)
class Readability:
    words: int
    sentences: int
    syllables: int

    @property
    def words_per_sentence(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def syllables_per_100_words(self) -> float:
        return 100 * self.syllables / self.words if self.words else 0.0

    @property
    def flesch_douma(self) -> float:
        return 206.84 - 0.77 * self.syllables_per_100_words - 0.93 * self.words_per_sentence


def syllables(word: str) -> int:
    return max(1, len(_VOWEL_GROUP.findall(word.replace("ij", "i").replace("IJ", "I"))))


def plain_sentences(markdown: str) -> list[str]:
    """Markdown body -> sentences of plain text (code, tags, URLs and macros removed)."""
    text = _CODE_BLOCK.sub("", markdown)
    text = _MACRO.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _HTML_TAG.sub(" ", text)
    text = _URL.sub("", text)
    sentences: list[str] = []
    for raw in text.split("\n\n"):
        for line_block in _split_items(raw):
            parts = [p.strip() for p in _SENTENCE_END.split(line_block)]
            sentences.extend(p for p in parts if _WORD.search(p))
    return sentences


def _split_items(paragraph: str) -> list[str]:
    """List items and headings end a sentence even without a full stop."""
    blocks: list[list[str]] = [[]]
    for line in paragraph.split("\n"):
        if _LIST_OR_HEADING.match(line) and blocks[-1]:
            blocks.append([])
        blocks[-1].append(_LIST_OR_HEADING.sub("", line))
    return [" ".join(block) for block in blocks if block]


def measure(markdown: str) -> Readability:
    sentences = plain_sentences(markdown)
    words = [w for s in sentences for w in _WORD.findall(s)]
    return Readability(
        words=len(words),
        sentences=len(sentences),
        syllables=sum(syllables(w) for w in words),
    )
