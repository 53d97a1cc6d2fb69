"""Forum HTML <-> plain text blocks, and the one HTML sanitizer (nh3) of the pipeline.

`cooked_to_blocks` takes the text out of Discourse's `cooked` HTML as a list of blocks
(paragraphs, list items, quotes, code). It drops what must never be published and what
carries identity: oneboxes, iframes, scripts, styles, images and avatars, lightboxes and
uploads (replaced by "[bijlage]"), the quote header with the quoted user's name (the quote
keeps `data-username`/`data-post`/`data-topic` so the anonymizer can decide about it), and
link targets except as text for the URL rules to judge. `blocks_to_html` builds the published
HTML from de-identified blocks; `sanitize_html` passes every piece of HTML through nh3 with a
small allowlist, so the output is safe to paste into a page whatever went before.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import nh3

ALLOWED_TAGS = frozenset(
    {"p", "br", "ul", "ol", "li", "blockquote", "em", "strong", "a", "code", "pre"}
)
LINK_REL = "nofollow ugc noopener"
# Dropped with everything inside them (nh3 and our parser alike).
DROP_CONTENT_TAGS = frozenset(
    {
        "script",
        "style",
        "iframe",
        "object",
        "embed",
        "svg",
        "math",
        "template",
        "noscript",
        "textarea",
        "select",
        "title",
        "video",
        "audio",
        "canvas",
        "picture",
        "map",
    }
)
# Classes whose whole element is dropped: oneboxes, lightboxes, quote headers, avatars.
DROP_CLASSES = frozenset(
    {
        "onebox",
        "lightbox-wrapper",
        "lightbox",
        "title",
        "quote-controls",
        "meta",
        "avatar",
        "signature",
    }
)
BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "table",
        "details",
        "summary",
        "hr",
        "dl",
        "dt",
        "dd",
    }
)
ATTACHMENT = "[bijlage]"
# What stands in for content we never publish, so a post that was only an image, a link
# preview or a spoiler does not turn into an empty post.
IMAGE = "[afbeelding]"
PREVIEW = "[link]"
SPOILER = "[verborgen tekst]"
SPOILER_CLASSES = frozenset({"spoiler", "spoiled", "spoiler-blurred"})
VOID_TAGS = frozenset(
    {"br", "img", "hr", "input", "meta", "link", "wbr", "source", "area", "col", "embed", "track"}
)
_SPACE = re.compile(r"[ \t\r\f\v\u00a0]+")


@dataclass(frozen=True)
class Quote:
    username: str = ""
    post: int | None = None
    topic: int | None = None


@dataclass(frozen=True)
class Block:
    kind: str  # p | li | quote | pre
    text: str
    list_kind: str = ""  # ul | ol for kind li
    list_id: int = 0
    quote: Quote | None = None


@dataclass
class _Frame:
    tag: str
    drop: bool = False
    quote: Quote | None = None
    list_kind: str = ""
    list_id: int = 0


def _is_upload(href: str) -> bool:
    h = href.lower()
    return h.startswith("upload://") or "/uploads/" in h or "/secure-uploads/" in h


def _is_profile(href: str) -> bool:
    return bool(re.search(r"(^|//[^/]+)/(u|users)/[^/?#]+", href))


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.stack: list[_Frame] = []
        self.buf: list[str] = []
        self.links: list[tuple[str | None, int]] = []  # (href to show, buffer position)
        self.lists = 0

    # --- helpers ---------------------------------------------------------------------
    def _dropping(self) -> bool:
        return any(f.drop for f in self.stack)

    def _context(self) -> tuple[Quote | None, str, int, bool]:
        quote, list_kind, list_id, pre = None, "", 0, False
        for f in self.stack:
            if f.quote is not None:
                quote = f.quote
            if f.tag == "li":
                list_kind, list_id = f.list_kind, f.list_id
            if f.tag == "pre":
                pre = True
        return quote, list_kind, list_id, pre

    def flush(self) -> None:
        raw = "".join(self.buf)
        self.buf = []
        quote, list_kind, list_id, pre = self._context()
        if pre:
            text = raw.replace("\x00", "\n").strip("\n")
        else:
            lines = [_SPACE.sub(" ", line).strip() for line in raw.replace("\n", " ").split("\x00")]
            text = "\n".join(line for line in lines if line)
        if not text.strip():
            return
        if quote is not None:
            block = Block("quote", text, quote=quote)
        elif pre:
            block = Block("pre", text)
        elif list_kind:
            block = Block("li", text, list_kind, list_id)
        else:
            block = Block("p", text)
        self.blocks.append(block)

    # --- parser callbacks ------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        classes = set(a.get("class", "").split())
        if tag in VOID_TAGS:
            if tag == "img" and not self._dropping() and not classes & {"emoji", "avatar"}:
                self.buf.append(f" {IMAGE} ")
            elif tag == "br" and not self._dropping():
                self.buf.append("\x00")  # line break inside a block
            elif tag == "hr" and not self._dropping():
                self.flush()
            return
        frame = _Frame(tag)
        if not self._dropping():
            if classes & SPOILER_CLASSES:
                self.buf.append(f" {SPOILER} ")
                frame.drop = True
            elif classes & {"lightbox-wrapper", "lightbox"}:
                self.buf.append(f" {IMAGE} ")
            elif "onebox" in classes or (tag == "aside" and "quote" not in classes):
                self.buf.append(f" {PREVIEW} ")
        if frame.drop:
            pass
        elif self._dropping() or tag in DROP_CONTENT_TAGS or classes & DROP_CLASSES:
            frame.drop = True
        elif tag == "aside" and "quote" in classes:
            self.flush()
            frame.quote = Quote(
                a.get("data-username", ""),
                int(a["data-post"]) if a.get("data-post", "").isdigit() else None,
                int(a["data-topic"]) if a.get("data-topic", "").isdigit() else None,
            )
        elif tag == "aside":
            frame.drop = True  # other asides are oneboxes and widgets
        elif tag == "blockquote" and not any(f.quote for f in self.stack):
            self.flush()
            frame.quote = Quote()
        elif tag in ("ul", "ol"):
            self.flush()
            self.lists += 1
            frame.list_kind, frame.list_id = tag, self.lists
        elif tag == "li":
            self.flush()
            parent = next((f for f in reversed(self.stack) if f.tag in ("ul", "ol")), None)
            frame.list_kind = parent.list_kind if parent else "ul"
            frame.list_id = parent.list_id if parent else 0
        elif tag in BLOCK_TAGS or tag == "pre":
            self.flush()
        elif tag == "a":
            href = a.get("href", "")
            if _is_upload(href) or "attachment" in classes:
                self.buf.append(f" {ATTACHMENT} ")
                frame.drop = True
            else:
                shown: str | None = None  # mentions, profiles, internal links: words only
                personal = "mention" in classes or "mention-group" in classes or _is_profile(href)
                if not personal and re.match(r"^(https?:)?//", href, re.I):
                    shown = href if not href.startswith("//") else "https:" + href
                self.links.append((shown, len(self.buf)))
                frame.tag = "a+"
        elif tag in ("td", "th"):
            self.buf.append(" | " if self.buf else "")
        self.stack.append(frame)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_TAGS:
            return
        # Find the matching open element (forgiving about unclosed inner tags).
        for i in range(len(self.stack) - 1, -1, -1):
            name = self.stack[i].tag
            if name == tag or (name == "a+" and tag == "a"):
                break
        else:
            return
        while len(self.stack) > i:
            self._close(self.stack[-1])
            self.stack.pop()

    def _close(self, frame: _Frame) -> None:
        if frame.drop:
            return
        if frame.tag == "a+":
            href, start = self.links.pop() if self.links else (None, len(self.buf))
            text = "".join(self.buf[start:])
            if href and href.rstrip("/") not in text:
                # Keep the target as text: the URL rules decide whether it may stay.
                self.buf.append(f" ({href})")
        elif (
            frame.quote is not None
            or frame.tag in BLOCK_TAGS
            or frame.tag in ("li", "pre", "ul", "ol")
        ):
            self.flush()

    def handle_data(self, data: str) -> None:
        if self._dropping():
            return
        self.buf.append(data)

    def close(self) -> None:
        super().close()
        while self.stack:
            self._close(self.stack.pop())
        self.flush()


def cooked_to_blocks(cooked: str) -> list[Block]:
    """The text of a post, block by block, without anything we never publish."""
    # nh3 first: it parses like a browser (fixing broken markup) and removes script-like
    # content, so our simple parser only ever sees well-formed, harmless HTML.
    pre = nh3.clean(
        cooked,
        tags=set(
            ALLOWED_TAGS
            | BLOCK_TAGS
            | {"aside", "div", "span", "img", "td", "th", "table", "tbody", "thead"}
        ),
        attributes={
            "*": {"class"},
            "aside": {"class", "data-username", "data-post", "data-topic"},
            "a": {"href", "class"},
        },
        clean_content_tags=set(DROP_CONTENT_TAGS),
        link_rel=None,
        strip_comments=True,
        url_schemes={"http", "https", "mailto", "upload"},
    )
    parser = _Extractor()
    parser.feed(pre)
    parser.close()
    return parser.blocks


def _inline(text: str) -> str:
    """Escape text; keep line breaks; link http(s) URLs (the only ones left are allowed)."""
    parts: list[str] = []
    for line in text.split("\n"):
        pieces: list[str] = []
        pos = 0
        for m in re.finditer(r"https?://[^\s<>\"'()\[\]]+[^\s<>\"'()\[\].,;:!?]", line):
            pieces.append(html.escape(line[pos : m.start()], quote=False))
            url = html.escape(m.group(0), quote=True)
            pieces.append(f'<a href="{url}">{url}</a>')
            pos = m.end()
        pieces.append(html.escape(line[pos:], quote=False))
        parts.append("".join(pieces))
    return "<br>".join(parts)


@dataclass
class _Out:
    parts: list[str] = field(default_factory=list)
    open_list: tuple[str, int] | None = None

    def close_list(self) -> None:
        if self.open_list:
            self.parts.append(f"</{self.open_list[0]}>")
            self.open_list = None


def blocks_to_html(blocks: list[Block], attributions: dict[int, str] | None = None) -> str:
    """Published HTML from de-identified blocks. `attributions`: block index -> "X schreef:"."""
    out = _Out()
    previous_quote: Quote | None = None
    quote_open = False
    for i, block in enumerate(blocks):
        if block.kind != "li":
            out.close_list()
        if quote_open and (block.kind != "quote" or block.quote != previous_quote):
            out.parts.append("</blockquote>")
            quote_open = False
        if block.kind == "li":
            key = (block.list_kind or "ul", block.list_id)
            if out.open_list != key:
                out.close_list()
                out.parts.append(f"<{key[0]}>")
                out.open_list = key
            out.parts.append(f"<li>{_inline(block.text)}</li>")
        elif block.kind == "quote":
            if not quote_open:
                label = (attributions or {}).get(i)
                if label:
                    out.parts.append(f"<p><em>{html.escape(label)}</em></p>")
                out.parts.append("<blockquote>")
                quote_open = True
            out.parts.append(f"<p>{_inline(block.text)}</p>")
        elif block.kind == "pre":
            out.parts.append(f"<pre><code>{html.escape(block.text, quote=False)}</code></pre>")
        elif block.kind == "note":
            out.parts.append(f"<p><em>{html.escape(block.text)}</em></p>")
        else:
            out.parts.append(f"<p>{_inline(block.text)}</p>")
        previous_quote = block.quote if block.kind == "quote" else None
    out.close_list()
    if quote_open:
        out.parts.append("</blockquote>")
    return sanitize_html("\n".join(out.parts))


def sanitize_html(fragment: str) -> str:
    """The allowlist every published piece of HTML passes: no scripts, handlers, styles,
    images, iframes or non-http(s) links; links get rel="nofollow ugc noopener"."""
    return nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        attributes={"a": {"href"}},
        clean_content_tags=set(DROP_CONTENT_TAGS),
        link_rel=LINK_REL,
        url_schemes={"https", "http"},
        url_relative="deny",
        strip_comments=True,
    )


def blocks_to_text(blocks: list[Block]) -> str:
    return "\n\n".join(b.text for b in blocks if b.kind != "note")
