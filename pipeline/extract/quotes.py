"""Find direct quotes in text: « », “ ”, " ", ‹ › and continuation paragraphs.

Pure text (no parse), so it is cheap and testable on its own. Marks are paired inside a
paragraph. A quote left open at the end of a paragraph continues when the next paragraph
opens with the same mark (the press convention for multi-paragraph quotes); otherwise it
stops at the end of its paragraph, so a stray mark never swallows the rest of the text. An
opening guillemet directly followed by a comma is taken as a misprinted closing one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PAIRS = {"«": "»", "“": "”", '"': '"', "‹": "›", "„": "“"}
_CLOSERS_AS_BULLET = re.compile(r"^\s*»\s")
_MISPRINTED_CLOSE = re.compile(r"\s*[,.;]")


@dataclass(frozen=True)
class Quote:
    """The quoted text (marks excluded) and where its marks are."""

    start: int  # first character inside the marks (spaces trimmed)
    end: int  # last character inside + 1
    open_at: int  # offset of the opening mark
    close_at: int | None  # offset of the closing mark, None if the paragraph ended first


def _paragraph_bounds(text: str) -> list[tuple[int, int]]:
    bounds, pos = [], 0
    for line in text.split("\n"):
        bounds.append((pos, pos + len(line)))
        pos += len(line) + 1
    return bounds


def _find_close(text: str, mark: str, i: int, end: int) -> int | None:
    """Offset of the mark closing the quote opened at i, within [i+1, end)."""
    closer = PAIRS[mark]
    j = i + 1
    while j < end:
        c = text[j]
        if c == closer and (closer != '"' or j > i + 1):
            return j
        if mark == "«" and c == "«" and _MISPRINTED_CLOSE.match(text, j + 1):
            return j
        j += 1
    return None


def find_quotes(text: str) -> list[Quote]:
    """All direct quotes of a text, in order; never raises."""
    quotes: list[Quote] = []
    bounds = _paragraph_bounds(text)
    p = 0
    while p < len(bounds):
        pstart, pend = bounds[p]
        i = pstart
        while i < pend:
            mark = text[i]
            if mark not in PAIRS or (mark == "»"):
                i += 1
                continue
            if mark == '"' and i > pstart and text[i - 1].isalnum():
                i += 1  # a closing straight quote left over, or an inch mark
                continue
            close = _find_close(text, mark, i, pend)
            q_end_par = p
            while close is None and q_end_par + 1 < len(bounds):
                nstart, nend = bounds[q_end_par + 1]
                if text[nstart:nend].lstrip().startswith(mark):
                    q_end_par += 1
                    close = _find_close(text, mark, text.index(mark, nstart), nend)
                else:
                    break
            inner_end = close if close is not None else bounds[q_end_par][1]
            quotes.append(_trimmed(text, i, inner_end, close))
            if close is None:
                p = q_end_par
                pstart, pend = bounds[p]
                i = pend
            elif q_end_par != p:
                p = q_end_par
                pstart, pend = bounds[p]
                i = close + 1
            else:
                i = close + 1
        p += 1
    return [q for q in quotes if q.end > q.start]


def _trimmed(text: str, open_at: int, inner_end: int, close: int | None) -> Quote:
    start, end = open_at + 1, inner_end
    while start < end and not text[start].isalnum() and text[start] not in "'€$£(":
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in '«“"‹,'):
        end -= 1
    return Quote(start, end, open_at, close)
