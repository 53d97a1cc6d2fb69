"""Command line: `forum-sync sync|export|status` (also `python -m forum_sync`).

    forum-sync [--config forum.yml] [--store build/forum.sqlite] [-v|-q] sync
               [--full] [--url URL] [--from-dir DIR] [--now ISO8601]
    forum-sync [...] export [--out DIR] [--now ISO8601]
    forum-sync [...] status

Exit codes: 0 ok, 1 the sync or export failed (the message says which URL or topic and what
the forum answered), 2 usage or configuration error (including a staff API key).

The API key and username come only from DISCOURSE_API_KEY / DISCOURSE_API_USERNAME. Logging
never includes request headers, and pydiscourse's debug log (response bodies: personal data)
is silenced.
"""

from __future__ import annotations

import argparse
import logging
import os
import sqlite3
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from forum_sync.config import DEFAULT_CONFIG, Config, ConfigError, Credentials, load_config
from forum_sync.fetch import FetchError, make_source
from forum_sync.store import Store, StoreError
from forum_sync.sync import StaffKeyError, Syncer

log = logging.getLogger("forum_sync")
QUIET_LOGGERS = ("pydiscourse", "urllib3", "requests", "deduce", "docdeid")


def _now(value: str | None) -> datetime:
    if value is None:
        return datetime.now(UTC)
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ConfigError(f"--now: not an ISO 8601 timestamp: {value!r}") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="forum-sync",
        description="Sync the Werkcafé forum into a local store and export its public, "
        "anonymized part.",
    )
    parser.add_argument(
        "--config", type=Path, default=DEFAULT_CONFIG, help="forum.yml (default: repository root)"
    )
    parser.add_argument(
        "--store", type=Path, help="SQLite store (default: output.store in forum.yml)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="more log output")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar, warnings only")
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("sync", help="fetch changed topics from the forum into the store")
    s.add_argument("--full", action="store_true", help="re-read every topic and reconcile (weekly)")
    s.add_argument("--url", help="forum base URL (overrides forum.url)")
    s.add_argument("--from-dir", type=Path, help="read a Discourse-JSON directory instead of HTTP")
    s.add_argument("--now", help="pin the clock (ISO 8601); recorded as the sync time")
    e = sub.add_parser("export", help="write the public, anonymized export atomically")
    e.add_argument("--out", type=Path, help="export directory (default: output.export_dir)")
    e.add_argument("--now", help="pin the clock (ISO 8601) for the cooling-off rule")
    sub.add_parser("status", help="last sync, counts, schema version")
    return parser


def _setup_logging(verbose: bool, quiet: bool) -> logging.Handler:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("forum-sync: %(levelname)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    return handler


def _sync(args: argparse.Namespace, config: Config, store: Store) -> int:
    credentials = Credentials.from_env()
    if args.from_dir is not None and args.url:
        raise ConfigError("use either --url or --from-dir, not both")
    if args.from_dir is not None:
        credentials = Credentials()  # a directory needs no key (and has no /u/ to check it)
    source = make_source(config, credentials, url=args.url, from_dir=args.from_dir)
    if args.from_dir is not None:
        how = f"the directory {args.from_dir}"
    else:
        who = "with an API key" if credentials.configured else "as an anonymous visitor"
        how = f"{args.url or config.forum_url} {who}"
    log.info("sync (%s) from %s", "full" if args.full else "incremental", how)
    syncer = Syncer(store, source, config, progress=False if args.quiet else None)
    stats = syncer.run(credentials, full=args.full, now=_now(args.now) if args.now else None)
    print(f"forum-sync: sync ok: {stats.line()}")
    return 0


def _export(args: argparse.Namespace, config: Config, store: Store) -> int:
    from forum_sync.export import run_export

    out = args.out or config.export_dir
    if store.last_run("ok") is None:
        raise ConfigError(f"{store.path}: no successful sync yet; run `forum-sync sync` first")
    stats = run_export(store, config, out, _now(args.now))
    if stats.excluded:
        reasons = ", ".join(f"{reason} {n}" for reason, n in sorted(stats.excluded.items()))
        log.info("stored but not published: %s", reasons)
    print(
        f"forum-sync: export ok: {stats.topics} topics, {stats.posts} posts -> {out} "
        f"(anonymizer cache: {stats.cache_hits} hits, {stats.cache_misses} misses)"
    )
    return 0


def _status(store: Store) -> int:
    last = store.last_run()
    ok = store.last_run("ok")
    counts = store.counts()
    print(f"store: {store.path} (schema version {store.schema_version})")
    if last is None:
        print("last sync: never")
    else:
        print(
            f"last sync: {last['started_at']} {last['mode']} from {last['source']}: "
            f"{last['status']}" + (f" ({last['message']})" if last["message"] else "")
        )
    if ok is not None and (last is None or ok["id"] != last["id"]):
        print(f"last successful sync: {ok['finished_at']} {ok['mode']}")
    if ok is not None:
        print(
            f"  fetched {ok['fetched']} / changed {ok['changed']} / removed {ok['removed']} / "
            f"requests {ok['requests']} / {ok['seconds']:.1f} s"
        )
    for item in store.get_state("categories_withdrawn", []):
        print(f"WARNING: {item['message']} (since {item['since']})")
    full = store.get_state("last_full_sync")
    print(f"last full sync: {full or 'never'}")
    export = store.get_state("last_export")
    print(f"last export: {export['at'] + ' -> ' + export['dir'] if export else 'never'}")
    print(
        f"topics stored: {counts['topics_stored']}, tombstones: {counts['topics_excluded']}, "
        f"posts stored: {counts['posts_stored']}, cached anonymizations: {counts['anon_cache']}"
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; `argv` None means: this process is the program (console script)."""
    code = _main(argv)
    if argv is None:
        _exit_fast_after_deduce(code)
    return code


def _exit_fast_after_deduce(code: int) -> None:
    """Freeing deduce's lookup tables at interpreter exit takes ~8 s; a finished program
    needs none of it. Everything is written and closed by now, so flush and leave."""
    anonymize = sys.modules.get("forum_sync.anonymize")
    if anonymize is not None and anonymize.deduce_loaded():
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _main(argv: Sequence[str] | None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    handler = _setup_logging(args.verbose, args.quiet)
    try:
        config = load_config(args.config)
        if getattr(args, "now", None):
            _now(args.now)
        with Store(args.store or config.store_path) as store:
            if args.command == "sync":
                return _sync(args, config, store)
            if args.command == "export":
                return _export(args, config, store)
            return _status(store)
    except (ConfigError, StaffKeyError) as exc:
        log.error("%s", exc)
        return 2
    except (FetchError, StoreError) as exc:
        log.error("sync failed: %s", exc)
        log.error("store consistent, last export untouched; the next sync completes the work")
        return 1
    except (OSError, sqlite3.Error) as exc:
        log.error("failed: %s", exc)
        return 1
    finally:
        log.removeHandler(handler)


if __name__ == "__main__":
    sys.exit(main())
