"""Values that change (amounts, deadlines) live in data/waarden.yml with source and validity.

Guides write {{ waarde("key") }}; the build replaces it with the text in the page language and a
link to the source, and warns when a value's validity has run out.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from werkcafe.content.problems import Problem, error, warning
from werkcafe.taxonomy import REPO_ROOT

DEFAULT_PATH = REPO_ROOT / "data" / "waarden.yml"
MACRO = re.compile(r"""\{\{\s*waarde\(\s*["']([^"']+)["']\s*\)\s*\}\}""")
REQUIRED = ("nl", "en", "bron", "geldig_van", "geldig_tot", "gecontroleerd")


@dataclass(frozen=True)
class Value:
    key: str
    nl: str
    en: str
    source: str
    valid_from: dt.date
    valid_until: dt.date
    checked: dt.date
    line: int
    note: str = ""
    # `periode` ({weken: 6}), for deadlines: a stand-in until the foundation branch adds its
    # Period type under the same name (on merge, keep foundation's version of this file).
    period: object = None

    def text(self, language: str) -> str:
        return self.en if language == "en" else self.nl


class ValuesError(ValueError):
    pass


def parse_values(text: str, source: str = "data/waarden.yml") -> dict[str, Value]:
    """Parse the values file; raise ValuesError naming file, line and field."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ValuesError(f"{source}: geen geldige YAML: {exc}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise ValuesError(f"{source}:1: verwacht per waarde een blok 'sleutel:'")
    lines = {str(k.value): k.start_mark.line + 1 for k, _ in node.value}
    values: dict[str, Value] = {}
    for key, entry in data.items():
        line = lines.get(str(key), 1)
        where = f"{source}:{line}: {key}"
        if not isinstance(entry, dict):
            raise ValuesError(f"{where}: verwacht de velden {', '.join(REQUIRED)}")
        missing = [f for f in REQUIRED if entry.get(f) in (None, "")]
        if missing:
            raise ValuesError(f"{where}: ontbreekt: {', '.join(missing)}")
        dates = {}
        for field in ("geldig_van", "geldig_tot", "gecontroleerd"):
            if not isinstance(entry[field], dt.date):
                raise ValuesError(f"{where}: '{field}' moet een datum zijn (JJJJ-MM-DD)")
            dates[field] = entry[field]
        if not str(entry["bron"]).startswith("https://"):
            raise ValuesError(f"{where}: 'bron' moet een https-link naar de officiële bron zijn")
        values[str(key)] = Value(
            key=str(key),
            nl=str(entry["nl"]),
            en=str(entry["en"]),
            source=str(entry["bron"]),
            valid_from=dates["geldig_van"],
            valid_until=dates["geldig_tot"],
            checked=dates["gecontroleerd"],
            line=line,
            note=str(entry.get("toelichting", "")),
            period=entry.get("periode"),
        )
    return values


def load_values(path: Path = DEFAULT_PATH) -> dict[str, Value]:
    return parse_values(Path(path).read_text(encoding="utf-8"), _display(path))


def _display(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def expiry_problems(values: dict[str, Value], today: dt.date, source: str) -> list[Problem]:
    """A warning for every value whose validity has ended: an editor must check the source."""
    return [
        warning(
            source,
            value.line,
            "waarde-verlopen",
            f"waarde '{value.key}' was geldig tot {value.valid_until}; controleer {value.source} "
            "en pas de waarde en de datums aan",
        )
        for value in values.values()
        if value.valid_until < today
    ]


def macro_problems(body: str, body_line: int, path: str, values: dict[str, Value]) -> list[Problem]:
    problems = []
    for number, line in enumerate(body.split("\n"), start=body_line):
        for match in MACRO.finditer(line):
            if match.group(1) not in values:
                problems.append(
                    error(
                        path,
                        number,
                        "waarde-onbekend",
                        f"waarde '{match.group(1)}' staat niet in data/waarden.yml "
                        f"(bekend: {', '.join(sorted(values))})",
                    )
                )
    return problems


def render_macros(markdown: str, language: str, values: dict[str, Value]) -> str:
    """Replace each macro by its text with a link to the source (unknown keys raise)."""

    def replace(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in values:
            raise ValuesError(f"waarde '{key}' staat niet in data/waarden.yml")
        value = values[key]
        label = "Bron" if language != "en" else "Source"
        title = html.escape(f"{label}: {value.note or value.source}", quote=True)
        return (
            f'<a class="wc-waarde" href="{html.escape(value.source, quote=True)}" '
            f'title="{title}">{html.escape(value.text(language))}</a>'
        )

    return MACRO.sub(replace, markdown)
