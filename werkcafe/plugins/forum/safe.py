"""The one door through which forum-derived strings enter the site's HTML.

Everything in the forum export is hostile: titles, excerpts, category names, participant
letters, dates, taxonomy keys, URLs and post HTML. Forum text is never put into Markdown,
front matter or a template source; it is turned into HTML here and nowhere else:

- plain text (titles, excerpts, labels) is HTML-escaped into a `Markup` object, so Jinja
  prints it as it is and `|e` does not escape it twice;
- post HTML goes through the pipeline's own nh3 allowlist once more (the export is a file on
  disk, not a promise), so no tag, attribute or URL scheme beyond that list reaches a page;
- links to the forum are built from the configured forum URL and the numeric topic id, never
  taken from the export;
- characters that XML 1.0 forbids (C0 controls other than tab, LF and CR; lone surrogates;
  U+FFFE and U+FFFF) and DEL are dropped from plain text: one of them makes the Atom feed
  not XML (a feed reader rejects all of it), and a lone surrogate cannot even be written
  as UTF-8, so one forum string would stop the build. So are the bidi embedding, override
  and isolate controls (U+202A-U+202E, U+2066-U+2069): an unclosed U+202E in a title
  reversed the site's own text after it ("· 3 berichten", the date) up to the end of the
  line. Right-to-left letters need none of them.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from forum_sync.htmltext import sanitize_html

# Control characters and line breaks are never meaningful in a title; they are folded to
# spaces so a title stays one line of text wherever it goes (<title>, headings, attributes).
_SPACE = re.compile(r"[\s\x00-\x1f\x7f]+")
_DROPPED = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]")


def clean(value: object) -> str:
    """Plain text without the characters XML 1.0 forbids (for the feed: ElementTree escapes
    markup but writes these as they are) and without bidi controls that leak past it."""
    return _DROPPED.sub("", str(value))


def text(value: object) -> Markup:
    """Plain text as HTML: `<`, `>`, `&`, `"` and `'` escaped."""
    return escape(clean(value))


def title(value: object) -> Markup:
    """A one-line title as HTML (what page.title of a forum page holds)."""
    return escape(clean(_SPACE.sub(" ", str(value)).strip()))


def post_html(fragment: object) -> Markup:
    """A post body from the export, re-sanitized with the pipeline's allowlist."""
    return Markup(sanitize_html(str(fragment)))


def topic_url(forum_url: str, topic_id: int) -> str:
    """The thread on the forum: the configured base URL and the id, nothing else."""
    return f"{forum_url.rstrip('/')}/t/{int(topic_id)}"
