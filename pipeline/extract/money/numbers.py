"""Tokens and numbers for the money parser: digit formats and spelled-out numbers, FR and EN.

Why a token layer: currency names, scale words and number words span several words and
must be matched with their exact character offsets; one tokenisation shared by the data
(phrases from the JSON files) and the text keeps both sides consistent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.rules_data import fold, load_rules

_TOKEN_RE = re.compile(r"(\d+)|([^\W\d_]+)|\S")
_KINDS = ("P", "N", "W")  # indexed by the number of the regex group that matched (None -> 0)
# Spaces allowed between digit groups: "12 500", no-break, narrow no-break, thin, figure.
GROUP_SPACES = frozenset(" \u00a0\u202f\u2009\u2007")


class Tokens:
    """Parallel arrays of tokens: kind 'N' digits, 'W' letters, 'P' any other character."""

    __slots__ = ("text", "kind", "txt", "norm", "start", "end", "n")

    def __init__(self, text: str) -> None:
        self.text = text
        matches = list(_TOKEN_RE.finditer(text))
        self.txt: list[str] = [m.group() for m in matches]
        self.kind: list[str] = [_KINDS[m.lastindex or 0] for m in matches]
        self.start: list[int] = [m.start() for m in matches]
        self.end: list[int] = [m.end() for m in matches]
        self.norm: list[str] = [fold(s) for s in self.txt]
        self.n = len(self.txt)

    def glued(self, i: int) -> bool:
        """True when token i touches token i-1 (no character between them)."""
        return 0 < i < self.n and self.start[i] == self.end[i - 1]

    def gap(self, i: int) -> str:
        """The characters between token i-1 and token i."""
        return self.text[self.end[i - 1] : self.start[i]] if 0 < i < self.n else ""

    def same_para(self, i: int, j: int) -> bool:
        """No line break between the start of token i and the end of token j-1."""
        return "\n" not in self.text[self.start[i] : self.end[j - 1]]


def phrase_tokens(phrase: str) -> tuple[tuple[str, ...], tuple[bool, ...], str]:
    """Tokenise a data phrase: folded tokens, glue flags between them, original compact text."""
    toks = Tokens(phrase)
    glue = tuple(toks.glued(k) for k in range(1, toks.n))
    return tuple(toks.norm), glue, "".join(toks.txt)


@dataclass(slots=True)
class Num:
    """A parsed number: tokens [i, j), its value and how it was written."""

    i: int
    j: int
    value: float
    raw: float  # the part before the first scale word ("30" in "30 milliards")
    scale: float = 1.0  # the first scale factor, 1.0 when none
    words: bool = False
    approx: bool = False
    article: bool = False  # a lone "a"/"un": one only before a scale or a currency word
    decimal: bool = False
    elidable: bool = False  # has a scale word that lets a bare number borrow a currency
    year_like: bool = False


class NumberLexicon:
    """Number words of one language, from numbers.json."""

    def __init__(self, lang: str) -> None:
        d = load_rules("money/numbers.json")[lang]
        self.lang = lang
        self.units: dict[str, int] = d["units"]
        self.ten: dict[str, int] = d["ten"]
        self.teens: dict[str, int] = d["teens"]
        self.tens: dict[str, int] = d["tens"]
        self.hundred = set(d["hundred"])
        self.tens_joiners = set(d["tens_joiners"])
        self.hundred_joiners = set(d["hundred_joiners"])
        self.articles = set(d["articles"])
        self.scales: dict[str, float] = d["scales"]
        self.scale_starts = set(d["scale_starts"])
        self.abbrev: dict[str, float] = d["scale_abbrev"]
        self.abbrev_glued = set(d["scale_abbrev_glued"])
        self.elidable = set(d["elidable_scales"])
        self.noun_scales = set(d["noun_scales"])
        self.fractions: dict[str, float] = d["fractions"]
        self.fraction_links = set(d["fraction_links"])
        self.and_a_half = [tuple(p) for p in d["and_a_half"]]
        self.approx_nouns: dict[str, int] = d["approx_nouns"]
        self.approx_links = set(d["approx_links"])
        self.word_values = {**self.units, **self.ten, **self.teens, **self.tens}
        self.starts = (
            set(self.word_values)
            | self.articles
            | set(self.fractions)
            | set(self.approx_nouns)
            | self.scale_starts
            | (self.hundred if lang == "fr" else set())
        )


@lru_cache(maxsize=4)
def number_lexicon(lang: str) -> NumberLexicon:
    """One lexicon per language, built on first use."""
    return NumberLexicon(lang)


def _numeral(t: Tokens, i: int, lang: str) -> tuple[int, float, bool]:
    """Digits at token i with thousands groups and a decimal part: (end, value, decimal)."""
    n, txt, kind = t.n, t.txt, t.kind
    head = txt[i]
    j = i + 1
    if len(head) <= 3:  # "12 500", "1 234 567" with any kind of space
        while (
            j < n
            and kind[j] == "N"
            and len(txt[j]) == 3
            and t.gap(j) in GROUP_SPACES
            and t.gap(j) != ""
        ):
            head += txt[j]
            j += 1
    spaced = j > i + 1
    seps: list[tuple[str, str]] = []
    k = j
    while (
        k + 1 < n
        and kind[k] == "P"
        and txt[k] in ",.'"
        and t.glued(k)
        and t.glued(k + 1)
        and kind[k + 1] == "N"
    ):
        seps.append((txt[k], txt[k + 1]))
        k += 2
    if not seps:
        return j, float(head), False
    if spaced or head == "0":  # only a decimal part can follow
        return j + 2, float(head + "." + seps[0][1]), True
    chars = [c for c, _ in seps]
    last = chars[-1]
    thousands = [c for c in chars if c != last]
    if thousands:  # mixed: the last separator is the decimal one
        sep = thousands[0]
        groups = [g for _, g in seps[:-1]]
        if all(c == sep for c in thousands) and _valid_groups(head, groups, sep):
            return k, float(head + "".join(groups) + "." + seps[-1][1]), True
        return j + 2, float(head + "." + seps[0][1]), True
    groups = [g for _, g in seps]
    if len(groups) == 1 and len(groups[0]) == 3 and last != "'":
        as_thousands = (last == ",") if lang == "en" else (last == ".")
        if as_thousands and len(head) <= 3:
            return k, float(head + groups[0]), False
        return k, float(head + "." + groups[0]), True
    if _valid_groups(head, groups, last):
        return k, float(head + "".join(groups)), False
    return j + 2, float(head + "." + seps[0][1]), True


def _valid_groups(head: str, groups: list[str], sep: str) -> bool:
    """Thousands groups: 3 digits each ("1,234,567"), or Indian 2-digit groups ("12,34,567")."""
    if not groups or len(head) > 3:
        return False
    if all(len(g) == 3 for g in groups):
        return True
    return (
        sep == ","
        and len(head) <= 2
        and len(groups[-1]) == 3
        and all(len(g) == 2 for g in groups[:-1])
    )


def _skip_hyphen(t: Tokens, k: int) -> int:
    """Index after a hyphen glued on both sides ("vingt-deux", "5-billion"), else k."""
    if k + 1 < t.n and t.txt[k] in "-‑" and t.glued(k) and t.glued(k + 1):
        return k + 1
    return k


def _word_chunk(t: Tokens, i: int, lx: NumberLexicon, tail_cent: bool) -> tuple[int, int] | None:
    """A spelled-out number below 1000 at token i: (end, value). The small state machine
    only accepts well-formed sequences, so "deux trois" is not read as five."""
    n, norm, kind = t.n, t.norm, t.kind
    hundreds = rest = 0
    last = ""  # kind of the previous word
    k = i
    end = -1
    while k < n and kind[k] == "W":
        w = norm[k]
        nxt = _skip_hyphen(t, k + 1)
        if w in lx.hundred and last in ("", "unit", "article") and hundreds == 0:
            if last == "" and lx.lang == "en":
                break
            if not tail_cent and not _number_word_at(t, nxt, lx):
                break
            hundreds, rest, last = max(rest, 1) * 100, 0, "hundred"
        elif w in lx.articles and last == "" and lx.lang == "en":
            rest, last = 1, "article"
        elif w in lx.units and (last in ("", "hundred") or (last in ("tens", "joined", "ten"))):
            if last == "ten" and lx.lang == "en":
                break
            if last == "joined" and lx.units[w] != 1:
                break
            rest += lx.units[w]
            last = "unit" if last in ("", "hundred") else "done"
        elif w in lx.teens and (
            last in ("", "hundred", "joined") or (last == "tens" and rest in (60, 80))
        ):
            if lx.lang == "en" and last == "tens":
                break
            rest += lx.teens[w]
            last = "done"
        elif w in lx.ten and (last in ("", "hundred") or (last == "tens" and rest in (60, 80))):
            if lx.lang == "en" and last == "tens":
                break
            rest += 10
            last = "ten"
        elif w in lx.tens and last in ("", "hundred"):
            rest += lx.tens[w]
            last = "tens"
        elif w in lx.tens and lx.tens[w] == 20 and last == "unit" and rest == 4 and lx.lang == "fr":
            rest, last = 80, "tens"  # quatre-vingt(s)
        elif w in lx.tens_joiners and last == "tens" and rest % 10 == 0:
            if not (k + 1 < n and norm[k + 1] in ("un", "une", "onze")):
                break
            last = "joined"
            k += 1
            continue
        elif w in lx.hundred_joiners and last == "hundred":
            if not (k + 1 < n and (norm[k + 1] in lx.word_values)):
                break
            k += 1
            continue
        else:
            break
        end = k + 1
        k = nxt if nxt > k + 1 else k + 1
        if last == "done":
            break
    if end < 0 or last == "article":
        return None
    return end, hundreds + rest


def _number_word_at(t: Tokens, k: int, lx: NumberLexicon) -> bool:
    """A number or scale word starts at token k."""
    return k < t.n and (t.norm[k] in lx.word_values or t.norm[k] in lx.scales)


def _scale_at(t: Tokens, k: int, lx: NumberLexicon, glued: bool) -> tuple[int, float, bool] | None:
    """A scale word or abbreviation at token k: (end, factor, elidable)."""
    if k >= t.n or t.kind[k] != "W":
        return None
    w = t.norm[k]
    if w in lx.scales:
        return k + 1, lx.scales[w], w in lx.elidable
    s = t.txt[k]
    if s in lx.abbrev and (glued or s not in lx.abbrev_glued):
        # an abbreviation glued to more letters is another word ("mn" in "mnemonic" is one token)
        return k + 1, lx.abbrev[s], s in lx.elidable
    return None


def _fraction(t: Tokens, i: int, lx: NumberLexicon) -> tuple[int, float] | None:
    """A fraction at token i: "half", "a quarter", "three quarters", "un demi", "deux tiers"."""
    k, mult = i, 1.0
    w = t.norm[k]
    if w in lx.articles or w in lx.units:
        mult = 1.0 if w in lx.articles else float(lx.units[w])
        k = _skip_hyphen(t, k + 1) if k + 1 < t.n else k + 1
        if k >= t.n or t.norm[k] not in lx.fractions:
            return None
    elif w not in lx.fractions:
        return None
    return k + 1, mult * lx.fractions[t.norm[k]]


def _half_after(t: Tokens, k: int, lx: NumberLexicon) -> int:
    """Index after "and a half" / "et demi" at token k, else k."""
    for phrase in lx.and_a_half:
        end = k + len(phrase)
        if end <= t.n and all(t.norm[k + m] == p for m, p in enumerate(phrase)):
            return end
    return k


def parse_number(t: Tokens, i: int, lx: NumberLexicon, tail_cent: bool = True) -> Num | None:
    """The longest number at token i: digits or words, with scale words
    ("1,5 milliard", "two million five hundred thousand", "half a billion")."""
    if i >= t.n:
        return None
    kind0, w0 = t.kind[i], t.norm[i]
    if kind0 == "N":
        j, base, decimal = _numeral(t, i, lx.lang)
        words = False
        year_like = not decimal and j == i + 1 and len(t.txt[i]) == 4 and 1800 <= base <= 2100
    elif kind0 == "W" and w0 in lx.starts:
        return _parse_words(t, i, lx, tail_cent)
    else:
        return None
    num = Num(i, j, base, base, words=words, decimal=decimal, year_like=year_like)
    return _with_scales(t, num, lx, tail_cent)


def _parse_words(t: Tokens, i: int, lx: NumberLexicon, tail_cent: bool) -> Num | None:
    """Numbers that start with a word: fractions, approximate nouns, articles, number words."""
    frac = _fraction(t, i, lx)
    if frac is not None:
        k = frac[0]
        link = k
        while link < t.n and t.norm[link] in lx.fraction_links | lx.articles and link < k + 3:
            link += 1
        for start in (_skip_hyphen(t, k), link):
            sc = _scale_at(t, start, lx, glued=False)
            if sc is not None:
                return Num(i, sc[0], frac[1] * sc[1], frac[1], sc[1], True, elidable=sc[2])
        return None
    k = i
    if t.norm[k] in lx.articles and k + 1 < t.n and t.norm[k + 1] in lx.approx_nouns:
        k += 1
    if t.norm[k] in lx.approx_nouns:
        value = float(lx.approx_nouns[t.norm[k]])
        num = Num(i, k + 1, value, value, words=True, approx=True)
        link = k + 1
        while link < t.n and t.norm[link] in lx.approx_links and link < k + 3:
            link += 1
        sc = _scale_at(t, link, lx, glued=False)
        if sc is not None:
            num.j, num.value, num.scale, num.elidable = sc[0], value * sc[1], sc[1], sc[2]
        return num
    if t.norm[i] in lx.scale_starts:
        return _with_scales(t, Num(i, i, 1.0, 1.0, words=True), lx, tail_cent)
    chunk = _word_chunk(t, i, lx, tail_cent)
    if chunk is None:
        if t.norm[i] in lx.articles:
            sc = _scale_at(t, i + 1, lx, glued=False)
            if sc is None:
                return Num(i, i + 1, 1.0, 1.0, words=True, article=True)
            return _with_scales(t, Num(i, i + 1, 1.0, 1.0, words=True), lx, tail_cent)
        return None
    return _with_scales(t, Num(i, chunk[0], chunk[1], chunk[1], words=True), lx, tail_cent)


def _with_scales(t: Tokens, num: Num, lx: NumberLexicon, tail_cent: bool) -> Num:
    """Extend a base number with scale words: "3 millions et demi", "1 milliard 200 millions"."""
    base, k = num.value, num.j
    half = _half_after(t, k, lx)
    first = True
    total, last_scale = 0.0, float("inf")
    while True:
        kk = _skip_hyphen(t, half)
        sc = _scale_at(t, kk, lx, glued=kk == half and t.glued(kk))
        if sc is None or sc[1] >= last_scale:
            break
        factor, end = sc[1], sc[0]
        up = _scale_at(t, end, lx, glued=False)
        while up is not None and up[1] > sc[1]:  # "lakh crore", "mille milliards"
            factor, end = factor * up[1], up[0]
            up = _scale_at(t, end, lx, glued=False)
        if factor >= last_scale:
            break
        if half > k:
            base += 0.5
        total += base * factor
        if first:
            num.raw, num.scale, num.elidable = base, factor, sc[2]
            first = False
        last_scale = factor
        k = end
        after = _half_after(t, k, lx)
        if after > k:
            total += 0.5 * sc[1]
            k = after
        nxt = parse_number_chunk(t, k, lx, tail_cent)
        if nxt is None:
            break
        kk = _skip_hyphen(t, nxt[0])
        follow = _scale_at(t, kk, lx, glued=t.glued(kk))
        if follow is not None and follow[1] < last_scale:
            base, k = nxt[1], nxt[0]
            half = _half_after(t, k, lx)
            continue
        if nxt[2] and num.words and last_scale >= 1000:  # "two thousand five hundred"
            total += nxt[1]
            k = nxt[0]
        break
    if first:
        if half > k and not num.decimal:
            num.value = num.raw = base + 0.5
            num.j = half
        return num
    num.value, num.j = total, k
    num.words = num.words or t.kind[num.i] == "W"
    return num


def parse_number_chunk(
    t: Tokens, k: int, lx: NumberLexicon, tail_cent: bool
) -> tuple[int, float, bool] | None:
    """A number without scale at token k: (end, value, spelled_out)."""
    if k >= t.n:
        return None
    if t.kind[k] == "N":
        j, v, _ = _numeral(t, k, lx.lang)
        return j, v, False
    if t.kind[k] == "W":
        chunk = _word_chunk(t, k, lx, tail_cent)
        if chunk is not None:
            return chunk[0], float(chunk[1]), True
    return None
