"""Configuration of the `werkcafe/guides` plugin (mkdocs.yml -> plugins)."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class GuidesConfig(Config):
    enabled = c.Type(bool, default=True)
    # Shared data files, relative to mkdocs.yml.
    taxonomy = c.File(exists=True, default="data/taxonomy.yml")
    values = c.File(exists=True, default="data/waarden.yml")
    # Run the content checker on every build; errors stop the build.
    check = c.Type(bool, default=True)
    readability_min = c.Type(float, default=60.0)
    # Build the on-demand Pagefind search index after the last language is built.
    search = c.Type(bool, default=True)
    # Order of the top-level navigation, by file or folder name; pages inside a folder keep
    # their automatic order, so a new guide appears without anyone editing the navigation.
    nav_order = c.ListOfItems(c.Type(str), default=[
        "index", "brief", "termijnen", "regelingen", "situaties", "brieven", "ervaringen", "lokaal",
        "voor-wie", "overzicht", "tags", "over",
    ])
