"""Which mentions are one pledge event, on synthetic records: purposes and periods checked
against the whole event (so a bare figure cannot chain two deals of one round amount), a
headline joining its own document's pledge, one bilateral deal announced by both parties,
and figures given under a named programme as parts of it across documents."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.events import build_events, conflict
from pipeline.events.parts import programme_of
from pipeline.events.resolve import Mention, _deal, made_in, topics, yearly
from pipeline.report.context import totals
from tests.events.items import kb_id, pledge_item


def _item(
    n: int,
    text: str,
    amount: float,
    currency: str,
    actor: str | None,
    sentence: str,
    purpose: str | None = None,
    end_year: int | None = None,
    start: int | None = None,
) -> dict[str, Any]:
    period = {"end_year": end_year, "start_year": None, "text": str(end_year)}
    return pledge_item(
        n,
        text,
        amount,
        currency,
        actor,
        start=start,
        spacing=300,
        sentence=sentence,
        purpose={"text": purpose} if purpose else None,
        period=period if end_year else None,
    )


def _record(
    doc: str, lang: str, date: str, *items: dict[str, Any], named: tuple[str, ...] = ()
) -> dict[str, Any]:
    """A document whose `named` actors are mentioned right next to each of its figures."""
    actors = [
        {"id": kb_id(name), "name": name, "mentions": [{"start": i["start"]} for i in items]}
        for name in named
    ]
    return {
        "doc_id": doc,
        "source": f"{doc}.txt",
        "date": date,
        "lang": lang,
        "status": "ok",
        "actors": actors,
        "pledges": list(items),
    }


def _groups(events: list[dict[str, Any]]) -> set[frozenset[str]]:
    return {frozenset(s["item_id"] for s in e["sources"]) for e in events}


@pytest.mark.parametrize(
    ("a", "b", "shared"),
    [
        ("in green hydrogen plants", "à des usines d'hydrogène vert", True),
        ("for artificial intelligence data centres", "pour l'intelligence artificielle", True),
        ("in green hydrogen plants", "for artificial intelligence data centres", False),
        ("for new investment", "an investment fund", False),  # generic words only
    ],
)
def test_event_topics_meet_across_cognates_not_on_generic_words(
    a: str, b: str, shared: bool
) -> None:
    assert bool(topics(a) & topics(b)) is shared


@pytest.mark.parametrize(
    ("purpose", "expected"),
    [
        ("in Lisbon", frozenset()),  # a place says where, not what
        ("dans l'État membre de l'UE", frozenset({"membr"})),
        ("for drinking-water networks", frozenset({"drink", "water", "netwo"})),
    ],
)
def test_event_topics_leave_out_names(purpose: str, expected: frozenset[str]) -> None:
    assert topics(purpose) == expected


@pytest.mark.parametrize(
    ("sentence", "deal"),
    [
        ("India said it had agreed a $5 billion credit guarantee with Japan.", True),
        ("La Namibie a annoncé un partenariat de 4 milliards d'euros avec l'Allemagne.", True),
        ("Norway and Denmark each pledged €800 million.", False),
        ("La Norvège et le Danemark ont chacun promis 800 millions d'euros.", False),
        ("Germany pledged €4 billion for hydrogen.", False),
    ],
)
def test_event_deal_sentence(sentence: str, deal: bool) -> None:
    assert _deal(sentence) is deal


HYDROGEN_EN = "The Public Investment Fund will invest $100 billion in green hydrogen plants."
HYDROGEN_FR = "L'Arabie saoudite consacrera 100 milliards de dollars à l'hydrogène vert."
AI_EN = "Mohammed bin Salman announced $100 billion for artificial intelligence data centres."


def test_event_same_round_figure_for_two_purposes_is_two_events() -> None:
    records = [
        _record("a", "en", "2025-03-04", _item(1, "$100 billion", 100e9, "USD", "Public Investment Fund", HYDROGEN_EN, "in green hydrogen plants")),  # noqa: E501
        _record("b", "fr", "2025-03-05", _item(2, "100 milliards de dollars", 100e9, "USD", "Saudi Arabia", HYDROGEN_FR, "à l'hydrogène vert")),  # noqa: E501
        _record("c", "en", "2025-05-14", _item(3, "$100 billion", 100e9, "USD", "Mohammed bin Salman", AI_EN, "for artificial intelligence data centres")),  # noqa: E501
    ]  # fmt: skip
    assert _groups(build_events(records)) == {frozenset({"p1", "p2"}), frozenset({"p3"})}


def test_event_bare_figure_does_not_chain_two_deals() -> None:
    """A (hydrogen) and C (AI) are both compatible with B, which says neither what nor when:
    B may join one of them, never bring them together."""
    records = [
        _record("a", "en", "2025-03-04", _item(1, "$100 billion", 100e9, "USD", "Public Investment Fund", HYDROGEN_EN, "in green hydrogen plants", 2030)),  # noqa: E501
        _record("b", "en", "2025-04-01", _item(2, "$100bn", 100e9, "USD", "Saudi Arabia", "Saudi Arabia has promised $100bn.")),  # noqa: E501
        _record("c", "en", "2025-05-14", _item(3, "$100 billion", 100e9, "USD", "Mohammed bin Salman", AI_EN, "for artificial intelligence data centres")),  # noqa: E501
    ]  # fmt: skip
    groups = _groups(build_events(records))
    assert not any({"p1", "p3"} <= g for g in groups)
    assert len(groups) == 2


def test_event_other_period_end_blocks_a_merge_through_a_bare_figure() -> None:
    water = "The European Investment Bank will lend €1 billion for water networks by 2027."
    grid = "The European Investment Bank will lend €1 billion for power lines by 2029."
    records = [
        _record("a", "en", "2025-06-02", _item(1, "€1 billion", 1e9, "EUR", "European Investment Bank", water, "for water networks", 2027)),  # noqa: E501
        _record("b", "en", "2025-06-10", _item(2, "€1bn", 1e9, "EUR", "European Investment Bank", "The EIB lends €1bn.")),  # noqa: E501
        _record("c", "en", "2025-06-20", _item(3, "€1 billion", 1e9, "EUR", "European Investment Bank", grid, "for power lines", 2029)),  # noqa: E501
    ]  # fmt: skip
    groups = _groups(build_events(records))
    assert not any({"p1", "p3"} <= g for g in groups)


def test_event_headline_joins_its_own_documents_pledge() -> None:
    """The headline (no purpose) of the AI story joins the AI event its lead sentence
    starts, not the earlier hydrogen event of the same pledger and figure."""
    records = [
        _record("a", "en", "2025-03-04", _item(1, "$100 billion", 100e9, "USD", "Saudi Arabia", HYDROGEN_EN, "in green hydrogen plants")),  # noqa: E501
        _record(
            "b", "en", "2025-05-14",
            _item(2, "$100bn", 100e9, "USD", "Saudi Arabia", "Saudi Arabia promises $100bn for AI", start=0),  # noqa: E501
            _item(3, "$100 billion", 100e9, "USD", "Mohammed bin Salman", AI_EN, "for artificial intelligence data centres", start=80),  # noqa: E501
        ),
    ]  # fmt: skip
    assert _groups(build_events(records)) == {frozenset({"p1"}), frozenset({"p2", "p3"})}


@pytest.mark.parametrize(
    ("second", "one_pledge"),
    [
        ("to be collected over the period", True),  # two topic words: a rewording
        ("for drinking water pipes in Morocco", False),  # three: another pledge
    ],
)
def test_event_a_document_repeating_its_figure_needs_more_to_split_it(
    second: str, one_pledge: bool
) -> None:
    """Within one document, purposes part two mentions of one figure only with three topic
    words each that share none (two across documents)."""
    one = "The bank will lend $1 billion for the epidemic response in Kenya."
    two = f"The $1 billion are {second}."
    records = [
        _record(
            "a", "en", "2019-10-10",
            _item(1, "$1 billion", 1e9, "USD", "European Investment Bank", one, "for the epidemic response and vaccine"),  # noqa: E501
            _item(2, "$1 billion", 1e9, "USD", "European Investment Bank", two, second),
        ),
    ]  # fmt: skip
    assert len(build_events(records)) == (1 if one_pledge else 2)


GERMANY = "Germany will provide €4 billion for a green hydrogen partnership with Namibia."
NAMIBIA = "La Namibie a annoncé un partenariat de 4 milliards d'euros avec l'Allemagne."


def test_event_one_bilateral_deal_announced_by_both_parties_is_one_event() -> None:
    records = [
        _record("a", "en", "2025-09-10", _item(1, "€4 billion", 4e9, "EUR", "Germany", GERMANY), named=("Germany", "Namibia")),  # noqa: E501
        _record("b", "fr", "2025-09-11", _item(2, "4 milliards d'euros", 4e9, "EUR", "Namibia", NAMIBIA), named=("Namibia", "Germany")),  # noqa: E501
        _record("c", "en", "2025-09-12", _item(3, "€4bn", 4e9, "EUR", "Germany", "Germany's €4bn hydrogen deal."), named=("Germany",)),  # noqa: E501
    ]  # fmt: skip
    events = build_events(records)
    assert len(events) == 1
    assert {p["name"] for p in events[0]["pledgers"]} == {"Germany", "Namibia"}
    reasons = [r["reason"] for r in events[0]["merge_reasons"]]
    assert any("one deal announced by both parties" in r for r in reasons)


@pytest.mark.parametrize(
    ("sentence", "named"),
    [
        ("Norway and Denmark each pledged €800 million to the ocean fund.", ("Norway", "Denmark")),
        ("Denmark pledged €800 million with great fanfare.", ("Denmark",)),  # Norway unnamed
    ],
)
def test_event_two_countries_of_one_figure_stay_apart_without_a_deal(
    sentence: str, named: tuple[str, ...]
) -> None:
    norway = "Norway pledged €800 million to the ocean fund, as did Denmark."
    records = [
        _record("a", "en", "2025-06-02", _item(1, "€800 million", 8e8, "EUR", "Norway", norway), named=("Norway", "Denmark")),  # noqa: E501
        _record("b", "en", "2025-06-03", _item(2, "€800 million", 8e8, "EUR", "Denmark", sentence), named=named),  # noqa: E501
    ]  # fmt: skip
    events = build_events(records)
    assert len(events) == 2
    for e in events:
        ids = [p["id"] for p in e["pledgers"]]
        assert not any(conflict(a, b) for a in ids for b in ids)


def _mention(lang: str, text: str, sentence: str) -> Mention:
    item = {"text": text, "sentence": sentence}
    doc = {"doc_id": "d", "lang": lang}
    return Mention(doc, item, 1.0, 1.0, None, frozenset())


@pytest.mark.parametrize(
    ("lang", "text", "sentence", "key"),
    [
        (
            "en",
            "$8.5 billion",
            "It awarded Intel $8.5 billion under the CHIPS Act on Wednesday.",
            {"chips"},
        ),  # noqa: E501
        (
            "fr",
            "2 milliards d'euros",
            "L'État versera 2 milliards d'euros au titre du plan France 2030.",
            {"france", "2030"},
        ),  # noqa: E501
        (
            "en",
            "€300 million",
            "France gives €300 million from its France 2030 investment plan.",
            {"france", "2030"},
        ),  # noqa: E501
        ("en", "€2 billion", "It gets €2 billion from the European Union.", None),  # no programme
        ("en", "$100 million", "It receives $100 million from the Global Fund.", None),  # a donor
        ("en", "€4 billion", "Germany gives €4 billion for a partnership with Namibia.", None),
    ],
)
def test_event_programme_a_figure_is_given_under(
    lang: str, text: str, sentence: str, key: set[str] | None
) -> None:
    found = programme_of(_mention(lang, text, sentence))
    assert (set(found) if found is not None else None) == key


def test_event_parts_under_a_named_programme_attach_to_it_across_documents() -> None:
    law = "Joe Biden signed the CHIPS and Science Act, which provides $52.7 billion for chips."
    intel = "The Commerce Department awarded Intel $8.5 billion under the CHIPS Act."
    micron = "Le département du Commerce a accordé 6,1 milliards de dollars au titre du CHIPS Act."
    records = [
        _record("a", "en", "2022-08-09", _item(1, "$52.7 billion", 52.7e9, "USD", "Joe Biden", law)),  # noqa: E501
        _record("b", "en", "2024-03-20", _item(2, "$8.5 billion", 8.5e9, "USD", "United States Department of Commerce", intel)),  # noqa: E501
        _record("c", "fr", "2024-04-25", _item(3, "6,1 milliards de dollars", 6.1e9, "USD", "United States Department of Commerce", micron)),  # noqa: E501
    ]  # fmt: skip
    events = build_events(records)
    whole = next(e for e in events if e["amount"] == 52.7e9)
    parts = [e for e in events if e["amount"] in (8.5e9, 6.1e9)]
    assert len(parts) == 2
    assert all(e["part_of"] == whole["id"] and not e["counted"] for e in parts)
    assert all("programme named 'chips'" in e["part_reason"] for e in parts)
    assert sorted(whole["parts"]) == sorted(e["id"] for e in parts)
    assert whole["counted"]


@pytest.mark.parametrize(
    ("sentence", "year", "made"),
    [
        ("Berlin had already committed €4 billion at the fund's launch in 2023.", 2025, 2023),
        ("Après les 4 milliards promis lors du lancement du fonds en 2023.", 2025, 2023),
        ("Berlin will spend €4 billion on wind farms in 2027.", 2025, None),  # a later year
        ("Berlin committed €4 billion, and the fund opened in 2023.", 2025, None),  # other clause
        ("Berlin had already committed €4 billion in 2023.", None, None),  # no date to compare
    ],
)
def test_event_made_in_an_earlier_year(sentence: str, year: int | None, made: int | None) -> None:
    text = "4 milliards" if "milliards" in sentence else "€4 billion"
    assert made_in({"text": text, "sentence": sentence}, year) == made


def test_event_a_pledge_dated_to_an_earlier_year_is_not_a_new_one() -> None:
    """Germany's €4 billion of 2023, recalled by a 2025 article, and a €4 billion deal the
    same government announces in 2025 are two pledges; an article dated by its dateline
    only ("BERLIN, March 24, 2025 -") still dates them."""
    old = "BERLIN, March 24, 2025 - Germany had committed €4 billion at the fund's launch in 2023."
    new = "BERLIN, September 10, 2025 - Germany will provide €4 billion for solar farms in Chile."
    records = [
        _record("a", "en", "", _item(1, "€4 billion", 4e9, "EUR", "Germany", old)),
        _record("b", "en", "", _item(2, "€4 billion", 4e9, "EUR", "Germany", new)),
    ]
    for r in records:
        r["date"] = None
    assert len(build_events(records)) == 2
    records[1]["pledges"][0]["sentence"] = "Germany's €4 billion pledge of 2023 was praised."
    assert len(build_events(records)) == 1  # a recap without a date of its own


@pytest.mark.parametrize(
    ("sentence", "text", "rate"),
    [
        ("Rich nations promised $100bn-a-year (£73bn) for climate finance.", "$100bn", True),
        ("The deal will inject $300 billion annually into climate action.", "$300 billion", True),
        ("Un accord prévoit 300 milliards de dollars par an pour le climat.", "300 milliards de dollars", True),  # noqa: E501
        ("Les pays riches ont promis des versements annuels de 100 milliards de dollars.", "100 milliards de dollars", True),  # noqa: E501
        ("Washington will double its $5.6bn annual contribution.", "$5.6bn", True),
        ("TSMC will invest $100 billion in five new chip plants.", "$100 billion", False),
        ("At its annual meeting, the bank pledged $5bn to Africa.", "$5bn", False),  # not its rate
        ("Norway will give $2bn over a year and a half.", "$2bn", False),
        ("Norway gave $2bn a year after the summit.", "$2bn", False),
    ],
)  # fmt: skip
def test_event_yearly_rate_words(sentence: str, text: str, rate: bool) -> None:
    assert yearly({"text": text, "sentence": sentence}) is rate


def test_event_yearly_figure_and_one_off_sum_are_two_pledges() -> None:
    """ "$100bn a year" of climate finance and a $100bn investment by the same government are
    two pledges, while a document repeating its yearly figure without "a year" keeps it in
    the yearly one's event."""
    climate = "Washington renewed the promise of $100bn a year for poorer nations."
    recap = "The $100bn will go to poorer countries' adaptation."
    chips = "The United States will see $100 billion invested in chip plants."
    again = "Developed countries must deliver $100 billion annually, the envoy said."
    records = [
        _record("a", "en", "2025-03-01", _item(1, "$100bn", 100e9, "USD", "United States", climate), _item(2, "$100bn", 100e9, "USD", "United States", recap)),  # noqa: E501
        _record("b", "en", "2025-03-02", _item(3, "$100 billion", 100e9, "USD", "United States", chips)),  # noqa: E501
        _record("c", "en", "2025-03-03", _item(4, "$100 billion", 100e9, "USD", "United States", again)),  # noqa: E501
    ]  # fmt: skip
    events = build_events(records)
    assert _groups(events) == {frozenset({"p1", "p2", "p4"}), frozenset({"p3"})}
    rate = {s["item_id"]: e["yearly"] for e in events for s in e["sources"]}
    assert rate == {"p1": True, "p2": True, "p4": True, "p3": False}
    head = totals(events, 0)
    assert head["n_yearly"] == 1 and head["n_counted"] == 2  # the briefing says so
