"""Interface strings (French or English) and locale-aware number formatting.

The strings live in pipeline/data/report/i18n.json, shared by the briefing and the review
app, so a translator edits one data file and no template.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Any

UI_LANGS = ("en", "fr")


@lru_cache(maxsize=1)
def _strings() -> dict[str, dict[str, Any]]:
    text = resources.files("pipeline.data").joinpath("report/i18n.json").read_text("utf-8")
    data = json.loads(text)
    return {k: v for k, v in data.items() if not k.startswith("_")}


def majority_lang(langs: Iterable[str | None]) -> str:
    """The most frequent supported interface language among documents (English on a tie)."""
    counts = Counter(lang for lang in langs if lang in UI_LANGS)
    if not counts:
        return "en"
    return max(UI_LANGS, key=lambda lang: (counts[lang], lang == "en"))


class Translator:
    """`t("key", n=3)`: the string for `key` in the interface language, placeholders filled."""

    def __init__(self, lang: str) -> None:
        if lang not in UI_LANGS:
            raise ValueError(f"interface language must be one of {', '.join(UI_LANGS)}")
        self.lang = lang
        self.table = _strings()[lang]

    def __call__(self, key: str, **values: Any) -> str:
        text = self.table.get(key, key)
        return str(text).format(**values) if values else str(text)

    def number(self, value: float, decimals: int = 2) -> str:
        """1234.5 -> '1,234.5' (en) or '1 234,5' (fr); trailing zeros dropped."""
        raw = f"{value:,.{decimals}f}"
        if "." in raw:
            raw = raw.rstrip("0").rstrip(".")
        return (
            raw.replace(",", "\x00")
            .replace(".", self.table["decimal"])
            .replace("\x00", self.table["thousands"])
        )

    def money(self, value: float | None, currency: str | None = None) -> str:
        """109e9 -> '109 bn EUR' / '109 Md EUR'."""
        if value is None:
            return ""
        for scale, word in self.table["scale"]:
            if abs(value) >= scale:
                return f"{self.number(value / scale)} {word} {currency or ''}".strip()
        return f"{self.number(value)} {currency or ''}".strip()
