"""One attribution layer for every "who": the speaker of a claim and the pledger of an amount.

- `tables`: the closed word classes (pronouns with gender and number, first person, relative
  pronouns, subject labels, definite-description heads), one data file, one loader;
- `mentions`: the document's mention index (one tie rule, datelines set aside, appositions,
  nearest mention in a subtree, most recent mention before a token);
- `resolve`: within-document resolution of pronouns and definite descriptions;
- `sieve`: the decision, its evidence passes and the record of the rule that made it;
- `heading`: the speaker a speech's heading names, the "we" of the speech's own text.

The claims component (claims/speakers.py, claims/reported.py) and the pledges component
(pledges/pledger.py) both call it.
"""

from pipeline.extract.attribution.mentions import MentionIndex, possessive_link
from pipeline.extract.attribution.resolve import Resolver
from pipeline.extract.attribution.sieve import Attribution, record, rule_confidence, run
from pipeline.extract.attribution.tables import (
    ACTIVE_SUBJECT_DEPS,
    CLAUSAL_SUBJECT_DEPS,
    EXPLETIVE_DEPS,
    IMPERSONAL_SUBJECT_DEPS,
    PASSIVE_AUX_DEPS,
    PASSIVE_SUBJECT_DEPS,
    SUBJECT_DEPS,
    Pronoun,
    Tables,
    load_tables,
)

__all__ = [
    "ACTIVE_SUBJECT_DEPS",
    "CLAUSAL_SUBJECT_DEPS",
    "EXPLETIVE_DEPS",
    "IMPERSONAL_SUBJECT_DEPS",
    "PASSIVE_AUX_DEPS",
    "PASSIVE_SUBJECT_DEPS",
    "SUBJECT_DEPS",
    "Attribution",
    "MentionIndex",
    "Pronoun",
    "Resolver",
    "Tables",
    "load_tables",
    "possessive_link",
    "record",
    "rule_confidence",
    "run",
]
