"""Currency forms and cue phrases of the money parser, compiled into token tries.

Why tries over tokens: currency names ("dollars des États-Unis"), cue phrases ("pas plus
de") and compact forms ("Md€") span several tokens with glue and case rules; walking a trie
from a token costs a few dict look-ups, so the scan stays fast on large corpora.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pipeline.extract.money.numbers import (
    NumberLexicon,
    Tokens,
    number_lexicon,
    phrase_tokens,
)
from pipeline.rules_data import fold, load_rules

END = ""  # trie key of the entries that end at a node
Trie = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Cur:
    """A currency form of the trie."""

    code: str | None
    glue: tuple[bool, ...]
    kind: str  # "symbol" | "code" | "name"
    exact: str | None = None  # compact original text required (case-sensitive forms)
    pos: str = "any"  # "any" | "pre" | "post"
    scale: float = 1.0
    not_before: frozenset[str] = frozenset()


def trie_add(trie: Trie, key: tuple[str, ...], value: object) -> None:
    """Store value at the end of the token path key."""
    node = trie
    for k in key:
        node = node.setdefault(k, {})
    node.setdefault(END, []).append(value)


class Lexicon:
    """Every word list of one language, compiled into tries."""

    def __init__(self, lang: str) -> None:
        cur, cues = load_rules("money/currencies.json"), load_rules("money/cues.json")[lang]
        gen = load_rules("money/currency_names.json")
        self.num: NumberLexicon = number_lexicon(lang)
        self.trie: Trie = {}
        common = {c.upper() for c in cur["common_codes"]}
        words = set(cur["word_codes"])
        for code in sorted(set(gen["current_codes"]) | set(cur["historic_codes"]) | common):
            pos = "post" if code in words else "any"
            self._add(code, code, "code", exact=None if code in common else code, pos=pos)
        names = {**gen[lang], **cur["names"], **cur.get(lang, {})}
        not_before = cur["not_followed_by"]
        for name, code in names.items():
            self._add(name, code, "name", not_before=frozenset(not_before.get(name, ())))
        cs = set(cur["case_sensitive"])
        for table, pos in ((cur["symbols"], "any"), (cur["pre_only"], "pre")):
            for sym, code in table.items():
                self._add(sym, code, "symbol", exact=sym if sym in cs else None, pos=pos)
        for sym, code in {**cur["post_only"], **cur.get(lang + "_post_only", {})}.items():
            self._add(sym, code, "symbol", exact=sym if sym in cs else None, pos="post")
        for form, (code, factor) in cur["compact_extra"].items():  # "53 MMDH"
            self._add(form, code, "code", exact=form, scale=factor)
        for prefix, factor in cur["compact_scales"].items():
            for c in cur["compact_currencies"]:
                code = cur["symbols"].get(c, c)
                self._add(prefix + c, code, "code", exact=prefix + c, scale=factor)
        self.subunits = {k: (v[0], float(v[1])) for k, v in cur["subunits"][lang].items()}
        self.glued_subunits = set(cur["glued_only_subunits"])
        self.cues: Trie = {}
        for phrase, qual in cues["qualifiers"].items():
            trie_add(self.cues, tuple(reversed(phrase_tokens(phrase)[0])), qual)
        self.trailing: Trie = {}
        for phrase, qual in cues["trailing"].items():
            trie_add(self.trailing, phrase_tokens(phrase)[0], qual)
        self.openers = {o.replace("\u2019", "'"): p for o, p in cues["range_openers"].items()}
        self.connectors = set(cues["range_connectors"])
        self.change = set(cues["change_cues"])
        self.conversion = {squash(c) for c in cues["conversion"]}
        self.chain = {squash(c) for c in cues["conversion_chain"]}
        self.appositive = {squash(c) for c in cues["appositive"]}
        self.year_blockers = set(cues["year_blockers"])
        self.followers = set(cues["free_followers"])
        self.count_nouns = set(cues["count_nouns"])
        self.cue_blockers = {w: set(b) for w, b in cues["cue_blockers"].items()}
        self.of_followers = set(cues["of_followers"]) | set(cues["money_nouns"])
        self.of_words = {"of"} if lang == "en" else {"de", "d", "du", "des"}
        self.linkers = [phrase_tokens(p)[0] for p in ("de", "d'")] if cues["linkers"] else []

    def _add(self, surface: str, code: str | None, kind: str, **kw: object) -> None:
        key, glue, _ = phrase_tokens(surface)
        if key:
            trie_add(self.trie, key, Cur(code, glue, kind=kind, **kw))  # type: ignore[arg-type]

    def currency(self, t: Tokens, i: int, pos: str) -> tuple[int, Cur] | None:
        """Longest currency form at token i usable in position pos ("pre" or "post")."""
        node: Trie = self.trie
        k, best = i, None
        while k < t.n:
            nxt = node.get(t.norm[k])
            if nxt is None:
                break
            node = nxt
            k += 1
            for e in node.get(END, ()):
                if e.pos in ("any", pos) and cur_ok(t, i, k, e):
                    best = (k, e)
        return best


def cur_ok(t: Tokens, i: int, k: int, e: Cur) -> bool:
    """Glue, case and right-context checks of one currency form over tokens [i, k)."""
    if any(g and not t.glued(i + m + 1) for m, g in enumerate(e.glue)):
        return False
    if e.exact is not None and "".join(t.txt[i:k]) != e.exact:
        return False
    if k < t.n:
        if t.kind[k - 1] == "W" and t.norm[k] == "'" and t.glued(k):
            return False  # "$ c'est" is not "$ c" (CAD)
        if t.norm[k] in e.not_before:
            return False  # "pounds of sugar"
    return True


def squash(s: str) -> str:
    """Fold and collapse spaces so that separators compare loosely ("( soit" == "(soit")."""
    s = " ".join(fold(s).split())
    return s.replace("( ", "(").replace(" )", ")")


@lru_cache(maxsize=4)
def lexicon(lang: str) -> Lexicon:
    """The compiled lexicon of "fr", or of "en" for any other language code."""
    return Lexicon(lang if lang == "fr" else "en")


def cue_before(t: Tokens, i: int, lx: Lexicon) -> tuple[int, str] | None:
    """Qualifier phrase ending just before token i: (its first token, qualifier)."""
    node: Trie = lx.cues
    k, best = i - 1, None
    while k >= 0 and "\n" not in t.gap(k + 1):
        nxt = node.get(t.norm[k])
        if nxt is None:
            break
        node = nxt
        if END in node and not (k > 0 and t.norm[k - 1] in lx.cue_blockers.get(t.norm[k], ())):
            best = (k, node[END][0])
        k -= 1
    return best


def cue_after(t: Tokens, j: int, lx: Lexicon) -> str | None:
    """Qualifier phrase just after an amount: "5 milliards au moins", "$5bn or more"."""
    node: Trie = lx.trailing
    k, best = j, None
    while k < t.n and "\n" not in t.gap(k):
        nxt = node.get(t.norm[k])
        if nxt is None:
            break
        node = nxt
        k += 1
        if END in node:
            best = node[END][0]
    return best
