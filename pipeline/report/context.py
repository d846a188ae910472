"""What the briefing shows, computed from records and review decisions (no HTML here).

The totals come from pledge events (pipeline.events), never from raw mentions: each counted
event (a top-level one: no part of a larger pledge, no member of an aggregate) once. Rejected
pledges are left out of the events, and in the publishable view only accepted and edited
items remain, with the reviewers' edits applied before events and actors are built.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pipeline.corpus_actors import ActorTable
from pipeline.events import EventBuilder
from pipeline.reviews import Review, aggregate_status, apply_reviews, coverage, reviewable


def text_of(value: Any) -> str:
    """Purpose and period may be a span object ({"text": ...}) or a plain string."""
    if isinstance(value, dict):
        return str(value.get("text") or "")
    return "" if value is None else str(value)


def _rate_dates(events: list[dict[str, Any]]) -> list[str]:
    dates: set[str] = set()
    for ev in events:
        for key in ("rate_date", "rate_dates"):
            value = ev.get(key)
            if isinstance(value, str):
                dates.add(value)
            elif isinstance(value, list):
                dates.update(v for v in value if isinstance(v, str))
        for src in ev.get("sources", []):
            if isinstance(src.get("rate_date"), str):
                dates.add(src["rate_date"])
    return sorted(dates)


# Events already computed: (EventBuilder.input_digest of their input, the JSONL holding them).
KnownEvents = tuple[str, Path]


class PledgeEvents:
    """Pledge events of the non-rejected pledges of reviewed records, fed one at a time;
    each event gets its sources' review status. When the events were already computed from
    the same input (`known`: the run's pledges.jsonl, before any pledge was reviewed), they
    are read back instead of being matched again."""

    def __init__(self, known: KnownEvents | None = None) -> None:
        self.builder = EventBuilder()
        self.status: dict[str, str] = {}
        self.known = known

    def add(self, rec: dict[str, Any]) -> None:
        if rec["status"] != "ok":
            return
        for p in rec["pledges"]:
            self.status[p["id"]] = p["review"]["status"]
        pledges = [p for p in rec["pledges"] if p["review"]["status"] != "rejected"]
        self.builder.add(dict(rec, pledges=pledges))

    def events(self) -> list[dict[str, Any]]:
        known = self.known
        if known is not None and known[0] == self.builder.input_digest() and known[1].is_file():
            with known[1].open(encoding="utf-8") as fh:
                events = [json.loads(line) for line in fh]
        else:
            events = self.builder.events()
        for ev in events:
            states = [
                self.status.get(s.get("item_id", ""), "pending")
                for s in ev.get("sources", [])
                if not s.get("conversion")
            ]
            ev["review_status"] = aggregate_status(states)
            ev["reviewed"] = (sum(s != "pending" for s in states), len(states))
        return sorted(
            events, key=lambda e: (-(e.get("amount_eur") or 0), e.get("actor_name") or "")
        )


def _count(value: Any) -> int:
    if isinstance(value, int):
        return value
    if isinstance(value, dict):
        return sum(int(v) for v in value.values())
    return len(value or [])


def _actor_rows(
    table: ActorTable, first: dict[str, tuple[str, str]], docs: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    """Actor rows; `first` maps an actor id or folded name to its first mention's page and
    anchor (the link of the row)."""
    rows = []
    for a in table.actors():
        documents = [d if isinstance(d, str) else d.get("doc_id") for d in a.get("documents", [])]
        target = first.get(a["id"]) or first.get(a["name"].casefold())
        if target is None:
            target = next(((d, "") for d in documents if d in docs), None)
        rows.append(
            {
                "id": a["id"],
                "name": a["name"],
                "type": a.get("type") or "",
                "wikidata": a.get("wikidata"),
                "roles": [text_of(r) for r in a.get("roles") or []],
                "mentions": _count(a.get("mention_count", a.get("mentions"))),
                "documents": [d for d in documents if d in docs],
                "languages": sorted(a.get("languages") or []),
                "target": target,
            }
        )
    return sorted(rows, key=lambda a: (-a["mentions"], -len(a["documents"]), a["name"]))


# What the claims section shows of a claim (the rest of it is only on the document page).
_CLAIM_FIELDS = ("id", "text", "kind", "checkworthy", "speaker_id", "speaker_name", "start")
_REPEATED = ("kind", "speaker_id", "speaker_name")


def _claim_rows(groups: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Claims sorted into speaker groups: groups with check-worthy claims first, then size."""
    ordered = sorted(
        groups.values(),
        key=lambda g: (
            -sum(bool(c.get("checkworthy")) for c in g),
            -len(g),
            (g[0].get("speaker_name") or "\uffff").casefold(),
        ),
    )
    rows = []
    for group in ordered:
        group.sort(key=lambda c: (not c.get("checkworthy"), c["date"] or "", c["start"]))
        for n, c in enumerate(group):
            c.update(group_first=n == 0, group_size=len(group))
            rows.append(c)
    return rows


# The document fields the sources table, the timeline and the links show.
_DOC_FIELDS = ("doc_id", "status", "reason", "source", "title", "date", "lang", "outlet", "url")


class _Corpus:
    """What the briefing keeps of each record, collected in one pass (`add`); the steps
    below turn it into the sections."""

    def __init__(
        self, reviews: dict[str, Review], only_reviewed: bool, known: KnownEvents | None
    ) -> None:
        self.reviews, self.only_reviewed = reviews, only_reviewed
        self.docs: dict[str, dict[str, Any]] = {}
        self.sources: list[dict[str, Any]] = []
        self.timeline: list[dict[str, Any]] = []
        self.langs: Counter[str] = Counter()
        self.dates: list[str] = []
        self.n_failed = self.n_skipped = self.rejected_pledges = self.done = self.total = 0
        self.events, self.actors = PledgeEvents(known), ActorTable()
        self.first: dict[str, tuple[str, str]] = {}
        self.claims: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.shared: dict[Any, Any] = {}  # equal values the claim rows hold once (read-only)

    def add(self, raw: dict[str, Any]) -> None:
        """One record: its document row, and if it was read, its pledges, actors, claims."""
        self.n_failed += raw["status"] == "failed"
        self.n_skipped += raw["status"] == "skipped"
        d, t = coverage([raw], self.reviews)
        self.done, self.total = self.done + d, self.total + t
        rec = apply_reviews([raw], self.reviews, self.only_reviewed)[0]
        doc = {k: rec.get(k) for k in _DOC_FIELDS}
        self.sources.append(doc)
        if rec["status"] != "ok":
            return
        self.docs[rec["doc_id"]] = doc
        self.langs[rec["lang"]] += 1
        if rec["date"]:
            self.dates.append(rec["date"])
        self.rejected_pledges += sum(
            1 for p in rec["pledges"] if p["review"]["status"] == "rejected"
        )
        self.events.add(rec)
        self.actors.add(rec)
        self._add_actor_links(rec)
        self._add_claims(rec)
        self.timeline.append(
            dict(
                doc,
                title=rec["title"] or rec["source"],
                pledges=sum(1 for p in rec["pledges"] if p.get("is_pledge")),
                claims=sum(1 for c in rec["claims"] if reviewable("claims", c)),
            )
        )

    def _add_actor_links(self, rec: dict[str, Any]) -> None:
        for a in rec["actors"]:
            if a["mentions"]:
                target = (rec["doc_id"], f"{a['id']}-0")
                self.first.setdefault(a["id"], target)
                self.first.setdefault(a["name"].casefold(), target)

    def _add_claims(self, rec: dict[str, Any]) -> None:
        shared = self.shared
        for c in rec["claims"]:
            if not reviewable("claims", c):
                continue
            key = c.get("speaker_id") or (c.get("speaker_name") or "").casefold()
            row = {k: c.get(k) for k in _CLAIM_FIELDS}
            for k in _REPEATED:  # a huge transcript has ~10^5 claims: one copy of each
                row[k] = shared.setdefault(row[k], row[k])
            review = shared.setdefault(tuple(c["review"].items()), c["review"])
            row.update(review=review, machine=c.get("machine"))
            row.update(doc_id=rec["doc_id"], date=rec["date"], title=rec["title"] or "")
            self.claims[key].append(row)


def event_tree(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The events in tree order: each top-level event, largest first, followed by its parts
    (or an aggregate by its members), indented one level deeper (`depth`)."""
    by_id = {e["id"]: e for e in events}
    children: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for e in events:  # already largest first
        parent = e.get("part_of")
        children[parent if parent in by_id else None].append(e)
    out: list[dict[str, Any]] = []
    stack = [(e, 0, None) for e in reversed(children[None])]
    while stack:
        e, depth, parent = stack.pop()
        out.append(dict(e, depth=depth, parent_kind=parent))
        kids = children.get(e["id"], [])
        stack += [(k, depth + 1, e.get("kind", "pledge")) for k in reversed(kids)]
    return out


def _disagreement(ev: dict[str, Any]) -> list[dict[str, Any]]:
    """The lowest and the highest source of an event whose sources disagree, side by side."""
    if not ev.get("discrepancy"):
        return []
    priced = [s for s in ev.get("sources", []) if not s.get("conversion") and s.get("amount_eur")]
    if len(priced) < 2:
        return []
    low = min(priced, key=lambda s: (s["amount_eur"], s["item_id"]))
    high = max(priced, key=lambda s: (s["amount_eur"], s["item_id"]))
    return [low, high]


def totals(events: list[dict[str, Any]], rejected_pledges: int) -> dict[str, Any]:
    """The headline: each counted (top-level) event once, in EUR at its stated dates and by
    its own currency, with how many events and sources it rests on and what was left out."""
    counted = [e for e in events if e.get("counted", True)]
    with_eur = [e for e in counted if e.get("amount_eur") is not None]
    by_currency: dict[str, dict[str, Any]] = {}
    for e in counted:
        row = by_currency.setdefault(e.get("currency") or "?", {"amount": 0.0, "events": 0})
        row["amount"] += float(e.get("amount") or 0)
        row["events"] += 1
    kinds = {e["id"]: e.get("kind", "pledge") for e in events}
    sources = [s for e in counted for s in e.get("sources", []) if not s.get("conversion")]
    return {
        "total_eur": sum(float(e["amount_eur"]) for e in with_eur),
        "rate_dates": _rate_dates(with_eur),
        "n_without_rate": len(counted) - len(with_eur),
        "n_yearly": sum(1 for e in counted if e.get("yearly")),
        "by_currency": sorted(by_currency.items()),
        "n_counted": len(counted),
        "n_sources": len(sources),
        "n_documents": len({s["doc_id"] for s in sources}),
        "left_out": {
            "parts": sum(1 for e in events if kinds.get(e.get("part_of")) == "pledge"),
            "members": sum(1 for e in events if kinds.get(e.get("part_of")) == "aggregate"),
            "conversions": sum(
                1 for e in events for s in e.get("sources", []) if s.get("conversion")
            ),
            "rejected": rejected_pledges,
        },
    }


def build_context(
    records: Iterable[dict[str, Any]],
    reviews: dict[str, Review],
    only_reviewed: bool = False,
    known_events: KnownEvents | None = None,
) -> dict[str, Any]:
    """Every section of the briefing as plain data (the templates only lay it out).

    One pass over `records`, keeping of each only what the sections show (the document pages
    read their records again): a corpus of any size is never held in memory whole."""
    corpus = _Corpus(reviews, only_reviewed, known_events)
    for raw in records:
        corpus.add(raw)
    events = event_tree(corpus.events.events())
    for ev in events:
        ev["disagreement"] = _disagreement(ev)
    claim_rows = _claim_rows(corpus.claims)
    dates = sorted(corpus.dates)
    return {
        "records": corpus.sources,
        "docs": corpus.docs,
        "langs": sorted(corpus.langs.items()),
        "date_range": (dates[0], dates[-1]) if dates else None,
        "n_failed": corpus.n_failed,
        "n_skipped": corpus.n_skipped,
        "coverage": {
            "done": corpus.done,
            "total": corpus.total,
            "pct": round(100 * corpus.done / corpus.total) if corpus.total else 0,
        },
        "events": events,
        **totals(events, corpus.rejected_pledges),
        "rejected_pledges": corpus.rejected_pledges,
        "actors": _actor_rows(corpus.actors, corpus.first, corpus.docs),
        "claims": claim_rows,
        "n_claims": sum(1 for c in claim_rows if c["review"]["status"] != "rejected"),
        "timeline": sorted(
            corpus.timeline, key=lambda r: (r["date"] is None, r["date"] or "", r["source"])
        ),
        "only_reviewed": only_reviewed,
    }
