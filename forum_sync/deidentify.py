"""deduce (v3): loaded lazily once per process, its annotations as `Span`s, minus the
findings that are ordinary words in forum posts ("Slot.", "Tip:", "20 jaar gewerkt")."""

from __future__ import annotations

import logging
import re
import threading
from typing import Any

from forum_sync import lookups, rules
from forum_sync.namecontext import ROLES, TITLES
from forum_sync.spans import P_DEDUCE, Span

NAME = "[naam]"
DEDUCE_PLACEHOLDERS = {
    "persoon": NAME,
    "patient": NAME,
    "locatie": "[plaats]",
    "ziekenhuis": "[zorginstelling]",
    "zorginstelling": "[zorginstelling]",
    "instelling": "[instelling]",
    "datum": "[datum]",
    "leeftijd": "[leeftijd]",
    "telefoonnummer": "[telefoonnummer]",
    "emailadres": "[e-mailadres]",
    "bsn": "[BSN]",
    "url": "[link]",
    "id": "[nummer]",
}
# Capitalised words at the start of a sentence that deduce sometimes takes for a name.
NOT_NAMES = frozenset(
    {"super", "tip", "top", "update", "succes", "helaas", "hoi", "hallo", "dank", "bedankt"}
    | {"sterkte", "klopt", "precies", "echt", "fijn", "edit", "aanvulling", "herkenbaar"}
    | {"slot", "kortom", "conclusie", "nou", "trouwens", "intussen", "inmiddels", "groetjes"}
    # Kinship words and possessives of other languages that open a sentence ("Annem Hatice
    # ...", "Kardeşim Emre", "Mein Konto"): the name after them is found on its own.
    | {"annem", "babam", "kardeşim", "kardesim", "abim", "ablam", "oğlum", "kızım", "eşim"}
    | {"mein", "meine", "konto", "moje", "mój", "moja", "mama", "papa", "yemma", "baba"}
)
# An age is a person's age only in these contexts ("ik ben 54", "54 jaar oud", "(54)").
_AGE_CONTEXT = re.compile(
    r"(?:\b(?:ben|is|was|word|werd|wordt|zijn|leeftijd|ik|man|vrouw|zoon|dochter|van)\s+$"
    r"|\($)",
    re.IGNORECASE,
)
_AGE_SELF = re.compile(r"\d+\s*(?:jaar|jr)\.?\s+oud\b|\d+\s*-?\s*jarige?\b", re.IGNORECASE)
# "20 jaar gewerkt", "10 jaar in dienst": a duration, not an age.
_DURATION = re.compile(
    r"\d+\s*(?:jaar|jr)\.?\s+(?:ge\w+|in|bij|op|aan|lang|werk|ervaring|dienst|te|na|voor|geleden)",
    re.IGNORECASE,
)

log = logging.getLogger(__name__)
_deduce: Any = None
_deduce_lock = threading.Lock()


def get_deduce() -> Any:
    """The process-wide deduce instance, loaded on first use (about 7 s)."""
    global _deduce
    with _deduce_lock:
        if _deduce is None:
            root = logging.getLogger()
            handlers, level = list(root.handlers), root.level
            import deduce

            # deduce calls logging.basicConfig(DEBUG, stdout) on import: undo that.
            for handler in root.handlers[:]:
                if handler not in handlers:
                    root.removeHandler(handler)
            root.setLevel(level)
            log.info("loading deduce (once per process)")
            _deduce = deduce.Deduce()
        return _deduce


def deduce_loaded() -> bool:
    return _deduce is not None


def warm_up() -> None:
    """Load deduce and build its lookup tables now (`make setup`), not during a test or export."""
    get_deduce().deidentify("Jan de Vries woont in Utrecht.")
    lookups.first_names(), lookups.surnames(), lookups.common_words(), lookups.interfixes()


def _keep(text: str, tag: str, start: int, end: int) -> bool:
    found = text[start:end].strip()
    low = found.lower().strip(".,:;!?")
    if low in NOT_NAMES:
        return False
    if tag in ("persoon", "patient") and " " not in low and low in lookups.common_words():
        return False  # a capitalised ordinary word ("Slot.", "Even")
    if tag in ("persoon", "patient", "locatie") and low in lookups.countries():
        return False  # "naar Spanje", "uit Marokko": a country points at nobody
    if tag == "leeftijd":
        before, segment = text[max(0, start - 20) : start], text[start : end + 30]
        if _AGE_SELF.match(segment):
            return True
        return bool(_AGE_CONTEXT.search(before)) and not _DURATION.match(segment)
    return True


_PARTICLE_TAIL = re.compile(
    r"(?:\s+(?:van|de|der|den|het|ter|ten|te|in|op|aan))+\s*$", re.IGNORECASE
)
_ROLE_WORD = re.compile(rf"(?:{ROLES}|{TITLES})", re.IGNORECASE)
_LEAD_WORD = re.compile(r"[^\W\d_]+\s+")


def _trim_person(text: str, start: int, end: int) -> tuple[int, int]:
    """deduce's person spans without a leading ordinary word ("Hey Fatma", "Moderator
    Patrick") or trailing particles ("Wendy van het Werkplein" -> "Wendy")."""
    while True:
        m = _LEAD_WORD.match(text, start, end)
        if not m:
            break
        word = m.group(0).strip().lower()
        if word in lookups.first_names() or word in lookups.surnames():
            break  # "Roos Jansen": a name that is also a word stays in the name
        if (
            word not in lookups.common_words()
            and word not in NOT_NAMES
            and not _ROLE_WORD.fullmatch(word)
        ):
            break
        start = m.end()
    # "Wendy van het Werkplein Twente": the name ends where an agency begins.
    for agency in (*rules.agency_spans(text[start:end]), *rules.protected_spans(text[start:end])):
        if agency.start > 0:
            end = min(end, start + agency.start)
    tail = _PARTICLE_TAIL.search(text, start, end)
    if tail and tail.start() > start:
        end = tail.start()
    return start, end


def deduce_spans(text: str) -> list[Span]:
    doc = get_deduce().deidentify(text)
    spans = []
    for a in doc.annotations:
        tag = a.tag.split("+")[0]
        start, end = a.start_char, a.end_char
        if tag in ("persoon", "patient"):
            start, end = _trim_person(text, start, end)
        if _keep(text, tag, start, end):
            placeholder = DEDUCE_PLACEHOLDERS.get(tag, "[weggelaten]")
            spans.append(Span(start, end, P_DEDUCE, placeholder))
    return spans
