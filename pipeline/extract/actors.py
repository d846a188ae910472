"""Actor mentions: known names from the knowledge base first, then the model's NER.

A PhraseMatcher over the KB's aliases runs before NER results are read, so that a known name
beats an NER mistake (the English model splits "Ursula von der Leyen" into PERSON "Ursula von"
and GPE "Leyen"). Role descriptions ("le président français") resolve through the KB at the
document's date; demonyms count as their country only before a state noun ("the French
government"). Mentions are merged into actors per document in `merge_mentions`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.extract import ACTORS, ensure_extensions
from pipeline.extract.kb import ActorKB, KBEntry


@dataclass(frozen=True)
class ActorInfo:
    """What a mention refers to: a KB entry (kb_id) or an unknown name (key 'name:...')."""

    key: str
    name: str
    type: str
    kb_id: str | None
    qid: str | None
    via: str  # kb | ner | role | demonym


@lru_cache(maxsize=1)
def load_filters() -> dict[str, Any]:
    """The packaged mention filters (titles, junk, determiners, demonym heads)."""
    text = resources.files("pipeline.data").joinpath("actors/filters.json").read_text("utf-8")
    return json.loads(text)


def name_key(name: str) -> str:
    """Case-, accent- and spacing-insensitive key of an unknown name."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = re.sub(r"'s$", "", folded)
    return "name:" + re.sub(r"[\W_]+", " ", folded).strip()


def _entry_info(entry: KBEntry, via: str) -> ActorInfo:
    return ActorInfo(entry.id, entry.name, entry.type, entry.id, entry.qid, via)


class ActorFinder:
    """The spaCy component: writes doc.spans[ACTORS] with `span._.actor` = ActorInfo."""

    def __init__(self, nlp: Language, kb_path: str, label_map: dict[str, str]) -> None:
        ensure_extensions()
        self.lang = nlp.lang
        self.kb = ActorKB.load(Path(kb_path) if kb_path else None)
        self.label_map = label_map
        filters = load_filters()
        self.junk = set(filters["junk"])
        self.leading = set(filters["leading"])
        self.heads = {h for h in filters["demonym_heads"].get(self.lang, [])}
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.loose = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.roles = PhraseMatcher(nlp.vocab, attr="LOWER")
        by_id: dict[str, list[Doc]] = {}
        loose_by_id: dict[str, list[Doc]] = {}
        for alias, entry_id in self.kb.alias_patterns(self.lang):
            pattern = nlp.make_doc(alias)
            if len(pattern) == 1:
                # One-word aliases match case-sensitively: "US" is not "us", "Meta" not "meta".
                by_id.setdefault(entry_id, []).append(pattern)
                if alias.upper() != alias:
                    by_id[entry_id].append(nlp.make_doc(alias.upper()))
            else:
                loose_by_id.setdefault(entry_id, []).append(pattern)
        for entry_id, patterns in by_id.items():
            self.exact.add(entry_id, patterns)
        for entry_id, patterns in loose_by_id.items():
            self.loose.add(entry_id, patterns)
        role_by_key: dict[str, list[Doc]] = {}
        for phrase, key in self.kb.role_patterns(self.lang):
            role_by_key.setdefault(key, []).append(nlp.make_doc(phrase))
        for key, patterns in role_by_key.items():
            self.roles.add(key, patterns)

    def _doc_date(self, doc: Doc) -> dt.date | None:
        value = doc._.doc_date
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                return None
        return value if isinstance(value, dt.date) else None

    def _clean(self, span: Span) -> Span | None:
        """Strip determiners and punctuation around an NER span; None for junk."""
        start, end = span.start, span.end
        while start < end and (span.doc[start].lower_ in self.leading or span.doc[start].is_punct):
            start += 1
        while end > start and (span.doc[end - 1].is_punct or span.doc[end - 1].lower_ == "'s"):
            end -= 1
        if start >= end:
            return None
        clean = span.doc[start:end]
        text = clean.text
        if "\n" in text or len(text) < 2 or text.casefold() in self.junk:
            return None
        if not text[0].isupper() or not any(c.isalpha() for c in text) or text.endswith("'"):
            return None
        return clean

    def find(self, doc: Doc) -> list[Span]:
        """Every actor mention in the doc, non-overlapping, known names first."""
        kb_spans = []
        for matcher in (self.exact, self.loose):
            for match_id, start, end in matcher(doc):
                span = Span(doc, start, end, label=self.kb.get(doc.vocab.strings[match_id]).type)
                span._.actor = _entry_info(self.kb.get(doc.vocab.strings[match_id]), "kb")
                kb_spans.append(span)
        when = self._doc_date(doc)
        for _, start, end in self.roles(doc):
            entry = self.kb.resolve_role(doc[start:end].text, self.lang, when)
            if entry is not None:
                span = Span(doc, start, end, label=entry.type)
                span._.actor = _entry_info(entry, "role")
                kb_spans.append(span)
        found = filter_spans(kb_spans)
        taken = {i for s in found for i in range(s.start, s.end)}
        for ent in doc.ents:
            label = self.label_map.get(ent.label_, "")
            if not label:
                continue
            clean = self._clean(ent)
            if clean is None or any(i in taken for i in range(clean.start, clean.end)):
                continue
            entry = self.kb.lookup(clean.text, self.lang)
            span = Span(doc, clean.start, clean.end, label=entry.type if entry else label)
            span._.actor = (
                _entry_info(entry, "kb")
                if entry
                else ActorInfo(name_key(clean.text), clean.text, label, None, None, "ner")
            )
            found.append(span)
            taken.update(range(clean.start, clean.end))
        found.extend(self._demonyms(doc, taken))
        return sorted(found, key=lambda s: (s.start, s.end))

    def _demonyms(self, doc: Doc, taken: set[int]) -> list[Span]:
        spans = []
        for tok in doc:
            if tok.i in taken or not tok.is_alpha:
                continue
            entry = self.kb.demonym(tok.text, self.lang)
            if entry is None:
                continue
            # English: "French government" (demonym before the noun); French: "gouvernement
            # français" (after). The noun must name the state itself.
            neighbours = [doc[tok.i + 1].lower_] if tok.i + 1 < len(doc) else []
            if tok.i > 0:
                neighbours.append(doc[tok.i - 1].lower_)
            if tok.head is not tok:
                neighbours.append(tok.head.lower_)
            if any(n in self.heads for n in neighbours):
                span = Span(doc, tok.i, tok.i + 1, label=entry.type)
                span._.actor = _entry_info(entry, "demonym")
                spans.append(span)
        return spans

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[ACTORS] = self.find(doc)
        return doc


@Language.factory(
    ACTORS,
    default_config={"kb_path": "", "label_map": {}},
    assigns=["doc.spans"],
    requires=["doc.ents"],
)
def make_actor_finder(
    nlp: Language, name: str, kb_path: str, label_map: dict[str, str]
) -> ActorFinder:
    """Factory of the actor component (config: KB path and NER label mapping)."""
    return ActorFinder(nlp, kb_path, label_map)
