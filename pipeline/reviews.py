"""The review rules that every view of the data applies: an item's current status, the
edits it carries, what is reviewable, and a group's status.

The decisions table is append-only. An item's status is derived from its decisions that are
not undone: the last one decides between accepted and rejected, and any edit revision makes
it "edited" (the edit's fields replace the machine values). The briefing, the exports and the
review app all read reviews through this module, so they cannot disagree; recording
decisions is the review app's job (pipeline.review.decisions).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pipeline.rates import to_eur_usd
from pipeline.store import Store

STATUSES = ("pending", "accepted", "edited", "rejected")
REVIEWABLE = ("pledge", "claim")


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


def load_reviews(store: Store) -> dict[str, Review]:
    """Current review of every item that has at least one decision not undone."""
    out: dict[str, Review] = {}
    for row in store.decisions_in_force():
        rev = out.setdefault(row["item_id"], Review())
        rev.decision_id = row["id"]
        rev.reviewer = row["reviewer"]
        rev.at = row["created_at"]
        if row["note"]:
            rev.note = row["note"]
        if row["action"] == "edit":
            rev.revision += 1
            rev.edits = row["edits"] or {}
        if row["action"] == "reject":
            rev.status = "rejected"
        else:
            rev.status = "edited" if rev.revision else "accepted"
    return out


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
