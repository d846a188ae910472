"""Run the whole flow on some inputs: ingest -> language -> NLP -> store -> outputs.

`run_corpus` is the library entry point behind `briefing run`. Documents stream through:
they are read one by one in a deterministic order; unchanged ones (same sha256, pipeline
version and config hash) are taken from the store without loading any model; the others get
their language here and are grouped into small tasks of one language that an executor
(`pipeline.executors`: in process, worker processes, or Dask) turns into records; results
come back in submission order and each document is written to the store in its own
transaction, by this process only. So a run killed at any point leaves whole documents
behind, and the next run resumes after them.

A run stopped by SIGINT (Ctrl-C) or SIGTERM (`timeout`, systemd, schedulers) stops cleanly:
the document being stored is finished, the tasks in flight are abandoned, the workers are
ended, and `Interrupted` says how many documents the store holds.
"""

from __future__ import annotations

import hashlib
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import FrameType
from typing import Any

from pipeline import __version__
from pipeline.config import Config
from pipeline.errors import Errors, Interrupted, UsageError
from pipeline.executors import Executor, Task, make_executor
from pipeline.ingest.walk import SourceDoc, iter_documents
from pipeline.lang import LangResult, check_language, language_of
from pipeline.store import Store

Progress = Callable[[str, str], None]  # (source, status)
# A task holds at most this many chunks' worth of text (process.SECTION_CHUNKS), and a few
# spaCy batches of documents (Executor.task_batches): small enough to spread over workers,
# big enough to batch.
TASK_CHUNKS = 10
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@dataclass
class RunSummary:
    """What a run did, file by file; the CLI prints it and picks the exit code from it."""

    run_id: int
    out_dir: Path
    processed: list[str] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # seconds: documents, outputs

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    @property
    def stored(self) -> int:
        """Documents of the inputs the store holds for this run so far (cached included)."""
        return len(self.processed) + len(self.cached) + len(self.skipped) + len(self.failed)

    def as_dict(self) -> dict[str, Any]:
        return {
            "processed": len(self.processed),
            "cached": len(self.cached),
            "skipped": self.skipped,
            "failed": self.failed,
        }


def default_out_dir(inputs: list[Path]) -> Path:
    """reports/<name of the first input folder, or the first file's stem>/"""
    first = inputs[0].resolve()
    name = first.name if first.is_dir() else first.stem
    return Path("reports") / name


@lru_cache(maxsize=1)
def code_version() -> str:
    """The version and a digest of the package's own files (code, rules, data): a stored
    record made by other code, an upgrade or an edit without a version bump, is not reused.
    About 2 MB hashed once per process, a few milliseconds."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
            digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"


def cache_key(src: SourceDoc, config_hash: str) -> str:
    """(document sha256, code version, config hash): what a stored result depends on."""
    return f"{src.sha256}:{code_version()}:{config_hash}"


class StopSignals:
    """While active, SIGINT and SIGTERM raise `Interrupted` in the main thread, except
    inside `held()`: there the signal waits until the block ends, so that a document is
    never half counted. Stores are safe without it (one transaction per document, and
    SIGKILL proves it); the count printed at the end is what it keeps exact. Signals that
    were ignored when the run started stay ignored (`nohup`, background jobs); outside the
    main thread (a library host's thread) nothing is installed."""

    def __init__(self) -> None:
        self.holding = False
        self.pending: int | None = None
        self._previous: dict[int, Any] = {}

    def __enter__(self) -> StopSignals:
        if threading.current_thread() is threading.main_thread():
            for signum in STOP_SIGNALS:
                if signal.getsignal(signum) is not signal.SIG_IGN:
                    self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)
        self._previous.clear()

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.holding:
            self.pending = signum
        else:
            raise Interrupted(signum)

    @contextmanager
    def held(self) -> Iterator[None]:
        """A block a stop signal does not cut: the signal is raised when it ends."""
        self.holding = True
        try:
            yield
        finally:
            self.holding = False
        if self.pending is not None:
            raise Interrupted(self.pending)


def run_corpus(
    inputs: list[Path],
    config: Config,
    out_dir: Path | None = None,
    progress: Progress | None = None,
    render: bool = True,
    executor: Executor | None = None,
) -> RunSummary:
    """Process every document of `inputs`, store the results and write the outputs.

    `executor` runs the NLP (default: in this process); the store is written here only.
    Raises `Interrupted` (with the count of stored documents) on SIGINT or SIGTERM."""
    missing = [str(p) for p in inputs if not p.exists()]
    if missing:
        raise UsageError(Errors.E001.format(paths=", ".join(missing)))
    with StopSignals() as stop:
        run = CorpusRun(inputs, config, out_dir or default_out_dir(inputs), progress, stop)
        try:
            run.process(executor or make_executor())
            run.write_outputs(render)
        except KeyboardInterrupt as exc:
            stop.holding = True  # a second signal does not cut the clean-up
            raise run.interrupted(exc) from None
    return run.summary


class CorpusRun:
    """One run's steps: read and sort out the documents, hand the new ones to the executor
    in tasks of one language, store each record, write the outputs."""

    def __init__(
        self,
        inputs: list[Path],
        config: Config,
        out: Path,
        progress: Progress | None,
        stop: StopSignals,
    ) -> None:
        out.mkdir(parents=True, exist_ok=True)
        self.inputs, self.config, self.progress, self.stop = inputs, config, progress, stop
        self.store = Store(out / "briefing.sqlite")
        self.config_hash = config.hash  # hashes the whole config: once per run
        self.run_id = self.store.start_run(__version__, self.config_hash, [str(p) for p in inputs])
        self.summary = RunSummary(self.run_id, out)

    def process(self, pool: Executor) -> None:
        """Every new document through `pool`, each record stored as it comes back, in order.
        On any exception (an interruption included) the workers are ended, not awaited."""
        started = time.perf_counter()
        try:
            for task, records in pool.map(self.tasks(pool), self.config):
                for (src, _), rec in zip(task, records, strict=True):
                    self.record(rec, src)
        except BaseException:
            pool.abort()
            raise
        pool.close()
        self.summary.timings["documents"] = time.perf_counter() - started

    def tasks(self, pool: Executor) -> Iterator[Task]:
        """The documents to process, in tasks of one language (each is then whole spaCy
        batches: mixed tasks halved them, and spaCy is slower on small batches)."""
        max_docs = pool.task_docs or pool.task_batches * int(self.config["nlp"]["batch_size"])
        max_chars = TASK_CHUNKS * int(self.config["nlp"]["chunk_chars"])
        filling: dict[str, tuple[Task, int]] = {}  # language: (task, its characters)
        for src, lang in self.new_documents():
            task, chars = filling.pop(lang.lang or "", ([], 0))
            if task and chars + len(src.text) > max_chars:
                yield task
                task, chars = [], 0
            task.append((src, lang))
            chars += len(src.text)
            if len(task) >= max_docs:
                yield task
            else:
                filling[lang.lang or ""] = (task, chars)
        for code in sorted(filling):
            yield filling[code][0]

    def new_documents(self) -> Iterator[tuple[SourceDoc, LangResult]]:
        """Documents to send to the NLP, with their language. The others are settled on the
        way: unreadable, unchanged (cached) or in a language the extractors do not handle."""
        seen: set[str] = set()
        ingest = self.config["ingest"]
        for src in iter_documents(
            self.inputs,
            list(ingest["exclude"]),
            int(ingest["part_chars"]),
            bool(ingest["follow_symlinks"]),
        ):
            if src.doc_id in seen:
                continue  # the same relative path under two inputs: keep the first
            seen.add(src.doc_id)
            if src.status != "ok":
                self.record_unprocessed(src, None)
            elif not self.take_cached(src):
                lang = self.detect_language(src)
                if lang is not None and check_language(src, lang, self.config):
                    yield src, lang
                else:
                    self.record_unprocessed(src, lang)

    def take_cached(self, src: SourceDoc) -> bool:
        """True if the store already holds this version of the document for this config."""
        if self.store.cached(src.doc_id, cache_key(src, self.config_hash)) is None:
            return False
        with self.stop.held():
            self.store.touch(src.doc_id, self.run_id)
            self.summary.cached.append(src.source)
        if self.progress:
            self.progress(src.source, "cached")
        return True

    def detect_language(self, src: SourceDoc) -> LangResult | None:
        """The document's language, or None (and the document failed) if detection raised."""
        try:
            return language_of(src, self.config)
        except Exception as exc:  # noqa: BLE001 - one document never stops the batch
            src.status = "failed"
            src.reason = Errors.E108.format(stage="language detection", detail=repr(exc))
            return None

    def record_unprocessed(self, src: SourceDoc, lang: LangResult | None) -> None:
        """Store a document that reaches no worker (failed to read, or skipped)."""
        from pipeline.records import base_record  # imports spaCy: only when needed

        self.record(base_record(src, lang), src)

    def record(self, rec: dict[str, Any], src: SourceDoc) -> None:
        """Store one document's record (one transaction) and count it: never cut in two."""
        with self.stop.held():
            self.store.save_document(
                rec, src.path, src.text, cache_key(src, self.config_hash), self.run_id
            )
            status, reason = rec["status"], rec["reason"] or ""
            if status == "ok":
                self.summary.processed.append(rec["source"])
            elif status == "skipped":
                self.summary.skipped.append((rec["source"], reason))
            else:
                self.summary.failed.append((rec["source"], reason))
        if self.progress:
            self.progress(rec["source"], status)

    def write_outputs(self, render: bool) -> None:
        """extractions.jsonl and the HTML, unless the last run wrote the same ones; then the
        run is marked finished."""
        started = time.perf_counter()
        fingerprint = f"{self.store.outputs_fingerprint(self.run_id)}:{int(render)}"
        if not _outputs_current(self.store, self.summary.out_dir, fingerprint, render):
            from pipeline.publish import write_outputs  # imports the report stack

            write_outputs(self.store, self.run_id, self.summary.out_dir, self.config, render)
        self.summary.timings["outputs"] = time.perf_counter() - started
        self.store.finish_run(self.run_id, dict(self.summary.as_dict(), outputs=fingerprint))
        self.store.close()

    def interrupted(self, exc: KeyboardInterrupt) -> Interrupted:
        """The run was stopped: close the store (the run stays unfinished) and say how many
        documents it holds."""
        self.store.close()
        signum = exc.signum if isinstance(exc, Interrupted) else signal.SIGINT
        stored = self.summary.stored
        return Interrupted(signum, stored, stored - len(self.summary.cached))


def _outputs_current(store: Store, out: Path, fingerprint: str, render: bool) -> bool:
    """True if the last finished run wrote outputs from exactly these documents and review
    decisions (so rewriting them would give the same bytes) and they are still there."""
    last = store.last_run()
    previous = store.run_summary(last) if last is not None else None
    names = ["extractions.jsonl", *(["index.html"] if render else [])]
    return (
        previous is not None
        and previous.get("outputs") == fingerprint
        and all((out / name).is_file() for name in names)
    )
