"""Pattern rules: what deduce misses or needs a checksum. All data here is invented."""

from __future__ import annotations

import pytest

from forum_sync.anonymize import apply, resolve
from forum_sync.rules import (
    agency_spans,
    protected_spans,
    rule_spans,
    url_allowed,
    valid_bsn,
    valid_iban,
)

DOMAINS = ("uwv.nl", "werk.nl")


def redact(text: str) -> str:
    return apply(
        text,
        resolve(text, [*rule_spans(text, DOMAINS, "forum.werkcafe.nl"), *protected_spans(text)]),
    )


def test_iban_checksum() -> None:
    assert valid_iban("NL91ABNA0417164300")
    assert valid_iban("nl91 abna 0417 1643 00")
    assert valid_iban("BE68539007547034")
    assert not valid_iban("NL91ABNA0417164301")  # one digit off
    assert not valid_iban("NL91")


def test_bsn_eleven_test() -> None:
    assert valid_bsn("123456782")
    assert valid_bsn("123.456.782")
    assert not valid_bsn("123456789")
    assert not valid_bsn("000000000")


@pytest.mark.parametrize(
    ("text", "secret", "placeholder"),
    [
        ("Mijn rekening is NL91 ABNA 0417 1643 00, graag.", "0417 1643", "[rekeningnummer]"),
        ("Stort op BE68539007547034 aub", "BE68539007547034", "[rekeningnummer]"),
        ("Mijn BSN is 123.456.782.", "456", "[BSN]"),
        (
            "Mail naar iemand@voorbeeld.amsterdam of iemand(at)example.org",
            "voorbeeld",
            "[e-mailadres]",
        ),
        ("Bel +32 470 12 34 56 of +31 (0)6 1234 5678", "470", "[telefoonnummer]"),
        ("Bel 0031 6 12345678 even", "12345678", "[telefoonnummer]"),
        ("Bel 06-12345678 of 020 - 123 45 67", "123 45 67", "[telefoonnummer]"),
        ("Op 3 mei had ik een gesprek", "3 mei", "[datum]"),
        ("Gesprek op 14 februari 2026 om tien uur", "14 februari", "[datum]"),
        ("Brief van 12/03 ontvangen", "12/03", "[datum]"),
        ("Geboren 12-03-1971 in het ziekenhuis", "1971", "[datum]"),
        ("Mijn auto 12-ABC-3 staat voor", "ABC", "[kenteken]"),
        ("Kenteken V-482-PJ en 87-KRT-4", "482", "[kenteken]"),
        ("Zaaknummer 2024-123456 staat in de brief", "123456", "[nummer]"),
        ("Mijn dossiernummer UWV 5812-093 ligt klaar", "5812", "[nummer]"),
        ("Ons kenmerk: BB-2026-30917.", "30917", "[nummer]"),
        ("Ik woon op de Kerkstraat 12a in het dorp", "Kerkstraat", "[adres]"),
        ("Adres: Koningin Julianalaan 44", "Julianalaan", "[adres]"),
        ("Postcode 3512 AB en 1234ab", "3512", "[postcode]"),
        ("Zie https://mijnblog.example.org/over-mij voor meer", "mijnblog", "[link]"),
        ("Zie mijnblog.amsterdam voor meer", "mijnblog", "[link]"),
        ("Profiel https://forum.werkcafe.nl/u/iemand", "iemand", "[link]"),
        ("Foto upload://f3e9a1c7.jpeg hier", "f3e9a1c7", "[bijlage]"),
        ('[quote="anna_k, post:3, topic:12"]eerder[/quote] dus', "anna_k", "eerder"),
    ],
)
def test_rules_replace_personal_data(text: str, secret: str, placeholder: str) -> None:
    result = redact(text)
    assert secret not in result
    assert placeholder in result


@pytest.mark.parametrize(
    "text",
    [
        "Het UWV, de SVB, de gemeente en het CWI.",
        "Ik had WW, daarna WIA, toen Wajong, bijstand, Ziektewet, Wsw en Wmo.",
        "Het re-integratiebedrijf belde op 1 dag na de brief.",
        "Zie https://www.uwv.nl/particulieren/ww en werk.nl voor uitleg.",
        "Ik wacht al 52 minuten, dat is 3 kwartier te lang.",
        "In 2026 kreeg ik 1.234 euro per maand.",
    ],
)
def test_rules_keep_ordinary_text(text: str) -> None:
    assert redact(text) == text


def test_url_allowlist() -> None:
    assert url_allowed("https://www.uwv.nl/ww", DOMAINS)
    assert url_allowed("werk.nl", DOMAINS)
    assert not url_allowed("https://uwv.nl.evil.example/ww", DOMAINS)
    assert not url_allowed("https://www.uwv.nl/ww?bsn=123", DOMAINS)  # query strings never
    assert not url_allowed("https://www.uwv.nl/dossier/12345678", DOMAINS)
    assert not url_allowed(
        "https://forum.werkcafe.nl/t/naam/12", ("werkcafe.nl",), "forum.werkcafe.nl"
    )
    assert not url_allowed("javascript:alert(1)", DOMAINS)


def test_protected_terms_trim_a_longer_match() -> None:
    text = "Mijn klantmanager Petra belt niet."
    spans = resolve(text, [*protected_spans(text)])
    kept = {text[s.start : s.end] for s in spans}
    assert "klantmanager" in kept


@pytest.mark.parametrize(
    ("text", "secret", "placeholder"),
    [
        ("mail naam(at)gmail(dot)com", "gmail", "[e-mailadres]"),
        ("mail naam at gmail punt com graag", "gmail", "[e-mailadres]"),
        ("mail naam @ gmail.com", "gmail", "[e-mailadres]"),
        ("mijn bsn 12 34 56 782 klopt", "782", "[BSN]"),
        ("bsn: 123456789 (typo)", "123456789", "[BSN]"),
        ("op NL91.ABNA.0417.1643.00 graag", "ABNA", "[rekeningnummer]"),
        ("op nl91-abna-0417-1643-00 graag", "abna", "[rekeningnummer]"),
        ("ik woon in 1234 ab", "1234", "[postcode]"),
        ("Dorpsstr. 12a, achterom", "Dorpsstr", "[adres]"),
        ("volg me op insta anja_dv88", "anja_dv88", "[gebruikersnaam]"),
        ("mijn tiktok: xanjax", "xanjax", "[gebruikersnaam]"),
        ("cv: werk.nl/cv/anja-devries-utrecht", "anja", "werk.nl"),
        ("cv: https://www.werk.nl/cv/annadevries", "annadevries", "werk.nl"),
    ],
)
def test_rules_catch_what_people_type(text: str, secret: str, placeholder: str) -> None:
    result = redact(text)
    assert secret not in result
    assert placeholder in result


@pytest.mark.parametrize(
    "text",
    [
        "Bij de gemeente Utrecht en het UWV Apeldoorn ging het goed.",
        "Werkplein Drechtsteden en de Sociale Dienst Drechtsteden werken samen.",
        "In 2024 en 2025 had ik WW.",
        "Ik werk 12 uur per week in de straat 3 keer.",
        "Zie https://www.uwv.nl/particulieren/werkloos/ww-aanvragen voor de aanvraag.",
    ],
)
def test_rules_keep_agencies_years_and_official_paths(text: str) -> None:
    spans = [*rule_spans(text, DOMAINS), *protected_spans(text), *agency_spans(text)]
    assert apply(text, resolve(text, spans)) == text
