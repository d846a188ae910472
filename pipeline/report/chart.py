"""The chart of pledged amounts by pledger: an inline SVG drawn by matplotlib, byte-stable.

Stable bytes across runs and machines: a fixed hash salt for the SVG ids, no date in the
metadata, the font matplotlib ships (DejaVu Sans) drawn as paths, and no mathtext (a "$" in
a name must stay a dollar sign). Names only ever become glyph paths, and the comments that
matplotlib writes next to them are removed, so no document text reaches the markup.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from typing import Any

import matplotlib
from matplotlib.figure import Figure

MAX_BARS = 15
MAX_LABEL = 40
RC: dict[str, Any] = {
    "svg.hashsalt": "briefing",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "text.parse_math": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
_COMMENT = re.compile(r"<!--.*?-->\s*", re.S)


def totals_by_pledger(events: list[dict[str, Any]], unknown: str) -> list[tuple[str, float]]:
    """(pledger, EUR) sorted by amount, largest first; events without a EUR value are left out."""
    sums: dict[str, float] = defaultdict(float)
    for ev in events:
        if ev.get("amount_eur") is not None:
            sums[ev.get("actor_name") or unknown] += float(ev["amount_eur"])
    return sorted(sums.items(), key=lambda kv: (-kv[1], kv[0]))


def _label(name: str) -> str:
    return name if len(name) <= MAX_LABEL else name[: MAX_LABEL - 1] + "…"


def pledges_svg(
    totals: list[tuple[str, float]], xlabel: str, number: Any = lambda v: f"{v:,.1f}"
) -> str:
    """SVG markup (no XML prolog) of a horizontal bar chart, billions of EUR; '' if no data."""
    rows = totals[:MAX_BARS]
    if not rows:
        return ""
    names = [_label(n) for n, _ in rows][::-1]
    values = [v / 1e9 for _, v in rows][::-1]
    with matplotlib.rc_context(RC):  # type: ignore[arg-type]
        fig = Figure(figsize=(7.5, 0.9 + 0.32 * len(rows)), dpi=72)
        ax = fig.subplots()
        bars = ax.barh(range(len(rows)), values, color="#3b6ea8", height=0.62)
        ax.set_yticks(range(len(rows)), names)
        ax.set_xlabel(xlabel)
        ax.bar_label(bars, labels=[number(v) for v in values], padding=3, fontsize=8)
        ax.set_xlim(0, max(values) * 1.18 or 1)
        ax.grid(axis="x", color="#e3e6ea", linewidth=0.6)
        ax.set_axisbelow(True)
        fig.tight_layout()
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None})
    svg = buf.getvalue()
    svg = svg[svg.index("<svg") :]
    return _COMMENT.sub("", svg).strip()
