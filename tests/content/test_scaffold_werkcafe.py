"""`make new-werkcafe`: the entry it appends passes the checker, keeps the file's comments,
and a bad answer changes nothing."""

from __future__ import annotations

import builtins
import datetime as dt
import shutil

import pytest

from werkcafe.content import scaffold_werkcafe as scaffold
from werkcafe.gemeenten import load_gemeenten
from werkcafe.werkcafes import DEFAULT_PATH, load_werkcafes

TODAY = dt.date.today()


@pytest.fixture
def target(tmp_path):
    path = tmp_path / "werkcafes.yml"
    shutil.copy(DEFAULT_PATH, path)  # the real, empty file with its comments
    return path


def args(path, **overrides: str) -> list[str]:
    options = {"naam": "Werkcafé Noord", "gemeente": "Utrecht", "adres": "Bibliotheek, Plein 1",
               "openingstijden": "Elke maandag van 10.00 tot 12.00 uur",
               "email": "noord@example.org", "rollen": "ervaringsdeskundige:2,vrijwilliger"}
    options.update(overrides)
    return [f"--{k}={v}" for k, v in options.items()] + [f"--bestand={path}"]


def test_appends_a_valid_entry_and_keeps_the_comments(target, capsys):
    before = target.read_text(encoding="utf-8")
    assert scaffold.main(args(target)) == 0
    after = target.read_text(encoding="utf-8")
    assert after.startswith(before.split("werkcafes: []")[0])  # the explanation is kept
    [werkcafe] = load_werkcafes(include_demo=False, path=target)
    assert werkcafe.gemeente == "GM0344" and werkcafe.forum == "gemeente-utrecht"
    assert [(r.rol, r.aantal) for r in werkcafe.mensen] == [("ervaringsdeskundige", 2),
                                                            ("vrijwilliger", None)]
    assert werkcafe.laatst_gecontroleerd == TODAY
    assert f"{target}:{werkcafe.line}" in capsys.readouterr().out
    assert after.splitlines()[werkcafe.line - 1].strip() == "- naam: Werkcafé Noord"


def test_second_entry_is_appended_to_the_same_list(target):
    assert scaffold.main(args(target)) == 0
    assert scaffold.main(args(target, naam="Werkcafé Zuid", gemeente="GM0518",
                              email="", telefoon="070 123 45 67")) == 0
    names = [w.naam for w in load_werkcafes(include_demo=False, path=target)]
    assert sorted(names) == ["Werkcafé Noord", "Werkcafé Zuid"]


@pytest.mark.parametrize(("override", "message"), [
    ({"gemeente": "Atlantis"}, "gemeente 'Atlantis' staat niet in data/gemeenten.yml"),
    ({"email": "geen-adres"}, "geen e-mailadres"),
    ({"rollen": "voorzitter"}, "onbekende rol 'voorzitter'"),
    ({"website": "http://example.org"}, "https://"),
])
def test_bad_input_changes_nothing(target, capsys, override, message):
    before = target.read_text(encoding="utf-8")
    assert scaffold.main(args(target, **override)) == 2
    assert message in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == before


def test_duplicate_name_is_refused(target):
    assert scaffold.main(args(target)) == 0
    assert scaffold.main(args(target, naam="werkcafé noord")) == 2


def test_interactive_questions(target, monkeypatch):
    answers = iter(["Werkcafé Oost", "'s-Hertogenbosch", "Buurthuis, Straat 2",
                    "Elke woensdag van 13.00 tot 15.00 uur", "", "073 123 45 67", "", "",
                    "vrijwilliger:3"])
    monkeypatch.setattr(builtins, "input", lambda prompt="": next(answers))
    assert scaffold.main([f"--bestand={target}"]) == 0
    [werkcafe] = load_werkcafes(include_demo=False, path=target)
    assert werkcafe.gemeente == "GM0796" and werkcafe.contact.telefoon == "073 123 45 67"
    assert werkcafe.forum == "gemeente-s-hertogenbosch" and werkcafe.contact.email is None


def test_resolve_gemeente_by_code_name_and_slug():
    gemeenten = load_gemeenten()
    assert scaffold.resolve_gemeente("gm0344", gemeenten) == "GM0344"
    assert scaffold.resolve_gemeente("súdwest-fryslân", gemeenten) == "GM1900"
    assert scaffold.resolve_gemeente("bergen-nh", gemeenten) == "GM0373"
