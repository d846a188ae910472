"""Claims: direct quotes and reported speech with their speakers, as a spaCy component.

Direct quotes come from `quotes.find_quotes` (text only); the halves of a quote interrupted
by an incise ("A," she said, "B") are read as one quote to find its speaker, then give one
claim per part the marks delimit (the annotators' "text inside the marks"). One to three
words between marks are scare quotes (kind "term"). The speaker is looked for in order: an
incise inside the quote, an incise after it, an introduction before it, "selon X" /
"according to X"; a quote with no cue continues the speaker of the claim just before it
(same or next paragraph, or a few paragraphs on while no other person is named); an
interview's dialogue lines that are not questions belong to the interviewee, the person the
lead paragraph names most. Reported speech comes from `reported`. Pronouns and role
descriptions resolve in the attribution layer (`attribution.resolve`). A claim stating a
figure or a commitment is `checkworthy`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.extract import ACTORS, CLAIMS, doc_text, ensure_extensions
from pipeline.extract.actors.kb import ActorKB
from pipeline.extract.attribution import Attribution, MentionIndex, Resolver, run
from pipeline.extract.attribution.designations import Designations
from pipeline.extract.attribution.mentions import is_subject
from pipeline.extract.claims.lexicon import Lexicon, is_stop, load_lexicon, sentence_of
from pipeline.extract.claims.quotes import (
    CLOSING_MARKS,
    SINGLE,
    Quote,
    find_quotes,
    join_interrupted,
    segments,
    strip,
)
from pipeline.extract.claims.reported import ReportedFinder
from pipeline.extract.claims.speakers import Speakers
from pipeline.rules_data import fold, load_rules

# How many paragraphs on a quote with no cue can still continue the last speaker, when no
# other person is named in between.
CONTINUE_PARAGRAPHS = 3
# At most this many words on the line that signs a quote ("Ghiwa Nakat, Greenpeace MENA").
_SIGNATURE_WORDS = 8


@dataclass(frozen=True)
class ClaimInfo:
    """A claim's kind, its speaker (an actor mention), the words naming it here, and cue."""

    kind: str  # direct | reported | term
    speaker: Span | None  # the named actor mention the speaker resolves to
    mention: Span | None  # the words naming the speaker here ("elle", "Von Der Leyen")
    cue: str | None
    confidence: float
    checkworthy: bool = False
    rule: str = ""  # the sieve pass that named the speaker, "+pronoun"/"+role"… if resolved


@lru_cache(maxsize=1)
def _cues() -> dict[str, Any]:
    cues: dict[str, Any] = load_rules("claims/cues.json")
    return cues


@lru_cache(maxsize=1)
def load_checkworthy() -> dict[str, Any]:
    checkworthy: dict[str, Any] = load_rules("claims/checkworthy.json")
    return checkworthy


def _paragraph_index(text: str) -> list[int]:
    """Start offsets of the non-blank lines, to number paragraphs."""
    starts, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            starts.append(pos)
        pos += len(line) + 1
    return starts


class ClaimFinder:
    """Writes doc.spans[CLAIMS] with `span._.claim` = ClaimInfo."""

    def __init__(self, nlp: Language, min_quote_words: int, kb_path: str) -> None:
        ensure_extensions()
        self.lang = nlp.lang
        self.min_words = min_quote_words
        self.lex: Lexicon = load_lexicon(self.lang)
        self.interviewer = set(_cues()["interviewer_labels"])
        self.answerer = set(_cues()["answer_labels"])
        self.dialogue = self.interviewer | self.answerer  # labels of an interview's lines
        self.kb = ActorKB.load(Path(kb_path) if kb_path else None)
        cw = load_checkworthy()
        self.commit = set(cw["commitment_verbs"].get(self.lang, []))
        self.first = set(cw["first_person"].get(self.lang, []))
        self.future = set(cw["future_aux"].get(self.lang, []))

    def __call__(self, doc: Doc) -> Doc:
        index = MentionIndex.of(doc, self.kb)
        sp = Speakers(doc, self.lex, index)
        quotes = join_interrupted(
            doc_text(doc), find_quotes(doc_text(doc)), self._gap_is_incise(doc)
        )
        items: list[tuple[Span, Quote | None]] = []
        for q in quotes:
            span = doc.char_span(q.start, q.end, alignment_mode="expand")
            if span is not None and len(span) > 0:
                items.append((span, q))
        # The quoted pieces of the claims (an incise between two pieces is the journalist's).
        claims_range = [
            piece
            for span, q in items
            if q is not None and not self._is_term(span, q, sp)
            for piece in q.pieces
        ]
        resolver = Resolver(index, self.lex.tables, claims_range)
        every = [(q.open_at, q.after) for _, q in items if q is not None]
        reported = ReportedFinder(doc, self.lex, sp, claims_range, every).find()
        found: list[tuple[Span, Quote | None, Attribution | None]] = [
            (s, q, None) for s, q in items
        ]
        found += [(r.span, None, r.attribution) for r in reported]
        found.sort(key=lambda x: (x[0].start_char, -x[0].end_char))
        paragraphs = _paragraph_index(doc_text(doc))
        # each transcript line's label ("q", "a", "lagarde"), by the line's start
        labels = {q.open_at: self._label_words(doc, q) for q in quotes if q.mark == ":"}
        interviewee = self._interviewee(doc, quotes, labels)
        asking = self._asking_labels(doc, quotes, labels)
        out: list[Span] = []
        previous: tuple[ClaimInfo, int, int] | None = None  # claim, paragraph, end char
        last: tuple[Span, int] | None = None
        spoken: list[Span] = []
        designations = Designations(resolver)
        for span, quote, att in found:
            para = self._para(paragraphs, span.start_char)
            if quote is not None:
                if self._is_term(span, quote, sp):
                    span._.claim = ClaimInfo("term", None, None, None, 1.0)
                    out.append(span)
                    continue
                if quote.mark == "—" and interviewee is not None and self._is_question(doc, quote):
                    continue  # an interviewer's question
                label = labels.get(quote.open_at, "")
                if quote.mark == ":" and label in self.answerer:
                    if interviewee is None:
                        continue  # "A:" with no one introduced: nobody to give it to
                    att = Attribution(interviewee, interviewee, None, None, 0.6, rule="answer")
                elif quote.mark == ":":
                    repeated = sum(1 for v in labels.values() if v == label) >= 2
                    att = None if label in asking else self._label(doc, sp, quote, label, repeated)
                    if att is None:
                        continue  # the interviewer's line, or a label naming nobody
                else:
                    att = self._attribute(doc, sp, quote, span)
            info = self._resolve(resolver, designations, span, quote, att, last, spoken)
            narrative = info.rule == "narrative_infinitive"
            signed = (
                self._signature(doc, sp.index, quote)
                if info.speaker is None and info.mention is None and quote is not None
                else None
            )
            if signed is not None:
                info = ClaimInfo("direct", signed, signed, None, 0.75, rule="signature")
            elif info.speaker is None and info.mention is None and (quote is not None or narrative):
                if previous is not None and self._continues(resolver, previous, span, para):
                    info = ClaimInfo(
                        info.kind,
                        previous[0].speaker,
                        None,
                        info.cue if narrative else None,
                        0.6 if narrative else 0.55,
                        rule="narrative_infinitive" if narrative else "previous_speaker",
                    )
                elif quote is not None and quote.mark == "—" and interviewee is not None:
                    info = ClaimInfo("direct", interviewee, None, None, 0.6, rule="dash_turn")
                elif quote is not None and previous is None:
                    named = self._introduced(resolver, paragraphs, quote, para)
                    if named is not None:
                        speaker = designations.full_name(named)
                        info = ClaimInfo("direct", speaker, None, None, 0.5, rule="introduced")
            for part in self._parts(doc, span, quote, att) if quote is not None else [span]:
                part._.claim = replace(info, checkworthy=self._checkworthy(part))
                out.append(part)
            if info.speaker is not None:
                spoken.append(info.speaker)
                previous = (info, para, span.end_char)
                last = (info.speaker, self._sentence_end(doc, span, quote))
        self._repeated_headlines(doc, out)
        doc.spans[CLAIMS] = out
        return doc

    @staticmethod
    def _parts(doc: Doc, span: Span, quote: Quote, att: Attribution | None) -> list[Span]:
        """The claims of one direct quote, all with its speaker: one per part its marks
        delimit (`quotes.segments`), and the words before and after an incise inside the
        marks apart («A, s'exclame-t-il. B»), the incise being the journalist's."""
        text = doc_text(doc)
        bounds = segments(text, quote)
        cut = _incise_cut(doc, span, att)
        if cut is not None:
            bounds = [
                piece
                for a, b in bounds
                for piece in (
                    ((a, cut[0]), (cut[1], b)) if a < cut[0] and cut[1] < b else ((a, b),)
                )
            ]
        parts = [doc.char_span(*strip(text, a, b), alignment_mode="expand") for a, b in bounds]
        found = [p for p in parts if p is not None and len(p) > 0]
        return found or [span]

    @staticmethod
    def _repeated_headlines(doc: Doc, claims: list[Span]) -> None:
        """A quote standing alone on its line (a headline or subheading) that repeats the
        words of a later quote is that quote's speaker's, whatever came before it."""
        text = doc_text(doc)
        for k, span in enumerate(claims):
            info = span._.claim
            if info.kind != "direct" or info.rule not in ("", "previous_speaker"):
                continue
            start = text.rfind("\n", 0, span.start_char) + 1
            end = text.find("\n", span.end_char)
            line = text[start : end if end >= 0 else len(text)].strip(" " + CLOSING_MARKS + "«“‘")
            if fold(line) != fold(span.text):
                continue
            words = fold(span.text)
            later = next(
                (
                    c._.claim
                    for c in claims[k + 1 :]
                    if c._.claim.speaker is not None
                    and c._.claim.kind == "direct"
                    and words in fold(c.text)
                ),
                None,
            )
            if later is not None:
                span._.claim = replace(
                    info, speaker=later.speaker, confidence=0.7, rule="repeated_quote"
                )

    @staticmethod
    def _signature(doc: Doc, index: MentionIndex, quote: Quote) -> Span | None:
        """A quote that ends its paragraph, signed on the next line by a person ("Ghiwa
        Nakat, Greenpeace", "— Jane Doe, Oxfam"): that person said it."""
        text = doc_text(doc)
        end = text.find("\n", quote.after)
        if end < 0 or text[quote.after : end].strip(" " + CLOSING_MARKS + ".,"):
            return None
        nxt = end
        while nxt < len(text) and text[nxt] in "\n ":
            nxt += 1
        line_end = text.find("\n", nxt)
        line = text[nxt : line_end if line_end >= 0 else len(text)]
        if not line or len(line.split()) > _SIGNATURE_WORDS:
            return None
        start = nxt + len(line) - len(line.lstrip(" —–-"))
        span = doc.char_span(start, start + 1, alignment_mode="expand")
        if span is None or not len(span):
            return None
        named = index.at(span.start)
        if named is None or named.start_char != start:
            # a name the actor component missed: two to four capitalised words
            k = span.start
            while k < len(doc) and k - span.start < 4 and doc[k].is_title and doc[k].is_alpha:
                k += 1
            named = doc[span.start : k] if k - span.start >= 2 else None
        elif named.label_ != "PERSON":
            return None
        if named is None:
            return None
        rest = text[named.end_char : line_end if line_end >= 0 else len(text)].strip()
        return named if not rest or rest[0] in ",(—–-" else None

    def _introduced(
        self, resolver: Resolver, paragraphs: list[int], quote: Quote, para: int
    ) -> Span | None:
        """An interview's first quote with no cue: the person the paragraph before it (or
        its own, before the mark) introduces as a sentence's subject ("Claire Fontaine
        dirige le laboratoire. … « Nous manquons de machines »"), the last one named."""
        start = paragraphs[max(0, para - 1)] if paragraphs else 0
        for span in reversed(resolver.persons):
            if span.end_char > quote.open_at or resolver.quoted_span(span):
                continue
            if span.start_char < start:
                return None
            if is_subject(span) or sentence_of(span.doc, span.start)[0] == span.start:
                return span  # the subject, or the name that opens its sentence
        return None

    @staticmethod
    def _continues(
        resolver: Resolver,
        previous: tuple[ClaimInfo, int, int],
        span: Span,
        para: int,
    ) -> bool:
        """A quote with no cue goes on with the last speaker (an interviewee named once and
        quoted over several paragraphs) while no other person is named between them, up to
        CONTINUE_PARAGRAPHS paragraphs on; in the same or the next paragraph, always."""
        info, last_para, last_end = previous
        if info.speaker is None or para - last_para > CONTINUE_PARAGRAPHS:
            return False
        if para - last_para <= 1:
            return True
        own = resolver.cluster_of(info.speaker)
        return not any(
            last_end <= s.start_char < span.start_char
            and resolver.cluster_of(s) != own
            and not resolver.quoted_span(s)
            for s in resolver.persons
        )

    def _is_term(self, span: Span, quote: Quote, sp: Speakers) -> bool:
        """A scare quote (fewer than min_quote_words words, unless said on its own) or,
        between single marks, a name in title case ("a 'Future Made in Europe' plan"), which
        nobody says."""
        if self._words(span) < self.min_words:
            return not self._said_alone(span.doc, sp, quote)
        if quote.mark not in SINGLE:
            return False
        words = [w for w in span.text.split() if any(c.isalpha() for c in w)]
        return (
            bool(words)
            and words[0][0].isupper()
            and words[-1][0].isupper()
            and all(w[0].isupper() or (len(w) <= 3 and w.islower()) for w in words)
        )

    def _said_alone(self, doc: Doc, sp: Speakers, quote: Quote) -> bool:
        """A short quote opening its sentence, with a speech verb right after it ("« On y
        est », a lancé X", "“Never,” she said"): words someone said, not a scare quote."""
        text = doc_text(doc)
        before = text[: quote.open_at].rstrip(" \t\u00a0")
        if before and before[-1] not in "\n.!?:":
            return False
        after = self._token_at(doc, quote.after)
        if after is None or self._ends_sentence(doc, quote):
            return False
        found = sp.incise_after(after, len(doc))
        return found is not None and found.verb is not None and found.mention is not None

    @staticmethod
    def _words(span: Span) -> int:
        """Words as a reader counts them ("d'ici à l'été" is three)."""
        return sum(1 for w in span.text.split() if any(c.isalnum() for c in w))

    def _sentence_end(self, doc: Doc, span: Span, quote: Quote | None) -> int:
        """Character where the sentence holding the claim's attribution ends."""
        tok = span.end - 1
        if quote is not None:
            after = self._token_at(doc, quote.after)
            tok = after if after is not None else tok
        end = sentence_of(doc, tok)[1]
        return doc[end - 1].idx + len(doc[end - 1]) if end > 0 else 0

    @staticmethod
    def _para(starts: list[int], char: int) -> int:
        n = 0
        for k, start in enumerate(starts):
            if start <= char:
                n = k
        return n

    def _gap_is_incise(self, doc: Doc) -> Any:
        def check(start: int, end: int) -> bool:
            gap = doc.char_span(start, end, alignment_mode="expand")
            return (
                gap is not None
                and 0 < len(gap) <= 12
                and any(self.lex.is_quote_verb(t) for t in gap)
            )

        return check

    @staticmethod
    def _label_words(doc: Doc, quote: Quote) -> str:
        """A transcript line's label, lower-cased, without its colon ("q", "a", "lagarde")."""
        return " ".join(doc_text(doc)[quote.open_at : quote.start].rstrip(" :").casefold().split())

    def _asking_labels(self, doc: Doc, quotes: list[Quote], labels: dict[int, str]) -> set[str]:
        """Transcript labels whose lines are mostly questions: the interviewer's, whatever
        the label says ("Le Journal :", "The Economist:")."""
        lines: dict[str, list[bool]] = {}
        for q in quotes:
            if q.mark == ":":
                lines.setdefault(labels[q.open_at], []).append(self._is_question(doc, q))
        return {label for label, asks in lines.items() if 2 * sum(asks) > len(asks)}

    def _label(
        self, doc: Doc, sp: Speakers, quote: Quote, label_words: str, repeated: bool
    ) -> Attribution | None:
        """The speaker of a transcript line: the actor its label names ("Lagarde:"). A label
        that names no actor counts only when it opens several lines (a speaker's turns);
        once, it heads the transcript ("Invités :", "Guests:", "TRANSCRIPT:")."""
        label = doc.char_span(quote.open_at, quote.start, alignment_mode="contract")
        if label is None:
            return None
        words = " ".join(t.lower_ for t in label if not t.is_punct)
        if words in self.interviewer or label_words in self.interviewer:
            return None
        for tok in label:
            actor = sp.index.at(tok.i)
            if actor is not None:
                return Attribution(actor, actor, None, ":", 0.85, rule="label")
        named = self._named_before(doc, " ".join(t.text for t in label if not t.is_punct))
        if named is not None:  # "Sitharaman:" after "Nirmala Sitharaman" in the introduction
            return Attribution(named, named, None, ":", 0.8, rule="label")
        # a name at a line's start is often tagged as a noun ("Sitharaman: ...")
        names = [t for t in label if t.pos_ == "PROPN" or (t.is_title and not t.is_stop)]
        return (
            Attribution(label, None, None, ":", 0.5, rule="label") if names and repeated else None
        )

    @staticmethod
    def _named_before(doc: Doc, words: str) -> Span | None:
        """The first person or organisation of the document whose name is, or ends with,
        a transcript label's words."""
        wanted = words.casefold().split()
        if not wanted:
            return None
        for span in sorted(doc.spans.get(ACTORS, []), key=lambda s: s.start):
            name = span.text.casefold().split()
            if span.label_ in ("PERSON", "ORG") and name[-len(wanted) :] == wanted:
                return span
        return None

    @staticmethod
    def _is_question(doc: Doc, quote: Quote) -> bool:
        """A dialogue line that asks: it ends with "?" or its first sentence does ("— Et
        l'énergie ? Un centre de données consomme …")."""
        text = doc_text(doc)[quote.start : quote.end].rstrip()
        first = re.split(r"(?<=[.!?…])\s", text, maxsplit=1)[0]
        return text.endswith("?") or first.endswith("?")

    def _attribute(self, doc: Doc, sp: Speakers, quote: Quote, span: Span) -> Attribution | None:
        """The cue naming the speaker of one direct quote: the sieve's passes, most precise
        first (an incise inside the marks, between the halves, after the quote, "selon X"
        after it, an introduction before it, "selon X" before it). An incise after the
        quote with no named subject ("a-t-il dit que") stops the search only after the
        source phrases have been tried."""
        after_tok = self._token_at(doc, quote.after)
        after = after_tok is not None and not self._ends_sentence(doc, quote)
        open_tok = self._token_at(doc, quote.open_at)  # the opening mark is no space
        opened = open_tok is not None
        open_tok = open_tok if open_tok is not None else 0
        lo = self._clause_start(doc, open_tok) if opened else 0
        incise: list[Attribution | None] = []

        def named(found: Attribution | None) -> Attribution | None:
            return found if found is not None and found.mention is not None else None

        def between() -> Attribution | None:
            for (_, end), (nxt, _) in zip(quote.pieces, quote.pieces[1:], strict=False):
                # "A," the French president told an audience. "B": the incise between halves.
                gap_tok = self._token_at(doc, self._after_mark(doc_text(doc), end))
                stop = self._token_at(doc, nxt)
                if gap_tok is not None and stop is not None:
                    found = named(sp.incise_after(gap_tok, stop))
                    if found is not None:
                        return found
            return None

        def incise_after() -> Attribution | None:
            if not after or after_tok is None:
                return None
            incise.append(sp.incise_after(after_tok, len(doc)))
            return named(incise[0])

        def according_after() -> Attribution | None:
            if not after or after_tok is None:
                return None
            hi = after_tok
            while hi < len(doc) and not is_stop(doc[hi]):
                hi += 1
            return sp.according_to(after_tok, hi)

        def unnamed_incise() -> Attribution | None:
            return incise[0] if incise else None

        return run(
            [
                ("incise_inside", lambda: sp.incise_inside(span)),
                ("incise_between", between),
                ("incise_after", incise_after),
                ("according_after", according_after),
                ("incise_unnamed", unnamed_incise),
                ("introduction", lambda: sp.introduction(open_tok, lo) if opened else None),
                ("according_before", lambda: sp.according_to(lo, open_tok) if opened else None),
                (
                    "according_initial",
                    lambda: sp.according_initial(lo, open_tok) if opened else None,
                ),
                ("asked", lambda: sp.asked(lo) if opened and lo == open_tok else None),
            ]
        )

    @staticmethod
    def _after_mark(text: str, end: int) -> int:
        """Offset just after the closing mark that follows a quoted piece ending at `end`."""
        for k in range(end, min(len(text), end + 4)):
            if text[k] in CLOSING_MARKS:
                return k + 1
        return end

    @staticmethod
    def _token_at(doc: Doc, char: int) -> int | None:
        """The first token at or after character `char` (spaces skipped)."""
        text = doc_text(doc)
        while char < len(text) and text[char] == " ":
            char += 1
        if char >= len(text) or text[char] == "\n":
            return None
        span = doc.char_span(char, char + 1, alignment_mode="expand")
        return span.start if span is not None and len(span) else None

    @staticmethod
    def _ends_sentence(doc: Doc, quote: Quote) -> bool:
        """The quote ends its sentence and the text after it starts a new one ("…." The
        speech…), so what follows is no incise."""
        inner = doc_text(doc)[
            quote.start : quote.close_at if quote.close_at is not None else quote.end
        ]
        rest = doc_text(doc)[quote.after : quote.after + 40].lstrip(" " + CLOSING_MARKS)
        if not inner.rstrip().endswith((".", "!", "?", "…")) or not rest:
            return False
        return rest[0].isupper() and not rest.startswith(("I ", "I'"))

    @staticmethod
    def _clause_start(doc: Doc, open_tok: int) -> int:
        """First token of the sentence the quote opens in; a preceding line that ends with
        ':' introduces it too."""
        k = open_tok - 1
        while k >= 0 and doc[k].is_space:
            k -= 1
        colon = k >= 0 and doc[k].text == ":"
        j = k
        while j >= 0 and (not is_stop(doc[j]) or (colon and j == k)):
            if doc[j].is_space and "\n" in doc[j].text and not colon:
                break
            j -= 1
        return j + 1

    def _resolve(
        self,
        resolver: Resolver,
        designations: Designations,
        span: Span,
        quote: Quote | None,
        att: Attribution | None,
        last: tuple[Span, int] | None,
        spoken: list[Span],
    ) -> ClaimInfo:
        """The claim's speaker: the sieve's actor, or what its pronoun or description
        stands for (the rule records the resolution: "incise_after+pronoun"). `spoken`: the
        speakers of the claims before, in order."""
        kind = "direct" if quote is not None else "reported"
        if att is None:
            return ClaimInfo(kind, None, None, None, 0.3 if quote is not None else 0.5)
        before = quote.open_at if quote is not None else span.start_char
        if att.mention is not None:
            before = min(before, att.mention.start_char)
        rule = att.rule
        if att.actor is not None:
            speaker = designations.full_name(att.actor)
            return ClaimInfo(kind, speaker, att.mention, att.cue, att.confidence, rule=rule)
        if att.pronoun is not None and att.mention is not None:
            org = designations.subject_org(att.mention, att.pronoun)
            if org is not None:
                return ClaimInfo(
                    kind, org, att.mention, att.cue, att.confidence, rule=f"{rule}+subject_org"
                )
            named = resolver.pronoun(att.pronoun, att.mention, last, before)
            conf = att.confidence if named is not None else 0.4
            return ClaimInfo(
                kind, named, att.mention, att.cue, conf, rule=f"{rule}+pronoun" if named else rule
            )
        if att.mention is not None:
            named, how = resolver.description(att.mention, before, last)
            if named is None and how is None:
                named, how = resolver.proper_name(att.mention), "name"
                named = designations.full_name(named) if named is not None else None
            if named is None:
                # "le président de la Banque" named later, "la radio allemande", "un
                # communiqué du Premier ministre": the speaker-side designations.
                named, how = designations.designate(att.mention, before, last, spoken)
            if named is not None:
                rule = f"{rule}+{how}"
            return ClaimInfo(kind, named, att.mention, att.cue, att.confidence, rule=rule)
        return ClaimInfo(kind, None, None, att.cue, att.confidence, rule=rule)

    def _interviewee(self, doc: Doc, quotes: list[Quote], labels: dict[int, str]) -> Span | None:
        """The person the text before the first dialogue line names most (an interview):
        dash lines, one of which asks, or "Q:"/"A:" transcript lines."""
        dashes = [q for q in quotes if q.mark == "—"]
        labelled = [
            (q, labels[q.open_at])
            for q in quotes
            if q.mark == ":" and labels[q.open_at] in self.dialogue
        ]
        if len(dashes) >= 2 and any(self._is_question(doc, q) for q in dashes):
            first = dashes[0].open_at
        elif any(label in self.answerer for _, label in labelled):
            first = labelled[0][0].open_at
        else:
            return None
        persons = [
            s for s in doc.spans.get(ACTORS, []) if s.label_ == "PERSON" and s.end_char <= first
        ]
        if not persons:
            return None
        counts = Counter(s._.actor.key if s._.actor else s.text for s in persons)
        best = counts.most_common(1)[0][0]
        return next(s for s in persons if (s._.actor.key if s._.actor else s.text) == best)

    def _checkworthy(self, span: Span) -> bool:
        """States a figure, or commits someone (a commitment verb, in the future or first
        person)."""
        if any(
            any(c.isdigit() for c in t.text)
            or t.text == "%"
            or (t.like_num and t.lower_ not in ("un", "une", "one", "a"))
            for t in span
        ):
            return True
        lemmas = {t.lemma_.lower() for t in span}
        if not lemmas & self.commit:
            return False
        future = any("Fut" in t.morph.get("Tense", []) for t in span)
        words = {t.lower_ for t in span}
        return future or bool(words & self.first) or bool(lemmas & self.future)


@Language.factory(
    CLAIMS,
    default_config={"min_quote_words": 4, "kb_path": ""},
    assigns=["doc.spans"],
    requires=["doc.spans"],
)
def make_claim_finder(nlp: Language, name: str, min_quote_words: int, kb_path: str) -> ClaimFinder:
    """Factory of the claims component."""
    return ClaimFinder(nlp, min_quote_words, kb_path)


def _incise_cut(doc: Doc, quote: Span, att: Attribution | None) -> tuple[int, int] | None:
    """(start, end) characters of an incise inside a quote's marks ("…, s'exclame-t-il. …",
    ", affirme le Premier ministre,"): from the punctuation before its verb to the
    punctuation after its subject. None when the speaker came from elsewhere."""
    if att is None or not att.rule.startswith("incise_inside") or att.verb is None:
        return None
    if att.mention is None or not quote.start <= att.verb.i < quote.end:
        return None
    j = att.verb.i - 1
    while j > quote.start and doc[j].text not in (",", "—", "–", "!", "?", "…"):
        j -= 1
    end = max(att.mention.end, att.verb.i + 1)
    while end < quote.end and doc[end].text.startswith("-"):
        end += 1  # the clitic subject ("-t-il")
    if end < quote.end and doc[end].text in (",", ".", "—", "–", ";"):
        end += 1
    if j <= quote.start or end >= quote.end:
        return None  # the incise opens or closes the quote: nothing to split
    first = doc[j].idx + (1 if doc[j].text in "!?…" else 0)
    return first, doc[end].idx
