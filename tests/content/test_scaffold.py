"""`make new-guide`: a new guide passes the checker straight away; bad input is refused."""

from __future__ import annotations

import datetime as dt

import pytest

from werkcafe.content import scaffold
from werkcafe.content.checker import CheckOptions, check_docs
from werkcafe.content.values import load_values
from werkcafe.taxonomy import load_taxonomy

TODAY = dt.date(2026, 11, 24)


@pytest.mark.parametrize("kind", ["situatie", "regeling", "brief", "pagina"])
def test_new_guide_of_every_kind_passes_the_checker(tmp_path, kind):
    docs = tmp_path / "docs"
    keys = {
        "regelingen": ["ww"],
        "doelgroepen": ["ww-ers"],
        "situaties": ["klantgesprek"] if kind == "situatie" else [],
    }
    paths = scaffold.create_guide(docs, "Gesprek over je WW", kind, keys, load_taxonomy(), TODAY)
    assert [p.name for p in paths] == ["gesprek-over-je-ww.nl.md", "gesprek-over-je-ww.en.md"]
    result = check_docs(docs, load_taxonomy(), load_values(), CheckOptions(today=TODAY))
    assert result.errors == [], [str(p) for p in result.errors]
    assert len(result.guides) == 2


def test_unknown_taxonomy_key_is_refused(tmp_path):
    with pytest.raises(ValueError, match=r"wwb staat niet in data/taxonomy\.yml"):
        scaffold.create_guide(
            tmp_path, "Titel", "regeling", {"regelingen": ["wwb"]}, load_taxonomy(), TODAY
        )


def test_existing_guide_is_not_overwritten(tmp_path):
    keys = {"regelingen": ["ww"], "doelgroepen": ["ww-ers"]}
    scaffold.create_guide(tmp_path, "Titel", "regeling", keys, load_taxonomy(), TODAY)
    with pytest.raises(ValueError, match="bestaat al"):
        scaffold.create_guide(tmp_path, "Titel", "regeling", keys, load_taxonomy(), TODAY)


def test_command_line_without_questions(tmp_path, capsys):
    code = scaffold.main(
        [
            "--titel",
            "Ziek en WW",
            "--soort",
            "situatie",
            "--regelingen",
            "ww",
            "--situaties",
            "ziek-in-ww",
            "--doelgroepen",
            "ww-ers",
            "--docs",
            str(tmp_path),
        ]
    )
    assert code == 0
    assert (tmp_path / "situaties" / "ziek-en-ww.nl.md").is_file()
    assert "make check" in capsys.readouterr().out
    assert (
        scaffold.main(
            ["--titel", "X", "--soort", "situatie", "--regelingen", "nee", "--docs", str(tmp_path)]
        )
        == 2
    )


def test_taxonomy_rejects_a_duplicate_forum_tag():
    from werkcafe.taxonomy import TaxonomyError, parse_taxonomy

    data = {
        group: {"a": {"nl": "A", "en": "A", "forum_tag": f"{group}-a"}}
        for group in ("regelingen", "situaties", "instanties", "themas", "oordelen", "doelgroepen")
    }
    parse_taxonomy(data)
    data["themas"]["a"]["forum_tag"] = "regelingen-a"
    with pytest.raises(TaxonomyError, match=r"also used by regelingen\.a"):
        parse_taxonomy(data)


def test_readability_of_plain_and_hard_dutch():
    from werkcafe.content.readability import measure

    easy = measure("Ik ga naar de arts. Hij kijkt wat ik kan. Dan krijg ik een brief.")
    hard = measure(
        "De verzekeringsgeneeskundige beoordelingssystematiek veronderstelt "
        "arbeidsongeschiktheidsclassificaties met belastbaarheidsbeperkingen."
    )
    assert easy.sentences == 3 and easy.flesch_douma > 80
    assert hard.flesch_douma < 30
