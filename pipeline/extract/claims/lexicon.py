"""The speech vocabulary (pipeline/data/claims/*.json) and the text's sentences.

Shared by the speaker finder, reported speech and the claims component. Verbs are matched by
lemma, backed up by inflected forms generated from the data (the French lemmatizer reads
"estime" as a noun's lemma), and multi-word verbs ("laisser entendre") must be whole.
Sentences are cut at final punctuation and line breaks only: the parser's sentences break at
quote marks and incises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

from spacy.attrs import IS_ALPHA, LEMMA, LOWER, ORTH
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from pipeline.extract import token_strings
from pipeline.rules_data import load_rules

if TYPE_CHECKING:  # the attribution layer reads sentences here: imported when loading
    from pipeline.extract.attribution.tables import Pronoun, Tables

STOP = {".", "!", "?", ";", "«", "»", "“", "”", '"', "‹", "›", "\n"}


def is_stop(tok: Token) -> bool:
    """Sentence-final punctuation, a quote mark or a line break: cue searches stop there."""
    return tok.text in STOP or (tok.is_space and "\n" in tok.text)


_SENT_END = {".", "!", "?", "…"}


def sentences(doc: Doc) -> list[Span]:
    """The doc's sentences as cut by `sentence_of`."""
    out, i = [], 0
    while i < len(doc):
        start, end = sentence_of(doc, i)
        if end > start:
            out.append(doc[start:end])
        i = max(end, i + 1)
    return out


def sentence_of(doc: Doc, i: int) -> tuple[int, int]:
    """Token bounds of the sentence around token i, cut at final punctuation and line
    breaks only (the parser's sentences break at quote marks and incises). A line break
    token ends the sentence before it: (start, i)."""
    starts, ends = _sentence_table(doc)
    return starts[i], ends[i]


_SENT_KEY = "briefing_sentences"


def _sentence_table(doc: Doc) -> tuple[list[int], list[int]]:
    """Every token's sentence bounds, computed once per Doc in two passes (the rules ask
    for them about a hundred times per document)."""
    table = doc.user_data.get(_SENT_KEY)
    if isinstance(table, tuple) and len(table[0]) == len(doc) + 1:
        return table
    n = len(doc)
    texts = token_strings(doc, ORTH)
    newline = [text.isspace() and "\n" in text for text in texts]
    starts = [0] * (n + 1)
    for i in range(1, n + 1):
        prev = i - 1
        starts[i] = i if texts[prev] in _SENT_END or newline[prev] else starts[prev]
    ends = [n] * (n + 1)
    for i in range(n - 1, -1, -1):
        ends[i] = i if newline[i] else i + 1 if texts[i] in _SENT_END else ends[i + 1]
    doc.user_data[_SENT_KEY] = (starts, ends)
    return starts, ends


@lru_cache(maxsize=4)
def _data(name: str) -> dict[str, Any]:
    data: dict[str, Any] = load_rules(f"claims/{name}.json")
    return data


@dataclass(frozen=True)
class Lexicon:
    """The speech vocabulary of one language (pipeline/data/claims/*.json)."""

    lang: str
    quote_verbs: frozenset[str]
    report_verbs: frozenset[str]
    multi: dict[str, tuple[tuple[str, frozenset[str], tuple[str, ...]], ...]]
    report_prep: dict[str, list[str]]
    report_object: frozenset[str]
    forms: dict[str, str]
    tables: Tables  # pronouns, first person, role nouns: the attribution layer's
    according: tuple[tuple[str, ...], ...]
    according_initial: tuple[tuple[str, ...], ...]
    negation: frozenset[str]
    complementizers: frozenset[str]
    anonymous: frozenset[str]
    interrogative: frozenset[str]
    inverting: frozenset[str]  # English verbs taking an inverted subject; empty: all
    source_nouns: frozenset[str]

    def lemma(self, tok: Token) -> str:
        """The verb's lemma, trusting our form list over the lemmatizer ('estime')."""
        low = tok.lower_
        if low in self.forms:
            return self.forms[low]
        lem = tok.lemma_.lower()
        if lem in self._lemma_words:
            return lem
        return low if low in self._verb_words else lem

    @cached_property
    def _verb_words(self) -> frozenset[str]:
        return self.quote_verbs | self.report_verbs

    @cached_property
    def _lemma_words(self) -> frozenset[str]:
        return self._verb_words | frozenset(self.multi)

    @cached_property
    def _word_ids(self) -> frozenset[int]:
        return frozenset(get_string_id(w) for w in self._verb_words | set(self.forms))

    def verb_candidates(self, doc: Doc) -> list[int]:
        """Indices of the tokens `phrase` may accept, found on the Doc's arrays: a superset
        of them (a word or lemma of the vocabulary), so that the rules look at a few
        tokens per sentence instead of every one."""
        if not len(doc):
            return []
        rows = doc.to_array([IS_ALPHA, LOWER, LEMMA]).tolist()
        strings, words = doc.vocab.strings, self._word_ids  # sets: np.isin sorted ~10k ids a call
        lemmas = {h for h in {h for _, _, h in rows} if strings[h].lower() in self._lemma_words}
        return [
            i for i, (alpha, low, h) in enumerate(rows) if alpha and (low in words or h in lemmas)
        ]

    def phrase(self, tok: Token) -> tuple[str, frozenset[str], int] | None:
        """(lemma, kinds, last token) of the speech verb at tok: kinds holds "quote" and/or
        "report"; a multi-word verb ("laisser entendre", "mettre en garde") must be whole."""
        if not tok.is_alpha:
            return None
        lemma = self.lemma(tok)
        kinds = set()
        if lemma in self.quote_verbs:
            kinds.add("quote")
        if lemma in self.report_verbs:
            kinds.add("report")
        if kinds:
            return lemma, frozenset(kinds), tok.i
        doc = tok.doc
        for full, kinds_m, tail in self.multi.get(lemma, ()):
            j, ok = tok.i + 1, True
            for word in tail:
                while j < len(doc) and doc[j].pos_ in ("ADV", "PRON") and doc[j].lower_ != word:
                    j += 1  # "mettre sévèrement en garde", "fait-il valoir"
                if j >= len(doc) or doc[j].lower_ != word and self.lemma(doc[j]) != word:
                    ok = False
                    break
                j += 1
            if ok:
                return full, kinds_m, j - 1
        return None

    def is_quote_verb(self, tok: Token) -> bool:
        found = self.phrase(tok)
        return found is not None and "quote" in found[1]

    def is_report_verb(self, tok: Token) -> bool:
        found = self.phrase(tok)
        return found is not None and "report" in found[1]

    def pronoun(self, tok: Token) -> Pronoun | None:
        """The personal (not possessive) pronoun a token is, if any."""
        found = self.tables.pronoun(tok.lower_)
        return found if found is not None and not found.possessive else None

    def is_first_person(self, word: str) -> bool:
        """See Tables.is_first_person."""
        return self.tables.is_first_person(word)

    def inverts(self, tok: Token) -> bool:
        """May this verb take its subject after it ("said Macron", "a déclaré X")?"""
        return not self.inverting or self.lemma(tok) in self.inverting


def _strip_reflexive(lemma: str) -> str:
    for prefix in ("s'", "se "):
        if lemma.startswith(prefix):
            return lemma[len(prefix) :]
    return lemma


def _verb_forms(lang: str, lemmas: set[str], data: dict[str, Any]) -> dict[str, str]:
    """Inflected forms of the verbs (French -er conjugation, English -s/-ed/-ing) to back
    up the lemmatizer; irregular forms come from the data file."""
    forms = {k.lower(): _strip_reflexive(x) for k, x in data["forms"].items()}
    for lemma in lemmas:
        if lang == "fr" and lemma.endswith("er"):
            stem = lemma[:-2]
            for ending in data["er_endings"]:
                forms.setdefault(stem + ending, lemma)
        elif lang == "en":
            base = lemma[:-1] if lemma.endswith("e") else lemma
            for form in (lemma + "s", base + "ed", base + "ing", lemma + "d"):
                forms.setdefault(form, lemma)
    return forms


def _words(phrase: str) -> tuple[str, ...]:
    """A phrase as the tokenizer splits it ("d'après" -> "d'", "après")."""
    return tuple(re.sub(r"'(?=\w)", "' ", phrase).split())


@lru_cache(maxsize=4)
def load_lexicon(lang: str) -> Lexicon:
    """The packaged lexicon of `lang` (English for languages without one)."""
    from pipeline.extract.attribution.tables import load_tables

    verbs, cues = _data("verbs"), _data("cues")
    if lang not in verbs:
        lang = "en"
    v = verbs[lang]
    single: dict[str, set[str]] = {"quote": set(), "report": set()}
    multi: dict[str, dict[str, set[str]]] = {}
    for kind, items in (("quote", v["quote"]), ("report", v["report"] + list(v["report_prep"]))):
        for item in items:
            words = _strip_reflexive(item).split()
            if len(words) == 1:
                single[kind].add(words[0])
            else:
                multi.setdefault(words[0], {}).setdefault(" ".join(words), set()).add(kind)
    multi_t = {
        head: tuple((full, frozenset(k), tuple(full.split()[1:])) for full, k in by.items())
        for head, by in multi.items()
    }
    lemmas = single["quote"] | single["report"] | set(multi)
    return Lexicon(
        lang=lang,
        quote_verbs=frozenset(single["quote"]),
        report_verbs=frozenset(single["report"]),
        multi=multi_t,
        report_prep={_strip_reflexive(k): p for k, p in v["report_prep"].items()},
        report_object=frozenset(_strip_reflexive(x) for x in v["report_object"]),
        forms=_verb_forms(lang, lemmas, v),
        tables=load_tables(lang),
        according=tuple(_words(a) for a in cues["according"][lang]),
        according_initial=tuple(_words(a) for a in cues["according_initial"][lang]),
        negation=frozenset(cues["negation"][lang]),
        complementizers=frozenset(cues["complementizers"][lang]),
        anonymous=frozenset(cues["anonymous_heads"][lang]),
        interrogative=frozenset(cues["interrogative"][lang]),
        inverting=frozenset(v.get("inverting", [])),
        source_nouns=frozenset(cues["source_nouns"][lang]),
    )
