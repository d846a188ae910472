"""Library helpers behind `briefing extract` and `briefing eval`."""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pipeline.config import Config
from pipeline.errors import Errors, UsageError
from pipeline.evaluate import EventScores, LangScores, evaluate
from pipeline.ingest.walk import read_file
from pipeline.lang import check_language, language_of
from pipeline.process import process_batch
from pipeline.records import base_record
from pipeline.runner import run_corpus
from pipeline.store import Store


def extract_file(path: Path, config: Config) -> list[dict[str, Any]]:
    """Records of one file (several for a JSON/JSONL file), processed in memory."""
    if not path.is_file():
        raise UsageError(Errors.E001.format(paths=path))
    out = []
    for src in read_file(path, path.name):
        if src.status != "ok":
            out.append(base_record(src, None))
            continue
        lang = language_of(src, config)
        if not check_language(src, lang, config):
            out.append(base_record(src, lang))
            continue
        out.extend(process_batch(lang.lang or "", [(src, lang)], config))
    return out


def evaluate_folder(
    gold_dir: Path, docs_dir: Path, config: Config, keep: Callable[[str], bool] | None = None
) -> dict[str, LangScores | EventScores]:
    """Run the pipeline on `docs_dir` (cached in reports/.eval/<name>-<path digest>) and score
    it (only the gold files `keep` accepts, if given: see evaluate.HALVES). The digest keeps
    two folders of one name (every corpus has a `docs/`) from sharing, and racing on, a store."""
    where = docs_dir.resolve()
    name = f"{where.name}-{hashlib.sha256(str(where).encode()).hexdigest()[:10]}"
    out = Path("reports") / ".eval" / name
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError:
        out = Path(tempfile.mkdtemp(prefix="briefing-eval-"))
    summary = run_corpus([docs_dir], config, out, render=False)
    store = Store(out / "briefing.sqlite")
    records = store.records(summary.run_id)
    texts = {r["doc_id"]: store.document_text(r["doc_id"]) or "" for r in records}
    store.close()
    return evaluate(gold_dir, records, texts, keep)
