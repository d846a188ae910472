"""Review decisions: write them safely, read every item's current status, apply the edits.

The decisions table is append-only. An item's status is derived from its decisions that are
not undone: the last one decides between accepted and rejected, and any edit revision makes
it "edited" (the edit's fields replace the machine values). Nothing here imports the web
stack, so the report and the exports use the same rules as the review app.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from pipeline.rates import to_eur_usd
from pipeline.store import Store, now

STATUSES = ("pending", "accepted", "edited", "rejected")
ACTIONS = ("accept", "reject", "edit")
REVIEWABLE = ("pledge", "claim")
QUALIFIERS = ("exact", "approx", "up_to", "at_least", "range")
# Fields a reviewer may change, per kind. An edit stores all of them (a full revision).
EDITABLE = {
    "pledge": ("amount", "amount_max", "currency", "qualifier", "actor_id", "actor_name"),
    "claim": ("start", "end", "text", "speaker_id", "speaker_name"),
}
MAX_NAME = 200
MAX_NOTE = 2000
_ID = re.compile(r"^[A-Za-z0-9_:.\-]{1,120}$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")


class ReviewError(ValueError):
    """A decision that cannot be recorded (unknown item, invalid edit); the message says why."""


@dataclass
class Review:
    """The current review state of one item."""

    status: str = "pending"
    reviewer: str | None = None
    note: str | None = None
    at: str | None = None
    decision_id: int | None = None
    revision: int = 0
    edits: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "reviewer": self.reviewer,
            "note": self.note,
            "at": self.at,
            "decision_id": self.decision_id,
            "revision": self.revision,
        }


def data_hash(data: str) -> str:
    """Hash of an item's machine extraction as stored: the base an edit revises."""
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


def load_reviews(conn: sqlite3.Connection) -> dict[str, Review]:
    """Current review of every item that has at least one decision not undone."""
    rows = conn.execute(
        "SELECT id, item_id, action, edits, reviewer, note, created_at FROM decisions "
        "WHERE undone=0 ORDER BY id"
    ).fetchall()
    out: dict[str, Review] = {}
    for row in rows:
        rev = out.setdefault(row["item_id"], Review())
        rev.decision_id = row["id"]
        rev.reviewer = row["reviewer"]
        rev.at = row["created_at"]
        if row["note"]:
            rev.note = row["note"]
        if row["action"] == "edit":
            rev.revision += 1
            rev.edits = json.loads(row["edits"] or "{}")
        if row["action"] == "reject":
            rev.status = "rejected"
        else:
            rev.status = "edited" if rev.revision else "accepted"
    return out


def _number(value: Any, name: str) -> float:
    try:
        raw = "".join(str(value).split()).replace("\u202f", "")  # "30 000 000 000" is fine
        number = float(raw.replace(",", "."))
    except ValueError as exc:
        raise ReviewError(f"{name} must be a number, got {value!r}") from exc
    if not math.isfinite(number) or number <= 0:
        raise ReviewError(f"{name} must be a positive number, got {value!r}")
    return number


def _name(value: Any) -> str | None:
    text = " ".join(str(value or "").split())
    if len(text) > MAX_NAME:
        raise ReviewError(f"names are limited to {MAX_NAME} characters")
    return text or None


def _actor_id(value: Any) -> str | None:
    text = str(value or "").strip()
    if text and not _ID.match(text):
        raise ReviewError(f"invalid actor id {text!r}")
    return text or None


def clean_edits(
    kind: str, posted: dict[str, Any], current: dict[str, Any], doc_text: str
) -> dict[str, Any]:
    """The full revision for `kind`: `current` values overridden by the valid posted ones."""
    if kind not in EDITABLE:
        raise ReviewError(f"items of kind {kind!r} cannot be edited")
    values = {k: current.get(k) for k in EDITABLE[kind]}
    given = {k: v for k, v in posted.items() if k in EDITABLE[kind]}
    if kind == "pledge":
        if "amount" in given:
            values["amount"] = _number(given["amount"], "amount")
        if "amount_max" in given:
            raw = given["amount_max"]
            values["amount_max"] = None if raw in (None, "") else _number(raw, "amount_max")
        if "currency" in given:
            code = str(given["currency"] or "").strip().upper()
            if not _CURRENCY.match(code):
                raise ReviewError(f"currency must be an ISO 4217 code like EUR, got {code!r}")
            values["currency"] = code
        if "qualifier" in given:
            if given["qualifier"] not in QUALIFIERS:
                raise ReviewError(f"qualifier must be one of {', '.join(QUALIFIERS)}")
            values["qualifier"] = given["qualifier"]
        if values["qualifier"] == "range" and not values["amount_max"]:
            raise ReviewError("a range needs a maximum amount")
        if values["amount_max"] is not None and values["amount_max"] < (values["amount"] or 0):
            raise ReviewError("the maximum amount is smaller than the amount")
        if "actor_name" in given or "actor_id" in given:
            values["actor_name"] = _name(given.get("actor_name"))
            values["actor_id"] = _actor_id(given.get("actor_id")) if values["actor_name"] else None
        return values
    if "start" in given or "end" in given:
        try:
            start = int(str(given.get("start", values["start"])))
            end = int(str(given.get("end", values["end"])))
        except (TypeError, ValueError) as exc:
            raise ReviewError("claim boundaries must be integers") from exc
        if not 0 <= start < end <= len(doc_text):
            raise ReviewError(f"claim boundaries {start}-{end} are outside the document")
        values["start"], values["end"], values["text"] = start, end, doc_text[start:end]
    if "speaker_name" in given or "speaker_id" in given:
        values["speaker_name"] = _name(given.get("speaker_name"))
        values["speaker_id"] = (
            _actor_id(given.get("speaker_id")) if values["speaker_name"] else None
        )
    return values


def record_decision(
    store: Store,
    item_id: str,
    action: str,
    reviewer: str,
    note: str | None = None,
    edits: dict[str, Any] | None = None,
) -> int:
    """Append one decision in its own BEGIN IMMEDIATE transaction; returns its id."""
    if action not in ACTIONS:
        raise ReviewError(f"unknown action {action!r}")
    reviewer = _name(reviewer) or ""
    if not reviewer:
        raise ReviewError("a reviewer name is required")
    note = (note or "").strip() or None
    if note and len(note) > MAX_NOTE:
        raise ReviewError(f"notes are limited to {MAX_NOTE} characters")
    with store.transaction() as c:
        item = c.execute(
            "SELECT i.kind, i.data, d.text FROM items i LEFT JOIN documents d "
            "ON d.doc_id = i.doc_id WHERE i.id=?",
            (item_id,),
        ).fetchone()
        if item is None or item["kind"] not in REVIEWABLE:
            raise ReviewError(f"unknown item {item_id!r}")
        payload, parent = None, None
        if action == "edit":
            last = c.execute(
                "SELECT id, edits FROM decisions WHERE item_id=? AND undone=0 AND action='edit' "
                "ORDER BY id DESC LIMIT 1",
                (item_id,),
            ).fetchone()
            current = json.loads(item["data"])
            if last is not None:
                parent = last["id"]
                current.update(json.loads(last["edits"] or "{}"))
            values = clean_edits(item["kind"], edits or {}, current, item["text"] or "")
            payload = json.dumps(values, ensure_ascii=False, sort_keys=True)
        cur = c.execute(
            "INSERT INTO decisions (item_id, action, edits, reviewer, note, created_at, "
            "base_hash, parent_id) VALUES (?,?,?,?,?,?,?,?)",
            (item_id, action, payload, reviewer, note, now(), data_hash(item["data"]), parent),
        )
        return int(cur.lastrowid or 0)


def undo_last(store: Store, reviewer: str) -> tuple[int, str] | None:
    """Undo this reviewer's latest decision still in force: (decision id, item id) or None."""
    with store.transaction() as c:
        row = c.execute(
            "SELECT id, item_id FROM decisions WHERE reviewer=? AND undone=0 "
            "ORDER BY id DESC LIMIT 1",
            (_name(reviewer) or "",),
        ).fetchone()
        if row is None:
            return None
        c.execute(
            "UPDATE decisions SET undone=1, undone_at=?, undone_by=? WHERE id=?",
            (now(), reviewer, row["id"]),
        )
        return int(row["id"]), str(row["item_id"])


def history(conn: sqlite3.Connection, item_id: str) -> list[dict[str, Any]]:
    """Every decision on an item, oldest first (undone ones included and marked)."""
    rows = conn.execute(
        "SELECT id, action, edits, reviewer, note, created_at, undone, parent_id "
        "FROM decisions WHERE item_id=? ORDER BY id",
        (item_id,),
    ).fetchall()
    return [dict(r, edits=json.loads(r["edits"]) if r["edits"] else None) for r in rows]


def _reconvert(pledge: dict[str, Any], date: str | None) -> None:
    """Recompute the EUR/USD values of an edited amount with the pipeline's dated rates."""
    eur, usd, day = to_eur_usd(pledge.get("amount"), pledge.get("currency"), date)
    pledge["amount_eur"], pledge["amount_usd"], pledge["rate_date"] = eur, usd, day


def apply_item(item: dict[str, Any], review: Review | None, date: str | None) -> dict[str, Any]:
    """A copy of `item` with its review attached and, for edits, the reviewed values."""
    out = dict(item)  # edits replace whole fields; nested values are never mutated
    rev = review or Review()
    if rev.edits:
        changed = {k: item.get(k) for k, v in rev.edits.items() if item.get(k) != v}
        out.update(rev.edits)
        out["machine"] = changed
        if "amount" in out and {"amount", "amount_max", "currency"} & changed.keys():
            _reconvert(out, date)
    out["review"] = rev.as_dict()
    return out


def apply_reviews(
    records: list[dict[str, Any]], reviews: dict[str, Review], only_reviewed: bool = False
) -> list[dict[str, Any]]:
    """Records with every pledge and claim carrying its review and edits.

    With `only_reviewed`, the publishable view: accepted and edited pledges and claims only
    (amounts that are not pledges and scare quotes are not reviewable, so they go too).
    """
    out = []
    for rec in records:
        new = dict(rec)
        for key in ("pledges", "claims"):
            items = []
            for item in rec.get(key, []):
                applied = apply_item(item, reviews.get(item["id"]), rec.get("date"))
                if only_reviewed and not (
                    reviewable(key, item) and applied["review"]["status"] in ("accepted", "edited")
                ):
                    continue
                items.append(applied)
            new[key] = items
        out.append(new)
    return out


def reviewable(key: str, item: dict[str, Any]) -> bool:
    """Pledges proper and real claims go through review; other amounts and terms do not."""
    if key in ("pledges", "pledge"):
        return bool(item.get("is_pledge"))
    return item.get("kind") in ("direct", "reported")


def aggregate_status(statuses: list[str]) -> str:
    """Status of a group (a pledge event, an actor) from its members' statuses."""
    if not statuses:
        return "pending"
    if all(s == "rejected" for s in statuses):
        return "rejected"
    kept = [s for s in statuses if s != "rejected"]
    if "pending" in kept:
        return "pending"
    return "edited" if "edited" in kept else "accepted"


def coverage(records: list[dict[str, Any]], reviews: dict[str, Review]) -> tuple[int, int]:
    """(reviewed, reviewable) items over the records."""
    total = done = 0
    for rec in records:
        for key in ("pledges", "claims"):
            for item in rec.get(key, []):
                if reviewable(key, item):
                    total += 1
                    done += item["id"] in reviews
    return done, total
