"""The guides plugin without a full build: config, files and nav events, then one page.

Same idea as mkdocs-static-i18n's test harness: run the plugin events MkDocs would run and
look at what they return, so each behaviour is tested in milliseconds.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import get_files
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page

from werkcafe.taxonomy import REPO_ROOT


def make_config(docs_dir: Path, site_dir: Path):
    config = load_config(
        config_file=str(REPO_ROOT / "mkdocs.yml"),
        docs_dir=str(docs_dir),
        site_dir=str(site_dir),
        plugins=[{"werkcafe/guides": {"search": False,
                                      "taxonomy": str(REPO_ROOT / "data" / "taxonomy.yml"),
                                      "values": str(REPO_ROOT / "data" / "waarden.yml")}},
                 {"i18n": {"docs_structure": "suffix", "languages": [
                     {"locale": "nl", "default": True, "name": "Nederlands", "build": True},
                     {"locale": "en", "name": "English", "build": True}]}},
                 "tags"],
    )
    config = config.plugins.run_event("config", config)
    files = config.plugins.run_event("files", get_files(config), config=config)
    nav = config.plugins.run_event("nav", get_navigation(files, config), config=config,
                                   files=files)
    return config, files, nav


def render_markdown(config, files, src_uri: str) -> tuple[Page, str]:
    file = files.get_file_from_path(src_uri)
    page = Page(None, file, config)
    page.read_source(config)
    markdown = config.plugins.run_event("page_markdown", page.markdown, page=page,
                                        config=config, files=files)
    return page, markdown


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    target = tmp_path / "docs"
    shutil.copytree(REPO_ROOT / "docs", target)
    return target


def test_value_macro_becomes_text_with_source_link(docs, tmp_path):
    config, files, _ = make_config(docs, tmp_path / "site")
    _, markdown = render_markdown(config, files, "situaties/bezwaar.nl.md")
    assert "{{ waarde(" not in markdown
    assert 'class="wc-waarde" href="https://wetten.overheid.nl/' in markdown
    assert ">zes weken</a>" in markdown


def test_start_page_lists_every_regulation_guide(docs, tmp_path):
    config, files, _ = make_config(docs, tmp_path / "site")
    _, markdown = render_markdown(config, files, "index.nl.md")
    assert "werkcafe:wegwijzer" not in markdown
    for key in ("ww", "wia", "wajong", "bijstand", "ziektewet", "wsw", "wmo"):
        assert f"(regelingen/{key}.md)" in markdown


def test_guide_tags_come_from_the_taxonomy_in_the_build_language(docs, tmp_path):
    config, files, _ = make_config(docs, tmp_path / "site")
    page, _ = render_markdown(config, files, "situaties/keuring.nl.md")
    assert "Medische keuring bij UWV" in page.meta["tags"]


def test_a_content_error_stops_the_build_and_names_the_file(docs, tmp_path):
    guide = docs / "situaties" / "keuring.nl.md"
    guide.write_text(guide.read_text(encoding="utf-8").replace("soort: situatie",
                                                                "soort: verhaal"),
                     encoding="utf-8")
    with pytest.raises(PluginError) as raised:
        make_config(docs, tmp_path / "site")
    assert "docs/situaties/keuring.nl.md:" in str(raised.value).replace(str(tmp_path) + "/", "")
    assert "'soort' moet een van" in str(raised.value)


HOSTILE_TITLE = 'UWV <script>alert("x")</script> & co'
GUIDE = """\
---
title: {title}
description: Wat je meeneemt en wat je kunt vragen.
soort: situatie
regelingen: [wia]
situaties: [keuring]
doelgroepen: [wia-ers]
laatst_gecontroleerd: 2026-11-30
redactie: [AB]
bronnen:
  - titel: '{hostile}'
    url: https://www.uwv.nl/keuring
    geraadpleegd: 2026-11-28
    citaat: Wij nodigen u uit voor een <b>gesprek</b> met de verzekeringsarts.
  - titel: Algemene wet bestuursrecht
    url: https://wetten.overheid.nl/BWBR0005537
    geraadpleegd: 2026-11-30
    citaat: De termijn voor het indienen van een bezwaarschrift bedraagt zes weken.
---

Je gaat naar een keuring. Dit lees je hier. Het is kort en duidelijk.

## Checklist

<div class="checklist" markdown>

### {a}

- [ ] Je pas

### {b}

- [ ] Wat gebeurt er nu?

### {c}

- [ ] Schrijf het op.

</div>
"""


def test_guide_header_shows_review_date_with_its_sources(tmp_path):
    from mkdocs.commands.build import build

    docs = tmp_path / "docs"
    (docs / "situaties").mkdir(parents=True)
    (docs / "index.nl.md").write_text("---\ntitle: Start\ndescription: Start.\nsoort: pagina\n"
                                      "laatst_gecontroleerd: 2026-11-30\nredactie: [AB]\n---\n\n"
                                      "Welkom.\n", encoding="utf-8")
    for language, title, headings in (
            ("nl", "Keuring", ("Wat neem je mee", "Vragen die je kunt stellen", "Na het gesprek")),
            ("en", "Assessment", ("What to bring", "Questions you can ask", "After the meeting"))):
        a, b, c = headings
        (docs / "situaties" / f"keuring.{language}.md").write_text(
            GUIDE.format(title=title, hostile=HOSTILE_TITLE, a=a, b=b, c=c), encoding="utf-8")
    config, _, _ = make_config(docs, tmp_path / "site")
    build(config)
    nl = (tmp_path / "site" / "situaties" / "keuring" / "index.html").read_text("utf-8")
    en = (tmp_path / "site" / "en" / "situaties" / "keuring" / "index.html").read_text("utf-8")

    summary = re.search(r'<details class="wc-checked">\s*<summary>(.*?)</summary>', nl, re.S)
    assert summary, "the guide header has no review line"
    assert _text(summary.group(1)) == "Gecontroleerd op 30 november 2026 tegen 2 bronnen"
    assert '<time datetime="2026-11-30">' in summary.group(1)
    assert _text(re.search(r'<details class="wc-checked">\s*<summary>(.*?)</summary>', en,
                           re.S).group(1)) == "Checked on November 30, 2026 against 2 sources"
    details = nl[nl.index('<details class="wc-checked">'):nl.index("</details>")]
    assert "geraadpleegd op <time datetime=\"2026-11-28\">28 november 2026</time>" in details
    assert '<blockquote lang="nl">De termijn voor het indienen' in details
    assert 'href="https://wetten.overheid.nl/BWBR0005537"' in details
    # Editors' text is escaped, in the header and in the source list at the bottom.
    for page in (nl, en):
        assert "<script>alert" not in page and "<b>gesprek</b>" not in page
        assert "UWV &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; co" in page
        assert "een &lt;b&gt;gesprek&lt;/b&gt; met" in page
    sources = nl[nl.index('class="wc-sources"'):]
    assert "geraadpleegd op" in sources and "blockquote" in sources


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html).split())
