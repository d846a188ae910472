"""A document's actor mentions, indexed once for every "who" search (speakers and pledgers).

The mentions are the actor component's (doc.spans[ACTORS]): KB names and aliases, NER names,
roles the KB resolved ("le président français") and demonyms. They barely overlap: only a
known organisation inside a role ("the head of Anthropic"). The tie rule: a token's mention
is the LONGEST covering it (the role, which names a person). A mention inside a paragraph's
dateline ("PARIS, Feb 10 -") dates the story and is no actor of any sentence, nor is the person
on a byline ("Par X", "By X"): the index leaves them out of every search. The index is built
once per Doc (`MentionIndex.of`), for the claims and the pledges components both.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from pipeline.extract import ACTORS, doc_text
from pipeline.extract.actors.kb import ActorKB, KBEntry
from pipeline.extract.attribution.tables import SUBJECT_DEPS
from pipeline.rules_data import fold

POSSESSIVE_CASE = frozenset({"de", "du", "des", "d'", "of"})
AGENT_WORDS = frozenset({"par", "by"})
NAME_LINKS = ("compound", "flat", "flat:name", "appos", "amod")
_DASHES = (" — ", " – ", " - ", " -- ")
_BYLINE_WORDS = frozenset({"par", "by", "de"})  # "Par David Martin": the author's line


def possessive_link(child: Token) -> bool:
    """A child that still belongs to its head's name or owner (de/of, names, appositions)."""
    if child.dep_ in ("flat", "flat:name", "appos", "compound", "amod", "poss", "nmod:poss"):
        return True
    if child.dep_ in ("nmod", "pobj", "prep"):
        if child.dep_ == "prep":
            return fold(child.text) in POSSESSIVE_CASE
        cases = [fold(c.text) for c in child.children if c.dep_ == "case"]
        return not cases or any(c in POSSESSIVE_CASE for c in cases)
    return False


def _distance(child: Token) -> float:
    """How far a child leads from its head when looking for the head's actor: one step, ten
    more through a preposition of place or time, half a step less through an agent."""
    cases = [fold(c.text) for c in child.children if c.dep_ == "case"]
    word = fold(child.text) if child.dep_ in ("prep", "agent") else (cases[0] if cases else "")
    if child.dep_ in ("agent", "obl:agent") or word in AGENT_WORDS:
        return 0.5
    if word and word not in POSSESSIVE_CASE:
        return 11.0
    return 1.0


def phrase_head(span: Span) -> Token:
    """The head of the noun phrase a name is in ("Minister" for "Prime Minister Anthony
    Albanese" when the parse hangs the name on its title)."""
    tok = span.root
    while tok.dep_ in NAME_LINKS and tok.head.i != tok.i:
        tok = tok.head
    return tok


def is_subject(span: Span) -> bool:
    """The subject of its clause, or the possessor of the subject ("Masayoshi Son's SoftBank
    has agreed")."""
    root = span.root
    if root.dep_ in ("appos", "flat:name", "flat", "compound"):
        root = root.head
    if root.dep_ in ("poss", "nmod:poss"):
        root = root.head
    return root.dep_ in SUBJECT_DEPS


_INDEX_KEY = "briefing_mentions"


class MentionIndex:
    """The actor mentions of one Doc, by token; see the module docstring."""

    @classmethod
    def of(cls, doc: Doc, kb: ActorKB) -> MentionIndex:
        """The Doc's index, built on first use and kept in the Doc (the actor spans are
        written once, by the actor component, before any component asks)."""
        cached = doc.user_data.get(_INDEX_KEY)
        count = len(doc.spans.get(ACTORS, []))
        if isinstance(cached, tuple) and cached[0] == count and cached[1].kb is kb:
            return cached[1]
        index = cls(doc, kb)
        doc.user_data[_INDEX_KEY] = (count, index)
        return index

    def __init__(self, doc: Doc, kb: ActorKB) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.kb = kb
        self._datelines: dict[int, int] = {}  # line start -> end of its dateline (or -1)
        from pipeline.extract.actors.places import located  # the actor component imports us

        every = sorted(doc.spans.get(ACTORS, []), key=lambda s: (s.start, s.end))
        self.spans: list[Span] = []
        self.dateline_tokens: set[int] = set()
        for m in every:
            if self.dateline(m):
                self.dateline_tokens.update(range(m.start, m.end))
            elif m.label_ == "PERSON" and self.byline(m):
                continue  # "Par Piero Facchin": the author, no one in the story
            elif not located(m):  # "a London-based analyst said": the analyst speaks
                self.spans.append(m)
        self._at: dict[int, list[Span]] = {}
        for m in sorted(self.spans, key=lambda s: (s.start, -len(s))):
            for i in range(m.start, m.end):
                self._at.setdefault(i, []).append(m)

    # ------------------------------------------------------------------ by token
    def at(self, i: int) -> Span | None:
        """The mention covering token i: the longest (see the module docstring)."""
        found = self._at.get(i)
        return found[0] if found else None

    def __contains__(self, i: int) -> bool:
        return i in self._at

    def dateline(self, m: Span) -> bool:
        """A mention inside a paragraph's dateline ("PARIS, Feb 10 -", "SANTA CLARA,
        California —", an all-capitals place opening its line before a comma)."""
        text = self.text
        line_start = text.rfind("\n", 0, m.start_char) + 1
        if line_start not in self._datelines:
            head = text[line_start : line_start + 80]
            cuts = [head.find(d) for d in _DASHES if 0 < head.find(d) < 60]
            end = line_start + min(cuts) if cuts else -1
            if end == -1 and head[:1].isupper():
                comma = head.find(",")
                word = head[:comma] if comma > 0 else ""
                end = line_start + comma if word.isupper() and len(word) > 2 else -1
            self._datelines[line_start] = end
        return m.end_char <= self._datelines[line_start]

    def byline(self, span: Span) -> bool:
        """Is the mention on a short line opened by "Par"/"By"/"De" (the author's)?"""
        text = self.text
        line_start = text.rfind("\n", 0, span.start_char) + 1
        line_end = text.find("\n", span.end_char)
        line = text[line_start : line_end if line_end >= 0 else len(text)].split()
        return bool(line) and line[0].casefold() in _BYLINE_WORDS and len(line) <= 6

    # ------------------------------------------------------------------ appositions
    def person_after_comma(self, comma: int) -> Span | None:
        """The person named right after a comma at token `comma` ("the founder of X, Arthur
        Mensch,"), if any."""
        doc = self.doc
        if comma + 1 >= len(doc) or doc[comma].text != ",":
            return None
        named = self.at(comma + 1)
        return named if named is not None and named.label_ == "PERSON" else None

    def apposed_person(self, head: Token) -> Span | None:
        """A person the parse hangs on `head` as an apposition ("Mistral AI's founder, X";
        "au Caire, Ursula von der Leyen annonçait", where the parse took the place for the
        subject); on a dateline ("PARIS, Feb 10 - Mistral AI, …, said"), any actor."""
        anyone = head.i in self.dateline_tokens
        for child in head.children:
            named = self.at(child.i) if child.dep_ == "appos" else None
            if named is not None and (anyone or named.label_ == "PERSON"):
                return named
        return None

    def person_in_apposition(self, place: Span) -> Span | None:
        """A person in apposition to a place: the parse's mistake for the clause's subject."""
        return self.apposed_person(place.root) if place.label_ == "GPE" else None

    # ------------------------------------------------------------------ on the parse
    def in_tree(self, head: Token, skip: set[int], possessive: bool = False) -> Span | None:
        """The closest mention in head's subtree (ties: leftmost). Complements of place or
        time ("en janvier à Washington") count as far away, agents ("par OpenAI") as near,
        and a role ("le premier ministre") a little farther than a name next to it. With
        `possessive`, only possessive links are followed (de/of, names, appositions)."""
        best: tuple[float, int, Span] | None = None
        stack: list[tuple[Token, float]] = [(head, 0.0)]
        while stack:
            tok, depth = stack.pop()
            if tok.i in skip:
                continue
            mention = self.at(tok.i)
            if mention is not None:
                info = mention._.actor
                cost = depth + (1.5 if info is not None and info.via == "role" else 0.0)
                if best is None or (cost, mention.start) < best[:2]:
                    best = (cost, mention.start, mention)
                if info is None or info.via != "role":
                    continue
            for child in tok.children:
                if possessive and not possessive_link(child):
                    continue
                stack.append((child, depth + _distance(child)))
        if best is not None:
            return self.person_in_apposition(best[2]) or best[2]
        return None

    def relative_antecedent(self, rel: Token, verb: Token, skip: set[int]) -> Span | None:
        """What a relative pronoun stands for: a mention right before it ("Microsoft, qui
        prévoit", "Donald Trump, who has called"), else the noun its clause hangs on."""
        doc = rel.doc
        k = rel.i - 1
        while k >= 0 and (doc[k].is_punct or doc[k].is_space):
            k -= 1
        if k >= 0:
            right_before = self.at(k)
            if right_before is not None and right_before.end == k + 1:
                return right_before
        if verb.dep_ not in ("relcl", "acl:relcl", "acl"):
            return None
        head = verb.head
        return self.at(head.i) or self.in_tree(
            head, skip | {t.i for t in verb.subtree}, possessive=True
        )

    # ------------------------------------------------------------------ in the text
    def before(
        self, i: int, kinds: tuple[str, ...], window: int, fits: object = None
    ) -> list[Span]:
        """The mentions ending before token i within `window` characters whose type fits the
        first of `kinds` that has any, most recent first. A kind is a type ("ORG"), several
        ("ORG+GPE": the most recent of either), a person of a gender ("PERSON|f") or
        "COUNTRY" (a GPE the KB knows as a country). `fits(span, gender)` tells whether a
        person may have that gender (unknown: yes)."""
        limit = self.doc[i].idx - window
        for kind in kinds:
            wanted = [k.partition("|") for k in kind.split("+")]
            found = [
                m
                for m in reversed(self.spans)
                if m.end <= i
                and m.start_char >= limit
                and any(self._fits(m, label, gender, fits) for label, _, gender in wanted)
            ]
            if found:
                return found
        return []

    def _fits(self, m: Span, label: str, gender: str, fits: object) -> bool:
        if label == "COUNTRY":
            entry = self.entry(m)
            return m.label_ == "GPE" and entry is not None and entry.country is None
        if m.label_ != label:
            return False
        return not gender or not callable(fits) or bool(fits(m, gender))

    def entry(self, m: Span) -> KBEntry | None:
        """The KB entry of a mention, if it has one."""
        info = m._.actor
        return self.kb.get(info.kb_id) if info is not None and info.kb_id else None

    def last_subject(self, i: int, chars: int) -> Span | None:
        """The most recent mention before token i (within `chars`) that is a subject: the
        topic of the passage when nothing closer names an actor."""
        limit = self.doc[i].idx - chars
        for m in reversed(self.spans):
            if m.end > i or m.start_char < limit:
                continue
            root = m.root
            if root.dep_ in SUBJECT_DEPS or (
                root.head.dep_ in SUBJECT_DEPS and root.dep_ in NAME_LINKS
            ):
                return m
        return None

    def country_of_capital(self, span: Span) -> Span | None:
        """ "Berne a débloqué 5 milliards", "Canberra committed A$9bn": a capital that acts
        stands for its country's government. The country's mention nearest before the
        capital (else the first after it); None when the capital is no known one or the
        document never names its country."""
        from pipeline.extract.actors.component import (
            capital_country,  # the actor component imports us
        )

        country = capital_country(span.text) if span.label_ == "GPE" else None
        if country is None:
            return None
        same = [m for m in self.spans if m._.actor is not None and m._.actor.kb_id == country]
        before = [m for m in same if m.start < span.start]
        return before[-1] if before else (same[0] if same else None)
