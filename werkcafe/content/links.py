"""Internal links and anchors in guide Markdown, checked before MkDocs sees them.

Links are written without language suffix (`../regelingen/ww.md`); the i18n plugin picks the
page in the reader's language, so a link is valid when the file exists in that language or in
Dutch (the fallback).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass

from markdown.extensions.toc import slugify

_FENCE = re.compile(r"^\s*(```|~~~)")
_INLINE_CODE = re.compile(r"`[^`]*`")
_LINK = re.compile(r"!?\[(?:[^\]\[]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_ATTR_ID = re.compile(r"\{[^}]*#([\w-]+)[^}]*\}\s*$")
_HTML_ID = re.compile(r"""\bid=["']([^"']+)["']""")
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)
_EMPHASIS = re.compile(r"[*_`]")
_MD_LINK_TEXT = re.compile(r"\[([^\]]*)\]\([^)]*\)")


@dataclass(frozen=True)
class Link:
    line: int
    target: str  # as written

    @property
    def path(self) -> str:
        return self.target.split("#", 1)[0]

    @property
    def anchor(self) -> str | None:
        return self.target.split("#", 1)[1] if "#" in self.target else None


def iter_lines(body: str, first_line: int) -> Iterator[tuple[int, str]]:
    """Body lines outside fenced code blocks, with their line number in the file."""
    in_fence = False
    for number, line in enumerate(body.split("\n"), start=first_line):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if not in_fence:
            yield number, line


def internal_links(body: str, first_line: int) -> list[Link]:
    links = []
    for number, line in iter_lines(body, first_line):
        for match in _LINK.finditer(_INLINE_CODE.sub("", line)):
            target = match.group(1)
            if not _EXTERNAL.match(target):
                links.append(Link(number, target))
    return links


def anchors(body: str) -> set[str]:
    """Ids that headings get (toc's slugify, duplicates numbered) plus explicit ids."""
    ids: set[str] = set()
    for _, line in iter_lines(body, 1):
        ids.update(_HTML_ID.findall(line))
        match = _HEADING.match(line)
        if not match:
            continue
        text = match.group(2)
        explicit = _ATTR_ID.search(text)
        if explicit:
            ids.add(explicit.group(1))
            continue
        text = _MD_LINK_TEXT.sub(r"\1", _EMPHASIS.sub("", text))
        slug = slugify(text, "-")
        candidate, n = slug, 0
        while candidate in ids:
            n += 1
            candidate = f"{slug}_{n}"
        ids.add(candidate)
    return ids


def resolve(source: str, link_path: str, language: str, exists: set[str]) -> str | None:
    """Return the docs-relative file a link points at, or None when nothing matches.

    `source` and `exists` are docs-relative POSIX paths, e.g. 'situaties/keuring.nl.md'.
    """
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(source), link_path))
    if joined.startswith("../"):
        return None
    if link_path.endswith("/"):
        joined = posixpath.join(joined, "index.md")
    candidates = [joined]
    if joined.endswith(".md") and not re.search(r"\.(nl|en)\.md$", joined):
        stem = joined[: -len(".md")]
        candidates = [f"{stem}.{language}.md", f"{stem}.nl.md", joined]
    return next((c for c in candidates if c in exists), None)
