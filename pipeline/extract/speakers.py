"""Who speaks: the words that name a quote's speaker, found around its marks on the parse.

The cues, tried in order by the claims component: an incise inside the quote («A, dit-elle,
B»), an incise after it (", a déclaré X", ", said Macron", "he told reporters"), an
introduction before it ("X a déclaré :", "X said:", "X : «"), and a source phrase ("selon X",
"according to X"). Each returns an `Attribution`: the mention (an actor span, a pronoun or an
anonymous description such as "un porte-parole"), the cue word and a confidence. Pronouns and
descriptions are resolved to named actors afterwards, in `coref`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.tokens import Doc, Span, Token

from pipeline.extract import ACTORS

STOP = {".", "!", "?", ";", "«", "»", "“", "”", '"', "‹", "›", "\n"}
_SKIP_ADV = {"ADV", "PART"}


@lru_cache(maxsize=4)
def _data(name: str) -> dict[str, Any]:
    text = resources.files("pipeline.data").joinpath(f"claims/{name}.json").read_text("utf-8")
    return json.loads(text)


@dataclass(frozen=True)
class Lexicon:
    """The speech vocabulary of one language (pipeline/data/claims/*.json)."""

    lang: str
    quote_verbs: frozenset[str]
    report_verbs: frozenset[str]
    report_prep: dict[str, list[str]]
    report_object: frozenset[str]
    forms: dict[str, str]
    pronouns: dict[str, tuple[str, str]]
    according: tuple[tuple[str, ...], ...]
    first_person: frozenset[str]
    negation: frozenset[str]
    complementizers: frozenset[str]
    anonymous: frozenset[str]
    titles_gender: dict[str, str]

    def lemma(self, tok: Token) -> str:
        """The verb's lemma, trusting our form list over the lemmatizer ('estime')."""
        low = tok.lower_
        if low in self.forms:
            return self.forms[low]
        lem = tok.lemma_.lower()
        if lem in self.quote_verbs or lem in self.report_verbs:
            return lem
        return low if low in self.quote_verbs or low in self.report_verbs else lem

    def is_quote_verb(self, tok: Token) -> bool:
        return tok.is_alpha and self.lemma(tok) in self.quote_verbs

    def is_report_verb(self, tok: Token) -> bool:
        return tok.is_alpha and self.lemma(tok) in self.report_verbs

    def pronoun(self, tok: Token) -> tuple[str, str] | None:
        return self.pronouns.get(tok.lower_)


def _strip_reflexive(lemma: str) -> str:
    for prefix in ("s'", "se "):
        if lemma.startswith(prefix):
            return lemma[len(prefix) :]
    return lemma


@lru_cache(maxsize=4)
def load_lexicon(lang: str) -> Lexicon:
    """The packaged lexicon of `lang` (English for languages without one)."""
    verbs, cues = _data("verbs"), _data("cues")
    if lang not in verbs:
        lang = "en"
    v = verbs[lang]

    # Multi-word verbs ("mettre en garde") and reflexives ("s'inquiéter") match on their verb.
    def heads(items: list[str]) -> set[str]:
        return {_strip_reflexive(x).split()[0] for x in items} | set(items)

    quote, report = heads(v["quote"]), heads(v["report"])
    report_prep = {_strip_reflexive(k).split()[0]: p for k, p in v["report_prep"].items()}
    forms = {k.lower(): _strip_reflexive(x) for k, x in v["forms"].items()}
    for lemma in quote | report | set(report_prep):
        if lang == "fr" and lemma.endswith("er") and " " not in lemma:
            stem = lemma[:-2]
            for ending in v["er_endings"]:
                forms.setdefault(stem + ending, lemma)
        elif lang == "en" and " " not in lemma:
            base = lemma[:-1] if lemma.endswith("e") else lemma
            for form in (lemma + "s", base + "ed", base + "ing", lemma + "d"):
                forms.setdefault(form, lemma)
    return Lexicon(
        lang=lang,
        quote_verbs=frozenset(quote),
        report_verbs=frozenset(report | set(report_prep)),
        report_prep=report_prep,
        report_object=frozenset(heads(v["report_object"])),
        forms=forms,
        pronouns={k: (g[0], g[1]) for k, g in cues["pronouns"][lang].items()},
        according=tuple(tuple(a.split()) for a in cues["according"][lang]),
        first_person=frozenset(cues["first_person"][lang]),
        negation=frozenset(cues["negation"][lang]),
        complementizers=frozenset(cues["complementizers"][lang]),
        anonymous=frozenset(cues["anonymous_heads"][lang]),
        titles_gender=dict(cues["titles_gender"][lang]),
    )


@dataclass(frozen=True)
class Attribution:
    """The words naming a speaker here, the actor mention they are (if any) and the cue."""

    mention: Span | None  # actor span, pronoun, or anonymous description
    actor: Span | None  # the mention when it is an actor span of doc.spans[ACTORS]
    pronoun: tuple[str, str] | None  # (gender, number) when the mention is a pronoun
    cue: str | None
    confidence: float
    verb: Token | None = None


class Speakers:
    """Speaker cues around quotes in one Doc (actor spans indexed by token)."""

    def __init__(self, doc: Doc, lex: Lexicon) -> None:
        self.doc = doc
        self.lex = lex
        self.actor_at: dict[int, Span] = {}
        for span in doc.spans[ACTORS] if ACTORS in doc.spans else []:
            for i in range(span.start, span.end):
                self.actor_at.setdefault(i, span)

    # ------------------------------------------------------------------ noun phrases
    def _pronoun_at(self, i: int, hi: int) -> Attribution | None:
        doc = self.doc
        for n in (2, 1):  # "ce dernier", "l'intéressée", then one word
            if i + n > hi:
                continue
            words = doc[i : i + n]
            text = " ".join(t.lower_ for t in words).replace("' ", "'")
            if text in self.lex.pronouns:
                return Attribution(words, None, self.lex.pronouns[text], None, 0.75)
        return None

    def subject_np(self, lo: int, hi: int, cue: str | None, conf: float) -> Attribution | None:
        """The speaker named by the noun phrase starting at token lo (bounded by hi)."""
        doc = self.doc
        i = lo
        while i < hi and (doc[i].is_punct or doc[i].pos_ in _SKIP_ADV) and doc[i].text not in STOP:
            i += 1
        if i >= hi or doc[i].text in STOP:
            return None
        found = self._pronoun_at(i, hi)
        if found is not None:
            return Attribution(found.mention, None, found.pronoun, cue, conf - 0.15)
        if doc[i].lower_ in self.lex.first_person:
            return None
        end = i
        while end < hi and doc[end].text not in STOP and doc[end].text != ",":
            if end > i and doc[end].pos_ in ("VERB", "AUX") and end not in self.actor_at:
                break
            end += 1
        np_tokens = list(range(i, end))
        if not np_tokens:
            return None
        # An apposition naming the anonymous head: "the founder of X, Arthur Mensch,".
        actor = self._np_actor(np_tokens)
        if actor is None and end < hi and doc[end].text == ",":
            nxt = self.actor_at.get(end + 1)
            if nxt is not None and nxt.label_ == "PERSON":
                return Attribution(nxt, nxt, None, cue, conf - 0.05)
        mention = doc[i:end]
        if actor is not None:
            return Attribution(actor, actor, None, cue, conf)
        return Attribution(mention, None, None, cue, conf - 0.3)

    def _np_actor(self, idx: list[int]) -> Span | None:
        """The actor a noun phrase names: its head actor, not one in a complement ('un
        porte-parole du gouvernement', 'a spokesperson for the Commission')."""
        doc = self.doc
        first = doc[idx[0]]
        span = self.actor_at.get(idx[0])
        if span is not None and span.start == idx[0]:
            # "OpenAI's Sam Altman": the possessor is not the speaker.
            if span.end < len(doc) and doc[span.end].lower_ in ("'s", "'") and span.end in idx:
                nxt = self.actor_at.get(span.end + 1)
                return nxt if nxt is not None and nxt.end - 1 <= idx[-1] + 1 else None
            return span
        if first.pos_ == "DET" or first.is_lower:
            for k in idx:
                tok = doc[k]
                if tok.lower_ in self.lex.anonymous:
                    # An anonymous head: the speaker is only named by an apposed person.
                    later = [self.actor_at[j] for j in idx if j > k and j in self.actor_at]
                    persons = [a for a in later if a.label_ == "PERSON"]
                    before = doc[persons[0].start - 1].lower_ if persons else ""
                    if persons and before not in ("de", "du", "des", "d'", "of", "for"):
                        return persons[0]
                    return None
                if k in self.actor_at:
                    span = self.actor_at[k]
                    prev = doc[span.start - 1] if span.start > 0 else None
                    if prev is not None and prev.lower_ in ("de", "du", "des", "d'", "of", "for"):
                        # "le patron de Mistral AI, Arthur Mensch": only a role if KB-resolved.
                        continue
                    return span
        return None

    # ------------------------------------------------------------------ cues
    def incise_after(self, start: int, limit: int) -> Attribution | None:
        """ ", a déclaré X" / ", a-t-elle ajouté" / ", said Macron" / "he told reporters"."""
        doc = self.doc
        i = start
        while i < limit and (doc[i].text in (",", "—", "–", "-", "(") or doc[i].is_space):
            i += 1
        hi = min(limit, i + 10)
        for k in range(i, hi):
            tok = doc[k]
            if tok.text in STOP or (tok.text == "," and k > i and not self._np_only(i, k)):
                return None
            if not self.lex.is_quote_verb(tok) or not self._np_only(i, k):
                continue
            return self._around_verb(k, i, limit, 0.9)
        return None

    def _np_only(self, lo: int, hi: int) -> bool:
        """Tokens lo..hi-1 could be a subject, auxiliaries and adverbs (no other verb)."""
        for tok in self.doc[lo:hi]:
            if tok.pos_ == "VERB" and tok.i not in self.actor_at:
                return False
            if tok.text in STOP:
                return False
        return True

    def _around_verb(
        self, k: int, lo: int, limit: int, conf: float, inverted: bool = True
    ) -> Attribution | None:
        """The speaker of verb k: a clitic pronoun ("dit-elle", "a-t-il ajouté"), the noun
        phrase right before it ("he said", "Amodei said"), or an inverted subject after it
        (", a déclaré Von Der Leyen", ", said Macron")."""
        doc = self.doc
        verb = doc[k]
        cue = verb.text
        for j in [k + 1, k + 2, *range(max(lo, k - 3), k)]:
            if lo <= j < min(len(doc), limit) and doc[j].text.startswith("-"):
                pron = self.lex.pronoun(doc[j])
                if pron is not None:
                    return Attribution(doc[j : j + 1], None, pron, cue, conf - 0.15, verb)
        j = k - 1
        while j >= lo and (doc[j].pos_ in ("AUX", "ADV", "PART") or doc[j].text[0] == "-"):
            j -= 1
        end = j + 1
        while j >= lo and doc[j].text not in STOP and doc[j].text != ",":
            if doc[j].pos_ in ("VERB", "AUX") and j not in self.actor_at:
                break
            j -= 1
        if j + 1 < end:
            found = self.subject_np(j + 1, end, cue, conf)
            if found is not None:
                return Attribution(
                    found.mention, found.actor, found.pronoun, cue, found.confidence, verb
                )
        if not inverted:
            return None
        j = k + 1
        while j < limit and (doc[j].pos_ in _SKIP_ADV or doc[j].lower_ in ("en", "ensuite")):
            j += 1
        found = self.subject_np(j, min(limit, j + 14), cue, conf)
        if found is not None:
            return Attribution(
                found.mention, found.actor, found.pronoun, cue, found.confidence, verb
            )
        return Attribution(None, None, None, cue, 0.4, verb)

    def incise_inside(self, quote: Span) -> Attribution | None:
        """«A, dit-elle, B»: an inverted incise between commas inside the marks."""
        doc = self.doc
        for k in range(quote.start + 1, quote.end):
            tok = doc[k]
            if not self.lex.is_quote_verb(tok):
                continue
            j = k - 1
            while j > quote.start and (doc[j].pos_ in ("AUX", "ADV") or doc[j].text[0] == "-"):
                j -= 1
            if doc[j].text not in (",", "—", "–"):
                continue
            after = k + 1
            clitic = after < quote.end and doc[after].text.startswith("-")
            aux_clitic = any(doc[x].text.startswith("-") for x in range(j + 1, k))
            if not (clitic or aux_clitic or self._inverted_subject(after, quote.end)):
                continue
            end = after
            while end < quote.end and doc[end].text not in (",", ".", "—", "–"):
                end += 1
            if end - k > 10:
                continue
            found = self._around_verb(k, j + 1, end, 0.9)
            if found is not None and found.mention is not None:
                return found
        return None

    def _inverted_subject(self, i: int, hi: int) -> bool:
        doc = self.doc
        while i < hi and doc[i].pos_ in _SKIP_ADV:
            i += 1
        return i < hi and (i in self.actor_at or doc[i].pos_ == "DET" or doc[i].pos_ == "PROPN")

    def introduction(self, quote_start: int, lo: int) -> Attribution | None:
        """ "X a déclaré :" / "X said:" / "X : «" / a speech verb earlier in the sentence."""
        doc = self.doc
        k = quote_start - 1
        while k >= lo and (doc[k].is_space or doc[k].text in ("«", "“", '"', "‹", "„")):
            k -= 1
        if k < lo:
            return None
        if doc[k].text == ":":
            # "Macron : «" — the mention right before the colon.
            prev = self.actor_at.get(k - 1)
            if prev is not None and prev.end == k:
                return Attribution(prev, prev, None, ":", 0.8)
        for j in range(k, lo - 1, -1):
            tok = doc[j]
            if tok.text in STOP and j != k:
                break
            if self.lex.is_quote_verb(tok) and tok.pos_ in ("VERB", "AUX", "ADJ", "NOUN"):
                if tok.pos_ == "NOUN" and tok.dep_ not in ("ROOT",):
                    continue
                found = self.subject_of(tok, lo)
                if found is not None:
                    return found
        return None

    def subject_of(self, verb: Token, lo: int, hi: int | None = None) -> Attribution | None:
        """Subject of a verb before a quote: the parse's nsubj, else the nearest NP before."""
        doc = self.doc
        cue = verb.text
        heads = [verb]
        if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.i < verb.i:
            heads.append(verb.head)
        for head in heads:
            for child in head.children:
                if child.dep_ in ("nsubj", "nsubj:pass", "expl:subj") or child.dep_ == "nsubjpass":
                    if child.lower_ in self.lex.first_person:
                        return None
                    pron = self.lex.pronoun(child)
                    if pron is not None:
                        return Attribution(doc[child.i : child.i + 1], None, pron, cue, 0.7, verb)
                    actor = self.actor_at.get(child.i)
                    if actor is not None:
                        return Attribution(actor, actor, None, cue, 0.85, verb)
                    left = child.left_edge.i
                    found = self.subject_np(left, child.i + 1, cue, 0.85)
                    if found is not None:
                        return Attribution(
                            found.mention, found.actor, found.pronoun, cue, found.confidence, verb
                        )
        if hi is None:
            return self._around_verb(verb.i, max(lo, verb.i - 12), verb.i + 1, 0.8, False)
        return self._around_verb(verb.i, max(lo, verb.i - 12), hi, 0.8)

    def according_to(self, lo: int, hi: int) -> Attribution | None:
        """ "selon X" / "d'après X" / "according to X" within tokens lo..hi-1."""
        doc = self.doc
        low = [t.lower_ for t in doc[lo:hi]]
        for phrase in self.lex.according:
            n = len(phrase)
            for k in range(len(low) - n + 1):
                if tuple(low[k : k + n]) == phrase:
                    start = lo + k + n
                    found = self.subject_np(start, min(hi, start + 14), " ".join(phrase), 0.8)
                    if found is not None:
                        return found
        return None
