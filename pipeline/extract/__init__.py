"""Extractors: spaCy components that read the parse and write `doc.spans[...]`.

Each component writes one span group (SPAN_KEYS) and puts its findings on `Span._`
attributes. Turning Docs into plain records happens in one place: `pipeline.records`.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

MONEY = "briefing_money"
ACTORS = "briefing_actors"
CLAIMS = "briefing_claims"

# Span._ attributes: the finding of the component that wrote the span group.
SPAN_ATTRS = ("amount", "pledge", "actor", "claim")
_TEXT_KEY = "briefing_text"


def doc_text(doc: Doc) -> str:
    """The Doc's text, built once per Doc: `Doc.text` joins every token on each access, and
    the extractors read it hundreds of times per document (it was a fifth of their time)."""
    text = doc.user_data.get(_TEXT_KEY)
    if not isinstance(text, str) or (
        len(doc) and len(text) != doc[-1].idx + len(doc[-1].text_with_ws)
    ):
        text = doc.text
        doc.user_data[_TEXT_KEY] = text
    return text


def keep_text(doc: Doc, text: str) -> None:
    """Give `doc_text` the text the Doc was made from (the tokenizer keeps every character),
    so that it is never rebuilt from the tokens."""
    doc.user_data[_TEXT_KEY] = text


def ensure_extensions() -> None:
    """Register the custom attributes; idempotent, and called by every component because
    spawned worker processes lose registrations made at import time."""
    for name in SPAN_ATTRS:
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)
    if not Doc.has_extension("offset"):
        # Where this Doc's text starts in the document (long documents are split in chunks).
        Doc.set_extension("offset", default=0)
    if not Doc.has_extension("doc_date"):
        Doc.set_extension("doc_date", default=None)


def token_strings(doc: Doc, attr: int) -> list[str]:
    """Every token's string for a lexical attribute (ORTH, LOWER...), read from the Doc's
    array: no Token objects, which were most of the extractors' time."""
    strings = doc.vocab.strings
    hashes = [int(h) for h in doc.to_array([attr]).reshape(-1).tolist()] if len(doc) else []
    return [strings[h] for h in hashes]


ensure_extensions()
