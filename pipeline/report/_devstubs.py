"""TEMPORARY stand-ins for pipeline.events / pipeline.corpus_actors (deleted before handoff)."""

from __future__ import annotations

from typing import Any


def build_events(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for r in records:
        for p in r["pledges"]:
            if not p.get("is_pledge"):
                continue
            out.append(
                {
                    "id": "e" + p["id"][1:],
                    "actor_id": p.get("actor_id"),
                    "actor_name": p.get("actor_name"),
                    "amount_eur": p.get("amount_eur"),
                    "currency": p["currency"],
                    "amount": p["amount"],
                    "amount_max": p.get("amount_max"),
                    "qualifier": p["qualifier"],
                    "purpose": p.get("purpose"),
                    "period": p.get("period"),
                    "status": p.get("status"),
                    "sources": [
                        {
                            "doc_id": r["doc_id"],
                            "source": r["source"],
                            "item_id": p["id"],
                            "text": p["text"],
                            "amount": p["amount"],
                            "currency": p["currency"],
                            "amount_eur": p.get("amount_eur"),
                        }
                    ],
                    "spread": {"min_eur": p.get("amount_eur"), "max_eur": p.get("amount_eur")},
                    "discrepancy": False,
                    "rate_date": p.get("rate_date"),
                }
            )
    return out


def build_actors(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    acc: dict[str, dict[str, Any]] = {}
    for r in records:
        for a in r["actors"]:
            e = acc.setdefault(
                a["name"],
                {
                    "id": a["id"],
                    "name": a["name"],
                    "type": a["type"],
                    "wikidata": a.get("wikidata"),
                    "roles": a.get("roles", []),
                    "mentions": 0,
                    "documents": [],
                    "languages": [],
                },
            )
            e["mentions"] += len(a["mentions"])
            e["documents"].append(r["doc_id"])
            if r["lang"] not in e["languages"]:
                e["languages"].append(r["lang"])
    return list(acc.values())
