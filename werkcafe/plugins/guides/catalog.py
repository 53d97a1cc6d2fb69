"""The guide catalog: every guide's metadata, and the overview blocks built from it.

Overview pages (start page, matrix, "voor wie") contain a marker such as
`<!-- werkcafe:matrix -->` that is replaced at build time, so the overviews always list
every guide and an editor never has to update them by hand.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass

from werkcafe.content.schema import GuideMeta
from werkcafe.plugins.strings import strings
from werkcafe.taxonomy import Taxonomy

MARKER = re.compile(r"<!--\s*werkcafe:([a-z-]+)\s*-->")

# docs-relative source path (without language suffix) -> URL relative to the current page.
# Raw HTML is not rewritten by MkDocs, so HTML blocks need final URLs from the build.
UrlFor = Callable[[str], str]


@dataclass(frozen=True)
class Entry:
    """A guide as shown in one language (its own translation, or the Dutch text as fallback)."""

    meta: GuideMeta
    fallback: bool


class Catalog:
    def __init__(self, guides: dict[str, GuideMeta], taxonomy: Taxonomy) -> None:
        self.guides = guides
        self.taxonomy = taxonomy

    def entries(self, language: str, kind: str | None = None) -> list[Entry]:
        """One entry per guide, in its language when translated, sorted by title."""
        by_base: dict[str, Entry] = {}
        for meta in self.guides.values():
            if kind is not None and meta.kind != kind:
                continue
            current = by_base.get(meta.base_path)
            if meta.language == language:
                by_base[meta.base_path] = Entry(meta, fallback=False)
            elif current is None and meta.language == "nl":
                by_base[meta.base_path] = Entry(meta, fallback=True)
        return sorted(by_base.values(), key=lambda e: e.meta.title.casefold())

    def meta_for(self, src_path: str) -> GuideMeta | None:
        return self.guides.get(src_path)

    # -- overview blocks -------------------------------------------------------------------

    def render(self, name: str, language: str, page_src: str, url_for: UrlFor) -> str | None:
        if name == "matrix":
            return self._matrix(language, url_for)
        renderers = {
            "wegwijzer": self._wegwijzer,
            "doelgroepen": self._audiences,
            "brieven": lambda lang, src: self._list(self.entries(lang, "brief"), lang, src),
        }
        renderer = renderers.get(name)
        return renderer(language, page_src) if renderer else None

    def _link(self, entry: Entry, language: str, page_src: str) -> str:
        target = posixpath.relpath(entry.meta.base_path, posixpath.dirname(page_src) or ".")
        note = f" ({strings(language)['dutch_only']})" if entry.fallback else ""
        return f"[{_md_escape(entry.meta.title)}]({target}){note}"

    def _list(self, entries: list[Entry], language: str, page_src: str) -> str:
        if not entries:
            return f"*{strings(language)['no_guides']}*\n"
        return "\n".join(f"- {self._link(e, language, page_src)}" for e in entries) + "\n"

    def _wegwijzer(self, language: str, page_src: str) -> str:
        t = strings(language)
        audience_page = posixpath.relpath("voor-wie.md", posixpath.dirname(page_src) or ".")
        audiences = "\n".join(
            f"- [{_md_escape(term.label(language))}]({audience_page}#{key})"
            for key, term in self.taxonomy.groups["doelgroepen"].items()
        )
        return "\n".join([
            f"## {t['choose_regeling']}\n",
            self._list(self.entries(language, "regeling"), language, page_src),
            f"## {t['choose_situatie']}\n",
            self._list(self.entries(language, "situatie"), language, page_src),
            f"## {t['choose_doelgroep']}\n",
            audiences + "\n",
        ])

    def _audiences(self, language: str, page_src: str) -> str:
        blocks = []
        entries = [e for e in self.entries(language) if e.meta.kind != "pagina"]
        for key, term in self.taxonomy.groups["doelgroepen"].items():
            matching = [e for e in entries if key in e.meta.doelgroepen]
            blocks.append(f"## {_md_escape(term.label(language))} {{#{key}}}\n")
            blocks.append(self._list(matching, language, page_src))
        return "\n".join(blocks)

    def _matrix(self, language: str, url_for: UrlFor) -> str:
        """Regulations as columns, situations as rows; every guide is linked somewhere."""
        t = strings(language)
        regelingen = self.taxonomy.groups["regelingen"]
        situations = self.entries(language, "situatie")
        overviews = {e.meta.regelingen[0]: e for e in self.entries(language, "regeling")
                     if e.meta.regelingen}
        letters = self.entries(language, "brief")

        def href(entry: Entry) -> str:
            return url_for(entry.meta.base_path)

        def cell_link(entry: Entry, context: str) -> str:
            hidden = html.escape(f": {entry.meta.title} ({context})")
            return (f'<a href="{html.escape(href(entry))}">{t["guide"]}'
                    f'<span class="wc-sr-only">{hidden}</span></a>')

        head = [f'<th scope="col">{t["matrix_corner"]}</th>']
        for key, term in regelingen.items():
            label = html.escape(term.label(language))
            if key in overviews:
                label = f'<a href="{html.escape(href(overviews[key]))}">{label}</a>'
            head.append(f'<th scope="col">{label}</th>')
        rows = []
        for key, term in self.taxonomy.groups["situaties"].items():
            cells = [f'<th scope="row">{html.escape(term.label(language))}</th>']
            for reg_key, reg_term in regelingen.items():
                found = [e for e in situations
                         if key in e.meta.situaties and reg_key in e.meta.regelingen]
                cells.append("<td>" + " ".join(cell_link(e, reg_term.label(language))
                                               for e in found) + "</td>")
            rows.append("<tr>" + "".join(cells) + "</tr>")
        letter_cells = [f'<th scope="row">{t["letters"]}</th>']
        for reg_key in regelingen:
            found = [e for e in letters if reg_key in e.meta.regelingen]
            letter_cells.append("<td>" + "<br>".join(
                f'<a href="{html.escape(href(e))}">{html.escape(e.meta.title)}</a>'
                for e in found) + "</td>")
        rows.append("<tr>" + "".join(letter_cells) + "</tr>")
        return (
            '<div class="wc-matrix" markdown="0"><table>'
            f"<caption>{t['matrix_caption']}</caption>"
            f"<thead><tr>{''.join(head)}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div>\n"
        )


def _md_escape(text: str) -> str:
    return re.sub(r"([\[\]*_`<>])", r"\\\1", text)


def expand_markers(markdown: str, catalog: Catalog, language: str, page_src: str,
                   url_for: UrlFor) -> str:
    def replace(match: re.Match[str]) -> str:
        rendered = catalog.render(match.group(1), language, page_src, url_for)
        return match.group(0) if rendered is None else rendered

    return MARKER.sub(replace, markdown)
