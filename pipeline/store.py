"""The SQLite store: runs, documents (with their text and record), items, review decisions.

One file, WAL mode so readers (the review app) and the writer (a run) don't block each
other. Each document is written in its own transaction, so a killed run leaves only whole
documents behind and the next run resumes after them. Items that a new run no longer
extracts are marked orphaned, never deleted: review decisions point at them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MIGRATIONS: list[str] = [
    # 1: the initial schema.
    """
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        version TEXT NOT NULL,
        config_hash TEXT NOT NULL,
        inputs TEXT NOT NULL,
        summary TEXT
    );
    CREATE TABLE documents (
        doc_id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        path TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        cache_key TEXT NOT NULL,
        status TEXT NOT NULL,
        reason TEXT,
        lang TEXT,
        meta TEXT NOT NULL,
        text TEXT NOT NULL,
        record TEXT NOT NULL,
        run_id INTEGER NOT NULL REFERENCES runs(id),
        updated_at TEXT NOT NULL
    );
    CREATE INDEX documents_source ON documents(source);
    CREATE TABLE document_versions (
        doc_id TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        record TEXT NOT NULL,
        text TEXT NOT NULL,
        replaced_at TEXT NOT NULL,
        PRIMARY KEY (doc_id, sha256)
    );
    CREATE TABLE items (
        id TEXT PRIMARY KEY,
        doc_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        data TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'active',
        first_run INTEGER NOT NULL,
        last_run INTEGER NOT NULL
    );
    CREATE INDEX items_doc ON items(doc_id);
    CREATE TABLE decisions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        item_id TEXT NOT NULL,
        action TEXT NOT NULL,
        edits TEXT,
        reviewer TEXT NOT NULL,
        note TEXT,
        created_at TEXT NOT NULL,
        undone INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX decisions_item ON decisions(item_id);
    """,
    # 2: review revisions. An edit is a decision whose `edits` hold the full set of reviewed
    # fields; `base_hash` is the hash of the machine extraction it revises (items.data at the
    # time) and `parent_id` the previous edit of the same item, so revisions form a chain that
    # starts at the machine extraction. Undo keeps the row and records who undid it and when.
    """
    ALTER TABLE decisions ADD COLUMN base_hash TEXT;
    ALTER TABLE decisions ADD COLUMN parent_id INTEGER;
    ALTER TABLE decisions ADD COLUMN undone_at TEXT;
    ALTER TABLE decisions ADD COLUMN undone_by TEXT;
    CREATE INDEX decisions_reviewer ON decisions(reviewer, undone, id);
    CREATE INDEX items_kind ON items(kind, state);
    """,
]


def now() -> str:
    """UTC timestamp, second precision (stored, never part of the JSONL output)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def data_hash(data: str) -> str:
    """Hash of an item's machine extraction as stored: the base an edit revises."""
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class StoredDocument:
    """One stored document as the review app shows it; `record_json` is parsed on demand."""

    doc_id: str
    source: str
    path: str
    text: str
    meta: dict[str, Any]
    record_json: str

    @property
    def record(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.record_json)
        return data


@dataclass(frozen=True)
class ItemUnderReview:
    """What a new decision is checked against: the item's kind, its machine extraction as
    stored, its document's text, and the edit in force (the revision a new edit revises)."""

    kind: str
    data: dict[str, Any]
    doc_text: str
    last_edit_id: int | None
    last_edits: dict[str, Any]


class UnknownItemError(LookupError):
    """A decision names an item the store does not have."""


# Validates a decision on an item and returns the edit's full set of fields (None for
# accept and reject); raising refuses the decision (nothing is written).
DecisionCheck = Callable[[ItemUnderReview], dict[str, Any] | None]


class Store:
    """A connection to one briefing database, migrated to the current schema on open."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA busy_timeout=30000")
        self._migrate()

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT: writers queue instead of failing on a busy database."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def _migrate(self) -> None:
        with self.transaction() as c:
            c.execute(
                "CREATE TABLE IF NOT EXISTS migrations "
                "(version INTEGER PRIMARY KEY, applied_at TEXT)"
            )
            done = {r[0] for r in c.execute("SELECT version FROM migrations")}
            for version, sql in enumerate(MIGRATIONS, 1):
                if version in done:
                    continue
                for statement in sql.split(";"):
                    if statement.strip():
                        c.execute(statement)
                c.execute("INSERT INTO migrations VALUES (?, ?)", (version, now()))

    # runs -----------------------------------------------------------------------------
    def start_run(self, version: str, config_hash: str, inputs: list[str]) -> int:
        with self.transaction() as c:
            cur = c.execute(
                "INSERT INTO runs (started_at, version, config_hash, inputs) VALUES (?,?,?,?)",
                (now(), version, config_hash, json.dumps(inputs)),
            )
            return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, summary: dict[str, Any]) -> None:
        with self.transaction() as c:
            c.execute(
                "UPDATE runs SET finished_at=?, summary=? WHERE id=?",
                (now(), json.dumps(summary, sort_keys=True), run_id),
            )

    # documents ------------------------------------------------------------------------
    def cached(self, doc_id: str, cache_key: str) -> dict[str, Any] | None:
        """The stored record of a document whose cache key is unchanged, else None."""
        row = self.conn.execute(
            "SELECT record FROM documents WHERE doc_id=? AND cache_key=? AND status != 'failed'",
            (doc_id, cache_key),
        ).fetchone()
        return json.loads(row[0]) if row else None

    def touch(self, doc_id: str, run_id: int) -> None:
        """Mark an unchanged document as seen by this run (no rewrite of its record)."""
        with self.transaction() as c:
            c.execute("UPDATE documents SET run_id=? WHERE doc_id=?", (run_id, doc_id))
            c.execute("UPDATE items SET last_run=? WHERE doc_id=?", (run_id, doc_id))

    def save_document(
        self, record: dict[str, Any], path: str, text: str, cache_key: str, run_id: int
    ) -> None:
        """Write one document and its items in one transaction (all or nothing)."""
        doc_id = record["doc_id"]
        blob = json.dumps(record, sort_keys=True, ensure_ascii=False)
        meta = {k: record.get(k) for k in ("title", "date", "url", "outlet", "speaker", "event")}
        with self.transaction() as c:
            old = c.execute(
                "SELECT sha256, record, text FROM documents WHERE doc_id=?", (doc_id,)
            ).fetchone()
            if old is not None and old["sha256"] != record["sha256"] and old["sha256"]:
                c.execute(
                    "INSERT OR REPLACE INTO document_versions VALUES (?,?,?,?,?)",
                    (doc_id, old["sha256"], old["record"], old["text"], now()),
                )
            c.execute(
                "INSERT OR REPLACE INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    doc_id,
                    record["source"],
                    path,
                    record["sha256"],
                    cache_key,
                    record["status"],
                    record["reason"],
                    record["lang"],
                    json.dumps(meta, sort_keys=True, ensure_ascii=False),
                    text,
                    blob,
                    run_id,
                    now(),
                ),
            )
            rows = [
                (
                    item["id"] if kind != "actor" else f"{doc_id}:{item['id']}",
                    doc_id,
                    kind,
                    json.dumps(item, ensure_ascii=False),
                    run_id,
                    run_id,
                )
                for kind, key in (("pledge", "pledges"), ("claim", "claims"), ("actor", "actors"))
                for item in record.get(key, [])
            ]
            c.executemany(
                "INSERT INTO items (id, doc_id, kind, data, state, first_run, last_run) "
                "VALUES (?,?,?,?,'active',?,?) ON CONFLICT(id) DO UPDATE SET "
                "data=excluded.data, state='active', last_run=excluded.last_run",
                rows,
            )
            if old is not None:  # items the new version no longer has
                current = {row[0] for row in rows}
                stale = c.execute("SELECT id FROM items WHERE doc_id=?", (doc_id,)).fetchall()
                c.executemany(
                    "UPDATE items SET state='orphaned' WHERE id=?",
                    [(row[0],) for row in stale if row[0] not in current],
                )

    def records(self, run_id: int | None = None) -> list[dict[str, Any]]:
        """Document records sorted by source (those seen by `run_id`, or all), all in memory:
        for small jobs (exports, one file); the outputs of a run use `iter_records`."""
        return list(self.iter_records(run_id))

    def document_text(self, doc_id: str) -> str | None:
        row = self.conn.execute("SELECT text FROM documents WHERE doc_id=?", (doc_id,)).fetchone()
        return row[0] if row else None

    def last_run(self) -> int | None:
        row = self.conn.execute("SELECT MAX(id) FROM runs WHERE finished_at IS NOT NULL").fetchone()
        return row[0] if row and row[0] is not None else None

    def iter_records(self, run_id: int | None = None, batch: int = 200) -> Iterator[dict[str, Any]]:
        """Like `records`, one record at a time: a corpus of any size is written out (JSONL,
        pages) in constant memory. Uses its own cursor; don't write to the store meanwhile."""
        sql = "SELECT record FROM documents"
        args: tuple[Any, ...] = ()
        if run_id is not None:
            sql += " WHERE run_id=?"
            args = (run_id,)
        cursor = self.conn.execute(sql + " ORDER BY source, doc_id", args)
        while rows := cursor.fetchmany(batch):
            for row in rows:
                yield json.loads(row[0])

    def outputs_fingerprint(self, run_id: int) -> str:
        """What a run's outputs are made of: its documents (ids, cache keys, statuses,
        reasons) and the review decisions. Equal fingerprints mean byte-identical outputs
        (the version and config are part of every cache key)."""
        digest = hashlib.sha256()
        rows = self.conn.execute(
            "SELECT doc_id, cache_key, status, COALESCE(reason, '') FROM documents "
            "WHERE run_id=? ORDER BY doc_id",
            (run_id,),
        )
        for row in rows:
            digest.update("\x1f".join(row).encode("utf-8") + b"\x1e")
        decisions = self.conn.execute(
            "SELECT COUNT(*), COALESCE(MAX(id), 0), COALESCE(SUM(undone), 0) FROM decisions"
        ).fetchone()
        digest.update(repr(tuple(decisions)).encode("utf-8"))
        return digest.hexdigest()[:32]

    def run_summary(self, run_id: int) -> dict[str, Any] | None:
        """The summary recorded when run `run_id` finished (None if it did not finish)."""
        row = self.conn.execute("SELECT summary FROM runs WHERE id=?", (run_id,)).fetchone()
        return json.loads(row[0]) if row and row[0] else None

    def run_inputs(self, run_id: int | None) -> tuple[list[str], str] | None:
        """(inputs, start time) of run `run_id`, or of the latest run when None."""
        sql = "SELECT inputs, started_at FROM runs " + (
            "WHERE id=?" if run_id is not None else "ORDER BY id DESC LIMIT 1"
        )
        row = self.conn.execute(sql, (run_id,) if run_id is not None else ()).fetchone()
        if row is None:
            return None
        return list(json.loads(row["inputs"] or "[]")), str(row["started_at"])

    def document(self, doc_id: str) -> StoredDocument | None:
        """One document's source, path, text, metadata and record, or None."""
        row = self.conn.execute(
            "SELECT doc_id, source, path, text, meta, record FROM documents WHERE doc_id=?",
            (doc_id,),
        ).fetchone()
        if row is None:
            return None
        meta = json.loads(row["meta"] or "{}")
        return StoredDocument(
            row["doc_id"], row["source"], row["path"], row["text"], meta, row["record"]
        )

    def document_paths(self) -> dict[str, str]:
        """doc_id -> the path the document was read from, for every stored document."""
        return dict(self.conn.execute("SELECT doc_id, path FROM documents").fetchall())

    def document_langs(self) -> list[str | None]:
        """The language of every document processed successfully."""
        return [r[0] for r in self.conn.execute("SELECT lang FROM documents WHERE status='ok'")]

    # items ----------------------------------------------------------------------------
    def item_states(self, doc_id: str) -> dict[str, str]:
        """item id -> state ('active' or 'orphaned') of one document's items."""
        rows = self.conn.execute("SELECT id, state FROM items WHERE doc_id=?", (doc_id,))
        return dict(rows.fetchall())

    def items_stamp(self) -> tuple[Any, ...]:
        """A value that changes whenever a run changes the items or the documents: callers
        cache what they derive from the items under it."""
        row = self.conn.execute(
            "SELECT COUNT(*), MAX(rowid), MAX(last_run), SUM(state='orphaned'), "
            "(SELECT MAX(updated_at) FROM documents) FROM items"
        ).fetchone()
        return tuple(row)

    def items_with_documents(self, kinds: tuple[str, ...]) -> list[dict[str, Any]]:
        """Every item of these kinds (active and orphaned) with its document's source,
        language and metadata: id, kind, doc_id, data, state, source, lang, meta (the data
        and metadata parsed; one parse of the metadata per document)."""
        marks = ",".join("?" * len(kinds))
        rows = self.conn.execute(
            "SELECT i.id, i.kind, i.doc_id, i.data, i.state, d.source, d.lang, d.meta "
            f"FROM items i JOIN documents d ON d.doc_id = i.doc_id WHERE i.kind IN ({marks})",
            kinds,
        ).fetchall()
        metas: dict[str, dict[str, Any]] = {}
        out = []
        for row in rows:
            meta = metas.get(row["doc_id"])
            if meta is None:
                meta = metas[row["doc_id"]] = json.loads(row["meta"] or "{}")
            out.append(dict(row, data=json.loads(row["data"]), meta=meta))
        return out

    def active_item_data(self, kind: str) -> Iterator[dict[str, Any]]:
        """The data of every active item of one kind (an actor's name, id, mentions...)."""
        rows = self.conn.execute("SELECT data FROM items WHERE kind=? AND state='active'", (kind,))
        for (data,) in rows:
            yield json.loads(data)

    # review decisions -----------------------------------------------------------------
    def decisions_in_force(self) -> list[dict[str, Any]]:
        """Every decision not undone, oldest first (edits parsed)."""
        rows = self.conn.execute(
            "SELECT id, item_id, action, edits, reviewer, note, created_at FROM decisions "
            "WHERE undone=0 ORDER BY id"
        ).fetchall()
        return [dict(r, edits=json.loads(r["edits"]) if r["edits"] else None) for r in rows]

    def decision_history(self, item_id: str) -> list[dict[str, Any]]:
        """Every decision on an item, oldest first (undone ones included and marked)."""
        rows = self.conn.execute(
            "SELECT id, action, edits, reviewer, note, created_at, undone, parent_id "
            "FROM decisions WHERE item_id=? ORDER BY id",
            (item_id,),
        ).fetchall()
        return [dict(r, edits=json.loads(r["edits"]) if r["edits"] else None) for r in rows]

    def add_decision(
        self, item_id: str, action: str, reviewer: str, note: str | None, check: DecisionCheck
    ) -> int:
        """Append one decision in its own BEGIN IMMEDIATE transaction; returns its id.

        `check` sees the item as it is inside the transaction (so two reviewers editing at
        once each revise the other's latest edit) and returns the edit's fields; an edit
        records the edit it revises (parent_id), every decision the hash of the machine
        extraction it was made on. An unknown item raises UnknownItemError."""
        with self.transaction() as c:
            row = c.execute(
                "SELECT i.kind, i.data, d.text FROM items i LEFT JOIN documents d "
                "ON d.doc_id = i.doc_id WHERE i.id=?",
                (item_id,),
            ).fetchone()
            if row is None:
                raise UnknownItemError(f"unknown item {item_id!r}")
            last = c.execute(
                "SELECT id, edits FROM decisions WHERE item_id=? AND undone=0 "
                "AND action='edit' ORDER BY id DESC LIMIT 1",
                (item_id,),
            ).fetchone()
            item = ItemUnderReview(
                row["kind"],
                json.loads(row["data"]),
                row["text"] or "",
                last["id"] if last else None,
                json.loads(last["edits"] or "{}") if last else {},
            )
            edits = check(item)
            payload = None
            if edits is not None:
                payload = json.dumps(edits, ensure_ascii=False, sort_keys=True)
            parent = item.last_edit_id if edits is not None else None
            cur = c.execute(
                "INSERT INTO decisions (item_id, action, edits, reviewer, note, created_at, "
                "base_hash, parent_id) VALUES (?,?,?,?,?,?,?,?)",
                (item_id, action, payload, reviewer, note, now(), data_hash(row["data"]), parent),
            )
            return int(cur.lastrowid or 0)

    def undo_last_decision(self, reviewer: str) -> tuple[int, str] | None:
        """Mark this reviewer's latest decision still in force as undone (who and when are
        kept): (decision id, item id), or None when there is none."""
        with self.transaction() as c:
            row = c.execute(
                "SELECT id, item_id FROM decisions WHERE reviewer=? AND undone=0 "
                "ORDER BY id DESC LIMIT 1",
                (reviewer,),
            ).fetchone()
            if row is None:
                return None
            c.execute(
                "UPDATE decisions SET undone=1, undone_at=?, undone_by=? WHERE id=?",
                (now(), reviewer, row["id"]),
            )
            return int(row["id"]), str(row["item_id"])
