"""What in a built HTML page could run script: handlers, script URLs, inline scripts.

Parsed with the standard library's HTML parser, which decodes entities in attribute values
as a browser does, so `&#106;avascript:` is seen as `javascript:`.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster",
                  "background", "cite", "srcset", "ping", "manifest", "codebase", "longdesc"}
FORBIDDEN_TAGS = {"iframe", "frame", "object", "embed", "applet", "base", "frameset"}
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:")
# Browsers ignore these inside a URL scheme ("java\tscript:" is "javascript:").
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f]+")


def script_url(value: str) -> bool:
    return _IGNORED_IN_SCHEME.sub("", value).lower().startswith(SCRIPT_SCHEMES)


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._inline_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            elif name in URL_ATTRIBUTES and value and script_url(value):
                self.problems.append(f"<{tag} {name}={value!r}>")
            elif name == "srcdoc":
                self.problems.append(f"<{tag} srcdoc>")
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}>")
        if tag == "meta" and (found.get("http-equiv") or "").lower() == "refresh":
            self.problems.append("<meta http-equiv=refresh>")
        if tag == "script" and not found.get("src"):
            if found.get("type") == "application/json":
                self._inline_script = False
            else:
                self.problems.append("inline <script>")
                self._inline_script = True

    def handle_data(self, data: str) -> None:
        if self._inline_script and data.strip():
            self.problems.append(f"inline script text {data.strip()[:60]!r}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._inline_script = False


def problems(html: str) -> list[str]:
    """Everything in `html` that could run script when the page is shown or used."""
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    return scanner.problems


class _Text(HTMLParser):
    def __init__(self, tag: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tag, self.depth, self.parts, self.found = tag, 0, [], False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == self.tag and not self.found:
            self.depth, self.found = 1, True
        elif self.depth:
            self.depth += 1 if tag not in ("br", "img", "input", "meta", "link") else 0

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data)


def first_text(html: str, tag: str) -> str | None:
    """The text of the first <tag> element, whitespace collapsed (None when absent)."""
    parser = _Text(tag)
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.parts).split()) if parser.found else None
