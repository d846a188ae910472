"""What a pledge is for (purpose) and over what period, read around the amount.

Purpose: the first phrase after the amount that hangs on the amount, on the verbs between it
and its cue, or on the cue noun, and that is introduced by a purpose preposition ("in AI
infrastructure", "pour les gigafactories"), an infinitive ("to build data centres", "pour
développer"), or a participle such as "destiné à"/"earmarked for". Phrases about places
("in France"), dates and periods are skipped, and a phrase is cut where a place, date,
period or new clause starts.

Period: the period expressions of pipeline/data/pledges/periods.json found in the amount's
sentence, nearest to the amount; relative ones ("over five years", "d'ici 2030") are resolved
against the document's date when the record is built (`resolve_period`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Span, Token

from pipeline.extract import doc_text
from pipeline.extract.pledges.cues import PledgeCues
from pipeline.rules_data import fold_case

MAX_PURPOSE_TOKENS = 14
_PLACE_TYPES = frozenset({"DATE", "TIME"})  # places come from the actor mentions (GPE)
_STOP_WORDS = frozenset({"qui", "que", "dont", "which", "who", "that", "where", "où"})
_STOP_PUNCT = frozenset({",", ";", ":", "(", ")", "—", "–", ".", "!", "?"})


@dataclass(frozen=True)
class Purpose:
    """A purpose phrase in doc (chunk) character offsets."""

    start: int
    end: int
    text: str


def _first_word(child: Token) -> Token:
    return child.doc[child.left_edge.i]


def _is_place_or_time(tok: Token, places: set[int], periods: set[int]) -> bool:
    return (
        tok.i in periods
        or tok.i in places
        or tok.ent_type_ in _PLACE_TYPES
        or bool(re.fullmatch(r"(?:19|20)\d{2}", tok.text))
    )


def _object(child: Token) -> Token:
    """The noun a prepositional child governs (EN prep -> pobj; FR: the nmod/obl itself)."""
    if child.dep_ == "prep":
        objs = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
        return objs[0] if objs else child
    return child


class PurposeFinder:
    """Finds the purpose phrase of a pledge; see the module docstring."""

    def __init__(self, cues: PledgeCues) -> None:
        self.cues = cues

    def _opener(self, child: Token) -> bool:
        first = fold_case(_first_word(child).text)
        if child.dep_ == "prep":
            return fold_case(child.text) in self.cues.purpose_preps
        if child.dep_ in ("nmod", "obl", "obl:arg", "obl:mod"):
            cases = [fold_case(c.text) for c in child.children if c.dep_ == "case"]
            return bool(cases) and cases[0] in self.cues.purpose_preps
        if child.dep_ in ("advcl", "xcomp", "acl", "relcl") and child.pos_ == "VERB":
            if fold_case(child.lemma_) in self.cues.purpose_heads:
                return True
            return first in self.cues.purpose_marks
        return False

    def find(
        self,
        span: Span,
        anchors: list[Token],
        places: set[int],
        periods: set[int],
        bounds: tuple[int, int],
    ) -> Purpose | None:
        """The purpose of the amount `span`, looking at the children of `anchors` (the
        amount's tokens, then the verbs up to its cue, then the cue noun), inside the
        paragraph `bounds`."""
        seen: set[int] = set()
        anchors = [a for a in anchors if bounds[0] <= a.idx < bounds[1]]
        for anchor in anchors:
            for child in anchor.children:
                if child.i in seen or span.start <= child.i < span.end:
                    continue
                seen.add(child.i)
                if _first_word(child).i < span.end or not self._opener(child):
                    continue
                obj = _object(child)
                if obj.i != child.i and _is_place_or_time(obj, places, periods):
                    continue
                if child.dep_ != "prep" and _is_place_or_time(child, places, periods):
                    continue
                phrase = self._phrase(child, places, periods)
                if phrase is not None and phrase.end <= bounds[1]:
                    return phrase
        return None

    def _phrase(self, child: Token, places: set[int], periods: set[int]) -> Purpose | None:
        doc = child.doc
        start = child.left_edge.i
        end = start
        for tok in doc[start : child.right_edge.i + 1]:
            if tok.i > start and (tok.text in _STOP_PUNCT or fold_case(tok.text) in _STOP_WORDS):
                break
            if tok.i > start + 1 and tok.i in periods:
                break
            if tok.i > start + 1 and _is_place_or_time(tok, places, periods):
                # cut before the preposition that introduces the place ("... en France")
                end = min(end, tok.i - 1) if doc[tok.i - 1].pos_ == "ADP" else end
                break
            end = tok.i + 1
            if end - start >= MAX_PURPOSE_TOKENS:
                break
        while end < len(doc) and not doc[end - 1].whitespace_ and doc[end].text not in _STOP_PUNCT:
            end += 1  # the rest of a hyphenated word the parser split ("start-up")
        while end > start + 1 and (doc[end - 1].is_punct or doc[end - 1].pos_ in ("ADP", "DET")):
            if not doc[end - 2].whitespace_ and not doc[end - 2].is_punct:
                break  # the end of a hyphenated word ("start-up"), not a dangling preposition
            end -= 1
        opened = sum(1 for t in doc[start:end] if t.text in ("«", "“")) - sum(
            1 for t in doc[start:end] if t.text in ("»", "”")
        )
        if opened > 0 and end < len(doc) and doc[end].text in ("»", "”"):
            end += 1  # keep the closing quote of 'pour les « gigafactories »'
        while end > start + 1 and doc[end - 1].is_space:
            end -= 1
        if end - start < 2:
            return None
        piece = doc[start:end]
        return Purpose(piece.start_char, piece.end_char, piece.text)


def find_periods(sent: Span, cues: PledgeCues) -> list[tuple[int, int, str, re.Match[str]]]:
    """(start_char, end_char, kind, match) of every period expression of a sentence, the
    first pattern claiming a stretch of text winning."""
    text = doc_text(sent.doc)[sent.start_char : sent.end_char]  # = sent.text, without a join
    taken: list[tuple[int, int]] = []
    found = []
    for pattern in cues.periods:
        for m in pattern.regex.finditer(text):
            a, b = m.start(), m.end()
            if any(a < y and x < b for x, y in taken):
                continue
            taken.append((a, b))
            found.append((sent.start_char + a, sent.start_char + b, pattern.kind, m))
    return sorted(found, key=lambda f: f[0])


def _number(value: str, cues: PledgeCues) -> int | None:
    if value.isdigit():
        return int(value)
    return cues.numbers.get(fold_case(value))


def raw_period(kind: str, m: re.Match[str], cues: PledgeCues) -> dict[str, Any] | None:
    """A matched period expression before resolution: {"text", "kind", "years" (a
    duration), "y1", "y2"}; resolved against the document's date by `resolve_period`."""
    groups = m.groupdict()
    raw: dict[str, Any] = {"text": m.group(0), "kind": kind, "years": None, "y1": None, "y2": None}
    if kind == "span":
        y1, y2 = int(groups["y1"]), groups["y2"]
        end = int(y2) if len(y2) == 4 else (y1 // 100) * 100 + int(y2)
        if end < y1:
            return None
        raw.update(y1=y1, y2=end)
    elif kind == "until":
        raw["y2"] = int(groups["y2"])
    elif kind == "duration":
        n = _number(groups["n"], cues)
        if n is None or n <= 0 or n > 50:
            return None
        raw["years"] = n
    return raw


def resolve_period(raw: dict[str, Any] | None, doc_date: str | None) -> dict[str, Any] | None:
    """{"text", "start_year", "end_year"}: spans keep their years; 'until Y' starts in the
    document's year; 'over N years' runs from the document's year to that year + N; years
    that depend on an unknown document date are None."""
    if raw is None:
        return None
    year = int(doc_date[:4]) if doc_date and doc_date[:4].isdigit() else None
    kind = raw["kind"]
    start: int | None = None
    end: int | None = None
    if kind == "span":
        start, end = raw["y1"], raw["y2"]
    elif kind == "until":
        end = raw["y2"]
        start = year if year is not None and year <= end else None
    elif kind == "duration":
        start = year
        end = year + raw["years"] if year is not None else None
    else:
        start = year
    return {"text": raw["text"], "start_year": start, "end_year": end}


def nearest_period(
    span: Span, periods: list[tuple[int, int, str, re.Match[str]]], cues: PledgeCues
) -> dict[str, Any] | None:
    """The raw period expression of the amount's sentence (and paragraph) nearest to it."""
    sent = span.sent
    text = doc_text(span.doc)
    lo = text.rfind("\n", 0, span.start_char) + 1
    hi = text.find("\n", span.end_char)
    hi = len(text) if hi == -1 else hi
    best = None
    for start, end, kind, m in periods:
        if start < max(sent.start_char, lo) or end > min(sent.end_char, hi):
            continue
        if start < span.end_char and span.start_char < end:
            continue  # inside the amount itself
        gap = start - span.end_char if start >= span.end_char else span.start_char - end
        if best is None or gap < best[0]:
            best = (gap, kind, m)
    if best is None:
        return None
    return raw_period(best[1], best[2], cues)
