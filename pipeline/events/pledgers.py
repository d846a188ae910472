"""Whether two pledgers may be the same pledging party, and why.

Compatible: the same actor; a person and the organisation or country they lead or whose
office they hold (KB roles and `leader_of`); a body and the larger one it belongs to
(`member_of`: the Commission and the EU); a joint venture and its partners (`partners`:
Stargate and OpenAI); a city, a person or a company and its country (KB `country`,
`capital_of`). The
relations are dated: they hold on the document's day.

Conflicting: two pledgers that cannot be the same party, so their figures never merge, even
when equal ("Norway and Denmark each pledged 40 million"): two different countries, two
people of different countries.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from pipeline.extract.actors.kb import ActorKB, KBRelations


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def _offices(actor_id: str) -> frozenset[str]:
    """The KB country of an actor (a city's, a person's, a company's home country), and the
    organisations and countries named in the offices a person holds or held ("President of
    the European Commission" -> the Commission)."""
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


@lru_cache(maxsize=65536)
def link_reason(a: str, b: str, day: str | None = None) -> str | None:
    """Why pledgers `a` and `b` (KB ids) may be the same party on `day`, or None."""
    if a == b:
        return "same pledger"
    rel = KBRelations.load().between(a, b, _day(day))
    if rel is not None:
        return f"{display_name(rel.a)} {rel.kind} {display_name(rel.b)}"
    if b in _offices(a):
        return f"{display_name(a)} belongs to {display_name(b)}"
    if a in _offices(b):
        return f"{display_name(b)} belongs to {display_name(a)}"
    return None


def compatible(a: str, b: str, day: str | None = None) -> bool:
    """Two pledgers that may be the same pledging party (see module docstring)."""
    return link_reason(a, b, day) is not None


@lru_cache(maxsize=65536)
def within(part: str, whole: str, day: str | None = None) -> bool:
    """The pledger of a part may belong to the pledger of its whole, in one step or two (a
    president's country inside the G7, the Commission's president inside the EU's total)."""
    if compatible(part, whole, day):
        return True
    relations = KBRelations.load()
    on = _day(day)
    steps = relations.above(part, on) | _offices(part)
    return any(whole in relations.above(step, on) | _offices(step) for step in sorted(steps))


@lru_cache(maxsize=65536)
def conflict(a: str, b: str) -> bool:
    """Two pledgers that cannot be the same party (see module docstring)."""
    if a == b or compatible(a, b):
        return False
    kb = ActorKB.load()
    ea, eb = kb.get(a), kb.get(b)
    if ea is None or eb is None:
        return False
    if ea.type == "GPE" and eb.type == "GPE":
        return True
    if ea.type == "PERSON" and eb.type == "PERSON":
        return bool(ea.country and eb.country and ea.country != eb.country)
    return False


def display_name(actor_id: str) -> str:
    """The KB canonical name of an actor id (the id itself when the KB lacks it)."""
    entry = ActorKB.load().get(actor_id)
    return entry.name if entry is not None else actor_id
