"""The closed word classes of attribution, one definition each, loaded once.

Pronouns (gender, number, whether possessive, the actor types they may stand for), first
person, relative pronouns, the subject dependency labels and the heads of definite
descriptions live in pipeline/data/attribution/tables.json; role nouns and their blockers
("former", "vice") in pipeline/data/actors/filters.json, which the actor component reads
too; first names and their gender in pipeline/data/actors/first_names.json, which tell a
person's name to the actor component and a name's gender to coreference. The speaker and
the pledger searches both read them here, so a word added for one reaches the other; every
search that reads a clause's subject takes its dependency labels from SUBJECT_DEPS and its
kin here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from pipeline.rules_data import fold, fold_case, load_rules


@dataclass(frozen=True)
class Pronoun:
    """What a pronoun tells about its antecedent."""

    gender: str  # m | f | x (either)
    number: str  # s | p
    possessive: bool
    kinds: tuple[str, ...]  # actor types in order of preference ("PERSON|m", "ORG+GPE")

    @property
    def person(self) -> bool:
        """Does it stand for a person first ("il", "she"), not an organisation ("it")?"""
        return self.kinds[0].startswith("PERSON")


@dataclass(frozen=True)
class Tables:
    """The attribution word classes of one language."""

    lang: str
    pronouns: dict[str, Pronoun]
    first_person: frozenset[str]
    relatives: frozenset[str]
    determiners: frozenset[str]  # definite: "le", "the", "cette"
    giver_preps: frozenset[str]  # "$74m from the UK", "de la part du Japon"
    channel_heads: frozenset[str]  # "par le programme X": a channel, not a pledger
    org_heads: frozenset[str]  # "le groupe", "the company": the last organisation named
    state_heads: frozenset[str]  # "le gouvernement", "the authorities": the story's country
    country_heads: frozenset[str]  # "le pays", "the kingdom": the country named last
    role_nouns: frozenset[str]  # "président", "minister": a person by office
    role_blockers: frozenset[str]  # "ancien", "vice": another office than the noun's
    titles_gender: dict[str, str]  # "mme", "la ministre": the gender of the name after

    def is_first_person(self, word: str) -> bool:
        """ "we", "We", "nous", "-nous"; not "US", the country's acronym."""
        word = word.lstrip("-")
        return fold_case(word) in self.first_person and not (len(word) > 1 and word.isupper())

    def pronoun(self, word: str) -> Pronoun | None:
        """The pronoun `word` is, if any ("-t-elle", "celui-ci", "its")."""
        return self.pronouns.get(fold_case(word))

    def description(self, head: str) -> str | None:
        """ "org", "state" or "country" for the head of a definite description, else None."""
        return self._folded.get(fold(head))

    @cached_property
    def _folded(self) -> dict[str, str]:
        kinds = (("org", self.org_heads), ("state", self.state_heads))
        return {
            fold(w): kind
            for kind, words in (*kinds, ("country", self.country_heads))
            for w in words
        }


def subject_deps(*kinds: str) -> frozenset[str]:
    """The dependency labels (UD French and spaCy English) of the subject kinds asked for:
    active, passive, clausal, impersonal, expletive (tables.json subject_deps)."""
    table = load_rules("attribution/tables.json")["subject_deps"]
    return frozenset(label for kind in kinds for label in table[kind])


# The subject labels, defined once for every search that reads a clause's subject.
ACTIVE_SUBJECT_DEPS = subject_deps("active")  # "Paris annonce"
PASSIVE_SUBJECT_DEPS = subject_deps("passive")  # "le fonds a été annoncé"
SUBJECT_DEPS = ACTIVE_SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS  # a clause's nominal subject
CLAUSAL_SUBJECT_DEPS = subject_deps("clausal")  # "what they pledged matters"
IMPERSONAL_SUBJECT_DEPS = subject_deps("impersonal")  # the "il" of "il faut"
EXPLETIVE_DEPS = subject_deps("expletive")  # "there is", "it is said"
PASSIVE_AUX_DEPS = frozenset(load_rules("attribution/tables.json")["passive_aux_deps"])


@lru_cache(maxsize=1)
def first_names() -> dict[str, str]:
    """Folded first name -> "m" or "f" (actors/first_names.json): a run of capitalised words
    starting with one is a person's name, and coreference reads the gender."""
    data: dict[str, Any] = load_rules("actors/first_names.json")
    return {n.casefold(): g for g in ("m", "f") for n in data[g]}


@lru_cache(maxsize=4)
def load_tables(lang: str) -> Tables:
    """The tables of `lang` (English for a language without its own)."""
    data: dict[str, Any] = load_rules("attribution/tables.json")
    filters: dict[str, Any] = load_rules("actors/filters.json")
    cues: dict[str, Any] = load_rules("claims/cues.json")
    key = lang if lang in data["pronouns"] else "en"
    pronouns = {
        word.casefold(): Pronoun(g, n, bool(poss), tuple(kinds))
        for word, (g, n, poss, kinds) in data["pronouns"][key].items()
    }
    return Tables(
        lang=key,
        pronouns=pronouns,
        first_person=frozenset(data["first_person"][key]),
        relatives=frozenset(data["relatives"][key]),
        determiners=frozenset(data["definite_determiners"]),
        giver_preps=frozenset(data["giver_preps"][key]),
        channel_heads=frozenset(fold(w) for w in data["channel_heads"][key]),
        org_heads=frozenset(w.casefold() for w in data["descriptions"][key]["org"]),
        state_heads=frozenset(w.casefold() for w in data["descriptions"][key]["state"]),
        country_heads=frozenset(w.casefold() for w in data["descriptions"][key]["country"]),
        role_nouns=frozenset(w.casefold() for w in filters["role_nouns"].get(key, [])),
        role_blockers=frozenset(filters["role_blockers"].get(key, [])),
        titles_gender=dict(cues["titles_gender"][key]),
    )
