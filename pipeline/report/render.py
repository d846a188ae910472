"""Render the briefing from stored records: index.html, more/ pages, documents/<doc_id>.html.

Jinja2 with autoescape on: every string that comes from a document is untrusted input. The
CSS and the little pagination script are our own files, inlined so the briefing works
offline from a single folder. Sections longer than `output.max_rows` continue on
more/<section>-<n>.html pages, so no page grows without bound.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from pipeline import __version__
from pipeline.config import Config
from pipeline.outputs import write_atomic
from pipeline.present import Mark, Translator, highlighted, majority_lang, segments
from pipeline.report.chart import pledges_svg, totals_by_pledger
from pipeline.report.context import KnownEvents, build_context, text_of
from pipeline.reviews import STATUSES, Review, apply_reviews, load_reviews, reviewable
from pipeline.store import Store

SECTIONS = ("events", "actors", "claims", "timeline", "sources")
_PAGE = re.compile(r"^[0-9a-f]{16}\.html$")


@lru_cache(maxsize=8)
def asset(name: str) -> Markup:
    """One of our own template files, raw (CSS, JS), to inline in a page."""
    text = resources.files("pipeline.report").joinpath("templates", name).read_text("utf-8")
    return Markup(text)


def safe_url(url: str | None) -> str | None:
    """Only http(s) links from documents are rendered: "javascript:" URLs escape no escaping."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


class _Environment(Environment):
    """Jinja's `x.name` tries the attribute `name` first, then the item: on the dicts the
    report renders (records, rows) the attribute lookup always fails, and its exception was
    a tenth of the report's time on a big corpus. Here a dict's item comes first; a name
    that is not a key still reaches the dict's methods (`more.get(...)`)."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def environment(t: Translator) -> Environment:
    """The report's Jinja environment (autoescaped HTML) with the interface strings."""
    env = _Environment(
        loader=PackageLoader("pipeline.report", "templates"),
        autoescape=select_autoescape(["html"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_url"] = safe_url
    env.filters["text_of"] = text_of
    env.globals.update(t=t, asset=asset, version=__version__, statuses=STATUSES)
    return env


def run_info(store: Store, run_id: int | None) -> tuple[str, str | None]:
    """(corpus name, run date) of `run_id` or of the latest run."""
    run = store.run_inputs(run_id)
    if run is None:
        return store.path.parent.name, None
    inputs, started_at = run
    name = Path(inputs[0]).name if inputs else store.path.parent.name
    return name or store.path.parent.name, started_at[:10]


def document_marks(record: dict[str, Any], t: Translator) -> list[Mark]:
    """Highlights of one document: amounts and pledges, actor mentions, claims."""
    marks = []
    for p in record["pledges"]:
        status = p.get("review", {}).get("status", "") if p["is_pledge"] else ""
        label = t.money(p["amount"], p["currency"])
        if p.get("actor_name"):
            label += f" · {p['actor_name']}"
        kind = "pledge" if p["is_pledge"] else "money"
        marks.append(Mark(p["start"], p["end"], kind, p["id"], label, status))
    for a in record["actors"]:
        for n, m in enumerate(a["mentions"]):
            marks.append(Mark(m["start"], m["end"], "actor", f"{a['id']}-{n}", a["name"]))
    for c in record["claims"]:
        if reviewable("claims", c):
            status = c.get("review", {}).get("status", "")
            label = c.get("speaker_name") or ""
            marks.append(Mark(c["start"], c["end"], "claim", c["id"], label, status))
    return marks


def _doc_items(record: dict[str, Any]) -> list[dict[str, Any]]:
    items = [
        dict(p, kind_label="pledge", who=p.get("actor_name"))
        for p in record["pledges"]
        if p["is_pledge"]
    ]
    items += [
        dict(c, kind_label="claim", who=c.get("speaker_name"))
        for c in record["claims"]
        if reviewable("claims", c)
    ]
    return sorted(items, key=lambda i: i["start"])


def _split(rows: list[Any], size: int) -> list[list[Any]]:
    size = max(1, size)
    return [rows[k : k + size] for k in range(0, len(rows), size)] or [[]]


def _clean(folder: Path, keep: set[str], pattern: re.Pattern[str] | None = None) -> None:
    """Remove our pages that the current corpus no longer has (a document left the corpus)."""
    if not folder.is_dir():
        return
    for page in folder.glob("*.html"):
        if page.name not in keep and (pattern is None or pattern.match(page.name)):
            page.unlink()


def render_report(
    store: Store,
    out: Path,
    config: Config,
    only_reviewed: bool = False,
    ui_lang: str | None = None,
    run_id: int | None = None,
    known_events: KnownEvents | None = None,
) -> Path:
    """Write index.html, the overflow pages and the document pages of the documents of run
    `run_id` (all stored documents if None) into `out`; `known_events`: see PledgeEvents.

    The records are read from the store twice, one at a time: once for the sections of the
    index (which keep only what they show, and are dropped once written), once for the
    document pages."""
    reviews = load_reviews(store)
    t, env = _write_index(store, out, config, reviews, only_reviewed, ui_lang, run_id, known_events)
    index = out / "index.html"
    if not config["output"]["document_pages"]:
        return index
    page_tpl, kept = env.get_template("document.html"), set()

    def title(m: Mark) -> str:
        status = f" ({t('status_' + m.status)})" if m.status else ""
        return f"{t('kind_' + m.kind)}{status}: {m.label}"

    for raw in store.iter_records(run_id):
        if raw["status"] != "ok":
            continue
        rec = apply_reviews([raw], reviews, only_reviewed)[0]
        text = store.document_text(rec["doc_id"]) or ""
        html = page_tpl.render(
            record=rec,
            text_html=highlighted(segments(text, document_marks(rec, t)), title),
            items=_doc_items(rec),
            only_reviewed=only_reviewed,
        )
        write_atomic(out / "documents" / f"{rec['doc_id']}.html", html, durable=False)
        kept.add(f"{rec['doc_id']}.html")
    _clean(out / "documents", kept, _PAGE)
    return index


@dataclass
class _Index:
    """The briefing's index, assembled: what every page shares, and each section's rows cut
    into pages (the first on index.html, the others on more/<section>-<n>.html)."""

    common: dict[str, Any]
    pages: dict[str, list[list[Any]]]
    chart: Markup


def _write_index(
    store: Store,
    out: Path,
    config: Config,
    reviews: dict[str, Review],
    only_reviewed: bool,
    ui_lang: str | None,
    run_id: int | None,
    known_events: KnownEvents | None = None,
) -> tuple[Translator, Environment]:
    """index.html and the more/ pages, from one pass over the records; returns the
    interface's translator (its language is the corpus majority unless set) and templates."""
    ctx = build_context(store.iter_records(run_id), reviews, only_reviewed, known_events)
    lang = (
        ui_lang
        or config["output"]["ui_lang"]
        or majority_lang(r["lang"] for r in ctx["records"] if r["status"] == "ok")
    )
    t = Translator(lang)
    env = environment(t)
    index = _assemble_index(ctx, t, run_info(store, run_id), config)
    _write_index_pages(out, env, t, index)
    return t, env


def _assemble_index(
    ctx: dict[str, Any], t: Translator, run: tuple[str, str | None], config: Config
) -> _Index:
    """The sections of the context cut into pages of `output.max_rows`, the pledge chart,
    and the values the index and the more/ pages share; `run` is (corpus name, run date)."""
    max_rows, page_size = int(config["output"]["max_rows"]), int(config["output"]["page_size"])
    sections = {
        "events": ctx["events"],
        "actors": ctx["actors"],
        "claims": ctx["claims"],
        "timeline": ctx["timeline"],
        "sources": ctx["records"],
    }
    pages = {name: _split(rows, max_rows) for name, rows in sections.items()}
    chart = pledges_svg(
        totals_by_pledger(ctx["events"], t("unknown_pledger")),
        t("chart_xlabel"),
        lambda v: t.number(v, 1),
        parts_label=t("chart_parts"),
    )
    common = dict(
        ctx,
        corpus=run[0],
        run_date=run[1],
        page_size=page_size,
        more={k: len(v) - 1 for k, v in pages.items()},
        more_counts={k: len(sections[k]) - len(v[0]) for k, v in pages.items()},
    )
    return _Index(common, pages, Markup(chart))


def _write_index_pages(out: Path, env: Environment, t: Translator, index: _Index) -> None:
    """Write index.html and the more/ pages; remove more/ pages the corpus no longer fills."""
    first_rows = {k: v[0] for k, v in index.pages.items()}
    html = env.get_template("index.html").render(
        index.common, root="", chart=index.chart, page_rows=first_rows
    )
    write_atomic(out / "index.html", html)
    more_tpl, written = env.get_template("more.html"), set()
    for name, chunks in index.pages.items():
        for k, rows in enumerate(chunks[1:], 2):
            page = f"{name}-{k}.html"
            html = more_tpl.render(
                index.common,
                root="../",
                section=name,
                rows=rows,
                page=k,
                pages=len(chunks) - 1,
                heading=t("nav_" + name),
            )
            write_atomic(out / "more" / page, html, durable=False)
            written.add(page)
    _clean(out / "more", written)
