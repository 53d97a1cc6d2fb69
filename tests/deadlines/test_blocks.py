"""The build-time HTML of the calculator: escaping, the no-JS table, the guide checklist."""

from __future__ import annotations

import datetime as dt
import html
import json
import re

import pytest

from tests.deadlines.test_rules import PERIODS
from werkcafe.deadlines import blocks

D = dt.date


def url_for(path: str) -> str:
    return "../" + path.removesuffix(".md") + "/"


def asset(path: str) -> str:
    return "../" + path


def test_calculator_carries_the_periods_as_data_and_no_inline_script():
    out = blocks.calculator("nl", PERIODS, url_for, asset, 1)
    config = json.loads(html.unescape(re.search(r'data-wc-calc="([^"]*)"', out).group(1)))
    assert config["periods"]["bezwaartermijn"] == {"weken": 6}
    assert config["kinds"]["bezwaar"]["todo"] == "../termijnen/#bezwaar"
    assert '<script src="../assets/werkcafe/termijnen.js" defer></script>' in out
    assert re.search(r"<script(?![^>]*\bsrc=)", out) is None  # CSP: scripts are files
    assert re.search(r"<[^>]*\son[a-z]+\s*=", out) is None  # no inline event handlers
    assert "<form" in out and " hidden>" in out  # shown by the script, not without it


def test_embedded_block_offers_only_its_kind():
    out = blocks.calculator("en", PERIODS, url_for, asset, 2, only="beroep")
    assert re.findall(r'<option value="([^"]+)"', out) == ["beroep"]
    assert 'id="wc-calc-2-date"' in out and "Date of the decision on your objection" in out


def test_unknown_kind_in_a_marker_stops_the_build():
    with pytest.raises(ValueError, match="onbekende termijn"):
        blocks.expand("<!-- werkcafe:termijn bestaat-niet -->", "nl", PERIODS, D(2026, 11, 30),
                      url_for, asset)


def test_table_covers_open_letters_and_the_coming_eight_weeks():
    out = blocks.table("nl", PERIODS, D(2026, 11, 30))
    rows = re.findall(r"<tr><td>([^<]+)</td><td>([^<]+)</td><td>([^<]+)</td></tr>", out)
    assert rows[0][0] == "19-10-2026"  # six weeks back: still open today
    assert rows[-1][0] == "25-01-2027"  # eight weeks ahead
    assert ("16-11-2026", "maandag 28 december 2026", "maandag 30 november 2026") in rows
    assert 'tabindex="0"' in out  # the scrolling table is reachable by keyboard


def test_guide_checklist_is_copied_with_links_that_work_from_the_new_page():
    guide = ("Tekst\n\n<div class=\"checklist\" markdown>\n\n### Wat neem je mee\n\n"
             "- [ ] De [brief](../brieven/bezwaarschrift.md) en [UWV](https://uwv.nl)\n"
             "- [ ] Zie [hieronder](#later)\n\n</div>\n\nMeer tekst\n")
    out = blocks.guide_checklist(guide, "situaties/bezwaar.md", "termijnen.md")
    assert out.startswith('<div class="checklist" markdown>') and "Meer tekst" not in out
    assert "](brieven/bezwaarschrift.md)" in out
    assert "](https://uwv.nl)" in out and "](#later)" in out
    with pytest.raises(ValueError, match="geen checklist"):
        blocks.guide_checklist("geen lijst", "situaties/x.md", "termijnen.md")


def test_link_block_under_regulation_guides_and_the_objection_guide():
    assert blocks.wants_link_block("regeling", "regelingen/ww.md")
    assert blocks.wants_link_block("situatie", "situaties/bezwaar.md")
    assert not blocks.wants_link_block("situatie", "situaties/keuring.md")
    out = blocks.link_block("nl", "regelingen/ww.md")
    assert "](../brief.md)" in out and "](../termijnen.md)" in out
