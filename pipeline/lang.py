"""Language of a document: langdetect per paragraph, majority by characters.

langdetect samples at random; the seed makes it deterministic (same input, same output).
Front matter `lang` overrides detection. A document whose second language holds a large
share of the characters is flagged `mixed`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException

from pipeline.ingest.normalise import paragraphs

_SAMPLE_CHARS = 2000  # per paragraph: enough for a stable guess, bounded cost on huge lines
_MAX_PARAGRAPHS = 60  # a long document's language is settled well before this


@dataclass(frozen=True)
class LangResult:
    """The document's language, the share of characters in it, and the mixed flag."""

    lang: str | None
    score: float
    mixed: bool
    shares: dict[str, float]


def detect_language(
    text: str, seed: int = 0, min_chars: int = 30, mixed_share: float = 0.2
) -> LangResult:
    """Majority language by characters over the document's paragraphs."""
    DetectorFactory.seed = seed
    counts: Counter[str] = Counter()
    spans = paragraphs(text)
    usable = [(s, e) for s, e in spans if e - s >= min_chars] or spans
    for start, end in usable[:_MAX_PARAGRAPHS]:
        chunk = text[start : min(end, start + _SAMPLE_CHARS)]
        try:
            best = detect_langs(chunk)[0]
        except LangDetectException:
            continue
        counts[best.lang] += end - start
    total = sum(counts.values())
    if not total:
        return LangResult(None, 0.0, False, {})
    shares = {lang: round(n / total, 4) for lang, n in sorted(counts.items())}
    ranked = sorted(shares.items(), key=lambda kv: (-kv[1], kv[0]))
    lang, share = ranked[0]
    mixed = len(ranked) > 1 and ranked[1][1] >= mixed_share
    return LangResult(lang, share, mixed, shares)
