"""/ervaringen/open-data/: the export's open-data files, their sizes, and how to read them.

The files are copied from the export as they are (the plugin adds them to the site); this
page lists those present with their size in bytes, and shows reading tallies.csv in Python
(pandas) and R with "<5" and "≥5" as missing values, never as numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from werkcafe.plugins.forum.render import SECTION, PageSpec, e

PATH = f"{SECTION}/open-data.md"

DESCRIPTIONS = {
    "nl": {"tallies.csv": "De aantallen, één regel per cel (CSV, UTF-8).",
           "tallies.json": "Dezelfde aantallen met labels, zoals de site ze leest (JSON).",
           "datapackage.json": "Beschrijving volgens Frictionless Data: kolommen, typen, "
                               "licentie, bronnen en hoe we kleine aantallen verbergen."},
    "en": {"tallies.csv": "The numbers, one line per cell (CSV, UTF-8).",
           "tallies.json": "The same numbers with labels, as the site reads them (JSON).",
           "datapackage.json": "Description following Frictionless Data: columns, types, "
                               "licence, sources and how small numbers are hidden."},
}
LABELS = {
    "nl": {"title": "Open data", "file": "Bestand", "about": "Wat", "size": "Grootte",
           "intro": "De cijfers over ervaringen op het forum zijn open data. Je mag ze "
                    "gebruiken met bronvermelding: “Werkcafé, forumervaringen”. De licentie is "
                    "CC BY 4.0. We maken de bestanden bij elke update van de site opnieuw.",
           "missing": "Een aantal onder de 5 staat er als “<5”, een verborgen groter aantal "
                      "als “≥5”. Lees die als ontbrekende waarde, niet als getal.",
           "python": "Lezen in Python (pandas)", "r": "Lezen in R",
           "none": "Er zijn nog geen bestanden.", "bytes": "bytes",
           "report": "Wat de cijfers zeggen staat in het rapport Knelpunten."},
    "en": {"title": "Open data", "file": "File", "about": "What", "size": "Size",
           "intro": "The numbers on experiences on the forum are open data. You may use them "
                    "with attribution: “Werkcafé, forumervaringen”. The licence is CC BY 4.0. "
                    "The files are made again with every update of the site.",
           "missing": "A number below 5 reads “<5”, a hidden larger number “≥5”. Read them as "
                      "missing values, not as numbers.",
           "python": "Reading in Python (pandas)", "r": "Reading in R",
           "none": "There are no files yet.", "bytes": "bytes",
           "report": "What the numbers say is in the Bottlenecks report."},
}

PYTHON = """import pandas as pd

url = "{url}"
# "<5" and "≥5" are hidden numbers: read them as missing (NaN), not as 0
cijfers = pd.read_csv(url, encoding="utf-8", na_values=["<5", "≥5"], keep_default_na=False)
negatief = cijfers[(cijfers.tabel == "regeling") & (cijfers.oordeel == "negatief")]
print(negatief.pivot(index="kwartaal", columns="regeling", values="aantal"))
"""

R = """url <- "{url}"
# "<5" and "≥5" are hidden numbers: read them as missing (NA), not as 0
cijfers <- read.csv(url, encoding = "UTF-8", na.strings = c("<5", "≥5"))
negatief <- subset(cijfers, tabel == "regeling" & oordeel == "negatief")
print(xtabs(aantal ~ kwartaal + regeling, data = negatief, addNA = TRUE))
"""


def size_text(size: int, language: str) -> str:
    kilo = f"{size / 1024:.1f}".replace(".", "," if language == "nl" else ".")
    return f"{kilo} kB ({size} {LABELS[language]['bytes']})"


def page(files: Mapping[str, Path], site_url: str, language: str,
         link: Callable[[str], str]) -> PageSpec:
    lab = LABELS[language]
    parts = [f"<p>{lab['intro']}</p>", f"<p>{lab['missing']}</p>"]
    if not files:
        parts.append(f"<p>{lab['none']}</p>")
    else:
        rows = []
        for name, source in files.items():
            size = source.stat().st_size
            rows.append(f'<tr data-file="{e(name)}"><th scope="row"><a href="'
                        f'{e(link(f"{SECTION}/{name}"))}" download>{e(name)}</a></th>'
                        f"<td>{e(DESCRIPTIONS[language].get(name, ''))}</td>"
                        f'<td data-bytes="{size}">{e(size_text(size, language))}</td></tr>')
        parts.append(f'<div class="wc-table"><table id="open-data-files"><caption>'
                     f"{lab['title']}</caption><thead><tr><th scope=\"col\">{lab['file']}</th>"
                     f"<th scope=\"col\">{lab['about']}</th><th scope=\"col\">{lab['size']}"
                     f"</th></tr></thead><tbody>{''.join(rows)}</tbody></table></div>")
    csv_url = f"{site_url.rstrip('/')}/{SECTION}/tallies.csv"
    parts.append(f'<h2 id="python">{lab["python"]}</h2>'
                 f'<pre><code class="language-python">{e(PYTHON.format(url=csv_url))}'
                 "</code></pre>")
    parts.append(f'<h2 id="r">{lab["r"]}</h2>'
                 f'<pre><code class="language-r">{e(R.format(url=csv_url))}</code></pre>')
    parts.append(f'<p><a href="{e(link(f"{SECTION}/knelpunten/index.md"))}">'
                 f"{lab['report']}</a></p>")
    html = f"<h1>{lab['title']}</h1>\n" + "\n".join(parts) + "\n"
    return PageSpec(PATH, lab["title"], html, in_nav=True)
