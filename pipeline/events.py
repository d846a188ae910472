"""Pledge events: the same pledge reported by several documents, in any language, is one event.

Input: extractions.jsonl records. Every pledge mention (is_pledge, not a conversion) joins the
event it matches best, or starts one. A mention matches an event when
- its amount in euros meets the event's figures within MATCH_TOL (ranges match overlapping
  figures), and
- its pledger is compatible with the event's pledgers: the same actor, or a person and the
  country or organisation they belong to or lead (KB `country` and the offices a person
  holds: "President of the European Commission" links Ursula von der Leyen to the
  Commission). A mention without a pledger, or an event without one, needs strong agreement:
  amounts within STRONG_TOL and the same currency and figure, a shared purpose word or the
  same period end.
Conversions in parentheses ("€109bn ($112.5bn)") are listed with the event of the amount they
restate but never counted: they are not figures of their own. Undated documents are converted
at the corpus's median date, so that "112 milliards de dollars" in an undated article compares
with the euros of its dated neighbours. The canonical amount is the median over documents
(each document counts once, however often it repeats the figure); `discrepancy` is set when
sources disagree by more than DISCREPANCY after conversion. Output order and event ids are
deterministic (ids hash the sorted source item ids).
"""

from __future__ import annotations

import bisect
import hashlib
import json
import math
import re
import statistics
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pipeline.extract.kb import ActorKB
from pipeline.rates import rate_date, to_eur_usd

MATCH_TOL = 0.15  # relative gap under which two figures can be the same pledge
STRONG_TOL = 0.02  # ... when a pledger is missing on one side
DISCREPANCY = 0.05  # sources further apart than this are flagged
_FIRMNESS = ("committed", "announced", "proposed", "conditional")
_STOP = frozenset(
    ["the", "a", "an", "of", "in", "into", "for", "on", "to", "and", "with", "by"]
    + ["la", "le", "les", "l", "de", "des", "du", "d", "dans", "pour", "en", "et", "au", "aux"]
    + ["un", "une", "avec", "sur", "par"]
)
NEAR_CHARS = 150  # actors named this close to a figure are co-mentioned with it


@dataclass
class _Mention:
    """One pledge mention prepared for matching."""

    rec: dict[str, Any]  # the document fields events show (doc_id, source, lang, date)
    item: dict[str, Any]
    lo: float | None  # euros
    hi: float | None
    day: str | None
    words: frozenset[str]
    near: frozenset[str]  # actors named near the figure in its document

    @property
    def actor(self) -> str | None:
        return self.item.get("actor_id")


@dataclass
class _Event:
    """The mentions of one event, with what matching asks of them kept up to date as they
    join, so that matching a mention costs the same however big the event has grown (a big
    corpus repeats common figures thousands of times)."""

    mentions: list[_Mention] = field(default_factory=list)
    conversions: list[_Mention] = field(default_factory=list)
    _bounds: tuple[float, float] | None = None
    _los: list[float] = field(default_factory=list)  # sorted
    _his: list[float] = field(default_factory=list)  # sorted
    _actors: set[str] = field(default_factory=set)
    _near: dict[str, set[str]] = field(default_factory=dict)  # actor -> actors near its figures
    _words: set[str] = field(default_factory=set)
    _ends: set[Any] = field(default_factory=set)  # period end years
    _figures: dict[Any, list[float]] = field(default_factory=dict)  # currency -> sorted amounts
    _exact: set[tuple[Any, Any, Any]] = field(default_factory=set)  # (currency, amount, actor)

    def add(self, m: _Mention) -> None:
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
        self._words |= m.words
        end = (m.item.get("period") or {}).get("end_year")
        if end:
            self._ends.add(end)
        currency = m.item.get("currency")
        bisect.insort(self._figures.setdefault(currency, []), m.item.get("amount") or 0)
        self._exact.add((currency, m.item.get("amount"), m.actor))

    def actors(self) -> set[str]:
        return self._actors

    def bounds(self) -> tuple[float, float] | None:
        return self._bounds

    def near(self, actor: str) -> set[str]:
        """Actors named near the figures of this event's mentions by `actor`."""
        return self._near.get(actor, set())

    def same_figure(self, m: _Mention) -> bool:
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

    def shares_words_or_end(self, m: _Mention) -> bool:
        end = (m.item.get("period") or {}).get("end_year")
        return bool(self._words & m.words) or bool(end and end in self._ends)

    def has_exact(self, m: _Mention) -> bool:
        return (m.item.get("currency"), m.item.get("amount"), m.actor) in self._exact


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
        self.events: list[_Event] = []
        self.buckets: dict[int, set[int]] = defaultdict(set)
        self.where: dict[int, list[int]] = {}
        self.unpriced: set[int] = set()

    def candidates(self, m: _Mention) -> list[int]:
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


@lru_cache(maxsize=4096)
def _affiliations(actor_id: str) -> frozenset[str]:
    """Ids an actor stands for besides itself: its KB country, and for a person the
    organisations and countries named in the offices they hold or held."""
    kb = ActorKB.load()
    entry = kb.get(actor_id)
    if entry is None:
        return frozenset()
    out = {entry.country} if entry.country else set()
    for role in entry.roles:
        for phrases in role.phrases.values():
            for phrase in phrases:
                words = phrase.replace("'", "' ").split()
                for n in range(len(words), 0, -1):
                    for k in range(len(words) - n + 1):
                        found = kb.lookup(" ".join(words[k : k + n]))
                        if found is not None and found.type in ("ORG", "GPE"):
                            out.add(found.id)
    out.discard(actor_id)
    return frozenset(out)


def compatible(a: str, b: str) -> bool:
    """Two pledgers that may be the same pledging party (see module docstring)."""
    if a == b:
        return True
    fa, fb = _affiliations(a), _affiliations(b)
    return b in fa or a in fb


def _linked(m: _Mention, actor: str, event: _Event) -> bool:
    """The mention's pledger and one of the event's may be the same party: compatible in the
    KB, or named side by side near this figure in some document ("Von der Leyen launches
    InvestAI, aiming to mobilise €200 billion")."""
    assert m.actor is not None
    if compatible(m.actor, actor) or actor in m.near:
        return True
    return m.actor in event.near(actor)


def _gap(m: _Mention, bounds: tuple[float, float]) -> float | None:
    """Relative distance between a mention's figures and an event's (0 when they overlap)."""
    if m.lo is None or m.hi is None:
        return None
    lo, hi = bounds
    if m.hi >= lo and m.lo <= hi:
        return 0.0 if (m.hi > m.lo or hi > lo) else abs(m.lo - lo) / max(lo, 1.0)
    dist = lo - m.hi if m.hi < lo else m.lo - hi
    return dist / max(min(abs(lo), abs(m.lo)), 1.0)


def _strong(m: _Mention, event: _Event, gap: float) -> bool:
    """Some mention of the event has the same figure, a purpose word or the period end."""
    if gap > STRONG_TOL:
        return False
    return event.same_figure(m) or event.shares_words_or_end(m)


def _match(m: _Mention, event: _Event) -> float | None:
    bounds = event.bounds()
    if bounds is None:
        return 0.0 if event.has_exact(m) else None
    gap = _gap(m, bounds)
    if gap is None or gap > MATCH_TOL:
        return None
    actors = event.actors()
    if m.actor and actors:
        if not any(_linked(m, a, event) for a in actors):
            return None
        return gap
    return gap if _strong(m, event, gap) else None


class _Nearby:
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


def _prepare(
    doc: dict[str, Any], item: dict[str, Any], near: frozenset[str], fallback_day: str | None
) -> _Mention:
    day = doc.get("date") or fallback_day
    eur, _, used = to_eur_usd(item.get("amount"), item.get("currency"), day)
    hi = eur
    if eur is not None and item.get("amount_max") and item.get("amount"):
        hi = eur * item["amount_max"] / item["amount"]
    purpose = (item.get("purpose") or {}).get("text")
    return _Mention(doc, item, eur, hi, used or rate_date(day), _words(purpose), near)


def _order(m: _Mention) -> tuple[str, str, int]:
    return (m.rec.get("date") or "9999", m.rec.get("source") or "", m.item.get("start") or 0)


# What matching and the event's sources read of a pledge mention.
_KEPT = (
    *("id", "text", "start", "amount", "amount_max", "currency", "qualifier", "status"),
    *("actor_id", "actor_name", "converts_id", "purpose", "period"),
)


class EventBuilder:
    """`build_events` fed one record at a time: of each record it keeps only what events read
    of its pledge mentions (_KEPT) and the document fields events show, so a corpus of any
    size is never held in memory whole."""

    def __init__(self) -> None:
        self._days: list[str] = []
        self._found: list[tuple[dict[str, Any], dict[str, Any], frozenset[str]]] = []
        self._digest = hashlib.sha256()  # of _found, see input_digest

    def add(self, rec: dict[str, Any]) -> None:
        if rec.get("date"):
            self._days.append(rec["date"])
        if rec.get("status", "ok") != "ok":
            return
        doc = {k: rec.get(k) for k in ("doc_id", "source", "lang", "date")}
        nearby: _Nearby | None = None
        for item in rec.get("pledges", []):
            if item.get("is_pledge"):
                nearby = nearby or _Nearby(rec)
                slim = {k: item[k] for k in _KEPT if k in item}
                near = nearby.near(item)
                self._found.append((doc, slim, near))
                line = json.dumps([doc, slim, sorted(near)], sort_keys=True, default=str)
                self._digest.update(line.encode("utf-8") + b"\n")

    def input_digest(self) -> str:
        """A digest of everything `events()` is computed from (the pledge mentions and the
        dates): builders with equal digests give equal events. Matching 10,000 documents'
        mentions takes ~20 s: the report reuses the JSONL's events while no review changed them."""
        digest = self._digest.copy()
        digest.update(json.dumps(sorted(self._days)).encode("utf-8"))
        return digest.hexdigest()

    def events(self) -> list[dict[str, Any]]:
        """The pledge events of the records added (see module docstring), largest first."""
        days = sorted(self._days)
        day = days[len(days) // 2] if days else None  # undated documents: the corpus's median
        mentions: list[_Mention] = []
        conversions: list[_Mention] = []
        for doc, item, near in self._found:
            m = _prepare(doc, item, near, day)
            (conversions if item.get("converts_id") else mentions).append(m)
        index = _Index()
        events = index.events
        home: dict[str, _Event] = {}
        for m in sorted(mentions, key=_order):
            scored = [
                (gap, k) for k in index.candidates(m) if (gap := _match(m, events[k])) is not None
            ]
            if scored:
                k = min(scored)[1]
            else:
                k = len(events)
                events.append(_Event())
            events[k].add(m)
            index.place(k)
            home[m.item["id"]] = events[k]
        for m in sorted(conversions, key=_order):
            target = home.get(m.item["converts_id"])
            if target is not None:
                target.conversions.append(m)
            else:  # a conversion of an amount that is no pledge mention: a figure of its own
                event = _Event()
                event.add(m)
                events.append(event)
                home[m.item["id"]] = event
        out = [_render(e) for e in events]
        return sorted(out, key=lambda e: (-(e["amount_eur"] or 0), e["actor_name"] or "", e["id"]))


def build_events(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The pledge events of a corpus (see module docstring), largest first."""
    builder = EventBuilder()
    for rec in records:
        builder.add(rec)
    return builder.events()


def _source(m: _Mention, conversion: bool) -> dict[str, Any]:
    return {
        "doc_id": m.rec["doc_id"],
        "source": m.rec.get("source"),
        "lang": m.rec.get("lang"),
        "date": m.rec.get("date"),
        "item_id": m.item["id"],
        "text": m.item.get("text"),
        "amount": m.item.get("amount"),
        "amount_max": m.item.get("amount_max"),
        "currency": m.item.get("currency"),
        "amount_eur": round(m.lo, 2) if m.lo is not None else None,
        "rate_date": m.day,
        "actor_id": m.item.get("actor_id"),
        "actor_name": m.item.get("actor_name"),
        "conversion": conversion,
    }


def _render(event: _Event) -> dict[str, Any]:
    mentions = sorted(event.mentions, key=_order)
    first = mentions[0]
    per_doc: dict[str, list[float]] = defaultdict(list)
    for m in mentions:
        if m.lo is not None:
            per_doc[m.rec["doc_id"]].append(m.lo)
    values = [statistics.median(v) for _, v in sorted(per_doc.items())]
    figures = [m.lo for m in mentions if m.lo is not None]
    tops = [m.hi for m in mentions if m.hi is not None and m.hi != m.lo]
    actors = Counter(m.actor for m in mentions if m.actor)
    actor_id = None
    if actors:
        best = max(actors.values())
        actor_id = next(m.actor for m in mentions if m.actor and actors[m.actor] == best)
    actor_name = next((m.item.get("actor_name") for m in mentions if m.actor == actor_id), None)
    statuses = Counter(m.item.get("status") for m in mentions if m.item.get("status"))
    status = None
    if statuses:
        top = max(statuses.values())
        status = next(s for s in _FIRMNESS if statuses.get(s) == top)
    sources = [_source(m, False) for m in mentions]
    sources += [_source(m, True) for m in sorted(event.conversions, key=_order)]
    sources.sort(key=lambda s: (s["date"] or "9999", s["source"] or "", s["item_id"]))
    ids = sorted(s["item_id"] for s in sources)
    lo, hi = (min(figures), max(figures)) if figures else (None, None)
    return {
        "id": "e" + hashlib.sha256("\x1f".join(ids).encode()).hexdigest()[:15],
        "actor_id": actor_id,
        "actor_name": actor_name,
        "amount_eur": round(statistics.median(values), 2) if values else None,
        "amount_max_eur": round(statistics.median(tops), 2) if tops else None,
        "amount": first.item.get("amount"),
        "amount_max": first.item.get("amount_max"),
        "currency": first.item.get("currency"),
        "qualifier": first.item.get("qualifier"),
        "purpose": next((m.item["purpose"] for m in mentions if m.item.get("purpose")), None),
        "period": next((m.item["period"] for m in mentions if m.item.get("period")), None),
        "status": status,
        "documents": len({m.rec["doc_id"] for m in mentions}),
        "languages": sorted({m.rec.get("lang") or "?" for m in mentions}),
        "sources": sources,
        "spread": {
            "min_eur": round(lo, 2) if lo is not None else None,
            "max_eur": round(hi, 2) if hi is not None else None,
        },
        "discrepancy": bool(lo and hi and (hi - lo) / lo > DISCREPANCY),
        "rate_dates": sorted({m.day for m in mentions if m.day}),
    }
