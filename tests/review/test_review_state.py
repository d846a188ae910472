"""Review decisions in the store: statuses, revisions, undo, edits applied, validation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.review.decisions import ReviewError, history, record_decision, undo_last
from pipeline.reviews import aggregate_status, apply_reviews, coverage, load_reviews


@pytest.fixture
def sample(tmp_path: Path, make_store):
    store, records = make_store(tmp_path / "briefing.sqlite")
    yield store, records
    store.close()


def _ids(records, key):
    return [i["id"] for r in records for i in r[key]]


def test_review_state_last_decision_wins_and_undo_restores(sample) -> None:
    store, records = sample
    pid = records[0]["pledges"][0]["id"]
    record_decision(store, pid, "accept", "ana")
    assert load_reviews(store)[pid].status == "accepted"
    record_decision(store, pid, "reject", "bob", note="a market size")
    review = load_reviews(store)[pid]
    assert (review.status, review.reviewer, review.note) == ("rejected", "bob", "a market size")
    assert undo_last(store, "bob") is not None
    assert load_reviews(store)[pid].status == "accepted"
    assert undo_last(store, "ana") is not None
    assert pid not in load_reviews(store)
    assert undo_last(store, "ana") is None
    rows = history(store, pid)
    assert [r["undone"] for r in rows] == [1, 1]


def test_review_state_edit_is_a_linked_revision(sample) -> None:
    store, records = sample
    pid = records[0]["pledges"][0]["id"]
    first = record_decision(store, pid, "edit", "ana", "typo", {"amount": "110e9"})
    same = record_decision(store, pid, "edit", "bob", None, {"amount": "110\u00a0000 000 000"})
    assert (
        json.loads(
            store.conn.execute("SELECT edits FROM decisions WHERE id=?", (same,)).fetchone()[0]
        )["amount"]
        == 110e9
    )
    store.conn.execute("DELETE FROM decisions WHERE id=?", (same,))
    second = record_decision(store, pid, "edit", "bob", None, {"currency": "usd"})
    rows = store.conn.execute(
        "SELECT id, parent_id, base_hash, edits FROM decisions ORDER BY id"
    ).fetchall()
    assert rows[0]["parent_id"] is None and rows[1]["parent_id"] == first
    assert rows[0]["base_hash"] == rows[1]["base_hash"] and len(rows[0]["base_hash"]) == 16
    # The second revision keeps the first one's amount: a revision holds every field.
    assert json.loads(rows[1]["edits"])["amount"] == 110e9
    review = load_reviews(store)[pid]
    assert (review.status, review.revision, review.decision_id) == ("edited", 2, second)
    applied = apply_reviews(records, load_reviews(store))[0]["pledges"][0]
    assert (applied["amount"], applied["currency"]) == (110e9, "USD")
    assert applied["machine"] == {"amount": 109e9, "currency": "EUR"}
    # The EUR value follows the edit (dated ECB rates of the document's date).
    assert applied["amount_eur"] < 110e9 and applied["rate_date"] == "2025-02-10"


@pytest.mark.parametrize(
    "edits, message",
    [
        ({"amount": "lots"}, "must be a number"),
        ({"amount": "-5"}, "positive"),
        ({"currency": "EURO"}, "ISO 4217"),
        ({"qualifier": "roughly"}, "qualifier"),
        ({"qualifier": "range"}, "maximum"),
        ({"amount": "10", "amount_max": "5"}, "smaller"),
        ({"actor_name": "x" * 300}, "limited"),
    ],
)
def test_review_state_invalid_pledge_edits_are_refused(sample, edits, message) -> None:
    store, records = sample
    with pytest.raises(ReviewError, match=message):
        record_decision(store, records[0]["pledges"][0]["id"], "edit", "ana", None, edits)
    assert store.conn.execute("SELECT COUNT(*) FROM decisions").fetchone()[0] == 0


def test_review_state_claim_boundaries_and_speaker(sample) -> None:
    store, records = sample
    claim = records[0]["claims"][0]
    text = store.document_text(records[0]["doc_id"]) or ""
    start = claim["start"] - len("« ")
    record_decision(
        store, claim["id"], "edit", "ana", None,
        {"start": start, "end": claim["end"], "speaker_name": "Emmanuel Macron"},
    )  # fmt: skip
    applied = apply_reviews(records, load_reviews(store))[0]["claims"][0]
    assert applied["text"] == text[start : claim["end"]] and applied["text"].startswith("« Nous")
    assert applied["speaker_name"] == "Emmanuel Macron"
    with pytest.raises(ReviewError, match="outside"):
        record_decision(store, claim["id"], "edit", "ana", None, {"end": len(text) + 5})


@pytest.mark.parametrize(
    "item_id, action, reviewer, message",
    [("nope", "accept", "ana", "unknown item"), (None, "maybe", "ana", "unknown action"),
     (None, "accept", "  ", "reviewer name")],
)  # fmt: skip
def test_review_state_bad_decisions(sample, item_id, action, reviewer, message) -> None:
    store, records = sample
    with pytest.raises(ReviewError, match=message):
        record_decision(store, item_id or records[0]["claims"][0]["id"], action, reviewer)


def test_review_state_only_reviewed_keeps_accepted_and_edited(sample) -> None:
    store, records = sample
    fr = records[0]
    p_acc, p_rej = fr["pledges"][0]["id"], fr["pledges"][1]["id"]
    c_edit = fr["claims"][0]["id"]
    record_decision(store, p_acc, "accept", "ana")
    record_decision(store, p_rej, "reject", "ana")
    record_decision(store, c_edit, "edit", "ana", None, {"speaker_name": "E. Macron"})
    published = apply_reviews(records, load_reviews(store), only_reviewed=True)
    assert _ids(published, "pledges") == [p_acc]
    assert _ids(published, "claims") == [c_edit]
    assert published[0]["claims"][0]["speaker_name"] == "E. Macron"
    # The working view keeps everything, each item with its status.
    full = apply_reviews(records, load_reviews(store))
    assert len(_ids(full, "pledges")) == len(_ids(records, "pledges"))
    assert full[0]["pledges"][1]["review"]["status"] == "rejected"
    assert coverage(records, load_reviews(store)) == (3, 9)


@pytest.mark.parametrize(
    "statuses, expected",
    [([], "pending"), (["accepted", "edited"], "edited"), (["rejected", "rejected"], "rejected"),
     (["accepted", "pending"], "pending"), (["accepted", "rejected"], "accepted")],
)  # fmt: skip
def test_review_state_aggregate_status(statuses, expected) -> None:
    assert aggregate_status(statuses) == expected
