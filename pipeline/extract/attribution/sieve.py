"""The attribution decision and the sieve that makes it: passes from most to least precise.

A pass looks for one kind of evidence (a speech verb's subject, an incise, "selon X", a
colon after a name, a possessor, an agent…) and returns an `Attribution` or nothing; the
first pass that finds one decides, and the decision keeps the name of that pass as its
`rule`. A pronoun or a description found by a pass is resolved afterwards (resolve.py) and
the rule records it too ("incise_after+pronoun"). Records carry the decision as
`attribution: {"rule", "mention": {"start", "end", "text"}, "confidence"}`, so every speaker
and pledger says which evidence made it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from spacy.tokens import Span, Token

from pipeline.extract.attribution.tables import Pronoun
from pipeline.rules_data import load_rules


@dataclass(frozen=True)
class Attribution:
    """The words naming an actor here, the actor mention they are (if any) and the evidence."""

    mention: Span | None  # actor span, pronoun, or description ("un porte-parole")
    actor: Span | None  # the mention when it is an actor span of doc.spans[ACTORS]
    pronoun: Pronoun | None  # when the mention is a pronoun
    cue: str | None
    confidence: float
    verb: Token | None = None
    rule: str = ""


Pass = tuple[str, Callable[[], Attribution | None]]


def run(passes: Iterable[Pass]) -> Attribution | None:
    """The first pass's finding, named after its pass unless it already carries a finer
    rule."""
    for rule, find in passes:
        found = find()
        if found is not None:
            return found if found.rule else replace(found, rule=rule)
    return None


def rule_confidence(rule: str) -> float:
    """The confidence a pledger rule earns (pipeline/data/attribution/rules.json): how often
    its kind of evidence names the right actor."""
    table: dict[str, Any] = load_rules("attribution/rules.json")["pledger"]
    base = rule.split("+")[0]
    return float(table.get(base, table["_default"]))


def record(rule: str | None, mention: Span | None, confidence: float) -> dict[str, Any] | None:
    """The `attribution` field of a claim or pledge record (offsets in document
    coordinates), or None when nothing was attributed."""
    if not rule or rule == "none":
        return None
    where = None
    if mention is not None:
        off = mention.doc._.offset
        where = {
            "start": mention.start_char + off,
            "end": mention.end_char + off,
            "text": mention.text,
        }
    return {"rule": rule, "mention": where, "confidence": round(confidence, 3)}
