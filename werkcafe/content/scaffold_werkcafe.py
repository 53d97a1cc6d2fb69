"""`make new-werkcafe` (werkcafe-new-werkcafe): add a werkcafé to data/werkcafes.yml.

Asks for what it needs (or takes it as options), checks the new entry with the same rules as
`make check` and appends it to the file, keeping the comments above it. Nothing is written
when the entry has an error: the message says what to change.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import yaml

from werkcafe.content.problems import errors
from werkcafe.gemeenten import Gemeenten, load_gemeenten
from werkcafe.werkcafes import DEFAULT_PATH, ROLES, parse_werkcafes

LIST_KEY = "werkcafes:"


def resolve_gemeente(value: str, gemeenten: Gemeenten) -> str:
    """A CBS code, a name ("Utrecht", "'s-Hertogenbosch") or a slug -> the CBS code."""
    wanted = value.strip()
    if wanted.upper() in gemeenten:
        return wanted.upper()
    folded = wanted.casefold()
    for gemeente in gemeenten:
        if folded in (gemeente.naam.casefold(), gemeente.slug):
            return gemeente.code
    raise ValueError(f"gemeente '{value}' staat niet in data/gemeenten.yml: "
                     "geef de CBS-code (zoals GM0344) of de naam zoals het CBS hem schrijft")


def parse_roles(value: str) -> list[dict[str, object]]:
    """'ervaringsdeskundige:2, vrijwilliger' -> [{rol: ervaringsdeskundige, aantal: 2}, ...]."""
    roles: list[dict[str, object]] = []
    for part in (p.strip() for p in value.split(",")):
        if not part:
            continue
        role, _, count = part.partition(":")
        item: dict[str, object] = {"rol": role.strip()}
        if count.strip():
            if not count.strip().isdigit():
                raise ValueError(f"rol '{part}': na de dubbele punt komt een aantal, "
                                 "zoals vrijwilliger:3")
            item["aantal"] = int(count)
        roles.append(item)
    return roles


def build_entry(naam: str, gemeente: str, adres: str, openingstijden: str, email: str | None,
                telefoon: str | None, website: str | None, forum: str,
                mensen: list[dict[str, object]], today: dt.date) -> dict[str, object]:
    contact = {k: v for k, v in (("email", email), ("telefoon", telefoon)) if v}
    entry: dict[str, object] = {
        "naam": naam.strip(), "gemeente": gemeente, "adres": adres.strip(),
        "openingstijden": openingstijden.strip(), "contact": contact,
    }
    if website:
        entry["website"] = website.strip()
    entry.update({"forum": forum.strip(), "mensen": mensen, "laatst_gecontroleerd": today})
    return entry


def render_entry(entry: dict[str, object]) -> str:
    """The entry as a block under `werkcafes:`, in the style of the example in the file."""
    text = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=100,
                          default_flow_style=None)
    return "".join("  " + line if line.strip() else line for line in text.splitlines(True))


def with_entry(text: str, entry: dict[str, object]) -> str:
    """The file text with the entry appended to the `werkcafes:` list."""
    lines = text.splitlines(True)
    index = next((i for i, line in enumerate(lines) if line.startswith(LIST_KEY)), None)
    if index is None:
        lines += (["\n"] if lines and not lines[-1].endswith("\n") else []) + [LIST_KEY + "\n"]
    elif lines[index].split("#")[0].strip() in ("werkcafes: []", "werkcafes:"):
        lines[index] = LIST_KEY + "\n"
    else:
        raise ValueError("kan de lijst 'werkcafes:' niet vinden; voeg het werkcafé met de hand toe")
    body = "".join(lines)
    if not body.endswith("\n"):
        body += "\n"
    return body + render_entry(entry)


def append_werkcafe(path: Path, entry: dict[str, object], gemeenten: Gemeenten,
                    today: dt.date) -> int:
    """Check the file with the new entry and write it; returns the entry's line number."""
    path = Path(path)
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    new = with_entry(old, entry)
    found, problems = parse_werkcafes(new, str(path), gemeenten, today)
    if errors(problems):
        raise ValueError("\n".join(str(p) for p in errors(problems)))
    path.write_text(new, encoding="utf-8")
    return found[-1].line


def _ask(prompt: str, required: bool = True) -> str:
    while True:
        answer = input(prompt).strip()
        if answer or not required:
            return answer
        print("  Dit is verplicht.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="werkcafe-new-werkcafe", description=__doc__)
    parser.add_argument("--naam")
    parser.add_argument("--gemeente", help="CBS-code (GM0344) of naam (Utrecht)")
    parser.add_argument("--adres")
    parser.add_argument("--openingstijden",
                        help='bijvoorbeeld "Elke dinsdag van 10.00 tot 12.00 uur"')
    parser.add_argument("--email", help="het e-mailadres van het werkcafé (niet van een persoon)")
    parser.add_argument("--telefoon", help="het telefoonnummer van de locatie")
    parser.add_argument("--website")
    parser.add_argument("--forum",
                        help="tag of categorie van de lokale groep (anders gemeente-<slug>)")
    parser.add_argument("--rollen", help="bijvoorbeeld ervaringsdeskundige:2,vrijwilliger")
    parser.add_argument("--bestand", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--datum", type=dt.date.fromisoformat, default=dt.date.today(),
                        help="laatst gecontroleerd (JJJJ-MM-DD), standaard vandaag")
    args = parser.parse_args(argv)
    gemeenten = load_gemeenten()
    interactive = args.naam is None
    try:
        if interactive:
            print("Een werkcafé toevoegen. Vul alleen openbare gegevens in, geen namen van mensen.")
        naam = args.naam or _ask("Naam van het werkcafé: ")
        code = resolve_gemeente(args.gemeente or _ask("Gemeente (naam of CBS-code): "), gemeenten)
        adres = args.adres or _ask("Adres van de locatie: ")
        tijden = args.openingstijden or _ask("Openingstijden (bijvoorbeeld: Elke dinsdag van "
                                             "10.00 tot 12.00 uur): ")
        email, telefoon = args.email, args.telefoon
        if interactive and not (email or telefoon):
            email = _ask("E-mailadres van het werkcafé (leeg laten als er geen is): ", False)
            telefoon = _ask("Telefoonnummer van de locatie (leeg laten als er geen is): ", False)
        website = args.website
        if interactive and website is None:
            website = _ask("Website (begint met https://, mag leeg): ", False)
        forum = args.forum or gemeenten.code_to_tag(code) or ""
        if interactive and not args.forum:
            forum = _ask(f"Forumtag of -categorie [{forum}]: ", False) or forum
        rollen = args.rollen
        if rollen is None:
            rollen = (_ask(f"Wie doen het mee? Rollen: {', '.join(ROLES)}; "
                           "met aantal zo: vrijwilliger:3 : ") if interactive
                      else "ervaringsdeskundige")
        entry = build_entry(naam, code, adres, tijden, email or None, telefoon or None,
                            website or None, forum, parse_roles(rollen), args.datum)
        line = append_werkcafe(args.bestand, entry, gemeenten, dt.date.today())
    except ValueError as exc:
        print(f"Niet gelukt, er is niets veranderd:\n{exc}", file=sys.stderr)
        return 2
    print(f"Toegevoegd: {args.bestand}:{line}")
    print("Controleer met: make check. Stuur het daarna in als pull request.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
