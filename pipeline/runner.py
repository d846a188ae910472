"""Run the whole flow on some inputs: ingest -> language -> NLP -> store -> outputs.

`run_corpus` is the library entry point behind `briefing run`. Documents stream through:
they are read one by one in a deterministic order; unchanged ones (same sha256, pipeline
version and config hash) are taken from the store without loading any model; the others get
their language here and are grouped into small tasks of one language that an executor
(`pipeline.executors`: in process, worker processes, or Dask) turns into records; results
come back in submission order and each document is written to the store in its own
transaction, by this process only. So a run killed at any point leaves whole documents
behind, and the next run resumes after them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import __version__, errors
from pipeline.config import Config
from pipeline.errors import UsageError
from pipeline.executors import Executor, Task, make_executor
from pipeline.ingest.walk import SourceDoc, iter_documents
from pipeline.lang import LangResult, check_language, language_of
from pipeline.store import Store

Progress = Callable[[str, str], None]  # (source, status)
# A task holds at most this many chunks' worth of text (process.SECTION_CHUNKS), and a few
# spaCy batches of documents (Executor.task_batches): small enough to spread over workers,
# big enough to batch.
TASK_CHUNKS = 10


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


def cache_key(src: SourceDoc, config_hash: str) -> str:
    """(document sha256, pipeline version, config hash): what a stored result depends on."""
    return f"{src.sha256}:{__version__}:{config_hash}"


def run_corpus(
    inputs: list[Path],
    config: Config,
    out_dir: Path | None = None,
    progress: Progress | None = None,
    render: bool = True,
    executor: Executor | None = None,
) -> RunSummary:
    """Process every document of `inputs`, store the results and write the outputs.

    `executor` runs the NLP (default: in this process); the store is written here only."""
    missing = [str(p) for p in inputs if not p.exists()]
    if missing:
        raise UsageError(f"[E001] input not found: {', '.join(missing)}")
    out = out_dir or default_out_dir(inputs)
    out.mkdir(parents=True, exist_ok=True)
    store = Store(out / "briefing.sqlite")
    config_hash = config.hash  # hashes the whole config: once per run, not per document
    run_id = store.start_run(__version__, config_hash, [str(p) for p in inputs])
    summary = RunSummary(run_id, out)
    pool = executor or make_executor()
    started = time.perf_counter()

    def record_done(rec: dict[str, Any], src: SourceDoc) -> None:
        store.save_document(rec, src.path, src.text, cache_key(src, config_hash), run_id)
        status = rec["status"]
        if status == "ok":
            summary.processed.append(rec["source"])
        elif status == "skipped":
            summary.skipped.append((rec["source"], rec["reason"] or ""))
        else:
            summary.failed.append((rec["source"], rec["reason"] or ""))
        if progress:
            progress(rec["source"], status)

    def tasks() -> Iterator[Task]:
        """Documents to process, in tasks of one language (each is then whole spaCy
        batches: mixed tasks halved them, and spaCy is slower on small batches); the
        others are recorded on the way."""

        def record_unprocessed(src: SourceDoc, lang: LangResult | None) -> None:
            from pipeline.records import base_record  # imports spaCy: only when needed

            record_done(base_record(src, lang), src)

        max_docs = pool.task_docs or pool.task_batches * int(config["nlp"]["batch_size"])
        max_chars = TASK_CHUNKS * int(config["nlp"]["chunk_chars"])
        filling: dict[str, tuple[Task, int]] = {}  # language: (task, its characters)
        seen: set[str] = set()
        ingest = config["ingest"]
        for src in iter_documents(
            inputs,
            list(ingest["exclude"]),
            int(ingest["part_chars"]),
            bool(ingest["follow_symlinks"]),
        ):
            if src.doc_id in seen:
                continue  # the same relative path under two inputs: keep the first
            seen.add(src.doc_id)
            if src.status != "ok":
                record_unprocessed(src, None)
                continue
            if store.cached(src.doc_id, cache_key(src, config_hash)) is not None:
                store.touch(src.doc_id, run_id)
                summary.cached.append(src.source)
                if progress:
                    progress(src.source, "cached")
                continue
            try:
                lang = language_of(src, config)
            except Exception as exc:  # noqa: BLE001 - one document never stops the batch
                src.status = "failed"
                src.reason = f"[{errors.NLP_FAILED}] language detection failed: {exc!r}"
                record_unprocessed(src, None)
                continue
            if not check_language(src, lang, config):
                record_unprocessed(src, lang)
                continue
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

    try:
        for task, records in pool.map(tasks(), config):
            for (src, _), rec in zip(task, records, strict=True):
                record_done(rec, src)
    finally:
        pool.close()
    summary.timings["documents"] = time.perf_counter() - started
    fingerprint = f"{store.outputs_fingerprint(run_id)}:{int(render)}"
    if not _outputs_current(store, out, fingerprint, render):
        from pipeline.publish import write_outputs  # after the NLP: imports the report stack

        write_outputs(store, run_id, out, config, render=render)
    summary.timings["outputs"] = time.perf_counter() - started - summary.timings["documents"]
    store.finish_run(run_id, dict(summary.as_dict(), outputs=fingerprint))
    store.close()
    return summary


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
