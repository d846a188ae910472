"""Pledge events of a corpus: resolution (resolve.py), then parts and aggregates (parts.py),
then one plain record per event, as pledges.jsonl holds them.

Conversions in brackets ("€109bn ($112.5bn)", "US$600 billion ($870 billion)") restate the
amount before them: they are listed with the event of that amount, flagged `conversion`,
and are never an event of their own nor anyone's pledge. The canonical amount is the median
over documents (each document counts once, however often it repeats the figure);
`discrepancy` is set when sources disagree by more than DISCREPANCY after conversion, and
`spread` gives both ends. Output order and event ids are deterministic (ids hash the sorted
source item ids).
"""

from __future__ import annotations

import hashlib
import json
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from pipeline.events.parts import Link, document_links, merge_siblings, programme_links, tree
from pipeline.events.resolve import Event, Mention, Nearby, order, prepare, resolve
from pipeline.extract.actors.component import date_in_text

DISCREPANCY = 0.05  # sources further apart than this are flagged
_FIRMNESS = ("committed", "announced", "proposed", "conditional")

# What matching, parts and the event's sources read of a pledge mention.
_KEPT = (
    *("id", "text", "start", "amount", "amount_max", "currency", "qualifier", "status"),
    *("actor_id", "actor_name", "converts_id", "purpose", "period", "sentence"),
)


class EventBuilder:
    """`build_events` fed one record at a time: of each record it keeps only what events read
    of its pledge mentions (_KEPT) and the document fields events show, so a corpus of any
    size is never held in memory whole."""

    def __init__(self) -> None:
        self._days: list[str] = []
        self._found: list[tuple[dict[str, Any], dict[str, Any], frozenset[str]]] = []
        self._digest = hashlib.sha256()  # of _found, see input_digest

    def add(self, rec: dict[str, Any]) -> None:
        if rec.get("date"):
            self._days.append(rec["date"])
        if rec.get("status", "ok") != "ok":
            return
        doc = {k: rec.get(k) for k in ("doc_id", "source", "lang", "date")}
        if not rec.get("date"):  # "BERLIN, March 24, 2025 -": a year to date pledges by
            items = sorted(rec.get("pledges", []), key=lambda i: i.get("start") or 0)
            written = date_in_text(" ".join(i.get("sentence") or "" for i in items))
            doc["written_year"] = written.year if written else None
        nearby: Nearby | None = None
        for item in rec.get("pledges", []):
            if item.get("is_pledge"):
                nearby = nearby or Nearby(rec)
                slim = {k: item[k] for k in _KEPT if k in item}
                near = nearby.near(item)
                self._found.append((doc, slim, near))
                line = json.dumps([doc, slim, sorted(near)], sort_keys=True, default=str)
                self._digest.update(line.encode("utf-8") + b"\n")

    def input_digest(self) -> str:
        """A digest of everything `events()` is computed from (the pledge mentions and the
        dates): builders with equal digests give equal events. Matching 10,000 documents'
        mentions takes ~20 s: the report reuses the JSONL's events while no review changed them."""
        digest = self._digest.copy()
        digest.update(json.dumps(sorted(self._days)).encode("utf-8"))
        return digest.hexdigest()

    def events(self) -> list[dict[str, Any]]:
        """The pledge events of the records added (see module docstring), largest first."""
        days = sorted(self._days)
        day = days[len(days) // 2] if days else None  # undated documents: the corpus's median
        mentions: list[Mention] = []
        conversions: list[Mention] = []
        for doc, item, near in self._found:
            m = prepare(doc, item, near, day)
            (conversions if item.get("converts_id") else mentions).append(m)
        events = resolve(mentions)
        home = {m.item["id"]: e for e in events for m in e.mentions}
        for m in sorted(conversions, key=order):
            target = home.get(m.item["converts_id"])
            if target is not None:  # a conversion of a figure that is no pledge: left out
                target.conversions.append(m)
        return _records(events, mentions)


def build_events(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The pledge events of a corpus (see module docstring), largest first."""
    builder = EventBuilder()
    for rec in records:
        builder.add(rec)
    return builder.events()


def _records(events: list[Event], mentions: list[Mention]) -> list[dict[str, Any]]:
    """The events as plain records, with their place in the part-of tree."""
    by_doc: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_doc[m.rec["doc_id"]].append(m)
    links: list[Link] = []
    aggregates: set[int] = set()
    for doc_id in sorted(by_doc):
        found, flagged = document_links(by_doc[doc_id], by_doc[doc_id][0].rec.get("lang"))
        links += found
        aggregates |= flagged
    links += programme_links(mentions)
    shape = tree(events, links, aggregates)
    merged = merge_siblings(events, shape)
    if merged is not events:  # the same figure twice inside one whole became one event
        events, shape = merged, tree(merged, links, aggregates)
    out = [_render(e) for e in events]
    for k, ev in enumerate(out):
        parent = shape[k]["part_of"]
        ev["part_of"] = out[parent]["id"] if parent is not None else None
        ev["part_reason"] = shape[k]["part_reason"]
        ev["kind"] = shape[k]["kind"]
        ev["counted"] = parent is None
    children: dict[str, list[str]] = defaultdict(list)
    for ev in out:
        if ev["part_of"]:
            children[ev["part_of"]].append(ev["id"])
    for ev in out:
        ev["parts"] = sorted(children.get(ev["id"], []))
    return sorted(out, key=lambda e: (-(e["amount_eur"] or 0), e["actor_name"] or "", e["id"]))


def _source(m: Mention, conversion: bool) -> dict[str, Any]:
    return {
        "doc_id": m.rec["doc_id"],
        "source": m.rec.get("source"),
        "lang": m.rec.get("lang"),
        "date": m.rec.get("date"),
        "item_id": m.item["id"],
        "text": m.item.get("text"),
        "amount": m.item.get("amount"),
        "amount_max": m.item.get("amount_max"),
        "currency": m.item.get("currency"),
        "amount_eur": round(m.lo, 2) if m.lo is not None else None,
        "rate_date": m.day,
        "actor_id": m.item.get("actor_id"),
        "actor_name": m.item.get("actor_name"),
        "conversion": conversion,
    }


def _pledgers(mentions: list[Mention]) -> list[dict[str, Any]]:
    """Every pledger the sources name, with the items that name it, most named first."""
    named: dict[str, dict[str, Any]] = {}
    for m in mentions:
        if m.actor:
            entry = named.setdefault(
                m.actor, {"id": m.actor, "name": m.item.get("actor_name"), "sources": []}
            )
            entry["sources"].append(m.item["id"])
    return sorted(named.values(), key=lambda p: (-len(p["sources"]), p["name"] or "", p["id"]))


def _main_actor(mentions: list[Mention]) -> tuple[str | None, str | None]:
    actors = Counter(m.actor for m in mentions if m.actor)
    if not actors:
        return None, None
    best = max(actors.values())
    actor_id = next(m.actor for m in mentions if m.actor and actors[m.actor] == best)
    name = next((m.item.get("actor_name") for m in mentions if m.actor == actor_id), None)
    return actor_id, name


def _render(event: Event) -> dict[str, Any]:
    mentions = sorted(event.mentions, key=order)
    first = mentions[0]
    per_doc: dict[str, list[float]] = defaultdict(list)
    for m in mentions:
        if m.lo is not None:
            per_doc[m.rec["doc_id"]].append(m.lo)
    values = [statistics.median(v) for _, v in sorted(per_doc.items())]
    figures = [m.lo for m in mentions if m.lo is not None]
    tops = [m.hi for m in mentions if m.hi is not None and m.hi != m.lo]
    actor_id, actor_name = _main_actor(mentions)
    statuses = Counter(m.item.get("status") for m in mentions if m.item.get("status"))
    status = None
    if statuses:
        top = max(statuses.values())
        status = next((s for s in _FIRMNESS if statuses.get(s) == top), None)
    sources = [_source(m, False) for m in mentions]
    sources += [_source(m, True) for m in sorted(event.conversions, key=order)]
    sources.sort(key=lambda s: (s["date"] or "9999", s["source"] or "", s["item_id"]))
    ids = sorted(s["item_id"] for s in sources)
    lo, hi = (min(figures), max(figures)) if figures else (None, None)
    return {
        "id": "e" + hashlib.sha256("\x1f".join(ids).encode()).hexdigest()[:15],
        "actor_id": actor_id,
        "actor_name": actor_name,
        "pledgers": _pledgers(mentions),
        "amount_eur": round(statistics.median(values), 2) if values else None,
        "amount_max_eur": round(statistics.median(tops), 2) if tops else None,
        "amount": first.item.get("amount"),
        "amount_max": first.item.get("amount_max"),
        "currency": first.item.get("currency"),
        "qualifier": first.item.get("qualifier"),
        "purpose": next((m.item["purpose"] for m in mentions if m.item.get("purpose")), None),
        "period": next((m.item["period"] for m in mentions if m.item.get("period")), None),
        "yearly": any(m.yearly for m in mentions),
        "status": status,
        "documents": len({m.rec["doc_id"] for m in mentions}),
        "languages": sorted({m.rec.get("lang") or "?" for m in mentions}),
        "sources": sources,
        "merge_reasons": [
            {"item_id": m.item["id"], "doc_id": m.rec["doc_id"], "reason": m.reason}
            for m in mentions
            if m.reason
        ],
        "spread": {
            "min_eur": round(lo, 2) if lo is not None else None,
            "max_eur": round(hi, 2) if hi is not None else None,
        },
        "discrepancy": bool(lo and hi and (hi - lo) / lo > DISCREPANCY),
        "rate_dates": sorted({m.day for m in mentions if m.day}),
    }
