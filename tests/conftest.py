"""Shared fixtures: the real models are loaded once per test session (the French one ~5 s),
and synthetic stores for the report, review, export and browser tests (no spaCy needed).

The synthetic documents are written here (not copied from news); their records follow the
JSONL schema, with offsets found in the text, so the same code paths as a real run are
exercised.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.config import Config, load_config
from pipeline.records import item_id
from pipeline.store import Store

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"  # fixtures/, data/, baselines/, artifacts/
SUMMIT = ROOT / "corpora" / "ai-action-summit"
DEVSET = ROOT / "corpora" / "devset"
HELDOUT = ROOT / "corpora" / "heldout"  # written after the rules: scores of unseen texts
HELDOUT2 = ROOT / "corpora" / "heldout2"  # a second such set, written a session later
HARDSTYLES = ROOT / "corpora" / "hardstyles"  # invented texts in real news's hard styles
SEED = SUMMIT / "000_e93bffb5ef5bafd4.txt"


REALDEV = ROOT.parent / "shared" / "realdev"  # third-party news: never copied into the repo
SKIP_BROWSER = os.environ.get("BRIEFING_SKIP_BROWSER", "") not in ("", "0")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip, with the reason, the tests whose outside needs are absent or turned off: the
    browser tests under `make test SKIP_BROWSER=1`, the realdev tests without the folder."""
    browser = pytest.mark.skip(
        reason="SKIP_BROWSER=1: the browser tests need /usr/bin/chromium (Debian package chromium)"
    )
    realdev = pytest.mark.skip(reason=f"needs the third-party news texts in {REALDEV}")
    for item in items:
        if SKIP_BROWSER and "browser" in item.keywords:
            item.add_marker(browser)
        if "realdev" in item.keywords and not REALDEV.is_dir():
            item.add_marker(realdev)


@pytest.fixture(scope="session")
def config() -> Config:
    return load_config()


@pytest.fixture(scope="session")
def nlp_fr(config: Config):
    from pipeline.nlp import get_pipeline

    return get_pipeline("fr", config)


@pytest.fixture(scope="session")
def nlp_en(config: Config):
    from pipeline.nlp import get_pipeline

    return get_pipeline("en", config)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture(scope="session")
def summit_run(tmp_path_factory: pytest.TempPathFactory, config: Config) -> Any:
    """One real run over the sample corpus, shared by the tests that read its outputs."""
    from pipeline.runner import run_corpus

    out = tmp_path_factory.mktemp("summit-out")
    corpus = tmp_path_factory.mktemp("summit-in") / "ai-action-summit"
    shutil.copytree(SUMMIT, corpus)
    return run_corpus([corpus], config, out)


@pytest.fixture(scope="session")
def summit_records(summit_run: Any) -> list[dict[str, Any]]:
    return read_jsonl(summit_run.out_dir / "extractions.jsonl")


# synthetic stores ---------------------------------------------------------------------
XSS_SPEAKER = 'Jean "Le Sage" O\'Neil'
XSS_TEXT = (
    "Paris summit notes.\n\n"
    f'"We refuse <script>alert(1)</script> in our code," said {XSS_SPEAKER} on Monday. '
    "He added that <img src=x onerror=alert(1)> was a test image.\n\n"
    f"{XSS_SPEAKER} will invest €2 billion in safe software."
)
FR_TEXT = (
    "Sommet de Paris.\n\n"
    "Emmanuel Macron a annoncé 109 milliards d'euros d'investissements privés dans l'IA. "
    "« Nous allons accélérer sur les centres de données », a déclaré Emmanuel Macron.\n\n"
    "Ursula von der Leyen a promis de mobiliser 200 milliards d'euros avec InvestAI. "
    "« L'Europe est ouverte aux affaires », a affirmé Ursula von der Leyen."
)
EN_TEXT = (
    "AI summit wire.\n\n"
    "The United Arab Emirates pledged between €30 billion and €50 billion for a data centre "
    "campus in France. The global AI market is worth $200 billion, analysts said.\n\n"
    '"This is a historic moment for open models," said Martin Tisné of Current AI, which '
    "raised $400 million."
)


def _find(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    start = text.index(needle, after)
    return start, start + len(needle)


class DocBuilder:
    """Builds one record: actors by name, pledges and claims located by their surface text."""

    def __init__(self, source: str, text: str, lang: str, date: str | None, title: str) -> None:
        self.text = text
        self.sha = hashlib.sha256(text.encode()).hexdigest()
        self.seen: dict[tuple[str, str], int] = {}
        self.rec: dict[str, Any] = {
            "doc_id": hashlib.sha256(source.encode()).hexdigest()[:16],
            "source": source,
            "sha256": self.sha,
            "title": title,
            "date": date,
            "url": None,
            "outlet": None,
            "speaker": None,
            "event": None,
            "lang": lang,
            "lang_score": 0.99,
            "mixed": False,
            "status": "ok",
            "reason": None,
            "actors": [],
            "pledges": [],
            "claims": [],
        }

    def _id(self, kind: str, text: str) -> str:
        key = (kind, " ".join(text.split()).casefold())
        self.seen[key] = self.seen.get(key, 0) + 1
        return item_id(self.sha, kind, text, self.seen[key])

    def actor(self, name: str, kind: str = "PERSON") -> str:
        mentions, pos = [], 0
        while (k := self.text.find(name, pos)) != -1:
            mentions.append({"start": k, "end": k + len(name), "text": name})
            pos = k + len(name)
        aid = "a" + hashlib.sha256(name.encode()).hexdigest()[:8]
        self.rec["actors"].append(
            {"id": aid, "name": name, "type": kind, "aliases": [], "mentions": mentions}
        )
        return aid

    def pledge(self, surface: str, amount: float, currency: str, who: str | None, **kw: Any) -> str:
        start, end = _find(self.text, surface)
        actor = next((a for a in self.rec["actors"] if a["name"] == who), None)
        pid = self._id("pledge", surface)
        eur = amount if currency == "EUR" else amount * 0.92
        self.rec["pledges"].append(
            {
                "id": pid,
                "text": surface,
                "start": start,
                "end": end,
                "amount": amount,
                "amount_max": kw.get("amount_max"),
                "currency": currency,
                "qualifier": kw.get("qualifier", "exact"),
                "is_pledge": kw.get("is_pledge", True),
                "actor_id": actor["id"] if actor else None,
                "actor_name": who,
                "sentence": self.text[self.text.rfind(".", 0, start) + 1 : end].strip(),
                "amount_eur": eur,
                "rate_date": self.rec["date"],
            }
        )
        return pid

    def claim(self, surface: str, who: str | None, checkworthy: bool = False) -> str:
        start, end = _find(self.text, surface)
        actor = next((a for a in self.rec["actors"] if a["name"] == who), None)
        cid = self._id("claim", surface)
        self.rec["claims"].append(
            {
                "id": cid,
                "kind": "direct",
                "text": surface,
                "start": start,
                "end": end,
                "speaker_id": actor["id"] if actor else None,
                "speaker_name": who,
                "cue": "said",
                "checkworthy": checkworthy,
            }
        )
        return cid


def sample_records() -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Three documents (fr, en, one with HTML payloads); returns (records, texts by doc_id)."""
    fr = DocBuilder("001_sommet.txt", FR_TEXT, "fr", "2025-02-10", "Sommet de Paris")
    fr.actor("Emmanuel Macron")
    fr.actor("Ursula von der Leyen")
    fr.pledge("109 milliards d'euros", 109e9, "EUR", "Emmanuel Macron")
    fr.pledge("200 milliards d'euros", 200e9, "EUR", "Ursula von der Leyen")
    fr.claim("Nous allons accélérer sur les centres de données", "Emmanuel Macron", True)
    fr.claim("L'Europe est ouverte aux affaires", "Ursula von der Leyen")
    en = DocBuilder("002_wire.txt", EN_TEXT, "en", "2025-02-11", "AI summit wire")
    en.actor("United Arab Emirates", "GPE")
    en.actor("Martin Tisné")
    en.pledge(
        "between €30 billion and €50 billion",
        30e9,
        "EUR",
        "United Arab Emirates",
        amount_max=50e9,
        qualifier="range",
    )
    en.pledge("$200 billion", 200e9, "USD", None, is_pledge=False)
    en.pledge("$400 million", 400e6, "USD", "Martin Tisné")
    en.claim("This is a historic moment for open models", "Martin Tisné")
    xss = DocBuilder(
        "003_<script>x.txt", XSS_TEXT, "en", "2025-02-12", "<script>alert(1)</script> notes"
    )
    xss.actor(XSS_SPEAKER)
    xss.pledge("€2 billion", 2e9, "EUR", XSS_SPEAKER)
    xss.claim("We refuse <script>alert(1)</script> in our code", XSS_SPEAKER, True)
    builders = [fr, en, xss]
    return [b.rec for b in builders], {b.rec["doc_id"]: b.text for b in builders}


def bulk_record(n: int) -> tuple[dict[str, Any], str]:
    """One document with `n` quoted claims (for the concurrency and pagination tests)."""
    lines = [f'"Claim number {k} is about budgets," said Speaker {k % 7}.' for k in range(n)]
    doc = DocBuilder("900_bulk.txt", "\n\n".join(lines), "en", "2025-02-13", "Bulk")
    for k in range(7):
        doc.actor(f"Speaker {k}")
    for k in range(n):
        doc.claim(f"Claim number {k} is about budgets", f"Speaker {k % 7}")
    return doc.rec, doc.text


def synthetic_store(path: Path, bulk: int = 0) -> tuple[Store, list[dict[str, Any]]]:
    """A store holding the sample documents (and a bulk document when `bulk` > 0)."""
    records, texts = sample_records()
    if bulk:
        rec, text = bulk_record(bulk)
        records.append(rec)
        texts[rec["doc_id"]] = text
    store = Store(path)
    run_id = store.start_run("test", "cfg", [str(path.parent / "synthetic-corpus")])
    for rec in records:
        store.save_document(rec, f"/corpus/{rec['source']}", texts[rec["doc_id"]], "k", run_id)
    store.finish_run(run_id, {"processed": len(records)})
    return store, records


StoreFactory = Callable[..., tuple[Store, list[dict[str, Any]]]]


@pytest.fixture
def make_store() -> Iterator[StoreFactory]:
    """`make_store(path, bulk=0)`: a synthetic store at `path` and its records; every store
    made is closed after the test."""
    made: list[Store] = []

    def make(path: Path, bulk: int = 0) -> tuple[Store, list[dict[str, Any]]]:
        store, records = synthetic_store(path, bulk)
        made.append(store)
        return store, records

    yield make
    for store in made:
        store.close()


@pytest.fixture
def xss_speaker() -> str:
    """The sample speaker whose name holds quotes and an apostrophe (escaping tests)."""
    return XSS_SPEAKER
