"""Merge a document's actor mentions into actors.

Known names share their KB id. Unknown names merge by normalised key, after stripping titles
("M. Macron", "Chancellor Scholz"); a surname alone joins the one full name it belongs to
("Hill" -> "Hugh Hill", "M. Lahlimi" -> "Ahmed Lahlimi Alami"). Actor ids are global: a KB
id, or a hash of the normalised name, so the same actor has the same id in every document
and language.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field

from pipeline.extract.actors.component import ActorInfo, name_key
from pipeline.extract.actors.places import load_filters
from pipeline.rules_data import fold


@dataclass
class Mention:
    """One mention in document coordinates."""

    start: int
    end: int
    text: str
    info: ActorInfo


@dataclass
class Actor:
    """An actor of one document with all its mentions."""

    id: str
    name: str
    type: str
    kb_id: str | None
    qid: str | None
    mentions: list[Mention] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)

    @property
    def place(self) -> bool:
        """Named only as a place ("à Lyon", a dateline): no actor of the story unless it
        pledges or speaks (actors/places.py)."""
        return all(m.info.place for m in self.mentions)

    @property
    def aliases(self) -> list[str]:
        """The names used for the actor in the text, and its other English names in the KB
        (so that "Stargate LLC" finds "Stargate")."""
        known = {a for m in self.mentions for a in m.info.known_as}
        if self.kb_id is None and self.type == "ORG":
            known |= _long_forms(self.name)
        return sorted(({m.text for m in self.mentions} | known) - {self.name})


def _long_forms(name: str) -> set[str]:
    """ "Powerchip … Corp" is also "Powerchip … Corporation", and "Powerchip …" without
    the suffix (filters.json org_suffixes)."""
    words = name.split()
    suffixes = load_filters()["org_suffixes"]
    if len(words) > 1 and words[-1] in suffixes:
        return {" ".join([*words[:-1], suffixes[words[-1]]]), _without_suffix(name)}
    return set()


def _without_suffix(name: str) -> str:
    """An organisation's name without its company suffix ("Rapidus Corp." -> "Rapidus")."""
    words = name.split()
    if len(words) > 1 and words[-1] in load_filters()["org_suffixes"]:
        return " ".join(words[:-1])
    return name


def actor_id(key: str) -> str:
    """Global id: the KB id itself, or a short hash of an unknown name's key."""
    if not key.startswith("name:"):
        return key
    return "n" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def _strip_titles(text: str, lang: str) -> str:
    titles = sorted(load_filters()["titles"].get(lang, []), key=len, reverse=True)
    low = text.casefold()
    changed = True
    while changed:
        changed = False
        for title in titles:
            if low.startswith(title + " ") and len(low) > len(title) + 1:
                text, low = text[len(title) + 1 :], low[len(title) + 1 :]
                changed = True
    return text


def merge_mentions(mentions: list[Mention], lang: str) -> list[Actor]:
    """Actors of a document, each with its mentions, in order of first mention."""
    clusters: dict[str, list[Mention]] = {}
    for m in sorted(mentions, key=lambda m: (m.start, m.end)):
        key = m.info.key
        if m.info.kb_id is None:
            key = name_key(_strip_titles(m.text, lang))
            if m.info.type == "ORG":  # "Rapidus Corp." and "Rapidus" are one company
                key = name_key(_without_suffix(m.text))
        clusters.setdefault(key, []).append(m)
    # A one-word unknown name joins the longer person name it ends (KB or not):
    # "Hill" -> "Hugh Hill", "M. Dufourcq" -> "Nicolas Dufourcq". Also when the tagger took
    # the surname for an organisation (a headline's "Sitharaman's budget", "Naidu said") or a
    # place.
    names = {k: name_key(_display(ms, lang))[5:] for k, ms in clusters.items()}
    for key in sorted(clusters, key=lambda k: clusters[k][0].start):
        ms = clusters.get(key)
        if not ms or not key.startswith("name:") or not _surname_like(key[5:]):
            continue
        if not any(m.info.type in ("PERSON", "ORG", "GPE") for m in ms):
            continue  # a surname the NER took for a place too ("a déclaré Cleverly")
        surname = key[5:]
        targets = [
            k
            for k, other in clusters.items()
            if k != key
            and any(m.info.type == "PERSON" for m in other)
            and _has_surname(names[k], surname)
        ]
        if len(targets) == 1:
            clusters[targets[0]].extend(clusters.pop(key))
    _join_heads(clusters, names)
    actors = []
    for key, ms in clusters.items():
        ms.sort(key=lambda m: (m.start, m.end))
        roles = sorted({r for m in ms for r in m.info.roles})
        kb = next((m.info for m in ms if m.info.kb_id), None)
        if kb is not None:
            actors.append(Actor(kb.key, kb.name, kb.type, kb.kb_id, kb.qid, ms, roles))
        else:
            kind = Counter(m.info.type for m in ms).most_common(1)[0][0]
            actors.append(Actor(actor_id(key), _display(ms, lang), kind, None, None, ms, roles))
    return sorted(actors, key=lambda a: a.mentions[0].start)


def _join_heads(clusters: dict[str, list[Mention]], names: dict[str, str]) -> None:
    """An unknown one-word organisation that is the last word of the one longer
    organisation name of the document joins it: "the Bank" is the World Bank, "l'Union"
    the European Union, when the story names no other bank or union (filters.json
    org_heads: "KLM" is not Air France-KLM)."""
    heads = {fold(w) for w in load_filters()["org_heads"]}
    for key in sorted(clusters, key=lambda k: clusters[k][0].start):
        ms = clusters.get(key)
        word = key[5:]
        if not ms or not key.startswith("name:") or word not in heads:
            continue
        if not all(m.info.type == "ORG" for m in ms):
            continue
        targets = [
            k
            for k, other in clusters.items()
            if k != key
            and other[0].info.type == "ORG"
            and len(names[k].split()) > 1
            and names[k].split()[-1] == word
        ]
        if len(targets) == 1:
            clusters[targets[0]].extend(clusters.pop(key))


def _surname_like(name: str) -> bool:
    """One word, or particles and one word ("al sisi", "von der leyen"): what a story uses
    for a person it has named in full."""
    words = name.split()
    return bool(words) and set(words[:-1]) <= set(load_filters()["name_particles"])


def _has_surname(full: str, surname: str) -> bool:
    """Whether a surname form belongs to a longer person name: its end, or a run of words
    after the first in a compound surname ("lahlimi" in "ahmed lahlimi alami", "sanchez" in
    "pedro sanchez perez castejon", "al sisi" in "abdel fattah al sisi")."""
    words, part = full.split()[1:], surname.split()
    return any(words[i : i + len(part)] == part for i in range(len(words)))


def _display(mentions: list[Mention], lang: str) -> str:
    """Canonical name of an unknown actor: its longest surface form without titles (ties:
    first seen)."""
    forms = [_strip_titles(m.info.name, lang) for m in mentions]
    return max(forms, key=lambda f: (len(f.split()), len(f), -forms.index(f)))
