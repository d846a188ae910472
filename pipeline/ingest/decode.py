"""Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, else a detected encoding.

Binary junk is refused rather than decoded into noise: the share of control bytes (NUL
among them) decides. A text with a few stray ones (a bad copy, a NUL from a broken export)
stays text: they are removed at normalisation and the document's record counts them
(pipeline.ingest.walk). A UTF-16 file without a BOM is half NUL bytes and is refused.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from pipeline import errors
from pipeline.errors import InputError

_CONTROLS = bytes([*range(9), *range(14, 32)])  # control bytes other than \t \n \v \f \r
_SAMPLE = 65536  # bytes looked at: a binary format shows itself from its first bytes
# Text has control bytes only by accident: a few in a whole file, at most 1 % of it. Random or
# compressed bytes are about 10 % control bytes, executables and images more.
_STRAY_CONTROLS, _TEXT_CONTROL_SHARE = 4, 0.01


def _looks_binary(data: bytes) -> bool:
    sample = data[:_SAMPLE]
    controls = len(sample) - len(sample.translate(None, _CONTROLS))
    return controls > max(_STRAY_CONTROLS, len(sample) * _TEXT_CONTROL_SHARE)


def _plausible_latin(text: str) -> bool:
    """Mostly ASCII with Western European accented letters: cp1252 is the right reading."""
    odd = sum(1 for c in text if ord(c) > 127 and not (c.isalpha() or c in "€’‘“”«»–—…°·"))
    return odd <= max(2, len(text) // 200)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """(text, encoding name) of a text file's bytes; raises InputError for binary or undecodable."""
    if not data.strip():
        raise InputError(errors.EMPTY, "empty file")
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32")):
        if data.startswith(bom):
            return data.decode(enc), enc
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise InputError(errors.DECODE, f"invalid UTF-16: {exc.reason}") from exc
    if _looks_binary(data):
        raise InputError(errors.BINARY, "binary content, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # UTF-8 with a few corrupt bytes (a truncated copy, a bad concatenation): keep the text,
    # corrupt bytes become U+FFFD. Legacy 8-bit text has no valid multi-byte sequences.
    lenient = data.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd")
    multibyte = sum(1 for c in lenient if ord(c) > 127) - bad
    if multibyte > bad:
        return lenient, "utf-8"
    # French and English legacy files are almost always cp1252 (a superset of latin-1 for
    # printable text, with € and curly quotes); short texts fool statistical detection.
    try:
        text = data.decode("cp1252")
        if _plausible_latin(text):
            return text, "cp1252"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise InputError(errors.DECODE, "not valid UTF-8 and no text encoding detected")
    enc = best.encoding
    # cp1252 is a superset of latin-1 for printable text; prefer it (€, curly quotes).
    if enc in ("latin_1", "iso8859_1", "iso8859_15"):
        enc = "cp1252"
    try:
        return data.decode(enc), enc
    except (UnicodeDecodeError, LookupError):
        return data.decode("latin-1"), "latin-1"
