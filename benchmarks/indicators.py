"""Benchmark of the indicators and the C102 readiness report (a script, not a test).

    /work/venv/bin/python benchmarks/indicators.py [--repeat 5] [--figures 20000]

Times, on the shipped Kazakhstan workspace (loaded once; each step repeated, the median shown):
  compute     every indicator: C131 for every year, C081/C129, C102 Parts II-X and the Article 2 rule;
  json        the same said in English with inputs, sources, rules and formulas (``gapkit indicators --format json``);
  build ru    the readiness report as a document (the Russian words, citations, footnotes);
  docx ru     writing it as DOCX on the reference template;
and the same compute on a synthetic figures file of ``--figures`` figures (the shipped ones repeated under
other years), to show how the indicators scale with the figures held. Peak memory is measured in a separate
pass under tracemalloc. Everything is written to a temporary folder that is removed after.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from gapkit.indicators.figures import FILE_NAME, read
from gapkit.indicators.run import Settings, compute
from gapkit.report import write
from gapkit.report.indicators_text import as_json
from gapkit.report.readiness import build_readiness
from gapkit.workspace import load

REPO = Path(__file__).resolve().parent.parent


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def peak_mb(fn: Callable[[], Any]) -> float:
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def synthetic(path: Path, n: int) -> Path:
    """The shipped figures repeated, a year earlier each time, until there are ``n`` of them."""
    data = yaml.safe_load((REPO / "national_law" / "kz" / FILE_NAME).read_text(encoding="utf-8"))
    base = data["figures"]
    figures = []
    shift = 0
    while len(figures) < n:
        for f in base:
            g = dict(f)
            period = str(g["period"])
            g["period"] = "/".join(str(int(p[:4]) - shift) + p[4:] for p in period.split("/"))
            figures.append(g)
        shift += 1
    data["figures"] = figures[:n]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--figures", type=int, default=20000)
    args = ap.parse_args()

    t = time.perf_counter()
    ws = load(REPO)
    print(f"load workspace         {time.perf_counter() - t:8.3f} s  ({len(ws.instruments)} instruments)")
    compute(ws)  # the figures file is read once per process (ws.cache), as in a command
    t_compute, run = timed(lambda: compute(ws), args.repeat)
    n_results = len(run.c131) + len(run.c081) + sum(len(p.tests) for p in run.parts)
    print(f"compute                {t_compute:8.3f} s  ({n_results} results and tests)")
    t_json, _ = timed(lambda: as_json(ws, run, "en"), args.repeat)
    print(f"json (en)              {t_json:8.3f} s")
    t_build, doc = timed(lambda: build_readiness(ws, "ru"), args.repeat)
    print(f"build report (ru)      {t_build:8.3f} s  ({len(doc.blocks)} blocks)")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "ratification-readiness-C102-ru.docx"
        t_docx, _ = timed(lambda: write(doc, out), args.repeat)
        print(f"write docx (ru)        {t_docx:8.3f} s  ({out.stat().st_size / 1024:.0f} KiB)")
        big = synthetic(Path(tmp) / FILE_NAME, args.figures)
        t_read, ind = timed(lambda: read(big), 1)
        ws.cache["indicators"] = ind
        t_big, big_run = timed(lambda: compute(ws, Settings()), 1)
        print(f"read {len(ind.figures):>6} figures      {t_read:8.3f} s")
        print(f"compute on them        {t_big:8.3f} s  ({len(big_run.c131)} C131 results, "
              f"{len(big_run.c081)} C081 results)")
        ws.cache.pop("indicators")
        mem = peak_mb(lambda: write(build_readiness(ws, "ru"), out))
    print(f"peak memory, report    {mem:8.1f} MiB (tracemalloc, separate pass)")


if __name__ == "__main__":
    main()
