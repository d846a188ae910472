"""The NLP step for a batch of documents: language -> chunks -> spaCy -> records.

Pure with respect to the store (it returns records), so the same function runs in the main
process, in a worker process, or on a Dask worker, and gives the same bytes everywhere.

Memory stays bounded whatever the document size: texts longer than `nlp.chunk_chars` are cut
at line breaks into chunks, chunks are grouped into sections of SECTION_CHUNKS, and spaCy
holds at most about one section's worth of parsed Docs at a time. Each section becomes a
partial record as soon as it is parsed, and the partial records of a long document are merged
(`merge_sections`). Documents of at most one section (1 MB with the defaults) are built
from all their Docs at once, exactly as `records.doc_record` defines; in longer ones an
unknown person's bare surname only joins a full name found in the same section.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.config import Config
from pipeline.errors import Errors
from pipeline.extract import keep_text
from pipeline.ingest.walk import SourceDoc, cut_spans
from pipeline.lang import LangResult
from pipeline.nlp import get_pipeline
from pipeline.records import base_record, doc_record, item_id

SECTION_CHUNKS = 10  # chunks per section: the unit of memory (see module docstring)
# spaCy's activations grow with the text of a whole nlp.pipe batch (16 chunks of 30k chars
# peak at +700 MB): batches of long chunks are made smaller so they hold about this much.
# Enough for a full batch of news articles (16 of 6,000 characters): per document, spaCy
# is 15-25 % slower in batches of 8 than of 12 or 16 (both models, on the bench corpus).
PIPE_BATCH_CHARS = 100_000
Item = tuple[SourceDoc, LangResult]
_LOCK = threading.Lock()  # one NLP call at a time per process (Dask workers may be threaded)


def chunk_spans(text: str, size: int) -> list[tuple[int, int]]:
    """(start, end) of pieces of at most ~size characters, cut at line breaks when possible."""
    return cut_spans(text, size) or [(0, 0)]


def process_documents(items: list[Item], config: Config) -> list[dict[str, Any]]:
    """Records of documents whose language is known and supported, in input order (the
    unit of work of executors: the runner makes each task one language's documents)."""
    with _LOCK:
        out: list[dict[str, Any] | None] = [None] * len(items)
        groups: dict[str, list[tuple[int, Item]]] = {}
        for n, item in enumerate(items):
            groups.setdefault(item[1].lang or "", []).append((n, item))
        for lang_code in sorted(groups):
            members = groups[lang_code]
            records = process_batch(lang_code, [item for _, item in members], config)
            for (n, _), rec in zip(members, records, strict=True):
                out[n] = rec
        assert all(rec is not None for rec in out)
        return out  # type: ignore[return-value]


def _pipe(nlp: Language, texts: list[tuple[str, int, Any]], batch_size: int) -> list[Doc | None]:
    """Parsed Docs of (text, offset, date); if spaCy raises, each text again on its own so
    only the bad one fails. The offset and the document's date are set before the
    components run: the actor and pledge components read the date."""

    def make(text: str, offset: int, date: Any) -> Doc:
        doc = nlp.make_doc(text)
        keep_text(doc, text)
        doc._.offset = offset
        doc._.doc_date = date
        return doc

    try:
        return list(nlp.pipe((make(*t) for t in texts), batch_size=batch_size))
    except Exception:  # noqa: BLE001 - isolate the bad text below
        done: list[Doc | None] = []
        for text in texts:
            try:
                done.append(nlp(make(*text)))
            except Exception:  # noqa: BLE001
                done.append(None)
        return done


def process_batch(
    lang: str,
    items: list[Item],
    config: Config,
    section_chars: int | None = None,
    chunk_chars: int | None = None,
) -> list[dict[str, Any]]:
    """Records of same-language documents; a document that breaks the NLP is recorded as
    failed (E108) and the others still go through. `section_chars` and `chunk_chars`
    override the sizes without changing the config (and its loaded pipelines): for tests."""
    nlp = get_pipeline(lang, config)
    size = chunk_chars or int(config["nlp"]["chunk_chars"])
    batch_size = int(config["nlp"]["batch_size"])
    section = section_chars or size * SECTION_CHUNKS
    parts: list[list[dict[str, Any]]] = [[] for _ in items]
    failed = [False] * len(items)

    def flush(units: list[tuple[int, list[tuple[int, int]]]]) -> None:
        texts = [
            (items[n][0].text[s:e], s, items[n][0].meta.get("date"))
            for n, spans in units
            for s, e in spans
        ]
        longest = max(1, *(len(t) for t, _, _ in texts))
        done = iter(_pipe(nlp, texts, max(1, min(batch_size, PIPE_BATCH_CHARS // longest))))
        for n, spans in units:
            src, lang_result = items[n]
            docs = [next(done) for _ in spans]
            if failed[n] or any(d is None for d in docs):
                failed[n] = True
                continue
            try:
                parts[n].append(doc_record(src, lang_result, [d for d in docs if d is not None]))
            except Exception as exc:  # noqa: BLE001 - one document never stops the batch
                failed[n] = True
                src.reason = Errors.E108.format(stage="record building", detail=type(exc).__name__)

    for group in _section_groups(items, size, section):
        flush(group)

    records = []
    for n, (src, lang_result) in enumerate(items):
        if failed[n] or not parts[n]:
            src.status = "failed"
            src.reason = src.reason or Errors.E108.format(stage="NLP", detail="spaCy raised")
            records.append(base_record(src, lang_result))
        else:
            records.append(parts[n][0] if len(parts[n]) == 1 else merge_sections(parts[n]))
    return records


def _section_groups(
    items: list[Item], size: int, section: int
) -> Iterator[list[tuple[int, list[tuple[int, int]]]]]:
    """The documents' chunks as (document index, chunk spans of one section), grouped so that
    a group holds about one section's worth of text: the unit spaCy parses at once."""
    group: list[tuple[int, list[tuple[int, int]]]] = []
    chars = 0
    per_section = max(1, section // size)
    for n, (src, _) in enumerate(items):
        spans = chunk_spans(src.text, min(size, section))
        for first in range(0, len(spans), per_section):
            sec = spans[first : first + per_section]
            group.append((n, sec))
            chars += sec[-1][1] - sec[0][0]
            if chars >= section:
                yield group
                group, chars = [], 0
    if group:
        yield group


def merge_sections(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """One record from the partial records of a long document's sections, in text order.

    Actors with the same (global) id are one actor; items are renumbered over the whole
    document, so ids equal what one pass over the document gives, and references between
    items of a section (`converts_id`, ...) follow their item."""
    rec = dict(parts[0])
    actors: dict[str, dict[str, Any]] = {}
    for part in parts:
        for actor in part["actors"]:
            seen_actor = actors.setdefault(actor["id"], dict(actor, mentions=[]))
            seen_actor["mentions"].extend(actor["mentions"])
            for key, value in actor.items():  # aliases, roles: sorted sets of names
                if isinstance(value, list) and all(isinstance(v, str) for v in value):
                    seen_actor[key] = sorted(set(seen_actor[key]) | set(value))
    for actor in actors.values():
        if "aliases" in actor:
            actor["aliases"] = [a for a in actor["aliases"] if a != actor["name"]]
    rec["actors"] = sorted(actors.values(), key=lambda a: a["mentions"][0]["start"])
    seen: Counter[tuple[str, str]] = Counter()
    for kind, key in (("pledge", "pledges"), ("claim", "claims")):
        merged = []
        for part in parts:
            renamed: dict[str, str] = {}
            items = [dict(item) for item in part[key]]
            for item in items:
                norm = " ".join(item["text"].split()).casefold()
                seen[(kind, norm)] += 1
                renamed[item["id"]] = item_id(rec["sha256"], kind, item["text"], seen[(kind, norm)])
                item["id"] = renamed[item["id"]]
            for item in items:
                for field, value in item.items():
                    if field.endswith("_id") and isinstance(value, str) and value in renamed:
                        item[field] = renamed[value]
            merged.extend(items)
        rec[key] = merged
    for key, value in parts[0].items():  # list fields that later issues add: concatenated
        if isinstance(value, list) and key not in ("actors", "pledges", "claims"):
            rec[key] = [x for part in parts for x in part.get(key, [])]
    return rec
