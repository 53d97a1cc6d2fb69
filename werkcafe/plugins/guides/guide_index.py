"""The guides' search index: one small JSON file per language, scored at build time.

Pagefind's floor for one query is its own code and stemming WebAssembly (86 KB gzip) plus
one index chunk of 20,000 word locations (about 30 KB), more than issue 12's 100 KB / 30 KB
budget. The guides are few (about 31 pages a language) and do not grow with the forum, so
their whole index fits in one file smaller than one Pagefind chunk: every stem with its
postings (page, BM25 score with title and heading weight, the section where it counts most).
The browser only stems the query (stemming.py), looks stems up and adds scores
(overrides/assets/werkcafe/guide-search.js).

It reads what Pagefind read: the built pages' `data-pagefind-body` element (the template
sets it on every page that belongs in search, overrides/partials/werkcafe-content.html),
without permalink signs, tag chips and `data-pagefind-ignore` parts; the language is the
page's `<html lang>`.
"""

from __future__ import annotations

import gzip
import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from werkcafe.plugins.guides.stemming import stem, words

# How much a word counts where it stands. BM25 gives a word in the text at most
# idf × (K1 + 1); a word in the title adds idf × TITLE_BONUS × (1 + its share of the title)
# on top, more than that, so for a one-word query the guide whose title names it comes
# before every page that only mentions it, and a title that is just that word ("Bijstand")
# before a longer one ("Van WW naar bijstand").
HEADING_WEIGHT, DESCRIPTION_WEIGHT = 2.0, 2.0
K1, B = 1.2, 0.75  # BM25's usual constants
TITLE_BONUS = K1 + 1.3
SKIPPED_CLASSES = {"headerlink", "md-tags"}
INLINE = {"a", "abbr", "b", "code", "em", "i", "kbd", "mark", "small", "span", "strong",
          "sub", "sup", "time", "u"}
VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
HEADINGS = {"h2", "h3"}


@dataclass
class Section:
    anchor: str
    heading: str


@dataclass
class Document:
    url: str
    language: str
    title: str = ""
    description: str = ""
    # (section number or -1 before the first heading, text, weight)
    parts: list[tuple[int, str, float]] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)


class _PageParser(HTMLParser):
    """Collects title, description and the searchable body of one built page."""

    def __init__(self, url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.doc = Document(url=url, language="")
        self.searchable = False
        self._body: list[str] = []  # open tags inside the body element
        self._skip = 0  # depth inside an element that is not content
        self._h1: list[str] | None = None
        self._heading: tuple[str, str, list[str]] | None = None
        self._text: list[str] = []
        self._section = -1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.doc.language = (a.get("lang") or "").split("-")[0]
        elif tag == "meta" and a.get("name") == "description":
            self.doc.description = a.get("content") or ""
        elif tag == "h1" and self._h1 is None and not self.doc.title:
            self._h1 = []
        if not self._body:
            if "data-pagefind-body" in a and tag not in VOID:
                self.searchable = True
                self._body.append(tag)
            return
        if tag in VOID:
            self._space(tag)
            return
        self._body.append(tag)
        classes = set((a.get("class") or "").split())
        if self._skip or classes & SKIPPED_CLASSES or "data-pagefind-ignore" in a:
            self._skip += 1
            return
        if tag in HEADINGS and a.get("id"):
            self._flush()
            self._heading = (tag, a["id"] or "", [])
        self._space(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1" and self._h1 is not None:
            self.doc.title = " ".join("".join(self._h1).split())
            self._h1 = None
        if not self._body or tag in VOID:
            return
        # Close up to the matching open tag (HTML lets some end tags be left out).
        if tag not in self._body:
            return
        while self._body:
            open_tag = self._body.pop()
            if self._skip:
                self._skip -= 1
            elif self._heading and open_tag == self._heading[0]:
                _, anchor, text = self._heading
                heading = " ".join("".join(text).split())
                self.doc.sections.append(Section(anchor, heading))
                self._section = len(self.doc.sections) - 1
                self.doc.parts.append((self._section, heading, HEADING_WEIGHT))
                self._heading = None
            if open_tag == tag:
                break
        self._space(tag)
        if not self._body:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._h1 is not None:
            self._h1.append(data)
        if not self._body or self._skip:
            return
        (self._heading[2] if self._heading else self._text).append(data)

    def _space(self, tag: str) -> None:
        """Block elements separate words ("Checklist" and the list under it)."""
        if tag not in INLINE:
            (self._heading[2] if self._heading else self._text).append(" ")

    def _flush(self) -> None:
        text = " ".join("".join(self._text).split())
        if text:
            self.doc.parts.append((self._section, text, 1.0))
        self._text = []


def read_page(html: str, url: str) -> Document | None:
    """The searchable part of a built page, or None for a page that is not in search."""
    parser = _PageParser(url)
    parser.feed(html)
    parser.close()
    doc = parser.doc
    if not parser.searchable:
        return None
    doc.language = doc.language or "nl"
    doc.title = doc.title or url
    return doc


def read_site(site_dir: Path, excluded: Iterable[str]) -> list[Document]:
    """Every searchable page of the built site outside the `excluded` folders."""
    excluded = tuple(f"{e.strip('/')}/" for e in excluded)
    docs = []
    for path in sorted(site_dir.rglob("*.html")):
        relative = path.relative_to(site_dir).as_posix()
        if relative.startswith(excluded):
            continue
        url = relative.removesuffix("index.html")
        doc = read_page(path.read_text("utf-8"), url)
        if doc:
            docs.append(doc)
    return docs


def title_shares(doc: Document) -> dict[str, float]:
    """Per stem of the title, the share of the title's words it is."""
    stems = [stem(w, doc.language) for w in words(doc.title)]
    return {s: c / len(stems) for s, c in Counter(stems).items()}


def _weighted_terms(doc: Document) -> tuple[Counter[str], dict[str, Counter[int]]]:
    """Weighted term frequency per stem, and per stem how much each section holds."""
    tf: Counter[str] = Counter()
    where: dict[str, Counter[int]] = defaultdict(Counter)
    fields = [(-1, doc.title, 1.0), (-1, doc.description, DESCRIPTION_WEIGHT), *doc.parts]
    for section, text, weight in fields:
        for word in words(text):
            key = stem(word, doc.language)
            tf[key] += weight
            if section >= 0:
                where[key][section] += weight
    return tf, where


DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
LEVELS = len(DIGITS) - 1  # scores are stored as 1..63: the best posting of the language is 63


def _encode(numbers: list[int], width: int) -> str:
    out = []
    for number in numbers:
        digits = ""
        for _ in range(width):
            number, digit = divmod(number, len(DIGITS))
            digits = DIGITS[digit] + digits
        out.append(digits)
    return "".join(out)


def build(docs: list[Document]) -> dict:
    """The index of one language: pages, and per stem its postings as one string.

    A posting is three base-64 numbers of `width` digits: page, score (1..63, on a log
    scale, so small scores keep their order too), and 1 + the section where the stem counts
    most (0: the top of the page). A string of digits packs to two thirds of the bytes of a
    JSON list of numbers, gzip included."""
    weighted = [_weighted_terms(d) for d in docs]
    titles = [title_shares(d) for d in docs]
    lengths = [sum(tf.values()) for tf, _ in weighted]
    average = sum(lengths) / len(lengths) if lengths else 1.0
    df: Counter[str] = Counter(k for tf, _ in weighted for k in tf)
    n = len(docs)
    scored: dict[str, list[tuple[int, float, int]]] = {}
    for key in sorted(df):
        # ln(1 + N/df) rather than BM25's own idf, which falls to almost nothing for a word on
        # nearly every page ("bezwaar"), and with it the title bonus that ranks the guide.
        idf = math.log(1 + n / df[key])
        postings = []
        for page, (tf, where) in enumerate(weighted):
            if key in tf:
                norm = K1 * (1 - B + B * lengths[page] / average)
                score = idf * tf[key] * (K1 + 1) / (tf[key] + norm)
                if key in titles[page]:
                    score += idf * TITLE_BONUS * (1 + titles[page][key])
                section = where[key].most_common(1)[0][0] + 1 if key in where else 0
                postings.append((page, score, section))
        scored[key] = postings
    top = math.log1p(max((s for p in scored.values() for _, s, _ in p), default=1.0))
    largest = max([n, *(len(d.sections) + 1 for d in docs)])
    width = 1 if largest < len(DIGITS) else 2
    def level(score: float) -> int:
        return max(1, round(math.log1p(score) / top * LEVELS))

    terms = {key: _encode([v for page, score, section in postings
                           for v in (page, level(score), section)], width)
             for key, postings in scored.items()}
    pages = [[d.url, d.title, d.description, [[s.anchor, s.heading] for s in d.sections]]
             for d in docs]
    return {"version": 1, "width": width, "pages": pages, "terms": terms}


def write(site_dir: Path, excluded: Iterable[str], subdir: str) -> dict[str, int]:
    """Write <subdir>/<language>.json for each language; return their sizes in bytes."""
    by_language: dict[str, list[Document]] = defaultdict(list)
    for doc in read_site(site_dir, excluded):
        by_language[doc.language].append(doc)
    out = site_dir / subdir
    out.mkdir(parents=True, exist_ok=True)
    sizes = {}
    for language, docs in sorted(by_language.items()):
        data = json.dumps(build(docs), ensure_ascii=False, separators=(",", ":"))
        target = out / f"{language}.json"
        target.write_text(data, "utf-8")
        sizes[language] = len(data.encode("utf-8"))
    return sizes


def gzip_size(path: Path) -> int:
    """What a host sends for the file (gzip, as werkcafe.pagecost measures)."""
    return len(gzip.compress(path.read_bytes(), compresslevel=6))
