"""`werkcafe-check` (also `make check`): check every guide and print `file:line: problem`."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from werkcafe.content.checker import CheckOptions, check_repository
from werkcafe.taxonomy import REPO_ROOT


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="werkcafe-check", description=__doc__)
    parser.add_argument("--docs", type=Path, default=REPO_ROOT / "docs")
    parser.add_argument("--taxonomy", type=Path, default=REPO_ROOT / "data" / "taxonomy.yml")
    parser.add_argument("--values", type=Path, default=REPO_ROOT / "data" / "waarden.yml")
    parser.add_argument("--gemeenten", type=Path, default=REPO_ROOT / "data" / "gemeenten.yml")
    parser.add_argument("--werkcafes", type=Path, default=REPO_ROOT / "data" / "werkcafes.yml")
    parser.add_argument("--demo-werkcafes", type=Path,
                        default=REPO_ROOT / "forum_sync" / "demo" / "werkcafes.yml")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today(),
                        help="check as if it were this day (YYYY-MM-DD)")
    parser.add_argument("--strict", action="store_true", help="warnings also fail")
    args = parser.parse_args(argv)

    result = check_repository(args.docs, args.taxonomy, args.values, CheckOptions(today=args.today),
                              gemeenten_path=args.gemeenten, werkcafes_path=args.werkcafes,
                              demo_werkcafes_path=args.demo_werkcafes)
    for problem in result.problems:
        print(problem)
    n_errors, n_warnings = len(result.errors), len(result.warnings)
    print(f"{len(result.guides)} gidsen gecontroleerd: "
          f"{n_errors} fouten, {n_warnings} waarschuwingen", file=sys.stderr)
    if n_errors or (args.strict and n_warnings):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
