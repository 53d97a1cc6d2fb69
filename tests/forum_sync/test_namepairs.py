"""Names without a context word: "wie kent wendy smit", "ik (marco, 52)"."""

from __future__ import annotations

import pytest

from forum_sync.anonymize import anonymize_text
from forum_sync.namepairs import pair_spans


@pytest.mark.parametrize(("text", "gone"), [
    ("wie kent wendy smit van werkplein? zij is mijn contactpersoon", ["wendy", "smit"]),
    ("gisteren kwam ronald bakker langs", ["ronald", "bakker"]),
    ("ik (marco, 52) zit sinds 2023 in de WW", ["marco"]),
    ("(Fatima, 38 jaar) hier, ook in de bijstand", ["Fatima"]),
    ("Had iemand ook anouk jansen als consulent?", ["anouk", "jansen"]),
])
def test_a_first_name_and_surname_or_an_age_in_brackets_is_a_name(
    text: str, gone: list[str]
) -> None:
    out = anonymize_text(text)
    for word in gone:
        assert word not in out, out
    assert "[naam]" in out


@pytest.mark.parametrize("text", [
    "de bakker op de hoek is dicht",  # a noun surname alone is a noun
    "ik heb een brief van het uwv gekregen over mijn ww",
    "de gemeente Utrecht en het Werkplein Drechtsteden",
    "ik ben (52) en zit in de bijstand",
    "Na 20 jaar gewerkt te hebben ben ik ziek geworden.",
    "ik kreeg een maatregel (ww, 30 procent) van het uwv",
])
def test_ordinary_words_are_no_pair(text: str) -> None:
    assert pair_spans(text) == []
