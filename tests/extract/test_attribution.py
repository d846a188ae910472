"""Parse-rule tests of the attribution layer on hand-built Docs (words, heads, labels, POS
given), one per evidence kind and language: they test the rules, not a statistical model,
so a model upgrade cannot break them silently. Each builds the sentence's parse, the actor
mentions the actor component would have found, and runs the claims component or the
pledger search on it."""

from __future__ import annotations

from typing import Any

import pytest
import spacy
from spacy.tokens import Doc, Span

from pipeline.extract import ACTORS, CLAIMS, ensure_extensions
from pipeline.extract.actors.component import ActorInfo
from pipeline.extract.actors.kb import ActorKB
from pipeline.extract.attribution import (
    ACTIVE_SUBJECT_DEPS,
    CLAUSAL_SUBJECT_DEPS,
    EXPLETIVE_DEPS,
    IMPERSONAL_SUBJECT_DEPS,
    PASSIVE_AUX_DEPS,
    PASSIVE_SUBJECT_DEPS,
    SUBJECT_DEPS,
    MentionIndex,
    Resolver,
    load_tables,
)
from pipeline.extract.claims.component import ClaimFinder
from pipeline.extract.pledges.cues import load_pledge_cues
from pipeline.extract.pledges.pledger import PledgerFinder

# A token: (word, POS, dependency label, absolute head index[, lemma[, morph]]).
Tok = tuple[Any, ...]
_NO_SPACE_BEFORE = {",", ".", "-t-elle", "-t-il"}


def build(lang: str, toks: list[Tok], actors: list[tuple[int, int, str, str | None]]) -> Doc:
    """A Doc with the given parse and actor mentions (start, end, label, KB id or None).
    Spaces follow the tokens except before a comma, a full stop or a clitic; '"' hugs the
    words it quotes."""
    ensure_extensions()
    vocab = spacy.blank(lang).vocab
    words = [t[0] for t in toks]
    spaces = []
    opened = False
    for k, word in enumerate(words):
        nxt = words[k + 1] if k + 1 < len(words) else None
        if word == '"':
            opened = not opened
        space = nxt is not None and nxt not in _NO_SPACE_BEFORE
        if (word == '"' and opened) or (nxt == '"' and opened):
            space = False
        spaces.append(space)
    doc = Doc(
        vocab,
        words=words,
        spaces=spaces,
        pos=[t[1] for t in toks],
        deps=[t[2] for t in toks],
        heads=[t[3] for t in toks],
        lemmas=[t[4] if len(t) > 4 else t[0].lower() for t in toks],
        morphs=[t[5] if len(t) > 5 else "" for t in toks],
    )
    kb = ActorKB.load()
    spans = []
    for start, end, label, kb_id in actors:
        span = Span(doc, start, end, label=label)
        name = span.text
        span._.actor = ActorInfo(kb_id or f"name:{name.casefold()}", name, label, kb_id, None, "kb")
        assert kb_id is None or kb.get(kb_id) is not None
        spans.append(span)
    doc.spans[ACTORS] = spans
    return doc


def claims(lang: str, doc: Doc) -> list[Span]:
    """The claims component run on a hand-built Doc (no model involved)."""
    finder = ClaimFinder(spacy.blank(lang), min_quote_words=4, kb_path="")
    return [c for c in finder(doc).spans[CLAIMS] if c._.claim.kind != "term"]


def the_claim(lang: str, doc: Doc) -> tuple[str | None, str]:
    """(speaker text, rule) of the one claim of the Doc."""
    found = claims(lang, doc)
    assert len(found) == 1, [c.text for c in found]
    info = found[0]._.claim
    return (info.speaker.text if info.speaker is not None else None), info.rule


PART = "VerbForm=Part"
FR_SAID = [  # "… a déclaré que le projet avancera vite ." from index 2 on, subject 0-1
    ("a", "AUX", "aux", 3),
    ("déclaré", "VERB", "ROOT", 3, "déclarer", PART),
    ("que", "SCONJ", "mark", 7),
    ("le", "DET", "det", 6),
    ("projet", "NOUN", "nsubj", 7),
    ("avancera", "VERB", "ccomp", 3, "avancer"),
    ("vite", "ADV", "advmod", 7),
    (".", "PUNCT", "punct", 3),
]
EN_SAID = [  # "… said that the plan will work ." from index 2 on, subject 0-1
    ("said", "VERB", "ROOT", 2, "say"),
    ("that", "SCONJ", "mark", 7),
    ("the", "DET", "det", 5),
    ("plan", "NOUN", "nsubj", 7),
    ("will", "AUX", "aux", 7),
    ("work", "VERB", "ccomp", 2),
    (".", "PUNCT", "punct", 2),
]


def shifted(toks: list[Tok], by: int) -> list[Tok]:
    """Tokens moved `by` places to the right (their heads too)."""
    return [(t[0], t[1], t[2], t[3] + by, *t[4:]) for t in toks]


# ---------------------------------------------------------------------------- verb subject
@pytest.mark.parametrize(
    ("lang", "toks"),
    [
        ("fr", [("Marie", "PROPN", "nsubj", 3), ("Dupont", "PROPN", "flat:name", 0), *FR_SAID]),
        ("en", [("John", "PROPN", "compound", 1), ("Smith", "PROPN", "nsubj", 2), *EN_SAID]),
    ],
)
def test_attribution_verb_subject(lang: str, toks: list[Tok]) -> None:
    doc = build(lang, toks, [(0, 2, "PERSON", None)])
    assert the_claim(lang, doc) == (doc[0:2].text, "verb_subject")


# ---------------------------------------------------------------------------- incise
FR_QUOTE = [  # « Nous investirons dans le calcul » , then the incise from index 7
    ("«", "PUNCT", "punct", 9),
    ("Nous", "PRON", "nsubj", 2),
    ("investirons", "VERB", "ccomp", 9, "investir"),
    ("dans", "ADP", "case", 5),
    ("le", "DET", "det", 5),
    ("calcul", "NOUN", "obl", 2),
    ("»", "PUNCT", "punct", 9),
]
EN_QUOTE = [  # "We will invest in computing," then the incise from index 7
    ('"', "PUNCT", "punct", 8),
    ("We", "PRON", "nsubj", 3),
    ("will", "AUX", "aux", 3),
    ("invest", "VERB", "ccomp", 8),
    ("in", "ADP", "prep", 3),
    ("computing", "NOUN", "pobj", 4),
    (",", "PUNCT", "punct", 3),
    ('"', "PUNCT", "punct", 8),
]


@pytest.mark.parametrize(
    ("lang", "toks", "speaker"),
    [
        (
            "fr",
            [
                *FR_QUOTE,
                (",", "PUNCT", "punct", 9),
                ("a", "AUX", "aux", 9),
                ("déclaré", "VERB", "ROOT", 9, "déclarer", PART),
                ("Marie", "PROPN", "nsubj", 9),
                ("Dupont", "PROPN", "flat:name", 10),
                (".", "PUNCT", "punct", 9),
            ],
            (10, 12),
        ),
        (
            "en",
            [
                *EN_QUOTE,
                ("said", "VERB", "ROOT", 8, "say"),
                ("John", "PROPN", "compound", 10),
                ("Smith", "PROPN", "nsubj", 8),
                (".", "PUNCT", "punct", 8),
            ],
            (9, 11),
        ),
    ],
)
def test_attribution_incise_with_inverted_subject(
    lang: str, toks: list[Tok], speaker: tuple[int, int]
) -> None:
    doc = build(lang, toks, [(*speaker, "PERSON", None)])
    assert the_claim(lang, doc) == (doc[speaker[0] : speaker[1]].text, "incise_after")


# ---------------------------------------------------------------------------- selon X
@pytest.mark.parametrize(
    ("lang", "toks", "speaker"),
    [
        (
            "fr",
            [
                ("Selon", "ADP", "case", 1),
                ("Marie", "PROPN", "obl", 6),
                ("Dupont", "PROPN", "flat:name", 1),
                (",", "PUNCT", "punct", 1),
                ("le", "DET", "det", 5),
                ("projet", "NOUN", "nsubj", 6),
                ("avancera", "VERB", "ROOT", 6, "avancer"),
                ("vite", "ADV", "advmod", 6),
                (".", "PUNCT", "punct", 6),
            ],
            (1, 3),
        ),
        (
            "en",
            [
                ("According", "VERB", "prep", 8, "accord"),
                ("to", "ADP", "prep", 0),
                ("John", "PROPN", "compound", 3),
                ("Smith", "PROPN", "pobj", 1),
                (",", "PUNCT", "punct", 8),
                ("the", "DET", "det", 6),
                ("plan", "NOUN", "nsubj", 8),
                ("will", "AUX", "aux", 8),
                ("work", "VERB", "ROOT", 8),
                (".", "PUNCT", "punct", 8),
            ],
            (2, 4),
        ),
    ],
)
def test_attribution_according_to(lang: str, toks: list[Tok], speaker: tuple[int, int]) -> None:
    doc = build(lang, toks, [(*speaker, "PERSON", None)])
    assert the_claim(lang, doc) == (doc[speaker[0] : speaker[1]].text, "according_to")


# ---------------------------------------------------------------------------- Name : «…»
@pytest.mark.parametrize(
    ("lang", "toks"),
    [
        (
            "fr",
            [
                ("Marie", "PROPN", "ROOT", 0),
                ("Dupont", "PROPN", "flat:name", 0),
                (":", "PUNCT", "punct", 0),
                ("«", "PUNCT", "punct", 5),
                ("Nous", "PRON", "nsubj", 5),
                ("investirons", "VERB", "parataxis", 0, "investir"),
                ("dans", "ADP", "case", 8),
                ("le", "DET", "det", 8),
                ("calcul", "NOUN", "obl", 5),
                (".", "PUNCT", "punct", 5),
                ("»", "PUNCT", "punct", 5),
            ],
        ),
        (
            "en",
            [
                ("John", "PROPN", "compound", 1),
                ("Smith", "PROPN", "ROOT", 1),
                ("said", "VERB", "parataxis", 1, "say"),
                (":", "PUNCT", "punct", 2),
                ('"', "PUNCT", "punct", 7),
                ("We", "PRON", "nsubj", 7),
                ("will", "AUX", "aux", 7),
                ("invest", "VERB", "ccomp", 2),
                ("in", "ADP", "prep", 7),
                ("computing", "NOUN", "pobj", 8),
                (".", "PUNCT", "punct", 7),
                ('"', "PUNCT", "punct", 7),
            ],
        ),
    ],
)
def test_attribution_colon_after_a_name(lang: str, toks: list[Tok]) -> None:
    doc = build(lang, toks, [(0, 2, "PERSON", None)])
    speaker, rule = the_claim(lang, doc)
    assert speaker == doc[0:2].text
    assert rule == "introduction"


# ---------------------------------------------------------------------------- pronouns
def _fr_met(pronoun: str) -> list[Tok]:
    """ "Paul Martin a rencontré Marie Dupont . « … » , a-t-elle déclaré ." """
    return [
        ("Paul", "PROPN", "nsubj", 3),
        ("Martin", "PROPN", "flat:name", 0),
        ("a", "AUX", "aux", 3),
        ("rencontré", "VERB", "ROOT", 3, "rencontrer", PART),
        ("Marie", "PROPN", "obj", 3),
        ("Dupont", "PROPN", "flat:name", 4),
        (".", "PUNCT", "punct", 3),
        *shifted(FR_QUOTE[:1], 8),
        *shifted(FR_QUOTE[1:], 7),
        (",", "PUNCT", "punct", 17),
        ("a", "AUX", "aux", 17),
        (pronoun, "PRON", "nsubj", 17),
        ("déclaré", "VERB", "ROOT", 17, "déclarer", PART),
        (".", "PUNCT", "punct", 17),
    ]


def _en_met(pronoun: str) -> list[Tok]:
    """'John Smith met Mary Jones . "…," she said .'"""
    return [
        ("John", "PROPN", "compound", 1),
        ("Smith", "PROPN", "nsubj", 2),
        ("met", "VERB", "ROOT", 2, "meet"),
        ("Mary", "PROPN", "compound", 4),
        ("Jones", "PROPN", "dobj", 2),
        (".", "PUNCT", "punct", 2),
        *shifted(EN_QUOTE, 6),
        (pronoun, "PRON", "nsubj", 15),
        ("said", "VERB", "ROOT", 15, "say"),
        (".", "PUNCT", "punct", 15),
    ]


@pytest.mark.parametrize(
    ("lang", "toks", "speaker"),
    [
        ("fr", _fr_met("-t-elle"), "Marie Dupont"),
        ("fr", _fr_met("-t-il"), "Paul Martin"),
        ("en", _en_met("she"), "Mary Jones"),
        ("en", _en_met("he"), "John Smith"),
    ],
)
def test_attribution_pronoun_agrees_in_gender(lang: str, toks: list[Tok], speaker: str) -> None:
    """The first names tell the gender: the pronoun takes the person who fits, subject or
    not."""
    doc = build(
        lang,
        toks,
        [(0, 2, "PERSON", None), (3 + (lang == "fr"), 5 + (lang == "fr"), "PERSON", None)],
    )
    assert the_claim(lang, doc) == (speaker, "incise_after+pronoun")


# ---------------------------------------------------------------------------- descriptions
def _backs(lang: str, noun: str) -> list[Tok]:
    """ "La France soutient Acme . « … » , a déclaré le <noun> ." and 'France backs Acme .
    "…," the <noun> said .'"""
    if lang == "fr":
        return [
            ("La", "DET", "det", 1),
            ("France", "PROPN", "nsubj", 2),
            ("soutient", "VERB", "ROOT", 2, "soutenir"),
            ("Acme", "PROPN", "obj", 2),
            (".", "PUNCT", "punct", 2),
            *shifted(FR_QUOTE, 5),
            (",", "PUNCT", "punct", 14),
            ("a", "AUX", "aux", 14),
            ("déclaré", "VERB", "ROOT", 14, "déclarer", PART),
            ("le", "DET", "det", 16),
            (noun, "NOUN", "nsubj", 14),
            (".", "PUNCT", "punct", 14),
        ]
    return [
        ("France", "PROPN", "nsubj", 1),
        ("backs", "VERB", "ROOT", 1, "back"),
        ("Acme", "PROPN", "dobj", 1),
        (".", "PUNCT", "punct", 1),
        *[(*t[:3], 14 if t[3] == 8 else t[3] + 4, *t[4:]) for t in EN_QUOTE],
        ("the", "DET", "det", 13),
        (noun, "NOUN", "nsubj", 14),
        ("said", "VERB", "ROOT", 14, "say"),
        (".", "PUNCT", "punct", 14),
    ]


@pytest.mark.parametrize(
    ("lang", "noun", "speaker", "kind"),
    [
        ("fr", "groupe", "Acme", "org"),
        ("fr", "gouvernement", "France", "state"),
        ("en", "company", "Acme", "org"),
        ("en", "government", "France", "state"),
    ],
)
def test_attribution_definite_description(lang: str, noun: str, speaker: str, kind: str) -> None:
    """ "le groupe", "the company": the last organisation; "le gouvernement", "the
    government": the story's country (a KB country)."""
    toks = _backs(lang, noun)
    france = next(k for k, t in enumerate(toks) if t[0] == "France")
    doc = build(
        lang, toks, [(france, france + 1, "GPE", "Q142"), (france + 2, france + 3, "ORG", None)]
    )
    assert the_claim(lang, doc) == (speaker, f"incise_after+{kind}")


# ---------------------------------------------------------------------------- relatives
@pytest.mark.parametrize(
    ("lang", "toks"),
    [
        (
            "fr",
            [
                ("Marie", "PROPN", "nsubj", 13),
                ("Dupont", "PROPN", "flat:name", 0),
                (",", "PUNCT", "punct", 5),
                ("qui", "PRON", "nsubj", 5),
                *shifted(FR_SAID[:1], 2),
                ("déclaré", "VERB", "acl:relcl", 0, "déclarer", PART),
                *shifted(FR_SAID[2:7], 2),
                (",", "PUNCT", "punct", 5),
                ("est", "AUX", "aux", 13),
                ("partie", "VERB", "ROOT", 13, "partir", PART),
                (".", "PUNCT", "punct", 13),
            ],
        ),
        (
            "en",
            [
                ("John", "PROPN", "compound", 1),
                ("Smith", "PROPN", "nsubj", 11),
                (",", "PUNCT", "punct", 1),
                ("who", "PRON", "nsubj", 4),
                ("said", "VERB", "relcl", 1, "say"),
                *shifted(EN_SAID[1:6], 2),
                (",", "PUNCT", "punct", 1),
                ("left", "VERB", "ROOT", 11, "leave"),
                (".", "PUNCT", "punct", 11),
            ],
        ),
    ],
)
def test_attribution_relative_pronoun(lang: str, toks: list[Tok]) -> None:
    """ "Marie Dupont, qui a déclaré que …": the antecedent of the relative speaks."""
    doc = build(lang, toks, [(0, 2, "PERSON", None)])
    assert the_claim(lang, doc) == (doc[0:2].text, "verb_subject")


# ---------------------------------------------------------------------------- datelines
@pytest.mark.parametrize(
    ("lang", "toks", "speaker"),
    [
        (  # the parse took the dateline for the subject, the company for its apposition
            "fr",
            [
                ("PARIS", "PROPN", "nsubj", 9),
                (",", "PUNCT", "punct", 0),
                ("10", "NUM", "nmod", 0),
                ("février", "NOUN", "flat", 2),
                ("-", "PUNCT", "punct", 0),
                ("Acme", "PROPN", "appos", 0),
                *shifted(FR_SAID, 6),
            ],
            (5, 6),
        ),
        (  # "WASHINGTON — President John Smith announced that …": two subjects parsed
            "en",
            [
                ("WASHINGTON", "PROPN", "nsubj", 5),
                ("—", "PUNCT", "punct", 0),
                ("President", "PROPN", "compound", 4),
                ("John", "PROPN", "compound", 4),
                ("Smith", "PROPN", "nsubj", 5),
                ("announced", "VERB", "ROOT", 5, "announce"),
                *shifted(EN_SAID[1:], 4),
            ],
            (3, 5),
        ),
    ],
)
def test_attribution_dateline_is_no_speaker(
    lang: str, toks: list[Tok], speaker: tuple[int, int]
) -> None:
    label = "ORG" if lang == "fr" else "PERSON"
    doc = build(lang, toks, [(0, 1, "GPE", None), (*speaker, label, None)])
    index = MentionIndex(doc, ActorKB.load())
    assert index.at(0) is None and doc[0].i in index.dateline_tokens
    assert the_claim(lang, doc) == (doc[speaker[0] : speaker[1]].text, "verb_subject")


# ---------------------------------------------------------------------------- appositions
@pytest.mark.parametrize(
    ("lang", "toks", "person", "org"),
    [
        (
            "fr",
            [
                ("Le", "DET", "det", 1),
                ("ministre", "NOUN", "nsubj", 9),
                ("de", "ADP", "case", 4),
                ("la", "DET", "det", 4),
                ("Santé", "PROPN", "nmod", 1),
                (",", "PUNCT", "punct", 6),
                ("Paul", "PROPN", "appos", 1),
                ("Martin", "PROPN", "flat:name", 6),
                (",", "PUNCT", "punct", 6),
                *shifted(FR_SAID[1:], 8),
            ],
            (6, 8),
            None,
        ),
        (
            "en",
            [
                ("The", "DET", "det", 1),
                ("founder", "NOUN", "nsubj", 8),
                ("of", "ADP", "prep", 1),
                ("Acme", "PROPN", "pobj", 2),
                (",", "PUNCT", "punct", 1),
                ("John", "PROPN", "compound", 6),
                ("Smith", "PROPN", "appos", 1),
                (",", "PUNCT", "punct", 1),
                *shifted(EN_SAID, 6),
            ],
            (5, 7),
            (3, 4),
        ),
    ],
)
def test_attribution_apposition_names_the_speaker(
    lang: str, toks: list[Tok], person: tuple[int, int], org: tuple[int, int] | None
) -> None:
    """ "Le ministre de la Santé, Paul Martin, a déclaré", "The founder of Acme, John
    Smith, said": the apposed person, not the title nor its organisation."""
    actors: list[tuple[int, int, str, str | None]] = [(*person, "PERSON", None)]
    if org is not None:
        actors.append((*org, "ORG", None))
    doc = build(lang, toks, actors)
    assert the_claim(lang, doc) == (doc[person[0] : person[1]].text, "verb_subject")


# ---------------------------------------------------------------------------- pledgers
def pledger_finder(lang: str) -> PledgerFinder:
    """The pledges component's pledger search for `lang`."""
    return PledgerFinder(load_pledge_cues(lang))


def mention_index(doc: Doc) -> MentionIndex:
    """The document's mention index over the packaged knowledge base."""
    return MentionIndex(doc, ActorKB.load())


def pledger(lang: str, doc: Doc, amount: tuple[int, int], cue: int) -> tuple[str | None, str]:
    """(pledger text, rule) of the amount doc[amount], whose cue is the verb at `cue`."""
    finder = pledger_finder(lang)
    resolver = Resolver(mention_index(doc), load_tables(lang))
    found, how = finder.find(doc[amount[0] : amount[1]], resolver, None, doc[cue])
    return (found.text if found is not None else None), how


def _fr_pledge(subject: list[Tok], before: list[Tok]) -> list[Tok]:
    """ "<before> <subject> investira 5 milliards d' euros ." """
    n, s = len(before), len(subject)
    verb = n + s
    return [
        *before,
        *shifted(subject, n),
        ("investira", "VERB", "ROOT", verb, "investir"),
        ("5", "NUM", "nummod", verb + 2),
        ("milliards", "NOUN", "obj", verb, "milliard"),
        ("d'", "ADP", "case", verb + 4),
        ("euros", "NOUN", "nmod", verb + 2, "euro"),
        (".", "PUNCT", "punct", verb),
    ]


def _en_pledge(subject: list[Tok], before: list[Tok]) -> list[Tok]:
    """ "<before> <subject> will invest $ 5 billion ." """
    n, s = len(before), len(subject)
    verb = n + s + 1
    return [
        *before,
        *[(*t[:3], verb if t[2] == "nsubj" else t[3], *t[4:]) for t in shifted(subject, n)],
        ("will", "AUX", "aux", verb),
        ("invest", "VERB", "ROOT", verb),
        ("$", "SYM", "nmod", verb + 3),
        ("5", "NUM", "compound", verb + 3),
        ("billion", "NUM", "dobj", verb),
        (".", "PUNCT", "punct", verb),
    ]


FR_MET = [  # "Paul Martin a rencontré Marie Dupont ."
    ("Paul", "PROPN", "nsubj", 3),
    ("Martin", "PROPN", "flat:name", 0),
    ("a", "AUX", "aux", 3),
    ("rencontré", "VERB", "ROOT", 3, "rencontrer", PART),
    ("Marie", "PROPN", "obj", 3),
    ("Dupont", "PROPN", "flat:name", 4),
    (".", "PUNCT", "punct", 3),
]
EN_MET = [  # "France backs Acme ."
    ("France", "PROPN", "nsubj", 1),
    ("backs", "VERB", "ROOT", 1, "back"),
    ("Acme", "PROPN", "dobj", 1),
    (".", "PUNCT", "punct", 1),
]
FR_MENTIONS = [(0, 2, "PERSON", None), (4, 6, "PERSON", None)]
EN_MENTIONS = [(0, 1, "GPE", "Q142"), (2, 3, "ORG", None)]


def _subj(*toks: Tok) -> list[Tok]:
    """A subject whose last token hangs on the token just after it (heads relative to the
    subject's start; the English builder hangs it on the verb after "will")."""
    n = len(toks)
    return [(*t[:3], n if k == n - 1 else t[3], *t[4:]) for k, t in enumerate(toks)]


FR_BACKS = [  # "La France soutient Acme ."
    ("La", "DET", "det", 1),
    ("France", "PROPN", "nsubj", 2),
    ("soutient", "VERB", "ROOT", 2, "soutenir"),
    ("Acme", "PROPN", "obj", 2),
    (".", "PUNCT", "punct", 2),
]
CONTEXTS: dict[str, tuple[list[Tok], list[tuple[int, int, str, str | None]]]] = {
    "none": ([], [(0, 1, "ORG", None)]),  # the subject itself is the mention
    "fr_met": (FR_MET, FR_MENTIONS),
    "fr_backs": (FR_BACKS, [(1, 2, "GPE", "Q142"), (3, 4, "ORG", None)]),
    "en_backs": (EN_MET, EN_MENTIONS),
}
ACME = _subj(("Acme", "PROPN", "nsubj", 0))


def _the(det: str, noun: str) -> list[Tok]:
    return _subj((det, "DET", "det", 1), (noun, "NOUN", "nsubj", 0))


@pytest.mark.parametrize(
    ("lang", "subject", "context", "expected"),
    [
        # the subject of the commitment verb
        ("fr", ACME, "none", ("Acme", "subject")),
        ("en", ACME, "none", ("Acme", "subject")),
        # a pronoun agreeing in gender: "Elle" is Marie Dupont, not the subject Paul Martin
        ("fr", _subj(("Elle", "PRON", "nsubj", 0)), "fr_met", ("Marie Dupont", "pronoun")),
        ("fr", _subj(("Il", "PRON", "nsubj", 0)), "fr_met", ("Paul Martin", "pronoun")),
        # "it" stands for an organisation or a country: the subject of the sentence before
        # (France), not the one it backs, named since in a complement (Acme)
        ("en", _subj(("It", "PRON", "nsubj", 0)), "en_backs", ("France", "pronoun")),
        # definite descriptions: the last organisation, the story's country
        ("fr", _the("Le", "groupe"), "fr_backs", ("Acme", "definite")),
        ("fr", _the("Le", "gouvernement"), "fr_backs", ("France", "definite")),
        ("en", _the("The", "company"), "en_backs", ("Acme", "definite")),
        ("en", _the("The", "government"), "en_backs", ("France", "definite")),
    ],
)
def test_attribution_pledger_evidence(
    lang: str, subject: list[Tok], context: str, expected: tuple[str, str]
) -> None:
    before, mentions = CONTEXTS[context]
    toks = (_fr_pledge if lang == "fr" else _en_pledge)(subject, before)
    doc = build(lang, toks, mentions)
    verb = len(before) + len(subject) + (lang == "en")
    assert pledger(lang, doc, (verb + 1, len(toks) - 1), verb) == expected


@pytest.mark.parametrize(
    ("lang", "toks"),
    [
        (
            "fr",
            [
                ("Acme", "PROPN", "nsubj", 9),
                (",", "PUNCT", "punct", 3),
                ("qui", "PRON", "nsubj", 3),
                ("investira", "VERB", "acl:relcl", 0, "investir"),
                ("5", "NUM", "nummod", 5),
                ("milliards", "NOUN", "obj", 3, "milliard"),
                ("d'", "ADP", "case", 7),
                ("euros", "NOUN", "nmod", 5, "euro"),
                (",", "PUNCT", "punct", 3),
                ("grandit", "VERB", "ROOT", 9, "grandir"),
                (".", "PUNCT", "punct", 9),
            ],
        ),
        (
            "en",
            [
                ("Acme", "PROPN", "nsubj", 9),
                (",", "PUNCT", "punct", 0),
                ("which", "PRON", "nsubj", 4),
                ("will", "AUX", "aux", 4),
                ("invest", "VERB", "relcl", 0),
                ("$", "SYM", "nmod", 7),
                ("5", "NUM", "compound", 7),
                ("billion", "NUM", "dobj", 4),
                (",", "PUNCT", "punct", 0),
                ("grows", "VERB", "ROOT", 9, "grow"),
                (".", "PUNCT", "punct", 9),
            ],
        ),
    ],
)
def test_attribution_pledger_relative_pronoun(lang: str, toks: list[Tok]) -> None:
    doc = build(lang, toks, [(0, 1, "ORG", None)])
    verb = 3 if lang == "fr" else 4
    amount = (4, 8) if lang == "fr" else (5, 8)
    assert pledger(lang, doc, amount, verb) == ("Acme", "relative")


def test_attribution_tables_one_definition_each() -> None:
    """The speaker's and the pledger's pronouns are one table: a possessive is marked as
    such, a clitic keeps its gender, and the first person holds the possessives."""
    fr, en = load_tables("fr"), load_tables("en")
    assert fr.pronoun("-t-elle") is not None and fr.pronoun("-t-elle").gender == "f"  # type: ignore[union-attr]
    assert fr.pronoun("son") is not None and fr.pronoun("son").possessive  # type: ignore[union-attr]
    assert en.pronoun("it") is not None and not en.pronoun("it").person  # type: ignore[union-attr]
    assert {"nous", "notre"} <= fr.first_person and {"we", "our"} <= en.first_person
    assert fr.description("Gouvernement") == "state" and fr.description("l'agence") is None
    assert fr.description("agence") == "org" and en.description("kingdom") == "country"
    from pipeline.extract.claims.lexicon import load_lexicon

    for lang in ("fr", "en"):  # the speaker search and the pledger search read the same object
        assert load_lexicon(lang).tables is load_tables(lang)
        assert PledgerFinder(load_pledge_cues(lang)).tables is load_tables(lang)


def test_attribution_mention_index_built_once_per_doc(
    nlp_fr: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The claims and the pledges components share the Doc's one mention index."""
    from pipeline.extract.attribution import mentions

    built: list[int] = []
    real = mentions.MentionIndex.__init__

    def counting(self: Any, doc: Doc, kb: ActorKB) -> None:
        built.append(len(doc))
        real(self, doc, kb)

    monkeypatch.setattr(mentions.MentionIndex, "__init__", counting)
    doc = nlp_fr("« Nous investirons 109 milliards d'euros », a déclaré Emmanuel Macron.")
    assert len(doc.spans[CLAIMS]) == 1 and built == [len(doc)]


# ---------------------------------------------------------------------------- error kinds
def test_attribution_pledger_giver_on_the_amount() -> None:
    """ "France pledged $5 billion, with $2 billion from Acme": the giver named on the
    amount, not the subject of the sentence's verb."""
    toks: list[Tok] = [
        ("France", "PROPN", "nsubj", 1),
        ("pledged", "VERB", "ROOT", 1, "pledge"),
        ("$", "SYM", "nmod", 4),
        ("5", "NUM", "compound", 4),
        ("billion", "NUM", "dobj", 1),
        (",", "PUNCT", "punct", 1),
        ("with", "ADP", "prep", 1),
        ("$", "SYM", "nmod", 9),
        ("2", "NUM", "compound", 9),
        ("billion", "NUM", "pobj", 6),
        ("from", "ADP", "prep", 9),
        ("Acme", "PROPN", "pobj", 10),
        (".", "PUNCT", "punct", 1),
    ]
    doc = build("en", toks, [(0, 1, "GPE", "Q142"), (11, 12, "ORG", None)])
    assert pledger("en", doc, (2, 5), 1) == ("France", "subject")
    assert pledger("en", doc, (7, 10), 1) == ("Acme", "giver")


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        # "Marie Dupont dirige Acme . Cette dernière investira …": the last actor, Acme
        ((0, 2, "PERSON"), (3, 4, "ORG"), "Acme"),
        # "Acme emploie Marie Dupont . Cette dernière investira …": Marie Dupont
        ((0, 1, "ORG"), (2, 4, "PERSON"), "Marie Dupont"),
    ],
)
def test_attribution_latter_is_the_last_actor_named(
    first: tuple[int, int, str], second: tuple[int, int, str], expected: str
) -> None:
    """ "cette dernière" stands for the last actor named, a person or an organisation."""
    if first[2] == "PERSON":
        names: list[Tok] = [
            ("Marie", "PROPN", "nsubj", 2),
            ("Dupont", "PROPN", "flat:name", 0),
            ("dirige", "VERB", "ROOT", 2, "diriger"),
            ("Acme", "PROPN", "obj", 2),
        ]
    else:
        names = [
            ("Acme", "PROPN", "nsubj", 1),
            ("emploie", "VERB", "ROOT", 1, "employer"),
            ("Marie", "PROPN", "obj", 1),
            ("Dupont", "PROPN", "flat:name", 2),
        ]
    before = [*names, (".", "PUNCT", "punct", names[2][3] if first[2] == "PERSON" else 1)]
    subject = [("Cette", "DET", "det", 1), ("dernière", "ADJ", "nsubj", 2)]
    toks = _fr_pledge(subject, before)
    doc = build("fr", toks, [(*first, None), (*second, None)])
    verb = len(before) + 2
    assert pledger("fr", doc, (verb + 1, len(toks) - 1), verb) == (expected, "pronoun")


@pytest.mark.parametrize(
    ("lang", "toks"),
    [
        (
            "fr",
            [
                ("La", "DET", "det", 1),
                ("France", "PROPN", "nsubj", 2),
                ("investira", "VERB", "ROOT", 2, "investir"),
                ("dans", "ADP", "case", 5),
                ("le", "DET", "det", 5),
                ("calcul", "NOUN", "obl", 2),
                (",", "PUNCT", "punct", 8),
                ("a", "AUX", "aux", 8),
                ("indiqué", "VERB", "parataxis", 2, "indiquer", PART),
                ("le", "DET", "det", 10),
                ("gouvernement", "NOUN", "nsubj", 8),
                (".", "PUNCT", "punct", 2),
            ],
        ),
        (
            "en",
            [
                ("France", "PROPN", "nsubj", 2),
                ("will", "AUX", "aux", 2),
                ("invest", "VERB", "ROOT", 2),
                ("in", "ADP", "prep", 2),
                ("computing", "NOUN", "pobj", 3),
                (",", "PUNCT", "punct", 8),
                ("the", "DET", "det", 7),
                ("government", "NOUN", "nsubj", 8),
                ("said", "VERB", "parataxis", 2, "say"),
                (".", "PUNCT", "punct", 2),
            ],
        ),
    ],
)
def test_attribution_description_may_name_the_claims_own_country(
    lang: str, toks: list[Tok]
) -> None:
    """ "Japan spoke. France will invest in computing, the government said": the country
    named in the claim itself is the government's, not the one named before the claim."""
    spoke: list[Tok] = [
        ("Japan" if lang == "en" else "Japon", "PROPN", "nsubj", 1),
        ("spoke" if lang == "en" else "parle", "VERB", "ROOT", 1),
        (".", "PUNCT", "punct", 1),
    ]
    toks = spoke + shifted(toks, 3)
    france = next(k for k, t in enumerate(toks) if t[0] == "France")
    actors = [(0, 1, "GPE", "Q17"), (france, france + 1, "GPE", "Q142")]
    doc = build(lang, toks, actors)
    assert the_claim(lang, doc) == ("France", "incise+state")


@pytest.mark.parametrize(
    ("lang", "toks", "amount"),
    [
        (
            "fr",
            [
                ("Acme", "PROPN", "nsubj", 2),
                ("a", "AUX", "aux", 2),
                ("promis", "VERB", "ROOT", 2, "promettre", PART),
                ("5", "NUM", "nummod", 4),
                ("milliards", "NOUN", "obj", 2, "milliard"),
                ("d'", "ADP", "case", 6),
                ("euros", "NOUN", "nmod", 4, "euro"),
                ("par", "ADP", "case", 9),
                ("le", "DET", "det", 9),
                ("programme", "NOUN", "obl:arg", 2),
                ("Horizon", "PROPN", "nmod", 9),
                (".", "PUNCT", "punct", 2),
            ],
            (3, 7),
        ),
        (
            "en",
            [
                ("Acme", "PROPN", "nsubj", 2),
                ("has", "AUX", "aux", 2),
                ("pledged", "VERB", "ROOT", 2, "pledge", PART),
                ("$", "SYM", "nmod", 5),
                ("5", "NUM", "compound", 5),
                ("billion", "NUM", "dobj", 2),
                ("by", "ADP", "agent", 2),
                ("the", "DET", "det", 9),
                ("Horizon", "PROPN", "compound", 9),
                ("programme", "NOUN", "pobj", 6),
                (".", "PUNCT", "punct", 2),
            ],
            (3, 6),
        ),
    ],
)
def test_attribution_programme_is_no_pledger(
    lang: str, toks: list[Tok], amount: tuple[int, int]
) -> None:
    """ "par le programme Horizon", "by the Horizon programme": the money's channel; the
    institution behind it pledges."""
    horizon = next(k for k, t in enumerate(toks) if t[0] == "Horizon")
    doc = build(lang, toks, [(0, 1, "ORG", None), (horizon, horizon + 1, "ORG", None)])
    assert pledger(lang, doc, amount, 2) == ("Acme", "subject")


@pytest.mark.parametrize(
    ("lang", "toks", "name"),
    [
        (
            "fr",
            [
                *[(*t[:3], 8 if t[3] == 9 else t[3], *t[4:]) for t in FR_QUOTE],
                (",", "PUNCT", "punct", 8),
                ("explique", "VERB", "ROOT", 8, "expliquer"),
                ("la", "DET", "det", 11),
                ("Radio", "PROPN", "nsubj", 8),
                ("Lumière", "PROPN", "flat:name", 11),
                (".", "PUNCT", "punct", 8),
            ],
            "Radio Lumière",
        ),
        (
            "en",
            [
                *EN_QUOTE,
                ("said", "VERB", "ROOT", 8, "say"),
                ("the", "DET", "det", 11),
                ("Daily", "PROPN", "compound", 11),
                ("Lantern", "PROPN", "nsubj", 8),
                (".", "PUNCT", "punct", 8),
            ],
            "Daily Lantern",
        ),
    ],
)
def test_attribution_unknown_proper_name_speaks_for_itself(
    lang: str, toks: list[Tok], name: str
) -> None:
    """A name the actor component missed ("explique la Radio Lumière") is the speaker, as
    an unknown name is a pledger."""
    doc = build(lang, toks, [])
    assert the_claim(lang, doc) == (name, "incise_after+name")


def test_attribution_demonym_is_no_name() -> None:
    """ "« … », a déclaré l'Américain": a description of someone, not a name to report."""
    toks: list[Tok] = [
        *FR_QUOTE,
        (",", "PUNCT", "punct", 9),
        ("a", "AUX", "aux", 9),
        ("déclaré", "VERB", "ROOT", 9, "déclarer", PART),
        ("l'", "DET", "det", 11),
        ("Américain", "PROPN", "nsubj", 9),
        (".", "PUNCT", "punct", 9),
    ]
    doc = build("fr", toks, [])
    assert the_claim("fr", doc) == (None, "incise_after")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_attribution_subject_labels_are_the_parsers(lang: str, request: Any) -> None:
    """The one definition of the subject labels names every nominal subject label of the
    parser, and each kind asked for exists in one of the two parsers (a model upgrade that
    renames a label fails here, not silently in every search)."""
    labels = {
        label
        for name in ("fr", "en")
        for label in request.getfixturevalue(f"nlp_{name}").get_pipe("parser").labels
    }
    mine = set(request.getfixturevalue(f"nlp_{lang}").get_pipe("parser").labels)
    nominal = {label for label in mine if label.split(":")[0] in ("nsubj", "nsubjpass")}
    assert nominal and nominal <= SUBJECT_DEPS
    kinds = (ACTIVE_SUBJECT_DEPS, PASSIVE_SUBJECT_DEPS, CLAUSAL_SUBJECT_DEPS)
    for kind in (*kinds, IMPERSONAL_SUBJECT_DEPS, EXPLETIVE_DEPS, PASSIVE_AUX_DEPS):
        assert kind and kind <= labels


@pytest.mark.parametrize("noun", ["prêt", "levée", "mécanisme", "crédit", "Prêt"])
def test_attribution_pledger_reads_accented_cue_nouns(noun: str) -> None:
    """The pledger compares words with the pledge cue lists in their own form, accents
    kept: "prêt" is a cue noun there as in the pledge rules (it once compared them without
    accents, so no accented cue noun ever matched)."""
    finder = PledgerFinder(load_pledge_cues("fr"))
    doc = build("fr", [("un", "DET", "det", 1), (noun, "NOUN", "ROOT", 1, noun.lower())], [])
    assert finder._cue_noun(doc[1])
    plain = build("fr", [("un", "DET", "det", 1), ("pret", "NOUN", "ROOT", 1, "pret")], [])
    assert not finder._cue_noun(plain[1])


@pytest.mark.parametrize(
    ("lang", "word", "first"),
    [
        ("en", "we", True),
        ("en", "We", True),
        ("en", "us", True),
        ("en", "US", False),  # the country's acronym
        ("fr", "nous", True),
        ("fr", "-nous", True),
        ("fr", "vous", False),
    ],
)
def test_first_person_is_not_an_acronym(lang: str, word: str, first: bool) -> None:
    assert load_tables(lang).is_first_person(word) is first
