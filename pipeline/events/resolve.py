"""Event resolution: which pledge mentions of a corpus are the same real-world pledge.

A mention joins the event it matches best, or starts one. A mention matches an event when
- its amount in euros meets the event's figures within the rounding the text allows (see
  `tolerance`: "14 milliards" may be 13.92 billion, "110 millions" is not 100 million;
  "près de", "more than" and another currency allow more), and ranges match overlapping
  figures;
- period ends and purposes do not disagree, with the event as a whole (complete link: a
  mention joins only if its period end and its purpose's topic words meet every end and topic
  the event already has, so "$100bn for hydrogen by 2030" and "$100bn for AI data centres"
  stay two events even when a bare "$100bn" of the same pledger could join either);
- a yearly rate ("$100bn a year", "100 milliards par an") never meets a figure other
  documents give only as a one-off sum ("a $100bn investment"), nor the other way round;
- its pledger is compatible with the event's (pledgers.py: the same actor, a person and the
  institution they speak for, a city and its country, a joint venture and its partners), and
  conflicts with none of them (two countries never merge, even on equal amounts), except
  the two parties of one bilateral deal: each announces the same figure in its own document,
  names the other beside it, and writes a deal word ("partnership", "guarantee", "with",
  "avec") without a list word ("each", "chacun");
- with no pledger on one side, or pledgers the KB knows nothing to link, the figures agree
  strongly: the same currency and figure, plus a shared purpose word or period end, or the
  same document repeating it in another sentence (one sentence naming two pledgers for one
  figure is a list).
A mention joins, among the events it matches, the one holding its own document's nearest
mention of the same figure (a headline restates the lead, not the paragraph further down),
then the closest figures; within a document, mentions with a purpose or period are matched
before the bare ones, so that the bare ones find the event their document is about. Every
join records its reason. Undated documents are converted at the corpus's median date,
so that "112 milliards de dollars" in an undated article compares with its dated neighbours.
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pipeline.events.pledgers import conflict, display_name, link_reason
from pipeline.rates import rate_date, to_eur_usd
from pipeline.rules_data import fold_case, load_rules

MATCH_TOL = 0.15  # the widest relative gap any two figures can be matched at (index buckets)
ROUNDING_CAP = 0.05  # a written figure is read as exact to half its last digit, at most this
ROUNDING_FLOOR = 0.005
HEDGE_SLACK = 0.05  # "près de", "about", "more than", "up to"
CURRENCY_SLACK = 0.03  # different currencies: rates of different days and outlets
STRONG_TOL = 0.02  # ... when a pledger is missing on one side
NEAR_CHARS = 150  # actors named this close to a figure are co-mentioned with it
_HEDGED = frozenset({"approx", "at_least", "up_to"})
_STOP = frozenset(
    ["the", "a", "an", "of", "in", "into", "for", "on", "to", "and", "with", "by"]
    + ["la", "le", "les", "l", "de", "des", "du", "d", "dans", "pour", "en", "et", "au", "aux"]
    + ["un", "une", "avec", "sur", "par"]
)
MIN_TOPICS = 2  # topic words each side needs before purposes can disagree (one more within
# one document)
TOPIC_PREFIX = 5  # purpose words compared on their first letters: "hydrogen" = "hydrogène"


def tolerance(item: dict[str, Any]) -> float:
    """The relative gap a written figure allows: half a unit of its last significant digit
    ("14 milliards": ±0.5 billion), between ROUNDING_FLOOR and ROUNDING_CAP, plus
    HEDGE_SLACK when the text hedges it."""
    amount = abs(item.get("amount") or 0)
    tol = ROUNDING_CAP
    if amount >= 1:
        digits = f"{amount:.6e}".split("e")[0].replace(".", "").rstrip("0") or "0"
        unit = 10 ** (math.floor(math.log10(amount)) - len(digits) + 1)
        tol = min(ROUNDING_CAP, max(ROUNDING_FLOOR, 0.5 * unit / amount))
    if item.get("qualifier") in _HEDGED:
        tol += HEDGE_SLACK
    return tol


@dataclass
class Mention:
    """One pledge mention prepared for matching."""

    rec: dict[str, Any]  # the document fields events show (doc_id, source, lang, date)
    item: dict[str, Any]
    lo: float | None  # euros
    hi: float | None
    day: str | None
    near: frozenset[str]  # actors named near the figure in its document
    tol: float = 0.0
    topics: frozenset[str] = frozenset()  # what the purpose is about (see `topics`)
    made: int | None = None  # the earlier year its clause dates it to ("in 2023")
    year: int | None = None  # its document's year (from a date in its text if undated)
    deal: bool = False  # its sentence reads as one deal between two parties (see `_deal`)
    yearly: bool = False  # a yearly rate ("$100bn a year"), not a one-off sum (see `yearly`)
    reason: str = ""  # why it joined its event ("" for the first mention)

    @property
    def actor(self) -> str | None:
        return self.item.get("actor_id")

    @property
    def end_year(self) -> Any:
        return (self.item.get("period") or {}).get("end_year")


@dataclass
class Event:
    """The mentions of one event, with what matching asks of them kept up to date as they
    join, so that matching a mention costs the same however big the event has grown (a big
    corpus repeats common figures thousands of times)."""

    mentions: list[Mention] = field(default_factory=list)
    conversions: list[Mention] = field(default_factory=list)
    _bounds: tuple[float, float] | None = None
    _los: list[float] = field(default_factory=list)  # sorted
    _his: list[float] = field(default_factory=list)  # sorted
    _actors: set[str] = field(default_factory=set)
    _near: dict[str, set[str]] = field(default_factory=dict)  # actor -> actors near its figures
    _topics: dict[Any, set[str]] = field(default_factory=dict)  # language -> purpose topics
    _deals: dict[str, set[str]] = field(default_factory=dict)  # actor -> its deal documents
    _partners: set[frozenset[str]] = field(default_factory=set)  # the parties of one deal
    _ends: set[Any] = field(default_factory=set)  # period end years
    _made: set[int] = field(default_factory=set)  # years written as when it was pledged
    _said: set[int] = field(default_factory=set)  # document years of mentions without one
    _rates: dict[bool, set[str]] = field(default_factory=dict)  # yearly or not -> documents
    _figures: dict[Any, list[float]] = field(default_factory=dict)  # currency -> sorted amounts
    _exact: set[tuple[Any, Any, Any]] = field(default_factory=set)  # (currency, amount, actor)
    _currencies: set[Any] = field(default_factory=set)
    _in_doc: dict[tuple[Any, ...], set[str]] = field(default_factory=dict)  # figure -> sentences
    _at: dict[tuple[Any, ...], list[int]] = field(default_factory=dict)  # figure -> starts
    _sentences: dict[tuple[Any, str], list[int]] = field(default_factory=dict)  # -> starts
    tol: float = 0.0  # the loosest rounding of its mentions

    def median_eur(self) -> float:
        """The median of its mentions' (lower) EUR figures, 0.0 when none converts."""
        return _median(self._los) if self._los else 0.0

    def add(self, m: Mention) -> None:
        self.mentions.append(m)
        if m.lo is not None:
            bisect.insort(self._los, m.lo)
        if m.hi is not None:
            bisect.insort(self._his, m.hi)
        both = self._los and self._his
        self._bounds = (_median(self._los), _median(self._his)) if both else None
        if m.actor:
            self._actors.add(m.actor)
            self._near.setdefault(m.actor, set()).update(m.near)
        if m.topics:
            self._topics.setdefault(m.rec.get("lang"), set()).update(m.topics)
        if m.actor and m.deal:
            self._deals.setdefault(m.actor, set()).add(m.rec["doc_id"])
        if m.end_year:
            self._ends.add(m.end_year)
        if m.made:
            self._made.add(m.made)
        elif m.year is not None:
            self._said.add(m.year)
        self._rates.setdefault(m.yearly, set()).add(m.rec["doc_id"])
        currency = m.item.get("currency")
        self._currencies.add(currency)
        bisect.insort(self._figures.setdefault(currency, []), m.item.get("amount") or 0)
        self._exact.add((currency, m.item.get("amount"), m.actor))
        key = _figure_key(m)
        self._in_doc.setdefault(key, set()).add(m.item.get("sentence") or "")
        self._at.setdefault(key, []).append(m.item.get("start") or 0)
        if m.item.get("sentence"):
            where = (m.rec["doc_id"], m.item["sentence"])
            self._sentences.setdefault(where, []).append(m.item.get("start") or 0)
        self.tol = max(self.tol, m.tol)

    def actors(self) -> set[str]:
        return self._actors

    def bounds(self) -> tuple[float, float] | None:
        return self._bounds

    def near(self, actor: str) -> set[str]:
        """Actors named near the figures of this event's mentions by `actor`."""
        return self._near.get(actor, set())

    def same_figure(self, m: Mention) -> bool:
        """A mention with the same currency and amount (within 0.5 %)?"""
        amounts = self._figures.get(m.item.get("currency"), [])
        value = m.item.get("amount") or 0
        tol = 0.005 * abs(m.item.get("amount") or 1)
        slack = tol * 1.001 + 1e-9  # candidates by bisection, the exact test below
        k = bisect.bisect_left(amounts, value - slack)
        while k < len(amounts) and amounts[k] <= value + slack:
            if abs(amounts[k] - value) <= tol:
                return True
            k += 1
        return False

    def shares_words_or_end(self, m: Mention) -> bool:
        """A purpose topic or a period end in common: words that fit any pledge ("invest",
        "fund") would chain unrelated pledgers of one round figure."""
        shared = any(m.topics & topics for topics in self._topics.values())
        return shared or bool(m.end_year and m.end_year in self._ends)

    def other_topic(self, m: Mention) -> bool:
        """The mention's purpose and the event's share no topic: another deal of the same
        round figure ("€1bn for water networks in Morocco", "€1bn for Kenya's power lines").
        Purposes are compared within a language only (a translation shares few first
        letters: "drinking water", "eau potable"); a purpose of one topic word says too
        little to tell two deals apart ("for the period", "in the member state"), and a
        document repeating its own figure usually repeats its pledge in other words: there
        each side needs one topic word more."""
        theirs = self._topics.get(m.rec.get("lang"), set())
        key = _figure_key(m)
        least = MIN_TOPICS + (key in self._at)
        return len(m.topics) >= least and len(theirs) >= least and not m.topics & theirs

    def distance_in_document(self, m: Mention) -> float:
        """Characters from the mention to the nearest mention of its figure in its own
        document that this event holds (infinite when none)."""
        key = _figure_key(m)
        at = m.item.get("start") or 0
        return min((abs(at - x) for x in self._at.get(key, [])), default=math.inf)

    def deal_partner(self, m: Mention, actor: str) -> bool:
        """`actor`, a party that conflicts with the mention's pledger, is its partner in one
        bilateral deal: already joined as such in this event, or each names the other beside
        the same figure in a deal sentence of its own document."""
        assert m.actor is not None
        if frozenset((m.actor, actor)) in self._partners:
            return True
        docs = self._deals.get(actor, set())
        return bool(
            m.deal
            and docs - {m.rec["doc_id"]}
            and actor in m.near
            and m.actor in self.near(actor)
            and self.same_figure(m)
        )

    def add_partners(self, a: str, b: str) -> None:
        self._partners.add(frozenset((a, b)))

    def other_year(self, m: Mention) -> bool:
        """The mention's text dates the figure to an earlier year than the event's mentions
        were pledged in, or the other way round ("€4 billion at the fund's launch in 2023"
        is not a pledge a 2025 article announces without a year)."""
        if m.made:
            return bool(self._made - {m.made} or self._said - {m.made})
        return m.year is not None and bool(self._made - {m.year})

    def other_rate(self, m: Mention) -> bool:
        """A yearly figure against an event other documents give only as a one-off sum, or
        the other way round: "$100bn a year" for climate finance is not a $100bn investment.
        Its own document may drop the "a year" when it repeats the figure."""
        doc = m.rec["doc_id"]
        rates = {rate for rate, docs in self._rates.items() if docs - {doc}}
        return bool(rates) and m.yearly not in rates

    def disagrees(self, m: Mention) -> bool:
        """Another period end, purpose, year or rate than the event's (see the four tests)."""
        return self.other_end(m) or self.other_topic(m) or self.other_year(m) or self.other_rate(m)

    def other_end(self, m: Mention) -> bool:
        """The event ends in other years only: another period, another pledge."""
        return bool(m.end_year and self._ends and m.end_year not in self._ends)

    def has_exact(self, m: Mention) -> bool:
        return (m.item.get("currency"), m.item.get("amount"), m.actor) in self._exact

    def same_sentence(self, m: Mention) -> bool:
        """A mention of the event in the mention's sentence (the same text, closer than its
        length: a document repeating a sentence elsewhere repeats its pledge). Resolution
        does not use it: on real news one long sentence often writes one pledge twice; two
        parts of one whole in one sentence are two parts (parts.merge_siblings)."""
        sentence = m.item.get("sentence")
        if not sentence:
            return False
        at = m.item.get("start") or 0
        starts = self._sentences.get((m.rec["doc_id"], sentence), [])
        return any(abs(at - other) < len(sentence) for other in starts)

    def repeated_in_document(self, m: Mention) -> bool:
        """The same figure and currency in another sentence of the mention's document: a
        document repeating its figure under another name, not a list of pledgers."""
        key = _figure_key(m)
        sentences = self._in_doc.get(key, set())
        return bool(sentences - {m.item.get("sentence") or ""})

    def one_currency(self, m: Mention) -> bool:
        return self._currencies == {m.item.get("currency")}


def _median(ordered: list[float]) -> float:
    """statistics.median of an already sorted list."""
    n = len(ordered)
    mid = n // 2
    return ordered[mid] if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def _bucket(value: float) -> int:
    """Logarithmic bucket of an amount: figures within MATCH_TOL share or touch a bucket."""
    return int(math.floor(math.log(max(value, 1.0), 1.0 + MATCH_TOL)))


class _Index:
    """Events by amount bucket, so a mention is compared with nearby figures only."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self.buckets: dict[int, set[int]] = defaultdict(set)
        self.where: dict[int, list[int]] = {}
        self.unpriced: set[int] = set()

    def candidates(self, m: Mention) -> list[int]:
        if m.lo is None or m.hi is None:
            return sorted(self.unpriced)
        found: set[int] = set()
        for b in range(_bucket(m.lo) - 1, _bucket(m.hi) + 2):
            found |= self.buckets.get(b, set())
        return sorted(found)

    def place(self, k: int) -> None:
        for b in self.where.pop(k, []):
            self.buckets[b].discard(k)
        self.unpriced.discard(k)
        bounds = self.events[k].bounds()
        if bounds is None:
            self.unpriced.add(k)
            return
        span = list(range(_bucket(bounds[0]), _bucket(bounds[1]) + 1))
        for b in span:
            self.buckets[b].add(k)
        self.where[k] = span


def _words(text: str | None) -> frozenset[str]:
    if not text:
        return frozenset()
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return frozenset(w for w in re.findall(r"[a-z0-9]+", folded) if w not in _STOP and len(w) > 1)


@lru_cache(maxsize=4)
def _topic_rules() -> tuple[frozenset[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Words that say nothing of what a pledge is for, the deal and list cues, and the
    yearly-rate words."""
    data: dict[str, Any] = load_rules("events/topics.json")
    generic = frozenset(w[:TOPIC_PREFIX] for w in _words(" ".join(data["generic"])))

    def compile_(words: list[str]) -> re.Pattern[str]:
        alts = "|".join(re.escape(fold_case(w)) for w in sorted(words, key=len, reverse=True))
        return re.compile(rf"(?<!\w)(?:{alts})(?!\w)")

    return generic, compile_(data["deal"]), compile_(data["each"]), compile_(data["yearly"])


def topics(purpose: str | None) -> frozenset[str]:
    """The topic words of a purpose: its common words of three letters or more, cut to their
    first TOPIC_PREFIX letters so that English and French cognates meet ("hydrogen",
    "hydrogène"), without names (capitalised: a place or a programme says where, not what)
    nor words that fit any pledge ("invest", "fund", "programme", "billion")."""
    if not purpose:
        return frozenset()
    generic = _topic_rules()[0]
    common = " ".join(w for w in re.findall(r"[\w-]+", purpose) if not w[:1].isupper())
    return (
        frozenset(w[:TOPIC_PREFIX] for w in _words(common) if len(w) >= 3 and not w.isdigit())
        - generic
    )


_MADE_IN = re.compile(r"(?<!\w)(?:in|en|since|depuis|lors de|at|au)\s+((?:19|20)\d\d)(?!\d)")
MADE_REACH = 60  # characters after a figure in which its year is looked for


def made_in(item: dict[str, Any], year: int | None) -> int | None:
    """The year the figure's clause says it was pledged in, when earlier than `year`, its
    document's ("Berlin had committed €4 billion at the fund's launch in 2023"), else None."""
    sentence, text = item.get("sentence") or "", item.get("text") or "\x00"
    at = sentence.find(text)
    if at < 0 or year is None:
        return None
    clause = re.split(r"[.;:,]|\b(?:and|et|but|mais)\b", sentence[at + len(text) :][:MADE_REACH])
    found = _MADE_IN.search(clause[0])
    made = int(found.group(1)) if found else None
    return made if made is not None and made < year else None


_WHEN_AFTER = re.compile(r"\s+(?:after|later|ago|earlier|before|plus tard|plus tôt|auparavant)\b")


def yearly(item: dict[str, Any]) -> bool:
    """A figure its sentence gives as a yearly rate: a rate word right after it ("$100bn a
    year", "100 milliards de dollars par an", "$5.6bn annual contribution") or among the
    three words before it ("des versements annuels de 100 milliards", "an annual $2bn")."""
    sentence, text = item.get("sentence") or "", item.get("text") or "\x00"
    at = sentence.find(text)
    if at < 0:
        return False
    rate = _topic_rules()[3]
    after = fold_case(sentence[at + len(text) :]).lstrip(" -")
    found = rate.match(after)
    if found and _WHEN_AFTER.match(after[found.end() :]):
        found = None  # "$5bn a year after the summit", "un an plus tard": a time, not a rate
    before = " ".join(fold_case(sentence[:at]).split()[-3:])
    return bool(found) or bool(rate.search(before) and not re.search(r"[,;:.]", before))


def _deal(sentence: str | None) -> bool:
    """A sentence that reads as one deal between parties ("agreed a $5 billion guarantee with
    Japan", "un partenariat de 4 milliards avec l'Allemagne"), not as a list of pledges of
    one figure each ("Norway and Denmark each pledged")."""
    if not sentence:
        return False
    _, deal, each, _ = _topic_rules()
    folded = fold_case(sentence)
    return bool(deal.search(folded)) and not each.search(folded)


def _pledger_reason(m: Mention, event: Event) -> str | None:
    """Why the mention's pledger and the event's may be the same party; "" when nothing
    links them but nothing opposes them either; None when they conflict."""
    assert m.actor is not None
    reasons = []
    for actor in sorted(event.actors()):
        if conflict(m.actor, actor):
            if not event.deal_partner(m, actor):
                return None
            names = f"{display_name(m.actor)} and {display_name(actor)}"
            reasons.append(f"one deal announced by both parties, {names}")
            continue
        why = link_reason(m.actor, actor, m.day)
        if why is None and (actor in m.near or m.actor in event.near(actor)):
            why = "pledgers named side by side near the figure"
        if why:
            reasons.append(why)
    return reasons[0] if reasons else ""


def _gap(m: Mention, bounds: tuple[float, float]) -> float | None:
    """Relative distance between a mention's figures and an event's (0 when they overlap)."""
    if m.lo is None or m.hi is None:
        return None
    lo, hi = bounds
    if m.hi >= lo and m.lo <= hi:
        return 0.0 if (m.hi > m.lo or hi > lo) else abs(m.lo - lo) / max(lo, 1.0)
    dist = lo - m.hi if m.hi < lo else m.lo - hi
    return dist / max(min(abs(lo), abs(m.lo)), 1.0)


def _strong(m: Mention, event: Event, gap: float) -> str | None:
    """Why a mention joins without a pledger link: the same figure and currency as some
    mention of the event, with a shared purpose word or period end, or no pledger on one
    side."""
    if gap > STRONG_TOL or not event.same_figure(m):
        return None
    if event.shares_words_or_end(m):
        return "same figure, shared purpose or period"
    if not m.actor or not event.actors():
        return "same figure, no pledger on one side"
    if event.repeated_in_document(m):
        return "same figure repeated in the same document"
    return None


def match(m: Mention, event: Event) -> tuple[float, str] | None:
    """(gap, reason) when `m` may join `event` (see module docstring), else None."""
    bounds = event.bounds()
    if bounds is None:
        return (0.0, "same figure and pledger") if event.has_exact(m) else None
    gap = _gap(m, bounds)
    tol = max(m.tol, event.tol) + (0.0 if event.one_currency(m) else CURRENCY_SLACK)
    if gap is None or gap > tol or event.disagrees(m):
        return None
    amount = f"amounts {100 * gap:.1f} % apart, within {100 * tol:.1f} %"
    if m.actor and event.actors():
        why = _pledger_reason(m, event)
        if why is None:
            return None
        if why:
            return gap, f"{amount}; {why}"
    strong = _strong(m, event, gap)
    return (gap, f"{amount}; {strong}") if strong else None


def prepare(
    doc: dict[str, Any], item: dict[str, Any], near: frozenset[str], fallback_day: str | None
) -> Mention:
    """A pledge mention ready for matching: its euro figures at its document's date."""
    day = doc.get("date") or fallback_day
    eur, _, used = to_eur_usd(item.get("amount"), item.get("currency"), day)
    hi = eur
    if eur is not None and item.get("amount_max") and item.get("amount"):
        hi = eur * item["amount_max"] / item["amount"]
    purpose = (item.get("purpose") or {}).get("text")
    m = Mention(doc, item, eur, hi, used or rate_date(day), near, tolerance(item))
    m.topics = topics(purpose)
    dated = doc.get("date") or ""
    m.year = int(dated[:4]) if dated[:4].isdigit() else doc.get("written_year")
    m.made = made_in(item, m.year)
    m.deal = _deal(item.get("sentence"))
    m.yearly = yearly(item)
    return m


def order(m: Mention) -> tuple[str, str, int]:
    """Mentions are matched in date order, then source, then position."""
    return (m.rec.get("date") or "9999", m.rec.get("source") or "", m.item.get("start") or 0)


def _resolve_order(m: Mention) -> tuple[str, str, bool, int]:
    """Date, source, then within a document the mentions that say what or when first."""
    bare = not (m.topics or m.end_year)
    return (m.rec.get("date") or "9999", m.rec.get("source") or "", bare, m.item.get("start") or 0)


def resolve(mentions: list[Mention]) -> list[Event]:
    """The events of `mentions` (conversions excluded): each joins its best match, the event
    of its own document's nearest same figure first (see module docstring)."""
    index = _Index()
    events = index.events
    _spread_rates(mentions)
    for m in sorted(mentions, key=_resolve_order):
        scored = [
            (events[k].distance_in_document(m), found[0], k, found[1])
            for k in index.candidates(m)
            if (found := match(m, events[k])) is not None
        ]
        if scored:
            _, _, k, m.reason = min(scored)
            if m.actor:
                for actor in sorted(events[k].actors()):
                    if conflict(m.actor, actor):  # joined as the other party of one deal
                        events[k].add_partners(m.actor, actor)
        else:
            k = len(events)
            events.append(Event())
        events[k].add(m)
        index.place(k)
    return events


def _spread_rates(mentions: list[Mention]) -> None:
    """A figure one sentence of a document gives as a yearly rate is yearly wherever that
    document repeats it ("$300 billion a year ... The $300 billion will go to")."""
    rated = {_figure_key(m) for m in mentions if m.yearly}
    for m in mentions:
        m.yearly = _figure_key(m) in rated


def _figure_key(m: Mention) -> tuple[Any, ...]:
    return (m.rec["doc_id"], m.item.get("currency"), m.item.get("amount"))


class Nearby:
    """The actors of one document by the position of their mentions: which are named within
    NEAR_CHARS of a figure, by bisection (a very long document has thousands of figures and
    tens of thousands of mentions)."""

    def __init__(self, rec: dict[str, Any]) -> None:
        found = sorted((x["start"], a["id"]) for a in rec.get("actors", []) for x in a["mentions"])
        self.starts = [start for start, _ in found]
        self.ids = [actor for _, actor in found]

    def near(self, item: dict[str, Any]) -> frozenset[str]:
        lo = bisect.bisect_left(self.starts, item.get("start", 0) - NEAR_CHARS)
        hi = bisect.bisect_right(self.starts, item.get("end", 0) + NEAR_CHARS)
        return frozenset(self.ids[lo:hi])
