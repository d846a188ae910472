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
from tests.extract.test_attribution import (
    EN_SAID,
    FR_SAID,
    PART,
    Tok,
    build,
    claims,
    mention_index,
    shifted,
)

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


# ---------------------------------------------------------------- designations (issue 16)
def _fr_reflexive_incise() -> list[Tok]:
    """ "Claire Dumas a parlé . « Nous avons attendu ce feu vert , s' exclame -t-elle .
    Personne n' y croyait . »": a reflexive inverted incise inside the marks."""
    return [
        ("Claire", "PROPN", "nsubj", 3),
        ("Dumas", "PROPN", "flat:name", 0),
        ("a", "AUX", "aux", 3),
        ("parlé", "VERB", "ROOT", 3, "parler", PART),
        (".", "PUNCT", "punct", 3),
        ("«", "PUNCT", "punct", 8),
        ("Nous", "PRON", "nsubj", 8),
        ("avons", "AUX", "aux", 8),
        ("attendu", "VERB", "ROOT", 8, "attendre", PART),
        ("ce", "DET", "det", 10),
        ("feu", "NOUN", "obj", 8),
        ("vert", "ADJ", "amod", 10),
        (",", "PUNCT", "punct", 14),
        ("s'", "PRON", "expl:comp", 14, "se"),
        ("exclame", "VERB", "parataxis", 8, "exclamer"),
        ("-t-elle", "PRON", "nsubj", 14, "elle", "Gender=Fem|Number=Sing|Person=3"),
        (".", "PUNCT", "punct", 8),
        ("Personne", "PRON", "nsubj", 20),
        ("n'", "ADV", "advmod", 20),
        ("y", "PRON", "iobj", 20),
        ("croyait", "VERB", "ROOT", 20, "croire"),
        (".", "PUNCT", "punct", 20),
        ("»", "PUNCT", "punct", 20),
    ]


def test_reflexive_inverted_incise_inside_the_marks_fr() -> None:
    """ "« A, s'exclame-t-elle. B »": the reflexive clitic before the verb does not hide the
    incise; its pronoun is the woman named before, the speaker of both parts."""
    found = _speakers("fr", _fr_reflexive_incise(), [(0, 2, "PERSON", None)])
    assert [(c[1], c[2]) for c in found] == [("Claire Dumas", "incise_inside+pronoun")] * 2


def _fr_adverbial(phrase: list[str]) -> list[Tok]:
    """ "Le patron de la Fed a <pour sa part> estimé que le taux baissera ." with the
    auxiliary read as a VERB and the subject hung on it, as the model parses it."""
    n = len(phrase)
    toks: list[Tok] = [
        ("Le", "DET", "det", 1),
        ("patron", "NOUN", "nsubj", 5),
        ("de", "ADP", "case", 4),
        ("la", "DET", "det", 4),
        ("Fed", "PROPN", "nmod", 1),
        ("a", "VERB", "aux:tense", 6 + n),
    ]
    toks += [(w, "ADP" if k == 0 else "NOUN", "obl:mod", 6 + n) for k, w in enumerate(phrase)]
    verb = 6 + n
    toks += [
        ("estimé", "VERB", "ROOT", verb, "estimer", PART),
        ("que", "SCONJ", "mark", verb + 4),
        ("le", "DET", "det", verb + 3),
        ("taux", "NOUN", "nsubj", verb + 4),
        ("baissera", "VERB", "ccomp", verb, "baisser"),
        (".", "PUNCT", "punct", verb),
    ]
    return toks


@pytest.mark.parametrize("phrase", [["pour", "sa", "part"], ["de", "son", "côté"]])
def test_set_phrase_between_subject_and_speech_verb_fr(phrase: list[str]) -> None:
    """ "Le patron de la Fed a pour sa part estimé que …": the set phrase is no subject;
    the role before it is (claims/cues.json adverbial_phrases)."""
    toks = _fr_adverbial(phrase)
    found = _speakers("fr", toks, [(0, 5, "PERSON", "kb:jerome-powell")])
    assert [(c[0], c[1]) for c in found] == [("le taux baissera", "Le patron de la Fed")]


def _fr_nationality(
    demonym: str, others: int
) -> tuple[list[Tok], list[tuple[int, int, str, str | None]]]:
    """ "Le groupe est dirigé par l'Américain Mark Ellison [et l'Américain Tom Hale] . « Tout
    dépendra du prix » , a expliqué l'<demonym> ." """
    toks: list[Tok] = [
        ("Le", "DET", "det", 1),
        ("groupe", "NOUN", "nsubj:pass", 3),
        ("est", "AUX", "aux:pass", 3),
        ("dirigé", "VERB", "ROOT", 3, "diriger", PART),
        ("par", "ADP", "case", 7),
        ("l'", "DET", "det", 6),
        ("Américain", "NOUN", "obl:agent", 3, "américain", "Gender=Masc|Number=Sing"),
        ("Mark", "PROPN", "appos", 6),
        ("Ellison", "PROPN", "flat:name", 7),
    ]
    actors: list[tuple[int, int, str, str | None]] = [(7, 9, "PERSON", None)]
    if others:
        toks += [
            ("et", "CCONJ", "cc", 11),
            ("l'", "DET", "det", 11),
            ("Américain", "NOUN", "conj", 6, "américain", "Gender=Masc|Number=Sing"),
            ("Tom", "PROPN", "appos", 11),
            ("Hale", "PROPN", "flat:name", 12),
        ]
        actors.append((12, 14, "PERSON", None))
    n = len(toks)
    toks += [
        (".", "PUNCT", "punct", 3),
        ("«", "PUNCT", "punct", n + 3),
        ("Tout", "PRON", "nsubj", n + 3),
        ("dépendra", "VERB", "ROOT", n + 3, "dépendre"),
        ("du", "ADP", "case", n + 5),
        ("prix", "NOUN", "obl", n + 3),
        ("»", "PUNCT", "punct", n + 3),
        (",", "PUNCT", "punct", n + 9),
        ("a", "AUX", "aux", n + 9),
        ("expliqué", "VERB", "parataxis", n + 3, "expliquer", PART),
        ("l'", "DET", "det", n + 11),
        (demonym, "NOUN", "nsubj", n + 9, demonym.lower(), "Gender=Masc|Number=Sing"),
        (".", "PUNCT", "punct", n + 3),
    ]
    return toks, actors


@pytest.mark.parametrize(
    ("demonym", "others", "expected"),
    [
        # The one American the text names: "l'Américain Mark Ellison".
        ("Américain", 0, ("Mark Ellison", "incise_after+nationality")),
        # Two Americans: no guess.
        ("Américain", 1, (None, "incise_after")),
        # No Briton named: no guess.
        ("Britannique", 0, (None, "incise_after")),
    ],
)
def test_nationality_designation_fr(
    demonym: str, others: int, expected: tuple[str | None, str]
) -> None:
    toks, actors = _fr_nationality(demonym, others)
    found = _speakers("fr", toks, actors)
    assert [(c[1], c[2]) for c in found if c[0] == "Tout dépendra du prix"] == [expected]


def _en_nationality(demonym: str) -> list[Tok]:
    """ "Lula attended by video . The <demonym> said the funds ignored the south ." """
    return [
        ("Lula", "PROPN", "nsubj", 1),
        ("attended", "VERB", "ROOT", 1, "attend"),
        ("by", "ADP", "prep", 1),
        ("video", "NOUN", "pobj", 2),
        (".", "PUNCT", "punct", 1),
        ("The", "DET", "det", 6),
        (demonym, "PROPN", "nsubj", 7, demonym.lower()),
        ("said", "VERB", "ROOT", 7, "say"),
        ("the", "DET", "det", 9),
        ("funds", "NOUN", "nsubj", 10),
        ("ignored", "VERB", "ccomp", 7, "ignore"),
        ("the", "DET", "det", 12),
        ("south", "NOUN", "dobj", 10),
        (".", "PUNCT", "punct", 7),
    ]


@pytest.mark.parametrize(
    ("demonym", "expected"),
    [
        # Lula's knowledge-base country is Brazil: the one Brazilian of the text.
        ("Brazilian", [("the funds ignored the south", "Lula", "verb_subject+nationality")]),
        # No Mexican named: someone speaks (the claim is kept), no one is named.
        ("Mexican", [("the funds ignored the south", None, "verb_subject")]),
    ],
)
def test_nationality_designation_en(
    demonym: str, expected: list[tuple[str, str | None, str]]
) -> None:
    found = _speakers("en", _en_nationality(demonym), [(0, 1, "PERSON", "Q37181")])
    assert found == expected


def _en_apposed(title: bool) -> list[Tok]:
    """ "Engineers will run the plant , [the energy minister ,] Helen Marsh , announced on
    Tuesday . " This is proof of it , " the minister said . " (the title as the model hangs
    it: an apposition of the name)."""
    toks: list[Tok] = [
        ("Engineers", "NOUN", "nsubj", 2),
        ("will", "AUX", "aux", 2),
        ("run", "VERB", "ccomp", 0),  # head fixed below
        ("the", "DET", "det", 4),
        ("plant", "NOUN", "dobj", 2),
        (",", "PUNCT", "punct", 0),
    ]
    name = 6
    if title:
        toks += [
            ("the", "DET", "det", 8),
            ("energy", "NOUN", "compound", 8),
            ("minister", "NOUN", "appos", 10),
            (",", "PUNCT", "punct", 8),
        ]
        name = 10
    toks += [
        ("Helen", "PROPN", "compound", name + 1),
        ("Marsh", "PROPN", "nsubj", name + 3),
        (",", "PUNCT", "punct", name + 1),
        ("announced", "VERB", "ROOT", name + 3, "announce"),
        ("on", "ADP", "prep", name + 3),
        ("Tuesday", "PROPN", "pobj", name + 4),
        (".", "PUNCT", "punct", name + 3),
    ]
    verb = name + 3
    toks = [(t[0], t[1], t[2], verb if k in (2, 5) else t[3], *t[4:]) for k, t in enumerate(toks)]
    q = len(toks)
    toks += [
        ('"', "PUNCT", "punct", q + 2),
        ("This", "PRON", "nsubj", q + 2),
        ("is", "AUX", "ROOT", q + 2, "be"),
        ("proof", "NOUN", "attr", q + 2),
        ("of", "ADP", "prep", q + 3),
        ("it", "PRON", "pobj", q + 4),
        (",", "PUNCT", "punct", q + 2),
        ('"', "PUNCT", "punct", q + 2),
        ("the", "DET", "det", q + 9),
        ("minister", "NOUN", "nsubj", q + 10),
        ("said", "VERB", "parataxis", q + 2, "say"),
        (".", "PUNCT", "punct", q + 2),
    ]
    return toks


def test_name_after_a_role_apposition_en() -> None:
    """ "…, the energy minister, Helen Marsh, announced on Tuesday.": the clause before the
    commas is her claim, and "the minister" later is the person so titled, not another
    person of the text (Priya Raman, named first)."""
    toks = _en_apposed(True)
    toks = [
        ("Priya", "PROPN", "compound", 1),
        ("Raman", "PROPN", "nsubj", 2),
        ("spoke", "VERB", "ROOT", 2, "speak"),
        (".", "PUNCT", "punct", 2),
        *shifted(toks, 4),
    ]
    found = _speakers("en", toks, [(0, 2, "PERSON", None), (14, 16, "PERSON", None)])
    assert [(c[0], c[1], c[2]) for c in found] == [
        ("Engineers will run the plant", "Helen Marsh", "incise"),
        ("This is proof of it", "Helen Marsh", "incise_after+role"),
    ]


def _fr_apposed() -> list[Tok]:
    """ "Trois cents emplois seront créés , la ministre , Claire Dumas , a annoncé mardi ."
    with "mardi" read as the verb's object, as the model reads it."""
    return [
        ("Trois", "NUM", "nummod", 1),
        ("cents", "NOUN", "nsubj:pass", 4),
        ("emplois", "NOUN", "amod", 1),
        ("seront", "AUX", "aux:pass", 4),
        ("créés", "VERB", "ROOT", 4, "créer", PART),
        (",", "PUNCT", "punct", 13),
        ("la", "DET", "det", 7),
        ("ministre", "NOUN", "nsubj", 13),
        (",", "PUNCT", "punct", 7),
        ("Claire", "PROPN", "appos", 7),
        ("Dumas", "PROPN", "flat:name", 9),
        (",", "PUNCT", "punct", 13),
        ("a", "AUX", "aux:tense", 13),
        ("annoncé", "VERB", "conj", 4, "annoncer", PART),
        ("mardi", "NOUN", "obj", 13),
        (".", "PUNCT", "punct", 4),
    ]


def test_name_after_a_role_apposition_fr() -> None:
    """ "…, la ministre, Claire Dumas, a annoncé mardi.": the clause before is the named
    person's claim (a day the parse took for an object is no complement of the verb)."""
    found = _speakers("fr", _fr_apposed(), [(9, 11, "PERSON", None)])
    assert [(c[0], c[1], c[2]) for c in found] == [
        ("Trois cents emplois seront créés", "Claire Dumas", "incise")
    ]


def _fr_ministry() -> list[Tok]:
    """ "Le ministère de l' Économie s' est félicité que les ventes montent . Il a précisé
    que le plan tiendra ." """
    return [
        ("Le", "DET", "det", 1, "le", MASC),
        ("ministère", "NOUN", "nsubj", 7, "ministère", MASC),
        ("de", "ADP", "case", 4),
        ("l'", "DET", "det", 4),
        ("Économie", "PROPN", "nmod", 1),
        ("s'", "PRON", "expl:comp", 7, "se"),
        ("est", "AUX", "aux", 7, "être"),
        ("félicité", "VERB", "ROOT", 7, "féliciter", PART),
        ("que", "SCONJ", "mark", 11),
        ("les", "DET", "det", 10),
        ("ventes", "NOUN", "nsubj", 11),
        ("montent", "VERB", "ccomp", 7, "monter"),
        (".", "PUNCT", "punct", 7),
        ("Il", "PRON", "nsubj", 15, "il", "Gender=Masc|Number=Sing|Person=3"),
        ("a", "AUX", "aux", 15),
        ("précisé", "VERB", "ROOT", 15, "préciser", PART),
        ("que", "SCONJ", "mark", 19),
        ("le", "DET", "det", 18),
        ("plan", "NOUN", "nsubj", 19),
        ("tiendra", "VERB", "ccomp", 15, "tenir"),
        (".", "PUNCT", "punct", 15),
    ]


def _en_ministry() -> list[Tok]:
    """ "The Treasury Department said that the fund would face a review . It added that the
    review would take weeks ." """
    return [
        ("The", "DET", "det", 2),
        ("Treasury", "PROPN", "compound", 2),
        ("Department", "PROPN", "nsubj", 3),
        ("said", "VERB", "ROOT", 3, "say"),
        ("that", "SCONJ", "mark", 8),
        ("the", "DET", "det", 6),
        ("fund", "NOUN", "nsubj", 8),
        ("would", "AUX", "aux", 8),
        ("face", "VERB", "ccomp", 3, "face"),
        ("a", "DET", "det", 10),
        ("review", "NOUN", "dobj", 8),
        (".", "PUNCT", "punct", 3),
        ("It", "PRON", "nsubj", 13, "it"),
        ("added", "VERB", "ROOT", 13, "add"),
        ("that", "SCONJ", "mark", 18),
        ("the", "DET", "det", 16),
        ("review", "NOUN", "nsubj", 18),
        ("would", "AUX", "aux", 18),
        ("take", "VERB", "ccomp", 13),
        ("weeks", "NOUN", "dobj", 18),
        (".", "PUNCT", "punct", 13),
    ]


@pytest.mark.parametrize(
    ("lang", "toks", "actor", "expected"),
    [
        (
            "fr",
            _fr_ministry(),
            (1, 5, "ORG", "kb:french-ministry-of-the-economy-and-finance"),
            [
                ("les ventes montent", "ministère de l' Économie", "verb_subject"),
                ("le plan tiendra", "ministère de l' Économie", "verb_subject+subject_org"),
            ],
        ),
        (
            "en",
            _en_ministry(),
            (1, 3, "ORG", "kb:united-states-department-of-the-treasury"),
            [
                ("the fund would face a review", "Treasury Department", "verb_subject"),
                ("the review would take weeks", "Treasury Department", "verb_subject+subject_org"),
            ],
        ),
    ],
)
def test_ministry_is_the_speaker_and_its_pronoun(
    lang: str,
    toks: list[Tok],
    actor: tuple[int, int, str, str],
    expected: list[tuple[str, str, str]],
) -> None:
    """ "Le ministère de l'Économie s'est félicité que …. Il a précisé que …", "The Treasury
    Department said that …": the ministry speaks (never its minister, never no one), and
    the subject pronoun after it is the ministry."""
    assert _speakers(lang, toks, [actor]) == expected


def _fr_person_then_org() -> list[Tok]:
    """ "Anne Caradec a fondé Hydrovia , après dix ans à la Banque . Elle a déclaré que le
    site ouvrira ." """
    return [
        ("Anne", "PROPN", "nsubj", 3),
        ("Caradec", "PROPN", "flat:name", 0),
        ("a", "AUX", "aux", 3),
        ("fondé", "VERB", "ROOT", 3, "fonder", PART),
        ("Hydrovia", "PROPN", "obj", 3),
        (",", "PUNCT", "punct", 8),
        ("après", "ADP", "case", 8),
        ("dix", "NUM", "nummod", 8),
        ("ans", "NOUN", "obl:mod", 3),
        ("à", "ADP", "case", 11),
        ("la", "DET", "det", 11, "le", FEM),
        ("Banque", "PROPN", "nmod", 8, "banque", FEM),
        (".", "PUNCT", "punct", 3),
        ("Elle", "PRON", "nsubj", 15, "elle", "Gender=Fem|Number=Sing|Person=3"),
        ("a", "AUX", "aux", 15),
        ("déclaré", "VERB", "ROOT", 15, "déclarer", PART),
        ("que", "SCONJ", "mark", 19),
        ("le", "DET", "det", 18),
        ("site", "NOUN", "nsubj", 19),
        ("ouvrira", "VERB", "ccomp", 15, "ouvrir"),
        (".", "PUNCT", "punct", 15),
    ]


def _en_person_introduced() -> list[Tok]:
    """ "Helen Marsh said that the plan works . The firm was founded by Priya Raman . The
    bank joined it . She said that the site will open ." """
    return [
        ("Helen", "PROPN", "compound", 1),
        ("Marsh", "PROPN", "nsubj", 2),
        ("said", "VERB", "ROOT", 2, "say"),
        ("that", "SCONJ", "mark", 6),
        ("the", "DET", "det", 5),
        ("plan", "NOUN", "nsubj", 6),
        ("works", "VERB", "ccomp", 2, "work"),
        (".", "PUNCT", "punct", 2),
        ("The", "DET", "det", 9),
        ("firm", "NOUN", "nsubjpass", 11),
        ("was", "AUX", "auxpass", 11),
        ("founded", "VERB", "ROOT", 11, "found"),
        ("by", "ADP", "agent", 11),
        ("Priya", "PROPN", "compound", 14),
        ("Raman", "PROPN", "pobj", 12),
        (".", "PUNCT", "punct", 11),
        ("The", "DET", "det", 17),
        ("bank", "NOUN", "nsubj", 18),
        ("joined", "VERB", "ROOT", 18, "join"),
        ("it", "PRON", "dobj", 18),
        (".", "PUNCT", "punct", 18),
        ("She", "PRON", "nsubj", 22, "she"),
        ("said", "VERB", "ROOT", 22, "say"),
        ("that", "SCONJ", "mark", 27),
        ("the", "DET", "det", 25),
        ("site", "NOUN", "nsubj", 27),
        ("will", "AUX", "aux", 27),
        ("open", "VERB", "ccomp", 22),
        (".", "PUNCT", "punct", 22),
    ]


def _en_unknown_introduced() -> list[Tok]:
    """ "Tami Raina said that the plan works . Many nations followed , led by Adaeze Okoro .
    She said that the site will open ." (no first name's gender is known)"""
    return [
        ("Tami", "PROPN", "compound", 1),
        ("Raina", "PROPN", "nsubj", 2),
        ("said", "VERB", "ROOT", 2, "say"),
        ("that", "SCONJ", "mark", 6),
        ("the", "DET", "det", 5),
        ("plan", "NOUN", "nsubj", 6),
        ("works", "VERB", "ccomp", 2, "work"),
        (".", "PUNCT", "punct", 2),
        ("Many", "ADJ", "amod", 9),
        ("nations", "NOUN", "nsubj", 10),
        ("followed", "VERB", "ROOT", 10, "follow"),
        (",", "PUNCT", "punct", 10),
        ("led", "VERB", "advcl", 10, "lead"),
        ("by", "ADP", "agent", 12),
        ("Adaeze", "PROPN", "compound", 15),
        ("Okoro", "PROPN", "pobj", 13),
        (".", "PUNCT", "punct", 10),
        ("She", "PRON", "nsubj", 18, "she"),
        ("said", "VERB", "ROOT", 18, "say"),
        ("that", "SCONJ", "mark", 23),
        ("the", "DET", "det", 21),
        ("site", "NOUN", "nsubj", 23),
        ("will", "AUX", "aux", 23),
        ("open", "VERB", "ccomp", 18),
        (".", "PUNCT", "punct", 18),
    ]


@pytest.mark.parametrize(
    ("lang", "toks", "actors", "claim", "expected"),
    [
        # A person of unknown gender introduced in the sentence before, not the last
        # speaker (of unknown gender too).
        (
            "en",
            _en_unknown_introduced(),
            [(0, 2, "PERSON", None), (14, 16, "PERSON", None)],
            "the site will open",
            ("Adaeze Okoro", "verb_subject+pronoun"),
        ),
        # The woman who was the subject, not the feminine organisation merely mentioned.
        (
            "fr",
            _fr_person_then_org(),
            [(0, 2, "PERSON", None), (4, 5, "ORG", None), (11, 12, "ORG", None)],
            "le site ouvrira",
            ("Anne Caradec", "verb_subject+pronoun"),
        ),
        # The woman introduced after the last speaker's claim (her first name gives her
        # gender: actors/first_names.json), not that speaker.
        (
            "en",
            _en_person_introduced(),
            [(0, 2, "PERSON", None), (13, 15, "PERSON", None)],
            "the site will open",
            ("Priya Raman", "verb_subject+pronoun"),
        ),
    ],
)
def test_subject_pronoun_is_the_person_introduced(
    lang: str,
    toks: list[Tok],
    actors: list[tuple[int, int, str, str | None]],
    claim: str,
    expected: tuple[str, str],
) -> None:
    found = _speakers(lang, toks, actors)
    assert [(c[1], c[2]) for c in found if c[0] == claim] == [expected]


@pytest.mark.parametrize("first", ["Par", "By"])
def test_byline_author_is_no_antecedent(first: str) -> None:
    """ "Par Paul Roy" on its own line: the author, left out of every search of the mention
    index (no pronoun or "cette dernière" resolves to the byline's name)."""
    toks: list[Tok] = [
        (first, "ADP", "case", 2),
        ("Paul", "PROPN", "ROOT", 1),
        ("Roy", "PROPN", "flat:name", 1),
        ("\n", "SPACE", "dep", 2),
        ("Acme", "PROPN", "nsubj", 5),
        ("parle", "VERB", "ROOT", 5, "parler"),
        (".", "PUNCT", "punct", 5),
    ]
    doc = build("fr", toks, [(1, 3, "PERSON", None), (4, 5, "ORG", None)])
    assert [s.text for s in mention_index(doc).spans] == ["Acme"]


@pytest.mark.parametrize(
    ("lang", "toks", "speaker"),
    [
        (
            "fr",
            [
                ("«", "PUNCT", "punct", 3),
                ("Nous", "PRON", "nsubj", 3),
                ("avons", "AUX", "aux", 3),
                ("préparé", "VERB", "ROOT", 3, "préparer", PART),
                ("le", "DET", "det", 5),
                ("sommet", "NOUN", "obj", 3),
                ("ensemble", "ADV", "advmod", 3),
                ("»", "PUNCT", "punct", 3),
                (",", "PUNCT", "punct", 9),
                ("lit", "VERB", "parataxis", 3, "lire"),
                ("-on", "PRON", "nsubj", 9, "on"),
                ("dans", "ADP", "case", 13),
                ("une", "DET", "det", 13),
                ("déclaration", "NOUN", "obl", 9),
                ("publiée", "VERB", "acl", 13, "publier", PART),
                ("par", "ADP", "case", 16),
                ("Marie", "PROPN", "obl:agent", 14),
                ("Dupont", "PROPN", "flat:name", 16),
                (".", "PUNCT", "punct", 3),
            ],
            (16, 18),
        ),
        (
            "en",
            [
                ('"', "PUNCT", "punct", 2),
                ("We", "PRON", "nsubj", 2),
                ("prepared", "VERB", "ccomp", 8, "prepare"),
                ("the", "DET", "det", 4),
                ("summit", "NOUN", "dobj", 2),
                ("together", "ADV", "advmod", 2),
                (",", "PUNCT", "punct", 8),
                ('"', "PUNCT", "punct", 8),
                ("reads", "VERB", "ROOT", 8, "read"),
                ("a", "DET", "det", 10),
                ("statement", "NOUN", "nsubj", 8),
                ("released", "VERB", "acl", 10, "release"),
                ("by", "ADP", "agent", 11),
                ("John", "PROPN", "compound", 14),
                ("Smith", "PROPN", "pobj", 12),
                (".", "PUNCT", "punct", 8),
            ],
            (13, 15),
        ),
    ],
)
def test_statement_named_in_the_incise(
    lang: str, toks: list[Tok], speaker: tuple[int, int]
) -> None:
    """ "«…», lit-on dans une déclaration publiée par X", '"…," reads a statement released by
    X': no speech verb, the author of the statement the incise names."""
    found = _speakers(lang, toks, [(*speaker, "PERSON", None)])
    named = " ".join(t[0] for t in toks[speaker[0] : speaker[1]])
    assert [(c[1], c[2]) for c in found] == [(named, "incise_after")]


@pytest.mark.parametrize(("lang", "said"), [("fr", FR_SAID), ("en", EN_SAID)])
def test_partial_name_joins_the_known_person(lang: str, said: list[Tok]) -> None:
    """ "Ursula von der Leyen est arrivée . der Leyen a déclaré que …": a partial name the
    NER found joins the one known person whose knowledge-base name ends with it."""
    toks: list[Tok] = [
        ("Ursula", "PROPN", "nsubj", 4),
        ("von", "PROPN", "flat:name", 0),
        ("der", "PROPN", "flat:name", 0),
        ("Leyen", "PROPN", "flat:name", 0),
        ("arrived", "VERB", "ROOT", 4, "arrive"),
        (".", "PUNCT", "punct", 4),
        ("der", "PROPN", "compound", 7),
        ("Leyen", "PROPN", "nsubj", 8),
        *shifted(said, 6),
    ]
    actors: list[tuple[int, int, str, str | None]] = [
        (0, 4, "PERSON", "Q60772"),
        (6, 8, "PERSON", None),
    ]
    found = _speakers(lang, toks, actors)
    assert [c[1] for c in found] == ["Ursula von der Leyen"]


@pytest.mark.parametrize(
    ("lang", "toks"),
    [
        (
            "fr",
            [
                ("Anne", "PROPN", "nsubj", 3),
                ("Caradec", "PROPN", "flat:name", 0),
                ("a", "AUX", "aux", 3),
                ("répondu", "VERB", "ROOT", 3, "répondre", PART),
                (".", "PUNCT", "punct", 3),
                ("Sa", "DET", "det", 6, "son", "Number=Sing|Poss=Yes"),
                ("réponse", "NOUN", "ROOT", 6),
                (":", "PUNCT", "punct", 6),
                ("«", "PUNCT", "punct", 11),
                ("Nous", "PRON", "nsubj", 11),
                ("ne", "ADV", "advmod", 11),
                ("reculerons", "VERB", "parataxis", 6, "reculer"),
                ("pas", "ADV", "advmod", 11),
                ("ici", "ADV", "advmod", 11),
                (".", "PUNCT", "punct", 11),
                ("»", "PUNCT", "punct", 11),
            ],
        ),
        (
            "en",
            [
                ("Anne", "PROPN", "compound", 1),
                ("Caradec", "PROPN", "nsubj", 2),
                ("answered", "VERB", "ROOT", 2, "answer"),
                (".", "PUNCT", "punct", 2),
                ("Her", "PRON", "poss", 5),
                ("reply", "NOUN", "nsubj", 6),
                ("was", "AUX", "ROOT", 6, "be"),
                ('"', "PUNCT", "punct", 6),
                ("We", "PRON", "nsubj", 10),
                ("will", "AUX", "aux", 10),
                ("stay", "VERB", "ccomp", 6),
                ("here", "ADV", "advmod", 10),
                ("for", "ADP", "prep", 10),
                ("good", "ADJ", "pobj", 12),
                (".", "PUNCT", "punct", 10),
                ('"', "PUNCT", "punct", 6),
            ],
        ),
    ],
)
def test_possessor_of_speech_noun_speaks(lang: str, toks: list[Tok]) -> None:
    """ "Sa réponse : « … »", 'Her reply was "…"': no speech verb; the possessor of a noun of
    what someone says (claims/cues.json speech_nouns) speaks the quote it introduces."""
    found = _speakers(lang, toks, [(0, 2, "PERSON", None)])
    assert [(c[1], c[2]) for c in found] == [("Anne Caradec", "speech_noun+pronoun")]


@pytest.mark.parametrize(
    ("lang", "toks"),
    [
        (
            "fr",
            [
                ("«", "PUNCT", "punct", 2),
                ("Bâtir", "VERB", "csubj", 11, "bâtir", "VerbForm=Inf"),
                ("la", "DET", "det", 3),
                ("ville", "NOUN", "obj", 1),
                ("de", "ADP", "case", 5),
                ("demain", "NOUN", "nmod", 3),
                ("»", "PUNCT", "punct", 1),
                (",", "PUNCT", "punct", 11),
                ("tel", "ADJ", "amod", 11),
                ("est", "AUX", "cop", 11, "être"),
                ("l'", "DET", "det", 11),
                ("objectif", "NOUN", "ROOT", 11),
                ("du", "ADP", "case", 13),
                ("plan", "NOUN", "nmod", 11),
                ("annoncé", "VERB", "acl", 13, "annoncer", "VerbForm=Part|Voice=Pass"),
                ("par", "ADP", "case", 16),
                ("Marie", "PROPN", "obl:agent", 14),
                ("Dupont", "PROPN", "flat:name", 16),
                (".", "PUNCT", "punct", 11),
            ],
        ),
        (
            "en",
            [
                ('"', "PUNCT", "punct", 1),
                ("Build", "VERB", "csubj", 10, "build"),
                ("the", "DET", "det", 3),
                ("city", "NOUN", "dobj", 1),
                ("of", "ADP", "prep", 3),
                ("tomorrow", "NOUN", "pobj", 4),
                (",", "PUNCT", "punct", 1),
                ('"', "PUNCT", "punct", 1),
                ("is", "AUX", "cop", 10, "be"),
                ("the", "DET", "det", 10),
                ("goal", "NOUN", "ROOT", 10),
                ("of", "ADP", "prep", 10),
                ("the", "DET", "det", 13),
                ("plan", "NOUN", "pobj", 11),
                ("announced", "VERB", "acl", 13, "announce", "VerbForm=Part"),
                ("by", "ADP", "agent", 14),
                ("Marie", "PROPN", "compound", 17),
                ("Dupont", "PROPN", "pobj", 15),
                (".", "PUNCT", "punct", 10),
            ],
        ),
    ],
)
def test_agent_of_a_passive_speech_verb_speaks(lang: str, toks: list[Tok]) -> None:
    """ "« A », tel est l'objectif du plan annoncé par X", '"A" is the goal of the plan
    announced by X': the agent of the speech participle said it."""
    speaker = (16, 18)
    found = _speakers(lang, toks, [(*speaker, "PERSON", None)])
    assert [(c[1], c[2]) for c in found] == [("Marie Dupont", "agent")]
