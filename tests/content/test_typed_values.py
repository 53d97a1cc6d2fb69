"""Amounts, percentages, periods and week numbers typed in prose are found whole; the rest is not.

Each sentence is a case a guide could contain. A value must come from data/waarden.yml, so a
typed one is an error with file and line that points at {{ waarde("...") }}.
"""

from __future__ import annotations

import pytest

from tests.content.conftest import body, meta, render
from werkcafe.content.typed_values import find_typed

NL = "situaties/keuring.nl.md"

FOUND = [
    # periods with a number or a written number
    ("Je hebt 6 weken.", "6 weken"),
    ("Soms zes weken.", "zes weken"),
    ("Je hebt twee weken om te reageren.", "twee weken"),
    ("UWV beslist binnen dertien weken.", "dertien weken"),
    ("Drie maanden later krijg je bericht.", "Drie maanden"),
    ("Dat duurt anderhalf jaar.", "anderhalf jaar"),
    ("Wacht vierentwintig uur.", "vierentwintig uur"),
    ("Je hebt één week.", "één week"),
    ("Een WW-uitkering van 3 maanden.", "3 maanden"),
    ("Na 104 weken ziekte.", "104 weken"),
    ("Reageer binnen 10 werkdagen.", "10 werkdagen"),
    ("The deadline is six weeks.", "six weeks"),
    ("You have 2 years.", "2 years"),
    # periods with "een"
    ("Stuur het binnen een week.", "binnen een week"),
    ("Een jaar lang krijg je dit.", "Een jaar lang"),
    ("Na een maand hoor je meer.", "Na een maand"),
    ("Je hoort het over een week.", "over een week"),
    ("Je hebt een week de tijd.", "een week de tijd"),
    ("Een week later komt de brief.", "Een week later"),
    ("Dat was een maand geleden.", "een maand geleden"),
    ("Bel uiterlijk een dag van tevoren af.", "uiterlijk een dag van tevoren"),
    ("Bel een dag van tevoren af.", "een dag van tevoren"),
    ("Een half jaar is lang.", "Een half jaar"),
    ("Within a week you will hear.", "Within a week"),
    ("It takes a month.", "takes a month"),
    # week numbers
    ("Vraag het uiterlijk in week 93 aan.", "week 93"),
    ("Doe dit in de 93e week.", "93e week"),
    ("In de 88ste ziekteweek krijg je een brief.", "88ste ziekteweek"),
    ("Apply in week 93 at the latest.", "week 93"),
    ("In the 93rd week you apply.", "93rd week"),
    # money, whole
    ("Of € 1.200.", "€ 1.200"),
    ("Dat kost €1.200,50 per jaar.", "€1.200,50"),
    ("Je krijgt € 23,- per dag.", "€ 23,-"),
    ("Je krijgt 1.200 euro.", "1.200 euro"),
    ("Het is EUR 100.", "EUR 100"),
    ("Je betaalt honderd euro.", "honderd euro"),
    # percentages
    ("Of 70% van je loon.", "70%"),
    ("Je krijgt 65 procent.", "65 procent"),
    ("Tachtig procent van je loon.", "Tachtig procent"),
    ("You get 70 percent of your wage.", "70 percent"),
]

NOT_FOUND = [
    "Je krijgt een brief.",
    "Je belt een keer.",
    "Op een dag wil je weer werken.",
    "Een dag per week werken mag.",
    "Per week solliciteer je.",
    "Iedere week een gesprek.",
    "Je hebt de eerste week rust.",
    "De weekenddienst begint.",
    "Een jaaropgave vraag je aan bij UWV.",
    "Het weekblad schrijft erover.",
    "Een maandelijkse uitkering.",
    "Ik had 2 gesprekken.",
    "In 2026 verandert er niets.",
    "Kom op 1 januari.",
    "Artikel 7:10 lid 3 zegt het.",
    "Bel 0800-1234 als je vragen hebt.",
    "Een euroteken typ je niet.",
    "Lees [artikel 6:7](https://wetten.overheid.nl/BWBR0005537/2024#week-93 \"6 weken\").",
    "Zie https://www.uwv.nl/2024/100-euro/week-93.",
    "Type `6 weken` in code.",
    'Je hebt {{ waarde("bezwaartermijn") }}.',
    "Je krijgt {{ waarde('dwangsom-bedragen') }} per dag.",
    "Once a week is fine.",
]


@pytest.mark.parametrize(("sentence", "expected"), FOUND)
def test_typed_value_is_found_whole(sentence, expected):
    assert [t.text for t in find_typed(sentence)] == [expected]


@pytest.mark.parametrize("sentence", NOT_FOUND)
def test_ordinary_words_numbers_links_code_and_macros_pass(sentence):
    assert list(find_typed(sentence)) == []


def test_several_values_on_one_line_each_reported():
    assert [t.text for t in find_typed("Binnen een week, of 6 weken, of € 1.200,50.")] == [
        "Binnen een week", "6 weken", "€ 1.200,50"]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), start=1) if needle in line)


def test_checker_reports_file_line_whole_text_and_the_macro(docs, check):
    extra = ("\nStuur het binnen een week.\n\nVraag het uiterlijk in week 93 aan.\n\n"
             "Je krijgt € 1.200 of 1.200 euro.\n\nJe hebt zes weken.\n")
    text = render(meta(), body("nl", extra))
    (docs / NL).write_text(text, encoding="utf-8")
    found = {(p.line, p.message.split("'")[1]): p for p in check().errors
             if p.rule == "bedrag-termijn"}
    assert set(found) == {
        (line_of(text, "binnen een week"), "binnen een week"),
        (line_of(text, "week 93"), "week 93"),
        (line_of(text, "€ 1.200"), "€ 1.200"),
        (line_of(text, "€ 1.200"), "1.200 euro"),
        (line_of(text, "zes weken"), "zes weken"),
    }
    for problem in found.values():
        assert problem.path.endswith(NL) and "gebruik {{ waarde(" in problem.message
    # A value that reads the same is named, so the editor knows which key to use.
    assert '{{ waarde("bezwaartermijn") }}' in found[(line_of(text, "zes weken"),
                                                       "zes weken")].message
    assert 'waarde("wia-aanvraag-week")' in found[(line_of(text, "week 93"), "week 93")].message


def test_code_blocks_are_not_prose(docs, check):
    extra = "\n```\nbinnen een week, € 1.200\n```\n"
    (docs / NL).write_text(render(meta(), body("nl", extra)), encoding="utf-8")
    assert [p for p in check().errors if p.rule == "bedrag-termijn"] == []
