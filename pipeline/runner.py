"""Run the whole flow on some inputs: ingest -> language -> NLP -> store -> outputs.

`run_corpus` is the library entry point behind `briefing run`. Documents stream through:
they are read one by one, grouped per language into batches for spaCy, and each finished
document is written to the store in its own transaction. Unchanged documents (same sha256,
pipeline version and config hash) are taken from the store without loading any model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import __version__, errors
from pipeline.config import Config
from pipeline.errors import UsageError
from pipeline.ingest.walk import SourceDoc, iter_documents
from pipeline.lang import LangResult, detect_language
from pipeline.process import process_batch
from pipeline.records import base_record
from pipeline.store import Store

Progress = Callable[[str, str], None]  # (source, status)


@dataclass
class RunSummary:
    """What a run did, file by file; the CLI prints it and picks the exit code from it."""

    run_id: int
    out_dir: Path
    processed: list[str] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)

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


def cache_key(src: SourceDoc, config: Config) -> str:
    return f"{src.sha256}:{__version__}:{config.hash}"


def language_of(src: SourceDoc, config: Config) -> LangResult:
    """Detected language, unless the document's metadata sets it."""
    lang_cfg = config["language"]
    forced = src.meta.get("lang")
    detected = detect_language(
        src.text, lang_cfg["seed"], lang_cfg["min_paragraph_chars"], lang_cfg["mixed_share"]
    )
    if forced:
        return LangResult(str(forced).lower()[:2], 1.0, detected.mixed, detected.shares)
    return detected


class _Batcher:
    """Per-language queues of documents waiting for spaCy, flushed when full."""

    def __init__(self, size: int, flush: Callable[[str, list[tuple[SourceDoc, LangResult]]], None]):
        self.size = size
        self.flush_fn = flush
        self.queues: dict[str, list[tuple[SourceDoc, LangResult]]] = {}

    def add(self, lang: str, item: tuple[SourceDoc, LangResult]) -> None:
        queue = self.queues.setdefault(lang, [])
        queue.append(item)
        if len(queue) >= self.size:
            self.flush(lang)

    def flush(self, lang: str | None = None) -> None:
        for key in [lang] if lang else sorted(self.queues):
            queue = self.queues.pop(key, [])
            if queue:
                self.flush_fn(key, queue)


def run_corpus(
    inputs: list[Path],
    config: Config,
    out_dir: Path | None = None,
    progress: Progress | None = None,
    render: bool = True,
) -> RunSummary:
    """Process every document of `inputs`, store the results and write the outputs."""
    missing = [str(p) for p in inputs if not p.exists()]
    if missing:
        raise UsageError(f"[E001] input not found: {', '.join(missing)}")
    out = out_dir or default_out_dir(inputs)
    out.mkdir(parents=True, exist_ok=True)
    store = Store(out / "briefing.sqlite")
    run_id = store.start_run(__version__, config.hash, [str(p) for p in inputs])
    summary = RunSummary(run_id, out)
    supported = set(config["language"]["supported"])

    def record_done(rec: dict[str, Any], src: SourceDoc) -> None:
        store.save_document(rec, src.path, src.text, cache_key(src, config), run_id)
        status = rec["status"]
        if status == "ok":
            summary.processed.append(rec["source"])
        elif status == "skipped":
            summary.skipped.append((rec["source"], rec["reason"] or ""))
        else:
            summary.failed.append((rec["source"], rec["reason"] or ""))
        if progress:
            progress(rec["source"], status)

    def flush(lang: str, items: list[tuple[SourceDoc, LangResult]]) -> None:
        for rec, (src, _) in zip(process_batch(lang, items, config), items, strict=True):
            record_done(rec, src)

    batcher = _Batcher(int(config["nlp"]["batch_size"]) * 4, flush)
    seen: set[str] = set()
    for src in iter_documents(inputs, list(config["ingest"]["exclude"])):
        if src.doc_id in seen:
            continue  # the same relative path under two inputs: keep the first
        seen.add(src.doc_id)
        if src.status != "ok":
            record_done(base_record(src, None), src)
            continue
        if store.cached(src.doc_id, cache_key(src, config)) is not None:
            store.touch(src.doc_id, run_id)
            summary.cached.append(src.source)
            if progress:
                progress(src.source, "cached")
            continue
        lang = language_of(src, config)
        if lang.lang is None:
            src.status = "skipped"
            src.reason = f"[{errors.UNDETECTED_LANG}] language could not be detected"
        elif lang.lang not in supported:
            src.status = "skipped"
            src.reason = f"[{errors.UNSUPPORTED_LANG}] language '{lang.lang}' is not supported"
        if src.status != "ok":
            record_done(base_record(src, lang), src)
            continue
        batcher.add(lang.lang or "", (src, lang))
    batcher.flush()
    from pipeline.publish import write_outputs  # after the NLP: it imports the report stack

    write_outputs(store, run_id, out, config, render=render)
    store.finish_run(run_id, summary.as_dict())
    store.close()
    return summary
