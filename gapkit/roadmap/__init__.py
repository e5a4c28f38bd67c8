"""The roadmap: measures with deadlines, parties and deliverables, their progress, and what is overdue.

- :mod:`~gapkit.roadmap.model`: the dataclasses (Section, Measure, ProgressRecord ...) and the measure ids (RM:1.3);
- :mod:`~gapkit.roadmap.load`: roadmap/*.yaml and roadmap/progress.jsonl, memoised on the workspace;
- :mod:`~gapkit.roadmap.status`: pure functions: the status at a date, overdue, generated deliverables;
- :mod:`~gapkit.roadmap.progress`: appending progress records under a lock;
- :mod:`~gapkit.roadmap.checks`: its `gapkit check` checks (listed in :mod:`gapkit.registry`);
- :mod:`~gapkit.roadmap.graph`: measure nodes and `addresses` edges for the workspace graph;
- :mod:`~gapkit.roadmap.cli`: `gapkit roadmap` and `gapkit roadmap set`.
"""

from gapkit.roadmap.graph import graph_edges, graph_nodes
from gapkit.roadmap.load import load, load_progress, measure_ids, parse_progress, parse_roadmap
from gapkit.roadmap.model import (
    Deadline,
    Deliverable,
    Fact,
    Measure,
    ProgressRecord,
    Roadmap,
    Section,
    measure_id,
)
from gapkit.roadmap.progress import ProgressError, append_record
from gapkit.roadmap.status import days_overdue, overdue, shown_status, status_as_of

__all__ = [
    "Deadline", "Deliverable", "Fact", "Measure", "ProgressError", "ProgressRecord", "Roadmap", "Section",
    "append_record", "days_overdue", "graph_edges", "graph_nodes", "load", "load_progress", "measure_id",
    "measure_ids", "overdue", "parse_progress", "parse_roadmap", "shown_status", "status_as_of",
]
