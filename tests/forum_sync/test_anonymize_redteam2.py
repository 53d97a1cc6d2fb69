"""The leaking and over-redacting classes the second red-team split (redteam2.txt) found,
one test per class, with wordings that are not in the split, through anonymize_text."""

from __future__ import annotations

import pytest

from forum_sync.anonymize import anonymize_text
from forum_sync.repeats import repeat_spans
from forum_sync.spans import Span

pytestmark = pytest.mark.usefixtures("deduce_ready")
DOMAINS = ("uwv.nl", "werk.nl", "rijksoverheid.nl")


@pytest.mark.parametrize(
    "text",
    [
        "bel de Belastingdienst op 0800-0543 of de SVB op 0900 1234 56",
        "de gemeente is bereikbaar op 14 030, vraag naar Werk en Inkomen",
        "bezwaar sturen naar UWV, Postbus 58285, 1040 HG Amsterdam",
        "de gemeente Utrecht, Postbus 16200, 3500 CE Utrecht",
        "mail het naar info@uwv.nl of bezwaar@utrecht.nl",
        "ik moest naar het UWV-kantoor in Apeldoorn",
        "mijn afspraak is bij het Werkplein Drechtsteden in Dordrecht",
    ],
)
def test_an_agencys_contact_details_and_seat_stay(text: str) -> None:
    assert anonymize_text(text, link_domains=DOMAINS) == text


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("mijn postadres: Postbus 12, 7400 AA Deventer", ["7400", "Postbus 12"]),
        ("mail m.jansen@utrecht.nl maar", ["jansen"]),
        ("of info@bakkerij-vermeer.nl voor mij", ["vermeer"]),
        ("bel me op 088 - 123 45 67", ["123 45"]),
        ("mijn mobiel: 06-14 012 345", ["14 012", "345"]),
        ("brief van UWV, Postbus 58285, 1040 HG Amsterdam Jolanda Verhey", ["Jolanda"]),
    ],
)
def test_a_persons_postbus_work_mail_and_direct_line_go(text: str, gone: list[str]) -> None:
    out = anonymize_text(text, link_domains=DOMAINS)
    assert all(word not in out for word in gone), out


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("mail: piet_de_boer78 @ hotmail . com", ["boer", "hotmail"]),
        ("schrijf naar annie punt kok at hotmail, dan", ["annie", "kok"]),
        ("mijn gsm: +32 (0) 472 - 11 22 33", ["472", "11 22"]),
        ("we wonen op de 1e Jan Steenstraat 88-II", ["1e", "Steenstraat", "88"]),
        ("hij is van '63 en zit in de WW", ["63"]),
        ("geboren in 1961, dus bijna AOW", ["1961"]),
        ("mijn dossier: WZ/12345/2026 ligt bij de gemeente", ["12345"]),
        ("geboren 3 april 1971 te Paramaribo", ["Paramaribo", "1971"]),
        ("mijn tel is 06 - 12 - 34 - 56 - 78", ["34 - 56"]),
        ("postcode 1234-ab, huisnummer 12", ["1234"]),
    ],
)
def test_direct_identifiers_in_new_shapes(text: str, gone: list[str]) -> None:
    out = anonymize_text(text)
    assert all(word not in out for word in gone), out


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("mijn vrouw Małgorzata werkt in de kas", ["Małgorzata"]),
        ("hallo, ik ben Tjitske en ik heb een vraag", ["Tjitske"]),
        ("mijn broer heet Storm en hij zoekt werk", ["Storm"]),
        ("de klantmanager Bakker wil dat ik verhuis", ["Bakker"]),
        ("mijn zoon joep zit thuis. joep is 17", ["joep"]),
    ],
)
def test_names_after_strong_cues_and_repeated(text: str, gone: list[str]) -> None:
    out = anonymize_text(text)
    assert all(word not in out for word in gone), out


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("mijn zus woont in Gent, ik in Tilburg", ["Gent"]),
        ("ik woon in Rotterdam Kralingen", ["Kralingen"]),
    ],
)
def test_places_abroad_and_neighbourhoods(text: str, gone: list[str]) -> None:
    out = anonymize_text(text)
    assert all(word not in out for word in gone), out


@pytest.mark.parametrize(
    "text",
    [
        "ik wil naar Spanje met vakantie, mag dat met WW?",
        "Volg me op TikTok: @naam",
        "Ik ben Marokkaans en heb bijstand",
        "ik ben Nederlander en woon hier",
        "Ik ben Alleenstaand en heb bijstand",
        "Ik ben Ervaringsdeskundige bij het UWV",
        "Het heet Passend Werk, Staat in de WW",
        "Bel 0031 20 123 4567 Of Mail",
        "De WW duurt 3 - 24 maanden, Van 2019 - 2021",
        "mijn man is ziek",
        "ik ben ZZP'er",
        "de klantmanager Werk en Inkomen belde",
    ],
)
def test_ordinary_words_after_the_new_cues_stay(text: str) -> None:
    out = anonymize_text(text)
    kept = text.replace("@naam", "")
    assert all(word in out for word in kept.split() if word[0].isupper() and word != "Volg"), out


def test_repeats_only_names_and_a_common_word_only_with_a_capital() -> None:
    text = "mijn dochter Roos. de roos bloeit en Roos lacht; uwv"
    spans = [Span(13, 17, 52, "[naam]"), Span(text.index("uwv"), len(text), 52, None)]
    found = {(s.start, s.end) for s in repeat_spans(text, spans)}
    second = text.index("Roos", 17)
    assert found == {(13, 17), (second, second + 4)}
