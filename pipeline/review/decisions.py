"""Recording review decisions: validate a decision and its edits, append it, undo it.

The decisions table is append-only and lives in the store; how decisions make an item's
current status is the rule set in pipeline.reviews, which the briefing and the exports apply
too. An edit stores the full set of a kind's editable fields (a revision of the previous
one); invalid values are refused with a ReviewError that says why.
"""

from __future__ import annotations

import math
import re
from typing import Any

from pipeline.reviews import REVIEWABLE
from pipeline.store import ItemUnderReview, Store, UnknownItemError

ACTIONS = ("accept", "reject", "edit")
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

    def check(item: ItemUnderReview) -> dict[str, Any] | None:
        if item.kind not in REVIEWABLE:
            raise ReviewError(f"unknown item {item_id!r}")
        if action != "edit":
            return None
        current = dict(item.data, **item.last_edits)  # an edit revises the edit in force
        return clean_edits(item.kind, edits or {}, current, item.doc_text)

    try:
        return store.add_decision(item_id, action, reviewer, note, check)
    except UnknownItemError as exc:
        raise ReviewError(f"unknown item {item_id!r}") from exc


def undo_last(store: Store, reviewer: str) -> tuple[int, str] | None:
    """Undo this reviewer's latest decision still in force: (decision id, item id) or None."""
    return store.undo_last_decision(_name(reviewer) or "")


def history(store: Store, item_id: str) -> list[dict[str, Any]]:
    """Every decision on an item, oldest first (undone ones included and marked)."""
    return store.decision_history(item_id)
