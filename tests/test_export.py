"""Exports: four tables with provenance and review columns, CSV with a BOM, Parquet, filters."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest

from pipeline.errors import UsageError
from pipeline.export import FIELDS, export
from pipeline.review.decisions import record_decision


@pytest.fixture
def sample(tmp_path: Path, make_store):
    store, records = make_store(tmp_path / "briefing.sqlite")
    fr = records[0]
    record_decision(store, fr["pledges"][0]["id"], "edit", "ana", "was 109", {"amount": "110e9"})
    record_decision(store, fr["pledges"][1]["id"], "reject", "bob", "duplicate")
    record_decision(store, fr["claims"][0]["id"], "accept", "ana")
    yield store, records, tmp_path
    store.close()


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_export_jsonl_rows_carry_provenance_and_review(sample) -> None:
    store, records, tmp = sample
    paths = export(store, tmp / "x", "jsonl")
    assert sorted(p.name for p in paths) == [
        "actors.jsonl", "claims.jsonl", "pledge_events.jsonl", "pledges.jsonl",
    ]  # fmt: skip
    pledges = {r["id"]: r for r in _jsonl(tmp / "x" / "pledges.jsonl")}
    edited = pledges[records[0]["pledges"][0]["id"]]
    text = store.document_text(records[0]["doc_id"]) or ""
    assert edited["document"] == "/corpus/001_sommet.txt"
    assert text[edited["start"] : edited["end"]] == edited["text"] == "109 milliards d'euros"
    assert (edited["amount"], edited["review_status"], edited["reviewer"], edited["note"]) == (
        110e9, "edited", "ana", "was 109",
    )  # fmt: skip
    assert edited["machine"] == {"amount": 109e9}
    assert pledges[records[0]["pledges"][1]["id"]]["review_status"] == "rejected"
    events = _jsonl(tmp / "x" / "pledge_events.jsonl")
    assert events, "the sample's accepted and pending pledges make events"
    assert all(e["document"] and e["text"] and e["review_status"] for e in events)
    assert records[0]["pledges"][1]["id"] not in json.dumps(events)  # rejected: no event
    actors = _jsonl(tmp / "x" / "actors.jsonl")
    macron = next(a for a in actors if a["name"] == "Emmanuel Macron")
    assert macron["document"] == "/corpus/001_sommet.txt" and macron["text"] == "Emmanuel Macron"
    claims = _jsonl(tmp / "x" / "claims.jsonl")
    assert {c["review_status"] for c in claims} == {"accepted", "pending"}
    for name, rows in (
        ("pledges", pledges.values()),
        ("claims", claims),
        ("pledge_events", events),
    ):
        assert all(set(r) == set(FIELDS[name]) for r in rows)


def test_export_csv_is_utf8_with_bom(sample) -> None:
    store, records, tmp = sample
    export(store, tmp / "c", "csv")
    raw = (tmp / "c" / "claims.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert list(rows[0]) == FIELDS["claims"]
    assert any(r["text"] == "Nous allons accélérer sur les centres de données" for r in rows)
    xss = next(r for r in rows if "alert" in r["text"])
    assert xss["speaker_name"] == 'Jean "Le Sage" O\'Neil'
    actors = list(csv.DictReader(io.StringIO((tmp / "c" / "actors.csv").read_text("utf-8-sig"))))
    assert json.loads(actors[0]["occurrences"])[0]["document"].startswith("/corpus/")


def test_export_only_reviewed(sample) -> None:
    store, records, tmp = sample
    export(store, tmp / "r", "jsonl", only_reviewed=True)
    pledges = _jsonl(tmp / "r" / "pledges.jsonl")
    assert [(p["amount"], p["review_status"]) for p in pledges] == [(110e9, "edited")]
    assert [c["review_status"] for c in _jsonl(tmp / "r" / "claims.jsonl")] == ["accepted"]
    assert len(_jsonl(tmp / "r" / "pledge_events.jsonl")) == 1


def test_export_parquet(sample) -> None:
    import pyarrow.parquet as pq  # a dev dependency: this test fails, not skips, without it

    store, records, tmp = sample
    export(store, tmp / "p", "parquet")
    table = pq.read_table(tmp / "p" / "pledges.parquet")
    assert table.column_names == FIELDS["pledges"]
    rows = table.to_pylist()
    assert {r["review_status"] for r in rows} == {"edited", "rejected", "pending"}
    assert sorted(r["amount"] for r in rows)[-1] == 200e9


def test_export_parquet_without_pyarrow_is_a_clear_error(sample, monkeypatch) -> None:
    store, records, tmp = sample
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # makes `import pyarrow` raise
    with pytest.raises(UsageError, match=r"\[E601\] --format parquet needs pyarrow"):
        export(store, tmp / "p", "parquet")


def test_export_cli_unknown_format(sample) -> None:
    from typer.testing import CliRunner

    from pipeline.cli import app

    store, records, tmp = sample
    db = str(tmp / "briefing.sqlite")
    bad = CliRunner().invoke(app, ["export", "--format", "xlsx", "--db", db])
    assert bad.exit_code == 2 and "E600" in bad.output
    ok = CliRunner().invoke(app, ["export", "--format", "csv", "--db", db, "--out", str(tmp / "o")])
    assert ok.exit_code == 0 and len(ok.output.split()) == 4


def test_export_reads_the_records_once_one_at_a_time(sample, monkeypatch) -> None:
    """An archive's records do not fit in memory: an export makes one pass over them, one
    record at a time, never the all-in-memory `Store.records`."""
    store, records, tmp = sample
    cls = type(store)
    read: list[str] = []
    stream = cls.iter_records

    def counted(self, *args, **kwargs):
        for rec in stream(self, *args, **kwargs):
            read.append(rec["doc_id"])
            yield rec

    monkeypatch.setattr(cls, "iter_records", counted)
    monkeypatch.setattr(cls, "records", lambda *a, **k: pytest.fail("all records loaded"))
    export(store, tmp / "s", "csv")
    assert sorted(read) == sorted(r["doc_id"] for r in records)  # each once
    claims = list(csv.DictReader(io.StringIO((tmp / "s" / "claims.csv").read_text("utf-8-sig"))))
    assert len(claims) == sum(len(r["claims"]) for r in records if r["status"] == "ok")
