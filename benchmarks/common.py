"""What both benchmarks share: a workspace with the real Kazakh texts imported, made the way a user
makes one (``gapkit init`` + the act files + ``gapkit import law``), and the granularity rule."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "kz"

#: The real texts imported into the benchmark workspace: every act of corpus/kz, a folder each (the whole Labour
#: Code, the Entrepreneurial Code's Arts 129-157, the Law on Trade Unions, the Social Code's chapters, the Code on
#: Administrative Offences' articles, the Constitutions), as a user loads them (`gapkit import law FOLDER`).
TEXTS: tuple[str, ...] = ("labour_code/2026-07-12", "entrepreneurial_code", "trade_unions_law", "social_code",
                          "administrative_offences_code", "constitution/2026", "constitution/1995")


def gapkit(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run the gapkit command line of this interpreter's environment."""
    cmd = [sys.executable, "-c", "from gapkit.cli import main; main()", *map(str, args)]
    return subprocess.run(cmd, capture_output=True, text=True)


def make_workspace(dest: Path, summaries: bool) -> Path:
    """A Kazakhstan workspace in ``dest`` with the real texts imported.

    ``summaries``: keep the shipped summaries (and their concepts) of national_law/kz beside the
    imported texts; otherwise keep only the act headers (aliases, titles), so the matcher sees the
    official wording and nothing else.
    """
    if not CORPUS.is_dir():
        sys.exit(f"the real texts are not at {CORPUS}: the benchmarks need ../shared/corpus")
    if dest.exists():
        shutil.rmtree(dest)
    r = gapkit("init", dest, "--country", "kz", "--from", REPO)
    if r.returncode:
        sys.exit(r.stderr)
    for f in sorted((REPO / "national_law" / "kz").glob("*.yaml")):
        target = dest / "national_law" / "kz" / f.name
        if summaries:
            shutil.copy2(f, target)
        else:
            data = yaml.safe_load(f.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or "instrument" not in data:
                continue  # not an act file (national figures and the like)
            target.write_text(yaml.safe_dump({"instrument": data["instrument"], "clauses": []}, allow_unicode=True,
                                             sort_keys=False), encoding="utf-8")
    for rel in TEXTS:
        r = gapkit("import", "law", CORPUS / rel, "--lang", "ru", "--workspace", dest)
        if r.returncode not in (0, 1):  # 1: a line not placed (with no summaries, the EC's параграф has no chapter)
            sys.exit(f"import of {rel} failed: {r.stderr}{r.stdout[-2000:]}")
    return dest


def is_hit(suggested: str, gold: str) -> bool:
    """The same clause, or one inside the other (the issue's granularity rule for a hit)."""
    from gapkit.citations import Citation

    a, b = Citation.parse(suggested), Citation.parse(gold)
    return a == b or a.is_ancestor_of(b) or b.is_ancestor_of(a)


def granular(order: Iterable[int], ids: Sequence[str], ancestors: Sequence[tuple[str, ...]], top: int) -> list[str]:
    """The first ``top`` ids of a ranking, never a clause together with one of its ancestors
    (the rule gapkit applies, applied to the baselines too so that all are compared alike)."""
    out: list[str] = []
    taken: set[str] = set()
    taken_anc: set[str] = set()
    for i in order:
        cid = ids[i]
        if cid in taken_anc or any(a in taken for a in ancestors[i]):
            continue
        out.append(cid)
        taken.add(cid)
        taken_anc.update(ancestors[i])
        if len(out) == top:
            break
    return out
