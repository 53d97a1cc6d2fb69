"""The on-demand search indexes, built once after every language is written.

Two indexes, so a search stays light however large the forum grows:
  - zoekindex/: the guides and the other pages of the site, one JSON file per language
    with precomputed scores, and the stemmer for the query (guide_index.py, stemming.py).
    Every search loads this one: about 28 KB gzip, the whole index in one file.
  - pagefind-forum/: the experiences section (ervaringen/, in every language): the forum
    threads, in Pagefind, loaded only when the reader asks to search the experiences too.
    At 20,000 threads one index made every first query download the page list and word
    chunks of all threads (408 KB). The section's listings and tallies are not indexed
    (search: exclude). Pagefind splits it into chunks per language (from each page's
    `<html lang>`), with Dutch and English stemming.
The guides left Pagefind because its floor (its code and stemming WebAssembly, 86 KB gzip,
plus one index chunk of about 30 KB) alone passed issue 12's budget of 100 KB for a first
query and 30 KB for the next; the guides' own index costs 33 KB once and nothing after.
A page view costs nothing until the reader searches.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from mkdocs.exceptions import PluginError

from werkcafe.plugins.guides import guide_index, stemming

GUIDES_SUBDIR = "zoekindex"
FORUM_SUBDIR = "pagefind-forum"
# The experiences section, per language folder (the default language is at the root).
FORUM_PAGES = "ervaringen"
# Folders whose pages are all `search: exclude` (no data-pagefind-body, so no index takes
# anything from them): /lokaal/ and its hundreds of municipality pages. The guides' index
# does not read them; it is the same without them (tests/site/test_lokaal_fill_site.py).
UNINDEXED = ("lokaal",)


def language_folders(site_dir: Path, name: str) -> list[str]:
    """`name` and <language>/`name`, those that exist."""
    found = [site_dir / name, *sorted(site_dir.glob(f"*/{name}"))]
    return [f.relative_to(site_dir).as_posix() for f in found if f.is_dir()]


def forum_folders(site_dir: Path) -> list[str]:
    """The experiences folders: ervaringen and <language>/ervaringen."""
    return language_folders(site_dir, FORUM_PAGES)


def _pagefind(site_dir: Path, subdir: str, glob: str) -> Path:
    output = site_dir / subdir
    # Pagefind leaves stale language files behind when writing over an old index.
    shutil.rmtree(output, ignore_errors=True)
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir),
               "--output-subdir", subdir, "--glob", glob, "--silent",
               # permalink signs and tag chips are not content
               "--exclude-selectors", ".headerlink", "--exclude-selectors", ".md-tags"]
    try:
        completed = subprocess.run(command, capture_output=True, text=True, timeout=900,
                                   check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PluginError(f"Pagefind could not index {site_dir}: {exc}") from exc
    if completed.returncode != 0:
        raise PluginError(f"Pagefind failed on {site_dir}:\n{completed.stderr or completed.stdout}")
    if not (output / "pagefind.js").is_file():
        raise PluginError(f"Pagefind wrote no index to {output}")
    return output


def build_guides_index(site_dir: Path, excluded: Sequence[str]) -> str:
    """zoekindex/<language>.json and the stemmer module for each language, from every page
    outside the `excluded` folders."""
    output = site_dir / GUIDES_SUBDIR
    shutil.rmtree(output, ignore_errors=True)
    sizes = guide_index.write(site_dir, excluded, GUIDES_SUBDIR)
    for language in sizes:
        (output / f"stem.{language}.js").write_text(stemming.stemmer_module(language), "utf-8")
    return "guides index " + ", ".join(
        f"{language}: {size / 1024:.1f} KB, "
        f"{guide_index.gzip_size(output / f'{language}.json') / 1024:.1f} KB gzip"
        for language, size in sizes.items())


def build_index(site_dir: Path) -> str:
    """Index site_dir into zoekindex/ (guides) and pagefind-forum/ (threads); return a summary."""
    site_dir = Path(site_dir)
    forum = forum_folders(site_dir)
    unindexed = [f for name in UNINDEXED for f in language_folders(site_dir, name)]
    summary = build_guides_index(site_dir, [*forum, *unindexed])
    shutil.rmtree(site_dir / FORUM_SUBDIR, ignore_errors=True)
    if forum:
        glob = "{" + ",".join(f"{f}/**/*.html" for f in forum) + "}"
        summary += f"; forum threads in {_pagefind(site_dir, FORUM_SUBDIR, glob)}"
    return summary
