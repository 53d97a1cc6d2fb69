"""The guide front matter schema and its validation.

Field names are Dutch because editors write them; messages are Dutch because editors read
them. CONTRIBUTING.md documents the same schema for people: keep the two in step.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from werkcafe.content.frontmatter import FrontMatter
from werkcafe.content.problems import Problem, error
from werkcafe.content.sources import Source, validate_sources
from werkcafe.taxonomy import Taxonomy

KINDS = ("regeling", "situatie", "brief", "pagina")
TITLE_MAX = 90
DESCRIPTION_MAX = 200

# field -> taxonomy group it draws keys from
TAXONOMY_FIELDS = {
    "regelingen": "regelingen",
    "situaties": "situaties",
    "doelgroepen": "doelgroepen",
}
EDITOR_FIELDS = {
    "title",
    "description",
    "soort",
    *TAXONOMY_FIELDS,
    "laatst_gecontroleerd",
    "redactie",
    "bronnen",
    "forum_tags",
}
# MkDocs / Material fields an editor may also use
KNOWN_FIELDS = EDITOR_FIELDS | {
    "hide",
    "search",
    "status",
    "template",
}


@dataclass(frozen=True)
class GuideMeta:
    path: str  # relative to docs/, e.g. "situaties/keuring.nl.md"
    language: str
    title: str
    description: str
    kind: str
    regelingen: tuple[str, ...]
    situaties: tuple[str, ...]
    doelgroepen: tuple[str, ...]
    reviewed: dt.date
    editors: tuple[str, ...]
    sources: tuple[Source, ...]
    forum_tags: tuple[str, ...]

    @property
    def newest_consulted(self) -> dt.date | None:
        """The last day a source was read (the header's 'gecontroleerd tegen N bronnen')."""
        dates = [s.consulted for s in self.sources if s.consulted is not None]
        return max(dates) if dates else None

    @property
    def base_path(self) -> str:
        """The path without language suffix, as links and the other language refer to it."""
        return base_path(self.path)


def base_path(path: str) -> str:
    """'situaties/keuring.nl.md' -> 'situaties/keuring.md'."""
    return re.sub(r"\.(nl|en)\.md$", ".md", path)


def language_of(path: str, default: str = "nl") -> str:
    match = re.search(r"\.(nl|en)\.md$", path)
    return match.group(1) if match else default


def _string_list(value: object) -> list[str] | None:
    if value is None:
        return []
    if isinstance(value, str):
        return None
    if isinstance(value, list) and all(isinstance(v, str | int) for v in value):
        return [str(v) for v in value]
    return None


def validate(
    fm: FrontMatter, path: str, taxonomy: Taxonomy, today: dt.date
) -> tuple[GuideMeta | None, list[Problem]]:
    """Check one file's front matter. Returns the parsed meta (None when unusable) and problems."""
    problems: list[Problem] = []
    data = fm.data

    def fail(key: str, message: str, line: int | None = None) -> None:
        problems.append(error(path, line or fm.line(key), "front-matter", message))

    for key in data:
        if key not in KNOWN_FIELDS:
            fail(key, f"onbekend veld '{key}': bekend zijn {', '.join(sorted(EDITOR_FIELDS))}")

    texts: dict[str, str] = {}
    for key, limit in (("title", TITLE_MAX), ("description", DESCRIPTION_MAX)):
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            fail(key, f"'{key}' ontbreekt of is leeg")
        elif len(value) > limit:
            fail(key, f"'{key}' is {len(value)} tekens; hoogstens {limit}")
        else:
            texts[key] = value.strip()

    kind = data.get("soort")
    if kind not in KINDS:
        fail("soort", f"'soort' moet een van {', '.join(KINDS)} zijn, niet {kind!r}")
        kind = None

    keys: dict[str, list[str]] = {}
    for key, group in TAXONOMY_FIELDS.items():
        values = _string_list(data.get(key))
        if values is None:
            fail(key, f"'{key}' moet een lijst zijn, bijvoorbeeld [{taxonomy.keys(group)[0]}]")
            continue
        allowed = set(taxonomy.keys(group))
        item_lines = fm.item_lines.get(key, [])
        for index, value in enumerate(values):
            if value not in allowed:
                line = item_lines[index] if index < len(item_lines) else fm.line(key)
                fail(
                    key,
                    f"{key}: '{value}' staat niet in data/taxonomy.yml "
                    f"(kies uit: {', '.join(sorted(allowed))})",
                    line,
                )
        keys[key] = values
    required_lists = {"regeling": ("regelingen", "doelgroepen"),
                      "situatie": ("regelingen", "situaties", "doelgroepen"),
                      "brief": ("regelingen", "doelgroepen")}.get(kind or "", ())
    for key in required_lists:
        if key in keys and not keys[key]:
            fail(key, f"'{key}' is verplicht bij soort '{kind}': noem er minstens één")

    reviewed = data.get("laatst_gecontroleerd")
    if isinstance(reviewed, dt.datetime):
        reviewed = reviewed.date()
    if not isinstance(reviewed, dt.date):
        fail("laatst_gecontroleerd", "'laatst_gecontroleerd' moet een datum zijn als 2026-11-24")
        reviewed = None
    elif reviewed > today:
        fail("laatst_gecontroleerd", f"'laatst_gecontroleerd' ({reviewed}) ligt in de toekomst")

    editors = _string_list(data.get("redactie"))
    if not editors:
        fail("redactie", "'redactie' moet een lijst met minstens één naam of initialen zijn")
        editors = []

    sources, unusable, source_problems = validate_sources(
        fm, path, kind in ("regeling", "situatie", "brief"), reviewed, today)
    problems.extend(unusable)

    forum_tags = _string_list(data.get("forum_tags"))
    if forum_tags is None:
        fail("forum_tags", "'forum_tags' moet een lijst zijn, bijvoorbeeld [keuring]")
        forum_tags = []

    if problems or kind is None or reviewed is None:
        return None, problems + source_problems
    meta = GuideMeta(
        path=path,
        language=language_of(path),
        title=texts["title"],
        description=texts["description"],
        kind=kind,
        regelingen=tuple(keys.get("regelingen", [])),
        situaties=tuple(keys.get("situaties", [])),
        doelgroepen=tuple(keys.get("doelgroepen", [])),
        reviewed=reviewed,
        editors=tuple(editors),
        sources=tuple(sources),
        forum_tags=tuple(forum_tags),
    )
    # A source without its date or quote is an error, but the guide stays usable for the
    # overviews and the header; the build stops on the error anyway.
    return meta, problems + source_problems
