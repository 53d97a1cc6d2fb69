"""Pattern rules for personal data deduce misses or that need a checksum, and protected terms.

Every rule returns `Span`s: a character range, a priority and the Dutch placeholder that
replaces it (None = keep the text as it is: protected terms and allowed links). The anonymizer
merges these with name matches and deduce's annotations (see `anonymize.resolve`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit


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
P_MENTION = 70
P_NAME = 60
P_NAME_PART = 55
P_PROTECTED = 50
P_DEDUCE = 10

MONTHS = (
    "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
    "|jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec"
    "|january|february|march|may|june|july|august|october"
)
# Agency and regulation names readers need, and role words that precede a name: deduce must
# not eat them (they are kept; only the name after a role word is replaced).
PROTECTED_TERMS = (
    "uwv|svb|cwi|gemeente|gemeenten|gemeentes|re-integratiebedrijf|re-integratiebedrijven"
    "|reintegratiebedrijf|sociale dienst|werkplein|werkbedrijf|belastingdienst|toeslagen|duo|cak"
    "|ind|arbodienst|sw-bedrijf|juridisch loket|rechtbank|centrale raad van beroep|ombudsman"
    "|ww|wia|wga|iva|wajong|bijstand|participatiewet|ziektewet|wsw|wmo|ioaw|ioaz|aow|anw|tw"
    "|toeslagenwet|iro|tozo|bbz|jeugdwet|zvw|wlz|beschut werk|werkloosheidswet"
    "|klantmanager|werkcoach|jobcoach|casemanager|consulent|bedrijfsarts|verzekeringsarts"
    "|arbeidsdeskundige|huisarts|dokter|arts|psycholoog|advocaat|mevrouw|meneer|mijnheer"
    "|dhr|mevr|mw|dr|drs|mr|ir|ing|collega|buurman|buurvrouw"
)

_PROTECTED = re.compile(rf"(?<![\w-])(?:{PROTECTED_TERMS})(?![\w])\.?", re.IGNORECASE)
_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]+(?:@|\s?\[at\]\s?|\s?\(at\)\s?)[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b",
    re.IGNORECASE,
)
_URL = re.compile(r"\b(?:https?|ftp)://[^\s<>\"'\]]+|\bwww\.[^\s<>\"'\]]+", re.IGNORECASE)
_GTLDS = (
    "com|org|net|info|biz|edu|gov|eu|nu|online|site|app|dev|io|ai|me|tv|cc|xyz|top|shop|blog"
    "|amsterdam|frl|brussels|vlaanderen|gent|nl|be|de|uk|fr|tk|link|click|email|works|today"
    "|website|space|store|tech|club|live|life|world|news|social|media|cloud|page|art|love|name"
)
_BARE = re.compile(
    rf"(?<![\w@.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:{_GTLDS}|[a-z]{{2}})\b(?:/[^\s<>\"']*)?"
)
_IBAN = re.compile(
    r"\b[A-Z]{2}\d{2}(?:[A-Z0-9]{10,30}|(?:\s[A-Z0-9]{4}){2,7}(?:\s[A-Z0-9]{1,4})?)\b",
    re.IGNORECASE,
)
_IBAN_NL = re.compile(r"\bNL\s?\d{2}\s?[A-Z]{4}\s?\d{4}\s?\d{4}\s?\d{2}\b", re.IGNORECASE)
_BSN = re.compile(
    r"(?<![\w.,-])\d{3}[.\s-]?\d{3}[.\s-]?\d{3}(?![\w-])|(?<![\w.,-])\d{4}[.\s]\d{2}[.\s]\d{3}(?![\w-])"
)
_PHONE_INTL = re.compile(
    r"(?<![\w+])(?:\+|00)[1-9]\d{0,2}[\s.-]?(?:\(0\)[\s.-]?)?\(?\d{1,4}\)?(?:[\s.-]?\d{1,5}){1,6}(?!\w)"
)
_PHONE_NL = re.compile(
    r"(?<![\w+])\(?0\d{1,3}\)?(?:\s?[\s.-]\s?|\s?)\d{2,4}(?:[\s.-]?\d{2,4}){0,3}(?!\w)"
)
_PLATE = re.compile(
    r"(?<![\w-])([A-Z]{1,3}|\d{1,3})-([A-Z]{1,3}|\d{1,3})-([A-Z]{1,3}|\d{1,3})(?![\w-])",
    re.IGNORECASE,
)
_CASE_KEYWORD = re.compile(
    r"\b(?:zaak|dossier|klant|relatie|registratie|aanvraag|polis|document|factuur|lid|personeels"
    r"|cli[eë]nt|case|referentie|verzekerings|uitkerings|ticket|burgerservice|sofi|bsn)?"
    r"(?:nummer|nr|no|kenmerk|referentie)\b\.?\s*[:#]?\s*(?:[^\W\d_]+\s+){0,3}?"
    r"([A-Z0-9][A-Z0-9./-]*\d[A-Z0-9./-]*)",
    re.IGNORECASE,
)
_CASE_CODE = re.compile(r"(?<![\w/.-])(?:[A-Z]{1,5}[-/ ]?)?\d{2,4}[-/]\d{4,}(?:[-/]\d+)?\b")
_POSTCODE = re.compile(r"\b[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}\b|\b[1-9]\d{3}[a-z]{2}\b")
_ADDRESS = re.compile(
    r"\b(?:(?:[A-Z][\w'.-]*|van|de|der|den|het|ter|ten|v\.)\s+){0,3}"
    r"[A-Za-z][\w'-]*(?:straat|laan|weg|plein|gracht|kade|singel|dijk|dreef|hof|park|pad|steeg"
    r"|markt|baan|allee|boulevard|erf|veld|wal|haven|hoven|burg|zijde)\s+\d{1,5}"
    r"(?:\s?[a-zA-Z]\b|-\d{1,4}\b|\s?(?:hs|bis|I{1,3})\b)?"
)
_DATE_WORDS = re.compile(
    rf"\b\d{{1,2}}(?:e|ste|de)?\s+(?:{MONTHS})\b\.?(?:\s+(?:19|20)\d{{2}}\b)?"
    rf"|\b(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+(?:19|20)\d{{2}}\b)?",
    re.IGNORECASE,
)
_DATE_NUM = re.compile(
    r"\b(?:0?[1-9]|[12]\d|3[01])[-/.](?:0?[1-9]|1[0-2])[-/.](?:19|20)?\d{2}\b"
    r"|\b(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\b"
    r"|\b(?:0?[1-9]|[12]\d|3[01])[-/](?:0[1-9]|1[0-2])\b(?![-/.]\d)"
)
_LONG_NUMBER = re.compile(r"(?<![\w.,])\d{7,}(?![\w])")
_MENTION = re.compile(r"(?<![\w.@])@([\w](?:[\w.-]*[\w])?)")
_UPLOAD = re.compile(r"upload://\S+", re.IGNORECASE)
# A BBCode quote header left as text (e.g. in a code block): it names the quoted user.
_QUOTE_TAG = re.compile(r"\[quote(?:=[^\]\n]*)?\]|\[/quote\]", re.IGNORECASE)
_TRAIL = ".,;:!?)]}'\""


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def valid_iban(candidate: str) -> bool:
    """ISO 13616 check: move the first four characters to the end, letters -> numbers, mod 97."""
    iban = re.sub(r"\s", "", candidate).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", iban):
        return False
    rearranged = iban[4:] + iban[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1


def valid_bsn(candidate: str) -> bool:
    """The Dutch eleven-test for a nine-digit BSN."""
    digits = _digits(candidate)
    if len(digits) != 9 or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    return (total - int(digits[8])) % 11 == 0


def _spans(
    pattern: re.Pattern[str], text: str, priority: int, replacement: str | None, group: int = 0
) -> Iterator[Span]:
    for m in pattern.finditer(text):
        yield Span(m.start(group), m.end(group), priority, replacement)


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
    return any(host == d or host.endswith("." + d) for d in link_domains)


def url_spans(text: str, link_domains: Iterable[str], forum_host: str = "") -> Iterator[Span]:
    domains = tuple(link_domains)
    for pattern in (_URL, _BARE):
        for m in pattern.finditer(text):
            start, end = m.start(), m.end()
            while end > start and text[end - 1] in _TRAIL:
                end -= 1
            url = text[start:end]
            keep = url_allowed(url, domains, forum_host)
            yield Span(start, end, P_URL, None if keep else "[link]")


def rule_spans(text: str, link_domains: Iterable[str] = (), forum_host: str = "") -> list[Span]:
    """All pattern matches in `text` (overlaps are resolved later, by priority)."""
    spans: list[Span] = []
    spans += _spans(_EMAIL, text, P_EMAIL, "[e-mailadres]")
    spans += url_spans(text, link_domains, forum_host)
    spans += _spans(_UPLOAD, text, P_URL, "[bijlage]")
    spans += _spans(_QUOTE_TAG, text, P_SEPARATOR, "")
    for m in _IBAN.finditer(text):
        if valid_iban(m.group(0)):
            spans.append(Span(m.start(), m.end(), P_IBAN, "[rekeningnummer]"))
    spans += _spans(_IBAN_NL, text, P_IBAN, "[rekeningnummer]")
    for m in _BSN.finditer(text):
        if valid_bsn(m.group(0)):
            spans.append(Span(m.start(), m.end(), P_BSN, "[BSN]"))
    for m in _PHONE_INTL.finditer(text):
        if 8 <= len(_digits(m.group(0))) <= 15:
            spans.append(Span(m.start(), m.end(), P_PHONE, "[telefoonnummer]"))
    for m in _PHONE_NL.finditer(text):
        if len(_digits(m.group(0))) == 10:
            spans.append(Span(m.start(), m.end(), P_PHONE, "[telefoonnummer]"))
    for m in _PLATE.finditer(text):
        groups = m.groups()
        if (
            sum(len(g) for g in groups) == 6
            and any(g.isalpha() for g in groups)
            and any(g.isdigit() for g in groups)
        ):
            spans.append(Span(m.start(), m.end(), P_PLATE, "[kenteken]"))
    for m in _CASE_KEYWORD.finditer(text):
        value = m.group(1)
        if len(_digits(value)) >= 2 and len(re.sub(r"\W", "", value)) >= 4:
            spans.append(Span(m.start(1), m.end(1), P_CASE, "[nummer]"))
    spans += _spans(_CASE_CODE, text, P_CASE, "[nummer]")
    spans += _spans(_POSTCODE, text, P_POSTCODE, "[postcode]")
    spans += _spans(_ADDRESS, text, P_ADDRESS, "[adres]")
    spans += _spans(_DATE_WORDS, text, P_DATE, "[datum]")
    spans += _spans(_DATE_NUM, text, P_DATE, "[datum]")
    spans += _spans(_LONG_NUMBER, text, P_NUMBER, "[nummer]")
    return spans


def protected_spans(text: str) -> list[Span]:
    return list(_spans(_PROTECTED, text, P_PROTECTED, None))


def mentions(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, username) for every @mention."""
    for m in _MENTION.finditer(text):
        yield m.start(), m.end(), m.group(1)
