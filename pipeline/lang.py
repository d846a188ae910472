"""Language of a document: language per paragraph, majority by characters.

A pre-filter settles the plain cases first: a paragraph with several different French-only
(or English-only) function words, enough function words overall, and almost none of the
other language's, is counted in that language (data/lang/function_words.json). On the dev
sets, the sample corpus, the bad-input fixtures and a benchmark corpus it agreed with
langdetect on all 1,213 paragraphs it settled; it settles none of a set of Catalan, Italian,
Polish, Portuguese, Dutch, Spanish and German paragraphs (tests/test_config_lang.py).

The other paragraphs, headlines and briefs among them, are scored with langdetect's
character n-gram profiles, every n-gram counted (langdetect itself samples a few at random,
and read "Ottawa versera 6 milliards." as Swedish). French versus English is decided first:
those two scores, plus the words only one of the two languages knows, by its function words
and its spaCy model's lexicon (`Lexicon`: the lemmatizer's tables, read without loading the
model). The paragraph goes to another language only on clear evidence: that language's
profile wins by `_CLEAR_NATS`, or wins at all while the paragraph is mostly not French (or
English) words or has the other language's frequent words (data/lang/other_words.json).
Deterministic (no sampling); about 3 ms a headline, plus about 1 s once to read the lexicons.
On tests/data (written for tests/test_lang_short.py): 272 of 272 French and 275 of 275
English headlines kept in their language; 325 of 328 German, Spanish, Italian and Dutch
sentences (99 %) skipped. On the project's corpora no document changed language.
Front matter `lang` overrides detection. A document whose second language holds a large
share of the characters is flagged `mixed`.
"""

from __future__ import annotations

import importlib.util
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.utils.ngram import NGram
from srsly import msgpack_loads

from pipeline.config import Config
from pipeline.errors import Errors
from pipeline.ingest.normalise import paragraphs
from pipeline.ingest.walk import SourceDoc
from pipeline.rules_data import load_rules

_SAMPLE_CHARS = 2000  # per paragraph: enough for a stable guess, bounded cost on huge lines
_MAX_PARAGRAPHS = 60  # a long document's language is settled well before this
_WORDS = re.compile(r"[^\W\d_]+")
# Pre-filter thresholds: at least _MIN_WORDS words; at least _MIN_DISTINCT different
# language-only function words, making at least _MIN_ONLY of the words; function words (only
# and shared) making at least _MIN_SHARE of them; and at most _MAX_OTHER of the other
# language's only-words per own only-word.
_MIN_WORDS, _MIN_DISTINCT, _MIN_ONLY, _MIN_SHARE, _MAX_OTHER = 6, 2, 0.08, 0.2, 0.2
# langdetect's smoothing of an n-gram's probability (alpha 0.5 / BASE_FREQ 10,000).
_SMOOTHING = 0.5 / 10_000
# Log-likelihood (nats) that a word only French (or only English) knows, by its function
# words and its model's lexicon, adds to that language when the two are weighed: on a
# headline, character n-grams mislead ("Ottawa versera 6 milliards." scores 17 nats more
# English, "unveils" looks French); the words decide, the n-grams break ties.
_WORD_NATS = 20.0
# Another language whose profile beats French and English by this much is clear evidence
# even without one of its frequent words. English headlines made of names reach 19 nats
# ("Siemens Energy seeks €15bn state guarantee." scores as Afrikaans); short Dutch
# sentences without a Dutch-only word lie between 12 and 20.
_CLEAR_NATS = 25.0
# A paragraph whose words are less than this share French (or English) words, by the models'
# lexicons (`Lexicon`), is not really in that language: a wider n-gram profile wins it.
# Measured on tests/data: French headlines 84 % known words, English ones 89 %; German,
# Spanish, Italian and Dutch sentences at most 25 % (mostly names and shared words).
_MIN_KNOWN = 0.4
# One of the other language's frequent words counts only when the paragraph is not mostly
# French or English words ("Los Alamos lab to expand plutonium pit production.").
_MAX_KNOWN = 0.75
_LEXICON_WORDS = 40  # words of a paragraph looked up: enough evidence, bounded cost
_SENTENCE_START = ("", ".", "!", "?", ":", ";", "«", '"', "“", "—", "–", "-")


@dataclass(frozen=True)
class LangResult:
    """The document's language, the share of characters in it, and the mixed flag."""

    lang: str | None
    score: float
    mixed: bool
    shares: dict[str, float]


@lru_cache(maxsize=1)
def _function_words() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    data = load_rules("lang/function_words.json")
    only = {lang: frozenset(words) for lang, words in data["only"].items()}
    shared = {lang: frozenset(words) for lang, words in data["shared"].items()}
    return only, shared


@lru_cache(maxsize=1)
def _other_words() -> dict[str, frozenset[str]]:
    data = load_rules("lang/other_words.json")
    return {lang: frozenset(words) for lang, words in data.items() if not lang.startswith("_")}


@lru_cache(maxsize=1)
def _profiles() -> DetectorFactory:
    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    return factory


@cache
def _log_probs(gram: str) -> np.ndarray:
    """log P(gram | language) for every profile, smoothed as langdetect does."""
    return np.log(_SMOOTHING + np.asarray(_profiles().word_lang_prob_map[gram]))


def _member(table: np.ndarray, value: int) -> bool:
    i = int(np.searchsorted(table, value))
    return i < len(table) and int(table[i]) == value


@dataclass(frozen=True, eq=False)
class Lexicon:
    """The words a spaCy model's lemmatizer knows: its lemmas and exceptions, the forms of its
    lookup table, and its suffix rules. Read once per process (about 1 s, 20 MB: sorted
    hashes, not strings); no model is loaded."""

    words: np.ndarray  # sorted hash() of the lemmas and exceptions (this process's hashes)
    forms: np.ndarray  # sorted spaCy hashes of the lookup table's forms (uint64)
    rules: tuple[tuple[str, str], ...]  # (suffix, replacement) giving a lemma

    def knows(self, word: str) -> bool:
        """True if `word` (lower case) is a form of a word of the language."""
        # The lookup table is keyed by spaCy's string hashes (imported here: only when needed).
        from spacy.strings import hash_string  # type: ignore[attr-defined]

        if _member(self.words, hash(word)) or _member(self.forms, hash_string(word)):
            return True
        return any(
            word.endswith(old) and _member(self.words, hash(word[: -len(old)] + new))
            for old, new in self.rules
        )


EMPTY_LEXICON = Lexicon(np.empty(0, np.int64), np.empty(0, np.uint64), ())


@lru_cache(maxsize=4)
def model_lexicon(package: str) -> Lexicon:
    """The lexicon of an installed spaCy model package; empty if it is not installed."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return EMPTY_LEXICON
    folder = Path(next(iter(spec.submodule_search_locations)))
    tables = sorted(folder.glob("*/lemmatizer/lookups/lookups.bin"))
    if not tables:
        return EMPTY_LEXICON
    data = msgpack_loads(tables[0].read_bytes())
    words: set[str] = set()
    for table in ("lemma_index", "lemma_exc"):
        for part in data.get(table, {}).values():
            words.update(part)
    rules = {(old, new) for part in data.get("lemma_rules", {}).values() for old, new in part}
    return Lexicon(
        np.unique(np.fromiter((hash(w) for w in words), np.int64, len(words))),
        np.unique(np.fromiter(data.get("lemma_lookup", {}), np.uint64)),
        tuple(sorted((old, new) for old, new in rules if old)),
    )


def ngram_scores(text: str) -> dict[str, float]:
    """Log-likelihood of `text` under each of langdetect's language profiles, over all its
    1- to 3-grams (words in capitals, acronyms mostly, left out as langdetect does); empty
    when the text has no n-gram the profiles know."""
    factory = _profiles()
    detector = factory.create()
    detector.append(text)
    detector.cleaning_text()  # URLs, e-mail addresses, Latin letters inside another script
    known = factory.word_lang_prob_map
    rows = []
    ngram = NGram()
    for ch in detector.text:
        ngram.add_char(ch)
        if ngram.capitalword:
            continue
        for n in range(1, min(NGram.N_GRAM, len(ngram.grams)) + 1):
            gram = ngram.grams[-n:]
            if gram != " " and gram in known:
                rows.append(_log_probs(gram))
    if not rows:
        return {}
    return dict(zip(factory.langlist, np.sum(rows, axis=0).tolist(), strict=True))


def _common_words(paragraph: str) -> tuple[list[str], list[bool]]:
    """The first `_LEXICON_WORDS` words, lower-cased, less names (a capitalised word counts
    only where a sentence starts: "Real Madrid", "Munich" are in the English lexicon); and
    whether each is capitalised (a headline's first word is often a name: "Ottawa")."""
    words, capitalised = [], []
    for m in _WORDS.finditer(paragraph):
        upper = m.group()[0].isupper()
        if upper and paragraph[: m.start()].rstrip()[-1:] not in _SENTENCE_START:
            continue
        words.append(m.group().lower())
        capitalised.append(upper)
        if len(words) == _LEXICON_WORDS:
            break
    return words, capitalised


def _known(words: list[str], lexicons: dict[str, Lexicon]) -> dict[str, list[bool]]:
    """Per language, whether each word is one of its function words or in its lexicon."""
    only, shared = _function_words()
    return {
        lang: [
            w in only[lang] or w in shared[lang] or (len(w) > 2 and lexicon.knows(w)) for w in words
        ]
        for lang, lexicon in lexicons.items()
    }


def paragraph_language(paragraph: str, models: dict[str, str] | None = None) -> str | None:
    """French or English, unless another language is clearly the paragraph's (see module
    docstring); None when it has no letters to go by. `models`: the spaCy package per
    language whose lexicon is read (default: the packaged configuration's)."""
    plain = plain_language(paragraph)
    if plain is not None:
        return plain
    scores = ngram_scores(paragraph)
    if not scores:
        return None
    words, capitalised = _common_words(paragraph)
    known = _known(words, default_lexicons(models))  # read on first need only
    ours = _french_or_english(scores, known, capitalised)
    # Another language only on clear evidence.
    other = max(sorted(lang for lang in scores if lang not in known), key=scores.__getitem__)
    margin = scores[other] - scores[ours]
    its_words = _other_words().get(other, frozenset())
    share = sum(known[ours]) / max(1, len(words))
    foreign = share < _MIN_KNOWN or (share < _MAX_KNOWN and any(w in its_words for w in words))
    if margin >= _CLEAR_NATS or (margin > 0 and foreign):
        return other
    return ours


def _french_or_english(
    scores: dict[str, float], known: dict[str, list[bool]], capitalised: list[bool]
) -> str:
    """The n-gram scores, plus `_WORD_NATS` for each word only one of the two languages knows
    (capitalised words left out: names belong to no language)."""
    weighed = {}
    for lang in sorted(known):
        rivals = [k for other, k in known.items() if other != lang]
        own = sum(
            k and not capitalised[i] and not any(r[i] for r in rivals)
            for i, k in enumerate(known[lang])
        )
        weighed[lang] = scores[lang] + _WORD_NATS * own
    return max(sorted(weighed), key=weighed.__getitem__)


def default_lexicons(models: dict[str, str] | None = None) -> dict[str, Lexicon]:
    """French's and English's lexicons, from `models` (language: spaCy package) or the
    packaged configuration's."""
    models = models or _packaged_models()
    return {lang: model_lexicon(models[lang]) for lang in sorted(_function_words()[0])}


@lru_cache(maxsize=1)
def _packaged_models() -> dict[str, str]:
    """The packaged configuration's spaCy package per language (read once, not per call)."""
    return dict(Config()["models"])


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
    text: str,
    min_chars: int = 80,
    mixed_share: float = 0.2,
    models: dict[str, str] | None = None,
) -> LangResult:
    """Majority language by characters over the document's paragraphs."""
    counts: Counter[str] = Counter()
    spans = paragraphs(text)
    usable = [(s, e) for s, e in spans if e - s >= min_chars] or spans
    for start, end in usable[:_MAX_PARAGRAPHS]:
        chunk = text[start : min(end, start + _SAMPLE_CHARS)]
        lang = paragraph_language(chunk, models)
        if lang is None:
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
        src.text,
        lang_cfg["min_paragraph_chars"],
        lang_cfg["mixed_share"],
        config["models"],
    )
    if forced:
        return LangResult(str(forced).lower()[:2], 1.0, detected.mixed, detected.shares)
    return detected


def check_language(src: SourceDoc, lang: LangResult, config: Config) -> bool:
    """True if the extractors handle `lang`; otherwise mark `src` skipped with the reason."""
    if lang.lang is None:
        src.status = "skipped"
        src.reason = Errors.S202
    elif lang.lang not in config["language"]["supported"]:
        src.status = "skipped"
        src.reason = Errors.S201.format(lang=lang.lang)
    return src.status == "ok"
