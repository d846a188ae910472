"""Why this speaker, why this pledger: the review app and the document pages show each
item's attribution (the rule in plain words, the supporting words, the confidence)."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from pipeline.present import UI_LANGS, Translator
from pipeline.review.app import create_app
from pipeline.review.decisions import record_decision
from pipeline.store import Store


class _Marked(HTMLParser):
    """The text of an element (by id) and, inside it, the text under <mark class=KIND>."""

    def __init__(self, element_id: str, kind: str) -> None:
        super().__init__()
        self.element_id, self.kind = element_id, kind
        self.depth = 0  # open tags inside the element (0: outside it)
        self.marks: list[bool] = []  # for each open <mark>: is it one of KIND?
        self.text: list[str] = []
        self.marked: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth:
            self.depth += 1
        elif dict(attrs).get("id") == self.element_id:
            self.depth = 1
        if self.depth and tag == "mark":
            self.marks.append(self.kind in (dict(attrs).get("class") or "").split())

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1
            if tag == "mark" and self.marks:
                self.marks.pop()

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.text.append(data)
            if any(self.marks):
                self.marked.append(data)


def _marked(html: str, element_id: str, kind: str = "evidence") -> tuple[str, str]:
    """(the element's text, the text it highlights as KIND), entities decoded."""
    parser = _Marked(element_id, kind)
    parser.feed(html)
    return " ".join("".join(parser.text).split()), "".join(parser.marked)


def _item_page(client: TestClient, item_id: str) -> str:
    response = client.get(f"/item/{item_id}")
    assert response.status_code == 200, response.text[:300]
    return response.text


def _same_paragraph(text: str, item: dict[str, Any]) -> bool:
    """The supporting words lie in the item's paragraph (so the app can highlight them)."""
    where = item["attribution"]["mention"]
    lo, hi = min(item["start"], where["start"]), max(item["end"], where["end"])
    return "\n" not in text[lo:hi]


@pytest.fixture
def real_store(summit_run: Any, tmp_path: Path) -> Path:
    """A copy of a real run's database (the app migrates and caches; the run stays as is)."""
    db = tmp_path / "briefing.sqlite"
    shutil.copy(summit_run.out_dir / "briefing.sqlite", db)
    return db


@pytest.mark.parametrize(("key", "ui_lang"), [("claims", "en"), ("pledges", "fr")])
def test_review_item_shows_the_attribution_of_a_real_run(
    real_store: Path, summit_records: list[dict[str, Any]], key: str, ui_lang: str
) -> None:
    store = Store(real_store)
    texts = {rec["doc_id"]: store.document(rec["doc_id"]).text for rec in summit_records}
    store.close()
    candidates = [
        (rec, item)
        for rec in summit_records
        for item in rec[key]
        if item.get("is_pledge", True)
        and (item.get("speaker_id") or item.get("actor_id"))
        and item["attribution"]
        and item["attribution"]["mention"]
        and _same_paragraph(texts[rec["doc_id"]], item)
    ]
    assert candidates, f"the sample run attributes some {key} from words in their paragraph"
    rec, item = min(candidates, key=lambda c: c[1]["id"])
    att = item["attribution"]
    t = Translator(ui_lang)
    with TestClient(create_app(real_store, ui_lang), base_url="http://127.0.0.1") as client:
        html = _item_page(client, item["id"])
    why, words = _marked(html, "attribution")
    label = t.rule(att["rule"])
    assert label != att["rule"], "every rule the extractors use has plain words"
    assert label in why and t.score(att["confidence"]) in why
    assert words == att["mention"]["text"]
    # The same words are highlighted where they stand in the item's paragraph.
    paragraph, highlighted = _marked(html, "paragraph")
    assert highlighted == att["mention"]["text"]
    assert att["mention"]["text"] in paragraph


def test_review_every_rule_of_a_real_run_has_plain_words(
    summit_records: list[dict[str, Any]],
) -> None:
    rules = {
        item["attribution"]["rule"]
        for rec in summit_records
        for item in rec["claims"] + rec["pledges"]
        if item.get("attribution")
    }
    assert {"incise_after", "verb_subject", "subject"} <= rules, rules
    for lang in UI_LANGS:
        t = Translator(lang)
        for rule in rules:
            base, *steps = rule.split("+")
            missing = [
                k for k in [f"rule_{base}"] + [f"via_{s}" for s in steps] if k not in t.table
            ]
            assert not missing, (lang, rule, missing)


@pytest.mark.parametrize(
    ("rule", "lang", "expected"),
    [
        ("incise_after+pronoun", "en", "speech verb after the quote, pronoun resolved"),
        ("subject", "fr", "sujet du verbe d'engagement"),
        ("brand_new_pass", "en", "brand_new_pass"),
        ("verb_subject+new_step", "fr", "sujet du verbe de parole, new_step"),
    ],
)
def test_present_rule_in_plain_words_falls_back_to_its_name(
    rule: str, lang: str, expected: str
) -> None:
    assert Translator(lang).rule(rule) == expected


@pytest.mark.parametrize(("value", "lang", "expected"), [(0.8, "en", "0.80"), (0.6, "fr", "0,60")])
def test_present_score_has_two_decimals(value: float, lang: str, expected: str) -> None:
    assert Translator(lang).score(value) == expected


@pytest.fixture
def xss_attributed(tmp_path: Path, make_store, xss_speaker: str):
    """The synthetic store, its HTML-laden document re-saved with attributions: the claim's
    supporting words are its `<script>` payload under a rule name holding markup, the
    pledge's are the speaker's name with its quotes (the subject of "will invest")."""
    store, records = make_store(tmp_path / "briefing.sqlite")
    rec = records[2]
    text = store.document(rec["doc_id"]).text
    claim, pledge = rec["claims"][0], rec["pledges"][0]
    payload = "<script>alert(1)</script>"
    p_start = text.index(payload)
    claim["attribution"] = {
        "rule": "incise_after+<b>x</b>",
        "mention": {"start": p_start, "end": p_start + len(payload), "text": payload},
        "confidence": 0.8,
    }
    s_start = text.rindex(xss_speaker)
    pledge["attribution"] = {
        "rule": "subject",
        "mention": {"start": s_start, "end": s_start + len(xss_speaker), "text": xss_speaker},
        "confidence": 0.85,
    }
    run_id = store.start_run("test", "cfg", [str(tmp_path / "synthetic-corpus")])
    store.save_document(rec, f"/corpus/{rec['source']}", text, "k2", run_id)
    store.finish_run(run_id, {"processed": 1})
    client = TestClient(create_app(store.path, "en", "tester"), base_url="http://127.0.0.1")
    yield client, store, claim, pledge
    client.close()


def test_review_attribution_is_escaped(xss_attributed, xss_speaker: str) -> None:
    client, _, claim, pledge = xss_attributed
    html = _item_page(client, claim["id"])
    assert "<script>" not in html and "<b>x</b>" not in html
    why, words = _marked(html, "attribution")
    assert words == "<script>alert(1)</script>"  # shown as text, entities decoded
    assert "speech verb after the quote, <b>x</b>" in why  # an unknown step: its raw name
    assert "0.80" in why
    _, highlighted = _marked(html, "paragraph")
    assert highlighted == "<script>alert(1)</script>"
    html = _item_page(client, pledge["id"])
    assert xss_speaker not in html  # raw quotes never reach the markup
    why, words = _marked(html, "attribution")
    assert words == xss_speaker and "subject of the pledge verb" in why and "0.85" in why
    _, highlighted = _marked(html, "paragraph")
    assert highlighted == xss_speaker


def test_review_list_shows_rule_and_confidence(xss_attributed) -> None:
    client, _, claim, pledge = xss_attributed
    html = client.get("/list?status=").text
    row, _ = _marked(html, "list")
    assert "subject of the pledge verb · 0.85" in row
    assert "speech verb after the quote, <b>x</b> · 0.80" in row
    assert "<b>x</b>" not in html


def test_review_attribution_of_an_edited_speaker_is_the_machines(xss_attributed) -> None:
    client, store, claim, _ = xss_attributed
    assert "the machine's choice" not in _item_page(client, claim["id"])
    record_decision(store, claim["id"], "edit", "ana", edits={"speaker_name": "Someone Else"})
    why, _ = _marked(_item_page(client, claim["id"]), "attribution")
    assert "the machine's choice, before the edit" in why
