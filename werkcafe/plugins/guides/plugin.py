"""`werkcafe/guides`: the content model in the build.

Thin hooks; the work is done by the content checker (werkcafe.content), the Catalog (overview
blocks) and search.build_index. Every event here is a public MkDocs event.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from werkcafe.content.checker import CheckOptions, check_repository
from werkcafe.content.sources import Source
from werkcafe.content.values import Value, load_values, render_macros
from werkcafe.deadlines import blocks as deadline_blocks
from werkcafe.deadlines.rules import periods_from_values
from werkcafe.plugins import i18n
from werkcafe.plugins.guides import search
from werkcafe.plugins.guides.catalog import Catalog, expand_markers
from werkcafe.plugins.guides.config import GuidesConfig
from werkcafe.plugins.strings import format_date, strings
from werkcafe.taxonomy import load_taxonomy

log = logging.getLogger("mkdocs.plugins.werkcafe.guides")
TASK_CHECKBOX = re.compile(
    r'<label class="task-list-control"><input type="checkbox"[^>]*>'
    r'<span class="task-list-indicator"></span></label>'
)


def today() -> dt.date:
    """The day checks run for; WERKCAFE_TODAY pins it so a build is reproducible in tests."""
    pinned = os.environ.get("WERKCAFE_TODAY")
    return dt.date.fromisoformat(pinned) if pinned else dt.date.today()


class GuidesPlugin(BasePlugin[GuidesConfig]):
    def __init__(self) -> None:
        self.catalog: Catalog | None = None
        self.values: dict[str, Value] = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        if i18n.is_nested_build(config):
            # The root 404 page stays Dutch: later languages must not overwrite it.
            config.theme.static_templates.discard("404.html")
            return config
        config.theme.static_templates.add("404.html")
        # Checked once per build (not once per language): the files are the same.
        result = check_repository(
            Path(config.docs_dir),
            Path(self.config.taxonomy),
            Path(self.config.values),
            CheckOptions(today=today(), readability_min=self.config.readability_min),
        )
        if self.config.check:
            for problem in result.warnings:
                log.warning(str(problem))
            if result.errors:
                raise PluginError(
                    "De inhoud heeft fouten; los ze op en bouw opnieuw:\n"
                    + "\n".join(str(p) for p in result.errors)
                )
        self.catalog = Catalog(result.guides, load_taxonomy(Path(self.config.taxonomy)))
        self.values = load_values(Path(self.config.values))
        return config

    @event_priority(-200)  # after i18n has built this language's navigation
    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        if not self.config.enabled:
            return nav
        catalog = self.catalog

        def title_of(page: Page) -> str | None:
            # Titles are read from the Markdown only later; the catalog knows them already.
            meta = catalog.meta_for(page.file.src_uri) if catalog else None
            return meta.title if meta else None

        nav.items = _ordered(nav.items, self.config.nav_order, title_of)
        pages = nav.pages
        if i18n.current_language(config) != i18n.default_language(config):
            # Untranslated Dutch pages are still built for this language (with a notice) and
            # reachable through links, but they do not belong in its navigation.
            nav.items = _without_fallbacks(nav.items, config)
            pages = [p for p in pages if not i18n.is_fallback(p, config)]
        for index, page in enumerate(pages):
            page.previous_page = pages[index - 1] if index else None
            page.next_page = pages[index + 1] if index + 1 < len(pages) else None
        nav.pages = pages
        return nav

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        if not self.config.enabled or self.catalog is None:
            return markdown
        language = i18n.page_language(page, config)
        try:
            markdown = render_macros(markdown, language, self.values)
        except ValueError as exc:
            raise PluginError(f"{page.file.src_uri}: {exc}") from exc

        def url_for(base_path: str) -> str:
            target = files.get_file_from_path(base_path)
            return get_relative_url(target.url, page.url) if target else base_path

        markdown = expand_markers(markdown, self.catalog, language, page.file.src_uri, url_for)
        meta = self.catalog.meta_for(page.file.src_uri)
        markdown = self._deadlines(markdown, language, page, url_for, meta, config)
        if meta is not None:
            build_language = i18n.current_language(config)
            page.meta["tags"] = [
                self.catalog.taxonomy.label(group, key, build_language)
                for group, keys in (("regelingen", meta.regelingen),
                                    ("situaties", meta.situaties))
                for key in keys
            ]
        return markdown

    def _deadlines(self, markdown: str, language: str, page: Page,
                   url_for: Callable[[str], str], meta: Any, config: MkDocsConfig) -> str:
        """The deadline calculator's markers, and its link block under the linked guides."""
        if meta is not None and deadline_blocks.wants_link_block(meta.kind, meta.base_path):
            markdown += deadline_blocks.link_block(language, meta.base_path)

        def read_guide(base: str) -> str:
            # The guide in this page's language, else the Dutch original.
            for suffix in (f".{language}.md", ".nl.md"):
                path = Path(config.docs_dir) / (base.removesuffix(".md") + suffix)
                if path.exists():
                    return render_macros(path.read_text(encoding="utf-8"), language, self.values)
            raise ValueError(f"gids {base} bestaat niet")

        try:
            return deadline_blocks.expand(
                markdown, language, periods_from_values(self.values)
                if "werkcafe:termijn" in markdown else {}, today(), url_for,
                lambda asset: get_relative_url(asset, page.url), read_guide,
                meta.base_path if meta is not None else page.file.src_uri)
        except ValueError as exc:
            raise PluginError(f"{page.file.src_uri}: {exc}") from exc

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        if not self.config.enabled:
            return html
        # Checklist items are for ticking on paper: a drawn box, not a form field without a
        # label (which screen readers would announce as an unnamed, disabled checkbox).
        return TASK_CHECKBOX.sub('<span class="wc-box" aria-hidden="true"></span>', html)

    def on_page_context(self, context: dict[str, Any], *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> dict[str, Any]:
        if not self.config.enabled or self.catalog is None:
            return context
        build_language = i18n.current_language(config)
        content_language = i18n.page_language(page, config)
        t = strings(build_language)
        view: dict[str, Any] = {
            "t": t,
            "language": build_language,
            "content_language": content_language,
            "fallback": content_language != build_language,
            "guide": None,
        }
        meta = self.catalog.meta_for(page.file.src_uri)
        if meta is not None and meta.kind != "pagina":
            taxonomy = self.catalog.taxonomy
            view["guide"] = {
                "kind": meta.kind,
                "regelingen": [taxonomy.label("regelingen", k, build_language)
                               for k in meta.regelingen],
                "situaties": [taxonomy.label("situaties", k, build_language)
                              for k in meta.situaties],
                "reviewed": format_date(meta.reviewed, build_language),
                "reviewed_iso": meta.reviewed.isoformat(),
                "editors": list(meta.editors),
                "sources": [_source_view(s, build_language) for s in meta.sources],
                "regeling_keys": list(meta.regelingen),
                "situatie_keys": list(meta.situaties),
            }
        context["wc"] = view
        return context

    @event_priority(-200)  # after i18n (-100) has run the builds of the other languages
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled or not self.config.search or i18n.is_nested_build(config):
            return
        log.info(search.build_index(Path(config.site_dir)))


def _source_view(source: Source, language: str) -> dict[str, str]:
    """What the header and the source list show of one source (the template escapes it)."""
    return {
        "title": source.title,
        "url": source.url,
        "consulted": format_date(source.consulted, language) if source.consulted else "",
        "consulted_iso": source.consulted.isoformat() if source.consulted else "",
        "quote": source.quote,
    }


def _nav_key(item: Any) -> str:
    """'regelingen' for the regelingen folder, 'voor-wie' for voor-wie.nl.md."""
    if isinstance(item, Section):
        first = next((c for c in item.children if isinstance(c, Page)), None)
        return first.file.src_uri.split("/", 1)[0] if first else item.title.lower()
    if isinstance(item, Page):
        return item.file.src_uri.split("/", 1)[0].split(".", 1)[0]
    return ""


def _ordered(items: list[Any], order: list[str],
             title_of: Callable[[Page], str | None]) -> list[Any]:
    """Top-level items in the configured order; a section is named after its index page."""
    for item in items:
        if isinstance(item, Section):
            index = next((c for c in item.children
                          if isinstance(c, Page) and c.file.name == "index"), None)
            title = title_of(index) if index is not None else None
            if title:
                item.title = title
    rank = {key: position for position, key in enumerate(order)}
    return sorted(items, key=lambda item: rank.get(_nav_key(item), len(rank)))


def _without_fallbacks(items: list[Any], config: MkDocsConfig) -> list[Any]:
    kept = []
    for item in items:
        if isinstance(item, Page) and i18n.is_fallback(item, config):
            continue
        if isinstance(item, Section):
            item.children = _without_fallbacks(item.children, config)
            if not item.children:
                continue
        kept.append(item)
    return kept

