"""local_fill on its own: the shell's output cut at its markers and filled, escaping as the
template does, and a shell the module does not understand stopping the build."""

from __future__ import annotations

import jinja2
import pytest

from forum_sync.testing.injection import TAG_PAYLOADS, TEXT_PAYLOADS
from werkcafe.plugins.forum import local_fill, safe
from werkcafe.plugins.forum.local_fill import FillError, Markers, Page

MARKERS = Markers.new()
SHELL = Page("In de gemeente Groningen", "https://werkcafe.example/lokaal/groningen/",
             "groningen", "<h1>In de gemeente Groningen</h1>")
# What a template makes of the markers: title, canonical link, a link to the other language
# and the content, around text that is the same on every page.
TEMPLATE = ('<html lang="nl"><head><link rel="canonical" href="{canonical}">'
            "<title>{title} - Werkcafé</title></head><body><nav>menu</nav>"
            '<a href="../../en/lokaal/{slug}/" hreflang="en">EN</a>'
            '<div class="wc-body">{content}</div></body></html>')


def output(markers: Markers = MARKERS, **changed: str) -> str:
    values = {"title": markers.title, "canonical": markers.canonical, "slug": markers.slug,
              "content": markers.content(SHELL.html), **changed}
    return TEMPLATE.format(**values)


def test_a_page_is_the_shell_with_its_own_values():
    shell = local_fill.cut(output(), MARKERS, slugs=1, canonical=True, shell=SHELL)
    page = Page("In de gemeente Utrecht", "https://werkcafe.example/lokaal/utrecht/", "utrecht",
                "<h1>In de gemeente Utrecht</h1><p>inhoud</p>")
    assert shell.fill(page) == TEMPLATE.format(
        title="In de gemeente Utrecht", canonical="https://werkcafe.example/lokaal/utrecht/",
        slug="utrecht", content="<h1>In de gemeente Utrecht</h1><p>inhoud</p>")
    assert shell.fill(SHELL) == TEMPLATE.format(
        title=SHELL.title, canonical=SHELL.canonical, slug=SHELL.slug, content=SHELL.html)


@pytest.mark.parametrize("payload", TEXT_PAYLOADS + TAG_PAYLOADS)
def test_the_title_is_escaped_exactly_as_the_template_prints_page_title(payload):
    """overrides/main.html prints `page.title | striptags | e`, page.title = safe.title(...)."""
    template = jinja2.Environment().from_string("{{ title | striptags | e }}")
    expected = template.render(title=safe.title(payload))
    assert local_fill.title_html(payload) == expected
    shell = local_fill.cut(output(), MARKERS, slugs=1, canonical=True, shell=SHELL)
    filled = shell.fill(Page(payload, "https://werkcafe.example/lokaal/utrecht/", "utrecht",
                             "<p>x</p>"))
    title = filled.split("<title>", 1)[1].split(" - Werkcafé</title>", 1)[0]
    assert title == expected
    assert "<" not in title and '"' not in title


def test_a_value_holding_a_marker_is_not_filled_again():
    """Values are joined in once: a title or content that spells a marker stays text."""
    shell = local_fill.cut(output(), MARKERS, slugs=1, canonical=True, shell=SHELL)
    sneaky = Page(MARKERS.canonical, "https://werkcafe.example/lokaal/utrecht/", "utrecht",
                  f"<p>{MARKERS.title}</p>{MARKERS.begin}")
    filled = shell.fill(sneaky)
    assert f"<title>{MARKERS.canonical} - " in filled
    assert f"<p>{MARKERS.title}</p>{MARKERS.begin}</div>" in filled
    assert 'href="https://werkcafe.example/lokaal/utrecht/"' in filled


def test_the_markers_are_new_in_every_build():
    assert Markers.new().token != Markers.new().token


@pytest.mark.parametrize("changed", [
    {"title": "Vaste titel"},  # the template no longer prints page.title
    {"canonical": ""},
    {"content": "<p>geen markers</p>"},
    {"slug": "groningen"},  # the language switch lost the slug marker
])
def test_a_marker_missing_from_the_output_stops_the_build(changed):
    with pytest.raises(FillError, match="markers"):
        local_fill.cut(output(**changed), MARKERS, slugs=1, canonical=True, shell=SHELL)


def test_a_marker_printed_twice_stops_the_build():
    twice = output().replace("</head>", f'<meta property="og:title" '
                                        f'content="{MARKERS.title}"></head>')
    with pytest.raises(FillError, match="markers"):
        local_fill.cut(twice, MARKERS, slugs=1, canonical=True, shell=SHELL)


def test_a_changed_marker_stops_the_build():
    changed = output(slug=MARKERS.slug.upper())
    with pytest.raises(FillError):
        local_fill.cut(changed, MARKERS, slugs=0, canonical=True, shell=SHELL)


def test_the_shells_own_title_or_url_outside_a_slot_stops_the_build():
    """A template printing the title some other way would put the shell's on every page."""
    leaked = output().replace("<nav>", f"<nav>{SHELL.title}")
    with pytest.raises(FillError, match="still in"):
        local_fill.cut(leaked, MARKERS, slugs=1, canonical=True, shell=SHELL)
    leaked = output().replace("<nav>", '<nav><a href="../../lokaal/groningen/">NL</a>')
    with pytest.raises(FillError, match="still in"):
        local_fill.cut(leaked, MARKERS, slugs=1, canonical=True, shell=SHELL)


def test_only_a_slug_goes_into_a_link():
    shell = local_fill.cut(output(), MARKERS, slugs=1, canonical=True, shell=SHELL)
    for bad in ('x" onmouseover="alert(1)', "../../etc", "Utrecht", ""):
        with pytest.raises(FillError, match="slug"):
            shell.fill(Page("t", "https://werkcafe.example/lokaal/x/", bad, "<p>x</p>"))


def test_the_canonical_url_is_escaped_as_the_template_does():
    shell = local_fill.cut(output(), MARKERS, slugs=1, canonical=True, shell=SHELL)
    filled = shell.fill(Page("t", 'https://werkcafe.example/"&<', "utrecht", ""))
    assert 'href="https://werkcafe.example/&#34;&amp;&lt;"' in filled


def test_other_languages_counts_the_links_that_carry_the_slug():
    alternates = [{"lang": "nl", "link": "lokaal/x/"}, {"lang": "en", "link": "en/lokaal/x/"}]
    assert local_fill.other_languages(alternates, "nl") == 1
    assert local_fill.other_languages(alternates[:1], "nl") == 0
