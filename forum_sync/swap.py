"""Swap: publish a directory so that its path always holds a complete version, old or new.

The export path (`build/forum-export`) is a symbolic link to a versioned sibling directory
(`.forum-export.v-<time>-<random>`). A new version is written in full, then a new link is
created beside the old one and renamed over it (`Path.replace`, one atomic rename(2)): a reader
that opens the path at any moment finds the old export or the new one, never nothing and
never a half-written one.

The version the link pointed to before is kept, and so is every version replaced less than
`GRACE_SECONDS` ago (a reader that resolved the link a moment ago may still be reading it);
older versions are deleted. Readers that want one consistent version across several files
resolve the link once (`Path.resolve()`) and read from there.

The first swap over a plain directory (an export written by an earlier forum-sync) exchanges
the two with renameat2(RENAME_EXCHANGE) where the system has it (Linux), so even that step
has no gap; elsewhere it falls back to two renames, a gap of microseconds, once.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import time
import uuid
from collections.abc import Mapping
from pathlib import Path

GRACE_SECONDS = 120.0
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _prefix(target: Path) -> str:
    return f".{target.name}.v-"


def versions(target: Path) -> list[Path]:
    """The version directories beside `target`, oldest first."""
    return sorted(p for p in target.parent.glob(_prefix(target) + "*") if p.is_dir()
                  and not p.is_symlink())


def current(target: Path) -> Path | None:
    """The version `target` points to now (None: no export, or a plain directory)."""
    if not target.is_symlink():
        return None
    return (target.parent / target.readlink()).resolve()


def _write(files: Mapping[str, bytes], directory: Path) -> None:
    root = directory.resolve()
    for relative, data in sorted(files.items()):
        path = (directory / relative).resolve()
        if root not in path.parents:
            raise ValueError(f"refusing to write outside the export: {relative}")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    directory.chmod(0o755)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2). False when the system cannot."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def _link_over(link: Path, target: Path) -> Path | None:
    """Put the symlink `link` at `target`, atomically. Returns where a plain directory that
    stood at `target` went (it is kept as the previous version)."""
    if target.is_symlink() or not target.exists():
        link.replace(target)
        return None
    if not target.is_dir():
        raise FileExistsError(f"{target} exists and is neither an export nor a link to one")
    legacy = target.parent / f"{_prefix(target)}0-legacy-{uuid.uuid4().hex[:8]}"
    if _exchange(link, target):
        link.rename(legacy)  # `link` now names the old directory: keep it as a version
        return legacy
    target.rename(legacy)
    link.replace(target)
    return legacy


def _created_ns(version: Path) -> int:
    stamp = version.name.rsplit(".v-", 1)[-1].split("-", 1)[0]
    return int(stamp) if stamp.isdigit() else 0


def cleanup(target: Path, keep: Path | None = None, grace: float = GRACE_SECONDS) -> None:
    """Delete versions except the current one, `keep`, and those replaced less than `grace`
    seconds ago (their successor is that young); drop unfinished links."""
    live = {p for p in (current(target), keep) if p is not None}
    found = versions(target)
    now = time.time_ns()
    for path, successor in zip(found, [*found[1:], None], strict=True):
        recent = successor is not None and now - _created_ns(successor) < grace * 1e9
        if path.resolve() not in live and not recent:
            shutil.rmtree(path, ignore_errors=True)
    for leftover in target.parent.glob(f".{target.name}.link-*"):
        leftover.unlink(missing_ok=True)
    for leftover in target.parent.glob(f".{target.name}.new-*"):  # earlier forum-sync
        shutil.rmtree(leftover, ignore_errors=True)


def publish(files: Mapping[str, bytes], target: Path) -> Path:
    """Write `files` as a new version and switch `target` to it. Returns the version."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    before = current(target)
    stamp = f"{time.time_ns():020d}-{uuid.uuid4().hex[:8]}"
    version = target.parent / f"{_prefix(target)}{stamp}"
    link = target.parent / f".{target.name}.link-{stamp}"
    try:
        version.mkdir()
        _write(files, version)
        link.symlink_to(version.name)  # relative: the build directory may move
        before = _link_over(link, target) or before
    except BaseException:
        link.unlink(missing_ok=True)
        if current(target) != version.resolve():
            shutil.rmtree(version, ignore_errors=True)
        raise
    cleanup(target, keep=before)
    return version
