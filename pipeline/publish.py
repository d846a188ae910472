"""Write a run's outputs from the store: extractions.jsonl, then the HTML briefing.

Everything is derived from the store, never from in-memory state, so `briefing report`
re-renders exactly what `briefing run` wrote, and a cached re-run gives identical bytes.
The JSONL holds machine extractions only (no run date, no review state); review decisions
appear in the HTML and in the exports.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.config import Config
from pipeline.corpus_actors import build_actors
from pipeline.events import build_events
from pipeline.outputs import jsonl_lines, write_atomic
from pipeline.store import Store


def write_outputs(
    store: Store, run_id: int | None, out: Path, config: Config, render: bool = True
) -> None:
    """extractions.jsonl (one line per document, sorted by source), pledges.jsonl (one line
    per pledge event, see pipeline.events) and the HTML report."""
    # Streamed: a 10,000-document corpus's records take ~0.7 GB as Python objects.
    write_atomic(out / "extractions.jsonl", jsonl_lines(store.iter_records(run_id)))
    records = store.records(run_id, without=("claims",))  # what events and actors read
    write_atomic(out / "pledges.jsonl", jsonl_lines(build_events(records)))  # one per event
    write_atomic(out / "actors.jsonl", jsonl_lines(build_actors(records)))  # corpus-level
    del records
    if render:
        from pipeline.report.render import render_report

        render_report(store, store.records(run_id), out, config, run_id=run_id)


def publish_report(
    store: Store,
    out: Path,
    config: Config,
    only_reviewed: bool = False,
    ui_lang: str | None = None,
    dest: Path | None = None,
) -> Path:
    """Re-render the briefing of the latest run; the publishable one goes to <out>/published.

    Returns the path of the index page written.
    """
    from pipeline.report.render import render_report

    run_id = store.last_run()
    if not only_reviewed and dest is None:
        write_outputs(store, run_id, out, config, render=False)
    target = dest or (out / "published" if only_reviewed else out)
    return render_report(
        store, store.records(run_id), target, config, only_reviewed, ui_lang, run_id
    )
