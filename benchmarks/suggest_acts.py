"""Benchmark of `gapkit suggest` over whole acts (a script, not a test): how long a reviewer waits.

    /work/venv/bin/python benchmarks/suggest_acts.py [--runs 3]

The workspace is made as a user makes it (common.make_workspace: `gapkit init`, the shipped summaries, every act
of ../shared/corpus/kz imported by folder). Each command is run ``--runs`` times as a process, cold (a new process
each time, nothing cached between runs): wall time (median, and the slowest) and peak resident memory of the
process. The commands are the ones a reviewer of the readiness work types:

    gapkit suggest C102 --act KZ-SC --act KZ-LC --top 5
    gapkit suggest C176 --act KZ-LC --act KZ-AOC --top 5
    gapkit suggest C190 --act KZ-LC --act KZ-AOC --top 5
    gapkit suggest C081 --act KZ-LC --act KZ-EC --top 5
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import make_workspace

COMMANDS = (
    ("C102", ("KZ-SC", "KZ-LC")),
    ("C176", ("KZ-LC", "KZ-AOC")),
    ("C190", ("KZ-LC", "KZ-AOC")),
    ("C081", ("KZ-LC", "KZ-EC")),
)


def run(ws: Path, code: str, acts: tuple[str, ...]) -> tuple[float, int]:
    """(wall seconds, peak resident KB) of one `gapkit suggest` process."""
    args = [sys.executable, "-c", "from gapkit.cli import main; main()", "suggest", code, "--top", "5",
            "--workspace", str(ws)]
    for act in acts:
        args += ["--act", act]
    with tempfile.TemporaryFile("w+") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)  # this child's own peak memory, not the largest child's so far
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode:
            err.seek(0)
            sys.exit(f"gapkit suggest {code} failed: {err.read()[-2000:]}")
    return wall, usage.ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gapkit-suggest-") as tmp:
        t0 = time.perf_counter()
        ws = make_workspace(Path(tmp) / "ws", summaries=True)
        print(f"# workspace with the corpus imported: {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        print(f"{'command':<52} {'median s':>8} {'max s':>6} {'peak MB':>8}")
        for code, acts in COMMANDS:
            times, peaks = [], []
            for _ in range(args.runs):
                wall, peak = run(ws, code, acts)
                times.append(wall)
                peaks.append(peak)
            cmd = f"gapkit suggest {code} " + " ".join(f"--act {a}" for a in acts) + " --top 5"
            print(f"{cmd:<52} {statistics.median(times):8.2f} {max(times):6.2f} {max(peaks) / 1024:8.0f}")


if __name__ == "__main__":
    main()
