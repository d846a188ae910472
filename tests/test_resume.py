"""Kill -9 in the middle of a real `briefing run`, check the database, resume, compare.

The run is a subprocess killed with SIGKILL as soon as it has written some documents: no
handler runs, no transaction is finished politely. SQLite's atomic commits plus one
transaction per document must leave whole documents only; the next run takes them from the
store (cache key) and processes the rest, and its output equals a clean run's byte for byte.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.config import Config
from pipeline.runner import run_corpus
from tests.conftest import ROOT

N_DOCS = 64  # two tasks of 32 documents: the kill lands after the first


def _make_corpus(folder: Path) -> None:
    sys.path.insert(0, str(ROOT / "tools"))
    import bench

    bench.make_corpus(folder, N_DOCS, target_words=80, seed=11)


def _count(db: Path, sql: str) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error:
        return 0
    try:
        return int(con.execute(sql).fetchone()[0])
    except sqlite3.Error:
        return 0
    finally:
        con.close()


@pytest.fixture(scope="module")
def killed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """A run killed with SIGKILL once it has stored some documents."""
    root = tmp_path_factory.mktemp("resume")
    corpus, out = root / "corpus", root / "out"
    _make_corpus(corpus)
    cmd = [sys.executable, "-m", "pipeline", "run", str(corpus), "--out", str(out)]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    db = out / "briefing.sqlite"
    deadline = time.monotonic() + 600
    while _count(db, "SELECT COUNT(*) FROM documents") == 0:
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        assert time.monotonic() < deadline, "no document stored in 10 minutes"
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    return {"corpus": corpus, "out": out, "db": db, "cmd": cmd, "returncode": proc.returncode}


def test_resume_kill_leaves_a_consistent_database(killed: dict[str, object]) -> None:
    db = killed["db"]
    assert isinstance(db, Path)
    assert killed["returncode"] == -signal.SIGKILL
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        stored = con.execute("SELECT doc_id, record FROM documents").fetchall()
        assert 0 < len(stored) < N_DOCS  # killed mid-run
        for doc_id, blob in stored:  # every stored document is whole: record and items
            rec = json.loads(blob)
            items = con.execute("SELECT COUNT(*) FROM items WHERE doc_id=?", (doc_id,))
            expected = len(rec["pledges"]) + len(rec["claims"]) + len(rec["actors"])
            assert items.fetchone()[0] == expected and rec["status"] == "ok"
        assert con.execute("SELECT finished_at FROM runs").fetchall() == [(None,)]
    finally:
        con.close()


def test_resume_next_run_finishes_the_work(killed: dict[str, object], config: Config) -> None:
    db, out, corpus = killed["db"], killed["out"], killed["corpus"]
    assert isinstance(db, Path) and isinstance(out, Path) and isinstance(corpus, Path)
    before = _count(db, "SELECT COUNT(*) FROM documents")
    cmd = killed["cmd"]
    assert isinstance(cmd, list)
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    con = sqlite3.connect(db)
    try:
        summary = json.loads(
            con.execute("SELECT summary FROM runs WHERE finished_at IS NOT NULL").fetchone()[0]
        )
        docs = con.execute("SELECT COUNT(*), COUNT(DISTINCT source) FROM documents").fetchone()
        items = con.execute("SELECT COUNT(*), COUNT(DISTINCT id) FROM items").fetchone()
        active = con.execute("SELECT COUNT(*) FROM items WHERE state != 'active'").fetchone()
    finally:
        con.close()
    assert summary["cached"] == before and summary["processed"] == N_DOCS - before
    assert docs == (N_DOCS, N_DOCS) and items[0] == items[1] and active == (0,)
    clean = run_corpus([corpus], config, out.parent / "clean", render=False)
    assert len(clean.processed) == N_DOCS
    resumed = (out / "extractions.jsonl").read_bytes()
    assert resumed == (clean.out_dir / "extractions.jsonl").read_bytes()
    assert resumed.count(b"\n") == N_DOCS
