"""ECB euro reference rates shipped as data: conversion on known dates, week-ends, gaps."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from pipeline.rates import convert, eur_rate, load_rates, rate_date, to_eur_usd

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("currency", "day", "rate"),
    [
        ("USD", "2025-02-07", 1.0377),  # ECB reference rate of Friday 7 February 2025
        ("USD", "2025-02-10", 1.032),
        ("GBP", "2025-02-06", 0.83688),
        ("RUB", "2022-03-01", 117.201),  # the last quotes before the ECB suspended the rouble
        ("EUR", "2025-02-09", 1.0),
    ],
)
def test_rates_known_dates(currency: str, day: str, rate: float) -> None:
    assert eur_rate(currency, day) == pytest.approx(rate)


@pytest.mark.parametrize(
    ("day", "used"),
    [
        ("2025-02-09", "2025-02-07"),  # Sunday -> the Friday before
        ("2025-02-08", "2025-02-07"),  # Saturday
        ("2025-02-10", "2025-02-10"),  # a business day is its own rate date
        ("2024-12-25", "2024-12-24"),  # Christmas: no fixing
    ],
)
def test_rates_closest_previous_business_day(day: str, used: str) -> None:
    assert rate_date(day) == used


def test_rates_convert_112bn_dollars_on_summit_eve() -> None:
    eur, usd, used = to_eur_usd(112e9, "USD", "2025-02-09")
    assert used == "2025-02-07"
    assert eur == pytest.approx(112e9 / 1.0377, rel=1e-9)
    assert usd == pytest.approx(112e9)


def test_rates_cross_rate_goes_through_the_euro() -> None:
    value = convert(1_000_000, "GBP", "USD", "2025-02-10")
    assert value == pytest.approx(1_000_000 / 0.83283 * 1.032, rel=1e-9)


@pytest.mark.parametrize(
    ("amount", "currency", "day"),
    [
        (1e6, "RUB", "2024-06-03"),  # no quote for more than MAX_STALE_DAYS: no stale figure
        (1e6, "XYZ", "2025-02-10"),  # unknown currency
        (1e6, None, "2025-02-10"),  # currency not known
        (1e6, "USD", "2010-01-04"),  # before the shipped table starts
    ],
)
def test_rates_unknown_or_stale_give_none(amount: float, currency: str | None, day: str) -> None:
    assert to_eur_usd(amount, currency, day) == (None, None, None)


def test_rates_undated_documents_use_the_latest_table_day_not_the_run_date() -> None:
    latest = load_rates().days[-1]
    assert rate_date(None) == latest
    assert rate_date("not a date") == latest
    assert to_eur_usd(10.0, "EUR", None) == (
        10.0,
        pytest.approx(10.0 * eur_rate("USD", latest), abs=0.005),  # rounded to cents
        latest,
    )


def test_rates_table_is_rebuilt_identically_from_the_installed_package() -> None:
    spec = importlib.util.spec_from_file_location("build_rates", ROOT / "tools" / "build_rates.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    shipped = (ROOT / "pipeline" / "data" / "rates" / "ecb_eur.csv").read_text(encoding="utf-8")
    assert module.build(module.read_history()) == shipped
    assert load_rates().days[0].startswith("2015-")


@pytest.mark.parametrize(
    ("amount", "currency", "day", "eur"),
    [
        (275e9, "XOF", "2024-03-01", 419_234_797.4),  # 655.957 FCFA per euro, fixed by law
        (655.957, "XAF", "2020-06-15", 1.0),
        (1.95583e6, "BAM", "2020-01-02", 1e6),
    ],
)
def test_rates_currencies_pegged_to_the_euro_use_their_fixed_rate(
    amount: float, currency: str, day: str, eur: float
) -> None:
    assert to_eur_usd(amount, currency, day)[0] == pytest.approx(eur, rel=1e-9)
