"""HTML -> text blocks -> safe HTML; the sanitizer against XSS vectors."""

from __future__ import annotations

import re

import pytest

from forum_sync.anonymize import Anonymizer, PostInput, TopicInput
from forum_sync.htmltext import (
    Block,
    blocks_to_html,
    cooked_to_blocks,
    sanitize_html,
)
from forum_sync.model import Person
from forum_sync.signatures import strip_signature

XSS_VECTORS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<a href="javascript:alert(1)">klik</a>',
    '<a href="JaVaScRiPt:alert(1)">klik</a>',
    '<a href="jav&#x09;ascript:alert(1)">klik</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div onclick="alert(1)">x</div>',
    "<body onload=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style>"
    "</mglyph></table></mtext></math>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel=stylesheet href="javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    "<<script>script>alert(1)<</script>/script>",
    '<a href="https://ok.example" onmouseover="alert(1)">ok</a>',
    '"><script>alert(1)</script>',
    "<style>@import 'javascript:alert(1)';</style>",
    '<video><source onerror="alert(1)"></video>',
    "<template><script>alert(1)</script></template>",
    "<!--<script>alert(1)</script>-->",
]


def assert_safe(html: str) -> None:
    lowered = html.lower()
    assert "<script" not in lowered
    assert "<iframe" not in lowered and "<object" not in lowered and "<embed" not in lowered
    assert "<img" not in lowered and "<svg" not in lowered and "<style" not in lowered
    assert "javascript:" not in lowered and "vbscript:" not in lowered and "data:" not in lowered
    assert not re.search(r"<[^>]*\son[a-z]+\s*=", lowered), html
    assert "style=" not in lowered


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_sanitizer_removes_xss(vector: str) -> None:
    assert_safe(sanitize_html(vector))
    assert_safe(sanitize_html(f"<p>tekst {vector} tekst</p>"))


def test_xss_through_the_whole_anonymizer(deduce_ready: None) -> None:
    cooked = "".join(f"<p>regel {i}: {v}</p>" for i, v in enumerate(XSS_VECTORS))
    topic = TopicInput(
        1,
        "<script>alert(1)</script>",
        (PostInput(1, 1, "a_user", "2026-01-01T00:00:00Z", cooked),),
        (Person(1, "a_user", ""),),
    )
    result = Anonymizer(("example.org",)).topic(topic)
    assert_safe(result.posts[0].html)
    assert "regel 0" in result.posts[0].html


def test_links_get_rel_and_only_http() -> None:
    html = sanitize_html('<a href="https://www.uwv.nl/ww" rel="author" target="_blank">uwv</a>')
    assert 'rel="nofollow ugc noopener"' in html
    assert "target" not in html and "author" not in html


def test_extraction_drops_identity_and_keeps_structure() -> None:
    cooked = (
        '<p>Hoi <a class="mention" href="/u/piet">@piet</a>, '
        'zie <a href="https://www.uwv.nl/ww">deze pagina</a>.</p>'
        '<aside class="quote no-group" data-username="anna" data-post="2" data-topic="7">'
        '<div class="title"><div class="quote-controls"></div>'
        '<img class="avatar" src="/user_avatar/forum/anna/24/1.png"> Anna Jansen:</div>'
        "<blockquote><p>Geciteerd</p></blockquote></aside>"
        "<ul><li>een</li><li>twee</li></ul><ol><li>drie</li></ol>"
        '<div class="lightbox-wrapper">'
        '<a class="lightbox" href="/uploads/default/original/1X/cv.jpeg">'
        '<img src="/uploads/x.jpeg">'
        '<div class="meta"><span class="filename">cv_anna_jansen.jpeg</span></div></a></div>'
        '<aside class="onebox"><article>Onebox met naam</article></aside>'
        '<p><a class="attachment" href="/uploads/short-url/abc.pdf">brief_anna.pdf</a></p>'
        '<p><img src="/images/emoji/smile.png" class="emoji" alt=":smile:"></p>'
    )
    blocks = cooked_to_blocks(cooked)
    text = " ".join(b.text for b in blocks)
    assert "Anna Jansen" not in text and "cv_anna" not in text and "brief_anna" not in text
    assert "Onebox" not in text and ":smile:" not in text
    assert "@piet" in text and "(https://www.uwv.nl/ww)" in text
    kinds = [(b.kind, b.list_kind) for b in blocks]
    assert ("quote", "") in kinds and ("li", "ul") in kinds and ("li", "ol") in kinds
    quote = next(b for b in blocks if b.kind == "quote")
    assert quote.quote is not None and (
        quote.quote.username,
        quote.quote.post,
        quote.quote.topic,
    ) == ("anna", 2, 7)
    assert "[bijlage]" in text


def test_signature_footer_and_greeting_are_cut() -> None:
    blocks = [
        Block("p", "Mijn verhaal."),
        Block("p", "Groetjes,\nAnna Jansen"),
        Block("p", "-- \nAnna\n06-12345678"),
    ]
    text = " ".join(b.text for b in strip_signature(blocks))
    assert "Anna" not in text and "0612" not in text.replace("-", "") and "Groetjes" in text
    mail = [
        Block("p", "Dank je wel."),
        Block("p", "Verzonden vanaf mijn iPhone\nOp 3 mei schreef Anna <a@b.nl>:"),
    ]
    assert [b.text for b in strip_signature(mail)] == ["Dank je wel."]


def test_blocks_to_html_groups_lists_and_quotes() -> None:
    html = blocks_to_html(
        [
            Block("p", "a < b & c"),
            Block("li", "een", "ul", 1),
            Block("li", "twee", "ul", 1),
            Block("p", "na"),
        ],
    )
    assert html == "<p>a &lt; b &amp; c</p>\n<ul>\n<li>een</li>\n<li>twee</li>\n</ul>\n<p>na</p>"


def test_image_onebox_and_spoiler_leave_a_marker() -> None:
    image = (
        '<p><div class="lightbox-wrapper"><a class="lightbox" href="/uploads/x.png">'
        '<img src="/uploads/x.png"></a></div></p>'
    )
    assert " ".join(b.text for b in cooked_to_blocks(image)) == "[afbeelding]"
    onebox = '<aside class="onebox"><article>Naam Persoon schrijft</article></aside>'
    assert " ".join(b.text for b in cooked_to_blocks(onebox)) == "[link]"
    spoiler = (
        '<p>Open tekst <span class="spoiler">geheim verhaal</span></p>'
        '<div class="spoiler"><p>meer</p></div>'
    )
    text = " ".join(b.text for b in cooked_to_blocks(spoiler))
    assert "geheim" not in text and "meer" not in text
    assert "[verborgen tekst]" in text and "Open tekst" in text


def test_greeting_mid_post_keeps_the_rest() -> None:
    blocks = [
        Block("p", "groetjes dilek"),
        Block("p", "PS: het UWV belde terug en de brief is binnen"),
    ]
    kept = " ".join(b.text for b in strip_signature(blocks))
    assert "UWV belde terug" in kept
