"""The one loader of the packaged rule data and the two word forms lists are compared in."""

from __future__ import annotations

import pytest

from pipeline.rules_data import fold, fold_case, load_rules


@pytest.mark.parametrize(
    ("one", "other"),
    [("l’État", "L'etat"), ("Chef de l‘Etat", "chef de l'état"), ("œuvre", "OEUVRE")],
)
def test_fold_accents_case_and_apostrophes_are_one_key(one: str, other: str) -> None:
    assert fold(one) == fold(other)


@pytest.mark.parametrize(("word", "other"), [("où", "ou"), ("à", "a")])
def test_fold_case_keeps_the_accents_that_tell_words_apart(word: str, other: str) -> None:
    assert fold_case(word.upper()) == word
    assert fold_case(word) != fold_case(other)
    assert fold(word) == fold(other)  # what the pledge cue lists must not be compared in


@pytest.mark.parametrize("mark", ["\u0301", "\u0327"])
def test_fold_lone_combining_mark_is_not_the_empty_string(mark: str) -> None:
    assert fold(mark) == mark


@pytest.mark.parametrize("path", ["money/cues.json", "attribution/tables.json"])
def test_load_rules_parses_each_file_once(path: str) -> None:
    data = load_rules(path)
    assert isinstance(data, dict) and data
    assert load_rules(path) is data
