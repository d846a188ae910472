"""Money amounts and the pledges among them, as a spaCy component (runs after actors, claims).

The amount parser (money.parse) works on the text; this component anchors each amount on
the parse and decides, per amount: whether it is a pledge (pledges.rules: cue and blocker
lemmas on the dependency path), who pledges it (pledges.pledger, through the attribution
layer: agent, giver, possessor, subject, pronoun, quote speaker), what for and over what
period (pledges.details), and how firm it is (status). Two document-level passes follow: an
amount with neither cue nor blocker that repeats an amount pledged elsewhere in the document
("Les Américains, c'est 500 milliards") is that pledge again; a conversion in parentheses
("€109bn ($112.5bn)") takes everything from the amount it converts, so it is never a second,
different pledge.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.extract import ACTORS, CLAIMS, MONEY, doc_text, ensure_extensions
from pipeline.extract.actors.component import capital_country, dominant_country, place_country
from pipeline.extract.actors.kb import ActorKB, KBEntry
from pipeline.extract.attribution import MentionIndex, Resolver, load_tables
from pipeline.extract.money.parse import Amount, parse_amounts
from pipeline.extract.pledges.cues import PledgeCues, load_pledge_cues
from pipeline.extract.pledges.details import (
    Purpose,
    PurposeFinder,
    find_periods,
    nearest_period,
)
from pipeline.extract.pledges.pledger import PledgerFinder
from pipeline.extract.pledges.rules import Verdict, classify, paragraph, window_cue
from pipeline.extract.pledges.words import fuller
from pipeline.rules_data import fold_case, load_rules

LEDE_CHARS = 400
_LEDE_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
# Countries whose currency is a dollar (KB ids): their press writes "$" and "dollars" for it.
_HOME_DOLLARS = {"Q16": "CAD", "Q408": "AUD", "Q664": "NZD", "Q334": "SGD", "Q8646": "HKD"}
_NAMED_DOLLAR = re.compile(r"\bUS|U\.S|USD|[Aa]m[ée]ric")  # "US$", "U.S. dollars", "américains"
SAME_AMOUNT = 0.01  # relative tolerance for "the same amount again" inside a document
CONTEXT_CHARS = 1500  # how far back the previous pledge's actor is still the topic
_FUTURE_KINDS = ("until", "duration", "open")
_NAMED = ("agent", "possessor", "subject", "relative", "apposition", "gapping")


@dataclass(frozen=True)
class PledgeInfo:
    """Whether an amount is a pledge, the word that said so, who pledges it (an actor
    mention of doc.spans[ACTORS]), how they were found, and the pledge's details."""

    is_pledge: bool
    cue: str | None
    actor: Span | None
    status: str | None = None
    purpose: Purpose | None = None
    period: dict[str, Any] | None = None  # raw: resolved against the date in records
    how: str = "none"  # agent | possessor | subject | ... | context | first_person | none
    why: str = "none"  # cue | blocker | hypothetical | speculative | past | repeat | none
    converts: int | None = None  # index in doc.spans[MONEY] of the amount this one restates
    entry: KBEntry | None = None  # a KB pledger with no mention ("le fonds émirien")


def _year(value: Any) -> int | None:
    if isinstance(value, dt.date):
        return value.year
    if isinstance(value, str) and len(value) >= 4 and value[:4].isdigit():
        return int(value[:4])
    return None


def _year_in_lede(text: str) -> int | None:
    """Without a document date, the first year written in the opening lines (the dateline:
    "PARIS, 11 février 2025 –") stands for it, so that it is no past anchor."""
    found = _LEDE_YEAR.search(text[:LEDE_CHARS])
    return int(found.group(0)) if found else None


def _same_amount(a: Amount, b: Amount) -> bool:
    if a.currency != b.currency or a.currency is None:
        return False
    lo_a, hi_a = a.amount, a.amount_max or a.amount
    lo_b, hi_b = b.amount, b.amount_max or b.amount
    tol = SAME_AMOUNT * max(abs(hi_a), abs(hi_b))
    return abs(lo_a - lo_b) <= tol and abs(hi_a - hi_b) <= tol


def local_currency(text: str, countries: list[str | None]) -> str | None:
    """The code of a currency name several countries use ("dirhams", "francs CFA",
    "MMDH", "crowns") in the first of `countries` (KB ids) that uses it, else its default
    (currencies.json local_names); None when unknown."""
    words = re.findall(r"[a-z]+", fold_case(text))
    for name, codes in _local_names().items():
        if any(w.startswith(name) or w.endswith(name) for w in words):  # "FCFA", "MMDH"
            return next((codes[c] for c in countries if c in codes), codes.get("default"))
    return None


@lru_cache(maxsize=4)
def _run_by(kb: ActorKB) -> dict[str, str]:
    """Programme KB id -> the KB id of the institution running it (relations.json)."""
    rows: list[list[Any]] = load_rules("kb/relations.json").get("run_by", [])
    out: dict[str, str] = {}
    for programme, owner, *_ in rows:
        a, b = kb.lookup(programme), kb.lookup(owner)
        if a is not None and b is not None:
            out[a.id] = b.id
    return out


@lru_cache(maxsize=1)
def _local_names() -> dict[str, dict[str, str]]:
    table: dict[str, Any] = load_rules("money/currencies.json")["local_names"]
    return {k: v for k, v in table.items() if not k.startswith("_")}


class MoneyFinder:
    """Writes doc.spans[MONEY]: `span._.amount` (money.parse.Amount), `span._.pledge`."""

    def __init__(self, nlp: Language, kb_path: str = "") -> None:
        ensure_extensions()
        self.lang: str = nlp.lang or "en"
        self.cues: PledgeCues = load_pledge_cues(self.lang)
        self.kb = ActorKB.load(Path(kb_path) if kb_path else None)
        self.pledgers = PledgerFinder(self.cues)
        self.purposes = PurposeFinder(self.cues)

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        amounts: list[Amount] = []
        index: dict[int, int] = {}  # parser index -> span index
        text = doc_text(doc)
        mentions = MentionIndex.of(doc, self.kb)
        home = self._home_country(doc, mentions)
        dollar = _HOME_DOLLARS.get(home or "")
        for k, amount in enumerate(parse_amounts(text, self.lang)):
            span = doc.char_span(amount.start, amount.end, alignment_mode="expand")
            if span is None:
                continue
            if dollar and amount.currency == "USD" and not _NAMED_DOLLAR.search(amount.text):
                amount = replace(amount, currency=dollar)
            elif amount.currency is None:
                places = [home, *self._countries_near(span)]
                amount = replace(amount, currency=local_currency(amount.text, places))
            index[k] = len(spans)
            spans.append(span)
            amounts.append(amount)
        infos = self._decide(doc, spans, amounts, mentions, home)
        for span, amount, info in zip(spans, amounts, infos, strict=True):
            conv = index.get(amount.converts) if amount.converts is not None else None
            if conv is not None and conv < len(infos):
                info = replace(infos[conv], converts=conv, why="conversion")
            span._.amount = amount
            span._.pledge = info
        doc.spans[MONEY] = spans
        return doc

    def _countries_near(self, span: Span) -> list[str]:
        """KB ids of the countries named in the amount's sentence, nearest before it first
        ("Norway said it would invest 30 billion crowns")."""
        sent = span.sent
        found = [
            (m.start > span.start, abs(m.start - span.start), country)
            for m in span.doc.spans.get(ACTORS, [])
            if sent.start <= m.start < sent.end and (country := place_country(m, self.kb))
        ]
        return [country for _, _, country in sorted(found)]

    def _home_country(self, doc: Doc, mentions: MentionIndex) -> str | None:
        """The country a story is about (its KB id), for its local money: a bare "$" or
        "dollars" in a story about Canada, Australia, New Zealand, Singapore or Hong Kong is
        the local dollar ("OTTAWA - The budget adds $15 billion", "185 milliards de dollars"
        for Hydro-Québec; "US$", "U.S. dollars", "dollars américains" stay USD), "dirhams"
        in Morocco are MAD. The country with at least half of the document's place mentions
        (a city or region counts as its country), and two at least; a dateline decides
        instead (datelines of several countries: none)."""
        places: list[str] = []
        datelines: set[str] = set()
        for span in doc.spans.get(ACTORS, []):
            country = place_country(span, self.kb)
            if country and mentions.dateline(span):
                datelines.add(country)
            elif country:
                places.append(country)
        if datelines:
            # "WASHINGTON — ... Canada ... Ottawa": the dateline says whose money it is;
            # briefs from several countries have no one home country
            return datelines.pop() if len(datelines) == 1 else None
        return dominant_country(places)

    def _decide(
        self,
        doc: Doc,
        spans: list[Span],
        amounts: list[Amount],
        mentions: MentionIndex,
        home: str | None,
    ) -> list[PledgeInfo]:
        doc_year = _year(doc._.doc_date) or _year_in_lede(doc_text(doc))
        quotes = [q for q in doc.spans.get(CLAIMS, []) if q._.claim is not None]
        direct = [(q.start_char, q.end_char) for q in quotes if q._.claim.kind == "direct"]
        resolver = Resolver(mentions, load_tables(self.lang), direct)
        by_sent: dict[int, list[Any]] = {}
        verdicts: list[Verdict] = []
        for span in spans:
            if span.sent.start not in by_sent:
                by_sent[span.sent.start] = find_periods(span.sent, self.cues)
            future = self._tokens(doc, by_sent[span.sent.start], _FUTURE_KINDS)
            verdicts.append(classify(span, self.cues, doc_year, future))
        found: list[tuple[Span | None, str]] = []
        for span, verdict in zip(spans, verdicts, strict=True):
            who: tuple[Span | None, str] = (None, "none")
            if verdict.is_pledge is not False:
                who = self._who(span, spans, verdict, resolver, quotes)
                country = mentions.country_of_capital(who[0]) if who[0] is not None else None
                if country is not None:
                    who = (country, who[1])
            found.append(who)
        infos = [
            PledgeInfo(
                bool(v.is_pledge),
                v.cue.text if v.cue is not None else None,
                actor,
                v.status,
                how=how,
                why=v.why,
            )
            for v, (actor, how) in zip(verdicts, found, strict=True)
        ]
        self._repeats(infos, verdicts, amounts)
        for k, span in enumerate(spans):
            if infos[k].why != "none":
                continue
            verdict = window_cue(span, self.cues)
            actor, how = (None, "none")
            if verdict.is_pledge:
                actor, how = self._who(span, spans, verdict, resolver, quotes)
            elif verdict.why == "none":
                pledged, named = self.pledgers.words.headline(span, mentions)
                if pledged:
                    verdict = replace(verdict, is_pledge=True, status="announced", why="headline")
                    actor, how = named, "headline" if named is not None else "none"
            cue = verdict.cue.text if verdict.cue is not None else None
            infos[k] = PledgeInfo(
                bool(verdict.is_pledge), cue, actor, verdict.status, how=how, why=verdict.why
            )
            verdicts[k] = verdict
        self._elliptical(infos, verdicts, spans, mentions)
        places = {i for m in mentions.spans if m.label_ == "GPE" for i in range(m.start, m.end)}
        for k, (span, info) in enumerate(zip(spans, infos, strict=True)):
            if not info.is_pledge:
                infos[k] = replace(info, actor=None, how="none", status=None)
                continue
            actor, how, entry = info.actor, info.how, info.entry
            if actor is None and entry is None and how == "state":
                # "L'État apportera 400 millions": the story's country, if it is known;
                # never the company or person of the sentences before
                entry = self.kb.get(home) if home else None
            elif actor is None and entry is None:
                actor, how, entry = self._fallback(
                    span, verdicts[k], infos[:k], spans, quotes, resolver, how
                )
            actor, entry, how = self._behind(actor, entry, how, mentions, doc)
            if actor is not None:
                actor = fuller(actor, mentions)
            capital_of = self._capital_of(actor)
            if capital_of is not None:
                # "Ottawa débloque 6 G$" in a story that never names Canada: Canada
                actor, entry = None, capital_of
            periods = by_sent[span.sent.start]
            anchors = [*span, *self._verbs_to_cue(span, verdicts[k])]
            purpose = self.purposes.find(
                span, anchors, places, self._tokens(doc, periods, None), paragraph(span)
            )
            infos[k] = replace(
                info,
                actor=actor,
                how=how,
                entry=entry,
                status=info.status or "announced",
                purpose=purpose,
                period=nearest_period(span, periods, self.cues),
            )
        self._named_elsewhere(infos, amounts)
        return infos

    @staticmethod
    def _named_elsewhere(infos: list[PledgeInfo], amounts: list[Amount]) -> None:
        """'Donors … have pledged €60bn …' then '"we can announce a combined €60bn",
        Cleverly said': a pledge whose own words name nobody (generic donors, a headline)
        is the same amount pledged elsewhere in the document by someone named: that
        pledger's, nearest first."""
        for k, info in enumerate(infos):
            if not info.is_pledge or info.actor is not None or info.entry is not None:
                continue
            same = [
                j
                for j, other in enumerate(infos)
                if j != k
                and other.is_pledge
                and (other.actor is not None or other.entry is not None)
                and other.why != "conversion"
                and _same_amount(amounts[k], amounts[j])
            ]
            if same:
                j = min(same, key=lambda j: abs(j - k))
                infos[k] = replace(info, actor=infos[j].actor, entry=infos[j].entry, how="repeat")

    def _who(
        self,
        span: Span,
        spans: list[Span],
        verdict: Verdict,
        resolver: Resolver,
        quotes: list[Span],
    ) -> tuple[Span | None, str]:
        """The pledger of a pledged amount: its coordinated actor in a "respectively"
        clause, else what the attribution search finds."""
        mentions = resolver.index
        opener = self.pledgers.words.headline_opener(span, mentions)
        if opener is not None:
            return opener, "headline"
        paired = self.pledgers.words.respective(span, spans, mentions)
        if paired is not None:
            return paired, "respectively"
        speaker = self._speaker(span, quotes)
        return self.pledgers.find(span, resolver, speaker, verdict.cue, paragraph(span))

    def _elliptical(
        self,
        infos: list[PledgeInfo],
        verdicts: list[Verdict],
        spans: list[Span],
        mentions: MentionIndex,
    ) -> None:
        """'Paris a promis 110 millions. L'Espagne, 80 millions.': an undecided amount right
        after an actor and a comma, with no verb, continues the list of the pledge before
        it in its paragraph: a pledge of that actor."""
        for k, span in enumerate(spans):
            if infos[k].is_pledge or infos[k].why != "none" or k == 0:
                continue
            j = k - 1
            if not (infos[j].is_pledge and paragraph(spans[j]) == paragraph(span)):
                continue
            actor = self.pledgers.gapped(span, mentions)
            if actor is None:
                continue
            infos[k] = replace(infos[j], actor=actor, how="gapping", why="list", converts=None)
            verdicts[k] = verdicts[j]

    def _behind(
        self,
        actor: Span | None,
        entry: KBEntry | None,
        how: str,
        mentions: MentionIndex,
        doc: Doc,
    ) -> tuple[Span | None, KBEntry | None, str]:
        """A programme named as the pledger stands for the institution that runs it
        (pipeline/data/kb/relations.json run_by: InvestAI, the European Commission): its
        mention in the text nearest before, else the first after, else its KB entry."""
        kb_id = actor._.actor.kb_id if actor is not None and actor._.actor is not None else None
        owner = _run_by(self.kb).get(kb_id or "")
        if actor is None or owner is None:
            return actor, entry, how
        named = [m for m in mentions.spans if (m._.actor is not None and m._.actor.kb_id == owner)]
        before = [m for m in named if m.start < actor.start]
        found = before[-1] if before else (named[0] if named else None)
        if found is not None:
            return found, None, how + "+programme"
        return None, self.kb.get(owner), how + "+programme"

    def _capital_of(self, actor: Span | None) -> KBEntry | None:
        """The country whose capital a pledging place is, if it is one."""
        if actor is None or actor.label_ != "GPE":
            return None
        return self.kb.get(capital_country(actor.text) or "")

    @staticmethod
    def _tokens(doc: Doc, periods: list[Any], kinds: tuple[str, ...] | None) -> set[int]:
        out: set[int] = set()
        for start, end, kind, _ in periods:
            if kinds is None or kind in kinds:
                piece = doc.char_span(start, end, alignment_mode="expand")
                if piece is not None:
                    out.update(range(piece.start, piece.end))
        return out

    @staticmethod
    def _verbs_to_cue(span: Span, verdict: Verdict) -> list[Any]:
        """The heads from the amount up to (and including) its cue."""
        out = []
        tok = span.root
        for _ in range(8):
            if tok.head.i == tok.i:
                break
            tok = tok.head
            out.append(tok)
            if verdict.cue is not None and tok.i == verdict.cue.i:
                break
        if verdict.cue is not None and verdict.cue not in out:
            out.append(verdict.cue)
        return out

    @staticmethod
    def _speaker(span: Span, quotes: list[Span]) -> Span | None:
        for quote in quotes:
            if quote.start_char <= span.start_char and span.end_char <= quote.end_char:
                info = quote._.claim
                return info.speaker if info.kind == "direct" else None
        return None

    @staticmethod
    def _repeats(infos: list[PledgeInfo], verdicts: list[Verdict], amounts: list[Amount]) -> None:
        """Undecided amounts that repeat a pledged amount of the document are that pledge,
        by its pledger unless their own clause names one."""
        for k, verdict in enumerate(verdicts):
            if verdict.is_pledge is not None:
                continue
            for j, other in enumerate(infos):
                if j != k and verdicts[j].is_pledge and _same_amount(amounts[k], amounts[j]):
                    own = infos[k].how in _NAMED
                    infos[k] = replace(
                        other,
                        actor=infos[k].actor if own else other.actor,
                        how=infos[k].how if own else "repeat",
                        why="repeat",
                    )
                    break

    def _fallback(
        self,
        span: Span,
        verdict: Verdict,
        earlier: list[PledgeInfo],
        spans: list[Span],
        quotes: list[Span],
        resolver: Resolver,
        how: str,
    ) -> tuple[Span | None, str, KBEntry | None]:
        """No pledger on the parse, in order: the quote's speaker; a subject left of the cue
        (broken parse); a country adjective ("le fonds émirien"); the owner of the plan a
        definite "the plan" takes up from an earlier sentence; the actor of the previous
        pledge nearby; the last subject of the passage (its topic)."""
        mentions = resolver.index
        speaker = self._speaker(span, quotes)
        if speaker is not None:
            return speaker, "quote", None
        if how == "first_person":
            return None, how, None
        if how == "none" and verdict.cue_class != "receive":  # a recipient is no pledger
            left = self.pledgers.subject_left_of(span, verdict.cue, mentions)
            if left is not None:
                return left, "left", None
        entry = self.pledgers.demonym(span, verdict.cue, mentions)
        if entry is not None:
            return None, "demonym", entry
        owner = self.pledgers.earlier_owner(span, verdict.cue, resolver, CONTEXT_CHARS)
        if owner is not None:  # "The plan includes $900m": whose plan was unveiled before
            return owner, "anaphor", None
        for k in range(len(earlier) - 1, -1, -1):
            if span.start_char - spans[k].end_char > CONTEXT_CHARS:
                break
            if earlier[k].is_pledge and (earlier[k].actor is not None or earlier[k].entry):
                return earlier[k].actor, "context", earlier[k].entry
        topic = mentions.last_subject(span.start, CONTEXT_CHARS)
        if topic is not None:
            return topic, "topic", None
        return None, how, None


@Language.factory(
    MONEY,
    default_config={"kb_path": ""},
    assigns=["doc.spans"],
    requires=["doc.spans", "token.dep", "token.lemma"],
)
def make_money_finder(nlp: Language, name: str, kb_path: str) -> MoneyFinder:
    """Factory of the pledges component (config: the actor KB path, '' for the packaged one)."""
    return MoneyFinder(nlp, kb_path)
