"""How long the everyday commands take as a user types them (issue targets: 0.3 s, 0.5 s, 1 s).

Each command runs in a fresh process from the repository root (the Kazakhstan workspace), with its own
cache directory: the first run fills the cache (it is shown apart), the median is over the runs after it.

    python benchmarks/startup.py [--runs 7]

It prints each command's runs and median, and exits 1 when a median is over its target.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GAPKIT = Path(sys.executable).with_name("gapkit")
COMMANDS: list[tuple[list[str], float]] = [
    (["--help"], 0.3),
    (["show", "C081:12(1)(a)"], 0.5),
    (["check"], 1.0),
]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    cache = Path(tempfile.mkdtemp(prefix="gapkit-startup-"))
    env = {**os.environ, "GAPKIT_CACHE": str(cache)}
    over = False
    try:
        for argv, target in COMMANDS:
            times = []
            for _ in range(args.runs + 1):
                t0 = time.perf_counter()
                subprocess.run([str(GAPKIT), *argv], cwd=ROOT, env=env, check=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                times.append(time.perf_counter() - t0)
            first, rest = times[0], times[1:]
            median = statistics.median(rest)
            over |= median > target
            print(f"gapkit {' '.join(argv):<24} first {first:5.2f} s   median {median:5.2f} s "
                  f"(min {min(rest):.2f}, max {max(rest):.2f})   target {target} s"
                  f"{'   OVER' if median > target else ''}")
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
