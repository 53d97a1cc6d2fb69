"""Fixtures for the forum_sync tests: a demo forum on the local server and the CLI in-process."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from forum_sync import anonymize
from forum_sync.cli import main
from forum_sync.testing.model import Forum
from forum_sync.testing.server import ForumServer
from tests.forum_sync.helpers import (
    DEMO_DIR,
    MEMBER_KEY,
    MEMBER_USER,
    NOW,
    STAFF_KEY,
    STAFF_USER,
    write_config,
)


@pytest.fixture(scope="session")
def deduce_ready() -> None:
    """Load deduce once per test session (about 7 s), before the tests that need it."""
    anonymize.warm_up()


@pytest.fixture
def demo_forum() -> Forum:
    return Forum.load_dir(DEMO_DIR)


@pytest.fixture
def server(demo_forum: Forum) -> Iterator[ForumServer]:
    with ForumServer(demo_forum, per_page=10) as running:
        running.add_api_key(STAFF_KEY, STAFF_USER)
        running.add_api_key(MEMBER_KEY, MEMBER_USER)
        yield running


@dataclass
class Result:
    code: int
    out: str
    err: str


@dataclass
class Cli:
    """Runs `forum-sync` in this process with a test forum.yml in a temporary directory."""

    root: Path
    config: Path
    capsys: pytest.CaptureFixture[str]
    server: ForumServer | None = None

    @property
    def store(self) -> Path:
        return self.root / "store.sqlite"

    @property
    def export_dir(self) -> Path:
        return self.root / "export"

    def __call__(self, *args: str) -> Result:
        self.capsys.readouterr()
        code = main(["--config", str(self.config), "-q", *args])
        captured = self.capsys.readouterr()
        return Result(code, captured.out, captured.err)

    def sync(self, *args: str) -> Result:
        url = ["--url", self.server.url] if self.server is not None else []
        return self("sync", *url, *args)

    def export(self, *args: str) -> Result:
        return self("export", "--now", NOW, *args)


@pytest.fixture
def make_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Callable[..., Cli]:
    monkeypatch.delenv("DISCOURSE_API_KEY", raising=False)
    monkeypatch.delenv("DISCOURSE_API_USERNAME", raising=False)
    counter = iter(range(100))

    def make(server: ForumServer | None = None, **overrides: object) -> Cli:
        root = tmp_path / f"run{next(counter)}"
        root.mkdir()
        return Cli(root, write_config(root, **overrides), capsys, server)

    return make


@pytest.fixture
def cli(make_cli: Callable[..., Cli], server: ForumServer) -> Cli:
    return make_cli(server)
