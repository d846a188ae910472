"""The Dask executor on a real LocalCluster of 2 worker processes: same bytes as a local run,
models loaded once per worker, the store written by the client only."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import distributed
import pytest

from pipeline.config import Config
from pipeline.executors import DaskExecutor, make_executor
from pipeline.runner import run_corpus
from tests.conftest import SUMMIT


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
