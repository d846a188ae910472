"""Actors on the real models: KB before NER, roles at the document's date, demonyms, junk,
merging inside a document, and corpus-level actors across documents and languages."""

from __future__ import annotations

from typing import Any

import pytest
from spacy.language import Language

from pipeline.corpus_actors import build_actors
from pipeline.extract import ACTORS
from pipeline.extract.actors.component import date_in_text
from pipeline.extract.actors.merge import Actor, Mention, merge_mentions


def actors(nlp: Language, text: str, date: str | None = "2025-02-11") -> list[Actor]:
    doc = nlp.make_doc(text)
    doc._.doc_date = date
    doc = nlp(doc)
    mentions = [Mention(s.start_char, s.end_char, s.text, s._.actor) for s in doc.spans[ACTORS]]
    return merge_mentions(mentions, nlp.lang)


def names(found: list[Actor]) -> list[str]:
    return [a.name for a in found]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # The English model splits this name into PERSON "Ursula von" and GPE "Leyen".
        ("en", "Ursula von der Leyen met Emmanuel Macron in Paris.",
         ["Ursula von der Leyen", "Emmanuel Macron", "Paris"]),
        ("fr", "L'UE et la BCE ont rencontré les Émirats.",
         ["European Union", "European Central Bank", "United Arab Emirates"]),
        # One-word aliases that are ordinary words match only in their own case.
        ("en", "Let us look at the US economy.", ["United States"]),
        # French NER junk is filtered: sentence-initial verbs, elided words, dashes.
        ("fr", "Lisez notre dossier. Qu'il pleuve ou non, la France avance – lentement.",
         ["France"]),
        # Events, venues, regions and products are not actors.
        ("en", "Leaders met at the AI Action Summit in the Grand Palais, and Europe watched.", []),
        # A portfolio inside an office title is no organisation.
        ("en", "The budget, tabled by Finance Minister Chrystia Freeland on April 16, 2024, "
         "put housing at its centre.", ["Chrystia Freeland"]),
        # A currency the NER takes for a place is money, not an actor.
        ("fr", "La BAD accorde 8,8 milliards de F CFA à la Côte d'Ivoire.",
         ["African Development Bank", "Côte d'Ivoire"]),
    ],
)  # fmt: skip
def test_actors_kb_beats_ner_and_junk_is_filtered(
    nlp_fr: Language, nlp_en: Language, lang: str, text: str, expected: list[str]
) -> None:
    nlp = nlp_fr if lang == "fr" else nlp_en
    assert names(actors(nlp, text)) == expected


@pytest.mark.parametrize(
    ("lang", "text", "date", "expected"),
    [
        ("fr", "Le président français a parlé lundi.", "2025-02-10", ["Emmanuel Macron"]),
        # The organisation named inside a role is an actor too.
        ("en", "The Commission chief spoke on Monday.", "2025-02-10",
         ["European Commission", "Ursula von der Leyen"]),
        ("en", "The German chancellor spoke.", "2023-06-01", ["Olaf Scholz"]),
        ("en", "The German chancellor spoke.", "2025-06-01", ["Friedrich Merz"]),
        # A former holder is someone else; an office of another country is not France's.
        ("fr", "L'ancien président français a parlé.", "2025-02-10", []),
        ("fr", "Le Premier ministre indien Narendra Modi a parlé.", "2025-02-10",
         ["Narendra Modi"]),
        # A longer office is another office.
        ("fr", "La présidente de la commission de la défense a parlé.", "2025-02-10", []),
        # Periphrases of an office are its phrases (tools/kb_facts.yaml): the holder at
        # the document's date.
        ("fr", "Le locataire de l'Élysée a parlé.", "2025-02-10", ["Emmanuel Macron"]),
        ("fr", "L'hôte de Matignon a parlé.", "2025-03-12", ["François Bayrou"]),
        ("en", "The occupant of the White House spoke.", "2024-06-01", ["Joe Biden"]),
        ("en", "The occupant of the White House spoke.", "2025-06-01", ["Donald Trump"]),
        ("en", "The Downing Street incumbent spoke.", "2025-06-01", ["Keir Starmer"]),
        ("fr", "Le patron de la Réserve fédérale a parlé.", "2025-06-01",
         ["Jerome Powell", "Federal Reserve"]),
    ],
)  # fmt: skip
def test_actors_roles_resolve_at_the_document_date(
    nlp_fr: Language, nlp_en: Language, lang: str, text: str, date: str, expected: list[str]
) -> None:
    nlp = nlp_fr if lang == "fr" else nlp_en
    assert sorted(names(actors(nlp, text, date))) == sorted(expected)


@pytest.mark.parametrize(
    ("text", "date", "role", "expected"),
    [
        # The name right after a title says who holds it, whatever the date.
        ("Lundi, le ministre de l'Economie Bruno Le Maire a réagi.", "2025-02-11",
         "le ministre de l'Economie", "Bruno Le Maire"),
        # An undated text: the office holder is the person it named before who held the
        # office, not today's holder.
        ("Gabriel Attal a reçu les agriculteurs jeudi. Le Premier ministre a promis des aides.",
         None, "Le Premier ministre", "Gabriel Attal"),
    ],
)  # fmt: skip
def test_actors_role_is_the_person_the_text_names(
    nlp_fr: Language, text: str, date: str | None, role: str, expected: str
) -> None:
    doc = nlp_fr.make_doc(text)
    doc._.doc_date = date
    doc = nlp_fr(doc)
    found = {s.text: s._.actor.name for s in doc.spans[ACTORS]}
    assert found.get(role) == expected, found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Undated and about a plan of 2014: that year's president is not today's, and the
        # KB cannot say who it was, so the role is left unresolved.
        ("Le plan présenté en 2014 devait mobiliser 315 milliards d'euros. Le président de la "
         "Commission a défendu ce montage devant les eurodéputés.", []),
        # Undated but about this year or last: the current holder.
        ("Le plan présenté en 2025 devait mobiliser 200 milliards d'euros. Le président de la "
         "Commission a défendu ce montage devant les eurodéputés.", ["Ursula von der Leyen"]),
    ],
)  # fmt: skip
def test_actors_undated_text_about_the_past_resolves_no_role(
    nlp_fr: Language, text: str, expected: list[str]
) -> None:
    found = [a for a in actors(nlp_fr, text, None) if a.kb_id and a.type == "PERSON"]
    assert [a.name for a in found] == expected


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Lundi 13 mai 2024, le ministre de l'Economie a reçu les investisseurs.", "2024-05-13"),
        ("FRANKFURT — On Thursday, June 5, 2025, the bank cut rates.", "2025-06-05"),
        ("Le 1er février 2025 à Paris.", "2025-02-01"),
        ("Sans date.", None),
    ],
)
def test_actors_date_read_from_text(text: str, date: str | None) -> None:
    found = date_in_text(text)
    assert (found.isoformat() if found else None) == date


def test_actors_role_uses_date_from_text_without_metadata(nlp_fr: Language) -> None:
    text = "Lundi 13 mai 2024, le ministre de l'Economie a reçu les investisseurs."
    assert names(actors(nlp_fr, text, None)) == ["Bruno Le Maire"]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "The French government said it would act.", ["France"]),
        ("en", "French officials said they would act.", []),
        ("fr", "Le gouvernement français a réagi.", ["France"]),
        ("fr", "Les dirigeants français ont réagi.", []),
    ],
)
def test_actors_demonyms_only_for_the_state(
    nlp_fr: Language, nlp_en: Language, lang: str, text: str, expected: list[str]
) -> None:
    nlp = nlp_fr if lang == "fr" else nlp_en
    assert names(actors(nlp, text)) == expected


@pytest.mark.parametrize(
    ("lang", "text", "name", "count"),
    [
        # Case variants and possessives of a KB name.
        ("fr", "Ursula von der Leyen parle. Von Der Leyen insiste. von der Leyen conclut.",
         "Ursula von der Leyen", 3),
        ("en", "Ursula von der Leyen spoke. Von der Leyen's plan followed.",
         "Ursula von der Leyen", 2),
        # An unknown person: surname alone, title plus surname.
        ("en", "Hugh Hill, a doctor, spoke first. Later, Hill added a word. Mr Hill left.",
         "Hugh Hill", 3),
        ("fr", "Claire Dumont a parlé. Mme Dumont a ensuite ajouté un mot.", "Claire Dumont", 2),
        # A compound surname: one of its words, or the particle form, is the same person.
        ("fr", "Le ministre Karim Bennani Tazi a pris la parole. M. Bennani a ensuite conclu.",
         "Karim Bennani Tazi", 2),
        ("en", "Omar Farouk al-Rashid opened the forum. Later, al-Rashid thanked the hosts.",
         "Omar Farouk al-Rashid", 2),
    ],
)  # fmt: skip
def test_actors_merge_mentions_within_a_document(
    nlp_fr: Language, nlp_en: Language, lang: str, text: str, name: str, count: int
) -> None:
    nlp = nlp_fr if lang == "fr" else nlp_en
    (actor,) = [a for a in actors(nlp, text) if a.type == "PERSON"]
    assert actor.name == name
    assert len(actor.mentions) == count


def test_actors_records_carry_wikidata_and_roles(summit_records: list[dict[str, Any]]) -> None:
    found = {a["name"]: a for r in summit_records for a in r["actors"]}
    assert found["Emmanuel Macron"]["wikidata"] == "Q3052772"
    assert found["Emmanuel Macron"]["roles"]
    assert found["Ursula von der Leyen"]["wikidata"] == "Q60772"


def _record(doc_id: str, lang: str, actors: list[dict[str, Any]]) -> dict[str, Any]:
    return {"doc_id": doc_id, "lang": lang, "status": "ok", "actors": actors}


def _actor(aid: str, name: str, n: int, qid: str | None = None) -> dict[str, Any]:
    mentions = [{"start": i, "end": i + 1, "text": name} for i in range(n)]
    return {"id": aid, "name": name, "type": "PERSON", "wikidata": qid, "roles": [],
            "aliases": [], "mentions": mentions}  # fmt: skip


def test_corpus_actors_merge_by_kb_id_and_normalised_name() -> None:
    records = [
        _record("d1", "fr", [_actor("Q60772", "Ursula von der Leyen", 3, "Q60772"),
                             _actor("nabc", "Hugh Hill", 1)]),
        _record("d2", "en", [_actor("Q60772", "Ursula von der Leyen", 2, "Q60772"),
                             _actor("ndef", "HUGH HILL", 2)]),
        {"doc_id": "d3", "lang": "en", "status": "failed", "actors": []},
    ]  # fmt: skip
    out = build_actors(records)
    assert [(a["name"], a["mentions"], a["documents"], a["languages"]) for a in out] == [
        ("Ursula von der Leyen", 5, ["d1", "d2"], ["en", "fr"]),
        ("Hugh Hill", 3, ["d1", "d2"], ["en", "fr"]),
    ]
    assert out[0]["wikidata"] == "Q60772"


def test_corpus_actors_file_is_written(summit_run: Any) -> None:
    import json

    lines = (summit_run.out_dir / "actors.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    by_name = {r["name"]: r for r in rows}
    uvdl = by_name["Ursula von der Leyen"]
    assert set(uvdl["languages"]) == {"en", "fr"} and len(uvdl["documents"]) >= 3
    assert rows == sorted(rows, key=lambda r: (-r["mentions"], r["name"].casefold(), r["id"]))


@pytest.mark.parametrize(
    ("text", "french_parliament"),
    [
        # A story about Switzerland: "le Parlement" is Switzerland's, not France's.
        ("BERNE - Le Parlement a relevé le budget de l'armée. A Berne, le Conseil fédéral "
         "a salué le vote.", False),
        # A story that names France: the French Parliament.
        ("Le Parlement a adopté la loi de programmation militaire, a annoncé la France.", True),
    ],
)  # fmt: skip
def test_actors_generic_institution_belongs_to_the_story_s_country(
    nlp_fr: Language, text: str, french_parliament: bool
) -> None:
    assert ("French Parliament" in names(actors(nlp_fr, text))) is french_parliament


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Treasury said on Monday that borrowing in the United States fell. Washington "
         "welcomed it.", "United States Department of the Treasury"),
        ("The Treasury said on Monday that borrowing in Britain fell. London welcomed it.",
         "HM Treasury"),
    ],
)  # fmt: skip
def test_actors_treasury_is_the_story_s_country_s(
    nlp_en: Language, text: str, expected: str
) -> None:
    """ "the Treasury" names a different institution in each country (filters.json
    home_institutions): the one of the country the story's places name most."""
    found = names(actors(nlp_en, text))
    assert expected in found
    other = {"HM Treasury", "United States Department of the Treasury"} - {expected}
    assert not other & set(found)
