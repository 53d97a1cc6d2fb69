"""The content checker: every rule for guides in one pass over docs/.

Errors stop the build (the site must not publish a broken guide); warnings are shown to the
editor and documented in CONTRIBUTING.md. Every rule has a test with a bad file in
tests/content/.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from werkcafe import gemeenten, werkcafes
from werkcafe.content import links, readability, values
from werkcafe.content.frontmatter import FrontMatter, FrontMatterError, parse
from werkcafe.content.problems import Problem, error, errors, warning, warnings
from werkcafe.content.schema import GuideMeta, base_path, language_of, validate
from werkcafe.content.typed_values import find_typed, suggestion
from werkcafe.taxonomy import Taxonomy, TaxonomyError, load_taxonomy

REVIEW_MAX_AGE = dt.timedelta(days=365)
READABILITY_MIN = 60.0
READABILITY_MIN_WORDS = 80  # too little text gives a meaningless score

CHECKLIST_HEADINGS = {
    "nl": ("Wat neem je mee", "Vragen die je kunt stellen", "Na het gesprek"),
    "en": ("What to bring", "Questions you can ask", "After the meeting"),
}
_CHECKLIST_OPEN = re.compile(r"""<div[^>]*class=["'][^"']*\bchecklist\b""")
_H1 = re.compile(r"^#\s+\S")
@dataclass
class CheckResult:
    problems: list[Problem] = field(default_factory=list)
    guides: dict[str, GuideMeta] = field(default_factory=dict)  # docs-relative path -> meta

    @property
    def errors(self) -> list[Problem]:
        return errors(self.problems)

    @property
    def warnings(self) -> list[Problem]:
        return warnings(self.problems)


@dataclass(frozen=True)
class CheckOptions:
    today: dt.date
    readability_min: float = READABILITY_MIN
    review_max_age: dt.timedelta = REVIEW_MAX_AGE


def body_problems(fm: FrontMatter, meta: GuideMeta | None, path: str,
                  value_table: dict[str, values.Value] | None = None) -> list[Problem]:
    """Rules about the text itself (not front matter, not links)."""
    problems: list[Problem] = []
    lines = list(links.iter_lines(fm.body, fm.body_line))
    for number, line in lines:
        if _H1.match(line):
            problems.append(error(path, number, "kop-1",
                                  "gebruik geen kop met één '#': de titel komt uit 'title'"))
        for typed in find_typed(line):
            problems.append(error(
                path, number, "bedrag-termijn",
                f"'{typed.text}' is een bedrag, percentage, termijn of weeknummer in de tekst: "
                f"gebruik {suggestion(typed.text, value_table or {})}, "
                "of verwijs naar de officiële pagina"))
    if meta is not None and meta.kind == "situatie":
        problems.extend(_checklist_problems(lines, meta.language, path, fm.body_line))
    return problems


def _checklist_problems(lines: list[tuple[int, str]], language: str, path: str,
                        body_line: int) -> list[Problem]:
    start = next((n for n, line in lines if _CHECKLIST_OPEN.search(line)), None)
    if start is None:
        return [error(path, body_line, "checklist",
                      "een situatie-gids heeft een printbare checklist nodig: "
                      '<div class="checklist" markdown> ... </div> (zie CONTRIBUTING.md)')]
    headings = [line.lstrip("#").strip() for n, line in lines
                if n > start and line.startswith("### ")]
    missing = [h for h in CHECKLIST_HEADINGS[language] if h not in headings]
    if missing:
        return [error(path, start, "checklist",
                      f"de checklist mist het kopje: {', '.join(missing)}")]
    return []


def link_problems(fm: FrontMatter, rel: str, path: str, exists: set[str],
                  bodies: dict[str, str]) -> list[Problem]:
    """Broken internal links and anchors; `rel` is docs-relative, `path` is what editors see."""
    language = language_of(rel)
    problems = []
    own_anchors: set[str] | None = None
    for link in links.internal_links(fm.body, fm.body_line):
        if not link.path:  # same-page anchor
            own_anchors = own_anchors if own_anchors is not None else links.anchors(fm.body)
            if link.anchor and link.anchor not in own_anchors:
                problems.append(error(path, link.line, "link-anker",
                                      f"het anker '#{link.anchor}' bestaat niet op deze pagina"))
            continue
        target = links.resolve(rel, link.path, language, exists)
        if target is None:
            problems.append(error(path, link.line, "link",
                                  f"de link '{link.target}' gaat naar een pagina die niet bestaat"))
            continue
        if link.anchor and target in bodies and link.anchor not in links.anchors(bodies[target]):
            problems.append(error(path, link.line, "link-anker",
                                  f"de link '{link.target}': het anker '#{link.anchor}' "
                                  f"bestaat niet in {target}"))
    return problems


def check_docs(docs_dir: Path, taxonomy: Taxonomy, value_table: dict[str, values.Value],
               options: CheckOptions) -> CheckResult:
    """Check every Markdown file under docs_dir. Paths in problems are relative to the repo."""
    docs_dir = Path(docs_dir)
    shown = _shown_prefix(docs_dir)
    files = sorted(p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md"))
    exists = set(files) | {p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*")
                           if p.is_file()}
    result = CheckResult()
    parsed: dict[str, FrontMatter] = {}
    for rel in files:
        shown_path = shown + rel
        try:
            parsed[rel] = parse((docs_dir / rel).read_text(encoding="utf-8"))
        except FrontMatterError as exc:
            result.problems.append(error(shown_path, exc.line, "front-matter", exc.message))
        except UnicodeDecodeError:
            result.problems.append(error(shown_path, 1, "codering",
                                         "het bestand is geen UTF-8-tekst"))
    bodies = {rel: fm.body for rel, fm in parsed.items()}
    for rel, fm in parsed.items():
        shown_path = shown + rel
        language = language_of(rel)
        meta, problems = validate(fm, rel, taxonomy, options.today)
        result.problems.extend(_reposition(problems, shown_path))
        if meta is not None:
            result.guides[rel] = meta
        result.problems.extend(body_problems(fm, meta, shown_path, value_table))
        result.problems.extend(values.macro_problems(fm.body, fm.body_line, shown_path,
                                                     value_table))
        result.problems.extend(link_problems(fm, rel, shown_path, exists, bodies))
        if meta is not None:
            result.problems.extend(_meta_warnings(meta, fm, shown_path, options))
            if language == "nl":
                result.problems.extend(_readability_warning(fm, shown_path, options))
    result.problems.extend(_translation_problems(result.guides, set(files), shown))
    result.problems.sort()
    return result


def _shown_prefix(docs_dir: Path) -> str:
    """Prefix that turns a docs-relative path into what the editor sees (e.g. 'docs/')."""
    try:
        return docs_dir.resolve().relative_to(Path.cwd().resolve()).as_posix().rstrip("/") + "/"
    except ValueError:
        return docs_dir.as_posix().rstrip("/") + "/"


def _reposition(problems: list[Problem], shown_path: str) -> list[Problem]:
    return [Problem(shown_path, p.line, p.level, p.rule, p.message) for p in problems]


def _meta_warnings(meta: GuideMeta, fm: FrontMatter, path: str,
                   options: CheckOptions) -> list[Problem]:
    if options.today - meta.reviewed > options.review_max_age:
        return [warning(path, fm.line("laatst_gecontroleerd"), "controle-verouderd",
                        f"laatst gecontroleerd op {meta.reviewed}: langer dan 12 maanden geleden; "
                        "lees de gids na en pas de datum aan")]
    return []


def _readability_warning(fm: FrontMatter, path: str, options: CheckOptions) -> list[Problem]:
    score = readability.measure(fm.body)
    if score.words < READABILITY_MIN_WORDS or score.flesch_douma >= options.readability_min:
        return []
    return [warning(path, fm.body_line, "leesbaarheid",
                    f"leesbaarheid {score.flesch_douma:.0f} (Flesch-Douma; "
                    f"B1 is {options.readability_min:.0f} of hoger): "
                    f"gemiddeld {score.words_per_sentence:.1f} woorden per zin; "
                    "maak zinnen en woorden korter")]


def _translation_problems(guides: dict[str, GuideMeta], files: set[str],
                          shown: str) -> list[Problem]:
    problems = []
    for rel in sorted(files):
        language = language_of(rel)
        if not re.search(r"\.(nl|en)\.md$", rel):
            problems.append(error(shown + rel, 1, "taal",
                                  "geef de taal aan in de bestandsnaam: naam.nl.md of naam.en.md"))
            continue
        other = base_path(rel)[: -len(".md")] + (".en.md" if language == "nl" else ".nl.md")
        if language == "nl" and other not in files:
            problems.append(warning(shown + rel, 1, "vertaling",
                                    f"Engelse vertaling ontbreekt ({other}); "
                                    "de Engelse site toont de Nederlandse tekst met een melding"))
        elif language == "en" and other not in files:
            problems.append(error(shown + rel, 1, "vertaling",
                                  f"Nederlandse versie ontbreekt ({other}): Nederlands komt eerst"))
        elif language == "nl" and rel in guides and other in guides:
            nl, en = guides[rel], guides[other]
            for key in ("kind", "regelingen", "situaties", "doelgroepen"):
                if getattr(nl, key) != getattr(en, key):
                    problems.append(warning(shown + other, 1, "vertaling-sleutels",
                                            f"'{key}' verschilt van de Nederlandse versie"))
    return problems


def check_repository(docs_dir: Path, taxonomy_path: Path, values_path: Path,
                     options: CheckOptions, *, gemeenten_path: Path = gemeenten.DEFAULT_PATH,
                     werkcafes_path: Path = werkcafes.DEFAULT_PATH,
                     demo_werkcafes_path: Path = werkcafes.DEMO_PATH) -> CheckResult:
    """Everything `make check` and the build check: taxonomy, values, every guide, the
    municipalities and the werkcafés (data/werkcafes.yml and the demo example)."""
    try:
        taxonomy = load_taxonomy(Path(taxonomy_path))
    except (TaxonomyError, OSError) as exc:
        return CheckResult([error(str(taxonomy_path), 1, "taxonomie", str(exc))])
    try:
        value_table = values.load_values(Path(values_path))
    except (values.ValuesError, OSError) as exc:
        return CheckResult([error(str(values_path), 1, "waarden", str(exc))])
    result = check_docs(docs_dir, taxonomy, value_table, options)
    result.problems.extend(values.expiry_problems(value_table, options.today,
                                                  _shown(Path(values_path))))
    result.problems.extend(local_data_problems(Path(gemeenten_path), Path(werkcafes_path),
                                               Path(demo_werkcafes_path), options.today))
    result.problems.sort()
    return result


def _shown(path: Path) -> str:
    return _shown_prefix(path.parent) + path.name


def local_data_problems(gemeenten_path: Path, werkcafes_path: Path, demo_path: Path,
                        today: dt.date) -> list[Problem]:
    """data/gemeenten.yml (and whether its date is current) and both werkcafé files."""
    shown = _shown(gemeenten_path)
    found, problems = gemeenten.read_gemeenten(gemeenten_path, shown)
    if found is None:
        return problems
    problems.extend(gemeenten.peildatum_problems(found, today, shown))
    problems.extend(werkcafes.check_werkcafes(werkcafes_path, demo_path, found, today,
                                              _shown(werkcafes_path), _shown(demo_path)))
    return problems
