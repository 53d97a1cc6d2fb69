"""Pattern rules for personal data deduce misses or that need a checksum, and protected terms.

Every rule returns `Span`s: a character range, a priority and the Dutch placeholder that
replaces it (None = keep the text as it is: protected terms and allowed links). The anonymizer
merges these with name matches and deduce's annotations (see `spans.resolve`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from forum_sync import lookups
from forum_sync.links import url_allowed, url_spans
from forum_sync.rulewords import NOT_POSTCODE, STREET_ENDINGS
from forum_sync.spans import (
    P_ADDRESS,
    P_AGENCY,
    P_BSN,
    P_CASE,
    P_DATE,
    P_DEDUCE,
    P_EMAIL,
    P_HANDLE,
    P_IBAN,
    P_MENTION,
    P_NAME,
    P_NAME_PART,
    P_NUMBER,
    P_PHONE,
    P_PLATE,
    P_POSTCODE,
    P_PROTECTED,
    P_SEPARATOR,
    P_URL,
    Span,
)

# Span and the priorities are re-exported: older callers read them from here.
__all__ = [
    "P_DEDUCE",
    "P_MENTION",
    "P_NAME",
    "P_NAME_PART",
    "P_SEPARATOR",
    "Span",
    "agency_spans",
    "mentions",
    "protected_spans",
    "rule_spans",
    "url_allowed",
    "valid_bsn",
    "valid_iban",
]

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
# E-mail as typed to dodge harvesters too: "naam(at)gmail(dot)com", "naam at gmail punt com",
# "naam @ gmail.com", "naam [at] gmail [.] com".
_AT = (
    r"(?:@|\s+@\s+|\s*[\[({<]\s*(?:at|@|apenstaartje)\s*[\])}>]\s*"
    r"|\s+(?:at|apenstaartje|apestaart)\s+)"
)
_DOT = (
    r"(?:\.|\s*[\[({<]\s*(?:dot|punt|\.)\s*[\])}>]\s*|\s+(?:dot|punt)\s+"
    r"|[ \t]+\.[ \t]*(?=(?:nl|com|net|org|be|de|eu|info)\b)|\.[ \t]+(?=(?:nl|com|net|be)\b))"
)
# The local part may be spelled out too: "jan punt de punt vries apenstaartje gmail punt com".
_EMAIL = re.compile(
    rf"(?<![\w.+-])(?:[\w+-]+{_DOT})*[\w.+-]*[\w+-]{_AT}[\w-]+(?:{_DOT}[\w-]+)*{_DOT}[a-z]{{2,24}}\b",
    re.IGNORECASE,
)
# A spelled-out address whose domain ending is left out: "kim punt berends at gmail".
MAIL_PROVIDERS = (
    "gmail|googlemail|hotmail|outlook|live|msn|yahoo|icloud|me|ziggo|kpnmail|kpnplanet|planet"
    "|home|xs4all|zeelandnet|caiway|telfort|tele2|hetnet|chello|online|quicknet|upcmail|proton"
    "|protonmail|gmx|web"
)
_EMAIL_NO_TLD = re.compile(
    rf"(?<![\w.+-])(?:[\w+-]+{_DOT})*[\w.+-]*[\w+-]{_AT}(?:{MAIL_PROVIDERS})\b(?!{_DOT}\w)",
    re.IGNORECASE,
)
_IBAN = re.compile(
    r"\b[A-Z]{2}[\s.-]?\d{2}(?:[A-Z0-9]{10,30}|(?:[\s.-][A-Z0-9]{4}){2,7}(?:[\s.-][A-Z0-9]{1,4})?)\b",
    re.IGNORECASE,
)
# A Dutch IBAN in any grouping, also with a wrong checksum (a typo still identifies).
_IBAN_NL = re.compile(
    r"\bNL[\s.-]?\d{2}[\s.-]?[A-Z]{4}(?:[\s.-]?\d){10}\b(?![\s.-]?\d)", re.IGNORECASE
)
# Nine digits in any grouping ("123456782", "12 34 56 782", "1234.56.782"), checked with the
# eleven-test; after the word BSN any nine digits.
_BSN = re.compile(r"(?<![\w.,-])(?<!\d[\s.-])\d(?:[.\s-]?\d){8}(?![\w-])(?![.\s-]\d)")
_BSN_KEYWORD = re.compile(
    r"\b(?:bsn|burgerservicenummer|sofi(?:nummer)?|sofinr)\b\s*(?:nummer|nr\.?|is)?\s*[:#]?\s*"
    r"(\d(?:[.\s-]?\d){7,8})(?![\w-])",
    re.IGNORECASE,
)
_PHONE_INTL = re.compile(
    r"(?<![\w+])(?:\+|00)[1-9]\d{0,2}[\s.-]?(?:\(0\)[\s.-]?)?\(?\d{1,4}\)?"
    r"(?:(?:[ \t]?[.-][ \t]?|[\s.-])?\d{1,5}){1,6}(?!\w)"
)
_PHONE_NL = re.compile(
    r"(?<![\w+])\(?0\d{1,3}\)?(?:\s?[\s.-]\s?|\s?)\d{2,4}"
    r"(?:(?:[ \t]?[.-][ \t]?|[\s.-])?\d{2,4}){0,3}(?!\w)"
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
# "dossier: WZ/12345/2026", "zaak #UTR 25/1234": a code right after the bare word.
_CASE_BARE = re.compile(
    r"\b(?:dossier|zaak|kenmerk|referentie)\s*[:#]\s*([A-Z0-9][A-Z0-9./-]*\d[A-Z0-9./-]*"
    r"(?:[ \t][0-9][0-9./-]*)?)",
    re.IGNORECASE,
)
_CASE_CODE = re.compile(r"(?<![\w/.-])(?:[A-Z]{1,5}[-/ ]?)?\d{2,4}[-/]\d{4,}(?:[-/]\d+)?\b")
_POSTCODE = re.compile(
    r"\b[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}\b|\b[1-9]\d{3}[a-z]{2}\b"
    r"|\b[1-9]\d{3}\s[A-Za-z]{2}\b(?![\w-]|\.\w)"
    r"|\b[1-9]\d{3}-[A-Za-z]{2}\b(?!-)"
)
# A street name followed by a house number. Found in two steps (a word before a number,
# then its ending), because one regex with every street ending backtracks on every word.
_STREET_END = re.compile(rf"(?:{'|'.join(re.escape(e) for e in STREET_ENDINGS)})$", re.IGNORECASE)
_NUMBERED = re.compile(
    r"\b([A-Za-z][\w'-]*\.?)[ \t]*(\d{1,5}(?:-\d{1,4}\b)?"
    r"(?:[ \t]?-?[ \t]?(?:hs|bis|I{1,3}|IV)\b|\s?-?[a-zA-Z]\b)?)"
    r"(?![\d,.]\d)"
)
_BEFORE_STREET = re.compile(
    r"(?:(?:[1-9]\d?(?:e|ste|de)|Eerste|Tweede|Derde)[ \t]+)?"
    r"(?:(?:[A-Z][\w'.-]*|van|de|der|den|het|ter|ten|v\.)[ \t]+){1,3}$"
)


def _postcode_context(text: str, m: re.Match[str]) -> bool:
    """ "1234 en" is a postcode only next to an address, the word postcode, or a place."""
    if m.group(0)[-2:].isupper():
        return True
    before = text[max(0, m.start() - 40) : m.start()].lower()
    after = re.match(r"[ \t,]+([^\W\d_]+)", text[m.end() : m.end() + 40])
    place = bool(after) and after.group(1).lower() in lookups.residences()
    # "in 2024 te Haarlem", "7 mei 1972 te Haarlem": a year before a place is no postcode.
    place = place and not re.match(r"(?:19|20)\d\d\b", m.group(0))
    return (
        "postcode" in before
        or "adres" in before
        or bool(re.search(r"\d+[a-z]?,?\s*$", before))
        or place
    )


def _addresses(text: str) -> Iterator[Span]:
    for m in _NUMBERED.finditer(text):
        word = m.group(1).lower().rstrip(".")
        start = m.start()
        before = _BEFORE_STREET.search(text, max(0, start - 60), start)
        # "Oude Gracht 45", "Nieuwe Weg 3": a bare street word after a capitalised word.
        bare = word in STREET_ENDINGS and m.group(1)[:1].isupper() and bool(before)
        bare = bare and before is not None and before.group(0)[:1].isalnum()
        bare = bare and before is not None and not before.group(0)[:1].islower()
        if not _STREET_END.search(m.group(1)) or (word in STREET_ENDINGS and not bare):
            continue
        if len(word) < 4 and not bare:
            continue
        if before and (before.group(0)[:1].isupper() or before.group(0)[:1].isdigit()):
            start = before.start()
        yield Span(start, m.end(), P_ADDRESS, "[adres]")


# Social media accounts written without @: "insta: anja_dv88", "mijn tiktok is xanjax".
_HANDLE = re.compile(
    r"\b(?:insta(?:gram)?|ig|facebook|fb|twitter|x\.com|tiktok|snap(?:chat)?|linkedin|discord"
    r"|telegram|skype|youtube|twitch|threads|bluesky|bsky|mastodon|pinterest|reddit|gebruikersnaam"
    r"|username|account|handle|profiel|kanaal)\b(?:\s+(?:account|naam|handle|profiel|pagina))?"
    r"(?:\s*[:=]\s*|\s+(?:is|als|heet|onder|op|via)\s+(?:de\s+naam\s+)?|\s+)"
    r"[\"'“]?(@?[\w][\w.-]*[\w])",
    re.IGNORECASE,
)
# An agency with its place is the agency: kept ("gemeente Utrecht", "UWV Apeldoorn",
# "Werkplein Drechtsteden", "Sociale Dienst Drechtsteden", "WSP Rijk van Nijmegen").
_AGENCY = re.compile(
    r"\b(?i:gemeente|gemeentes|uwv|uwv-kantoor|werkplein|werkpleinen|sociale\s+dienst|werkbedrijf"
    r"|wsp|werkgeversservicepunt|sociaal\s+team|wijkteam|sw-bedrijf|participatiebedrijf"
    r"|werkgevers\s+servicepunt|ggd|rechtbank|kantoor|vestiging|regio|arbeidsmarktregio"
    r"|leerwerkloket|belastingdienst|svb|sociaal\s+domein|stadsdeel|provincie)"
    r"[ \t]+((?:[A-Z][\w'’-]*|'s-[A-Z][\w-]*)"
    r"(?:[ \t](?:[A-Z][\w'’-]*|(?:de|den|aan|op|van|a/d)(?![\w/]))){0,3})",
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
# A year of birth: "ik ben van '58", "geboren in 1971", "geb. '71", "bouwjaar 1966".
_BIRTH_YEAR = re.compile(
    r"\b(?:ik\s+ben\s+van|(?:hij|zij|ze)\s+is\s+van|geboren(?:\s+in)?|geb\.?(?:\s+in)?"
    r"|bouwjaar|geboortejaar(?:\s+is)?|jaargang)\s+('\d{2}|(?:19|20)\d{2})(?![\w-])",
    re.IGNORECASE,
)
_LONG_NUMBER = re.compile(r"(?<![\w.,])\d{7,}(?![\w])")
_MENTION = re.compile(r"(?<![\w.@])@([\w](?:[\w.-]*[\w])?)")
_UPLOAD = re.compile(r"upload://\S+", re.IGNORECASE)
# A BBCode quote header left as text (e.g. in a code block): it names the quoted user.
_QUOTE_TAG = re.compile(r"\[quote(?:=[^\]\n]*)?\]|\[/quote\]", re.IGNORECASE)


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


_WORDS = re.compile(r"[^\W\d_]+")
# Words one of which must occur before a costly pattern is run at all (a cheap filter).
HANDLE_WORDS = frozenset(
    [
        "insta",
        "instagram",
        "ig",
        "facebook",
        "fb",
        "twitter",
        "x",
        "tiktok",
        "snap",
        "snapchat",
        "linkedin",
        "discord",
        "telegram",
        "skype",
        "youtube",
        "twitch",
        "threads",
        "bluesky",
        "bsky",
        "mastodon",
        "pinterest",
        "reddit",
        "gebruikersnaam",
        "username",
        "account",
        "handle",
        "profiel",
        "kanaal",
    ]
)
AGENCY_WORDS = frozenset(
    [
        "gemeente",
        "gemeentes",
        "uwv",
        "werkplein",
        "werkpleinen",
        "sociale",
        "werkbedrijf",
        "wsp",
        "werkgeversservicepunt",
        "sociaal",
        "wijkteam",
        "sw",
        "participatiebedrijf",
        "werkgevers",
        "ggd",
        "rechtbank",
        "kantoor",
        "vestiging",
        "regio",
        "arbeidsmarktregio",
        "leerwerkloket",
        "belastingdienst",
        "svb",
        "stadsdeel",
        "provincie",
    ]
)
CASE_ENDINGS = ("nummer", "nr", "no", "kenmerk", "referentie")


def words_of(text: str) -> frozenset[str]:
    return frozenset(_WORDS.findall(text.lower()))


def rule_spans(text: str, link_domains: Iterable[str] = (), forum_host: str = "") -> list[Span]:
    """All pattern matches in `text` (overlaps are resolved later, by priority)."""
    spans: list[Span] = []
    lowered = text.lower()
    words = words_of(text)
    if "@" in text or "at" in words or "apenstaartje" in words or "apestaart" in words:
        spans += _spans(_EMAIL, text, P_EMAIL, "[e-mailadres]")
        spans += _spans(_EMAIL_NO_TLD, text, P_EMAIL, "[e-mailadres]")
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
    if "bsn" in lowered or "sofi" in lowered or "burgerservice" in lowered:
        spans += _spans(_BSN_KEYWORD, text, P_BSN, "[BSN]", group=1)
    for m in _PHONE_INTL.finditer(text):
        if 8 <= len(_digits(m.group(0))) <= 15:
            spans.append(Span(m.start(), m.end(), P_PHONE, "[telefoonnummer]"))
    for m in _PHONE_NL.finditer(text):
        if len(_digits(m.group(0))) == 10:
            spans.append(Span(m.start(), m.end(), P_PHONE, "[telefoonnummer]"))
    for m in _PLATE.finditer(text) if "-" in text else ():
        groups = m.groups()
        if (
            sum(len(g) for g in groups) == 6
            and any(g.isalpha() for g in groups)
            and any(g.isdigit() for g in groups)
        ):
            spans.append(Span(m.start(), m.end(), P_PLATE, "[kenteken]"))
    case = any(w.endswith(CASE_ENDINGS) for w in words)
    for m in _CASE_KEYWORD.finditer(text) if case else ():
        value = m.group(1)
        if len(_digits(value)) >= 2 and len(re.sub(r"\W", "", value)) >= 4:
            spans.append(Span(m.start(1), m.end(1), P_CASE, "[nummer]"))
    if "dossier" in words or "zaak" in words or "kenmerk" in words or "referentie" in words:
        for m in _CASE_BARE.finditer(text):
            if len(_digits(m.group(1))) >= 3:
                spans.append(Span(m.start(1), m.end(1), P_CASE, "[nummer]"))
    spans += _spans(_CASE_CODE, text, P_CASE, "[nummer]")
    phones = [(sp.start, sp.end) for sp in spans if sp.priority == P_PHONE]
    for m in _POSTCODE.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in phones):
            continue  # "0031 20 123 4567 of ...": the end of a phone number, no postcode
        if m.group(0)[-2:].lower() not in NOT_POSTCODE or _postcode_context(text, m):
            spans.append(Span(m.start(), m.end(), P_POSTCODE, "[postcode]"))
    for m in _HANDLE.finditer(text) if words & HANDLE_WORDS else ():
        handle = m.group(1)
        low = handle.lower().lstrip("@")
        if low in HANDLE_WORDS:  # "op TikTok: @naam": the platform, the handle comes after
            continue
        if low not in lookups.common_words() and not _PROTECTED.fullmatch(handle):
            spans.append(Span(m.start(1), m.end(1), P_HANDLE, "[gebruikersnaam]"))
    spans += _addresses(text)
    spans += _spans(_DATE_WORDS, text, P_DATE, "[datum]")
    spans += _spans(_DATE_NUM, text, P_DATE, "[datum]")
    spans += _spans(_BIRTH_YEAR, text, P_DATE, "[datum]", group=1)
    spans += _spans(_LONG_NUMBER, text, P_NUMBER, "[nummer]")
    return spans


def protected_spans(text: str) -> list[Span]:
    return list(_spans(_PROTECTED, text, P_PROTECTED, None))


def agency_spans(text: str) -> list[Span]:
    """Places that name an agency ("gemeente Utrecht"): kept, above deduce's places."""
    if not words_of(text) & AGENCY_WORDS:
        return []
    return list(_spans(_AGENCY, text, P_AGENCY, None, group=1))


def mentions(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, username) for every @mention."""
    for m in _MENTION.finditer(text):
        yield m.start(), m.end(), m.group(1)
