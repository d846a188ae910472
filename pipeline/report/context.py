"""What the briefing shows, computed from records and review decisions (no HTML here).

The totals come from pledge events (pipeline.events), never from raw mentions; rejected
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


def build_context(
    records: Iterable[dict[str, Any]],
    reviews: dict[str, Review],
    only_reviewed: bool = False,
    known_events: KnownEvents | None = None,
) -> dict[str, Any]:
    """Every section of the briefing as plain data (the templates only lay it out).

    One pass over `records`, keeping of each only what the sections show (the document pages
    read their records again): a corpus of any size is never held in memory whole."""
    docs: dict[str, dict[str, Any]] = {}
    sources: list[dict[str, Any]] = []
    timeline: list[dict[str, Any]] = []
    langs: Counter[str] = Counter()
    dates: list[str] = []
    n_failed = n_skipped = rejected_pledges = done = total = 0
    events, actors = PledgeEvents(known_events), ActorTable()
    first: dict[str, tuple[str, str]] = {}
    claims: dict[str, list[dict[str, Any]]] = defaultdict(list)
    shared: dict[Any, Any] = {}  # equal values the claim rows hold once (read-only)
    for raw in records:
        n_failed += raw["status"] == "failed"
        n_skipped += raw["status"] == "skipped"
        d, t = coverage([raw], reviews)
        done, total = done + d, total + t
        rec = apply_reviews([raw], reviews, only_reviewed)[0]
        doc = {k: rec.get(k) for k in _DOC_FIELDS}
        sources.append(doc)
        if rec["status"] != "ok":
            continue
        docs[rec["doc_id"]] = doc
        langs[rec["lang"]] += 1
        if rec["date"]:
            dates.append(rec["date"])
        rejected_pledges += sum(1 for p in rec["pledges"] if p["review"]["status"] == "rejected")
        events.add(rec)
        actors.add(rec)
        for a in rec["actors"]:
            if a["mentions"]:
                target = (rec["doc_id"], f"{a['id']}-0")
                first.setdefault(a["id"], target)
                first.setdefault(a["name"].casefold(), target)
        for c in rec["claims"]:
            if reviewable("claims", c):
                key = c.get("speaker_id") or (c.get("speaker_name") or "").casefold()
                row = {k: c.get(k) for k in _CLAIM_FIELDS}
                for k in _REPEATED:  # a huge transcript has ~10^5 claims: one copy of each
                    row[k] = shared.setdefault(row[k], row[k])
                review = shared.setdefault(tuple(c["review"].items()), c["review"])
                row.update(review=review, machine=c.get("machine"))
                row.update(doc_id=rec["doc_id"], date=rec["date"], title=rec["title"] or "")
                claims[key].append(row)
        timeline.append(
            dict(
                doc,
                title=rec["title"] or rec["source"],
                pledges=sum(1 for p in rec["pledges"] if p.get("is_pledge")),
                claims=sum(1 for c in rec["claims"] if reviewable("claims", c)),
            )
        )
    pledge_rows = events.events()
    with_eur = [e for e in pledge_rows if e.get("amount_eur") is not None]
    claim_rows = _claim_rows(claims)
    dates.sort()
    return {
        "records": sources,
        "docs": docs,
        "langs": sorted(langs.items()),
        "date_range": (dates[0], dates[-1]) if dates else None,
        "n_failed": n_failed,
        "n_skipped": n_skipped,
        "coverage": {
            "done": done,
            "total": total,
            "pct": round(100 * done / total) if total else 0,
        },
        "events": pledge_rows,
        "total_eur": sum(float(e["amount_eur"]) for e in with_eur),
        "rate_dates": _rate_dates(with_eur),
        "n_without_rate": len(pledge_rows) - len(with_eur),
        "rejected_pledges": rejected_pledges,
        "actors": _actor_rows(actors, first, docs),
        "claims": claim_rows,
        "n_claims": sum(1 for c in claim_rows if c["review"]["status"] != "rejected"),
        "timeline": sorted(
            timeline, key=lambda r: (r["date"] is None, r["date"] or "", r["source"])
        ),
        "only_reviewed": only_reviewed,
    }
