"""data/werkcafes.yml: each schema rule fires on a bad entry with file and line, production
ships empty, and the demo example is merged only when asked."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from werkcafe.content.checker import CheckOptions, check_repository
from werkcafe.gemeenten import load_gemeenten
from werkcafe.taxonomy import REPO_ROOT
from werkcafe.werkcafes import (
    DEMO_ENV,
    DEMO_PATH,
    WerkcafesError,
    demo_requested,
    load_werkcafes,
    parse_werkcafes,
)

TODAY = dt.date(2026, 11, 30)


def cafe(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "naam": "Werkcafé Oost",
        "gemeente": "GM0344",
        "adres": "Buurthuis, Straat 1, Utrecht",
        "openingstijden": "Elke dinsdag van 10.00 tot 12.00 uur",
        "contact": {"email": "werkcafe@example.org"},
        "forum": "gemeente-utrecht",
        "mensen": [{"rol": "ervaringsdeskundige", "aantal": 2}, {"rol": "vrijwilliger"}],
        "laatst_gecontroleerd": dt.date(2026, 11, 1),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def text_of(*entries: dict[str, object]) -> str:
    return yaml.safe_dump({"werkcafes": list(entries)}, allow_unicode=True, sort_keys=False)


def check(text: str, demo: bool = False):
    return parse_werkcafes(text, "data/werkcafes.yml", load_gemeenten(), TODAY, demo)


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def only_problem(text: str, demo: bool = False):
    found, problems = check(text, demo)
    assert len(problems) == 1, [str(p) for p in problems]
    assert found == [] or len(found) < text.count("- naam")
    return problems[0]


def test_valid_entry():
    [werkcafe], problems = check(text_of(cafe(website="https://www.example.org/werkcafe")))
    assert problems == []
    assert werkcafe.gemeente == "GM0344" and werkcafe.line == 2
    assert [r.label("en") for r in werkcafe.mensen] == ["experience expert", "volunteer"]
    assert werkcafe.website == "https://www.example.org/werkcafe" and not werkcafe.voorbeeld


def test_empty_file_and_empty_list_are_fine():
    assert check("") == ([], [])
    assert check("# alleen uitleg\nwerkcafes: []\n") == ([], [])


def test_unknown_field_names_its_line():
    text = text_of(cafe(beheerder="Jan"))
    problem = only_problem(text)
    assert problem.line == line_of(text, "beheerder:")
    assert "onbekend veld 'beheerder'" in problem.message
    assert str(problem).startswith(f"data/werkcafes.yml:{problem.line}: fout:")


def test_missing_field():
    problem = only_problem(text_of(cafe(adres=None, forum=None)))
    assert problem.line == 2 and "ontbreekt: adres, forum" in problem.message


def test_unknown_cbs_code():
    text = text_of(cafe(gemeente="GM9999"))
    problem = only_problem(text)
    assert problem.line == line_of(text, "gemeente:")
    assert "onbekende CBS-code 'GM9999'" in problem.message


def test_a_name_instead_of_a_code_gets_the_code_suggested():
    problem = only_problem(text_of(cafe(gemeente="Utrecht")))
    assert "voor Utrecht: GM0344" in problem.message


@pytest.mark.parametrize("url", ["http://www.example.org/", "www.example.org", "https://"])
def test_bad_website(url):
    text = text_of(cafe(website=url))
    problem = only_problem(text)
    assert problem.line == line_of(text, "website:") and "https://" in problem.message


@pytest.mark.parametrize(("value", "message"), [
    ("30-11-2026", "moet een datum zijn"),
    (dt.date(2026, 12, 24), "ligt in de toekomst"),
])
def test_bad_date(value, message):
    text = text_of(cafe(laatst_gecontroleerd=value))
    problem = only_problem(text)
    assert problem.line == line_of(text, "laatst_gecontroleerd:") and message in problem.message


def test_duplicate_names_point_at_the_first():
    text = text_of(cafe(), cafe(naam="werkcafé  OOST", adres="Elders 2"))
    [_, second] = [i for i, line in enumerate(text.splitlines(), 1) if line.startswith("- naam")]
    problem = only_problem(text)
    assert problem.rule == "werkcafe-dubbel" and problem.line == second
    assert "data/werkcafes.yml:2" in problem.message


@pytest.mark.parametrize(("contact", "message"), [
    ({}, "ontbreekt: contact"),
    ({"email": "geen-adres"}, "geen e-mailadres"),
    ({"telefoon": "bel maar"}, "geen telefoonnummer"),
    ({"email": "a@example.org", "naam": "Jan"}, "onbekend veld 'naam'"),
])
def test_contact_rules(contact, message):
    assert message in only_problem(text_of(cafe(contact=contact))).message


def test_phone_of_the_location_is_fine():
    [werkcafe], problems = check(text_of(cafe(contact={"telefoon": "030 123 45 67"})))
    assert problems == [] and werkcafe.contact.telefoon == "030 123 45 67"


@pytest.mark.parametrize(("people", "message"), [
    ([{"rol": "ervaringsdeskundige", "naam": "Jan"}], "geen namen of contactgegevens"),
    ([{"rol": "voorzitter"}], "onbekende rol 'voorzitter'"),
    ([{"rol": "vrijwilliger", "aantal": 0}], "heel getal vanaf 1"),
    (["Jan"], "elk item heeft 'rol'"),
])
def test_people_are_roles_not_persons(people, message):
    text = text_of(cafe(mensen=people))
    problem = only_problem(text)
    assert message in problem.message and problem.line == line_of(text, "mensen:") + 1


def test_forum_must_be_a_slug():
    assert "kleine letters" in only_problem(text_of(cafe(forum="Gemeente Utrecht"))).message


def test_examples_stay_out_of_production_and_demo_entries_are_marked():
    assert "forum_sync/demo/werkcafes.yml" in only_problem(
        text_of(cafe(voorbeeld=True))).message
    assert "voorbeeld: true" in only_problem(text_of(cafe()), demo=True).message


def test_malformed_file():
    assert "geen geldige YAML" in only_problem("werkcafes:\n  - naam: [\n").message
    assert "'werkcafes:'" in only_problem("- naam: x\n").message


def test_production_ships_empty_and_demo_is_added_only_when_asked(monkeypatch):
    monkeypatch.delenv(DEMO_ENV, raising=False)
    assert load_werkcafes() == []
    assert load_werkcafes(include_demo=False) == []
    [example] = load_werkcafes(include_demo=True)
    assert example.voorbeeld and example.gemeente in load_gemeenten()
    monkeypatch.setenv(DEMO_ENV, "1")
    assert demo_requested() and load_werkcafes() == [example]
    assert load_werkcafes(include_demo=False) == []


def test_loader_refuses_a_broken_file(tmp_path):
    path = tmp_path / "werkcafes.yml"
    path.write_text(text_of(cafe(gemeente="GM9999")), encoding="utf-8")
    with pytest.raises(WerkcafesError, match="GM9999"):
        load_werkcafes(include_demo=False, path=path, today=TODAY)


def test_demo_name_clashing_with_a_real_werkcafe(tmp_path):
    [example] = load_werkcafes(include_demo=True)
    path = tmp_path / "werkcafes.yml"
    path.write_text(text_of(cafe(naam=example.naam)), encoding="utf-8")
    with pytest.raises(WerkcafesError, match="bestaat al"):
        load_werkcafes(include_demo=True, path=path, today=TODAY)


def test_checker_reports_werkcafe_errors_with_the_repo_path(tmp_path):
    (tmp_path / "docs").mkdir()
    bad = tmp_path / "werkcafes.yml"
    bad.write_text(text_of(cafe(website="ftp://x")), encoding="utf-8")
    result = check_repository(tmp_path / "docs", REPO_ROOT / "data" / "taxonomy.yml",
                              REPO_ROOT / "data" / "waarden.yml", CheckOptions(today=TODAY),
                              werkcafes_path=bad)
    [problem] = result.errors
    assert Path(problem.path).name == "werkcafes.yml" and problem.rule == "werkcafe"


def test_real_files_are_valid():
    result = check_repository(REPO_ROOT / "docs", REPO_ROOT / "data" / "taxonomy.yml",
                              REPO_ROOT / "data" / "waarden.yml", CheckOptions(today=TODAY))
    local = [p for p in result.problems if "werkcafes" in p.path or "gemeenten" in p.path]
    assert local == [], [str(p) for p in local]
    assert DEMO_PATH.is_file()
