"""Faster drop-ins for the models' `attribute_ruler` and `lemmatizer`: the same result.

The models' two rule-based components run Python code on every token; together they cost
as much as our three extractors. Both replacements keep the original object's data and
write exactly what it writes (tests/test_fast_rules.py compares POS, TAG, MORPH, LEMMA and
DEP with the originals on every dev-set document); the pipeline's component names do not
change.

The attribute ruler. spaCy's AttributeRuler runs every pattern through a Matcher on every
token. The English model's 179 patterns (its tag map: tag -> POS and morphology, plus
exceptions on words and dependencies) made it 12 % of the English pipeline's time. Nearly
all the patterns test one token, and a token's match depends only on a few of its
attributes (tag, lower form, dependency, POS, is_space), which repeat a lot. So the patterns
are compiled to predicates, evaluated once per distinct token signature, and the attributes
are written with spaCy's own `set_token_attrs`. Patterns of several tokens are checked from
the tokens their first position matches. Matching reads the Doc as it was before any change
and later patterns win, as in spaCy.

The lemmatizer. spaCy's rule lemmatizer computes a token's lemma from its form, POS and
morphology, and caches it under (form, POS[, morphology]); its loop still visits every token
in Python. Here the Doc's arrays are read at once, a lemma is looked up by (form, POS,
morphology), asked of the original lemmatizer only on a miss, and written back at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, cast

from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.parts_of_speech import NAMES as _POS_NAMES
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

FAST_RULER = "briefing_attribute_ruler"
FAST_LEMMATIZER = "briefing_lemmatizer"
_CACHE_MAX = 200_000  # entries of a cache keyed by words: bounded on a big corpus
Signature = tuple[str, str, str, str, bool]  # tag, lower, dep, pos, is_space
Predicate = Callable[[Signature], bool]
_FIELDS = {"TAG": 0, "LOWER": 1, "DEP": 2, "POS": 3, "IS_SPACE": 4}


def _predicate(key: str, value: Any) -> Predicate:
    """One Matcher token attribute test (equality, IN, NOT_IN, REGEX) on a signature."""
    if key not in _FIELDS:
        raise ValueError(f"attribute {key!r} is not supported by the fast attribute ruler")
    field = _FIELDS[key]
    if not isinstance(value, dict):
        return lambda sig: sig[field] == value
    if set(value) - {"IN", "NOT_IN", "REGEX"}:
        raise ValueError(f"operator in {value!r} is not supported by the fast attribute ruler")
    tests: list[Predicate] = []
    if "IN" in value:
        allowed = frozenset(value["IN"])
        tests.append(lambda sig: sig[field] in allowed)
    if "NOT_IN" in value:
        banned = frozenset(value["NOT_IN"])
        tests.append(lambda sig: sig[field] not in banned)
    if "REGEX" in value:
        regex = re.compile(value["REGEX"])
        tests.append(lambda sig: regex.search(str(sig[field])) is not None)
    return lambda sig: all(test(sig) for test in tests)


def _spec(token_spec: dict[str, Any]) -> Predicate:
    preds = [_predicate(k, v) for k, v in token_spec.items()]
    return lambda sig: all(p(sig) for p in preds)


class FastAttributeRuler:
    """Applies an AttributeRuler's patterns without the Matcher (see the module docstring)."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        # (rule number, token predicates, index of the token that gets the attributes)
        self.rules: list[tuple[int, list[Predicate], int]] = []
        self.attrs: list[dict[Any, Any]] = []
        # attribute hashes of a token -> the rules its match starts, and its signature
        self._first: dict[tuple[int, ...], tuple[tuple[int, ...], Signature]] = {}
        self._merged: dict[tuple[int, ...], dict[Any, Any]] = {}

    def take(self, ruler: AttributeRuler) -> None:
        """Copy the patterns and normalised attributes of the model's ruler."""
        self.attrs = list(ruler.attrs)
        self.rules = []
        for number, entry in enumerate(ruler.patterns):
            pattern: dict[str, Any] = dict(entry)
            for alternative in pattern["patterns"]:
                specs = [_spec(tok) for tok in alternative]
                self.rules.append((number, specs, int(pattern.get("index", 0))))
        self._first.clear()
        self._merged.clear()

    def _lookup(self, ids: tuple[int, ...], doc: Doc) -> tuple[tuple[int, ...], Signature]:
        """(rules whose first token matches, signature) of a token with these hashes."""
        found = self._first.get(ids)
        if found is None:
            if len(self._first) > _CACHE_MAX:
                self._first.clear()
            sig = self._signature(ids, doc.vocab.strings)
            hit = tuple(k for k, (_, specs, _) in enumerate(self.rules) if specs[0](sig))
            found = self._first[ids] = (hit, sig)
        return found

    @staticmethod
    def _signature(ids: tuple[int, ...], strings: Any) -> Signature:
        tag, lower, dep, pos, space = ids
        return (strings[tag], strings[lower], strings[dep], _POS_NAMES[pos], bool(space))

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        rows = [tuple(r) for r in doc.to_array([TAG, LOWER, DEP, POS, IS_SPACE]).tolist()]
        found = [self._lookup(r, doc) for r in rows]
        starts = [hit for hit, _ in found]
        sigs = [sig for _, sig in found]
        targets: dict[int, set[int]] = {}  # token -> numbers of the rules that set it
        for i, hit in enumerate(starts):
            for k in hit:
                number, specs, index = self.rules[k]
                if len(specs) > 1:
                    if i + len(specs) > len(sigs):
                        continue
                    if not all(spec(sigs[i + j]) for j, spec in enumerate(specs[1:], 1)):
                        continue
                target = i + index if index >= 0 else i + len(specs) + index
                targets.setdefault(target, set()).add(number)
        for i, numbers in targets.items():
            key = tuple(sorted(numbers))
            merged = self._merged.get(key)
            if merged is None:
                merged = {}
                for number in key:  # later rules win
                    merged.update(self.attrs[number])
                self._merged[key] = merged
            set_token_attrs(doc[i], merged)
        return doc


@Language.factory(FAST_RULER, assigns=["token.pos", "token.tag", "token.morph", "token.lemma"])
def make_fast_ruler(nlp: Language, name: str) -> FastAttributeRuler:
    return FastAttributeRuler(nlp, name)


class FastLemmatizer:
    """Applies a rule Lemmatizer through the Doc's arrays (see the module docstring)."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.lemmatizer: Lemmatizer | None = None
        self._lemma: dict[tuple[int, int, int], int] = {}  # (orth, pos, morph) -> lemma

    def take(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        self._lemma.clear()

    def __call__(self, doc: Doc) -> Doc:
        lemmatizer = self.lemmatizer
        if lemmatizer is None or not len(doc):
            return doc
        arr = doc.to_array([ORTH, POS, MORPH, LEMMA])
        rows = arr.tolist()
        overwrite = bool(lemmatizer.overwrite)
        strings = doc.vocab.strings
        if len(self._lemma) > _CACHE_MAX:
            self._lemma.clear()
            lemmatizer.cache.clear()  # spaCy's own cache has no bound
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma and not overwrite:
                continue
            key = (orth, pos, morph)
            found = self._lemma.get(key)
            if found is None:
                found = self._lemma[key] = strings.add(lemmatizer.lemmatize(doc[i])[0])
            arr[i, 3] = found
        doc.from_array([LEMMA], cast(Any, arr[:, 3:4]))
        return doc


@Language.factory(FAST_LEMMATIZER, assigns=["token.lemma"])
def make_fast_lemmatizer(nlp: Language, name: str) -> FastLemmatizer:
    return FastLemmatizer(nlp, name)


def speed_up(nlp: Language) -> None:
    """Replace the pipeline's `attribute_ruler` and rule `lemmatizer` (when present) by the
    fast ones, under the same names."""
    ruler = nlp.get_pipe("attribute_ruler") if "attribute_ruler" in nlp.pipe_names else None
    if isinstance(ruler, AttributeRuler) and _compiles(nlp, ruler):
        fast = nlp.replace_pipe("attribute_ruler", FAST_RULER)
        assert isinstance(fast, FastAttributeRuler)
        fast.take(ruler)
    lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
    if isinstance(lemmatizer, Lemmatizer) and lemmatizer.mode == "rule":
        fast_lemma = nlp.replace_pipe("lemmatizer", FAST_LEMMATIZER)
        assert isinstance(fast_lemma, FastLemmatizer)
        fast_lemma.take(lemmatizer)


def _compiles(nlp: Language, ruler: AttributeRuler) -> bool:
    """Whether every pattern of `ruler` uses what the fast one supports; another model's
    ruler with other attributes or operators keeps spaCy's."""
    try:
        FastAttributeRuler(nlp, "probe").take(ruler)
    except ValueError:
        return False
    return True
