"""The HTML briefing from a store: sections, review status, publishable view, i18n, paging."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.config import Config, load_config
from pipeline.present import Translator, majority_lang
from pipeline.report.chart import pledges_svg
from pipeline.report.render import render_report
from pipeline.review.decisions import record_decision


@pytest.fixture
def sample(tmp_path: Path, make_store):
    store, records = make_store(tmp_path / "briefing.sqlite")
    yield store, records, tmp_path
    store.close()


def _render(store, out: Path, config: Config, **kw) -> str:
    return render_report(store, out, config, **kw).read_text("utf-8")


def test_report_sections_links_and_status(sample, config: Config) -> None:
    store, records, out = sample
    record_decision(store, records[1]["claims"][0]["id"], "accept", "ana", note="checked")
    html = _render(store, out, config, ui_lang="en")
    for anchor in ("figures", "events", "chart", "actors", "claims", "timeline", "sources"):
        assert f'<section id="{anchor}"' in html
    assert "3 documents (en: 2, fr: 1), 2025-02-10 → 2025-02-12" in html
    assert "Review: 1 of 9 items reviewed (11 %)" in html
    assert "<svg" in html and "http://" not in html.split("<svg", 1)[0].split("<style>")[1]
    # Every pledge and claim links to its span on its document page, and the anchor exists.
    for rec in records:
        page = (out / "documents" / f"{rec['doc_id']}.html").read_text("utf-8")
        for item in rec["claims"] + [p for p in rec["pledges"] if p["is_pledge"]]:
            assert f'documents/{rec["doc_id"]}.html#{item["id"]}"' in html
            assert f'id="{item["id"]}"' in page
    assert '<span class="badge accepted">accepted</span>' in html and "checked" in html
    assert html.count('<span class="badge pending">pending</span>') >= 7


def test_report_escapes_untrusted_text(sample, config: Config) -> None:
    store, records, out = sample
    html = _render(store, out, config, ui_lang="en")
    page = (out / "documents" / f"{records[2]['doc_id']}.html").read_text("utf-8")
    for text in (html, page):
        assert "<script>alert" not in text and "<img src=x" not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
        assert "Jean &#34;Le Sage&#34; O&#39;Neil" in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_report_only_reviewed_drops_rejected_and_applies_edits(sample, config: Config) -> None:
    store, records, out = sample
    fr = records[0]
    record_decision(store, fr["pledges"][0]["id"], "edit", "ana", "typo", {"amount": "110e9"})
    record_decision(store, fr["pledges"][1]["id"], "reject", "ana")
    record_decision(store, fr["claims"][0]["id"], "accept", "ana")
    record_decision(store, fr["claims"][1]["id"], "reject", "ana")
    full = _render(store, out, config, ui_lang="en")
    # The working briefing shows the rejected claim (struck out) and the rejected pledge on its
    # document page, but never counts a rejected pledge in the events and totals.
    assert "L&#39;Europe est ouverte aux affaires" in full and "200 bn EUR" not in full
    page = (out / "documents" / f"{fr['doc_id']}.html").read_text("utf-8")
    assert re.search(r'<mark class="pledge s-rejected" title="pledge \(rejected\): 200 bn', page)
    published = _render(store, out / "published", config, ui_lang="en", only_reviewed=True)
    assert "Publishable version" in published
    assert "110 bn EUR" in published and "109 bn EUR" not in published
    assert "200 bn EUR" not in published and "ouverte aux affaires" not in published
    assert "Nous allons accélérer" in published
    assert re.search(r'id="total-eur"[^>]*>110 bn EUR<', published)
    assert "Martin Tisné" not in published.split('id="actors"')[0]  # pending: not published
    doc = (out / "published" / "documents" / f"{fr['doc_id']}.html").read_text("utf-8")
    assert fr["pledges"][1]["id"] not in doc and fr["pledges"][0]["id"] in doc


def test_report_reuses_the_jsonl_events_only_when_their_input_is_unchanged(
    sample, config: Config, monkeypatch
) -> None:
    """`write_outputs` matches pledge mentions into events once for pledges.jsonl; the report
    reads them back while no review changed a pledge, and matches again once one did."""
    from pipeline.events import EventBuilder
    from pipeline.publish import write_outputs

    store, records, out = sample
    calls: list[int] = []
    matched = EventBuilder.events
    monkeypatch.setattr(EventBuilder, "events", lambda self: calls.append(1) or matched(self))
    write_outputs(store, store.last_run(), out, config)
    before = (out / "index.html").read_text("utf-8")
    assert len(calls) == 1 and "200 bn EUR" in before
    record_decision(store, records[0]["pledges"][1]["id"], "reject", "ana")  # the 200 bn
    write_outputs(store, store.last_run(), out, config)
    assert len(calls) == 3  # the JSONL's (machine) events, then the report's own
    assert "200 bn EUR" not in (out / "index.html").read_text("utf-8")


def test_report_french_interface_by_majority_and_flag(sample, config: Config) -> None:
    store, records, out = sample
    assert majority_lang(["fr", "fr", "en"]) == "fr" and majority_lang(["fr", "en"]) == "en"
    html = _render(store, out, config, ui_lang="fr")
    assert '<html lang="fr">' in html and "Engagements financiers" in html
    assert "109 Md EUR" in html and "à relire" in html
    assert Translator("fr").number(1234.5) == "1 234,5"
    with pytest.raises(ValueError):
        Translator("de")


def test_report_chart_is_byte_stable_across_processes(tmp_path: Path) -> None:
    code = (
        "from pipeline.report.chart import pledges_svg;"
        "print(pledges_svg([('France', 109e9), ('Cost $5 $x$', 2e9)], 'bn EUR'))"
    )
    runs = [
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        for _ in range(2)
    ]
    assert runs[0].stdout == runs[1].stdout and runs[0].stdout.startswith("<svg")
    assert "<!--" not in runs[0].stdout and "Date" not in runs[0].stdout
    assert pledges_svg([], "x") == ""


def test_report_long_sections_continue_on_more_pages(tmp_path: Path, make_store) -> None:
    base = load_config()
    data = {k: dict(v) if isinstance(v, dict) else v for k, v in base.data.items()}
    data["output"]["max_rows"] = 40
    config = Config(data)
    store, records = make_store(tmp_path / "briefing.sqlite", bulk=100)
    html = _render(store, tmp_path, config, ui_lang="en")
    assert len(re.findall(r'<a class="quote"', html)) == 40
    pages = sorted(p.name for p in (tmp_path / "more").glob("claims-*.html"))
    assert pages == ["claims-2.html", "claims-3.html"]  # 104 claims: 40 + 40 + 24
    third = (tmp_path / "more" / "claims-3.html").read_text("utf-8")
    assert len(re.findall(r'<a class="quote"', third)) == 24
    assert 'href="../documents/' in third and 'data-paginate data-page-size="25"' in third
    store.close()


def test_report_cli_only_reviewed(sample) -> None:
    from typer.testing import CliRunner

    from pipeline.cli import app

    store, records, out = sample
    record_decision(store, records[0]["claims"][0]["id"], "accept", "ana")
    result = CliRunner().invoke(app, ["report", "--out", str(out), "--only-reviewed"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == str(out / "published" / "index.html")
    bad = CliRunner().invoke(app, ["report", "--out", str(out), "--ui-lang", "de"])
    assert bad.exit_code == 2 and "E503" in bad.output
    missing = CliRunner().invoke(app, ["report", "--out", str(out / "nowhere")])
    assert missing.exit_code == 2 and "E002" in missing.output


def test_report_translations_cover_the_same_keys() -> None:
    import json
    from importlib import resources

    data = json.loads(
        resources.files("pipeline.data").joinpath("report/i18n.json").read_text("utf-8")
    )
    assert set(data["en"]) == set(data["fr"])
    used: set[str] = set()
    for package in ("pipeline.report", "pipeline.review"):
        for page in resources.files(package).joinpath("templates").iterdir():
            if page.name.endswith(".html"):
                text = page.read_text("utf-8")
                used |= set(re.findall(r"""\bt\(["']([a-z_]+)["']\s*[,)]""", text))
    assert len(used) > 60 and used <= set(data["en"]), used - set(data["en"])


@pytest.mark.parametrize("seed", range(40))
def test_highlight_segments_match_their_definition(seed: int) -> None:
    """Each segment carries exactly the marks covering it, ordered by (start, -end), and the
    anchors of the marks starting there; the segments are the whole text."""
    import random

    from pipeline.present import Mark, segments

    rng = random.Random(seed)
    text = "".join(rng.choice("ab c€«»") for _ in range(rng.randint(0, 300)))
    marks = []
    for n in range(rng.randint(0, 60)):
        start = rng.randint(-3, len(text) + 3)
        marks.append(Mark(start, start + rng.randint(-2, 40), "claim", f"c{n % 7}", "x"))
    valid = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    position = 0
    for seg in segments(text, marks):
        a, b = position, position + len(seg.text)
        covering = [m for m in valid if m.start <= a and b <= m.end]
        assert seg.marks == sorted(covering, key=lambda m: (m.start, -m.end))
        assert seg.anchors == sorted({m.item_id for m in valid if m.start == a})
        assert all(not (a < m.start < b or a < m.end < b) for m in valid)  # no mark inside
        position = b
    assert position == len(text)


# The document pages' loop over segments as it was in document.html: `highlighted` replaces it.
_TEMPLATE_LOOP = (
    "{% for seg in segments %}{% for a in seg.anchors %}"
    '<a class="anchor" id="{{ a }}"></a>{% endfor %}{% for m in seg.marks %}'
    '<mark class="{{ m.kind }}{% if m.status %} s-{{ m.status }}{% endif %}" '
    "title=\"{{ t('kind_' ~ m.kind) }}{% if m.status %} ({{ t('status_' ~ m.status) }})"
    '{% endif %}: {{ m.label }}">{% endfor %}{{ seg.text }}'
    "{% for m in seg.marks %}</mark>{% endfor %}{% endfor %}"
)


@pytest.mark.parametrize("seed", range(30))
def test_highlighted_html_is_the_template_loop_it_replaced(seed: int) -> None:
    """The document pages' highlighted text, built in Python, is byte for byte what the
    autoescaping template loop wrote, on hostile text, labels and ids (markup, quotes, &)."""
    import random

    from jinja2 import Environment

    from pipeline.present import Mark, Translator, highlighted, segments

    rng = random.Random(seed)
    t = Translator(rng.choice(["en", "fr"]))
    text = "".join(
        rng.choice(["a", " ", "€", "<", ">", "&", '"', "'", "<script>"]) for _ in range(200)
    )
    marks = []
    for n in range(rng.randint(0, 40)):
        start = rng.randint(0, len(text))
        kind = rng.choice(["pledge", "money", "actor", "claim"])
        status = rng.choice(["", "accepted", "rejected", "edited"])
        label = rng.choice(["", 'Ursula "von" der <Leyen>', "A & B", "l'État"])
        marks.append(Mark(start, start + rng.randint(1, 50), kind, f'id-{n}"<', label, status))
    segs = segments(text, marks)

    def title(m: Mark) -> str:
        status = f" ({t('status_' + m.status)})" if m.status else ""
        return f"{t('kind_' + m.kind)}{status}: {m.label}"

    loop = Environment(autoescape=True).from_string(_TEMPLATE_LOOP)
    assert str(highlighted(segs, title)) == loop.render(segments=segs, t=t)
    assert "<script>" not in str(highlighted(segs, title))


def test_report_document_page_explains_speakers_and_pledgers(
    summit_run, summit_records, tmp_path: Path, config: Config
) -> None:
    """A real run's document page shows, under each speaker and pledger, the attribution
    rule in plain words, the supporting words (escaped) and the confidence."""
    import shutil

    from markupsafe import escape

    from pipeline.store import Store

    db = tmp_path / "briefing.sqlite"
    shutil.copy(summit_run.out_dir / "briefing.sqlite", db)
    store = Store(db)
    try:
        render_report(store, tmp_path, config, ui_lang="en")
    finally:
        store.close()
    t = Translator("en")
    shown = 0
    for rec in summit_records:
        page = (tmp_path / "documents" / f"{rec['doc_id']}.html").read_text("utf-8")
        items = [c for c in rec["claims"] if c["kind"] != "term"]
        items += [p for p in rec["pledges"] if p["is_pledge"]]
        for item in items:
            att = item.get("attribution")
            if not (att and att["mention"]):
                continue
            line = f"{escape(t.rule(att['rule']))} · <q>{escape(att['mention']['text'])}</q>"
            assert f"{line} · confidence {t.score(att['confidence'])}" in page, item["id"]
            shown += 1
    assert shown >= 20, shown
