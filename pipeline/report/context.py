"""What the briefing shows, computed from records and review decisions (no HTML here).

The totals come from pledge events (pipeline.events), never from raw mentions; rejected
pledges are left out of the events, and in the publishable view only accepted and edited
items remain, with the reviewers' edits applied before events and actors are built.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from pipeline.corpus_actors import build_actors
from pipeline.events import build_events
from pipeline.review.state import Review, aggregate_status, apply_reviews, coverage, reviewable


def text_of(value: Any) -> str:
    """Purpose and period may be a span object ({"text": ...}) or a plain string."""
    if isinstance(value, dict):
        return str(value.get("text") or "")
    return "" if value is None else str(value)


def _statuses(records: list[dict[str, Any]]) -> dict[str, str]:
    return {
        item["id"]: item["review"]["status"]
        for rec in records
        for key in ("pledges", "claims")
        for item in rec.get(key, [])
    }


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


def pledge_events(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Pledge events of the non-rejected pledges, each with its sources' review status."""
    kept = [
        dict(r, pledges=[p for p in r["pledges"] if p["review"]["status"] != "rejected"])
        for r in records
        if r["status"] == "ok"
    ]
    status = _statuses(records)
    events = build_events(kept)
    for ev in events:
        states = [
            status.get(s.get("item_id", ""), "pending")
            for s in ev.get("sources", [])
            if not s.get("conversion")
        ]
        ev["review_status"] = aggregate_status(states)
        ev["reviewed"] = (sum(s != "pending" for s in states), len(states))
    return sorted(events, key=lambda e: (-(e.get("amount_eur") or 0), e.get("actor_name") or ""))


def _first_mentions(records: list[dict[str, Any]]) -> dict[str, tuple[str, str]]:
    """Actor id or folded name -> (doc_id, anchor of its first mention on the document page)."""
    out: dict[str, tuple[str, str]] = {}
    for rec in records:
        for a in rec["actors"]:
            if a["mentions"]:
                target = (rec["doc_id"], f"{a['id']}-0")
                out.setdefault(a["id"], target)
                out.setdefault(a["name"].casefold(), target)
    return out


def _count(value: Any) -> int:
    if isinstance(value, int):
        return value
    if isinstance(value, dict):
        return sum(int(v) for v in value.values())
    return len(value or [])


def _actors(records: list[dict[str, Any]], docs: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    first = _first_mentions(records)
    rows = []
    for a in build_actors(records):
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


def _claims(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Claims sorted into speaker groups: groups with check-worthy claims first, then size."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for rec in records:
        for c in rec["claims"]:
            if reviewable("claims", c):
                key = c.get("speaker_id") or (c.get("speaker_name") or "").casefold()
                groups[key].append(
                    dict(c, doc_id=rec["doc_id"], date=rec["date"], title=rec["title"] or "")
                )
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
            rows.append(dict(c, group_first=n == 0, group_size=len(group)))
    return rows


def _timeline(ok: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = [
        {
            "doc_id": r["doc_id"],
            "date": r["date"],
            "title": r["title"] or r["source"],
            "source": r["source"],
            "lang": r["lang"],
            "outlet": r.get("outlet"),
            "pledges": sum(1 for p in r["pledges"] if p.get("is_pledge")),
            "claims": sum(1 for c in r["claims"] if reviewable("claims", c)),
        }
        for r in ok
    ]
    return sorted(rows, key=lambda r: (r["date"] is None, r["date"] or "", r["source"]))


def build_context(
    records: list[dict[str, Any]],
    reviews: dict[str, Review],
    only_reviewed: bool = False,
) -> dict[str, Any]:
    """Every section of the briefing as plain data (the templates only lay it out)."""
    reviewed = apply_reviews(records, reviews, only_reviewed)
    ok = [r for r in reviewed if r["status"] == "ok"]
    docs = {r["doc_id"]: r for r in ok}
    events = pledge_events(ok)
    with_eur = [e for e in events if e.get("amount_eur") is not None]
    claims = _claims(ok)
    done, total = coverage(records, reviews)
    dates = sorted(r["date"] for r in ok if r["date"])
    rejected_pledges = sum(
        1 for r in ok for p in r["pledges"] if p["review"]["status"] == "rejected"
    )
    return {
        "records": reviewed,
        "docs": docs,
        "langs": sorted(Counter(r["lang"] for r in ok).items()),
        "date_range": (dates[0], dates[-1]) if dates else None,
        "n_failed": sum(1 for r in records if r["status"] == "failed"),
        "n_skipped": sum(1 for r in records if r["status"] == "skipped"),
        "coverage": {
            "done": done,
            "total": total,
            "pct": round(100 * done / total) if total else 0,
        },
        "events": events,
        "total_eur": sum(float(e["amount_eur"]) for e in with_eur),
        "rate_dates": _rate_dates(with_eur),
        "n_without_rate": len(events) - len(with_eur),
        "rejected_pledges": rejected_pledges,
        "actors": _actors(ok, docs),
        "claims": claims,
        "n_claims": sum(1 for c in claims if c["review"]["status"] != "rejected"),
        "timeline": _timeline(ok),
        "only_reviewed": only_reviewed,
    }
