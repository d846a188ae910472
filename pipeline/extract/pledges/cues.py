"""The pledge word lists of one language, loaded once from pipeline/data/pledges/*.json.

Every lookup the pledges component makes on every amount goes through these precomputed sets
and compiled patterns, so the component never re-reads data or re-compiles a regex.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pipeline.extract.attribution.tables import load_tables
from pipeline.rules_data import fold, fold_case, load_rules


@dataclass(frozen=True)
class PeriodPattern:
    """One compiled period expression and how to turn it into years."""

    kind: str  # span | until | duration | open
    regex: re.Pattern[str]


@dataclass(frozen=True)
class PledgeCues:
    """All pledge cues of one language (see pipeline/data/pledges/cues.json)."""

    lang: str
    verbs: dict[str, str]  # lemma -> commit | announce | propose | spend
    nouns: frozenset[str]
    blockers: frozenset[str]
    weak_blockers: frozenset[str]
    hypothetical: frozenset[str]
    modals: frozenset[str]
    conditions: tuple[tuple[str, ...], ...]
    past_markers: tuple[tuple[str, ...], ...]
    relatives: frozenset[str]  # the attribution layer's (attribution/tables.py)
    numbers: dict[str, int]
    periods: tuple[PeriodPattern, ...]
    purpose_preps: frozenset[str]
    purpose_marks: frozenset[str]
    purpose_heads: frozenset[str]
    comparisons: frozenset[str]
    possession: frozenset[str]
    not_pledger_verbs: frozenset[str]
    past_adjectives: frozenset[str]
    averages: tuple[tuple[str, ...], ...]
    control_verbs: frozenset[str]
    impersonal_verbs: frozenset[str]  # "il s'agit", "il faut": an "il" naming nobody
    respective: frozenset[str]  # "respectively": the n-th amount to the n-th actor
    state_words: frozenset[str]  # "l'État": the story's country when none is named
    headline_purpose: frozenset[str]  # "7 MILLIARDS POUR UNE USINE": a headline's pledge
    event_heads: frozenset[str]  # "AFRICA CLIMATE SUMMIT AIMS FOR …": no headline pledger
    owned_nouns: frozenset[str]  # "the White House's request for $4bn": its owner pledges
    parties: frozenset[str]  # "a deal between A and B": the parties of a deal
    recipients: frozenset[str]  # "a grant to X": X receives, whatever the phrase's role
    results: frozenset[str]  # "brings X's investment to $2bn": the commitment's new level
    according: frozenset[str]  # "selon l'Élysée": who announced it
    earners: frozenset[str]
    bounds: frozenset[str]

    def verb_class(self, lemma: str) -> str | None:
        """The cue class of a verb lemma ("s'engager" and "engager" both count)."""
        word = fold_case(lemma)
        return self.verbs.get(word) or self.verbs.get("s'" + word) or self.verbs.get("se " + word)


def _phrases(words: list[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(fold_case(w).split()) for w in words)


def _period_patterns(lang: str, numbers: dict[str, int]) -> tuple[PeriodPattern, ...]:
    words = "|".join(sorted((re.escape(w) for w in numbers), key=len, reverse=True))
    fill = {
        "{N}": rf"(?P<n>\d{{1,2}}|{words})",
        "{Y1}": r"(?P<y1>(?:19|20)\d{2})",
        "{Y2S}": r"(?P<y2>(?:19|20)\d{2}|\d{2})",
        "{Y2}": r"(?P<y2>(?:19|20)\d{2})",
    }
    out = []
    for kind, pattern in load_rules("pledges/periods.json")["patterns"].get(lang, []):
        for key, value in fill.items():
            pattern = pattern.replace(key, value)
        out.append(PeriodPattern(kind, re.compile(pattern, re.IGNORECASE)))
    return tuple(out)


@lru_cache(maxsize=4)
def load_pledge_cues(lang: str) -> PledgeCues:
    """The cues of `lang` (English lists for an unknown language)."""
    data: dict[str, Any] = load_rules("pledges/cues.json")
    periods: dict[str, Any] = load_rules("pledges/periods.json")
    key = lang if lang in data["verbs"] else "en"
    numbers = {fold_case(w): int(n) for w, n in periods["numbers"].get(key, {}).items()}
    return PledgeCues(
        lang=key,
        verbs={fold_case(w): c for w, c in data["verbs"][key].items()},
        nouns=frozenset(fold_case(w) for w in data["nouns"][key]),
        blockers=frozenset(fold_case(w) for w in data["blockers"][key]),
        weak_blockers=frozenset(fold_case(w) for w in data["weak_blockers"][key]),
        hypothetical=frozenset(fold_case(w) for w in data["hypothetical_marks"][key]),
        modals=frozenset(fold_case(w) for w in data["speculative_modals"][key]),
        conditions=_phrases(data["condition_marks"][key]),
        past_markers=_phrases(data["past_markers"][key]),
        relatives=load_tables(key).relatives,
        numbers=numbers,
        periods=_period_patterns(key, numbers),
        purpose_preps=frozenset(fold_case(w) for w in data["purpose"][key]["preps"]),
        purpose_marks=frozenset(fold_case(w) for w in data["purpose"][key]["marks"]),
        purpose_heads=frozenset(fold_case(w) for w in data["purpose"][key]["heads"]),
        comparisons=frozenset(fold_case(w) for w in data["comparisons"][key]),
        possession=frozenset(fold_case(w) for w in data["possession"][key]),
        not_pledger_verbs=frozenset(fold_case(w) for w in data["not_pledger_verbs"][key]),
        past_adjectives=frozenset(fold_case(w) for w in data["past_adjectives"][key]),
        averages=_phrases(data["averages"][key]),
        control_verbs=frozenset(fold_case(w) for w in data["control_verbs"][key]),
        impersonal_verbs=frozenset(fold_case(w) for w in data["impersonal_verbs"][key]),
        respective=frozenset(fold_case(w) for w in data["respective"][key]),
        state_words=frozenset(fold_case(w) for w in data["state_words"][key]),
        headline_purpose=frozenset(fold_case(w) for w in data["headline_purpose"][key]),
        event_heads=frozenset(fold(w) for w in data["event_heads"][key]),
        owned_nouns=frozenset(fold_case(w) for w in data["owned_nouns"][key]),
        parties=frozenset(fold(w) for w in data["parties"][key]),
        recipients=frozenset(fold(w) for w in data["recipients"][key]),
        results=frozenset(fold(w) for w in data["results"][key]),
        according=frozenset(fold(w) for w in data["according"][key]),
        earners=frozenset(fold_case(w) for w in data["thresholds"][key]["earners"]),
        bounds=frozenset(fold_case(w) for w in data["thresholds"][key]["bounds"]),
    )
