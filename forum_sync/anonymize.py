"""Anonymize a topic: cooked HTML -> plain text -> deduce + own rules -> pseudonyms -> safe HTML.

Per post:

1. `htmltext.cooked_to_blocks` takes the text out of the HTML (dropping images, avatars,
   uploads, oneboxes, iframes, quote headers) and `strip_signature` cuts signatures and
   e-mail footers. Quotes stay only when they quote a published post of the same topic
   (attributed to its pseudonym); other quotes become "[citaat uit een ander bericht]".
2. Cheap detectors run on the plain text: the pattern rules of `rules.py` (e-mail, URLs,
   IBAN with checksum, BSN with the eleven-test, phone numbers, dates with or without a year,
   licence plates, case and file numbers, postcodes, street addresses, social handles;
   `rules.py`), @mentions, every known user's name and username in any case and the variants
   people type (`names.py`), and names in a name context, with deduce's name lists
   (`namecontext.py`). Agency and regulation names, and places that name an agency, are kept.
3. deduce (v3) adds names, places, institutions, dates, ages, phone numbers, e-mail, BSN and
   URLs it finds (`deidentify.py`). It loads lazily, once per process (about 7 s), and only on
   a cache miss.
4. Overlaps resolve by priority (`resolve`); participants become "Deelnemer A", "Deelnemer B"
   (letters in order of their first published post, so a conversation stays readable); other
   people "[naam]"; places "[plaats]" and so on.
5. `htmltext.blocks_to_html` builds the published HTML and nh3 sanitizes it.

The result is cached in the store under a hash of everything it depends on (the text, the
cheap detectors' findings including the names and pseudonyms, the quote decisions and
`ANONYMIZER_VERSION`), so an export with nothing changed does not load deduce at all. The same
input always gives byte-identical output.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Protocol

from forum_sync import agencycontact, deidentify, rules
from forum_sync.deidentify import deduce_loaded, warm_up
from forum_sync.htmltext import (
    Block,
    blocks_to_html,
    blocks_to_text,
    cooked_to_blocks,
)
from forum_sync.model import Person
from forum_sync.namecontext import context_spans
from forum_sync.namepairs import pair_spans
from forum_sync.names import NameIndex, Who, identity
from forum_sync.placecontext import residence_spans
from forum_sync.repeats import repeat_spans
from forum_sync.signatures import strip_signature
from forum_sync.spans import Span, apply, resolve

__all__ = ["Anonymizer", "NameIndex", "anonymize_text", "apply", "deduce_loaded", "resolve"]
__all__ += ["AnonPost", "AnonTopic", "PostInput", "TopicInput", "letter", "warm_up"]

# Raise whenever a rule or placeholder changes: cached output of older versions is then redone.
ANONYMIZER_VERSION = "5"
NAME = "[naam]"
_MENTIONED = re.compile(r"(?<![\w.@])@([\w](?:[\w.-]*[\w])?)")
OTHER_QUOTE = "[citaat uit een ander bericht]"


class Cache(Protocol):
    def cache_get(self, key: str) -> str | None: ...
    def cache_put(self, key: str, topic_id: int, value: str) -> None: ...


def letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA, ... (spreadsheet columns)."""
    result = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        result = chr(65 + rest) + result
    return result


@dataclass(frozen=True)
class PostInput:
    number: int  # Discourse post_number
    user_id: int | None
    username: str
    created_at: str
    cooked: str


@dataclass(frozen=True)
class TopicInput:
    id: int
    title: str
    posts: tuple[PostInput, ...]  # the published posts only, in order
    people: tuple[Person, ...]  # everyone the topic names (also authors of unpublished posts)


@dataclass(frozen=True)
class AnonPost:
    number: int  # 1..n in the published order
    participant: str  # letter
    created_at: str
    html: str
    text: str


@dataclass(frozen=True)
class AnonTopic:
    id: int
    title: str
    excerpt: str
    posts: tuple[AnonPost, ...]


def excerpt(text: str, limit: int = 200) -> str:
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:.") + "…"


class Anonymizer:
    """Anonymizes topics; `others` are all users known by name (the opt-out group included)."""

    def __init__(
        self,
        link_domains: Iterable[str] = (),
        forum_host: str = "",
        others: Iterable[Person] = (),
        cache: Cache | None = None,
    ) -> None:
        self.link_domains = tuple(sorted(link_domains))
        self.forum_host = forum_host.lower()
        self.others = tuple(others)
        self.base_index = NameIndex(self.others)
        self.context_digest = _digest(
            [
                self.link_domains,
                self.forum_host,
                sorted((p.user_id or 0, p.username, p.name) for p in self.others),
            ]
        )
        self.cache = cache
        self.used_keys: set[str] = set()
        self.hits = 0
        self.misses = 0

    # --- per topic --------------------------------------------------------------------
    def topic(self, topic: TopicInput) -> AnonTopic:
        letters: dict[tuple[str, str], str] = {}
        for post in topic.posts:
            who = identity(post.user_id, post.username)
            letters.setdefault(who, letter(len(letters)))
        # People @mentioned in the topic are named in it too, even when the store does not
        # know them (yet): their usernames and the first names inside them.
        known = {p.username.lower() for p in topic.people}
        mentioned = sorted(
            {
                name
                for post in topic.posts
                for name in _MENTIONED.findall(post.cooked)
                if name.lower() not in known
            }
        )
        index = self.base_index.overlay([*topic.people, *(Person(None, m, "") for m in mentioned)])
        by_username = {p.username.lower(): identity(p.user_id, p.username) for p in topic.people}
        for post in topic.posts:
            by_username.setdefault(post.username.lower(), identity(post.user_id, post.username))
        context = _Context(topic.id, letters, index, by_username)
        published = {p.number: letters[identity(p.user_id, p.username)] for p in topic.posts}
        # First-level key: the raw input and everything around it. While nobody new appears
        # in the store it hits, and not even the HTML is parsed again.
        around = _digest(
            [
                self.context_digest,
                topic.id,
                sorted((p.user_id or 0, p.username, p.name) for p in topic.people),
                sorted(published.items()),
                sorted((str(k), v) for k, v in letters.items()),
            ]
        )

        def title_blocks() -> tuple[list[Block], dict[int, str]]:
            return [Block("p", topic.title)], {}

        title = self._lookup("title", topic.id, topic.title, around, title_blocks, context)[1]
        posts: list[AnonPost] = []
        for n, post in enumerate(topic.posts, start=1):

            def post_blocks(cooked: str = post.cooked) -> tuple[list[Block], dict[int, str]]:
                return self._prepare(cooked, topic.id, published)

            html, text = self._lookup("post", topic.id, post.cooked, around, post_blocks, context)
            posts.append(AnonPost(n, published[post.number], post.created_at, html, text))
        first = posts[0].text if posts else ""
        return AnonTopic(topic.id, title.replace("\n", " ").strip(), excerpt(first), tuple(posts))

    def _prepare(
        self, cooked: str, topic_id: int, published: dict[int, str]
    ) -> tuple[list[Block], dict[int, str]]:
        blocks = strip_signature(cooked_to_blocks(cooked))
        out: list[Block] = []
        attributions: dict[int, str] = {}
        previous = None
        for block in blocks:
            quote = block.quote
            if (
                block.kind == "quote"
                and quote is not None
                and (quote.username or quote.topic or quote.post)
            ):
                same = quote.topic in (None, topic_id) and quote.post in published
                if not same:
                    if not out or out[-1].text != OTHER_QUOTE:
                        out.append(Block("note", OTHER_QUOTE))
                    previous = quote
                    continue
                if quote != previous:
                    attributions[len(out)] = f"Deelnemer {published[quote.post]} schreef:"
            out.append(block)
            previous = quote if block.kind == "quote" else None
        return out, attributions

    def _lookup(
        self,
        kind: str,
        topic_id: int,
        source: str,
        around: str,
        prepare: Callable[[], tuple[list[Block], dict[int, str]]],
        ctx: _Context,
    ) -> tuple[str, str]:
        key = _digest([ANONYMIZER_VERSION, "raw", kind, around, source])
        self.used_keys.add(key)
        if self.cache is not None:
            hit = self.cache.cache_get(key)
            if hit is not None:
                self.hits += 1
                html, text, second = json.loads(hit)
                self.used_keys.add(second)  # keep the second level alive for later misses
                return html, text
        blocks, attributions = prepare()
        html, text, second = self._cached(kind, topic_id, blocks, attributions, ctx)
        if self.cache is not None:
            value = json.dumps([html, text, second], ensure_ascii=False)
            self.cache.cache_put(key, topic_id, value)
        return html, text

    def _cached(
        self,
        kind: str,
        topic_id: int,
        blocks: list[Block],
        attributions: dict[int, str],
        ctx: _Context,
    ) -> tuple[str, str, str]:
        """Second level: keyed by the plain text and what the cheap detectors found in it,
        so a new user elsewhere in the forum does not force deduce to run again."""
        joined, ranges = _join(blocks)
        cheap = self._cheap_spans(joined, ranges, ctx)
        material = json.dumps(
            [
                ANONYMIZER_VERSION,
                kind,
                joined,
                [(b.kind, b.list_kind, b.list_id, b.quote is not None) for b in blocks],
                sorted(attributions.items()),
                [(s.start, s.end, s.priority, s.replacement) for s in cheap],
            ],
            ensure_ascii=False,
        )
        key = hashlib.sha256(material.encode()).hexdigest()
        self.used_keys.add(key)
        if self.cache is not None:
            hit = self.cache.cache_get(key)
            if hit is not None:
                self.hits += 1
                html, text = json.loads(hit)
                return html, text, key
        self.misses += 1
        spans = resolve(joined, [*cheap, *deidentify.deduce_spans(joined)])
        spans = resolve(joined, [*spans, *repeat_spans(joined, spans)])
        new_blocks = [
            replace(block, text=apply(joined, spans, a, b))
            for block, (a, b) in zip(blocks, ranges, strict=True)
        ]
        html = blocks_to_html(new_blocks, attributions) if kind == "post" else ""
        text = blocks_to_text(new_blocks)
        if self.cache is not None:
            self.cache.cache_put(key, topic_id, json.dumps([html, text], ensure_ascii=False))
        return html, text, key

    def _cheap_spans(self, text: str, ranges: list[tuple[int, int]], ctx: _Context) -> list[Span]:
        spans: list[Span] = []
        # Block separators are never part of a replacement.
        for (_, end), (start, _) in itertools.pairwise(ranges):
            spans.append(Span(end, start, rules.P_SEPARATOR, None))
        spans += rules.rule_spans(text, self.link_domains, self.forum_host)
        spans += rules.protected_spans(text)
        spans += rules.agency_spans(text)
        spans += agencycontact.keep_spans(text, self.link_domains)
        spans += context_spans(text)
        spans += pair_spans(text)
        spans += residence_spans(text)
        for start, end, username in rules.mentions(text):
            who = ctx.by_username.get(username.lower())
            spans.append(
                Span(start, end, rules.P_MENTION, ctx.label(frozenset({who} if who else ())))
            )
        for start, end, who, priority in ctx.index.find(text):
            spans.append(Span(start, end, priority, ctx.label(who)))
        return spans


@dataclass(frozen=True)
class _Context:
    topic_id: int
    letters: dict[Who, str]
    index: NameIndex
    by_username: dict[str, Who]

    def label(self, who: frozenset[Who]) -> str:
        """The pseudonym when the name points at exactly one participant, else "[naam]"."""
        found = {self.letters[w] for w in who if w in self.letters}
        if len(found) == 1:
            return f"Deelnemer {found.pop()}"
        return NAME


def _digest(material: object) -> str:
    blob = json.dumps(material, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def _join(blocks: list[Block]) -> tuple[str, list[tuple[int, int]]]:
    ranges: list[tuple[int, int]] = []
    parts: list[str] = []
    pos = 0
    for block in blocks:
        text = re.sub(r"\n{2,}", "\n", block.text)
        if parts:
            parts.append("\n\n")
            pos += 2
        ranges.append((pos, pos + len(text)))
        parts.append(text)
        pos += len(text)
    return "".join(parts), ranges


def anonymize_text(
    text: str, people: Iterable[Person] = (), link_domains: Iterable[str] = ()
) -> str:
    """De-identify one plain text (no participants: every known name becomes "[naam]")."""
    ctx = _Context(
        0,
        {},
        NameIndex(people),
        {p.username.lower(): identity(p.user_id, p.username) for p in people},
    )
    anonymizer = Anonymizer(link_domains)
    return anonymizer._cached("title", 0, [Block("p", text)], {}, ctx)[1]


if __name__ == "__main__":
    # `python -m forum_sync.anonymize` builds deduce's lookup tables (for `make setup`) and
    # leaves without the ~8 s it takes to free them again.
    import os
    import sys

    warm_up()
    print("deduce is ready", file=sys.stderr)
    sys.stderr.flush()
    os._exit(0)
