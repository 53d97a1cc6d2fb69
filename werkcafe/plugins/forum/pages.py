"""Which pages the forum export becomes, per language, with their links resolved.

The plugin adds these as generated files (nothing is written into docs/). Paths are the
same in every language; the English build puts them under en/.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass

from werkcafe.plugins.forum import (
    feed,
    opendata,
    render,
    report,
    report_pages,
    report_text,
    tallies,
)
from werkcafe.plugins.forum.export import Export, Topic
from werkcafe.plugins.forum.render import PageSpec, e
from werkcafe.plugins.strings import strings
from werkcafe.taxonomy import Taxonomy

OVERVIEW = f"{render.SECTION}/index.md"
TALLIES = f"{render.SECTION}/cijfers.md"


@dataclass
class ForumSite:
    export: Export
    taxonomy: Taxonomy
    forum_url: str
    per_page: int
    guides: dict[tuple[str, str], str]  # (group, key) -> guide path, e.g. "situaties/keuring.md"
    site_url: str = ""  # mkdocs site_url: permanent URLs in the report and its feed

    def topics_with(self, group: str, key: str) -> list[Topic]:
        return [t for t in self.export.topics if key in t.keys(group)]

    def pages(self, language: str, link_for: Callable[[str], Callable[[str], str]]
              ) -> list[PageSpec]:
        """Every generated page for one language. link_for(page path) gives that page's
        link function (target path -> URL relative to the page)."""
        specs = [self._overview(language, link_for(OVERVIEW)),
                 tallies.page(self.export.tallies, self.taxonomy, language, link_for(TALLIES),
                              tuple(self.export.files))]
        context = self.report_context(language)
        specs += report_pages.pages(self.export.topics, context, link_for)
        specs.append(opendata.page(self.export.files, self.site_url, language,
                                   link_for(opendata.PATH)))
        t = strings(language)
        specs += self._indexes("alle", None, t["all_topics_title"], list(self.export.topics),
                               language, link_for)
        for group, kind in render.INDEX_GROUPS.items():
            for key, term in self.taxonomy.groups[group].items():
                topics = self.topics_with(group, key)
                if topics:
                    specs += self._indexes(kind, key, term.label(language), topics, language,
                                           link_for)
        for topic in self.export.topics:
            path = render.topic_path(topic)
            body = functools.partial(self._topic_html, topic, language, link_for(path))
            specs.append(PageSpec(path, topic.title, body, searched=True))
        return specs

    def report_context(self, language: str) -> report_pages.ReportContext:
        stamp = str(self.export.manifest.get("generated_at") or "")[:10]
        try:
            generated = dt.date.fromisoformat(stamp)
        except ValueError:
            generated = dt.date.today()
        tallies_data = self.export.tallies if isinstance(self.export.tallies, dict) else None
        return report_pages.ReportContext(
            tallies_data, language, generated, self.site_url,
            tuple(report.quarters(tallies_data)), report.latest(tallies_data, generated))

    def static_files(self, language: str) -> dict[str, str]:
        """Generated non-page files of one language (site path -> text): the Atom feed."""
        return {report_pages.FEED: feed.feed(self.export.topics, self.report_context(language))}

    def _topic_html(self, topic: Topic, language: str, link: Callable[[str], str]) -> str:
        """A topic page's HTML, its posts read from the export only now."""
        return render.topic_page(self.export.with_posts(topic), self.taxonomy, language, link,
                                 self.guides, self.forum_url).html

    def _indexes(self, kind: str, key: str | None, title: str, topics: list[Topic],
                 language: str, link_for: Callable[[str], Callable[[str], str]]
                 ) -> list[PageSpec]:
        t = strings(language)
        first = render.index_path(kind, key, 1)
        return render.paginated_index(kind, key, title, t["experiences_intro"], topics,
                                      self.per_page, language, link_for(first))

    def _overview(self, language: str, link: Callable[[str], str]) -> PageSpec:
        t = strings(language)
        parts = [f"<p>{t['experiences_intro']}</p>",
                 f'<p><a class="md-button md-button--primary" href="{e(self.forum_url)}" '
                 f'rel="nofollow">{t["forum_link"]}</a> '
                 f'<a class="md-button" href="{e(link(TALLIES))}">{t["tallies_title"]}</a> '
                 f'<a class="md-button" href="{e(link(report_pages.INDEX))}">'
                 f'{report_text.LABELS[language]["index_title"]}</a></p>']
        if self.export.empty:
            parts.append(f"<p>{t['no_experiences']}</p>")
        else:
            parts.append(f"<h2>{t['newest']}</h2>")
            parts.append(render.topic_list(self.export.topics[:10], language, link))
            parts.append(f'<p><a href="{e(link(render.index_path("alle", None, 1)))}">'
                         f'{t["all_experiences"]} ({len(self.export.topics)})</a></p>')
            for group, kind in render.INDEX_GROUPS.items():
                items = []
                for key, term in self.taxonomy.groups[group].items():
                    count = len(self.topics_with(group, key))
                    if count:
                        href = link(render.index_path(kind, key, 1))
                        items.append(f'<li><a href="{e(href)}">{e(term.label(language))}</a> '
                                     f"({count})</li>")
                heading = t["by_regeling"] if kind == "regeling" else t["by_situatie"]
                parts.append(f"<h2>{heading}</h2><ul>{''.join(items)}</ul>")
        title = t["experiences_title"]
        html = f"<h1>{e(title)}</h1>\n" + "\n".join(parts) + "\n"
        return PageSpec(OVERVIEW, title, html, in_nav=True)
