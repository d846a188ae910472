"""How the briefing and the review app show things: interface strings and numbers in the
reader's language, and a document's text cut into highlighted segments.

Both front ends use this module and neither imports the other. The strings live in
pipeline/data/report/i18n.json, so a translator edits one data file and no template.

Highlighting cuts the text into segments (displaCy style): each segment is a run of text
under the same set of spans, nested in one <mark> per active span. The review pages'
templates loop over the segments themselves; the report's document pages take
`highlighted`'s HTML, built here because the template loop was a quarter of the report's time
on a big corpus. Every piece of text and every attribute value it writes goes through
markupsafe's `escape`, as the template would have done.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape

from pipeline.rules_data import load_rules

UI_LANGS = ("en", "fr")


@lru_cache(maxsize=1)
def _strings() -> dict[str, dict[str, Any]]:
    data: dict[str, Any] = load_rules("report/i18n.json")
    return {k: v for k, v in data.items() if not k.startswith("_")}


def majority_lang(langs: Iterable[str | None]) -> str:
    """The most frequent supported interface language among documents (English on a tie)."""
    counts = Counter(lang for lang in langs if lang in UI_LANGS)
    if not counts:
        return "en"
    return max(UI_LANGS, key=lambda lang: (counts[lang], lang == "en"))


class Translator:
    """`t("key", n=3)`: the string for `key` in the interface language, placeholders filled."""

    def __init__(self, lang: str) -> None:
        if lang not in UI_LANGS:
            raise ValueError(f"interface language must be one of {', '.join(UI_LANGS)}")
        self.lang = lang
        self.table = _strings()[lang]

    def __call__(self, key: str, **values: Any) -> str:
        text = self.table.get(key, key)
        return str(text).format(**values) if values else str(text)

    def number(self, value: float, decimals: int = 2) -> str:
        """1234.5 -> '1,234.5' (en) or '1 234,5' (fr); trailing zeros dropped."""
        raw = f"{value:,.{decimals}f}"
        if "." in raw:
            raw = raw.rstrip("0").rstrip(".")
        return (
            raw.replace(",", "\x00")
            .replace(".", self.table["decimal"])
            .replace("\x00", self.table["thousands"])
        )

    def rule(self, rule: str) -> str:
        """An attribution rule in plain words: 'incise_after+pronoun' -> 'speech verb after
        the quote, pronoun resolved'. A rule or step with no string keeps its own name, so a
        rule the extractors add later still shows."""
        base, *steps = rule.split("+")
        words = [self.table.get(f"rule_{base}", base)]
        words += [self.table.get(f"via_{step}", step) for step in steps]
        return ", ".join(str(w) for w in words)

    def score(self, value: float) -> str:
        """A confidence with two decimals: 0.8 -> '0.80' (en) or '0,80' (fr)."""
        return f"{value:.2f}".replace(".", self.table["decimal"])

    def money(self, value: float | None, currency: str | None = None) -> str:
        """109e9 -> '109 bn EUR' / '109 Md EUR'."""
        if value is None:
            return ""
        for scale, word in self.table["scale"]:
            if abs(value) >= scale:
                return f"{self.number(value / scale)} {word} {currency or ''}".strip()
        return f"{self.number(value)} {currency or ''}".strip()


# highlighting ---------------------------------------------------------------------------
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
    """Segments covering `text` in order; marks outside the text are dropped.

    One sweep over the cut points, keeping the marks open at each (a long document has tens
    of thousands of marks); each segment's marks are ordered by (start, -end)."""
    valid = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    cuts = {0, len(text)}
    for m in valid:
        cuts.update((m.start, m.end))
    points = sorted(cuts)
    pending = sorted(valid, key=lambda m: (m.start, -m.end))
    active: list[Mark] = []
    k, out = 0, []
    for a, b in zip(points, points[1:], strict=False):
        active = [m for m in active if m.end > a]  # open at a, so they reach b (a cut point)
        starting = []
        while k < len(pending) and pending[k].start <= a:
            starting.append(pending[k])
            k += 1
        active.extend(starting)
        out.append(Segment(text[a:b], list(active), sorted({m.item_id for m in starting})))
    return out


def highlighted(segs: list[Segment], title: Callable[[Mark], str]) -> Markup:
    """The segments as HTML: an empty anchor for each mark starting in a segment, then the
    segment's text inside one <mark class="KIND[ s-STATUS]" title="..."> per open mark;
    `title` gives a mark's tooltip. Each mark's opening tag is built once."""
    opening: dict[int, str] = {}
    out: list[str] = []
    for seg in segs:
        out.extend(f'<a class="anchor" id="{escape(a)}"></a>' for a in seg.anchors)
        for m in seg.marks:
            tag = opening.get(id(m))
            if tag is None:
                css = f"{m.kind} s-{m.status}" if m.status else m.kind
                tag = opening[id(m)] = f'<mark class="{escape(css)}" title="{escape(title(m))}">'
            out.append(tag)
        out.append(str(escape(seg.text)))
        out.append("</mark>" * len(seg.marks))
    return Markup("".join(out))
