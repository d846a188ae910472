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
_SHADES = ("#9dbbe0", "#c6d8ef", "#7fa6d6")  # parts inside a whole's bar


Row = tuple[str, float] | tuple[str, float, list[float]]


def totals_by_pledger(events: list[dict[str, Any]], unknown: str) -> list[Row]:
    """(pledger, EUR, [EUR of each part]) sorted by amount, largest first: counted events
    only (each top-level event once), with the parts of each drawn inside its bar; events
    without a EUR value are left out."""
    by_id = {ev["id"]: ev for ev in events}
    sums: dict[str, float] = defaultdict(float)
    parts: dict[str, list[float]] = defaultdict(list)
    for ev in events:
        if ev.get("amount_eur") is None:
            continue
        if ev.get("counted", True):
            sums[ev.get("actor_name") or unknown] += float(ev["amount_eur"])
            continue
        whole = by_id.get(ev.get("part_of") or "")
        if whole is not None and whole.get("counted", True) and whole.get("kind") != "aggregate":
            parts[whole.get("actor_name") or unknown].append(float(ev["amount_eur"]))
    rows = sorted(sums.items(), key=lambda kv: (-kv[1], kv[0]))
    return [(name, value, sorted(parts.get(name, []), reverse=True)) for name, value in rows]


def _label(name: str) -> str:
    return name if len(name) <= MAX_LABEL else name[: MAX_LABEL - 1] + "…"


def pledges_svg(
    totals: list[Row], xlabel: str, number: Any = lambda v: f"{v:,.1f}", parts_label: str = ""
) -> str:
    """SVG markup (no XML prolog) of a horizontal bar chart, billions of EUR; '' if no data.
    Parts of a whole are stacked inside its bar in lighter shades, never beside it."""
    rows = totals[:MAX_BARS]
    if not rows:
        return ""
    names = [_label(r[0]) for r in rows][::-1]
    values = [r[1] / 1e9 for r in rows][::-1]
    inside = [[p / 1e9 for p in (r[2] if len(r) > 2 else [])] for r in rows][::-1]
    with matplotlib.rc_context(RC):  # type: ignore[arg-type]
        fig = Figure(figsize=(7.5, 0.9 + 0.32 * len(rows)), dpi=72)
        ax = fig.subplots()
        bars = ax.barh(range(len(rows)), values, color="#3b6ea8", height=0.62)
        for y, (whole, pieces) in enumerate(zip(values, inside, strict=True)):
            left = 0.0
            for k, piece in enumerate(pieces):
                piece = min(piece, whole - left)
                if piece <= 0:
                    break
                shade = _SHADES[k % len(_SHADES)]
                ax.barh(y, piece, left=left, color=shade, height=0.36, label=None)
                left += piece
        ax.set_yticks(range(len(rows)), names)
        ax.set_xlabel(xlabel + (f" ({parts_label})" if parts_label and any(inside) else ""))
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
