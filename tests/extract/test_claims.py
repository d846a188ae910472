"""Claims on the real models: direct quotes with their speakers, reported speech, terms.

Every sentence here is written for the tests (real people, invented wording).
"""

from __future__ import annotations

from typing import Any

import pytest
from spacy.language import Language

from pipeline.extract import CLAIMS

Row = tuple[str, str, str | None]  # (kind, start of the claim's text, speaker's canonical name)


def claims(nlp: Language, text: str, date: str | None = "2025-02-11") -> list[dict[str, Any]]:
    doc = nlp.make_doc(text)
    doc._.doc_date = date
    doc = nlp(doc)
    out = []
    for span in doc.spans[CLAIMS]:
        info = span._.claim
        speaker = info.speaker._.actor.name if info.speaker is not None else None
        out.append(
            {
                "kind": info.kind,
                "text": span.text,
                "speaker": speaker,
                "mention": info.mention.text if info.mention is not None else None,
                "confidence": info.confidence,
                "checkworthy": info.checkworthy,
            }
        )
    return out


def rows(found: list[dict[str, Any]], expected: list[Row]) -> list[Row]:
    """The claims as (kind, text cut to the expected prefix's length, speaker)."""
    got = [c for c in found if c["kind"] in ("direct", "reported")]
    sizes = [len(e[1]) for e in expected] + [25] * len(got)
    return [(c["kind"], c["text"][:n], c["speaker"]) for c, n in zip(got, sizes, strict=False)]


FR_CASES = [
    (
        "« Nous allons investir massivement dans le calcul », a déclaré Emmanuel Macron.",
        [("direct", "Nous allons investir massi", "Emmanuel Macron")],
    ),
    (
        "Le sommet s'est ouvert lundi. « On y est », a lancé Emmanuel Macron.",
        [("direct", "On y est", "Emmanuel Macron")],
    ),
    (
        # An incise inside the marks is the journalist's: the words before and after it
        # are two claims, both with the pronoun resolved to the named woman.
        "Ursula von der Leyen était à Paris lundi. « La course à l'IA, a-t-elle lancé, "
        "est loin d'être terminée. »",
        [
            ("direct", "La course à l'IA", "Ursula von der Leyen"),
            ("direct", "est loin d'être terminée.", "Ursula von der Leyen"),
        ],
    ),
    (
        # The same at a sentence's end, with a reflexive verb and its clitic subject.
        "Jean Castex présentait le plan jeudi. « Nous sommes au rendez-vous, s'exclame-t-il. "
        "Cent milliards, c'est considérable. »",
        [
            ("direct", "Nous sommes au rendez-vou", "Jean Castex"),
            ("direct", "Cent milliards, c'est con", "Jean Castex"),
        ],
    ),
    (
        "Clara Chappaz a déclaré : « Ces milliards ne sont pas un chiffre en l'air. »",
        [("direct", "Ces milliards ne sont pas", "Clara Chappaz")],
    ),
    (
        "Selon Bruno Le Maire, « les projets créeront dix mille emplois d'ici deux ans ».",
        [("direct", "les projets créeront dix ", "Bruno Le Maire")],
    ),
    (
        # Gender picks the antecedent: "elle" is not the man named last.
        "Ursula von der Leyen a reçu Olaf Scholz à Bruxelles. « Nous devons agir ensemble "
        "et vite », a-t-elle dit.",
        [("direct", "Nous devons agir ensemble", "Ursula von der Leyen")],
    ),
    (
        "Olaf Scholz a reçu Ursula von der Leyen à Berlin. « Nous devons agir ensemble et "
        "vite », a-t-il dit.",
        [("direct", "Nous devons agir ensemble", "Olaf Scholz")],
    ),
    (
        # A role description resolves through the KB at the document's date.
        "« Nous tiendrons tous nos engagements », a promis le président français.",
        [("direct", "Nous tiendrons tous nos e", "Emmanuel Macron")],
    ),
    (
        "Le patron de Mistral AI, Arthur Mensch, était à Paris. « Nous resterons une "
        "entreprise indépendante », assure l'intéressé.",
        [("direct", "Nous resterons une entrep", "Arthur Mensch")],
    ),
    (
        # A paragraph that only continues the quoting: the previous speaker.
        "« Le calcul est la clé de la souveraineté », a déclaré Clara Chappaz.\n\n"
        "« Sans lui, nous dépendrons des autres pour longtemps. »",
        [
            ("direct", "Le calcul est la clé de l", "Clara Chappaz"),
            ("direct", "Sans lui, nous dépendrons", "Clara Chappaz"),
        ],
    ),
    (
        "Le ministre Bruno Le Maire a estimé que la croissance serait plus forte cette année.",
        [("reported", "la croissance serait plus", "Bruno Le Maire")],
    ),
    (
        "Friedrich Merz a appelé à une réforme rapide des règles budgétaires européennes.",
        [("reported", "une réforme rapide des rè", "Friedrich Merz")],
    ),
    (
        "La construction de ces centres nécessitera des capitaux privés, a-t-elle ajouté.",
        [("reported", "La construction de ces ce", None)],
    ),
    (
        # "le ministre" is not the Prime Minister (the KB's "Première ministre", compared
        # without accents, made it so); "Le ministre de …, X," titles X; the title subject
        # with the name in apposition names X.
        "Jean Castex a ouvert la conférence de presse le 21 juillet 2020, puis le Premier "
        "ministre a donné la parole à son ministre. Le ministre des Solidarités et de la "
        "Santé, Olivier Véran, a insisté sur les recrutements prévus dans les hôpitaux. "
        "Interrogé sur les lits fermés, le ministre a reconnu que « certaines décisions ont "
        "été prises trop vite ».",
        [
            ("reported", "les recrutements prévus", "Olivier Véran"),
            ("direct", "certaines décisions ont é", "Olivier Véran"),
        ],
    ),
    # A subject the tagger reads as a common noun but the recogniser as a name still speaks.
    (
        "Northvolt dit qu'elle envisage de doubler à terme la capacité de son usine.",
        [("reported", "elle envisage de doubler", None)],
    ),
    # Negated reporting verbs and the journalist's first person are no claims.
    ("Emmanuel Macron n'a pas dit que la France quitterait l'accord de Paris.", []),
    ("Nous pensons que cette réforme arrive bien trop tard pour les communes.", []),
    # Scare quotes are terms, not claims.
    ("La Commission parle d'« usines d'IA » pour tout le continent.", []),
]


@pytest.mark.parametrize(("text", "expected"), FR_CASES)
def test_claims_fr(nlp_fr: Language, text: str, expected: list[Row]) -> None:
    assert rows(claims(nlp_fr, text), expected) == expected


EN_CASES = [
    (
        # The English model splits the name; the KB keeps it whole.
        '"We will not fall behind," said Ursula von der Leyen, the Commission chief.',
        [("direct", "We will not fall behind", "Ursula von der Leyen")],
    ),
    (
        'Hugh Hill, a doctor, said: "The hospital needs new scanners right now."',
        [("direct", "The hospital needs new sc", "Hugh Hill")],
    ),
    (
        # An incise between two halves: a claim per half, both hers.
        'Kaja Kallas arrived in Kyiv on Monday. "We are ready," she said, "and we will deliver."',
        [
            ("direct", "We are ready", "Kaja Kallas"),
            ("direct", "and we will deliver.", "Kaja Kallas"),
        ],
    ),
    (
        # A quote over two paragraphs, the second reopened with its mark: a claim per
        # paragraph, both the speaker's.
        'Kaja Kallas spoke in Kyiv on Monday. "We are ready to help for as long as it takes.\n\n'
        '"The first deliveries will arrive before the winter," she said.',
        [
            ("direct", "We are ready to help for ", "Kaja Kallas"),
            ("direct", "The first deliveries will", "Kaja Kallas"),
        ],
    ),
    (
        'Olaf Scholz met Kamala Harris in Berlin. "We agreed on all the next steps," he '
        "told reporters.",
        [("direct", "We agreed on all the next", "Olaf Scholz")],
    ),
    (
        "According to the IMF, the economy will grow by 3% this year.",
        [("reported", "the economy will grow by ", "International Monetary Fund")],
    ),
    (
        "The French government warned that the plan would cost far too much.",
        [("reported", "the plan would cost far t", "France")],
    ),
    (
        "Emmanuel Macron called for a common European approach to computing power.",
        [("reported", "a common European approach", "Emmanuel Macron")],
    ),
    (
        "Rachel Reeves said the budget would fix the foundations of the economy.",
        [("reported", "the budget would fix the ", "Rachel Reeves")],
    ),
    (
        "Question: Is the job done now?\nLagarde: We are in a good place and will stay "
        "there.\nQuestion: And growth?\nLagarde: Growth will pick up next year, we think.",
        [
            ("direct", "We are in a good place an", "Christine Lagarde"),
            ("direct", "Growth will pick up next ", "Christine Lagarde"),
        ],
    ),
    (
        # "US" is the country, not "us": its claim is reported.
        "The US also said it would provide $24.5 million to the fund and $10 million has "
        "been promised by Japan.",
        [("reported", "it would provide $24.5 million to the fund", "United States")],
    ),
    # A short quote said on its own, a speech verb right after it, is a claim; inside a
    # sentence it stays a scare quote.
    ('"Never again," Joe Biden said on Tuesday.', [("direct", "Never again", "Joe Biden")]),
    ('He called the plan a "missed opportunity," Joe Biden said.', []),
    ("Joe Biden did not say that the law would be repealed next year.", []),
    ("We believe the vote in the Senate will be very close.", []),
    ('He called the plan a "missed opportunity" on Tuesday.', []),
]


@pytest.mark.parametrize(("text", "expected"), EN_CASES)
def test_claims_en(nlp_en: Language, text: str, expected: list[Row]) -> None:
    assert rows(claims(nlp_en, text), expected) == expected


def test_claims_reported_clause_ends_before_a_cut_conjunction(nlp_en: Language) -> None:
    """The conjunct someone else said is cut off the clause, and its "and" with it."""
    found = claims(
        nlp_en,
        "The United States said it would provide $24.5 million to the fund and $10 million "
        "has been promised by Japan.",
    )
    assert [c["text"] for c in found] == ["it would provide $24.5 million to the fund"]


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        (
            "Olaf Scholz était à Paris. « Nous investirons deux pour cent du PIB », a-t-il dit.",
            "-il",
        ),
        ("« Nous investirons deux pour cent du PIB », a déclaré Olaf Scholz.", "Olaf Scholz"),
    ],
)
def test_claims_speaker_mention_and_confidence(nlp_fr: Language, text: str, mention: str) -> None:
    (claim,) = [c for c in claims(nlp_fr, text) if c["kind"] == "direct"]
    assert claim["speaker"] == "Olaf Scholz"
    assert claim["mention"] == mention
    assert 0.5 <= claim["confidence"] <= 1.0


@pytest.mark.parametrize(
    ("text", "checkworthy"),
    [
        ("« Nous investirons 100 milliards d'euros dans la défense », a dit Olaf Scholz.", True),
        ("« Nous allons construire dix nouvelles usines en Europe », a dit Olaf Scholz.", True),
        ("« La situation reste très difficile pour tout le monde », a dit Olaf Scholz.", False),
    ],
)
def test_claims_checkworthy(nlp_fr: Language, text: str, checkworthy: bool) -> None:
    (claim,) = [c for c in claims(nlp_fr, text) if c["kind"] == "direct"]
    assert claim["checkworthy"] is checkworthy


def test_claims_interview_answers_belong_to_the_interviewee(nlp_fr: Language) -> None:
    text = (
        "La ministre Clara Chappaz répond à nos questions sur le plan national.\n\n"
        "— Ces milliards sont-ils réels ?\n\n"
        "— Oui, ce sont des engagements fermes des entreprises.\n\n"
        "— Et l'énergie ?\n\n"
        "— Nous avons une électricité abondante et décarbonée."
    )
    expected = [
        ("direct", "Oui, ce sont des engageme", "Clara Chappaz"),
        ("direct", "Nous avons une électricit", "Clara Chappaz"),
    ]
    assert rows(claims(nlp_fr, text), expected) == expected


# "Q:"/"A:" (and "Q :"/"R :") transcripts: the questions are no claims, the answers are
# direct claims of the person the introduction names.
Q_AND_A = [
    (
        "en",
        "We spoke to Arthur Mensch, Mistral's chief executive, about the round.\n\n"
        "Q: Why take money from a chip-equipment maker?\n\n"
        "A: Because we want to stay independent, and we want to stay European.\n\n"
        "Q: Is Mistral for sale?\n\n"
        "A: Mistral is not for sale, and an IPO is not on the agenda now.",
        [
            ("direct", "Because we want to stay i", "Arthur Mensch"),
            ("direct", "Mistral is not for sale, ", "Arthur Mensch"),
        ],
    ),
    (
        "fr",
        "Akinwumi Adesina, président de la Banque africaine de développement, a répondu "
        "à nos questions.\n\n"
        "Q : Les annonces suffiront-elles ?\n\n"
        "R : Elles ne suffiront pas, il faudra mobiliser davantage le secteur privé.\n\n"
        "Q : Et la dette ?\n\n"
        "R : Nous proposons de l'alléger pour les pays les plus vulnérables.",
        [
            ("direct", "Elles ne suffiront pas, i", "Akinwumi Adesina"),
            ("direct", "Nous proposons de l'allég", "Akinwumi Adesina"),
        ],
    ),
]
# A label may give only the surname of the person the introduction names ("Sitharaman:"), and
# the interviewer's label may be the outlet's name ("Le Journal :"): a label whose lines are
# mostly questions is the interviewer's.
NAMED_TURNS = [
    (
        "en",
        "Finance Minister Nirmala Sitharaman took questions after the budget.\n\n"
        "Reporter: Does the budget favour two states?\n\n"
        "Sitharaman: No state has been denied anything in this budget.\n\n"
        "Reporter: How will you pay for the jobs package?\n\n"
        "Sitharaman: We have been prudent, and the schemes are fully provided for.",
        [
            ("direct", "No state has been denied ", "Nirmala Sitharaman"),
            ("direct", "We have been prudent, and", "Nirmala Sitharaman"),
        ],
    ),
    (
        "fr",
        "Le ministre Abdourahmane Sarr a reçu notre journal à Dakar.\n\n"
        "Le Journal : Comment allez-vous rembourser la dette ?\n\n"
        "Abdourahmane Sarr : Nous allons étaler les échéances et réduire les dépenses.\n\n"
        "Le Journal : Et le FMI ?\n\n"
        "Abdourahmane Sarr : Les discussions avancent bien avec ses équipes.",
        [
            ("direct", "Nous allons étaler les éc", "Abdourahmane Sarr"),
            ("direct", "Les discussions avancent ", "Abdourahmane Sarr"),
        ],
    ),
]


@pytest.mark.parametrize(("lang", "text", "expected"), Q_AND_A + NAMED_TURNS)
def test_claims_transcript_answers_belong_to_the_interviewee(
    nlp_en: Language, nlp_fr: Language, lang: str, text: str, expected: list[Row]
) -> None:
    nlp = nlp_en if lang == "en" else nlp_fr
    assert rows(claims(nlp, text), expected) == expected


def test_claims_stray_marks_never_break(nlp_fr: Language) -> None:
    text = "» Premier point\n« Une marque sans fin\nLa suite du texte. » Encore « et "
    found = claims(nlp_fr, text)
    assert found, "the quotes the stray marks open are still found, cut at the line end"
    assert all(c["text"] and "\n" not in c["text"] for c in found)


def test_claims_seed_article_all_statements_are_von_der_leyen(
    summit_records: list[dict[str, Any]],
) -> None:
    (seed,) = [r for r in summit_records if r["source"].startswith("000_")]
    direct = [c for c in seed["claims"] if c["kind"] == "direct"]
    starts = ["Pour les start-ups", "En tant qu'IA", "Pour l'IA", "Je tiens", "Il – par", "seront"]
    for start in starts:
        (claim,) = [c for c in direct if c["text"].startswith(start)]
        assert claim["speaker_name"] == "Ursula von der Leyen", claim
    terms = {c["text"] for c in seed["claims"] if c["kind"] == "term"}
    assert {"usines d'IA", "gigafactories AI"} <= terms
    assert not [c for c in direct if c["text"] in ("usines d'IA", "gigafactories AI")]
