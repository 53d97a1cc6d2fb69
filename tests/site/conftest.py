"""The built site, served on localhost, driven in Debian's chromium through Playwright.

The site is built once per test session into a temporary directory, exactly as `make site`
builds it (demo forum -> SQLite -> anonymized export -> mkdocs build), and served by a
plain static file server on 127.0.0.1, like a visitor's host would.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from werkcafe.pagecost import CHROMIUM, Traffic, launch, serve
from werkcafe.taxonomy import REPO_ROOT

BIN = Path(sys.executable).parent


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


def demo_export(workdir: Path) -> Path:
    """The bundled demo forum synced and exported as `make site` does, into workdir/export."""
    env = {**os.environ, "WERKCAFE_FORUM_EXPORT": str(workdir / "export")}
    store = workdir / "forum.sqlite"
    for command in (
        [BIN / "forum-sync", "--store", store, "sync", "--from-dir",
         REPO_ROOT / "forum_sync" / "demo" / "forum"],
        [BIN / "forum-sync", "--store", store, "export", "--out", workdir / "export"],
    ):
        subprocess.run([str(c) for c in command], check=True, cwd=REPO_ROOT, env=env,
                       capture_output=True, text=True)
    return workdir / "export"


def build_site(workdir: Path, project: Path = REPO_ROOT, export: bool = True) -> BuiltSite:
    """Build the site like `make site` does, into workdir/site (never into the repo).

    With export=False the forum export is missing, as on a site with no forum configured.
    """
    env = {**os.environ, "WERKCAFE_FORUM_EXPORT": str(workdir / "export"),
           "NO_MKDOCS_2_WARNING": "1"}
    if export:
        demo_export(workdir)
    completed = subprocess.run(
        [str(BIN / "mkdocs"), "build", "-d", str(workdir / "site")],
        cwd=project, env=env, capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return BuiltSite(workdir / "site", completed.stdout + completed.stderr, workdir / "export")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build_site(tmp_path_factory.mktemp("build"))


@pytest.fixture(scope="session")
def site_url(built_site: BuiltSite) -> Iterator[str]:
    with serve(built_site.path) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: run `make test` (it installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


CSP_MESSAGE = "Content Security Policy"


@pytest.fixture
def page_with_traffic(browser):
    """A fresh context (empty cache) whose requests and response sizes are recorded.

    Every browser test fails when a page got a 4xx/5xx answer (a page load makes no failing
    request, sitemap.xml included) or the Content-Security-Policy refused something."""
    contexts, traffics, refused = [], [], []

    def open_page(javascript: bool = True, **options):
        context = browser.new_context(java_script_enabled=javascript, **options)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda message: CSP_MESSAGE in message.text
                and refused.append(message.text))
        traffics.append(Traffic().record(page))
        return page, traffics[-1]

    yield open_page
    for context in contexts:
        context.close()
    assert [f for t in traffics for f in t.failed] == [], "a request failed"
    assert refused == [], "the Content-Security-Policy refused something the site needs"


def serious_violations(page) -> list[tuple[str, str, list]]:
    """axe-core's serious and critical findings on the page (id, help, first targets)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3])
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
