"""What the site plugins need to know about mkdocs-static-i18n's builds.

The i18n plugin builds the default language first and then re-runs the whole MkDocs build
for every other language on the same config, so most events fire once per language. These
helpers read its public state instead of guessing from paths.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

DEFAULT_LANGUAGE = "nl"


def _plugin(config: MkDocsConfig) -> Any | None:
    return config.plugins.get("i18n")


def current_language(config: MkDocsConfig) -> str:
    plugin = _plugin(config)
    language = getattr(plugin, "current_language", None) if plugin else None
    return language or config.theme.get("language") or DEFAULT_LANGUAGE


def default_language(config: MkDocsConfig) -> str:
    plugin = _plugin(config)
    return getattr(plugin, "default_language", None) or DEFAULT_LANGUAGE


def is_nested_build(config: MkDocsConfig) -> bool:
    """True while i18n re-runs the build for a non-default language."""
    plugin = _plugin(config)
    return bool(getattr(plugin, "building", False)) if plugin else False


def page_language(page: Page, config: MkDocsConfig) -> str:
    """Language of the page's source file (an untranslated page keeps its Dutch locale)."""
    return getattr(page.file, "locale", None) or current_language(config)


def is_fallback(page: Page, config: MkDocsConfig) -> bool:
    """An untranslated page shown in another language's build."""
    return page_language(page, config) != current_language(config)
