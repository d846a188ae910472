"""Atomic file writes: a reader never sees half a file, a killed run never leaves one."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any


def write_atomic(path: Path, data: str | bytes | Iterable[str], durable: bool = True) -> None:
    """Write to a temporary file in the same folder, fsync, then rename over `path`. An
    iterable of strings is written piece by piece, so a big JSONL never sits in memory.

    `durable=False` skips the fsync (the rename still means a reader or a killed run sees
    the old file or the new one, never half of one): for the thousands of pages derived
    from the store, which `briefing report` rewrites; an fsync each was a fifth of the time
    of rendering a big corpus."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            if isinstance(data, str | bytes):
                fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            else:
                for piece in data:
                    fh.write(piece.encode("utf-8"))
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def jsonl(rows: Iterable[dict[str, Any]]) -> str:
    """Deterministic JSONL: sorted keys, UTF-8 kept as is, one object per line."""
    return "".join(jsonl_lines(rows))


def jsonl_lines(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """The lines of `jsonl(rows)`, one at a time (for write_atomic)."""
    for r in rows:
        yield json.dumps(r, sort_keys=True, ensure_ascii=False) + "\n"
