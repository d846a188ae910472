"""The NLP step for a batch of documents of one language: chunks -> spaCy -> records.

Pure with respect to the store (it returns records), so the same function runs in the main
process, in a worker process, or on a Dask worker.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc

from pipeline import errors
from pipeline.config import Config
from pipeline.ingest.walk import SourceDoc
from pipeline.lang import LangResult
from pipeline.nlp import get_pipeline
from pipeline.records import base_record, doc_record


def chunks(text: str, size: int) -> list[tuple[int, str]]:
    """(offset, text) pieces of at most ~size characters, cut at line breaks when possible."""
    if len(text) <= size:
        return [(0, text)]
    out, pos = [], 0
    while pos < len(text):
        end = min(len(text), pos + size)
        if end < len(text):
            cut = text.rfind("\n", pos + size // 2, end)
            if cut == -1:
                cut = text.rfind(" ", pos + size // 2, end)
            end = cut + 1 if cut != -1 else end
        out.append((pos, text[pos:end]))
        pos = end
    return out


def process_batch(
    lang: str, items: list[tuple[SourceDoc, LangResult]], config: Config
) -> list[dict[str, Any]]:
    """Records of a batch of same-language documents; a document that breaks the NLP is
    recorded as failed (E108) and the others still go through."""
    nlp = get_pipeline(lang, config)
    size = int(config["nlp"]["chunk_chars"])
    docs_in: list[Doc] = []
    owners: list[int] = []
    for n, (src, _) in enumerate(items):
        for offset, piece in chunks(src.text, size):
            doc = nlp.make_doc(piece)
            doc._.offset = offset
            doc._.doc_date = src.meta.get("date")
            docs_in.append(doc)
            owners.append(n)
    try:
        done = list(nlp.pipe(docs_in, batch_size=int(config["nlp"]["batch_size"])))
    except Exception:  # noqa: BLE001 - isolate the bad document below
        done = []
        for doc in docs_in:
            try:
                done.append(nlp(doc))
            except Exception:  # noqa: BLE001
                done.append(None)  # type: ignore[arg-type]
    per_doc: list[list[Doc | None]] = [[] for _ in items]
    for owner, doc in zip(owners, done, strict=True):
        per_doc[owner].append(doc)
    records = []
    for (src, lang_result), parts in zip(items, per_doc, strict=True):
        if any(p is None for p in parts):
            src.status, src.reason = "failed", f"[{errors.NLP_FAILED}] the NLP stage failed"
            records.append(base_record(src, lang_result))
            continue
        try:
            records.append(doc_record(src, lang_result, [p for p in parts if p is not None]))
        except Exception as exc:  # noqa: BLE001 - one document never stops the batch
            src.status = "failed"
            src.reason = f"[{errors.NLP_FAILED}] record building failed: {type(exc).__name__}"
            records.append(base_record(src, lang_result))
    return records
