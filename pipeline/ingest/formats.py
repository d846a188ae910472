"""One small reader per input format: each turns a file's bytes into (text, metadata) records.

Readers return raw (not yet normalised) text; `pipeline.ingest.walk` normalises and hashes.
A reader raises InputError for the whole file, or yields an InputError in place of one bad
record (a JSONL line) so that the other records of the file still go through.

Libraries complain on their own (pypdf logs "EOF marker not found" on a truncated PDF, which
Python prints on the terminal above the run's summary when logging is not configured):
`quiet` keeps their log records and warnings off the terminal (they still reach the
application's log handlers) and adds them to the reason of a file that fails.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import re
import warnings
from collections.abc import Iterator
from typing import Any

import yaml

from pipeline import errors
from pipeline.errors import InputError
from pipeline.ingest.decode import decode_bytes

META_KEYS = ("title", "date", "source", "url", "speaker", "event", "lang")
RawRecord = tuple[str, dict[str, Any]] | InputError
# (record number within the file, or None for a one-document file; the record)
Numbered = tuple[int | None, RawRecord]
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.S)
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_LOG = logging.getLogger(__name__)
_HEARD_CHARS = 200  # of library messages added to a reason


class _Heard(logging.Handler):
    """Keeps the messages of the log records it receives."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().strip()
        if message and message not in self.messages:
            self.messages.append(message)


def quiet(records: Iterator[Numbered]) -> Iterator[Numbered]:
    """`records`, each read while the library messages go to the log and not the terminal;
    an InputError raised meanwhile carries them ("... (EOF marker not found)")."""
    root = logging.getLogger()
    while True:
        heard = _Heard()
        root.addHandler(heard)  # a handler on the root: Python's last-resort print is skipped
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                try:
                    item = next(records)
                finally:
                    for warning in caught:  # warnings.warn(...) calls: to the log as well
                        _LOG.warning("%s", warning.message)
        except StopIteration:
            return
        except InputError as err:
            said = "; ".join(heard.messages)[:_HEARD_CHARS]
            raise InputError(err.code, f"{err.message} ({said})" if said else err.message) from err
        finally:
            root.removeHandler(heard)
        yield item


def clean_date(value: Any) -> str | None:
    """YYYY-MM-DD from a date, datetime or string that starts with one; else None."""
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    if isinstance(value, str):
        m = _DATE.search(value)
        if m:
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
            except ValueError:
                return None
    return None


def _meta(raw: dict[str, Any]) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    for key in META_KEYS:
        value = raw.get(key)
        if key == "date":
            value = clean_date(value)
        elif value is not None:
            value = str(value).strip() or None
        meta[key] = value
    return meta


def read_txt(data: bytes) -> Iterator[Numbered]:
    text, _ = decode_bytes(data)
    yield None, (text, {})


def read_md(data: bytes) -> Iterator[Numbered]:
    text, _ = decode_bytes(data)
    text = text.replace("\r\n", "\n")
    m = _FRONT_MATTER.match(text)
    if not m:
        yield None, (text, {})
        return
    try:
        front = yaml.safe_load(m.group(1)) or {}
    except yaml.YAMLError as exc:
        raise InputError(errors.PARSE, f"invalid YAML front matter: {exc}") from exc
    if not isinstance(front, dict):
        raise InputError(errors.PARSE, "YAML front matter is not a mapping")
    yield None, (text[m.end() :], _meta(front))


def read_html(data: bytes) -> Iterator[Numbered]:
    import trafilatura  # imported here: it is slow to import and most corpora have no HTML

    html, _ = decode_bytes(data)
    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
    )
    if doc is None:
        raise InputError(errors.PARSE, "no main text found in the HTML page")
    found = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = found.get("text") or ""
    if not text.strip():
        raise InputError(errors.EMPTY, "the HTML page has no main text")
    meta = _meta({"title": found.get("title"), "date": found.get("date"), "url": found.get("url")})
    if found.get("sitename"):
        meta["source"] = str(found["sitename"])
    yield None, (text, meta)


def _record(obj: Any, where: str) -> RawRecord:
    if not isinstance(obj, dict):
        return InputError(errors.PARSE, f"{where}: a record must be a JSON object")
    text = obj.get("text")
    if not isinstance(text, str):
        return InputError(errors.PARSE, f"{where}: no 'text' string field")
    if not text.strip():
        return InputError(errors.EMPTY, f"{where}: empty 'text'")
    return text, _meta(obj)


def read_json(data: bytes) -> Iterator[Numbered]:
    text, _ = decode_bytes(data)
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(errors.PARSE, f"malformed JSON at line {exc.lineno}: {exc.msg}") from exc
    if not isinstance(obj, list):
        yield None, _record(obj, "the document")
        return
    for n, item in enumerate(obj, 1):
        yield n, _record(item, f"record {n}")


def read_jsonl(data: bytes) -> Iterator[Numbered]:
    text, _ = decode_bytes(data)
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield n, InputError(errors.PARSE, f"line {n}: malformed JSON ({exc.msg})")
            continue
        yield n, _record(obj, f"line {n}")


def read_pdf(data: bytes) -> Iterator[Numbered]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
        info: Any = reader.metadata or {}
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise InputError(errors.PARSE, f"unreadable PDF: {exc}") from exc
    text = "\n\n".join(_unwrap(p) for p in pages)
    if not text.strip():
        raise InputError(errors.NO_TEXT_LAYER, "PDF has no text layer (scanned image?)")
    title = info.get("/Title") if hasattr(info, "get") else None
    yield None, (text, _meta({"title": title}))


def _unwrap(page: str) -> str:
    """Join the lines a PDF wrapped inside a paragraph; blank lines stay paragraph breaks."""
    paras = re.split(r"\n\s*\n", page.strip())
    return "\n".join(re.sub(r"\s*\n\s*", " ", p).strip() for p in paras if p.strip())


READERS = {
    ".txt": read_txt,
    ".text": read_txt,
    ".md": read_md,
    ".markdown": read_md,
    ".html": read_html,
    ".htm": read_html,
    ".json": read_json,
    ".jsonl": read_jsonl,
    ".pdf": read_pdf,
}
