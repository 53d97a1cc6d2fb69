"""The municipalities (data/gemeenten.yml): CBS code, name, province, URL slug, forum tag.

One list for the forum sync (a topic's `gemeente-<slug>` tag places it in a municipality),
the site (/lokaal/ and /lokaal/<slug>/) and the werkcafés (data/werkcafes.yml). Forum tags
are hostile input: every lookup takes any string and answers None when it does not match
exactly, so a malformed tag never places a topic anywhere.

    from werkcafe.gemeenten import load_gemeenten
    gemeenten = load_gemeenten()
    gemeenten.tag_to_code("gemeente-utrecht")   # "GM0344"
    gemeenten.code_to_tag("GM0344")             # "gemeente-utrecht"
    gemeenten.get("GM0344").naam                # "Utrecht"
    gemeenten.classify_tags(["wmo", "gemeente-utrecht"])  # "GM0344" (None if 0 or 2+)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from werkcafe import yamlpos
from werkcafe.content.problems import Problem, error, warning
from werkcafe.taxonomy import REPO_ROOT

DEFAULT_PATH = REPO_ROOT / "data" / "gemeenten.yml"
TAG_PREFIX = "gemeente-"
# The order readers see provinces in (north to south, as CBS numbers them).
PROVINCES: tuple[str, ...] = (
    "Groningen", "Fryslân", "Drenthe", "Overijssel", "Flevoland", "Gelderland", "Utrecht",
    "Noord-Holland", "Zuid-Holland", "Zeeland", "Noord-Brabant", "Limburg",
)
CODE = re.compile(r"^GM\d{4}$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FIELDS = ("code", "naam", "provincie", "slug")
SOURCE_FIELDS = ("titel", "url", "peildatum", "geraadpleegd")


class GemeentenError(ValueError):
    """data/gemeenten.yml has errors; `problems` says where."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Gemeente:
    code: str  # "GM0344"
    naam: str  # "Utrecht", as CBS writes it
    provincie: str
    slug: str  # "utrecht": URL part and forum tag suffix
    line: int = 0  # in data/gemeenten.yml

    @property
    def tag(self) -> str:
        """The forum tag that places a topic in this municipality."""
        return TAG_PREFIX + self.slug


@dataclass(frozen=True)
class Bron:
    titel: str
    url: str
    peildatum: dt.date  # the day the list describes (1 January of a year)
    geraadpleegd: dt.date  # the day the list was last checked
    line: int = 0  # of `peildatum`


@dataclass(frozen=True)
class Gemeenten:
    bron: Bron
    by_code: dict[str, Gemeente]
    by_slug: dict[str, Gemeente] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.by_slug:
            self.by_slug.update({g.slug: g for g in self.by_code.values()})

    @property
    def peildatum(self) -> dt.date:
        return self.bron.peildatum

    def __iter__(self) -> Iterator[Gemeente]:
        return iter(self.by_code.values())

    def __len__(self) -> int:
        return len(self.by_code)

    def __contains__(self, code: object) -> bool:
        return code in self.by_code

    def get(self, code: str) -> Gemeente | None:
        return self.by_code.get(code) if isinstance(code, str) else None

    def get_by_slug(self, slug: str) -> Gemeente | None:
        return self.by_slug.get(slug) if isinstance(slug, str) else None

    def tag_to_code(self, tag: object) -> str | None:
        """'gemeente-utrecht' -> 'GM0344'; anything else (wrong case, spaces, unknown) -> None."""
        if not isinstance(tag, str) or not tag.startswith(TAG_PREFIX):
            return None
        found = self.by_slug.get(tag[len(TAG_PREFIX):])
        return found.code if found else None

    def code_to_tag(self, code: str) -> str | None:
        found = self.get(code)
        return found.tag if found else None

    def classify_tags(self, tags: Iterable[object]) -> str | None:
        """The one municipality a topic's tags place it in: None when none or several do
        (a topic carries one municipality; two tags are ambiguous, so they place nothing)."""
        codes = {code for code in (self.tag_to_code(t) for t in tags) if code}
        return next(iter(codes)) if len(codes) == 1 else None

    def by_province(self) -> dict[str, list[Gemeente]]:
        """Province -> its municipalities by name, provinces in PROVINCES order."""
        grouped: dict[str, list[Gemeente]] = {p: [] for p in PROVINCES}
        for gemeente in self:
            grouped[gemeente.provincie].append(gemeente)
        for members in grouped.values():
            members.sort(key=lambda g: _sort_key(g.naam))
        return grouped


def _sort_key(name: str) -> str:
    # "'s-Gravenhage" sorts under G, as in the CBS list
    return name.lstrip("'").removeprefix("s-").casefold()


def parse_gemeenten(text: str, shown: str = "data/gemeenten.yml"
                    ) -> tuple[Gemeenten | None, list[Problem]]:
    """Validate the file text. Returns the list (None when unusable) and every problem."""
    try:
        data, node = yamlpos.load(text)
    except yamlpos.YamlError as exc:
        return None, [error(shown, exc.line, "gemeenten", exc.message)]
    if not isinstance(data, dict):
        return None, [error(shown, 1, "gemeenten", "verwacht 'bron:' en 'gemeenten:'")]
    problems: list[Problem] = []
    bron = _parse_source(data.get("bron"), yamlpos.child(node, "bron"), shown, problems,
                         yamlpos.key_lines(node).get("bron", 1))
    entries = data.get("gemeenten")
    list_node = yamlpos.child(node, "gemeenten")
    if not isinstance(entries, list) or not entries:
        problems.append(error(shown, yamlpos.key_lines(node).get("gemeenten", 1), "gemeenten",
                              "'gemeenten' moet een lijst met gemeenten zijn"))
        return None, problems
    by_code: dict[str, Gemeente] = {}
    by_slug: dict[str, Gemeente] = {}
    for entry, item in zip(entries, yamlpos.items(list_node), strict=True):
        gemeente = _parse_entry(entry, item, shown, problems)
        if gemeente is None:
            continue
        for index, key, label in ((by_code, gemeente.code, "code"),
                                  (by_slug, gemeente.slug, "slug")):
            if key in index:
                problems.append(error(shown, gemeente.line, "gemeenten",
                                      f"{label} '{key}' staat er twee keer in "
                                      f"(ook op regel {index[key].line})"))
        by_code.setdefault(gemeente.code, gemeente)
        by_slug.setdefault(gemeente.slug, gemeente)
    if bron is None or problems:
        return None, problems
    return Gemeenten(bron, by_code, by_slug), problems


def _parse_source(raw: object, node: object, shown: str, problems: list[Problem],
                  line: int) -> Bron | None:
    if not isinstance(raw, dict):
        problems.append(error(shown, line, "gemeenten",
                              "'bron' ontbreekt: titel, url, peildatum en geraadpleegd"))
        return None
    lines = yamlpos.key_lines(node)
    missing = [f for f in SOURCE_FIELDS if raw.get(f) in (None, "")]
    if missing:
        problems.append(error(shown, line, "gemeenten", f"bron: ontbreekt: {', '.join(missing)}"))
        return None
    ok = True
    for name in ("peildatum", "geraadpleegd"):
        if not isinstance(raw[name], dt.date):
            problems.append(error(shown, lines.get(name, line), "gemeenten",
                                  f"bron: '{name}' moet een datum zijn als 2026-01-01"))
            ok = False
    if not str(raw["url"]).startswith("https://"):
        problems.append(error(shown, lines.get("url", line), "gemeenten",
                              "bron: 'url' moet een https-link zijn"))
        ok = False
    if not ok:
        return None
    return Bron(str(raw["titel"]), str(raw["url"]), raw["peildatum"], raw["geraadpleegd"],
                lines.get("peildatum", line))


def _parse_entry(entry: object, node: object, shown: str,
                 problems: list[Problem]) -> Gemeente | None:
    line = yamlpos.line_of(node)  # type: ignore[arg-type]
    if not isinstance(entry, dict):
        problems.append(error(shown, line, "gemeenten",
                              "verwacht {code: GM0000, naam: ..., provincie: ..., slug: ...}"))
        return None
    before = len(problems)
    unknown = sorted(str(k) for k in entry if k not in FIELDS)
    if unknown:
        problems.append(error(shown, line, "gemeenten",
                              f"onbekend veld {', '.join(unknown)} (bekend: {', '.join(FIELDS)})"))
    missing = [f for f in FIELDS if entry.get(f) in (None, "")]
    if missing:
        problems.append(error(shown, line, "gemeenten", f"ontbreekt: {', '.join(missing)}"))
        return None
    not_text = [f for f in FIELDS if not isinstance(entry[f], str)]
    if not_text:
        problems.append(error(shown, line, "gemeenten",
                              f"{', '.join(not_text)}: moet tekst zijn, zoals code: GM0344"))
        return None
    code, naam, provincie, slug = (entry[f].strip() for f in FIELDS)
    if not CODE.match(code):
        problems.append(error(shown, line, "gemeenten",
                              f"'{code}' is geen CBS-code: GM en vier cijfers, zoals GM0363"))
    if provincie not in PROVINCES:
        problems.append(error(shown, line, "gemeenten",
                              f"onbekende provincie '{provincie}' "
                              f"(kies uit: {', '.join(PROVINCES)})"))
    if not SLUG.match(slug):
        problems.append(error(shown, line, "gemeenten",
                              f"slug '{slug}': kleine letters, cijfers en streepjes"))
    if len(problems) > before:
        return None
    return Gemeente(code, naam, provincie, slug, line)


def peildatum_problems(gemeenten: Gemeenten, today: dt.date,
                       shown: str = "data/gemeenten.yml") -> list[Problem]:
    """Warn when the list describes a day before 1 January of this year: a merger may have
    happened since, and then topics and werkcafés would point at a municipality that is gone."""
    if gemeenten.peildatum >= dt.date(today.year, 1, 1):
        return []
    return [warning(shown, gemeenten.bron.line, "gemeenten-verouderd",
                    f"de lijst met gemeenten is van {gemeenten.peildatum}: controleer de "
                    f"gemeentelijke indeling op 1 januari {today.year} bij het CBS en werk "
                    "de lijst bij (zie de uitleg bovenaan het bestand)")]


def read_gemeenten(path: Path, shown: str | None = None
                   ) -> tuple[Gemeenten | None, list[Problem]]:
    shown = shown or str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        return None, [error(shown, 1, "gemeenten", f"kan het bestand niet lezen: {exc}")]
    return parse_gemeenten(text, shown)


@cache
def load_gemeenten(path: Path = DEFAULT_PATH) -> Gemeenten:
    """Read and validate the list (cached per path); GemeentenError names every problem."""
    gemeenten, problems = read_gemeenten(Path(path))
    if gemeenten is None:
        raise GemeentenError(problems)
    return gemeenten


def tag_to_code(tag: object, path: Path = DEFAULT_PATH) -> str | None:
    """'gemeente-utrecht' -> 'GM0344' with the repository's list; None when it is no such tag."""
    return load_gemeenten(path).tag_to_code(tag)


def code_to_tag(code: str, path: Path = DEFAULT_PATH) -> str | None:
    """'GM0344' -> 'gemeente-utrecht'; None for an unknown code."""
    return load_gemeenten(path).code_to_tag(code)
