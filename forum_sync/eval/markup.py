"""Inline span markup for the corpus sources: "groetjes, [[name:anja]]" -> text + spans."""

from __future__ import annotations

import re

_MARK = re.compile(r"\[\[(\w+):(.*?)\]\]", re.DOTALL)


def parse(marked: str) -> tuple[str, list[dict[str, object]]]:
    text: list[str] = []
    spans: list[dict[str, object]] = []
    pos = 0
    length = 0
    for m in _MARK.finditer(marked):
        before = marked[pos : m.start()]
        text.append(before)
        length += len(before)
        value = m.group(2)
        spans.append({"start": length, "end": length + len(value), "type": m.group(1)})
        text.append(value)
        length += len(value)
        pos = m.end()
    text.append(marked[pos:])
    return "".join(text), spans
