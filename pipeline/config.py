"""Configuration: packaged TOML defaults, overridden key by key by a user file.

Unknown keys are errors (a typo must not silently do nothing), and the hash of the merged
configuration is part of every document's cache key.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError, Errors

DEFAULTS = "defaults.toml"


def _defaults() -> dict[str, Any]:
    text = resources.files("pipeline.data").joinpath(DEFAULTS).read_text(encoding="utf-8")
    return tomllib.loads(text)


def _merge(base: dict[str, Any], user: dict[str, Any], where: str) -> dict[str, Any]:
    merged = dict(base)
    for key, value in user.items():
        name = f"{where}.{key}" if where else key
        if key not in base:
            raise ConfigError(Errors.E010.format(name=name))
        if isinstance(base[key], dict) and where == "":
            if not isinstance(value, dict):
                raise ConfigError(Errors.E011.format(name=name))
            merged[key] = _merge(base[key], value, name)
        else:
            if type(value) is not type(base[key]) and not (
                isinstance(base[key], float) and isinstance(value, int)
            ):
                expected, got = type(base[key]).__name__, type(value).__name__
                raise ConfigError(Errors.E012.format(name=name, expected=expected, got=got))
            merged[key] = value
    return merged


@dataclass(frozen=True)
class Config:
    """The merged configuration; `data[section][key]`, plus a stable hash."""

    data: dict[str, Any] = field(default_factory=_defaults)
    source: str | None = None

    def __getitem__(self, section: str) -> dict[str, Any]:
        return self.data[section]

    @property
    def hash(self) -> str:
        blob = json.dumps(self.data, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


def load_config(path: Path | str | None = None) -> Config:
    """Packaged defaults, overridden by the TOML file at `path` when given."""
    base = _defaults()
    if path is None:
        return Config(base)
    p = Path(path)
    try:
        user = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(Errors.E013.format(path=p)) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(Errors.E014.format(path=p, detail=exc)) from exc
    return Config(_merge(base, user, ""), str(p))
