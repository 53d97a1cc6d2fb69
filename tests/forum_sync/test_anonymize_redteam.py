"""The leaking classes the red-team split (forum_sync/eval/redteam.txt) found, one test per
class, through anonymize_text (rules, name and place contexts, deduce)."""

from __future__ import annotations

import pytest

from forum_sync.anonymize import anonymize_text

pytestmark = pytest.mark.usefixtures("deduce_ready")


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("mijn ex-man heet ronald bakker", ["ronald", "bakker"]),
        ("mijn ex-vrouw monique woont er nog", ["monique"]),
        ("mijn zwager erik werkt daar", ["erik"]),
        ("een meneer genaamd pieter belde", ["pieter"]),
        ("die klantmanager die Bakker heet is onbeschoft", ["Bakker"]),
        ("ze heten jan en marieke", ["jan", "marieke"]),
        ("de arts jansen zei van wel", ["jansen"]),
    ],
)
def test_called_and_relatives(text: str, gone: list[str]) -> None:
    out = anonymize_text(text)
    assert all(word not in out for word in gone), out


@pytest.mark.parametrize(
    "text",
    [
        "vraag maar naar henk",
        "volgens kees kan het",
        "VOLGENS JAN KAN HET WEL",
        "heb vandaag met petra gesproken",
        "van jolanda gehoord dat het mag",
        "henk zei dat het niet kan",
        "via hidde kwam ik hier",
        "met henk gebeld over de brief",
        "zeg maar tegen kees dat het goed is",
    ],
)
def test_lowercase_first_name_after_a_cue(text: str) -> None:
    out = anonymize_text(text)
    assert "[naam]" in out, out
    assert not any(w in out.lower() for w in ("henk", "kees", "jan ", "petra", "jolanda", "hidde"))


@pytest.mark.parametrize(
    "text",
    [
        "ik ga naar huis",
        "vraag het aan de gemeente",
        "het uwv maastricht zei dat het mocht",
        "volgens mij klopt dat niet",
    ],
)
def test_cues_leave_ordinary_words_and_agencies(text: str) -> None:
    assert anonymize_text(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "mail: jan punt de punt vries apenstaartje gmail punt com",
        "stuur naar bram dot dekker at gmail dot com",
        "ilona.keizer apestaart outlook (punt) com",
        "nina[at]ziggo[dot]nl",
    ],
)
def test_spelled_out_email_local_part(text: str) -> None:
    out = anonymize_text(text)
    assert "[e-mailadres]" in out and "vries" not in out and "dekker" not in out, out
    assert "gmail" not in out and "ziggo" not in out and "outlook" not in out, out


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("ik ben gerda uit zwolle", "zwolle"),
        ("hier in emmen is de wachtlijst lang", "emmen"),
        ("woonachtig te lelystad", "lelystad"),
        ("iemand uit de regio deventer?", "deventer"),
        ("2193 br weert", "weert"),
        ("merhaba, ben Esra uit Rotterdam-Zuid", "Zuid"),
        ("wonend in leiden", "leiden"),
        ("in de omgeving van apeldoorn", "apeldoorn"),
    ],
)
def test_place_of_residence_after_a_cue(text: str, place: str) -> None:
    out = anonymize_text(text)
    assert place not in out and "[plaats]" in out, out


@pytest.mark.parametrize(
    "text",
    [
        "bij de gemeente Zwolle en het UWV Zwolle",
        "afspraak op het Werkplein Zwolle om 10 uur",
        "de Sociale Dienst Drechtsteden belt",
        "in 2024 te laat betaald",
        "we zitten hier in de buurt",
    ],
)
def test_agency_municipalities_stay(text: str) -> None:
    assert anonymize_text(text) == text


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("adres: Stationsweg 12-II, 1234AB Amersfoort", ["12-II", "II", "1234AB"]),
        ("Oude Gracht 45-bis", ["Gracht", "45", "bis"]),
        ("Post naar Kerkplein 3, 5611-AB Eindhoven", ["5611", "AB"]),
    ],
)
def test_house_number_suffixes_and_postcode_dash(text: str, gone: list[str]) -> None:
    out = anonymize_text(text)
    assert all(g not in out for g in gone), out


def test_year_before_a_place_is_no_postcode() -> None:
    out = anonymize_text("geboren 7 mei 1972 te Haarlem")
    assert "[postcode]" not in out


def test_sentence_without_space_is_no_link() -> None:
    assert "[link]" not in anonymize_text("ok.ik heet Dewi")
    assert "[link]" in anonymize_text("zie mijnsite.pl voor meer")


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Hey Fatma! hoe gaat het", "Hey"),
        ("Moderator Patrick hier: graag geen namen", "Moderator"),
        ("jobcoach Wendy van het Werkplein Twente is top", "van het Werkplein Twente"),
    ],
)
def test_deduce_name_spans_trimmed(text: str, kept: str) -> None:
    out = anonymize_text(text)
    assert kept in out and "[naam]" in out, out
