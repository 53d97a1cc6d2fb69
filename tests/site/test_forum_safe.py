"""safe.py, the one door for forum-derived strings into HTML, and the export reader's checks."""

from __future__ import annotations

import json

import pytest
from markupsafe import Markup

from tests.site.htmlscan import problems
from werkcafe.plugins.forum import render, safe
from werkcafe.plugins.forum.export import ExportError, Post, Topic, load_export
from werkcafe.taxonomy import load_taxonomy


def test_text_and_titles_are_escaped_markup():
    title = safe.title('</title><script>alert(1)</script>\n---\n"x"')
    assert isinstance(title, Markup)
    assert title == "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; --- &#34;x&#34;"
    assert safe.text("a & b 'c'") == "a &amp; b &#39;c&#39;"
    # Jinja's |e leaves Markup alone: no double escaping where templates escape again.
    assert Markup.escape(title) == title


def test_post_html_keeps_the_allowlist_only():
    hostile = ('<p onclick="alert(1)">tekst <a href="javascript:alert(2)">a</a> '
               '<a href="https://uwv.nl/">uwv</a></p><script>alert(3)</script>'
               '<img src=x onerror=alert(4)><svg onload=alert(5)></svg>'
               '<a href="java&#x09;script:alert(6)">b</a>')
    cleaned = safe.post_html(hostile)
    assert problems(cleaned) == []
    assert "alert" not in cleaned and 'href="https://uwv.nl/"' in cleaned
    # the export's own (already clean) HTML passes unchanged
    clean = '<p>Het ging <strong>snel</strong>.</p>'
    assert safe.post_html(clean) == clean


def test_topic_url_is_the_forum_and_the_id_only():
    assert safe.topic_url("https://forum.werkcafe.nl/", 12) == "https://forum.werkcafe.nl/t/12"
    with pytest.raises(ValueError):
        safe.topic_url("https://forum.werkcafe.nl", "12/../../x")  # type: ignore[arg-type]


def test_a_topic_page_is_html_with_nothing_from_the_forum_unescaped():
    topic = Topic(id=7, title="# Kop {: onclick=alert(1) } [x](javascript:alert(2))",
                  created_at="2026-05-01T10:00:00Z", last_posted_at="2026-05-01T10:00:00Z",
                  post_count=1, excerpt="<img src=x onerror=alert(3)>",
                  forum_url="javascript:alert(4)",
                  category={"id": 5, "slug": "x", "name": "<b>cat</b>"}, experience=True,
                  taxonomy={"regelingen": ("ww", "<script>"), "situaties": ()},
                  posts=(Post(1, "<b>A</b>", "2026-05-01T10:00:00Z",
                              '<p onmouseover="alert(5)">hoi</p>'),))
    spec = render.topic_page(topic, load_taxonomy(), "nl", lambda target: target, {},
                             "https://forum.werkcafe.nl")
    assert problems(spec.html) == []
    assert '<h1 lang="nl"># Kop {: onclick=alert(1) } [x](javascript:alert(2))</h1>' in spec.html
    assert "https://forum.werkcafe.nl/t/7" in spec.html and "alert(4)" not in spec.html
    assert "&lt;b&gt;A&lt;/b&gt;" in spec.html and "<script>" not in spec.html
    assert "<b>cat" not in spec.html and "&lt;b&gt;cat" not in spec.html  # never shown


def test_the_export_reader_refuses_a_date_that_is_not_one(tmp_path):
    (tmp_path / "topics").mkdir()
    summary = {"id": 5, "title": "t", "created_at": "<script>", "forum_url": "x",
               "taxonomy": {"regelingen": ["ww", {"x": 1}]}}
    (tmp_path / "manifest.json").write_text(json.dumps({"schema": 1}), encoding="utf-8")
    (tmp_path / "index.json").write_text(json.dumps({"topics": [summary]}), encoding="utf-8")
    (tmp_path / "topics" / "5.json").write_text(json.dumps(summary), encoding="utf-8")
    with pytest.raises(ExportError, match="topic 5 is incomplete"):
        load_export(tmp_path)
    summary["created_at"] = "2026-05-01T10:00:00Z"
    (tmp_path / "topics" / "5.json").write_text(json.dumps(summary), encoding="utf-8")
    topic = load_export(tmp_path).topics[0]
    assert topic.keys("regelingen") == ("ww",)  # a non-string key is dropped
