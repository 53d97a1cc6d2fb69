"""The guides plugin without a full build: config, files and nav events, then one page.

Same idea as mkdocs-static-i18n's test harness: run the plugin events MkDocs would run and
look at what they return, so each behaviour is tested in milliseconds.
"""

from __future__ import annotations

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
