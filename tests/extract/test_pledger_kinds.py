"""Parse-rule tests of the pledger evidence for the messy ways business news names who pays,
on hand-built Docs (words, heads, labels, POS given; no statistical model), one per evidence
kind and language: 'the group' in a clause a company's executive reports, a definite 'the
fund' taking up the fund named earlier, a company name the NER missed in a gapped list, a
dateline the parse made a subject, 'the pledge of $2bn by X' welcomed by someone else, an
all-capitals headline opened by a company or an event, a one-word name standing for the
longer name written elsewhere, a verb of saying the parse hung as punctuation, 'the state
of Ohio', an amount its verb places at a past event; and issue 16's pledger kinds: the owner
of a commitment noun ('brings Acme's investment to $2bn', 'the White House's request'), a
grant's recipient and the department that announced it, an event as subject, a pronoun
standing for the subject before rather than the fund receiving, a deal between parties, and
a list item's name the parse lost.
(corpora/pledgers holds the texts in these styles.)"""

from __future__ import annotations

import pytest

from pipeline.extract.pledges.cues import load_pledge_cues
from pipeline.extract.pledges.rules import classify
from pipeline.extract.pledges.words import fuller
from tests.extract.test_attribution import PART, Tok, build, pledger
from tests.extract.test_attribution import mention_index as _index
from tests.extract.test_attribution import pledger_finder as _finder

# ---------------------------------------------------------------------------- employer
EN_EMPLOYER = [  # "Acme 's boss , Jo Bloggs , left . Beta grows . Bloggs said the group
    # would invest $ 5 billion ." (Beta the last organisation named)
    ("Acme", "PROPN", "poss", 2),
    ("'s", "PART", "case", 0),
    ("boss", "NOUN", "nsubj", 7, "boss"),
    (",", "PUNCT", "punct", 2),
    ("Jo", "PROPN", "compound", 5),
    ("Bloggs", "PROPN", "appos", 2),
    (",", "PUNCT", "punct", 2),
    ("left", "VERB", "ROOT", 7, "leave"),
    (".", "PUNCT", "punct", 7),
    ("Beta", "PROPN", "nsubj", 10),
    ("grows", "VERB", "ROOT", 10, "grow"),
    (".", "PUNCT", "punct", 10),
    ("Bloggs", "PROPN", "nsubj", 13),
    ("said", "VERB", "ROOT", 13, "say"),
    ("the", "DET", "det", 15),
    ("group", "NOUN", "nsubj", 17, "group"),
    ("would", "AUX", "aux", 17),
    ("invest", "VERB", "ccomp", 13, "invest"),
    ("$", "SYM", "nmod", 20),
    ("5", "NUM", "compound", 20),
    ("billion", "NUM", "dobj", 17),
    (".", "PUNCT", "punct", 13),
]
FR_EMPLOYER = [  # "Le président d' Acme , Jo Bloggs , part . Beta grandit . Bloggs a
    # précisé que le groupe investirait 5 milliards d' euros ."
    ("Le", "DET", "det", 1),
    ("président", "NOUN", "nsubj", 8, "président"),
    ("d'", "ADP", "case", 3),
    ("Acme", "PROPN", "nmod", 1),
    (",", "PUNCT", "punct", 1),
    ("Jo", "PROPN", "appos", 1),
    ("Bloggs", "PROPN", "flat:name", 5),
    (",", "PUNCT", "punct", 1),
    ("part", "VERB", "ROOT", 8, "partir"),
    (".", "PUNCT", "punct", 8),
    ("Beta", "PROPN", "nsubj", 11),
    ("grandit", "VERB", "ROOT", 11, "grandir"),
    (".", "PUNCT", "punct", 11),
    ("Bloggs", "PROPN", "nsubj", 15),
    ("a", "AUX", "aux:tense", 15, "avoir"),
    ("précisé", "VERB", "ROOT", 15, "préciser", PART),
    ("que", "SCONJ", "mark", 19),
    ("le", "DET", "det", 18),
    ("groupe", "NOUN", "nsubj", 19, "groupe"),
    ("investirait", "VERB", "ccomp", 15, "investir"),
    ("5", "NUM", "nummod", 21),
    ("milliards", "NOUN", "obj", 19, "milliard"),
    ("d'", "ADP", "case", 23),
    ("euros", "NOUN", "nmod", 21, "euro"),
    (".", "PUNCT", "punct", 15),
]


@pytest.mark.parametrize(
    ("lang", "toks", "actors", "amount", "cue"),
    [
        ("en", EN_EMPLOYER, [(0, 1), (4, 6), (9, 10), (12, 13)], (18, 21), 17),
        ("fr", FR_EMPLOYER, [(3, 4), (5, 7), (10, 11), (13, 14)], (20, 24), 19),
    ],
)
def test_pledger_the_group_of_the_executive_who_reports_it(
    lang: str, toks: list[Tok], actors: list[tuple[int, int]], amount: tuple[int, int], cue: int
) -> None:
    """ "Bloggs said the group would invest": the group is the company whose title the
    reporter was introduced with ("Acme's boss, Jo Bloggs"; the surname joins the full
    name), not the organisation named last (Beta)."""
    labels = ["ORG", "PERSON", "ORG", "PERSON"]
    doc = build(lang, toks, [(a, b, lab, None) for (a, b), lab in zip(actors, labels, strict=True)])
    assert pledger(lang, doc, amount, cue) == ("Acme", "employer")


# ---------------------------------------------------------------------------- the fund, again
EN_FUND_AGAIN = [  # "The Emirati fund Qalam Capital grows . Beta grows . The fund will
    # provide $ 3 billion ." (Qalam Capital missed by the NER, Beta the last organisation)
    ("The", "DET", "det", 2),
    ("Emirati", "ADJ", "amod", 2),
    ("fund", "NOUN", "nsubj", 5, "fund"),
    ("Qalam", "PROPN", "compound", 4),
    ("Capital", "PROPN", "appos", 2),
    ("grows", "VERB", "ROOT", 5, "grow"),
    (".", "PUNCT", "punct", 5),
    ("Beta", "PROPN", "nsubj", 8),
    ("grows", "VERB", "ROOT", 8, "grow"),
    (".", "PUNCT", "punct", 8),
    ("The", "DET", "det", 11),
    ("fund", "NOUN", "nsubj", 13, "fund"),
    ("will", "AUX", "aux", 13),
    ("provide", "VERB", "ROOT", 13, "provide"),
    ("$", "SYM", "nmod", 16),
    ("3", "NUM", "compound", 16),
    ("billion", "NUM", "dobj", 13),
    (".", "PUNCT", "punct", 13),
]
FR_FUND_AGAIN = [  # "Le fonds qatari Al Wakra grandit . Beta grandit . Le fonds apportera
    # 3 milliards d' euros ." (a parse that broke the name off its noun, as models do)
    ("Le", "DET", "det", 1),
    ("fonds", "NOUN", "nsubj", 5, "fonds"),
    ("qatari", "ADJ", "amod", 1),
    ("Al", "PROPN", "ROOT", 3),
    ("Wakra", "PROPN", "flat:name", 3),
    ("grandit", "VERB", "ROOT", 5, "grandir"),
    (".", "PUNCT", "punct", 5),
    ("Beta", "PROPN", "nsubj", 8),
    ("grandit", "VERB", "ROOT", 8, "grandir"),
    (".", "PUNCT", "punct", 8),
    ("Le", "DET", "det", 11),
    ("fonds", "NOUN", "nsubj", 12, "fonds"),
    ("apportera", "VERB", "ROOT", 12, "apporter"),
    ("3", "NUM", "nummod", 14),
    ("milliards", "NOUN", "obj", 12, "milliard"),
    ("d'", "ADP", "case", 16),
    ("euros", "NOUN", "nmod", 14, "euro"),
    (".", "PUNCT", "punct", 12),
]


@pytest.mark.parametrize(
    ("lang", "toks", "beta", "amount", "cue", "name"),
    [
        ("en", EN_FUND_AGAIN, (7, 8), (14, 17), 13, "Qalam Capital"),
        ("fr", FR_FUND_AGAIN, (7, 8), (13, 17), 12, "Al Wakra"),
    ],
)
def test_pledger_the_fund_takes_up_the_fund_named_before(
    lang: str,
    toks: list[Tok],
    beta: tuple[int, int],
    amount: tuple[int, int],
    cue: int,
    name: str,
) -> None:
    """ "The fund will provide $3bn" after "the Emirati fund Qalam Capital": that fund's
    name (on the parse, or on the words after the noun when the parse broke it off), not
    the organisation named last."""
    doc = build(lang, toks, [(*beta, "ORG", None)])
    assert pledger(lang, doc, amount, cue) == (name, "definite")


# ---------------------------------------------------------------------------- gapping, no mention
@pytest.mark.parametrize(
    ("lang", "toks", "amount"),
    [
        (
            "en",
            [  # "Beta will provide $ 3 billion and Acme $ 2 billion ." (Acme no mention)
                ("Beta", "PROPN", "nsubj", 2),
                ("will", "AUX", "aux", 2),
                ("provide", "VERB", "ROOT", 2, "provide"),
                ("$", "SYM", "nmod", 5),
                ("3", "NUM", "compound", 5),
                ("billion", "NUM", "dobj", 2),
                ("and", "CCONJ", "cc", 5),
                ("Acme", "PROPN", "conj", 5),
                ("$", "SYM", "nmod", 10),
                ("2", "NUM", "compound", 10),
                ("billion", "NUM", "appos", 7),
                (".", "PUNCT", "punct", 2),
            ],
            (8, 11),
        ),
        (
            "fr",
            [  # "Beta apportera 3 milliards et Acme 2 milliards ." (Acme tagged a noun)
                ("Beta", "PROPN", "nsubj", 1),
                ("apportera", "VERB", "ROOT", 1, "apporter"),
                ("3", "NUM", "nummod", 3),
                ("milliards", "NOUN", "obj", 1, "milliard"),
                ("et", "CCONJ", "cc", 5),
                ("Acme", "NOUN", "conj", 3, "acme"),
                ("2", "NUM", "nummod", 7),
                ("milliards", "NOUN", "obj", 5, "milliard"),
                (".", "PUNCT", "punct", 1),
            ],
            (6, 8),
        ),
    ],
)
def test_pledger_gapped_name_the_ner_missed(
    lang: str, toks: list[Tok], amount: tuple[int, int]
) -> None:
    """ "… and Acme $2 billion", "et Électra 1,5 milliard": the capitalised name alone
    between the coordination and the amount is the gapped pledger, mention or not."""
    doc = build(lang, toks, [(0, 1, "ORG", None)])
    found = _finder(lang).gapped(doc[amount[0] : amount[1]], _index(doc))
    assert found is not None and found.text == "Acme"


# ---------------------------------------------------------------------------- dateline subject
EN_DATELINE = [  # "TOKYO , Feb 9 — Acme Robotics will spend $ 5 billion ."
    ("TOKYO", "PROPN", "nsubj", 8),
    (",", "PUNCT", "punct", 8),
    ("Feb", "PROPN", "npadvmod", 8),
    ("9", "NUM", "nummod", 2),
    ("—", "PUNCT", "punct", 2),
    ("Acme", "PROPN", "compound", 6),
    ("Robotics", "PROPN", "nsubj", 8),
    ("will", "AUX", "aux", 8),
    ("spend", "VERB", "ROOT", 8, "spend"),
    ("$", "SYM", "nmod", 11),
    ("5", "NUM", "compound", 11),
    ("billion", "NUM", "dobj", 8),
    (".", "PUNCT", "punct", 8),
]
FR_DATELINE = [  # "PARIS , 14 octobre – Acme Réseaux investira 5 milliards d' euros ."
    ("PARIS", "PROPN", "nsubj", 7),
    (",", "PUNCT", "punct", 0),
    ("14", "NUM", "nummod", 3),
    ("octobre", "NOUN", "obl:mod", 7, "octobre"),
    ("–", "PUNCT", "punct", 3),
    ("Acme", "PROPN", "nsubj", 7),
    ("Réseaux", "PROPN", "flat:name", 5),
    ("investira", "VERB", "ROOT", 7, "investir"),
    ("5", "NUM", "nummod", 9),
    ("milliards", "NOUN", "obj", 7, "milliard"),
    ("d'", "ADP", "case", 11),
    ("euros", "NOUN", "nmod", 9, "euro"),
    (".", "PUNCT", "punct", 7),
]


@pytest.mark.parametrize(
    ("lang", "toks", "amount", "cue", "name"),
    [
        ("en", EN_DATELINE, (9, 12), 8, "Acme Robotics"),
        ("fr", FR_DATELINE, (8, 12), 7, "Acme Réseaux"),
    ],
)
def test_pledger_a_dateline_hung_on_the_verb_is_no_subject(
    lang: str, toks: list[Tok], amount: tuple[int, int], cue: int, name: str
) -> None:
    """The place of a dateline the parse made a second subject of the lede's verb is
    skipped: the company named after the dash pledges (here as an unknown name)."""
    doc = build(lang, toks, [(0, 1, "GPE", None)])
    assert pledger(lang, doc, amount, cue) == (name, "name")


# ---------------------------------------------------------------------------- welcomed pledge by X
EN_WELCOMED = [  # "The bank welcomed the pledge of $ 2 billion by Saudi Arabia ."
    ("The", "DET", "det", 1),
    ("bank", "NOUN", "nsubj", 2, "bank"),
    ("welcomed", "VERB", "ROOT", 2, "welcome"),
    ("the", "DET", "det", 4),
    ("pledge", "NOUN", "dobj", 2, "pledge"),
    ("of", "ADP", "prep", 4),
    ("$", "SYM", "nmod", 8),
    ("2", "NUM", "compound", 8),
    ("billion", "NUM", "pobj", 5),
    ("by", "ADP", "prep", 4),
    ("Saudi", "PROPN", "compound", 11),
    ("Arabia", "PROPN", "pobj", 9),
    (".", "PUNCT", "punct", 2),
]
FR_WELCOMED = [  # "La banque a salué la promesse de 2 milliards par l' Arabie saoudite ."
    ("La", "DET", "det", 1),
    ("banque", "NOUN", "nsubj", 3, "banque"),
    ("a", "AUX", "aux:tense", 3, "avoir"),
    ("salué", "VERB", "ROOT", 3, "saluer", PART),
    ("la", "DET", "det", 5),
    ("promesse", "NOUN", "obj", 3, "promesse"),
    ("de", "ADP", "case", 8),
    ("2", "NUM", "nummod", 8),
    ("milliards", "NOUN", "nmod", 5, "milliard"),
    ("par", "ADP", "case", 11),
    ("l'", "DET", "det", 11),
    ("Arabie", "PROPN", "nmod", 5),
    ("saoudite", "ADJ", "amod", 11),
    (".", "PUNCT", "punct", 3),
]


@pytest.mark.parametrize(
    ("lang", "toks", "saudi", "amount", "cue"),
    [
        ("en", EN_WELCOMED, (10, 12), (6, 9), 4),
        ("fr", FR_WELCOMED, (11, 13), (7, 9), 5),
    ],
)
def test_pledger_pledge_by_x_welcomed_by_another(
    lang: str, toks: list[Tok], saudi: tuple[int, int], amount: tuple[int, int], cue: int
) -> None:
    """ "welcomed the pledge of $2bn by Saudi Arabia": who the pledge noun says made it,
    not the subject of the verb of welcoming."""
    doc = build(lang, toks, [(*saudi, "GPE", None)])
    assert pledger(lang, doc, amount, cue) == (doc[saudi[0] : saudi[1]].text, "agent")


def test_pledger_welcoming_subject_is_no_pledger() -> None:
    """Without a giver named, the welcoming bank is not the pledger: the search climbs past
    the verb of welcoming and finds nobody."""
    toks = [*EN_WELCOMED[:9], (".", "PUNCT", "punct", 2)]
    doc = build("en", toks, [(0, 2, "ORG", None)])
    assert pledger("en", doc, (6, 9), 4)[0] is None


# ---------------------------------------------------------------------------- headline opener
HEADLINES = [  # (lang, headline, amount, body line, pledger found)
    (
        "en",
        "STAVRA , QALAM SIGN $ 5 BILLION DEAL",
        (4, 7),
        "Stavra Energi grows .",
        "Stavra Energi",
    ),
    (
        "en",
        "AFRICA CLIMATE SUMMIT AIMS FOR $ 5 BILLION",
        (5, 8),
        "Africa Climate Summit opens .",
        None,
    ),
    (
        "fr",
        "ÉNERGIE : ÉLECTRA SCELLE UN ACCORD DE 4 MILLIARDS",
        (7, 9),
        "Électra Réseaux grandit .",
        "Électra Réseaux",
    ),
    (
        "fr",
        "SOMMET DE DAKAR : 15 MILLIARDS POUR L'EAU",
        (4, 6),
        "Le Sommet de Dakar s'ouvre .",
        None,
    ),
    (
        "en",
        "GERMANY UNVEILS 8 BILLION EURO FUND",
        (2, 5),
        "The German plan grows .",
        "GERMANY",
    ),
]


@pytest.mark.parametrize(("lang", "headline", "amount", "body", "expected"), HEADLINES)
def test_pledger_headline_opened_by_a_company_not_an_event(
    lang: str, headline: str, amount: tuple[int, int], body: str, expected: str | None
) -> None:
    """An all-capitals headline's pledger is the company its clause opens with (after a
    rubric's colon when the rubric names nobody), as the text below writes it; an event
    opening the headline names no pledger."""
    words = [*headline.split(), "\n", *body.split()]
    toks = [
        (w, "SPACE" if w == "\n" else "PROPN" if w.istitle() else "X", "dep" if k else "ROOT", 0)
        for k, w in enumerate(words)
    ]
    known = [(0, 1, "GPE", "Q183")] if headline.startswith("GERMANY") else []
    doc = build(lang, toks, known)
    found = _finder(lang).words.headline_opener(doc[amount[0] : amount[1]], _index(doc))
    assert (found.text if found is not None else None) == expected


# ---------------------------------------------------------------------------- the fuller name
@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", "Qalam Capital grows . Qalam will pay"),
        ("fr", "Électra Réseaux grandit . Électra paiera"),
    ],
)
def test_pledger_one_word_name_is_the_longer_name_written_elsewhere(lang: str, words: str) -> None:
    """ "Qalam will provide $3bn" in a text that writes "Qalam Capital": the company's
    whole name; a name the KB knows or a person's stays as it is."""
    toks = [
        (w, "PROPN" if w.istitle() else "X", "dep" if k else "ROOT", 0)
        for k, w in enumerate(words.split())
    ]
    doc = build(lang, toks, [(4, 5, "ORG", None), (0, 1, "PERSON", None)])
    index = _index(doc)
    assert fuller(doc[4:5], index).text == " ".join(words.split()[:2])
    assert fuller(doc[0:1], index).text == words.split()[0]  # a person: unchanged


# ---------------------------------------------------------------------------- announcer as punct
FR_PUNCT_SAYS = [  # "La conférence devrait mobiliser 5 milliards , a annoncé le ministre
    # Paul Martin ." (the verb of saying hung on the clause as punctuation)
    ("La", "DET", "det", 1),
    ("conférence", "NOUN", "nsubj", 2, "conférence"),
    ("devrait", "VERB", "ROOT", 2, "devoir"),
    ("mobiliser", "VERB", "xcomp", 2, "mobiliser"),
    ("5", "NUM", "nummod", 5),
    ("milliards", "NOUN", "obj", 3, "milliard"),
    (",", "PUNCT", "punct", 8),
    ("a", "AUX", "aux:tense", 8, "avoir"),
    ("annoncé", "VERB", "punct", 2, "annoncer", PART),
    ("le", "DET", "det", 10),
    ("ministre", "NOUN", "nsubj", 8, "ministre"),
    ("Paul", "PROPN", "appos", 10),
    ("Martin", "PROPN", "flat:name", 11),
    (".", "PUNCT", "punct", 2),
]
EN_PUNCT_SAYS = [  # "The conference should mobilise $ 5 billion , announced Paul Martin ."
    ("The", "DET", "det", 1),
    ("conference", "NOUN", "nsubj", 2, "conference"),
    ("should", "AUX", "ROOT", 2, "should"),
    ("mobilise", "VERB", "xcomp", 2, "mobilise"),
    ("$", "SYM", "nmod", 6),
    ("5", "NUM", "compound", 6),
    ("billion", "NUM", "dobj", 3),
    (",", "PUNCT", "punct", 2),
    ("announced", "VERB", "punct", 2, "announce"),
    ("Paul", "PROPN", "compound", 10),
    ("Martin", "PROPN", "nsubj", 8),
    (".", "PUNCT", "punct", 2),
]


@pytest.mark.parametrize(
    ("lang", "toks", "person", "amount", "cue"),
    [
        ("fr", FR_PUNCT_SAYS, (11, 13), (4, 6), 3),
        ("en", EN_PUNCT_SAYS, (9, 11), (4, 7), 3),
    ],
)
def test_pledger_announcer_hung_as_punctuation(
    lang: str, toks: list[Tok], person: tuple[int, int], amount: tuple[int, int], cue: int
) -> None:
    """A conference "is expected to mobilise" money: it pledges nothing, and the verb of
    saying the parse hung on the clause as punctuation names who announced it."""
    doc = build(lang, toks, [(*person, "PERSON", None)])
    assert pledger(lang, doc, amount, cue) == ("Paul Martin", "announcer")


# ---------------------------------------------------------------------------- the state of X
@pytest.mark.parametrize(
    ("lang", "toks", "place", "amount", "cue"),
    [
        (
            "en",
            [  # "Acme grows . The state of Ohio will offer $ 5 billion ."
                ("Acme", "PROPN", "nsubj", 1),
                ("grows", "VERB", "ROOT", 1, "grow"),
                (".", "PUNCT", "punct", 1),
                ("The", "DET", "det", 4),
                ("state", "NOUN", "nsubj", 8, "state"),
                ("of", "ADP", "prep", 4),
                ("Ohio", "PROPN", "pobj", 5),
                ("will", "AUX", "aux", 8),
                ("offer", "VERB", "ROOT", 8, "offer"),
                ("$", "SYM", "nmod", 11),
                ("5", "NUM", "compound", 11),
                ("billion", "NUM", "dobj", 8),
                (".", "PUNCT", "punct", 8),
            ],
            (6, 7),
            (9, 12),
            8,
        ),
        (
            "fr",
            [  # "Acme grandit . Le gouvernement du Québec versera 5 milliards d' euros ."
                ("Acme", "PROPN", "nsubj", 1),
                ("grandit", "VERB", "ROOT", 1, "grandir"),
                (".", "PUNCT", "punct", 1),
                ("Le", "DET", "det", 4),
                ("gouvernement", "NOUN", "nsubj", 7, "gouvernement"),
                ("du", "ADP", "case", 6, "de"),
                ("Québec", "PROPN", "nmod", 4),
                ("versera", "VERB", "ROOT", 7, "verser"),
                ("5", "NUM", "nummod", 9),
                ("milliards", "NOUN", "obj", 7, "milliard"),
                ("d'", "ADP", "case", 11),
                ("euros", "NOUN", "nmod", 9, "euro"),
                (".", "PUNCT", "punct", 7),
            ],
            (6, 7),
            (8, 12),
            7,
        ),
    ],
)
def test_pledger_the_state_of_a_named_place(
    lang: str, toks: list[Tok], place: tuple[int, int], amount: tuple[int, int], cue: int
) -> None:
    """ "The state of Ohio will offer", "le gouvernement du Québec versera": the place its
    complement names acts, though a place after of/de is otherwise only where things are."""
    doc = build(lang, toks, [(0, 1, "ORG", None), (*place, "GPE", None)])
    name = doc[place[0] : place[1]].text
    assert pledger(lang, doc, amount, cue)[0] == name
    # read on the document's actor spans: also when the mention index set the place aside
    found = _finder(lang)._state_of(doc[4])
    assert found is not None and found.text == name


# ---------------------------------------------------------------------------- a past event
def _raised(where: list[Tok]) -> list[Tok]:
    """ "Donors raised $ 12 billion <where> ." """
    return [
        ("Donors", "NOUN", "nsubj", 1, "donor"),
        ("raised", "VERB", "ROOT", 1, "raise"),
        ("$", "SYM", "nmod", 4),
        ("12", "NUM", "compound", 4),
        ("billion", "NUM", "dobj", 1),
        *where,
        (".", "PUNCT", "punct", 1),
    ]


def _promised(where: list[Tok]) -> list[Tok]:
    """ "L' Allemagne a promis 4 milliards <where> ." """
    return [
        ("L'", "DET", "det", 1),
        ("Allemagne", "PROPN", "nsubj", 3),
        ("a", "AUX", "aux:tense", 3, "avoir"),
        ("promis", "VERB", "ROOT", 3, "promettre", PART),
        ("4", "NUM", "nummod", 5),
        ("milliards", "NOUN", "obj", 3, "milliard"),
        *where,
        (".", "PUNCT", "punct", 3),
    ]


EN_AT_PREVIOUS = [  # "at the previous summit"
    ("at", "ADP", "prep", 1),
    ("the", "DET", "det", 8),
    ("previous", "ADJ", "amod", 8, "previous"),
    ("summit", "NOUN", "pobj", 5, "summit"),
]
FR_AT_LAST = [  # "lors du dernier sommet", parsed under "lors"
    ("lors", "ADV", "advmod", 3),
    ("du", "ADP", "case", 9, "de"),
    ("dernier", "ADJ", "amod", 9, "dernier"),
    ("sommet", "NOUN", "obl:arg", 6, "sommet"),
]
FR_LAST_MONTH = [  # "le mois dernier": a date, not an event
    ("le", "DET", "det", 7),
    ("mois", "NOUN", "obl:mod", 3, "mois"),
    ("dernier", "ADJ", "amod", 7, "dernier"),
]
EN_AT_SUMMIT = [  # "at the summit": no past adjective
    ("at", "ADP", "prep", 1),
    ("the", "DET", "det", 7),
    ("summit", "NOUN", "pobj", 5, "summit"),
]


@pytest.mark.parametrize(
    ("lang", "toks", "amount", "expected"),
    [
        ("en", _raised(EN_AT_PREVIOUS), (2, 5), (False, "past")),
        ("en", _raised(EN_AT_SUMMIT), (2, 5), (True, "cue")),
        ("fr", _promised(FR_AT_LAST), (4, 6), (False, "past")),
        ("fr", _promised(FR_LAST_MONTH), (4, 6), (True, "cue")),
    ],
)
def test_pledge_made_at_a_past_event_is_history(
    lang: str, toks: list[Tok], amount: tuple[int, int], expected: tuple[bool, str]
) -> None:
    """An amount its cue verb places at a past event ("raised at the previous summit",
    "promis lors du dernier sommet") is history; a date ("le mois dernier") or an event
    without a past adjective leaves the pledge standing."""
    doc = build(lang, toks, [])
    verdict = classify(doc[amount[0] : amount[1]], load_pledge_cues(lang))
    assert (verdict.is_pledge, verdict.why) == expected


# ---------------------------------------------------------------------------- commitment owners
EN_BRINGS = [  # "The announcement brings Acme 's investment to $ 2 billion , Jo Bloggs said ."
    ("The", "DET", "det", 1),
    ("announcement", "NOUN", "nsubj", 2, "announcement"),
    ("brings", "VERB", "ccomp", 13, "bring"),
    ("Acme", "PROPN", "poss", 5),
    ("'s", "PART", "case", 3),
    ("investment", "NOUN", "dobj", 2, "investment"),
    ("to", "ADP", "prep", 2),
    ("$", "SYM", "nmod", 9),
    ("2", "NUM", "compound", 9),
    ("billion", "NUM", "pobj", 6),
    (",", "PUNCT", "punct", 13),
    ("Jo", "PROPN", "compound", 12),
    ("Bloggs", "PROPN", "nsubj", 13),
    ("said", "VERB", "ROOT", 13, "say"),
    (".", "PUNCT", "punct", 13),
]
FR_PORTE = [  # "Cette annonce porte l' investissement d' Acme à 2 milliards d' euros , a précisé
    # Jo Bloggs ."
    ("Cette", "DET", "det", 1),
    ("annonce", "NOUN", "nsubj", 2, "annonce"),
    ("porte", "VERB", "ROOT", 2, "porter"),
    ("l'", "DET", "det", 4),
    ("investissement", "NOUN", "obj", 2, "investissement"),
    ("d'", "ADP", "case", 6),
    ("Acme", "PROPN", "nmod", 4),
    ("à", "ADP", "case", 9),
    ("2", "NUM", "nummod", 9),
    ("milliards", "NOUN", "obl:arg", 2, "milliard"),
    ("d'", "ADP", "case", 11),
    ("euros", "NOUN", "nmod", 9, "euro"),
    (",", "PUNCT", "punct", 14),
    ("a", "AUX", "aux:tense", 14, "avoir"),
    ("précisé", "VERB", "conj", 2, "préciser", PART),
    ("Jo", "PROPN", "nsubj", 14),
    ("Bloggs", "PROPN", "flat:name", 15),
    (".", "PUNCT", "punct", 2),
]
EN_REQUEST = [  # "Congress will approve the White House 's request for $ 4 billion ."
    ("Congress", "PROPN", "nsubj", 2),
    ("will", "AUX", "aux", 2),
    ("approve", "VERB", "ROOT", 2, "approve"),
    ("the", "DET", "det", 5),
    ("White", "PROPN", "compound", 5),
    ("House", "PROPN", "poss", 7),
    ("'s", "PART", "case", 5),
    ("request", "NOUN", "dobj", 2, "request"),
    ("for", "ADP", "prep", 7),
    ("$", "SYM", "nmod", 11),
    ("4", "NUM", "compound", 11),
    ("billion", "NUM", "pobj", 8),
    (".", "PUNCT", "punct", 2),
]
FR_OFFRE = [  # "La banque a salué l' offre d' Acme de 600 millions d' euros ."
    ("La", "DET", "det", 1),
    ("banque", "NOUN", "nsubj", 3, "banque"),
    ("a", "AUX", "aux:tense", 3, "avoir"),
    ("salué", "VERB", "ROOT", 3, "saluer", PART),
    ("l'", "DET", "det", 5),
    ("offre", "NOUN", "obj", 3, "offre"),
    ("d'", "ADP", "case", 7),
    ("Acme", "PROPN", "nmod", 5),
    ("de", "ADP", "case", 10),
    ("600", "NUM", "nummod", 10),
    ("millions", "NOUN", "nmod", 5, "million"),
    ("d'", "ADP", "case", 12),
    ("euros", "NOUN", "nmod", 10, "euro"),
    (".", "PUNCT", "punct", 3),
]


@pytest.mark.parametrize(
    ("lang", "toks", "actors", "owner", "amount", "cue"),
    [
        ("en", EN_BRINGS, [(3, 4, "ORG"), (11, 13, "PERSON")], "Acme", (7, 10), 5),
        ("fr", FR_PORTE, [(6, 7, "ORG"), (15, 17, "PERSON")], "Acme", (8, 12), 4),
        ("en", EN_REQUEST, [(0, 1, "ORG"), (4, 6, "ORG")], "White House", (9, 12), 2),
        ("fr", FR_OFFRE, [(7, 8, "ORG")], "Acme", (9, 13), 5),
    ],
)
def test_pledger_owner_of_a_commitment_noun(
    lang: str,
    toks: list[Tok],
    actors: list[tuple[int, int, str]],
    owner: str,
    amount: tuple[int, int],
    cue: int,
) -> None:
    """ "brings Acme's investment to $2bn", "porte l'investissement d'Acme à 2 milliards",
    "approve the White House's request for $4bn", "a salué l'offre d'Acme de 600 millions":
    the owner of the commitment the amount measures pledges, not the verb's subject (an
    announcement, Congress, a bank welcoming it) nor the executive who reports it."""
    doc = build(lang, toks, [(*a, None) for a in actors])
    assert pledger(lang, doc, amount, cue) == (owner, "possessor")


# ---------------------------------------------------------------------------- grants
EN_GRANT = [  # "The Commerce Department acts . A grant of $ 12 million to Beta , announced by
    # the department , will pay ."
    ("The", "DET", "det", 2),
    ("Commerce", "PROPN", "compound", 2),
    ("Department", "PROPN", "nsubj", 3),
    ("acts", "VERB", "ROOT", 3, "act"),
    (".", "PUNCT", "punct", 3),
    ("A", "DET", "det", 6),
    ("grant", "NOUN", "nsubj", 20, "grant"),
    ("of", "ADP", "prep", 6),
    ("$", "SYM", "nmod", 10),
    ("12", "NUM", "compound", 10),
    ("million", "NUM", "pobj", 7),
    ("to", "ADP", "prep", 6),
    ("Beta", "PROPN", "pobj", 11),
    (",", "PUNCT", "punct", 12),
    ("announced", "VERB", "acl", 12, "announce", "Tense=Past|VerbForm=Part"),
    ("by", "ADP", "agent", 14),
    ("the", "DET", "det", 17),
    ("department", "NOUN", "pobj", 15, "department"),
    (",", "PUNCT", "punct", 12),
    ("will", "AUX", "aux", 20),
    ("pay", "VERB", "ROOT", 20, "pay"),
    (".", "PUNCT", "punct", 20),
]
FR_GRANT = [  # "Le département du Commerce agit . Une subvention de 12 millions à Beta ,
    # annoncée par le département , financera une usine ."
    ("Le", "DET", "det", 1),
    ("département", "NOUN", "nsubj", 4, "département"),
    ("du", "ADP", "case", 3),
    ("Commerce", "PROPN", "nmod", 1),
    ("agit", "VERB", "ROOT", 4, "agir"),
    (".", "PUNCT", "punct", 4),
    ("Une", "DET", "det", 7),
    ("subvention", "NOUN", "nsubj", 19, "subvention"),
    ("de", "ADP", "case", 10),
    ("12", "NUM", "nummod", 10),
    ("millions", "NOUN", "nmod", 7, "million"),
    ("à", "ADP", "case", 12),
    ("Beta", "PROPN", "nmod", 7),
    (",", "PUNCT", "punct", 14),
    ("annoncée", "VERB", "acl", 12, "annoncer", PART),
    ("par", "ADP", "case", 17),
    ("le", "DET", "det", 17),
    ("département", "NOUN", "obl:agent", 14, "département"),
    (",", "PUNCT", "punct", 14),
    ("financera", "VERB", "ROOT", 19, "financer"),
    ("une", "DET", "det", 21),
    ("usine", "NOUN", "obj", 19, "usine"),
    (".", "PUNCT", "punct", 19),
]


@pytest.mark.parametrize(
    ("lang", "toks", "giver", "beta", "amount", "cue"),
    [
        ("en", EN_GRANT, (1, 3), (12, 13), (8, 11), 6),
        ("fr", FR_GRANT, (1, 4), (12, 13), (9, 11), 7),
    ],
)
def test_pledger_grant_to_a_recipient_announced_by_the_department(
    lang: str,
    toks: list[Tok],
    giver: tuple[int, int],
    beta: tuple[int, int],
    amount: tuple[int, int],
    cue: int,
) -> None:
    """ "A grant of $12m to Beta, announced by the department, will pay": the department
    the text named before ('the Commerce Department', 'le département du Commerce')
    grants it; Beta, the recipient inside the subject, never pledges."""
    doc = build(lang, toks, [(*giver, "ORG", None), (*beta, "ORG", None)])
    assert pledger(lang, doc, amount, cue) == (doc[giver[0] : giver[1]].text, "agent")


def test_pledger_recipient_in_the_subject_is_no_pledger() -> None:
    """Without the agent: 'A grant of $12 million to Beta will pay.' names no pledger."""
    toks = [
        ("A", "DET", "det", 1),
        ("grant", "NOUN", "nsubj", 9, "grant"),
        ("of", "ADP", "prep", 1),
        ("$", "SYM", "nmod", 5),
        ("12", "NUM", "compound", 5),
        ("million", "NUM", "pobj", 2),
        ("to", "ADP", "prep", 1),
        ("Beta", "PROPN", "pobj", 6),
        ("will", "AUX", "aux", 9),
        ("pay", "VERB", "ROOT", 9, "pay"),
        (".", "PUNCT", "punct", 9),
    ]
    doc = build("en", toks, [(7, 8, "ORG", None)])
    assert pledger("en", doc, (3, 6), 1)[0] is None


# ---------------------------------------------------------------------------- events
EN_SUMMIT = [  # "The Chips for Tomorrow summit should secure $ 10 billion , according to Acme ."
    ("The", "DET", "det", 1),
    ("Chips", "PROPN", "nsubj", 6),
    ("for", "ADP", "prep", 1),
    ("Tomorrow", "PROPN", "compound", 4),
    ("summit", "NOUN", "pobj", 2, "summit"),
    ("should", "AUX", "aux", 6),
    ("secure", "VERB", "ROOT", 6, "secure"),
    ("$", "SYM", "nmod", 9),
    ("10", "NUM", "compound", 9),
    ("billion", "NUM", "dobj", 6),
    (",", "PUNCT", "punct", 6),
    ("according", "VERB", "prep", 6, "accord"),
    ("to", "ADP", "prep", 11),
    ("Acme", "PROPN", "pobj", 12),
    (".", "PUNCT", "punct", 6),
]
FR_SOMMET = [  # "Le sommet Choose France devrait sécuriser 20 milliards d' euros , selon Acme ."
    ("Le", "DET", "det", 1),
    ("sommet", "NOUN", "nsubj", 4, "sommet"),
    ("Choose", "PROPN", "appos", 1),
    ("France", "PROPN", "flat:name", 2),
    ("devrait", "VERB", "ROOT", 4, "devoir", "Mood=Cnd|VerbForm=Fin"),
    ("sécuriser", "VERB", "xcomp", 4, "sécuriser", "VerbForm=Inf"),
    ("20", "NUM", "nummod", 7),
    ("milliards", "NOUN", "obj", 5, "milliard"),
    ("d'", "ADP", "case", 9),
    ("euros", "NOUN", "nmod", 7, "euro"),
    (",", "PUNCT", "punct", 12),
    ("selon", "ADP", "case", 12),
    ("Acme", "PROPN", "obl:mod", 5),
    (".", "PUNCT", "punct", 4),
]


@pytest.mark.parametrize(
    ("lang", "toks", "event", "acme", "amount", "cue"),
    [
        ("en", EN_SUMMIT, (1, 2), (13, 14), (7, 10), 6),
        ("fr", FR_SOMMET, (2, 4), (12, 13), (6, 10), 5),
    ],
)
def test_pledger_event_subject_leaves_it_to_the_announcer(
    lang: str,
    toks: list[Tok],
    event: tuple[int, int],
    acme: tuple[int, int],
    amount: tuple[int, int],
    cue: int,
) -> None:
    """ "The Chips for Tomorrow summit should secure $10bn, according to Acme", "Le sommet
    Choose France devrait sécuriser 20 milliards, selon Acme": an event pledges nothing,
    even when the NER made its name an organisation; the source the clause names does."""
    doc = build(lang, toks, [(*event, "ORG", None), (*acme, "ORG", None)])
    assert pledger(lang, doc, amount, cue) == ("Acme", "announcer")


# ---------------------------------------------------------------------------- pronouns
EN_IT_GIVES = [  # "Japan chairs the Reserve . It will give $ 80 million to the reserve ."
    ("Japan", "PROPN", "nsubj", 1),
    ("chairs", "VERB", "ROOT", 1, "chair"),
    ("the", "DET", "det", 3),
    ("Reserve", "PROPN", "dobj", 1),
    (".", "PUNCT", "punct", 1),
    ("It", "PRON", "nsubj", 7),
    ("will", "AUX", "aux", 7),
    ("give", "VERB", "ROOT", 7, "give"),
    ("$", "SYM", "nmod", 10),
    ("80", "NUM", "compound", 10),
    ("million", "NUM", "dobj", 7),
    ("to", "ADP", "dative", 7),
    ("the", "DET", "det", 13),
    ("reserve", "NOUN", "pobj", 11, "reserve"),
    (".", "PUNCT", "punct", 7),
]
FR_ELLE_VERSE = [  # "L' Allemagne préside le Fonds vert . Elle versera 2 milliards d' euros au
    # fonds ."
    ("L'", "DET", "det", 1),
    ("Allemagne", "PROPN", "nsubj", 2),
    ("préside", "VERB", "ROOT", 2, "présider"),
    ("le", "DET", "det", 4),
    ("Fonds", "PROPN", "obj", 2),
    ("vert", "ADJ", "amod", 4),
    (".", "PUNCT", "punct", 2),
    ("Elle", "PRON", "nsubj", 8),
    ("versera", "VERB", "ROOT", 8, "verser"),
    ("2", "NUM", "nummod", 10),
    ("milliards", "NOUN", "obj", 8, "milliard"),
    ("d'", "ADP", "case", 12),
    ("euros", "NOUN", "nmod", 10, "euro"),
    ("au", "ADP", "case", 14),
    ("fonds", "NOUN", "obl:arg", 8, "fonds"),
    (".", "PUNCT", "punct", 8),
]


@pytest.mark.parametrize(
    ("lang", "toks", "actors", "amount", "cue", "expected"),
    [
        ("en", EN_IT_GIVES, [(0, 1, "GPE", "Q17"), (3, 4, "ORG", None)], (8, 11), 7, "Japan"),
        (
            "fr",
            FR_ELLE_VERSE,
            [(1, 2, "GPE", "Q183"), (4, 6, "ORG", None)],
            (9, 13),
            8,
            "Allemagne",
        ),
    ],
)
def test_pledger_pronoun_is_the_subject_before_not_the_fund_receiving(
    lang: str,
    toks: list[Tok],
    actors: list[tuple[int, int, str, str | None]],
    amount: tuple[int, int],
    cue: int,
    expected: str,
) -> None:
    """ "Japan chairs the Reserve. It will give $80m to the reserve", "L'Allemagne préside
    le Fonds vert. Elle versera 2 milliards au fonds": the pronoun stands for the country
    that was the subject before, not the fund named since in a complement, though the
    pronoun tries organisations before countries."""
    doc = build(lang, toks, actors)
    assert pledger(lang, doc, amount, cue) == (expected, "pronoun")


# ---------------------------------------------------------------------------- deals
EN_DEAL = [  # "A deal between Acme , Beta and Gamma , worth $ 1 billion , was signed ."
    ("A", "DET", "det", 1),
    ("deal", "NOUN", "nsubjpass", 15, "deal"),
    ("between", "ADP", "prep", 1),
    ("Acme", "PROPN", "pobj", 2),
    (",", "PUNCT", "punct", 3),
    ("Beta", "PROPN", "conj", 3),
    ("and", "CCONJ", "cc", 5),
    ("Gamma", "PROPN", "conj", 5),
    (",", "PUNCT", "punct", 1),
    ("worth", "ADJ", "amod", 1, "worth"),
    ("$", "SYM", "nmod", 12),
    ("1", "NUM", "compound", 12),
    ("billion", "NUM", "pobj", 9),
    (",", "PUNCT", "punct", 1),
    ("was", "AUX", "auxpass", 15, "be"),
    ("signed", "VERB", "ROOT", 15, "sign", "Tense=Past|VerbForm=Part"),
    (".", "PUNCT", "punct", 15),
]
FR_DEAL = [  # "Un accord entre Acme , Beta et Gamma , d' un montant de 1 milliard d' euros ,
    # a été signé ."
    ("Un", "DET", "det", 1),
    ("accord", "NOUN", "nsubj:pass", 20, "accord"),
    ("entre", "ADP", "case", 3),
    ("Acme", "PROPN", "nmod", 1),
    (",", "PUNCT", "punct", 5),
    ("Beta", "PROPN", "conj", 3),
    ("et", "CCONJ", "cc", 7),
    ("Gamma", "PROPN", "conj", 3),
    (",", "PUNCT", "punct", 11),
    ("d'", "ADP", "case", 11),
    ("un", "DET", "det", 11),
    ("montant", "NOUN", "nmod", 1, "montant"),
    ("de", "ADP", "case", 14),
    ("1", "NUM", "nummod", 14),
    ("milliard", "NOUN", "nmod", 11, "milliard"),
    ("d'", "ADP", "case", 16),
    ("euros", "NOUN", "nmod", 14, "euro"),
    (",", "PUNCT", "punct", 20),
    ("a", "AUX", "aux:tense", 20, "avoir"),
    ("été", "AUX", "aux:pass", 20, "être"),
    ("signé", "VERB", "ROOT", 20, "signer", PART),
    (".", "PUNCT", "punct", 20),
]


@pytest.mark.parametrize(
    ("lang", "toks", "parties", "amount", "cue"),
    [
        ("en", EN_DEAL, [(3, 4), (5, 6), (7, 8)], (10, 13), 15),
        ("fr", FR_DEAL, [(3, 4), (5, 6), (7, 8)], (13, 17), 20),
    ],
)
def test_pledger_deal_between_parties_takes_the_first(
    lang: str,
    toks: list[Tok],
    parties: list[tuple[int, int]],
    amount: tuple[int, int],
    cue: int,
) -> None:
    """ "A deal between Acme, Beta and Gamma, worth $1bn, was signed": with no subject or
    agent saying who pays, the first party is the best candidate, with a rule of its own
    (and a low confidence)."""
    doc = build(lang, toks, [(*p, "ORG", None) for p in parties])
    assert pledger(lang, doc, amount, cue) == ("Acme", "party")


# ---------------------------------------------------------------------------- lost subjects
FR_PARMI = [  # "Parmi les annonces , Verdalis prévoit d' investir 800 millions d' euros ."
    ("Parmi", "ADP", "case", 2),
    ("les", "DET", "det", 2),
    ("annonces", "NOUN", "obl:mod", 5, "annonce"),
    (",", "PUNCT", "punct", 2),
    ("Verdalis", "NOUN", "conj", 2, "verdali"),
    ("prévoit", "VERB", "ROOT", 5, "prévoir", "Mood=Ind|Tense=Pres|VerbForm=Fin"),
    ("d'", "ADP", "mark", 7),
    ("investir", "VERB", "xcomp", 5, "investir", "VerbForm=Inf"),
    ("800", "NUM", "nummod", 9),
    ("millions", "NOUN", "obj", 7, "million"),
    ("d'", "ADP", "case", 11),
    ("euros", "NOUN", "nmod", 9, "euro"),
    (".", "PUNCT", "punct", 5),
]
EN_AMONG = [  # "Among the announcements , Brightwater plans to invest $ 2 billion ."
    ("Among", "ADP", "prep", 5),
    ("the", "DET", "det", 2),
    ("announcements", "NOUN", "pobj", 0, "announcement"),
    (",", "PUNCT", "punct", 2),
    ("Brightwater", "PROPN", "appos", 2),
    ("plans", "VERB", "ROOT", 5, "plan", "Tense=Pres|VerbForm=Fin"),
    ("to", "PART", "aux", 7),
    ("invest", "VERB", "xcomp", 5, "invest", "VerbForm=Inf"),
    ("$", "SYM", "nmod", 10),
    ("2", "NUM", "compound", 10),
    ("billion", "NUM", "dobj", 7),
    (".", "PUNCT", "punct", 5),
]
FR_CUT_NAME = [  # "Kerlan | Logistique injectera 300 millions d' euros ." (two sentences parsed)
    ("Kerlan", "PROPN", "ROOT", 0),
    ("Logistique", "PROPN", "nsubj", 2),
    ("injectera", "VERB", "ROOT", 2, "injecter"),
    ("300", "NUM", "nummod", 4),
    ("millions", "NOUN", "obj", 2, "million"),
    ("d'", "ADP", "case", 6),
    ("euros", "NOUN", "nmod", 4, "euro"),
    (".", "PUNCT", "punct", 2),
]


@pytest.mark.parametrize(
    ("lang", "toks", "amount", "cue", "name"),
    [
        ("fr", FR_PARMI, (8, 12), 7, "Verdalis"),
        ("en", EN_AMONG, (8, 11), 7, "Brightwater"),
        ("fr", FR_CUT_NAME, (3, 7), 2, "Kerlan Logistique"),
    ],
)
def test_pledger_list_item_name_the_parse_lost(
    lang: str, toks: list[Tok], amount: tuple[int, int], cue: int, name: str
) -> None:
    """Each announcement of a list takes its own company, even when the parse lost it:
    the capitalised name right before a finite verb left without a subject ("Parmi les
    annonces, Verdalis prévoit …", "Among the announcements, Brightwater plans …"), or a
    name the parser cut across two sentences ("Kerlan | Logistique injectera")."""
    doc = build(lang, toks, [])
    assert pledger(lang, doc, amount, cue) == (name, "name")


# ---------------------------------------------------------------------------- nationality words
FR_DEMONYM = [  # "Le néerlandais Veldstroom investira 1 milliard d' euros ." (the name read as
    # an auxiliary hung on the adjective, the adjective as the subject)
    ("Le", "DET", "det", 1),
    ("néerlandais", "ADJ", "nsubj", 3, "néerlandais"),
    ("Veldstroom", "AUX", "nmod", 1, "veldstroom"),
    ("investira", "VERB", "ROOT", 3, "investir"),
    ("1", "NUM", "nummod", 5),
    ("milliard", "NOUN", "obj", 3, "milliard"),
    ("d'", "ADP", "case", 7),
    ("euros", "NOUN", "nmod", 5, "euro"),
    (".", "PUNCT", "punct", 3),
]
EN_DEMONYM = [  # "The Dutch Veldstroom will invest $ 1 billion ."
    ("The", "DET", "det", 1),
    ("Dutch", "ADJ", "nsubj", 4, "dutch"),
    ("Veldstroom", "NOUN", "npadvmod", 1, "veldstroom"),
    ("will", "AUX", "aux", 4),
    ("invest", "VERB", "ROOT", 4, "invest"),
    ("$", "SYM", "nmod", 7),
    ("1", "NUM", "compound", 7),
    ("billion", "NUM", "dobj", 4),
    (".", "PUNCT", "punct", 4),
]


@pytest.mark.parametrize(
    ("lang", "toks", "amount", "cue"),
    [("fr", FR_DEMONYM, (4, 8), 3), ("en", EN_DEMONYM, (5, 8), 4)],
)
def test_pledger_nationality_word_stands_before_the_company(
    lang: str, toks: list[Tok], amount: tuple[int, int], cue: int
) -> None:
    """ "Le néerlandais Veldstroom investira": the company named after the nationality word
    the parse made the subject pledges, never the country of the adjective."""
    doc = build(lang, toks, [])
    assert pledger(lang, doc, amount, cue) == ("Veldstroom", "name")


# ---------------------------------------------------------------------------- money of a nation
EN_STATE_AID = [  # "The plant was granted $ 2 billion in German state aid ."
    ("The", "DET", "det", 1),
    ("plant", "NOUN", "nsubjpass", 3, "plant"),
    ("was", "AUX", "auxpass", 3, "be"),
    ("granted", "VERB", "ROOT", 3, "grant", "Tense=Past|VerbForm=Part"),
    ("$", "SYM", "nmod", 6),
    ("2", "NUM", "compound", 6),
    ("billion", "NUM", "dobj", 3),
    ("in", "ADP", "prep", 3),
    ("German", "ADJ", "amod", 10, "german"),
    ("state", "NOUN", "compound", 10, "state"),
    ("aid", "NOUN", "pobj", 7, "aid"),
    (".", "PUNCT", "punct", 3),
]
FR_STATE_AID = [  # "Le projet a reçu 2 milliards d' euros en aides allemandes ."
    ("Le", "DET", "det", 1),
    ("projet", "NOUN", "nsubj", 3, "projet"),
    ("a", "AUX", "aux:tense", 3, "avoir"),
    ("reçu", "VERB", "ROOT", 3, "recevoir", PART),
    ("2", "NUM", "nummod", 5),
    ("milliards", "NOUN", "obj", 3, "milliard"),
    ("d'", "ADP", "case", 7),
    ("euros", "NOUN", "nmod", 5, "euro"),
    ("en", "ADP", "case", 9),
    ("aides", "NOUN", "obl:mod", 3, "aide"),
    ("allemandes", "ADJ", "amod", 9, "allemand"),
    (".", "PUNCT", "punct", 3),
]


@pytest.mark.parametrize(
    ("lang", "toks", "adj", "amount", "cue"),
    [("en", EN_STATE_AID, 8, (4, 7), 3), ("fr", FR_STATE_AID, 10, (4, 8), 3)],
)
def test_pledger_country_of_the_kind_of_money(
    lang: str, toks: list[Tok], adj: int, amount: tuple[int, int], cue: int
) -> None:
    """ "was granted $2bn in German state aid", "a reçu 2 milliards d'euros en aides
    allemandes": the country whose adjective qualifies the money gives it, not the plant
    receiving it; its actor span when the actor component made one, else the KB country
    of the demonym (the fallback pass)."""
    with_span = build(lang, toks, [(adj, adj + 1, "GPE", "Q183")])
    assert pledger(lang, with_span, amount, cue) == (toks[adj][0], "possessor")
    bare = build(lang, toks, [])
    finder = _finder(lang)
    entry = finder.demonym(bare[amount[0] : amount[1]], bare[cue], _index(bare))
    assert entry is not None and entry.name == "Germany"
