"""Who speaks: the words that name a quote's speaker, found around its marks on the parse.

The cues, tried in order by the claims component: an incise inside the quote («A, dit-elle,
B»), an incise after it (", a déclaré X", ", said Macron", "he told reporters"), an
introduction before it ("X a déclaré :", "X said:", "X : «"), and a source phrase ("selon X",
"according to X"). Each returns an `Attribution`: the mention (an actor span, a pronoun or an
anonymous description such as "un porte-parole"), the cue word and a confidence; the claims
component runs them as one sieve (attribution/sieve.py). Pronouns and descriptions are
resolved to named actors afterwards by the attribution layer's resolver.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from pipeline.extract.attribution import (
    IMPERSONAL_SUBJECT_DEPS,
    SUBJECT_DEPS,
    Attribution,
    MentionIndex,
)
from pipeline.extract.claims.lexicon import Lexicon, is_stop, sentence_of
from pipeline.rules_data import word_set

_SKIP_ADV = {"ADV", "PART"}
# Reflexive clitics before an incise's verb ("s'exclame-t-il", "se félicite la ministre").
_REFLEXIVE = {"s'", "se"}
_CLITICS = _REFLEXIVE | {"lui", "leur", "l'", "le", "la", "les", "en", "y", "ne", "n'"}
# Prepositions that stay inside a speaker's noun phrase ("le patron de X", "the head of X").
_GENITIVE = {"de", "du", "des", "d'", "of", "for", "à", "at", "in", "chez", "pour"}
_SUBJECTS = SUBJECT_DEPS | IMPERSONAL_SUBJECT_DEPS
# Words that introduce a statement's author ("un communiqué de X", "publiée par X").
_AUTHOR_LINKS = {"de", "du", "des", "d'", "par", "by", "from", "of"}


@lru_cache(maxsize=4)
def _adverbials(lang: str) -> tuple[tuple[str, ...], ...]:
    """Set phrases between a subject and its speech verb ("pour sa part", "de son côté",
    "for her part"; claims/cues.json adverbial_phrases), longest first."""
    words = (tuple(p.split()) for p in word_set("claims/cues.json", "adverbial_phrases", lang))
    return tuple(sorted(words, key=len, reverse=True))


def _asking_verbs(lang: str) -> frozenset[str]:
    """Lemmas of the verbs that put a question to someone (claims/cues.json)."""
    return word_set("claims/cues.json", "asking_verbs", lang)


class Speakers:
    """Speaker cues around quotes in one Doc, on the document's mention index."""

    def __init__(self, doc: Doc, lex: Lexicon, index: MentionIndex) -> None:
        self.doc = doc
        self.lex = lex
        self.roles = lex.tables.role_nouns
        # A role holding a name ("IMF Managing Director") is the mention of its tokens.
        self.index = index

    def _skippable(self, tok: Token, aux: bool = False, punct: bool = False) -> bool:
        """Adverbs and particles (optionally auxiliaries, punctuation) between a verb and its
        subject; a word inside an actor name never is one ("Macron" tagged ADV)."""
        if tok.i in self.index:
            return False
        if tok.is_punct:
            return punct
        return tok.pos_ in _SKIP_ADV or (aux and tok.pos_ == "AUX")

    # ------------------------------------------------------------------ noun phrases
    def _pronoun_at(self, i: int, hi: int) -> Attribution | None:
        doc = self.doc
        for n in (2, 1):  # "ce dernier", "l'intéressée", then one word
            if i + n > hi:
                continue
            words = doc[i : i + n]
            text = " ".join(t.lower_ for t in words).replace("' ", "'")
            pron = self.lex.tables.pronoun(text)
            if pron is not None and not pron.possessive:
                return Attribution(words, None, pron, None, 0.75)
        return None

    def subject_np(self, lo: int, hi: int, cue: str | None, conf: float) -> Attribution | None:
        """The speaker named by the noun phrase starting at token lo (bounded by hi)."""
        doc = self.doc
        i = lo
        while i < hi and self._skippable(doc[i], punct=True) and not is_stop(doc[i]):
            i += 1
        if i >= hi or is_stop(doc[i]):
            return None
        found = self._pronoun_at(i, hi)
        if found is not None:
            return Attribution(found.mention, None, found.pronoun, cue, conf - 0.15)
        if self.lex.is_first_person(doc[i].text):
            return None
        end = i
        while end < hi and not is_stop(doc[end]) and doc[end].text != ",":
            tok = doc[end]
            if end > i and tok.pos_ in ("VERB", "AUX") and end not in self.index:
                break
            if end > i and tok.pos_ == "ADP" and tok.lower_ not in _GENITIVE:
                break  # "le chef du gouvernement devant la presse": the NP ends
            end += 1
        np_tokens = list(range(i, end))
        if not any(doc[k].pos_ in ("NOUN", "PROPN") or k in self.index for k in np_tokens):
            return None  # "Et d'ajouter", "Ce jour-là", "en m'", "qui": no one is named
        actor = self._np_actor(np_tokens)
        if actor is None and end < hi and doc[end].text == ",":
            # An apposition naming the head: "the founder of X, Arthur Mensch,".
            nxt = self.index.at(end + 1)
            if nxt is not None and nxt.label_ == "PERSON":
                return Attribution(nxt, nxt, None, cue, conf - 0.05)
        if actor is not None:
            return Attribution(actor, actor, None, cue, conf)
        return Attribution(doc[i:end], None, None, cue, conf - 0.3)

    def _np_actor(self, idx: list[int]) -> Span | None:
        """The actor a noun phrase names: a person in it ("Electronics Minister Ashwini
        Vaishnaw", "OpenAI's Sam Altman"), else its first actor that is no complement ("un
        porte-parole du gouvernement", "a spokesperson for the Commission" name nobody). An
        anonymous or role head before any actor ("officials in Brussels", "the Treasury
        chief") names nobody by itself."""
        doc = self.doc
        heads = self.lex.anonymous | self.lex.source_nouns
        seen: list[Span] = []
        for k in idx:
            span = self.index.at(k)
            if span is None or span.start != k or span in seen:
                continue
            if not self._complement(span, idx[0]):
                seen.append(span)
        persons = [s for s in seen if s.label_ == "PERSON"]
        if persons:
            return persons[0]
        for k in idx:
            low = doc[k].lower_
            if low in self.lex.source_nouns:
                # "les estimations de la Commission", "the CBO's estimate": the complement
                # or the possessor is the source.
                later = [m for j in idx if j > k and (m := self.index.at(j)) is not None]
                return later[0] if later else (seen[0] if seen else None)
            if low in heads and not any(s.start < k for s in seen):
                return None
        if not seen:
            return None
        first = seen[0]
        after = doc[first.end] if first.end < len(doc) else None
        if after is not None and after.i in idx and after.lower_ in ("'s", "'"):
            return None  # a possessor alone ("Google's chief")
        last = doc[idx[-1]]
        if first.end <= idx[-1] and last.lower_ in self.roles:
            return None  # "the Treasury chief", "le patron de Mistral": a role (attribution)
        return first

    @staticmethod
    def _nonfinite(verb: Token) -> bool:
        """A participle, gerund or infinitive with neither subject nor auxiliary."""
        form = verb.morph.get("VerbForm", [])
        if not ("Part" in form or "Inf" in form or verb.tag_ == "VBG"):
            return False
        return not any(c.dep_.startswith("aux") or c.dep_ in SUBJECT_DEPS for c in verb.children)

    def _complement(self, span: Span, lo: int) -> bool:
        """Is the mention the complement of a preposition inside the noun phrase starting at
        lo ("le président de l'UE", "a spokesperson for the Commission")?"""
        j = span.start - 1
        while j >= lo and self.doc[j].pos_ == "DET":
            j -= 1
        return j >= lo and (self.doc[j].pos_ == "ADP" or self.doc[j].lower_ in ("du", "des"))

    # ------------------------------------------------------------------ cues
    def incise_after(self, start: int, limit: int) -> Attribution | None:
        """ ", a déclaré X" / ", a-t-elle ajouté" / ", said Macron" / "he told reporters"."""
        doc = self.doc
        i = start
        while i < limit and (doc[i].text in (",", "—", "–", "-", "(") or doc[i].is_space):
            i += 1
        hi = min(limit, i + 16)
        for k in range(i, hi):
            tok = doc[k]
            if is_stop(tok) or (tok.text == "," and k > i and not self._np_only(i, k)):
                return self._statement_by(i, k)
            if not self.lex.is_quote_verb(tok) or not self._np_only(i, k):
                continue
            named = self.index.at(i)
            if k > i and named is not None and named.start == i and named.label_ == "PERSON":
                # '"…," John Kerry, the US climate envoy, told reporters': the name first.
                return Attribution(named, named, None, tok.text, 0.9, tok)
            return self._around_verb(k, i, limit, 0.9)
        return self._statement_by(i, hi)

    def _statement_by(self, lo: int, hi: int) -> Attribution | None:
        """ "«…», lit-on dans une déclaration publiée par X", "peut-on lire dans un
        communiqué de X": an incise with no speech verb that names a statement
        (claims/cues.json statement_nouns) and, within a few words, its author after
        de/par/by/from."""
        doc = self.doc
        nouns = word_set("claims/cues.json", "statement_nouns", self.lex.lang)
        for k in range(lo, hi):
            if is_stop(doc[k]):
                return None
            if doc[k].lower_ not in nouns or doc[k].pos_ not in ("NOUN", "PROPN"):
                continue
            for j in range(k + 1, min(hi, k + 5)):
                if doc[j].lower_ not in _AUTHOR_LINKS:
                    continue
                m = j + 1
                while m < hi and doc[m].lower_ in self.lex.tables.determiners:
                    m += 1
                named = self.index.at(m) if m < hi else None
                if named is not None and named.start == m:
                    return Attribution(named, named, None, doc[k].text, 0.75)
            return None
        return None

    def _np_only(self, lo: int, hi: int) -> bool:
        """Tokens lo..hi-1 could be a subject, auxiliaries and adverbs (no other verb)."""
        for tok in self.doc[lo:hi]:
            if tok.pos_ == "VERB" and tok.i not in self.index:
                return False
            if is_stop(tok):
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
        agent = self._agent(verb)
        if agent is not None:  # "« … », tel est l'objectif du plan annoncé par X"
            return Attribution(agent, agent, None, cue, conf - 0.1, verb, "agent")
        for j in [k + 1, k + 2, *range(max(lo, k - 3), k)]:
            if lo <= j < min(len(doc), limit) and doc[j].text.startswith("-"):
                pron = self.lex.pronoun(doc[j])
                if pron is not None:
                    return Attribution(doc[j : j + 1], None, pron, cue, conf - 0.15, verb)
        j = self._skip_back(k - 1, lo)
        end = j + 1
        while j >= lo and not is_stop(doc[j]) and doc[j].text != ",":
            if doc[j].pos_ in ("VERB", "AUX") and j not in self.index:
                break
            j -= 1
        if (
            j + 1 < end
            and j >= lo
            and doc[j].text == ","
            and doc[j + 1].pos_ == "ADP"
            and not any(x in self.index for x in range(j + 1, end))
        ):
            end = j + 1  # "X, the Bank's president, for the first time said": no subject
        if j + 1 < end:
            found = self.subject_np(j + 1, end, cue, conf)
            if found is not None:
                return Attribution(
                    found.mention, found.actor, found.pronoun, cue, found.confidence, verb
                )
        elif j >= lo and j == end - 1 and doc[j].text == ",":
            # "Le ministre de la Défense, Boris Pistorius, juge que": the apposed name;
            # "Sanae Takaichi, rivale de M. Ishiba en septembre, juge que": the name that
            # opens the sentence before its apposition.
            named = self.index.at(j - 1)
            if named is not None and named.label_ == "PERSON" and named.end == j:
                return Attribution(named, named, None, cue, conf - 0.05, verb)
            named = self._before_apposition(j, lo)
            if named is not None:
                return Attribution(named, named, None, cue, conf - 0.1, verb)
            start = sentence_of(doc, k)[0]
            while start < j and doc[start].pos_ == "DET":
                start += 1
            opener = self.index.at(start)
            if opener is not None and opener.end < len(doc) and doc[opener.end].text == ",":
                return Attribution(opener, opener, None, cue, conf - 0.15, verb)
        if not inverted or not self.lex.inverts(verb):
            return None
        j = k + 1
        while j < limit and self._skippable(doc[j]):
            j += 1
        phrase = self.lex.phrase(verb)
        if phrase is not None and phrase[2] > k:
            j = phrase[2] + 1  # past "savoir" in "a fait savoir"
        if j < limit and (doc[j].lower_ in self.lex.complementizers or doc[j].text == ":"):
            return Attribution(None, None, None, cue, 0.4, verb)  # "dit que …": no subject
        found = self.subject_np(j, min(limit, j + 14), cue, conf)
        if found is not None and (found.pronoun is None or found.pronoun.person):
            # '…," saying it "will not…': "it" after the verb is its object, no subject
            return Attribution(
                found.mention, found.actor, found.pronoun, cue, found.confidence, verb
            )
        return Attribution(None, None, None, cue, 0.4, verb)

    def _skip_back(self, j: int, lo: int) -> int:
        """The last token of a verb's subject before token j: auxiliaries, adverbs, clitics
        and set phrases ("Le patron de la Fed a pour sa part estimé") skipped."""
        doc = self.doc
        while j >= lo:
            if (
                self._skippable(doc[j], aux=True)
                or doc[j].text[0] == "-"
                or doc[j].lower_ in _CLITICS
                or (doc[j].dep_.startswith("aux") and j not in self.index)  # "a" read as VERB
            ):
                j -= 1
                continue
            phrase = next(
                (
                    p
                    for p in _adverbials(self.lex.lang)
                    if j - len(p) + 1 >= lo
                    and tuple(t.lower_ for t in doc[j - len(p) + 1 : j + 1]) == p
                ),
                None,
            )
            if phrase is None:
                return j
            j -= len(phrase)
        return j

    def incise_inside(self, quote: Span) -> Attribution | None:
        """«A, dit-elle, B»: an inverted incise between commas inside the marks."""
        doc = self.doc
        for k in range(quote.start + 1, quote.end):
            tok = doc[k]
            if not self.lex.is_quote_verb(tok):
                continue
            j = k - 1
            while j > quote.start and (
                self._skippable(doc[j], aux=True)
                or doc[j].text[0] == "-"
                or doc[j].lower_ in _REFLEXIVE  # "A, s'exclame-t-il. B", "s'est-elle réjouie"
            ):
                j -= 1
            # "A, dit-elle, B" and, in dialogue, "Vraiment ! dit-il. B" (lower-case verb).
            after_exclamation = doc[j].text in ("!", "?", "…") and tok.text[0].islower()
            if doc[j].text not in (",", "—", "–") and not after_exclamation:
                continue
            after = k + 1
            clitic = after < quote.end and doc[after].text.startswith("-")
            aux_clitic = any(doc[x].text.startswith("-") for x in range(j + 1, k))
            if not (clitic or aux_clitic or self._inverted_subject(after, quote.end)):
                continue
            end = after
            while end < quote.end and doc[end].text not in (",", ".", "—", "–", "("):
                end += 1
            if end - k > 10:
                continue  # "(PS/GE)" after the name ends the incise's subject too
            found = self._around_verb(k, j + 1, end, 0.9)
            if found is None or found.mention is None:
                continue
            close = found.mention.end
            if (
                not (clitic or aux_clitic)
                and close < quote.end
                and doc[close].text not in (",", "—", "–", ".", "(")
            ):
                continue  # "a dénoncé une réglementation « excessive »": an object, no incise
            return found
        return None

    def _inverted_subject(self, i: int, hi: int) -> bool:
        doc = self.doc
        while i < hi and self._skippable(doc[i]):
            i += 1
        if i >= hi:
            return False
        tok = doc[i]
        return i in self.index or tok.pos_ in ("DET", "PROPN") or tok.text[:1].isupper()

    def introduction(self, quote_start: int, lo: int) -> Attribution | None:
        """ "X a déclaré :" / "X said:" / "X : «" / a speech verb earlier in the sentence."""
        doc = self.doc
        k = quote_start - 1
        while k >= lo and (doc[k].is_space or doc[k].text in ("«", "“", '"', "‹", "„")):
            k -= 1
        if k < lo:
            return None
        if doc[k].text == ":":
            # "Macron : «" — the mention right before the colon, when it is all the clause
            # says; after a clause of its own ("la Confédération a consacré 3 milliards à
            # l'Ukraine : «"), the clause's subject speaks, not the last word before it.
            prev = self.index.at(k - 1)
            if prev is not None and prev.end == k:
                verbs = [
                    t
                    for t in doc[lo : prev.start]
                    if t.pos_ in ("VERB", "AUX") and t.i not in self.index
                ]
                if not verbs:
                    return Attribution(prev, prev, None, ":", 0.8)
                found = self._colon_subject(verbs, lo)
                if found is not None:
                    return found
        for j in range(k, lo - 1, -1):
            tok = doc[j]
            if is_stop(tok) and j != k:
                break
            if self.lex.is_quote_verb(tok) and tok.pos_ in ("VERB", "AUX", "ADJ", "NOUN"):
                if tok.pos_ == "NOUN" and tok.dep_ not in ("ROOT",):
                    continue
                if self.narrative_infinitive(tok):
                    return Attribution(None, None, None, tok.text, 0.6, tok, "narrative_infinitive")
                found = self.subject_of(tok, lo)
                if found is not None:
                    return found
        if doc[k].text == ":":
            found = self._colon_clause(lo, k)
            if found is not None:
                return found
        return self._possessed_words(lo, k + 1)

    def _possessed_words(self, lo: int, hi: int) -> Attribution | None:
        """ "His initial comment was “…”", "Sa réponse : « … »", "Mitchell's reply: '…'": a
        noun of what someone says (claims/cues.json speech_nouns) before the quote, with
        no speech verb; its possessor speaks (a name, or a possessive to resolve)."""
        doc = self.doc
        nouns = word_set("claims/cues.json", "speech_nouns", self.lex.lang)
        for tok in doc[lo:hi]:
            if tok.lower_ not in nouns or tok.pos_ != "NOUN":
                continue
            for child in tok.children:
                owner = child.dep_ in ("poss", "nmod:poss") or (
                    child.dep_ == "det" and "Yes" in child.morph.get("Poss", [])
                )
                if not owner or child.i > tok.i:
                    continue
                named = self.index.at(child.i)
                if named is not None:
                    return Attribution(named, named, None, tok.text, 0.7, rule="speech_noun")
                pron = self.lex.tables.pronoun(child.text)
                if pron is not None and pron.number == "s":
                    mention = doc[child.i : child.i + 1]
                    labels = [x for k in pron.kinds for x in k.split("+")]
                    if len(labels) > 1 and any(x.startswith("PERSON") for x in labels):
                        # "Sa réponse": someone's words, a person's first (any gender).
                        rest = "+".join(x for x in labels if not x.startswith("PERSON"))
                        pron = replace(pron, kinds=("PERSON", rest))
                    return Attribution(mention, None, pron, tok.text, 0.6, rule="speech_noun")
        return None

    def _colon_clause(self, lo: int, colon: int) -> Attribution | None:
        """ "La Gazette est plus sévère : «", "Tom Reade, who chairs the chamber: '": a
        colon after a clause with no speech verb; its subject speaks, or the person who
        opens the sentence before an apposition or a relative clause."""
        doc = self.doc
        verbs = [t for t in doc[lo:colon] if t.pos_ in ("VERB", "AUX") and t.i not in self.index]
        roots = [t for t in verbs if t.dep_ in ("ROOT", "cop") or t.head.i == t.i]
        found = self._colon_subject(roots or verbs, lo) if verbs else None
        if found is not None:
            return found
        start = lo
        while start < colon and doc[start].pos_ == "DET":
            start += 1
        opener = self.index.at(start)
        if (
            opener is not None
            and opener.label_ == "PERSON"
            and opener.end < colon
            and doc[opener.end].text == ","
        ):
            return Attribution(opener, opener, None, ":", 0.7, None, "colon_subject")
        return None

    def _colon_subject(self, verbs: list[Token], lo: int) -> Attribution | None:
        """The named subject of the clause a colon ends (its first verb's, or that verb's
        head's): the speaker of the quote the colon opens."""
        verb = verbs[0]
        while verb.dep_ in ("aux", "aux:tense", "aux:pass", "cop") and verb.head.i != verb.i:
            verb = verb.head
        for child in verb.children:
            if child.dep_ in SUBJECT_DEPS and child.i >= lo:
                named = self.index.at(child.i)
                if named is None:
                    named = self.index.apposed_person(child)
                if named is not None:
                    return Attribution(named, named, None, ":", 0.75, verb, "colon_subject")
        return None

    def _topic_label(self, mention: Span) -> bool:
        """A mention opening its line before a colon ("GERMANY:", "Royaume-Uni :"): the
        topic of a factbox entry, not a clause's subject."""
        doc = self.doc
        if mention.end >= len(doc) or doc[mention.end].text != ":":
            return False
        return (
            mention.start == 0
            or "\n" in doc[mention.start - 1].text
            or (doc[mention.start - 1].is_space and mention.start == 1)
        )

    def narrative_infinitive(self, verb: Token) -> bool:
        """ "Et d'ajouter que …", "Et de compléter « … »": a French narrative infinitive,
        opening its sentence; it has no subject, the story's current speaker says it."""
        doc = self.doc
        j = verb.i
        if j < 2 or "Inf" not in verb.morph.get("VerbForm", []):
            return False
        if doc[j - 1].lower_ not in ("de", "d'") or doc[j - 2].lower_ != "et":
            return False
        return j - 2 == sentence_of(doc, verb.i)[0] or doc[j - 3].is_punct

    def subject_of(self, verb: Token, lo: int, hi: int | None = None) -> Attribution | None:
        """Subject of a verb: the parse's nsubj, else the nearest NP before. A participle or
        infinitive without one takes the subject of the speech verb before it in the sentence
        ("…, a-t-elle déclaré, suggérant : «…»", "…, affirmant que …"); one that modifies a
        noun has that noun ("une déclaration appelant à …")."""
        doc = self.doc
        cue = verb.text
        agent = self._agent(verb)
        if agent is not None:
            return Attribution(agent, agent, None, cue, 0.8, verb, "agent")
        if self._nonfinite(verb):
            start = sentence_of(doc, verb.i)[0]
            speech = [
                t
                for t in doc[start : verb.i]
                if t.pos_ in ("VERB", "AUX") and self.lex.phrase(t) is not None
            ]
            for head in reversed(speech):
                found = self.subject_of(head, start, verb.i)
                if found is not None and found.mention is not None:
                    return found
            if verb.dep_ in ("acl", "amod") and verb.head.i < verb.i:
                noun = verb.head
                return self.subject_np(noun.left_edge.i, noun.i + 1, cue, 0.6)
        heads = [verb]
        while (
            len(heads) < 4
            and heads[-1].dep_ in ("conj", "xcomp", "advcl")
            and heads[-1].head.i < heads[-1].i
        ):
            # "X kicked off the session, confirming …, adding that …": up the chain of
            # participles to the clause that has the subject.
            heads.append(heads[-1].head)
        for head in heads:
            for child in head.children:
                if child.dep_ in _SUBJECTS:
                    if child.lower_ in ("-t", "t"):
                        continue  # the euphonic t of "a-t-elle"
                    if self.lex.is_first_person(child.text):
                        return None
                    if child.lower_ in self.lex.tables.relatives and head.dep_ in (
                        "relcl",
                        "acl:relcl",
                        "acl",
                    ):
                        # "Donald Trump, who has called the law …": the antecedent speaks.
                        named = self.index.relative_antecedent(child, head, set())
                        if named is not None:
                            return Attribution(named, named, None, cue, 0.8, verb)
                    pron = self.lex.pronoun(child)
                    if pron is not None:
                        return Attribution(doc[child.i : child.i + 1], None, pron, cue, 0.7, verb)
                    actor = self.index.at(child.i)
                    if actor is not None and self._topic_label(actor):
                        # "GERMANY: Chancellor Olaf Scholz said …": the factbox's topic
                        # label is no subject; the person after the colon is.
                        named = self.index.at(actor.end + 1)
                        if named is not None and named.label_ == "PERSON":
                            return Attribution(named, named, None, cue, 0.85, verb)
                        actor = None
                    if actor is not None:
                        return Attribution(actor, actor, None, cue, 0.85, verb)
                    # "PARIS, Feb 10 - Mistral AI, …, said": the parse takes the dateline
                    # (no mention) for the subject; the apposed name is the speaker.
                    named = self.index.apposed_person(child)
                    if named is not None:
                        return Attribution(named, named, None, cue, 0.85, verb)
                    if child.i in self.index.dateline_tokens:
                        continue  # "WASHINGTON — President X … announced": X, the next
                    left = child.left_edge.i
                    label = self.index.at(left)
                    if label is not None and self._topic_label(label):
                        left = label.end + 1  # past "GERMANY:" to "Chancellor Olaf Scholz"
                    found = self.subject_np(left, child.right_edge.i + 1, cue, 0.85)
                    named = self.index.person_after_comma(child.right_edge.i + 1)
                    if found is not None and found.actor is None and named is not None:
                        # "Le ministre de la Santé, Olivier Véran, a insisté": the parse
                        # makes the name a second subject; the title names nobody.
                        return Attribution(named, named, None, cue, 0.85, verb)
                    if found is not None:
                        return Attribution(
                            found.mention, found.actor, found.pronoun, cue, found.confidence, verb
                        )
        if hi is None:
            return self._around_verb(verb.i, max(lo, verb.i - 12), verb.i + 1, 0.8, False)
        return self._around_verb(verb.i, max(lo, verb.i - 12), hi, 0.8)

    def _before_apposition(self, comma: int, lo: int) -> Span | None:
        """ "On Thursday Ajay Banga, the Bank's president, said": the person named right
        before the apposition that the comma at `comma` closes (no verb inside it)."""
        doc = self.doc
        k = comma - 1
        while k > lo and doc[k].text != "," and doc[k].pos_ not in ("VERB", "AUX"):
            k -= 1
        if k <= lo or doc[k].text != "," or k == comma - 1:
            return None
        named = self.index.at(k - 1)
        return named if named is not None and named.label_ == "PERSON" and named.end == k else None

    def _agent(self, verb: Token) -> Span | None:
        """The named agent of a passive speech verb or participle ("le plan annoncé par
        Emmanuel Macron", "a été annoncé par la Commission", "a plan announced by X"): the
        one who spoke."""
        if not ("Part" in verb.morph.get("VerbForm", []) or verb.tag_ == "VBN"):
            return None
        for child in verb.children:
            target = None
            if child.dep_ == "obl:agent" or (
                child.dep_ == "obl"
                and any(c.dep_ == "case" and c.lower_ == "par" for c in child.children)
            ):
                target = child
            elif child.dep_ == "agent":
                target = next((c for c in child.children if c.dep_ == "pobj"), None)
            named = self.index.at(target.i) if target is not None else None
            if named is not None and named.label_ in ("PERSON", "ORG"):
                return named
        return None

    def asked(self, lo: int) -> Attribution | None:
        """A quote opening its sentence with no cue, after a sentence of the same paragraph
        that puts a question to someone ("A reporter asked the professor whether …", "La
        ministre a ensuite été interrogée sur …", "On a demandé à X si …"): the answer is
        the words of the person asked (the passive subject, the object, or "à X")."""
        doc = self.doc
        k = lo - 1
        while k >= 0 and doc[k].is_space:
            if "\n" in doc[k].text:
                return None
            k -= 1
        if k < 0 or doc[k].text not in (".", "?", "!", "…"):
            return None
        start, _ = sentence_of(doc, k)
        if any("\n" in t.text for t in doc[start:k]):
            return None
        asking = _asking_verbs(self.lex.lang)
        for verb in doc[start : k + 1]:
            if verb.pos_ != "VERB" or verb.lemma_.lower() not in asking:
                continue
            for child in verb.children:
                passive = child.dep_ in ("nsubj:pass", "nsubjpass")
                obj = child.dep_ in ("obj", "dobj")
                to = child.dep_ in ("obl:arg", "iobj", "obl") and any(
                    c.dep_ == "case" and c.lower_ in ("à", "au") for c in child.children
                )
                if not (passive or obj or to):
                    continue
                named = self.index.at(child.i)
                left = child.left_edge.i
                while left < child.i and doc[left].dep_ == "case":
                    left += 1  # "à Thomas Berger": the name, not its preposition
                found = (
                    Attribution(named, named, None, verb.text, 0.7)
                    if named is not None
                    else self.subject_np(left, child.i + 1, verb.text, 0.7)
                )
                if found is None or found.mention is None:
                    continue
                if found.pronoun is not None and not found.pronoun.person:
                    continue
                return Attribution(
                    found.mention, found.actor, found.pronoun, verb.text, 0.7, verb, "asked"
                )
        return None

    def according_initial(self, lo: int, hi: int) -> Attribution | None:
        """ "Pour Le Monde, la réforme « … »", "For the Times, the unions have '…'": a
        sentence opened by "pour/for", a named person or organisation and a comma, before
        the quote; that actor's words (a country there is a topic, not a source)."""
        doc = self.doc
        for phrase in self.lex.according_initial:
            n = len(phrase)
            if hi - lo <= n or tuple(t.lower_ for t in doc[lo : lo + n]) != phrase:
                continue
            k = lo + n
            while k < hi and doc[k].lower_ in self.lex.tables.determiners:
                k += 1
            named = self.index.at(k)
            if named is None or named.label_ not in ("PERSON", "ORG"):
                continue
            if named.end < hi and doc[named.end].text == ",":
                return Attribution(named, named, None, " ".join(phrase), 0.75)
        return None

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
