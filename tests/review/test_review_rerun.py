"""Decisions survive re-runs of `briefing run` (real models): same ids, orphans kept and shown."""

from __future__ import annotations

import shutil
from pathlib import Path

from pipeline.config import Config
from pipeline.publish import publish_report
from pipeline.review import queue
from pipeline.review.decisions import record_decision
from pipeline.reviews import load_reviews
from pipeline.runner import run_corpus
from pipeline.store import Store
from tests.conftest import SUMMIT

DOCS = ("001_macron-109-milliards.txt", "002_france-109bn-plan.txt")
GROWN = "012_tech-bosses-paris.txt"


def _first_pledge(store: Store, source: str) -> tuple[str, str]:
    rec = next(r for r in store.records() if r["source"] == source)
    pledge = next(p for p in rec["pledges"] if p["is_pledge"])
    return pledge["id"], pledge["text"]


def test_review_decisions_survive_rerun(tmp_path: Path, config: Config) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    for name in DOCS:
        shutil.copy(SUMMIT / name, corpus / name)
    run_corpus([corpus], config, out)
    store = Store(out / "briefing.sqlite")
    kept, kept_text = _first_pledge(store, DOCS[0])
    changed, _ = _first_pledge(store, DOCS[1])
    record_decision(store, kept, "edit", "ana", "checked", {"qualifier": "approx"})
    record_decision(store, changed, "reject", "bob", "not a pledge")

    # The corpus grows, one document is edited, and the other is re-extracted from scratch.
    shutil.copy(SUMMIT / GROWN, corpus / GROWN)
    path = corpus / DOCS[1]
    path.write_text(path.read_text("utf-8") + "\nA line added after review.\n", "utf-8")
    store.conn.execute("UPDATE documents SET cache_key='stale'")
    summary = run_corpus([corpus], config, out)
    assert sorted(summary.processed) == sorted([*DOCS, GROWN]) and not summary.cached

    reviews = load_reviews(store)
    assert reviews[kept].status == "edited" and reviews[kept].note == "checked"
    assert _first_pledge(store, DOCS[0]) == (kept, kept_text)  # the same id after re-extraction
    states = dict(store.conn.execute("SELECT id, state FROM items").fetchall())
    assert states[kept] == "active"
    # The edited document's old items are orphaned, never deleted, and keep their decisions.
    assert states[changed] == "orphaned" and reviews[changed].status == "rejected"
    items = queue.load_items(store)
    orphan = next(i for i in items if i.id == changed)
    assert orphan.state == "orphaned" and orphan.review.reviewer == "bob"
    assert any(i.source == GROWN and i.review.status == "pending" for i in items)

    index = publish_report(store, out, config, only_reviewed=True, ui_lang="en")
    published = index.read_text("utf-8")
    doc_id = next(r["doc_id"] for r in store.records() if r["source"] == DOCS[0])
    assert f'id="{kept}"' in (index.parent / "documents" / f"{doc_id}.html").read_text("utf-8")
    assert "approx." in published and changed not in published
    store.close()
