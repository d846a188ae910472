"""Write a run's outputs from the store: extractions.jsonl, then the HTML briefing.

Everything is derived from the store, never from in-memory state, so `briefing report`
re-renders exactly what `briefing run` wrote, and a cached re-run gives identical bytes.
The JSONL holds machine extractions only (no run date, no review state); review decisions
appear in the HTML and in the exports.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline.config import Config
from pipeline.corpus_actors import ActorTable
from pipeline.events import EventBuilder
from pipeline.outputs import jsonl_lines, write_atomic
from pipeline.store import Store


def write_outputs(
    store: Store, run_id: int | None, out: Path, config: Config, render: bool = True
) -> None:
    """extractions.jsonl (one line per document, sorted by source), pledges.jsonl (one line
    per pledge event, see pipeline.events), actors.jsonl and the HTML report."""
    digest = write_jsonl(store, run_id, out)
    if render:
        from pipeline.report.render import render_report

        known = (digest, out / "pledges.jsonl")  # the report reads the events back if it can
        render_report(store, out, config, run_id=run_id, known_events=known)


def write_jsonl(store: Store, run_id: int | None, out: Path) -> str:
    """The three JSONL files, from one pass over the stored records: a 10,000-document
    corpus's records would take ~0.7 GB as Python objects, so they are streamed, and events
    and actors collect what they need of each on the way. Returns the input digest of the
    events written to pledges.jsonl (EventBuilder.input_digest)."""
    events, actors = EventBuilder(), ActorTable()

    def collected() -> Iterator[dict[str, Any]]:
        for rec in store.iter_records(run_id):
            events.add(rec)
            actors.add(rec)
            yield rec

    write_atomic(out / "extractions.jsonl", jsonl_lines(collected()))
    write_atomic(out / "pledges.jsonl", jsonl_lines(events.events()))  # one per event
    write_atomic(out / "actors.jsonl", jsonl_lines(actors.actors()))  # corpus-level
    return events.input_digest()


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
    return render_report(store, target, config, only_reviewed, ui_lang, run_id)
