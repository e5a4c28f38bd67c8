"""Speed benchmark: 1,000 requirements x 50,000 provisions on this machine.

    python benchmarks/speed.py                 # prints one table

The clauses are real: the Convention catalogues and the Kazakh acts (the shipped summaries with the
official texts of ../shared/corpus/kz imported, see common.make_workspace), repeated under new ids
(C901..., KZ-R1...) until there are 1,000 requirements and 50,000 provisions. Each phase runs in its
own process, so its peak memory (maximum resident set size) is its own:

- lemmatise: spaCy pipelines, lemmas and concepts of every clause from cold caches (a text already
  seen is not lemmatised again: repeated texts cost a look-up, as they do in a real workspace);
- lemmatise, every text: the same with the per-text cache off (word forms still cached), the cost
  when all 51,000 texts differ;
- rank: index the provisions and rank them for every requirement (top 5), after lemmatising;
- naive baseline: rapidfuzz.process.extract (token_set_ratio, limit 5) of each requirement against all
  provisions in a Python loop, on a sample of requirements, extrapolated to 1,000.
"""

from __future__ import annotations

import copy
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from common import make_workspace
from rapidfuzz import fuzz, process

from gapkit import nlp
from gapkit.match import index as match_index
from gapkit.match.index import Index, is_candidate, make_item, requirement_items
from gapkit.match.rank import rank as rank_suggestions  # match.rank is the submodule once it is loaded
from gapkit.model import Clause, Instrument
from gapkit.workspace import Workspace, load

N_REQUIREMENTS = 1_000
N_PROVISIONS = 50_000
NAIVE_SAMPLE = 20
TOP = 5


def _renamed(inst: Instrument, code: str) -> Instrument:
    """A copy of an instrument under another code: every id and parent re-prefixed."""
    def rid(cid: str | None) -> str | None:
        return None if cid is None else code + cid[len(inst.code):]

    out = replace(inst, code=code, clauses={}, extra=dict(inst.extra))
    for c in inst.clauses.values():
        new = copy.copy(c)
        new.id, new.parent, new.children = rid(c.id), rid(c.parent), [rid(x) for x in c.children]
        out.clauses[new.id] = new
    return out


def synthetic(ws: Workspace) -> tuple[Workspace, list[str], list[str]]:
    """A workspace of 1,000 requirements and 50,000 candidate provisions made of real clauses."""
    big = Workspace(ws.root, concepts=ws.concepts, country=ws.country)
    conventions = [i for i in ws.instruments.values() if i.kind == "convention"]
    acts = [i for i in ws.instruments.values() if i.kind == "act" and i.clauses]
    req_codes, act_codes = [], []
    n = copy_no = 0
    while n < N_REQUIREMENTS:
        for inst in conventions:
            if n >= N_REQUIREMENTS:
                break
            code = f"C{901 + copy_no:03d}"
            copy_no += 1
            new = _renamed(inst, code)
            keep = N_REQUIREMENTS - n
            subs = [c for c in new.clauses.values() if c.is_substantive][:keep]
            last = subs[-1].id
            # drop the substantive clauses beyond the count (their ancestors stay as context)
            cut = list(new.clauses).index(last) + 1
            new.clauses = {k: v for i, (k, v) in enumerate(new.clauses.items()) if i < cut or not v.is_substantive}
            n += len(subs)
            big.instruments[code] = new
            req_codes.append(code)
    n = copy_no = 0
    while n < N_PROVISIONS:
        for inst in acts:
            if n >= N_PROVISIONS:
                break
            copy_no += 1
            code = f"KZ-R{copy_no}"
            new = _renamed(inst, code)
            kept: dict[str, Clause] = {}
            for k, v in new.clauses.items():
                if is_candidate(v):
                    if n >= N_PROVISIONS:
                        continue
                    n += 1
                kept[k] = v
            new.clauses = kept
            big.instruments[code] = new
            act_codes.append(code)
    return big, req_codes, act_codes


def _items(ws: Workspace, req_codes: list[str], act_codes: list[str]) -> tuple[list, list]:
    tagger = nlp.tagger(ws)
    reqs = [it for code in req_codes for it in requirement_items(ws, code, tagger)]
    provs = [make_item(ws.instruments[c], cl, "provision", tagger)
             for c in act_codes for cl in ws.instruments[c].clauses.values() if is_candidate(cl)]
    return reqs, provs


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _cpu() -> float:
    u = resource.getrusage(resource.RUSAGE_SELF)
    return u.ru_utime + u.ru_stime


def phase(name: str, root: Path) -> dict[str, float]:
    """One phase, in this process (called in a child process by main)."""
    ws, req_codes, act_codes = synthetic(load(root))
    out: dict[str, float] = {}
    if name in ("lemmatise", "lemmatise-every-text"):
        nlp.clear_caches()
        match_index.clear_caches()
        if name == "lemmatise-every-text":
            nlp.TEXT_CACHE = False
        t, c = time.perf_counter(), _cpu()
        reqs, provs = _items(ws, req_codes, act_codes)
        out["seconds"], out["cpu"] = time.perf_counter() - t, _cpu() - c
        out["requirements"], out["provisions"] = len(reqs), len(provs)
    elif name == "rank":
        reqs, provs = _items(ws, req_codes, act_codes)
        base = _peak_mb()
        t, c = time.perf_counter(), _cpu()
        result = rank_suggestions(Index.build(provs), reqs, TOP)
        out["seconds"], out["cpu"] = time.perf_counter() - t, _cpu() - c
        out["requirements"], out["provisions"] = len(result), len(provs)
        out["before_mb"] = base
    elif name == "naive":
        reqs, provs = _items(ws, req_codes, act_codes)
        choices = [it.strings.get("ru", "") for it in provs]
        sample = [r.strings.get("ru", "") for r in reqs[:: max(1, len(reqs) // NAIVE_SAMPLE)]][:NAIVE_SAMPLE]
        t, c = time.perf_counter(), _cpu()
        for query in sample:
            process.extract(query, choices, scorer=fuzz.token_set_ratio, limit=TOP)
        out["seconds"] = (time.perf_counter() - t) / len(sample) * len(reqs)
        out["cpu"] = (_cpu() - c) / len(sample) * len(reqs)
        out["sample"], out["requirements"], out["provisions"] = len(sample), len(reqs), len(provs)
    out["peak_mb"] = _peak_mb()
    return out


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--phase":
        print(json.dumps(phase(sys.argv[2], Path(sys.argv[3]))))
        return
    load_before = os.getloadavg()[0]  # other work on the machine slows the wall times, not the CPU times
    with tempfile.TemporaryDirectory(prefix="gapkit-speed-") as tmp:
        root = make_workspace(Path(tmp) / "ws", summaries=True)
        results = {}
        for name in ("lemmatise", "lemmatise-every-text", "rank", "naive"):
            t = time.perf_counter()
            r = subprocess.run([sys.executable, __file__, "--phase", name, str(root)], capture_output=True, text=True)
            if r.returncode:
                sys.exit(f"phase {name} failed:\n{r.stderr}")
            results[name] = json.loads(r.stdout.strip().splitlines()[-1])
            print(f"# {name}: {time.perf_counter() - t:.1f} s in all", file=sys.stderr)
    rank = results["rank"]
    naive = results["naive"]
    print(f"Speed: {int(rank['requirements'])} requirements x {int(rank['provisions'])} provisions "
          f"({sys.platform}, {_cpus()} CPUs, load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after)")
    print(f"{'phase':<44} {'wall s':>8} {'CPU s':>8} {'peak MB':>8}")
    print("-" * 71)
    rows = [
        ("lemmatise + concepts (text cache on)", results["lemmatise"]),
        ("lemmatise + concepts (every text processed)", results["lemmatise-every-text"]),
        ("rank: index + 2 stages, top 5", rank),
        (f"naive: process.extract loop ({int(naive['sample'])} reqs, x{int(naive['requirements'])})", naive),
    ]
    for label, r in rows:
        print(f"{label:<44} {r['seconds']:8.2f} {r['cpu']:8.2f} {r['peak_mb']:8.0f}")
    print(f"naive / gapkit ranking time: {naive['seconds'] / rank['seconds']:.1f}x")


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


if __name__ == "__main__":
    main()
