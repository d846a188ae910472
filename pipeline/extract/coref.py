"""The first-name list that tells a person's gender (pipeline/data/actors/first_names.json).

Within-document resolution (pronouns, surnames, definite descriptions) is the attribution
layer's (pipeline/extract/attribution/resolve.py); the actor component and the resolver both
read the first names here.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=1)
def first_names() -> dict[str, str]:
    """Folded first name -> "m" or "f"."""
    text = resources.files("pipeline.data").joinpath("actors/first_names.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return {n.casefold(): g for g in ("m", "f") for n in data[g]}
