"""data/gemeenten.yml: the real list is complete and consistent, tags map both ways, hostile
tags place nothing, and every schema error names file and line."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from werkcafe.content.checker import CheckOptions, check_repository
from werkcafe.gemeenten import (
    PROVINCES,
    code_to_tag,
    load_gemeenten,
    parse_gemeenten,
    peildatum_problems,
    tag_to_code,
)
from werkcafe.taxonomy import REPO_ROOT

HEADER = """bron:
  titel: CBS
  url: https://www.cbs.nl/
  peildatum: 2026-01-01
  geraadpleegd: 2026-11-30
gemeenten:
"""


def entry(code: str = "GM0344", naam: str = "Utrecht", provincie: str = "Utrecht",
          slug: str = "utrecht") -> str:
    return f"  - {{code: {code}, naam: {naam}, provincie: {provincie}, slug: {slug}}}\n"


def problems_of(text: str) -> list[tuple[int, str]]:
    _, problems = parse_gemeenten(text, "g.yml")
    return [(p.line, p.message) for p in problems]


def test_real_list_has_342_municipalities_on_1_january_2026():
    gemeenten = load_gemeenten()
    assert len(gemeenten) == 342
    assert gemeenten.peildatum == dt.date(2026, 1, 1)
    assert {g.provincie for g in gemeenten} == set(PROVINCES)
    # Known counts per province after the mergers of 2022 and 2023.
    counts = {p: len(members) for p, members in gemeenten.by_province().items()}
    assert counts["Flevoland"] == 6 and counts["Groningen"] == 10 and counts["Zeeland"] == 13


@pytest.mark.parametrize(("code", "naam", "provincie"), [
    ("GM0363", "Amsterdam", "Noord-Holland"),
    ("GM0344", "Utrecht", "Utrecht"),
    ("GM0518", "'s-Gravenhage", "Zuid-Holland"),
    ("GM1992", "Voorne aan Zee", "Zuid-Holland"),  # 2023: Brielle, Hellevoetsluis, Westvoorne
    ("GM1980", "Dijk en Waard", "Noord-Holland"),  # 2022: Heerhugowaard, Langedijk
    ("GM1982", "Land van Cuijk", "Noord-Brabant"),
    ("GM1991", "Maashorst", "Noord-Brabant"),
    ("GM1961", "Vijfheerenlanden", "Utrecht"),
    ("GM1900", "Súdwest-Fryslân", "Fryslân"),
])
def test_known_codes(code, naam, provincie):
    gemeente = load_gemeenten().get(code)
    assert gemeente is not None and (gemeente.naam, gemeente.provincie) == (naam, provincie)


@pytest.mark.parametrize("gone", ["GM0457", "GM0501", "GM0530", "GM0614", "GM0398", "GM0416",
                                  "GM0370", "GM0856", "GM1685", "GM0756"])
def test_merged_municipalities_are_gone(gone):
    assert load_gemeenten().get(gone) is None


def test_slugs_are_ascii_and_follow_the_names():
    gemeenten = load_gemeenten()
    assert gemeenten.get("GM0796").slug == "s-hertogenbosch"
    assert gemeenten.get("GM1900").slug == "sudwest-fryslan"
    assert gemeenten.get("GM0373").slug == "bergen-nh"  # two municipalities called Bergen
    assert gemeenten.get("GM0893").slug == "bergen-l"
    assert gemeenten.get("GM0164").slug == "hengelo"  # the only Hengelo: suffix dropped
    for gemeente in gemeenten:
        assert gemeente.slug.isascii()
        plain = unicodedata.normalize("NFKD", gemeente.naam).encode("ascii", "ignore").decode()
        assert gemeente.slug.split("-")[0] in plain.lower().replace("'", "")


def test_tag_to_code_and_back():
    assert tag_to_code("gemeente-utrecht") == "GM0344"
    assert code_to_tag("GM0344") == "gemeente-utrecht"
    for gemeente in load_gemeenten():
        assert tag_to_code(code_to_tag(gemeente.code)) == gemeente.code


@pytest.mark.parametrize("tag", ["Gemeente-Utrecht", "gemeente-utrecht ", "utrecht",
                                 "gemeente-", "gemeente-atlantis", "gemeente-utrecht/../x",
                                 "", None, 42, ["gemeente-utrecht"]])
def test_hostile_or_unknown_tags_place_nothing(tag):
    assert tag_to_code(tag) is None


def test_a_topic_carries_one_municipality():
    gemeenten = load_gemeenten()
    assert gemeenten.classify_tags(["wmo", "gemeente-utrecht"]) == "GM0344"
    assert gemeenten.classify_tags(["gemeente-utrecht", "gemeente-utrecht"]) == "GM0344"
    assert gemeenten.classify_tags(["gemeente-utrecht", "gemeente-amsterdam"]) is None
    assert gemeenten.classify_tags(["wmo"]) is None


def test_valid_small_list():
    gemeenten, problems = parse_gemeenten(HEADER + entry(), "g.yml")
    assert problems == [] and gemeenten is not None and len(gemeenten) == 1


def test_duplicate_code_and_slug_name_both_lines():
    text = HEADER + entry() + entry(naam="Utrecht2")
    found = problems_of(text)
    assert (8, "code 'GM0344' staat er twee keer in (ook op regel 7)") in found
    assert (8, "slug 'utrecht' staat er twee keer in (ook op regel 7)") in found


@pytest.mark.parametrize(("bad", "message"), [
    (entry(code="GM344"), "'GM344' is geen CBS-code"),
    (entry(code="0344"), "code: moet tekst zijn"),
    (entry(provincie="Friesland"), "onbekende provincie 'Friesland'"),
    (entry(slug="Utrecht"), "slug 'Utrecht'"),
    ("  - {code: GM0344, naam: Utrecht, slug: utrecht}\n", "ontbreekt: provincie"),
    ("  - {code: GM0344, naam: U, provincie: Utrecht, slug: u, inwoners: 3}\n",
     "onbekend veld inwoners"),
])
def test_entry_errors_name_the_line(bad, message):
    found = problems_of(HEADER + entry(code="GM0363", slug="amsterdam") + bad)
    assert any(line == 8 and message in text for line, text in found), found


def test_source_errors():
    assert any("peildatum" in m for _, m in problems_of(
        HEADER.replace("peildatum: 2026-01-01", "peildatum: januari") + entry()))
    assert any("ontbreekt: url" in m for _, m in problems_of(
        HEADER.replace("  url: https://www.cbs.nl/\n", "") + entry()))


def test_peildatum_warning_from_1_january_of_the_next_year():
    gemeenten = load_gemeenten()
    assert peildatum_problems(gemeenten, dt.date(2026, 12, 31)) == []
    [problem] = peildatum_problems(gemeenten, dt.date(2027, 1, 1))
    assert problem.rule == "gemeenten-verouderd" and problem.level.value == "waarschuwing"
    assert problem.line == load_gemeenten().bron.line
    assert "1 januari 2027" in problem.message


def test_checker_reports_the_stale_list_and_a_broken_list(tmp_path):
    (tmp_path / "docs").mkdir()
    taxonomy, values = REPO_ROOT / "data" / "taxonomy.yml", REPO_ROOT / "data" / "waarden.yml"
    stale = check_repository(tmp_path / "docs", taxonomy, values,
                             CheckOptions(today=dt.date(2027, 3, 1)))
    assert [p.rule for p in stale.warnings if "gemeenten" in p.path] == ["gemeenten-verouderd"]
    broken = tmp_path / "gemeenten.yml"
    broken.write_text(HEADER + entry(code="GM34"), encoding="utf-8")
    result = check_repository(tmp_path / "docs", taxonomy, values,
                              CheckOptions(today=dt.date(2026, 11, 30)), gemeenten_path=broken)
    [problem] = result.errors
    assert problem.path.endswith("gemeenten.yml") and problem.line == 7
