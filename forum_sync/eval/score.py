"""Score the anonymizer on the labelled corpus, through the real path (cooked HTML ->
htmltext -> anonymizer -> published text).

A gold span is caught when none of its words survives in the output (particles such as
"van der" may stay). Words are matched by aligning the input's words with the output's
(difflib), so a word that appears elsewhere does not count as kept. Precision is per word:
of the words the anonymizer removed under a placeholder type, the share inside a gold span
of personal data. "keep" spans (benefits, agencies, municipalities as agencies) are counted
as kept when all their words survive.
"""

from __future__ import annotations

import difflib
import html
import json
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from forum_sync.anonymize import Anonymizer, PostInput, TopicInput
from forum_sync.model import Person

CORPUS = Path(__file__).parent / "corpus.jsonl"
DIRECT = ("email", "phone", "bsn", "iban", "postcode", "address")
NAMES = ("name", "username")
_WORD = re.compile(r"[^\W_]+")
PARTICLES = frozenset(
    [
        "van",
        "de",
        "der",
        "den",
        "het",
        "ter",
        "ten",
        "te",
        "t",
        "in",
        "op",
        "aan",
        "von",
        "vd",
        "el",
        "al",
        "la",
        "le",
        "da",
        "di",
        "du",
    ]
)
PLACEHOLDER_TYPES = {
    "naam": "name",
    "deelnemer": "name",
    "gebruikersnaam": "username",
    "mailadres": "email",
    "telefoonnummer": "phone",
    "bsn": "bsn",
    "rekeningnummer": "iban",
    "postcode": "postcode",
    "adres": "address",
    "link": "url",
    "plaats": "place",
    "datum": "date",
    "leeftijd": "age",
    "nummer": "number",
    "kenteken": "plate",
}


def load(path: Path = CORPUS) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def to_cooked(text: str) -> str:
    """Plain text as Discourse would cook it: paragraphs, line breaks, tables."""
    parts = []
    for para in text.split("\n\n"):
        lines = para.split("\n")
        if all(line.startswith("|") for line in lines if line.strip()):
            rows = "".join(
                "<tr>"
                + "".join(f"<td>{html.escape(c.strip())}</td>" for c in line.strip("|").split("|"))
                + "</tr>"
                for line in lines
                if line.strip()
            )
            parts.append(f'<div class="md-table"><table><tbody>{rows}</tbody></table></div>')
        else:
            parts.append("<p>" + "<br>\n".join(html.escape(line) for line in lines) + "</p>")
    return "\n".join(parts)


def anonymize_post(anonymizer: Anonymizer, post: dict, number: int) -> str:
    people = tuple(Person(1000 + i, p["username"], p["name"]) for i, p in enumerate(post["people"]))
    author = people[0] if people else Person(999, "schrijver", "")
    topic = TopicInput(
        number,
        "Vraag",
        (
            PostInput(
                1, author.user_id, author.username, "2026-01-01T00:00:00Z", to_cooked(post["text"])
            ),
        ),
        people,
    )
    return anonymizer.topic(topic).posts[0].text


@dataclass
class Score:
    found: Counter = field(default_factory=Counter)
    total: Counter = field(default_factory=Counter)
    removed_ok: Counter = field(default_factory=Counter)
    removed_all: Counter = field(default_factory=Counter)
    posts: int = 0
    seconds: float = 0.0
    misses: list[tuple[str, str, str]] = field(default_factory=list)
    over: list[tuple[str, str]] = field(default_factory=list)

    def recall(self, types: tuple[str, ...] | str) -> float:
        types = (types,) if isinstance(types, str) else types
        total = sum(self.total[t] for t in types)
        return sum(self.found[t] for t in types) / total if total else 1.0

    def precision(self, kind: str | None = None) -> float:
        kinds = [kind] if kind else list(self.removed_all)
        total = sum(self.removed_all[k] for k in kinds)
        return sum(self.removed_ok[k] for k in kinds) / total if total else 1.0


def _removed_words(text: str, output: str) -> tuple[list[re.Match[str]], dict[int, str]]:
    """The input's words, and for every removed word index the placeholder type it became."""
    words = list(_WORD.finditer(text))
    out_words = [w.group(0).lower() for w in _WORD.finditer(output)]
    matcher = difflib.SequenceMatcher(
        None, [w.group(0).lower() for w in words], out_words, autojunk=False
    )
    removed: dict[int, str] = {}
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op in ("replace", "delete"):
            kinds = [PLACEHOLDER_TYPES[w] for w in out_words[b1:b2] if w in PLACEHOLDER_TYPES]
            for i in range(a1, a2):
                removed[i] = kinds[0] if kinds else "cut"
    return words, removed


def score(posts: list[dict], anonymizer: Anonymizer | None = None) -> Score:
    anonymizer = anonymizer or Anonymizer(("uwv.nl", "werk.nl", "rijksoverheid.nl"))
    result = Score()
    started = time.perf_counter()
    outputs = [anonymize_post(anonymizer, post, n + 1) for n, post in enumerate(posts)]
    result.seconds = time.perf_counter() - started
    result.posts = len(posts)
    for post, output in zip(posts, outputs, strict=True):
        text = post["text"]
        words, removed = _removed_words(text, output)
        gold = [(s["start"], s["end"], s["type"]) for s in post["spans"]]
        for start, end, kind in gold:
            inside = [i for i, w in enumerate(words) if w.start() >= start and w.end() <= end]
            if kind != "keep":
                # Particles and single letters identify no one on their own.
                inside = [
                    i
                    for i in inside
                    if words[i].group(0).lower() not in PARTICLES and len(words[i].group(0)) > 1
                ] or inside
            result.total[kind] += 1
            if kind == "keep":
                ok = all(i not in removed for i in inside)
            else:
                ok = all(i in removed for i in inside)
            if ok:
                result.found[kind] += 1
            else:
                result.misses.append((post["id"], kind, text[start:end]))
        for i, kind in removed.items():
            w = words[i]
            personal = any(s <= w.start() and w.end() <= e and k != "keep" for s, e, k in gold)
            result.removed_all[kind] += 1
            if personal:
                result.removed_ok[kind] += 1
            else:
                result.over.append((post["id"], w.group(0)))
    return result


def table(result: Score) -> str:
    rows = ["| type | spans | recall | precision (words) |", "|---|---:|---:|---:|"]
    for kind in [*DIRECT, "number", "plate", *NAMES, "url", "place", "date"]:
        if result.total[kind]:
            precision = f"{result.precision(kind):.3f}" if result.removed_all[kind] else "–"
            rows.append(
                f"| {kind} | {result.total[kind]} | {result.recall(kind):.3f} | {precision} |"
            )
    rows.append(
        f"| **direct identifiers** | {sum(result.total[k] for k in DIRECT)} "
        f"| {result.recall(DIRECT):.3f} | |"
    )
    rows.append(
        f"| **person names** | {sum(result.total[k] for k in NAMES)} "
        f"| {result.recall(NAMES):.3f} | |"
    )
    rows.append(f"| all removals | | | {result.precision():.3f} |")
    rows.append(f"| needed words kept | {result.total['keep']} | {result.recall('keep'):.3f} | |")
    return "\n".join(rows)
