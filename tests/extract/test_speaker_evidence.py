"""Parse-rule tests of the speaker evidence added for real news, on hand-built Docs (words,
heads, labels and POS given, no model): a backward attribution past a date and a place, a
narrative infinitive, a nested "according to", a chain of participles, and the speaker
designations (the document's only person, the outlet that spoke last), per language."""

from __future__ import annotations

import pytest

from tests.extract.test_attribution import PART, Tok, build, claims, shifted, the_claim

INF = "VerbForm=Inf"


def _backward(verb: str, lemma: str) -> list[Tok]:
    """ "Le pays versera 200 millions , a <verb> , jeudi , à Berlin , la ministre Anne
    Dupont ." (the parse takes the inverted subject for an object, as real parses do)."""
    return [
        ("Le", "DET", "det", 1),
        ("pays", "NOUN", "nsubj", 2),
        ("versera", "VERB", "ROOT", 2, "verser"),
        ("200", "NUM", "nummod", 4),
        ("millions", "NOUN", "obj", 2),
        (",", "PUNCT", "punct", 7),
        ("a", "AUX", "aux", 7),
        (verb, "VERB", "parataxis", 2, lemma, PART),
        (",", "PUNCT", "punct", 9),
        ("jeudi", "NOUN", "obl:mod", 7),
        (",", "PUNCT", "punct", 12),
        ("à", "ADP", "case", 12),
        ("Berlin", "PROPN", "obl:mod", 7),
        (",", "PUNCT", "punct", 15),
        ("la", "DET", "det", 15),
        ("ministre", "NOUN", "obj", 7),
        ("Anne", "PROPN", "appos", 15),
        ("Dupont", "PROPN", "flat:name", 16),
        (".", "PUNCT", "punct", 2),
    ]


@pytest.mark.parametrize(
    ("verb", "lemma", "expected"),
    [
        ("annoncé", "annoncer", [("Le pays versera 200 millions", "Anne Dupont", "backward")]),
        # A verb of opinion after the clause reports nothing.
        ("estimé", "estimer", []),
    ],
)
def test_attribution_backward_after_date_and_place_fr(
    verb: str, lemma: str, expected: list[tuple[str, str, str]]
) -> None:
    doc = build("fr", _backward(verb, lemma), [(12, 13, "GPE", None), (16, 18, "PERSON", None)])
    found = [
        (c.text, c._.claim.speaker.text if c._.claim.speaker is not None else None, c._.claim.rule)
        for c in claims("fr", doc)
    ]
    assert found == expected


FR_SAID_SUBJECT = [  # "Marie Dupont a déclaré que le projet avancera vite ."
    ("Marie", "PROPN", "nsubj", 3),
    ("Dupont", "PROPN", "flat:name", 0),
    *shifted(
        [
            ("a", "AUX", "aux", 1),
            ("déclaré", "VERB", "ROOT", 1, "déclarer", PART),
            ("que", "SCONJ", "mark", 5),
            ("le", "DET", "det", 4),
            ("projet", "NOUN", "nsubj", 5),
            ("avancera", "VERB", "ccomp", 1, "avancer"),
            ("vite", "ADV", "advmod", 5),
            (".", "PUNCT", "punct", 1),
        ],
        2,
    ),
]


def test_attribution_narrative_infinitive_takes_current_speaker_fr() -> None:
    # "… . Et d'ajouter que le fonds ouvrira bientôt ." (tokens 10-18)
    toks = [
        *FR_SAID_SUBJECT,
        ("Et", "CCONJ", "cc", 12),
        ("d'", "ADP", "mark", 12),
        ("ajouter", "VERB", "ROOT", 12, "ajouter", INF),
        ("que", "SCONJ", "mark", 16),
        ("le", "DET", "det", 15),
        ("fonds", "NOUN", "nsubj", 16),
        ("ouvrira", "VERB", "ccomp", 12, "ouvrir"),
        ("bientôt", "ADV", "advmod", 16),
        (".", "PUNCT", "punct", 12),
    ]
    doc = build("fr", toks, [(0, 2, "PERSON", None)])
    found = claims("fr", doc)
    assert [c.text for c in found] == ["le projet avancera vite", "le fonds ouvrira bientôt"]
    second = found[1]._.claim
    assert second.speaker is not None and second.speaker.text == "Marie Dupont"
    assert second.rule == "narrative_infinitive"


def test_attribution_nested_according_to_keeps_inner_speaker_en() -> None:
    # "John Smith said that the plan will work , according to a pool report ."
    toks = [
        ("John", "PROPN", "compound", 1),
        ("Smith", "PROPN", "nsubj", 2),
        ("said", "VERB", "ROOT", 2, "say"),
        ("that", "SCONJ", "mark", 7),
        ("the", "DET", "det", 5),
        ("plan", "NOUN", "nsubj", 7),
        ("will", "AUX", "aux", 7),
        ("work", "VERB", "ccomp", 2),
        (",", "PUNCT", "punct", 2),
        ("according", "VERB", "prep", 2, "accord"),
        ("to", "ADP", "prep", 9),
        ("a", "DET", "det", 13),
        ("pool", "NOUN", "compound", 13),
        ("report", "NOUN", "pobj", 10),
        (".", "PUNCT", "punct", 2),
    ]
    doc = build("en", toks, [(0, 2, "PERSON", None)])
    assert the_claim("en", doc) == ("John Smith", "verb_subject")


def test_attribution_participle_chain_reaches_clause_subject_en() -> None:
    # "Jane Doe kicked off the session , confirming the pledge , adding that the plan will
    # work ."
    toks = [
        ("Jane", "PROPN", "compound", 1),
        ("Doe", "PROPN", "nsubj", 2),
        ("kicked", "VERB", "ROOT", 2, "kick"),
        ("off", "ADP", "prt", 2),
        ("the", "DET", "det", 5),
        ("session", "NOUN", "dobj", 2),
        (",", "PUNCT", "punct", 2),
        ("confirming", "VERB", "advcl", 2, "confirm", PART),
        ("the", "DET", "det", 9),
        ("pledge", "NOUN", "dobj", 7),
        (",", "PUNCT", "punct", 7),
        ("adding", "VERB", "advcl", 7, "add", PART),
        ("that", "SCONJ", "mark", 16),
        ("the", "DET", "det", 14),
        ("plan", "NOUN", "nsubj", 16),
        ("will", "AUX", "aux", 16),
        ("work", "VERB", "ccomp", 11),
        (".", "PUNCT", "punct", 2),
    ]
    doc = build("en", toks, [(0, 2, "PERSON", None)])
    assert the_claim("en", doc) == ("Jane Doe", "verb_subject")


FR_QUOTE_9 = [  # « Nous investirons dans le calcul », the incise's verb at index 9
    ("«", "PUNCT", "punct", 9),
    ("Nous", "PRON", "nsubj", 2),
    ("investirons", "VERB", "ccomp", 9, "investir"),
    ("dans", "ADP", "case", 5),
    ("le", "DET", "det", 5),
    ("calcul", "NOUN", "obl", 2),
    ("»", "PUNCT", "punct", 9),
    (",", "PUNCT", "punct", 9),
    ("a", "AUX", "aux", 9),
]
EN_QUOTE_8 = [  # "We will invest in computing," the incise's verb at index 8
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
    ("lang", "toks", "actors"),
    [
        (
            # «…», a révélé le président de la Banque. Pierre Dupont a salué le travail.
            "fr",
            [
                *FR_QUOTE_9,
                ("révélé", "VERB", "ROOT", 9, "révéler", PART),
                ("le", "DET", "det", 11),
                ("président", "NOUN", "nsubj", 9),
                ("de", "ADP", "case", 14),
                ("la", "DET", "det", 14),
                ("Banque", "PROPN", "nmod", 11),
                (".", "PUNCT", "punct", 9),
                ("Pierre", "PROPN", "nsubj", 19),
                ("Dupont", "PROPN", "flat:name", 16),
                ("a", "AUX", "aux", 19),
                ("salué", "VERB", "ROOT", 19, "saluer", PART),
                ("le", "DET", "det", 21),
                ("travail", "NOUN", "obj", 19),
                (".", "PUNCT", "punct", 19),
            ],
            [(14, 15, "ORG", None), (16, 18, "PERSON", None)],
        ),
        (
            # "…," said the president of the bank. Jane Doe smiled.
            "en",
            [
                *EN_QUOTE_8,
                ("said", "VERB", "ROOT", 8, "say"),
                ("the", "DET", "det", 10),
                ("president", "NOUN", "nsubj", 8),
                ("of", "ADP", "prep", 10),
                ("the", "DET", "det", 13),
                ("bank", "NOUN", "pobj", 11),
                (".", "PUNCT", "punct", 8),
                ("Jane", "PROPN", "compound", 16),
                ("Doe", "PROPN", "nsubj", 17),
                ("smiled", "VERB", "ROOT", 17, "smile"),
                (".", "PUNCT", "punct", 17),
            ],
            [(15, 17, "PERSON", None)],
        ),
    ],
)
def test_attribution_role_named_later_is_the_only_person(
    lang: str, toks: list[Tok], actors: list[tuple[int, int, str, str | None]]
) -> None:
    doc = build(lang, toks, actors)
    person = next(a for a in actors if a[2] == "PERSON")
    assert the_claim(lang, doc) == (doc[person[0] : person[1]].text, "incise_after+sole_person")


def test_attribution_role_never_names_a_person_of_the_other_gender_fr() -> None:
    # "le président" is not Marie Dupont, the only person named: no speaker.
    toks = [
        *FR_QUOTE_9,
        ("révélé", "VERB", "ROOT", 9, "révéler", PART),
        ("le", "DET", "det", 11),
        ("président", "NOUN", "nsubj", 9),
        (".", "PUNCT", "punct", 9),
        ("Marie", "PROPN", "nsubj", 15),
        ("Dupont", "PROPN", "flat:name", 13),
        ("sourit", "VERB", "ROOT", 15, "sourire"),
        (".", "PUNCT", "punct", 15),
    ]
    doc = build("fr", toks, [(13, 15, "PERSON", None)])
    assert the_claim("fr", doc) == (None, "incise_after")


@pytest.mark.parametrize(
    ("lang", "first", "second"),
    [
        (
            # «…», explique Radio Nord. «…», ajoute la radio allemande.
            "fr",
            [
                *FR_QUOTE_9[:-1],
                ("explique", "VERB", "ROOT", 8, "expliquer"),
                ("Radio", "PROPN", "nsubj", 8),
                ("Nord", "PROPN", "flat:name", 9),
                (".", "PUNCT", "punct", 8),
            ],
            [
                ("ajoute", "VERB", "ROOT", 8, "ajouter"),
                ("la", "DET", "det", 10),
                ("radio", "NOUN", "nsubj", 8),
                ("allemande", "ADJ", "amod", 10),
                (".", "PUNCT", "punct", 8),
            ],
        ),
        (
            # "…!" said Radio North. "…." the broadcaster added.
            "en",
            [
                *[("!", *t[1:]) if t[0] == "," else t for t in EN_QUOTE_8],
                ("said", "VERB", "ROOT", 8, "say"),
                ("Radio", "PROPN", "compound", 10),
                ("North", "PROPN", "nsubj", 8),
                (".", "PUNCT", "punct", 8),
            ],
            [
                ("the", "DET", "det", 9),
                ("broadcaster", "NOUN", "nsubj", 10),
                ("added", "VERB", "ROOT", 10, "add"),
                (".", "PUNCT", "punct", 10),
            ],
        ),
    ],
)
def test_attribution_media_description_is_the_outlet_that_spoke(
    lang: str, first: list[Tok], second: list[Tok]
) -> None:
    if lang == "fr":
        quote = [(*t[:3], 8, *t[4:]) if t[3] == 9 else t for t in FR_QUOTE_9[:-1]]
    else:  # a full stop inside the second quote: two quotes, not one interrupted
        quote = [(".", *t[1:]) if t[0] == "," else t for t in EN_QUOTE_8]
    n = len(first)
    toks = [*first, *shifted(quote, n), *shifted(second, n)]
    doc = build(lang, toks, [(9, 11, "ORG", None)])
    found = claims(lang, doc)
    assert len(found) == 2, [c.text for c in found]
    outlet = found[1]._.claim
    assert outlet.speaker is not None and outlet.speaker.text == doc[9:11].text
    assert outlet.rule == "incise_after+media"


@pytest.mark.parametrize(
    ("lang", "toks", "person"),
    [
        (
            # "Paul Roy a consacré trois ans au projet : « Nous irons bien plus loin . »"
            "fr",
            [
                ("Paul", "PROPN", "nsubj", 3),
                ("Roy", "PROPN", "flat:name", 0),
                ("a", "AUX", "aux", 3),
                ("consacré", "VERB", "ROOT", 3, "consacrer", PART),
                ("trois", "NUM", "nummod", 5),
                ("ans", "NOUN", "obj", 3),
                ("au", "ADP", "case", 7),
                ("projet", "NOUN", "obl", 3),
                (":", "PUNCT", "punct", 3),
                ("«", "PUNCT", "punct", 11),
                ("Nous", "PRON", "nsubj", 11),
                ("irons", "VERB", "parataxis", 3, "aller"),
                ("bien", "ADV", "advmod", 13),
                ("plus", "ADV", "advmod", 14),
                ("loin", "ADV", "advmod", 11),
                (".", "PUNCT", "punct", 11),
                ("»", "PUNCT", "punct", 11),
            ],
            (0, 2),
        ),
        (
            # "Tom Reade , who chairs the chamber : " We want to see the cables now . ""
            "en",
            [
                ("Tom", "PROPN", "compound", 1),
                ("Reade", "PROPN", "ROOT", 1),
                (",", "PUNCT", "punct", 1),
                ("who", "PRON", "nsubj", 4),
                ("chairs", "VERB", "relcl", 1, "chair"),
                ("the", "DET", "det", 6),
                ("chamber", "NOUN", "dobj", 4),
                (":", "PUNCT", "punct", 1),
                ('"', "PUNCT", "punct", 10),
                ("We", "PRON", "nsubj", 10),
                ("want", "VERB", "appos", 1),
                ("to", "PART", "aux", 12),
                ("see", "VERB", "xcomp", 10),
                ("the", "DET", "det", 14),
                ("cables", "NOUN", "dobj", 12),
                ("now", "ADV", "advmod", 12),
                (".", "PUNCT", "punct", 10),
                ('"', "PUNCT", "punct", 10),
            ],
            (0, 2),
        ),
    ],
)
def test_attribution_colon_after_a_clause_gives_its_subject(
    lang: str, toks: list[Tok], person: tuple[int, int]
) -> None:
    doc = build(lang, toks, [(*person, "PERSON", None)])
    assert the_claim(lang, doc) == (doc[person[0] : person[1]].text, "colon_subject")


@pytest.mark.parametrize(
    ("lang", "toks"),
    [
        (
            # "Paul Roy dirige le laboratoire .\n« Nous manquons de machines . »"
            "fr",
            [
                ("Paul", "PROPN", "nsubj", 2),
                ("Roy", "PROPN", "flat:name", 0),
                ("dirige", "VERB", "ROOT", 2, "diriger"),
                ("le", "DET", "det", 4),
                ("laboratoire", "NOUN", "obj", 2),
                (".", "PUNCT", "punct", 2),
                ("\n", "SPACE", "dep", 5),
                ("«", "PUNCT", "punct", 9),
                ("Nous", "PRON", "nsubj", 9),
                ("manquons", "VERB", "ROOT", 9, "manquer"),
                ("de", "ADP", "case", 11),
                ("machines", "NOUN", "obl", 9),
                (".", "PUNCT", "punct", 9),
                ("»", "PUNCT", "punct", 9),
            ],
        ),
        (
            # "Paul Roy runs the lab .\n" We lack machines and power . ""
            "en",
            [
                ("Paul", "PROPN", "compound", 1),
                ("Roy", "PROPN", "nsubj", 2),
                ("runs", "VERB", "ROOT", 2, "run"),
                ("the", "DET", "det", 4),
                ("lab", "NOUN", "dobj", 2),
                (".", "PUNCT", "punct", 2),
                ("\n", "SPACE", "dep", 5),
                ('"', "PUNCT", "punct", 9),
                ("We", "PRON", "nsubj", 9),
                ("lack", "VERB", "ROOT", 9),
                ("machines", "NOUN", "dobj", 9),
                ("and", "CCONJ", "cc", 10),
                ("power", "NOUN", "conj", 10),
                (".", "PUNCT", "punct", 9),
                ('"', "PUNCT", "punct", 9),
            ],
        ),
    ],
)
def test_attribution_interview_first_quote_takes_the_person_introduced(
    lang: str, toks: list[Tok]
) -> None:
    doc = build(lang, toks, [(0, 2, "PERSON", None)])
    assert the_claim(lang, doc) == ("Paul Roy", "introduced")


def test_attribution_nested_incise_leaves_the_claim_to_the_inner_speaker_en() -> None:
    # "John Smith said that the plan will work , the Post reported ."
    toks = [
        ("John", "PROPN", "compound", 1),
        ("Smith", "PROPN", "nsubj", 2),
        ("said", "VERB", "ccomp", 12, "say"),
        ("that", "SCONJ", "mark", 7),
        ("the", "DET", "det", 5),
        ("plan", "NOUN", "nsubj", 7),
        ("will", "AUX", "aux", 7),
        ("work", "VERB", "ccomp", 2),
        (",", "PUNCT", "punct", 12),
        ("the", "DET", "det", 11),
        ("Daily", "PROPN", "compound", 11),
        ("Post", "PROPN", "nsubj", 12),
        ("reported", "VERB", "ROOT", 12, "report"),
        (".", "PUNCT", "punct", 12),
    ]
    doc = build("en", toks, [(0, 2, "PERSON", None), (10, 12, "ORG", None)])
    assert the_claim("en", doc) == ("John Smith", "verb_subject")


def test_attribution_headline_quote_repeated_later_fr() -> None:
    # "« Notre devoir envers eux »\n« Nous ferons notre devoir envers eux » , a dit Paul Roy ."
    toks = [
        ("«", "PUNCT", "punct", 2),
        ("Notre", "DET", "det", 2),
        ("devoir", "NOUN", "ROOT", 2),
        ("envers", "ADP", "case", 4),
        ("eux", "PRON", "nmod", 2),
        ("»", "PUNCT", "punct", 2),
        ("\n", "SPACE", "dep", 5),
        ("«", "PUNCT", "punct", 9),
        ("Nous", "PRON", "nsubj", 9),
        ("ferons", "VERB", "ccomp", 17, "faire"),
        ("notre", "DET", "det", 11),
        ("devoir", "NOUN", "obj", 9),
        ("envers", "ADP", "case", 13),
        ("eux", "PRON", "nmod", 11),
        ("»", "PUNCT", "punct", 9),
        (",", "PUNCT", "punct", 17),
        ("a", "AUX", "aux", 17),
        ("dit", "VERB", "ROOT", 17, "dire", PART),
        ("Paul", "PROPN", "nsubj", 17),
        ("Roy", "PROPN", "flat:name", 18),
        (".", "PUNCT", "punct", 17),
    ]
    doc = build("fr", toks, [(18, 20, "PERSON", None)])
    found = [(c.text, c._.claim.speaker.text, c._.claim.rule) for c in claims("fr", doc)]
    assert found == [
        ("Notre devoir envers eux", "Paul Roy", "repeated_quote"),
        ("Nous ferons notre devoir envers eux", "Paul Roy", "incise_after"),
    ]


@pytest.mark.parametrize(
    ("lang", "quote", "sign"),
    [
        (
            # « Nous ne reculerons pas sur le climat . »\n\nAnne Roy , Oxfam
            "fr",
            [
                ("«", "PUNCT", "punct", 2),
                ("Nous", "PRON", "nsubj", 2),
                ("reculerons", "VERB", "ROOT", 2, "reculer"),
                ("sur", "ADP", "case", 5),
                ("le", "DET", "det", 5),
                ("climat", "NOUN", "obl", 2),
                (".", "PUNCT", "punct", 2),
                ("»", "PUNCT", "punct", 2),
            ],
            ("Anne", "Roy", "Oxfam"),
        ),
        (
            # " We will not back down on the climate . "\n\nAnne Roy , Oxfam
            "en",
            [
                ('"', "PUNCT", "punct", 4),
                ("We", "PRON", "nsubj", 4),
                ("will", "AUX", "aux", 4),
                ("not", "PART", "neg", 4),
                ("back", "VERB", "ROOT", 4),
                ("down", "ADP", "prt", 4),
                ("on", "ADP", "prep", 4),
                ("the", "DET", "det", 8),
                ("climate", "NOUN", "pobj", 6),
                (".", "PUNCT", "punct", 4),
                ('"', "PUNCT", "punct", 4),
            ],
            ("Anne", "Roy", "Oxfam"),
        ),
    ],
)
def test_attribution_quote_signed_on_the_next_line(
    lang: str, quote: list[Tok], sign: tuple[str, str, str]
) -> None:
    n = len(quote)
    toks = [
        *quote,
        ("\n\n", "SPACE", "dep", n - 1),
        (sign[0], "PROPN", "ROOT", n + 1),
        (sign[1], "PROPN", "flat", n + 1),
        (",", "PUNCT", "punct", n + 1),
        (sign[2], "PROPN", "appos", n + 1),
    ]
    doc = build(lang, toks, [(n + 1, n + 3, "PERSON", None), (n + 4, n + 5, "ORG", None)])
    assert the_claim(lang, doc) == ("Anne Roy", "signature")


def test_attribution_factbox_topic_label_is_no_subject_en() -> None:
    # "GERMANY : Chancellor Anne Roy said that Germany would pay ."
    toks = [
        ("GERMANY", "PROPN", "nsubj", 5),
        (":", "PUNCT", "punct", 0),
        ("Chancellor", "PROPN", "compound", 4),
        ("Anne", "PROPN", "compound", 4),
        ("Roy", "PROPN", "appos", 0),
        ("said", "VERB", "ROOT", 5, "say"),
        ("that", "SCONJ", "mark", 9),
        ("Germany", "PROPN", "nsubj", 9),
        ("would", "AUX", "aux", 9),
        ("pay", "VERB", "ccomp", 5),
        ("in", "ADP", "prep", 9),
        ("full", "ADJ", "pobj", 10),
        (".", "PUNCT", "punct", 5),
    ]
    doc = build("en", toks, [(0, 1, "GPE", None), (3, 5, "PERSON", None), (7, 8, "GPE", None)])
    assert the_claim("en", doc) == ("Anne Roy", "verb_subject")


def test_attribution_name_before_apposition_when_parse_has_no_subject_en() -> None:
    """ "On Thursday Ana Ruiz , the bank president , for the first time ever said the bank
    would raise more ." The parse takes the name for the object of "On" and leaves "said"
    with no subject; the phrase right before the verb is a preposition's, no speaker."""
    words: list[Tok] = [
        ("On", "ADP", "prep", 14),
        ("Thursday", "PROPN", "compound", 3),
        ("Ana", "PROPN", "compound", 3),
        ("Ruiz", "PROPN", "pobj", 0),
        (",", "PUNCT", "punct", 3),
        ("the", "DET", "det", 7),
        ("bank", "NOUN", "compound", 7),
        ("president", "NOUN", "appos", 3),
        (",", "PUNCT", "punct", 14),
        ("for", "ADP", "prep", 14),
        ("the", "DET", "det", 12),
        ("first", "ADJ", "amod", 12),
        ("time", "NOUN", "pobj", 9),
        ("ever", "ADV", "advmod", 14),
        ("said", "VERB", "ROOT", 14, "say"),
        ("the", "DET", "det", 16),
        ("bank", "NOUN", "nsubj", 18),
        ("would", "AUX", "aux", 18),
        ("raise", "VERB", "ccomp", 14, "raise"),
        ("more", "ADJ", "dobj", 18),
        (".", "PUNCT", "punct", 14),
    ]
    doc = build("en", words, [(2, 4, "PERSON", None)])
    found = [
        (c.text, c._.claim.speaker.text if c._.claim.speaker is not None else None)
        for c in claims("en", doc)
    ]
    assert found == [("the bank would raise more", "Ana Ruiz")]
