"""A bare title ("the Prime Minister", "le Premier ministre") is the holder of that office in
the story's home country at the document's date (real models; invented sentences)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from pipeline.extract import ACTORS


def _title_holders(nlp: Language, text: str, date: str | None) -> list[tuple[str, str]]:
    """(mention text, actor name) of the mentions that are office holders by a title."""
    doc = nlp.make_doc(text)
    doc._.doc_date = date
    doc = nlp(doc)
    return [(s.text, s._.actor.name) for s in doc.spans[ACTORS] if s._.actor.via == "role"]


UK = (
    "LONDON, 3 March 2025 - The United Kingdom will double its aid to flood defences. "
    "The Prime Minister told MPs that the money would reach the coast by the spring."
)
CANADA = (
    "OTTAWA, 12 mai 2025 – Le Canada investira dans ses ports du Nord. Le Premier ministre "
    "a précisé que les travaux commenceraient à Iqaluit, au Canada, dès l'été."
)


@pytest.mark.parametrize(
    ("lang", "text", "date", "expected"),
    [
        ("en", UK, "2025-03-03", [("The Prime Minister", "Keir Starmer")]),
        ("en", UK, "2023-03-03", [("The Prime Minister", "Rishi Sunak")]),  # the date's holder
        ("fr", CANADA, "2025-05-12", [("Le Premier ministre", "Mark Carney")]),
        # Someone else than the holder, or a name that says who: no title holder.
        ("en", UK.replace("The Prime Minister", "The former Prime Minister"), "2025-03-03", []),
        ("en", UK.replace("The Prime Minister", "Prime Minister Keir Starmer"), "2025-03-03", []),
        # Another country's office says whose it is, whatever the story's home.
        (
            "en",
            UK.replace("The Prime Minister", "The Prime Minister of Japan"),
            "2025-03-03",
            [("The Prime Minister of Japan", "Shigeru Ishiba")],
        ),
    ],
)
def test_bare_title_is_the_home_countrys_holder(
    nlp_en: Language,
    nlp_fr: Language,
    lang: str,
    text: str,
    date: str,
    expected: list[tuple[str, str]],
) -> None:
    nlp = nlp_en if lang == "en" else nlp_fr
    assert _title_holders(nlp, text, date) == expected


def test_bare_title_needs_a_home_country(nlp_en: Language) -> None:
    """A story naming no country twice has no home: "the President" stays unresolved."""
    text = "The President said on Monday that the summit had been a success."
    assert _title_holders(nlp_en, text, "2025-03-03") == []
