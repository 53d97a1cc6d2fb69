"""Signatures, e-mail footers and closing greetings: cut before anything is published.

A "-- " line or an e-mail footer ("Verzonden vanaf mijn iPhone", "Op ... schreef ...:") ends
the post. A closing greeting in the last lines keeps the greeting and drops what follows
(a name, a phone number). A greeting with a name elsewhere in a post ("groetjes, anja" mid-
line) is found by `namecontext`, which replaces the name and keeps the text around it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from forum_sync.htmltext import Block

_SIG_LINE = re.compile(r"^\s*(--|-- |–|—|__)\s*$")
_FOOTER = re.compile(
    r"^\s*("
    r"(verzonden|verstuurd)\s+(vanaf|met|via|from)\s+(mijn|my)\b"
    r"|sent\s+from\s+my\b"
    r"|get\s+outlook\s+for\b"
    r"|-{2,}\s*(oorspronkelijk\s+bericht|original\s+message|doorgestuurd\s+bericht)"
    r"|_{5,}\s*$"
    r"|(van|from)\s*:\s*\S+.*"
    r"|(op|on)\s+.{4,100}\s+(schreef|wrote)\b.*:\s*$"
    r")",
    re.IGNORECASE,
)
_GREETING = re.compile(
    r"^\s*((met\s+)?(vriendelijke|hartelijke|lieve|veel)\s+groet(en)?|groet(en|jes)?|mvg|gr\.?|liefs|doei|kind\s+regards|regards)\b[\s,!.]*",
    re.IGNORECASE,
)


def _cut_signature(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    for block in blocks:
        if block.kind == "quote":
            out.append(block)
            continue
        lines = block.text.split("\n")
        for n, line in enumerate(lines):
            if _SIG_LINE.match(line) or _FOOTER.match(line):
                kept = "\n".join(lines[:n]).strip()
                return [*out, replace(block, text=kept)] if kept else out
        out.append(block)
    return out


def _short_tail(blocks: list[Block], bi: int, n: int) -> bool:
    """What follows a greeting is a signature only when it is short: a few short lines."""
    tail = blocks[bi].text.split("\n")[n + 1 :] + [
        line for b in blocks[bi + 1 :] for line in b.text.split("\n")
    ]
    return all(len(line.split()) <= 6 for line in tail)


def strip_signature(blocks: list[Block]) -> list[Block]:
    """Cut signatures ("-- " line), e-mail footers and the name after a closing greeting."""
    out = _cut_signature(blocks)
    # A closing greeting in the last lines: keep the greeting, drop what follows (a name).
    total = sum(len(b.text.split("\n")) for b in out)
    seen = 0
    for bi, block in enumerate(out):
        lines = block.text.split("\n")
        for n, line in enumerate(lines):
            seen += 1
            match = _GREETING.match(line)
            if match and total - seen < 4 and block.kind != "quote" and _short_tail(out, bi, n):
                greeting = match.group(0).strip()
                text = "\n".join([*lines[:n], greeting]).strip()
                return [*out[:bi], *([replace(block, text=text)] if text else [])]
    return out
