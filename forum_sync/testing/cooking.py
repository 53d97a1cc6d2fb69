"""Turn the demo's authoring markup into Discourse-like `cooked` HTML.

Paragraphs, lists and emphasis go through the `markdown` package (with nl2br, because
Discourse turns single newlines into <br>). On top of that, the Discourse constructs the
anonymizer has to deal with:

- @username (a known user)        -> <a class="mention" href="/u/username">@username</a>
- [quote="user, post:N, topic:T"]  -> <aside class="quote no-group" data-username=… …>
- ![alt](upload://x.jpeg)          -> lightbox wrapper around /uploads/default/original/1X/x.jpeg
- a URL alone on its line          -> <aside class="onebox …">; other URLs are linkified
- :emoji_name: and :) :( ;) :D     -> <img class="emoji" …>
- a line "-- " starts a signature  -> kept as a plain text paragraph (with <br> lines)
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from urllib.parse import urlsplit

import markdown

from forum_sync.testing.model import avatar_template


class CookError(ValueError):
    """The markup refers to something that does not exist (e.g. a quote of an unknown user)."""


QUOTE_RE = re.compile(r'\[quote="([^"]*)"\]((?:(?!\[quote=).)*?)\[/quote\]', re.S | re.I)
UPLOAD_RE = re.compile(r"!\[([^\]]*)\]\(upload://([A-Za-z0-9_.\-]+)\)")
URL_LINE_RE = re.compile(r"^[ \t]*(https?://\S+)[ \t]*$", re.M)
LIST_ITEM_RE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
TOKEN_RE = re.compile(r"WCTOKEN(\d+)X")
MENTION_RE = re.compile(r"(?<![\w@./-])@([A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_])?)")
URL_RE = re.compile(r"(?<![\w/\"'=])(?:https?://|www\.)[^\s<]+")
EMOJI_RE = re.compile(r"(?<![\w:]):([a-z][a-z0-9_+\-]*):(?![\w:])")
SHORTCUTS = {":)": "slight_smile", ":(": "frowning", ";)": "wink", ":D": "smiley"}
SHORTCUT_RE = re.compile(r"(?<!\S)(:\)|:\(|;\)|:D)(?!\S)")
SKIP_TAGS = ("a", "code", "pre")


def cook(text: str, is_user: Callable[[str], bool]) -> str:
    """Cook one post. `is_user(name)` says whether a username exists (mentions of unknown
    names stay plain text, like Discourse; quotes of unknown users raise CookError)."""
    lines = text.replace("\r\n", "\n").strip("\n").split("\n")
    marker = next((i for i, line in enumerate(lines) if line.rstrip() == "--"), None)
    body, signature = (lines, []) if marker is None else (lines[:marker], lines[marker:])
    parts = [_Cooker(is_user).run("\n".join(body))] if any(s.strip() for s in body) else []
    if signature:
        signature[0] = "-- "
        parts.append(_Cooker(is_user).run("\n".join(signature)))
    return "\n".join(p for p in parts if p)


class _Cooker:
    def __init__(self, is_user: Callable[[str], bool], tokens: list[str] | None = None) -> None:
        self.is_user = is_user
        self.tokens: list[str] = [] if tokens is None else tokens  # shared with nested quotes

    def _token(self, replacement: str) -> str:
        self.tokens.append(replacement)
        return f"WCTOKEN{len(self.tokens) - 1}X"

    def run(self, text: str) -> str:
        while True:  # innermost quotes first, so nested quotes work
            text, count = QUOTE_RE.subn(
                lambda m: f"\n\n{self._token(self._quote(m.group(1), m.group(2)))}\n\n", text
            )
            if not count:
                break
        text = UPLOAD_RE.sub(lambda m: self._token(_lightbox(m.group(1), m.group(2))), text)
        text = URL_LINE_RE.sub(lambda m: f"\n{self._token(_onebox(m.group(1)))}\n", text)
        cooked = markdown.markdown(
            _blank_line_before_lists(text), extensions=["nl2br", "sane_lists"]
        )
        cooked = re.sub(r"\s*/>", ">", cooked)
        cooked = _map_text(cooked, lambda t: URL_RE.sub(_link, t))
        cooked = _map_text(cooked, self._inline)  # new links are skipped: no mentions in URLs
        for _ in range(len(self.tokens) + 1):  # tokens may contain tokens (nested quotes)
            # Block tokens (quotes, oneboxes) replace their paragraph; an image stays inside
            # its <p>, as in Discourse's output.
            cooked = re.sub(r"<p>WCTOKEN(\d+)X</p>", self._unwrap_block, cooked)
            cooked, count = TOKEN_RE.subn(lambda m: self.tokens[int(m.group(1))], cooked)
            if not count:
                break
        return cooked.strip()

    def _unwrap_block(self, match: re.Match[str]) -> str:
        token = f"WCTOKEN{match.group(1)}X"
        return token if self.tokens[int(match.group(1))].startswith("<aside") else match.group(0)

    def _quote(self, attributes: str, inner: str) -> str:
        fields = [f.strip() for f in attributes.split(",")]
        username = fields[0]
        if not self.is_user(username):
            raise CookError(f"quote of unknown user {username!r}")
        extra = {
            k.strip(): int(v)
            for k, v in (f.split(":", 1) for f in fields[1:] if ":" in f)
            if v.strip().isdigit()
        }
        inner_cooked = _Cooker(self.is_user, self.tokens).run(inner.strip())
        return quote_aside(username, inner_cooked, post=extra.get("post"), topic=extra.get("topic"))

    def _inline(self, text: str) -> str:
        text = MENTION_RE.sub(self._mention, text)
        text = EMOJI_RE.sub(lambda m: _emoji(m.group(1)), text)
        return SHORTCUT_RE.sub(lambda m: _emoji(SHORTCUTS[m.group(1)]), text)

    def _mention(self, match: re.Match[str]) -> str:
        name = match.group(1).rstrip(".-")
        rest = match.group(1)[len(name) :]
        return mention_html(name) + rest if self.is_user(name) else match.group(0)


def mention_html(username: str) -> str:
    return f'<a class="mention" href="/u/{username.lower()}">@{username}</a>'


def quote_aside(
    username: str,
    inner_cooked: str,
    *,
    post: int | None = None,
    topic: int | None = None,
) -> str:
    """Discourse's cooked form of [quote="username, post:N, topic:T"]…[/quote]."""
    data = f' data-username="{html.escape(username)}"'
    data += "" if post is None else f' data-post="{post}"'
    data += "" if topic is None else f' data-topic="{topic}"'
    avatar = avatar_template(username).replace("{size}", "48")
    return (
        f'<aside class="quote no-group"{data}>\n<div class="title">\n'
        f'<div class="quote-controls"></div>\n'
        f'<img alt="" width="24" height="24" src="{avatar}" class="avatar"> '
        f"{html.escape(username)}:</div>\n<blockquote>\n{inner_cooked}\n</blockquote>\n"
        f"</aside>"
    )


def _map_text(cooked: str, transform: Callable[[str], str]) -> str:
    """Apply `transform` to text outside tags and outside <a>, <code> and <pre>."""
    out, skip = [], 0
    for piece in re.split(r"(<[^>]+>)", cooked):
        if piece.startswith("<"):
            name = re.match(r"</?\s*([a-zA-Z0-9]+)", piece)
            if name and name.group(1).lower() in SKIP_TAGS:
                skip += -1 if piece.startswith("</") else 1
            out.append(piece)
        else:
            out.append(piece if skip > 0 else transform(piece))
    return "".join(out)


def _blank_line_before_lists(text: str) -> str:
    # Discourse (CommonMark) starts a list right after a paragraph line; Python-Markdown
    # needs a blank line first.
    lines = text.split("\n")
    out: list[str] = []
    for line in lines:
        if (
            LIST_ITEM_RE.match(line)
            and out
            and out[-1].strip()
            and not LIST_ITEM_RE.match(out[-1])
            and not out[-1].startswith((" ", "\t"))
        ):
            out.append("")
        out.append(line)
    return "\n".join(out)


def _link(match: re.Match[str]) -> str:
    url = match.group(0)
    trimmed = url.rstrip(".,;:!?)")
    href = trimmed if trimmed.startswith("http") else f"http://{trimmed}"
    return (
        f'<a href="{html.escape(href)}" rel="noopener nofollow ugc">{trimmed}</a>'
        f"{url[len(trimmed) :]}"
    )


def _emoji(name: str) -> str:
    return (
        f'<img src="https://emoji.discourse-cdn.com/twitter/{name}.png?v=12" '
        f'title=":{name}:" class="emoji" alt=":{name}:" loading="lazy" width="20" '
        f'height="20">'
    )


def _lightbox(alt: str, filename: str) -> str:
    alt = html.escape(alt or filename)
    stem = filename.rsplit(".", 1)[0]
    src = f"/uploads/default/original/1X/{filename}"
    return (
        f'<div class="lightbox-wrapper"><a class="lightbox" href="{src}" '
        f'data-download-href="/uploads/default/{stem}" title="{alt}">'
        f'<img src="{src}" alt="{alt}" data-base62-sha1="{stem}" width="690" height="460">'
        f'<div class="meta"><svg class="fa d-icon d-icon-far-image svg-icon" '
        f'aria-hidden="true"><use href="#far-image"></use></svg>'
        f'<span class="filename">{alt}</span><span class="informations">1024×683 118 KB'
        f'</span><svg class="fa d-icon d-icon-discourse-expand svg-icon" aria-hidden="true">'
        f'<use href="#discourse-expand"></use></svg></div></a></div>'
    )


def _onebox(url: str) -> str:
    parts = urlsplit(url)
    host = parts.netloc.removeprefix("www.")
    shown = html.escape(parts.netloc + parts.path.rstrip("/"))
    href = html.escape(url)
    return (
        f'<aside class="onebox allowlistedgeneric" data-onebox-src="{href}">\n'
        f'  <header class="source">\n'
        f'      <a href="{href}" target="_blank" rel="noopener nofollow ugc">{host}</a>\n'
        f"  </header>\n"
        f'  <article class="onebox-body">\n'
        f'    <h3><a href="{href}" target="_blank" rel="noopener nofollow ugc">{shown}</a>'
        f"</h3>\n"
        f"  </article>\n"
        f'  <div style="clear: both"></div>\n'
        f"</aside>"
    )
