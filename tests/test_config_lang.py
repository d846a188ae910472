"""Configuration merging and language detection."""

from __future__ import annotations

from pathlib import Path

import pytest
from langdetect import DetectorFactory, detect_langs

from pipeline.config import load_config
from pipeline.errors import ConfigError
from pipeline.ingest.normalise import paragraphs
from pipeline.lang import detect_language, plain_language
from tests.conftest import ROOT


def test_config_user_file_overrides_only_its_keys(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[models]\nfr = "fr_core_news_sm"\n')
    cfg = load_config(path)
    assert cfg["models"]["fr"] == "fr_core_news_sm"
    assert cfg["models"]["en"] == load_config()["models"]["en"]
    assert cfg.hash != load_config().hash


@pytest.mark.parametrize(
    "text,code",
    [("[nope]\nx = 1\n", "E010"), ("[nlp]\nbatch_size = 'x'\n", "E012"), ("[nlp\n", "E014")],
)
def test_config_errors_are_coded(tmp_path: Path, text: str, code: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=code):
        load_config(path)


@pytest.mark.parametrize(
    "text,lang",
    [
        ("La Commission européenne a présenté lundi un plan d'investissement ambitieux.", "fr"),
        ("The European Commission unveiled an ambitious investment plan on Monday.", "en"),
        ("Die Europäische Kommission hat am Montag einen Investitionsplan vorgestellt.", "de"),
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text).lang == lang


def test_detect_language_flags_mixed_and_is_deterministic() -> None:
    fr = "Le gouvernement français a annoncé un nouveau plan pour l'intelligence artificielle."
    en = "The British government announced a new plan for artificial intelligence research."
    text = "\n".join([fr, en, fr, en])
    first = detect_language(text)
    assert first.mixed and set(first.shares) == {"fr", "en"}
    assert all(detect_language(text) == first for _ in range(3))


FOREIGN = Path(__file__).parent / "fixtures" / "foreign_paragraphs.txt"


def test_prefilter_leaves_other_languages_to_langdetect() -> None:
    """Catalan, Italian, Polish, Portuguese, Dutch, Spanish and German paragraphs share
    function words with French or English ("les", "qui", "to", "on", "in", "was"): the
    pre-filter must not settle them."""
    lines = [ln for ln in FOREIGN.read_text(encoding="utf-8").splitlines() if ln.strip()]
    assert len(lines) >= 10
    assert [plain_language(ln) for ln in lines] == [None] * len(lines)
    assert {detect_language(ln).lang for ln in lines} >= {"ca", "it", "pl", "pt", "nl", "de"}


def test_prefilter_agrees_with_langdetect_on_the_corpora() -> None:
    """Every paragraph the pre-filter settles gets langdetect's answer, and it settles most."""
    settled = agree = total = 0
    for path in sorted((ROOT / "corpora").rglob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for start, end in paragraphs(text):
            if end - start < 30:
                continue
            total += 1
            chunk = text[start:end]
            plain = plain_language(chunk)
            if plain is None:
                continue
            settled += 1
            DetectorFactory.seed = 0
            # langdetect's profiles are of ordinary case: an all-capitals headline
            # ("NORDALIS : 3 MILLIARDS D'EUROS …") is read lower-cased, as it would be said
            sample = chunk.lower() if chunk.isupper() else chunk
            agree += detect_langs(sample)[0].lang == plain
    assert total > 300 and agree == settled and settled > 0.75 * total
