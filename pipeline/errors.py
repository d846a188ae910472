"""Error types, and the one catalogue of coded messages (as spaCy's `errors.py`).

Every message the project gives a user starts with a greppable code, so a summary line like
"[E102] binary content, not text" can be searched in the docs and the code. Each code is
defined once, below, in `Errors`, with its message template; reading `Errors.E001` gives
"[E001] input not found: {paths}", ready for `.format(...)`. `tests/test_errors.py` fails on a
code used anywhere in `pipeline/` but not defined here, on a code defined twice, and on a
definition nothing uses.

Codes: E0xx usage and configuration (exit code 2), E1xx documents that failed (the run goes
on), S2xx documents skipped, W3xx documents processed with a repair, E3xx data files, E5xx
the review app, E6xx exports.
"""

from __future__ import annotations

import re
from typing import Any

CODE = re.compile(r"[ESW]\d{3}")


class _Coded(type):
    """Reading a code attribute of the class gives its template with the code in front."""

    def __getattribute__(cls, name: str) -> Any:
        value = super().__getattribute__(name)
        return f"[{name}] {value}" if CODE.fullmatch(name) else value


class Errors(metaclass=_Coded):
    """The catalogue: one attribute per code, its value the message template."""

    # Usage (exit code 2)
    E001 = "input not found: {paths}"
    E002 = "no database at {db}; run `briefing run` first"
    E003 = "gold folder not found: {path}"
    # Configuration (exit code 2)
    E010 = "unknown config key '{name}'"
    E011 = "config section '{name}' must be a table"
    E012 = "config key '{name}' must be {expected}, got {got}"
    E013 = "config file not found: {path}"
    E014 = "config file {path} is not valid TOML: {detail}"
    E015 = "no spaCy model configured for language '{lang}'"
    E016 = (
        "spaCy model '{model}' for '{lang}' is not installed; install the project with "
        "`pip install -e .` (models come from the package registry)"
    )
    # Executors
    E020 = "--executor dask needs dask[distributed]: pip install 'briefing[dask]'"
    E021 = "worker runs briefing {worker}, the client {client}"
    E022 = "unknown executor '{name}' (choose: {choices})"
    E023 = "cannot reach the Dask scheduler at {scheduler}: {detail}"
    E024 = "--workers must be at least 1"
    E025 = "--scheduler needs --executor dask"
    # The transformers NER backend (configuration)
    E030 = "transformers NER: no model name or path configured"
    E031 = "transformers NER: aggregation must be one of {choices}"
    E032 = (
        "the transformers backend needs the optional extra: "
        "pip install -e .[transformers] (install torch==2.13.0 first)"
    )
    E033 = "transformers NER model '{model}' cannot be loaded: {detail}"
    E034 = "model '{model}' has no fast tokenizer (offsets needed)"
    # Documents that failed: the file could not be turned into text, or the NLP broke on
    # it. The reader that meets the problem says what it was ({detail}).
    E101 = "{detail}"  # empty file, or whitespace only
    E102 = "{detail}"  # binary content
    E103 = "{detail}"  # undecodable text
    E104 = "{detail}"  # permission denied, I/O error, vanished during the run
    E105 = "{detail}"  # malformed JSON / JSONL line / HTML / PDF
    E106 = "{detail}"  # PDF without extractable text
    E107 = "{detail}"  # symlink loop or dangling link
    E108 = "{stage} failed: {detail}"  # the NLP stage raised on this document
    E109 = "{detail}"  # a symlink leading outside the input folders, not read
    # Documents skipped: readable, but outside what the extractors handle
    S201 = "language '{lang}' is not supported"
    S202 = "language could not be detected"
    S203 = "unsupported file type '{suffix}'"
    # Documents processed with a repair that the record reports in its reason
    W301 = "{count} control characters removed"  # stray NUL bytes and the like
    # Data files shipped with the package
    E301 = "rates/ecb_eur.csv is not sorted by date"
    # The review app
    E501 = (
        "port {port} on {host} is already in use (another review app?); "
        "choose another one with --port"
    )
    E502 = "cannot listen on {host}:{port}: {detail}"
    E503 = "--ui-lang must be fr or en, got {value!r}"
    # Exports
    E600 = "unknown export format {fmt!r}; use one of {choices}"
    E601 = "--format parquet needs pyarrow, which is not installed: pip install pyarrow"


# Names for the reasons readers give documents (InputError(EMPTY, "empty file")).
EMPTY = "E101"
BINARY = "E102"
DECODE = "E103"
UNREADABLE = "E104"
PARSE = "E105"
NO_TEXT_LAYER = "E106"
SYMLINK_LOOP = "E107"
UNSUPPORTED_LANG = "S201"
SYMLINK_OUTSIDE = "E109"
UNSUPPORTED_FORMAT = "S203"


def bare_message(code: str, **fields: Any) -> str:
    """A catalogue message without its code in front, for `InputError`, which adds it."""
    return str(vars(Errors)[code]).format(**fields)


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


class Interrupted(KeyboardInterrupt):
    """A run stopped by SIGINT or SIGTERM. A KeyboardInterrupt, so that no `except Exception`
    (one document never stops the batch) swallows it; `stored` is how many documents of the
    inputs the store holds, whole, when the run stopped."""

    def __init__(self, signum: int, stored: int = 0, new: int = 0) -> None:
        super().__init__(signum)
        self.signum = signum
        self.stored = stored
        self.new = new
