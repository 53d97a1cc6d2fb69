"""Links in a post: which may stay (an allowed public site, nothing personal in it) and
which become "[link]". An allowed site with a name in its path keeps only the site."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit

from forum_sync import lookups
from forum_sync.spans import P_URL, Span

_URL = re.compile(r"\b(?:https?|ftp)://[^\s<>\"'\]]+|\bwww\.[^\s<>\"'\]]+", re.IGNORECASE)
_GTLDS = (
    "com|org|net|info|biz|edu|gov|eu|nu|online|site|app|dev|io|ai|me|tv|cc|xyz|top|shop|blog"
    "|amsterdam|frl|brussels|vlaanderen|gent|nl|be|de|uk|fr|tk|link|click|email|works|today"
    "|website|space|store|tech|club|live|life|world|news|social|media|cloud|page|art|love|name"
)
# Country domains people link to; not any two letters ("ok.ik", "ja.en" are typing without
# a space after the full stop).
_CCTLDS = (
    "es|it|pl|tr|ma|sr|us|ca|au|ch|at|dk|se|no|fi|ie|pt|cz|gr|ro|hu|ru|cn|jp|br|mx|za|nz|co"
    "|ly|to|fm|ws|gg|im|lu|cw|aw|sx|tv|gl|ai|vc|ms|gd|la|lt|lv|ee|sk|si|hr|rs|ua|bg|cy|mt|il"
)
_BARE = re.compile(
    rf"(?<![\w@.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:{_GTLDS}|{_CCTLDS})\b"
    r"(?:/[^\s<>\"']*)?"
)
_TRAIL = ".,;:!?)]}'\""


def url_allowed(url: str, link_domains: Iterable[str], forum_host: str = "") -> bool:
    """A link may stay when it points at a listed public domain with nothing personal in it."""
    if not re.match(r"^https?://", url, re.IGNORECASE):
        url = "https://" + url
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if not host or (forum_host and (host == forum_host or host.endswith("." + forum_host))):
        return False
    if parts.query or parts.username or parts.password or "@" in url:
        return False
    path = parts.path.lower()
    if re.search(r"/(u|users|uploads|user_avatar|secure-uploads|t)/", path + "/") or re.search(
        r"\d{6,}", path
    ):
        return False
    if path_has_name(path):
        return False
    return any(host == d or host.endswith("." + d) for d in link_domains)


# Path words of official sites that deduce's lists also hold as a name.
PATH_WORDS = frozenset(
    [
        "ww",
        "wia",
        "wajong",
        "bijstand",
        "uwv",
        "werk",
        "werken",
        "particulieren",
        "zakelijk",
        "nieuws",
        "contact",
        "over",
        "ons",
        "de",
        "het",
        "een",
        "en",
        "van",
        "voor",
        "bij",
        "met",
        "wet",
        "ziek",
        "zorg",
        "geld",
        "huis",
        "kind",
        "aanvragen",
    ]
)


def path_has_name(path: str) -> bool:
    """A path with a name-like token: a CV or profile on an allowed domain
    ("werk.nl/cv/voornaam-achternaam-plaats"). The whole path is dropped."""
    words = [w for w in re.split(r"[^a-zà-ÿ]+", path.lower()) if len(w) >= 3]
    return any(w not in PATH_WORDS and _name_like(w) for w in words)


def _name_like(word: str) -> bool:
    """A first name or surname, or the two run together ("annadevries")."""
    if word in lookups.common_words():
        return False
    if word in lookups.first_names() or word in lookups.surnames():
        return True
    return (
        any(
            word[:i] in lookups.first_names() and word[:i] not in lookups.common_words()
            for i in range(3, len(word) - 2)
        )
        and len(word) >= 8
    )


def url_spans(text: str, link_domains: Iterable[str], forum_host: str = "") -> Iterator[Span]:
    domains = tuple(link_domains)
    for pattern in (_URL, _BARE):
        for m in pattern.finditer(text):
            start, end = m.start(), m.end()
            while end > start and text[end - 1] in _TRAIL:
                end -= 1
            url = text[start:end]
            keep = url_allowed(url, domains, forum_host)
            if not keep:
                host_only = re.match(r"(?:https?://)?[^/\s?#]+", url, re.IGNORECASE)
                bare = host_only.group(0) if host_only else ""
                if bare and bare != url and url_allowed(bare, domains, forum_host):
                    # An allowed site with a personal path: keep the site, drop the path.
                    yield Span(start + len(bare), end, P_URL, "/[…]")
                    yield Span(start, start + len(bare), P_URL, None)
                    continue
            yield Span(start, end, P_URL, None if keep else "[link]")
