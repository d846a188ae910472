"""Parse-rule tests of the speaker evidence for the styles of corpora/hardstyles, on
hand-built Docs (words, heads, labels and POS given, no model), per language: a subject
pronoun after a sentence whose subject is an organisation of its gender, the answer of the
person a question was put to, a sentence opened by "Pour X," / "For X," before a quote, a
reported clause the parse hung on a statement noun, and a media description after the
outlet named in the sentence before. Real-model checks: a transcript's heading lines
("Invités :", "Guests:") are no claims, and an outlet is one actor with or without its
article."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc, Span

from pipeline.extract import CLAIMS
from tests.extract.test_attribution import PART, Tok, build, claims, shifted

MASC = "Gender=Masc|Number=Sing"
FEM = "Gender=Fem|Number=Sing"


def _speakers(
    lang: str, toks: list[Tok], actors: list[tuple[int, int, str, str | None]]
) -> list[tuple[str, str | None, str]]:
    """(claim text, speaker text, rule) of every claim of the hand-built Doc."""
    doc = build(lang, toks, actors)
    return [
        (c.text, c._.claim.speaker.text if c._.claim.speaker is not None else None, c._.claim.rule)
        for c in claims(lang, doc)
    ]


def claims_of(doc: Doc) -> list[Span]:
    """The claims the pipeline wrote on a Doc."""
    return list(doc.spans.get(CLAIMS, []))


# ---------------------------------------------------------------- subject pronoun, organisation
def _fr_org_then_pronoun(det: str, noun: str, gender: str) -> list[Tok]:
    """ "Paul Roy a parlé . <Det> <Noun> a rendu son avis . Il a indiqué que le plan
    tiendra ." """
    return [
        ("Paul", "PROPN", "nsubj", 3),
        ("Roy", "PROPN", "flat:name", 0),
        ("a", "AUX", "aux", 3),
        ("parlé", "VERB", "ROOT", 3, "parler", PART),
        (".", "PUNCT", "punct", 3),
        (det, "DET", "det", 6, det.lower(), gender),
        (noun, "PROPN", "nsubj", 8, noun.lower(), gender),
        ("a", "AUX", "aux", 8),
        ("rendu", "VERB", "ROOT", 8, "rendre", PART),
        ("son", "DET", "det", 10),
        ("avis", "NOUN", "obj", 8),
        (".", "PUNCT", "punct", 8),
        ("Il", "PRON", "nsubj", 14, "il", "Gender=Masc|Number=Sing|Person=3"),
        ("a", "AUX", "aux", 14),
        ("indiqué", "VERB", "ROOT", 14, "indiquer", PART),
        ("que", "SCONJ", "mark", 18),
        ("le", "DET", "det", 17),
        ("plan", "NOUN", "nsubj", 18),
        ("tiendra", "VERB", "ccomp", 14, "tenir"),
        (".", "PUNCT", "punct", 14),
    ]


@pytest.mark.parametrize(
    ("det", "noun", "gender", "expected"),
    [
        # "Le Conseil … Il": the organisation of the pronoun's gender, not the man before.
        ("Le", "Conseil", MASC, ("Conseil", "verb_subject+subject_org")),
        # "La Banque … Il": a feminine organisation is no "il"; the man named before is.
        ("La", "Banque", FEM, ("Paul Roy", "verb_subject+pronoun")),
    ],
)
def test_subject_pronoun_after_an_organisation_subject_fr(
    det: str, noun: str, gender: str, expected: tuple[str, str]
) -> None:
    toks = _fr_org_then_pronoun(det, noun, gender)
    found = _speakers("fr", toks, [(0, 2, "PERSON", None), (6, 7, "ORG", None)])
    assert [(c[1], c[2]) for c in found if c[0] == "le plan tiendra"] == [expected]


def test_subject_pronoun_after_an_organisation_subject_en() -> None:
    # "John Smith spoke . The Council issued its opinion . It said that the plan will hold ."
    toks = [
        ("John", "PROPN", "compound", 1),
        ("Smith", "PROPN", "nsubj", 2),
        ("spoke", "VERB", "ROOT", 2, "speak"),
        (".", "PUNCT", "punct", 2),
        ("The", "DET", "det", 5),
        ("Council", "PROPN", "nsubj", 6),
        ("issued", "VERB", "ROOT", 6, "issue"),
        ("its", "PRON", "poss", 8),
        ("opinion", "NOUN", "dobj", 6),
        (".", "PUNCT", "punct", 6),
        ("It", "PRON", "nsubj", 11, "it"),
        ("said", "VERB", "ROOT", 11, "say"),
        ("that", "SCONJ", "mark", 16),
        ("the", "DET", "det", 14),
        ("plan", "NOUN", "nsubj", 16),
        ("will", "AUX", "aux", 16),
        ("hold", "VERB", "ccomp", 11),
        (".", "PUNCT", "punct", 11),
    ]
    found = _speakers("en", toks, [(0, 2, "PERSON", None), (5, 6, "ORG", None)])
    assert found == [("the plan will hold", "Council", "verb_subject+subject_org")]


# ---------------------------------------------------------------- the person asked answers
FR_ASKED = [  # "Un journaliste a demandé à Paul Roy si le plan tiendra ."
    ("Un", "DET", "det", 1),
    ("journaliste", "NOUN", "nsubj", 3),
    ("a", "AUX", "aux", 3),
    ("demandé", "VERB", "ROOT", 3, "demander", PART),
    ("à", "ADP", "case", 5),
    ("Paul", "PROPN", "obl:arg", 3),
    ("Roy", "PROPN", "flat:name", 5),
    ("si", "SCONJ", "mark", 10),
    ("le", "DET", "det", 9),
    ("plan", "NOUN", "nsubj", 10),
    ("tiendra", "VERB", "ccomp", 3, "tenir"),
    (".", "PUNCT", "punct", 3),
]
FR_ANSWER = [  # « Nous attendons encore une année . »
    ("«", "PUNCT", "punct", 2),
    ("Nous", "PRON", "nsubj", 2),
    ("attendons", "VERB", "ROOT", 2, "attendre"),
    ("encore", "ADV", "advmod", 2),
    ("une", "DET", "det", 5),
    ("année", "NOUN", "obj", 2),
    (".", "PUNCT", "punct", 2),
    ("»", "PUNCT", "punct", 2),
]
EN_ASKED = [  # "A reporter asked Tom Reade whether the plan would hold ."
    ("A", "DET", "det", 1),
    ("reporter", "NOUN", "nsubj", 2),
    ("asked", "VERB", "ROOT", 2, "ask"),
    ("Tom", "PROPN", "compound", 4),
    ("Reade", "PROPN", "dobj", 2),
    ("whether", "SCONJ", "mark", 9),
    ("the", "DET", "det", 7),
    ("plan", "NOUN", "nsubj", 9),
    ("would", "AUX", "aux", 9),
    ("hold", "VERB", "ccomp", 2),
    (".", "PUNCT", "punct", 2),
]
EN_ANSWER = [  # "We need another year ."
    ('"', "PUNCT", "punct", 2),
    ("We", "PRON", "nsubj", 2),
    ("need", "VERB", "ROOT", 2),
    ("another", "DET", "det", 4),
    ("year", "NOUN", "dobj", 2),
    (".", "PUNCT", "punct", 2),
    ('"', "PUNCT", "punct", 2),
]


@pytest.mark.parametrize(
    ("lang", "asked", "answer", "person"),
    [("fr", FR_ASKED, FR_ANSWER, (5, 7)), ("en", EN_ASKED, EN_ANSWER, (3, 5))],
)
def test_quote_after_a_question_is_the_answer_of_the_person_asked(
    lang: str, asked: list[Tok], answer: list[Tok], person: tuple[int, int]
) -> None:
    toks = [*asked, *shifted(answer, len(asked))]
    found = _speakers(lang, toks, [(*person, "PERSON", None)])
    name = " ".join(t[0] for t in asked[person[0] : person[1]])
    assert [(c[1], c[2]) for c in found] == [(name, "asked")]


# ---------------------------------------------------------------- "Pour X," / "For X," + quote
FR_FOR = [  # "Pour Le Monde , la réforme « arrive bien trop tard » ."
    ("Pour", "ADP", "case", 2),
    ("Le", "DET", "det", 2),
    ("Monde", "PROPN", "obl", 7),
    (",", "PUNCT", "punct", 2),
    ("la", "DET", "det", 5),
    ("réforme", "NOUN", "nsubj", 7),
    ("«", "PUNCT", "punct", 7),
    ("arrive", "VERB", "ROOT", 7, "arriver"),
    ("bien", "ADV", "advmod", 10),
    ("trop", "ADV", "advmod", 10),
    ("tard", "ADV", "advmod", 7),
    ("»", "PUNCT", "punct", 7),
    (".", "PUNCT", "punct", 7),
]
EN_FOR = [  # 'For the Times , the unions have " overplayed a weak hand " .'
    ("For", "ADP", "prep", 8),
    ("the", "DET", "det", 2),
    ("Times", "PROPN", "pobj", 0),
    (",", "PUNCT", "punct", 8),
    ("the", "DET", "det", 5),
    ("unions", "NOUN", "nsubj", 8),
    ("have", "AUX", "aux", 8),
    ('"', "PUNCT", "punct", 8),
    ("overplayed", "VERB", "ROOT", 8, "overplay"),
    ("a", "DET", "det", 11),
    ("weak", "ADJ", "amod", 11),
    ("hand", "NOUN", "dobj", 8),
    ('"', "PUNCT", "punct", 8),
    (".", "PUNCT", "punct", 8),
]


@pytest.mark.parametrize(
    ("lang", "toks", "outlet"), [("fr", FR_FOR, (1, 3)), ("en", EN_FOR, (2, 3))]
)
def test_sentence_opened_by_for_an_outlet_gives_the_quote_to_it(
    lang: str, toks: list[Tok], outlet: tuple[int, int]
) -> None:
    found = _speakers(lang, toks, [(*outlet, "ORG", None)])
    name = " ".join(t[0] for t in toks[outlet[0] : outlet[1]])
    assert [(c[1], c[2]) for c in found] == [(name, "according_initial")]


# ---------------------------------------------------------------- "in a statement that …"
FR_STATEMENT = [  # "Bercy a indiqué dans un communiqué que la croissance ralentira nettement ."
    ("Bercy", "PROPN", "nsubj", 2),
    ("a", "AUX", "aux", 2),
    ("indiqué", "VERB", "ROOT", 2, "indiquer", PART),
    ("dans", "ADP", "case", 5),
    ("un", "DET", "det", 5),
    ("communiqué", "NOUN", "obl:mod", 2),
    ("que", "PRON", "mark", 9),
    ("la", "DET", "det", 8),
    ("croissance", "NOUN", "nsubj", 9),
    ("ralentira", "VERB", "acl:relcl", 5, "ralentir"),
    ("nettement", "ADV", "advmod", 9),
    (".", "PUNCT", "punct", 2),
]
EN_STATEMENT = [  # "Acme said in a statement that sales would fall sharply ."
    ("Acme", "PROPN", "nsubj", 1),
    ("said", "VERB", "ROOT", 1, "say"),
    ("in", "ADP", "prep", 1),
    ("a", "DET", "det", 4),
    ("statement", "NOUN", "pobj", 2),
    ("that", "PRON", "dobj", 8),
    ("sales", "NOUN", "nsubj", 8),
    ("would", "AUX", "aux", 8),
    ("fall", "VERB", "relcl", 4),
    ("sharply", "ADV", "advmod", 8),
    (".", "PUNCT", "punct", 1),
]
EN_TRUE_RELATIVE = [  # "Acme said little in a statement that was released late ."
    ("Acme", "PROPN", "nsubj", 1),
    ("said", "VERB", "ROOT", 1, "say"),
    ("little", "ADJ", "dobj", 1),
    ("in", "ADP", "prep", 1),
    ("a", "DET", "det", 5),
    ("statement", "NOUN", "pobj", 3),
    ("that", "PRON", "nsubjpass", 8),
    ("was", "AUX", "auxpass", 8),
    ("released", "VERB", "relcl", 5, "release"),
    ("late", "ADV", "advmod", 8),
    (".", "PUNCT", "punct", 1),
]


@pytest.mark.parametrize(
    ("lang", "toks", "expected"),
    [
        ("fr", FR_STATEMENT, [("la croissance ralentira nettement", "Bercy", "verb_subject")]),
        ("en", EN_STATEMENT, [("sales would fall sharply", "Acme", "verb_subject")]),
        # a true relative clause (its pronoun is its subject) reports nothing
        ("en", EN_TRUE_RELATIVE, []),
    ],
)
def test_clause_hung_on_a_statement_noun_is_the_reported_claim(
    lang: str, toks: list[Tok], expected: list[tuple[str, str, str]]
) -> None:
    assert _speakers(lang, toks, [(0, 1, "ORG", None)]) == expected


# ---------------------------------------------------------------- real models
@pytest.mark.parametrize(
    ("lang", "text", "heading"),
    [
        (
            "fr",
            "Invités : Anne Roche, maire de Vire, et Paul Morin, éleveur.\n"
            "JOURNALISTE : Anne Roche, la ville manque-t-elle d'eau ?\n"
            "Roche : Nous avons fermé deux fontaines cet été. Les nappes sont au plus bas.\n"
            "JOURNALISTE : Paul Morin, et vos bêtes ?\n"
            "Morin : Mes vaches boivent cent litres par jour. Je ne peux pas attendre.\n",
            "Anne Roche, maire de Vire",
        ),
        (
            "en",
            "Guests: Anne Rock, mayor of Vale, and Paul Moore, a farmer.\n"
            "HOST: Anne Rock, is the town short of water?\n"
            "ROCK: We closed two fountains this summer. The wells are at their lowest.\n"
            "HOST: Paul Moore, what about your herd?\n"
            "MOORE: My cows drink a hundred litres a day. I cannot wait for the rain.\n",
            "Anne Rock, mayor of Vale",
        ),
    ],
)
def test_transcript_heading_line_is_no_claim(
    lang: str, text: str, heading: str, request: pytest.FixtureRequest
) -> None:
    nlp = request.getfixturevalue(f"nlp_{lang}")
    doc = nlp(text)
    found = [c for c in claims_of(doc) if c._.claim.kind == "direct"]
    assert found, "the answers are claims"
    assert not any(heading in c.text for c in found)
    speakers = {c._.claim.speaker.text for c in found if c._.claim.speaker is not None}
    assert len(speakers) == 2, speakers


@pytest.mark.parametrize(
    ("lang", "text", "outlet"),
    [
        (
            "fr",
            "Pour La Dépêche du Midi, la réforme « arrive bien trop tard pour les éleveurs ».",
            "La Dépêche du Midi",
        ),
        (
            "en",
            'The Guardian writes that the strike "could have been avoided with a modest offer".',
            "The Guardian",
        ),
    ],
)
def test_outlet_is_one_actor_with_its_article(
    lang: str, text: str, outlet: str, request: pytest.FixtureRequest
) -> None:
    nlp = request.getfixturevalue(f"nlp_{lang}")
    found = claims_of(nlp(text))
    assert found, "the outlet's words are a claim"
    speaker = found[0]._.claim.speaker
    assert speaker is not None and speaker._.actor is not None
    assert speaker._.actor.name == outlet


# ---------------------------------------------------------------- media descriptions
EN_OUTLET_SUBJECT = [  # 'The Daily Post is harsher . "We will invest in computing," the
    # newspaper says .'
    ("The", "DET", "det", 2),
    ("Daily", "PROPN", "compound", 2),
    ("Post", "PROPN", "nsubj", 3),
    ("is", "AUX", "ROOT", 3, "be"),
    ("harsher", "ADJ", "acomp", 3),
    (".", "PUNCT", "punct", 3),
    ('"', "PUNCT", "punct", 16),
    ("We", "PRON", "nsubj", 9),
    ("will", "AUX", "aux", 9),
    ("invest", "VERB", "ccomp", 16),
    ("in", "ADP", "prep", 9),
    ("computing", "NOUN", "pobj", 10),
    (",", "PUNCT", "punct", 9),
    ('"', "PUNCT", "punct", 16),
    ("the", "DET", "det", 15),
    ("newspaper", "NOUN", "nsubj", 16),
    ("says", "VERB", "ROOT", 16, "say"),
    (".", "PUNCT", "punct", 16),
]
FR_OUTLET_CITED = [  # "Une information de La Gazette circule . « Nous investirons dans le
    # calcul » , précise le journal ."
    ("Une", "DET", "det", 1),
    ("information", "NOUN", "nsubj", 5),
    ("de", "ADP", "case", 4),
    ("La", "DET", "det", 4),
    ("Gazette", "PROPN", "nmod", 1),
    ("circule", "VERB", "ROOT", 5, "circuler"),
    (".", "PUNCT", "punct", 5),
    ("«", "PUNCT", "punct", 15),
    ("Nous", "PRON", "nsubj", 9),
    ("investirons", "VERB", "ccomp", 15, "investir"),
    ("dans", "ADP", "case", 12),
    ("le", "DET", "det", 12),
    ("calcul", "NOUN", "obl", 9),
    ("»", "PUNCT", "punct", 15),
    (",", "PUNCT", "punct", 15),
    ("précise", "VERB", "ROOT", 15, "préciser"),
    ("le", "DET", "det", 17),
    ("journal", "NOUN", "nsubj", 15),
    (".", "PUNCT", "punct", 15),
]


@pytest.mark.parametrize(
    ("lang", "toks", "outlet"),
    [
        # the outlet that is the main subject of the sentence before ("… is harsher")
        ("en", EN_OUTLET_SUBJECT, (0, 3)),
        # no outlet has spoken: the one cited as a source ("une information de X")
        ("fr", FR_OUTLET_CITED, (3, 5)),
    ],
)
def test_media_description_is_the_outlet_just_named(
    lang: str, toks: list[Tok], outlet: tuple[int, int]
) -> None:
    found = _speakers(lang, toks, [(*outlet, "ORG", None)])
    name = " ".join(t[0] for t in toks[outlet[0] : outlet[1]])
    assert [(c[1], c[2]) for c in found] == [(name, "incise_after+media")]
