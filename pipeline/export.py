"""Exports of the latest run with its review state: pledges, pledge events, actors, claims.

Every row carries where it comes from (document path, offsets, surface text) and its review
(status, reviewer, note), so a spreadsheet user can audit a figure without the app. CSV is
UTF-8 with a BOM (spreadsheet programs then show accents); nested values (lists, objects)
are JSON text in CSV and Parquet cells and real lists/objects in JSONL.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from pipeline.corpus_actors import build_actors
from pipeline.errors import UsageError
from pipeline.outputs import jsonl, write_atomic
from pipeline.report.context import pledge_events, text_of
from pipeline.review.state import aggregate_status, apply_reviews, load_reviews
from pipeline.store import Store

FORMATS = ("jsonl", "csv", "parquet")
REVIEW = ["review_status", "reviewer", "note", "reviewed_at", "revision", "machine"]
WHERE = ["doc_id", "document", "source", "lang", "date", "start", "end", "text"]
FIELDS = {
    "pledges": ["id", *WHERE, "amount", "amount_max", "currency", "qualifier", "is_pledge",
                "amount_eur", "amount_usd", "rate_date", "actor_id", "actor_name", "purpose",
                "period", "status", "sentence", "state", *REVIEW],
    "pledge_events": ["id", "actor_id", "actor_name", "amount", "amount_max", "currency",
                      "qualifier", "amount_eur", "min_eur", "max_eur", "discrepancy", "purpose",
                      "period", "status", "n_sources", "rate_dates", *WHERE[:3], "start", "end",
                      "text", "sources", "review_status", "reviewer", "note"],
    "actors": ["id", "name", "type", "wikidata", "roles", "mentions", "n_documents", "languages",
               *WHERE[:3], "start", "end", "text", "occurrences", "review_status", "reviewer",
               "note"],
    "claims": ["id", *WHERE, "kind", "speaker_id", "speaker_name", "cue", "checkworthy",
               "confidence", "state", *REVIEW],
}  # fmt: skip


def _review(item: dict[str, Any]) -> dict[str, Any]:
    r = item["review"]
    return {
        "review_status": r["status"],
        "reviewer": r["reviewer"],
        "note": r["note"],
        "reviewed_at": r["at"],
        "revision": r["revision"],
        "machine": item.get("machine") or None,
    }


def _note(by_item: dict[str, dict[str, Any]], source: dict[str, Any]) -> str | None:
    return by_item.get(source.get("id") or "", {}).get("note")


def tables(store: Store, only_reviewed: bool = False) -> dict[str, list[dict[str, Any]]]:
    """The four tables as rows (dicts with the keys of FIELDS)."""
    records = store.records(store.last_run())
    reviewed = apply_reviews(records, load_reviews(store.conn), only_reviewed)
    ok = [r for r in reviewed if r["status"] == "ok"]
    paths = dict(store.conn.execute("SELECT doc_id, path FROM documents").fetchall())
    states = dict(store.conn.execute("SELECT id, state FROM items").fetchall())
    out: dict[str, list[dict[str, Any]]] = {k: [] for k in FIELDS}
    by_item: dict[str, dict[str, Any]] = {}
    for rec in ok:
        where = {
            "doc_id": rec["doc_id"],
            "document": paths.get(rec["doc_id"]),
            "source": rec["source"],
            "lang": rec["lang"],
            "date": rec["date"],
        }
        for p in rec["pledges"]:
            row = dict(where, **{k: p.get(k) for k in FIELDS["pledges"] if k in p})
            row.update(purpose=text_of(p.get("purpose")) or None, period=text_of(p.get("period")))
            row.update(state=states.get(p["id"], "active"), **_review(p))
            row["period"] = row["period"] or None
            out["pledges"].append(row)
            by_item[p["id"]] = row
        for c in rec["claims"]:
            row = dict(where, **{k: c.get(k) for k in FIELDS["claims"] if k in c})
            row.update(state=states.get(c["id"], "active"), **_review(c))
            out["claims"].append(row)
    for ev in pledge_events(ok):
        sources = []
        for s in ev.get("sources", []):
            p = by_item.get(s.get("item_id", ""), {})
            sources.append(
                {k: p.get(k) for k in ("doc_id", "document", "start", "end", "text", "id")}
                | {"review_status": p.get("review_status"), "reviewer": p.get("reviewer")}
            )
        first = sources[0] if sources else {}
        spread = ev.get("spread") or {}
        out["pledge_events"].append(
            {k: ev.get(k) for k in FIELDS["pledge_events"] if k in ev}
            | {
                "purpose": text_of(ev.get("purpose")) or None,
                "period": text_of(ev.get("period")) or None,
                "min_eur": spread.get("min_eur"),
                "max_eur": spread.get("max_eur"),
                "n_sources": len(sources),
                "sources": sources,
                "review_status": ev["review_status"],
                "reviewer": "; ".join(sorted({s["reviewer"] for s in sources if s["reviewer"]}))
                or None,
                "note": "; ".join(sorted({n for s in sources if (n := _note(by_item, s))})) or None,
            }
            | {k: first.get(k) for k in ("doc_id", "document", "start", "end", "text")}
            | {"source": by_item.get(first.get("id") or "", {}).get("source")}
        )
    out["actors"] = _actor_rows(ok, paths, store)
    return {k: [{f: row.get(f) for f in FIELDS[k]} for row in rows] for k, rows in out.items()}


def _actor_rows(
    ok: list[dict[str, Any]], paths: dict[str, str], store: Store
) -> list[dict[str, Any]]:
    reviews = load_reviews(store.conn)
    occurrences: dict[str, list[dict[str, Any]]] = {}
    for rec in ok:
        for a in rec["actors"]:
            for key in (a["id"], a["name"].casefold()):
                occurrences.setdefault(key, []).extend(
                    {"doc_id": rec["doc_id"], "document": paths.get(rec["doc_id"]),
                     "source": rec["source"], "item_id": f"{rec['doc_id']}:{a['id']}", **m}
                    for m in a["mentions"]
                )  # fmt: skip
    rows = []
    for a in build_actors(ok):
        occ = occurrences.get(a["id"]) or occurrences.get(a["name"].casefold()) or []
        first = occ[0] if occ else {}
        statuses = [reviews[o["item_id"]].status for o in occ if o["item_id"] in reviews] or [
            "pending"
        ]
        docs = a.get("documents") or []
        rows.append(
            {
                "id": a["id"],
                "name": a["name"],
                "type": a.get("type"),
                "wikidata": a.get("wikidata"),
                "roles": [text_of(r) for r in a.get("roles") or []],
                "mentions": a.get("mention_count", a.get("mentions")),
                "n_documents": len(docs),
                "languages": a.get("languages"),
                "occurrences": [{k: v for k, v in o.items() if k != "item_id"} for o in occ],
                "review_status": aggregate_status(statuses),
                "reviewer": None,
                "note": None,
            }
            | {k: first.get(k) for k in ("doc_id", "document", "source", "start", "end", "text")}
        )
    return rows


def _flat(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def to_csv(rows: list[dict[str, Any]], fields: list[str]) -> bytes:
    """UTF-8 with a BOM; nested values as JSON text; None as an empty cell."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if row.get(k) is None else _flat(row.get(k)) for k in fields})
    return buf.getvalue().encode("utf-8-sig")


def to_parquet(rows: list[dict[str, Any]], fields: list[str]) -> bytes:
    """A Parquet file (pyarrow); nested values as JSON text so every column has one type."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # an optional dependency, not part of the default install
        raise UsageError(
            "[E601] --format parquet needs pyarrow, which is not installed: pip install pyarrow"
        ) from exc
    columns = {f: [_flat(r.get(f)) for r in rows] for f in fields}
    table = pa.table(columns)
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    return bytes(sink.getvalue().to_pybytes())


def export(store: Store, out: Path, fmt: str, only_reviewed: bool = False) -> list[Path]:
    """Write <out>/{pledges,events,actors,claims}.<fmt>; returns the files written."""
    if fmt not in FORMATS:
        raise UsageError(f"[E600] unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    written = []
    for name, rows in tables(store, only_reviewed).items():
        path = out / f"{name}.{fmt}"
        if fmt == "jsonl":
            write_atomic(path, jsonl(rows))
        elif fmt == "csv":
            write_atomic(path, to_csv(rows, FIELDS[name]))
        else:
            write_atomic(path, to_parquet(rows, FIELDS[name]))
        written.append(path)
    return written
