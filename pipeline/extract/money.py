"""Money amounts and whether each is a pledge, as a spaCy component.

The amount parser (money_parse) works on the text; this component anchors each amount on
the parse and decides `is_pledge` from the words that govern it: a cue verb ("investir",
"mobilise") or cue noun ("plan", "fund") above it on the dependency path makes it a pledge, a
blocker ("market", "valorisation", "coûter") makes it not one. The pledger is the cue verb's
subject, the passive agent, or the possessor of the cue noun.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.extract import ACTORS, MONEY, ensure_extensions
from pipeline.extract.money_parse import parse_amounts

_MAX_HOPS = 6  # how far up the parse an amount's governor is looked for


@dataclass(frozen=True)
class PledgeInfo:
    """Whether an amount is a pledge, the word that said so, and who pledges it."""

    is_pledge: bool
    cue: str | None
    actor: Span | None  # an actor mention (from doc.spans[ACTORS]) or None


@lru_cache(maxsize=1)
def load_cues() -> dict[str, Any]:
    text = resources.files("pipeline.data").joinpath("pledges/cues.json").read_text("utf-8")
    return json.loads(text)


class MoneyFinder:
    """Writes doc.spans[MONEY]: `span._.amount` (money_parse.Amount), `span._.pledge`."""

    def __init__(self, nlp: Language) -> None:
        ensure_extensions()
        self.lang = nlp.lang
        cues = load_cues()
        self.verbs = set(cues["verbs"].get(self.lang, []))
        self.nouns = {w.casefold() for w in cues["nouns"].get(self.lang, [])}
        self.blockers = {w.casefold() for w in cues["blockers"].get(self.lang, [])}

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for amount in parse_amounts(doc.text, self.lang):
            span = doc.char_span(amount.start, amount.end, alignment_mode="expand")
            if span is None:
                continue
            span._.amount = amount
            span._.pledge = self.classify(doc, span)
            spans.append(span)
        doc.spans[MONEY] = spans
        return doc

    def classify(self, doc: Doc, span: Span) -> PledgeInfo:
        """Walk up from the amount: the first cue or blocker met decides."""
        tok: Token = span.root
        for _ in range(_MAX_HOPS):
            word = tok.lemma_.casefold()
            if tok.i not in range(span.start, span.end):
                if word in self.blockers or tok.lower_ in self.blockers:
                    return PledgeInfo(False, tok.text, None)
                if tok.pos_ in ("VERB", "AUX") and tok.lemma_ in self.verbs:
                    return PledgeInfo(True, tok.text, self._agent(doc, tok))
                if tok.pos_ in ("NOUN", "PROPN") and word in self.nouns:
                    return PledgeInfo(True, tok.text, self._owner(doc, tok))
            if tok.head is tok:
                break
            tok = tok.head
        return PledgeInfo(False, None, None)

    def _mention_in(self, doc: Doc, tokens: list[Token]) -> Span | None:
        ids = {t.i for t in tokens}
        for mention in doc.spans.get(ACTORS, []):
            if any(i in ids for i in range(mention.start, mention.end)):
                return mention
        return None

    def _agent(self, doc: Doc, verb: Token) -> Span | None:
        """The subject of the cue verb (or its passive agent), climbing through auxiliaries."""
        for head in (verb, verb.head):
            for child in head.children:
                if child.dep_ in ("nsubj", "agent", "obl:agent", "nsubj:pass"):
                    if child.dep_ == "nsubj:pass":
                        continue
                    found = self._mention_in(doc, list(child.subtree))
                    if found is not None:
                        return found
            if head.head is head:
                break
        return None

    def _owner(self, doc: Doc, noun: Token) -> Span | None:
        """The possessor of a cue noun ("France's plan", "le plan de la France"), else the
        subject of the verb it depends on."""
        for child in noun.children:
            if child.dep_ in ("poss", "nmod", "nmod:poss") and child.i not in range(noun.i):
                found = self._mention_in(doc, list(child.subtree))
                if found is not None and not found.text[:1].isdigit():
                    return found
        poss = [c for c in noun.children if c.dep_ == "poss"]
        if poss:
            found = self._mention_in(doc, list(poss[0].subtree))
            if found is not None:
                return found
        return self._agent(doc, noun.head) if noun.head is not noun else None


@Language.factory(
    MONEY,
    default_config={},
    assigns=[f"doc.spans.{MONEY}"],
    requires=[f"doc.spans.{ACTORS}", "token.dep", "token.lemma"],
)
def make_money_finder(nlp: Language, name: str) -> MoneyFinder:
    """Factory of the money component."""
    return MoneyFinder(nlp)
