"""Benchmark of `gapkit import law` (a script, not a test): how long an import takes and how much memory.

    /work/venv/bin/python benchmarks/import_law.py [--corpus ../shared/corpus] [--mb 5]

Whole acts first, as a user loads them: `gapkit import law FOLDER` run as a command (wall time of the process,
its peak resident memory) on a copy of the shipped workspace, for the whole Labour Code (about 463,000 characters
in five files) and for every act of ../shared/corpus/kz one after another. Then, in this process:

Times, for the Labour Code's Section 5 in Russian (the real file) and for a synthetic act of about
5 MB built by repeating the real articles of the corpus under new numbers:
  parse   reading the file and building the clause tree;
  import  what the command does: load the workspace, parse, merge into the act's file, write it;
  again   the same import a second time, into the file the first one wrote (merge by id + edition diff).
Peak memory is measured in a separate run under tracemalloc (which slows Python down), so the
times are not inflated by it. Everything is written to a temporary folder that is removed after.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from gapkit.load.law import import_law, parse_law_file
from gapkit.workspace import load

HERE = Path(__file__).resolve().parent
SOURCES = [  # real Russian texts of the corpus whose articles are repeated
    ("labour_code", "rus", "sec005.md"),
    ("labour_code", "rus", "sec001_st15-st17.md"),
    ("labour_code", "rus", "sec002_st102-st104.md"),
    ("entrepreneurial_code", "rus", "sec003_st137-st157.md"),
    ("trade_unions_law", "rus.md"),
]
_ANCHOR = re.compile(r'^<a id="st([\d-]+)"></a>$', re.M)


def real_articles(corpus: Path) -> list[tuple[str, str]]:
    """(number, block) for every article of the sources: from its anchor up to the next anchor,
    cut before any heading that is not an article (sections, chapters, параграфы, the signature)."""
    out = []
    for parts in SOURCES:
        text = corpus.joinpath("kz", *parts).read_text(encoding="utf-8")
        starts = [m.start() for m in _ANCHOR.finditer(text)] + [len(text)]
        for a, b in zip(starts, starts[1:], strict=False):
            block = text[a:b]
            block = re.split(r"\n(?:#{1,3} (?!Статья)|##### |\*\*)", block)[0]
            out.append((_ANCHOR.match(block).group(1), block.rstrip() + "\n\n"))  # type: ignore[union-attr]
    return out


def synthetic_act(corpus: Path, target_bytes: int) -> str:
    """Real articles, renumbered 1, 2, 3 …, in chapters of 25 articles, until the text reaches the size."""
    articles = real_articles(corpus)
    parts = ["## РАЗДЕЛ 1. СИНТЕТИЧЕСКИЙ АКТ ИЗ РЕАЛЬНЫХ СТАТЕЙ\n\n"]
    size, n = len(parts[0].encode()), 0
    while size < target_bytes:
        old, block = articles[n % len(articles)]
        n += 1
        if n % 25 == 1:
            chapter = f"### Глава {n // 25 + 1}. ГЛАВА {n // 25 + 1}\n\n"
            parts.append(chapter)
            size += len(chapter.encode())
        block = (block.replace(f'<a id="st{old}"></a>', f'<a id="st{n}"></a>', 1)
                 .replace(f"Статья {old}.", f"Статья {n}.", 1)
                 .replace(f"Статья {old} исключена", f"Статья {n} исключена"))
        parts.append(block)
        size += len(block.encode())
    return "".join(parts)


def workspace(root: Path) -> Path:
    (root / "national_law" / "kz").mkdir(parents=True)
    (root / "gapkit.toml").write_text('[workspace]\nname = "bench"\ncountry = "kz"\n', encoding="utf-8")
    return root


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    t = time.perf_counter()
    result = fn()
    return time.perf_counter() - t, result


def peak_mb(fn: Callable[[], object]) -> float:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 1024 / 1024
    finally:
        tracemalloc.stop()


def bench(name: str, src: Path, code: str, tmp: Path) -> dict[str, object]:
    parse_s, act = timed(lambda: parse_law_file(src, code))
    ws = workspace(tmp / f"ws-{name}")
    import_s, report = timed(lambda: import_law(load(ws), src, code, "ru", "2024-07-08", new_act=True))
    again_s, _ = timed(lambda: import_law(load(ws), src, code, "ru", "2024-07-08"))
    ws_mem = workspace(tmp / f"ws-{name}-mem")
    mem = peak_mb(lambda: import_law(load(ws_mem), src, code, "ru", "2024-07-08", new_act=True))
    out_file = ws / report.target  # type: ignore[attr-defined]
    return {"file": name, "size": src.stat().st_size, "articles": len(act.articles()),  # type: ignore[attr-defined]
            "clauses": len(act.clauses), "unplaced": len(act.unplaced),  # type: ignore[attr-defined]
            "parse": parse_s, "import": import_s, "again": again_s, "peak": mem, "yaml": out_file.stat().st_size}


REPO = HERE.parent
FOLDERS = ("labour_code/2026-07-12", "entrepreneurial_code", "trade_unions_law", "social_code",
           "administrative_offences_code", "constitution/2026", "constitution/1995")


def copy_shipped(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for part in ("gapkit.toml", "conventions", "national_law", "mappings", "comments", "roadmap"):
        src = REPO / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("*.lock", "suggestions"))
        else:
            shutil.copy2(src, dest / part)
    return dest


def command(args: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident MB of one gapkit command in its own process."""
    t = time.perf_counter()
    exe = shutil.which("gapkit", path=str(Path(sys.executable).parent)) or "gapkit"  # the installed command
    proc = subprocess.run([exe, *args], capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"gapkit {' '.join(args)} failed ({proc.returncode}): {proc.stderr.strip()[:300]}")
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the largest child so far, in MB
    return wall, rss


def folders(corpus: Path, tmp: Path, runs: int) -> None:
    lc = corpus / "kz" / "labour_code" / "2026-07-12"
    chars = sum(len(f.read_text(encoding="utf-8")) for f in (lc / "rus").glob("*.md"))
    print(f"whole acts by folder (a copy of the shipped workspace; median of {runs} runs, each on a fresh copy)")
    walls, rss = [], 0.0
    for i in range(runs):
        ws = copy_shipped(tmp / f"lc-{i}")
        wall, rss = command(["import", "law", str(lc), "--workspace", str(ws)])
        walls.append(wall)
    print(f"  Labour Code, {chars:,} characters in 5 files: {statistics.median(walls):.2f} s wall "
          f"(min {min(walls):.2f}), peak RSS {rss:.0f} MB")
    totals = []
    for i in range(runs):
        ws = copy_shipped(tmp / f"all-{i}")
        total = 0.0
        for f in FOLDERS:
            total += command(["import", "law", str(corpus / "kz" / f), "--workspace", str(ws)])[0]
        total += command(["import", "law", str(corpus / "kz" / "labour_code" / "kaz" / "sec005.md"), "--act", "KZ-LC",
                          "--lang", "kk", "--edition", "2024-07-08", "--workspace", str(ws)])[0]
        totals.append(total)
    chars_all = sum(len(p.read_text(encoding="utf-8")) for f in FOLDERS for p in (corpus / "kz" / f).rglob("*.md"))
    print(f"  all of ../shared/corpus/kz ({len(FOLDERS)} folders + 1 file, {chars_all:,} characters): "
          f"{statistics.median(totals):.2f} s wall in 8 commands, peak RSS of any of them {rss:.0f} MB")
    ws = copy_shipped(tmp / "mem")
    from gapkit.load.law import import_folder

    mb = peak_mb(lambda: import_folder(load(ws), lc))
    print(f"  Labour Code in-process peak (tracemalloc, Python allocations): {mb:.0f} MB")
    print()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=HERE.parent.parent / "shared" / "corpus")
    ap.add_argument("--mb", type=float, default=5.0, help="size of the synthetic act in MB (default 5)")
    ap.add_argument("--runs", type=int, default=3, help="runs of each whole-act import (default 3)")
    args = ap.parse_args()
    if not (args.corpus / "kz").is_dir():
        print(f"corpus not found at {args.corpus} (pass --corpus)", file=sys.stderr)
        return 2
    rows = []
    with tempfile.TemporaryDirectory(prefix="gapkit-bench-") as d:
        tmp = Path(d)
        os.environ.setdefault("GAPKIT_CACHE", str(tmp / "cache"))  # the YAML cache of the runs, not the user's
        folders(args.corpus, tmp, args.runs)
        sec005 = args.corpus / "kz" / "labour_code" / "rus" / "sec005.md"
        rows.append(bench("sec005.md (ru)", sec005, "KZ-LC", tmp))
        synth = tmp / "synthetic.md"
        synth.write_text(synthetic_act(args.corpus, int(args.mb * 1024 * 1024)), encoding="utf-8")
        rows.append(bench(f"synthetic {args.mb:g} MB", synth, "KZ-SY", tmp))
    head = (f"{'file':<20} {'size':>9} {'articles':>8} {'clauses':>8} {'unplaced':>8} {'parse s':>8} "
            f"{'import s':>8} {'again s':>8} {'peak MB':>8} {'yaml':>9}")
    print(head)
    print("-" * len(head))
    for r in rows:
        print(f"{r['file']:<20} {_size(r['size']):>9} {r['articles']:>8} {r['clauses']:>8} {r['unplaced']:>8} "
              f"{r['parse']:>8.2f} {r['import']:>8.2f} {r['again']:>8.2f} {r['peak']:>8.1f} {_size(r['yaml']):>9}")
    print(f"python {sys.version.split()[0]}; 'import' = load workspace + parse + merge + write the act's YAML; "
          "'again' = the same import into the file it wrote; peak = tracemalloc, separate run")
    return 0


def _size(n: object) -> str:
    b = float(n)  # type: ignore[arg-type]
    return f"{b / 1024 / 1024:.1f} MB" if b >= 1024 * 1024 else f"{b / 1024:.0f} KB"


if __name__ == "__main__":
    sys.exit(main())
