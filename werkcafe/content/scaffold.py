"""`make new-guide` (werkcafe-new-guide): create a new guide in Dutch and English.

Asks for what it needs (or takes it as options), checks every key against the taxonomy and
writes two files with front matter in the right shape and the sections every guide of that
kind has. `make check` reports exactly one thing to fill in before it passes: the source's
`geraadpleegd` date and `citaat` (it cannot know which page the editor will read, or when).
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import unicodedata
from pathlib import Path

import yaml

from werkcafe.content.schema import KINDS, TITLE_MAX
from werkcafe.taxonomy import REPO_ROOT, Taxonomy, load_taxonomy

FOLDERS = {"regeling": "regelingen", "situatie": "situaties", "brief": "brieven", "pagina": ""}

BODIES = {
    ("situatie", "nl"): """\
Schrijf hier in twee of drie korte zinnen waar deze gids over gaat en voor wie hij is.

## Waar gaat het over?

Leg uit wat er gebeurt. Gebruik korte zinnen.

## Stap voor stap

1. Eerste stap.
2. Tweede stap.

## Checklist

<div class="checklist" markdown>

### Wat neem je mee

- [ ] Je legitimatiebewijs

### Vragen die je kunt stellen

- [ ] Wat gebeurt er met wat ik vandaag vertel?

### Na het gesprek

- [ ] Schrijf op wat er is afgesproken.

</div>

## Wat gebeurt er daarna?

Vertel wat de lezer kan verwachten.

## Hulp

Waar krijgt de lezer gratis en onafhankelijke hulp?
""",
    ("situatie", "en"): """\
Write two or three short sentences on what this guide is about and who it is for.

## What is it about?

Explain what happens. Use short sentences.

## Step by step

1. First step.
2. Second step.

## Checklist

<div class="checklist" markdown>

### What to bring

- [ ] Your ID

### Questions you can ask

- [ ] What happens with what I tell you today?

### After the meeting

- [ ] Write down what was agreed.

</div>

## What happens next?

Tell the reader what to expect.

## Help

Where can the reader get free, independent help?
""",
    ("regeling", "nl"): """\
Schrijf hier in twee of drie korte zinnen wat deze regeling is.

## Wat is het?

## Voor wie is het?

## Je rechten

## Je plichten

## Waar moet je zijn?

## Waar moet je op letten?
""",
    ("regeling", "en"): """\
Write two or three short sentences on what this regulation is.

## What is it?

## Who is it for?

## Your rights

## Your obligations

## Where do you go?

## What to watch out for
""",
    ("brief", "nl"): """\
Met deze brief kun je ... Vul de stippellijnen in en print de brief.

1. Vul je gegevens in.
2. Bewaar een kopie.

<div class="brief" markdown>

<span class="invullen">je naam</span>
<span class="invullen">je adres</span>

Geachte heer, mevrouw,

...

Met vriendelijke groet,

<span class="invullen">je handtekening</span>

</div>
""",
    ("brief", "en"): """\
With this letter you can ... Fill in the dotted lines and print the letter.

1. Fill in your details.
2. Keep a copy.

<div class="brief" markdown>

<span class="invullen">your name</span>
<span class="invullen">your address</span>

Geachte heer, mevrouw,

...

Met vriendelijke groet,

<span class="invullen">your signature</span>

</div>
""",
    ("pagina", "nl"): "Schrijf hier de tekst van de pagina.\n",
    ("pagina", "en"): "Write the text of the page here.\n",
}


# Left for the editor to fill in: `make check` reports both empty fields as errors (with their
# line) until the source has been read and its sentence copied.
SOURCES_TODO = """\
bronnen:
  - titel: Naam van de officiële pagina
    url: https://www.rijksoverheid.nl/
    geraadpleegd:   # de dag dat je de bron las, bijvoorbeeld 2026-11-30
    citaat: ""      # de zin uit de bron die de belangrijkste bewering van de gids steunt
"""


def slugify(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:60].strip("-")


def front_matter(title: str, kind: str, keys: dict[str, list[str]], today: dt.date) -> str:
    data = {
        "title": title,
        "description": "Eén zin over deze gids (hoogstens 200 tekens).",
        "soort": kind,
        "regelingen": keys.get("regelingen", []),
        **({"situaties": keys.get("situaties", [])} if kind == "situatie" else {}),
        "doelgroepen": keys.get("doelgroepen", []),
        "laatst_gecontroleerd": today,
        "redactie": ["Redactie Werkcafé"],
    }
    return ("---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + SOURCES_TODO
            + "---\n\n")


def create_guide(docs_dir: Path, title: str, kind: str, keys: dict[str, list[str]],
                 taxonomy: Taxonomy, today: dt.date, name: str | None = None) -> list[Path]:
    """Write NAME.nl.md and NAME.en.md; refuse unknown keys and existing files."""
    if kind not in KINDS:
        raise ValueError(f"soort moet een van {', '.join(KINDS)} zijn")
    if not title.strip() or len(title) > TITLE_MAX:
        raise ValueError(f"de titel moet 1 tot {TITLE_MAX} tekens zijn")
    for field, chosen in keys.items():
        unknown = sorted(set(chosen) - set(taxonomy.keys(field)))
        if unknown:
            raise ValueError(f"{field}: {', '.join(unknown)} staat niet in data/taxonomy.yml "
                             f"(kies uit: {', '.join(taxonomy.keys(field))})")
    slug = name or slugify(title)
    if not slug:
        raise ValueError("kies een bestandsnaam met letters of cijfers")
    folder = Path(docs_dir) / FOLDERS[kind]
    paths = [folder / f"{slug}.{language}.md" for language in ("nl", "en")]
    existing = [str(p) for p in paths if p.exists()]
    if existing:
        raise ValueError(f"bestaat al: {', '.join(existing)}")
    folder.mkdir(parents=True, exist_ok=True)
    for path, language in zip(paths, ("nl", "en"), strict=True):
        path.write_text(front_matter(title, kind, keys, today) + BODIES[(kind, language)],
                        encoding="utf-8")
    return paths


def _ask(prompt: str, taxonomy: Taxonomy | None = None, group: str | None = None) -> str:
    if taxonomy is not None and group is not None:
        print(f"  Mogelijk: {', '.join(taxonomy.keys(group))}")
    return input(prompt).strip()


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").replace(" ", ",").split(",") if v.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="werkcafe-new-guide", description=__doc__)
    parser.add_argument("--titel")
    parser.add_argument("--soort", choices=KINDS)
    parser.add_argument("--regelingen", help="komma's ertussen, bijvoorbeeld ww,wia")
    parser.add_argument("--situaties")
    parser.add_argument("--doelgroepen")
    parser.add_argument("--naam", help="bestandsnaam zonder .nl.md (anders uit de titel)")
    parser.add_argument("--docs", type=Path, default=REPO_ROOT / "docs")
    args = parser.parse_args(argv)
    taxonomy = load_taxonomy()
    interactive = args.titel is None
    title = args.titel or _ask("Titel van de gids: ")
    kind = args.soort or _ask(f"Soort ({', '.join(KINDS)}): ")
    keys = {"regelingen": _split(args.regelingen), "doelgroepen": _split(args.doelgroepen),
            "situaties": _split(args.situaties)}
    if interactive:
        keys["regelingen"] = _split(_ask("Regelingen: ", taxonomy, "regelingen"))
        if kind == "situatie":
            keys["situaties"] = _split(_ask("Situaties: ", taxonomy, "situaties"))
        keys["doelgroepen"] = _split(_ask("Doelgroepen: ", taxonomy, "doelgroepen"))
    try:
        paths = create_guide(args.docs, title, kind, keys, taxonomy, dt.date.today(), args.naam)
    except ValueError as exc:
        print(f"Niet gelukt: {exc}", file=sys.stderr)
        return 2
    for path in paths:
        print(f"Gemaakt: {path}")
    print("Schrijf nu de tekst en vul bij 'bronnen' de bron, 'geraadpleegd' en 'citaat' in. "
          "Controleer met: make check. Bekijk met: make serve.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
