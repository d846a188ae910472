"""Load the French model without compiling its tokenizer's token-match regex the slow way.

spaCy's French tokenizer keeps hyphenated and elided words whole ("porte-monnaie",
"entr'ouvert") through one `token_match` regex: 266 alternatives, each `^`-anchored and each
spelling out the 2,700-character class of lower-case letters once or twice, 1.45 MB in all.
Python compiles it in ~4.5 s, as long as the rest of the French model's loading, once per
process (the `briefing` program, each worker, each Dask worker).

Most alternatives end the same way: `^faux[-–]` and `^anti[-–]` are both followed by
"a lower-case letter, then letters, hyphens or apostrophes". `(?:^A S)|(?:^B S)` matches
exactly the strings `^(?:A|B)S` matches, so the alternatives are grouped by their ending and
each ending, with its big classes, is compiled once: ~0.5 s with the grouping. spaCy only
asks the regex whether a string matches (never where), so the tokenizer's output is
unchanged; tests/test_fast_load.py checks it on every French dev-set text and on the words
the regex exists for.

The faster regex stands in for the original for the time of a model's loading only: there
spaCy compiles the pattern twice, at `import spacy.lang.fr` and from the model's files.
"""

from __future__ import annotations

import contextlib
import functools
import re
import threading
from collections.abc import Iterator
from typing import Any

_BIG = 100_000  # patterns shorter than this compile fast enough as they are
_FLAGS = "(?iu)"
_SWAP = threading.Lock()  # two threads loading at once must not restore each other's
# a whole character class, an escape, a group bracket, a bar, or a run of anything else
_TOKEN = re.compile(r"\[\^?\]?(?:\\.|[^\]\\])*\]|\\.|[()|]|[^\\\[()|]+", re.S)
_LONG_CLASS = 200  # characters: a class this long is what makes compiling slow


def _split(tokens: list[str]) -> list[list[str]] | None:
    """`tokens` cut at each top-level `|`; None when the groups are not balanced."""
    parts: list[list[str]] = [[]]
    depth = 0
    for tok in tokens:
        if tok == "|" and depth == 0:
            parts.append([])
            continue
        depth += (tok == "(") - (tok == ")")
        if depth < 0:
            return None
        parts[-1].append(tok)
    return parts if depth == 0 else None


def _tokens(pattern: str) -> list[str] | None:
    """The pattern's tokens (see _TOKEN), or None when they do not spell it exactly."""
    tokens = _TOKEN.findall(pattern)
    return tokens if "".join(tokens) == pattern else None


def _head_and_ending(tokens: list[str]) -> tuple[str, str] | None:
    """("faux[-–]", "[a-z…][-a-z…']*$") for the tokens of "^faux[-–][a-z…][-a-z…']*$": cut
    before the first long character class, where the head is a plain sequence (no top-level
    alternation, its groups closed). None when the branch cannot be cut so."""
    if not tokens or not tokens[0].startswith("^"):
        return None
    for i, tok in enumerate(tokens):
        if tok.startswith("[") and len(tok) > _LONG_CLASS:
            head = tokens[:i]
            split = _split(head)
            if split is None or len(split) != 1:
                return None
            return "".join(head)[1:], "".join(tokens[i:])
    return None


@functools.lru_cache(maxsize=4)
def factored(pattern: str) -> str | None:
    """The same language as `pattern`, an `(?iu)` alternation of `^`-anchored groups, with
    the groups that share an ending merged: `(?:^A S)|(?:^B S)` -> `(?:^(?:A|B)S)`. None
    when the pattern does not have that shape or nothing is gained."""
    if not pattern.startswith(_FLAGS):
        return None
    tokens = _tokens(pattern[len(_FLAGS) :])
    branches = _split(tokens) if tokens else None
    if not branches:
        return None
    by_ending: dict[str, list[str]] = {}
    kept: list[str] = []
    for branch in branches:
        text = "".join(branch)
        inner = text[3:-1]
        inner_tokens = _tokens(inner) if text.startswith("(?:") and text.endswith(")") else None
        alternatives = _split(inner_tokens) if inner_tokens else None
        if not inner_tokens or alternatives is None:
            return None  # not one group: "(?:a)(?:b)" has inner "a)(?:b"
        cut = _head_and_ending(inner_tokens) if len(alternatives) == 1 else None
        if cut is None:
            kept.append(text)
        else:
            by_ending.setdefault(cut[1], []).append(cut[0])
    merged = [f"(?:^(?:{'|'.join(heads)}){ending})" for ending, heads in by_ending.items()]
    if len(merged) + len(kept) >= len(branches):
        return None
    return _FLAGS + "|".join(merged + kept)


@contextlib.contextmanager
def fast_token_match() -> Iterator[None]:
    """While inside, `re.compile` of a huge alternation compiles its factored equivalent.

    `re.compile` is replaced for the time of a model's loading only, in the `re` module that
    spaCy's modules call; the factored pattern is compiled once per process (re's cache).
    Loads in other threads wait meanwhile."""

    def compile_(pattern: Any, flags: int | re.RegexFlag = 0) -> re.Pattern[Any]:
        if isinstance(pattern, str) and len(pattern) > _BIG and not flags:
            better = factored(pattern)
            if better is not None:
                return real(better)
        return real(pattern, flags)

    with _SWAP:
        real = re.compile
        re.compile = compile_
        try:
            yield
        finally:
            re.compile = real
