"""Time and peak memory of one command (scripts/measure.py from the shell).

    python scripts/measure_cli.py COMMAND [ARGS...]
"""

from __future__ import annotations

import sys

from measure import run_measured

if __name__ == "__main__":
    seconds, peak, _ = run_measured(sys.argv[1:])
    print(f"{seconds:.1f} s, peak {peak:.0f} MiB: {' '.join(sys.argv[1:])}")
