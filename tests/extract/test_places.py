"""Places that are not actors (issue 16), titles without a name, platforms, and the merge of
name forms: on hand-built parses (which survive a model upgrade) and on the real models."""

from __future__ import annotations

from dataclasses import replace

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.extract import ACTORS, ensure_extensions
from pipeline.extract.actors.component import ActorInfo
from pipeline.extract.actors.kb import ActorKB
from pipeline.extract.actors.merge import Actor, Mention, merge_mentions
from pipeline.extract.actors.places import acts, capital_country, dateline, located, seat
from pipeline.extract.attribution.mentions import MentionIndex


def _doc(
    words: list[str],
    heads: list[int],
    deps: list[str],
    pos: list[str],
    lemmas: list[str] | None = None,
) -> Doc:
    ensure_extensions()
    vocab = spacy.blank("xx").vocab
    return Doc(vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas)


def _place(doc: Doc, i: int, kb_id: str | None = None, end: int = 0, label: str = "GPE") -> Span:
    span = Span(doc, i, end or i + 1, label=label)
    key = kb_id or f"name:{span.text.casefold()}"
    span._.actor = ActorInfo(key, span.text, label, kb_id, None, "ner")
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
    ("words", "heads", "deps", "lemmas", "at", "expected"),
    [
        # "the Queensland government will match it": a region whose government acts.
        (["the", "Queensland", "government", "will", "match"], [2, 2, 4, 4, 4],
         ["det", "compound", "nsubj", "aux", "ROOT"],
         ["the", "Queensland", "government", "will", "match"], 1, True),
        # "le gouvernement du Gujarat paiera": the same in French.
        (["le", "gouvernement", "du", "Gujarat", "paiera"], [1, 4, 3, 1, 4],
         ["det", "nsubj", "case", "nmod", "ROOT"],
         ["le", "gouvernement", "de", "Gujarat", "payer"], 3, True),
        # "the Quebec pension fund": a region before another noun is a place.
        (["the", "Quebec", "pension", "fund", "invests"], [3, 3, 3, 4, 4],
         ["det", "compound", "compound", "nsubj", "ROOT"],
         ["the", "Quebec", "pension", "fund", "invest"], 1, False),
        # "Lugano a accueilli la conférence": a host city does not act.
        (["Lugano", "a", "accueilli", "la", "conférence"], [2, 2, 2, 4, 2],
         ["nsubj", "aux:tense", "ROOT", "det", "obj"],
         ["Lugano", "avoir", "accueillir", "le", "conférence"], 0, False),
        # "hosted by London": nor does the agent of a verb of hosting.
        (["hosted", "by", "London"], [0, 0, 1], ["ROOT", "agent", "pobj"],
         ["host", "by", "London"], 2, False),
    ],
)  # fmt: skip
def test_places_government_and_host_on_hand_built_parses(
    words: list[str],
    heads: list[int],
    deps: list[str],
    lemmas: list[str],
    at: int,
    expected: bool,
) -> None:
    pos = [
        "PROPN" if w[0].isupper() else "VERB" if d == "ROOT" else "NOUN"
        for w, d in zip(words, deps, strict=True)
    ]
    doc = _doc(words, heads, deps, pos, lemmas)
    assert acts(_place(doc, at), False) is expected


@pytest.mark.parametrize(
    ("words", "heads", "deps", "start", "end", "expected"),
    [
        # "said at the White House": the building.
        (["Biden", "said", "at", "the", "White", "House"], [1, 1, 1, 5, 5, 2],
         ["nsubj", "ROOT", "prep", "det", "compound", "pobj"], 4, 6, True),
        # "the White House said": the institution.
        (["the", "White", "House", "said"], [2, 2, 3, 3],
         ["det", "compound", "nsubj", "ROOT"], 1, 3, False),
        # "une visite à la Maison Blanche": the building.
        (["une", "visite", "à", "la", "Maison", "Blanche"], [1, 1, 4, 4, 1, 4],
         ["det", "ROOT", "case", "det", "nmod", "flat:name"], 4, 6, True),
        # "la porte-parole de la Maison Blanche": the institution.
        (["la", "porte-parole", "de", "la", "Maison", "Blanche"], [1, 1, 4, 4, 1, 4],
         ["det", "ROOT", "case", "det", "nmod", "flat:name"], 4, 6, False),
    ],
)  # fmt: skip
def test_places_seat_on_hand_built_parses(
    words: list[str], heads: list[int], deps: list[str], start: int, end: int, expected: bool
) -> None:
    doc = _doc(words, heads, deps, ["PROPN"] * len(words))
    assert seat(_place(doc, start, "Q35525", end, "ORG")) is expected


@pytest.mark.parametrize(
    ("words", "heads", "deps", "at", "place", "expected"),
    [
        # "a London-based analyst": a modifier says where the analyst works.
        (["a", "London", "-", "based", "analyst"], [4, 3, 3, 4, 4],
         ["det", "npadvmod", "punct", "amod", "ROOT"], 1, True, True),
        # "a plant in Dresden", "le groupe d'Eindhoven": objects of in and de.
        (["a", "plant", "in", "Dresden"], [1, 1, 1, 2], ["det", "ROOT", "prep", "pobj"],
         3, True, True),
        (["le", "groupe", "d'", "Eindhoven"], [1, 1, 3, 1], ["det", "ROOT", "case", "nmod"],
         3, True, True),
        # A headline's "Pékin dote son fonds" misparsed: no preposition, still a candidate.
        (["Semi-conducteurs", ":", "Pékin", "dote"], [0, 0, 0, 0],
         ["ROOT", "punct", "nmod", "dep"], 2, True, False),
        # "au Caire, Ursula von der Leyen annonçait": the subject hung on the place.
        (["au", "Caire", ",", "Ursula", "annonçait"], [1, 4, 3, 1, 4],
         ["case", "obl:mod", "punct", "appos", "ROOT"], 1, True, False),
        # A place that acts is never merely located.
        (["a", "plant", "in", "Dresden"], [1, 1, 1, 2], ["det", "ROOT", "prep", "pobj"],
         3, False, False),
    ],
)  # fmt: skip
def test_places_located_on_hand_built_parses(
    words: list[str], heads: list[int], deps: list[str], at: int, place: bool, expected: bool
) -> None:
    span = _place(_doc(words, heads, deps, ["PROPN"] * len(words)), at)
    span._.actor = replace(span._.actor, place=place)
    assert located(span) is expected


@pytest.mark.parametrize(
    ("words", "at", "expected"),
    [
        (["BERLIN", ",", "Nov", "20", "-", "Germany", "pledged"], 0, True),
        (["Berlin", ",", "21", "November", "2014"], 0, True),
        # The region after the city of a dateline.
        (["CHANDLER", ",", "Arizona", "—", "Intel", "said"], 2, True),
        # A city that opens a sentence and acts is no dateline.
        (["Berlin", ",", "which", "pledged", "more"], 0, False),
        # A region in a sentence after a name is none either.
        (["Intel", ",", "Arizona", "—", "and", "Ohio"], 2, False),
    ],
)
def test_places_dateline_on_hand_built_docs(words: list[str], at: int, expected: bool) -> None:
    doc = _doc(words, list(range(len(words))), ["dep"] * len(words), ["PROPN"] * len(words))
    assert dateline(_place(doc, at)) is expected


def _kept(nlp: Language, text: str) -> list[str]:
    """The actors' names but those only named as places (which records leave out)."""
    doc = nlp(text)
    mentions = [Mention(s.start_char, s.end_char, s.text, s._.actor) for s in doc.spans[ACTORS]]
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
        # Brussels that acts is the European Commission; Damascus that acts is Syria.
        ("fr", "Bruxelles a promis 2 milliards d'euros à la Grèce.",
         ["European Commission", "Greece"], ["Brussels"]),
        ("fr", "Damas n'a pas répondu aux questions de l'ONU.", ["Syria"], ["Damascus"]),
        # A region whose government acts is an actor.
        ("en", "Canberra will put A$470 million into the firm and the Queensland government "
         "will match it.", ["Australia", "Queensland"], ["Canberra"]),
        # The host city of a conference, the second part of a dateline, a building.
        ("fr", "Le ministre a rappelé que Lugano avait accueilli la conférence en 2022.",
         [], ["Lugano"]),
        ("en", "CHANDLER, Arizona — Intel said on Wednesday it would build two plants.",
         ["Intel"], ["Arizona", "Chandler"]),
        ("en", '"We will start right away," Joe Biden said at the White House on Monday.',
         ["Joe Biden"], ["White House"]),
        ("en", "The White House said the Emirates had committed $1.4 trillion.",
         ["White House", "United Arab Emirates"], []),
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
        # Editorial marks are not actors.
        ("fr", "« Il (le ministre, NDLR) a promis 10 millions d'euros », a déclaré Marie Dupont.",
         ["Marie Dupont"], ["NDLR"]),
        ("en", '"They [the Treasury, Ed.] will pay $5 million," said John Smith.',
         ["John Smith"], ["Ed"]),
        ("en", "Ed.'s note: this interview with Jane Doe was edited for length.", [], ["Ed"]),
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


@pytest.mark.parametrize(
    ("lang", "text", "place"),
    [
        ("en", '"Companies are buying insurance," said one London-based analyst.', "London"),
        ("fr", "« Nous investirons », a dit un dirigeant du groupe d'Eindhoven.", "Eindhoven"),
    ],
)
def test_located_place_is_no_speaker_or_pledger_candidate(
    nlp_fr: Language, nlp_en: Language, lang: str, text: str, place: str
) -> None:
    doc = (nlp_fr if lang == "fr" else nlp_en)(text)
    assert place in [s.text for s in doc.spans[ACTORS]]
    index = MentionIndex.of(doc, ActorKB.load())
    assert place not in [s.text for s in index.spans]


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("La Haye", "Q55"),
        ("The Hague", "Q55"),
        ("the Hague", "Q55"),
        ("Berne", "Q39"),
        ("Lyon", None),
    ],
)
def test_capital_country_with_its_article(name: str, country: str | None) -> None:
    """A capital whose name starts with an article ("La Haye", "The Hague") is found as
    written: "La Haye a accordé 3,4 milliards" is the Netherlands' pledge."""
    assert capital_country(name) == country
