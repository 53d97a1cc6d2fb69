"""Names found by their context, in any case, with deduce's first-name and surname lists.

People write names in lowercase and without context deduce knows: "groetjes, anja",
"dank je anja", "mevrouw van der linden", "mijn dochter sanne", "klantmanager petra".
A lowercase word is a name here only right after a name context, when deduce's lists know
it as a first name or surname and it is not also a common word ("mevrouw is", "hoi allemaal").
After a title a capitalised word is a name even when it is a common word ("Mevrouw Arts").
A line that holds nothing but a first name (and surname) is a signature.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from forum_sync import lookups, rules
from forum_sync.namewords import NOT_AFTER, PARTICLES
from forum_sync.spans import P_CONTEXT_NAME, Span

NAME = "[naam]"
PLACE = "[plaats]"

TITLES = (
    r"mevrouw|mevr|mw|mevrouwtje|meneer|mijnheer|mnr|dhr|heer|mr|dr|drs|ir|ing|prof|juf|meester"
)
ROLES = (
    r"klantmanager|klantmanagers|werkcoach|jobcoach|casemanager|consulent|consulente"
    r"|bedrijfsarts|verzekeringsarts|arbeidsdeskundige|arbeidsdeskundigen|huisarts|advocaat"
    r"|advocate|contactpersoon|begeleider|begeleidster|trajectbegeleider|coach|behandelaar"
    r"|psycholoog|psychiater|fysio|fysiotherapeut|leidinggevende|manager|teamleider|baas"
    r"|collega|buurman|buurvrouw|mentor|maatschappelijk werker|schuldhulpverlener"
    r"|bewindvoerder|inkomensconsulent|re-integratiecoach|reintegratiecoach|jurist"
    r"|medewerker|medewerkster|behandelend\s+\w+|arts|moderator|werkgever|wijkcoach"
)
RELATIVES = (
    r"man|vrouw|zoon|zoontje|dochter|dochtertje|partner|vriend|vriendin|moeder|vader|mama|papa"
    r"|broer|broertje|zus|zusje|zuster|oma|opa|schoonmoeder|schoonvader|schoonzus|ex|kind"
    r"|neef|nicht|tante|oom|buurman|buurvrouw|collega|baas|vriendje|vriendinnetje|stiefvader"
    r"|stiefmoeder|verloofde|echtgenoot|echtgenote|jongste|oudste|zwager|zwagerin|schoonzoon"
    r"|schoondochter|schoonbroer|kleinzoon|kleindochter|stiefzoon|stiefdochter|exman|exvrouw"
    r"|ex-man|ex-vrouw|ex-partner|ex-vriend|ex-vriendin|ex-echtgenoot|ex-echtgenote"
)
GREETINGS = (
    r"groetjes|groeten|groet|gr|grtz|grts|grt|mvg|m\.v\.g|vg|vgr|liefs|doei|dank\s+je(?:\s+wel)?"
    r"|dank\s+jullie(?:\s+wel)?|dank\s+u(?:\s+wel)?|dankjewel|dankje|bedankt|thanks|thnx|thx"
    r"|hoi|hallo|hey|hee|hi|goedemorgen|goedemiddag|goedenavond|welkom|sterkte"
    r"|succes|ha|hai|hoihoi|knuffel|groetjes\s+van|groeten\s+van|veel\s+liefs|xx|xxx|x"
    r"|grtjs|groetjs|groetje|groetjez|grtz|cheers|tot\s+ziens|doeg"
    r"|(?:met\s+)?(?:vriendelijke|hartelijke|lieve|veel)\s+groet(?:en|jes)?"
)
SAID = r"zoals|volgens|net\s+als|met|en|of|ook|want|maar"
_TITLE = re.compile(rf"(?<![\w.])(?:{TITLES})\.?(?=[\s,])[ \t]*,?[ \t]*", re.IGNORECASE)
_ROLE = re.compile(
    rf"(?<![\w-])(?:{ROLES})\b(?:\s+(?:is|heet|was|genaamd))?(?:[ \t]*[:,][ \t]*|[ \t]+)",
    re.IGNORECASE,
)
_RELATIVE = re.compile(
    rf"(?<![\w-])(?:mijn|m'n|mn|me|onze|ons|haar|zijn|z'n|je|jouw|d'r|der)\s+"
    rf"(?:{RELATIVES})\b(?:\s+(?:is|heet|genaamd))?(?:[ \t]*[:,][ \t]*|[ \t]+)",
    re.IGNORECASE,
)
# "Beste Anja," and "Lieve Marieke" open a message only at the start of a line.
_OPENING = re.compile(r"^[ \t]*(?:beste|lieve|geachte)[ \t]+", re.IGNORECASE | re.MULTILINE)
_GREETING = re.compile(rf"(?<![\w-])(?:{GREETINGS})\b[ \t]*[,!:.]*[ \t]*\n?[ \t]*", re.IGNORECASE)
_SAID = re.compile(
    rf"(?<![\w-])(?:{SAID})\s+(?=\w+\s+(?:al\s+)?(?:zei|zegt|schreef|schrijft|aangaf|noemde|vertelde|adviseerde)\b)",
    re.IGNORECASE,
)
# "hij heet ronald", "genaamd petra"; "vraag naar henk", "volgens kees", "via hidde";
# "met petra gesproken", "van jolanda gehoord"; "henk zei" (any word before a verb of saying).
_CALLED = re.compile(
    r"(?<![\w-])(?:heet|heten|genaamd|genoemd|naar|volgens|via|aan|tegen)\s+"
    r"|(?<![\w-])met\s+(?=\w+\s+(?:gesproken|gebeld|gemaild|geappt|afgesproken)\b)"
    r"|(?<![\w-])van\s+(?=\w+\s+(?:gehoord|begrepen|vernomen)\b)",
    re.IGNORECASE,
)
_CALLED_WORDS = frozenset(
    ["heet", "heten", "genaamd", "genoemd", "naar", "volgens", "via", "aan", "tegen"]
)
_SAYS = re.compile(
    r"(?<![\w'’-])(?=[^\W\d_]+\s+(?:al\s+)?(?:zei|zegt|schreef|schrijft|vertelde|adviseerde)\b)",
    re.IGNORECASE,
)
# "die Bakker heet": a capitalised word is a name here even when it is a common word.
_DIE_HEET = re.compile(r"(?<![\w-])die\s+(?=[^\W\d_]+(?:\s+[^\W\d_]+)?\s+heet\b)", re.IGNORECASE)
# "ik ben anja", "mijn naam is anja", "gesprek met petra", "gebeld door jeroen".
_INTRO = re.compile(
    r"(?<![\w-])(?:ik\s+ben|ik\s+heet|mijn\s+naam\s+is|m'n\s+naam\s+is|naam\s+is|dit\s+is"
    r"|(?:gesprek|afspraak|contact|gesproken|gebeld|gemaild|geappt|sprak|belde|mailde|appte)"
    r"(?:\s+gehad|\s+gehad\s+vandaag)?\s+(?:met|door|van|naar))\s+",
    re.IGNORECASE,
)
_LABEL = re.compile(
    r"(?<![\w-])(?:naam|name|voornaam|achternaam|ondertekend|afzender|contactpersoon"
    r"|behandeld\s+door|aanvrager|klant|cliënt|client)[ \t]*:[ \t]*",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_INITIALS = re.compile(r"(?:[A-Z]\.\s?){1,4}")
_GAP = re.compile(r"[ \t]+")


def _word_at(text: str, pos: int) -> re.Match[str] | None:
    return _WORD.match(text, pos)


# Nationalities ("Marokkaans", "Nederlander", "Syriër") and Dutch adjectives and role nouns
# ("Alleenstaand", "Ervaringsdeskundige", "Werkloos"): no name after "ik ben".
_WORD_ENDINGS = ("s", "isch", "ees", "aan", "aanse", "er", "ër", "se", "sche", "and", "end")
_WORD_ENDINGS += ("ig", "ige", "lijk", "loos", "baar", "ief", "ieve", "ende", "kundige", "ing")


def _capital_first(word: str, cue: str, known: bool) -> bool:
    """A capitalised first word the lists do not make a name, that still is one after a
    strong cue: "mijn man Grzegorz", "ik ben Kasia" (cue "new": any word that is no common
    word, place or country), "mijn zus heet Hoop" (cue "named": even a common word), and
    "klantmanager Visser" (cue "role": a surname that is also a noun)."""
    low = word.lower()
    if not cue or rules.protected_spans(word) or low in rules.AGENCY_WORDS:
        return False
    if low in lookups.stop_words() or low in NOT_AFTER:
        return False
    if cue == "named":
        return True
    if cue == "role":
        return known
    place = low in lookups.residences() or low in lookups.countries()
    ordinary = low.endswith(_WORD_ENDINGS)
    return not (place or ordinary or word.isupper()) and low not in lookups.common_words()


def _name_run(text: str, pos: int, capital_ok: bool, cue: str = "") -> tuple[int, int]:
    """The name that starts at `pos`: (start, end), or (pos, pos) when none does.

    capital_ok: after a title, a capitalised word is a name even when it is a common word;
    cue: what else a capitalised first word may be (see `_capital_first`);
    otherwise a first word must be in deduce's name lists and not a common word."""
    start = pos
    m = _INITIALS.match(text, pos)
    after = text[m.end() : m.end() + 20] if m else ""
    if m and (capital_ok or re.match(r"[ \t]*(?:[a-z']+[ \t]+){0,2}[A-Z]", after)):
        pos = m.end()
        capital_ok = True  # "A. de Vries": initials make what follows a name
    end = start
    names = 0
    lower_run = False  # a name typed in lowercase continues in lowercase
    while True:
        gap = _GAP.match(text, pos)
        at = gap.end() if gap and pos != start else pos
        word = _word_at(text, at)
        if not word:
            break
        w = word.group(0)
        low = w.lower()
        if low in PARTICLES:
            if names == 0 and not capital_ok:
                break  # "hoi van..." is no name; only a title takes a particle first
            # Particles belong to the name only when a known surname follows them.
            look = pos = word.end()
            while True:
                gap = _GAP.match(text, look)
                nxt = _word_at(text, gap.end() if gap else look)
                if not nxt or nxt.group(0).lower() not in PARTICLES:
                    break
                look = nxt.end()
            following = nxt.group(0).lower() if nxt else ""
            if not following or following in NOT_AFTER:
                break
            known_next = following in lookups.surnames() and not rules.protected_spans(following)
            # "mevrouw van der Linden"; but "Jansen van het UWV" ends before "van".
            if not known_next and not (names == 0 and capital_ok):
                break
            continue
        if low in NOT_AFTER:
            break
        capital = w[:1].isupper()
        known = low in lookups.first_names() or low in lookups.surnames()
        common = low in lookups.common_words()
        if names == 0:
            # After a title even a common word is a surname ("Mevrouw Arts", "mevrouw kok"),
            # and after a title and particles any word ("mevr van den kartosen").
            ok = (
                (capital_ok and pos > start and low not in lookups.stop_words())
                or (capital and capital_ok)
                or (known and not common)
                or (capital and known and not common)
                or (capital_ok and known and low not in lookups.stop_words())
                or (capital and _capital_first(w, cue, known))
            )
        else:
            # After a first name: a capitalised word, or a lowercase surname in the lists
            # when the name so far was lowercase too.
            ok = (capital and (not common or capital_ok)) or (lower_run and known and not common)
            # "ronald bakker": after a lowercase first name a noun surname is the surname.
            ok = ok or (lower_run and low in lookups.NOUN_SURNAMES)
            # "groetjes pernille Werkplein ...": a lowercase name does not go on in capitals
            # unless the capitalised word is a known surname; an agency never is a name.
            if capital and lower_run and not known:
                ok = False
            if rules.protected_spans(w) or low in rules.AGENCY_WORDS:
                ok = False
        if not ok:
            break
        if names == 0:
            lower_run = not capital
        names += 1
        end = pos = word.end()
        if names >= 4:
            break
    return (start, end) if names else (start, start)


def _first_words(alternatives: str) -> frozenset[str]:
    """The words an alternation can start with (a cheap filter before running it)."""
    found = set()
    for alternative in alternatives.split("|"):
        m = re.match(r"[(?:]*([^\W\d_]+)", alternative)
        if m:
            found.add(m.group(1).lower())
    return frozenset(found)


_TRIGGERS = (
    (_TITLE, _first_words(TITLES), True),
    (_ROLE, _first_words(ROLES), False),
    (
        _RELATIVE,
        frozenset(
            ["mijn", "m", "mn", "me", "onze", "ons", "haar", "zijn", "z", "je", "jouw", "d", "der"]
        ),
        False,
    ),
    (_GREETING, _first_words(GREETINGS) | {"met", "vriendelijke", "hartelijke", "lieve"}, False),
    (_OPENING, frozenset({"beste", "lieve", "geachte"}), False),
    (
        _SAID,
        frozenset(
            ["zei", "zegt", "schreef", "schrijft", "aangaf", "noemde", "vertelde", "adviseerde"]
        ),
        False,
    ),
    (
        _CALLED,
        _CALLED_WORDS
        | {"gesproken", "gebeld", "gemaild", "geappt", "afgesproken"}
        | {"gehoord", "begrepen", "vernomen"},
        False,
    ),
    (_SAYS, frozenset(["zei", "zegt", "schreef", "schrijft", "vertelde", "adviseerde"]), False),
    (_DIE_HEET, frozenset(["heet"]), True),
    (
        _LABEL,
        _first_words(
            "naam|name|voornaam|achternaam|ondertekend|afzender|contactpersoon"
            "|behandeld|aanvrager|klant|cliënt|client"
        ),
        False,
    ),
    (
        _INTRO,
        frozenset(
            [
                "ben",
                "heet",
                "naam",
                "dit",
                "gesprek",
                "afspraak",
                "contact",
                "gesproken",
                "gebeld",
                "gemaild",
                "geappt",
                "sprak",
                "belde",
                "mailde",
                "appte",
            ]
        ),
        False,
    ),
)
_WORDS = re.compile(r"[^\W\d_]+")
_JOINED = re.compile(r"[ \t]*(?:,|en|of|&)[ \t]+", re.IGNORECASE)


_NAMING = re.compile(r"(?:heet|heten|genaamd|genoemd)\W*$", re.IGNORECASE)
_SELF = re.compile(r"(?:ik|mijn|m'n|naam)\b", re.IGNORECASE)
_THING = re.compile(r"(?<![\w-])(?:het|dat|dit|wat|deze|zo|dat\s+ding)\s+$", re.IGNORECASE)


def _cue(pattern: re.Pattern[str], m: re.Match[str], text: str) -> str:
    """How strong a context is for a capitalised word the name lists do not know."""
    if _NAMING.search(m.group(0)):
        # "het heet Passend Werk", "dat heet Wajong": a thing has a name too.
        thing = _THING.search(text, max(0, m.start() - 12), m.start())
        return "" if thing else "named"
    if pattern is _RELATIVE or (pattern is _INTRO and _SELF.match(m.group(0))):
        return "new"
    return "role" if pattern is _ROLE else ""


def context_spans(text: str) -> list[Span]:
    """[naam] spans for names in a name context (see the module docstring)."""
    spans: list[Span] = []
    contexts: list[tuple[int, bool, bool, str]] = []
    words = frozenset(_WORDS.findall(text.lower()))
    for pattern, triggers, capital_ok in _TRIGGERS:
        if words & triggers:
            for m in pattern.finditer(text):
                contexts.append((m.end(), capital_ok, pattern is _CALLED, _cue(pattern, m, text)))
    for pos, capital_ok, weak, cue in contexts:
        before = _WORDS.findall(text[max(0, pos - 30) : pos].lower())
        if before and before[-1] in rules.AGENCY_WORDS:
            continue  # "het uwv maastricht zei": the agency's place, not a person
        start, end = _name_run(text, pos, capital_ok, cue)
        found = text[start:end].lower()
        if weak and (found in lookups.residences() or found in lookups.countries()):
            continue  # "naar Ede": a place (the place rules decide), not a person
        while end > start:
            spans.append(Span(start, end, P_CONTEXT_NAME, NAME))
            # "jan en marieke", "Sanne of Petra": a name joined to a name is a name.
            joined = _JOINED.match(text, end)
            start, end = _name_run(text, joined.end(), False) if joined else (end, end)
    spans += _signature_lines(text)
    spans += _table_cells(text)
    return spans


def _lone_name(text: str, start: int, end: int) -> bool:
    words = _WORD.findall(text[start:end])
    if not 1 <= len(words) <= 4 or re.search(r"[^\w\s.'’,-]", text[start:end]):
        return False
    first = words[0].lower()
    if first not in lookups.first_names() or first in lookups.common_words():
        return False
    rest = [w.lower() for w in words[1:]]
    return all(
        w in lookups.interfixes() or w in lookups.surnames() or w in lookups.first_names()
        for w in rest
    )


def _signature_lines(text: str) -> Iterator[Span]:
    """A line that is only a name ("anja", "Anja de Vries", "- marieke")."""
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip(" \t-–—~*_.,!")
        if stripped:
            offset = pos + line.index(stripped)
            if _lone_name(text, offset, offset + len(stripped)):
                yield Span(offset, offset + len(stripped), P_CONTEXT_NAME, NAME)
        pos += len(line) + 1


def _table_cells(text: str) -> Iterator[Span]:
    """Table cells (joined with " | " by htmltext) that hold only a name."""
    if " | " not in text:
        return
    for m in re.finditer(r"(?:^|(?<=\| ))[^|\n]+?(?= \||$)", text, re.MULTILINE):
        cell = m.group(0).strip()
        if cell:
            start = m.start() + m.group(0).index(cell)
            if _lone_name(text, start, start + len(cell)):
                yield Span(start, start + len(cell), P_CONTEXT_NAME, NAME)
