"""The one loader of the packaged rule data (pipeline/data/**/*.json), and the one `fold`.

Every word list and rule table is a data file; language detection and every extractor read
them through `load_rules`, each file parsed once per process. Module-specific processing
(compiling patterns, folding words, picking a language) stays with the module that reads
the file. It lives here rather than in pipeline/extract/ because language detection runs
before the extractors and must not import spaCy.

`fold` is the key that word lists and text words are compared in when accents do not
matter; `fold_case` keeps the accents, for lists where they tell words apart ("ou"/"où").
"""

from __future__ import annotations

import json
import unicodedata
from functools import lru_cache
from importlib import resources
from typing import Any

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'"})
# Letters that no Unicode decomposition splits but that a reader sees as two ("œuvre").
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})


@lru_cache(maxsize=64)
def load_rules(path: str) -> Any:
    """The parsed JSON of pipeline/data/`path` ("money/cues.json"), read once.

    Shared by every caller: copy before changing it."""
    text = resources.files("pipeline.data").joinpath(path).read_text("utf-8")
    return json.loads(text)


@lru_cache(maxsize=256)
def word_set(path: str, key: str, lang: str) -> frozenset[str]:
    """The `lang` list of the per-language word table `key` in pipeline/data/`path`
    (English where the language has none), as a set, built once."""
    table: dict[str, list[str]] = load_rules(path)[key]
    return frozenset(table.get(lang, table["en"]))


@lru_cache(maxsize=200_000)  # bounded: a corpus has far fewer distinct words
def fold(text: str) -> str:
    """Case and accents folded, apostrophes straightened ("l’État" and "l'etat" are one
    key; "œ" is "oe")."""
    low = text.casefold().translate(_APOSTROPHES).translate(_LIGATURES)
    decomposed = unicodedata.normalize("NFD", low)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare or low  # a lone combining mark stays: no word folds to the empty string


def fold_case(text: str) -> str:
    """Case folded and the typographic apostrophe straightened, accents kept: the form of
    the pledge cue lists, where "ou" is not "où" nor "a" "à"."""
    return text.casefold().replace("\u2019", "'")
