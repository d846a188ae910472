"""Cut a document's text into segments for highlighting overlapping spans (displaCy style).

Each segment is a run of text under the same set of spans; the template nests one <mark>
per active span. Text is never concatenated into HTML here: the template escapes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Mark:
    """A span to highlight: its offsets, kind (pledge/actor/claim...), anchor id and status."""

    start: int
    end: int
    kind: str
    item_id: str
    label: str = ""
    status: str = ""  # review status of pledges and claims; empty for actors and amounts


@dataclass
class Segment:
    text: str
    marks: list[Mark] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)  # ids of the marks starting here


def segments(text: str, marks: list[Mark]) -> list[Segment]:
    """Segments covering `text` in order; marks outside the text are dropped."""
    valid = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    cuts = {0, len(text)}
    for m in valid:
        cuts.update((m.start, m.end))
    points = sorted(cuts)
    out = []
    for a, b in zip(points, points[1:], strict=False):
        active = sorted(
            (m for m in valid if m.start <= a and b <= m.end), key=lambda m: (m.start, -m.end)
        )
        anchors = sorted({m.item_id for m in valid if m.start == a})
        out.append(Segment(text[a:b], active, anchors))
    return out
