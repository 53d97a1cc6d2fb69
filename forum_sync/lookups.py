"""deduce's own lookup lists (first names, surnames, particles, residences, common words),
read case-insensitively from the files deduce ships, without loading deduce itself.

Many entries are also ordinary Dutch words ("roos", "even", "kan", "zee"), so the name
detectors use these lists only in a name context or for words written with a capital, and
never for a word in `common_words()`.
"""

from __future__ import annotations

import functools
from pathlib import Path


def _source() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("deduce")
    if spec is None or spec.origin is None:  # pragma: no cover - deduce is a dependency
        raise RuntimeError("deduce is not installed")
    return Path(spec.origin).parent / "data" / "lookup" / "src"


def _items(folder: Path) -> frozenset[str]:
    """items.txt of a list and its sublists, minus exceptions.txt, lowercased."""
    items: set[str] = set()
    if (folder / "items.txt").exists():
        items |= {
            line.strip().lower()
            for line in (folder / "items.txt").read_text(encoding="utf-8").splitlines()
        }
    for sub in sorted(folder.glob("lst_*")):
        items |= _items(sub)
    if (folder / "exceptions.txt").exists():
        items -= {
            line.strip().lower()
            for line in (folder / "exceptions.txt").read_text(encoding="utf-8").splitlines()
        }
    items.discard("")
    return frozenset(items)


# Frequent words deduce's whitelist lacks that are also in its name lists, or that follow a
# greeting or a title without being a name.
EXTRA_COMMON = frozenset(
    [
        "ik",
        "je",
        "jij",
        "u",
        "hij",
        "zij",
        "ze",
        "we",
        "wij",
        "jullie",
        "het",
        "de",
        "een",
        "en",
        "of",
        "maar",
        "dus",
        "dat",
        "die",
        "dit",
        "deze",
        "is",
        "was",
        "ben",
        "bent",
        "heb",
        "hebt",
        "had",
        "wil",
        "mag",
        "kan",
        "kon",
        "moet",
        "zal",
        "zou",
        "ga",
        "gaat",
        "gaan",
        "werk",
        "baan",
        "brief",
        "mail",
        "belt",
        "dag",
        "goed",
        "fijn",
        "boos",
        "top",
        "super",
        "mooi",
        "rust",
        "stil",
        "snel",
        "al",
        "even",
        "onder",
        "door",
        "aan",
        "mee",
        "dan",
        "thuis",
        "huis",
        "kind",
        "man",
        "zoon",
        "vader",
        "broer",
        "zus",
        "vriend",
        "buurman",
        "baas",
        "arts",
        "dokter",
        "kort",
        "lang",
        "groot",
        "klein",
        "oud",
        "jong",
        "slot",
        "tip",
        "post",
        "link",
        "boek",
        "stap",
        "straat",
        "stad",
        "land",
        "bos",
        "berg",
        "zee",
        "maan",
        "bloem",
        "vis",
        "vogel",
        "kat",
        "beer",
        "wolf",
        "vos",
        "haas",
        "das",
        "mol",
        "muis",
        "uil",
        "valk",
        "zwaan",
        "gans",
        "kip",
        "haan",
        "duif",
        "mus",
        "merel",
        "wel",
        "nog",
        "niet",
        "geen",
        "ook",
        "toch",
        "echt",
        "heel",
        "erg",
        "veel",
        "meer",
        "hier",
        "daar",
        "waar",
        "wie",
        "wat",
        "hoe",
        "zo",
        "alleen",
        "samen",
        "allemaal",
        "iedereen",
        "allen",
        "jongens",
        "mensen",
        "lieverd",
        "lieve",
        "beste",
        "allen",
        "all",
        "iedereen",
        "voor",
        "van",
        "bedankt",
        "dankjewel",
        "dankje",
        "hoor",
        "nou",
        "hè",
        "he",
        "hoi",
        "hallo",
        "hey",
        "hee",
        "hi",
        "doei",
        "dag",
        "groet",
        "groetjes",
        "groeten",
        "mvg",
        "gr",
        "liefs",
        "sterkte",
        "succes",
        "knuffel",
        "kus",
        "xx",
        "xxx",
        "x",
        "enz",
        "etc",
        "nb",
        "ps",
        "edit",
        "update",
        "uwv",
        "svb",
        "gemeente",
        "klantmanager",
        "werkcoach",
        "consulent",
        "en",
        "oke",
        "ok",
        "oké",
        "ja",
        "nee",
        "misschien",
        "zeker",
        "precies",
        "klopt",
        "helaas",
        "gelukkig",
        "jammer",
        "trouwens",
        "overigens",
        "ieder",
        "elke",
        "alle",
        "andere",
        "anders",
        "zelf",
        "zelfs",
        "ben",
        "week",
        "maand",
        "jaar",
        "uur",
        "keer",
        "tijd",
        "gisteren",
        "morgen",
        "vandaag",
        "straks",
        "vanavond",
        "vanochtend",
    ]
)


# Surnames that are ordinary nouns in lowercase ("de bakker", "de smit"): a name part only
# with a capital.
NOUN_SURNAMES = frozenset(
    [
        "bakker",
        "visser",
        "smit",
        "smits",
        "mulder",
        "schipper",
        "koster",
        "kok",
        "boer",
        "dekker",
        "timmerman",
        "slager",
        "schilder",
        "brouwer",
        "molenaar",
        "kuiper",
        "jager",
        "koning",
        "graaf",
        "ridder",
        "wolf",
        "vos",
        "haan",
        "post",
        "bos",
        "berg",
        "dijk",
        "brink",
        "veen",
        "hout",
        "groen",
        "zwart",
        "wit",
        "rood",
        "klein",
        "groot",
        "lange",
        "kort",
        "meijer",
        "meier",
        "schouten",
        "schuurman",
        "verver",
        "wever",
        "kramer",
        "koopman",
        "snijder",
        "metselaar",
    ]
)
# Girls' names that are also flowers, birds, fruit or months: a name only with a capital.
WORD_NAMES = frozenset(
    {"roos", "lelie", "iris", "merel", "kers", "peer", "appel", "amber", "jade", "storm"}
    | {"hoop", "geluk", "vrede", "mei", "juni", "april", "zon", "sky", "bloem", "hemel"}
)


@functools.cache
def first_names() -> frozenset[str]:
    return _items(_source() / "names" / "lst_first_name")


@functools.cache
def surnames() -> frozenset[str]:
    src = _source() / "names"
    return _items(src / "lst_surname") | _items(src / "lst_interfix_surname")


@functools.cache
def interfixes() -> frozenset[str]:
    """Tussenvoegsels as single words: "van", "der", "den", "ter", "'t", ..."""
    words = {w for item in _items(_source() / "names" / "lst_interfix") for w in item.split()}
    return frozenset(words | {"v.d.", "vd", "v/d"})


@functools.cache
def residences() -> frozenset[str]:
    return _items(_source() / "locations" / "lst_placename")


@functools.cache
def countries() -> frozenset[str]:
    """Country and territory names in Dutch and English (Babel's CLDR data), lowercased: a
    country is no place of residence that identifies anyone, and never a name."""
    from babel import Locale

    names = set()
    for language in ("nl", "en"):
        names |= {name.lower() for name in Locale(language).territories.values()}
    return frozenset(names)


@functools.cache
def common_words() -> frozenset[str]:
    white = _source() / "whitelist"
    return (
        _items(white / "lst_common_word")
        | _items(white / "lst_stop_word")
        | EXTRA_COMMON
        | WORD_NAMES
        | NOUN_SURNAMES
    )


@functools.cache
def deduce_common_words() -> frozenset[str]:
    """deduce's own whitelist only (stable: the corpus generator samples names with it)."""
    white = _source() / "whitelist"
    return _items(white / "lst_common_word") | _items(white / "lst_stop_word")


@functools.cache
def stop_words() -> frozenset[str]:
    return _items(_source() / "whitelist" / "lst_stop_word")
