"""Time and peak memory of one child process, for the benchmark scripts.

`ru_maxrss` from wait4 or RUSAGE_CHILDREN is not the child's own peak: Linux carries the
high-water mark of the image the child was forked from (the benchmark process, which holds
a generated forum) across exec. VmHWM in /proc/<pid>/status belongs to the process's
current memory and starts afresh at exec, so polling it gives the program's own peak.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

POLL_SECONDS = 0.02


def _hwm_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def run_measured(
    command: list[str], *, env: dict[str, str] | None = None, cwd: Path | None = None
) -> tuple[float, float, str]:
    """Run a command; return (seconds, peak resident MiB of the process, stdout).

    Raises SystemExit with the command's stderr when it fails.
    """
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    peak = 0
    while process.poll() is None:
        peak = max(peak, _hwm_kib(process.pid))
        time.sleep(POLL_SECONDS)
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}\n{stderr}")
    return seconds, peak / 1024, stdout
