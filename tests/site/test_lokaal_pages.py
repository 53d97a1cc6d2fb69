"""The local pages' pieces on small data: which pages exist, what they say, and escaping."""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import parse_qs, urlparse

from tests.site.htmlscan import problems
from werkcafe.gemeenten import load_gemeenten
from werkcafe.plugins.forum import local_html
from werkcafe.plugins.forum.export import Export, Topic
from werkcafe.plugins.forum.local import LocalSite, places, topic_gemeente
from werkcafe.werkcafes import Contact, Rol, Werkcafe

GEMEENTEN = load_gemeenten()
UTRECHT, AMSTERDAM, GRONINGEN = "GM0344", "GM0363", "GM0014"
FORUM = "https://forum.example"
GUIDES = {"bijstand": "regelingen/bijstand.md", "wmo": "regelingen/wmo.md",
          "tegenprestatie": "situaties/tegenprestatie.md"}


def topic(id_: int, gemeenten: list[str] | None, title: str = "Onderwerp",
          regelingen: tuple[str, ...] = ("bijstand",)) -> Topic:
    taxonomy = {"regelingen": regelingen, "situaties": ()}
    if gemeenten is not None:
        taxonomy["gemeenten"] = tuple(gemeenten)
    return Topic(id=id_, title=f"{title} {id_}", created_at=f"2026-0{1 + id_ % 9}-01T10:00:00Z",
                 last_posted_at="2026-09-01T10:00:00Z", post_count=3, excerpt="Kort.",
                 forum_url=f"{FORUM}/t/{id_}", category={}, experience=True,
                 taxonomy=taxonomy)


def werkcafe(**fields) -> Werkcafe:
    base = dict(naam="Werkcafé Test", gemeente=GRONINGEN, adres="Buurthuis, Straat 1",
                openingstijden="Dinsdag 10.00 uur", contact=Contact(email="a@example.org"),
                forum="gemeente-groningen", mensen=(Rol("vrijwilliger", 2),),
                laatst_gecontroleerd=dt.date(2026, 11, 30))
    return Werkcafe(**{**base, **fields})


TOPICS = (topic(1, [UTRECHT]), topic(2, [UTRECHT]), topic(3, [AMSTERDAM]),
          topic(4, [UTRECHT, AMSTERDAM]), topic(5, ["GM9999"]), topic(6, None),
          topic(7, ["<b>x</b>"]), topic(8, [UTRECHT.lower()]))


def site(werkcafes=(), topics=TOPICS, tallies=None) -> LocalSite:
    return LocalSite(GEMEENTEN, list(werkcafes), Export({}, tuple(topics), tallies), FORUM,
                     "vragen")


def pages(local: LocalSite, language: str = "nl"):
    return {p.path: p for p in local.pages(language, lambda path: lambda target: target,
                                           GUIDES)}


def test_a_thread_is_placed_only_by_exactly_one_listed_code():
    assert [topic_gemeente(t, GEMEENTEN) for t in TOPICS] == [
        UTRECHT, UTRECHT, AMSTERDAM, None, None, None, None, None]
    by_code = places(GEMEENTEN, [], TOPICS)
    assert len(by_code) == 342
    assert [t.id for t in by_code[UTRECHT].topics] == [1, 2]
    assert [t.id for t in by_code[AMSTERDAM].topics] == [3]


def test_pages_are_built_only_where_there_is_a_werkcafe_or_a_thread():
    built = pages(site([werkcafe()]))
    assert sorted(built) == ["lokaal/amsterdam.md", "lokaal/groningen.md", "lokaal/index.md",
                             "lokaal/utrecht.md"]
    assert sorted(pages(site(topics=()))) == ["lokaal/index.md"]
    assert sorted(site([werkcafe()]).json_files()) == [
        "lokaal/amsterdam/ervaringen.json", "lokaal/groningen/ervaringen.json",
        "lokaal/utrecht/ervaringen.json"]


def test_an_old_export_without_the_field_builds_only_werkcafe_pages():
    old = [topic(i, None) for i in range(1, 6)]
    assert sorted(pages(site([werkcafe()], old))) == ["lokaal/groningen.md", "lokaal/index.md"]


def test_the_index_lists_every_municipality_with_cafe_and_thread_count():
    index = pages(site([werkcafe()]))["lokaal/index.md"].html
    assert index.count("<li data-naam=") == 342
    assert index.count('<section class="wc-provincie"') == 12
    assert '<a href="lokaal/utrecht.md">Utrecht</a> <span class="wc-lokaal-meta">· geen ' \
           "werkcafé · 2 gesprekken</span>" in index
    assert '<a href="lokaal/groningen.md">Groningen</a> <span class="wc-lokaal-meta">· ' \
           "werkcafé · 0 gesprekken</span>" in index
    # the filter is hidden until lokaal.js shows it, and the script is a file
    assert '<form class="wc-lokaal-zoek" role="search" hidden>' in index
    assert problems(index) == []


def test_a_municipality_without_a_page_links_to_starting_one_and_a_prefilled_topic():
    index = pages(site())["lokaal/index.md"].html
    row = index[index.index('<li data-naam="aa en hunze">'):]
    row = row[:row.index("</li>")]
    assert "Aa en Hunze" in row and "<a href=\"lokaal/aa-en-hunze.md\"" not in row
    assert f'href="{local_html.START_GUIDE}"' in row
    href = row.split('rel="nofollow"')[0].rsplit('href="', 1)[1].split('"')[0]
    url = urlparse(href.replace("&amp;", "&"))
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{FORUM}/new-topic"
    assert parse_qs(url.query) == {"category": ["vragen"], "tags": ["gemeente-aa-en-hunze"]}


def test_the_search_key_folds_accents_like_the_script():
    assert local_html.search_key("Súdwest-Fryslân") == "sudwest-fryslan"
    assert local_html.search_key("'s-Hertogenbosch") == "'s-hertogenbosch"


def test_municipality_page_shows_cafe_threads_rules_and_praat_mee():
    html = pages(site([werkcafe(gemeente=UTRECHT, forum="gemeente-utrecht")]))[
        "lokaal/utrecht.md"].html
    assert "Werkcafé Test" in html and "Buurthuis, Straat 1" in html
    assert 'href="mailto:a@example.org"' in html
    assert "Onderwerp 1" in html and "Onderwerp 2" in html and "Onderwerp 3" not in html
    for path in GUIDES.values():
        assert f'href="{path}"' in html
    assert "Elke gemeente heeft daarvoor eigen regels" in html
    assert "new-topic?category=vragen&amp;tags=gemeente-utrecht" in html
    assert "Voorbeeld" not in html  # a real entry is not labelled as an example


def test_the_demo_example_is_labelled_as_an_example_in_both_languages():
    example = werkcafe(voorbeeld=True)
    assert "Dit werkcafé is verzonnen" in pages(site([example]))["lokaal/groningen.md"].html
    assert "This werkcafé is made up" in pages(site([example]), "en")[
        "lokaal/groningen.md"].html


HOSTILE = '"><script>alert(1)</script><img src=x onerror=alert(2)>{{ waarde("x") }}'


def test_hostile_werkcafe_fields_are_escaped():
    evil = werkcafe(naam=HOSTILE, adres=HOSTILE, openingstijden=HOSTILE,
                    contact=Contact(email=HOSTILE, telefoon=HOSTILE),
                    website="javascript:alert(1)", forum=HOSTILE)
    for language in ("nl", "en"):
        html = pages(site([evil]), language)["lokaal/groningen.md"].html
        assert problems(html) == []
        assert "<script>alert" not in html and "<img" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "javascript:" not in html  # only an https:// website is linked


def test_hostile_thread_titles_are_escaped_on_index_page_and_in_json():
    evil = topic(9, [UTRECHT], title="<script>alert(1)</script>")
    local = site(topics=[evil])
    html = pages(local)["lokaal/utrecht.md"].html
    assert problems(html) == [] and "&lt;script&gt;" in html
    data = json.loads(local.json_files()["lokaal/utrecht/ervaringen.json"])
    assert data["topics"][0]["titel"] == "<script>alert(1)</script> 9"  # text, for textContent


TALLIES = {"threshold": 5, "suppressed_display": {"below": "<5", "complementary": "≥5"},
           "labels": {"oordeel": {"negatief": {"nl": "Negatief", "en": "Negative"}}},
           "tables": {"gemeente": {"rows": [
               {"kwartaal": "2026-Q3", "gemeente": UTRECHT, "oordeel": "negatief", "count": 7,
                "display": "7"},
               {"kwartaal": "2026-Q3", "gemeente": UTRECHT, "oordeel": "positief",
                "count": None, "display": "<5"},
               {"kwartaal": "2026-Q3", "gemeente": UTRECHT, "oordeel": "gemengd",
                "count": None, "display": "≥5"},
               {"kwartaal": "2026-Q3", "gemeente": UTRECHT, "oordeel": "onbekend",
                "count": None, "display": "<img src=x onerror=alert(1)>"},
               {"kwartaal": "2026-Q3", "gemeente": AMSTERDAM, "oordeel": "negatief",
                "count": 99, "display": "99"}]}}}


def test_local_tallies_show_the_exports_display_and_nothing_recomputed():
    html = pages(site(tallies=TALLIES))["lokaal/utrecht.md"].html
    cells = {c.split(">", 1)[0]: c.split(">", 1)[1].split("</td>")[0]
             for c in html.split('<td data-oordeel="')[1:]}
    assert cells == {'positief"': "&lt;5", 'gemengd"': "≥5", 'negatief"': "7",
                     'onbekend"': "&lt;img src=x onerror=alert(1)&gt;"}
    assert "99" not in html  # Amsterdam's row stays on Amsterdam's page
    assert problems(html) == []


def test_the_suppression_note_is_a_paragraph_not_escaped_tags():
    html = pages(site(tallies=TALLIES))["lokaal/utrecht.md"].html
    assert "<p>Een aantal onder de 5 (ook 0) tonen we als “&lt;5”" in html
    assert "&lt;p&gt;" not in html


def test_missing_or_malformed_tallies_show_no_numbers():
    for tallies in (None, {}, {"tables": []}, {"tables": {"gemeente": {"rows": [
            {"gemeente": UTRECHT}, "x", None]}}}, {"tables": {"gemeente": []}},
                   {"tables": {"gemeente": {"rows": {"x": 1}}}}):
        html = pages(site(tallies=tallies))["lokaal/utrecht.md"].html
        assert 'data-table="gemeente"' not in html


def test_the_guide_filter_is_hidden_without_javascript_and_carries_only_keys():
    html = local_html.guide_filter(["bijstand"], ["tegenprestatie"], "nl", "../../", "../../",
                                   "../../assets/werkcafe/lokaal.js", "../../lokaal/")
    assert html.startswith('<div class="wc-local-filter" hidden ')
    assert 'data-wc-regelingen="bijstand"' in html and 'data-wc-situaties="tegenprestatie"' in html
    assert problems(html) == []
