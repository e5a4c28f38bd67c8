"""Draw charts in a second process while the first one loads the workspace and builds the document.

Importing matplotlib and drawing a chart take about as long as everything else in a review of all seven
Conventions, and they need nothing but the verdict counts; so the report commands start this helper
first (it imports matplotlib at once), and the chart is drawn there while the main process works.
Where a second process cannot be started, the chart is drawn in this one: the result is the same.
"""

from __future__ import annotations

import multiprocessing
from collections import Counter
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from gapkit.report.chart import verdict_chart


def _warm() -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: F401  (the slow import, done early)


class ChartWorker:
    """A one-process pool for charts; use it as a context manager around a report."""

    def __init__(self) -> None:
        self.pool: ProcessPoolExecutor | None = None
        try:
            methods = multiprocessing.get_all_start_methods()
            # fork: the child starts with gapkit already imported; spawn would import it all again
            ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
            self.pool = ProcessPoolExecutor(max_workers=1, mp_context=ctx, initializer=_warm)
            self.pool.submit(int)  # start the process now, not at the first chart
        except (OSError, ValueError, RuntimeError):
            self.pool = None

    def chart(self, groups: list[tuple[str, Counter[str]]], labels: dict[str, str], xlabel: str) -> Future[bytes]:
        if self.pool is not None:
            try:
                return self.pool.submit(verdict_chart, groups, labels, xlabel)
            except RuntimeError:  # the pool broke (its process was killed): draw here
                self.pool = None
        done: Future[bytes] = Future()
        done.set_result(verdict_chart(groups, labels, xlabel))
        return done

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def __enter__(self) -> ChartWorker:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def inline_chart(groups: list[tuple[str, Counter[str]]], labels: dict[str, str], xlabel: str) -> Future[bytes]:
    """The same interface, drawn here and now (library use, tests)."""
    done: Future[bytes] = Future()
    done.set_result(verdict_chart(groups, labels, xlabel))
    return done
