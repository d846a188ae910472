"""Reported speech on the dependency parse: "X a déclaré que …", "X said (that) …",
"X appelle à …", "X called for …", ", a-t-elle déclaré." after an unquoted clause, and
"selon X, …" / "according to X, …".

The claim's text is the reported clause (without "que"/"that"). A reporting verb counts when
its lemma is in pipeline/data/claims/verbs.json, it is not negated ("n'a pas dit", "did not
say"), its subject is not the journalist's first person nor an expletive or passive subject
("il a été annoncé que"), and it does not stand inside a direct quote (a speaker's own words
are not reported speech). A clause nested in another reported clause is not a second claim.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.attrs import LOWER
from spacy.tokens import Doc, Span, Token

from pipeline.extract import doc_text, token_strings
from pipeline.extract.actors.places import months
from pipeline.extract.attribution import (
    EXPLETIVE_DEPS,
    IMPERSONAL_SUBJECT_DEPS,
    PASSIVE_AUX_DEPS,
    PASSIVE_SUBJECT_DEPS,
    SUBJECT_DEPS,
    Attribution,
)
from pipeline.extract.attribution.designations import media_heads, nationality
from pipeline.extract.claims.lexicon import Lexicon, is_stop, sentence_of, sentences
from pipeline.extract.claims.quotes import CLOSING_MARKS
from pipeline.extract.claims.speakers import Speakers
from pipeline.rules_data import word_set

_MIN_WORDS = 3
# An expletive or a passive ("it is said", "il est annoncé que"): no one speaks.
_EXPLETIVE = EXPLETIVE_DEPS | PASSIVE_SUBJECT_DEPS | PASSIVE_AUX_DEPS | {"expl:pass"}
# What a verb attaches after a prepositional complement that still belongs to the claim.
_REACH = {"advcl", "obl", "obl:mod", "prep", "ccomp", "xcomp", "acl", "oprd", "npadvmod"}
_SUBJECTS = SUBJECT_DEPS | IMPERSONAL_SUBJECT_DEPS | EXPLETIVE_DEPS


def _time_words(lang: str) -> frozenset[str]:
    """Date and time words between a verb and its inverted subject (claims/cues.json)."""
    return word_set("claims/cues.json", "time_words", lang)


def _thinking_verbs(lang: str) -> frozenset[str]:
    """Verbs of opinion, which a backward attribution does not report (claims/cues.json)."""
    return word_set("claims/cues.json", "thinking_verbs", lang)


@dataclass(frozen=True)
class Reported:
    """One reported-speech claim: the clause, and who says it."""

    span: Span
    attribution: Attribution | None
    cue: str


def _inside(span_start: int, span_end: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= span_start and span_end <= b for a, b in ranges)


def _quoted_share(span: Span, ranges: list[tuple[int, int]]) -> float:
    covered = sum(max(0, min(b, span.end_char) - max(a, span.start_char)) for a, b in ranges)
    return covered / max(1, span.end_char - span.start_char)


class ReportedFinder:
    """Finds reported speech in a Doc whose direct quotes are already known."""

    def __init__(
        self,
        doc: Doc,
        lex: Lexicon,
        speakers: Speakers,
        quoted: list[tuple[int, int]],
        marks: list[tuple[int, int]] | None = None,
    ) -> None:
        self.doc = doc
        self.lex = lex
        self.sp = speakers
        self.quoted = quoted  # direct quotes (claims): no reported speech inside them
        self.marks = marks or []  # every quoted span with its marks: a clause never cuts one
        # the marks of the direct quotes (claims), to recognise their incises
        self.quoted_marks = [
            (a, b) for a, b in self.marks if any(a <= qa and qb <= b for qa, qb in quoted)
        ]
        agents = set(lex.anonymous) | set(lex.source_nouns)
        tables = lex.tables
        agents |= tables.role_nouns | tables.state_heads | tables.org_heads
        agents |= media_heads(lex.lang)  # "le quotidien estime que …"
        self.agents = agents
        phrases = lex.according + lex.according_initial
        self._according_phrases = [(p, p in lex.according_initial) for p in phrases]
        self._according_by_first: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
        for number, phrase in enumerate(phrases):
            self._according_by_first.setdefault(phrase[0], []).append((number, phrase))

    def find(self) -> list[Reported]:
        found: list[Reported] = []
        for i in self.lex.verb_candidates(self.doc):
            tok = self.doc[i]
            if _inside(tok.idx, tok.idx + len(tok), self.quoted):
                continue
            item = self._at_verb(tok)
            if item is not None:
                found.append(item)
        found.extend(self._according())
        return self._outermost([r for r in found if self._agentive(r.attribution)])

    def _agentive(self, att: Attribution | None) -> bool:
        """Who speaks is an actor, a pronoun, or a noun for people or sources ("officials",
        "le gouvernement"); not a document or an event ("une déclaration appelant à …",
        "several reports say")."""
        if att is not None and att.rule == "narrative_infinitive":
            return True  # the current speaker says it (claims component)
        if att is None or att.mention is None:
            return False  # no one says it ("Certains diront que …", an unparsed subject)
        if att.actor is not None or att.pronoun:
            return True
        if all((t.pos_ == "PROPN" or t.ent_type_) and t.text[:1].isupper() for t in att.mention):
            return True  # a name the actor component missed ("Marsh said"): someone
        if nationality(att.mention, self.sp.index.kb, self.lex.tables.determiners, self.lex.lang):
            return True  # "The Brazilian said": a person of that nationality
        return any(t.lower_ in self.agents for t in att.mention)

    # ------------------------------------------------------------------ reporting verbs
    def _negated(self, verb: Token) -> bool:
        for child in [
            *verb.children,
            *(c for a in verb.children if a.dep_.startswith("aux") for c in a.children),
        ]:
            negative = child.lower_ in self.lex.negation or child.morph.get("Polarity", []) == [
                "Neg"
            ]
            if negative and child.lower_ not in ("ne", "n'"):
                return True
        return False

    def _excluded_subject(self, verb: Token) -> bool:
        for child in verb.children:
            if child.dep_ in _EXPLETIVE:
                return True
            if child.dep_ in _SUBJECTS and self.lex.is_first_person(child.text):
                return True
        return False

    def _at_verb(self, verb: Token) -> Reported | None:
        found = self.lex.phrase(verb)
        if found is None:
            return None
        lemma, kinds, last = found
        nxt = self.doc[verb.i + 1] if verb.i + 1 < len(self.doc) else None
        prev = self.doc[verb.i - 1] if verb.i > 0 else None
        before_que = (
            nxt is not None
            and nxt.lower_ in self.lex.complementizers
            and (prev is None or prev.pos_ != "DET")  # "the campaign that …" is a noun
        )
        if verb.pos_ not in ("VERB", "AUX", "ADJ") and not before_que:
            return None  # "juge" tagged NOUN in "X juge que …" still reports
        if self._negated(verb):
            return None
        if self._excluded_subject(verb):
            return None
        if self._quote_incise(verb):
            return None  # '"…," said X, moments after …': the incise of a direct quote
        incise = self._incise(verb) or self._backward(verb)
        if incise is not None:
            return incise
        if "report" not in kinds:
            return None
        clause = self._complement(verb, lemma)
        if clause is None and last != verb.i:
            clause = self._complement(self.doc[last], lemma)
        if clause is None:
            return None
        if self.sp.narrative_infinitive(verb):
            # "Et d'expliquer que …": the current speaker's, given by the claims component.
            current = Attribution(None, None, None, verb.text, 0.6, verb, "narrative_infinitive")
            return Reported(clause, current, verb.text)
        att = self._speaker(verb)
        if (
            att is not None
            and att.mention is not None
            and self.lex.is_first_person(att.mention.text)
        ):
            return None
        return Reported(clause, replace(att, rule="verb_subject") if att else None, verb.text)

    def _quote_incise(self, verb: Token) -> bool:
        """Is the verb the incise of a direct quote (a few words after its closing mark, in
        the same sentence)? A participle with its own clause ("…», a ajouté X, affirmant
        que …", "he said, adding that …") is reported speech of its own."""
        doc = self.doc
        if "Part" in verb.morph.get("VerbForm", []) or verb.tag_ == "VBG":
            return False
        for j in range(verb.i - 1, max(-1, verb.i - 9), -1):
            tok = doc[j]
            if tok.text in (".", "!", "?") or (tok.is_space and "\n" in tok.text):
                return False
            if tok.text in CLOSING_MARKS and any(a < tok.idx < b for a, b in self.quoted_marks):
                inner = doc_text(doc)[max(0, tok.idx - 3) : tok.idx].rstrip()
                return not inner.endswith((".", "!", "?", "…"))  # «… la France. » Il a ajouté
        return False

    def _speaker(self, verb: Token) -> Attribution | None:
        """Subject of the verb (see `Speakers.subject_of` for participles); a coordinated
        verb without one takes that of the speech verb before it ("said … but warned")."""
        has_subject = any(c.dep_ in _SUBJECTS for c in verb.children)
        start, end = sentence_of(self.doc, verb.i)
        if not has_subject and verb.dep_ == "conj":
            # "X said … but warned that …": the speech verb before it has the subject.
            earlier = [t for t in self.doc[start : verb.i] if self.lex.is_report_verb(t)]
            if earlier:
                return self._speaker(earlier[-1])
        return self.sp.subject_of(verb, start, end)

    def _complement(self, verb: Token, lemma: str) -> Span | None:
        preps = self.lex.report_prep.get(lemma, [])
        for child in verb.children:
            if child.i < verb.i:
                continue
            if child.dep_ == "ccomp":
                end = self._rest(child.right_edge.i + 1, sentence_of(self.doc, verb.i)[1])
                return self._clause(child.left_edge.i, self._cut(child, end))
            if preps and child.dep_ == "prep" and child.lower_ in preps:
                objs = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
                if objs:
                    return self._clause(child.i + 1, self._reach(verb, objs[0]))
            if preps and child.dep_ == "prt" and child.lower_ in preps:
                # "calling on governments to honour it": the particle's object and beyond.
                return self._clause(child.i + 1, self._reach(verb, child))
            if preps and child.dep_ in ("obl", "obl:arg", "obl:mod", "xcomp", "iobj", "advcl"):
                marks = [c for c in child.children if c.dep_ in ("case", "mark")]
                if marks and marks[0].lower_ in preps and marks[0].i < child.i:
                    return self._clause(marks[0].i + 1, self._reach(verb, child))
            if lemma in self.lex.report_object and child.dep_ in ("obj", "dobj"):
                end = child.right_edge.i + 1
                for other in verb.children:
                    if other.dep_ == "xcomp" and other.i > child.i:
                        end = max(end, other.right_edge.i + 1)
                return self._clause(child.left_edge.i, end)
        for tok in verb.subtree:
            # "warned during a visit to Guangzhou in April that …": the clause hangs lower.
            mark = tok.dep_ == "mark" and tok.lower_ in self.lex.complementizers
            hangs = tok.head.dep_ in ("ccomp", "acl", "advcl") and tok.head.pos_ in ("VERB", "AUX")
            if tok.i > verb.i and mark and hangs and tok.head.i > tok.i:
                end = self._rest(tok.head.right_edge.i + 1, sentence_of(self.doc, verb.i)[1])
                return self._clause(tok.i + 1, self._cut(tok.head, end))
        misread = self._misread_relative(verb)
        if misread is not None:
            return misread
        nxt = verb.i + 1
        if nxt < len(self.doc) and self.doc[nxt].lower_ in self.lex.complementizers:
            # The parse missed the clause ("juge" read as a noun): "que" up to the end.
            return self._clause(nxt + 1, self._rest(nxt + 1, sentence_of(self.doc, verb.i)[1]))
        return None

    def _misread_relative(self, verb: Token) -> Span | None:
        """ "said in a statement after the briefing that bookings would open", "a indiqué
        dans un communiqué que la croissance atteindrait …": the parse hangs the reported
        clause on the adjunct's noun as a relative clause. A "that/que" clause on a noun of
        the verb's adjunct, with a subject of its own (a true relative's pronoun is its
        subject or the clause has none), is the verb's complement."""
        doc = self.doc
        for tok in verb.subtree:
            if tok.i <= verb.i or tok.dep_ not in ("acl:relcl", "relcl", "acl"):
                continue
            first = tok.left_edge
            if first.lower_ not in self.lex.complementizers or first.dep_ in _SUBJECTS:
                continue
            if not any(c.dep_ in _SUBJECTS and c.i != first.i for c in tok.children):
                continue
            noun, adjunct = tok.head, False
            while noun.i != verb.i and noun.head.i != noun.i:
                if noun.dep_ in ("obl", "obl:mod", "pobj", "prep", "nmod"):
                    adjunct = True
                elif noun.dep_ not in ("obl:arg",):
                    break
                noun = noun.head
            if noun.i != verb.i or not adjunct:
                continue
            end = self._rest(tok.right_edge.i + 1, sentence_of(doc, verb.i)[1])
            return self._clause(first.i + 1, self._cut(tok, end))
        return None

    def _rest(self, end: int, sent_end: int) -> int:
        """A reported clause runs to the end of its sentence (the parse often hangs its last
        phrases elsewhere), stopping before a ';' or another speech verb ("…, adding that")."""
        doc = self.doc
        j = end
        while j < sent_end:
            tok = doc[j]
            if tok.text == ";":
                break
            if self.lex.phrase(tok) is not None and (
                doc[j - 1].text == ","
                or doc[max(0, j - 2)].text == ","
                or "Part" in tok.morph.get("VerbForm", [])
                and tok.lower_.endswith(("ant", "ing"))
            ):
                break  # ", adding that …", ", a-t-il ajouté"
            j += 1
        if j < sent_end:
            while j > end and (
                self.doc[j - 1].is_punct or self.doc[j - 1].pos_ in ("CCONJ", "SCONJ")
            ):
                j -= 1
            j = max(j, end)
        return j

    def _cut(self, head: Token, end: int) -> int:
        """End a clause before an attached clause with its own reporting verb and subject
        ("…, while civil-society groups warned that …"): that one is a claim of its own."""
        for tok in self.doc[head.i + 1 : end]:
            if tok.dep_ not in ("advcl", "conj", "parataxis") or not self.lex.is_report_verb(tok):
                continue
            if any(
                c.dep_ in _SUBJECTS and not self.lex.is_first_person(c.text) for c in tok.children
            ):
                return tok.left_edge.i
            if tok.dep_ == "conj" and any(c.dep_ == "cc" for c in tok.children):
                # "said the plan was a step … but warned that …": a second claim.
                return min(c.i for c in tok.children if c.dep_ == "cc")
        return end

    @staticmethod
    def _reach(verb: Token, obj: Token) -> int:
        """End of a prepositional complement with what the verb attaches after it ("called
        for a single market for capital so that start-ups …")."""
        end = obj.right_edge.i + 1
        for child in verb.children:
            if child.i > obj.i and child.dep_ in _REACH:
                end = max(end, child.right_edge.i + 1)
        return end

    def _clause(self, start: int, end: int) -> Span | None:
        """The reported clause between tokens start and end, trimmed; None if too short or
        mostly a direct quote (then the quote is the claim)."""
        doc = self.doc
        while start < end and (
            doc[start].is_punct
            or doc[start].is_space
            or (doc[start].lower_ in self.lex.complementizers and doc[start].dep_ == "mark")
        ):
            if doc[start].text in ("«", "“", '"') and start + 1 < end:
                break
            start += 1
        while end > start and (
            doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].pos_ == "CCONJ"
        ):
            end -= 1  # "… to the fund and": the conjunct cut off was someone else's
        if end - start < _MIN_WORDS or doc[start].lower_ in self.lex.interrogative:
            return None
        first, last = doc[start].idx, doc[end - 1].idx + len(doc[end - 1])
        for a, b in self.marks:  # «…» cut by the parse: take the whole quotation
            if a < last < b:
                last = b
            if a < first < b:
                first = a
        widened = doc.char_span(first, last, alignment_mode="expand")
        if widened is not None:
            start, end = widened.start, widened.end
        span = doc[start:end]
        if "\n" in span.text or _quoted_share(span, self.quoted) >= 0.5:
            return None
        return span

    # ------------------------------------------------------------------ incises
    def _incise(self, verb: Token) -> Reported | None:
        """ "La construction … nécessitera un capital privé, a-t-elle déclaré." and
        "India, he said, was building …": the clause around an incise with no quote marks."""
        doc = self.doc
        sent = doc[slice(*sentence_of(doc, verb.i))]
        k = verb.i - 1
        while k > sent.start and (doc[k].pos_ in ("AUX", "ADV", "PART") or doc[k].text[0] == "-"):
            k -= 1
        subject_before = None
        nxt = verb.i + 1
        while nxt < sent.end and doc[nxt].pos_ in ("ADV", "PART"):
            nxt += 1
        if nxt < sent.end and doc[nxt].text == ":":
            return None  # "X a déclaré :" introduces what follows
        if doc[k].text != ",":
            # English "…, he said": the subject between the comma and the verb (French
            # incises invert their subject instead). A participle is no incise ("the
            # start-up often described as …").
            if self.lex.lang != "en" and not self._inverted(verb, sent.end):
                return None
            participle = "Part" in verb.morph.get("VerbForm", []) and not any(
                c.dep_.startswith("aux") for c in verb.children
            )
            if self.lex.lang == "en" and (verb.dep_ in ("acl", "relcl", "amod") or participle):
                return None
            j = k
            while j > sent.start and not is_stop(doc[j]) and doc[j].text != ",":
                if doc[j].pos_ in ("VERB", "AUX") and j not in self.sp.index:
                    return None
                j -= 1
            if doc[j].text != "," or k - j > 6:
                return None
            subject_before = j + 1
            k = j
        elif not self._inverted(verb, sent.end):
            # "…, the energy minister, Helen Marsh, announced on Tuesday": a named subject
            # (and its title) between commas after the clause.
            opener = self._apposed_subject(k, sent.start)
            if opener is None:
                return None
            subject_before, k = opener + 1, opener
        if k <= sent.start or doc[k - 1].text in CLOSING_MARKS:
            return None  # the incise of a direct quote
        end = verb.i + 1
        while end < sent.end and not is_stop(doc[end]) and doc[end].text != ",":
            end += 1
        if end - verb.i > 10:
            return None
        for child in verb.children:
            # An incise has no complement of its own ("…, she said" / "…, he told reporters").
            audience = child.dep_ in ("obj", "dobj") and self.lex.lemma(verb) in self.lex.inverting
            when = child.lower_ in _time_words(self.lex.lang) or child.lower_ in months()
            if (
                child.i > verb.i
                and child.dep_ in ("ccomp", "xcomp", "obj", "dobj")
                and not audience
                and not when  # "a annoncé mardi": a day the parse took for an object
            ):
                return None
        if subject_before is None and not self._inverted(verb, end):
            return None
        att = self.sp._around_verb(verb.i, k + 1, end, 0.8)
        if att is None or att.mention is None:
            return None
        if self.lex.is_first_person(att.mention.text):
            return None
        follow = doc[end + 1] if end + 1 < sent.end else None
        goes_on = follow is not None and not self.lex.is_report_verb(follow)
        if end < sent.end and doc[end].text == "," and goes_on:
            clause = self._clause(sent.start, sent.end)  # mid-sentence incise: the whole
        else:
            clause = self._clause(sent.start, k)
        if clause is None or self._nested_speaker(clause, verb):
            return None  # "X said …, the Post reported": X's claim, found at its verb
        return Reported(clause, replace(att, rule="incise"), verb.text)

    def _apposed_subject(self, comma: int, lo: int) -> int | None:
        """The comma that opens a subject set between commas before a speech verb ("…, the
        energy minister, Helen Marsh, announced", "…, la ministre, Claire Dumas, a
        annoncé", "…, Helen Marsh, announced"): a person's name ending at the comma before
        the verb, optionally after a title of up to six words without a verb."""
        doc = self.doc
        named = self.sp.index.at(comma - 1)
        if named is None or named.label_ != "PERSON" or named.end != comma:
            return None
        j = named.start - 1
        if j > lo and doc[j].text == ",":
            t = j - 1
            while t > lo and doc[t].text != "," and not is_stop(doc[t]):
                if doc[t].pos_ in ("VERB", "AUX") and t not in self.sp.index:
                    break
                t -= 1
            if (
                doc[t].text == ","
                and j - t <= 7
                and doc[t + 1].lower_ in self.lex.tables.determiners
            ):
                j = t
        if j <= lo or doc[j].text != ",":
            return None
        before = doc[lo:j]
        if sum(t.is_alpha for t in before) < _MIN_WORDS or not any(
            t.pos_ in ("VERB", "AUX") and t.i not in self.sp.index for t in before
        ):
            return None  # "Le ministre de la Défense, Boris Pistorius, juge que": no clause
        return j

    def _backward(self, verb: Token) -> Reported | None:
        """ "L'Allemagne versera 200 millions, a annoncé jeudi, à Berlin, le chancelier.": a
        whole clause, then a speech verb whose subject comes after it, past the date and
        place the parse hangs on the verb (it often reads the subject as an object). The
        clause before the comma is the claim."""
        doc = self.doc
        if self.lex.lang == "en" or not self.lex.inverts(verb):
            return None  # English inverts after the clause only in the incise ("…, said X")
        form = verb.morph.get("VerbForm", [])
        if "Inf" in form or (
            "Part" in form and not any(c.dep_.startswith("aux") for c in verb.children)
        ):
            return None  # "…, ajoutant que …": a participle goes on, it attributes nothing
        if self.lex.lemma(verb) in _thinking_verbs(self.lex.lang):
            return None  # "…, a estimé le ministre": an opinion, not reported speech
        sent = doc[slice(*sentence_of(doc, verb.i))]
        k = verb.i - 1
        while k > sent.start and (doc[k].pos_ in ("AUX", "ADV", "PART") or doc[k].text[0] == "-"):
            k -= 1
        subjects = [c for c in verb.children if c.dep_ in _SUBJECTS and c.i < verb.i]
        if doc[k].text != ",":
            # "… au Fonds a annoncé, jeudi, le président": the comma forgotten before the
            # verb (the parse then takes a noun of the clause for its subject), the one
            # after it still opens the inverted part.
            after = verb.i + 1 < sent.end and doc[verb.i + 1].text == ","
            subject_named = any(c.i in self.sp.index or self.lex.pronoun(c) for c in subjects)
            if not after or subject_named:
                return None
            k += 1
        elif subjects:
            return None  # "…, il a annoncé": an English-like order, the incise's business
        if k <= sent.start or doc[k - 1].text in CLOSING_MARKS:
            return None
        before = doc[sent.start : k]
        if sum(t.is_alpha for t in before) < _MIN_WORDS or not any(
            t.pos_ in ("VERB", "AUX") for t in before
        ):
            return None  # no clause before the comma
        j = self._past_adjuncts(verb.i + 1, min(sent.end, verb.i + 16))
        if j is None or doc[j].lower_ in self.lex.complementizers:
            return None  # "…, a-t-il ajouté que …" has a complement: no incise
        att = self.sp.subject_np(j, min(sent.end, j + 14), verb.text, 0.8)
        if att is None or att.mention is None or (att.pronoun and not att.pronoun.person):
            return None
        if self.lex.is_first_person(att.mention.text):
            return None
        if att.actor is None and att.pronoun is None:
            # "le Haut-commissaire au Plan, Ahmed Lahlimi Alami,": the name apposed to the
            # title, past the title's complement.
            comma = next((t.i for t in doc[att.mention.end : sent.end] if t.text == ","), None)
            named = self.sp.index.person_after_comma(comma) if comma is not None else None
            if named is not None and comma is not None and comma - att.mention.end <= 4:
                att = replace(att, mention=named, actor=named)
        clause = self._clause(sent.start, k)
        if clause is None:
            return None
        return Reported(clause, replace(att, verb=verb, rule="backward"), verb.text)

    def _past_adjuncts(self, j: int, hi: int) -> int | None:
        """The first token of an inverted subject at or after j: adverbs, commas, a date
        ("jeudi 10 octobre", "on Monday") and a place or circumstance between commas ("à
        Lyon,", "lors de la conférence,") are skipped; None when none starts before hi."""
        doc = self.doc
        while j < hi:
            tok = doc[j]
            low = tok.lower_
            if (
                tok.pos_ in ("ADV", "PART")
                or tok.text == ","
                or tok.like_num
                or low in _time_words(self.lex.lang)
                or low in months()
            ) and j not in self.sp.index:
                j += 1
                continue
            if (
                tok.pos_ == "DET"
                and j + 1 < hi
                and (doc[j + 1].like_num or doc[j + 1].lower_ in months())
            ):
                j += 1  # "le 12 juillet"
                continue
            if tok.pos_ == "ADP" and (j not in self.sp.index):
                comma = next((t.i for t in doc[j:hi] if t.text == "," or is_stop(t)), None)
                if comma is None or doc[comma].text != ",":
                    return None  # "a déclaré à l'AFP le ministre": no comma to end the place
                j = comma + 1
                continue
            return j
        return None

    def _inverted(self, verb: Token, end: int) -> bool:
        doc = self.doc
        window = doc[max(sentence_of(doc, verb.i)[0], verb.i - 3) : end]
        if any(t.text.startswith("-") and self.lex.pronoun(t) for t in window):
            return True
        nxt = verb.i + 1
        while nxt < end and doc[nxt].pos_ in ("ADV", "PART"):
            nxt += 1
        return nxt < end and (nxt in self.sp.index or doc[nxt].pos_ in ("DET", "PROPN"))

    # ------------------------------------------------------------------ selon X
    def _according(self) -> list[Reported]:
        out = []
        lowers = token_strings(self.doc, LOWER)
        for sent in sentences(self.doc):
            low = lowers[sent.start : sent.end]
            if not self._according_by_first.keys() & set(low):
                continue  # no source phrase starts in this sentence
            if _quoted_share(sent, self.quoted) > 0.3:
                continue
            hits = []  # (phrase number, position): the order of the phrase lists
            for k, word in enumerate(low):
                for number, phrase in self._according_by_first.get(word, ()):
                    if tuple(low[k : k + len(phrase)]) == phrase:
                        hits.append((number, k))
            for number, k in sorted(hits):
                phrase, initial = self._according_phrases[number]
                if initial and k > 0:
                    continue
                item = self._according_at(
                    sent, sent.start + k, sent.start + k + len(phrase), initial
                )
                if item is not None:
                    out.append(item)
        return out

    def _according_at(
        self, sent: Span, at: int, after: int, initial: bool = False
    ) -> Reported | None:
        """The claim a source phrase attributes: the sentence around "selon X", the rest
        after a sentence-initial "Selon X," / "Pour X,", the part before a final one."""
        doc = self.doc
        end = after
        while end < sent.end and not is_stop(doc[end]) and doc[end].text != ",":
            end += 1
        cue = doc[at:after].text
        att = self.sp.subject_np(after, min(sent.end, end + 8), cue, 0.75)
        if att is None or att.mention is None:
            return None
        if initial and (end >= sent.end or doc[end].text != ","):
            return None  # "Pour faire face, …" names no one
        unnamed = att.actor is None and att.pronoun is None
        if initial and unnamed and not {t.lower_ for t in att.mention} & self.sp.roles:
            return None
        if initial and att.actor is not None and att.actor.label_ != "PERSON":
            return None  # "Pour la France, l'enveloppe représente …": for, not according to
        if att.actor is None and att.pronoun is None:
            heads = {t.lower_ for t in att.mention}
            if not heads & self.agents:
                return None  # "selon les cas", "according to plan": not a source
        at_start = at == sent.start or doc[at - 1].text == "," and at - 1 == sent.start
        at_end = end >= sent.end - 1 or doc[end].text in (".", "!", "?")
        stop = next((t.i for t in doc[end : sent.end] if t.text in (":", ";")), sent.end)
        if at_start:
            clause = self._clause(end, stop)
        elif at_end:
            clause = self._clause(sent.start, at)
        else:
            clause = self._clause(sent.start, stop)
        if clause is None or self._nested_speaker(clause):
            return None
        return Reported(clause, replace(att, rule="according_to"), cue)

    def _nested_speaker(self, clause: Span, own: Token | None = None) -> bool:
        """ "X said …, according to a pool report" / "…, a dit X, selon un communiqué": a
        speech verb inside the clause has a named subject of its own; that speaker's claim
        is found at its verb, and the source phrase only says where the words were read."""
        for tok in clause:
            if tok == own or not self.lex.is_report_verb(tok) or self._negated(tok):
                continue  # `own`: the incise's verb, inside a clause it interrupts
            for child in tok.children:
                if child.dep_ not in SUBJECT_DEPS or self.lex.is_first_person(child.text):
                    continue
                named = self.sp.index.at(child.i) is not None or child.pos_ == "PROPN"
                pron = self.lex.pronoun(child)
                if named or (pron is not None and pron.person):
                    return True
        return False

    @staticmethod
    def _outermost(found: list[Reported]) -> list[Reported]:
        found.sort(key=lambda r: (r.span.start_char, -r.span.end_char))
        kept: list[Reported] = []
        for item in found:
            if any(
                k.span.start_char <= item.span.start_char and item.span.end_char <= k.span.end_char
                for k in kept
            ):
                continue
            kept.append(item)
        return kept
