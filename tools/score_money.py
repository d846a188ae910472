"""Score money predictions against the public peer suites in tests/data/peer/money.

    .venv/bin/python -m pipeline amounts tests/data/peer/money/duckling_fr.jsonl > pred.jsonl
    .venv/bin/python tools/score_money.py tests/data/peer/money/duckling_fr.jsonl \
        --pred pred.jsonl --exclude-tag subunit

A suite line is a case: an input and the amounts a money extractor should find in it. Two
layouts exist. Recognizers-Text cases list their items under "expected" (a range item has
"min"/"max" and no "amount"); a Duckling case is one item spread over the line itself
("amount", "currency", "min", "max", "kind"), and kind "negative" expects nothing.
Predictions are `briefing amounts` output: {"id", "found": [{"amount", "currency", ...}]}.

A found item matches an expected one when its currency is the same ISO code (an expected
currency of null accepts any) and its amount is within `tol` (relative) of the expected one;
an expected range matches on both bounds instead. Each found item matches at most one
expected item (the largest such pairing is counted). A case is exact when every expected
item is matched, or, for a case expecting nothing, when nothing was found; extra items lower
precision only. The suite's score is its share of exact cases.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TOLERANCE = 0.005  # amounts within 0.5 % are the same amount


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The JSON objects of a file, one a line (blank lines skipped)."""
    rows = []
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except ValueError as exc:
                raise ValueError(f"{path}:{n}: not JSON ({exc})") from exc
    return rows


def _number(value: Any) -> float | None:
    """A number, or None for missing, boolean or non-numeric values."""
    if value is None or isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def expected_items(case: Mapping[str, Any]) -> list[dict[str, Any]]:
    """What a case expects to be found, in either suite layout."""
    if "expected" in case:
        return list(case["expected"] or [])
    bounds = (case.get("amount"), case.get("min"), case.get("max"))
    if case.get("kind") == "negative" or all(v is None for v in bounds):
        return []
    keys = ("amount", "currency", "min", "max")
    return [{"text": case.get("input"), **{k: case.get(k) for k in keys}}]


def same_amount(expected: Any, found: Any, tol: float = TOLERANCE) -> bool:
    """Both numbers, and `found` within `tol` of `expected` (relative; exact for zero)."""
    want, got = _number(expected), _number(found)
    if want is None or got is None:
        return False
    if want == 0:
        return abs(got) <= 1e-9
    return abs(got - want) <= tol * abs(want)


def _same_bound(expected: Any, found: Any, tol: float) -> bool:
    if expected is None:  # an open bound: the prediction must leave it open too
        return _number(found) is None
    return same_amount(expected, found, tol)


def matches(expected: Mapping[str, Any], found: Mapping[str, Any], tol: float = TOLERANCE) -> bool:
    """Whether one found item is the expected one (currency, then amount or bounds)."""
    currency = expected.get("currency")
    if currency is not None:
        got = found.get("currency")
        if not isinstance(got, str) or got.strip().upper() != str(currency).upper():
            return False
    if expected.get("amount") is not None:
        return same_amount(expected["amount"], found.get("amount"), tol)
    lo, hi = expected.get("min"), expected.get("max")
    if lo is None and hi is None:
        return False  # nothing to compare with
    return _same_bound(lo, found.get("min"), tol) and _same_bound(hi, found.get("max"), tol)


def pairs(
    expected: list[dict[str, Any]], found: list[dict[str, Any]], tol: float = TOLERANCE
) -> int:
    """The number of expected items matched when each found item serves at most one of
    them, maximised (augmenting paths: a later item may take over an earlier one's match
    if that one can move to another)."""
    options = [[j for j, f in enumerate(found) if matches(e, f, tol)] for e in expected]
    holder: dict[int, int] = {}  # found index -> expected index it serves

    def place(i: int, tried: set[int]) -> bool:
        for j in options[i]:
            if j in tried:
                continue
            tried.add(j)
            if j not in holder or place(holder[j], tried):
                holder[j] = i
                return True
        return False

    return sum(place(i, set()) for i in range(len(expected)))


@dataclass
class SuiteScore:
    """Counts over one suite's scored cases (excluded ones aside)."""

    cases: int = 0
    exact: int = 0
    excluded: int = 0
    unpredicted: int = 0  # cases without a prediction line (scored as finding nothing)
    expected: int = 0
    found: int = 0
    matched: int = 0

    @property
    def score(self) -> float:
        return self.exact / self.cases if self.cases else 0.0

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def predictions(rows: Iterable[Mapping[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Prediction lines by case id (lines without an id are ignored)."""
    out = {}
    for row in rows:
        if "id" in row and row["id"] is not None:
            out[str(row["id"])] = [f for f in row.get("found") or [] if isinstance(f, dict)]
    return out


def score_suite(
    cases: Iterable[Mapping[str, Any]],
    predicted: Mapping[str, list[dict[str, Any]]],
    exclude_tags: Iterable[str] = (),
    exclude_platforms: Iterable[str] = (),
    tol: float = TOLERANCE,
) -> SuiteScore:
    """Score one suite's cases; a case carrying an excluded tag, or marked unsupported on
    an excluded platform (Recognizers-Text), is left out."""
    tags, platforms = set(exclude_tags), {p.lower() for p in exclude_platforms}
    out = SuiteScore()
    for case in cases:
        if tags & set(case.get("tags", [])) or platforms & {
            p.lower() for p in case.get("not_supported_platforms", [])
        }:
            out.excluded += 1
            continue
        want = expected_items(case)
        got = predicted.get(str(case.get("id")))
        out.unpredicted += got is None
        got = got or []
        n = pairs(want, got, tol)
        out.cases += 1
        out.expected += len(want)
        out.found += len(got)
        out.matched += n
        out.exact += n == len(want) if want else not got
    return out


def main(argv: list[str] | None = None) -> int:
    """Print each suite's counts and, last, `score: X.XXX` over all the suites given."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("suites", nargs="+", type=Path, help="suite files (JSONL)")
    parser.add_argument("--pred", type=Path, required=True, help="predictions (JSONL)")
    parser.add_argument("--tol", type=float, default=TOLERANCE, help="relative tolerance")
    parser.add_argument("--exclude-tag", action="append", default=[], metavar="TAG")
    parser.add_argument("--exclude-not-supported", action="append", default=[], metavar="PLAT")
    args = parser.parse_args(argv)
    predicted = predictions(read_jsonl(args.pred))
    cases = exact = 0
    for suite in args.suites:
        s = score_suite(
            read_jsonl(suite), predicted, args.exclude_tag, args.exclude_not_supported, args.tol
        )
        print(f"== {suite}")
        print(f"cases: {s.cases} (excluded {s.excluded}, without prediction {s.unpredicted})")
        print(f"exact: {s.exact} ({s.score:.3f})")
        print(f"items: expected {s.expected}, found {s.found}, matched {s.matched}")
        print(f"precision {s.precision:.3f}  recall {s.recall:.3f}  f1 {s.f1:.3f}")
        cases, exact = cases + s.cases, exact + s.exact
    print(f"score: {exact / cases if cases else 0.0:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
