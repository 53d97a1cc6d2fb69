"""What a page view costs: a static host on localhost and a network log from Chromium.

Shared by the browser tests and scripts/bench_site.py, so the test that enforces the page
budget and the benchmark that reports it measure the same way: the bytes of every response
the page loads, gzip-compressed for text types as a host sends them.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without the background-networking flags Chromium tries to reach Google's hosts.
CHROMIUM_ARGS = (
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml",
                "application/xml", "application/manifest+json")
LOCAL_HOSTS = ("127.0.0.1", "localhost")


def transfer_size(body: bytes, content_type: str) -> int:
    """Bytes on the wire: gzip for text types (as hosts do), as-is for the rest."""
    if content_type.split(";")[0].strip().startswith(COMPRESSIBLE):
        return min(len(body), len(gzip.compress(body, compresslevel=6)))
    return len(body)


@dataclass
class Traffic:
    """Every request a page made, and what the responses cost."""

    requests: list[str] = field(default_factory=list)
    responses: list[tuple[str, int, int]] = field(default_factory=list)  # url, raw, on wire
    failed: list[tuple[str, int]] = field(default_factory=list)  # url, status (4xx and 5xx)

    def record(self, page: Any) -> Traffic:
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("response", self._on_response)
        return self

    def _on_response(self, response: Any) -> None:
        if response.status >= 400:
            self.failed.append((response.url, response.status))
        try:
            body = response.body()
        except Exception:  # noqa: BLE001 - redirects and aborted requests have no body
            return
        content_type = response.headers.get("content-type", "")
        self.responses.append((response.url, len(body), transfer_size(body, content_type)))

    @property
    def foreign_hosts(self) -> set[str]:
        return {urlparse(u).hostname or u for u in self.requests
                if urlparse(u).hostname not in LOCAL_HOSTS
                and not u.startswith(("data:", "blob:", "about:"))}

    @property
    def raw_bytes(self) -> int:
        return sum(raw for _, raw, _ in self.responses)

    @property
    def sent_bytes(self) -> int:
        return sum(sent for _, _, sent in self.responses)

    def mark(self) -> int:
        return len(self.responses)

    def since(self, mark: int) -> tuple[int, int]:
        later = self.responses[mark:]
        return sum(r for _, r, _ in later), sum(s for _, _, s in later)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve a built site on 127.0.0.1; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def launch(playwright: Any) -> Any:
    return playwright.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
