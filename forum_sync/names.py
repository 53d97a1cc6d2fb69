"""Known people's names and usernames, found in any case and in the variants people type.

`NameIndex` maps token sequences of every participant's and member's name, and their
usernames, to who they belong to:

- the whole name and the username, in any case ("JOLIEN VAN DEN BERG", "k.OZTURK");
- first name and surname alone, in any case ("zoals jolien al zei", "van den berg"), except a
  part that is also a common word ("Roos", "Even"): that one only with a capital;
- username variants: without separators, trailing digits or a doubled letter
  ("anja_dv" ~ "anjadv", "anja.dv85", "annja_dv"), and the name run together ("anjadevries").
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable

from forum_sync import lookups, rules
from forum_sync.model import Person
from forum_sync.spans import P_NAME, P_NAME_PART

# Name particles (tussenvoegsels): never a name on their own.
PARTICLES = frozenset(
    {"van", "de", "der", "den", "het", "ter", "ten", "te", "von", "vd", "v.d.", "d'", "'t"}
    | {"in", "op", "el", "al", "la", "le", "da", "di", "du", "do", "dos", "del"}
)
_COARSE = re.compile(r"\w+(?:[.-]\w+)*")
_FINE = re.compile(r"[^\W_]+")

Who = tuple[str, str]  # ("id", "12") or ("u", "username")


def identity(user_id: int | None, username: str) -> Who:
    return ("id", str(user_id)) if user_id is not None else ("u", username.lower())


@functools.lru_cache(maxsize=65536)
def canonical(token: str) -> str:
    """A username's skeleton: lowercase letters only, no trailing digits, no doubled letters."""
    letters = re.sub(r"[^a-z]", "", re.sub(r"\d+$", "", token.lower().strip("._-")))
    return re.sub(r"(.)\1+", r"\1", letters)


class NameIndex:
    """Token sequences of known users' names -> who they belong to.

    Values are frozensets, so `overlay` can share the dictionaries of a large base index
    (everyone the store knows) and add one topic's participants cheaply."""

    def __init__(self, people: Iterable[Person] = ()) -> None:
        self.coarse: dict[str, frozenset[Who]] = {}
        self.skeleton: dict[str, frozenset[Who]] = {}
        self.fine: dict[tuple[str, ...], frozenset[Who]] = {}
        self.parts: dict[tuple[str, ...], frozenset[Who]] = {}  # any case
        self.capital: dict[tuple[str, ...], frozenset[Who]] = {}  # only with a capital
        self.starts: set[str] = set()  # first tokens of every key (a fast filter)
        self.max_len = 1
        for person in people:
            self.add(person)

    def overlay(self, people: Iterable[Person]) -> NameIndex:
        copy = NameIndex()
        copy.coarse, copy.skeleton, copy.fine = (
            dict(self.coarse),
            dict(self.skeleton),
            dict(self.fine),
        )
        copy.parts, copy.capital = dict(self.parts), dict(self.capital)
        copy.starts, copy.max_len = set(self.starts), self.max_len
        for person in people:
            copy.add(person)
        return copy

    @staticmethod
    def _put(table: dict, key: object, who: Who) -> None:
        table[key] = table.get(key, frozenset()) | {who}

    def _put_part(self, key: tuple[str, ...], who: Who) -> None:
        if len(key) == 1 and rules.protected_spans(key[0]):
            return  # "wia" in "wia_strijder" is the benefit, not a name
        ambiguous = len(key) == 1 and (
            key[0] in lookups.common_words() or len(key[0]) < 3 or key[0].isdigit()
        )
        self._put(self.capital if ambiguous else self.parts, key, who)
        self.starts.add(key[0])
        self.max_len = max(self.max_len, len(key))

    def _put_skeleton(self, token: str, who: Who) -> None:
        skeleton = canonical(token)
        if len(skeleton) >= 5 and skeleton not in lookups.common_words():
            self._put(self.skeleton, skeleton, who)

    def add(self, person: Person) -> None:
        who = identity(person.user_id, person.username)
        username = person.username.strip().lower()
        if len(username) >= 3 and not rules.protected_spans(username):
            self._put(self.coarse, username, who)
            self._put_skeleton(username, who)
            # A first name inside the username ("anja_dv", "marieke78") is how others
            # address its owner, also when the profile shows no name.
            for part in re.findall(r"[^\W\d_]+", username):
                if (
                    len(part) >= 3
                    and part in lookups.first_names()
                    and part not in lookups.common_words()
                ):
                    self._put_part((part,), who)
        tokens = tuple(t.lower() for t in _FINE.findall(person.name))
        if not tokens or sum(len(t) for t in tokens) < 3:
            return
        self._put(self.fine, tokens, who)
        self.starts.add(tokens[0])
        self.max_len = max(self.max_len, len(tokens))
        if len(tokens) < 2:
            return
        self._put_skeleton("".join(tokens), who)
        first, rest = tokens[0], tokens[1:]
        if len(first) >= 2 and first not in PARTICLES and not rules.protected_spans(first):
            self._put_part((first,), who)
        last = rest[-1]
        if last not in PARTICLES and len(last) >= 2 and not rules.protected_spans(last):
            self._put_part(rest, who)
            bare = tuple(t for t in rest if t not in PARTICLES)
            if bare and bare != rest and len("".join(bare)) >= 4:
                self._put_part(bare, who)

    def find(self, text: str) -> list[tuple[int, int, frozenset[Who], int]]:
        """(start, end, identities, priority) for every name occurrence."""
        found: list[tuple[int, int, frozenset[Who], int]] = []
        for m in _COARSE.finditer(text):
            token = m.group(0)
            who = self.coarse.get(token.lower())
            if not who and self.skeleton and len(token) >= 5 and not token.isdigit():
                who = self.skeleton.get(canonical(token))
            if who:
                found.append((m.start(), m.end(), who, P_NAME))
        tokens = list(_FINE.finditer(text))
        i = 0
        while i < len(tokens):
            step = 1
            if tokens[i].group(0).lower() not in self.starts:
                i += 1
                continue
            for n in range(min(self.max_len, len(tokens) - i), 0, -1):
                window = tokens[i : i + n]
                if any(text[a.end() : b.start()].strip() for a, b in itertools.pairwise(window)):
                    continue  # only words separated by spaces form a name
                key = tuple(t.group(0).lower() for t in window)
                who = self.fine.get(key)
                priority = P_NAME
                if not who:
                    who = self.parts.get(key)
                    priority = P_NAME_PART
                if not who and window[-1].group(0)[:1].isupper():
                    who = self.capital.get(key)
                if who:
                    found.append((window[0].start(), window[-1].end(), who, priority))
                    step = n
                    break
            i += step
        return found
