"""Is an amount a pledge? Decided on the dependency parse, from the words that govern it.

Two places are read, nearest first: the amount's own modifiers ("109 milliards d'euros
d'investissements", "the €20 billion announced by Brookfield", "$1 trillion of assets") and
then the chain of heads above it ("InvestAI will mobilise €200bn", "valued at €6bn"). The first
cue (a commitment verb or a plan/fund noun) or blocker (market, valuation, cost, need, a demand
voiced by others) met decides; a verb whose subject is a blocker ("the market will reach")
blocks too. A cue verb still yields no pledge when the amount sits in a hypothetical ("if the
EU invested €5bn", "quand une start-up lève 500 millions", "could invest") or when a spending
verb is in the past tense with a past anchor ("en 2018, l'État a investi 1,5 milliard"): that
is past spending. Amounts with neither cue nor blocker stay undecided (None), so that the
component can settle them from the rest of the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span, Token

from pipeline.extract import doc_text
from pipeline.extract.attribution.tables import (
    ACTIVE_SUBJECT_DEPS,
    CLAUSAL_SUBJECT_DEPS,
    SUBJECT_DEPS,
)
from pipeline.extract.pledges.cues import PledgeCues
from pipeline.rules_data import fold, fold_case

MAX_HOPS = 8  # heads climbed from an amount
WINDOW = 12  # words looked at before an amount the parse left undecided
_SUBJ = ACTIVE_SUBJECT_DEPS | CLAUSAL_SUBJECT_DEPS  # who acts: "the market will reach"
_ARGS = _SUBJ | {"dobj", "obj"}
_CONTENT = ("NOUN", "PROPN", "VERB", "ADJ")
_YEAR = re.compile(r"^(?:19|20)\d{2}$")


@dataclass(frozen=True)
class Verdict:
    """The decision on one amount: pledge (True/False/None when undecided), the token that
    decided, its cue class (commit | announce | propose | spend | noun) and status."""

    is_pledge: bool | None
    cue: Token | None
    cue_class: str | None
    status: str | None
    why: str  # cue | blocker | hypothetical | speculative | past | average | threshold | none


def _is_verb(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX")


def _blocked(tok: Token, cues: PledgeCues) -> bool:
    if fold_case(tok.lemma_) in cues.weak_blockers or fold_case(tok.text) in cues.weak_blockers:
        # an estimate blocks unless it estimates a plan/fund ("le fonds, estimé à ...")
        described = [c for c in tok.children if c.dep_ in SUBJECT_DEPS]
        if tok.dep_ == "acl":
            described.append(tok.head)
        return not any(_cue_of(d, cues) == "noun" for d in described)
    return fold_case(tok.lemma_) in cues.blockers or fold_case(tok.text) in cues.blockers


def _argument_blocked(verb: Token, span: Span, cues: PledgeCues) -> bool:
    """A verb whose subject or object is a blocker: "the market will reach", "put the cost
    at", "son PIB, qui avoisine" (a relative pronoun stands for its antecedent)."""
    for c in verb.children:
        if c.dep_ not in _ARGS or span.start <= c.i < span.end:
            continue
        if _blocked(c, cues):
            return True
        if fold_case(c.text) in cues.relatives:
            noun = _antecedent_noun(c)
            if noun is not None and _blocked(noun, cues):
                return True
    return False


def _antecedent_noun(rel: Token) -> Token | None:
    """The noun a relative pronoun follows ("son produit intérieur brut, qui avoisine"),
    read linearly because parsers often attach the clause elsewhere."""
    k = rel.i - 1
    doc = rel.doc
    while k >= 0 and (doc[k].is_punct or doc[k].is_space):
        k -= 1
    if k < 0:
        return None
    tok = doc[k]
    if tok.pos_ == "ADJ" and tok.head.pos_ in ("NOUN", "PROPN"):
        tok = tok.head
    return tok if tok.pos_ in ("NOUN", "PROPN") else None


def _subject_cue(verb: Token, span: Span, cues: PledgeCues) -> Token | None:
    """A cue noun subject of a neutral verb: "pledges reached $700m", "l'enveloppe a été
    portée à 54 Md€"."""
    for c in verb.children:
        if c.dep_ in SUBJECT_DEPS and not span.start <= c.i < span.end and _cue_of(c, cues):
            return c if _cue_of(c, cues) == "noun" else None
    return None


_OBLIQUE = ("obl", "obl:mod", "obl:arg")


def _dated(cue: Token, above: list[Token], cues: PledgeCues) -> bool:
    """'l'ancien objectif de 100 milliards', 'the previous edition had gathered ...', and the
    past event where a cue verb took place: 'the $12bn raised at the previous summit', 'ce
    que l'Allemagne avait promis lors du dernier sommet'."""
    nouns = [cue, *(c for t in above if _is_verb(t) for c in t.children if c.dep_ in _SUBJ)]
    events: list[Token] = []  # where the cue verb took place, if an event ("le mois dernier"
    # is a date, not a past event: a pledge announced then is still one)
    if _is_verb(cue):
        for c in cue.children:
            if c.dep_ == "prep":
                events += [o for o in c.children if o.dep_ == "pobj"]
            elif c.dep_ in _OBLIQUE:
                events.append(c)
            elif c.dep_ == "advmod":  # "lors du dernier sommet", parsed under "lors"
                events += [o for o in c.children if o.dep_ in _OBLIQUE]
    nouns += [e for e in events if fold(e.lemma_) in cues.event_heads]
    return any(
        c.dep_ == "amod" and fold_case(c.lemma_) in cues.past_adjectives
        for noun in nouns
        for c in noun.children
    )


def _averaged(span: Span, cues: PledgeCues) -> bool:
    """An average or per-head figure ("soit 200 k€ de subvention en moyenne")."""
    lo, hi = paragraph(span)
    doc, end = span.doc, span.sent.end
    after = [fold_case(t.text) for t in doc[span.end : min(end, span.end + 12)] if t.idx < hi]
    return _phrase_in(after, cues.averages)


def _threshold(span: Span, cues: PledgeCues) -> bool:
    """An income threshold of a measure ("borrowers earning less than $125,000")."""
    doc = span.doc
    if span.start == 0 or fold_case(doc[span.start - 1].text) not in cues.bounds:
        return False
    before = doc[max(0, span.start - 5) : span.start - 1]
    return any(fold_case(t.text) in cues.earners for t in before)


def _compared(tokens: list[Token], cues: PledgeCues) -> Token | None:
    for tok in tokens:
        if fold_case(tok.lemma_) in cues.comparisons or fold_case(tok.text) in cues.comparisons:
            return tok
        if tok.lower_ == "from" and tok.i > 0 and tok.doc[tok.i - 1].lower_ in ("down", "up"):
            return tok  # "£850 million, down from £1 billion last time": the earlier figure
    return None


def _cue_of(tok: Token, cues: PledgeCues) -> str | None:
    """The cue class of a token: its verb class, 'noun' for a cue noun, else None."""
    if _is_verb(tok):
        return cues.verb_class(tok.lemma_)
    if tok.pos_ in ("NOUN", "PROPN") and fold_case(tok.lemma_) in cues.nouns:
        return "noun"
    if tok.pos_ in ("NOUN", "PROPN") and fold_case(tok.text) in cues.nouns:
        return "noun"
    return None


def _local(span: Span, cues: PledgeCues) -> tuple[Token, bool] | None:
    """A cue or blocker among the amount's own modifiers: (token, is_blocker)."""
    for tok in span:
        for child in tok.children:
            if span.start <= child.i < span.end:
                continue
            cand = child
            if child.dep_ == "prep" and fold_case(child.text) in ("of", "for", "in"):
                objs = [c for c in child.children if c.dep_ == "pobj"]
                if not objs:
                    continue
                cand = objs[0]
            elif child.dep_ not in ("nmod", "acl", "relcl", "acl:relcl", "appos", "compound"):
                continue
            if child.dep_ == "appos" and cand.like_num:
                continue  # a conversion in parentheses: its own amount
            if cand.i < span.start and child.dep_ != "compound":
                continue
            if _blocked(cand, cues):
                return cand, True
            if _cue_of(cand, cues):
                return cand, False
    return None


def paragraph(span: Span) -> tuple[int, int]:
    """Character bounds of the paragraph (line) holding the span: parses sometimes run
    across paragraphs, the rules never do."""
    text = doc_text(span.doc)
    lo = text.rfind("\n", 0, span.start_char) + 1
    hi = text.find("\n", span.end_char)
    return lo, len(text) if hi == -1 else hi


def _path(span: Span) -> list[Token]:
    """Heads above the amount, nearest first, within its sentence and paragraph."""
    out: list[Token] = []
    lo, hi = paragraph(span)
    tok = span.root
    for _ in range(MAX_HOPS):
        if tok.head.i == tok.i or not lo <= tok.head.idx < hi:
            break
        tok = tok.head
        if span.start <= tok.i < span.end:
            continue
        out.append(tok)
    return out


def _marks(verb: Token, marks: frozenset[str]) -> set[str]:
    """Subordinators of `marks` opening the verb's own clause ("Quand une start-up lève",
    where the parser may hang "Quand" on the subject): words before the verb in its subtree
    whose path up to the verb meets no other verb."""
    found = set()
    for tok in verb.subtree:
        if tok.i >= verb.i:
            break
        word = fold_case(tok.text)
        if word not in marks:
            continue
        head = tok.head
        while head.i != verb.i and not _is_verb(head) and head.head.i != head.i:
            head = head.head
        if head.i == verb.i:
            found.add(word)
    return found


_CLAUSE_BREAKS = frozenset({",", ";", ":", ".", "«", "“", "(", "—", "–", "!", "?", "\n"})


def _clause_opener(verb: Token, lo: int) -> tuple[str, ...]:
    """The first words of the verb's clause read linearly (back to the previous comma or
    quote mark), for parses that cut "Quand une start-up | lève" apart."""
    doc = verb.doc
    k = verb.i
    while k > 0 and doc[k - 1].idx >= lo and doc[k - 1].text.strip() not in _CLAUSE_BREAKS:
        k -= 1
    words = [fold_case(t.text) for t in doc[k : verb.i] if not t.is_space]
    return tuple(words[:3])


def _past(verb: Token) -> bool:
    """Simple past, imperfect, passé simple, present perfect or passé composé."""
    tense = verb.morph.get("Tense", [])
    form = verb.morph.get("VerbForm", [])
    auxes = [c for c in verb.children if c.dep_.startswith("aux")]
    if any(
        fold_case(a.lemma_) in ("will", "shall", "aller") or fold_case(a.text) == "will"
        for a in auxes
    ):
        return False
    if "Imp" in tense and fold_case(verb.text).endswith(("rait", "raient")):
        return False  # a French conditional the tagger read as an imperfect ("investirait")
    if "Imp" in tense or ("Past" in tense and "Fin" in form):
        return True
    if "Part" in form and "Past" in tense:
        return any(fold_case(a.lemma_) in ("have", "avoir", "être", "be") for a in auxes)
    return False


def _phrase_in(words: list[str], phrases: tuple[tuple[str, ...], ...]) -> bool:
    """Does one of the phrases occur in the words? (Phrases are indexed by first word.)"""
    index = _by_first_word(phrases)
    if () in index:
        return True  # the empty phrase occurs everywhere
    for k, word in enumerate(words):
        for phrase in index.get(word, ()):
            if tuple(words[k : k + len(phrase)]) == phrase:
                return True
    return False


@lru_cache(maxsize=256)
def _by_first_word(
    phrases: tuple[tuple[str, ...], ...],
) -> dict[str | tuple[()], list[tuple[str, ...]]]:
    index: dict[str | tuple[()], list[tuple[str, ...]]] = {}
    for phrase in phrases:
        index.setdefault(phrase[0] if phrase else (), []).append(phrase)
    return index


def _past_anchor(span: Span, cues: PledgeCues, doc_year: int | None, future: set[int]) -> bool:
    """A past time marker or a past year in the amount's sentence (and paragraph)."""
    lo, hi = paragraph(span)
    head = doc_text(span.doc)[lo : lo + 60]
    dash = max(head.find(" – "), head.find(" - "), head.find(" — "))
    if dash != -1:
        lo += dash  # a dateline ("PARIS, 11 février 2025 –") dates the story, not the money
    sent = [t for t in span.sent if lo <= t.idx < hi]
    words = [fold_case(t.text) for t in sent]
    if _phrase_in(words, cues.past_markers):
        return True
    return any(
        _YEAR.match(tok.text)
        and tok.i not in future
        and (doc_year is None or int(tok.text) < doc_year)
        for tok in sent
    )


def _hypothetical(chain: list[Token], cues: PledgeCues) -> str | None:
    """'hypothetical' when a verb of the chain sits in an if/when clause, 'speculative' when
    a could/might/pourrait governs it."""
    for verb in chain:
        if not _is_verb(verb):
            continue
        marks = _marks(verb, cues.hypothetical)
        opener = _clause_opener(verb, paragraph(verb.doc[verb.i : verb.i + 1])[0])
        for n in (1, 2, 3):
            if " ".join(opener[:n]) in cues.hypothetical:
                marks.add(" ".join(opener[:n]))
        if marks:
            generic = marks & {"when", "whenever", "quand", "lorsque", "lorsqu'", "once"}
            if marks - generic or not _past(verb):
                return "hypothetical"
        for aux in verb.children:
            if aux.dep_.startswith("aux") and fold_case(aux.text) in cues.modals:
                return "speculative"
        head = verb.head
        cond = cues.lang != "fr" or "Cnd" in head.morph.get("Mood", [])
        if verb.dep_ == "xcomp" and fold_case(head.lemma_) in cues.modals and cond:
            return "speculative"
    return None


def _status(chain: list[Token], top: list[Token], cues: PledgeCues, span: Span) -> str:
    """conditional > proposed > committed > announced, from the verbs above the amount."""
    for verb in chain:
        for child in verb.children:
            if child.dep_ == "advcl":
                first = fold_case(child.doc[child.left_edge.i].text)
                if (first,) in cues.conditions:
                    return "conditional"
    words = [fold_case(t.text) for t in span.sent]
    if _phrase_in(words, tuple(p for p in cues.conditions if len(p) > 1)):
        return "conditional"
    classes = {cues.verb_class(t.lemma_) for t in top if _is_verb(t)}
    if "propose" in classes:
        return "proposed"
    if "commit" in classes:
        return "committed"
    return "announced"


def classify(
    span: Span, cues: PledgeCues, doc_year: int | None = None, future: set[int] | None = None
) -> Verdict:
    """The verdict on one amount span (see module docstring). `future` holds the token
    indices of future period expressions ("d'ici 2030"), which are no past anchors."""
    if _averaged(span, cues):
        return Verdict(False, None, None, None, "average")
    if _threshold(span, cues):
        return Verdict(False, None, None, None, "threshold")
    found: tuple[Token, bool] | None = _local(span, cues)
    path = _path(span)
    cue_at = -1
    via_subject = False
    if found is None:
        for k, tok in enumerate(path):
            if tok.pos_ not in _CONTENT and not _is_verb(tok):
                continue
            if _blocked(tok, cues) or (_is_verb(tok) and _argument_blocked(tok, span, cues)):
                found = (tok, True)
                break
            if _cue_of(tok, cues):
                found, cue_at = (tok, False), k
                break
            subject = _subject_cue(tok, span, cues) if _is_verb(tok) else None
            if subject is not None:
                found, cue_at, via_subject = (subject, False), k, True
                break
    if found is None:
        return Verdict(None, None, None, None, "none")
    if not found[1]:
        # a cue noun may itself be what the sentence compares with, merely holds, or dates
        # in the past; the words up to the next verb tell
        if _is_verb(found[0]):
            above = path[: max(cue_at, 0)]
        else:
            above = []
            for t in path[max(cue_at, 0) :]:
                above.append(t)
                if _is_verb(t):
                    break
        if _dated(found[0], above, cues):
            return Verdict(False, found[0], None, None, "past")
        blocker = next((t for t in above if _blocked(t, cues)), None)
        if blocker is not None and not _is_verb(found[0]):
            return Verdict(False, blocker, None, None, "blocker")  # "will need $1tn of investment"
        compared = _compared(path[: max(cue_at, 0)] + above, cues)
        if compared is not None:
            return Verdict(False, compared, None, None, "comparison")
        verbs = [t for t in path[max(cue_at, 0) :] if _is_verb(t)]
        if via_subject:
            # a cue noun subject ("the fund expects to hold $150m"): the verbs under it
            verbs = [t for t in path[: max(cue_at, 0) + 1] if _is_verb(t)]
        if not _is_verb(found[0]) and verbs and fold_case(verbs[0].lemma_) in cues.possession:
            return Verdict(False, verbs[0], None, None, "held")
    tok, blocked = found
    if blocked:
        return Verdict(False, tok, None, None, "blocker")
    cls = _cue_of(tok, cues)
    chain = path[: cue_at + 1] if cue_at >= 0 else [t for t in path[:1] if _is_verb(t)]
    if _is_verb(tok) and tok not in chain:
        chain = [*chain, tok]
    why = _hypothetical(chain, cues)
    if why is not None:
        return Verdict(False, tok, cls, None, why)
    verbs = [t for t in chain if _is_verb(t)]
    past = cls in ("spend", "receive") and verbs and _past(verbs[-1])
    if past and _past_anchor(span, cues, doc_year, future or set()):
        return Verdict(False, tok, cls, None, "past")
    top = [tok, *path[: max(cue_at, 0) + 3]]
    return Verdict(True, tok, cls, _status(chain, top, cues, span), "cue")


def window_cue(span: Span, cues: PledgeCues, reach: int = WINDOW) -> Verdict:
    """Fallback for an amount the parse left undecided (a misattached "worth €30bn"): the
    nearest cue verb or blocker among the few words before it, back to the previous full
    stop in its paragraph (not the parser's sentence, which a broken parse cuts short)."""
    lo, _ = paragraph(span)
    doc = span.doc
    words = 0
    for tok in reversed(doc[: span.start]):
        if tok.idx < lo or tok.text in (".", ";", ":", "!", "?") or words >= reach:
            break
        words += 0 if tok.is_punct or tok.is_space else 1
        if _blocked(tok, cues):
            return Verdict(False, tok, None, None, "blocker")
        cls = cues.verb_class(tok.lemma_) if _is_verb(tok) else None
        if cls is not None:
            why = _hypothetical([tok], cues)
            if why is not None:
                return Verdict(False, tok, cls, None, why)
            if _dated(tok, [], cues):  # "… avait promis lors du dernier sommet, soit 4 Md"
                return Verdict(False, tok, cls, None, "past")
            return Verdict(True, tok, cls, _status([tok], [tok], cues, span), "window")
    return Verdict(None, None, None, None, "none")
