"""Shared fixtures: the real models are loaded once per test session (the French one ~5 s)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from pipeline.config import Config, load_config

ROOT = Path(__file__).resolve().parent.parent
SUMMIT = ROOT / "corpora" / "ai-action-summit"
DEVSET = ROOT / "corpora" / "devset"
HELDOUT = ROOT / "corpora" / "heldout"  # written after the rules: scores of unseen texts
HELDOUT2 = ROOT / "corpora" / "heldout2"  # a second such set, written a session later
SEED = SUMMIT / "000_e93bffb5ef5bafd4.txt"


@pytest.fixture(scope="session")
def config() -> Config:
    return load_config()


@pytest.fixture(scope="session")
def nlp_fr(config: Config):
    from pipeline.nlp import get_pipeline

    return get_pipeline("fr", config)


@pytest.fixture(scope="session")
def nlp_en(config: Config):
    from pipeline.nlp import get_pipeline

    return get_pipeline("en", config)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture(scope="session")
def summit_run(tmp_path_factory: pytest.TempPathFactory, config: Config) -> Any:
    """One real run over the sample corpus, shared by the tests that read its outputs."""
    from pipeline.runner import run_corpus

    out = tmp_path_factory.mktemp("summit-out")
    corpus = tmp_path_factory.mktemp("summit-in") / "ai-action-summit"
    shutil.copytree(SUMMIT, corpus)
    return run_corpus([corpus], config, out)


@pytest.fixture(scope="session")
def summit_records(summit_run: Any) -> list[dict[str, Any]]:
    return read_jsonl(summit_run.out_dir / "extractions.jsonl")
