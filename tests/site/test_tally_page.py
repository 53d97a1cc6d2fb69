"""The tally page (/ervaringen/cijfers/): what it says and what it weighs.

Pure rendering of tallies.page() on tallies computed by forum_sync.tally, no site build.
"""

from __future__ import annotations

from tests.site.test_forum_plugin import TALLIES
from werkcafe.plugins.forum import tallies
from werkcafe.taxonomy import load_taxonomy


def render(data: dict, language: str = "nl") -> str:
    return tallies.page(data, load_taxonomy(), language, lambda t: t, ("tallies.csv",)).html


def test_the_suppression_note_is_a_paragraph_not_escaped_markup():
    for language, words in (("nl", "Een aantal onder de 5"), ("en", "A number below 5")):
        html = render(TALLIES, language)
        assert f"<p>{words}" in html
        assert "&lt;p&gt;" not in html
