"""Corpus-level actors (`<out>/actors.jsonl`): one line per actor across documents and languages.

Documents already give every actor a global id: the KB id for a known actor (the same in a
French and an English text), else a hash of its normalised name. Merging across documents is
therefore by id; for unknown actors the normalised name ("Hugh Hill", "HUGH HILL", "Hugh
Hill's") decides, so that an actor whose name was written differently still comes out once.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from typing import Any


def _norm(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = re.sub(r"'s?$", "", folded)
    return re.sub(r"[\W_]+", " ", folded).strip()


def _key(actor: dict[str, Any]) -> str:
    """Known actors merge by KB id (wikidata or "kb:" id), unknown ones by normalised name."""
    if actor.get("wikidata") or str(actor.get("id", "")).startswith(("Q", "kb:")):
        return "id:" + str(actor["id"])
    return "name:" + _norm(actor["name"])


class ActorTable:
    """`build_actors` fed one record at a time (a big corpus is never held whole)."""

    def __init__(self) -> None:
        self._merged: dict[str, dict[str, Any]] = {}
        self._types: dict[str, Counter[str]] = {}

    def add(self, rec: dict[str, Any]) -> None:
        if rec.get("status") != "ok":
            return
        for actor in rec.get("actors", []):
            key = _key(actor)
            entry = self._merged.setdefault(
                key,
                {
                    "id": actor["id"],
                    "name": actor["name"],
                    "type": actor["type"],
                    "wikidata": actor.get("wikidata"),
                    "roles": set(),
                    "aliases": set(),
                    "mentions": 0,
                    "documents": set(),
                    "languages": set(),
                },
            )
            self._types.setdefault(key, Counter())[actor["type"]] += len(actor.get("mentions", []))
            # An unknown actor's display name: its longest form seen in the corpus.
            if not entry["wikidata"] and len(actor["name"]) > len(entry["name"]):
                entry["aliases"].add(entry["name"])
                entry["name"] = actor["name"]
            entry["roles"].update(actor.get("roles", []))
            entry["aliases"].update(actor.get("aliases", []))
            entry["mentions"] += len(actor.get("mentions", []))
            entry["documents"].add(rec["doc_id"])
            if rec.get("lang"):
                entry["languages"].add(rec["lang"])

    def actors(self) -> list[dict[str, Any]]:
        """The actors of the records added, most mentioned first (see `build_actors`)."""
        out = []
        for key, entry in self._merged.items():
            entry = dict(entry)
            types = self._types[key]
            entry["type"] = types.most_common(1)[0][0] if types else entry["type"]
            entry["aliases"] = sorted(entry["aliases"] - {entry["name"]})
            for field in ("roles", "documents", "languages"):
                entry[field] = sorted(entry[field])
            out.append(entry)
        return sorted(out, key=lambda a: (-a["mentions"], a["name"].casefold(), a["id"]))


def build_actors(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The corpus's actors with their mention counts, documents and languages, most
    mentioned first (ties: by name, then id), deterministic for byte-stable output."""
    table = ActorTable()
    for rec in records:
        table.add(rec)
    return table.actors()
