"""The runner and its executors: sections of long documents, worker processes, ordering,
worker loss, a re-run that loads nothing, and the `run` command's usage errors."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.config import Config
from pipeline.executors import Executor, ProcessExecutor, _Done
from pipeline.ingest.walk import read_file
from pipeline.lang import LangResult, language_of
from pipeline.process import chunk_spans, process_batch
from pipeline.runner import run_corpus
from tests.conftest import ROOT, SUMMIT


@pytest.mark.parametrize("size", [50, 400, 5000])
def test_chunk_spans_cover_text_and_cut_at_line_breaks(size: int) -> None:
    text = "\n".join(f"Paragraph {n} says something about budgets." for n in range(120))
    spans = chunk_spans(text, size)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:], strict=False))
    assert all(e - s <= size for s, e in spans)
    assert all(text[e - 1] == "\n" for _, e in spans[:-1])


@pytest.mark.parametrize("name", ["001_macron-109-milliards.txt", "002_france-109bn-plan.txt"])
def test_process_sections_merge_like_one_pass(config: Config, name: str) -> None:
    """The same chunks parsed as one section or as one section per chunk: the merged record
    has the same items, ids, offsets and actors."""
    (src,) = read_file(SUMMIT / name, name)
    lang = language_of(src, config)
    code = lang.lang or ""
    (whole,) = process_batch(code, [(src, lang)], config, section_chars=10**9, chunk_chars=800)
    (parts,) = process_batch(code, [(src, lang)], config, section_chars=800, chunk_chars=800)
    assert len(chunk_spans(src.text, 800)) >= 3
    assert whole["pledges"] and whole["claims"]
    assert json.dumps(parts, sort_keys=True) == json.dumps(whole, sort_keys=True)


def test_process_executor_output_identical(summit_run: Any, tmp_path: Path, config) -> None:
    corpus = tmp_path / "ai-action-summit"
    shutil.copytree(SUMMIT, corpus)
    pool = ProcessExecutor(2, task_docs=3)
    summary = run_corpus([corpus], config, tmp_path / "out", render=False, executor=pool)
    assert sorted(summary.processed) == sorted(summit_run.processed)
    expected = (summit_run.out_dir / "extractions.jsonl").read_bytes()
    assert (tmp_path / "out" / "extractions.jsonl").read_bytes() == expected


_FR = LangResult("fr", 1.0, False, {"fr": 1.0})


class _Reversed(Executor):
    """Futures that complete in reverse order of submission (the slowest worker first)."""

    window = 4

    def __init__(self) -> None:
        self.finished: list[str] = []

    def submit(self, docs: Any, config: Config) -> Any:
        executor = self

        class Late:
            def result(self) -> list[dict[str, Any]]:
                executor.finished.append(docs[0][0].source)
                return [{"source": d.source} for d, _ in docs]

        return Late()


def test_tasks_hold_one_language_and_unsupported_documents_reach_no_worker(
    config: Config, tmp_path: Path
) -> None:
    """The runner detects languages: every task is one language's documents (whole spaCy
    batches), and a German article is recorded as skipped without being sent anywhere."""
    from pipeline import errors
    from pipeline.records import base_record

    class Recording(Executor):
        task_docs = 2

        def __init__(self) -> None:
            super().__init__()
            self.sent: list[list[tuple[str, str | None]]] = []

        def submit(self, docs: Any, config: Config) -> Any:
            self.sent.append([(src.source, lang.lang) for src, lang in docs])
            return _Done([base_record(src, lang) for src, lang in docs])

    folder = tmp_path / "in"
    shutil.copytree(SUMMIT, folder)
    (folder / "zz-de.txt").write_text(
        "Die Bundesregierung hat am Montag angekündigt, dass sie in den kommenden fünf Jahren "
        "zusätzliche Mittel für die Forschung zur künstlichen Intelligenz bereitstellen wird. "
        "Der Minister sagte, die Hochschulen sollten davon besonders profitieren.\n",
        encoding="utf-8",
    )
    executor = Recording()
    summary = run_corpus([folder], config, tmp_path / "out", render=False, executor=executor)
    languages = [{lang for _, lang in task} for task in executor.sent]
    assert all(len(task) == 1 for task in languages)
    assert set().union(*languages) == {"fr", "en"}
    assert all(len(task) <= 2 for task in executor.sent)
    sent = {source for task in executor.sent for source, _ in task}
    assert "zz-de.txt" not in sent and len(sent) == len(summary.processed)
    assert [source for source, _ in summary.skipped] == ["zz-de.txt"]
    assert summary.skipped[0][1] == f"[{errors.UNSUPPORTED_LANG}] language 'de' is not supported"


def test_executor_map_keeps_submission_order(config: Config) -> None:
    from pipeline.ingest.walk import SourceDoc

    tasks = [[(SourceDoc(f"d{n}", "", "", "x"), _FR)] for n in range(10)]
    ex = _Reversed()
    got = [records[0]["source"] for _, records in ex.map(iter(tasks), config)]
    assert got == [f"d{n}" for n in range(10)]


def test_process_executor_sends_a_task_where_its_language_is_loaded() -> None:
    """Workers keep to the language they have loaded while they keep pace; an idle worker
    starts before a busy one gets a second task; a worker much busier than another hands
    its language over."""

    class Running:
        def __init__(self) -> None:
            self.finished = False

        def done(self) -> bool:
            return self.finished

    def give(ex: ProcessExecutor, lang: str) -> int:
        n = ex.choose(lang)
        ex._pending[n].append(Running())
        ex._langs[n].add(lang)
        return n

    alternating = ProcessExecutor(2)
    assert [give(alternating, lang) for lang in ["fr", "en"] * 3] == [0, 1] * 3
    one_language = ProcessExecutor(2)
    assert [give(one_language, "en") for _ in range(4)] == [0, 1, 0, 1]
    behind = ProcessExecutor(2)
    assert [give(behind, lang) for lang in ["fr", "en"] + ["fr"] * 4] == [0, 1, 0, 0, 0, 0]
    assert give(behind, "fr") == 1  # four tasks behind: the other worker loads French
    for running in behind._pending[0]:
        running.finished = True
    assert give(behind, "fr") == 0 and give(behind, "en") == 1


def test_executor_dead_worker_fails_its_documents_only(config: Config) -> None:
    from pipeline.ingest.walk import SourceDoc

    docs = [
        (SourceDoc("a.txt", "a.txt", "ab", "Texte."), _FR),
        (SourceDoc("b.txt", "b.txt", "cd", "x"), _FR),
    ]
    task, records = Executor()._collect(docs, _Done(error=BrokenProcessPool("killed")))
    assert task is docs
    assert [r["status"] for r in records] == ["failed", "failed"]
    assert all(r["reason"].startswith("[E108] worker failed: BrokenProcessPool") for r in records)
    with pytest.raises(ValueError):  # anything else is systemic: the run stops
        Executor()._collect(docs, _Done(error=ValueError("model missing")))


def test_rerun_on_unchanged_corpus_loads_no_model(summit_run: Any, tmp_path: Path) -> None:
    """Nothing to process: spaCy is not even imported, let alone the models."""
    out = tmp_path / "out"
    shutil.copytree(summit_run.out_dir, out)
    probe = "\n".join(
        [
            "import sys",
            "from pathlib import Path",
            "from pipeline.config import load_config",
            "from pipeline.runner import run_corpus",
            f"s = run_corpus([Path({str(SUMMIT)!r})], load_config(), Path({str(out)!r}))",
            "print(len(s.processed), len(s.cached), 'spacy' in sys.modules)",
        ]
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["0", str(len(summit_run.processed)), "False"]
    expected = (summit_run.out_dir / "extractions.jsonl").read_bytes()
    assert (out / "extractions.jsonl").read_bytes() == expected


@pytest.mark.parametrize(
    "args,code",
    [
        (["--executor", "spark"], "E022"),
        (["--scheduler", "tcp://127.0.0.1:8786"], "E025"),
        (["--workers", "0"], "E024"),
    ],
)
def test_run_cli_usage_errors_exit_2(tmp_path: Path, args: list[str], code: str) -> None:
    result = CliRunner().invoke(app, ["run", str(SUMMIT), "--out", str(tmp_path), *args])
    assert result.exit_code == 2
    assert f"[{code}]" in result.output
    assert not (tmp_path / "briefing.sqlite").exists()


def test_store_iter_records_streams_the_same_records(summit_run: Any) -> None:
    from pipeline.store import Store

    store = Store(summit_run.out_dir / "briefing.sqlite")
    try:
        for run_id in (summit_run.run_id, None):
            assert list(store.iter_records(run_id, batch=4)) == store.records(run_id)
    finally:
        store.close()


def test_rerun_rewrites_outputs_only_when_they_would_change(
    summit_run: Any, tmp_path: Path, config: Config
) -> None:
    out = tmp_path / "out"
    shutil.copytree(summit_run.out_dir, out)
    corpus = SUMMIT
    run_corpus([corpus], config, out)  # records the outputs' fingerprint
    written = {p: p.stat().st_mtime_ns for p in (out / "index.html", out / "extractions.jsonl")}
    again = run_corpus([corpus], config, out)
    assert len(again.cached) == len(summit_run.processed)
    assert {p: p.stat().st_mtime_ns for p in written} == written  # nothing to redo
    con = sqlite3.connect(out / "briefing.sqlite")
    with con:
        item = con.execute("SELECT id FROM items WHERE kind='pledge' LIMIT 1").fetchone()[0]
        con.execute(
            "INSERT INTO decisions (item_id, action, reviewer, created_at) "
            "VALUES (?, 'accept', 'ana', '2026-02-11T10:00:00+00:00')",
            (item,),
        )
    con.close()
    run_corpus([corpus], config, out)  # a review decision changes the report
    assert (out / "index.html").stat().st_mtime_ns != written[out / "index.html"]
    expected = (summit_run.out_dir / "extractions.jsonl").read_bytes()
    assert (out / "extractions.jsonl").read_bytes() == expected


def _with(config: Config, section: str, **values: Any) -> Config:
    data = {k: dict(v) if isinstance(v, dict) else v for k, v in config.data.items()}
    data[section].update(values)
    return Config(data)


def test_run_long_file_as_parts(summit_records: list[dict[str, Any]], tmp_path: Path) -> None:
    """A file over `ingest.part_chars` is stored as parts: each a document whose offsets
    index its own text, placed in the whole text by `part`; the same amounts are found as in
    the whole file; an edit at the end reprocesses the last part only."""
    from pipeline.config import load_config

    name = "000_e93bffb5ef5bafd4.txt"
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SUMMIT / name, folder / name)
    config = _with(load_config(), "ingest", part_chars=1200)
    out = tmp_path / "out"
    first = run_corpus([folder], config, out, render=False)
    (whole,) = read_file(folder / name, name)
    records = [json.loads(line) for line in (out / "extractions.jsonl").open(encoding="utf-8")]
    assert len(records) >= 3 and first.processed == [r["source"] for r in records]
    con = sqlite3.connect(out / "briefing.sqlite")
    texts = dict(con.execute("SELECT source, text FROM documents").fetchall())
    con.close()
    for k, rec in enumerate(records, 1):
        assert rec["source"] == f"{name}#part{k:04d}" and rec["status"] == "ok"
        part = rec["part"]
        assert (part["index"], part["of"]) == (k, len(records))
        assert whole.text[part["start"] : part["end"]] == texts[rec["source"]]
        for item in rec["pledges"] + rec["claims"]:
            assert texts[rec["source"]][item["start"] : item["end"]] == item["text"]
    one = next(r for r in summit_records if r["source"] == name)
    assert sorted(p["text"] for r in records for p in r["pledges"]) == sorted(
        p["text"] for p in one["pledges"]
    )
    assert run_corpus([folder], config, out, render=False).processed == []
    edited = whole.text.rstrip("\n") + "\nLa Commission a ajouté 2 milliards d'euros.\n"
    (folder / name).write_text(edited, encoding="utf-8")
    again = run_corpus([folder], config, out, render=False)
    assert again.processed == [records[-1]["source"]]
    assert len(again.cached) == len(records) - 1


@pytest.mark.parametrize("enabled", [False, True])
def test_skip_torch_only_without_the_transformers_backend(enabled: bool) -> None:
    """Our own processes don't import torch (thinc would, for nothing) unless the
    transformers backend needs it; the spaCy models work without it."""
    probe = "\n".join(
        [
            "import sys",
            "from pipeline.config import Config, load_config",
            "from pipeline.executors import skip_torch",
            "data = {k: dict(v) for k, v in load_config().data.items()}",
            f"data['transformers']['enabled'] = {enabled}",
            "skip_torch(Config(data))",
            "import spacy",
            "from pipeline.nlp import get_pipeline",
            "doc = get_pipeline('en', load_config())('Ursula von der Leyen pledged €200bn.')",
            "print(sys.modules.get('torch') is not None, [e.text for e in doc.ents][:1])",
        ]
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.split()[0] == str(enabled)
    assert "Ursula" in done.stdout
