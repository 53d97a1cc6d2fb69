"""Spans (a character range, a priority, a placeholder) and how overlapping ones resolve.

Every detector (pattern rules, name matches, name contexts, deduce) returns `Span`s; the
anonymizer resolves them by priority and applies the placeholders.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    priority: int
    replacement: str | None  # None: keep the original text


# Priorities: higher wins where spans overlap (lower ones keep only their uncovered parts).
P_SEPARATOR = 100
P_EMAIL = 95
P_URL = 94
P_IBAN = 92
P_BSN = 91
P_PHONE = 90
P_PLATE = 89
P_CASE = 88
P_POSTCODE = 87
P_ADDRESS = 86
P_DATE = 85
P_NUMBER = 84
P_HANDLE = 75
P_MENTION = 70
P_NAME = 60
P_AGENCY = 58  # "gemeente Utrecht": an agency, kept (a participant's name still wins)
P_NAME_PART = 55
P_CONTEXT_NAME = 52  # a name found by its context ("mevrouw X", "groetjes, X")
P_PROTECTED = 50
P_DEDUCE = 10

_TRIM = " \t\n.,;:!?()[]{}\"'"


def _uncovered(start: int, end: int, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    pieces = [(start, end)]
    for a, b in taken:
        next_pieces = []
        for s, e in pieces:
            if b <= s or a >= e:
                next_pieces.append((s, e))
                continue
            if s < a:
                next_pieces.append((s, a))
            if b < e:
                next_pieces.append((b, e))
        pieces = next_pieces
        if not pieces:
            break
    return pieces


def resolve(text: str, spans: Iterable[Span]) -> list[Span]:
    """Non-overlapping spans: higher priority first, then longer; a lower span keeps only the
    parts no higher one covers (so a protected word trims a name, it does not cancel it)."""
    taken: list[tuple[int, int]] = []
    result: list[Span] = []
    for span in sorted(
        spans, key=lambda s: (-s.priority, s.start - s.end, s.start, s.replacement or "")
    ):
        if span.priority == P_SEPARATOR and span.replacement is None:
            taken.append((span.start, span.end))  # block boundaries: never crossed
            continue
        # Pattern rules matched exactly what they mean; names and deduce's findings may
        # carry punctuation at their edges.
        trim = _TRIM if span.priority <= P_MENTION else " \t\n"
        for a, b in _uncovered(span.start, span.end, taken):
            while a < b and text[a] in trim:
                a += 1
            while b > a and text[b - 1] in trim:
                b -= 1
            if b > a and any(ch.isalnum() for ch in text[a:b]):
                taken.append((a, b))
                result.append(Span(a, b, span.priority, span.replacement))
    return sorted(result, key=lambda s: s.start)


def apply(text: str, spans: Sequence[Span], start: int = 0, end: int | None = None) -> str:
    end = len(text) if end is None else end
    out: list[str] = []
    pos = start
    for span in spans:
        if span.start < start or span.end > end or span.replacement is None:
            continue
        gap = text[pos : span.start]
        if out and out[-1] == span.replacement and gap.strip(" \t") == "":
            pos = span.end  # "[naam] [naam]" (first name and surname found apart): one
            continue
        out.append(gap)
        out.append(span.replacement)
        pos = span.end
    out.append(text[pos:end])
    return "".join(out)
