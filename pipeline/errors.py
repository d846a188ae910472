"""Error types and the coded reasons given to documents that fail or are skipped.

Every reason starts with a greppable code, so a summary line like
"[E102] binary content (NUL bytes) in corpus/x.txt" can be searched in the docs and the code.
"""

from __future__ import annotations


class BriefingError(Exception):
    """Base class: the library raises these, the CLI turns them into messages and exit codes."""


class ConfigError(BriefingError):
    """The configuration file or a key in it is invalid."""


class UsageError(BriefingError):
    """The command was called with arguments that cannot work (exit code 2)."""


class InputError(BriefingError):
    """One input file cannot be read or decoded; the batch goes on without it."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"[{code}] {message}")
        self.code = code
        self.message = message


# Reasons recorded on documents. Failed (E1xx): the file could not be turned into text.
EMPTY = "E101"  # empty file or whitespace only
BINARY = "E102"  # binary content
DECODE = "E103"  # undecodable text
UNREADABLE = "E104"  # permission denied, I/O error, vanished during the run
PARSE = "E105"  # malformed JSON / JSONL line / HTML / PDF
NO_TEXT_LAYER = "E106"  # PDF without extractable text
SYMLINK_LOOP = "E107"  # symlink loop or dangling link
NLP_FAILED = "E108"  # the NLP stage raised on this document
# Skipped (S2xx): readable, but outside what the extractors handle.
UNSUPPORTED_LANG = "S201"
UNDETECTED_LANG = "S202"
SYMLINK_OUTSIDE = "E109"  # symlink outside the input folders (failed: not read)
# Noted (W3xx): processed, with a repair that the record reports in its reason.
CONTROL_CHARS = "W301"  # control characters (stray NUL bytes...) removed from the text
