"""Lokale werkcafés on the site: which municipality pages exist and what goes on them.

Pure: the municipalities (data/gemeenten.yml), the werkcafés (data/werkcafes.yml) and the
forum export in; page specs (HTML written by `local_html`, escaped by construction) and the
small JSON files the guide filter reads out. The plugin adds them as generated files.

A municipality gets its own page (/lokaal/<slug>/) only when it has a werkcafé or at least
one published thread. The export is read defensively: a topic's `taxonomy.gemeenten` counts
only when it names exactly one CBS code that is in data/gemeenten.yml; an old export without
the field places nothing, and missing tally tables show no numbers.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.utils import get_relative_url

from werkcafe.gemeenten import Gemeente, Gemeenten, GemeentenError, load_gemeenten
from werkcafe.plugins.forum import local_html, safe
from werkcafe.plugins.forum.export import Export, Topic
from werkcafe.plugins.forum.local_html import INDEX, SECTION, json_path, page_path
from werkcafe.plugins.forum.render import PageSpec
from werkcafe.werkcafes import Werkcafe, WerkcafesError, load_werkcafes

# Guides the municipality page links, with what differs per municipality (local_html words it).
GUIDES = (("bijstand", "regelingen/bijstand.md"), ("wmo", "regelingen/wmo.md"),
          ("tegenprestatie", "situaties/tegenprestatie.md"))

Link = Callable[[str], str]


@dataclass(frozen=True)
class Place:
    """One municipality as the site shows it."""

    gemeente: Gemeente
    werkcafes: tuple[Werkcafe, ...] = ()
    topics: tuple[Topic, ...] = ()  # newest first

    @property
    def has_page(self) -> bool:
        return bool(self.werkcafes or self.topics)


def topic_gemeente(topic: Topic, gemeenten: Gemeenten) -> str | None:
    """The one listed municipality a thread is placed in, or None (missing, several, unknown)."""
    codes = topic.keys("gemeenten")
    if len(codes) != 1:
        return None
    return codes[0] if codes[0] in gemeenten else None


def places(gemeenten: Gemeenten, werkcafes: Sequence[Werkcafe], topics: Sequence[Topic]
           ) -> dict[str, Place]:
    """CBS code -> Place, for every municipality (in CBS order)."""
    cafes: dict[str, list[Werkcafe]] = {}
    for werkcafe in werkcafes:
        cafes.setdefault(werkcafe.gemeente, []).append(werkcafe)
    threads: dict[str, list[Topic]] = {}
    for topic in topics:
        code = topic_gemeente(topic, gemeenten)
        if code:
            threads.setdefault(code, []).append(topic)
    return {g.code: Place(g, tuple(cafes.get(g.code, ())), tuple(threads.get(g.code, ())))
            for g in gemeenten}


@dataclass
class LocalSite:
    gemeenten: Gemeenten
    werkcafes: Sequence[Werkcafe]
    export: Export
    forum_url: str
    ask_category: str

    def __post_init__(self) -> None:
        self.places = places(self.gemeenten, self.werkcafes, self.export.topics)

    @property
    def tallies(self) -> dict[str, Any]:
        return self.export.tallies if isinstance(self.export.tallies, dict) else {}

    def with_page(self) -> list[Place]:
        return [p for p in self.places.values() if p.has_page]

    def pages(self, language: str, link_for: Callable[[str], Link],
              guides: dict[str, str]) -> list[PageSpec]:
        """/lokaal/ and one page per municipality with content, in one language.
        `guides`: guide key of GUIDES -> path of a guide that exists in this build."""
        specs = [local_html.index_page(INDEX, self.gemeenten, self.places, language,
                                       link_for(INDEX), self.forum_url, self.ask_category)]
        places = self.with_page()
        # Every municipality page sits at lokaal/<slug>/ and links only outside its own
        # folder, so one page's relative links are every page's: resolve each target once
        # (the lookups are most of this module's share of the build).
        shared = _cached(link_for(page_path(places[0].gemeente))) if places else None
        rows = local_html.rows_by_gemeente(self.tallies)  # once, not a scan per page
        for place in places:
            assert shared is not None
            specs.append(local_html.place_page(page_path(place.gemeente), place, self.tallies,
                                               language, shared, self.forum_url,
                                               self.ask_category, guides, rows))
        return specs

    def guides_in(self, files: Files) -> dict[str, str]:
        """The guides of GUIDES that exist in this build (key -> path)."""
        return {key: path for key, path in GUIDES if files.get_file_from_path(path)}

    def guide_filter(self, guide: dict[str, Any], language: str, page_url: str,
                     prefix: str) -> str:
        """The 'in jouw gemeente' choice under a guide's forum block."""
        def up(target: str) -> str:
            return get_relative_url(target, page_url)

        return local_html.guide_filter(
            guide.get("regeling_keys") or (), guide.get("situatie_keys") or (), language,
            lang_root=up(prefix or "./"), site_root=up("./"), script=up(local_html.SCRIPT),
            lokaal=up(prefix + f"{SECTION}/"))

    def json_files(self) -> dict[str, str]:
        """path -> JSON text: a municipality's threads for the guide filter (titles, dates and
        taxonomy keys of published threads, as on its page; the script writes them as text)."""
        result = {}
        for place in self.with_page():
            topics = [{"id": t.id, "titel": safe.clean(t.title), "datum": t.created_at[:10],
                       "regelingen": list(t.keys("regelingen")),
                       "situaties": list(t.keys("situaties"))} for t in place.topics]
            text = json.dumps({"gemeente": place.gemeente.code, "topics": topics},
                              ensure_ascii=False)
            # No raw markup characters: the file stays inert if a host serves it as HTML or
            # someone inlines it in a <script>; JSON.parse gives the same strings back.
            result[json_path(place.gemeente)] = (
                text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
        return result


def _cached(link: Link) -> Link:
    known: dict[str, str] = {}

    def cached(target: str) -> str:
        if target not in known:
            known[target] = link(target)
        return known[target]

    return cached


def load_local(export: Export, forum_url: str, ask_category: str) -> LocalSite:
    """The municipalities and werkcafés of this build (the demo example only when asked,
    see werkcafe.werkcafes). A broken data file stops the build: nothing is published half."""
    try:
        gemeenten = load_gemeenten()
        werkcafes = load_werkcafes(gemeenten=gemeenten)
    except (GemeentenError, WerkcafesError) as exc:
        raise PluginError(f"werkcafe/forum: {exc}") from exc
    return LocalSite(gemeenten, werkcafes, export, forum_url, ask_category)
