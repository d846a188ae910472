"""The money amount parser on hand-written hard cases, FR and EN, plus property tests."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract.money.parse import Amount, _parse, amounts_jsonl, parse_amounts

# (text, [(span text, amount, amount_max, currency, qualifier), ...])
Case = tuple[str, list[tuple[str, float, float | None, str | None, str]]]

FR_CASES: list[Case] = [
    ("Il annonce 109 milliards d'euros.", [("109 milliards d'euros", 109e9, None, "EUR", "exact")]),
    ("Il annonce 109 milliards d’euros.", [("109 milliards d’euros", 109e9, None, "EUR", "exact")]),
    (
        "Un coût de 1,3 billion de dollars.",
        [("1,3 billion de dollars", 1.3e12, None, "USD", "exact")],
    ),
    ("Un demi-billion d'euros.", [("Un demi-billion d'euros", 0.5e12, None, "EUR", "exact")]),
    ("Pour 12 500 € net.", [("12 500 €", 12500, None, "EUR", "exact")]),
    ("Pour 12\u00a0500 € net.", [("12\u00a0500 €", 12500, None, "EUR", "exact")]),
    ("Pour 12\u202f500\u202f€ net.", [("12\u202f500\u202f€", 12500, None, "EUR", "exact")]),
    ("Il coûte 1.300 € par mois.", [("1.300 €", 1300, None, "EUR", "exact")]),
    ("Il coûte 12,345 $.", [("12,345 $", 12.345, None, "USD", "exact")]),
    ("Soit 125.000,50 $ en tout.", [("125.000,50 $", 125000.5, None, "USD", "exact")]),
    ("Un budget de 20 M€.", [("20 M€", 20e6, None, "EUR", "exact")]),
    ("Un budget de 109 Md€.", [("109 Md€", 109e9, None, "EUR", "exact")]),
    ("Un budget de 3 Mds $.", [("3 Mds $", 3e9, None, "USD", "exact")]),
    ("Il reçoit 20 MUSD.", [("20 MUSD", 20e6, None, "USD", "exact")]),
    ("Vingt millions de dollars.", [("Vingt millions de dollars", 20e6, None, "USD", "exact")]),
    ("Deux cents euros.", [("Deux cents euros", 200, None, "EUR", "exact")]),
    (
        "Quatre-vingt-dix-neuf dollars.",
        [("Quatre-vingt-dix-neuf dollars", 99, None, "USD", "exact")],
    ),
    ("Soixante et onze euros.", [("Soixante et onze euros", 71, None, "EUR", "exact")]),
    ("Mille euros.", [("Mille euros", 1000, None, "EUR", "exact")]),
    (
        "Un milliard et demi d'euros.",
        [("Un milliard et demi d'euros", 1.5e9, None, "EUR", "exact")],
    ),
    (
        "Deux millions trois cent mille euros.",
        [("Deux millions trois cent mille euros", 2.3e6, None, "EUR", "exact")],
    ),
    (
        "Un quart de milliard d'euros.",
        [("Un quart de milliard d'euros", 0.25e9, None, "EUR", "exact")],
    ),
    (
        "Une trentaine de milliards d'euros.",
        [("Une trentaine de milliards d'euros", 30e9, None, "EUR", "approx")],
    ),
    (
        "Jusqu'à 500 milliards de dollars.",
        [("500 milliards de dollars", 500e9, None, "USD", "up_to")],
    ),
    (
        "Jusqu’à 500 milliards de dollars.",
        [("500 milliards de dollars", 500e9, None, "USD", "up_to")],
    ),
    ("Au moins 5 millions de dollars.", [("5 millions de dollars", 5e6, None, "USD", "at_least")]),
    ("Plus de 10 000 euros.", [("10 000 euros", 1e4, None, "EUR", "at_least")]),
    ("Pas plus de 10 dollars.", [("10 dollars", 10, None, "USD", "up_to")]),
    (
        "Environ 2 millions de livres sterling.",
        [("2 millions de livres sterling", 2e6, None, "GBP", "approx")],
    ),
    ("Près de 110 milliards d'euros.", [("110 milliards d'euros", 110e9, None, "EUR", "approx")]),
    (
        "Quelque 40 millions de francs suisses.",
        [("40 millions de francs suisses", 40e6, None, "CHF", "approx")],
    ),
    ("De 30 à 50 milliards d'euros.", [("30 à 50 milliards d'euros", 30e9, 50e9, "EUR", "range")]),
    # A year before "à" is no lower bound: two amounts, not "2015 à 3,1 milliards".
    (
        "Passé de 460 millions de dollars en 2015 à 3,1 milliards de dollars.",
        [
            ("460 millions de dollars", 460e6, None, "USD", "exact"),
            ("3,1 milliards de dollars", 3.1e9, None, "USD", "exact"),
        ],
    ),
    (
        "Entre 30 et 50 milliards d'euros.",
        [("30 et 50 milliards d'euros", 30e9, 50e9, "EUR", "range")],
    ),
    ("Entre 10 euros et 20 euros.", [("10 euros et 20 euros", 10, 20, "EUR", "range")]),
    (
        "Un campus de 30-50 milliards d'euros.",
        [("30-50 milliards d'euros", 30e9, 50e9, "EUR", "range")],
    ),
    ("Un campus de 30 à 50 Md€.", [("30 à 50 Md€", 30e9, 50e9, "EUR", "range")]),
    (
        "Il paie 100 $ CA et 50 $ US.",
        [("100 $ CA", 100, None, "CAD", "exact"), ("50 $ US", 50, None, "USD", "exact")],
    ),
    (
        "Soit 40 millions de dollars américains.",
        [("40 millions de dollars américains", 40e6, None, "USD", "exact")],
    ),
    ("Soit 15 milliards de yens.", [("15 milliards de yens", 15e9, None, "JPY", "exact")]),
    ("Soit 20 milliards de yuans.", [("20 milliards de yuans", 20e9, None, "CNY", "exact")]),
    ("Soit 3 milliards de roupies.", [("3 milliards de roupies", 3e9, None, "INR", "exact")]),
    ("Soit 2 millions de livres.", [("2 millions de livres", 2e6, None, "GBP", "exact")]),
    ("Soit 528 millions de francs.", [("528 millions de francs", 528e6, None, "CHF", "exact")]),
    ("Un crédit de EUR 1000.", [("EUR 1000", 1000, None, "EUR", "exact")]),
    ("Mille milliards d'euros.", [("Mille milliards d'euros", 1e12, None, "EUR", "exact")]),
    (
        "Une aide pouvant atteindre 476 milliards de yens.",
        [("476 milliards de yens", 476e9, None, "JPY", "up_to")],
    ),
    (
        "La dette dépasse 3.300 milliards d'euros.",
        [("3.300 milliards d'euros", 3.3e12, None, "EUR", "at_least")],
    ),
    (
        "Treize euros et quarante-cinq cents.",
        [("Treize euros et quarante-cinq cents", 13.45, None, "EUR", "exact")],
    ),
]

EN_CASES: list[Case] = [
    ("It pledged €109bn.", [("€109bn", 109e9, None, "EUR", "exact")]),
    ("A $1.5tn plan.", [("$1.5tn", 1.5e12, None, "USD", "exact")]),
    (
        "A 26 trillion won package; they won 3 seats.",
        [("26 trillion won", 26e12, None, "KRW", "exact")],
    ),
    ("It cost 1,300.5 dollars.", [("1,300.5 dollars", 1300.5, None, "USD", "exact")]),
    ("It raised $ 75 million.", [("$ 75 million", 75e6, None, "USD", "exact")]),
    ("Sales of 1 billion euros.", [("1 billion euros", 1e9, None, "EUR", "exact")]),
    (
        "Worth 420 million finnish markka.",
        [("420 million finnish markka", 420e6, None, "FIM", "exact")],
    ),
    ("A US$4.7 billion deal.", [("US$4.7 billion", 4.7e9, None, "USD", "exact")]),
    (
        "Costs C$10 and A$20 and HK$30.",
        [
            ("C$10", 10, None, "CAD", "exact"),
            ("A$20", 20, None, "AUD", "exact"),
            ("HK$30", 30, None, "HKD", "exact"),
        ],
    ),
    (
        "Paid ¥500 and ₹1,000.",
        [("¥500", 500, None, "JPY", "exact"), ("₹1,000", 1000, None, "INR", "exact")],
    ),
    (
        "Paid CHF 50 and USD115.",
        [("CHF 50", 50, None, "CHF", "exact"), ("USD115", 115, None, "USD", "exact")],
    ),
    ("It lost 75 USD million.", [("75 USD million", 75e6, None, "USD", "exact")]),
    ("Half a billion dollars.", [("Half a billion dollars", 0.5e9, None, "USD", "exact")]),
    (
        "Three quarters of a billion euros.",
        [("Three quarters of a billion euros", 0.75e9, None, "EUR", "exact")],
    ),
    (
        "A quarter million us dollars.",
        [("A quarter million us dollars", 0.25e6, None, "USD", "exact")],
    ),
    ("A hundred dollars.", [("A hundred dollars", 100, None, "USD", "exact")]),
    (
        "One and a half billion dollars.",
        [("One and a half billion dollars", 1.5e9, None, "USD", "exact")],
    ),
    (
        "Two hundred million dollars.",
        [("Two hundred million dollars", 200e6, None, "USD", "exact")],
    ),
    ("Twenty-five pounds.", [("Twenty-five pounds", 25, None, "GBP", "exact")]),
    ("Five billion yen.", [("Five billion yen", 5e9, None, "JPY", "exact")]),
    ("100 billion yuan.", [("100 billion yuan", 100e9, None, "CNY", "exact")]),
    ("40 billion rupees.", [("40 billion rupees", 40e9, None, "INR", "exact")]),
    ("35 lakh rupees.", [("35 lakh rupees", 3.5e6, None, "INR", "exact")]),
    ("A $5-billion plan.", [("$5-billion", 5e9, None, "USD", "exact")]),
    ("A 10-million-dollar grant.", [("10-million-dollar", 10e6, None, "USD", "exact")]),
    ("Up to $5bn.", [("$5bn", 5e9, None, "USD", "up_to")]),
    ("As much as $2 billion.", [("$2 billion", 2e9, None, "USD", "up_to")]),
    ("Less than 7 EUR.", [("7 EUR", 7, None, "EUR", "up_to")]),
    ("At least $3m.", [("$3m", 3e6, None, "USD", "at_least")]),
    ("More than $1.42.", [("$1.42", 1.42, None, "USD", "at_least")]),
    ("Over $10k.", [("$10k", 1e4, None, "USD", "at_least")]),
    ("About $1.5tn.", [("$1.5tn", 1.5e12, None, "USD", "approx")]),
    ("Nearly €3 billion.", [("€3 billion", 3e9, None, "EUR", "approx")]),
    ("Some $40 million.", [("$40 million", 40e6, None, "USD", "approx")]),
    ("$5bn or more.", [("$5bn", 5e9, None, "USD", "at_least")]),
    ("Between $5bn and $10bn.", [("$5bn and $10bn", 5e9, 10e9, "USD", "range")]),
    ("From 10 to 20 dollars.", [("10 to 20 dollars", 10, 20, "USD", "range")]),
    ("About $10-$20.", [("$10-$20", 10, 20, "USD", "range")]),
    ("30-50 billion euros.", [("30-50 billion euros", 30e9, 50e9, "EUR", "range")]),
    ("$10–20 million.", [("$10–20 million", 10e6, 20e6, "USD", "range")]),
    (
        "Between 500,000 and 1 million dollars.",
        [("500,000 and 1 million dollars", 5e5, 1e6, "USD", "range")],
    ),
    (
        "It rose from $5bn to $10bn.",
        [("$5bn", 5e9, None, "USD", "exact"), ("$10bn", 10e9, None, "USD", "exact")],
    ),
    ("It costs $20 and 43c.", [("$20 and 43c", 20.43, None, "USD", "exact")]),
    ("It costs 3 dollars 50 cents.", [("3 dollars 50 cents", 3.5, None, "USD", "exact")]),
    ("Worth ₹1.26 lakh crore.", [("₹1.26 lakh crore", 1.26e12, None, "INR", "exact")]),
    ("Capex of $60bn-65bn this year.", [("$60bn-65bn", 60e9, 65e9, "USD", "range")]),
    ("They spar over $2.5bn.", [("$2.5bn", 2.5e9, None, "USD", "exact")]),
    ("Output exceeds $25tn.", [("$25tn", 25e12, None, "USD", "at_least")]),
    (
        "Give me 30 MUSD or 120 MEUR.",
        [("30 MUSD", 30e6, None, "USD", "exact"), ("120 MEUR", 120e6, None, "EUR", "exact")],
    ),
    ("In 2015 dollars, that is $5bn.", [("$5bn", 5e9, None, "USD", "exact")]),
]

NEGATIVES = [
    ("en", "The G7 met at COP29 in 2024; 15% of GDP; page 12; call 555-1234."),
    ("en", "It shipped 20,000 tonnes and 5 GW over 300 km, creating 2 million jobs."),
    ("en", "India has 1.4 billion people and 10,000 GPUs."),
    ("en", "All 70 of us. ALL 5 solutions are wrong. I tried to call Bob 3 times."),
    ("en", "A population of 3 billion, about 5."),
    ("en", "The F-35, the A380 and COVID-19."),
    ("fr", "Le G7 et la COP 29 en 2024, 15 % du PIB, page 12, au 01 23 45 67 89."),
    ("fr", "Il y a 3 millions d'habitants et 35 000 emplois pour 20 000 tonnes."),
    ("fr", "Il a levé 500 millions en 2024 (400 millions en 2023)."),
    ("fr", "Le 14 juillet 1789, pour cent, la moitié des 27 États membres."),
]


def _norm(found: list[Amount]) -> list[tuple[str, float, float | None, str | None, str]]:
    return [(a.text, a.amount, a.amount_max, a.currency, a.qualifier) for a in found]


def _check(text: str, lang: str, expected: list[tuple]) -> None:
    got = _norm(_parse(text, lang))
    assert len(got) == len(expected), got
    for g, e in zip(got, expected, strict=True):
        assert g[0] == e[0] and g[3] == e[3] and g[4] == e[4], (g, e)
        assert g[1] == pytest.approx(e[1], rel=1e-9), (g, e)
        assert (g[2] is None) == (e[2] is None), (g, e)
        if e[2] is not None:
            assert g[2] == pytest.approx(e[2], rel=1e-9), (g, e)


@pytest.mark.parametrize("text,expected", FR_CASES, ids=[c[0][:40] for c in FR_CASES])
def test_money_parse_french_cases(text: str, expected: list[tuple]) -> None:
    _check(text, "fr", expected)


@pytest.mark.parametrize("text,expected", EN_CASES, ids=[c[0][:40] for c in EN_CASES])
def test_money_parse_english_cases(text: str, expected: list[tuple]) -> None:
    _check(text, "en", expected)


@pytest.mark.parametrize("lang,text", NEGATIVES)
def test_money_parse_not_money(lang: str, text: str) -> None:
    assert _parse(text, lang) == []


@pytest.mark.parametrize(
    "lang,text,bare,currency",
    [
        (
            "fr",
            "L'UE mobilise 109 milliards d'euros, c'est 500 milliards sur cinq ans.",
            "500 milliards",
            "EUR",
        ),
        ("en", "The UK promised £2bn, that is 500 billion more.", "500 billion", "GBP"),
        (
            "fr",
            "Les États-Unis : 500 milliards de dollars.\nNous : 500 milliards.",
            "500 milliards",
            "USD",
        ),
        (
            "fr",
            "Il a promis 3 milliards d'euros. Puis 500 milliards de plus.",
            "500 milliards",
            "EUR",
        ),
        ("fr", "Il atteindra 64 Md€, le double des 32 milliards de 2017.", "32 milliards", "EUR"),
        (
            "fr",
            "Soit 40 milliards de livres, dont 25 milliards tirés des cotisations.",
            "25 milliards",
            "GBP",
        ),
        (
            "fr",
            "Deux cents milliards ici. Le plan de 200 milliards d'euros.",
            "Deux cents milliards",
            "EUR",
        ),
        (
            "fr",
            "Il a promis 5 milliards d'euros.\n\nPuis 110 milliards d'investissements.",
            "110 milliards",
            "EUR",
        ),
    ],
)
def test_money_parse_elided_currency(lang: str, text: str, bare: str, currency: str) -> None:
    found = {a.text: a for a in _parse(text, lang)}
    assert found[bare].currency == currency
    assert found[bare].currency_inferred is True


@pytest.mark.parametrize(
    "lang,text,explicit",
    [
        ("fr", "500 milliards, c'est beaucoup.", []),
        ("en", "That is 500 billion.", []),
        ("en", "The EU committed €5bn.\nA population of 1.4 billion.", ["€5bn"]),
        (
            "fr",
            "L'UE a promis 5 milliards d'euros. Il y a 2 milliards de personnes.",
            ["5 milliards d'euros"],
        ),
    ],
)
def test_money_parse_bare_number_that_is_not_money(
    lang: str, text: str, explicit: list[str]
) -> None:
    assert [a.text for a in _parse(text, lang)] == explicit


@pytest.mark.parametrize(
    "lang,text,first,second",
    [
        ("en", "France's €109bn ($112.5bn) plan.", "EUR", "USD"),
        ("en", "A £1bn (€1.2bn) fund.", "GBP", "EUR"),
        ("fr", "109 milliards d'euros (environ 112 milliards de dollars).", "EUR", "USD"),
        ("fr", "109 milliards d'euros, soit 112 milliards de dollars.", "EUR", "USD"),
    ],
)
def test_money_parse_conversion(lang: str, text: str, first: str, second: str) -> None:
    found = _parse(text, lang)
    assert [a.currency for a in found] == [first, second]
    assert found[0].converts is None and found[1].converts == 0


@pytest.mark.parametrize(
    "lang,text,qualifiers,converts",
    [
        ("en", "More than ¥10 trillion ($65bn) in support.", ["at_least", "at_least"], [None, 0]),
        ("en", "Up to €5bn ($5.4bn).", ["up_to", "up_to"], [None, 0]),
        ("en", "Rs 10,372 crore, roughly $1.25bn, for AI.", ["exact", "approx"], [None, 0]),
        (
            "fr",
            "Plus de 10 billions de yens (10 000 milliards, soit environ 61 milliards d'euros).",
            ["at_least", "at_least", "approx"],
            [None, 0, 0],
        ),
    ],
)
def test_money_parse_conversion_takes_qualifier_of_restated_amount(
    lang: str, text: str, qualifiers: list[str], converts: list[int | None]
) -> None:
    found = _parse(text, lang)
    assert [a.qualifier for a in found] == qualifiers
    assert [a.converts for a in found] == converts


def test_money_parse_conversion_keeps_its_qualifier() -> None:
    found = _parse("109 milliards d'euros (environ 112 milliards de dollars)", "fr")
    assert found[1].text == "112 milliards de dollars" and found[1].qualifier == "approx"


def test_money_parse_same_currency_in_brackets_is_not_a_conversion() -> None:
    found = _parse("A €5bn (€2bn of it new) plan.", "en")
    assert [a.converts for a in found] == [None, None]


def test_amounts_jsonl_bounds_per_qualifier() -> None:
    lines = [
        json.dumps({"id": "r", "lang": "fr", "input": "entre 10 et 20 euros"}),
        json.dumps({"id": "u", "lang": "en", "input": "under seven euros"}),
        json.dumps({"id": "a", "lang": "en", "input": "at least $1.42"}),
        json.dumps({"id": "e", "lang": "en", "input": "$5"}),
        "",
        "not json",
    ]
    out = [json.loads(x) for x in amounts_jsonl(lines)]
    assert [o["id"] for o in out] == ["r", "u", "a", "e", None]
    bounds = [[(f["min"], f["max"]) for f in o["found"]] for o in out]
    assert bounds == [[(10, 20)], [(None, 7)], [(1.42, None)], [(None, None)], []]
    assert "error" in out[-1]
    assert set(out[0]["found"][0]) == {
        "text",
        "start",
        "end",
        "amount",
        "amount_max",
        "currency",
        "qualifier",
        "min",
        "max",
    }


_WORDS = (
    "milliards|million|bn|Md|de|d'|dollars|euros|et|and|between|entre|to|à|up to|jusqu'à|half|a|"
    "un|demi|cent|cents|vingt|quatre|et demi|USD|US$|soit|or|une|trentaine|hundred|thousand|"
    "mille|lakh|crore|2024|12 500|1,5|1.300|$ c|43c|over|spar|plus de|environ|(|)"
)
MONEY_WORDS = _WORDS.split("|")
MONEY_ALPHABET = st.sampled_from(
    list("0123456789 ,.'’-–()$€£¥₹\u00a0\u202f\nkKmMbB%") + MONEY_WORDS + ["9" * 400]
)
TEXTS = st.one_of(
    st.text(),
    st.lists(MONEY_ALPHABET, max_size=30).map(" ".join),
    st.lists(MONEY_ALPHABET, max_size=30).map("".join),
)


@settings(max_examples=400, deadline=None)
@given(text=TEXTS, lang=st.sampled_from(["fr", "en"]))
def test_money_parse_properties(text: str, lang: str) -> None:
    found = _parse(text, lang)  # the unguarded parser: any exception fails the test
    assert [a.start for a in found] == sorted(a.start for a in found)
    for a in found:
        assert 0 <= a.start < a.end <= len(text)
        assert text[a.start : a.end] == a.text
        assert a.qualifier in ("exact", "approx", "up_to", "at_least", "range")
        if a.amount_max is not None:
            assert a.qualifier == "range" and a.amount_max >= a.amount
        if a.converts is not None:
            assert 0 <= a.converts < found.index(a)
    assert parse_amounts(text, lang) == found
