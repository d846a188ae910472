"""The Dask executor on a real LocalCluster of 2 worker processes: same bytes as a local run,
models loaded once per worker, the store written by the client only, and a client stopped
mid-run leaves no task of its own on the cluster."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import distributed
import pytest

from pipeline.config import Config
from pipeline.executors import DaskExecutor, make_executor
from pipeline.runner import run_corpus
from tests.conftest import ROOT, SUMMIT
from tests.test_signals import N_DOCS, make_copies, stored


def _loaded_pipelines() -> list[str]:
    """Runs on each worker: the pipelines its process holds, as 'lang:config hash'."""
    from pipeline import nlp

    return sorted(f"{lang}:{config_hash}" for lang, config_hash in nlp._CACHE)


@pytest.fixture(scope="module")
def cluster() -> Any:
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local:
        yield local


def test_dask_output_identical_to_local_run(
    cluster: Any, summit_run: Any, tmp_path: Path, config: Config
) -> None:
    corpus = tmp_path / "ai-action-summit"
    shutil.copytree(SUMMIT, corpus)
    executor = DaskExecutor(cluster.scheduler_address, workers=2, task_docs=3)
    summary = run_corpus([corpus], config, tmp_path / "out", executor=executor)
    local = summit_run.out_dir
    assert sorted(summary.processed) == sorted(summit_run.processed) and summary.failed == []
    for name in ("extractions.jsonl", "index.html"):
        assert (tmp_path / "out" / name).read_bytes() == (local / name).read_bytes(), name
    pages = sorted(p.name for p in (local / "documents").glob("*.html"))
    for page in pages:
        ours = (tmp_path / "out" / "documents" / page).read_bytes()
        assert ours == (local / "documents" / page).read_bytes(), page

    # Seven tasks went to two workers; each holds one pipeline per language it met, built
    # for this config, and the client connection is closed (the cluster is ours).
    with distributed.Client(cluster.scheduler_address) as client:
        loaded = client.run(_loaded_pipelines)
    assert len(loaded) == 2
    expected = {f"fr:{config.hash}", f"en:{config.hash}"}
    assert all(set(pipes) <= expected and pipes for pipes in loaded.values())
    assert executor._client is None


def test_dask_local_cluster_started_when_no_scheduler(tmp_path: Path, config: Config) -> None:
    """`--executor dask` alone: a LocalCluster of two workers, closed at the end."""
    folder = tmp_path / "in"
    folder.mkdir()
    text = "The port authority will invest $300 million in its container terminal by 2030.\n"
    (folder / "port.txt").write_text(text, encoding="utf-8")
    executor = make_executor("dask")
    assert isinstance(executor, DaskExecutor) and executor.workers == 2
    summary = run_corpus([folder], config, tmp_path / "out", render=False, executor=executor)
    assert summary.processed == ["port.txt"]
    assert executor._cluster is None and executor._client is None


def _tasks_held(address: str) -> tuple[int, dict[str, int]]:
    """Tasks the scheduler knows, and tasks each worker holds (running ones included)."""
    with distributed.Client(address) as client:
        on_scheduler = client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks))
        on_workers = client.run(lambda dask_worker: len(dask_worker.state.tasks))
    return on_scheduler, on_workers


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_dask_stopped_client_leaves_no_task_on_the_cluster(
    cluster: Any, tmp_path: Path, signum: int
) -> None:
    """A client stopped (SIGTERM: it cancels its futures) or killed (the scheduler forgets
    the tasks of a client that left) mid-run: the workers stay up, holding none of its tasks
    (measured: 2 s after SIGTERM, 1 s after SIGKILL, a running task's end included)."""
    make_copies(tmp_path / "corpus", N_DOCS)
    workers = sorted(cluster.scheduler_info["workers"])
    cmd = [sys.executable, "-m", "pipeline", "run", str(tmp_path / "corpus")]
    cmd += ["--out", str(tmp_path / "out"), "--executor", "dask"]
    proc = subprocess.Popen(
        [*cmd, "--scheduler", cluster.scheduler_address],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 300
    while not stored(tmp_path / "out" / "briefing.sqlite"):
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        assert time.monotonic() < deadline, "no document stored in 5 minutes"
        time.sleep(0.02)
    assert _tasks_held(cluster.scheduler_address)[0] > 0  # stopped with work in flight
    proc.send_signal(signum)
    assert proc.wait(timeout=10) == (143 if signum == signal.SIGTERM else -signal.SIGKILL)
    sent = time.monotonic()
    held = _tasks_held(cluster.scheduler_address)
    while held != (0, dict.fromkeys(workers, 0)) and time.monotonic() - sent < 30:
        time.sleep(0.2)
        held = _tasks_held(cluster.scheduler_address)
    assert held == (0, dict.fromkeys(workers, 0))
    assert sorted(cluster.scheduler_info["workers"]) == workers  # the same workers, still up
