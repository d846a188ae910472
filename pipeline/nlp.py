"""Assemble one spaCy pipeline per language: the model, then our extractor components.

Pipelines are built once per process (the French model takes ~5 s to load) and cached by
(language, config hash). Components are added by their registered factory names, so the
pipeline's config shows the whole flow (`nlp.analyze_pipes()`).
"""

from __future__ import annotations

import spacy
from spacy.language import Language

from pipeline.config import Config
from pipeline.errors import ConfigError
from pipeline.extract import ACTORS, CLAIMS, MONEY, ensure_extensions
from pipeline.extract import actors as _actors  # noqa: F401  (registers the factory)
from pipeline.extract import claims as _claims  # noqa: F401
from pipeline.extract import money as _money  # noqa: F401

_CACHE: dict[tuple[str, str], Language] = {}


def build_pipeline(lang: str, config: Config) -> Language:
    """A fresh pipeline for `lang` (model from the config, then actors, claims, money)."""
    ensure_extensions()
    model = config["models"].get(lang)
    if not model:
        raise ConfigError(f"[E015] no spaCy model configured for language '{lang}'")
    try:
        nlp = spacy.load(model, exclude=list(config["nlp"]["disable"]))
    except OSError as exc:
        raise ConfigError(
            f"[E016] spaCy model '{model}' for '{lang}' is not installed; "
            "install the project with `pip install -e .` (models come from the package registry)"
        ) from exc
    kb_path = config["actors"]["kb_path"]
    nlp.add_pipe(ACTORS, config={"kb_path": kb_path, "label_map": config["actors"]["label_map"]})
    nlp.add_pipe(
        CLAIMS,
        config={"min_quote_words": config["claims"]["min_quote_words"], "kb_path": kb_path},
    )
    nlp.add_pipe(MONEY)
    return nlp


def get_pipeline(lang: str, config: Config) -> Language:
    """The cached pipeline of this process for (lang, config)."""
    key = (lang, config.hash)
    if key not in _CACHE:
        _CACHE[key] = build_pipeline(lang, config)
    return _CACHE[key]
