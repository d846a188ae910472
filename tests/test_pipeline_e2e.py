"""The whole flow on the sample corpus, on the real models (issue 2's must-shows)."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.conftest import SEED, SUMMIT, read_jsonl

SCHEMA = json.loads(
    resources.files("pipeline").joinpath("schema/extractions.schema.json").read_text("utf-8")
)


def _texts(out: Path) -> dict[str, str]:
    con = sqlite3.connect(out / "briefing.sqlite")
    try:
        return dict(con.execute("SELECT doc_id, text FROM documents").fetchall())
    finally:
        con.close()


def test_run_writes_outputs_and_database(summit_run: Any) -> None:
    out = summit_run.out_dir
    for name in ("extractions.jsonl", "index.html", "briefing.sqlite"):
        assert (out / name).is_file(), name
    pages = list((out / "documents").glob("*.html"))
    assert len(pages) == len(summit_run.processed) >= 13
    assert summit_run.failed == []


def test_run_every_line_validates_and_offsets_match(summit_run: Any, summit_records) -> None:
    texts = _texts(summit_run.out_dir)
    assert [r["source"] for r in summit_records] == sorted(r["source"] for r in summit_records)
    for rec in summit_records:
        jsonschema.validate(rec, SCHEMA)
        text = texts[rec["doc_id"]]
        for item in rec["pledges"] + rec["claims"]:
            assert text[item["start"] : item["end"]] == item["text"], (rec["source"], item)
            where = (item.get("attribution") or {}).get("mention")
            if where is not None:  # the words that support the speaker or pledger
                assert text[where["start"] : where["end"]] == where["text"], item
        for actor in rec["actors"]:
            for m in actor["mentions"]:
                assert text[m["start"] : m["end"]] == m["text"], (rec["source"], m)


def test_run_records_say_which_evidence_attributed(summit_records) -> None:
    """Every claim with a speaker and every pledge with a pledger carries the sieve rule
    that decided it; the quotes' incises and the pledges' subjects are among them."""
    claims = [c for r in summit_records for c in r["claims"] if c["speaker_id"]]
    pledges = [p for r in summit_records for p in r["pledges"] if p["is_pledge"] and p["actor_id"]]
    assert claims and pledges
    assert all(c["attribution"] and c["attribution"]["rule"] for c in claims)
    assert all(p["attribution"] and p["attribution"]["rule"] for p in pledges)
    rules = {c["attribution"]["rule"] for c in claims} | {p["attribution"]["rule"] for p in pledges}
    assert {"incise_after", "subject"} <= rules, rules


def test_run_is_deterministic(summit_run: Any, tmp_path: Path, config) -> None:
    from pipeline.runner import run_corpus

    corpus = tmp_path / "ai-action-summit"
    shutil.copytree(SUMMIT, corpus)
    first = (summit_run.out_dir / "extractions.jsonl").read_bytes()
    fresh = run_corpus([corpus], config, tmp_path / "out", render=False)
    assert (fresh.out_dir / "extractions.jsonl").read_bytes() == first
    cached = run_corpus([corpus], config, tmp_path / "out", render=False)
    assert cached.processed == [] and len(cached.cached) == len(fresh.processed)
    assert (cached.out_dir / "extractions.jsonl").read_bytes() == first


@pytest.fixture(scope="module")
def seed(summit_records) -> dict[str, Any]:
    (rec,) = [r for r in summit_records if r["source"] == SEED.name]
    return rec


def test_seed_language_is_french(seed: dict[str, Any]) -> None:
    assert seed["lang"] == "fr" and seed["status"] == "ok"


@pytest.mark.parametrize(
    "text,amount,qualifier",
    [("112 milliards de dollars", 112e9, "approx"), ("500 milliards de dollars", 500e9, "up_to")],
)
def test_seed_pledges(seed: dict[str, Any], text: str, amount: float, qualifier: str) -> None:
    (found,) = [p for p in seed["pledges"] if p["text"] == text]
    assert found["amount"] == amount and found["currency"] == "USD"
    assert found["qualifier"] == qualifier and found["is_pledge"]


def test_seed_one_actor_for_von_der_leyen(seed: dict[str, Any]) -> None:
    holders = [a for a in seed["actors"] if any("Leyen" in m["text"] for m in a["mentions"])]
    assert [a["name"] for a in holders] == ["Ursula von der Leyen"]
    assert len(holders[0]["mentions"]) >= 3


def test_seed_quotes_attributed_to_von_der_leyen(seed: dict[str, Any]) -> None:
    direct = [c for c in seed["claims"] if c["kind"] == "direct"]
    hers = [c for c in direct if c["speaker_name"] == "Ursula von der Leyen"]
    assert len(hers) >= 4
    terms = {c["text"] for c in seed["claims"] if c["kind"] == "term"}
    assert {"usines d'IA", "gigafactories AI"} <= terms


def _cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, cwd=cwd
    )


def test_cli_run_bad_files_named_and_exit_code_1(tmp_path: Path) -> None:
    corpus = tmp_path / "mixed"
    corpus.mkdir()
    shutil.copy(SUMMIT / "002_france-109bn-plan.txt", corpus / "good.txt")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (corpus / "empty.txt").write_bytes(b"")
    result = _cli("run", str(corpus), "--out", str(tmp_path / "out"))
    assert result.returncode == 1, result.stderr
    assert "binary.txt" in result.stderr and "E102" in result.stderr
    assert "empty.txt" in result.stderr and "E101" in result.stderr
    records = {r["source"]: r for r in read_jsonl(tmp_path / "out" / "extractions.jsonl")}
    assert records["good.txt"]["status"] == "ok" and records["good.txt"]["pledges"]
    assert records["binary.txt"]["status"] == "failed"
    assert records["empty.txt"]["status"] == "failed"
    assert result.stdout.strip().endswith("index.html")


@pytest.mark.parametrize(
    "args,code,message",
    [
        (("run", "/nonexistent/folder"), 2, "E001"),
        (("eval", "/nonexistent/gold"), 2, "E003"),
    ],
)
def test_cli_usage_errors_exit_2(args: tuple[str, ...], code: int, message: str) -> None:
    result = _cli(*args)
    assert result.returncode == code and message in result.stderr


def test_cli_unknown_config_key_is_usage_error(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text("[nlp]\nbatchsize = 3\n")
    result = _cli("run", str(SUMMIT), "--out", str(tmp_path / "o"), "--config", str(cfg))
    assert result.returncode == 2 and "E010" in result.stderr and "nlp.batchsize" in result.stderr


def test_cli_extract_prints_record(tmp_path: Path) -> None:
    result = _cli("extract", str(SUMMIT / "002_france-109bn-plan.txt"))
    assert result.returncode == 0, result.stderr
    rec = json.loads(result.stdout)
    jsonschema.validate(rec, SCHEMA)
    assert rec["lang"] == "en" and any(p["is_pledge"] for p in rec["pledges"])
