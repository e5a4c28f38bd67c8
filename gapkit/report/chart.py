"""The chart of verdicts per Part: horizontal stacked bars, one per Part, as a PNG for the documents.

Colours are stronger versions of the table fills (a pale fill reads well behind text, not as a bar); the
"not reviewed" share is white with hatching, so it never looks like a verdict.
"""

from __future__ import annotations

import io
from collections import Counter

from gapkit.review import SCALE

BAR_COLOURS = {
    "compliant": "#63BE7B",
    "partially_compliant": "#FFD966",
    "non_compliant": "#F8696B",
    "not_applicable": "#A6A6A6",
    "insufficient_information": "#9DC3E6",
    "not_reviewed": "#FFFFFF",
}
WIDTH_MM = 165
DPI = 140


def verdict_chart(groups: list[tuple[str, Counter[str]]], labels: dict[str, str], xlabel: str) -> bytes:
    """A PNG of one bar per (label, verdict counts), in the order given (top to bottom)."""
    # the Agg canvas directly, not pyplot: no display needed (CI, servers), no global state, faster import
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    n = len(groups)
    width_in = WIDTH_MM / 25.4
    # margins in inches, laid out by hand: tight_layout and bbox_inches="tight" each cost a full extra draw
    top, bottom, bar = 0.55, 0.45, 0.22
    longest = max((len(g[0]) for g in groups), default=10)
    left = min(0.45, (0.3 + 0.062 * longest) / width_in)
    height = top + bottom + bar * n
    fig = Figure(figsize=(width_in, height), dpi=DPI)
    FigureCanvasAgg(fig)
    fig.subplots_adjust(left=left, right=0.98, top=1 - top / height, bottom=bottom / height)
    ax = fig.subplots()
    ys = list(range(n))[::-1]
    lefts = [0] * n
    biggest = max((sum(g[1].values()) for g in groups), default=1)
    for verdict in SCALE:
        values = [g[1].get(verdict, 0) for g in groups]
        if not any(values):
            continue
        bars = ax.barh(ys, values, left=lefts, height=0.66, color=BAR_COLOURS[verdict], edgecolor="#595959",
                       linewidth=0.5, hatch="////" if verdict == "not_reviewed" else None, label=labels[verdict])
        for b, v in zip(bars, values, strict=True):
            if v and v >= 0.035 * biggest:  # a number only where it fits in its bar
                ax.text(b.get_x() + b.get_width() / 2, b.get_y() + b.get_height() / 2, str(v), ha="center",
                        va="center", fontsize=6.5,
                        bbox={"boxstyle": "round,pad=0.12", "fc": "white", "ec": "none", "alpha": 0.85}
                        if verdict == "not_reviewed" else None)
        lefts = [a + b for a, b in zip(lefts, values, strict=True)]
    ax.set_yticks(ys)
    ax.set_yticklabels([g[0] for g in groups], fontsize=7.5)
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_xlabel(xlabel, fontsize=7.5)
    ax.tick_params(axis="x", labelsize=7)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_xlim(0, max([*lefts, 1]) * 1.02)
    # the legend is centred on the figure (not on the axes, which the labels push right), above the bars
    fig.legend(loc="upper center", bbox_to_anchor=(0.5, 1.0), ncol=3, fontsize=7, frameon=False)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, pil_kwargs={"compress_level": 1})  # size matters less than time
    return buf.getvalue()
