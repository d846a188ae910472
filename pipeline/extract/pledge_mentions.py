"""The actor mentions of a document as the pledger search needs them: by token, nearest in a
subtree, most recent before a pronoun or a definite description, datelines set aside.

Mentions are the actor component's (doc.spans[ACTORS]): KB names, NER names and resolved
roles ("le président français"). The index is built once per document.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from pipeline.extract import ACTORS, doc_text
from pipeline.extract.actors.component import capital_country
from pipeline.extract.actors.kb import ActorKB
from pipeline.extract.pledges.rules import fold

POSSESSIVE_CASE = frozenset({"de", "du", "des", "d'", "of"})
AGENT_WORDS = frozenset({"par", "by"})
SUBJECTS = ("nsubj", "nsubjpass", "nsubj:pass")
NAME_LINKS = ("compound", "flat", "flat:name", "appos", "amod")
WINDOW_CHARS = 600  # how far back a pronoun looks for its antecedent
_DASHES = (" — ", " – ", " - ", " -- ")


def _order(span: Span) -> tuple[int, int]:
    return span.start, span.end


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


def _phrase_head(span: Span) -> Token:
    """The head of the noun phrase a name is in ("Minister" for "Prime Minister Anthony
    Albanese" when the parse hangs the name on its title)."""
    tok = span.root
    while tok.dep_ in NAME_LINKS and tok.head.i != tok.i:
        tok = tok.head
    return tok


class Mentions:
    """The actor mentions of a doc, indexed by token."""

    def __init__(self, doc: Doc, kb: ActorKB) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.kb = kb
        self.spans = sorted(doc.spans.get(ACTORS, []), key=_order)
        self.by_token: dict[int, Span] = {}
        self._datelines: dict[int, int] = {}  # paragraph start -> end of its dateline
        for m in self.spans:
            for i in range(m.start, m.end):
                self.by_token.setdefault(i, m)

    def country_of_capital(self, span: Span) -> Span | None:
        """ "Berne a débloqué 5 milliards", "Canberra committed A$9bn": a capital that pledges
        stands for its country's government. The country's mention nearest before the
        capital (else the first after it); None when the capital is no known one or the
        document never names its country (the capital then stays the pledger)."""
        country = capital_country(span.text) if span.label_ == "GPE" else None
        if country is None:
            return None
        same = [m for m in self.spans if m._.actor is not None and m._.actor.kb_id == country]
        before = [m for m in same if m.start < span.start]
        return before[-1] if before else (same[0] if same else None)

    def at(self, tok: Token) -> Span | None:
        """The mention covering a token (datelines excluded)."""
        m = self.by_token.get(tok.i)
        return None if m is None or self.dateline_span(m) else m

    def in_tree(self, head: Token, skip: set[int], possessive: bool = False) -> Span | None:
        """The closest mention in head's subtree (ties: leftmost). Complements of place or
        time ("en janvier à Washington") count as far away, agents ("par OpenAI") as near,
        and a role ("le premier ministre") a little farther than the name next to it. With
        `possessive`, only possessive links are followed (de/of, names, appositions)."""
        best: tuple[float, int, Span] | None = None
        stack: list[tuple[Token, float]] = [(head, 0.0)]
        while stack:
            tok, depth = stack.pop()
            if tok.i in skip:
                continue
            mention = self.at(tok)
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

    def person_in_apposition(self, place: Span) -> Span | None:
        """ "Un mois plus tard, au Caire, Ursula von der Leyen annonçait": a person in
        apposition to a place is the parse's mistake for the clause's subject."""
        if place.label_ != "GPE":
            return None
        for child in place.root.children:
            person = self.at(child) if child.dep_ == "appos" else None
            if person is not None and person.label_ == "PERSON":
                return person
        return None

    def before(self, i: int, kinds: tuple[str, ...]) -> Span | None:
        """The most recent mention ending before token i whose type fits `kinds`, tried in
        order of preference; 'ORG+GPE' takes the most recent of either type, 'PERSON|f'
        requires a woman when the KB knows the person's gender, 'COUNTRY' a GPE that is a
        country in the KB."""
        limit = self.doc[i].idx - WINDOW_CHARS
        for kind in kinds:
            wanted = [k.partition("|") for k in kind.split("+")]
            fits = [
                m
                for m in reversed(self.spans)
                if m.end <= i
                and m.start_char >= limit
                and not self.dateline_span(m)
                and any(self._fits(m, label, gender) for label, _, gender in wanted)
            ]
            if fits:
                return self._salient(fits, self.doc[i])
        return None

    @staticmethod
    def _salient(fits: list[Span], pron: Token) -> Span:
        """The most recent of `fits` (nearest first), unless it sits in a complement of the
        pronoun's sentence and an earlier one is that sentence's subject: "When Albanese stood
        beside Sunak, his government committed A$368bn" is Albanese's government."""
        last = fits[0]
        if last.sent.start != pron.sent.start or _phrase_head(last).dep_ in SUBJECTS:
            return last
        for m in fits[1:]:
            if m.sent.start != pron.sent.start:
                break
            if _phrase_head(m).dep_ in SUBJECTS:
                return m
        return last

    def _fits(self, m: Span, label: str, gender: str) -> bool:
        info = m._.actor
        entry = self.kb.get(info.kb_id) if info is not None and info.kb_id else None
        if label == "COUNTRY":
            return m.label_ == "GPE" and entry is not None and entry.country is None
        if m.label_ != label:
            return False
        return not gender or entry is None or entry.gender in (None, gender)

    def dateline_span(self, m: Span) -> bool:
        """A mention inside a paragraph's dateline ("PARIS, Feb 10 -", "SANTA CLARA,
        California —"): it dates the story and names no actor of the sentence."""
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

    def last_subject(self, i: int, chars: int) -> Span | None:
        """The most recent mention before token i (within `chars`) that is a subject: the
        topic of the passage when nothing closer names a pledger."""
        limit = self.doc[i].idx - chars
        for m in reversed(self.spans):
            if m.end > i or m.start_char < limit or self.dateline_span(m):
                continue
            root = m.root
            if root.dep_ in SUBJECTS or (root.head.dep_ in SUBJECTS and root.dep_ in NAME_LINKS):
                return m
        return None
