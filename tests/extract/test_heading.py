"""A speech's heading names its speaker, who is the "we" of its own pledges (real models)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pipeline.config import Config
from pipeline.single import extract_file

DISCOURS = """Discours du Président de la République au sommet sur le financement de l'adaptation

Paris, le 23 juin 2023

Mesdames et Messieurs, merci d'être venus si nombreux. Aucun pays ne devrait avoir à choisir entre la lutte contre la pauvreté et la protection de la planète.

La France prendra toute sa part. Nous consacrerons 1 milliard d'euros supplémentaire à l'adaptation des pays les plus vulnérables d'ici 2027.
"""  # noqa: E501

REMARKS = """Ursula von der Leyen's speech at the opening of the water resilience forum

Brussels, 12 March 2025

Thank you all for coming. Water is the first victim of the climate crisis, and the first thing our citizens ask us about.

Today we will put EUR 2 billion into cleaner rivers and safer dams across the Union.
"""  # noqa: E501

NEWS = """Ministers meet in Paris to discuss adaptation

Ministers from twenty countries met in Paris on Monday.

"We will provide 1 billion euros," a delegate told reporters, without naming her country.
"""  # noqa: E501


def _pledges(tmp_path: Path, config: Config, name: str, text: str) -> list[dict[str, Any]]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    (record,) = extract_file(path, config)
    return [p for p in record["pledges"] if p["is_pledge"]]


@pytest.mark.parametrize(
    ("name", "text", "pledger", "words"),
    [
        ("discours.txt", DISCOURS, "Emmanuel Macron", "Président de la République"),
        ("remarks.txt", REMARKS, "Ursula von der Leyen", "Ursula von der Leyen"),
    ],
)
def test_heading_speaker_is_the_we_of_the_speech(
    tmp_path: Path, config: Config, name: str, text: str, pledger: str, words: str
) -> None:
    (pledge,) = _pledges(tmp_path, config, name, text)
    assert pledge["actor_name"] == pledger
    attribution = pledge["attribution"]
    assert attribution["rule"] == "heading"
    start, end = attribution["mention"]["start"], attribution["mention"]["end"]
    assert text[start:end] == words == attribution["mention"]["text"]
    assert end < text.index("\n")  # the words are the heading's


def test_a_headline_without_a_speech_word_names_no_speaker(tmp_path: Path, config: Config) -> None:
    """A news headline naming a place is no speech heading: the delegate's "we" stays
    unattributed rather than given to anyone the headline names."""
    pledges = _pledges(tmp_path, config, "news.txt", NEWS)
    assert pledges, "the delegate's pledge is found"
    assert all(p["attribution"] is None or p["attribution"]["rule"] != "heading" for p in pledges)
