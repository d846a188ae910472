"""A real `briefing run --workers 2` stopped by SIGINT, SIGTERM or SIGKILL, mid-run.

Each run is a subprocess in its own session, so that every process it starts (the two
workers, multiprocessing's resource tracker) can be found in /proc by its session id. The
signal goes to the parent only, as `kill`, `timeout` or a scheduler sends it. Within 10 s no
process of the session may be left; the store holds whole documents only; the next run
processes exactly the missing ones and writes the same extractions.jsonl as a run that was
never stopped.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from pipeline.config import Config
from pipeline.runner import run_corpus
from tests.conftest import DEVSET, ROOT

N_DOCS = 88  # about six tasks of 16: the signal lands while some are still in flight
GONE_WITHIN = 10.0  # seconds after the signal


def make_copies(folder: Path, n_docs: int) -> list[str]:
    """`n_docs` documents: the devset's texts in turn, each with its number appended (so
    every copy has its own sha256). Returns their sources, sorted."""
    texts = sorted((DEVSET / "docs").glob("*.txt"))
    folder.mkdir(parents=True)
    names = []
    for n in range(n_docs):
        src = texts[n % len(texts)]
        name = f"{n:03d}-{src.name}"
        text = src.read_text(encoding="utf-8").rstrip("\n") + f"\n\n({n})\n"
        (folder / name).write_text(text, encoding="utf-8")
        names.append(name)
    return sorted(names)


def session_processes(sid: int) -> list[tuple[int, str]]:
    """(pid, command line) of the live processes of session `sid` (zombies are dead)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
        except OSError:  # ended meanwhile
            continue
        fields = stat.rsplit(")", 1)[1].split()  # after "pid (comm)": state, ppid, pgrp, sid
        if int(fields[3]) == sid and fields[0] != "Z":
            found.append((int(entry), cmdline.replace(b"\0", b" ").decode(errors="replace")))
    return found


def alive(pid: int) -> bool:
    """True if process `pid` exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def stored(db: Path) -> list[tuple[str, str, str]]:
    """(source, status, record) of the documents in the store (read-only, while it runs)."""
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error:
        return []
    try:
        return con.execute("SELECT source, status, record FROM documents").fetchall()
    except sqlite3.Error:
        return []
    finally:
        con.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, config: Config) -> dict[str, Any]:
    """The corpus, and the extractions.jsonl of a run of it that nothing stopped."""
    root = tmp_path_factory.mktemp("signals")
    sources = make_copies(root / "corpus", N_DOCS)
    clean = run_corpus([root / "corpus"], config, root / "clean", render=False)
    assert sorted(clean.processed) == sources
    jsonl = (root / "clean" / "extractions.jsonl").read_bytes()
    return {"folder": root / "corpus", "sources": sources, "jsonl": jsonl}


def start_and_stop(folder: Path, out: Path, signum: int) -> tuple[subprocess.Popen[str], float]:
    """Start `briefing run --workers 2`, send `signum` to it once it has stored a document
    while both workers run; returns the process and the time of the signal."""
    cmd = [sys.executable, "-m", "pipeline", "run", str(folder), "--out", str(out)]
    proc = subprocess.Popen(
        [*cmd, "--workers", "2"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        # as in a terminal: SIGINT not ignored even if this test runs in a background job
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 300
    while True:
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        assert time.monotonic() < deadline, "no document stored in 5 minutes"
        workers = [c for _, c in session_processes(proc.pid) if "spawn_main" in c]
        if len(workers) == 2 and stored(out / "briefing.sqlite"):
            break
        time.sleep(0.02)
    os.kill(proc.pid, signum)
    return proc, time.monotonic()


def assert_whole_documents(db: Path) -> int:
    """Every stored document has its record and all its items; the run is unfinished."""
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        docs = con.execute("SELECT doc_id, record FROM documents").fetchall()
        assert docs
        for doc_id, blob in docs:
            rec = json.loads(blob)
            items = con.execute("SELECT COUNT(*) FROM items WHERE doc_id=?", (doc_id,))
            assert rec["status"] == "ok"
            assert items.fetchone()[0] == len(rec["pledges"]) + len(rec["claims"]) + len(
                rec["actors"]
            )
        assert con.execute("SELECT finished_at FROM runs").fetchall() == [(None,)]
        return len(docs)
    finally:
        con.close()


@pytest.mark.parametrize(
    "signum,exit_code",
    [(signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGKILL, -signal.SIGKILL)],
    ids=["SIGINT", "SIGTERM", "SIGKILL"],
)
def test_signals_stopped_run_leaves_nothing_and_resumes(
    corpus: dict[str, Any], config: Config, tmp_path: Path, signum: int, exit_code: int
) -> None:
    out = tmp_path / "out"
    proc, sent = start_and_stop(corpus["folder"], out, signum)
    proc.wait(timeout=GONE_WITHIN)
    left = session_processes(proc.pid)
    while left and time.monotonic() - sent < GONE_WITHIN:
        time.sleep(0.05)
        left = session_processes(proc.pid)
    assert left == [], f"still running {time.monotonic() - sent:.1f} s after the signal"
    assert proc.returncode == exit_code

    count = assert_whole_documents(out / "briefing.sqlite")
    assert 0 < count < N_DOCS
    stderr = proc.stderr.read() if proc.stderr else ""
    if signum != signal.SIGKILL:  # one line: the count of stored documents
        line = stderr.strip().splitlines()[-1]
        assert re.search(rf"\b{signal.Signals(signum).name}: {count} documents\b", line), line

    done = {source for source, _, _ in stored(out / "briefing.sqlite")}
    rerun = run_corpus([corpus["folder"]], config, out, render=False)
    assert sorted(rerun.cached) == sorted(done)
    assert sorted(rerun.processed) == sorted(set(corpus["sources"]) - done)
    assert (out / "extractions.jsonl").read_bytes() == corpus["jsonl"]


def test_signals_watchdog_ends_a_worker_whose_parent_died() -> None:
    """The fallback where the parent-death signal does not exist (not Linux): a thread that
    polls the parent's PID. A parent starts a child that watches it; the parent is killed."""
    child = (
        "import sys; from pipeline.executors import watch_parent; "
        "print('watching', flush=True); watch_parent(int(sys.argv[1]), every=0.1)"
    )
    parent = (
        "import os, subprocess, sys, time; "
        f"c = subprocess.Popen([sys.executable, '-c', {child!r}, str(os.getpid())]); "
        "print(c.pid, flush=True); time.sleep(120)"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", parent], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    pid = int(proc.stdout.readline())
    assert proc.stdout.readline().strip() == "watching"
    assert alive(pid)
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 5
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(pid)
