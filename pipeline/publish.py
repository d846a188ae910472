"""Write a run's outputs from the store: extractions.jsonl, then the HTML briefing.

Everything is derived from the store, never from in-memory state, so `briefing report`
re-renders exactly what `briefing run` wrote, and a cached re-run gives identical bytes.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.config import Config
from pipeline.outputs import jsonl, write_atomic
from pipeline.store import Store


def write_outputs(
    store: Store, run_id: int | None, out: Path, config: Config, render: bool = True
) -> None:
    """extractions.jsonl (one line per document, sorted by source) and the HTML report."""
    records = store.records(run_id)
    write_atomic(out / "extractions.jsonl", jsonl(records))
    if render:
        from pipeline.report.render import render_report

        render_report(store, records, out, config)
