"""The built site, served on localhost, driven in Debian's chromium through Playwright.

The site is built once per test session into a temporary directory, exactly as `make site`
builds it (demo forum -> SQLite -> anonymized export -> mkdocs build), and served by a
plain static file server on 127.0.0.1, like a visitor's host would.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

from werkcafe.taxonomy import REPO_ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
BIN = Path(sys.executable).parent
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml",
                "application/xml", "application/manifest+json")


@dataclass
class BuiltSite:
    path: Path
    log: str
    export: Path


PROJECT_FILES = ("mkdocs.yml", "forum.yml", "docs", "overrides", "data")


def copy_project(target: Path) -> Path:
    """A copy of what the site build reads, for tests that build a variant of the docs."""
    target.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        source = REPO_ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.exists():
            shutil.copy2(source, target / name)
    return target


def build_site(workdir: Path, project: Path = REPO_ROOT) -> BuiltSite:
    """Build the site like `make site` does, into workdir/site (never into the repo)."""
    env = {**os.environ, "WERKCAFE_FORUM_EXPORT": str(workdir / "export")}
    store = workdir / "forum.sqlite"
    for command in (
        [BIN / "forum-sync", "--store", store, "sync", "--from-dir",
         REPO_ROOT / "forum_sync" / "demo" / "forum"],
        [BIN / "forum-sync", "--store", store, "export", "--out", workdir / "export"],
    ):
        subprocess.run([str(c) for c in command], check=True, cwd=REPO_ROOT, env=env,
                       capture_output=True, text=True)
    completed = subprocess.run(
        [str(BIN / "mkdocs"), "build", "-d", str(workdir / "site")],
        cwd=project, env=env, capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return BuiltSite(workdir / "site", completed.stdout + completed.stderr, workdir / "export")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build_site(tmp_path_factory.mktemp("build"))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="session")
def site_url(built_site: BuiltSite) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(built_site.path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: run `make test` (it installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Traffic:
    """Every request a page made, and what the responses cost as a host sends them."""

    requests: list[str] = field(default_factory=list)
    responses: list[tuple[str, int, int]] = field(default_factory=list)  # url, raw, gzip

    @property
    def foreign_hosts(self) -> set[str]:
        return {urlparse(u).hostname or u for u in self.requests
                if urlparse(u).hostname not in ("127.0.0.1", "localhost")
                and not u.startswith(("data:", "blob:", "about:"))}

    @property
    def sent_bytes(self) -> int:
        return sum(compressed for _, _, compressed in self.responses)


def transfer_size(body: bytes, content_type: str) -> int:
    """Bytes on the wire: gzip for text types (as hosts do), as-is for the rest."""
    if content_type.split(";")[0].strip().startswith(COMPRESSIBLE):
        return min(len(body), len(gzip.compress(body, compresslevel=6)))
    return len(body)


@pytest.fixture
def page_with_traffic(browser):
    """A fresh context (empty cache) whose requests and response sizes are recorded."""
    contexts = []

    def open_page(javascript: bool = True, **options):
        context = browser.new_context(java_script_enabled=javascript, **options)
        contexts.append(context)
        page = context.new_page()
        traffic = Traffic()
        page.on("request", lambda request: traffic.requests.append(request.url))

        def on_response(response) -> None:
            try:
                body = response.body()
            except Exception:  # noqa: BLE001 - redirects and aborted requests have no body
                return
            traffic.responses.append((response.url, len(body),
                                      transfer_size(body, response.headers.get("content-type", ""))))

        page.on("response", on_response)
        return page, traffic

    yield open_page
    for context in contexts:
        context.close()
