"""Render the briefing from stored records: index.html and documents/<doc_id>.html.

Jinja2 with autoescape on: every string that comes from a document is untrusted input.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from pipeline import __version__
from pipeline.config import Config
from pipeline.outputs import write_atomic
from pipeline.report.highlight import Mark, segments
from pipeline.store import Store


def environment() -> Environment:
    """The report's Jinja environment (autoescaped HTML)."""
    env = Environment(
        loader=PackageLoader("pipeline.report", "templates"),
        autoescape=select_autoescape(["html"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["money"] = format_money
    env.filters["safe_url"] = safe_url
    return env


def safe_url(url: str | None) -> str | None:
    """Only http(s) links from documents are rendered: "javascript:" URLs escape no escaping."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def format_money(value: float | None, currency: str | None = None) -> str:
    """109000000000 -> '109 bn'; the currency code after it."""
    if value is None:
        return ""
    for scale, word in ((1e12, "tn"), (1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if abs(value) >= scale:
            number = f"{value / scale:,.2f}".rstrip("0").rstrip(".")
            return f"{number} {word} {currency or ''}".strip()
    return f"{value:,.2f} {currency or ''}".strip()


def _context(records: list[dict[str, Any]]) -> dict[str, Any]:
    ok = [r for r in records if r["status"] == "ok"]
    pledges = [
        dict(p, doc_id=r["doc_id"], source=r["source"], date=r["date"])
        for r in ok
        for p in r["pledges"]
        if p["is_pledge"]
    ]
    actors: dict[str, dict[str, Any]] = {}
    for r in ok:
        for a in r["actors"]:
            entry = actors.setdefault(
                a["id"],
                {
                    "id": a["id"],
                    "name": a["name"],
                    "type": a["type"],
                    "mentions": 0,
                    "docs": [],
                    "first": None,
                },
            )
            entry["mentions"] += len(a["mentions"])
            entry["docs"].append(r["doc_id"])
            if entry["first"] is None and a["mentions"]:
                entry["first"] = (r["doc_id"], a["mentions"][0]["start"])
    by_speaker: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in ok:
        for c in r["claims"]:
            if c["kind"] in ("direct", "reported"):
                speaker = c["speaker_name"] or "—"
                by_speaker[speaker].append(
                    dict(
                        c, doc_id=r["doc_id"], source=r["source"], date=r["date"], title=r["title"]
                    )
                )
    langs = Counter(r["lang"] for r in ok)
    dates = sorted(r["date"] for r in ok if r["date"])
    return {
        "records": records,
        "pledges": pledges,
        "actors": sorted(actors.values(), key=lambda a: (-a["mentions"], a["name"])),
        "claims_by_speaker": sorted(by_speaker.items(), key=lambda kv: (-len(kv[1]), kv[0])),
        "langs": sorted(langs.items()),
        "date_range": (dates[0], dates[-1]) if dates else None,
        "version": __version__,
        "n_failed": sum(1 for r in records if r["status"] == "failed"),
        "n_skipped": sum(1 for r in records if r["status"] == "skipped"),
    }


def document_marks(record: dict[str, Any]) -> list[Mark]:
    """Highlights of one document: pledges, actor mentions and claims."""
    marks = [
        Mark(
            p["start"],
            p["end"],
            "pledge" if p["is_pledge"] else "money",
            p["id"],
            format_money(p["amount"], p["currency"]),
        )
        for p in record["pledges"]
    ]
    for a in record["actors"]:
        for n, m in enumerate(a["mentions"]):
            marks.append(Mark(m["start"], m["end"], "actor", f"{a['id']}-{n}", a["name"]))
    for c in record["claims"]:
        if c["kind"] != "term":
            marks.append(Mark(c["start"], c["end"], "claim", c["id"], c["speaker_name"] or ""))
    return marks


def render_report(store: Store, records: list[dict[str, Any]], out: Path, config: Config) -> None:
    """Write index.html and the document pages for `records`."""
    env = environment()
    ctx = _context(records)
    write_atomic(out / "index.html", env.get_template("index.html").render(**ctx))
    if not config["output"]["document_pages"]:
        return
    page = env.get_template("document.html")
    for rec in records:
        if rec["status"] != "ok":
            continue
        text = store.document_text(rec["doc_id"]) or ""
        html = page.render(
            record=rec, segments=segments(text, document_marks(rec)), version=__version__
        )
        write_atomic(out / "documents" / f"{rec['doc_id']}.html", html)
