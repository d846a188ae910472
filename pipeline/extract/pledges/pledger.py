"""Who pledges an amount: read on the dependency parse, climbing from the amount to its cue.

First a gapped coordination ("the EU is contributing €18bn, Britain £2.3bn"). Then, at each
head above the amount, nearest first: the agent of a passive ("announced by Brookfield",
"annoncés par Emmanuel Macron"); for the amount and cue nouns, the possessor ("France's
plan", "le plan de 109 milliards de la France", "its fund"); for verbs, the subject
("InvestAI will mobilise", "le président français a dévoilé"), where a relative pronoun stands
for its antecedent ("Macron, qui a promis"), a first-person pronoun for the speaker of the
quote holding the amount ("we are announcing"), a third-person pronoun for the most recent
compatible actor ("elle a promis", "it will invest"), a definite description for the most
recent organisation or country ("the company", "le gouvernement"), and an unknown proper
name for itself. Verbs without a subject of their own (xcomp, participles, infinitives) pass
the search on to the verb that governs them; so do generic subjects ("private investors would
pour €109bn, Macron said": the announcer pledges), events ("the summit should secure €20bn,
selon l'Élysée"), recipients ("Italy received", "a grant of $12m to Tessaly … will pay") and
verbs of overseeing ("who oversees the programme"). A commitment noun's owner pledges whoever
the subject is ("brings X's investment to $2bn", "approve X's request for $4bn"); a deal
"between A, B and C" with no subject naming the payer leaves its first party (rule "party").
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from pipeline.extract import ACTORS, doc_text
from pipeline.extract.actors.kb import ActorKB, KBEntry
from pipeline.extract.attribution import (
    ACTIVE_SUBJECT_DEPS,
    CLAUSAL_SUBJECT_DEPS,
    IMPERSONAL_SUBJECT_DEPS,
    PASSIVE_AUX_DEPS,
    PASSIVE_SUBJECT_DEPS,
    SUBJECT_DEPS,
    Attribution,
    MentionIndex,
    Resolver,
    Tables,
    load_tables,
    possessive_link,
    run,
)
from pipeline.extract.claims.lexicon import load_lexicon
from pipeline.extract.pledges.cues import PledgeCues
from pipeline.extract.pledges.rules import MAX_HOPS, paragraph
from pipeline.extract.pledges.words import (
    DASHES,
    WordEvidence,
    hyphenated,
    modifier_clauses,
    off_subject,
)
from pipeline.rules_data import fold, fold_case

_AGENT = ("agent", "obl:agent")
_PASSIVE = PASSIVE_AUX_DEPS | PASSIVE_SUBJECT_DEPS
_ACTING = ACTIVE_SUBJECT_DEPS | CLAUSAL_SUBJECT_DEPS | IMPERSONAL_SUBJECT_DEPS
_DESCRIBES = ("appos", "acl", "relcl", "amod")  # a mention these hang on is what they describe
_SKIP_BEFORE = frozenset({"about", "around", "some", "nearly", "almost", "up", "to", "over"})
_SOURCE_PREPS = frozenset({"from", "de", "auprès", "part"})


class PledgerFinder:
    """Finds the pledger of an amount; see the module docstring."""

    def __init__(self, cues: PledgeCues) -> None:
        self.cues = cues
        self.tables: Tables = load_tables(cues.lang)
        self.lexicon = load_lexicon(cues.lang)
        self.words = WordEvidence(cues, self.tables)

    def find(
        self,
        span: Span,
        resolver: Resolver,
        speaker: Span | None,
        cue: Token | None = None,
        bounds: tuple[int, int] | None = None,
    ) -> tuple[Span | None, str]:
        """(span, how). The span is an actor mention, or for how == "name" an unknown proper
        name; how is gapping | agent | possessor | subject | relative | pronoun | definite |
        name | quote | apposition | first_person (a we/nous without a known speaker) |
        unnamed (a subject naming nobody) | none. `cue` is the token that made the amount a
        pledge; `bounds` the paragraph's characters, which the search never leaves."""
        mentions = resolver.index

        def gapping() -> Attribution | None:
            found = self.gapped(span, mentions)
            return None if found is None else Attribution(found, found, None, None, 0.8)

        climbed: list[str] = []

        def climb() -> Attribution | None:
            found, how = self._climb_search(span, resolver, speaker, cue, bounds)
            climbed.append(how)
            if how in ("none", "recipient"):
                return None
            return Attribution(found, found, None, None, 0.0, rule=how)

        def owner_after() -> Attribution | None:
            found = self.words.owner_after(span, mentions)
            return None if found is None else Attribution(found, found, None, None, 0.0)

        passes = [("gapping", gapping), ("climb", climb), ("owner_after", owner_after)]
        decision = run(passes)
        if decision is not None:
            return decision.actor, decision.rule
        return None, climbed[-1] if climbed else "none"

    def _climb_search(
        self,
        span: Span,
        resolver: Resolver,
        speaker: Span | None,
        cue: Token | None,
        bounds: tuple[int, int] | None,
    ) -> tuple[Span | None, str]:
        """The heads from the amount up, nearest first: at each, the agent, the possessor
        (of the amount or a cue noun) and the subject (of a verb)."""
        mentions = resolver.index
        lo, hi = bounds or (0, len(doc_text(span.doc)))
        skip = set(range(span.start, span.end))
        levels = [span.root]
        if cue is not None and cue.head.i in skip:
            levels.append(cue)  # a modifier of the amount: "the €20bn announced by X"
        self._climb(span.root, levels, lo, hi)
        if cue is not None and cue not in levels:  # a cue off the path (the word window)
            if cue.pos_ in ("VERB", "AUX"):
                # a parse that lost the amount's verb: that verb's own named subject first
                # ("… what Washington announced last month, the $2bn", inside a quote)
                found, how, _ = self._subject(cue, resolver, skip, speaker)
                if found is not None and how == "subject":
                    return found, how
            levels.append(cue)
            self._climb(cue, levels, lo, hi)
        received = False
        party: Span | None = None  # "a deal between A, B and C": the best candidate left
        for k, tok in enumerate(levels):
            if k > 0 and tok.i not in skip and levels[k - 1].dep_ in _DESCRIBES:
                here = mentions.at(tok.i)
                if here is not None:
                    return here, "apposition"
            found = self._agent(tok, resolver, skip)
            if found is not None:
                return found, "agent"
            found = self._giver(tok, mentions, skip, k == 0)
            if found is not None:
                return found, "giver"
            verbal = k == 0 or tok.pos_ in ("VERB", "AUX")
            adj = self._national(tok, span, mentions.kb) if verbal else None
            if adj is not None:
                found = next((m for m in _actor_spans(adj) if m.label_ == "GPE"), None)
                if found is not None:
                    return found, "possessor"
                break  # a demonym no actor span names: the country, by the demonym pass
            if k == 0 or self._cue_noun(tok) or self._owned_noun(tok):
                found, how = self._possessor(tok, resolver, skip, speaker)
                if found is not None or how == "first_person":
                    return found, how
                party = party or self._party(tok, mentions, skip)
            if tok.pos_ in ("VERB", "AUX") and k > 0:
                found = self._object_owner(tok, levels[k - 1], resolver, skip, speaker)
                if found is not None:
                    return found, "possessor"
            if tok.pos_ in ("VERB", "AUX"):
                found, how, stop = self._subject(tok, resolver, skip, speaker)
                if found is not None or stop:
                    return found, how
                received = received or how == "recipient"
                found = self._announcer(tok, span, mentions, skip)
                if found is not None:
                    return found, "announcer"
        if party is not None:
            return party, "party"
        # Past a verb of receiving, the nearest subject is the recipient: no pledger here.
        return None, "recipient" if received else "none"

    def _national(self, tok: Token, span: Span, kb: ActorKB) -> Token | None:
        """'backed by €5bn in German state aid', 'was granted €2.9bn in French public
        support': the nationality adjective qualifying the kind of money written right
        after the amount (a cue noun): its country gives it. (The mention index leaves
        adjectives of place out: the caller reads the document's actor spans, or the KB's
        demonyms.)"""
        for child in tok.children:
            if child.i < span.end:
                continue
            words = {fold(child.text)} if child.dep_ == "prep" else set()
            words |= {fold(c.text) for c in child.children if c.dep_ == "case"}
            if not words & _KIND_PREPS:
                continue
            for noun in [*_objects(child), child] if child.dep_ != "prep" else _objects(child):
                if not self._cue_noun(noun):
                    continue
                for adj in noun.children:
                    if adj.dep_ == "amod":  # "German state aid", "aides allemandes"
                        entry = kb.demonym(adj.text, self.cues.lang)
                        if entry is not None and entry.type == "GPE":
                            return adj
        return None

    def _owned_noun(self, tok: Token) -> bool:
        """A noun whose owner pledges what it holds ("the White House's request for $4bn")."""
        return tok.pos_ in ("NOUN", "PROPN") and fold_case(tok.lemma_) in self.cues.owned_nouns

    def _object_owner(
        self, verb: Token, below: Token, resolver: Resolver, skip: set[int], speaker: Span | None
    ) -> Span | None:
        """'The announcement brings Halvorsen's investment to $2.1bn', 'porte
        l'investissement de Halvorsen à 2,1 milliards': an amount giving the new level of a
        commitment the verb's object names belongs to that commitment's owner, whoever the
        verb's subject is (an announcement, an executive who reports it)."""
        if below.head.i != verb.i:
            return None
        words = {fold(below.text)} if below.dep_ == "prep" else set()
        if below.dep_.startswith(("obl", "nmod")):
            words = {fold(c.text) for c in below.children if c.dep_ == "case"}
        if not words & self.cues.results:
            return None
        for obj in verb.children:
            if obj.dep_ not in ("dobj", "obj") or obj.i in skip:
                continue
            if self._cue_noun(obj) or self._owned_noun(obj):
                found, _ = self._possessor(obj, resolver, skip, speaker)
                if found is not None:
                    return found
        return None

    def _party(self, noun: Token, mentions: MentionIndex, skip: set[int]) -> Span | None:
        """'A deal between Pemberton, Arktis and the Port of Rotterdam, worth €1.2bn':
        the first party named, the best candidate when no subject or agent says who pays."""
        for child in noun.children:
            words = {fold(child.text)} | {fold(c.text) for c in child.children if c.dep_ == "case"}
            if child.i in skip or not words & self.cues.parties:
                continue
            parties = [mentions.at(t.i) for t in child.subtree if t.i not in skip]
            named = [m for m in parties if m is not None and m.label_ != "GPE"]
            if named:
                return min(named, key=lambda m: m.start)
        return None

    def _announcer(
        self, verb: Token, span: Span, mentions: MentionIndex, skip: set[int]
    ) -> Span | None:
        """'Donateurs … se sont engagés à apporter 13,9 milliards, a annoncé le président
        français': a verb of saying after the amount, governing its clause or hung beside it
        (parataxis), whose subject, often inverted and parsed as an object, names who
        announced a pledge whose own subject names nobody."""
        # a verb of saying hung as punctuation is a broken parse of the same incise
        beside = [
            c
            for c in verb.children
            if c.dep_ in _BESIDE or (c.dep_ == "punct" and c.pos_ == "VERB")
        ]
        candidates = [verb, *beside]
        for cand in candidates:
            if cand.i < span.end or cand.i in skip or not self._says(cand):
                continue
            for child in cand.children:
                inverted = child.dep_ in _INVERTED and child.i > cand.i
                if child.i in skip or not (child.dep_ in SUBJECT_DEPS or inverted):
                    continue
                found = mentions.in_tree(child, skip)
                if found is not None:
                    return found
        return None

    def _says(self, verb: Token) -> bool:
        """A verb of saying or announcing (the claims lexicon's, or an announce cue)."""
        return (
            self.lexicon.is_report_verb(verb)
            or self.lexicon.is_quote_verb(verb)
            or self.cues.verb_class(verb.lemma_) == "announce"
        )

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
            fold_case(tok.lemma_) in self.cues.nouns or fold_case(tok.text) in self.cues.nouns
        )

    def gapped(self, span: Span, mentions: MentionIndex) -> Span | None:
        """'..., Britain £2.26bn, Canada C$5bn': an actor right before the amount (or before
        the cue noun phrase holding it: 'et la BID un paquet de 10 milliards') with no verb
        of its own."""
        doc = span.doc
        k = span.start - 1
        steps = 0
        while k >= 0 and steps < 5:
            tok = doc[k]
            word = fold(tok.text)
            if (
                tok.is_space
                or word in _SKIP_BEFORE
                or tok.pos_ == "DET"
                or word in ("de", "of", "d'")
                or self._cue_noun(tok)
                or tok.pos_ == "ADJ"
            ):
                k -= 1
            elif tok.text == "," and k == span.start - 1:
                k -= 1  # "Berlin, 244 millions": the verb left out after a comma
            elif tok.text == ")":
                k = doc[k].head.i - 1 if doc[k].head.i < k else k - 1
                while k >= 0 and doc[k].text != "(":
                    k -= 1
                k -= 1
            else:
                break
            steps += 1
        if k < 0:
            return None
        mention = mentions.at(k)
        # "le fonds apportera 2,5 milliards et Électra 1,5 milliard": a company's name the
        # NER missed, alone between the coordination and the amount
        name = k > 0 and doc[k].is_alpha and doc[k].text.istitle() and doc[k].pos_ in _NAMEISH
        if mention is None and name and fold(doc[k - 1].text) in ("et", "and", ","):
            return doc[k : k + 1]
        if mention is None or mention.end != k + 1 or mention.start == 0:
            return None
        j = mention.start - 1
        while j > 0 and mention.start - j < 4 and doc[j].pos_ in ("DET", "ADJ", "NOUN"):
            j -= 1  # the rest of the noun phrase: "et la société britannique Fluidstack"
        before = doc[j]
        if before.pos_ in ("ADP", "VERB", "AUX") or fold_case(before.text) in POSSESSIVE_OR_ADP:
            return None
        root = mention.root
        if root.dep_ in SUBJECT_DEPS and root.head.i > span.start:
            return None  # "Brookfield 20 milliards ... a promis": a subject, read below
        return mention if before.text in (",", "et", "and", ";") or before.is_punct else None

    def earlier_owner(
        self, span: Span, cue: Token | None, resolver: Resolver, window: int
    ) -> Span | None:
        """'Enel Verde unveiled its plan on Friday. … The plan includes $900m': a definite
        cue noun on the amount ("the plan", "le plan prévoit") takes up the same noun
        named earlier (within `window` characters, nearest first); the owner or subject
        found from that earlier noun is the pledger."""
        if cue is None:
            return None
        nouns = [cue] if cue.pos_ in ("NOUN", "PROPN") else []
        nouns += [c for c in cue.children if c.dep_ in SUBJECT_DEPS]
        doc = span.doc
        for noun in nouns:
            definite = any(
                c.dep_ == "det" and fold(c.text) in self.tables.determiners for c in noun.children
            )
            if not (definite and self._cue_noun(noun)):
                continue
            lemma = fold(noun.lemma_)
            limit = noun.idx - window
            for tok in reversed(doc[: span.sent.start]):
                if tok.idx < limit:
                    break
                if tok.pos_ in ("NOUN", "PROPN") and fold(tok.lemma_) == lemma:
                    found, how = self._climb_search(
                        doc[tok.i : tok.i + 1],
                        resolver,
                        None,
                        None,
                        paragraph(tok.doc[tok.i : tok.i + 1]),
                    )
                    if found is None or how in ("none", "recipient", "unnamed"):
                        return None
                    # a mention run across a dateline's dash ("OTTAWA - Canada") is no name
                    return None if any(d in found.text for d in DASHES) else found
        return None

    def _agent(self, tok: Token, resolver: Resolver, skip: set[int]) -> Span | None:
        """The agent of a passive verb, or of a cue participle qualifying this noun ("the
        plan unveiled by X", "engagements annoncés par X"), or qualifying the recipient
        the noun names ("a grant of $12m to Tessaly, announced by the department"); an
        agent with no name is a description resolved in the text ("the department")."""
        mentions = resolver.index
        heads = [tok]
        if tok.pos_ in ("NOUN", "PROPN", "NUM"):
            nouns = [tok]
            if tok.i not in skip and self._cue_noun(tok):  # a grant, not the amount itself
                nouns += [o for c in tok.children if c.i not in skip for o in _objects(c)]
            heads += [
                c
                for n in nouns
                for c in n.children
                if c.dep_ == "acl" and c.i not in skip and self.cues.verb_class(c.lemma_)
            ]
        if tok.pos_ in ("NOUN", "PROPN", "NUM") and (tok.i in skip or self._cue_noun(tok)):
            for child in tok.children:  # "the pledge of $2bn by Saudi Arabia", "par X"
                by = child.dep_ == "prep" and fold(child.text) == "by"
                by = by or any(c.dep_ == "case" and fold(c.text) == "par" for c in child.children)
                if by and child.i not in skip and not self._channel(child):
                    found = mentions.in_tree(child, skip)
                    if found is not None:
                        return found
        for head in heads:
            participle = "Part" in head.morph.get("VerbForm", [])
            for child in head.children:
                by = participle and any(
                    c.dep_ == "case" and fold(c.text) in ("par", "by") for c in child.children
                )
                if child.dep_ in _AGENT or (by and child.dep_.startswith(("obl", "nmod"))):
                    if self._channel(child):
                        continue  # "par le programme Afrique-Europe": the money's channel
                    found = mentions.in_tree(child, skip) or self._described(child, resolver)
                    if found is not None:
                        return found
        return None

    def _described(self, phrase: Token, resolver: Resolver) -> Span | None:
        """The organisation or country a definite description in a phrase stands for ("by
        the department", "par le ministère"), if it is one."""
        nouns = [phrase, *_objects(phrase)]
        for noun in nouns:
            dets = [c for c in noun.children if c.dep_ == "det" and c.i < noun.i]
            if noun.pos_ != "NOUN" or not dets:
                continue
            words = noun.doc[dets[0].i : noun.i + 1]
            found, kind = resolver.description(words, words.start_char)
            if found is not None and kind in ("org", "state", "country"):
                return found
            found = self._org_by_head(noun, resolver, kind)
            if found is not None:
                return found
        return None

    def _org_by_head(self, noun: Token, resolver: Resolver, kind: str | None) -> Span | None:
        """'the department', 'le département' (no description of the table): the
        organisation named just before whose name holds the noun ('the Commerce
        Department'), unless the noun is a person's title or a plural."""
        if kind is not None or noun.pos_ != "NOUN" or "Plur" in noun.morph.get("Number", []):
            return None
        if noun.lower_ in self.tables.role_nouns:
            return None
        return resolver.named_org(noun, noun.idx)

    def _channel(self, agent: Token) -> bool:
        """Is the agent phrase a programme or plan ("par le programme X", "by the X
        initiative"), through which the money goes, rather than who gives it?"""
        noun = agent
        if agent.dep_ == "agent":  # English: "by" heads the phrase
            objs = [c for c in agent.children if c.dep_ == "pobj"]
            noun = objs[0] if objs else agent
        words = {fold(noun.lemma_), fold(noun.text)}
        words |= {fold(c.lemma_) for c in noun.children if c.dep_ == "compound"}
        return bool(words & self.tables.channel_heads)

    def _giver(
        self, tok: Token, mentions: MentionIndex, skip: set[int], amount: bool
    ) -> Span | None:
        """ "$74 million from the UK", "a commitment from Saudi Arabia", "$10 million has
        been promised from Japan": the giver named on the amount, a pledge noun or a passive
        verb (not on an active one: "X will pay $5bn from its budget")."""
        passive = any(c.dep_ in _PASSIVE for c in tok.children)
        if not (amount or self._cue_noun(tok) or passive):
            return None
        for child in tok.children:
            if child.i in skip or child.dep_ not in ("prep", "obl", "obl:arg", "nmod"):
                continue
            words = {fold(child.text)} if child.dep_ == "prep" else set()
            words |= {fold(c.text) for c in child.children if c.dep_ in ("case", "fixed")}
            if words & self.tables.giver_preps:
                found = mentions.in_tree(child, skip)
                if found is not None:
                    return found
        return None

    def _possessor(
        self, tok: Token, resolver: Resolver, skip: set[int], speaker: Span | None
    ) -> tuple[Span | None, str]:
        mentions = resolver.index
        for child in tok.children:
            if child.i in skip:
                continue
            is_poss_pron = "Yes" in child.morph.get("Poss", []) or (
                child.dep_ == "poss" and child.pos_ == "PRON"
            )
            if is_poss_pron:
                return self._pronoun(child, resolver, speaker)
            if child.dep_ in ("poss", "nmod:poss") or (
                child.dep_ == "compound" and child.pos_ == "PROPN"
            ):
                found = mentions.in_tree(child, skip, possessive=True)
                if found is not None:
                    return found, "possessor"
            if child.dep_ in ("nmod", "prep") and child.i > tok.i and possessive_link(child):
                if child.dep_ == "prep" and tok.i in skip:
                    continue  # "$10bn of US investment": a place, not an owner
                found = mentions.in_tree(child, skip, possessive=True)
                if found is not None:
                    return found, "possessor"
                named = child.dep_ == "nmod" and child.i not in skip and _name_word(child)
                placed = any(m.start <= child.i < m.end for m in tok.doc.spans.get(ACTORS, []))
                if named and tok.i not in skip and not placed:
                    # "l'investissement de Halvorsen": a company the NER missed owns it
                    run = [t.i for t in child.subtree if _name_word(t) and t.i >= child.i]
                    return tok.doc[child.i : max(run) + 1], "possessor"
        return None, "none"

    def _frame(self, verb: Token, mentions: MentionIndex, skip: set[int]) -> Span | None:
        """'Under Merz's plan, €100bn will go to ...': the owner of a cue noun in a
        complement of the verb."""
        for child in verb.children:
            obj = child
            if child.dep_ == "prep":
                objs = [c for c in child.children if c.dep_ == "pobj"]
                obj = objs[0] if objs else child
            elif child.dep_ not in ("obl", "obl:mod", "obl:arg", "nmod"):
                continue
            words = {fold(child.text)} | {fold(c.text) for c in child.children if c.dep_ == "case"}
            if words & self.cues.recipients:
                continue  # "apporter 13,9 milliards au Fonds mondial": who receives
            if obj.i not in skip and self._cue_noun(obj):
                for c in obj.children:
                    named = c.dep_ == "nmod" and not any(x.dep_ == "case" for x in c.children)
                    if named and c.i > obj.i and self._channel(obj):
                        continue  # "le programme Afrique-Europe": its name, not its owner
                    if c.dep_ in ("poss", "nmod:poss", "nmod") and possessive_link(c):
                        found = mentions.in_tree(c, skip, possessive=True)
                        if found is not None and not found.start <= obj.i < found.end:
                            return found  # (a name's own words own nothing)
        return None

    def _subject(
        self, verb: Token, resolver: Resolver, skip: set[int], speaker: Span | None
    ) -> tuple[Span | None, str, bool]:
        """(span, how, stop): stop once the verb has a subject that names or stands for
        somebody."""
        mentions = resolver.index
        cls = self.cues.verb_class(verb.lemma_)
        if cls == "receive" or self._receives_through(verb, skip):
            # "l'Ukraine devrait bénéficier de 1,5 milliard": the subject is the recipient
            found = self._source(verb, mentions, skip)
            return found, "agent" if found is not None else "recipient", False
        if fold_case(verb.lemma_) in self.cues.not_pledger_verbs:
            return self._source(verb, mentions, skip), "agent", False
        if verb.dep_ == "xcomp" and fold(verb.head.lemma_) in ("voir",):
            return None, "none", False  # "s'est vu attribuer": a recipient
        subjects = [
            c
            for c in verb.children
            if c.dep_ in _ACTING and c.i not in skip and not self._in_dateline(c, mentions)
        ]
        if not subjects:
            head = verb.head
            if (
                verb.dep_ in ("xcomp", "ccomp")
                and fold_case(head.lemma_) in self.cues.control_verbs
            ):
                for c in head.children:
                    if c.dep_ in ("iobj", "obl:arg", "dobj", "obj", "dative") and c.i not in skip:
                        found = mentions.in_tree(c, skip)
                        if found is not None:
                            return found, "subject", True
            frame = self._frame(verb, mentions, skip)
            if frame is not None:
                return frame, "possessor", True
            for child in verb.children:
                place = mentions.at(child.i) if child.dep_.startswith("obl") else None
                person = mentions.person_in_apposition(place) if place is not None else None
                if person is not None:  # "En mars, au Caire, X annonçait": no subject parsed
                    return person, "subject", True
            if verb.dep_ == "acl" and verb.head.i not in skip:
                # "le projet, présenté par X, prévoit ..." parsed as a participle of the noun:
                # the noun is the subject.
                head = verb.head
                found = mentions.at(head.i) or mentions.in_tree(
                    head, skip | {t.i for t in verb.subtree}
                )
                if found is not None:
                    return found, "subject", True
            name = self._name_before(verb, mentions)
            if name is not None:  # "Parmi les annonces, Verdalis prévoit": a lost subject
                return name, "name", True
            return None, "none", False
        events = [c for c in subjects if self._event(c, mentions)]
        if events:
            # "The Choose France summit should secure €20bn", "Le sommet … devrait
            # permettre": an event pledges nothing; who announced it may say who does
            subjects = [c for c in subjects if c not in events]
            if not subjects:
                found = self._according(verb, resolver, skip)
                return found, "announcer" if found is not None else "unnamed", found is not None
        for subj in subjects:
            word = fold(subj.text)
            if fold_case(verb.lemma_) in self.cues.impersonal_verbs and subj.pos_ == "PRON":
                return None, "unnamed", False  # "il s'agit d'un plan": an "il" naming nobody
            if subj.pos_ == "PRON" or word in self.tables.relatives:
                if word in self.tables.relatives:
                    found = mentions.relative_antecedent(subj, verb, skip)
                    return found, "relative", found is not None
                found, how = self._pronoun(subj, resolver, speaker, hyphenated(subj))
                # a pronoun standing for no actor ("celle-ci", the conference) names nobody:
                # the search reads on, as for a generic subject
                return found, how, found is not None or how != "pronoun"
            aside = modifier_clauses(subj) | self._recipients(subj)
            found = mentions.in_tree(subj, skip | aside)
            if found is not None:
                return found, "subject", True
        for subj in subjects:
            found, how = self._unnamed(subj, resolver, speaker)
            if found is not None or how in ("definite", "state"):
                return found, how, True
        # A generic subject ("private investors") leaves the pledge to whoever announced it.
        found = self._according(verb, resolver, skip)
        if found is not None:
            return found, "announcer", True
        return None, "unnamed", False

    def _event(self, subj: Token, mentions: MentionIndex) -> bool:
        """Is the subject an event ("the Chips for Tomorrow summit", "le sommet Choose
        France", "the Africa Climate Summit")? A known actor named with an event's word
        ("Congress") is none."""
        names = [c for c in subj.children if c.dep_ in _NAME_DEPS and c.dep_ not in SUBJECT_DEPS]
        words = [subj, *names, *(t for c in names for t in c.children if c.dep_ in _NAME_DEPS)]
        doc = subj.doc
        k = subj.i + 1  # "The Chips for Tomorrow summit": an event's name the parse cut up
        while k < min(len(doc), subj.i + 5) and (doc[k].text.istitle() or doc[k].lower_ in _LINKS):
            k += 1
        if k < len(doc) and k > subj.i + 1 and doc[k] in subj.subtree:
            words.append(doc[k])
        if not any(fold(t.lemma_) in self.cues.event_heads for t in words):
            return False
        for t in words:
            m = mentions.at(t.i)
            if m is None or m._.actor is None or not m._.actor.kb_id:
                continue
            if any(fold(w.text) in self.cues.event_heads for w in m):
                return False
        return True

    def _recipients(self, subj: Token) -> set[int]:
        """Tokens of the complements naming who receives the money a cue noun of the
        subject's phrase names ("a grant of $12m to Tessaly", "une aide à l'Ukraine"):
        never who the subject is."""
        out: set[int] = set()
        for noun in subj.subtree:
            if not self._cue_noun(noun):
                continue  # "Un mois plus tard, au Caire, X annonçait": a place, not a recipient
            for tok in noun.children:
                words = {fold(tok.text)} if tok.dep_ in ("prep", "dative") else set()
                if tok.dep_.startswith(("nmod", "obl")):
                    words = {fold(c.text) for c in tok.children if c.dep_ == "case"}
                if words & self.cues.recipients:
                    out.update(t.i for t in tok.subtree)
        return out

    def _according(self, verb: Token, resolver: Resolver, skip: set[int]) -> Span | None:
        """'…, selon l'Élysée', 'according to the ministry': the source the verb's clause
        names for what it reports."""
        for tok in verb.subtree:
            if tok.i in skip or fold(tok.text) not in self.cues.according:
                continue
            target = tok.head if tok.dep_ in ("case", "fixed") else tok
            found = resolver.index.in_tree(target, skip) or self._described(target, resolver)
            if found is not None:
                return found
        return None

    def _name_before(self, verb: Token, mentions: MentionIndex) -> Span | None:
        """'Parmi les annonces, Verdalis prévoit …', 'Le fonds émirati Al Noor Capital a,
        lui, promis': the capitalised words right before a finite verb (or its auxiliary)
        that the parse left without a subject, an unknown company's name it took for a
        common noun or a sentence of its own."""
        auxes = [c.i for c in verb.children if c.dep_.startswith("aux") and c.pos_ == "AUX"]
        auxes = [i for i in auxes if i < verb.i]  # (a name taken for an auxiliary is none)
        finite = "Fin" in verb.morph.get("VerbForm", []) or bool(auxes)
        if not finite or any(c.dep_ in SUBJECT_DEPS for c in verb.children):
            return None  # (a passive subject is one: "The summit is expected to …")
        doc = verb.doc
        end = min([verb.i, *auxes])
        k = end
        while k > 0 and end - k < 4:
            tok = doc[k - 1]
            if not (tok.is_alpha and tok.text[:1].isupper() and tok.pos_ in _NAMEISH + ("X",)):
                break
            k -= 1
        if k == end or doc[k].is_sent_start and k + 1 == end and doc[k].pos_ != "PROPN":
            return None
        if any(fold(t.lemma_) in self.cues.event_heads for t in doc[k:end]):
            return None  # an event pledges nothing
        found = mentions.at(end - 1)
        if found is not None and found.start <= k:
            return found if found.label_ != "GPE" else None
        return doc[k:end]

    def _unnamed(
        self, subj: Token, resolver: Resolver, speaker: Span | None
    ) -> tuple[Span | None, str]:
        """A subject with no actor mention: its possessive ("its founders"), a definite
        description ("the company", "le gouvernement", "le président": the attribution
        layer's resolver) or an unknown proper name."""
        for tok in subj.subtree:
            if "Yes" in tok.morph.get("Poss", []) or (tok.dep_ == "poss" and tok.pos_ == "PRON"):
                found, how = self._pronoun(tok, resolver, speaker)
                if found is not None:
                    return found, how
        named = self._after_demonym(subj, resolver.index)
        if named is not None:
            return named, "name"
        phrase = subj.doc[subj.left_edge.i : subj.i + 1]
        latter = self.tables.pronoun(phrase.text) if len(phrase) == 2 else None
        if latter is not None:  # "cette dernière", "the latter": a pronoun of two words
            return resolver.pronoun(latter, phrase), "pronoun"
        dets = [c for c in subj.children if c.dep_ == "det" and c.lower_ in self.tables.determiners]
        head = subj.lemma_.casefold()
        if dets and (head in self.tables.state_heads or fold_case(head) in self.cues.state_words):
            found = self._state_of(subj)
            if found is not None:
                return found, "possessor"
        if dets and head in self.tables.org_heads:
            found = self._employer(subj, resolver)
            if found is not None:
                return found, "employer"
            found = self._named_before(subj, resolver.index)
            if found is not None:
                return found, "definite"
        if dets and subj.pos_ in ("NOUN", "PROPN"):
            adjs = [c.i for c in subj.children if c.dep_ == "amod" and c.i > subj.i]
            words = subj.doc[dets[0].i : max([subj.i, *adjs]) + 1]
            found, kind = resolver.description(words, words.start_char)
            state = kind == "state" or fold_case(subj.lemma_) in self.cues.state_words
            if kind in ("state", "country") and found is None and state:
                return None, "state"  # "L'État", no country named: the story's own
            if kind in ("org", "state", "country", "plural"):
                return found, "definite"  # an office holder ("le ministre"): read on
            found = self._org_by_head(subj, resolver, kind)
            if found is not None:  # "the department has promised": the Commerce Department
                return found, "definite"
        bare = subj.pos_ in ("NOUN", "ADJ") and not dets and self.cues.lang == "fr"
        bare = bare and not any(c.dep_ == "det" for c in subj.children)
        # "Donateurs publics et privés": a plural common noun opening a sentence, no name
        bare = bare and "Plur" not in subj.morph.get("Number", [])
        if (subj.pos_ == "PROPN" or bare) and subj.text[:1].isupper():
            names = [t for t in subj.subtree if t.pos_ == "PROPN" and t.dep_ in _NAME_DEPS]
            names = [t for t in names if t.i >= subj.left_edge.i] or [subj]
            start = min(t.i for t in names)
            end = max(t.i for t in names) + 1
            lo, _ = paragraph(subj.doc[start:end])
            while start > 0 and subj.doc[start - 1].idx >= lo and _name_word(subj.doc[start - 1]):
                start -= 1  # "Kerlan | Logistique injectera": a name the parse cut in two
            if subj.i in range(start, end):
                return subj.doc[start:end], "name"
        return None, "none"

    def _after_demonym(self, subj: Token, mentions: MentionIndex) -> Span | None:
        """'Le néerlandais Veldstroom investira': a nationality word the parse made the
        subject stands before the company it describes, whose name follows; the country
        of the adjective never pledges."""
        doc = subj.doc
        start = subj.i + 1
        if start >= len(doc) or mentions.kb.demonym(subj.text, self.cues.lang) is None:
            return None
        end = start
        while (
            end < len(doc) and end - start < 4 and doc[end].is_alpha and doc[end].text[:1].isupper()
        ):
            end += 1
        if end == start:
            return None
        found = mentions.at(start)
        return found if found is not None and found.label_ != "GPE" else doc[start:end]

    @staticmethod
    def _state_of(subj: Token) -> Span | None:
        """'the state of Ohio', 'le gouvernement du Québec': the place the description's
        complement names is who acts, though a place after 'of'/'de' is otherwise only
        where something is (the mention index leaves such places out, so the document's
        actor spans are read here)."""
        for c in subj.children:
            if c.i < subj.i or not possessive_link(c):
                continue
            inside = {t.i for t in c.subtree}
            for m in subj.doc.spans.get(ACTORS, []):
                if m.label_ == "GPE" and m.start in inside:
                    return m
        return None

    @staticmethod
    def _in_dateline(subj: Token, mentions: MentionIndex) -> bool:
        """'TOKYO, Feb 9 — Acme will spend': a subject whose whole phrase is the dateline
        the parse hung on the lede's verb (not one that runs on past it: 'Feb 7 - The
        United Arab Emirates', a parse that made the country a conjunct of the date). The
        place is written in capitals, as datelines are."""
        first = subj.left_edge
        if not (first.is_alpha and first.is_upper and len(first) > 1):
            return False
        return mentions.dateline(subj.doc[first.i : subj.right_edge.i + 1])

    def _employer(self, subj: Token, resolver: Resolver) -> Span | None:
        """'Its chief executive, Marco Behrens, said the group would invest …', 'Le
        président d'Électra, Julien Marchetti, a précisé que le groupe investirait …': 'the
        group' or 'the company' in a clause a person reports is that person's company,
        named where the text introduces them (the owner of their title in apposition, or
        the subject of the clause they report at their first mention), not the last
        company named."""
        verb = subj.head
        if verb.dep_ not in ("ccomp", "xcomp") or verb.head.pos_ not in ("VERB", "AUX"):
            return None
        mentions = resolver.index
        inside = {t.i for t in verb.subtree}
        person: Span | None = None
        for c in verb.head.children:
            if c.dep_ in SUBJECT_DEPS and c.i not in inside:
                person = mentions.in_tree(c, inside)
                if person is None and c.pos_ == "PROPN":  # a surname the NER missed
                    person = c.doc[c.i : c.i + 1]
        if person is None or person.label_ not in ("PERSON", ""):
            return None
        name = person._.actor.name if person._.actor is not None else person.text
        for m in mentions.spans:
            same = m._.actor.name if m._.actor is not None else m.text
            joined = same == name or same.endswith(" " + name)  # "Solberg": Ingrid Solberg
            if not joined or m.label_ != "PERSON" or m.start > person.start:
                continue
            root = m.root
            titles = [root.head] if root.dep_ == "appos" else []
            titles += [c for c in root.children if c.dep_ == "appos"]
            for title in titles:
                found = self._title_owner(title, resolver)
                if found is not None:
                    return found
            if root.dep_ in SUBJECT_DEPS:
                for clause in root.head.children:
                    if clause.dep_ != "ccomp":
                        continue
                    for s in clause.children:
                        dateline = self._in_dateline(s, mentions)
                        if s.dep_ in SUBJECT_DEPS and s.pos_ == "PROPN" and not dateline:
                            found = mentions.in_tree(s, set())
                            if found is None or found.label_ not in ("ORG", ""):
                                found, how = self._unnamed(s, resolver, None)
                                found = found if how == "name" else None
                            if found is not None:
                                return found
        return None

    @staticmethod
    def _named_before(noun: Token, mentions: MentionIndex) -> Span | None:
        """'Le fonds qatari Al Wakra Capital … Aux termes de l'accord, le fonds apportera':
        a definite 'le fonds', 'the utility' takes up the same noun written earlier with a
        name ('the Norwegian utility Stavra Energi'), nearest first, within the context
        window; the NER often misses such names, so the name's words do when no mention
        covers them."""
        doc = noun.doc
        lemma = noun.lemma_.casefold()
        limit = noun.idx - _CONTEXT_CHARS
        for tok in reversed(doc[: noun.i]):
            if tok.idx < limit:
                break
            if tok.pos_ != "NOUN" or tok.lemma_.casefold() != lemma:
                continue
            names = [
                c
                for c in tok.children
                if c.pos_ == "PROPN"
                and c.i > tok.i
                and c.dep_ in ("appos", "nmod", "flat:name", "compound")
                and not any(x.dep_ == "case" for x in c.children)
            ]
            if tok.dep_ == "compound" and tok.head.pos_ == "PROPN" and tok.head.i > tok.i:
                names.append(tok.head)  # "the utility Stavra Energi" parsed as a compound
            for name in names:
                found = mentions.at(name.i)
                if found is not None:
                    return found
                run = [t.i for t in name.subtree if t.pos_ == "PROPN" and t.i > tok.i]
                return doc[min(run) : max(run) + 1]
            # a parse that broke the phrase apart: the capitalised words right after the
            # noun and at most two lower-case modifiers ("le fonds qatari Al Wakra Capital")
            k = tok.i + 1
            while k < len(doc) and k - tok.i <= 2 and doc[k].is_lower and doc[k].pos_ == "ADJ":
                k += 1
            if k >= len(doc) or doc[k].pos_ != "PROPN":
                continue
            end = k
            while end < len(doc) and end - k < 4 and doc[end].text.istitle():
                end += 1
            if end > k:
                return mentions.at(k) or doc[k:end]
        return None

    def _previous_company(self, title: Token, mentions: MentionIndex) -> Span | None:
        """'The Dresden chipmaker Siltana welcomed the pledge. Its chief executive …': the
        company the sentence before is about (its subject's head noun describes one), whatever
        type the NER gave its name."""
        start = title.sent.start
        if start == 0:
            return None
        before = title.doc[start - 1].sent
        for c in before.root.children:
            if c.dep_ in SUBJECT_DEPS and c.lemma_.casefold() in self.tables.org_heads:
                for tok in c.subtree:  # the name, not the place modifying it ("Dresden")
                    found = mentions.at(tok.i)
                    if found is not None and found.label_ != "GPE":
                        return found
        return None

    def _title_owner(self, title: Token, resolver: Resolver) -> Span | None:
        """The organisation a person's title belongs to: 'its chief executive', 'Stavra's
        chief executive', 'le président d'Électra'."""
        for c in title.children:
            if "Yes" in c.morph.get("Poss", []) or (c.dep_ == "poss" and c.pos_ == "PRON"):
                found = self._previous_company(title, resolver.index)
                if found is not None:
                    return found  # a company by its head noun, whatever the NER's type
                found, _ = self._pronoun(c, resolver, None)
                return (
                    found if found is not None and found.label_ not in ("PERSON", "GPE") else None
                )
            if c.dep_ in ("poss", "nmod:poss", "nmod", "prep") and possessive_link(c):
                found = resolver.index.in_tree(c, set(), possessive=True)
                if found is not None and found.label_ != "PERSON":
                    return found
                if found is None and c.pos_ == "PROPN":  # a company the NER missed
                    names = [t.i for t in c.subtree if t.pos_ == "PROPN"]
                    return c.doc[min(names) : max(names) + 1]
        return None

    def _receives_through(self, verb: Token, skip: set[int]) -> bool:
        """A modal or aspectual verb governing a verb of receiving that holds the amount
        ("devrait bénéficier", "is set to receive"): its subject is the recipient too."""
        first = min(skip) if skip else -1
        return any(
            c.dep_ == "xcomp"
            and self.cues.verb_class(c.lemma_) == "receive"
            and c.left_edge.i <= first <= c.right_edge.i
            for c in verb.children
        )

    def _source(self, verb: Token, mentions: MentionIndex, skip: set[int]) -> Span | None:
        """The giver named beside a verb of receiving ("receives €5bn from the EU")."""
        for child in verb.children:
            if child.dep_ in ("prep", "obl", "obl:arg", "nmod") and child.i not in skip:
                words = {fold_case(child.text)} | {fold_case(c.text) for c in child.children}
                if words & _SOURCE_PREPS and not words & {"dans", "in"}:
                    found = mentions.in_tree(child, skip)
                    if found is not None:
                        return found
        return None

    def _pronoun(
        self, pron: Token, resolver: Resolver, speaker: Span | None, text: str = ""
    ) -> tuple[Span | None, str]:
        if self.tables.is_first_person(text or pron.text):
            return (speaker, "quote") if speaker is not None else (None, "first_person")
        word = fold_case(text or pron.text)
        found = self.tables.pronoun(word) or self.tables.pronoun(word.lstrip("-"))
        if found is None:
            return None, "none"
        reporter = self._reporter(pron, resolver.index, found.kinds)
        if reporter is None and found.possessive:
            reporter = self._own_subject(pron, resolver.index, found.kinds)
        if reporter is not None:
            return reporter, "pronoun"
        return resolver.pronoun(found, pron), "pronoun"

    def _own_subject(
        self, pron: Token, mentions: MentionIndex, kinds: tuple[str, ...]
    ) -> Span | None:
        """'Italy's energy group Enel Verde unveiled its own plan': a possessive on the
        object of a verb is first of all that verb's subject, when the subject may be what
        the pronoun stands for: its type is one the pronoun takes, or its head noun
        describes an organisation ("group", "le groupe") whatever type the NER gave."""
        noun = pron.head
        verb = noun.head
        if noun.dep_ not in ("dobj", "obj") or verb.pos_ not in ("VERB", "AUX"):
            return None
        labels = {k.partition("|")[0] for kind in kinds for k in kind.split("+")}
        for c in verb.children:
            if c.dep_ not in SUBJECT_DEPS or c.i > pron.i:
                continue
            found = mentions.in_tree(c, {t.i for t in noun.subtree})
            if found is None:
                continue
            org_head = "ORG" in labels and fold(c.lemma_) in self.tables.org_heads
            if found.label_ in labels or org_head:
                return found
        return None

    @staticmethod
    def _reporter(pron: Token, mentions: MentionIndex, kinds: tuple[str, ...]) -> Span | None:
        """'Amazon said it would add $4bn': a subject pronoun of a reported clause is, first
        of all, the subject of the verb that reports it."""
        verb = pron.head
        if pron.dep_ not in SUBJECT_DEPS or verb.dep_ not in ("ccomp", "xcomp", "conj", "advcl"):
            return None
        labels = {k.partition("|")[0] for kind in kinds for k in kind.split("+")}
        for c in verb.head.children:
            if c.dep_ in SUBJECT_DEPS and c.i < pron.i:
                found = mentions.in_tree(c, {t.i for t in verb.subtree})
                if found is not None and found.label_ in labels:
                    return found
        return None

    def subject_left_of(self, span: Span, cue: Token | None, mentions: MentionIndex) -> Span | None:
        """Fallback on a broken parse: the nearest mention before the cue (or the amount) in
        the same sentence that sits inside some subject."""
        limit = cue.i if cue is not None and cue.i < span.start else span.start
        sent = span.sent
        for m in reversed(mentions.spans):
            if m.start < sent.start or m.end > limit:
                continue
            if m.root.pos_ in ("VERB", "AUX"):
                continue  # a name the tagger took for a verb heads no subject
            tok = m.root
            for _ in range(MAX_HOPS):
                if tok.dep_ in SUBJECT_DEPS:
                    if off_subject(m, tok):
                        break
                    return m
                if tok.head.i == tok.i:
                    break
                tok = tok.head
        return self._right_before(cue, mentions) if cue is not None else None

    @staticmethod
    def _right_before(verb: Token, mentions: MentionIndex) -> Span | None:
        """The names just before a verb with nothing but 'and'/'et' between them ("Siemens
        et Bosch investiront"): the subject of a parse that lost it; the first name wins."""
        doc = verb.doc
        k = verb.i - 1
        found = None
        while k >= 0:
            m = mentions.at(k)
            if m is not None:
                found = m
                k = m.start - 1
            elif fold(doc[k].text) in ("et", "and", ",") and found is not None:
                k -= 1
            else:
                break
        return found

    def demonym(self, span: Span, cue: Token | None, mentions: MentionIndex) -> KBEntry | None:
        """A country named by an adjective on the amount, its cue noun or a subject on the
        way up ("le fonds émirien", "the French plan", "le projet américain")."""
        nouns = [span.root]
        if cue is not None:
            nouns.append(cue)
        lo, hi = paragraph(span)
        self._climb(span.root, nouns, lo, hi)
        for tok in list(nouns):
            adj = self._national(tok, span, mentions.kb)  # "€2.9bn in French public support"
            if adj is not None:
                return mentions.kb.demonym(adj.text, self.cues.lang)
            nouns += [c for c in tok.children if c.dep_ in SUBJECT_DEPS]
        doc = span.doc
        for noun in nouns:
            if noun.pos_ not in ("NOUN", "PROPN", "NUM"):
                continue
            for child in noun.children:
                if child.dep_ == "amod" or child.pos_ == "ADJ":
                    after = doc[child.i + 1] if child.i + 1 < len(doc) else None
                    if after is not None and any(m.label_ == "ORG" for m in _actor_spans(after)):
                        continue  # "l'usine du taïwanais TSMC": a company's nationality
                    entry = mentions.kb.demonym(child.text, self.cues.lang)
                    if entry is not None and entry.type == "GPE":
                        return entry
        return None


_NAMEISH = ("PROPN", "NOUN")  # a name the tagger may take for a common noun
_KIND_PREPS = frozenset({"in", "en"})  # "€5bn in German state aid": the kind of money
_LINKS = frozenset({"for", "of", "on", "and", "de", "du", "des", "pour", "sur"})  # inside names


def _actor_spans(tok: Token) -> list[Span]:
    """The document's actor spans starting at a token (places included)."""
    return [m for m in tok.doc.spans.get(ACTORS, []) if m.start == tok.i]


def _objects(tok: Token) -> list[Token]:
    """The noun a complement stands for: its object under a preposition ("to Tessaly",
    "by the department"), else itself when it is a noun (French "à Tessaly")."""
    if tok.dep_ in ("prep", "agent", "dative"):
        return [c for c in tok.children if c.dep_ == "pobj"]
    return [tok] if tok.dep_.startswith(("nmod", "obl")) else []


def _name_word(tok: Token) -> bool:
    """A capitalised proper noun that may open a name."""
    return tok.is_alpha and tok.text[:1].isupper() and tok.pos_ == "PROPN"


_CONTEXT_CHARS = 1500  # how far back a definite description takes up its named noun
_NAME_DEPS = SUBJECT_DEPS | {"compound", "flat", "flat:name", "appos"}
_BESIDE = ("parataxis", "conj")  # a clause hung beside the pledge: "…, a annoncé X"
_INVERTED = ("obj", "dobj", "nsubj", "attr")  # "a annoncé le ministre X", parsed as an object


POSSESSIVE_OR_ADP = frozenset({"de", "of", "d'", "du", "des", "in", "en", "à", "au", "to", "for"})
