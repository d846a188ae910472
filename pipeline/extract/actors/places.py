"""Places that are not actors: a city or a region used as a place ("à Lyon", "held in
Berlin", a dateline, "the London conference") is not an actor of the story; one that acts
is ("Montréal a voté", "Ottawa pledged"), and a capital that acts stands for its country's
government ("Paris a promis", "Tokyo's resolve": France, Japan).

A place here is a GPE mention that is not a country: a KB entry with a `country` (cities,
regions, states), or a name the KB does not know (the KB lists the countries). Each place
mention is marked `place=True` (kept in doc.spans, where the pledges read a story's home
country from it) unless it acts; `pipeline.records` drops an actor all of whose mentions
are places and who pledges and speaks nowhere.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from spacy.tokens import Span, Token

from pipeline.extract import doc_text
from pipeline.extract.attribution.tables import ACTIVE_SUBJECT_DEPS
from pipeline.rules_data import load_rules

if TYPE_CHECKING:
    from pipeline.extract.actors.kb import ActorKB

_DATELINE_TAIL = re.compile(r"\s*(?:,|—|–|-{1,2}|:|\()")


@lru_cache(maxsize=1)
def load_filters() -> dict[str, Any]:
    """The packaged mention filters (titles, junk, determiners, demonym heads, places)."""
    filters: dict[str, Any] = load_rules("actors/filters.json")
    return filters


def capital_country(name: str) -> str | None:
    """The KB id of the country whose capital this place name is ("Berne", "La Haye", "the
    Hague"), else None (filters.json capitals)."""
    words = name.split()
    if len(words) > 1 and words[0].lower() in ("la", "the"):
        words = words[1:]
    country: str | None = load_filters()["capitals"].get(" ".join(words).casefold())
    return country


def is_place(span: Span, kb: ActorKB) -> bool:
    """A GPE mention that is not a country: a city, a region, a state, a bridge or a
    corridor the NER took for a place (what `mark_places` looks at)."""
    info = span._.actor
    if span.label_ != "GPE" or info is None:
        return False
    if info.kb_id is None:
        return True
    entry = kb.get(info.kb_id)
    return entry is not None and entry.type == "GPE" and entry.country is not None


def dateline(span: Span) -> bool:
    """A place opening its line before a comma, a dash or a colon ("SHARM EL-SHEIKH, Nov 9:",
    "Berlin, 21 November 2014", "PARIS —"): where the story was filed, never an actor."""
    text = doc_text(span.doc)
    line_start = text.rfind("\n", 0, span.start_char) + 1
    if text[line_start : span.start_char].strip():
        return False
    if not _DATELINE_TAIL.match(text, span.end_char):
        return False
    after = span.doc[span.end + 1 : span.end + 2]
    return span.text.isupper() or bool(
        len(after) and (after[0].like_num or after[0].lower_ in _months())
    )


@lru_cache(maxsize=1)
def _months() -> frozenset[str]:
    return frozenset(load_rules("actors/dates.json")["months"])


def _governor(tok: Token) -> Token:
    """The token whose role says what a mention does: up through coordinations and
    appositions ("Paris et Berlin ont promis": Berlin does what Paris does)."""
    chain = set(load_filters()["place_roles"]["chain"])
    seen = 0
    while tok.dep_ in chain and tok.head is not tok and seen < 8:
        tok, seen = tok.head, seen + 1
    return tok


def acts(span: Span, capital: bool) -> bool:
    """Whether a place mention does something: the active subject of a verb or the agent
    of a passive one; a capital also when it is an argument or a possessor ("permettre à
    Kiev de", "Tokyo's resolve"), which only a government can be."""
    roles = load_filters()["place_roles"]
    tok = _governor(span.root)
    if tok.dep_ in ACTIVE_SUBJECT_DEPS or tok.dep_ in roles["agent"]:
        return tok.head.pos_ in ("VERB", "AUX")
    if tok.dep_ == "pobj" and tok.head.dep_ in roles["agent"]:
        return True  # English "by Brussels": the preposition is the agent
    if capital and tok.dep_ in roles["capital"]:
        heads = load_filters()["event_heads"].get("en", [])
        return tok.dep_ != "poss" or tok.head.lower_ not in heads
    return False


def mark_places(spans: list[Span], kb: ActorKB, country_info: Any) -> None:
    """Mark each place mention that does not act (`info.place`); a capital that acts takes
    its country's ActorInfo (`country_info(entry)` builds it)."""
    for span in spans:
        if not is_place(span, kb):
            if span._.actor is not None and span._.actor.kb_id is None and dateline(span):
                # "SHARM EL-SHEIKH, Nov 9:" read as a person's name
                span._.actor = replace(span._.actor, place=True)
            continue
        country = kb.get(capital_country(span.text) or "")
        if not dateline(span) and acts(span, country is not None):
            if country is not None:
                span._.actor = country_info(country)
            continue
        span._.actor = replace(span._.actor, place=True)
