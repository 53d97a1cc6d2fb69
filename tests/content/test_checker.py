"""Every content rule fires on a bad file, names file and line, and is quiet on good files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.content.conftest import body, meta, render
from werkcafe.content.checker import CheckOptions, check_repository
from werkcafe.content.problems import Level
from werkcafe.taxonomy import REPO_ROOT

NL = "situaties/keuring.nl.md"


def write(docs: Path, rel: str, text: str) -> None:
    path = docs / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def rules(result, level: Level | None = None) -> list[tuple[str, int, str]]:
    return [
        (Path(p.path).name, p.line, p.rule)
        for p in result.problems
        if level is None or p.level is level
    ]


def test_valid_guide_has_no_problems(check):
    result = check()
    assert result.problems == []
    assert set(result.guides) == {NL, "situaties/keuring.en.md"}


def test_missing_front_matter(docs, check):
    write(docs, NL, body("nl"))
    assert ("keuring.nl.md", 1, "front-matter") in rules(check(), Level.ERROR)


def test_malformed_yaml_names_the_line(docs, check):
    write(docs, NL, "---\ntitle: Keuring\nregelingen: [wia\nsoort: situatie\n---\n\ntekst\n")
    problems = [p for p in check().problems if p.path.endswith("keuring.nl.md")]
    assert problems and problems[0].rule == "front-matter"
    assert problems[0].line in (3, 4) and "YAML" in problems[0].message


def test_unclosed_front_matter(docs, check):
    write(docs, NL, "---\ntitle: Keuring\n\ntekst zonder einde\n")
    assert ("keuring.nl.md", 1, "front-matter") in rules(check(), Level.ERROR)


def test_missing_required_field(docs, check):
    write(docs, NL, render(meta(title=None), body("nl")))
    messages = [p.message for p in check().errors]
    assert any("'title' ontbreekt" in m for m in messages)


def test_unknown_field(docs, check):
    write(docs, NL, render(meta(auteur="Jan"), body("nl")))
    assert any("onbekend veld 'auteur'" in p.message for p in check().errors)


def test_unknown_taxonomy_key_names_field_and_line(docs, check):
    write(docs, NL, render(meta(regelingen=["wia", "wwb"]), body("nl")))
    [problem] = [p for p in check().errors if "wwb" in p.message]
    assert problem.path.endswith(NL) and problem.rule == "front-matter"
    # regelingen is the 4th key: '---' on line 1, title 2, description 3, soort 4, regelingen 5
    assert problem.line == 7  # the second list item, one line per item in block style
    assert "regelingen: 'wwb' staat niet in data/taxonomy.yml" in problem.message


def test_unknown_situation_and_audience(docs, check):
    write(docs, NL, render(meta(situaties=["keuringen"], doelgroepen=["ww"]), body("nl")))
    messages = " ".join(p.message for p in check().errors)
    assert "situaties: 'keuringen'" in messages and "doelgroepen: 'ww'" in messages


def test_source_that_is_not_a_url(docs, check):
    write(docs, NL, render(meta(bronnen=[{"titel": "UWV", "url": "uwv.nl/keuring"}]), body("nl")))
    assert any("is geen URL" in p.message for p in check().errors)


def test_malformed_date(docs, check):
    write(docs, NL, render(meta(laatst_gecontroleerd="gisteren"), body("nl")))
    assert any("moet een datum zijn" in p.message for p in check().errors)


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), start=1) if needle in line)


def test_broken_internal_link(docs, check):
    text = render(meta(), body("nl", "\nLees ook [WW](../regelingen/ww.md).\n"))
    write(docs, NL, text)
    [problem] = [p for p in check().errors if p.rule == "link"]
    assert problem.path.endswith(NL) and "../regelingen/ww.md" in problem.message
    assert problem.line == line_of(text, "Lees ook [WW]")


def test_link_without_language_suffix_resolves(docs, check):
    write(docs, "regelingen/ww.nl.md", render(meta(soort="regeling", situaties=None), "Tekst.\n"))
    write(docs, "regelingen/ww.en.md", render(meta(soort="regeling", situaties=None), "Text.\n"))
    write(docs, NL, render(meta(), body("nl", "\nLees ook [WW](../regelingen/ww.md).\n")))
    assert [p for p in check().errors if p.rule.startswith("link")] == []


def test_broken_anchor_in_other_file_and_same_page(docs, check):
    write(
        docs,
        "regelingen/ww.nl.md",
        render(meta(soort="regeling", situaties=None), "## Je rechten\n\nTekst.\n"),
    )
    write(docs, "regelingen/ww.en.md", render(meta(soort="regeling", situaties=None), "Text.\n"))
    write(
        docs,
        NL,
        render(
            meta(),
            body(
                "nl",
                "\n[goed](../regelingen/ww.md#je-rechten) "
                "[fout](../regelingen/ww.md#je-plichten) "
                "[hier](#bestaat-niet) [ook goed](#checklist)\n",
            ),
        ),
    )
    anchors = [p.message for p in check().errors if p.rule == "link-anker"]
    assert len(anchors) == 2
    assert any("#je-plichten" in m for m in anchors) and any("#bestaat-niet" in m for m in anchors)


def test_level_one_heading(docs, check):
    text = render(meta(), "# Keuring\n\n" + body("nl"))
    write(docs, NL, text)
    assert ("keuring.nl.md", line_of(text, "# Keuring"), "kop-1") in rules(check(), Level.ERROR)


def test_situation_guide_needs_checklist(docs, check):
    write(docs, NL, render(meta(), "Alleen tekst, geen checklist.\n"))
    assert any(p.rule == "checklist" for p in check().errors)


def test_checklist_needs_all_three_headings(docs, check):
    write(docs, NL, render(meta(), body("nl").replace("### Na het gesprek", "### Daarna")))
    [problem] = [p for p in check().errors if p.rule == "checklist"]
    assert "Na het gesprek" in problem.message


def test_amount_or_deadline_in_prose(docs, check):
    extra = "\nJe hebt 6 weken. Soms zes weken. Of 70% van je loon, of € 1.200.\n"
    write(docs, NL, render(meta(), body("nl", extra)))
    found = [p.message for p in check().errors if p.rule == "bedrag-termijn"]
    assert len(found) == 4


def test_value_macro_is_allowed_and_unknown_key_fails(docs, check):
    extra = '\nJe hebt {{ waarde("bezwaartermijn") }}. En {{ waarde("bestaat-niet") }}.\n'
    write(docs, NL, render(meta(), body("nl", extra)))
    problems = check().errors
    assert [p.rule for p in problems] == ["waarde-onbekend"]
    assert "bestaat-niet" in problems[0].message


def test_old_review_date_warns(docs, check):
    write(docs, NL, render(meta(laatst_gecontroleerd=dt.date(2025, 6, 1)), body("nl")))
    result = check()
    assert result.errors == []
    assert ("keuring.nl.md", 11, "controle-verouderd") in rules(result, Level.WARNING)


def test_review_date_in_future_fails(docs, check):
    write(docs, NL, render(meta(laatst_gecontroleerd=dt.date(2027, 1, 1)), body("nl")))
    assert any("toekomst" in p.message for p in check().errors)


def test_missing_translation_warns(docs, check):
    (docs / "situaties" / "keuring.en.md").unlink()
    result = check()
    assert result.errors == []
    assert ("keuring.nl.md", 1, "vertaling") in rules(result, Level.WARNING)


def test_english_without_dutch_fails(docs, check):
    (docs / NL).unlink()
    assert ("keuring.en.md", 1, "vertaling") in rules(check(), Level.ERROR)


def test_hard_text_warns_on_readability(docs, check):
    hard = (
        "\nDe verzekeringsgeneeskundige beoordelingssystematiek veronderstelt "
        "arbeidsongeschiktheidsclassificaties waarbij belastbaarheidsbeperkingen, "
        "functionele mogelijkhedenlijstinterpretaties en re-integratieverplichtingen "
        "gezamenlijk worden gewogen teneinde uitkeringsaanspraken vast te stellen. " * 6
    )
    write(docs, NL, render(meta(), body("nl", hard)))
    result = check()
    [problem] = [p for p in result.warnings if p.rule == "leesbaarheid"]
    assert "Flesch-Douma" in problem.message


def test_expired_value_warns(tmp_path):
    values = tmp_path / "waarden.yml"
    values.write_text(
        "minimumloon:\n  nl: een bedrag\n  en: an amount\n  bron: https://www.rijksoverheid.nl/\n"
        "  geldig_van: 2025-01-01\n  geldig_tot: 2025-12-31\n  gecontroleerd: 2025-01-02\n",
        encoding="utf-8",
    )
    (tmp_path / "docs").mkdir()
    result = check_repository(
        tmp_path / "docs",
        REPO_ROOT / "data" / "taxonomy.yml",
        values,
        CheckOptions(today=dt.date(2026, 1, 5)),
    )
    [problem] = result.warnings
    assert problem.rule == "waarde-verlopen" and problem.line == 1
    assert "2025-12-31" in problem.message


def test_broken_values_file_is_an_error(tmp_path):
    values = tmp_path / "waarden.yml"
    values.write_text("minimumloon:\n  nl: een bedrag\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    result = check_repository(
        tmp_path / "docs",
        REPO_ROOT / "data" / "taxonomy.yml",
        values,
        CheckOptions(today=dt.date(2026, 1, 5)),
    )
    [problem] = result.errors
    assert "ontbreekt" in problem.message and "waarden.yml:1" in problem.message


def test_problem_format_is_file_line_message(docs, check):
    write(docs, NL, render(meta(soort="handleiding"), body("nl")))
    line = str(check().errors[0])
    assert line.startswith(str(docs / NL) + ":4: fout: 'soort' moet een van")


def test_real_content_has_no_errors_today_and_no_warnings_when_reviewed():
    docs = REPO_ROOT / "docs"
    taxonomy, values = REPO_ROOT / "data" / "taxonomy.yml", REPO_ROOT / "data" / "waarden.yml"
    today = check_repository(docs, taxonomy, values, CheckOptions(today=dt.date.today()))
    assert today.errors == [], [str(p) for p in today.errors]
    assert len(today.guides) >= 50
    # On the day the starter content was reviewed, every rule is quiet on it.
    reviewed = check_repository(docs, taxonomy, values, CheckOptions(today=dt.date(2026, 11, 24)))
    assert reviewed.problems == [], [str(p) for p in reviewed.problems]
