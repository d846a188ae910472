"""The review queue: reviewable items with their current status, filters, and item context.

Items come from the store's items table, so an item that the latest run no longer extracts
(state "orphaned") stays in the queue with its decisions. Ordering is stable: document
source, then offset, then id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from pipeline.present import Mark, Segment, segments
from pipeline.reviews import REVIEWABLE, Review, apply_item, load_reviews, reviewable
from pipeline.store import Store

FILTERS = ("status", "type", "lang", "doc", "actor", "checkworthy", "state")
CONTEXT_CHARS = 700  # paragraph window around an item in a very long paragraph
_SENTENCE_END = re.compile(r"[.!?…](?:[\"»”’)\]]*)\s+")


@dataclass
class QueueItem:
    """One reviewable item as the app shows it (edits applied, review attached)."""

    id: str
    kind: str
    doc_id: str
    source: str
    lang: str
    title: str
    state: str
    data: dict[str, Any]
    review: Review

    @property
    def who(self) -> str | None:
        return self.data.get("actor_name" if self.kind == "pledge" else "speaker_name")

    @property
    def who_id(self) -> str | None:
        return self.data.get("actor_id" if self.kind == "pledge" else "speaker_id")

    @property
    def attribution(self) -> dict[str, Any] | None:
        """The machine's evidence for the speaker or pledger: rule, mention, confidence."""
        att = self.data.get("attribution")
        return att if isinstance(att, dict) and att.get("rule") else None

    @property
    def who_edited(self) -> bool:
        """A reviewer changed the speaker or pledger, so the attribution explains the
        machine's choice, not the one shown."""
        return bool({"actor_name", "speaker_name"} & (self.data.get("machine") or {}).keys())


@dataclass
class Filters:
    """Query-string filters of the queue; empty strings mean "any"."""

    values: dict[str, str] = field(default_factory=dict)

    @classmethod
    def parse(cls, params: Any, default_status: str = "pending") -> Filters:
        vals = {k: str(params.get(k, "") or "")[:200] for k in FILTERS}
        if "status" not in params:
            vals["status"] = default_status
        return cls(vals)

    def query(self, **extra: Any) -> str:
        data = {k: v for k, v in self.values.items() if v or k == "status"}
        data.update({k: v for k, v in extra.items() if v is not None})
        return urlencode(data)

    def match(self, item: QueueItem, ignore_status: bool = False) -> bool:
        v = self.values
        checks = [
            ignore_status or not v.get("status") or item.review.status == v["status"],
            not v.get("type") or item.kind == v["type"],
            not v.get("lang") or item.lang == v["lang"],
            not v.get("doc") or item.doc_id == v["doc"],
            not v.get("state") or item.state == v["state"],
            not v.get("actor") or (item.who or "").casefold() == v["actor"].casefold(),
            not v.get("checkworthy")
            or bool(item.data.get("checkworthy")) == (v["checkworthy"] == "1"),
        ]
        return all(checks)


_CACHE: dict[str, tuple[tuple[Any, ...], list[tuple[Any, ...]]]] = {}


def _raw_items(store: Store) -> list[tuple[Any, ...]]:
    """Parsed rows of the reviewable items, cached until a run changes the items table."""
    stamp = store.items_stamp()
    key = str(store.path.resolve())
    cached = _CACHE.get(key)
    if cached and cached[0] == stamp:
        return cached[1]
    out = []
    for row in store.items_with_documents(REVIEWABLE):
        data, meta = row["data"], row["meta"]
        if not reviewable(row["kind"], data):
            continue
        title = meta.get("title") or row["source"]
        out.append(
            (row["id"], row["kind"], row["doc_id"], row["source"], row["lang"] or "", title,
             row["state"], data, meta.get("date"))
        )  # fmt: skip
    out.sort(key=lambda r: (r[3], r[7].get("start", 0), r[0]))
    _CACHE[key] = (stamp, out)
    return out


def load_items(store: Store) -> list[QueueItem]:
    """Every reviewable item (active and orphaned), sorted, with reviews and edits applied."""
    reviews = load_reviews(store)
    items = []
    for item_id, kind, doc_id, source, lang, title, state, data, date in _raw_items(store):
        review = reviews.get(item_id, Review())
        applied = apply_item(data, review, date)
        items.append(QueueItem(item_id, kind, doc_id, source, lang, title, state, applied, review))
    return items


def neighbours(
    items: list[QueueItem], current: str, filters: Filters
) -> tuple[str | None, str | None]:
    """(previous, next) ids among the filtered items around `current` (next wraps around)."""
    ids = [i.id for i in items]
    pos = ids.index(current) if current in ids else -1
    after = [i for i in items[pos + 1 :] if filters.match(i)]
    before = [i for i in items[:pos] if filters.match(i)] if pos >= 0 else []
    nxt = after[0].id if after else (before[0].id if before else None)
    prev = before[-1].id if before else None
    return prev, nxt


def progress(items: list[QueueItem], filters: Filters) -> dict[str, int]:
    """Reviewed / total items under the filters (the status filter aside), and the matches."""
    scope = [i for i in items if filters.match(i, ignore_status=True)]
    done = sum(1 for i in scope if i.review.status != "pending")
    return {
        "done": done,
        "total": len(scope),
        "matching": sum(1 for i in scope if filters.match(i)),
        "pct": round(100 * done / len(scope)) if scope else 0,
    }


def facets(items: list[QueueItem]) -> dict[str, list[tuple[str, str]]]:
    """Choices for the filter menus: languages, documents and actors present in the queue."""
    docs = sorted({(i.doc_id, i.source) for i in items}, key=lambda d: d[1])
    actors = sorted({i.who for i in items if i.who}, key=str.casefold)
    return {
        "lang": [(x, x) for x in sorted({i.lang for i in items if i.lang})],
        "doc": docs,
        "actor": [(a, a) for a in actors],
    }


def _paragraph(text: str, start: int, end: int) -> tuple[int, int]:
    """The line(s) holding the item, cut at a word boundary when longer than the window."""
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    b = len(text) if b == -1 else b
    if start - a > CONTEXT_CHARS:
        a = text.find(" ", start - CONTEXT_CHARS, start) + 1 or start - CONTEXT_CHARS
    if b - end > CONTEXT_CHARS:
        cut = text.rfind(" ", end, end + CONTEXT_CHARS)
        b = cut if cut > end else end + CONTEXT_CHARS
    return a, b


def _sentence(text: str, start: int, end: int, lo: int, hi: int) -> str:
    a = lo
    for m in _SENTENCE_END.finditer(text, lo, start):
        a = m.end()
    stop = _SENTENCE_END.search(text, end, hi)
    return text[a : stop.end() if stop else hi].strip()


def _evidence(text: str, item: QueueItem, lo: int, hi: int) -> tuple[int, int] | None:
    """The offsets of the words that made the speaker or pledger, when they lie inside the
    paragraph shown and still read the same in the document's text."""
    mention = (item.attribution or {}).get("mention")
    if not isinstance(mention, dict):
        return None
    start, end = mention.get("start"), mention.get("end")
    if not (isinstance(start, int) and isinstance(end, int) and lo <= start < end <= hi):
        return None
    return (start, end) if text[start:end] == mention.get("text") else None


def item_context(store: Store, item: QueueItem) -> dict[str, Any]:
    """Sentence and paragraph of an item, the paragraph cut into highlighted segments."""
    doc = store.document(item.doc_id)
    text = doc.text if doc else ""
    start, end = int(item.data.get("start", 0)), int(item.data.get("end", 0))
    if text[start:end] != item.data.get("text"):  # an orphaned item of an older text
        fallback = item.data.get("sentence") or item.data.get("text") or ""
        return {
            "sentence": fallback,
            "segments": [Segment(fallback)],
            "para_start": 0,
            "para_text": fallback,
            "actors": [],
            "evidence_shown": False,
        }
    lo, hi = _paragraph(text, start, end)
    actors = doc.record.get("actors", []) if doc else []
    marks = [Mark(start - lo, end - lo, item.kind, item.id)]
    who_id, who = item.who_id, (item.who or "").casefold()
    for a in actors:
        if a["id"] == who_id or (who and a["name"].casefold() == who):
            for n, m in enumerate(a["mentions"]):
                if lo <= m["start"] and m["end"] <= hi:
                    marks.append(Mark(m["start"] - lo, m["end"] - lo, "who", f"w{n}", a["name"]))
    evidence = _evidence(text, item, lo, hi)
    if evidence is not None:
        marks.append(Mark(evidence[0] - lo, evidence[1] - lo, "evidence", "evidence"))
    return {
        "sentence": _sentence(text, start, end, lo, hi) or item.data.get("sentence") or "",
        "segments": segments(text[lo:hi], marks),
        "para_start": lo,
        "para_text": text[lo:hi],
        "actors": [{"id": a["id"], "name": a["name"]} for a in actors],
        "evidence_shown": evidence is not None,
    }


def known_actors(store: Store, limit: int = 300) -> dict[str, str]:
    """Folded actor name -> id over the corpus (the most mentioned first, `limit` names)."""
    counts: dict[str, tuple[int, str, str]] = {}
    for a in store.active_item_data("actor"):
        key = a["name"].casefold()
        n = counts.get(key, (0, a["id"], a["name"]))[0] + len(a.get("mentions", []))
        counts[key] = (n, a["id"], a["name"])
    top = sorted(counts.values(), key=lambda v: (-v[0], v[2]))[:limit]
    return {name: aid for _, aid, name in top}
