"""The `briefing` command: a thin layer over the library (argument checks, messages, exit codes).

Exit codes: 0 all fine, 1 some files failed, 2 usage error; a run stopped by a signal
exits with 128 + its number (130 for Ctrl-C, 143 for SIGTERM), saying what it stored.
"""

from __future__ import annotations

import json
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from pipeline import __version__
from pipeline.config import Config, load_config
from pipeline.errors import BriefingError, ConfigError, Errors, Interrupted, UsageError
from pipeline.store import Store

if TYPE_CHECKING:
    from pipeline.runner import RunSummary

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
err = Console(stderr=True)
ConfigOpt = Annotated[Path | None, typer.Option("--config", help="TOML file overriding defaults")]
OutOpt = Annotated[Path | None, typer.Option("--out", help="output folder")]
_PROGRAM = False  # set by main(): the process is ours (see executors.skip_torch)


def _fail(exc: BriefingError) -> typer.Exit:
    err.print(f"[red]error:[/red] {exc}", highlight=False)
    return typer.Exit(2 if isinstance(exc, UsageError | ConfigError) else 1)


@app.command()
def run(
    inputs: Annotated[list[Path], typer.Argument(help="files or folders to process")],
    out: OutOpt = None,
    config: ConfigOpt = None,
    workers: Annotated[
        int | None,
        typer.Option(help="NLP worker processes (local), or LocalCluster size (dask; default 2)"),
    ] = None,
    executor: Annotated[str, typer.Option(help="where the NLP runs: local or dask")] = "local",
    scheduler: Annotated[
        str | None, typer.Option(help="Dask scheduler address, tcp://HOST:PORT (--executor dask)")
    ] = None,
    follow_symlinks: Annotated[
        bool,
        typer.Option("--follow-symlinks", help="read symlinks that lead outside the input folders"),
    ] = False,
) -> None:
    """Process documents and write extractions.jsonl, the database and the HTML briefing."""
    from rich.progress import Progress

    from pipeline.executors import make_executor, skip_torch
    from pipeline.runner import run_corpus

    try:
        cfg = load_config(config)
        if follow_symlinks:  # the same as `follow_symlinks = true` in the config's [ingest]
            cfg = Config(
                {**cfg.data, "ingest": {**cfg["ingest"], "follow_symlinks": True}}, cfg.source
            )
        pool = make_executor(executor, workers, scheduler)
        if _PROGRAM:  # this process is the `briefing` program, not a host of the library
            skip_torch(cfg)
        with Progress(console=err, transient=True, disable=not err.is_terminal) as bar:
            task = bar.add_task("documents", total=None)
            summary = run_corpus(
                inputs,
                cfg,
                out,
                progress=lambda source, status: bar.advance(task),
                executor=pool,
            )
    except BriefingError as exc:
        raise _fail(exc) from exc
    except Interrupted as stop:
        raise _stopped(stop) from None
    _print_summary(summary)
    typer.echo(str(summary.out_dir / "index.html"))
    raise typer.Exit(summary.exit_code)


def _stopped(stop: Interrupted) -> typer.Exit:
    """The one line a run stopped by a signal prints, and its exit code (128 + signal)."""
    name = signal.Signals(stop.signum).name
    err.print(
        f"stopped by {name}: {stop.stored} documents stored ({stop.new} by this run); "
        "run the same command again to resume",
        highlight=False,
        markup=False,
        soft_wrap=True,  # one line, whatever the terminal's width
    )
    return typer.Exit(128 + stop.signum)


def _print_summary(summary: RunSummary) -> None:
    """The counts table, then one line per skipped or failed file, with its reason."""
    table = Table(title=f"briefing run {summary.run_id}")
    table.add_column("status")
    table.add_column("count", justify="right")
    table.add_row("processed", str(len(summary.processed)))
    table.add_row("unchanged (cached)", str(len(summary.cached)))
    table.add_row("skipped", str(len(summary.skipped)))
    table.add_row("failed", str(len(summary.failed)))
    err.print(table)
    for label, rows in (("skipped", summary.skipped), ("failed", summary.failed)):
        for source, reason in rows:
            err.print(f"{label}: {source}: {reason}", highlight=False, markup=False)


@app.command()
def extract(file: Path, config: ConfigOpt = None) -> None:
    """Print one document's record as JSON on stdout (nothing is stored)."""
    from pipeline.single import extract_file

    try:
        records = extract_file(file, load_config(config))
    except BriefingError as exc:
        raise _fail(exc) from exc
    for rec in records:
        typer.echo(json.dumps(rec, ensure_ascii=False, sort_keys=True, indent=1))
    raise typer.Exit(1 if any(r["status"] == "failed" for r in records) else 0)


@app.command()
def amounts(file: Annotated[str, typer.Argument(help="JSONL file, or - for stdin")] = "-") -> None:
    """The money parser alone: JSONL {id, lang, input} in, {id, found: [...]} out."""
    from pipeline.extract.money.parse import amounts_jsonl

    if file == "-":
        stream = sys.stdin
    else:
        path = Path(file)
        if not path.exists():
            raise _fail(UsageError(Errors.E001.format(paths=file)))
        stream = path.open(encoding="utf-8")
    for line in amounts_jsonl(stream):
        sys.stdout.write(line + "\n")


DbOpt = Annotated[Path, typer.Option("--db", help="database of a run")]
DEFAULT_DB = Path("reports/ai-action-summit/briefing.sqlite")
UiLangOpt = Annotated[
    str | None,
    typer.Option("--ui-lang", help="interface language: fr or en (default: corpus majority)"),
]


def _ui_lang(value: str | None) -> str | None:
    if value is not None and value not in ("fr", "en"):
        raise _fail(UsageError(Errors.E503.format(value=value)))
    return value


def _open_store(db: Path) -> Store:
    if not db.is_file():
        raise _fail(UsageError(Errors.E002.format(db=db)))
    return Store(db)


@app.command()
def report(
    out: Annotated[Path, typer.Option("--out", help="output folder of a run")] = Path(
        "reports/ai-action-summit"
    ),
    only_reviewed: Annotated[
        bool,
        typer.Option(
            "--only-reviewed",
            help="publishable version: accepted and edited items only, edits applied",
        ),
    ] = False,
    ui_lang: UiLangOpt = None,
    dest: Annotated[
        Path | None,
        typer.Option("--dest", help="where to write (default: OUT, or OUT/published)"),
    ] = None,
    config: ConfigOpt = None,
) -> None:
    """Re-render the HTML briefing from the store (with the review decisions)."""
    from pipeline.publish import publish_report

    lang = _ui_lang(ui_lang)
    store = _open_store(out / "briefing.sqlite")
    try:
        index = publish_report(store, out, load_config(config), only_reviewed, lang, dest)
    except BriefingError as exc:
        raise _fail(exc) from exc
    finally:
        store.close()
    typer.echo(str(index))


@app.command()
def review(
    db: DbOpt = DEFAULT_DB,
    port: Annotated[int, typer.Option("--port", help="TCP port")] = 8765,
    host: Annotated[
        str, typer.Option("--host", help="interface to bind; keep 127.0.0.1 unless you must")
    ] = "127.0.0.1",
    reviewer: Annotated[
        str | None, typer.Option("--reviewer", help="default reviewer name (else your login)")
    ] = None,
    ui_lang: UiLangOpt = None,
) -> None:
    """Review pledges and claims in a local web app (keyboard first; ? lists the keys)."""
    import getpass

    from pipeline.review.server import serve

    lang = _ui_lang(ui_lang)
    if not db.is_file():
        raise _fail(UsageError(Errors.E002.format(db=db)))
    try:
        serve(db, host, port, lang, reviewer if reviewer is not None else getpass.getuser())
    except BriefingError as exc:
        raise _fail(exc) from exc


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", help="jsonl, csv or parquet")] = "jsonl",
    only_reviewed: Annotated[
        bool, typer.Option("--only-reviewed", help="accepted and edited items only")
    ] = False,
    db: DbOpt = DEFAULT_DB,
    out: Annotated[
        Path | None, typer.Option("--out", help="folder to write (default: DB's folder/export)")
    ] = None,
) -> None:
    """Write pledges, pledge events, actors and claims with their review status."""
    from pipeline.export import export as export_tables

    store = _open_store(db)
    try:
        paths = export_tables(store, out or db.parent / "export", fmt, only_reviewed)
    except BriefingError as exc:
        raise _fail(exc) from exc
    finally:
        store.close()
    for path in paths:
        typer.echo(str(path))


@app.command("eval")
def eval_cmd(
    gold_dir: Path,
    docs: Annotated[
        Path | None, typer.Option(help="documents folder (default: gold's parent)")
    ] = None,
    config: ConfigOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
    halves: Annotated[
        bool, typer.Option("--halves", help="also score odd- and even-numbered files apart")
    ] = False,
) -> None:
    """Score extractions against gold files, per language (with --halves: all files, then
    the odd-numbered ones, tuned on, and the even-numbered ones, kept for checking)."""
    from pipeline.evaluate import HALVES, format_scores
    from pipeline.single import evaluate_folder

    if not gold_dir.is_dir():
        raise _fail(UsageError(Errors.E003.format(path=gold_dir)))
    parts = {"all": None, **HALVES} if halves else {"all": None}
    cfg = load_config(config)
    try:
        scores = {
            n: evaluate_folder(gold_dir, docs or gold_dir.parent, cfg, k) for n, k in parts.items()
        }
    except BriefingError as exc:
        raise _fail(exc) from exc
    if as_json:
        out = {n: {k: v.as_dict() for k, v in s.items()} for n, s in scores.items()}
        typer.echo(json.dumps(out if halves else out["all"], indent=1))
        return
    for name, part in scores.items():
        if halves:
            typer.echo(f"### {name} files" if name == "all" else f"### {name}-numbered files")
        typer.echo(format_scores(part))


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(__version__)


def main() -> None:
    """Console-script entry point."""
    global _PROGRAM
    _PROGRAM = True
    app()
