"""Render one municipality page through MkDocs, write the others from its output.

Every /lokaal/<slug>/ page of one language sits at the same depth, outside the navigation,
with the same template and context except for four things: the title, the canonical URL,
the slug in the links to the page in the other languages, and the content. Rendering
Material's whole template (navigation included) for each of hundreds of such pages was a
fifth of a 2,000-topic build; issue 10 allows the local pages 15%. So MkDocs renders one of
them per language, the *shell*, with markers in those four places, and every municipality
page of that language (the shell's own included) is that output with the markers replaced
by the page's own values. The result is byte for byte what MkDocs would have written
(tests/site/test_lokaal_fill.py builds both ways and compares).

Safety:
- the markers hold a random token made per build, so no text in the export can contain one;
  the content slot is delimited by HTML comments, which escaped text cannot contain either;
- the shell output is split once; values are joined in, never searched for markers again;
- every value goes in escaped as the template would print it: the title as
  `page.title | striptags | e` of `safe.title`, the canonical URL `| e`, the content is the
  page's HTML written through `safe` (local_html), slugs only when they are [a-z0-9-];
- a shell whose output does not hold each marker exactly as often as expected, or still
  holds the shell's own title or URL outside the slots, stops the build (a template change
  that this module does not know about must not publish one page's title on another).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from markupsafe import Markup, escape

from werkcafe.plugins.forum import safe
from werkcafe.plugins.forum.local_html import SECTION


class FillError(ValueError):
    """The shell's output is not what this module knows how to fill."""


SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Markers:
    """The markers of one build: plain tokens in attribute and title positions, HTML
    comments around the content."""

    token: str

    @classmethod
    def new(cls) -> Markers:
        return cls(secrets.token_hex(16))

    @property
    def title(self) -> str:
        return f"wcfill{self.token}title"

    @property
    def canonical(self) -> str:
        return f"wcfill{self.token}canonical"

    @property
    def slug(self) -> str:
        return f"wcfill{self.token}slug"

    @property
    def begin(self) -> str:
        return f"<!--wcfill{self.token}begin-->"

    @property
    def end(self) -> str:
        return f"<!--wcfill{self.token}end-->"

    def content(self, html: str) -> str:
        """The shell's content: its own HTML between the two comments (the template looks
        at the content, e.g. whether it has an <h1>, so it gets a real page's)."""
        return self.begin + html + self.end

    def pattern(self) -> re.Pattern[str]:
        begin, end = re.escape(self.begin), re.escape(self.end)
        return re.compile(f"(?P<content>{begin}.*?{end})|(?P<title>{re.escape(self.title)})"
                          f"|(?P<canonical>{re.escape(self.canonical)})"
                          f"|(?P<slug>{re.escape(self.slug)})", re.DOTALL)


@dataclass(frozen=True)
class Page:
    """What differs between two municipality pages of one language."""

    title: str  # plain text, as in PageSpec.title
    canonical: str  # absolute URL, as MkDocs sets page.canonical_url
    slug: str
    html: str  # the content, written through `safe` by local_html


@dataclass(frozen=True)
class Shell:
    """The shell's output cut at its markers: literal text and slot names, alternating."""

    parts: tuple[str, ...]  # even index: literal text; odd index: slot name

    def fill(self, page: Page) -> str:
        values = slot_values(page)
        return "".join(part if i % 2 == 0 else values[part]
                       for i, part in enumerate(self.parts))


def title_html(title: str) -> str:
    """The title as overrides/main.html prints it: `page.title | striptags | e`, where the
    forum plugin sets page.title to `safe.title(...)` (Jinja's striptags reads the Markup's
    HTML)."""
    return str(escape(Markup(str(safe.title(title))).striptags()))


def slot_values(page: Page) -> dict[str, str]:
    if not SLUG.match(page.slug):
        raise FillError(f"not a slug: {page.slug!r}")
    return {"title": title_html(page.title), "canonical": str(escape(page.canonical)),
            "slug": page.slug, "content": page.html}


def cut(output: str, markers: Markers, *, slugs: int, canonical: bool, shell: Page) -> Shell:
    """Cut the shell's rendered output at its markers. `slugs`: how many language-switch
    links carry the slug marker (one per other language); `canonical`: whether the page has
    a canonical URL (a site_url). `shell`: the shell page's own values, which must not be
    left anywhere outside the slots."""
    parts: list[str] = []
    counts = {"content": 0, "title": 0, "canonical": 0, "slug": 0}
    position = 0
    for match in markers.pattern().finditer(output):
        name = match.lastgroup
        assert name is not None
        parts += [output[position:match.start()], name]
        counts[name] += 1
        position = match.end()
    parts.append(output[position:])
    expected = {"content": 1, "title": 1, "canonical": int(canonical), "slug": slugs}
    if counts != expected:
        raise FillError(f"the municipality page's template has the markers {counts}, "
                        f"expected {expected}")
    literal = "".join(parts[0::2])
    if markers.token in literal.lower():  # e.g. through `| upper`
        raise FillError("a marker was changed on its way through the template")
    for left in (title_html(shell.title), shell.canonical, f"{SECTION}/{shell.slug}/"):
        if left in literal:
            raise FillError(f"the shell's own {left!r} is still in the template output")
    return Shell(tuple(parts))


def other_languages(alternates: Iterable[Mapping[str, object]], current: str) -> int:
    """How many language-switch links point at another language (they carry the slug)."""
    return sum(1 for alternate in alternates if alternate.get("lang") != current)
