"""Benchmark of `gapkit import law` (a script, not a test): how long an import takes and how much memory.

    /work/venv/bin/python benchmarks/import_law.py [--corpus ../shared/corpus] [--mb 5]

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
import re
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
    import_s, report = timed(lambda: import_law(load(ws), src, code, "ru", "2024-07-08"))
    again_s, _ = timed(lambda: import_law(load(ws), src, code, "ru", "2024-07-08"))
    ws_mem = workspace(tmp / f"ws-{name}-mem")
    mem = peak_mb(lambda: import_law(load(ws_mem), src, code, "ru", "2024-07-08"))
    out_file = ws / report.target  # type: ignore[attr-defined]
    return {"file": name, "size": src.stat().st_size, "articles": len(act.articles()),  # type: ignore[attr-defined]
            "clauses": len(act.clauses), "unplaced": len(act.unplaced),  # type: ignore[attr-defined]
            "parse": parse_s, "import": import_s, "again": again_s, "peak": mem, "yaml": out_file.stat().st_size}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=HERE.parent.parent / "shared" / "corpus")
    ap.add_argument("--mb", type=float, default=5.0, help="size of the synthetic act in MB (default 5)")
    args = ap.parse_args()
    if not (args.corpus / "kz").is_dir():
        print(f"corpus not found at {args.corpus} (pass --corpus)", file=sys.stderr)
        return 2
    rows = []
    with tempfile.TemporaryDirectory(prefix="gapkit-bench-") as d:
        tmp = Path(d)
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
