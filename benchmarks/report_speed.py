"""How long the analytical review of all seven Conventions takes (the target: under 5 s).

Two figures, each from fresh processes:

- generation: loading the workspace, building the review, drawing the chart and writing the DOCX,
  timed inside a process that has imported gapkit.report (what `gapkit report review` does once it runs);
- command: the whole `gapkit report review C081 C087 C102 C129 C131 C176 C190` as a user types it,
  including Python's start and the import of every command module of the CLI.

Run from the repository root:

    python benchmarks/report_speed.py [--runs 5] [--lang ru] [--format docx]

It prints each run and the medians, and exits 1 when the median generation time is 5 s or more.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONVENTIONS = ["C081", "C087", "C102", "C129", "C131", "C176", "C190"]
LIMIT_S = 5.0

# run in a fresh interpreter: imports first, then the clock runs over exactly what the command does
_GENERATE = """
import sys, time
from pathlib import Path
from gapkit.report import write
from gapkit.report.background import ChartWorker
from gapkit.report.review import build_review
from gapkit.workspace import load
root, out, lang, fmt, *codes = sys.argv[1:]
start = time.perf_counter()
with ChartWorker() as charts:
    ws = load(Path(root))
    write(build_review(ws, codes, lang, charts=charts.chart), Path(out), fmt)
print(time.perf_counter() - start)
"""


def gapkit_command() -> list[str]:
    exe = Path(sys.executable).with_name("gapkit")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "gapkit.cli"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--lang", default="ru")
    ap.add_argument("--format", default="docx", choices=["docx", "html"])
    args = ap.parse_args()
    out_dir = Path(tempfile.mkdtemp(prefix="gapkit-bench-"))
    generation, command, cpu = [], [], []
    try:
        for i in range(args.runs):
            out = out_dir / f"review-{i}.{args.format}"
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            done = subprocess.run([sys.executable, "-c", _GENERATE, str(ROOT), str(out), args.lang, args.format,
                                   *CONVENTIONS], check=True, capture_output=True, text=True)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            generation.append(float(done.stdout.strip().splitlines()[-1]))
            # CPU seconds of that process and its chart helper, imports included: less at the mercy of a busy machine
            cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
            start = time.perf_counter()
            subprocess.run([*gapkit_command(), "report", "review", *CONVENTIONS, "--lang", args.lang, "--format",
                            args.format, "--workspace", str(ROOT), "-o", str(out)], check=True, capture_output=True)
            command.append(time.perf_counter() - start)
            print(f"run {i + 1}: generation {generation[-1]:.2f} s (CPU {cpu[-1]:.2f} s with imports), "
                  f"whole command {command[-1]:.2f} s ({out.stat().st_size // 1024} KiB)")
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)
    g, c = statistics.median(generation), statistics.median(command)
    print(f"median of {args.runs}: generation {g:.2f} s (CPU {statistics.median(cpu):.2f} s), whole command "
          f"{c:.2f} s, for the review of {len(CONVENTIONS)} Conventions (limit {LIMIT_S:.0f} s; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    return 0 if g < LIMIT_S else 1


if __name__ == "__main__":
    sys.exit(main())
