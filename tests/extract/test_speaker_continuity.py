"""A quote with no cue continues the last speaker over a few paragraphs, until another person
is named: the interview-style article that names its interviewee once. Real models, invented
wording."""

from __future__ import annotations

import pytest
from spacy.language import Language

from pipeline.extract import CLAIMS

FR_OPENING = (
    "La ministre de la Transition écologique, Agnès Pannier-Runacher, a présenté mardi son "
    "plan pour les rivières. « Nous allons accélérer les travaux », a-t-elle déclaré.\n\n"
    "Le plan prévoit des aides aux communes les plus exposées aux crues.\n\n"
)
EN_OPENING = (
    'Energy Secretary Ed Miliband set out the grid plan on Tuesday. "We will build faster '
    'than any government before us," he said.\n\n'
    "The plan lists forty new transmission lines across Scotland and England.\n\n"
)
FR_LATE_QUOTE = "« Chaque euro sera suivi de près, commune par commune. »"
EN_LATE_QUOTE = '"Every pound will be tracked, project by project, until the last pylon."'


def _speakers(nlp: Language, text: str) -> dict[str, str | None]:
    doc = nlp.make_doc(text)
    doc._.doc_date = "2025-02-11"
    doc = nlp(doc)
    out = {}
    for span in doc.spans[CLAIMS]:
        info = span._.claim
        if info.kind == "direct":
            out[span.text[:12]] = info.speaker._.actor.name if info.speaker is not None else None
    return out


@pytest.mark.parametrize(
    ("lang", "middle", "expected"),
    [
        (
            "fr",
            "Les élus attendent encore le calendrier des versements.\n\n",
            "Agnès Pannier-Runacher",
        ),
        ("fr", "Le maire de Lyon, Grégory Doucet, a salué une annonce attendue.\n\n", None),
        ("en", "Councils are still waiting for the timetable of payments.\n\n", "Ed Miliband"),
        ("en", "The mayor of Manchester, Andy Burnham, welcomed the announcement.\n\n", None),
    ],
)
def test_claims_quote_without_cue_continues_the_last_speaker(
    lang: str, middle: str, expected: str | None, nlp_fr: Language, nlp_en: Language
) -> None:
    nlp = nlp_fr if lang == "fr" else nlp_en
    opening, late = (FR_OPENING, FR_LATE_QUOTE) if lang == "fr" else (EN_OPENING, EN_LATE_QUOTE)
    found = _speakers(nlp, opening + middle + late)
    late_key = late.strip('«»" ')[:12]
    assert late_key in found, found
    if expected is None:  # someone else was named since: not the earlier speaker's words
        assert found[late_key] != ("Agnès Pannier-Runacher" if lang == "fr" else "Ed Miliband")
    else:
        assert found[late_key] == expected
