"""Claims: direct quotes with their speakers, as a spaCy component.

Quotes come from `quotes.find_quotes` (text only). The speaker is looked for, in order: in
the incise after the closing mark (", a déclaré X", ", a-t-elle ajouté", ", said Macron"),
in the clause that introduces the quote ("X a déclaré :", "X said:"), and after "selon" /
"according to". A pronoun resolves to the most recent named person of the same gender; a
quote paragraph with no cue of its own continues the previous quote's speaker.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.extract import ACTORS, CLAIMS, ensure_extensions
from pipeline.extract.kb import ActorKB
from pipeline.extract.quotes import Quote, find_quotes

_WINDOW = 12  # tokens looked at after a closing mark or before an opening one


@dataclass(frozen=True)
class ClaimInfo:
    """A claim's kind, its speaker's mention (named, or the pronoun/role used) and cue."""

    kind: str  # direct | reported | term
    speaker: Span | None  # the named actor mention the speaker resolves to
    mention: Span | None  # the words naming the speaker here ("elle", "Von Der Leyen")
    cue: str | None
    confidence: float


@lru_cache(maxsize=1)
def load_claim_cues() -> dict[str, Any]:
    text = resources.files("pipeline.data").joinpath("claims/cues.json").read_text("utf-8")
    return json.loads(text)


class ClaimFinder:
    """Writes doc.spans[CLAIMS] with `span._.claim` = ClaimInfo."""

    def __init__(self, nlp: Language, min_quote_words: int, kb_path: str) -> None:
        ensure_extensions()
        self.lang = nlp.lang
        self.min_words = min_quote_words
        cues = load_claim_cues()
        self.verbs = set(cues["verbs"].get(self.lang, []))
        self.pronouns: dict[str, str] = cues["pronouns"].get(self.lang, {})
        self.according = [a.split() for a in cues["according"].get(self.lang, [])]
        self.kb = ActorKB.load(Path(kb_path) if kb_path else None)

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        previous: ClaimInfo | None = None
        prev_close: int | None = None
        for quote in find_quotes(doc.text):
            span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
            if span is None:
                continue
            words = sum(1 for t in span if not t.is_punct)
            if words < self.min_words:
                span._.claim = ClaimInfo("term", None, None, None, 1.0)
                spans.append(span)
                continue
            info = self.attribute(doc, quote, span)
            if info.speaker is None and previous is not None and previous.speaker is not None:
                gap = doc.text[prev_close or 0 : quote.open_at]
                if prev_close is not None and "\n" in gap and len(gap.strip()) < 3:
                    # A paragraph that only continues the quote: same speaker.
                    info = ClaimInfo("direct", previous.speaker, None, None, 0.6)
            span._.claim = info
            spans.append(span)
            previous = info
            prev_close = quote.close_at if quote.close_at is not None else quote.end
        doc.spans[CLAIMS] = spans
        return doc

    def attribute(self, doc: Doc, quote: Quote, span: Span) -> ClaimInfo:
        """The speaker of one quote, from the incise, the introduction or 'selon X'."""
        after_start = quote.close_at + 1 if quote.close_at is not None else quote.end
        after = doc.char_span(after_start, len(doc.text), alignment_mode="expand")
        if after is not None and len(doc.text[quote.end : after_start].strip('»”"› ')) == 0:
            found = self._incise(doc, after.start, span)
            if found is not None:
                return found
        found = self._introduction(doc, span)
        if found is not None:
            return found
        return ClaimInfo("direct", None, None, None, 0.3)

    def _cue_at(self, tok: Token) -> bool:
        return tok.lemma_ in self.verbs or tok.lower_ in self.verbs

    def _incise(self, doc: Doc, start: int, quote: Span) -> ClaimInfo | None:
        end = min(len(doc), start + _WINDOW)
        toks = list(doc[start:end])
        first = toks[0] if toks else None
        if (
            first is not None
            and first.text not in (",", "—", "–", "-", ".")
            and not self._cue_at(first)
            and not (first.pos_ in ("AUX", "VERB") or first.is_punct)
        ):
            return None
        for k, tok in enumerate(toks):
            if tok.text in (".", "!", "?", "«", "“", "\n") and k > 0:
                break
            if self._cue_at(tok) and tok.pos_ in ("VERB", "AUX", "NOUN", "PROPN"):
                return self._speaker_near(doc, tok, toks, quote, "after")
        return None

    def _introduction(self, doc: Doc, quote: Span) -> ClaimInfo | None:
        sent_start = doc[quote.start - 1].sent.start if quote.start > 0 else 0
        begin = max(sent_start, quote.start - 1 - _WINDOW * 2)
        toks = [t for t in doc[begin : max(begin, quote.start - 1)] if "\n" not in t.text]
        for tok in reversed(toks):
            if self._cue_at(tok) and tok.pos_ in ("VERB", "AUX"):
                return self._speaker_near(doc, tok, toks, quote, "before")
        lowered = [t.lower_ for t in toks]
        for phrase in self.according:
            n = len(phrase)
            for k in range(len(lowered) - n, -1, -1):
                if lowered[k : k + n] == phrase:
                    mention = self._mention_after(doc, toks[k + n - 1].i + 1, quote.start)
                    if mention is not None:
                        return ClaimInfo("direct", mention, mention, " ".join(phrase), 0.7)
        if toks and toks[-1].text == ":":
            mention = self._last_mention(doc, toks[0].i, toks[-1].i)
            if mention is not None:
                return ClaimInfo("direct", mention, mention, ":", 0.6)
        return None

    def _speaker_near(
        self, doc: Doc, verb: Token, window: list[Token], quote: Span, side: str
    ) -> ClaimInfo:
        # Inverted or attached pronoun subject: "a-t-elle ajouté", "poursuit-il", "dit-elle".
        for tok in [verb, *verb.children, *(t for t in window if t.i > verb.i - 3)]:
            pron = tok.lower_
            if pron in self.pronouns:
                named = self._antecedent(doc, quote.start, self.pronouns[pron])
                return ClaimInfo("direct", named, doc[tok.i : tok.i + 1], verb.text, 0.7)
        lo = window[0].i if window else verb.i
        hi = window[-1].i + 1 if window else verb.i + 1
        if side == "after":
            mention = self._mention_after(doc, verb.i + 1, hi) or self._last_mention(
                doc, lo, verb.i
            )
        else:
            mention = self._last_mention(doc, lo, verb.i) or self._mention_after(
                doc, verb.i + 1, quote.start
            )
        if mention is not None:
            return ClaimInfo("direct", self._resolve(mention), mention, verb.text, 0.9)
        return ClaimInfo("direct", None, None, verb.text, 0.4)

    def _mentions(self, doc: Doc) -> list[Span]:
        return list(doc.spans[ACTORS]) if ACTORS in doc.spans else []

    def _mention_after(self, doc: Doc, lo: int, hi: int) -> Span | None:
        for m in self._mentions(doc):
            if lo <= m.start < hi and m.label_ in ("PERSON", "ORG", "GPE"):
                return m
        return None

    def _last_mention(self, doc: Doc, lo: int, hi: int) -> Span | None:
        found = None
        for m in self._mentions(doc):
            if lo <= m.start and m.end <= hi and m.label_ in ("PERSON", "ORG", "GPE"):
                found = m
        return found

    def _resolve(self, mention: Span) -> Span:
        return mention

    def _antecedent(self, doc: Doc, before: int, gender: str) -> Span | None:
        """Most recent named person before token `before` whose gender fits."""
        best = None
        for m in self._mentions(doc):
            if m.start >= before or m.label_ != "PERSON":
                continue
            info = m._.actor
            entry = self.kb.get(info.kb_id) if info is not None and info.kb_id else None
            known = entry.gender if entry is not None else None
            if gender in ("m", "f") and known not in (None, gender):
                continue
            best = m
        return best


@Language.factory(
    CLAIMS,
    default_config={"min_quote_words": 4, "kb_path": ""},
    assigns=["doc.spans"],
    requires=["doc.spans"],
)
def make_claim_finder(nlp: Language, name: str, min_quote_words: int, kb_path: str) -> ClaimFinder:
    """Factory of the claims component."""
    return ClaimFinder(nlp, min_quote_words, kb_path)
