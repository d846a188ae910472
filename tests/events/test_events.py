"""Pledge events across documents and languages, on small synthetic record lists."""

from __future__ import annotations

import random
from typing import Any

import pytest

from pipeline.events import build_events, compatible
from tests.events.items import kb_id, pledge_item


def _item(
    n: int, text: str, amount: float, currency: str, actor: str | None = None, **extra: Any
) -> dict[str, Any]:
    return pledge_item(n, text, amount, currency, actor, **extra)


def _record(doc: str, lang: str, date: str | None, *items: dict[str, Any]) -> dict[str, Any]:
    return {
        "doc_id": doc,
        "source": f"{doc}.txt",
        "date": date,
        "lang": lang,
        "status": "ok",
        "actors": [],
        "pledges": list(items),
    }


def _sources(event: dict[str, Any]) -> list[str]:
    return [s["item_id"] for s in event["sources"]]


def test_events_same_pledge_in_two_languages_is_one_event() -> None:
    records = [
        _record(
            "fr1",
            "fr",
            "2025-02-09",
            _item(1, "109 milliards d'euros", 109e9, "EUR", "Emmanuel Macron"),
        ),
        _record("en1", "en", "2025-02-10", _item(2, "€109bn", 109e9, "EUR", "France")),
        _record(
            "fr2",
            "fr",
            "2025-02-11",
            _item(3, "près de 110 milliards", 110e9, "EUR", "Emmanuel Macron"),
        ),
    ]
    events = build_events(records)
    assert len(events) == 1
    event = events[0]
    assert sorted(_sources(event)) == ["p1", "p2", "p3"]
    assert event["documents"] == 3 and event["languages"] == ["en", "fr"]
    assert event["amount_eur"] == pytest.approx(109e9)  # median over the three documents
    assert event["currency"] == "EUR" and event["amount"] == 109e9  # the first source's figure
    assert event["spread"] == {"min_eur": 109e9, "max_eur": 110e9}
    assert event["discrepancy"] is False  # 0.9 % apart


def test_events_conversion_is_listed_but_never_counted() -> None:
    original = _item(1, "€109bn", 109e9, "EUR", "France")
    conversion = _item(2, "$112.5bn", 112.5e9, "USD", "France", converts_id="p1")
    events = build_events([_record("en1", "en", "2025-02-10", original, conversion)])
    assert len(events) == 1
    sources = {s["item_id"]: s for s in events[0]["sources"]}
    assert sources["p2"]["conversion"] is True and sources["p1"]["conversion"] is False
    assert events[0]["amount_eur"] == pytest.approx(109e9)
    assert events[0]["spread"] == {"min_eur": 109e9, "max_eur": 109e9}


def test_events_dollar_figure_matches_euros_after_conversion() -> None:
    records = [
        _record(
            "fr1", "fr", "2025-02-09", _item(1, "109 milliards d'euros", 109e9, "EUR", "France")
        ),
        # an undated article: converted at the corpus's median date, not at the run date
        _record(
            "fr0", "fr", None, _item(2, "112 milliards de dollars", 112e9, "USD", "Emmanuel Macron")
        ),
    ]
    events = build_events(records)
    assert len(events) == 1
    dollars = next(s for s in events[0]["sources"] if s["currency"] == "USD")
    assert dollars["rate_date"] == "2025-02-07"
    assert dollars["amount_eur"] == pytest.approx(112e9 / 1.0377, rel=1e-6)


def test_events_discrepancy_when_sources_disagree_beyond_five_percent() -> None:
    records = [
        _record(
            "a",
            "en",
            "2025-02-10",
            _item(1, "about €100bn", 100e9, "EUR", "Germany", qualifier="approx"),
        ),
        _record("b", "en", "2025-02-11", _item(2, "€107bn", 107e9, "EUR", "Germany")),
    ]
    events = build_events(records)
    assert len(events) == 1  # "about" allows the gap; the disagreement is flagged, not averaged
    assert events[0]["discrepancy"] is True
    assert events[0]["spread"] == {"min_eur": 100e9, "max_eur": 107e9}


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        (("14 milliards de dollars", 14e9), ("13,92 milliards de dollars", 13.92e9), True),
        (("€150 billion", 150e9), ("€148 billion", 148e9), True),
        (("110 millions d'euros", 110e6), ("100 millions d'euros", 100e6), False),
        (("$150 billion", 150e9), ("$142 billion", 142e9), False),
    ],
)
def test_events_amounts_agree_within_the_rounding_the_text_allows(
    first: tuple[str, float], second: tuple[str, float], same: bool
) -> None:
    currency = "USD" if "dollar" in first[0] or "$" in first[0] else "EUR"
    records = [
        _record("a", "fr", "2025-02-10", _item(1, first[0], first[1], currency, "France")),
        _record("b", "fr", "2025-02-11", _item(2, second[0], second[1], currency, "France")),
    ]
    assert (len(build_events(records)) == 1) is same


def test_events_different_pledgers_same_amount_stay_apart() -> None:
    records = [
        _record("a", "en", "2025-02-10", _item(1, "€20bn", 20e9, "EUR", "Brookfield")),
        _record(
            "b",
            "fr",
            "2025-02-10",
            _item(2, "20 milliards d'euros", 20e9, "EUR", "European Commission"),
        ),
    ]
    assert len(build_events(records)) == 2


def test_events_range_matches_overlapping_figures() -> None:
    records = [
        _record(
            "a",
            "en",
            "2025-02-07",
            _item(
                1,
                "€30bn to €50bn",
                30e9,
                "EUR",
                "United Arab Emirates",
                amount_max=50e9,
                qualifier="range",
            ),
        ),
        _record(
            "b",
            "fr",
            "2025-02-10",
            _item(
                2,
                "entre 30 et 50 milliards d'euros",
                30e9,
                "EUR",
                "United Arab Emirates",
                amount_max=50e9,
                qualifier="range",
            ),
        ),
        _record(
            "c",
            "fr",
            "2025-02-10",
            _item(3, "40 milliards d'euros", 40e9, "EUR", "United Arab Emirates"),
        ),
    ]
    events = build_events(records)
    assert len(events) == 1
    assert events[0]["amount_max_eur"] == pytest.approx(50e9)


def test_events_unknown_pledger_joins_only_on_strong_agreement() -> None:
    records = [
        _record("a", "en", "2025-02-10", _item(1, "$400 million", 400e6, "USD", "Current AI")),
        _record("b", "fr", "2025-02-11", _item(2, "400 millions de dollars", 400e6, "USD")),
        _record("c", "en", "2025-02-11", _item(3, "$430 million", 430e6, "USD")),  # 7 % off
    ]
    events = build_events(records)
    assert sorted(len(e["sources"]) for e in events) == [1, 2]
    big = max(events, key=lambda e: len(e["sources"]))
    assert sorted(_sources(big)) == ["p1", "p2"]
    assert big["actor_name"] == "Current AI"


@pytest.mark.parametrize(
    ("person", "party"),
    [("Emmanuel Macron", "France"), ("Ursula von der Leyen", "European Commission")],
)
def test_events_person_and_the_party_they_lead_are_compatible(person: str, party: str) -> None:
    assert compatible(kb_id(person), kb_id(party))
    assert compatible(kb_id(party), kb_id(person))
    assert not compatible(kb_id(person), kb_id("Brookfield"))


def test_events_non_pledges_are_ignored() -> None:
    market = _item(1, "$1.3tn", 1.3e12, "USD", is_pledge=False)
    assert build_events([_record("a", "en", "2025-02-10", market)]) == []


def test_events_output_is_deterministic_whatever_the_input_order() -> None:
    records = [
        _record(
            "a",
            "en",
            "2025-02-10",
            _item(1, "€109bn", 109e9, "EUR", "France"),
            _item(2, "€20bn", 20e9, "EUR", "Brookfield"),
        ),
        _record(
            "b", "fr", "2025-02-11", _item(3, "109 milliards", 109e9, "EUR", "Emmanuel Macron")
        ),
        _record("c", "en", "2025-02-12", _item(4, "$500bn", 500e9, "USD", "Stargate")),
    ]
    first = build_events(records)
    shuffled = records[:]
    random.Random(7).shuffle(shuffled)
    assert build_events(shuffled) == first
    assert [e["amount_eur"] for e in first] == sorted(
        (e["amount_eur"] for e in first), reverse=True
    )
    assert len({e["id"] for e in first}) == len(first)
