"""The actor knowledge base: reproducible build, validation, lookups, roles over time."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import spacy
from spacy.matcher import PhraseMatcher

from pipeline.extract.actors.kb import DEFAULT_PATH, ActorKB
from tests.conftest import ROOT

BUILD = ROOT / "tools" / "build_kb.py"
FACTS = ROOT / "tools" / "kb_facts.yaml"


@pytest.fixture(scope="module")
def kb() -> ActorKB:
    return ActorKB.load()


def run_build(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(BUILD), *map(str, args)], capture_output=True, text=True, check=False
    )


def test_kb_build_reproduces_packaged_json(tmp_path: Path) -> None:
    out = tmp_path / "actors.json"
    result = run_build("--facts", FACTS, "--out", out)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == DEFAULT_PATH.read_bytes(), "run python tools/build_kb.py"
    assert "entries: PERSON" in result.stderr


def test_kb_build_check_flags_stale_output(tmp_path: Path) -> None:
    stale = tmp_path / "actors.json"
    stale.write_text(DEFAULT_PATH.read_text(encoding="utf-8").replace("Macron", "Macorn"), "utf-8")
    result = run_build("--out", stale, "--check")
    assert result.returncode == 1
    assert "[KB013]" in result.stderr


BAD_FACTS = """
as_of: 2026-11-01
languages: [en, fr]
normalisation: {{apostrophes: ["’"], articles: {{en: [the], fr: [le, la, "l'"]}}}}
ambiguous: {{en: [], fr: []}}
offices:
  boss: {{en: [big boss], fr: [grand patron]}}
entries:
{entries}
"""


@pytest.mark.parametrize(
    ("entries", "code"),
    [
        (
            "  - {qid: Q1, type: ORG, name: Alpha, aliases: {en: [AB]}}\n"
            "  - {qid: Q2, type: ORG, name: Beta, aliases: {en: [ab]}}",
            "KB008",
        ),
        ("  - {qid: X1, type: ORG, name: Alpha}", "KB003"),
        ("  - {qid: Q1, type: PERSON, name: Alpha}", "KB001"),
        ("  - {qid: Q1, type: ORG, name: Alpha, country: Q404}", "KB004"),
        ("  - {qid: Q1, type: PERSON, gender: f, name: Alpha, roles: [{office: nope}]}", "KB005"),
        (
            "  - {qid: Q1, type: PERSON, gender: f, name: Al,"
            " roles: [{office: boss, from: 2020-01-01}]}"
            "\n  - {qid: Q2, type: PERSON, gender: m, name: Bo,"
            " roles: [{office: boss, from: 2021-01-01}]}",
            "KB007",
        ),
        (
            "  - {qid: Q1, type: PERSON, gender: f, name: Al,"
            " roles: [{office: boss, from: 2021-01-01, to: 2020-01-01}]}",
            "KB006",
        ),
    ],
)
def test_kb_build_rejects_invalid_facts(tmp_path: Path, entries: str, code: str) -> None:
    facts = tmp_path / "facts.yaml"
    facts.write_text(BAD_FACTS.format(entries=entries), encoding="utf-8")
    result = run_build("--facts", facts, "--out", tmp_path / "out.json")
    assert result.returncode == 1
    assert f"[{code}]" in result.stderr
    assert not (tmp_path / "out.json").exists()


def test_kb_size_and_types(kb: ActorKB) -> None:
    assert len(kb) >= 300
    types = {e.type for e in kb}
    assert types == {"PERSON", "ORG", "GPE"}


def test_kb_ids_and_references(kb: ActorKB) -> None:
    for entry in kb:
        if entry.qid is not None:
            assert re.fullmatch(r"Q\d+", entry.qid), entry
            assert entry.id == entry.qid
        else:
            assert re.fullmatch(r"kb:[a-z0-9]+(-[a-z0-9]+)*", entry.id), entry
        assert (entry.gender in ("f", "m")) == (entry.type == "PERSON"), entry
        if entry.country is not None:
            country = kb.get(entry.country)
            assert country is not None and country.type == "GPE", entry


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_kb_no_alias_collisions(kb: ActorKB, lang: str) -> None:
    owner: dict[str, str] = {}
    for entry in kb:
        for alias in entry.aliases[lang]:
            key = alias.casefold()
            assert owner.setdefault(key, entry.id) == entry.id, (alias, owner[key], entry.id)
            assert kb.lookup(alias, lang) == entry, alias


@pytest.mark.parametrize(
    ("name", "lang", "expected"),
    [
        ("UE", "fr", "European Union"),
        ("EU", "en", "European Union"),
        ("the EU", None, "European Union"),
        ("BCE", "fr", "European Central Bank"),
        ("EAU", "fr", "United Arab Emirates"),
        ("Émirats", "fr", "United Arab Emirates"),
        ("Von Der Leyen", None, "Ursula von der Leyen"),
        ("von Der Leyen", "fr", "Ursula von der Leyen"),
        ("Mme von der Leyen", "fr", "Ursula von der Leyen"),
        ("l'OTAN", "fr", "NATO"),
        ("l’Otan", "fr", "NATO"),
        ("ONU", "fr", "United Nations"),
        ("FMI", "fr", "International Monetary Fund"),
        ("Etats-Unis", "fr", "United States"),
        ("les États-Unis", "fr", "United States"),
        ("US", "en", "United States"),
        ("Macron's", "en", "Emmanuel Macron"),
        ("M. Macron", "fr", "Emmanuel Macron"),
        ("Le Maire", "fr", "Bruno Le Maire"),
        ("Sefcovic", "en", "Maroš Šefčovič"),
        ("Erdogan", "fr", "Recep Tayyip Erdoğan"),
        ("Poutine", "fr", "Vladimir Putin"),
        ("Mohammed ben Salmane", "fr", "Mohammed bin Salman"),
        ("Stargate", "en", "Stargate"),
        ("Current AI", "en", "Current AI"),
        ("InvestAI", "fr", "InvestAI"),
        ("Élysée", "fr", "Élysée Palace"),
        # Outlets quoted in press reviews and wire copy.
        ("O Globo", "fr", "O Globo"),
        ("Frankfurter Allgemeine Zeitung", "fr", "Frankfurter Allgemeine Zeitung"),
        ("Xinhua", "en", "Xinhua News Agency"),
        ("Les Echos", "fr", "Les Échos"),
        # Honorifics of the Gulf and diplomacy never enter a name; initials that name a leader.
        ("Cheikh Mohamed ben Zayed al-Nahyane", "fr", "Mohamed bin Zayed Al Nahyan"),
        ("H.E. Ursula von der Leyen", "en", "Ursula von der Leyen"),
        ("VDL", "fr", "Ursula von der Leyen"),
        # Misspelt by a letter (a swap, a letter too many or too few).
        ("Anthony Blinken", "en", "Antony Blinken"),
        ("Stephen A. Schwartzman", "en", "Stephen Schwarzman"),
        ("Ursula von der Layen", "fr", "Ursula von der Leyen"),
    ],
)
def test_kb_lookup(kb: ActorKB, name: str, lang: str | None, expected: str) -> None:
    entry = kb.lookup(name, lang)
    assert entry is not None and entry.name == expected


@pytest.mark.parametrize(
    ("name", "lang"),
    [
        ("eau", "fr"),  # "EAU" is the UAE only in capitals
        ("us", "en"),
        ("le maire", "fr"),  # a mayor, not Bruno Le Maire
        ("ce", "fr"),
        ("Georgia", "en"),  # dropped as ambiguous (country or US state)
        ("Johnson", "en"),  # Boris or Mike
        ("Hollande", "fr"),  # François Hollande or the Netherlands
        ("Nobody Atall", "en"),
        ("la tribune", "fr"),  # a platform, not the newspaper La Tribune
        ("the sun", "en"),
        ("Mark Carey", "en"),  # not Mark Carney: under twelve letters, one apart is another name
        ("Antony Bilnkne", "en"),  # two edits in a short name
    ],
)
def test_kb_lookup_rejects(kb: ActorKB, name: str, lang: str) -> None:
    assert kb.lookup(name, lang) is None


@pytest.mark.parametrize(
    ("phrase", "lang", "on", "expected"),
    [
        ("le président français", "fr", date(2025, 2, 10), "Emmanuel Macron"),
        ("président de la République", "fr", date(2018, 1, 1), "Emmanuel Macron"),
        ("German chancellor", "en", date(2024, 6, 1), "Olaf Scholz"),
        ("German chancellor", "en", date(2025, 9, 1), "Friedrich Merz"),
        ("the German chancellor", "en", date(2019, 6, 1), "Angela Merkel"),
        ("chancelier allemand", "fr", date(2025, 5, 6), "Friedrich Merz"),
        ("US president", "en", date(2024, 6, 1), "Joe Biden"),
        ("US president", "en", date(2025, 2, 10), "Donald Trump"),
        ("US president", "en", date(2019, 6, 1), "Donald Trump"),
        ("la présidente de la Commission", "fr", date(2025, 2, 11), "Ursula von der Leyen"),
        ("Commission President", "en", date(2018, 5, 1), "Jean-Claude Juncker"),
        ("l’ancienne Première ministre", "fr", date(2023, 1, 1), None),
        ("Première ministre", "fr", date(2023, 1, 1), "Élisabeth Borne"),
        ("Premier ministre", "fr", date(2025, 1, 1), "François Bayrou"),
        ("ECB President", "en", date(2019, 6, 1), "Mario Draghi"),
        ("patron d'OpenAI", "fr", date(2025, 2, 10), "Sam Altman"),
        ("Nvidia CEO", "en", date(2025, 2, 10), "Jensen Huang"),
        ("NATO chief", "en", date(2024, 9, 30), "Jens Stoltenberg"),
        ("NATO chief", "en", date(2024, 10, 1), "Mark Rutte"),
        ("ministre de l'Économie", "fr", date(2025, 2, 10), "Éric Lombard"),
        ("Chancellor of the Exchequer", "en", date(2025, 2, 10), "Rachel Reeves"),
        ("UK prime minister", "en", date(2022, 10, 1), "Liz Truss"),
        ("EU tech chief", "en", date(2023, 1, 1), None),  # office created in December 2024
        ("Fed chair", "en", date(2017, 6, 1), "Janet Yellen"),
    ],
)
def test_kb_resolve_role_on_date(
    kb: ActorKB, phrase: str, lang: str, on: date, expected: str | None
) -> None:
    entry = kb.resolve_role(phrase, lang, on)
    assert (entry.name if entry else None) == expected


@pytest.mark.parametrize(
    ("phrase", "lang", "expected"),
    [
        ("Commission President", "en", "Ursula von der Leyen"),
        ("US president", "en", "Donald Trump"),
        ("secrétaire général de l'ONU", "fr", "António Guterres"),
        ("président du Conseil européen", "fr", "António Costa"),
    ],
)
def test_kb_resolve_role_current(kb: ActorKB, phrase: str, lang: str, expected: str) -> None:
    entry = kb.resolve_role(phrase, lang, None)
    assert entry is not None and entry.name == expected


@pytest.mark.parametrize(
    ("word", "lang", "expected"),
    [
        ("French", "en", "France"),
        ("française", "fr", "France"),
        ("Françaises", "fr", "France"),
        ("allemands", "fr", "Germany"),
        ("américaine", "fr", "United States"),
        ("Emirati", "en", "United Arab Emirates"),
        ("émiriens", "fr", "United Arab Emirates"),
        ("British", "en", "United Kingdom"),
        ("chinois", "fr", "China"),
    ],
)
def test_kb_demonym(kb: ActorKB, word: str, lang: str, expected: str) -> None:
    entry = kb.demonym(word, lang)
    assert entry is not None and entry.name == expected


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_kb_patterns_deterministic_and_split_by_case(kb: ActorKB, lang: str) -> None:
    loose = kb.alias_patterns(lang)
    exact = kb.cased_alias_patterns(lang)
    assert loose == sorted(set(loose)) and exact == sorted(set(exact))
    assert not {a for a, _ in loose} & {a for a, _ in exact}
    assert ("European Union", "Q458") in loose  # English names are matched in every language
    roles = kb.role_patterns(lang)
    assert roles == sorted(set(roles)) and len(roles) > 100


@pytest.mark.parametrize(
    ("alias", "lang", "loose"),
    [("EAU", "fr", False), ("US", "en", False), ("EU", "en", True), ("UE", "fr", True)],
)
def test_kb_case_sensitive_aliases(kb: ActorKB, alias: str, lang: str, loose: bool) -> None:
    aliases = {a for a, _ in kb.alias_patterns(lang)}
    cased = {a for a, _ in kb.cased_alias_patterns(lang)}
    assert (alias in aliases, alias in cased) == (loose, not loose)


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        (
            "en",
            "Ursula von der Leyen said the EU will mobilise funds; the us dollar was flat.",
            {"Ursula von der Leyen", "European Union"},
        ),
        (
            "fr",
            "Selon Von Der Leyen, l’UE et l’OTAN boivent de l'eau, comme les EAU.",
            {"Ursula von der Leyen", "European Union", "NATO", "United Arab Emirates"},
        ),
    ],
)
def test_kb_phrase_matcher_on_blank_tokenizer(
    kb: ActorKB, lang: str, text: str, expected: set[str]
) -> None:
    nlp = spacy.blank(lang)
    loose = PhraseMatcher(nlp.vocab, attr="LOWER")
    exact = PhraseMatcher(nlp.vocab, attr="ORTH")
    for matcher, patterns in (
        (loose, kb.alias_patterns(lang)),
        (exact, kb.cased_alias_patterns(lang)),
    ):
        for alias, entry_id in patterns:
            matcher.add(entry_id, [nlp.make_doc(alias)])
    doc = nlp(text)
    spans = spacy.util.filter_spans([doc[s:e] for m in (loose, exact) for _, s, e in m(doc)])
    found = set()
    for span in spans:
        entry = kb.lookup(span.text, lang)
        assert entry is not None, span.text
        found.add(entry.name)
    assert found == expected
