"""The SQLite store: runs, documents (with their text and record), items, review decisions.

One file, WAL mode so readers (the review app) and the writer (a run) don't block each
other. Each document is written in its own transaction, so a killed run leaves only whole
documents behind and the next run resumes after them. Items that a new run no longer
extracts are marked orphaned, never deleted: review decisions point at them.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
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
        import hashlib

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
