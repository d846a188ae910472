"""Pledger evidence read on the words, where the parses of real news break: the n-th of
coordinated actors for the n-th amount of a "respectively" clause, the name opening an
all-capitals headline, the owner named after a parenthesised conversion; and the parts of a
subject's phrase that are not who the subject is (modifier clauses, places a participle
names, a split demonstrative). pledger.py calls them.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from pipeline.extract import ACTORS, doc_text
from pipeline.extract.attribution import MentionIndex, Tables, possessive_link
from pipeline.extract.pledges.cues import PledgeCues
from pipeline.extract.pledges.rules import paragraph
from pipeline.rules_data import fold, fold_case

STOPS = frozenset({".", ";", "!", "?"})
DASHES = (" - ", " — ", " – ")
HEADLINE_CHARS = 160  # longer all-capitals lines are shouting prose, not headlines
_OWNER_PREPS = frozenset({"de", "du", "des", "d'", "d’", "from"})
_CLAUSE_DEPS = ("acl", "relcl", "acl:relcl")
_AGENT = ("agent", "obl:agent")


class WordEvidence:
    """The word-level pledger passes of one language."""

    def __init__(self, cues: PledgeCues, tables: Tables) -> None:
        self.cues = cues
        self.tables = tables

    def respective(self, span: Span, amounts: list[Span], mentions: MentionIndex) -> Span | None:
        """'Norway and Denmark pledged $40m and $25m, respectively', 'L'Allemagne et l'Italie
        ont promis respectivement 200 et 120 millions': in a clause with a word of
        'respectively', the n-th amount goes to the n-th of as many coordinated actors
        before the first amount. The clause is read on the words (between full stops or
        semicolons of the paragraph): parsers often cut such sentences apart."""
        doc = span.doc
        lo, hi = paragraph(span)
        if not any(word in fold_case(doc_text(doc)[lo:hi]) for word in self.cues.respective):
            return None  # most paragraphs: no word of 'respectively' at all
        start = span.start
        while start > 0 and doc[start - 1].idx >= lo and doc[start - 1].text not in STOPS:
            start -= 1
        end = span.end
        while end < len(doc) and doc[end].idx < hi and doc[end].text not in STOPS:
            end += 1
        if not any(fold_case(t.text) in self.cues.respective for t in doc[start:end]):
            return None
        mine = [
            a for a in amounts if start <= a.start and a.end <= end and doc[a.start - 1].text != "("
        ]
        if span.start not in [a.start for a in mine] or len(mine) < 2:
            return None
        runs: list[list[Span]] = []
        k = start
        while k < mine[0].start:
            m = mentions.at(k)
            if m is None or m.start != k:
                k += 1
                continue
            run = [m]
            j = m.end
            while j < mine[0].start:
                word = fold(doc[j].text)
                if word in ("and", "et", ",") or word in self.tables.determiners:
                    j += 1
                    continue
                nxt = mentions.at(j)
                if nxt is None or nxt.start != j:
                    break
                run.append(nxt)
                j = nxt.end
            runs.append(run)
            k = j
        for run in runs:
            if len(run) == len(mine):
                return run[[a.start for a in mine].index(span.start)]
        return None

    @staticmethod
    def headline_line(span: Span) -> tuple[int, int] | None:
        """The characters of the all-capitals headline holding the amount, if it is in one."""
        lo, hi = paragraph(span)
        line = doc_text(span.doc)[lo:hi].strip()
        if len(line) > HEADLINE_CHARS:  # before counting letters: most paragraphs are long
            return None
        letters = [c for c in line if c.isalpha()]
        upper = sum(c.isupper() for c in letters)
        if not letters or upper < 0.8 * len(letters):
            return None
        return lo, hi

    def headline_opener(self, span: Span, mentions: MentionIndex) -> Span | None:
        """'KAIDEN ROBOTICS TO INVEST 1.5 TRILLION YEN', 'STAVRA, QALAM SIGN $5 BILLION …',
        'ÉNERGIE : ÉLECTRA ET AL WAKRA SCELLENT UN ACCORD DE 4 MILLIARDS': the parse of an
        all-capitals headline is unreliable, so its pledger is read on the words: the name
        opening the headline's clause (after a rubric and its colon, if the rubric names
        nobody), as the text below writes it, else the headline's own known actor. An event
        opening the headline ('AFRICA CLIMATE SUMMIT AIMS FOR …') pledges nothing."""
        bounds = self.headline_line(span)
        if bounds is None:
            return None
        lo, _ = bounds
        doc = span.doc
        before = [t for t in doc[: span.start] if t.idx >= lo and not t.is_space]
        colon = next((k for k, t in enumerate(before) if t.text == ":"), None)
        parts = [before] if colon is None else [before[colon + 1 :], before[:colon]]
        for part in parts:
            words = [t for t in part if t.is_alpha and fold(t.text) not in self.tables.determiners]
            if not words:
                continue
            found = self._opener(words[0], mentions)
            if found is not None:
                return found
        return None

    def _opener(self, first: Token, mentions: MentionIndex) -> Span | None:
        """The actor a headline's first word names: the text's name that begins with it
        (a mention, else the run of capitalised words), or the word's own KB mention."""
        doc = first.doc
        key = fold(first.text)
        for tok in doc:
            if tok.i == first.i or fold(tok.text) != key or tok.text.isupper():
                continue
            found = mentions.at(tok.i)
            if found is None:
                end = tok.i + 1
                while end < len(doc) and end - tok.i < 4 and doc[end].text.istitle():
                    end += 1
                found = doc[tok.i : end]
            if any(fold(t.text) in self.cues.event_heads for t in found):
                return None
            return found
        # the headline's own known actor ("GERMANY UNVEILS …"): the index may have set it
        # aside as a place, so the document's actor spans are read
        for here in doc.spans.get(ACTORS, []):
            if here.start == first.i and here._.actor is not None and here._.actor.kb_id:
                return here
        return None

    def headline(self, span: Span, mentions: MentionIndex) -> tuple[bool, Span | None]:
        """(is a pledge, pledger) of an amount in an all-capitals headline the parse cannot
        read ("NORTHVOLT : 7 MILLIARDS DE DOLLARS POUR UNE USINE", "ACME: $2BN FOR AI"): a
        name and a colon before it, or a purpose word right after it, make it a pledge;
        the name before the colon is its pledger (the same name's mention in the text if
        there is one)."""
        bounds = self.headline_line(span)
        if bounds is None:
            return False, None
        doc = span.doc
        lo, hi = bounds
        before = [t for t in doc[: span.start] if t.idx >= lo and not t.is_space]
        colon = next((k for k, t in enumerate(before) if t.text == ":"), None)
        after = doc[span.end] if span.end < len(doc) and doc[span.end].idx < hi else None
        purpose = after is not None and fold_case(after.text) in self.cues.headline_purpose
        if not colon and not purpose:
            return False, None
        opener = self.headline_opener(span, mentions)
        if opener is not None or not colon:
            return True, opener
        words = doc[before[0].i : before[colon - 1].i + 1]
        key = fold(words.text)
        same = [m for m in mentions.spans if (fold(m.text) + " ").startswith(key + " ")]
        if same:
            return True, same[0]
        return True, words if all(t.is_alpha for t in words) and len(words) <= 4 else None

    def owner_after(self, span: Span, mentions: MentionIndex) -> Span | None:
        """'un engagement de 50 milliards d'euros (55 milliards de dollars) de l'Union
        européenne': the owner named right after the amount (past a conversion in
        parentheses) by de/of/from, which the parse hung elsewhere."""
        doc = span.doc
        k = span.end
        if k < len(doc) and doc[k].text == "(":
            while k < len(doc) and doc[k].text != ")" and k - span.end < 12:
                k += 1
            k += 1
        if k >= len(doc) or fold_case(doc[k].text) not in _OWNER_PREPS:
            return None
        k += 1
        while k < len(doc) and doc[k].pos_ == "DET":
            k += 1
        found = mentions.at(k) if k < len(doc) else None
        return found if found is not None and found.start == k else None


def fuller(actor: Span, mentions: MentionIndex) -> Span:
    """'Qalam will provide $3bn', 'from Kaiden': a one-word name the KB does not know, where
    the text also writes it as the first word of a longer name ('Qalam Capital', 'Kaiden
    Robotics'), is that longer name's company (its mention, else its run of capitalised
    proper names)."""
    info = actor._.actor
    known = info is not None and info.kb_id
    if len(actor) != 1 or known or actor.label_ == "PERSON" or not actor.text.istitle():
        return actor
    doc = actor.doc
    key = fold(actor.text)
    for tok in doc:
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if tok.i == actor.start or fold(tok.text) != key or nxt is None:
            continue
        if not (nxt.is_alpha and nxt.text.istitle()):
            continue
        found = mentions.at(tok.i)
        if found is not None and found.start == tok.i and len(found) > 1:
            return found
        end = tok.i + 1
        while end < len(doc) and end - tok.i < 4 and doc[end].is_alpha and doc[end].text.istitle():
            end += 1
        return doc[tok.i : end]
    return actor


def hyphenated(pron: Token) -> str:
    """A demonstrative the tokenizer split ("Celle", "-", "ci"): its whole word."""
    doc = pron.doc
    tail = doc[pron.i + 1 : pron.i + 3]
    if len(tail) == 2 and tail[0].text == "-" and tail[1].lower_ in ("ci", "là"):
        return pron.text + "-" + tail[1].text
    return pron.text


def off_subject(mention: Span, subj: Token) -> bool:
    """Is the mention, inside the subject's phrase, no part of who the subject is: in a
    clause modifying it ("Donors … aimed at funding Ukraine's reconstruction") or behind a
    preposition that sets it apart ("d'autres moyens, hors la CI, seront proposés")?"""
    if mention.start in modifier_clauses(subj):
        return True
    tok = mention.root
    while tok.i != subj.i and tok.head.i != tok.i:
        if not possessive_link(tok) and tok.dep_ not in ("conj", "nmod:poss", "poss"):
            return True
        tok = tok.head
    return False


def modifier_clauses(subj: Token) -> set[int]:
    """Tokens of the clauses modifying a subject ("Donors at a conference aimed at funding
    Ukraine's reconstruction"), where the actors named are not the subject; an agent
    inside them ("a consortium led by X") still counts."""
    out: set[int] = set()
    for tok in subj.subtree:
        participle = tok.dep_ == "amod" and tok.pos_ == "VERB"  # "the Toronto-based fund"
        if not (tok.dep_ in _CLAUSE_DEPS or participle) or tok.i == subj.i:
            continue
        for c in tok.children:
            if c.dep_ in _AGENT or fold(c.left_edge.text) in ("by", "par"):
                continue  # the way to the agent stays open
            out.update(t.i for t in c.subtree)
    return out
