"""Part-of and aggregate relations between pledge events, read from the text and then made
consistent across the corpus.

Within one document, a figure is a part of a larger one when
- a cue says so (pipeline/data/events/cues.json): "dont", "including", "of which",
  "an initial", "la première tranche de" just before it; "will go to", "iront à" after it;
  "which includes", "as part of" between it and the larger figure in one sentence;
  "includes", "comprend", "the largest single contribution" anywhere before it in its
  sentence, its whole then coming before, in that sentence or an earlier one, in its
  currency if one is ("Le plus important vient des Émirats, qui ... entre 30 et 50
  milliards", after "109 milliards"); the figures that closely follow "the largest single
  contribution" and are smaller than its whole are listed parts of it too ("Japan added
  $300 million");
- it belongs to a run of figures that add up to the larger one ("1,5 + 3,5 = 5 milliards");
- the larger figure has no pledger, or a pledger its own belongs to (a country inside the
  G7's total, the EU's Africa share of its own Global Gateway), and no cue adds the figure
  to the others ("en outre", "in addition").
Across documents, a figure given under a named programme, with no cue word ("a $8.5 billion
award under the CHIPS Act", "une tranche de 2 milliards au titre du plan France 2030", "from
its France 2030 investment plan") is a part of the largest clearly larger figure of the corpus
whose sentence names that programme without giving a figure under it (the Act's $52.7 billion).
A name the knowledge base knows as an institution ("from the Global Fund") is a donor, not a
programme.
A figure introduced by "au total", "in all", "combined", "a permis de réunir", "… were
announced" is an aggregate: the smaller figures of its document are its members.

Each document votes (cue 3, sum 2, shared pledger 1) for the whole of each event, so a part
named in one document attaches to its whole named in another once events have merged the
mentions. A shared pledger alone must be the reading of most of the documents that
name both figures (one article with a misread pledger does not make €109 billion a part of
€200 billion). A whole is always a strictly larger event, so `part_of` has no cycles. An event is
`counted` in totals only when it is top-level (no `part_of`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pipeline.events.pledgers import conflict, within
from pipeline.events.resolve import MATCH_TOL, Event, Mention, order
from pipeline.extract.actors.kb import ActorKB
from pipeline.rules_data import fold_case, load_rules

CUE, SUM, SHARED = 3, 2, 1  # vote weights
SUM_TOL = 0.02
MAX_SUM_FIGURES = 60  # documents with more figures are not searched for sums
SUM_REACH = 600  # characters: the figures of a sum are written close to their total
REACH = 40  # figures: a whole, a total or its members are looked for this close, so that a
# document with thousands of figures costs linear time


@dataclass(frozen=True)
class PartCues:
    """The cue lists of one language, compiled."""

    window: int
    part_before: re.Pattern[str]
    part_clause: re.Pattern[str]
    list_opener: re.Pattern[str]
    part_after: re.Pattern[str]
    part_between: re.Pattern[str]
    separate_before: re.Pattern[str]
    aggregate_before: re.Pattern[str]
    aggregate_after: re.Pattern[str]


def _words(text: str) -> str:
    """Case folded, apostrophes straightened and spaces collapsed; accents kept."""
    return " ".join(fold_case(text).split())


def _compile(words: list[str]) -> re.Pattern[str]:
    alts = "|".join(re.escape(_words(w)) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)" if alts else r"(?!x)x")


@lru_cache(maxsize=8)
def part_cues(lang: str) -> PartCues:
    """The cues of `lang` (English ones for a language without its own list)."""
    data: dict[str, Any] = load_rules("events/cues.json")
    words = data.get(lang) or data["en"]
    parts = ("part_before", "part_clause", "list_opener", "part_after", "part_between")
    keys = (*parts, "separate_before", "aggregate_before", "aggregate_after")
    return PartCues(int(data["window"]), *(_compile(words.get(k, [])) for k in keys))


PROGRAMME_REACH = 80  # characters after a figure in which "under the X Act" is looked for
_NAME_WORD = r"(?:[A-Z][\w'’.&-]*|\d{4})"
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|and|of|for|et|de|du|des))*"


@lru_cache(maxsize=8)
def _programme_pattern(lang: str) -> tuple[re.Pattern[str], frozenset[str]]:
    """The "under the <Name>" pattern of `lang` and its programme nouns (cues.json)."""
    data: dict[str, Any] = load_rules("events/cues.json")
    words = data.get(lang) or data["en"]
    nouns = frozenset(fold_case(w) for w in words.get("programme_nouns", []))
    before = sorted(words.get("programme_before", []), key=len, reverse=True)
    lead = "|".join(re.escape(w).replace("'", "['’]\\s*") for w in before) or r"(?!x)x"
    noun = "|".join(re.escape(w) for w in sorted(nouns, key=len, reverse=True)) or r"(?!x)x"
    pattern = (
        rf"^[^.;:]{{0,{PROGRAMME_REACH}}}?(?<!\w)(?:{lead})\s*(?:(?P<noun>{noun})\s+)?"
        rf"(?P<name>{_NAME})(?:\s+(?:[a-z-]+\s+)?(?P<tail>{noun})(?!\w))?"
    )
    return re.compile(pattern), nouns


@lru_cache(maxsize=1)
def _programmes_run_by() -> frozenset[str]:
    """The ids of programmes the KB knows as actors (relations.json `run_by`)."""
    kb = ActorKB.load()
    rows = load_rules("kb/relations.json").get("run_by", [])
    return frozenset(e.id for row in rows if (e := kb.lookup(row[0])) is not None)


def programme_of(m: Mention) -> frozenset[str] | None:
    """The words that name the programme a figure is given under ("under the CHIPS Act" ->
    {"chips"}), None when it names none (see module docstring)."""
    sentence = m.item.get("sentence") or ""
    at = sentence.find(m.item.get("text") or "\x00")
    if at < 0:
        return None
    pattern, nouns = _programme_pattern(m.rec.get("lang") or "en")
    found = pattern.search(sentence[at + len(m.item.get("text") or "") :])
    if found is None:
        return None
    name = found.group("name").rstrip(".'’")  # "the CHIPS Act." ends its sentence
    words = name.split()
    if not (found.group("noun") or found.group("tail") or fold_case(words[-1]) in nouns):
        return None
    known = ActorKB.load().lookup(name)
    if known is not None and known.id not in _programmes_run_by():
        return None  # an institution the figure comes from: a donor, not a programme
    key = frozenset(_words(name).split()) - nouns - _NAME_GLUE
    return key or None


_NAME_GLUE = frozenset({"and", "of", "for", "et", "de", "du", "des", "the"})


def programme_links(mentions: list[Mention]) -> list[Link]:
    """Figures given under a named programme, each linked to the largest clearly larger
    figure of any document whose sentence names the programme without a figure under it."""
    refs = [(m, key) for m in mentions if m.lo is not None and (key := programme_of(m))]
    if not refs:
        return []
    wanted = set().union(*(key for _, key in refs))
    naming: dict[str, list[Mention]] = defaultdict(list)
    words_of: dict[str, frozenset[str]] = {}
    under = {id(m) for m, _ in refs}
    for m in mentions:
        sentence = m.item.get("sentence") or ""
        if m.lo is None or id(m) in under or not sentence:
            continue
        if sentence not in words_of:
            words_of[sentence] = frozenset(re.findall(r"[\w']+", _words(sentence)))
        for w in wanted & words_of[sentence]:
            naming[w].append(m)
    links = []
    for part, key in refs:
        pools = [{id(m): m for m in naming.get(w, [])} for w in sorted(key)]
        common = set(pools[0]).intersection(*pools[1:]) if pools else set()
        least = (part.hi or part.lo or 0.0) * (1 + MATCH_TOL)
        bigger = [pools[0][i] for i in sorted(common) if (pools[0][i].lo or 0.0) > least]
        if bigger:
            whole = max(bigger, key=lambda w: (w.lo or 0.0, order(w)))
            name = " ".join(sorted(key))
            links.append(Link(part, whole, CUE, f"given under the programme named '{name}'"))
    return links


@dataclass
class Link:
    """One document's vote that mention `part` lies inside mention `whole`."""

    part: Mention
    whole: Mention
    weight: int
    reason: str


@dataclass
class _Figure:
    """A mention with where it sits in its sentence."""

    m: Mention
    sentence: str
    at: int  # offset of the figure in the folded sentence, -1 if not found

    @property
    def lo(self) -> float:
        return self.m.lo or 0.0


def _figures(mentions: list[Mention]) -> list[_Figure]:
    out = []
    for m in sorted(mentions, key=lambda x: x.item.get("start") or 0):
        sentence = _words(m.item.get("sentence") or "")
        out.append(_Figure(m, sentence, sentence.find(_words(m.item.get("text") or "\x00"))))
    return out


def _segments(figs: list[_Figure], k: int) -> tuple[str, str]:
    """The text of the figure's sentence before it (from the previous figure of the same
    sentence) and after it (to the next one). Figures are in text order, so those of one
    sentence are neighbours."""
    f = figs[k]
    if f.at < 0:
        return "", ""
    start, end = 0, len(f.sentence)
    prev = figs[k - 1] if k > 0 else None
    if prev is not None and prev.sentence == f.sentence and 0 <= prev.at < f.at:
        start = prev.at + len(_words(prev.m.item.get("text") or ""))
    nxt = figs[k + 1] if k + 1 < len(figs) else None
    if nxt is not None and nxt.sentence == f.sentence and nxt.at > f.at:
        end = nxt.at
    after = f.at + len(_words(f.m.item.get("text") or ""))
    return f.sentence[start : f.at], f.sentence[after:end]


def _larger(a: _Figure, b: _Figure) -> bool:
    """`b` is clearly larger than `a`, not the same figure rounded or converted."""
    return b.lo > (a.m.hi or a.lo) * (1 + MATCH_TOL)


def _nearest_larger(
    figs: list[_Figure], k: int, forward: bool, same_currency: bool = False
) -> _Figure | None:
    """The closest clearly larger figure before (or after) figure `k`, within REACH; with
    `same_currency`, the closest in `k`'s currency if there is one (a part is written in
    its whole's currency: a cue sentences away from its whole should not take a figure in
    another currency that an intervening sentence compares it with)."""
    if forward:
        order = range(k + 1, min(len(figs), k + 1 + REACH))
    else:
        order = range(k - 1, max(-1, k - 1 - REACH), -1)
    larger = [figs[j] for j in order if _larger(figs[k], figs[j])]
    currency = figs[k].m.item.get("currency")
    if same_currency:
        return next((g for g in larger if g.m.item.get("currency") == currency), None) or next(
            iter(larger), None
        )
    return next(iter(larger), None)


def _start(f: _Figure) -> int:
    return f.m.item.get("start") or 0


def _cue_links(figs: list[_Figure], cues: PartCues) -> tuple[list[Link], set[int], set[int]]:
    """Links from cues, the figures that are aggregates and those added to the others
    ("en outre", "in addition"), by index in `figs`."""
    links, aggregates, separate = [], set(), set()
    listing: tuple[_Figure, int, str] | None = None  # whole, last member's start, opener
    for k, f in enumerate(figs):
        clause, after = _segments(figs, k)
        before, after = clause[-cues.window :], after[: cues.window]
        if cues.aggregate_before.search(before) or cues.aggregate_after.search(after):
            aggregates.add(k)
        if cues.separate_before.search(clause):
            separate.add(k)
        hit = cues.part_before.search(before) or cues.part_after.search(after)
        whole = _nearest_larger(figs, k, False) if hit else None
        if hit and whole is None:  # "an initial $400 million ... aims to raise $2.5 billion"
            whole = _nearest_larger(figs, k, True)
        opener = cues.list_opener.search(clause) if whole is None else None
        if whole is None and (hit := opener or cues.part_clause.search(clause)):
            whole = _nearest_larger(figs, k, False, same_currency=True)
        if hit and whole is not None:
            links.append(Link(f.m, whole.m, CUE, f"cue '{hit.group(0)}'"))
            listing = (whole, _start(f), hit.group(0)) if opener else None
            continue
        if listing is not None:  # "... Japan added $300 million, and the Gates Foundation $250m"
            whole, last, cue = listing
            if k in separate or not _larger(f, whole) or _start(f) - last > SUM_REACH:
                listing = None
            else:
                links.append(Link(f.m, whole.m, SUM, f"listed after cue '{cue}'"))
                listing = (whole, _start(f), cue)
                continue
        if k + 1 < len(figs) and figs[k + 1].sentence == f.sentence:
            found = cues.part_between.search(after)
            g = figs[k + 1]
            if found and (_larger(f, g) or _larger(g, f)):
                small, big = (f, g) if _larger(f, g) else (g, f)
                links.append(Link(small.m, big.m, CUE, f"cue '{found.group(0)}'"))
    return links, aggregates, separate


def _sum_links(figs: list[_Figure]) -> list[Link]:
    """Runs of consecutive figures in the whole's currency, all different and close to it in
    the text, that add up to it ("1,5 milliard d'ici 2028, 3,5 milliards ensuite: 5 en
    tout")."""
    if len(figs) > MAX_SUM_FIGURES:
        return []
    links = []
    for w in figs:
        if w.m.hi != w.m.lo:  # a range is no total
            continue
        currency, at = w.m.item.get("currency"), w.m.item.get("start") or 0
        others = [
            f
            for f in figs
            if f is not w
            and _larger(f, w)
            and f.m.item.get("currency") == currency
            and abs((f.m.item.get("start") or 0) - at) <= SUM_REACH
        ]
        tol = max(SUM_TOL, w.m.tol)
        for i in range(len(others)):
            total = 0.0
            for j in range(i, len(others)):
                total += others[j].lo
                if total > w.lo * (1 + tol):
                    break
                run = others[i : j + 1]
                amounts = {f.m.item.get("amount") for f in run}
                if j > i and len(amounts) == len(run) and abs(total - w.lo) <= tol * w.lo:
                    links += [Link(f.m, w.m, SUM, "figures that add up to it") for f in run]
    return links


def _shared_links(figs: list[_Figure], separate: set[int]) -> list[Link]:
    """A named pledger's figure inside the nearest larger figure (within REACH) whose pledger
    is missing or one its pledger belongs to, unless a cue adds it to the others."""
    links = []
    for k, f in enumerate(figs):
        if not f.m.actor or k in separate:
            continue
        bigger = [
            (g.lo, abs(j - k), g)
            for j in range(max(0, k - REACH), min(len(figs), k + REACH + 1))
            if _larger(f, g := figs[j]) and (not g.m.actor or within(f.m.actor, g.m.actor, f.m.day))
        ]
        if bigger:
            g = min(bigger, key=lambda x: (x[0], x[1]))[2]
            why = "a larger figure with no pledger" if not g.m.actor else "the same pledger's"
            links.append(Link(f.m, g.m, SHARED, why + " in the same document"))
    return links


def document_links(mentions: list[Mention], lang: str | None) -> tuple[list[Link], set[int]]:
    """The part links of one document's pledge mentions and the ids (id()) of the mentions
    that are aggregates (see module docstring)."""
    figs = [f for f in _figures(mentions) if f.m.lo is not None]
    links, aggregates, separate = _cue_links(figs, part_cues(lang or "en"))
    for k in sorted(aggregates):
        for f in figs[max(0, k - REACH) : k + REACH + 1]:
            if _larger(f, figs[k]):
                links.append(Link(f.m, figs[k].m, CUE, "member of a total"))
    links += _sum_links(figs) + _shared_links(figs, separate)
    return links, {id(figs[k].m) for k in aggregates}


def tree(events: list[Event], links: list[Link], aggregates: set[int]) -> dict[int, dict[str, Any]]:
    """Per event index: its `part_of` (event index or None), the reason, and its `kind`."""
    home = {id(m): k for k, e in enumerate(events) for m in e.mentions}
    votes: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    strongest: dict[tuple[int, int], int] = defaultdict(int)
    voters: dict[tuple[int, int], set[str]] = defaultdict(set)
    why: dict[tuple[int, int], str] = {}
    for link in links:
        a, b = home.get(id(link.part)), home.get(id(link.whole))
        if a is None or b is None or a == b:
            continue
        votes[a][b] += link.weight
        key = (a, b)
        doc = link.part.rec.get("source") or link.part.rec["doc_id"]
        if link.weight > strongest[key]:  # the reason shown is the strongest link's
            why[key] = f"{link.reason} ({doc})"
        strongest[key] = max(strongest[key], link.weight)
        voters[key].add(link.part.rec["doc_id"])
    docs = [{m.rec["doc_id"] for m in e.mentions} for e in events]
    amount = [e.median_eur() for e in events]
    out: dict[int, dict[str, Any]] = {}
    for k, e in enumerate(events):
        flagged = any(id(m) in aggregates for m in e.mentions)
        out[k] = {"part_of": None, "part_reason": None, "aggregate": flagged}
        choices = [
            (-v, amount[b], b)
            for b, v in votes[k].items()
            if amount[b] > amount[k] > 0
            and (strongest[(k, b)] >= SUM or 2 * len(voters[(k, b)]) > len(docs[k] & docs[b]))
        ]
        if choices:
            _, _, b = min(choices)
            out[k].update(part_of=b, part_reason=why[(k, b)])
    parts_of: dict[int, list[int]] = defaultdict(list)
    for j, info in out.items():
        if info["part_of"] is not None:
            parts_of[info["part_of"]].append(j)
    for k, e in enumerate(events):
        members = parts_of[k]
        pledgers = {m.actor for j in members for m in events[j].mentions if m.actor}
        no_pledger = not any(m.actor for m in e.mentions)
        out[k]["kind"] = (
            "aggregate"
            if members and (out[k]["aggregate"] or (no_pledger and len(pledgers) > 1))
            else "pledge"
        )
    return out


def _distinct_figures(event: Event) -> dict[tuple[Any, float], float]:
    """(currency, amount) -> the loosest rounding any mention writes it with."""
    out: dict[tuple[Any, float], float] = {}
    for m in event.mentions:
        if m.item.get("amount"):
            key = (m.item.get("currency"), float(m.item["amount"]))
            out[key] = max(out.get(key, 0.0), m.tol)
    return out


def _same_part(a: Event, b: Event) -> bool:
    """Same currency and figure within the rounding of both, no conflicting pledgers, no
    period, purpose or year that disagrees with the other event as a whole, and no two
    mentions in one sentence (a list of two pledges)."""
    if any(conflict(x, y) for x in sorted(a.actors()) for y in sorted(b.actors())):
        return False
    if any(a.disagrees(m) for m in b.mentions) or any(b.disagrees(m) for m in a.mentions):
        return False
    if any(a.same_sentence(m) for m in b.mentions):
        return False
    fb = _distinct_figures(b)
    for (cur, x), tol_a in _distinct_figures(a).items():
        for (other, y), tol_b in fb.items():
            if cur == other and abs(x - y) <= max(tol_a, tol_b) * max(x, y):
                return True
    return False


def merge_siblings(events: list[Event], shape: dict[int, dict[str, Any]]) -> list[Event]:
    """Events with the same figure inside the same whole are one part, whoever the sources
    name as its pledger ("$100 billion" of Stargate's $500 billion, said of OpenAI in one
    article and of the White House in another): a part named in one document meets its
    twin from another through their whole."""
    kids: dict[int, list[int]] = defaultdict(list)
    for k in sorted(shape):
        if shape[k]["part_of"] is not None:
            kids[shape[k]["part_of"]].append(k)
    into: dict[int, int] = {}
    for parent in sorted(kids):
        for i, a in enumerate(kids[parent]):
            for b in kids[parent][i + 1 :]:
                if a not in into and b not in into and _same_part(events[a], events[b]):
                    into[b] = a
    if not into:
        return events
    out = []
    for k, event in enumerate(events):
        if k in into:
            continue
        joined = [events[b] for b in sorted(into) if into[b] == k]
        if not joined:
            out.append(event)
            continue
        merged = Event()
        firsts = {id(e.mentions[0]) for e in joined}
        for m in sorted([m for e in [event, *joined] for m in e.mentions], key=order):
            if id(m) in firsts:
                m.reason = "same figure inside the same whole"
            merged.add(m)
        merged.conversions = [c for e in [event, *joined] for c in e.conversions]
        out.append(merged)
    return out
