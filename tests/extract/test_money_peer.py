"""The money parser may not score below its floors on the public peer suites
(Recognizers-Text, Duckling; tests/data/peer/money, with their licences and origin), scored by
tools/score_money.py; and `python -m pipeline amounts` streams exactly what amounts_jsonl
produces. Floors: tests/baselines/money_peer.json.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from pipeline.extract.money.parse import amounts_jsonl
from tests.conftest import ROOT

BASELINE = json.loads((ROOT / "tests" / "baselines" / "money_peer.json").read_text())
PEER_DIR = ROOT / "tests" / "data" / "peer" / "money"


def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_money", ROOT / "tools" / "score_money.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


SCORER = _scorer()


@pytest.mark.parametrize("suite", sorted(BASELINE["floors"]))
def test_money_peer_score_not_below_floor(suite: str) -> None:
    gold = PEER_DIR / suite
    cases = SCORER.read_jsonl(gold)
    assert cases, f"empty peer suite {gold}"
    with gold.open(encoding="utf-8") as src:
        predicted = SCORER.predictions(json.loads(line) for line in amounts_jsonl(src))
    result = SCORER.score_suite(cases, predicted, BASELINE["exclude_tags"])
    assert result.cases > 0 and result.unpredicted == 0
    floor = BASELINE["floors"][suite]
    assert result.score >= floor, f"{suite}: exact-match {result.score:.3f} < floor {floor:.3f}"


def test_money_peer_suites_have_their_licences() -> None:
    suites = sorted(p.name for p in PEER_DIR.glob("*.jsonl"))
    assert set(BASELINE["floors"]) <= set(suites)
    assert {s.split("_")[0] for s in suites} == {"duckling", "recognizers"}
    assert "MIT License" in (PEER_DIR / "LICENSE-Recognizers-Text").read_text("utf-8")
    assert "Facebook, Inc." in (PEER_DIR / "LICENSE-Duckling").read_text("utf-8")


EUR_5BN: dict[str, Any] = {"id": "c", "expected": [{"amount": 5e9, "currency": "EUR"}]}


@pytest.mark.parametrize(
    ("case", "found", "exact"),
    [
        (EUR_5BN, [{"amount": 5.02e9, "currency": "eur"}], True),  # within 0.5 %, any case
        (EUR_5BN, [{"amount": 5.03e9, "currency": "EUR"}], False),  # 0.6 % off
        (EUR_5BN, [{"amount": 5e9, "currency": "USD"}], False),
        (EUR_5BN, [], False),
        ({"id": "c", "expected": [{"amount": 5, "currency": None}]}, [{"amount": 5}], True),
        # one found item cannot serve two expected ones
        ({"id": "c", "expected": [{"amount": 5, "currency": None}] * 2}, [{"amount": 5}], False),
        ({"id": "c", "kind": "negative", "input": "5", "amount": None}, [], True),
        ({"id": "c", "kind": "negative", "input": "5", "amount": None}, [{"amount": 5}], False),
        ({"id": "c", "amount": None, "min": 10, "max": 20}, [{"min": 10, "max": 20}], True),
        ({"id": "c", "amount": None, "min": 10, "max": None}, [{"min": 10, "max": 20}], False),
    ],
)
def test_money_peer_scorer_rules(
    case: dict[str, Any], found: list[dict[str, Any]], exact: bool
) -> None:
    result = SCORER.score_suite([case], {"c": found})
    assert (result.cases, result.exact) == (1, int(exact))


def test_money_peer_scorer_pairs_each_found_item_once() -> None:
    """The first expected item could take either found item: the pairing still serves both."""
    expected = [{"amount": 5, "currency": None}, {"amount": 5, "currency": "EUR"}]
    found = [{"amount": 5, "currency": "EUR"}, {"amount": 5, "currency": "USD"}]
    assert SCORER.pairs(expected, found) == 2


def test_money_peer_cli_streams_amounts_jsonl(tmp_path: Path) -> None:
    rows = [
        {"id": "a", "lang": "fr", "input": "Entre 30 et 50 milliards d’euros, soit 500 milliards."},
        {"id": "b", "lang": "en", "input": "France's €109bn ($112.5bn) plan, up to $500bn."},
        {"id": "c", "lang": "en", "input": "The G7 met in 2024."},
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "pipeline", "amounts", str(src)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    expected = list(amounts_jsonl(src.read_text("utf-8").splitlines()))
    assert run.stdout.splitlines() == expected
    out = [json.loads(x) for x in expected]
    assert [len(o["found"]) for o in out] == [2, 3, 0]
