"""The French tokenizer's factored token-match regex accepts exactly what spaCy's accepts."""

from __future__ import annotations

import random
import re
import re._parser as sre_parse  # type: ignore[import-not-found]
from pathlib import Path
from typing import Any

import pytest
import spacy
import srsly
from spacy.tokenizer import Tokenizer

from pipeline.config import load_config
from pipeline.fast_load import factored, fast_token_match

ROOT = Path(__file__).resolve().parent.parent
FRENCH = sorted((ROOT / "corpora" / "devset" / "docs").glob("fr_*.txt")) + sorted(
    (ROOT / "corpora" / "heldout" / "docs").glob("fr_*.txt")
)
LONG = "[" + "".join(chr(c) for c in range(0x61, 0x7B)) + "àâçéèêëîïôûùüÿœæ" * 12 + "]"


def _model_pattern() -> str:
    """The token-match pattern stored in the installed French model's files."""
    path = Path(spacy.util.get_package_path(load_config()["models"]["fr"]))
    data = srsly.msgpack_loads(next(path.glob("*/tokenizer")).read_bytes())
    return str(data["token_match"])


def _sample(parsed: Any, rng: random.Random) -> str:
    """One string matched by a parsed regex (the subset of syntax spaCy's patterns use)."""
    out = []
    for op, av in parsed:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(av))
        elif name == "IN":
            choices = [chr(a) for o, a in av if str(o) == "LITERAL"]
            choices += [chr(a[0]) for o, a in av if str(o) == "RANGE"]
            out.append(rng.choice(choices))
        elif name in ("MAX_REPEAT", "MIN_REPEAT"):
            low, high, sub = av
            count = rng.randint(low, min(high, low + 3))
            out.extend(_sample(sub, rng) for _ in range(count))
        elif name == "SUBPATTERN":
            out.append(_sample(av[-1], rng))
        elif name == "BRANCH":
            out.append(_sample(rng.choice(av[1]), rng))
        elif name != "AT":
            raise AssertionError(f"unexpected regex node {name}")
    return "".join(out)


def _mutations(word: str, rng: random.Random) -> list[str]:
    """Near misses and case variants of a matching word."""
    i = rng.randrange(len(word))
    return [
        word.upper(),
        word.title(),
        word[:i] + word[i + 1 :],
        word[:i] + " " + word[i:],
        word + "1",
        word.replace("-", "_"),
        word + "\n",
        "x" + word,
    ]


@pytest.fixture(scope="module")
def patterns() -> tuple[str, re.Pattern[str], re.Pattern[str]]:
    original = _model_pattern()
    better = factored(original)
    assert better is not None
    return original, re.compile(original), re.compile(better)


def test_same_pattern_at_import_and_in_the_model() -> None:
    """spaCy compiles the pattern twice (import, model files): both go the fast way."""
    from spacy.lang.fr import tokenizer_exceptions as exc

    built = "(?iu)" + "|".join(f"(?:{m})" for m in exc._regular_exp)
    assert built == _model_pattern()
    assert len(built) > 1_000_000  # why the fast path exists


def test_factored_is_much_shorter(patterns: tuple[str, Any, Any]) -> None:
    original, _, _ = patterns
    better = factored(original)
    assert better is not None
    assert len(better) < len(original) / 10
    assert better.count("(?:^") < original.count("(?:^") / 5


def test_same_answers_on_every_branch_and_near_misses(patterns: tuple[str, Any, Any]) -> None:
    original, slow, fast = patterns
    from spacy.lang.fr import tokenizer_exceptions as exc

    rng = random.Random(7)
    words: list[str] = []
    for branch in exc._regular_exp:
        parsed = sre_parse.parse(branch, re.IGNORECASE)
        for _ in range(3):
            word = _sample(parsed, rng)
            words += [word, *_mutations(word, rng)]
    for path in FRENCH:
        words += path.read_text(encoding="utf-8").split()
    matched = 0
    for word in words:
        a, b = slow.match(word), fast.match(word)
        assert (a is None) == (b is None), word
        matched += a is not None
    assert matched >= 3 * len(exc._regular_exp)  # every sample of every branch, at least
    assert len(words) - matched > 10_000  # and plenty that do not match


def test_french_pipeline_tokenizes_as_spacy(nlp_fr: Any, patterns: tuple[str, Any, Any]) -> None:
    """The pipeline carries the factored regex and cuts every French text as spaCy does."""
    original, slow, _ = patterns
    assert nlp_fr.tokenizer.token_match.__self__.pattern == factored(original)
    spacy_tok = Tokenizer(nlp_fr.vocab)
    spacy_tok.from_bytes(nlp_fr.tokenizer.to_bytes())
    spacy_tok.token_match = slow.match
    texts = [p.read_text(encoding="utf-8") for p in FRENCH]
    assert len(texts) >= 30
    tokens = 0
    for text in texts:
        ours = [t.text for t in nlp_fr.tokenizer(text)]
        assert ours == [t.text for t in spacy_tok(text)]
        tokens += len(ours)
    assert tokens > 10_000


def test_factoring_merges_shared_endings_only() -> None:
    pattern = "(?iu)" + "|".join(
        f"(?:{b})"
        for b in [f"^anti[-]{LONG}+$", f"^(?:pro|contre)[-]{LONG}+$", "^ab?c$", f"^x|y{LONG}$"]
    )
    better = factored(pattern)
    assert better == f"(?iu)(?:^(?:anti[-]|(?:pro|contre)[-]){LONG}+$)|(?:^ab?c$)|(?:^x|y{LONG}$)"
    for word in ["anti-vax", "PRO-vie", "contre-été", "abc", "ac", "x", "ya", "anti-", "pro-1"]:
        assert (re.match(pattern, word) is None) == (re.match(better, word) is None), word


@pytest.mark.parametrize(
    "pattern",
    [
        f"(?:^a{LONG}$)|(?:^b{LONG}$)",  # no (?iu): not spaCy's shape
        f"(?iu)(?:^a{LONG}$)|(?:^b{LONG}$",  # unbalanced
        f"(?iu)(?:^a{LONG}$)(?:^b{LONG}$)",  # one branch that is two groups
        f"(?iu)(?:^a{LONG}$)|(?:^b{LONG}+$)",  # nothing shared
    ],
)
def test_other_shapes_are_left_alone(pattern: str) -> None:
    assert factored(pattern) is None


def test_compile_is_restored_after_loading() -> None:
    real = re.compile
    with fast_token_match():
        assert re.compile is not real
        assert re.compile("a+b").pattern == "a+b"
    assert re.compile is real
