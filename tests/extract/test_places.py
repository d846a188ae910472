"""Places that are not actors (issue 16), titles without a name, platforms, and the merge of
name forms: on hand-built parses (which survive a model upgrade) and on the real models."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.errors import ConfigError
from pipeline.extract import ACTORS, ensure_extensions
from pipeline.extract.actors.component import ActorFinder, ActorInfo, entry_info
from pipeline.extract.actors.kb import ActorKB
from pipeline.extract.actors.merge import Actor, Mention, merge_mentions
from pipeline.extract.actors.places import acts, dateline, mark_places


def _doc(words: list[str], heads: list[int], deps: list[str], pos: list[str]) -> Doc:
    ensure_extensions()
    return Doc(spacy.blank("xx").vocab, words=words, heads=heads, deps=deps, pos=pos)


def _place(doc: Doc, i: int, kb_id: str | None = None) -> Span:
    span = Span(doc, i, i + 1, label="GPE")
    key = kb_id or f"name:{span.text.casefold()}"
    span._.actor = ActorInfo(key, span.text, "GPE", kb_id, None, "ner")
    return span


@pytest.mark.parametrize(
    ("words", "heads", "deps", "pos", "at", "capital", "expected"),
    [
        # "Lyon a voté" / "Lyon voted": the active subject of a verb acts.
        (["Lyon", "a", "voté"], [2, 2, 2], ["nsubj", "aux:tense", "ROOT"],
         ["PROPN", "AUX", "VERB"], 0, False, True),
        # "annoncé à Lyon": a locative modifier is a place.
        (["annoncé", "à", "Lyon"], [0, 2, 0], ["ROOT", "case", "obl:mod"],
         ["VERB", "ADP", "PROPN"], 2, False, False),
        # "lancé par Bruxelles": the agent of a passive verb acts.
        (["lancé", "par", "Bruxelles"], [0, 2, 0], ["ROOT", "case", "obl:agent"],
         ["VERB", "ADP", "PROPN"], 2, False, True),
        # "launched by Brussels": the English agent is the preposition, the name its object.
        (["launched", "by", "Brussels"], [0, 0, 1], ["ROOT", "agent", "pobj"],
         ["VERB", "ADP", "PROPN"], 2, False, True),
        # "held in Berlin": a place.
        (["held", "in", "Berlin"], [0, 0, 1], ["ROOT", "prep", "pobj"],
         ["VERB", "ADP", "PROPN"], 2, True, False),
        # "Paris et Berlin ont promis": a coordinated subject acts with the first one.
        (["Paris", "et", "Berlin", "ont", "promis"], [4, 2, 0, 4, 4],
         ["nsubj", "cc", "conj", "aux:tense", "ROOT"],
         ["PROPN", "CCONJ", "PROPN", "AUX", "VERB"], 2, True, True),
        # "permettre à Kiev de": a capital as an argument is its government; a city is not.
        (["permettre", "à", "Kiev"], [0, 2, 0], ["ROOT", "case", "obl:arg"],
         ["VERB", "ADP", "PROPN"], 2, True, True),
        (["permettre", "à", "Lyon"], [0, 2, 0], ["ROOT", "case", "obl:arg"],
         ["VERB", "ADP", "PROPN"], 2, False, False),
        # "Tokyo's resolve" is Japan's; "Dubai's summit" is where the summit was.
        (["Tokyo", "'s", "resolve"], [2, 0, 2], ["poss", "case", "ROOT"],
         ["PROPN", "PART", "NOUN"], 0, True, True),
        (["Dubai", "'s", "summit"], [2, 0, 2], ["poss", "case", "ROOT"],
         ["PROPN", "PART", "NOUN"], 0, True, False),
    ],
)  # fmt: skip
def test_places_acts_on_hand_built_parses(
    words: list[str],
    heads: list[int],
    deps: list[str],
    pos: list[str],
    at: int,
    capital: bool,
    expected: bool,
) -> None:
    doc = _doc(words, heads, deps, pos)
    assert acts(_place(doc, at), capital) is expected


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["BERLIN", ",", "Nov", "20", "-", "Germany", "pledged"], True),
        (["Berlin", ",", "21", "November", "2014"], True),
        # A city that opens a sentence and acts is no dateline.
        (["Berlin", ",", "which", "pledged", "more"], False),
    ],
)
def test_places_dateline_on_hand_built_docs(words: list[str], expected: bool) -> None:
    doc = _doc(words, list(range(len(words))), ["dep"] * len(words), ["PROPN"] * len(words))
    assert dateline(_place(doc, 0)) is expected


def _kept(nlp: Language, text: str) -> list[str]:
    """The actors' names once places are marked, as with [actors] places = "drop"."""
    doc = nlp(text)
    spans = list(doc.spans[ACTORS])
    mark_places(spans, ActorKB.load(), lambda entry: entry_info(entry, "capital"))
    mentions = [Mention(s.start_char, s.end_char, s.text, s._.actor) for s in spans]
    return [a.name for a in merge_mentions(mentions, nlp.lang) if not a.place]


@pytest.mark.parametrize(
    ("lang", "text", "present", "absent"),
    [
        # The host city of an announcement is not an actor.
        ("fr", "Emmanuel Macron a annoncé jeudi à Lyon que l'objectif était atteint.",
         ["Emmanuel Macron"], ["Lyon"]),
        # A capital that pledges stands for its country.
        ("fr", "Paris a promis une aide de 110 millions d'euros au Soudan.",
         ["France", "Sudan"], ["Paris"]),
        # A city that acts is an actor.
        ("fr", "Montréal a voté une subvention de 10 millions de dollars pour le tramway.",
         ["Montréal"], []),
        # A dateline is where the story was filed.
        ("en", "BERLIN, Nov 20 - Germany pledged $1 billion to the fund on Thursday.",
         ["Germany"], ["Berlin"]),
        ("en", "The agreement was signed in Riyadh by Saudi Arabia and the United States.",
         ["Saudi Arabia", "United States"], ["Riyadh"]),
        ("en", "Ottawa pledged $2 billion to the climate fund on Monday.", ["Canada"], ["Ottawa"]),
        # A sovereign state the KB lists is never a place.
        ("fr", "Le corridor reliera l'Angola, la Zambie et la Gambie.",
         ["Angola", "Zambia", "Gambia"], []),
    ],
)  # fmt: skip
def test_places_on_the_real_models(
    nlp_fr: Language,
    nlp_en: Language,
    lang: str,
    text: str,
    present: list[str],
    absent: list[str],
) -> None:
    got = _kept(nlp_fr if lang == "fr" else nlp_en, text)
    assert set(present) <= set(got), got
    assert not set(absent) & set(got), got


@pytest.mark.parametrize(
    ("lang", "text", "present", "absent"),
    [
        # A title without a name ("SM" is "Sa Majesté") is no actor.
        ("fr", "« Dans les messages de SM le Roi, il y a toujours une évaluation », dit-il.",
         [], ["SM le Roi"]),
        ("en", "At the summit on Tuesday, First Minister Nicola Sturgeon pledged 5 million pounds.",
         ["Nicola Sturgeon"], ["First Minister"]),
        # Platforms on a "follow us" line are not actors of the story.
        ("en", "Amazon will invest more.\nFollow us on LinkedIn, Facebook, Instagram and Telegram",
         ["Amazon"], ["Meta", "Telegram", "LinkedIn"]),
        # A climate COP in any case is an event.
        ("en", "Cop28 will indeed be a historic event, the minister said.", [], ["Cop28"]),
        # News agencies under their canonical names.
        ("fr", "Le Canada va allouer 2,65 milliards de dollars, a appris l'AFP.",
         ["Canada", "Agence France-Presse"], ["AFP"]),
    ],
)  # fmt: skip
def test_actors_titles_platforms_events_and_outlets(
    nlp_fr: Language,
    nlp_en: Language,
    lang: str,
    text: str,
    present: list[str],
    absent: list[str],
) -> None:
    nlp = nlp_fr if lang == "fr" else nlp_en
    doc = nlp(text)
    mentions = [Mention(s.start_char, s.end_char, s.text, s._.actor) for s in doc.spans[ACTORS]]
    got = [a.name for a in merge_mentions(mentions, nlp.lang)]
    assert set(present) <= set(got), got
    assert not set(absent) & set(got), got


def _mention(start: int, text: str, kind: str, kb: str | None = None) -> Mention:
    key = kb or f"name:{text.casefold()}"
    return Mention(start, start + len(text), text, ActorInfo(key, text, kind, kb, None, "ner"))


def _merged(mentions: list[Mention]) -> list[Actor]:
    return merge_mentions(mentions, "en")


def test_merge_company_suffix_is_one_company() -> None:
    found = _merged([_mention(0, "Rapidus Corp.", "ORG"), _mention(40, "Rapidus", "ORG")])
    assert len(found) == 1
    assert found[0].name == "Rapidus Corp."
    assert "Rapidus" in found[0].aliases


def test_merge_head_word_joins_the_one_longer_organisation() -> None:
    bank = _mention(0, "World Bank", "ORG", "Q7164")
    found = _merged([bank, _mention(40, "Bank", "ORG"), _mention(60, "Spain", "GPE", "Q29")])
    assert [a.name for a in found] == ["World Bank", "Spain"]
    assert len(found[0].mentions) == 2


def test_merge_head_word_stays_when_two_organisations_end_with_it() -> None:
    found = _merged(
        [
            _mention(0, "World Bank", "ORG", "Q7164"),
            _mention(20, "Asian Development Bank", "ORG"),
            _mention(60, "Bank", "ORG"),
        ]
    )
    assert [a.name for a in found] == ["World Bank", "Asian Development Bank", "Bank"]


def test_merge_head_word_is_a_generic_noun_not_a_name() -> None:
    found = _merged([_mention(0, "Air France-KLM", "ORG"), _mention(40, "KLM", "ORG")])
    assert [a.name for a in found] == ["Air France-KLM", "KLM"]


def test_merge_surname_read_as_a_place_joins_the_person() -> None:
    found = _merged([_mention(0, "James Cleverly", "PERSON"), _mention(50, "Cleverly", "GPE")])
    assert [a.name for a in found] == ["James Cleverly"]


def test_actor_finder_rejects_an_unknown_places_setting() -> None:
    with pytest.raises(ConfigError, match="E035"):
        ActorFinder(spacy.blank("en"), "", {}, "sometimes")
