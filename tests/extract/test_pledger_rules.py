"""Parse-rule tests of the pledger evidence added for real news, on hand-built Docs (words,
heads, labels, POS given; no statistical model), one per evidence kind and language: the
announcer of a backward attribution, a recipient behind a modal verb, the owner named after
a parenthesised conversion, the impersonal "il", a pronoun standing for no actor, clauses
modifying a subject, gapping after a comma, "respectively", all-capitals headlines, "the
State" with no country named, "the plan" taking up a plan unveiled before, and an unnamed
pledge taking the pledger of the same amount named elsewhere in the document."""

from __future__ import annotations

import pytest

from pipeline.extract.attribution import Resolver, load_tables
from pipeline.extract.money.parse import Amount
from pipeline.extract.pledges.component import MoneyFinder, PledgeInfo
from tests.extract.test_attribution import PART, Tok, build, pledger
from tests.extract.test_attribution import mention_index as _index
from tests.extract.test_attribution import pledger_finder as _finder

PLUR = "Number=Plur"


# ---------------------------------------------------------------------------- announcer
FR_ANNOUNCED = [  # "Donateurs se sont engagés à apporter 5 milliards d'euros, a annoncé le
    # ministre Paul Martin." (the inverted subject parsed as an object, as models do)
    ("Donateurs", "NOUN", "nsubj", 3, "donateur", PLUR),
    ("se", "PRON", "expl:comp", 3),
    ("sont", "AUX", "aux:tense", 3, "être"),
    ("engagés", "VERB", "ROOT", 3, "engager", PART),
    ("à", "ADP", "mark", 5),
    ("apporter", "VERB", "xcomp", 3, "apporter"),
    ("5", "NUM", "nummod", 7),
    ("milliards", "NOUN", "obj", 5, "milliard"),
    ("d'", "ADP", "case", 9),
    ("euros", "NOUN", "nmod", 7, "euro"),
    (",", "PUNCT", "punct", 12),
    ("a", "AUX", "aux:tense", 12, "avoir"),
    ("annoncé", "VERB", "parataxis", 3, "annoncer", PART),
    ("le", "DET", "det", 14),
    ("ministre", "NOUN", "obj", 12),
    ("Paul", "PROPN", "appos", 14),
    ("Martin", "PROPN", "flat:name", 15),
    (".", "PUNCT", "punct", 3),
]
EN_ANNOUNCED = [  # "Donors have pledged $5 billion, announced Paul Martin."
    ("Donors", "NOUN", "nsubj", 2, "donor"),
    ("have", "AUX", "aux", 2),
    ("pledged", "VERB", "ROOT", 2, "pledge"),
    ("$", "SYM", "nmod", 5),
    ("5", "NUM", "compound", 5),
    ("billion", "NUM", "dobj", 2),
    (",", "PUNCT", "punct", 2),
    ("announced", "VERB", "parataxis", 2, "announce"),
    ("Paul", "PROPN", "compound", 9),
    ("Martin", "PROPN", "nsubj", 7),
    (".", "PUNCT", "punct", 2),
]


@pytest.mark.parametrize(
    ("lang", "toks", "person", "amount", "cue"),
    [
        ("fr", FR_ANNOUNCED, (15, 17), (6, 10), 5),
        ("en", EN_ANNOUNCED, (8, 10), (3, 6), 2),
    ],
)
def test_pledger_announcer_of_a_backward_attribution(
    lang: str, toks: list[Tok], person: tuple[int, int], amount: tuple[int, int], cue: int
) -> None:
    """A generic subject ("Donateurs", "Donors") names nobody, not even as an unknown
    name: the verb of saying after the amount names who announced the pledge."""
    doc = build(lang, toks, [(*person, "PERSON", None)])
    assert pledger(lang, doc, amount, cue) == ("Paul Martin", "announcer")


# ---------------------------------------------------------------------------- recipients
FR_BENEFITS = [  # "L'Ukraine devrait bénéficier de 2 milliards d'euros."
    ("L'", "DET", "det", 1),
    ("Ukraine", "PROPN", "nsubj", 2),
    ("devrait", "VERB", "ROOT", 2, "devoir"),
    ("bénéficier", "VERB", "xcomp", 2, "bénéficier"),
    ("de", "ADP", "case", 6),
    ("2", "NUM", "nummod", 6),
    ("milliards", "NOUN", "obl:arg", 3, "milliard"),
    ("d'", "ADP", "case", 8),
    ("euros", "NOUN", "nmod", 6, "euro"),
    (".", "PUNCT", "punct", 2),
]
EN_RECEIVES = [  # "Ukraine is set to receive $2 billion."
    ("Ukraine", "PROPN", "nsubjpass", 2),
    ("is", "AUX", "auxpass", 2, "be"),
    ("set", "VERB", "ROOT", 2, "set"),
    ("to", "PART", "aux", 4),
    ("receive", "VERB", "xcomp", 2, "receive"),
    ("$", "SYM", "nmod", 7),
    ("2", "NUM", "compound", 7),
    ("billion", "NUM", "dobj", 4),
    (".", "PUNCT", "punct", 2),
]


@pytest.mark.parametrize(
    ("lang", "toks", "ukraine", "amount", "cue"),
    [
        ("fr", FR_BENEFITS, (1, 2), (5, 9), 3),
        ("en", EN_RECEIVES, (0, 1), (5, 8), 4),
    ],
)
def test_pledger_recipient_behind_a_modal_is_no_pledger(
    lang: str, toks: list[Tok], ukraine: tuple[int, int], amount: tuple[int, int], cue: int
) -> None:
    """The subject of "devrait bénéficier", "is set to receive" receives the money."""
    doc = build(lang, toks, [(*ukraine, "GPE", "Q212")])
    assert pledger(lang, doc, amount, cue) == (None, "recipient")


# ---------------------------------------------------------------------------- owner after
FR_OWNER = [  # "Un engagement de 50 milliards d'euros (55 milliards de dollars) de l'Union
    # européenne a été annoncé." with "de l'Union" hung on the conversion
    ("Un", "DET", "det", 1),
    ("engagement", "NOUN", "nsubj:pass", 21, "engagement"),
    ("de", "ADP", "case", 4),
    ("50", "NUM", "nummod", 4),
    ("milliards", "NOUN", "nmod", 1, "milliard"),
    ("d'", "ADP", "case", 6),
    ("euros", "NOUN", "nmod", 4, "euro"),
    ("(", "PUNCT", "punct", 9),
    ("55", "NUM", "nummod", 9),
    ("milliards", "NOUN", "appos", 4, "milliard"),
    ("de", "ADP", "case", 11),
    ("dollars", "NOUN", "nmod", 9, "dollar"),
    (")", "PUNCT", "punct", 9),
    ("de", "ADP", "case", 15),
    ("l'", "DET", "det", 15),
    ("Union", "PROPN", "nmod", 11),
    ("européenne", "ADJ", "amod", 15),
    ("a", "AUX", "aux:tense", 21, "avoir"),
    ("été", "AUX", "aux:pass", 21, "être"),
    ("hier", "ADV", "advmod", 21),
    ("largement", "ADV", "advmod", 21),
    ("annoncé", "VERB", "ROOT", 21, "annoncer", PART),
    (".", "PUNCT", "punct", 21),
]
EN_OWNER = [  # "A pledge of $50 billion (€45 billion) from the European Union was made."
    ("A", "DET", "det", 1),
    ("pledge", "NOUN", "nsubjpass", 17, "pledge"),
    ("of", "ADP", "prep", 1),
    ("$", "SYM", "nmod", 5),
    ("50", "NUM", "compound", 5),
    ("billion", "NUM", "pobj", 2),
    ("(", "PUNCT", "punct", 9),
    ("€", "SYM", "nmod", 9),
    ("45", "NUM", "compound", 9),
    ("billion", "NUM", "appos", 5),
    (")", "PUNCT", "punct", 9),
    ("from", "ADP", "prep", 9),
    ("the", "DET", "det", 14),
    ("European", "PROPN", "compound", 14),
    ("Union", "PROPN", "pobj", 11),
    ("was", "AUX", "auxpass", 17, "be"),
    ("later", "ADV", "advmod", 17),
    ("made", "VERB", "ROOT", 17, "make"),
    (".", "PUNCT", "punct", 17),
]


@pytest.mark.parametrize(
    ("lang", "toks", "union", "amount", "cue"),
    [
        ("fr", FR_OWNER, (15, 17), (3, 7), 1),
        ("en", EN_OWNER, (13, 15), (3, 6), 1),
    ],
)
def test_pledger_owner_named_after_a_conversion(
    lang: str, toks: list[Tok], union: tuple[int, int], amount: tuple[int, int], cue: int
) -> None:
    """The owner after the amount and its conversion in parentheses, which the parse hung
    on the conversion."""
    doc = build(lang, toks, [(*union, "ORG", "Q458")])
    found, how = pledger(lang, doc, amount, cue)
    assert (found, how) == (doc[union[0] : union[1]].text, "owner_after")


# ---------------------------------------------------------------------------- impersonal "il"
FR_IMPERSONAL = [  # "Acme grandit. Il s'agit d'un plan de 300 milliards d'euros."
    ("Acme", "PROPN", "nsubj", 1),
    ("grandit", "VERB", "ROOT", 1, "grandir"),
    (".", "PUNCT", "punct", 1),
    ("Il", "PRON", "nsubj", 5, "il"),
    ("s'", "PRON", "expl:comp", 5, "se"),
    ("agit", "VERB", "ROOT", 5, "agir"),
    ("d'", "ADP", "case", 8),
    ("un", "DET", "det", 8),
    ("plan", "NOUN", "obl:arg", 5, "plan"),
    ("de", "ADP", "case", 11),
    ("300", "NUM", "nummod", 11),
    ("milliards", "NOUN", "nmod", 8, "milliard"),
    ("d'", "ADP", "case", 13),
    ("euros", "NOUN", "nmod", 11, "euro"),
    (".", "PUNCT", "punct", 5),
]


@pytest.mark.parametrize(("lang", "toks"), [("fr", FR_IMPERSONAL)])
def test_pledger_impersonal_il_names_nobody(lang: str, toks: list[Tok]) -> None:
    """ "Il s'agit d'un plan": no pronoun to resolve (no person here anyway), the search
    reads on and finds nothing on the parse."""
    doc = build(lang, toks, [(0, 1, "ORG", None)])
    assert pledger(lang, doc, (10, 14), 8) == (None, "none")


# ---------------------------------------------------------------------------- pronoun for no actor
FR_CELLE_CI = [  # "Celle-ci a permis de récolter 800 millions d'euros, a annoncé Paul Martin."
    ("Celle", "PRON", "nsubj", 4, "celui"),
    ("-", "PRON", "nsubj", 4),
    ("ci", "PRON", "nsubj", 4),
    ("a", "AUX", "aux:tense", 4, "avoir"),
    ("permis", "VERB", "advcl", 14, "permettre", PART),
    ("de", "ADP", "mark", 6),
    ("récolter", "VERB", "xcomp", 4, "récolter"),
    ("800", "NUM", "nummod", 8),
    ("millions", "NOUN", "obj", 6, "million"),
    ("d'", "ADP", "case", 10),
    ("euros", "NOUN", "nmod", 8, "euro"),
    (",", "PUNCT", "punct", 14),
    ("a", "AUX", "aux:tense", 14, "avoir"),
    ("hier", "ADV", "advmod", 14),
    ("annoncé", "VERB", "ROOT", 14, "annoncer", PART),
    ("Paul", "PROPN", "obj", 14),
    ("Martin", "PROPN", "flat:name", 15),
    (".", "PUNCT", "punct", 14),
]


@pytest.mark.parametrize(("lang", "toks"), [("fr", FR_CELLE_CI)])
def test_pledger_pronoun_for_no_actor_reads_on(lang: str, toks: list[Tok]) -> None:
    """ "Celle-ci" (split by the tokenizer) stands for no actor here (a conference): the
    search climbs on to the inverted announcer."""
    doc = build(lang, toks, [(15, 17, "PERSON", None)])
    assert pledger(lang, doc, (7, 11), 6) == ("Paul Martin", "announcer")


# ---------------------------------------------------------------------------- subject modifiers
EN_MODIFIED = [  # "Donors aimed at funding Ukraine's recovery have pledged $5 billion."
    ("Donors", "NOUN", "nsubj", 9, "donor"),
    ("aimed", "VERB", "acl", 0, "aim"),
    ("at", "ADP", "prep", 1),
    ("funding", "VERB", "pcomp", 2, "fund"),
    ("Ukraine", "PROPN", "poss", 6),
    ("'s", "PART", "case", 4),
    ("recovery", "NOUN", "dobj", 3),
    ("have", "AUX", "aux", 9),
    ("already", "ADV", "advmod", 9),
    ("pledged", "VERB", "ROOT", 9, "pledge"),
    ("$", "SYM", "nmod", 12),
    ("5", "NUM", "compound", 12),
    ("billion", "NUM", "dobj", 9),
    (".", "PUNCT", "punct", 9),
]
FR_MODIFIED = [  # "Les donateurs réunis pour aider l'Ukraine ont promis 5 milliards d'euros."
    ("Les", "DET", "det", 1),
    ("donateurs", "NOUN", "nsubj", 8, "donateur", PLUR),
    ("réunis", "VERB", "acl", 1, "réunir", PART),
    ("pour", "ADP", "mark", 4),
    ("aider", "VERB", "advcl", 2, "aider"),
    ("l'", "DET", "det", 6),
    ("Ukraine", "PROPN", "obj", 4),
    ("ont", "AUX", "aux:tense", 8, "avoir"),
    ("promis", "VERB", "ROOT", 8, "promettre", PART),
    ("5", "NUM", "nummod", 10),
    ("milliards", "NOUN", "obj", 8, "milliard"),
    ("d'", "ADP", "case", 12),
    ("euros", "NOUN", "nmod", 10, "euro"),
    (".", "PUNCT", "punct", 8),
]


EN_BASED = [  # "The Toronto-based fund will invest $2 billion."
    ("The", "DET", "det", 4),
    ("Toronto", "PROPN", "npadvmod", 3),
    ("-", "PUNCT", "punct", 3),
    ("based", "VERB", "amod", 4, "base", PART),
    ("fund", "NOUN", "nsubj", 6, "fund"),
    ("will", "AUX", "aux", 6),
    ("invest", "VERB", "ROOT", 6, "invest"),
    ("$", "SYM", "nmod", 9),
    ("2", "NUM", "compound", 9),
    ("billion", "NUM", "dobj", 6),
    (".", "PUNCT", "punct", 6),
]


@pytest.mark.parametrize(
    ("lang", "toks", "place", "amount", "cue"),
    [
        ("en", EN_MODIFIED, (4, 5, "GPE", "Q212"), (10, 13), 9),
        ("fr", FR_MODIFIED, (6, 7, "GPE", "Q212"), (9, 13), 8),
        ("en", EN_BASED, (1, 2, "GPE", None), (7, 10), 6),  # where a fund is based
    ],
)
def test_pledger_actor_in_a_clause_modifying_the_subject_is_not_it(
    lang: str,
    toks: list[Tok],
    place: tuple[int, int, str, str | None],
    amount: tuple[int, int],
    cue: int,
) -> None:
    """The recipient named in a clause that modifies a generic subject, or the place in a
    participle ("Toronto-based"), is not the subject, neither on the parse nor in the
    broken-parse fallback."""
    doc = build(lang, toks, [place])
    found, _ = pledger(lang, doc, amount, cue)
    assert found is None
    finder = _finder(lang)
    assert finder.subject_left_of(doc[amount[0] : amount[1]], doc[cue], _index(doc)) is None


@pytest.mark.parametrize(
    ("lang", "agent"),
    [("en", ("by", "ADP", "agent", 1)), ("fr", ("par", "ADP", "case", 3))],
)
def test_pledger_agent_of_a_subject_modifier_still_counts(lang: str, agent: Tok) -> None:
    """ "A venture backed by Acme will invest": the agent of the participle is named."""
    if lang == "en":
        toks = [
            ("A", "DET", "det", 1),
            ("venture", "NOUN", "nsubj", 6),
            ("backed", "VERB", "acl", 1, "back"),
            (*agent[:3], 2),
            ("Acme", "PROPN", "pobj", 3),
            ("will", "AUX", "aux", 6),
            ("invest", "VERB", "ROOT", 6, "invest"),
            ("$", "SYM", "nmod", 9),
            ("5", "NUM", "compound", 9),
            ("billion", "NUM", "dobj", 6),
            (".", "PUNCT", "punct", 6),
        ]
        amount, cue = (7, 10), 6
    else:
        toks = [
            ("Un", "DET", "det", 1),
            ("fonds", "NOUN", "nsubj", 5),
            ("soutenu", "VERB", "acl", 1, "soutenir", PART),
            agent,
            ("Acme", "PROPN", "obl:agent", 2),
            ("investira", "VERB", "ROOT", 5, "investir"),
            ("5", "NUM", "nummod", 7),
            ("milliards", "NOUN", "obj", 5, "milliard"),
            ("d'", "ADP", "case", 9),
            ("euros", "NOUN", "nmod", 7, "euro"),
            (".", "PUNCT", "punct", 5),
        ]
        amount, cue = (6, 10), 5
    doc = build(lang, toks, [(4, 5, "ORG", None)])
    assert pledger(lang, doc, amount, cue) == ("Acme", "subject")


# ---------------------------------------------------------------------------- gapping
@pytest.mark.parametrize(
    ("lang", "toks"),
    [
        (
            "fr",
            [  # "Paris a promis 110 millions ; Berlin, 244 millions."
                ("Paris", "PROPN", "nsubj", 2),
                ("a", "AUX", "aux:tense", 2, "avoir"),
                ("promis", "VERB", "ROOT", 2, "promettre", PART),
                ("110", "NUM", "nummod", 4),
                ("millions", "NOUN", "obj", 2, "million"),
                (";", "PUNCT", "punct", 2),
                ("Berlin", "PROPN", "conj", 2),
                (",", "PUNCT", "punct", 9),
                ("244", "NUM", "nummod", 9),
                ("millions", "NOUN", "appos", 6, "million"),
                (".", "PUNCT", "punct", 2),
            ],
        ),
        (
            "en",
            [  # "Paris promised $110 million; Berlin, $244 million."
                ("Paris", "PROPN", "nsubj", 1),
                ("promised", "VERB", "ROOT", 1, "promise"),
                ("$", "SYM", "nmod", 4),
                ("110", "NUM", "compound", 4),
                ("million", "NUM", "dobj", 1),
                (";", "PUNCT", "punct", 1),
                ("Berlin", "PROPN", "conj", 1),
                (",", "PUNCT", "punct", 6),
                ("$", "SYM", "nmod", 10),
                ("244", "NUM", "compound", 10),
                ("million", "NUM", "appos", 6),
                (".", "PUNCT", "punct", 1),
            ],
        ),
    ],
)
def test_pledger_gapping_after_a_comma(lang: str, toks: list[Tok]) -> None:
    """The verb left out after "Berlin,": the actor before the comma pledges."""
    doc = build(lang, toks, [(0, 1, "GPE", None), (6, 7, "GPE", None)])
    amount = (8, 10) if lang == "fr" else (8, 11)
    assert pledger(lang, doc, amount, 2 if lang == "fr" else 1) == ("Berlin", "gapping")


# ---------------------------------------------------------------------------- respectively
@pytest.mark.parametrize(
    ("lang", "words", "actors", "amounts"),
    [
        (
            "en",
            "Norway and Denmark pledged $ 40 million and $ 25 million , respectively .",
            [(0, 1, "GPE", "Q20"), (2, 3, "GPE", "Q35")],
            [(4, 7), (8, 11)],
        ),
        (
            "fr",
            "L' Allemagne et l' Italie ont promis respectivement 200 millions et 120 millions .",
            [(1, 2, "GPE", "Q183"), (4, 5, "GPE", "Q38")],
            [(8, 10), (11, 13)],
        ),
    ],
)
def test_pledger_respectively_pairs_actors_and_amounts_in_order(
    lang: str,
    words: str,
    actors: list[tuple[int, int, str, str | None]],
    amounts: list[tuple[int, int]],
) -> None:
    """Read on the words, whatever the parse (here: none, every token hangs on the first)."""
    toks = [(w, "X", "dep" if k else "ROOT", 0) for k, w in enumerate(words.split())]
    doc = build(lang, toks, actors)
    spans = [doc[a:b] for a, b in amounts]
    finder, index = _finder(lang), _index(doc)
    got = [finder.words.respective(s, spans, index) for s in spans]
    assert [g.text if g is not None else None for g in got] == [
        doc[a:b].text for a, b, _, _ in actors
    ]
    # without "respectively", no pairing
    plain = build(lang, [t for t in toks if t[0] not in ("respectively", "respectivement")], [])
    assert finder.words.respective(plain[amounts[0][0] : amounts[0][1]], [], _index(plain)) is None


# ---------------------------------------------------------------------------- headlines
@pytest.mark.parametrize(
    ("lang", "words", "amount", "expected"),
    [
        ("fr", "NORDALIS : 3 MILLIARDS D'EUROS POUR UNE USINE", (2, 5), (True, "NORDALIS")),
        ("en", "BRENMOOR : $ 4BN FOR DATA CENTRES", (2, 4), (True, "BRENMOOR")),
        ("en", "SMASHING $ 7.4BN GOAL", (1, 3), (False, None)),
        ("fr", "Nordalis : 3 milliards d'euros pour une usine", (2, 5), (False, None)),
    ],
)
def test_pledger_all_capitals_headline(
    lang: str, words: str, amount: tuple[int, int], expected: tuple[bool, str | None]
) -> None:
    """An all-capitals line with "NAME :" before the amount or a purpose word after it
    holds a pledge of that name; a mixed-case line is read as prose, not here."""
    toks = [(w, "X", "dep" if k else "ROOT", 0) for k, w in enumerate(words.split())]
    doc = build(lang, toks, [])
    pledged, named = _finder(lang).words.headline(doc[amount[0] : amount[1]], _index(doc))
    assert (pledged, named.text if named is not None else None) == expected


# ---------------------------------------------------------------------------- the State
@pytest.mark.parametrize(
    ("lang", "toks"),
    [
        (
            "fr",
            [  # "Acme grandit. L'État apportera 400 millions d'euros."
                ("Acme", "PROPN", "nsubj", 1),
                ("grandit", "VERB", "ROOT", 1, "grandir"),
                (".", "PUNCT", "punct", 1),
                ("L'", "DET", "det", 4),
                ("État", "NOUN", "nsubj", 5, "état"),
                ("apportera", "VERB", "ROOT", 5, "apporter"),
                ("400", "NUM", "nummod", 7),
                ("millions", "NOUN", "obj", 5, "million"),
                ("d'", "ADP", "case", 9),
                ("euros", "NOUN", "nmod", 7, "euro"),
                (".", "PUNCT", "punct", 5),
            ],
        ),
        (
            "en",
            [  # "Acme grows. The state will add 400 million euros."
                ("Acme", "PROPN", "nsubj", 1),
                ("grows", "VERB", "ROOT", 1, "grow"),
                (".", "PUNCT", "punct", 1),
                ("The", "DET", "det", 4),
                ("state", "NOUN", "nsubj", 6, "state"),
                ("will", "AUX", "aux", 6),
                ("add", "VERB", "ROOT", 6, "add"),
                ("400", "NUM", "compound", 8),
                ("million", "NUM", "nummod", 9),
                ("euros", "NOUN", "dobj", 6, "euro"),
                (".", "PUNCT", "punct", 6),
            ],
        ),
    ],
)
def test_pledger_the_state_with_no_country_named(lang: str, toks: list[Tok]) -> None:
    """ "L'État", "the state" with no country named before: the story's country (the
    component's), never the company named last."""
    doc = build(lang, toks, [(0, 1, "ORG", None)])
    amount = (6, 10) if lang == "fr" else (7, 10)
    assert pledger(lang, doc, amount, 5 if lang == "fr" else 6) == (None, "state")


# ---------------------------------------------------------------------------- the plan, again
EN_PLAN_AGAIN = [  # "The energy group Acme unveiled its plan. Beta grows. The plan includes $9
    # billion." (Acme mislabelled a person by the NER, Beta the last organisation named)
    ("The", "DET", "det", 2),
    ("energy", "NOUN", "compound", 2),
    ("group", "NOUN", "nsubj", 4, "group"),
    ("Acme", "PROPN", "appos", 2),
    ("unveiled", "VERB", "ROOT", 4, "unveil"),
    ("its", "PRON", "poss", 6, "its", "Poss=Yes"),
    ("plan", "NOUN", "dobj", 4, "plan"),
    (".", "PUNCT", "punct", 4),
    ("Beta", "PROPN", "nsubj", 9),
    ("grows", "VERB", "ROOT", 9, "grow"),
    (".", "PUNCT", "punct", 9),
    ("The", "DET", "det", 12),
    ("plan", "NOUN", "nsubj", 13, "plan"),
    ("includes", "VERB", "ROOT", 13, "include"),
    ("$", "SYM", "nmod", 16),
    ("9", "NUM", "compound", 16),
    ("billion", "NUM", "dobj", 13),
    (".", "PUNCT", "punct", 13),
]
FR_PLAN_AGAIN = [  # "Le groupe Acme a présenté son plan. Beta grandit. Le plan prévoit
    # 9 milliards."
    ("Le", "DET", "det", 1),
    ("groupe", "NOUN", "nsubj", 4, "groupe"),
    ("Acme", "PROPN", "appos", 1),
    ("a", "AUX", "aux:tense", 4, "avoir"),
    ("présenté", "VERB", "ROOT", 4, "présenter", PART),
    ("son", "DET", "det", 6, "son", "Poss=Yes"),
    ("plan", "NOUN", "obj", 4, "plan"),
    (".", "PUNCT", "punct", 4),
    ("Beta", "PROPN", "nsubj", 9),
    ("grandit", "VERB", "ROOT", 9, "grandir"),
    (".", "PUNCT", "punct", 9),
    ("Le", "DET", "det", 12),
    ("plan", "NOUN", "nsubj", 13, "plan"),
    ("prévoit", "VERB", "ROOT", 13, "prévoir"),
    ("9", "NUM", "nummod", 15),
    ("milliards", "NOUN", "obj", 13, "milliard"),
    (".", "PUNCT", "punct", 13),
]


@pytest.mark.parametrize(
    ("lang", "toks", "amount", "cue", "acme"),
    [
        ("en", EN_PLAN_AGAIN, (14, 17), 12, (3, 4)),
        ("fr", FR_PLAN_AGAIN, (14, 16), 13, (2, 3)),
    ],
)
def test_pledger_the_plan_takes_up_the_plan_unveiled_before(
    lang: str, toks: list[Tok], amount: tuple[int, int], cue: int, acme: tuple[int, int]
) -> None:
    """ "The plan includes $9bn" two sentences after "the group Acme unveiled its plan":
    the owner of that earlier plan (the possessive read as the subject's, whose head noun
    describes an organisation), not the organisation named last."""
    doc = build(lang, toks, [(*acme, "PERSON", None), (8, 9, "ORG", None)])
    resolver = Resolver(_index(doc), load_tables(lang))
    found = _finder(lang).earlier_owner(doc[amount[0] : amount[1]], doc[cue], resolver, 1500)
    assert found is not None and found.text == "Acme"


# ---------------------------------------------------------------------------- same amount elsewhere
def _amount(value: float, currency: str = "EUR") -> Amount:
    return Amount(0, 0, "", value, None, currency, "exact")


@pytest.mark.parametrize(
    ("second", "expected"),
    [
        (_amount(60e9), "Acme"),  # the same €60bn, pledged by Acme in words of its own
        (_amount(60e9, "USD"), None),  # another currency: another amount
        (_amount(50e9), None),  # another amount
    ],
)
def test_pledger_same_amount_named_elsewhere(second: Amount, expected: str | None) -> None:
    """'Donors have pledged €60bn' (nobody named) then '"we can announce €60bn", Acme
    said': the unnamed pledge takes the pledger of the same amount elsewhere in the
    document; a different amount or currency lends nothing."""
    doc = build("en", [("Acme", "PROPN", "ROOT", 0)], [(0, 1, "ORG", None)])
    infos = [
        PledgeInfo(True, "pledge", None, "committed", how="unnamed", why="cue"),
        PledgeInfo(True, "announce", doc[0:1], "announced", how="quote", why="cue"),
    ]
    MoneyFinder._named_elsewhere(infos, [_amount(60e9), second])
    found = infos[0].actor
    assert (found.text if found is not None else None) == expected
    assert infos[1].actor is not None and infos[1].actor.text == "Acme"
