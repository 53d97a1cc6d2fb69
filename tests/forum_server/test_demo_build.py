"""The demo-forum builder: markup to cooked HTML, validation, determinism and --check."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from forum_sync.testing import demo_build
from forum_sync.testing.cooking import CookError, cook
from forum_sync.testing.demo_build import DemoSourceError, build_forum, load_planted, main
from forum_sync.testing.dump import render_dir
from forum_sync.testing.model import Forum
from tests.forum_server.helpers import FIXTURE_SOURCE


def known(name: str) -> bool:
    return name in {"anna_test", "bram_b"}


def test_cook_discourse_constructs() -> None:
    cooked = cook(
        "Hoi @bram_b en @niemand, mail anna.test@example.nl :slight_smile:\n"
        "Lijst:\n- een\n- twee\n\n"
        '[quote="anna_test, post:1, topic:901"]\nEerder gezegd.\n[/quote]\n\n'
        "![scan](upload://ff00aa.png)\n\n"
        "https://www.uwv.nl/particulieren/\n\n"
        "Zie ook https://example.org/pagina.\n"
        "-- \nAnna\n06-11223344",
        known,
    )
    assert '<a class="mention" href="/u/bram_b">@bram_b</a>' in cooked
    assert "@niemand" in cooked and 'href="/u/niemand"' not in cooked
    assert "anna.test@example.nl" in cooked and "/u/example" not in cooked
    assert 'class="emoji" alt=":slight_smile:"' in cooked
    assert "<ul>\n<li>een</li>\n<li>twee</li>\n</ul>" in cooked
    assert (
        '<aside class="quote no-group" data-username="anna_test" data-post="1" '
        'data-topic="901">\n<div class="title">\n<div class="quote-controls"></div>\n'
        '<img alt="" width="24" height="24" '
        'src="/user_avatar/forum.werkcafe.nl/anna_test/48/1_2.png" class="avatar"> '
        "anna_test:</div>\n<blockquote>\n<p>Eerder gezegd.</p>\n</blockquote>\n</aside>"
    ) in cooked
    assert '<p><div class="lightbox-wrapper"><a class="lightbox" ' in cooked
    assert '<img src="/uploads/default/original/1X/ff00aa.png" alt="scan"' in cooked
    assert (
        '<aside class="onebox allowlistedgeneric" '
        'data-onebox-src="https://www.uwv.nl/particulieren/">' in cooked
    )
    assert '<a href="https://example.org/pagina" rel="noopener nofollow ugc">' in cooked
    assert cooked.endswith("<p>-- <br>\nAnna<br>\n06-11223344</p>")
    with pytest.raises(CookError, match="niemand"):
        cook('[quote="niemand, post:1, topic:1"]x[/quote]', known)


def test_build_is_deterministic_and_round_trips(tmp_path: Path) -> None:
    first = render_dir(build_forum(FIXTURE_SOURCE))
    assert first == render_dir(build_forum(FIXTURE_SOURCE))
    out = tmp_path / "forum"
    assert main(["--source", str(FIXTURE_SOURCE), "--out", str(out)]) == 0
    written = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*.json")}
    assert main(["--source", str(FIXTURE_SOURCE), "--out", str(out)]) == 0
    assert written == {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*.json")}
    assert set(written) >= {
        "categories.json",
        "users.json",
        "t/901.json",
        "groups/niet-publiceren/members.json",
    }
    # What load_dir reads back renders to the same files.
    assert render_dir(Forum.load_dir(out)) == first
    loaded = Forum.load_dir(out)
    assert loaded.topics[904].allowed_user_ids == [51, 52]
    assert loaded.users[56].moderator and loaded.groups["niet-publiceren"].member_ids == [55]


def test_check_detects_stale_and_extra_files(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "forum"
    args = ["--source", str(FIXTURE_SOURCE), "--out", str(out)]
    assert main([*args, "--check"]) == 1  # nothing written yet
    main(args)
    assert main([*args, "--check"]) == 0
    topic = out / "t" / "906.json"
    topic.write_text(topic.read_text("utf-8").replace("sollicitaties", "brieven"), "utf-8")
    assert main([*args, "--check"]) == 1
    assert "t/906.json" in capsys.readouterr().err
    main(args)
    (out / "t" / "4242.json").write_text("{}", "utf-8")
    assert main([*args, "--check"]) == 1
    main(args)
    assert not (out / "t" / "4242.json").exists()


def test_checked_in_demo_forum_is_up_to_date() -> None:
    assert main(["--check"]) == 0, "run: python -m forum_sync.testing.demo_build"


def test_checked_in_demo_forum_loads_losslessly() -> None:
    on_disk = {
        p.relative_to(demo_build.OUT_DIR).as_posix(): p.read_text("utf-8")
        for p in demo_build.OUT_DIR.rglob("*.json")
    }
    assert render_dir(Forum.load_dir(demo_build.OUT_DIR)) == on_disk


def write_source(tmp_path: Path, threads: dict[str, list[dict]]) -> Path:
    source = tmp_path / "source"
    source.mkdir()
    shutil.copy(FIXTURE_SOURCE / "users.yml", source / "users.yml")
    for name, items in threads.items():
        (source / name).write_text(yaml.safe_dump({"threads": items}), "utf-8")
    return source


def thread(thread_id: int = 801, **changes: object) -> dict:
    base = {
        "id": thread_id,
        "title": "Titel",
        "category": "vragen",
        "tags": ["ww"],
        "created": "2026-01-01T10:00:00Z",
        "posts": [{"user": "anna_test", "at": "2026-01-01T10:00:00Z", "text": "Hallo."}],
    }
    return base | changes


@pytest.mark.parametrize(
    ("threads", "expected"),
    [
        (
            {
                "threads-x.yml": [
                    thread(posts=[{"user": "onbekend", "at": "2026-01-01T10:00:00Z", "text": "x"}])
                ]
            },
            "threads-x.yml: thread 801: post 1: unknown user 'onbekend'",
        ),
        (
            {"threads-x.yml": [thread(category="bestaat-niet")]},
            "threads-x.yml: thread 801: unknown category slug 'bestaat-niet'",
        ),
        (
            {"threads-x.yml": [thread()], "threads-y.yml": [thread()]},
            "threads-y.yml: thread 801: duplicate thread id (also in threads-x.yml)",
        ),
        (
            {"threads-x.yml": [thread(tags=["ww", "verzonnen-tag"])]},
            "threads-x.yml: thread 801: tag 'verzonnen-tag' is not a forum_tag",
        ),
        ({"threads-x.yml": [thread(hiden=True)]}, "threads-x.yml: thread 801: unknown key 'hiden'"),
        (
            {"threads-x.yml": [thread(planted=["06-99999999"])]},
            "threads-x.yml: thread 801: planted '06-99999999' does not occur in the thread",
        ),
        (
            {
                "threads-x.yml": [
                    thread(
                        posts=[
                            {"user": "anna_test", "at": "2026-01-01T10:00:00Z", "text": "a"},
                            {
                                "user": "bram_b",
                                "at": "2026-01-01T09:00:00Z",
                                "text": "b",
                                "reply_to": 5,
                            },
                        ]
                    )
                ]
            },
            "threads-x.yml: thread 801: post 2: reply_to must be the number of an earlier post",
        ),
        (
            {
                "threads-x.yml": [
                    thread(
                        posts=[
                            {
                                "user": "anna_test",
                                "at": "2026-01-01T10:00:00Z",
                                "text": '[quote="wie, post:1, topic:1"]x[/quote]',
                            }
                        ]
                    )
                ]
            },
            "threads-x.yml: thread 801: post 1: quote of unknown user 'wie'",
        ),
    ],
)
def test_source_validation_errors(tmp_path: Path, threads: dict, expected: str) -> None:
    source = write_source(tmp_path, threads)
    with pytest.raises(DemoSourceError) as caught:
        build_forum(source)
    assert expected in str(caught.value)
    assert main(["--source", str(source), "--out", str(tmp_path / "out")]) == 2


def test_opt_out_tag_and_missing_thread_files_are_fine(tmp_path: Path) -> None:
    forum = build_forum(
        write_source(
            tmp_path, {"threads-x.yml": [thread(tags=["niet-publiceren", "doelgroep-ww"])]}
        )
    )
    assert forum.topics[801].tags == ["niet-publiceren", "doelgroep-ww"]
    empty = tmp_path / "empty"
    empty.mkdir()
    shutil.copy(FIXTURE_SOURCE / "users.yml", empty / "users.yml")
    (empty / "threads-a.yml").write_text("", "utf-8")
    assert build_forum(empty).topics == {}


def test_load_planted(tmp_path: Path) -> None:
    planted = load_planted(FIXTURE_SOURCE)
    assert planted[:2] == ["anna_test", "Anna Testpersoon"]
    assert {
        "06-11223344",
        "anna.test@example.nl",
        "upload://a1b2c3d4.jpeg",
        "a1b2c3d4.jpeg",
        "Eva Uitgeschreven",
        "mod_mila",
    } <= set(planted)
    real = load_planted()
    users = yaml.safe_load((demo_build.SOURCE_DIR / "users.yml").read_text("utf-8"))["users"]
    assert {u["username"] for u in users} <= set(real)
    assert len(real) > 2 * len(users)  # the threads plant data too
