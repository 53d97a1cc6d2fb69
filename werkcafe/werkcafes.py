"""Local werkcafés (data/werkcafes.yml): the schema, its file:line checks and the loader.

Editors add a werkcafé through a pull request (`make new-werkcafe` writes a valid entry).
Production data ships empty; the demo build adds the example in forum_sync/demo/werkcafes.yml
(every entry there carries `voorbeeld: true`) only when asked:

    load_werkcafes()                    # production list; the demo too if WERKCAFE_DEMO_WERKCAFES=1
    load_werkcafes(include_demo=True)   # production list + demo example(s)

A werkcafé names roles, never people: `mensen` holds `rol` (and optionally `aantal`) only, and
`contact` is the werkcafé's own e-mail address or the location's phone number.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from werkcafe import yamlpos
from werkcafe.content.problems import Problem, error, errors
from werkcafe.content.sources import URL
from werkcafe.gemeenten import CODE, SLUG, Gemeenten, load_gemeenten
from werkcafe.taxonomy import REPO_ROOT

DEFAULT_PATH = REPO_ROOT / "data" / "werkcafes.yml"
DEMO_PATH = REPO_ROOT / "forum_sync" / "demo" / "werkcafes.yml"
# The demo build (`make site`) sets this so the site shows the example werkcafé.
DEMO_ENV = "WERKCAFE_DEMO_WERKCAFES"

REQUIRED = ("naam", "gemeente", "adres", "openingstijden", "contact", "forum", "mensen",
            "laatst_gecontroleerd")
OPTIONAL = ("website", "voorbeeld")
FIELDS = REQUIRED + OPTIONAL
CONTACT_FIELDS = ("email", "telefoon")
PERSON_FIELDS = ("rol", "aantal")
# role key -> (Dutch label, English label)
ROLES: dict[str, tuple[str, str]] = {
    "ervaringsdeskundige": ("ervaringsdeskundige", "experience expert"),
    "vrijwilliger": ("vrijwilliger", "volunteer"),
    "coordinator": ("coördinator", "coordinator"),
    "clientondersteuner": ("cliëntondersteuner", "client support worker"),
}
NAME_MAX = 100
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.I)
PHONE = re.compile(r"^\+?[0-9][0-9 \-]{8,14}[0-9]$")
Fail = Callable[..., None]  # fail(message, line=None) inside _parse_entry


class WerkcafesError(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Rol:
    rol: str  # a key of ROLES
    aantal: int | None = None

    def label(self, language: str = "nl") -> str:
        nl, en = ROLES[self.rol]
        return en if language == "en" else nl


@dataclass(frozen=True)
class Contact:
    email: str | None = None
    telefoon: str | None = None


@dataclass(frozen=True)
class Werkcafe:
    naam: str
    gemeente: str  # CBS code, in data/gemeenten.yml
    adres: str
    openingstijden: str
    contact: Contact
    forum: str  # forum category slug or tag of the local group
    mensen: tuple[Rol, ...]
    laatst_gecontroleerd: dt.date
    website: str | None = None
    voorbeeld: bool = False  # an invented example, shown only in the demo build
    source: str = ""  # the file it came from, as editors see it
    line: int = 0


def parse_werkcafes(text: str, shown: str, gemeenten: Gemeenten, today: dt.date,
                    demo: bool = False) -> tuple[list[Werkcafe], list[Problem]]:
    """Check one werkcafés file. `demo` is the demo file: there every entry must say
    `voorbeeld: true`; in the production file no entry may."""
    try:
        data, node = yamlpos.load(text)
    except yamlpos.YamlError as exc:
        return [], [error(shown, exc.line, "werkcafes", exc.message)]
    if data is None:
        return [], []
    if not isinstance(data, dict) or set(data) - {"werkcafes"}:
        return [], [error(shown, 1, "werkcafes",
                          "het bestand heeft één lijst: 'werkcafes:' (zie het voorbeeld "
                          "bovenaan data/werkcafes.yml)")]
    entries = data.get("werkcafes")
    list_node = yamlpos.child(node, "werkcafes")
    if entries is None:
        return [], []
    if not isinstance(entries, list):
        return [], [error(shown, yamlpos.line_of(list_node), "werkcafes",
                          "'werkcafes' moet een lijst zijn ('- naam: ...' per werkcafé)")]
    problems: list[Problem] = []
    found: list[Werkcafe] = []
    for entry, item in zip(entries, yamlpos.items(list_node), strict=True):
        werkcafe = _parse_entry(entry, item, shown, gemeenten, today, demo, problems)
        if werkcafe is not None:
            found.append(werkcafe)
    duplicates = duplicate_problems(found)
    problems.extend(duplicates)
    # only entries without errors come back: a clashing second entry is not one of them
    clashing = {p.line for p in duplicates}
    return [w for w in found if w.line not in clashing], problems


def _name_key(werkcafe: Werkcafe) -> str:
    return " ".join(werkcafe.naam.split()).casefold()


def duplicate_problems(werkcafes: list[Werkcafe]) -> list[Problem]:
    """Two werkcafés with the same name (case and spaces ignored) cannot be told apart."""
    seen: dict[str, Werkcafe] = {}
    problems = []
    for werkcafe in werkcafes:
        key = _name_key(werkcafe)
        if key in seen:
            problems.append(_clash(werkcafe, seen[key]))
        else:
            seen[key] = werkcafe
    return problems


def clash_problems(added: list[Werkcafe], existing: list[Werkcafe]) -> list[Problem]:
    """Names in `added` (the demo file) that `existing` (the production file) already has."""
    index = {_name_key(w): w for w in existing}
    return [_clash(w, index[_name_key(w)]) for w in added if _name_key(w) in index]


def _clash(werkcafe: Werkcafe, first: Werkcafe) -> Problem:
    return error(werkcafe.source, werkcafe.line, "werkcafe-dubbel",
                 f"de naam '{werkcafe.naam}' bestaat al ({first.source}:{first.line}); "
                 "kies een andere naam")


def _parse_entry(entry: object, node: yamlpos.yaml.Node, shown: str, gemeenten: Gemeenten,
                 today: dt.date, demo: bool, problems: list[Problem]) -> Werkcafe | None:
    line = yamlpos.line_of(node)
    before = len(problems)

    def fail(message: str, at: int | None = None) -> None:
        problems.append(error(shown, at or line, "werkcafe", message))

    if not isinstance(entry, dict):
        fail("een werkcafé begint met '- naam: ...' en heeft de velden "
             + ", ".join(REQUIRED))
        return None
    lines = yamlpos.key_lines(node)
    for key in entry:
        if key not in FIELDS:
            fail(f"onbekend veld '{key}' (bekend zijn {', '.join(FIELDS)})", lines.get(str(key)))
    missing = [f for f in REQUIRED if entry.get(f) in (None, "", [], {})]
    if missing:
        fail(f"'{entry.get('naam') or 'werkcafé'}': ontbreekt: {', '.join(missing)}")

    texts = {}
    for key in ("naam", "adres", "openingstijden"):
        value = entry.get(key)
        if key in missing:
            continue
        if not isinstance(value, str) or not value.strip():
            fail(f"'{key}' moet tekst zijn", lines.get(key))
        else:
            texts[key] = " ".join(value.split())
    if len(texts.get("naam", "")) > NAME_MAX:
        fail(f"'naam' is {len(texts['naam'])} tekens; hoogstens {NAME_MAX}", lines.get("naam"))

    code = entry.get("gemeente")
    if "gemeente" not in missing:
        if not isinstance(code, str) or not CODE.match(code):
            hint = _code_hint(code, gemeenten)
            fail(f"'gemeente' is de CBS-code, zoals GM0344{hint}", lines.get("gemeente"))
        elif code not in gemeenten:
            fail(f"onbekende CBS-code '{code}': die staat niet in data/gemeenten.yml",
                 lines.get("gemeente"))

    contact = _parse_contact(entry.get("contact"), yamlpos.child(node, "contact"),
                             lines.get("contact", line), "contact" in missing, fail)

    website = entry.get("website")
    if website is not None and (not isinstance(website, str) or not URL.match(website.strip())):
        fail(f"'website' ({website}) moet een link zijn die begint met https://",
             lines.get("website"))

    forum = entry.get("forum")
    if "forum" not in missing and (not isinstance(forum, str) or not SLUG.match(forum)):
        fail("'forum' is de slug van de forumcategorie of de tag van de lokale groep, "
             "zoals gemeente-utrecht (kleine letters, cijfers en streepjes)", lines.get("forum"))

    roles = _parse_people(entry.get("mensen"), yamlpos.child(node, "mensen"),
                          lines.get("mensen", line), "mensen" in missing, fail)

    checked = entry.get("laatst_gecontroleerd")
    if "laatst_gecontroleerd" not in missing:
        if isinstance(checked, dt.datetime) or not isinstance(checked, dt.date):
            fail("'laatst_gecontroleerd' moet een datum zijn als 2026-11-30",
                 lines.get("laatst_gecontroleerd"))
        elif checked > today:
            fail(f"'laatst_gecontroleerd' ({checked}) ligt in de toekomst",
                 lines.get("laatst_gecontroleerd"))

    example = entry.get("voorbeeld", False)
    if not isinstance(example, bool):
        fail("'voorbeeld' is true of false", lines.get("voorbeeld"))
    elif demo and not example:
        fail("in het demobestand heeft elk werkcafé 'voorbeeld: true': het is verzonnen "
             "en de site toont het als voorbeeld", lines.get("voorbeeld"))
    elif not demo and example:
        fail("een voorbeeld hoort niet in de echte lijst: zet het in "
             "forum_sync/demo/werkcafes.yml", lines.get("voorbeeld"))

    if len(problems) > before:
        return None
    return Werkcafe(
        naam=texts["naam"], gemeente=code, adres=texts["adres"],
        openingstijden=texts["openingstijden"], contact=contact, forum=forum,
        mensen=roles, laatst_gecontroleerd=checked,
        website=website.strip() if isinstance(website, str) else None,
        voorbeeld=example, source=shown, line=line)


def _code_hint(value: object, gemeenten: Gemeenten) -> str:
    """An editor who writes the name instead of the code gets the code to use."""
    if not isinstance(value, str):
        return ""
    wanted = value.strip().casefold()
    for gemeente in gemeenten:
        if wanted in (gemeente.naam.casefold(), gemeente.slug):
            return f" (voor {gemeente.naam}: {gemeente.code})"
    return ""


def _parse_contact(raw: object, node: yamlpos.yaml.Node | None, line: int, is_missing: bool,
                   fail: Fail) -> Contact:
    if is_missing:
        return Contact()
    if not isinstance(raw, dict):
        fail("'contact' heeft 'email' (van het werkcafé) of 'telefoon' (van de locatie)", line)
        return Contact()
    lines = yamlpos.key_lines(node)
    for key in raw:
        if key not in CONTACT_FIELDS:
            fail(f"contact: onbekend veld '{key}' (bekend zijn email en telefoon; "
                 "geen gegevens van een persoon)", lines.get(str(key), line))
    email, phone = raw.get("email"), raw.get("telefoon")
    if email is None and phone is None:
        fail("'contact' heeft minstens 'email' of 'telefoon'", line)
    if email is not None and (not isinstance(email, str) or not EMAIL.match(email.strip())):
        fail(f"contact: '{email}' is geen e-mailadres", lines.get("email", line))
    if phone is not None and (not isinstance(phone, str) or not PHONE.match(phone.strip())):
        fail(f"contact: '{phone}' is geen telefoonnummer (schrijf het tussen aanhalingstekens, "
             "bijvoorbeeld \"030 123 45 67\")", lines.get("telefoon", line))
    return Contact(email.strip() if isinstance(email, str) else None,
                   phone.strip() if isinstance(phone, str) else None)


def _parse_people(raw: object, node: yamlpos.yaml.Node | None, line: int, is_missing: bool,
                  fail: Fail) -> tuple[Rol, ...]:
    if is_missing:
        return ()
    if not isinstance(raw, list):
        fail("'mensen' is een lijst met rollen, zoals [{rol: ervaringsdeskundige}]", line)
        return ()
    roles = []
    for item, item_node in zip(raw, yamlpos.items(node), strict=True):
        at = yamlpos.line_of(item_node, line)
        if not isinstance(item, dict) or "rol" not in item:
            fail("mensen: elk item heeft 'rol', zoals {rol: vrijwilliger}", at)
            continue
        extra = sorted(str(k) for k in item if k not in PERSON_FIELDS)
        if extra:
            fail(f"mensen: alleen 'rol' en 'aantal', geen namen of contactgegevens "
                 f"(weg met: {', '.join(extra)})", at)
        role, count = item.get("rol"), item.get("aantal")
        if role not in ROLES:
            fail(f"mensen: onbekende rol '{role}' (kies uit: {', '.join(ROLES)})", at)
            continue
        if count is not None and (isinstance(count, bool) or not isinstance(count, int)
                                  or count < 1):
            fail("mensen: 'aantal' is een heel getal vanaf 1", at)
            continue
        roles.append(Rol(role, count))
    return tuple(roles)


def read_werkcafes(path: Path, gemeenten: Gemeenten, today: dt.date, demo: bool = False,
                   shown: str | None = None) -> tuple[list[Werkcafe], list[Problem]]:
    shown = shown or str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return [], []
    except OSError as exc:
        return [], [error(shown, 1, "werkcafes", f"kan het bestand niet lezen: {exc}")]
    return parse_werkcafes(text, shown, gemeenten, today, demo)


def check_werkcafes(path: Path, demo_path: Path, gemeenten: Gemeenten, today: dt.date,
                    shown: str | None = None, demo_shown: str | None = None) -> list[Problem]:
    """Every problem in both files, and names that clash once the demo is merged in."""
    production, problems = read_werkcafes(path, gemeenten, today, False, shown)
    example, demo_problems = read_werkcafes(demo_path, gemeenten, today, True, demo_shown)
    return problems + demo_problems + clash_problems(example, production)


def demo_requested(environ: Mapping[str, str] = os.environ) -> bool:
    return environ.get(DEMO_ENV, "").strip().lower() in ("1", "true", "ja", "yes")


def load_werkcafes(include_demo: bool | None = None, path: Path = DEFAULT_PATH,
                   demo_path: Path = DEMO_PATH, gemeenten: Gemeenten | None = None,
                   today: dt.date | None = None) -> list[Werkcafe]:
    """The werkcafés to publish, sorted by municipality and name. The demo example is added
    only when `include_demo` is true, or it is None and WERKCAFE_DEMO_WERKCAFES=1. Any error
    raises WerkcafesError: a broken entry is never published half."""
    gemeenten = gemeenten or load_gemeenten()
    today = today or dt.date.today()
    if include_demo is None:
        include_demo = demo_requested()
    found, problems = read_werkcafes(Path(path), gemeenten, today)
    if include_demo:
        example, demo_problems = read_werkcafes(Path(demo_path), gemeenten, today, demo=True)
        problems += demo_problems + clash_problems(example, found)
        found += example
    if errors(problems):
        raise WerkcafesError(errors(problems))
    return sorted(found, key=lambda w: (w.gemeente, w.naam.casefold()))
