"""Assemble one spaCy pipeline per language: the model, then our extractor components.

Pipelines are built once per process (the French model takes ~5 s to load) and cached by
(language, config hash). Components are added by their registered factory names, so the
pipeline's config shows the whole flow (`nlp.analyze_pipes()`).
"""

from __future__ import annotations

import contextlib
import ctypes
import gc

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.config import Config
from pipeline.errors import ConfigError, Errors
from pipeline.extract import ACTORS, CLAIMS, MONEY, ensure_extensions
from pipeline.extract.actors import component as _actors  # noqa: F401
from pipeline.extract.actors.ner_transformers import add_to_pipeline as add_transformers_ner
from pipeline.extract.claims import component as _claims  # noqa: F401  (registers the factory)
from pipeline.extract.pledges import component as _pledges  # noqa: F401
from pipeline.fast_load import fast_token_match
from pipeline.fast_rules import speed_up

_CACHE: dict[tuple[str, str], Language] = {}
LINE_BREAKS = "briefing_line_breaks"


@Language.component(LINE_BREAKS, assigns=["token.is_sent_start"])
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: the parser otherwise joins a title or a dateline with
    the next paragraph, and rules that read one sentence then read two."""
    if "\n" not in doc.text:
        return doc
    for prev, tok in zip(doc, doc[1:], strict=False):
        breaks = "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text)
        if breaks and not tok.is_space:
            tok.is_sent_start = True
    return doc


def build_pipeline(lang: str, config: Config) -> Language:
    """A fresh pipeline for `lang` (model from the config, then actors, claims, money)."""
    ensure_extensions()
    model = config["models"].get(lang)
    if not model:
        raise ConfigError(Errors.E015.format(lang=lang))
    try:
        with fast_token_match():  # the French tokenizer's regex in 0.5 s, not 4.5 (fast_load.py)
            nlp = spacy.load(model, exclude=list(config["nlp"]["disable"].get(lang, [])))
    except OSError as exc:
        raise ConfigError(Errors.E016.format(model=model, lang=lang)) from exc
    speed_up(nlp)  # the same annotations, faster (pipeline/fast_rules.py)
    kb_path = config["actors"]["kb_path"]
    first = (
        "parser"
        if "parser" in nlp.pipe_names
        else ("senter" if "senter" in nlp.pipe_names else None)
    )
    if first is not None:
        nlp.add_pipe(LINE_BREAKS, before=first)
    nlp.add_pipe(ACTORS, config={"kb_path": kb_path, "label_map": config["actors"]["label_map"]})
    add_transformers_ner(nlp, config["transformers"], before=ACTORS)  # optional, off by default
    nlp.add_pipe(
        CLAIMS,
        config={"min_quote_words": config["claims"]["min_quote_words"], "kb_path": kb_path},
    )
    nlp.add_pipe(MONEY, config={"kb_path": kb_path})
    return nlp


def get_pipeline(lang: str, config: Config) -> Language:
    """The cached pipeline of this process for (lang, config)."""
    key = (lang, config.hash)
    if key not in _CACHE:
        # Loading allocates half a million long-lived objects and almost no garbage: the
        # collector's passes over them during the load are skipped, one pass runs after.
        enabled = gc.isenabled()
        gc.disable()
        try:
            _CACHE[key] = build_pipeline(lang, config)
        finally:
            if enabled:
                gc.enable()
        gc.collect()
        # The pipeline's objects live as long as the process: moved out of the collector's
        # reach, they are no longer walked by every full collection (a few % of a run).
        # `release_pipelines` hands them back.
        gc.freeze()
    return _CACHE[key]


def release_pipelines() -> None:
    """Drop this process's pipelines and free their memory (~0.9 GB for both models)."""
    _CACHE.clear()
    gc.unfreeze()
    gc.collect()
    _trim_heap()


def _trim_heap() -> None:
    """Hand the freed memory back to the OS (glibc keeps it otherwise, and the outputs of a
    big corpus then come on top of the models' old pages in the peak RSS)."""
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to do
        ctypes.CDLL("libc.so.6").malloc_trim(0)
