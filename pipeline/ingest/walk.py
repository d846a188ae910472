"""Find input files (recursive, sorted, hidden skipped) and turn each into SourceDocs.

A symlink found in an input folder is followed only if it resolves inside one of the input
roots (another input's files are fine); one that leads elsewhere (to /etc/passwd, to a home
folder) is refused unread with its own reason, unless the run allows it (`--follow-symlinks`,
config `ingest.follow_symlinks`). An input named on the command line is always read.

Every file yields at least one SourceDoc: a document, or a failed/skipped placeholder that
carries the coded reason, so that the run's summary can name every file it did not process.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import errors
from pipeline.errors import Errors, InputError
from pipeline.ingest.formats import META_KEYS, READERS, quiet
from pipeline.ingest.normalise import control_chars, normalise_text


@dataclass
class SourceDoc:
    """One document as read from disk, before language detection and NLP."""

    source: str  # path relative to its input root, "#N" appended for record N of a JSON(L) file
    path: str  # the file on disk
    sha256: str  # of the file's bytes, or of the record's canonical JSON
    text: str  # normalised text; every offset indexes it
    meta: dict[str, Any] = field(default_factory=dict)
    status: str = "ok"  # "ok" until a stage fails or skips it
    reason: str | None = None

    @property
    def doc_id(self) -> str:
        """Stable across runs: depends on the source path only, so links and pages persist."""
        return hashlib.sha256(self.source.encode("utf-8")).hexdigest()[:16]


def _excluded(rel: str, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(Path(rel).name, p) for p in patterns)


def _inside(target: str, roots: tuple[str, ...]) -> bool:
    return any(os.path.commonpath([target, root]) == root for root in roots)


def discover(
    root: Path, exclude: list[str], roots: tuple[str, ...] | None = None
) -> Iterator[tuple[Path, str, InputError | None]]:
    """(path, relative name, error) for every candidate file under `root`, sorted by name.

    `roots`: the resolved input roots that symlinks may lead into; None follows them all."""
    if root.is_file():
        yield root, root.name, None
        return
    seen: set[str] = set()

    def walk(folder: Path, rel: str) -> Iterator[tuple[Path, str, InputError | None]]:
        try:
            real = os.path.realpath(folder)
        except OSError as exc:
            yield folder, rel, InputError(errors.SYMLINK_LOOP, f"cannot resolve folder: {exc}")
            return
        if real in seen:
            yield folder, rel, InputError(errors.SYMLINK_LOOP, "symlink loop, folder already read")
            return
        seen.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            yield folder, rel, InputError(errors.UNREADABLE, f"cannot list folder: {exc.strerror}")
            return
        for entry in entries:
            name = f"{rel}/{entry.name}" if rel else entry.name
            if entry.name.startswith(".") or _excluded(name, exclude):
                continue
            path = Path(entry.path)
            if roots and entry.is_symlink() and not _inside(os.path.realpath(path), roots):
                yield path, name, InputError(errors.SYMLINK_OUTSIDE, _OUTSIDE)
                continue
            try:
                is_dir = entry.is_dir()
                is_file = entry.is_file()
            except OSError as exc:
                yield path, name, InputError(errors.SYMLINK_LOOP, f"cannot stat: {exc.strerror}")
                continue
            if is_dir:
                yield from walk(path, name)
            elif is_file:
                yield path, name, None
            elif entry.is_symlink():
                try:
                    os.stat(path)
                    reason = "not a regular file"
                except OSError as exc:
                    reason = f"broken or looping symlink ({exc.strerror})"
                yield path, name, InputError(errors.SYMLINK_LOOP, reason)
            else:  # a FIFO, socket or device: reading it could block forever
                yield path, name, InputError(errors.UNREADABLE, "not a regular file (FIFO/device)")

    yield from walk(root, "")


_OUTSIDE = "symlink leading outside the input folders, not read (--follow-symlinks reads it)"


def _failed(path: Path, rel: str, err: InputError, status: str = "failed") -> SourceDoc:
    return SourceDoc(rel, str(path), "", "", {}, status, str(err))


def read_file(path: Path, rel: str) -> Iterator[SourceDoc]:
    """All documents of one file; errors become failed SourceDocs instead of exceptions."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        err = InputError(errors.UNSUPPORTED_FORMAT, errors.bare_message("S203", suffix=path.suffix))
        yield _failed(path, rel, err, "skipped")
        return
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        yield _failed(path, rel, InputError(errors.UNREADABLE, "file vanished during the run"))
        return
    except OSError as exc:
        yield _failed(path, rel, InputError(errors.UNREADABLE, f"cannot read: {exc.strerror}"))
        return
    file_sha = hashlib.sha256(data).hexdigest()
    try:
        for number, record in quiet(reader(data)):
            source = rel if number is None else f"{rel}#{number}"
            if isinstance(record, InputError):
                yield _failed(path, source, record)
                continue
            text, meta = record
            sha = file_sha
            if number is not None:
                canon = json.dumps([text, meta], sort_keys=True, ensure_ascii=False)
                sha = hashlib.sha256(canon.encode("utf-8")).hexdigest()
            dropped = control_chars(text)
            norm = normalise_text(text)
            full_meta = {k: meta.get(k) for k in META_KEYS}
            if not norm.strip():
                yield _failed(path, source, InputError(errors.EMPTY, "no text"))
                continue
            if full_meta["title"] is None:
                full_meta["title"] = _first_line_title(norm)
            note = Errors.W301.format(count=dropped) if dropped else None
            yield SourceDoc(source, str(path), sha, norm, full_meta, reason=note)
    except InputError as err:
        yield _failed(path, rel, err)
    except (ValueError, RecursionError, MemoryError) as exc:
        yield _failed(path, rel, InputError(errors.PARSE, f"{type(exc).__name__}: {exc}"))


def _first_line_title(text: str) -> str | None:
    first = text.lstrip().split("\n", 1)[0].strip()
    if 0 < len(first) <= 160 and not first.endswith((".", "»", '"', "”", ":")):
        return first
    return None


def cut_spans(text: str, size: int) -> list[tuple[int, int]]:
    """(start, end) of pieces of at most `size` characters, cut after a line break (else
    after a space) in the second half of each piece, so paragraphs stay whole."""
    out, pos = [], 0
    while pos < len(text):
        end = min(len(text), pos + size)
        if end < len(text):
            cut = text.rfind("\n", pos + size // 2, end)
            if cut == -1:
                cut = text.rfind(" ", pos + size // 2, end)
            end = cut + 1 if cut != -1 else end
        out.append((pos, end))
        pos = end
    return out


def split_parts(src: SourceDoc, part_chars: int) -> list[SourceDoc]:
    """A document longer than `part_chars` as documents of at most that size ("<source>#part
    0001", ...): a huge file is then processed, stored, reviewed and rendered a piece at a
    time, within the memory of an ordinary document. Each part's offsets index its own text;
    its record's `part` gives its place in the whole normalised text."""
    if part_chars <= 0 or len(src.text) <= part_chars or src.status != "ok":
        return [src]
    spans = cut_spans(src.text, part_chars)
    title = src.meta.get("title") or src.source
    parts = []
    for k, (start, end) in enumerate(spans, 1):
        text = src.text[start:end]
        meta = dict(src.meta, title=f"{title} ({k}/{len(spans)})")
        meta["part"] = {"index": k, "of": len(spans), "start": start, "end": end}
        sha = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        part = SourceDoc(f"{src.source}#part{k:04d}", src.path, sha, text, meta, reason=src.reason)
        parts.append(part)
    return parts


def iter_documents(
    inputs: list[Path], exclude: list[str], part_chars: int = 0, follow_symlinks: bool = False
) -> Iterator[SourceDoc]:
    """Every document of every input, in a deterministic order; documents longer than
    `part_chars` (if > 0) come as parts (`split_parts`). Symlinks that lead outside the
    inputs are refused unless `follow_symlinks`."""
    roots = None if follow_symlinks else tuple(os.path.realpath(p) for p in inputs)
    for root in inputs:
        for path, rel, err in discover(root, exclude, roots):
            if err is None and roots and not _inside(os.path.realpath(path), roots):
                err = InputError(errors.SYMLINK_OUTSIDE, _OUTSIDE)  # swapped since listed
            if err is not None:
                yield _failed(path, rel, err)
                continue
            for src in read_file(path, rel):
                yield from split_parts(src, part_chars)
