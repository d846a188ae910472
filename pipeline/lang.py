"""Language of a document: language per paragraph, majority by characters.

langdetect samples at random; the seed makes it deterministic (same input, same output).
It costs about 11 ms per paragraph, as much as a third of spaCy's time on a news article,
so a pre-filter settles the plain cases first: a paragraph with several different French-only
(or English-only) function words, enough function words overall, and almost none of the
other language's, is counted in that language (data/lang/function_words.json). On the dev
sets, the sample corpus, the bad-input fixtures and a benchmark corpus it agreed with
langdetect on all 1,213 paragraphs it settled and left 163 (12 %), headlines and other
languages among them, to langdetect; it settles none of a set of Catalan, Italian, Polish,
Portuguese, Dutch, Spanish and German paragraphs (tests/test_config_lang.py).
Front matter `lang` overrides detection. A document whose second language holds a large
share of the characters is flagged `mixed`.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException

from pipeline import errors
from pipeline.config import Config
from pipeline.ingest.normalise import paragraphs
from pipeline.ingest.walk import SourceDoc

_SAMPLE_CHARS = 2000  # per paragraph: enough for a stable guess, bounded cost on huge lines
_MAX_PARAGRAPHS = 60  # a long document's language is settled well before this
_WORDS = re.compile(r"[^\W\d_]+")
# Pre-filter thresholds: at least _MIN_WORDS words; at least _MIN_DISTINCT different
# language-only function words, making at least _MIN_ONLY of the words; function words (only
# and shared) making at least _MIN_SHARE of them; and at most _MAX_OTHER of the other
# language's only-words per own only-word.
_MIN_WORDS, _MIN_DISTINCT, _MIN_ONLY, _MIN_SHARE, _MAX_OTHER = 6, 2, 0.08, 0.2, 0.2


@dataclass(frozen=True)
class LangResult:
    """The document's language, the share of characters in it, and the mixed flag."""

    lang: str | None
    score: float
    mixed: bool
    shares: dict[str, float]


@lru_cache(maxsize=1)
def _function_words() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    path = resources.files("pipeline.data").joinpath("lang/function_words.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    only = {lang: frozenset(words) for lang, words in data["only"].items()}
    shared = {lang: frozenset(words) for lang, words in data["shared"].items()}
    return only, shared


def plain_language(paragraph: str) -> str | None:
    """The paragraph's language when its function words leave no doubt, else None."""
    words = _WORDS.findall(paragraph.lower())
    if len(words) < _MIN_WORDS:
        return None
    only, shared = _function_words()
    own = {lang: sum(w in vocab for w in words) for lang, vocab in only.items()}
    distinct = set(words)
    for lang, vocab in shared.items():
        others = sum(n for other, n in own.items() if other != lang)
        if (
            len(distinct & only[lang]) >= _MIN_DISTINCT
            and own[lang] >= _MIN_ONLY * len(words)
            and own[lang] + sum(w in vocab for w in words) >= _MIN_SHARE * len(words)
            and others <= _MAX_OTHER * own[lang]
        ):
            return lang
    return None


def detect_language(
    text: str, seed: int = 0, min_chars: int = 80, mixed_share: float = 0.2
) -> LangResult:
    """Majority language by characters over the document's paragraphs."""
    DetectorFactory.seed = seed
    counts: Counter[str] = Counter()
    spans = paragraphs(text)
    usable = [(s, e) for s, e in spans if e - s >= min_chars] or spans
    for start, end in usable[:_MAX_PARAGRAPHS]:
        chunk = text[start : min(end, start + _SAMPLE_CHARS)]
        lang = plain_language(chunk)
        if lang is None:
            try:
                lang = detect_langs(chunk)[0].lang
            except LangDetectException:
                continue
        counts[lang] += end - start
    total = sum(counts.values())
    if not total:
        return LangResult(None, 0.0, False, {})
    shares = {lang: round(n / total, 4) for lang, n in sorted(counts.items())}
    ranked = sorted(shares.items(), key=lambda kv: (-kv[1], kv[0]))
    lang, share = ranked[0]
    mixed = len(ranked) > 1 and ranked[1][1] >= mixed_share
    return LangResult(lang, share, mixed, shares)


def language_of(src: SourceDoc, config: Config) -> LangResult:
    """The document's detected language, unless its metadata sets it."""
    lang_cfg = config["language"]
    forced = src.meta.get("lang")
    detected = detect_language(
        src.text, lang_cfg["seed"], lang_cfg["min_paragraph_chars"], lang_cfg["mixed_share"]
    )
    if forced:
        return LangResult(str(forced).lower()[:2], 1.0, detected.mixed, detected.shares)
    return detected


def check_language(src: SourceDoc, lang: LangResult, config: Config) -> bool:
    """True if the extractors handle `lang`; otherwise mark `src` skipped with the reason."""
    if lang.lang is None:
        src.status = "skipped"
        src.reason = f"[{errors.UNDETECTED_LANG}] language could not be detected"
    elif lang.lang not in config["language"]["supported"]:
        src.status = "skipped"
        src.reason = f"[{errors.UNSUPPORTED_LANG}] language '{lang.lang}' is not supported"
    return src.status == "ok"
