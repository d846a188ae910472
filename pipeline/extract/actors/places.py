"""Places that are not actors: a city or a region used as a place ("à Lyon", "held in
Berlin", a dateline, "the London conference") is not an actor of the story; one that acts
is ("Montréal a voté", "Ottawa pledged", "the Queensland government will match it"), and
a capital that acts stands for its country's government ("Paris a promis", "Tokyo's resolve":
France, Japan; Brussels: the European Commission). An institution named after its building
is a place when a locative preposition governs it ("at the White House"). This is the one
definition of an actor (issue 16); there is no setting to keep places.

A place here is a GPE mention that is not a country: a KB entry with a `country` (cities,
regions, states), or a name the KB does not know (the KB lists the countries). Each place
mention is marked `place=True` (kept in doc.spans, where the pledges read a story's home
country from it) unless it acts; `pipeline.records` drops an actor all of whose mentions
are places and who pledges and speaks nowhere; a place that only says where someone is
("a London-based analyst") is no candidate speaker or pledger (`located`, read by the
attribution layer's mention index).
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
# The city of a "CHANDLER, Arizona —" dateline, before its region or country.
_DATELINE_CITY = re.compile(r"[A-ZÀ-Ý][A-ZÀ-Ý .'-]*,\s*")


@lru_cache(maxsize=1)
def load_filters() -> dict[str, Any]:
    """The packaged mention filters (titles, junk, determiners, demonym heads, places)."""
    filters: dict[str, Any] = load_rules("actors/filters.json")
    return filters


def capital_country(name: str) -> str | None:
    """The KB id of the country whose capital this place name is ("Berne", "La Haye", "the
    Hague"), else None (filters.json capitals)."""
    capitals = load_filters()["capitals"]
    words = name.split()
    country: str | None = capitals.get(" ".join(words).casefold())  # "La Haye" as written
    if country is None and len(words) > 1 and words[0].lower() in ("la", "the"):
        country = capitals.get(" ".join(words[1:]).casefold())  # an article the table lacks
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
    "Berlin, 21 November 2014", "PARIS —"), or the region after an upper-case city there
    ("CHANDLER, Arizona —"): where the story was filed, never an actor."""
    text = doc_text(span.doc)
    line_start = text.rfind("\n", 0, span.start_char) + 1
    before = text[line_start : span.start_char]
    if not _DATELINE_TAIL.match(text, span.end_char):
        return False
    if before.strip():
        return bool(_DATELINE_CITY.fullmatch(before.lstrip())) and len(before.strip()) > 2
    after = span.doc[span.end + 1 : span.end + 2]
    return span.text.isupper() or bool(
        len(after) and (after[0].like_num or after[0].lower_ in months())
    )


@lru_cache(maxsize=1)
def months() -> frozenset[str]:
    """Month names, French and English (actors/dates.json)."""
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
    of a passive one, but not of a verb of hosting ("Lugano avait accueilli la conférence":
    a host city); a region or city whose government is meant ("the Queensland government",
    "le gouvernement du Gujarat"); a capital also when it is an argument or a possessor
    ("permettre à Kiev de", "Tokyo's resolve"), which only a government can be."""
    roles = load_filters()["place_roles"]
    tok = _governor(span.root)
    if tok.dep_ in ACTIVE_SUBJECT_DEPS or tok.dep_ in roles["agent"]:
        return tok.head.pos_ in ("VERB", "AUX") and not _hosts(tok.head)
    if tok.dep_ == "pobj" and tok.head.dep_ in roles["agent"]:
        return not _hosts(tok.head.head)  # English "by Brussels": the preposition is the agent
    if tok.dep_ in roles["government"] and tok.head.lemma_.lower() in roles["government_heads"]:
        return True
    if capital and tok.dep_ in roles["capital"]:
        heads = load_filters()["event_heads"].get("en", [])
        return tok.dep_ != "poss" or tok.head.lower_ not in heads
    return False


def _hosts(verb: Token) -> bool:
    """A verb of hosting, whose subject is where something happens ("host", "accueillir")."""
    return verb.lemma_.lower() in load_filters()["place_roles"]["host_verbs"]


def seat(span: Span) -> bool:
    """An institution named after its building (filters.json seats: the White House, the
    Élysée) used as a place: the object of a locative preposition ("said at the White House",
    "une visite à la Maison Blanche"). "The White House said" is the institution."""
    info = span._.actor
    if info is None or info.kb_id not in load_filters()["seats"]:
        return False
    return _preposition(span.root) in load_filters()["place_roles"]["locative"]


def _preposition(tok: Token) -> str | None:
    """The preposition that introduces a name: its head in English ("in Dresden"), its
    `case` child in French ("à Lyon", "d'Eindhoven")."""
    if tok.dep_ == "pobj":
        return tok.head.lower_
    return next((c.lower_ for c in tok.children if c.dep_ == "case"), None)


def located(span: Span) -> bool:
    """A place mention that only says where someone or something is: a modifier ("a
    London-based analyst", "Suffolk residents") or the object of a locative preposition or
    of de/of ("a plant in Dresden", "le groupe d'Eindhoven"). It is no candidate to speak or
    pledge; a place the parser merely failed to see acting (a headline's "Pékin dote son
    fonds"), or on which it hung the clause's subject ("au Caire, Ursula von der Leyen
    annonçait", the person in apposition), still is."""
    info = span._.actor
    if info is None or not info.place or any(c.dep_ == "appos" for c in span.root.children):
        return False
    roles = load_filters()["place_roles"]
    if span.root.dep_ in roles["modifier"]:
        return True
    return _preposition(span.root) in set(roles["locative"]) | set(roles["of"])


def mark_places(spans: list[Span], kb: ActorKB, country_info: Any) -> None:
    """Mark each place mention that does not act (`info.place`); a capital that acts takes
    its country's ActorInfo (`country_info(entry)` builds it)."""
    for span in spans:
        if seat(span):
            span._.actor = replace(span._.actor, place=True)
            continue
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
