"""An agency's own contact details and seat: kept, because they point at no person.

Readers need them ("bel de Belastingdienst op 0800-0543", "bezwaar naar UWV, Postbus 58285,
1040 HG Amsterdam", "bij het UWV-kantoor in Apeldoorn"), and the pattern rules would take
them for a phone number, a case number, a postcode or a place of residence. Kept:

- service numbers: 0800, 0900, 0906 and 0909 numbers and the municipalities' 14 + area code
  ("14 020"); never a private line. 088 numbers are not kept: an agency's 088 number is also
  the prefix of its staff's direct lines, and privacy comes first.
- a Postbus with its postcode and place when an agency is named just before it. A Postbus
  without an agency before it may be a person's own and is an address.
- a role mailbox (info@, bezwaar@, klantcontact@, ...) at an agency's domain: a domain the
  forum allows links to, or one whose first label is an agency word or a municipality
  ("info@uwv.nl", "bezwaar@utrecht.nl"). A person's work address at that domain
  ("m.jansen@utrecht.nl") and any role mailbox elsewhere ("info@rutten-schoonmaak.nl") stay
  personal.
- the place after "in"/"te" that follows an agency ("het UWV-kantoor in Apeldoorn",
  "Werkplein Drechtsteden in Dordrecht", "de Sociale Dienst in Purmerend"): the agency's
  seat, as "UWV Apeldoorn" is already kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from forum_sync import lookups, rules
from forum_sync.spans import P_AGENCY, Span

# Above every pattern rule (e-mail 95 and below), under the block separators.
P_AGENCY_CONTACT = 96

# Never part of a longer number ("06-14 012 345" is a mobile number, not "14 012").
_SERVICE = re.compile(
    r"(?<![\w+.-])(?<!\d[ \t])(?:(?:0800|0900|0906|0909)[ \t.-]?\d{2,4}(?:[ \t.-]?\d{2,4})?"
    r"|14[ \t.-]?0\d{2,3})(?![\w-])(?![ \t.-]?\d)"
)
# An agency word, at most a few words before the Postbus ("UWV, Postbus", "gemeente Utrecht,
# Postbus", "Belastingdienst/Toeslagen Postbus").
_AGENCY_WORD = (
    r"(?i:uwv|svb|belastingdienst|toeslagen|gemeente|cak|duo|cjib|ind|werkplein|sociale\s+dienst"
    r"|rechtbank|centrale\s+raad\s+van\s+beroep|ombudsman|juridisch\s+loket|werkbedrijf"
    r"|ggd|wijkteam|zorgkantoor|cbr|rdw)"
)
_POSTBUS = re.compile(
    rf"\b{_AGENCY_WORD}\b[^\n.;]{{0,40}}?[ \t,/]+"
    r"(postbus[ \t]+\d{1,6}(?:[ \t,]+[1-9]\d{3}[ \t]?[A-Z]{2}"
    r"(?:[ \t,]+[A-Z][\w'-]*(?:[ \t-][A-Z][\w'-]*)?)?)?)",
    re.IGNORECASE,
)
_ROLE_MAILBOXES = (
    "info|contact|klantcontact|klantenservice|bezwaar|bezwaren|bezwaarschriften|post|secretariaat"
    "|servicedesk|helpdesk|noreply|no-reply|werkeninkomen|wmo|jeugd|inkomen|participatie|vragen"
    "|klachten|klacht|loket|balie|frontoffice|publiekszaken|schuldhulp|schuldhulpverlening"
)
_MAILBOX = re.compile(
    rf"(?<![\w.+-])(?:{_ROLE_MAILBOXES})@((?:[\w-]+\.)+[a-z]{{2,6}})\b", re.IGNORECASE
)
_SEAT = re.compile(
    rf"\b{_AGENCY_WORD}(?:[- \t]+(?:kantoor|vestiging|[A-Z][\w'-]*)){{0,3}}[ \t]+(?:in|te)[ \t]+"
    r"((?:'s-)?[A-Z][\w'-]*(?:[ \t-](?:aan|den|de|op|[A-Z][\w'-]*)){0,3})"
)
_AGENCY_DOMAIN_WORDS = frozenset(
    {"uwv", "svb", "belastingdienst", "toeslagen", "rijksoverheid", "overheid", "werk", "cak"}
    | {"duo", "cjib", "ind", "juridischloket", "rechtspraak", "nationaleombudsman", "gemeente"}
)


def _agency_domain(domain: str, link_domains: tuple[str, ...]) -> bool:
    domain = domain.lower()
    if any(domain == d or domain.endswith("." + d) for d in link_domains):
        return True
    first = domain.split(".")[0]
    return (
        first in _AGENCY_DOMAIN_WORDS
        or first.startswith("gemeente")
        or (domain.endswith(".nl") and first.replace("-", " ") in lookups.residences())
    )


def _seat(text: str, m: re.Match[str]) -> tuple[int, int] | None:
    """The known place at the start of the seat group, or None."""
    found = m.group(1)
    cuts = [c.start() for c in re.finditer(r"[ \t-]", found)] + [len(found)]
    for cut in reversed(cuts):
        if found[:cut].lower() in lookups.residences():
            return m.start(1), m.start(1) + cut
    return None


def _postbus_end(m: re.Match[str]) -> int:
    """The Postbus and its postcode, and the place after them only when it is a known place
    (the keep span must not cover a name typed after the address)."""
    found = m.group(1)
    place = re.search(r"[1-9]\d{3}[ \t]?[A-Za-z]{2}[ \t,]+(.+)$", found)
    if place and place.group(1).lower() not in lookups.residences():
        first = place.group(1).split()[0]
        cut = place.start(1) + (len(first) if first.lower() in lookups.residences() else 0)
        return m.start(1) + len(found[:cut].rstrip(" \t,"))
    return m.end(1)


def keep_spans(text: str, link_domains: Iterable[str] = ()) -> Iterator[Span]:
    """Keep spans (replacement None) for an agency's contact details and seat."""
    domains = tuple(link_domains)
    for m in _SERVICE.finditer(text):
        yield Span(m.start(), m.end(), P_AGENCY_CONTACT, None)
    lowered = text.lower()
    if "postbus" in lowered:
        for m in _POSTBUS.finditer(text):
            yield Span(m.start(1), _postbus_end(m), P_AGENCY_CONTACT, None)
    if "@" in text:
        for m in _MAILBOX.finditer(text):
            if _agency_domain(m.group(1), domains):
                yield Span(m.start(), m.end(), P_AGENCY_CONTACT, None)
    if rules.words_of(text) & rules.AGENCY_WORDS:
        for m in _SEAT.finditer(text):
            seat = _seat(text, m)
            if seat:
                yield Span(*seat, P_AGENCY, None)
