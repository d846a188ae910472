"""Short items: one-line headlines and briefs keep their language; other languages are skipped.

The data under tests/data was written for these tests (no line comes from an article):
headlines_fr.txt and headlines_en.txt hold wire-style headlines and briefs of 6 to 12 words
(money, names, acronyms, numbers; policy, economy, climate, defence, tech, health, sport);
sentences_de/es/it/nl.txt hold headline-length and longer sentences in those languages. The
last 40 headlines of each language and the last 15 sentences of each other language were
written after the thresholds in pipeline/lang.py were set, as a held-out check.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from pipeline.lang import (
    EMPTY_LEXICON,
    default_lexicons,
    detect_language,
    model_lexicon,
    ngram_scores,
    paragraph_language,
)

DATA = Path(__file__).parent / "data"


def _lines(name: str) -> list[str]:
    return [ln for ln in (DATA / name).read_text(encoding="utf-8").splitlines() if ln.strip()]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_lang_short_headlines_keep_their_language(lang: str) -> None:
    lines = _lines(f"headlines_{lang}.txt")
    assert len(lines) >= 200
    got = Counter(detect_language(line).lang for line in lines)
    assert got[lang] / len(lines) >= 0.99, got


@pytest.mark.parametrize("lang", ["de", "es", "it", "nl"])
def test_lang_short_other_languages_skipped(lang: str) -> None:
    lines = _lines(f"sentences_{lang}.txt")
    assert len(lines) >= 50
    got = [detect_language(line).lang for line in lines]
    kept = [line for line, g in zip(lines, got, strict=True) if g in ("fr", "en", None)]
    assert 1 - len(kept) / len(lines) >= 0.95, kept


@pytest.mark.parametrize(
    "text,lang",
    [
        ("Ottawa versera 6 milliards.", "fr"),  # langdetect alone: Swedish
        ("EU unveils €200bn AI plan.", "en"),  # langdetect alone: Catalan
        ("Le Real Madrid s'impose face au Bayern Munich.", "fr"),  # English-looking n-grams
        ("Die Linke surges in polls ahead of German election.", "en"),
        ("Madrid aprueba el plan de vivienda para jóvenes.", "es"),
        ("Berlin kündigt neue Schulden für die Bundeswehr an.", "de"),
    ],
)
def test_lang_short_paragraph_language(text: str, lang: str) -> None:
    assert paragraph_language(text) == lang


def test_lang_short_scores_are_deterministic_and_need_letters() -> None:
    text = "Canberra signs A$368bn submarine deal with Washington and London."
    assert ngram_scores(text) == ngram_scores(text)
    assert ngram_scores("2025 — 3,5 % / 12 000 €") == {}
    assert paragraph_language("2025 — 3,5 %") is None


def test_lang_short_headline_above_a_foreign_article_is_not_counted_alone() -> None:
    """A French headline over German paragraphs: the document is German, skipped."""
    text = "Berlin : le budget adopté.\n" + "\n".join(_lines("sentences_de.txt")[-3:])
    assert detect_language(text).lang == "de"


@pytest.mark.parametrize(
    "lang,word,known",
    [
        ("fr", "versera", True),  # a future tense: the lookup table's forms
        ("fr", "milliards", True),
        ("fr", "unveils", False),
        ("en", "unveils", True),  # a suffix rule on a lemma
        ("en", "versera", False),
        ("fr", "gaswinning", False),
        ("en", "gaswinning", False),
    ],
)
def test_lang_short_model_lexicons(lang: str, word: str, known: bool) -> None:
    assert default_lexicons()[lang].knows(word) is known


def test_lang_short_missing_model_gives_an_empty_lexicon() -> None:
    assert model_lexicon("no_such_model_package") is EMPTY_LEXICON
