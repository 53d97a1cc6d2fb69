"""`werkcafe/forum`: the anonymized forum export in the site.

Topic pages, topic indexes and the tally page are generated files (nothing is written into
docs/), added per language after mkdocs-static-i18n has sorted the editors' files. Their
Markdown is fixed front matter only: no forum text is ever read as Markdown or a template.
The HTML that render and tallies wrote (escaped by construction, see `safe`) becomes the
page content in on_page_content, and the title becomes page.title as escaped Markup. Under
each guide it puts related threads and a link that opens a new topic on the forum. Thin
hooks; ForumSite, render and tallies do the work. Public MkDocs events only.

Municipality pages (/lokaal/<slug>/) are the exception to "one MkDocs page each": MkDocs
renders one per language with markers, and the others are written from its output
(local_fill.py, switch `lokaal_fill`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url, write_file

from forum_sync.config import ConfigError, load_config
from werkcafe.plugins import i18n
from werkcafe.plugins.forum import local_fill, local_html, render, safe, tallies
from werkcafe.plugins.forum.config import ForumConfig
from werkcafe.plugins.forum.export import DOWNLOADS, ExportError, load_export
from werkcafe.plugins.forum.local import LocalSite, load_local
from werkcafe.plugins.forum.pages import ForumSite
from werkcafe.plugins.forum.render import PageSpec
from werkcafe.taxonomy import load_taxonomy

log = logging.getLogger("mkdocs.plugins.werkcafe.forum")
# The whole Markdown source of a generated page: constant front matter, no forum text.
FRONT_MATTER = {
    True: "---\nbron: forum\n---\n",  # topic pages: indexed, Pagefind filter bron=forum
    False: "---\nsearch:\n  exclude: true\n---\n",  # listings and tallies: not indexed
}
# A light page (PageSpec.light) is a listing rendered with overrides/light.html.
LIGHT_FRONT_MATTER = "---\nsearch:\n  exclude: true\ntemplate: light.html\n---\n"


@dataclass
class Fill:
    """This language's municipality pages, written from one of them (local_fill.py)."""

    shell: str  # src_uri of the page MkDocs renders
    pages: list[tuple[PageSpec, File]]  # every municipality page, the shell's too
    markers: local_fill.Markers
    canonical_base: str | None = None  # site URL as the shell's canonical URL starts
    written: bool = False


def site_url_of(path: str) -> str:
    """'ervaringen/onderwerp/12.md' -> 'ervaringen/onderwerp/12/' (directory URLs)."""
    stem = path.removesuffix(".md")
    if stem.endswith("index"):
        return stem.removesuffix("index")
    return stem + "/" if path.endswith(".md") else path


class ForumPlugin(BasePlugin[ForumConfig]):
    def __init__(self) -> None:
        self.site: ForumSite | None = None
        self.local: LocalSite | None = None  # /lokaal/ (local.py), None when switched off
        self.generated: set[str] = set()  # URLs of generated pages in the current build
        self.specs: dict[str, PageSpec] = {}  # src_uri -> page, in the current build
        self.fill: Fill | None = None  # municipality pages of the current language

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not self.config.enabled or i18n.is_nested_build(config):
            return config
        base = Path(config.config_file_path or ".").resolve().parent
        try:
            forum = load_config(base / self.config.forum_config)
        except ConfigError as exc:
            raise PluginError(f"werkcafe/forum: {exc}") from exc
        export_dir = Path(self.config.export_dir) if self.config.export_dir else forum.export_dir
        export_dir = export_dir if export_dir.is_absolute() else base / export_dir
        try:
            export = load_export(export_dir)
        except ExportError as exc:
            raise PluginError(f"werkcafe/forum: the forum export is broken: {exc}") from exc
        if export.empty:
            log.info("no forum export in %s: the site says there are no experiences yet",
                     export_dir)
        self.site = ForumSite(export, load_taxonomy(), self.config.forum_url or forum.forum_url,
                              self.config.per_page, self._guides(config), config.site_url or "")
        if self.config.lokaal:
            self.local = load_local(export, self.site.forum_url, self.config.ask_category)
        return config

    def _guides(self, config: MkDocsConfig) -> dict[tuple[str, str], str]:
        """(group, key) -> the guide a thread's tag links to."""
        guides_plugin = config.plugins.get("werkcafe/guides")
        catalog = getattr(guides_plugin, "catalog", None)
        result: dict[tuple[str, str], str] = {}
        if catalog is None:
            return result
        for entry in catalog.entries("nl"):
            meta = entry.meta
            if meta.kind == "regeling" and meta.regelingen:
                result.setdefault(("regelingen", meta.regelingen[0]), meta.base_path)
            if meta.kind == "situatie":
                for key in meta.situaties:
                    result.setdefault(("situaties", key), meta.base_path)
        return result

    @event_priority(-150)  # after i18n (-100) has chosen this language's files
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if not self.config.enabled or self.site is None:
            return files
        language = i18n.current_language(config)
        prefix = "" if language == i18n.default_language(config) else f"{language}/"

        def link_for(page_path: str):
            page_url = prefix + site_url_of(page_path)

            def link(target: str) -> str:
                if target.startswith(local_html.ROOT_FILES):  # once, not per language
                    return get_relative_url(target, page_url)
                if target.startswith((f"{render.SECTION}/", f"{local_html.SECTION}/")):
                    # downloads exist once, in the default language's folder
                    own = target if target.endswith(DOWNLOADS) else prefix + site_url_of(target)
                    return get_relative_url(own, page_url)
                if target.startswith("assets/"):  # theme assets exist once, at the root
                    return get_relative_url(target, page_url)
                found = files.get_file_from_path(target)
                return get_relative_url(found.url, page_url) if found else target

            return link

        self.generated = set()
        self.specs = {}
        self.fill = None
        specs = self.site.pages(language, link_for)
        if self.local is not None:
            local_specs = self.local.pages(language, link_for, self.local.guides_in(files))
            if self.config.lokaal_fill:
                local_specs = self._plan_fill(local_specs, config, prefix)
            specs += local_specs
        for spec in specs:
            file = _generated(config, spec, prefix)
            files.append(file)
            self.generated.add(file.url)
            self.specs[file.src_uri] = spec
        for path, content in self.site.static_files(language).items():
            file = File.generated(config, path, content=content)
            if prefix:
                file.dest_uri = prefix + file.dest_uri
            files.append(file)
        if not prefix:
            for name, path in self.site.export.files.items():
                files.append(File.generated(config, f"{render.SECTION}/{name}",
                                            abs_src_path=str(path)))
            for path, content in (self.local.json_files() if self.local else {}).items():
                files.append(File.generated(config, path, content=content))
        return files

    def _plan_fill(self, specs: list[PageSpec], config: MkDocsConfig, prefix: str
                   ) -> list[PageSpec]:
        """MkDocs gets /lokaal/ and the first municipality page (the shell); the others are
        written from the shell's output in on_post_page."""
        places = [spec for spec in specs if spec.path != local_html.INDEX]
        if not places:
            return specs
        self.fill = Fill(places[0].path, [(spec, _generated(config, spec, prefix))
                                          for spec in places], local_fill.Markers.new())
        return [spec for spec in specs if spec.path == local_html.INDEX] + places[:1]

    def _is_shell(self, page: Page) -> bool:
        return self.fill is not None and page.file.src_uri == self.fill.shell

    def _spec(self, page: Page) -> PageSpec | None:
        if page.file.generated_by != "werkcafe/forum":
            return None
        return self.specs.get(page.file.src_uri)

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        spec = self._spec(page)
        if spec is not None:
            # Escaped Markup: templates that print page.title raw print escaped text, and
            # `|e` leaves it as it is (overrides/main.html escapes the <title> itself).
            page.title = safe.title(spec.title)
        return markdown

    @event_priority(-100)  # last: the content is our HTML, whatever the Markdown became
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        # MkDocs keeps every page's content from reading until writing; a generated page
        # holds none until on_page_context renders it, and gives it up in on_post_page.
        return html if self._spec(page) is None else ""

    @event_priority(0)  # after i18n (50) has set the language switch for its own pages
    def on_page_context(self, context: dict[str, Any], *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> dict[str, Any]:
        if not self.config.enabled or self.site is None:
            return context
        spec = self._spec(page)
        if spec is not None:
            page.content = spec.html
        if page.url in self.generated:
            if self._is_shell(page):
                self._mark_shell(page, config)
            else:
                self._point_language_switch_here(page, config)
            return context
        view = context.get("wc") or {}
        guide = view.get("guide")
        if guide:
            context["wc_forum"] = Markup(self._guide_block(guide, page, config))
        return context

    @event_priority(-200)  # last: the shell's output as every other plugin left it
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if self._spec(page) is not None:
            page.content = ""  # written: release the HTML (see on_page_content)
            if self._is_shell(page):
                output = self._write_filled(output, config)
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.fill is not None and not self.fill.written:
            raise PluginError("werkcafe/forum: the municipality pages were not written "
                              f"({self.fill.shell} was not rendered)")

    def _mark_shell(self, page: Page, config: MkDocsConfig) -> None:
        """Markers where one municipality page differs from another (local_fill.py)."""
        assert self.fill is not None
        markers = self.fill.markers
        self._point_language_switch_here(page, config,
                                         elsewhere=f"{local_html.SECTION}/{markers.slug}/")
        if page.canonical_url:
            if not page.canonical_url.endswith(page.url):
                raise PluginError(f"werkcafe/forum: unexpected canonical URL "
                                  f"{page.canonical_url} for {page.url}")
            self.fill.canonical_base = page.canonical_url.removesuffix(page.url)
            page.canonical_url = markers.canonical
        page.title = Markup(markers.title)
        page.content = markers.content(page.content or "")

    def _write_filled(self, output: str, config: MkDocsConfig) -> str:
        """Every municipality page of this language from the shell's output; returns the
        shell's own page."""
        fill = self.fill
        assert fill is not None

        def values(spec: PageSpec, file: File) -> local_fill.Page:
            slug = file.src_uri.removeprefix(f"{local_html.SECTION}/").removesuffix(".md")
            canonical = (fill.canonical_base or "") + file.url
            return local_fill.Page(spec.title, canonical, slug, spec.html)

        alternates = getattr(config.extra, "alternate", None) or config.extra.get("alternate")
        others = local_fill.other_languages(alternates or [], i18n.current_language(config))
        try:
            shell = local_fill.cut(output, fill.markers, slugs=others,
                                   canonical=fill.canonical_base is not None,
                                   shell=values(*fill.pages[0]))
            own = output
            for spec, file in fill.pages:
                html = shell.fill(values(spec, file))
                if file.src_uri == fill.shell:
                    own = html
                else:
                    write_file(html.encode("utf-8", errors="xmlcharrefreplace"),
                               file.abs_dest_path)
        except local_fill.FillError as exc:
            raise PluginError(f"werkcafe/forum: {exc}") from exc
        fill.written = True
        return own

    def _point_language_switch_here(self, page: Page, config: MkDocsConfig,
                                    elsewhere: str | None = None) -> None:
        """Each language's link at this page in that language (`elsewhere`: the path used
        for the other languages instead)."""
        current = i18n.current_language(config)
        default = i18n.default_language(config)
        path = page.url.removeprefix(f"{current}/") if current != default else page.url
        # i18n sets `config.extra.alternate` as an attribute per page (which templates read
        # before the dict item), so read and write it the same way.
        current_list = getattr(config.extra, "alternate", None) or config.extra.get("alternate")
        alternates = []
        for alternate in current_list or []:
            language = alternate.get("lang")
            prefix = "" if language == default else f"{language}/"
            here = path if elsewhere is None or language == current else elsewhere
            alternates.append({**alternate, "link": prefix + here})
        config.extra.alternate = alternates

    def _guide_block(self, guide: dict[str, Any], page: Page, config: MkDocsConfig) -> str:
        assert self.site is not None
        language = i18n.current_language(config)
        prefix = "" if language == i18n.default_language(config) else f"{language}/"
        meta_tags = tuple(page.meta.get("forum_tags") or ())
        related = render.related_topics(self.site.export.topics, guide["regeling_keys"],
                                        guide["situatie_keys"], meta_tags, self.config.related)

        def link(target: str) -> str:
            return get_relative_url(prefix + site_url_of(target), page.url)

        taxonomy = self.site.taxonomy
        tags = [taxonomy.term("regelingen", k).forum_tag for k in guide["regeling_keys"]]
        tags += [taxonomy.term("situaties", k).forum_tag for k in guide["situatie_keys"]]
        ask = render.ask_url(self.site.forum_url, self.config.ask_category, tags,
                             page.title or "", language)
        summary = ""
        if guide["kind"] == "regeling" and guide["regeling_keys"]:
            summary = tallies.regeling_summary(self.site.export.tallies,
                                               guide["regeling_keys"][0], language,
                                               link(tallies.PATH))
        block = render.guide_block(related, ask,
                                   link(render.index_path("alle", None, 1)), language, link,
                                   summary)
        if self.local is None:
            return block
        return block + self.local.guide_filter(guide, language, page.url, prefix)


def _generated(config: MkDocsConfig, spec: PageSpec, prefix: str) -> File:
    """A generated page's File, in this language's folder."""
    inclusion = InclusionLevel.INCLUDED if spec.in_nav else InclusionLevel.NOT_IN_NAV
    content = LIGHT_FRONT_MATTER if spec.light else FRONT_MATTER[spec.searched]
    file = File.generated(config, spec.path, content=content, inclusion=inclusion)
    if prefix:
        file.dest_uri = prefix + file.dest_uri
    return file
