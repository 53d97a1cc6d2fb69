"""The on-demand search indexes (Pagefind), built once after every language is written.

Two indexes, so a search stays light however large the forum grows:
  - pagefind/: the guides and the other pages of the site. Every search loads this one.
  - pagefind-forum/: the experiences section (ervaringen/, in every language): the forum
    threads, loaded only when the reader asks to search the experiences too. At 20,000
    threads one index made every first query download the page list and word chunks of all
    threads (408 KB). The section's listings and tallies are not indexed (search: exclude).
Pagefind splits each index into small chunks per language (from each page's `<html lang>`),
with Dutch and English stemming; the browser fetches only the chunks a query needs, so a page
view costs nothing until the reader searches.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from mkdocs.exceptions import PluginError

OUTPUT_SUBDIR = "pagefind"
FORUM_SUBDIR = "pagefind-forum"
# The experiences section, per language folder (the default language is at the root).
FORUM_PAGES = "ervaringen"
# Folders whose pages are all `search: exclude` (so without data-pagefind-body, and Pagefind
# indexes none of them): /lokaal/ and its hundreds of municipality pages. Left out of the
# glob so Pagefind does not read them; the index is the same (tests/site/test_lokaal_fill_site.py).
UNINDEXED = ("lokaal",)


def glob_without(site_dir: Path, excluded: Sequence[str]) -> str:
    """A Pagefind glob for every HTML file under site_dir except those in `excluded` folders.

    Pagefind's globs cannot negate, so this lists the folders beside each excluded one:
    for excluded "en/ervaringen" it takes *.html in "" and "en", and **/*.html in every
    other folder there."""
    excluded = {p.strip("/") for p in excluded}
    ancestors = {""} | {"/".join(p.split("/")[:i]) for p in excluded
                        for i in range(1, p.count("/") + 1)}
    patterns = []
    for folder in sorted(ancestors):
        base = site_dir / folder
        if not base.is_dir():
            continue
        prefix = f"{folder}/" if folder else ""
        patterns.append(f"{prefix}*.html")
        for child in sorted(p.name for p in base.iterdir() if p.is_dir()):
            path = prefix + child
            if path not in ancestors and path not in excluded:
                patterns.append(f"{path}/**/*.html")
    return "{" + ",".join(patterns) + "}"


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


def _languages(output: Path) -> list[str]:
    return sorted(p.name.removeprefix("wasm.").removesuffix(".pagefind")
                  for p in output.glob("wasm.*.pagefind"))


def build_index(site_dir: Path) -> str:
    """Index site_dir into pagefind/ (guides) and pagefind-forum/ (threads); return a summary."""
    site_dir = Path(site_dir)
    forum = forum_folders(site_dir)
    unindexed = [f for name in UNINDEXED for f in language_folders(site_dir, name)]
    guides = _pagefind(site_dir, OUTPUT_SUBDIR, glob_without(site_dir, forum + unindexed))
    summary = f"search index for {', '.join(_languages(guides)) or 'no languages'} in {guides}"
    shutil.rmtree(site_dir / FORUM_SUBDIR, ignore_errors=True)
    if forum:
        glob = "{" + ",".join(f"{f}/**/*.html" for f in forum) + "}"
        summary += f"; forum threads in {_pagefind(site_dir, FORUM_SUBDIR, glob)}"
    return summary
