"""The speaker a speech's heading names: the "we" and "nous" of the speech's own text.

A speech or statement published as it was delivered has no quotation marks and no verb of
saying; its heading ("Discours du Président de la République au sommet …", "Remarks by
President Biden at …", "Ursula von der Leyen's speech to …") is the only evidence of who
speaks. The heading is the document's first line; its speaker is the actor mention right
after one of the heading words of pipeline/data/attribution/headings.json (a title or an
article may stand between: "Allocution de M. Emmanuel Macron"), or right before one of its
`after` words ("'s speech").
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Span

from pipeline.extract import ACTORS, doc_text
from pipeline.rules_data import fold, load_rules

MAX_BETWEEN = 3  # words between the heading word and the name ("de M.", "by the")
_NOT_BETWEEN = frozenset({"ADP", "VERB", "AUX", "PUNCT", "CCONJ", "SCONJ"})


@lru_cache(maxsize=4)
def _cues(lang: str) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    """(before, after) heading words of `lang` as folded word tuples ("d'" stays a word)."""
    data: dict[str, Any] = load_rules("attribution/headings.json")
    table = data.get(lang, data["en"])

    return [tuple(fold(p).split()) for p in table["before"]], [
        tuple(fold(p).split()) for p in table["after"]
    ]


def _only_titles(words: Span) -> bool:
    """Words that may stand between a heading word and the name: titles, articles ("de M.",
    "by the"), never a preposition, a verb or a clause ("Speech at the UN by ...")."""
    return not any(t.pos_ in _NOT_BETWEEN and t.text != "." for t in words)


def heading_speaker(doc: Doc) -> Span | None:
    """The actor mention the document's first line names as the speaker, or None (see the
    module docstring). `doc` is the document's first chunk."""
    text = doc_text(doc)
    line_end = text.find("\n") if "\n" in text else len(text)
    line = [t for t in doc if t.idx < line_end]
    actors = sorted(
        (s for s in doc.spans.get(ACTORS, []) if s.end_char <= line_end), key=lambda s: s.start
    )
    if not line or not actors:
        return None
    words = [fold(t.text) for t in line]
    before, after = _cues(doc.lang_)
    for i in range(len(words)):
        for cue in before:
            if tuple(words[i : i + len(cue)]) != cue:
                continue
            j = i + len(cue)
            for span in actors:
                if j <= span.start <= j + MAX_BETWEEN and _only_titles(doc[j : span.start]):
                    return span
    for span in actors:
        for cue in after:
            if tuple(words[span.end : span.end + len(cue)]) == cue:
                return span
    return None
