"""A review date means something: each source has the day it was read and its sentence.

Every rule here names file and line, and each test breaks one thing in an otherwise valid guide.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.content.conftest import body, meta, render
from werkcafe.content.checker import CheckOptions, check_repository
from werkcafe.content.values import Period, ValuesError, load_values, parse_values
from werkcafe.taxonomy import REPO_ROOT

NL = "situaties/keuring.nl.md"
READ = dt.date(2026, 11, 1)


def source(**overrides: object) -> dict[str, object]:
    item: dict[str, object] = {"titel": "UWV", "url": "https://www.uwv.nl/",
                               "geraadpleegd": READ,
                               "citaat": "Wij nodigen u uit voor een gesprek."}
    item.update(overrides)
    return {k: v for k, v in item.items() if v is not None}


def write_guide(docs: Path, *sources: dict[str, object], **overrides: object) -> str:
    text = render(meta(bronnen=list(sources), **overrides), body("nl"))
    (docs / NL).write_text(text, encoding="utf-8")
    return text


def line_of(text: str, needle: str, nth: int = 1) -> int:
    hits = [i for i, line in enumerate(text.split("\n"), start=1) if needle in line]
    return hits[nth - 1]


def nl_errors(check) -> list:
    return [p for p in check().errors if p.path.endswith(NL)]


def test_source_without_geraadpleegd_names_the_source_line(docs, check):
    text = write_guide(docs, source(), source(titel="Rijksoverheid", geraadpleegd=None))
    [problem] = nl_errors(check)
    assert problem.rule == "bron" and "bron 2: 'geraadpleegd' ontbreekt" in problem.message
    assert problem.line == line_of(text, "titel: Rijksoverheid")


def test_source_without_citaat_or_with_a_placeholder(docs, check):
    write_guide(docs, source(citaat=None))
    assert [p.rule for p in nl_errors(check)] == ["bron"]
    text = write_guide(docs, source(citaat="TODO: zin uit de bron"))
    [problem] = nl_errors(check)
    assert "'citaat' ontbreekt" in problem.message
    assert problem.line == line_of(text, "citaat: 'TODO")


def test_geraadpleegd_in_the_future_or_not_a_date(docs, check):
    text = write_guide(docs, source(geraadpleegd=dt.date(2026, 12, 1)),
                       laatst_gecontroleerd=dt.date(2026, 11, 1))
    [problem] = nl_errors(check)
    assert "ligt in de toekomst" in problem.message
    assert problem.line == line_of(text, "geraadpleegd: 2026-12-01")
    write_guide(docs, source(geraadpleegd="vorige week"))
    assert any("moet een datum zijn" in p.message for p in nl_errors(check))


def test_review_later_than_the_newest_source_read_is_refused(docs, check):
    text = write_guide(docs, source(geraadpleegd=dt.date(2026, 10, 1)),
                       source(titel="Awb", geraadpleegd=dt.date(2026, 10, 20)),
                       laatst_gecontroleerd=dt.date(2026, 11, 1))
    [problem] = nl_errors(check)
    assert problem.rule == "controle-datum"
    assert problem.line == line_of(text, "laatst_gecontroleerd:")
    assert "2026-11-01" in problem.message and "2026-10-20" in problem.message


def test_review_on_the_day_of_the_newest_source_is_fine(docs, check):
    write_guide(docs, source(geraadpleegd=dt.date(2026, 9, 1)),
                source(titel="Awb", geraadpleegd=READ), laatst_gecontroleerd=READ)
    assert nl_errors(check) == []


def test_unknown_field_in_a_source(docs, check):
    text = write_guide(docs, source(datum=READ))
    [problem] = nl_errors(check)
    assert "onbekend veld 'datum'" in problem.message
    assert problem.line == line_of(text, "datum:")


def test_source_url_must_be_https(docs, check):
    write_guide(docs, source(url="http://www.uwv.nl/"))
    assert any("is geen URL (begin met https://)" in p.message for p in nl_errors(check))


def test_guide_with_an_incomplete_source_stays_in_the_overviews(docs, check):
    write_guide(docs, source(citaat=None))
    result = check()
    assert NL in result.guides and result.guides[NL].sources[0].consulted == READ


def test_sources_reach_the_guide_meta_with_date_and_quote(check):
    guide = check().guides[NL]
    assert guide.sources[0].quote == "Wij nodigen u uit voor een gesprek met de verzekeringsarts."
    assert guide.newest_consulted == READ


VALUE = ("bezwaartermijn:\n  nl: zes weken\n  en: six weeks\n"
         "  bron: https://wetten.overheid.nl/\n{extra}"
         "  geldig_van: 1994-01-01\n  geldig_tot: 2027-12-31\n  gecontroleerd: 2026-11-30\n")
CITAAT = "  citaat: De termijn bedraagt zes weken.\n"


def test_value_without_citaat_is_an_error_with_file_and_line(tmp_path):
    values = tmp_path / "waarden.yml"
    values.write_text("# waarden\n\n" + VALUE.format(extra=""), encoding="utf-8")
    (tmp_path / "docs").mkdir()
    result = check_repository(tmp_path / "docs", REPO_ROOT / "data" / "taxonomy.yml", values,
                              CheckOptions(today=dt.date(2026, 11, 30)))
    [problem] = result.errors
    assert "waarden.yml:3: bezwaartermijn" in problem.message and "citaat" in problem.message


def test_periode_is_read_into_the_value():
    [value] = parse_values(VALUE.format(extra=CITAAT + "  periode: {weken: 6}\n")).values()
    assert value.period == Period("weken", 6) and value.period.as_dict() == {"weken": 6}
    assert value.quote == "De termijn bedraagt zes weken."
    [value] = parse_values(VALUE.format(extra=CITAAT)).values()
    assert value.period is None


@pytest.mark.parametrize("periode", ["6", "{weken: 6, dagen: 2}", "{jaren: 1}", "{weken: 0}",
                                     "{weken: -2}", "{weken: zes}", "{weken: 1.5}",
                                     "{weken: true}", "{}"])
def test_malformed_periode_is_refused(periode):
    with pytest.raises(ValuesError, match=r"data/waarden\.yml:1: bezwaartermijn: 'periode'"):
        parse_values(VALUE.format(extra=CITAAT + f"  periode: {periode}\n"))


DEADLINES = {
    "bezwaartermijn": {"weken": 6}, "beroepstermijn": {"weken": 6},
    "bezwaartermijn-ziektewet-hersteld": {"weken": 2},
    "beslistermijn-bezwaar": {"weken": 6}, "beslistermijn-bezwaar-adviescommissie": {"weken": 12},
    "verlenging-beslistermijn-bezwaar": {"weken": 6},
    "beslistermijn-bezwaar-uwv": {"weken": 13}, "beslistermijn-bezwaar-uwv-medisch": {"weken": 17},
    "ingebrekestelling-termijn": {"weken": 2}, "wia-aanvraag-week": {"weken": 93},
    "wia-aanvraag-brief-week": {"weken": 88}, "ww-aanvraag-termijn": {"weken": 1},
    "ww-aanvraag-vanaf": {"weken": 4}, "postverzending-termijn": {"weken": 1},
    "beslistermijn-aanvraag": {"weken": 8},
}


def test_real_values_have_a_quote_and_the_deadlines_a_period():
    table = load_values()
    assert all(v.quote for v in table.values())
    assert {k: table[k].period.as_dict() for k in DEADLINES} == DEADLINES
    assert table["dwangsom-bedragen"].period is None and "€ 23" in table["dwangsom-bedragen"].nl
