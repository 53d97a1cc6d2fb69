"""Anonymizer: pseudonyms, names, mentions, quotes, deduce placeholders, cache. Invented data."""

from __future__ import annotations

import pytest

from forum_sync import anonymize, deidentify
from forum_sync.anonymize import (
    Anonymizer,
    NameIndex,
    PostInput,
    TopicInput,
    apply,
    letter,
    resolve,
)
from forum_sync.model import Person
from forum_sync.rules import P_SEPARATOR, Span

PEOPLE = (
    Person(11, "jvdberg", "Jolien van den Berg"),
    Person(12, "k.ozturk", "Kemal Öztürk"),
    Person(13, "stiltevoorstorm", "Roos Hermsen"),
)


def post(number: int, user: Person, cooked: str) -> PostInput:
    return PostInput(number, user.user_id, user.username, f"2026-03-0{number}T10:00:00Z", cooked)


class MemoryCache:
    def __init__(self) -> None:
        self.data: dict[str, str] = {}

    def cache_get(self, key: str) -> str | None:
        return self.data.get(key)

    def cache_put(self, key: str, topic_id: int, value: str) -> None:
        self.data[key] = value


TOPIC = TopicInput(
    7,
    "Vraag van Jolien van den Berg over de WW",
    (
        post(
            1,
            PEOPLE[0],
            "<p>Ik ben Jolien van den Berg (jvdberg) en woon in Zwolle. Mijn klantmanager "
            "Pieter Hoogland van het UWV zegt dat mijn WW stopt.</p>",
        ),
        post(
            2,
            PEOPLE[1],
            '<p>Hoi <a class="mention" href="/u/jvdberg">@jvdberg</a>, Jolien: bel de SVB. '
            "Ook @stiltevoorstorm en Roos Hermsen zeiden dat. JVDBERG klopt.</p>",
        ),
        post(
            3,
            PEOPLE[0],
            '<aside class="quote" data-username="k.ozturk" data-post="2" data-topic="7">'
            '<div class="title">Kemal Öztürk:</div>'
            "<blockquote><p>bel de SVB</p></blockquote></aside>"
            '<aside class="quote" data-username="iemand" data-post="4" data-topic="99">'
            '<div class="title">iemand:</div>'
            "<blockquote><p>geheim uit ander topic</p></blockquote></aside>"
            "<p>Dank je Kemal!</p>",
        ),
    ),
    PEOPLE,
)


def test_letters() -> None:
    assert [letter(i) for i in (0, 1, 25, 26, 27, 51, 52)] == [
        "A",
        "B",
        "Z",
        "AA",
        "AB",
        "AZ",
        "BA",
    ]


def test_topic_pseudonyms_names_mentions_and_quotes(deduce_ready: None) -> None:
    result = Anonymizer(("uwv.nl",), others=[PEOPLE[2]]).topic(TOPIC)
    everything = result.title + " ".join(p.html + p.text for p in result.posts)
    for secret in (
        "Jolien",
        "van den Berg",
        "jvdberg",
        "Kemal",
        "Öztürk",
        "ozturk",
        "Roos",
        "Hermsen",
        "stiltevoorstorm",
        "Zwolle",
        "Pieter",
        "Hoogland",
        "geheim uit ander topic",
    ):
        assert secret.lower() not in everything.lower(), secret
    assert [p.participant for p in result.posts] == ["A", "B", "A"]
    assert [p.number for p in result.posts] == [1, 2, 3]
    assert result.title == "Vraag van Deelnemer A over de WW"
    second = result.posts[1].text
    assert second.startswith("Hoi Deelnemer A, Deelnemer A: bel de SVB")
    assert "Ook [naam] en [naam] zeiden dat. Deelnemer A klopt." in second
    third = result.posts[2].html
    assert "<em>Deelnemer B schreef:</em>" in third and "<blockquote>" in third
    assert "[citaat uit een ander bericht]" in third and "Dank je Deelnemer B!" in third
    first = result.posts[0].text
    assert "klantmanager [naam] van het UWV" in first and "[plaats]" in first and "WW" in first
    assert result.excerpt == " ".join(first.split())


def test_agency_and_regulation_names_survive(deduce_ready: None) -> None:
    text = (
        "Het UWV, de SVB, de gemeente, het CWI en het re-integratiebedrijf. Wajong is lastig. "
        "Ziektewet ook. Bijstand via de gemeente. WW, WIA, Wsw, Wmo."
    )
    result = anonymize.anonymize_text(text)
    assert result == text


def test_sentence_openers_are_not_names(deduce_ready: None) -> None:
    text = "Tip: bel vroeg. Super blij mee. Update: het is gelukt."
    assert anonymize.anonymize_text(text) == text


def test_names_deduce_finds_become_placeholders(deduce_ready: None) -> None:
    result = anonymize.anonymize_text(
        "Mevrouw Annemarie Kuipers uit Apeldoorn belde op 3 mei 2026 met 06-11223344."
    )
    for secret in ("Annemarie", "Kuipers", "Apeldoorn", "3 mei", "11223344"):
        assert secret not in result
    assert "[naam]" in result and "[plaats]" in result and "[datum]" in result


def test_name_index_matches_names_in_any_case_but_common_words_only_capitalised() -> None:
    index = NameIndex(PEOPLE)
    text = "JOLIEN VAN DEN BERG, k.OZTURK, Roos, roos in de tuin, Van den Berg"
    found = {text[s:e] for s, e, _, _ in index.find(text)}
    assert found == {"JOLIEN VAN DEN BERG", "k.OZTURK", "Roos", "Van den Berg"}
    # Name parts in lowercase, as people type them in running text.
    text = "zoals jolien al zei, en kemal ook; van den berg en öztürk"
    found = {text[s:e] for s, e, _, _ in index.find(text)}
    assert found == {"jolien", "kemal", "van den berg", "öztürk"}


def test_name_index_finds_username_variants() -> None:
    index = NameIndex([Person(21, "anja_dv", "Anja de Vries"), Person(22, "k.ozturk", "")])
    text = "volg anjadv85, anja.dv of annja_dv en anjadevries; k_ozturk1 ook. vries blijft"
    found = {text[s:e] for s, e, _, _ in index.find(text)}
    assert {"anjadv85", "anja.dv", "annja_dv", "anjadevries", "k_ozturk1"} <= found
    assert "vries blijft" not in found


def test_deterministic_and_cached_without_deduce(
    deduce_ready: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = MemoryCache()
    first = Anonymizer(("uwv.nl",), cache=cache).topic(TOPIC)
    assert Anonymizer(("uwv.nl",)).topic(TOPIC) == first

    def no_deduce() -> None:
        raise AssertionError("deduce must not be needed on a cache hit")

    monkeypatch.setattr(deidentify, "get_deduce", no_deduce)
    again = Anonymizer(("uwv.nl",), cache=cache)
    assert again.topic(TOPIC) == first
    assert again.misses == 0 and again.hits == 4  # title + three posts
    # Someone new elsewhere in the forum: the first level misses, the second still hits.
    newcomer = Anonymizer(
        ("uwv.nl",), others=[Person(99, "nieuwkomer", "Nieuwe Persoon")], cache=cache
    )
    assert newcomer.topic(TOPIC) == first and newcomer.misses == 0
    # A different participant list is a different key: no stale pseudonyms from the cache.
    other = TopicInput(TOPIC.id, TOPIC.title, TOPIC.posts[1:], TOPIC.people)
    with pytest.raises(AssertionError, match="deduce must not"):
        Anonymizer(("uwv.nl",), cache=cache).topic(other)


def test_resolve_priorities_and_block_boundaries() -> None:
    text = "Jan\n\nde Vries belt"
    spans = resolve(text, [Span(3, 5, P_SEPARATOR, None), Span(0, 13, 10, "[naam]")])
    assert [(text[s.start : s.end], s.replacement) for s in spans] == [
        ("Jan", "[naam]"),
        ("de Vries", "[naam]"),
    ]
    assert apply(text, spans) == "[naam]\n\n[naam] belt"
    # A protected word trims a lower-priority match instead of cancelling it.
    text = "klantmanager Petra"
    spans = resolve(text, [Span(0, 18, 10, "[naam]"), Span(0, 12, 50, None)])
    assert apply(text, spans) == "klantmanager [naam]"


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("ik ben het eens. groetjes, anja en tot later", "anja"),
        ("dank je anja voor je reactie", "anja"),
        ("ik sprak mevrouw van der linden van de gemeente", "linden"),
        ("Mevrouw Arts was heel aardig", "Arts"),
        ("mijn dochter sanne heeft wajong", "sanne"),
        ("mijn klantmanager petra belt nooit", "petra"),
        ("| 3 maart | jan pieters | gesprek |", "pieters"),
        ("Dit is mijn verhaal.\nGroetjes,\nmarieke", "marieke"),
        ("ik ben anja en ik zit in de ww", "anja"),
        ("vandaag een gesprek gehad met jolanda van het uwv", "jolanda"),
        ("mvg, R. van der Meer", "Meer"),
        ("mevr van den kartosen is mijn consulente", "kartosen"),
    ],
)
def test_lowercase_names_in_name_contexts(deduce_ready: None, text: str, secret: str) -> None:
    result = anonymize.anonymize_text(text)
    assert secret.lower() not in result.lower(), result
    assert "[naam]" in result


def test_place_of_residence_in_lowercase(deduce_ready: None) -> None:
    result = anonymize.anonymize_text("ik woon in apeldoorn en werk bij de gemeente Utrecht")
    assert result == "ik woon in [plaats] en werk bij de gemeente Utrecht"


def test_ordinary_text_around_name_contexts_survives(deduce_ready: None) -> None:
    text = (
        "Hoi allemaal, dank je wel. Slot. Ik heb 20 jaar gewerkt bij de gemeente Utrecht "
        "en nu zit ik in de bijstand. Sterkte en succes!"
    )
    assert anonymize.anonymize_text(text) == text


def test_participant_names_in_lowercase_running_text(deduce_ready: None) -> None:
    people = (Person(31, "mariekej", "Marieke Jansen"),)
    result = anonymize.anonymize_text("zoals marieke al zei, en jansen ook", people)
    assert "marieke" not in result and "jansen" not in result


def test_first_name_inside_a_username_and_mentioned_strangers(deduce_ready: None) -> None:
    author = Person(41, "tina_g", "")
    topic = TopicInput(
        8,
        "Vraag",
        (
            post(
                1,
                author,
                "<p>@nadia_b jij zei toch dat nadia hier meer van wist? groet tina</p>",
            ),
        ),
        (author,),
    )
    text = Anonymizer().topic(topic).posts[0].text
    assert "nadia" not in text.lower() and "tina" not in text.lower(), text
    assert "Deelnemer A" in text


def test_name_contexts_do_not_eat_ordinary_words(deduce_ready: None) -> None:
    """Over-redaction found in the demo forum: a relative inside a word ("kinderen"), a verb
    after a role, a benefit inside a username, a profession that is also a surname."""
    people = (Person(51, "wia_strijder", "Wia Bakker"), Person(52, "eren_k", "Eren Kaya"))
    for text in (
        "Mijn kinderen stonden erbij.",
        "Herbeoordeling WIA aangekondigd.",
        "Het verslag van de huisarts ligt klaar.",
        "Mag mijn dochter werken met Wajong?",
        "En de bakker heeft het ook gehoord.",
        "Een heel lieve jonge vrouw.",
    ):
        assert anonymize.anonymize_text(text, people) == text


def test_adjacent_same_placeholders_merge() -> None:
    text = "werkcoach Ruud Hendriks belt, Jan en Piet niet"
    spans = [Span(10, 14, 60, "[naam]"), Span(15, 23, 55, "[naam]")]
    spans += [Span(30, 33, 60, "[naam]"), Span(37, 41, 60, "[naam]")]
    assert apply(text, spans) == "werkcoach [naam] belt, [naam] en [naam] niet"
