"""Find direct quotes in text: « », “ ”, " ", ‹ ›, „ “, dialogue dashes, continuations.

Pure text (no parse), so it is cheap, testable on its own and never raises. Marks are paired
inside a paragraph (a line). A quote left open at the end of a paragraph continues when the
next non-blank paragraph opens with the same mark (the press convention for multi-paragraph
quotes); otherwise it stops at the end of its paragraph, so a stray mark never swallows the
rest of the text. An opening guillemet followed by a comma is a misprinted closing one
(«… données « , a-t-elle déclaré). A paragraph opened by a dash (— or –) is a dialogue line;
one opened by a speaker label ("Lagarde: …") in a transcript is that speaker's line.
A » opening a line is a bullet, not a mark. British single marks (‘…’) pair too, their
closing mark being the apostrophe's character (’, or ' once normalised, which the opening
mark is too), so one opens only after a space or a colon and before a word, and closes only
where no word goes on after it ("it's" is no closing mark). A closing ” or » with no opening
mark before it in its paragraph closes a quote that opens the paragraph (the opening mark
was lost, or a continued quote was not re-opened); a ” after a space and before a word,
closed by another ” in its paragraph, is a misprinted opening mark (' ”There are no
borders,” said X'). Joining the two halves of a quote interrupted by
an incise ("A," she said, "B") needs the parse and is done by `join_interrupted`; `segments`
gives back the parts the marks delimit, each a claim of its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

PAIRS = {"«": "»", "“": "”", '"': '"', "‹": "›", "„": "“", "‘": "’", "'": "'", "”": "”"}
MISPRINTED_OPENERS = "”"  # a closing mark set before a word, closed by another
SINGLE = "‘'"  # single marks, whose closing one is also the apostrophe
DASHES = ("—", "–")
# Every character that closes a quote ("'" is the normalised ’ closing a ‘).
CLOSING_MARKS = "»”\"›“’'"
_MARK = re.compile("[" + re.escape("".join(PAIRS)) + "]")  # any opening mark
# What may close a quote opened by each mark (a « also ends one: the misprint « ,).
_EXTRA_CLOSERS = {"«": "«", "‘": "'", "'": "’"}
_CLOSERS = {
    mark: re.compile("[" + re.escape(close + _EXTRA_CLOSERS.get(mark, "")) + "]")
    for mark, close in PAIRS.items()
}
# Closing marks that never open a quote: one of them first in a paragraph closes a quote
# that opened it without a mark.
_ORPHAN_CLOSERS = re.compile("[”»]")
_ORPHAN_MIN_WORDS = 4
_MISPRINTED_CLOSE = re.compile(r" *[,.;]")
_MAX_GAP = 90  # characters between two halves of an interrupted quote
# A transcript speaker label: one to four capitalised words, then a colon.
# A paragraph break inside a quote followed by a reopening mark.
_REOPENED = re.compile(
    "\n[ \t\u00a0\u202f\n]*["
    + re.escape("".join(m for m in PAIRS if m not in MISPRINTED_OPENERS))
    + "]"
)
_LABEL = re.compile(r" *([A-ZÀ-Ý][\w.'-]*(?: [A-ZÀ-Ý][\w.'-]*){0,3}) ?: +")


@dataclass(frozen=True)
class Quote:
    """The quoted text (marks excluded) and where its marks are."""

    start: int  # first character inside the marks (spaces trimmed)
    end: int  # last character inside + 1
    open_at: int  # offset of the opening mark (of the dash for a dialogue line)
    close_at: int | None  # offset of the closing mark, None if the paragraph ended first
    mark: str = "«"  # the opening mark, "—" for a dialogue line, ":" for a transcript line
    # (open_at is then where the speaker's label starts)
    # (start, end) of every quoted piece; two or more when an incise interrupts the quote.
    pieces: tuple[tuple[int, int], ...] = ()

    @property
    def after(self) -> int:
        """Offset just after the quote's closing mark (or after its text when unclosed)."""
        return self.close_at + 1 if self.close_at is not None else self.end


def _paragraph_bounds(text: str) -> list[tuple[int, int]]:
    bounds, pos = [], 0
    for line in text.split("\n"):
        bounds.append((pos, pos + len(line)))
        pos += len(line) + 1
    return bounds


def _find_close(text: str, mark: str, i: int, end: int) -> int | None:
    """Offset of the mark closing the quote opened at i, within [i+1, end)."""
    closer = PAIRS[mark]
    candidates = _CLOSERS[mark]  # only these characters can close it
    j = i + 1
    while (found := candidates.search(text, j, end)) is not None:
        j = found.start()
        c = text[j]
        if mark in SINGLE and c in "’'":
            if _closes_single(text, i, j, end):
                return j
        elif c == closer and (closer != '"' or j > i + 1):
            return j
        if mark == "«" and c == "«" and _MISPRINTED_CLOSE.match(text, j + 1):
            return j
        j += 1
    return None


def _closes_single(text: str, i: int, j: int, end: int) -> bool:
    """Is the ’ (or ') at j the closing mark of the ‘ at i? Not an apostrophe inside a word
    ("it's", "l'État"), and not a plural possessive ("the donors' money") while another
    candidate follows in the paragraph."""
    if j <= i + 1 or text[j - 1].isspace():
        return False
    after = text[j + 1] if j + 1 < end else ""
    if after.isalnum():
        return False
    if text[j - 1] == "s" and after == " " and text[j + 2 : j + 3].islower():
        return not re.search("[’'](?![\\w])", text[j + 1 : end])
    return True


def _next_paragraph(text: str, bounds: list[tuple[int, int]], p: int) -> int | None:
    """Index of the next non-blank paragraph after p."""
    for q in range(p + 1, len(bounds)):
        if text[bounds[q][0] : bounds[q][1]].strip():
            return q
    return None


def _opens(text: str, i: int, pstart: int) -> bool:
    """Is the quote mark at text[i] an opening one?"""
    mark = text[i]
    if mark in SINGLE:
        # After a space or a colon, before a word: "l'État", "donors' money", "the ‘80s" and
        # "'em" are apostrophes.
        if re.match(r"[‘']\d0s\b", text[i : i + 5]) or not text[i + 1 : i + 2].isalpha():
            return False
        return i == pstart or text[i - 1] in " (:—–\n"
    if mark == '"' and i > pstart and (text[i - 1].isalnum() or text[i - 1] in ".,;!?"):
        # '…"."La guerre…': a sentence closed, and a quote opens right after it.
        starts = text[i - 1] in ".!?" and text[i + 1 : i + 2].isupper()
        return starts  # else a closing straight quote left over, or an inch mark
    if mark in MISPRINTED_OPENERS:
        # ' ”There are no borders,” said X': after a space, before a word, it opens.
        return (i == pstart or text[i - 1] in " \t\u00a0(") and text[i + 1 : i + 2].isalpha()
    # “ used as a closing mark (misprint) or detached: only opens before text.
    return not (mark == "“" and i + 1 < len(text) and text[i + 1] in " \n" and i > pstart)


def _dash_line(text: str, pstart: int, pend: int) -> int | None:
    """Offset of the dialogue dash opening this paragraph, if it is a dialogue line."""
    k = pstart
    while k < pend and text[k] == " ":
        k += 1
    if k + 1 < pend and text[k] in DASHES and (text[k + 1] == " " or text[k + 1].isalpha()):
        return k
    return None


def _label_lines(text: str, bounds: list[tuple[int, int]]) -> dict[int, tuple[int, int]]:
    """Transcript lines ("Lagarde: We are in a good place.", "Question : …") by paragraph:
    (label start, body start). Only when some label opens two lines or more, so that a
    lone "Source: Reuters" or "Update:" is no speaker."""
    found: dict[int, tuple[int, int, str]] = {}
    for p, (pstart, pend) in enumerate(bounds):
        m = _LABEL.match(text, pstart, pend)
        if m is not None and m.end() < pend:
            found[p] = (m.start(1), m.end(), m.group(1).casefold())
    labels = [label for _, _, label in found.values()]
    if not any(labels.count(label) >= 2 for label in labels):
        return {}
    return {p: (start, body) for p, (start, body, _) in found.items()}


def find_quotes(text: str) -> list[Quote]:
    """All direct quotes of a text, in order of their opening marks; never raises."""
    quotes: list[Quote] = []
    bounds = _paragraph_bounds(text)
    labelled = _label_lines(text, bounds)
    p = 0
    while p < len(bounds):
        pstart, pend = bounds[p]
        dash = _dash_line(text, pstart, pend)
        if dash is not None or p in labelled:
            # Marks inside a dialogue or transcript line are the speaker's own quotations.
            if p in labelled:
                label, body = labelled[p]
                quote = _trimmed(text, body - 1, pend, None, ":")
                quotes.append(replace(quote, open_at=label))
            else:
                quotes.append(_trimmed(text, dash or pstart, pend, None, "—"))
            p += 1
            continue
        orphan = _orphan_quote(text, pstart, pend)
        if orphan is not None:
            quotes.append(orphan)
        i = pstart if orphan is None else orphan.after
        while i < pend:
            found = _MARK.search(text, i, pend)  # the next mark: the rest cannot open a quote
            if found is None:
                break
            i = found.start()
            if not _opens(text, i, pstart):
                i += 1
                continue
            mark = text[i]
            close = _find_close(text, mark, i, pend)
            last = p
            while close is None:
                nxt = _next_paragraph(text, bounds, last)
                if nxt is None:
                    break
                nstart, nend = bounds[nxt]
                rest = text[nstart:nend].lstrip()
                if not rest.startswith(mark):
                    break
                last = nxt
                close = _find_close(text, mark, nend - len(rest), nend)
            if close is None and mark in MISPRINTED_OPENERS:
                i += 1  # a lone closing mark before a word is no quote
                continue
            inner_end = close if close is not None else bounds[last][1]
            quotes.append(_trimmed(text, i, inner_end, close, mark))
            if last != p:
                p = last
                pstart, pend = bounds[p]
            i = close + 1 if close is not None else pend
        p += 1
    return [q for q in quotes if q.end > q.start]


def _orphan_quote(text: str, pstart: int, pend: int) -> Quote | None:
    """'We are ready to act,” the minister said.': a closing mark first in the paragraph,
    after a few words that end a clause, closes a quote from the paragraph's start."""
    close = _ORPHAN_CLOSERS.search(text, pstart, pend)
    if close is None:
        return None
    j = close.start()
    if any(_opens(text, m.start(), pstart) for m in _MARK.finditer(text, pstart, j)):
        return None  # the closing mark has its opening one
    before = text[pstart:j].rstrip()
    if text[pstart : j + 1].lstrip().startswith("»"):
        return None  # a bullet
    if not before.endswith((",", ".", "!", "?", "…")) or len(before.split()) < _ORPHAN_MIN_WORDS:
        return None
    opening = next(m for m, c in PAIRS.items() if c == text[j])
    quote = _trimmed(text, pstart - 1, j, j, opening)
    return replace(quote, open_at=quote.start)  # no mark: the quote's first character


def _trimmed(text: str, open_at: int, inner_end: int, close: int | None, mark: str) -> Quote:
    start, end = strip(text, open_at + 1, inner_end)
    return Quote(start, end, open_at, close, mark, ((start, end),) if end > start else ())


def join_interrupted(
    text: str, quotes: list[Quote], is_incise: Callable[[int, int], bool]
) -> list[Quote]:
    """Merge "A," she said, "B" into one quote when `is_incise(gap_start, gap_end)` says the
    text between the halves is an attribution incise (decided on the parse by the caller)."""
    out: list[Quote] = []
    for q in quotes:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.close_at is not None
            and prev.mark != "—"
            and q.mark == prev.mark
            and q.open_at - prev.close_at <= _MAX_GAP
            and "\n" not in text[prev.close_at : q.open_at]
            and _continues(text, prev, q)
            and is_incise(prev.close_at + 1, q.open_at)
        ):
            out[-1] = replace(prev, end=q.end, close_at=q.close_at, pieces=prev.pieces + q.pieces)
            continue
        out.append(q)
    return out


def segments(text: str, quote: Quote) -> list[tuple[int, int]]:
    """The parts of a quote as its marks delimit them, each a claim of its own: one per
    quoted piece ("A," she said, "B"), and one per paragraph of a multi-paragraph quote,
    whose paragraphs each reopen with the mark (the gold's "text inside the marks")."""
    out: list[tuple[int, int]] = []
    for start, end in quote.pieces or ((quote.start, quote.end),):
        for m in _REOPENED.finditer(text, start, end):
            out.append(strip(text, start, m.start()))
            start = m.end()
        out.append(strip(text, start, end))
    return [(a, b) for a, b in out if b > a]


def strip(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) of quoted words without what is no word at their edges: spaces, marks,
    commas (an apostrophe, a currency sign or a bracket may open them)."""
    while start < end and not text[start].isalnum() and text[start] not in "'€$£(":
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in '«“"‹,'):
        end -= 1
    return start, end


def _continues(text: str, first: Quote, second: Quote) -> bool:
    """The sentence goes on in the second half: a comma inside the first mark ("A," she
    said, "B" and even "A," she said. "B"), or commas around the incise («A», dit-elle,
    «B»). «A», dit-elle. «B» and "A." She said: "B" are two quotes."""
    inner = text[first.start : first.close_at].rstrip()
    gap = text[first.after : second.open_at].strip()
    if any(c in gap[:-1] for c in ".!?;:"):
        return False  # the incise is a sentence of its own, or more than an incise
    return inner.endswith(",") or (gap.startswith(",") and gap.endswith(","))
