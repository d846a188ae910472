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
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pipeline.corpus_actors import ActorTable
from pipeline.errors import Errors, UsageError
from pipeline.outputs import jsonl_lines, write_atomic
from pipeline.report.context import PledgeEvents, text_of
from pipeline.reviews import aggregate_status, apply_reviews, load_reviews
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
                      "text", "sources", "review_status", "reviewer", "note", "kind", "counted",
                      "part_of", "parts", "part_reason", "pledgers", "merge_reasons"],
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


class _OnePass:
    """One pass over the latest run's records (streamed from the store: an archive's records
    do not fit in memory): claim rows are handed on as they come, while the pledge rows
    (their events need them), the events and the actors are collected on the way."""

    def __init__(self, store: Store, only_reviewed: bool) -> None:
        self.store, self.only_reviewed = store, only_reviewed
        self.reviews = load_reviews(store)
        self.paths = store.document_paths()
        self.pledges: list[dict[str, Any]] = []
        self.by_item: dict[str, dict[str, Any]] = {}
        self.events = PledgeEvents()
        self.actors = ActorTable()
        self.occurrences: dict[str, list[dict[str, Any]]] = {}

    def claims(self) -> Iterator[dict[str, Any]]:
        """Claim rows, in record order; the other tables are complete once this is exhausted."""
        for stored in self.store.iter_records(self.store.last_run()):
            rec = apply_reviews([stored], self.reviews, self.only_reviewed)[0]
            if rec["status"] != "ok":
                continue
            states = self.store.item_states(rec["doc_id"])
            where = {
                "doc_id": rec["doc_id"],
                "document": self.paths.get(rec["doc_id"]),
                "source": rec["source"],
                "lang": rec["lang"],
                "date": rec["date"],
            }
            for p in rec["pledges"]:
                row = dict(where, **{k: p.get(k) for k in FIELDS["pledges"] if k in p})
                row.update(
                    purpose=text_of(p.get("purpose")) or None, period=text_of(p.get("period"))
                )
                row.update(state=states.get(p["id"], "active"), **_review(p))
                row["period"] = row["period"] or None
                self.pledges.append(row)
                self.by_item[p["id"]] = row
            self.events.add(rec)
            self.actors.add(rec)
            self._occurrences(rec)
            for c in rec["claims"]:
                row = dict(where, **{k: c.get(k) for k in FIELDS["claims"] if k in c})
                row.update(state=states.get(c["id"], "active"), **_review(c))
                yield row

    def _occurrences(self, rec: dict[str, Any]) -> None:
        """Where each actor (by id and by folded name) is mentioned, in record order."""
        for a in rec["actors"]:
            for key in (a["id"], a["name"].casefold()):
                self.occurrences.setdefault(key, []).extend(
                    {"doc_id": rec["doc_id"], "document": self.paths.get(rec["doc_id"]),
                     "source": rec["source"], "item_id": f"{rec['doc_id']}:{a['id']}", **m}
                    for m in a["mentions"]
                )  # fmt: skip

    def event_rows(self) -> list[dict[str, Any]]:
        """Pledge events, each with its sources' provenance and review (after `claims`)."""
        by_item, rows = self.by_item, []
        for ev in self.events.events():
            sources = []
            for s in ev.get("sources", []):
                p = by_item.get(s.get("item_id", ""), {})
                sources.append(
                    {k: p.get(k) for k in ("doc_id", "document", "start", "end", "text", "id")}
                    | {"review_status": p.get("review_status"), "reviewer": p.get("reviewer")}
                )
            first = sources[0] if sources else {}
            spread = ev.get("spread") or {}
            rows.append(
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
                    "note": "; ".join(sorted({n for s in sources if (n := _note(by_item, s))}))
                    or None,
                }
                | {k: first.get(k) for k in ("doc_id", "document", "start", "end", "text")}
                | {"source": by_item.get(first.get("id") or "", {}).get("source")}
            )
        return rows

    def actor_rows(self) -> list[dict[str, Any]]:
        """The corpus's actors with every occurrence and an aggregate review (after `claims`)."""
        rows = []
        for a in self.actors.actors():
            occ = self.occurrences.get(a["id"]) or self.occurrences.get(a["name"].casefold()) or []
            first = occ[0] if occ else {}
            statuses = [
                self.reviews[o["item_id"]].status for o in occ if o["item_id"] in self.reviews
            ] or ["pending"]
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
                | {
                    k: first.get(k)
                    for k in ("doc_id", "document", "source", "start", "end", "text")
                }
            )
        return rows


def _flat(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def csv_lines(rows: Iterable[dict[str, Any]], fields: list[str]) -> Iterator[str]:
    """CSV text a row at a time, after a byte-order mark (spreadsheet programs then read
    UTF-8) and the header; nested values as JSON text, None as an empty cell."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\r\n")
    writer.writeheader()
    yield "\ufeff" + buf.getvalue()
    for row in rows:
        buf.seek(0)
        buf.truncate()
        writer.writerow({k: "" if row.get(k) is None else _flat(row.get(k)) for k in fields})
        yield buf.getvalue()


def _pyarrow() -> tuple[Any, Any]:
    """pyarrow and pyarrow.parquet, or a clear error: an optional dependency."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # not part of the default install
        raise UsageError(Errors.E601) from exc
    return pa, pq


def to_parquet(rows: list[dict[str, Any]], fields: list[str]) -> bytes:
    """A Parquet file (pyarrow); nested values as JSON text so every column has one type."""
    pa, pq = _pyarrow()
    columns = {f: [_flat(r.get(f)) for r in rows] for f in fields}
    table = pa.table(columns)
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    return bytes(sink.getvalue().to_pybytes())


def _write(path: Path, fmt: str, name: str, rows: Iterable[dict[str, Any]]) -> None:
    """One table, written atomically; JSONL and CSV a row at a time, Parquet (pyarrow
    writes a whole table) from the table's flat rows."""
    fields = FIELDS[name]
    projected = ({f: row.get(f) for f in fields} for row in rows)
    if fmt == "jsonl":
        write_atomic(path, jsonl_lines(projected))
    elif fmt == "csv":
        write_atomic(path, csv_lines(projected, fields))
    else:
        write_atomic(path, to_parquet(list(projected), fields))


def export(store: Store, out: Path, fmt: str, only_reviewed: bool = False) -> list[Path]:
    """Write <out>/{pledges,pledge_events,actors,claims}.<fmt> from one pass over the stored
    records; returns the files written."""
    if fmt not in FORMATS:
        raise UsageError(Errors.E600.format(fmt=fmt, choices=", ".join(FORMATS)))
    if fmt == "parquet":
        _pyarrow()  # missing: the error comes before any file is written
    tables = _OnePass(store, only_reviewed)
    paths = {name: out / f"{name}.{fmt}" for name in FIELDS}
    _write(paths["claims"], fmt, "claims", tables.claims())  # the pass: collects the others
    _write(paths["pledges"], fmt, "pledges", tables.pledges)
    _write(paths["pledge_events"], fmt, "pledge_events", tables.event_rows())
    _write(paths["actors"], fmt, "actors", tables.actor_rows())
    return list(paths.values())
