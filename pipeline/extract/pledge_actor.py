"""Who pledges an amount: read on the dependency parse, climbing from the amount to its cue.

At each head above the amount, nearest first: the agent of a passive ("announced by
Brookfield", "annoncés par Emmanuel Macron"); for nouns, the possessor ("France's plan", "le
plan de 109 milliards de la France", "its fund", "ses promoteurs"); for verbs, the subject
("InvestAI will mobilise", "le président français a dévoilé"), where a relative pronoun
stands for its antecedent ("Macron, qui a promis"), a first-person pronoun for the speaker of
the quote holding the amount ("we are announcing"), and a third-person pronoun for the most
recent compatible actor mention before it ("elle a promis"). Verbs without a subject of their
own (xcomp, participles, infinitives) pass the search on to the verb that governs them.
Mentions are the actor component's (doc.spans[ACTORS]), so KB roles ("the French president")
are already resolved to people.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from pipeline.extract import ACTORS
from pipeline.extract.kb import ActorKB
from pipeline.extract.pledge_cues import PledgeCues
from pipeline.extract.pledge_rules import MAX_HOPS, fold

_POSSESSIVE_CASE = frozenset({"de", "du", "des", "d'", "of"})
_AGENT = ("agent", "obl:agent")
_PASSIVE_SUBJ = ("nsubjpass", "nsubj:pass", "csubjpass")
_WINDOW_CHARS = 600  # how far back a pronoun looks for its antecedent


class Mentions:
    """The actor mentions of a doc, indexed by token (built once per doc)."""

    def __init__(self, doc: Doc, kb: ActorKB) -> None:
        self.doc = doc
        self.kb = kb
        self.spans = sorted(doc.spans[ACTORS] if ACTORS in doc.spans else [], key=_order)
        self.by_token: dict[int, Span] = {}
        for m in self.spans:
            for i in range(m.start, m.end):
                self.by_token.setdefault(i, m)

    def at(self, tok: Token) -> Span | None:
        """The mention covering a token."""
        return self.by_token.get(tok.i)

    def in_tree(self, head: Token, skip: set[int], possessive: bool = False) -> Span | None:
        """The shallowest mention in head's subtree (ties: leftmost). With `possessive`, only
        possessive links are followed (de/of, flat names, appositions, compounds)."""
        best: tuple[int, int, Span] | None = None
        stack = [(head, 0)]
        while stack:
            tok, depth = stack.pop()
            if tok.i in skip:
                continue
            mention = self.at(tok)
            if mention is not None and (best is None or (depth, mention.start) < best[:2]):
                best = (depth, mention.start, mention)
                continue
            for child in tok.children:
                if possessive and not _possessive_link(child):
                    continue
                stack.append((child, depth + 1))
        return best[2] if best else None

    def before(self, i: int, kinds: tuple[str, ...]) -> Span | None:
        """The most recent mention ending before token i whose type fits `kinds`, tried in
        order of preference; 'ORG+GPE' takes the most recent of either type, 'PERSON|f'
        requires a woman when the KB knows the person's gender."""
        limit = self.doc[i].idx - _WINDOW_CHARS
        for kind in kinds:
            wanted = [k.partition("|") for k in kind.split("+")]
            for m in reversed(self.spans):
                if m.end > i or m.start_char < limit or self.dateline_span(m):
                    continue
                if any(
                    m.label_ == label and (not gender or self._gender_ok(m, gender))
                    for label, _, gender in wanted
                ):
                    return m
        return None

    def dateline_span(self, m: Span) -> bool:
        """An all-capitals place opening a paragraph ("PARIS, Feb 10 -"): a dateline, not
        an actor of the sentence."""
        text = m.text
        if not text.isupper() or len(text) < 3:
            return False
        line_start = self.doc.text.rfind("\n", 0, m.start_char) + 1
        return not self.doc.text[line_start : m.start_char].strip()

    def dateline(self, tok: Token) -> bool:
        """A token whose subtree is only a dateline mention."""
        m = self.at(tok)
        return m is not None and self.dateline_span(m)

    def _gender_ok(self, mention: Span, gender: str) -> bool:
        info = mention._.actor
        entry = self.kb.get(info.kb_id) if info is not None and info.kb_id else None
        return entry is None or entry.gender in (None, gender)


def _order(span: Span) -> tuple[int, int]:
    return span.start, span.end


def _possessive_link(child: Token) -> bool:
    if child.dep_ in ("flat", "flat:name", "appos", "compound", "amod", "poss", "nmod:poss"):
        return True
    if child.dep_ in ("nmod", "pobj", "prep"):
        if child.dep_ == "prep":
            return fold(child.text) in _POSSESSIVE_CASE
        cases = [fold(c.text) for c in child.children if c.dep_ == "case"]
        return not cases or any(c in _POSSESSIVE_CASE for c in cases)
    return False


class PledgerFinder:
    """Finds the pledger mention of an amount; see the module docstring."""

    def __init__(self, cues: PledgeCues) -> None:
        self.cues = cues

    def find(
        self,
        span: Span,
        mentions: Mentions,
        speaker: Span | None,
        cue: Token | None = None,
        bounds: tuple[int, int] | None = None,
    ) -> tuple[Span | None, str]:
        """(mention, how): how is agent | possessor | subject | relative | pronoun | quote |
        apposition | first_person (a we/nous without a known speaker) | unnamed (a subject
        naming nobody) | none. `cue` is the token that made the amount a pledge; `bounds`
        the paragraph's characters, which the search never leaves (parses run across
        paragraphs)."""
        lo, hi = bounds or (0, len(span.doc.text))
        skip = set(range(span.start, span.end))
        levels = [span.root]
        if cue is not None and cue.head.i in skip:
            levels.append(cue)  # a modifier of the amount: "the €20bn announced by X"
        self._climb(span.root, levels, lo, hi)
        if cue is not None and cue not in levels:  # a cue off the path (the word window)
            levels.append(cue)
            self._climb(cue, levels, lo, hi)
        for k, tok in enumerate(levels):
            if k > 0 and tok.i not in skip and tok.pos_ in ("PROPN", "NOUN"):
                here = mentions.at(tok)
                if here is not None:
                    return here, "apposition"
            found = self._agent(tok, mentions, skip)
            if found is not None:
                return found, "agent"
            if k == 0 or self._cue_noun(tok):
                found, how = self._possessor(tok, mentions, skip, speaker)
                if found is not None or how == "first_person":
                    return found, how
            if tok.pos_ in ("VERB", "AUX"):
                found, how, stop = self._subject(tok, mentions, skip, speaker)
                if found is not None or stop:
                    return found, how
        return None, "none"

    @staticmethod
    def _climb(tok: Token, levels: list[Token], lo: int, hi: int) -> None:
        for _ in range(MAX_HOPS):
            if tok.head.i == tok.i or not lo <= tok.head.idx < hi:
                return
            tok = tok.head
            if tok not in levels:
                levels.append(tok)

    def _cue_noun(self, tok: Token) -> bool:
        return tok.pos_ in ("NOUN", "PROPN") and (
            fold(tok.lemma_) in self.cues.nouns or fold(tok.text) in self.cues.nouns
        )

    def _agent(self, tok: Token, mentions: Mentions, skip: set[int]) -> Span | None:
        """The agent of a passive verb, or of a participle qualifying this noun ("the plan
        unveiled by X", "engagements annoncés par X")."""
        heads = [tok]
        if tok.pos_ in ("NOUN", "PROPN", "NUM"):
            heads += [c for c in tok.children if c.dep_ == "acl" and c.i not in skip]
        for head in heads:
            for child in head.children:
                if child.dep_ in _AGENT:
                    found = mentions.in_tree(child, skip)
                    if found is not None:
                        return found
        return None

    def _possessor(
        self, tok: Token, mentions: Mentions, skip: set[int], speaker: Span | None
    ) -> tuple[Span | None, str]:
        for child in tok.children:
            if child.i in skip:
                continue
            is_poss_pron = "Yes" in child.morph.get("Poss") or (
                child.dep_ == "poss" and child.pos_ == "PRON"
            )
            if is_poss_pron:
                return self._pronoun(child, mentions, speaker)
            if child.dep_ in ("poss", "nmod:poss") or (
                child.dep_ == "compound" and child.pos_ == "PROPN"
            ):
                found = mentions.in_tree(child, skip, possessive=True)
                if found is not None:
                    return found, "possessor"
            if child.dep_ in ("nmod", "prep") and child.i > tok.i and _possessive_link(child):
                found = mentions.in_tree(child, skip, possessive=True)
                if found is not None:
                    return found, "possessor"
        return None, "none"

    def _subject(
        self, verb: Token, mentions: Mentions, skip: set[int], speaker: Span | None
    ) -> tuple[Span | None, str, bool]:
        """(mention, how, stop): stop once the verb has a subject of its own."""
        subjects = [
            c
            for c in verb.children
            if c.dep_ in ("nsubj", "csubj", "expl:subj") and not mentions.dateline(c)
        ]
        if not subjects:
            if verb.dep_ == "acl" and verb.head.i not in skip:
                # "le projet, présenté par X, prévoit ..." parsed as a participle of the noun:
                # the noun is the subject.
                head = verb.head
                found = mentions.at(head) or mentions.in_tree(
                    head, skip | {t.i for t in verb.subtree}
                )
                if found is not None:
                    return found, "subject", True
            return None, "none", False
        for subj in subjects:
            word = fold(subj.text)
            if subj.pos_ == "PRON" or word in self.cues.relatives:
                if word in self.cues.relatives and verb.dep_ in ("relcl", "acl:relcl", "acl"):
                    head = verb.head
                    found = mentions.at(head) or mentions.in_tree(
                        head, skip | {t.i for t in verb.subtree}, possessive=True
                    )
                    return found, "relative", found is not None
                found, how = self._pronoun(subj, mentions, speaker)
                return found, how, True
            found = mentions.in_tree(subj, skip)
            if found is not None:
                return found, "subject", True
        for subj in subjects:
            for tok in subj.subtree:
                if "Yes" in tok.morph.get("Poss") or (tok.dep_ == "poss" and tok.pos_ == "PRON"):
                    found, how = self._pronoun(tok, mentions, speaker)
                    if found is not None:
                        return found, how, True
        # A subject naming nobody ("the company") is still the subject: climbing further
        # would reach the reporter ("..., she said"), who is not the pledger.
        return None, "unnamed", True

    def _pronoun(
        self, pron: Token, mentions: Mentions, speaker: Span | None
    ) -> tuple[Span | None, str]:
        word = fold(pron.text).lstrip("-")
        if word in self.cues.first_person:
            return (speaker, "quote") if speaker is not None else (None, "first_person")
        kinds = self.cues.pronouns.get(word)
        if not kinds:
            return None, "none"
        return mentions.before(pron.i, kinds), "pronoun"

    def subject_left_of(self, span: Span, cue: Token | None, mentions: Mentions) -> Span | None:
        """Fallback on a broken parse: the nearest mention before the cue (or the amount) in
        the same sentence that sits inside some subject."""
        limit = cue.i if cue is not None and cue.i < span.start else span.start
        sent = span.sent
        for m in reversed(mentions.spans):
            if m.start < sent.start or m.end > limit or mentions.dateline_span(m):
                continue
            tok = m.root
            for _ in range(MAX_HOPS):
                if tok.dep_ in ("nsubj", "nsubj:pass", "nsubjpass"):
                    return m
                if tok.head.i == tok.i:
                    break
                tok = tok.head
        return None
