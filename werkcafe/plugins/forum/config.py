"""Configuration of the `werkcafe/forum` plugin (mkdocs.yml -> plugins)."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class ForumConfig(Config):
    enabled = c.Type(bool, default=True)
    # forum.yml: forum URL and the default export directory (shared with forum_sync).
    forum_config = c.Type(str, default="forum.yml")
    # Where `forum-sync export` wrote the anonymized export; default: forum.yml's output.
    export_dir = c.Optional(c.Type(str))
    # Override forum.yml's forum URL for the links on the site.
    forum_url = c.Optional(c.Type(str))
    # Category where "Stel je vraag op het forum" opens a new topic.
    ask_category = c.Type(str, default="vragen")
    # Related threads under each guide, and topics per index page.
    related = c.Type(int, default=5)
    per_page = c.Type(int, default=20)
    # /lokaal/ and /lokaal/<slug>/ (werkcafe/plugins/forum/local.py); off only to measure.
    lokaal = c.Type(bool, default=True)
    # Municipality pages written from one rendered page per language (local_fill.py); off
    # only for the test that compares them with what MkDocs renders for each page itself.
    lokaal_fill = c.Type(bool, default=True)

    def validate(self):  # cross-field checks, like mkdocs-static-i18n's config
        failed, warnings = super().validate()
        if not failed:
            if self.related < 0:
                failed.append(("related", c.ValidationError("must be 0 or more")))
            if self.per_page < 1:
                failed.append(("per_page", c.ValidationError("must be at least 1")))
        return failed, warnings
