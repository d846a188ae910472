"""Where the NLP runs: in this process, in local worker processes, or on a Dask cluster.

Every executor maps `process.process_documents` over tasks (lists of documents with their
detected language, one language per task: see the runner) and yields
(task, records) in submission order, whatever the workers' timing, with a bounded number of
tasks in flight so that memory stays flat on a corpus of any size. Workers receive the
documents' text, never paths: Dask workers need no shared filesystem, only the same
`briefing` version installed. Each worker process loads the models once
(`nlp.get_pipeline` caches them per language and config hash) and keeps them for every
task. The caller (the runner) writes the records to the store: workers never touch it.

So a worker holds nothing worth saving, and it never outlives the process that started it:
the runner ends the workers when a run stops (`Executor.abort`), and a worker whose parent
died without doing so (SIGKILL, the OOM killer) ends itself (`die_with_parent`).
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any, Protocol

from pipeline import __version__
from pipeline.config import Config
from pipeline.errors import Errors, UsageError
from pipeline.ingest.walk import SourceDoc
from pipeline.lang import LangResult

Task = list[tuple[SourceDoc, LangResult]]
EXECUTORS = ("local", "dask")
# Exceptions meaning "the process running the task died" (multiprocessing, Dask).
_WORKER_LOST = {"BrokenProcessPool", "KilledWorker", "CancelledError", "CommClosedError"}
PR_SET_PDEATHSIG = 1  # prctl option, linux/prctl.h
WATCH_SECONDS = 1.0  # how often a worker without the parent-death signal checks its parent


class _Future(Protocol):
    def result(self) -> Any: ...


class _Done:
    """An already computed result, for the in-process executor."""

    def __init__(self, value: Any = None, error: BaseException | None = None) -> None:
        self.value, self.error = value, error

    def result(self) -> Any:
        if self.error is not None:
            raise self.error
        return self.value


def run_task(docs: Task, config: Config, version: str) -> list[dict[str, Any]]:
    """The worker side of every executor: records of `docs`, after checking that the worker
    runs the client's version (otherwise outputs would silently differ)."""
    if version != __version__:
        raise RuntimeError(Errors.E021.format(worker=__version__, client=version))
    from pipeline.process import process_documents

    return process_documents(docs, config)


def worker_init(config: Config, parent: int) -> None:
    """Start of every local worker process: it dies with `parent`, leaves Ctrl-C to the
    parent (which then ends it: a terminal sends SIGINT to the whole process group, and a
    worker stopping on its own would only fail its task's documents), and skips torch."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(parent)
    skip_torch(config)


def die_with_parent(parent: int) -> None:
    """End this process when `parent` ends, whatever ends it (SIGKILL and the OOM killer
    included, which run no clean-up in the parent). On Linux the kernel sends SIGKILL
    (prctl PR_SET_PDEATHSIG, armed here through ctypes); elsewhere a thread polls the
    parent's PID. Called in the process, early: a parent already gone means exit now."""
    if not _parent_death_signal():
        threading.Thread(target=watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:
        os._exit(1)


def _parent_death_signal() -> bool:
    """Ask Linux to SIGKILL this process when the thread that started it ends (the runner
    starts workers from its main thread, so: when the parent process ends)."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def watch_parent(parent: int, every: float = WATCH_SECONDS) -> None:
    """Exit this process once its parent is not `parent` any more: the parent died and the
    process was handed to init (or a subreaper). The fallback of `die_with_parent`."""
    while os.getppid() == parent:
        time.sleep(every)
    os._exit(1)


def skip_torch(config: Config) -> None:
    """Make `import torch` fail in this process, unless the transformers backend is on.

    thinc (spaCy's machine-learning library) imports torch whenever it is installed: ~2 s and
    ~180 MB per process, for nothing, since no component of the pipelines we run uses it. Only
    for processes that are ours (the `briefing` program, our worker processes) and before
    spaCy is first imported; a process that already has torch or spaCy is left alone."""
    if config["transformers"]["enabled"] or "spacy" in sys.modules or "torch" in sys.modules:
        return
    sys.modules["torch"] = None  # type: ignore[assignment]


def failed_records(docs: Task, exc: BaseException) -> list[dict[str, Any]]:
    """Records for the documents of a task whose worker failed or died."""
    from pipeline.records import base_record

    out = []
    for src, lang in docs:
        src.status = "failed"
        detail = f"{type(exc).__name__}: {exc}"
        src.reason = Errors.E108.format(stage="worker", detail=detail)[:300]
        out.append(base_record(src, lang))
    return out


class Executor:
    """In-process execution; the base class keeps results in order with a bounded window."""

    window = 1  # tasks in flight
    task_docs: int | None = None  # documents per task (None: task_batches spaCy batches)
    task_batches = 2

    def __init__(self, release_models: bool = False) -> None:
        # The CLI frees the models (~0.9 GB) before the outputs are written, so that writing
        # a big corpus's report reuses that memory; library callers keep them cached.
        self.release_models = release_models

    def submit(self, docs: Task, config: Config) -> _Future:
        return _Done(run_task(docs, config, __version__))

    def map(
        self, tasks: Iterable[Task], config: Config
    ) -> Iterator[tuple[Task, list[dict[str, Any]]]]:
        """(task, its records) in submission order; tasks are pulled lazily from `tasks`."""
        pending: deque[tuple[Task, _Future]] = deque()
        for docs in tasks:
            pending.append((docs, self.submit(docs, config)))
            if len(pending) >= self.window:
                yield self._collect(*pending.popleft())
        while pending:
            yield self._collect(*pending.popleft())

    def _collect(self, docs: Task, future: _Future) -> tuple[Task, list[dict[str, Any]]]:
        try:
            records = future.result()
        except Exception as exc:
            # Documents are isolated inside process_documents, so what escapes it is either a
            # dead worker (its task's documents fail, the run goes on) or a systemic error
            # (a model not installed, a version mismatch): that one stops the run.
            if type(exc).__name__ in _WORKER_LOST:
                return docs, failed_records(docs, exc)
            raise
        if len(records) != len(docs):
            return docs, failed_records(docs, RuntimeError("worker returned a short result"))
        return docs, records

    def close(self) -> None:
        """Release workers; in process, drop the models if asked to."""
        nlp = sys.modules.get("pipeline.nlp")
        if self.release_models and nlp is not None:
            nlp.release_pipelines()

    def abort(self) -> None:
        """Stop at once (the run was interrupted): tasks in flight are abandoned, not awaited.
        Nothing is lost: records reach the store only through the caller."""
        self.close()


class ProcessExecutor(Executor):
    """`--workers N`: N spawned processes, each loading a language's model on its first task
    of that language. Each worker is a pool of one process, so that a task goes to a worker
    that already has its language's model (loading one takes 2-8 s of CPU and ~0.4 GB): a
    worker loads a second language only when those that have it are `handover` tasks busier."""

    # One spaCy batch per task: with two workers, 3-12 % faster than two batches (three
    # paired runs on the 1,000-document benchmark corpus): the last tasks idle a worker less.
    task_batches = 1
    # Loading a model costs about as much as a few tasks (French: ~6 s of CPU, a task of 16
    # documents ~2 s): a worker loads a language it lacks only when those that have it are
    # this many tasks busier than it.
    handover = 4

    def __init__(self, workers: int, task_docs: int | None = None) -> None:
        self.workers = workers
        self.task_docs = task_docs
        self.window = 4 * workers  # keeps every worker busy while the head task finishes
        self._pools: list[Any] = [None] * workers
        self._langs: list[set[str]] = [set() for _ in range(workers)]  # given to each worker
        self._pending: list[list[Any]] = [[] for _ in range(workers)]  # its unfinished tasks

    def choose(self, lang: str) -> int:
        """The worker for a task of `lang`: one that has the language among the least busy,
        else one that has no task yet, else one that has the language and fewer than
        `handover` tasks more than the least busy, else the least busy (which then loads the
        language)."""
        busy = [sum(not f.done() for f in pending) for pending in self._pending]
        least = min(busy)
        order = sorted(range(self.workers), key=lambda n: (busy[n], n))
        for n in order:
            if lang in self._langs[n] and busy[n] == least:
                return n
        for n in order:
            if not self._langs[n]:
                return n
        for n in order:
            if lang in self._langs[n] and busy[n] < least + self.handover:
                return n
        return order[0]

    def submit(self, docs: Task, config: Config) -> _Future:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        n = self.choose(docs[0][1].lang or "" if docs else "")
        for _ in range(2):
            if self._pools[n] is None:  # started on its first task: a cached re-run starts none
                ctx = multiprocessing.get_context("spawn")
                self._pools[n] = ProcessPoolExecutor(
                    1, mp_context=ctx, initializer=worker_init, initargs=(config, os.getpid())
                )
                self._langs[n] = set()
            try:
                future: Any = self._pools[n].submit(run_task, docs, config, __version__)
            except BrokenProcessPool:  # the worker died (e.g. killed): start a fresh one
                self._pools[n].shutdown(wait=False, cancel_futures=True)
                self._pools[n] = None
                continue
            self._pending[n] = [f for f in self._pending[n] if not f.done()] + [future]
            self._langs[n].update(lang.lang or "" for _, lang in docs)
            return future
        return _Done(error=RuntimeError("the worker pool cannot be started"))

    def close(self) -> None:
        for n, pool in enumerate(self._pools):
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
                self._pools[n] = None

    def abort(self) -> None:
        """End the worker processes now, mid-task (SIGTERM), then release their pools."""
        for n, pool in enumerate(self._pools):
            if pool is not None:
                # Python < 3.14 has no public call for this (3.14: terminate_workers).
                for process in list(getattr(pool, "_processes", {}).values()):
                    process.terminate()
                pool.shutdown(wait=True, cancel_futures=True)
                self._pools[n] = None


class DaskExecutor(Executor):
    """`--executor dask [--scheduler tcp://HOST:PORT]`: tasks run on a Dask cluster, or on a
    LocalCluster of `workers` single-threaded processes when no scheduler is given."""

    def __init__(self, scheduler: str | None, workers: int, task_docs: int | None = None) -> None:
        self.scheduler = scheduler
        self.workers = workers
        self.task_docs = task_docs
        self._client: Any = None
        self._cluster: Any = None
        self._futures: list[Any] = []  # submitted and not yet done: what `abort` cancels

    def _connect(self) -> Any:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise UsageError(Errors.E020) from exc
        if self.scheduler:
            try:
                self._client = Client(self.scheduler, timeout="20s")
            except (OSError, TimeoutError) as exc:
                message = Errors.E023.format(scheduler=self.scheduler, detail=exc)
                raise UsageError(message) from exc
        else:
            self._cluster = LocalCluster(
                n_workers=self.workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            self._client = Client(self._cluster)
        threads = sum(self._client.nthreads().values()) or 1
        self.window = 2 * threads
        return self._client

    def submit(self, docs: Task, config: Config) -> _Future:
        client = self._client or self._connect()
        future: Any = client.submit(run_task, docs, config, __version__, pure=False)
        self._futures = [f for f in self._futures if not f.done()] + [future]
        return future

    def abort(self) -> None:
        """Cancel this client's tasks on the cluster, then disconnect. (A client that dies
        without this loses them too: the scheduler forgets the tasks of a client that left.)
        The scheduler's workers stay up for the next client."""
        if self._client is not None and self._futures:
            self._client.cancel(self._futures)
        self._futures = []
        self.close()

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None


def make_executor(
    name: str = "local", workers: int | None = None, scheduler: str | None = None
) -> Executor:
    """The executor for the CLI options (workers: 1 locally, 2 for a Dask LocalCluster, by
    default); usage errors are raised before anything runs."""
    if name not in EXECUTORS:
        raise UsageError(Errors.E022.format(name=name, choices=", ".join(EXECUTORS)))
    if workers is not None and workers < 1:
        raise UsageError(Errors.E024)
    if scheduler and name != "dask":
        raise UsageError(Errors.E025)
    if name == "dask":
        return DaskExecutor(scheduler, workers or 2)
    return ProcessExecutor(workers) if workers and workers > 1 else Executor(release_models=True)
