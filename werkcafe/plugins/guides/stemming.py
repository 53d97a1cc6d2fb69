"""One tokenizer and one stemmer per language, the same in Python (build) and the browser.

The guides' search index (guide_index.py) is keyed by stem, so the browser must stem a
query exactly as the build stemmed the text. Both sides run the classic Snowball
algorithms: Dutch is Snowball's original Dutch stemmer (`dutch_porter` in snowballstemmer
3; Snowball 3.0 gave the name `dutch` to a new algorithm that strips "ge-" too), English is
Martin Porter's stemmer. The browser gets the JavaScript of the same algorithms from the
installed packages (lunr-languages' Dutch, which Material for MkDocs vendors, and lunr's
Porter stemmer, which MkDocs vendors for its own search plugin), copied into the site at
build time with a small shim around it, so no third-party code is committed here.
tests/site/test_search_stemming.py stems every word of both languages' guides in Chromium and
compares.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

import material
import mkdocs.contrib.search
import snowballstemmer

# Python's \w without "_" is letters and digits (str.isalnum); the browser uses
# /[\p{L}\p{N}]+/gu, which is the same set.
WORD = re.compile(r"[^\W_]+")
SHORT = 3
ALGORITHMS = {"nl": "dutch_porter", "en": "porter"}
# lunr-languages, minified, as Material for MkDocs ships it (3 KB gzip against 5 KB for the
# commented copy in MkDocs); lunr itself from MkDocs' search plugin.
LUNR_LANGUAGES = Path(material.__file__).parent / "templates/assets/javascripts/lunr/min"
SUPPORT = LUNR_LANGUAGES / "lunr.stemmer.support.min.js"
DUTCH = LUNR_LANGUAGES / "lunr.nl.min.js"
LUNR_CORE = Path(mkdocs.contrib.search.__file__).parent / "templates" / "search" / "lunr.js"
# lunr.js defines its Porter stemmer as one expression; we take just that.
PORTER = re.compile(r"^lunr\.stemmer = \(function\(\)\{\n.*?^\}\)\(\);\n", re.M | re.S)


def words(text: str) -> list[str]:
    """The words of a text, lowercased and in NFC (the browser does the same)."""
    return WORD.findall(unicodedata.normalize("NFC", text).lower())


@cache
def _stemmer(language: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(ALGORITHMS.get(language, "porter"))


@lru_cache(maxsize=65536)  # a text repeats its words; pure-Python stemming is the slow part
def stem(word: str, language: str) -> str:
    """Words of one or two letters stay as they are (lunr's Porter stemmer does so too)."""
    return word if len(word) < SHORT else _stemmer(language).stemWord(word)


def stemmer_module(language: str) -> str:
    """An ES module exporting stem(word), for the browser, built from the installed sources."""
    header = ("// Built by werkcafe/plugins/guides/stemming.py from the stemmers that Material\n"
              "// and MkDocs ship (lunr-languages, lunr); their licences are in their headers.\n")
    if language == "nl":
        # lunr-languages' files are UMD: with `this` set to an object holding a `lunr`
        # shim they take the browser-global path and register on the shim.
        return header + (
            "const root = { lunr: { Pipeline: { registerFunction() {} },\n"
            "  generateStopWordFilter() { return () => undefined; } } };\n"
            f"(function () {{\n{SUPPORT.read_text('utf-8')}\n}}).call(root);\n"
            f"(function () {{\n{DUTCH.read_text('utf-8')}\n}}).call(root);\n"
            "export function stem(word) {\n"
            f"  return word.length < {SHORT} ? word : root.lunr.nl.stemmer(word);\n}}\n")
    match = PORTER.search(LUNR_CORE.read_text("utf-8"))
    if not match:
        raise ValueError(f"{LUNR_CORE}: lunr's Porter stemmer not found")
    return header + ("/*!\n * lunr.stemmer\n * Copyright (C) 2020 Oliver Nightingale\n"
                     " * Includes code from - http://tartarus.org/~martin/PorterStemmer/js.txt\n"
                     " * @license MIT\n */\nconst lunr = {};\n" + match.group(0) +
                     "export function stem(word) {\n"
                     f"  if (word.length < {SHORT}) return word;\n"
                     "  return lunr.stemmer({ update: (fn) => fn(word) });\n}\n")
