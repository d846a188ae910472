"""Pledges on the real models: is it a pledge, who pledges, for what, over what period, how
firm. Sentences written for these tests (real facts are fine, none copied)."""

from __future__ import annotations

from typing import Any

import pytest
from spacy.language import Language

from pipeline.extract import MONEY
from pipeline.extract.pledges.details import resolve_period


def _amounts(nlp: Language, text: str, date: str | None = "2025-02-10") -> list[Any]:
    doc = nlp.make_doc(text)
    doc._.doc_date = date
    doc = nlp(doc)
    return list(doc.spans[MONEY])


def _pledger(span: Any) -> str | None:
    info = span._.pledge
    if info.actor is not None and info.actor._.actor is not None:
        return info.actor._.actor.name
    if info.entry is not None:
        return info.entry.name
    return info.actor.text if info.actor is not None else None


def _one(nlp: Language, text: str, amount_text: str) -> Any:
    found = [s for s in _amounts(nlp, text) if s.text == amount_text]
    assert len(found) == 1, [s.text for s in _amounts(nlp, text)]
    return found[0]


PLEDGES_EN = [
    (  # "his" is the sentence's subject, not the name nearest before it
        "When Prime Minister Anthony Albanese stood beside President Joe Biden and Britain's "
        "Prime Minister Rishi Sunak in San Diego, his government committed A$368 billion.",
        "A$368 billion",
        True,
        "Anthony Albanese",
    ),
    # An income threshold of a measure is no pledge.
    (
        "My administration will provide up to $10,000 in debt cancellation to borrowers "
        "making under $125,000.",
        "$125,000",
        False,
        None,
    ),
    # The earlier figure a pledge is compared with is no pledge.
    ("Britain pledged £850 million, down from £1 billion last time.", "£1 billion", False, None),
    # (sentence, amount, is_pledge, pledger)
    (
        "The European Commission will mobilise €50bn for hydrogen networks by 2030.",
        "€50bn",
        True,
        "European Commission",
    ),
    (
        "Microsoft pledged $3bn to expand its data centres in Spain over the next three years.",
        "$3bn",
        True,
        "Microsoft",
    ),
    ("The €20bn announced by Brookfield will go to data centres.", "€20bn", True, "Brookfield"),
    ("Japan's ¥10tn package for chipmakers was unveiled on Friday.", "¥10tn", True, "Japan"),
    ("Nvidia said on Monday that it would invest $5bn in Taiwan.", "$5bn", True, "Nvidia"),
    (
        "The EU will invest €10bn in batteries if member states agree.",
        "€10bn",
        True,
        "European Union",
    ),
    (
        "Germany has offered €2bn, France €1.5bn and Italy €1bn to the fund.",
        "€1.5bn",
        True,
        "France",
    ),
    ("The global chip market is worth $600bn.", "$600bn", False, None),
    ("OpenAI was valued at $157bn last year.", "$157bn", False, None),
    ("If Germany invested €5bn, it would catch up with its rivals.", "€5bn", False, None),
    ("In 2019 the government spent €4bn on broadband.", "€4bn", False, None),
    ("Unions are demanding €10bn for hospitals.", "€10bn", False, None),
    ("The French plan looks small next to the $500bn Stargate venture.", "$500bn", False, None),
    ("A single gigafactory could cost €5bn.", "€5bn", False, None),
]

PLEDGES_FR = [
    (  # the parse makes the place the subject and the person its apposition
        "Un mois plus tard, au Caire, Ursula von der Leyen annonçait avec Abdel Fattah "
        "al-Sissi un partenariat de 7,4 milliards d'euros d'ici à 2027 : 5 milliards de prêts.",
        "7,4 milliards d'euros",
        True,
        "Ursula von der Leyen",
    ),
    (
        "En mars, au Caire, Ursula von der Leyen annonçait avec Abdel Fattah al-Sissi un "
        "partenariat de 7,4 milliards d'euros d'ici à 2027 : 5 milliards de prêts.",
        "7,4 milliards d'euros",
        True,
        "Ursula von der Leyen",
    ),
    (  # a capital that pledges is its country's government, named or not
        "Ottawa versera 6 milliards de dollars aux provinces pour le logement.",
        "6 milliards de dollars",
        True,
        "Canada",
    ),
    (
        "Quand Emmanuel Macron a reçu le chancelier Olaf Scholz à Paris, son gouvernement a "
        "promis 2 milliards d'euros pour les puces.",
        "2 milliards d'euros",
        True,
        "Emmanuel Macron",
    ),
    (
        # A capital that pledges stands for its country, named earlier in the document.
        "La Suisse veut aider l'Ukraine sur la durée. Berne a débloqué 5 milliards de francs "
        "pour la reconstruction du pays d'ici à 2036.",
        "5 milliards de francs",
        True,
        "Switzerland",
    ),
    (
        "Le canadien Brookfield a promis 20 milliards d'euros d'ici à 2030.",
        "20 milliards d'euros",
        True,
        "Brookfield",
    ),
    (
        "Emmanuel Macron, qui a promis 109 milliards d'euros, a ouvert le sommet.",
        "109 milliards d'euros",
        True,
        "Emmanuel Macron",
    ),
    (
        "Le plan de 54 milliards d'euros de la France sera étalé sur cinq ans.",
        "54 milliards d'euros",
        True,
        "France",
    ),
    (
        "Les 20 milliards d'euros annoncés par Brookfield financeront des centres de données.",
        "20 milliards d'euros",
        True,
        "Brookfield",
    ),
    (
        "Ursula von der Leyen a indiqué qu'elle mobiliserait 8 milliards d'euros pour les puces.",
        "8 milliards d'euros",
        True,
        "Ursula von der Leyen",
    ),
    (
        "L'Allemagne apportera 5 milliards d'euros à condition que ses partenaires suivent.",
        "5 milliards d'euros",
        True,
        "Germany",
    ),
    (
        "Le marché mondial de l'IA pourrait atteindre 1 300 milliards de dollars.",
        "1 300 milliards de dollars",
        False,
        None,
    ),
    ("Mistral AI, valorisée à 6 milliards d'euros, recrute.", "6 milliards d'euros", False, None),
    (
        "Quand une start-up lève 500 millions d'euros, elle part aux États-Unis.",
        "500 millions d'euros",
        False,
        None,
    ),
    (
        "Les syndicats réclament 10 milliards d'euros pour l'hôpital.",
        "10 milliards d'euros",
        False,
        None,
    ),
    (
        "En 2018, l'État a consacré 1,5 milliard d'euros à la recherche.",
        "1,5 milliard d'euros",
        False,
        None,
    ),
    (
        "Le coût d'une gigafactory est estimé à 4 milliards d'euros.",
        "4 milliards d'euros",
        False,
        None,
    ),
]


@pytest.mark.parametrize(("text", "amount", "is_pledge", "pledger"), PLEDGES_EN)
def test_pledges_en_decision_and_pledger(
    nlp_en: Language, text: str, amount: str, is_pledge: bool, pledger: str | None
) -> None:
    span = _one(nlp_en, text, amount)
    assert span._.pledge.is_pledge is is_pledge, span._.pledge
    if is_pledge:
        assert _pledger(span) == pledger, span._.pledge


@pytest.mark.parametrize(("text", "amount", "is_pledge", "pledger"), PLEDGES_FR)
def test_pledges_fr_decision_and_pledger(
    nlp_fr: Language, text: str, amount: str, is_pledge: bool, pledger: str | None
) -> None:
    span = _one(nlp_fr, text, amount)
    assert span._.pledge.is_pledge is is_pledge, span._.pledge
    if is_pledge:
        assert _pledger(span) == pledger, span._.pledge


@pytest.mark.parametrize(
    ("lang", "text", "amount", "purpose"),
    [
        (
            "en",
            "The European Commission will mobilise €50bn for hydrogen networks by 2030.",
            "€50bn",
            "for hydrogen networks",
        ),
        (
            "en",
            "Amazon will invest $10bn in cloud infrastructure in Germany.",
            "$10bn",
            "in cloud infrastructure",
        ),
        (
            "fr",
            "Bpifrance investira 10 milliards d'euros dans l'intelligence artificielle en France.",
            "10 milliards d'euros",
            "dans l'intelligence artificielle",
        ),
        (
            "fr",
            "Bruxelles crée un fonds de 20 milliards d'euros destiné à financer des usines.",
            "20 milliards d'euros",
            "destiné à financer des usines",
        ),
    ],
)
def test_pledges_purpose(
    nlp_en: Language, nlp_fr: Language, lang: str, text: str, amount: str, purpose: str
) -> None:
    span = _one(nlp_en if lang == "en" else nlp_fr, text, amount)
    assert span._.pledge.purpose is not None, span._.pledge
    assert span._.pledge.purpose.text == purpose
    start, end = span._.pledge.purpose.start, span._.pledge.purpose.end
    assert span.doc.text[start:end] == purpose


@pytest.mark.parametrize(
    ("lang", "text", "amount", "date", "period"),
    [
        (
            "en",
            "Microsoft pledged $3bn to expand its data centres in Spain over the next three years.",
            "$3bn",
            "2025-02-10",
            ("over the next three years", 2025, 2028),
        ),
        (
            "en",
            "The European Commission will mobilise €50bn for hydrogen networks by 2030.",
            "€50bn",
            "2025-02-10",
            ("by 2030", 2025, 2030),
        ),
        (
            "en",
            "The bloc set aside €95bn for research between 2021 and 2027.",
            "€95bn",
            "2025-02-10",
            ("between 2021 and 2027", 2021, 2027),
        ),
        (
            "fr",
            "Le plan de 54 milliards d'euros de la France sera étalé sur cinq ans.",
            "54 milliards d'euros",
            "2021-10-12",
            ("sur cinq ans", 2021, 2026),
        ),
        (
            "fr",
            "Le canadien Brookfield a promis 20 milliards d'euros d'ici à 2030.",
            "20 milliards d'euros",
            "2025-02-10",
            ("d'ici à 2030", 2025, 2030),
        ),
        (
            "fr",
            "Le canadien Brookfield a promis 20 milliards d'euros d'ici à 2030.",
            "20 milliards d'euros",
            None,
            ("d'ici à 2030", None, 2030),
        ),
    ],
)
def test_pledges_period_resolved_against_the_document_date(
    nlp_en: Language,
    nlp_fr: Language,
    lang: str,
    text: str,
    amount: str,
    date: str | None,
    period: tuple[str, int | None, int | None],
) -> None:
    span = _one(nlp_en if lang == "en" else nlp_fr, text, amount)
    resolved = resolve_period(span._.pledge.period, date)
    assert resolved == {"text": period[0], "start_year": period[1], "end_year": period[2]}


@pytest.mark.parametrize(
    ("lang", "text", "amount", "status"),
    [
        ("en", "Microsoft pledged $3bn to expand its data centres in Spain.", "$3bn", "committed"),
        (
            "en",
            "The EU will invest €10bn in batteries if member states agree.",
            "€10bn",
            "conditional",
        ),
        ("en", "Alphabet plans to spend $75bn on servers this year.", "$75bn", "proposed"),
        ("en", "Nvidia announced a $5bn investment in Taiwan.", "$5bn", "announced"),
        (
            "fr",
            "Le gouvernement va débloquer 3 milliards d'euros pour les hôpitaux.",
            "3 milliards d'euros",
            "committed",
        ),
        (
            "fr",
            "L'Allemagne apportera 5 milliards d'euros à condition que ses partenaires suivent.",
            "5 milliards d'euros",
            "conditional",
        ),
        (
            "fr",
            "Le groupe envisage d'investir 2 milliards d'euros en Espagne.",
            "2 milliards d'euros",
            "proposed",
        ),
    ],
)
def test_pledges_status(
    nlp_en: Language, nlp_fr: Language, lang: str, text: str, amount: str, status: str
) -> None:
    span = _one(nlp_en if lang == "en" else nlp_fr, text, amount)
    assert span._.pledge.is_pledge
    assert span._.pledge.status == status


@pytest.mark.parametrize(
    ("lang", "text", "original", "conversion"),
    [
        (
            "en",
            "France will mobilise €109bn ($112.5bn) for artificial intelligence.",
            "€109bn",
            "$112.5bn",
        ),
        (
            "fr",
            "La France mobilisera 109 milliards d'euros (environ 112 milliards de dollars).",
            "109 milliards d'euros",
            "112 milliards de dollars",
        ),
    ],
)
def test_pledges_conversion_restates_its_original(
    nlp_en: Language, nlp_fr: Language, lang: str, text: str, original: str, conversion: str
) -> None:
    spans = _amounts(nlp_en if lang == "en" else nlp_fr, text)
    by_text = {s.text: s for s in spans}
    first, second = by_text[original]._.pledge, by_text[conversion]._.pledge
    assert first.is_pledge and second.is_pledge
    assert second.converts == spans.index(by_text[original])
    assert _pledger(by_text[conversion]) == _pledger(by_text[original]) == "France"


def test_pledges_repeated_figure_is_the_same_pledge(nlp_fr: Language) -> None:
    text = (
        "Le projet américain prévoit d'investir 500 milliards de dollars. "
        "Les Américains, c'est 500 milliards ; le chiffre impressionne."
    )
    spans = _amounts(nlp_fr, text)
    assert [s._.pledge.is_pledge for s in spans] == [True, True]
    assert spans[1]._.pledge.why == "repeat"


# A bare "$" or "dollars" in a story about a dollar country is the local dollar.
LOCAL_DOLLARS = [
    (
        # A Canadian story: "$" is the Canadian dollar, "US$" stays the US one.
        "en",
        "OTTAWA, April 16 - Ottawa's budget adds $15 billion for apartments, the "
        "government said. Canada will also buy US$2 billion of American equipment.",
        {"$15 billion": "CAD", "US$2 billion": "USD"},
    ),
    (
        "fr",
        "MONTRÉAL - Hydro-Québec investira 185 milliards de dollars au Québec d'ici à "
        "2035, a annoncé le gouvernement du Canada.",
        {"185 milliards de dollars": "CAD"},
    ),
    (
        # A story about the United States that mentions Canada once: US dollars.
        "en",
        "WASHINGTON - The United States will spend $15 billion on roads in Texas and "
        "Ohio, more than Canada plans to.",
        {"$15 billion": "USD"},
    ),
    (
        # Canada in most place mentions, but the dateline is American: US dollars.
        "en",
        "WASHINGTON - President Donald Trump said Canada would pay $61 billion to join "
        "the shield. Canada has not agreed, and Ottawa said Canada was not for sale.",
        {"$61 billion": "USD"},
    ),
]
# Dirhams, francs CFA, riyals, pesos, crowns...: the code of the country the story is about.
SHARED_NAMES = [
    (
        "fr",
        "RABAT - Le Maroc investira 53 MMDH dans la ligne à grande vitesse, et le stade de "
        "Benslimane coûtera 5 milliards de dirhams, a indiqué le gouvernement marocain.",
        {"53 MMDH": "MAD", "5 milliards de dirhams": "MAD"},
    ),
    (
        "en",
        "DUBAI - The United Arab Emirates will spend 30 billion dirhams on new roads, the "
        "UAE government said on Monday in Abu Dhabi.",
        {"30 billion dirhams": "AED"},
    ),
    (
        "fr",
        "Le Sénégal a promis 500 milliards de francs CFA aux écoles ; Dakar a confirmé.",
        {"500 milliards de francs CFA": "XOF"},
    ),
    (
        # No home country: the one named in the amount's sentence.
        "en",
        "Brazil and Colombia launched the fund in Belem. Norway said it would invest up "
        "to 30 billion crowns over ten years.",
        {"30 billion crowns": "NOK"},
    ),
]


@pytest.mark.parametrize(("lang", "text", "expected"), LOCAL_DOLLARS + SHARED_NAMES)
def test_currency_is_the_story_country_s(
    nlp_en: Language, nlp_fr: Language, lang: str, text: str, expected: dict[str, str]
) -> None:
    """A bare dollar, or a currency name several countries use, is the currency of the
    country the story is about: its dateline's, most of its places', or the one named in the
    amount's sentence."""
    nlp = nlp_en if lang == "en" else nlp_fr
    got = {s.text: s._.amount.currency for s in _amounts(nlp, text)}
    assert {k: got.get(k) for k in expected} == expected, got
