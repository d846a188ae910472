"""The money parser may not score below its floors on the peer suites (Recognizers-Text,
Duckling), and `python -m pipeline amounts` streams exactly what amounts_jsonl produces.

The suites live outside the repo (shared/peer/money, or $BRIEFING_PEER_DIR); their own
score.py is run as a subprocess on our predictions. Floors: tests/baselines/money_peer.json.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.extract.money_parse import amounts_jsonl

ROOT = Path(__file__).resolve().parent.parent
BASELINE = json.loads((ROOT / "tests" / "baselines" / "money_peer.json").read_text())
PEER_DIR = Path(os.environ.get("BRIEFING_PEER_DIR", ROOT.parent / "shared" / "peer" / "money"))


def _peer_dir() -> Path:
    if not (PEER_DIR / "score.py").is_file():
        pytest.fail(
            f"peer money suites not found in {PEER_DIR} (expected score.py and the *.jsonl "
            "files); set BRIEFING_PEER_DIR to the folder holding them"
        )
    return PEER_DIR


def _score(suite: str, tmp_path: Path) -> float:
    peer = _peer_dir()
    gold = peer / suite
    assert gold.is_file(), f"missing peer suite {gold}"
    preds = tmp_path / f"pred_{suite}"
    with gold.open(encoding="utf-8") as src, preds.open("w", encoding="utf-8") as out:
        for line in amounts_jsonl(src):
            out.write(line + "\n")
    cmd = [sys.executable, str(peer / "score.py"), str(gold), str(preds)]
    for tag in BASELINE["exclude_tags"]:
        cmd += ["--exclude-tag", tag]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr
    last = run.stdout.strip().splitlines()[-1]
    m = re.fullmatch(r"score: ([0-9.]+)", last)
    assert m, f"unexpected score.py output: {run.stdout}"
    return float(m.group(1))


@pytest.mark.parametrize("suite", sorted(BASELINE["floors"]))
def test_money_peer_score_not_below_floor(suite: str, tmp_path: Path) -> None:
    floor = BASELINE["floors"][suite]
    score = _score(suite, tmp_path)
    assert score >= floor, f"{suite}: exact-match {score:.3f} < floor {floor:.3f}"


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
