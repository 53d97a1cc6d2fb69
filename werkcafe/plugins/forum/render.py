"""HTML for the forum pages: topics, indexes, related threads, forum links.

Pure functions of the export, the taxonomy and the language. The pages are HTML written
here, never Markdown: every string from the export passes through `safe` (escaped text,
re-sanitized post HTML), so nothing a forum member types is read as Markdown, attr_list,
HTML or a template (ARCHITECTURE.md, "Forum pages").
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from werkcafe.plugins.forum import herkenbaar, safe
from werkcafe.plugins.forum.export import Topic
from werkcafe.plugins.strings import format_date, strings
from werkcafe.taxonomy import Taxonomy

SECTION = "ervaringen"
# group in the export -> (URL part, taxonomy group) for the per-term index pages
INDEX_GROUPS = {"regelingen": "regeling", "situaties": "situatie"}

Link = Callable[[str], str]  # site path (e.g. "ervaringen/onderwerp/12/") -> relative URL


@dataclass(frozen=True)
class PageSpec:
    """A generated page: where it goes, its title (plain text) and its body (HTML).

    The plugin gives MkDocs a Markdown file with fixed front matter only and puts `html` in
    as the page content; `title` becomes page.title through safe.title. `body` is the HTML
    or a function that renders it: topic and listing pages are rendered when the page is
    written, so a build of tens of thousands of them never holds all their HTML at once."""

    path: str  # site-relative, without language prefix, e.g. "ervaringen/onderwerp/12.md"
    title: str
    body: str | Callable[[], str]
    in_nav: bool = False
    # Topic pages are indexed by Pagefind (filter bron=forum); listings only repeat titles,
    # and in search results they would push the guides down.
    searched: bool = False
    # Without Material's own script (overrides/light.html): a long list for old phones.
    light: bool = False

    @property
    def html(self) -> str:
        return self.body() if callable(self.body) else self.body


e = safe.text  # every string from the export is escaped on its way into HTML


def day(iso: str, language: str) -> str:
    return format_date(dt.date.fromisoformat(iso[:10]), language)


def topic_path(topic: Topic) -> str:
    return f"{SECTION}/onderwerp/{topic.id}.md"


def index_path(kind: str, key: str | None, page: int) -> str:
    base = f"{SECTION}/alle" if kind == "alle" else f"{SECTION}/{kind}/{key}"
    return f"{base}.md" if page == 1 else f"{base}-{page}.md"


def participant(letter: str, language: str) -> str:
    return f"{strings(language)['participant']} {letter}"


def term_links(topic: Topic, taxonomy: Taxonomy, language: str, link: Link,
               guides: dict[tuple[str, str], str]) -> str:
    """The thread's tags as links to the related guides (or to the tag's topic index)."""
    items = []
    for group in ("regelingen", "situaties", "instanties", "themas", "oordelen"):
        for key in topic.keys(group):
            if key not in taxonomy.groups[group]:
                continue
            label = e(taxonomy.label(group, key, language))
            target = guides.get((group, key))
            if target is None and group in INDEX_GROUPS:
                target = index_path(INDEX_GROUPS[group], key, 1)
            items.append(f'<li><a href="{e(link(target))}">{label}</a></li>' if target
                         else f"<li>{label}</li>")
    return f'<ul class="wc-topic-tags">{"".join(items)}</ul>' if items else ""


def topic_page(topic: Topic, taxonomy: Taxonomy, language: str, link: Link,
               guides: dict[tuple[str, str], str], forum_url: str) -> PageSpec:
    t = strings(language)
    posts = []
    for post in topic.posts:
        who = e(participant(post.participant, language))
        posts.append(
            f'<article class="wc-post" aria-labelledby="wc-post-{post.number}">'
            f'<header id="wc-post-{post.number}"><strong>{who}</strong> · '
            f'<time datetime="{e(post.created_at)}">{e(day(post.created_at, language))}</time>'
            f'</header>\n<div class="wc-post__body" lang="nl">{safe.post_html(post.html)}'
            f"</div></article>"
        )
    reply = (f'<p class="wc-reply"><a class="md-button md-button--primary" '
             f'href="{e(safe.topic_url(forum_url, topic.id))}" rel="nofollow">'
             f'{t["reply_on_forum"]}</a></p>')
    body = "\n".join([
        f'<h1 lang="nl">{safe.title(topic.title)}</h1>',  # titles are Dutch, as written
        f'<p class="wc-topic-intro">{t["topic_intro"]}</p>',
        term_links(topic, taxonomy, language, link, guides),
        herkenbaar.topic_block(topic.herkenbaar, forum_url, topic.id, language),
        reply,
        *posts,
        reply,
    ])
    return PageSpec(topic_path(topic), topic.title, body + "\n", searched=True)


def topic_list(topics: Iterable[Topic], language: str, link: Link) -> str:
    items = []
    for topic in topics:
        said = herkenbaar.recognised_text(topic.herkenbaar, language)
        items.append(
            f'<li><a href="{e(link(topic_path(topic)))}">{e(topic.title)}</a> '
            f'<span class="wc-topic-list__meta">· <time datetime="{e(topic.created_at[:10])}">'
            f'{e(day(topic.created_at, language))}</time> · {topic.post_count} '
            f'{strings(language)["posts"]}'
            + (f" · {e(said)}" if said else "")
            + "</span>"
            + (f"<br><span class=\"wc-topic-list__excerpt\" lang=\"nl\">{e(topic.excerpt)}</span>"
               if topic.excerpt else "")
            + "</li>"
        )
    return f'<ul class="wc-topic-list">{"".join(items)}</ul>' if items else ""


def paginated_index(kind: str, key: str | None, title: str, intro: str,
                    topics: Sequence[Topic], per_page: int, language: str,
                    link: Link) -> list[PageSpec]:
    """Newest first, `per_page` topics a page, with previous/next links."""
    t = strings(language)
    pages = max(1, math.ceil(len(topics) / per_page))
    specs = []
    for number in range(1, pages + 1):
        chunk = topics[(number - 1) * per_page: number * per_page]
        page_title = title if number == 1 else f"{title} ({t['page']} {number})"
        body = functools.partial(_index_html, kind, key, page_title, intro, chunk, number,
                                 pages, language, link)
        specs.append(PageSpec(index_path(kind, key, number), page_title, body))
    return specs


def _index_html(kind: str, key: str | None, page_title: str, intro: str,
                chunk: Sequence[Topic], number: int, pages: int, language: str,
                link: Link) -> str:
    t = strings(language)
    nav = []
    if number > 1:
        nav.append(f'<a href="{e(link(index_path(kind, key, number - 1)))}" '
                   f'rel="prev">{t["newer"]}</a>')
    nav.append(f"<span>{t['page']} {number} / {pages}</span>")
    if number < pages:
        nav.append(f'<a href="{e(link(index_path(kind, key, number + 1)))}" '
                   f'rel="next">{t["older"]}</a>')
    listing = topic_list(chunk, language, link) or f"<p>{t['no_experiences']}</p>"
    return (f"<h1>{safe.title(page_title)}</h1>\n"
            f"<p>{intro}</p>\n{listing}\n"
            f'<nav class="wc-pagination" aria-label="{t["pagination"]}">'
            f"{' '.join(nav)}</nav>\n")


def related_topics(topics: Sequence[Topic], regelingen: Sequence[str], situaties: Sequence[str],
                   forum_tags: Sequence[str], limit: int) -> list[Topic]:
    """Most recent threads that share the guide's situation (or tag), then its regulation.

    Topics are newest first already. A guide about a situation shows threads about that
    situation first; an overview of a regulation shows threads about that regulation.
    """
    def shares(topic: Topic, group: str, keys: Sequence[str]) -> bool:
        return bool(set(topic.keys(group)) & set(keys))

    specific = [t for t in topics if (situaties and shares(t, "situaties", situaties))
                or (forum_tags and shares(t, "situaties", forum_tags))]
    seen = {t.id for t in specific}
    general = [t for t in topics if t.id not in seen and shares(t, "regelingen", regelingen)]
    return (specific + general)[:limit]


def ask_url(forum_url: str, category: str, tags: Sequence[str], title: str,
            language: str) -> str:
    """Discourse opens its composer with these fields filled in (/new-topic?...)."""
    body = strings(language)["ask_body"].format(title=title)
    query = urlencode({"title": "", "body": body, "category": category, "tags": ",".join(tags)})
    return f"{forum_url.rstrip('/')}/new-topic?{query}"


def guide_block(related: Sequence[Topic], ask: str, all_link: str, language: str,
                link: Link, summary_html: str = "") -> str:
    """'Ervaringen van anderen' and 'Stel je vraag op het forum' under a guide."""
    t = strings(language)
    listing = topic_list(related, language, link) or f"<p>{t['no_experiences']}</p>"
    return (
        f'<section class="wc-related" aria-labelledby="wc-related-title">'
        f'<h2 id="wc-related-title">{t["related_title"]}</h2>'
        f"<p>{t['related_intro']}</p>{listing}"
        f'<p><a href="{e(all_link)}">{t["all_experiences"]}</a></p>'
        f"{summary_html}"
        f'<h2 id="wc-ask-title">{t["ask_title"]}</h2>'
        f"<p>{t['ask_intro']}</p>"
        f'<p><a class="md-button" href="{e(ask)}" rel="nofollow">{t["ask_button"]}</a></p>'
        f"</section>"
    )
