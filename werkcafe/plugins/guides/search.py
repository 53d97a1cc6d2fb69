"""The on-demand search index (Pagefind), built once after every language is written.

Pagefind splits the index into small chunks per language (from each page's `<html lang>`),
with Dutch and English stemming; the browser fetches only the chunks a query needs, so a page
view costs nothing until the reader searches.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

OUTPUT_SUBDIR = "pagefind"


def build_index(site_dir: Path) -> str:
    """Index site_dir into site_dir/pagefind; return Pagefind's summary line."""
    output = Path(site_dir) / OUTPUT_SUBDIR
    # Pagefind leaves stale language files behind when writing over an old index.
    shutil.rmtree(output, ignore_errors=True)
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir),
               "--output-subdir", OUTPUT_SUBDIR, "--silent",
               # permalink signs and tag chips are not content
               "--exclude-selectors", ".headerlink", "--exclude-selectors", ".md-tags"]
    try:
        completed = subprocess.run(command, capture_output=True, text=True, timeout=300,
                                   check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PluginError(f"Pagefind could not index {site_dir}: {exc}") from exc
    if completed.returncode != 0:
        raise PluginError(f"Pagefind failed on {site_dir}:\n{completed.stderr or completed.stdout}")
    if not (output / "pagefind.js").is_file():
        raise PluginError(f"Pagefind wrote no index to {output}")
    languages = sorted(p.name.removeprefix("wasm.").removesuffix(".pagefind")
                       for p in output.glob("wasm.*.pagefind"))
    return f"search index for {', '.join(languages) or 'no languages'} in {output}"
