"""The shared taxonomy (data/taxonomy.yml): one list of terms for guides, forum sync and site.

Loading validates the file and fails with the file, the group and the key that is wrong, so an
editor who adds a term sees at once what to fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PATH = REPO_ROOT / "data" / "taxonomy.yml"

# Order matters: it is the order readers see groups in.
GROUPS: tuple[str, ...] = (
    "regelingen",
    "situaties",
    "instanties",
    "themas",
    "oordelen",
    "doelgroepen",
)
LANGUAGES: tuple[str, ...] = ("nl", "en")

_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class TaxonomyError(ValueError):
    """The taxonomy file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class Term:
    group: str
    key: str
    nl: str
    en: str
    forum_tag: str

    def label(self, language: str) -> str:
        return self.en if language == "en" else self.nl


@dataclass(frozen=True)
class Taxonomy:
    groups: dict[str, dict[str, Term]]

    def keys(self, group: str) -> list[str]:
        return list(self.groups[group])

    def term(self, group: str, key: str) -> Term:
        return self.groups[group][key]

    def label(self, group: str, key: str, language: str) -> str:
        return self.groups[group][key].label(language)

    def by_forum_tag(self) -> dict[str, list[Term]]:
        """Forum tag -> the terms it stands for (a tag is unique in the file, so one term)."""
        mapping: dict[str, list[Term]] = {}
        for terms in self.groups.values():
            for term in terms.values():
                mapping.setdefault(term.forum_tag, []).append(term)
        return mapping

    def classify_tags(self, tags: list[str]) -> dict[str, list[str]]:
        """Map forum tags to taxonomy keys per group, in taxonomy order; unknown tags ignored."""
        wanted = set(tags)
        return {
            group: [key for key, term in terms.items() if term.forum_tag in wanted]
            for group, terms in self.groups.items()
        }


def parse_taxonomy(data: object, source: str = "taxonomy.yml") -> Taxonomy:
    """Validate the loaded YAML and build a Taxonomy (pure: no file access)."""
    if not isinstance(data, dict):
        raise TaxonomyError(f"{source}: expected a mapping of groups at the top level")
    unknown = set(data) - set(GROUPS)
    if unknown:
        raise TaxonomyError(f"{source}: unknown group(s) {sorted(unknown)}; allowed: {GROUPS}")
    groups: dict[str, dict[str, Term]] = {}
    seen_tags: dict[str, str] = {}
    for group in GROUPS:
        entries = data.get(group)
        if not isinstance(entries, dict) or not entries:
            raise TaxonomyError(f"{source}: group '{group}' is missing or empty")
        terms: dict[str, Term] = {}
        for key, entry in entries.items():
            where = f"{source}: {group}.{key}"
            if not isinstance(key, str) or not _KEY.match(key):
                raise TaxonomyError(f"{where}: keys are lowercase words joined by hyphens")
            if not isinstance(entry, dict):
                raise TaxonomyError(f"{where}: expected nl, en and forum_tag")
            missing = [f for f in (*LANGUAGES, "forum_tag") if not entry.get(f)]
            if missing:
                raise TaxonomyError(f"{where}: missing {', '.join(missing)}")
            tag = str(entry["forum_tag"])
            if not _KEY.match(tag):
                raise TaxonomyError(f"{where}: forum_tag '{tag}' must be lowercase with hyphens")
            if tag in seen_tags:
                raise TaxonomyError(f"{where}: forum_tag '{tag}' is also used by {seen_tags[tag]}")
            seen_tags[tag] = f"{group}.{key}"
            terms[key] = Term(group, key, str(entry["nl"]), str(entry["en"]), tag)
        groups[group] = terms
    return Taxonomy(groups)


@cache
def load_taxonomy(path: Path = DEFAULT_PATH) -> Taxonomy:
    """Read and validate the taxonomy file (cached per path: it does not change during a run)."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise TaxonomyError(f"{path}: not valid YAML: {exc}") from exc
    return parse_taxonomy(data, str(path))
