"""Money amounts in French and English text: number, scale, currency, range and qualifier.

Pure text (no spaCy): it runs on every paragraph, so the word lists are compiled once per
language into token tries (module-level cache) and the scan only stops at tokens that can
start a number or a currency. Rules and word lists live in pipeline/data/money/*.json.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pipeline.extract.money.lexicon import Cur, Lexicon, cue_after, cue_before, lexicon, squash
from pipeline.extract.money.numbers import Num, Tokens, parse_number, parse_number_chunk

QUALIFIERS = ("exact", "approx", "up_to", "at_least", "range")


@dataclass(frozen=True)
class Amount:
    """One money expression; the span covers number, scale and currency, not qualifier words."""

    start: int
    end: int
    text: str
    amount: float
    amount_max: float | None
    currency: str | None
    qualifier: str
    currency_inferred: bool = False
    converts: int | None = None


@dataclass(slots=True)
class _Node:
    """A number found in the text, money (currency known or not) or bare."""

    i: int
    j: int
    value: float
    raw: float
    scale: float
    num: Num
    money: bool = False
    cur: str | None = None
    hi: float | None = None
    qualifier: str = "exact"
    cue: int = -1  # first token of the qualifier phrase
    inferred: bool = False
    converts: int | None = None


def _left_ok(t: Tokens, i: int, lx: Lexicon) -> bool:
    """Digits glued to a word ("G7", "COP29", "F-35") or to a longer number are not amounts;
    after a hyphen that follows a scale or currency they may start a range ("$60bn-65bn")."""
    if not t.glued(i):
        return True
    p = i - 1
    if t.kind[p] == "W":
        return False
    if t.txt[p] in "-‑" and t.glued(p) and t.kind[p - 1] == "W":
        w = t.norm[p - 1]
        return w in lx.num.scales or t.txt[p - 1] in lx.num.abbrev or w in lx.trie
    return not (t.txt[p] in ".,'" and t.glued(p) and t.kind[p - 1] == "N")


def _skip(t: Tokens, k: int, phrases: list[tuple[str, ...]]) -> int:
    """Index after one of the token phrases at k, else k."""
    for ph in phrases:
        if k + len(ph) <= t.n and all(t.norm[k + m] == w for m, w in enumerate(ph)):
            return k + len(ph)
    return k


def _post_currency(t: Tokens, num: Num, lx: Lexicon) -> tuple[int, Cur] | None:
    """A currency after the number: "10 $", "20 euros", "30 millions d'euros", "one-yen"."""
    k = num.j
    spots = [k]
    if k + 1 < t.n and t.txt[k] in "-‑" and t.glued(k) and t.glued(k + 1):
        spots.append(k + 1)
    if num.scale > 1 or num.approx:
        linked = _skip(t, k, lx.linkers)
        if linked > k:
            spots.append(linked)
    for s in spots:
        if s >= t.n or "\n" in t.gap(s):
            continue
        m = lx.currency(t, s, "post")
        if m is None:
            continue
        end, e = m
        if e.kind == "name" and s == k and t.glued(s) and t.kind[s] != "P":
            continue
        if s == k and not t.glued(s) and e.kind != "name" and _number_glued_at(t, end):
            continue  # "1 $10": the symbol belongs to the next number
        if num.article and (e.kind != "name" or s != k):
            continue
        if num.article and end < t.n and t.txt[end] in "-‑" and t.glued(end):
            continue  # "a dollar-denominated bond"
        return m
    return None


def _number_glued_at(t: Tokens, k: int) -> bool:
    return k < t.n and t.kind[k] == "N" and t.glued(k)


def _cents(t: Tokens, k: int, lx: Lexicon) -> tuple[int, float] | None:
    """Minor units after a whole amount: "$20 43", "3 dollars 50 cents", "13 euros et 45"."""
    p = k + 1 if k < t.n and t.norm[k] in ("and", "et") else k
    if p >= t.n or "\n" in t.text[t.end[k - 1] : t.start[p]]:
        return None
    if t.kind[p] == "N" and (len(t.txt[p]) > 2 or not _left_ok(t, p, lx)):
        return None
    ch = parse_number_chunk(t, p, lx.num, tail_cent=False)
    if ch is None or ch[1] >= 100 or (t.kind[p] == "N" and ch[0] != p + 1):
        return None
    q = ch[0]
    if q < t.n and t.norm[q] in lx.subunits:
        glued_only = t.norm[q] in lx.glued_subunits
        if t.glued(q) == glued_only or (not glued_only and t.glued(q)):
            return q + 1, ch[1] / lx.subunits[t.norm[q]][1]
    if q < t.n and t.glued(q) and t.kind[q] == "W":
        return None
    if q >= t.n or t.txt[q] in ".,;:!?)" or t.norm[q] in ("and", "et", "or", "ou"):
        if q < t.n and t.txt[q] in ".," and q + 1 < t.n and t.glued(q + 1):
            return None
        return q, ch[1] / 100
    return None


def _amount_at(t: Tokens, i: int, lx: Lexicon) -> _Node | None:
    """The money expression or bare number that starts at token i, if any."""
    if t.norm[i] in lx.trie:
        m = lx.currency(t, i, "pre")
        if m is not None and m[0] < t.n and "\n" not in t.gap(m[0]):
            k, e = m
            if e.kind != "name" or not t.glued(k):
                num = parse_number(t, k, lx.num)
                if num is not None and not num.article:
                    node = _finish(t, num, lx, (i, e))
                    if node is not None:
                        return node
    if t.kind[i] == "N" and not _left_ok(t, i, lx):
        return None
    if t.kind[i] == "N" or t.norm[i] in lx.num.starts:
        num = parse_number(t, i, lx.num)
        if num is not None:
            return _finish(t, num, lx, None)
    return None


def _finish(t: Tokens, num: Num, lx: Lexicon, pre: tuple[int, Cur] | None) -> _Node | None:
    """Attach the currency after the number, trailing scale and minor units."""
    node = _Node(num.i, num.j, num.value, num.raw, num.scale, num)
    post = _post_currency(t, num, lx)
    if pre is not None:
        node.i, node.money, node.cur = pre[0], True, pre[1].code
        _scale_by(node, pre[1].scale)
        if post is not None and post[1].code == node.cur and post[1].kind != "symbol":
            node.j = post[0]
    elif post is not None:
        blocked = num.i > 0 and t.norm[num.i - 1] in lx.year_blockers
        if num.year_like and post[1].kind == "name" and blocked:
            return None  # "in 2015 dollars" is a price base
        node.j, node.money, node.cur = post[0], True, post[1].code
        _scale_by(node, post[1].scale)
        if node.scale == 1 and node.j < t.n and t.norm[node.j] in lx.num.scales:
            _scale_by(node, lx.num.scales[t.norm[node.j]])  # "75 USD million"
            node.j += 1
    if node.j < t.n and t.glued(node.j) and t.kind[node.j] == "W":
        sub = t.norm[node.j]
        if node.money or sub not in lx.subunits:
            return None  # "5x", "29km", "1990s"
    if node.money:
        if not num.decimal and node.scale == 1 and float(node.value).is_integer():
            c = _cents(t, node.j, lx)
            if c is not None:
                node.j, node.value = c[0], node.value + c[1]
                node.raw = node.value
        return node
    if num.article:
        return None
    k = num.j
    if k < t.n and t.norm[k] in lx.subunits and num.scale == 1:
        glued_only = t.norm[k] in lx.glued_subunits
        if not glued_only and not t.glued(k):
            code, factor = lx.subunits[t.norm[k]]
            node.money, node.cur, node.j = True, code, k + 1
            node.value = node.raw = num.value / factor
    return node


def _scale_by(node: _Node, factor: float) -> None:
    """Apply a scale carried by the currency ("20 M€") or written after it ("75 USD million")."""
    if factor != 1.0:
        if node.scale == 1.0:
            node.raw, node.scale = node.value, factor
        else:
            node.scale *= factor
        node.value *= factor


def _free_follow(t: Tokens, k: int, lx: Lexicon) -> bool:
    """What follows a bare number lets it be money: an end, punctuation or a function word,
    not a noun ("3 millions d'habitants", "2 billion people"). After a French scale noun
    only "de" can bring the thing counted, so any other word is fine."""
    if k >= t.n or "\n" in t.gap(k):
        return True
    w = t.norm[k]
    if t.kind[k] == "P":
        return w not in ("%", "‰") and not (w in "-‑/" and t.glued(k))
    if t.kind[k] == "N":
        return False
    if w in lx.of_words:
        k = k + 2 if k + 1 < t.n and t.norm[k + 1] == "'" else k + 1
        if k < t.n and t.kind[k] == "N":
            return len(t.txt[k]) == 4  # "des 32 milliards de 2017"
        return k >= t.n or t.norm[k] in lx.of_followers
    return w in lx.followers or (k > 0 and t.norm[k - 1] in lx.num.noun_scales)


def _opener(t: Tokens, i: int, lx: Lexicon) -> tuple[int, str] | None:
    """Range opener just before token i ("between", "entre", "de", "d'"): (index, partner)."""
    if i >= 1 and t.txt[i - 1].lower() in lx.openers:
        return i - 1, lx.openers[t.txt[i - 1].lower()]
    if i >= 2 and t.norm[i - 1] == "'" and t.txt[i - 2].lower() + "'" in lx.openers:
        return i - 2, lx.openers[t.txt[i - 2].lower() + "'"]
    return None


def _is_change(t: Tokens, i: int, lx: Lexicon) -> bool:
    """A verb of change shortly before: "rose from $5bn to $10bn" is two amounts."""
    return any(t.norm[k] in lx.change for k in range(max(0, i - 4), i))


def _range(t: Tokens, a: _Node, b: _Node, lx: Lexicon) -> _Node | None:
    """Join two adjacent numbers into one range node: "30 à 50 milliards d'euros"."""
    if a.hi is not None or b.hi is not None or b.i != a.j + 1 or not t.same_para(a.i, b.j):
        return None
    conn = t.txt[a.j].lower()
    opener = _opener(t, a.i, lx)
    if opener is not None and conn != opener[1]:
        opener = None
    if opener is None and conn not in lx.connectors:
        return None
    if conn.isalpha() and _is_change(t, opener[0] if opener else a.i, lx):
        if b.money and not a.money and b.scale > 1.0 and a.scale == 1.0 and a.value <= b.raw:
            a.value, a.scale, a.money, a.cur = a.value * b.scale, b.scale, True, b.cur
        return None  # "passer de 5 à 10 milliards": two amounts, the first shares the scale
    if a.money and b.money and a.cur != b.cur:
        return None
    if not (a.money or b.money) and not b.num.elidable:
        return None
    if a.money and not b.money and (b.num.article or not _free_follow(t, b.j, lx)):
        return None
    lo = a.value
    if a.scale == 1.0 and b.scale > 1.0 and a.value <= b.raw:
        lo = a.value * b.scale  # "30 à 50 milliards": the scale is shared
    elif a.scale == 1.0 and b.scale > 1.0 and not a.money and a.num.year_like:
        return None  # "en 2015 à 3,1 milliards": a year is no lower bound
    if not lo < b.value or (a.num.year_like and b.num.year_like):
        return None
    node = _Node(a.i, b.j, lo, a.raw, b.scale, b.num, a.money or b.money)
    node.cur, node.hi, node.qualifier = (a.cur if a.money else b.cur), b.value, "range"
    node.cue = opener[0] if opener else a.i  # the opener stays outside the span
    return node


def _combine_ranges(t: Tokens, nodes: list[_Node], lx: Lexicon) -> list[_Node]:
    out: list[_Node] = []
    k = 0
    while k < len(nodes):
        if k + 1 < len(nodes):
            r = _range(t, nodes[k], nodes[k + 1], lx)
            if r is not None:
                out.append(r)
                k += 2
                continue
        out.append(nodes[k])
        k += 1
    return out


def _qualify(t: Tokens, node: _Node, lx: Lexicon) -> None:
    """Set the qualifier from the words around the amount (outside its span)."""
    if node.cue < 0:
        node.cue = node.i
    cue = cue_before(t, node.cue, lx)
    if node.hi is not None:
        node.cue = cue[0] if cue is not None else node.cue
        return
    if cue is not None:
        node.cue, node.qualifier = cue
        return
    after = cue_after(t, node.j, lx)
    if after is not None:
        node.qualifier = after
    elif node.num.approx:
        node.qualifier = "approx"


def _infer_currency(t: Tokens, nodes: list[_Node], lx: Lexicon) -> None:
    """A bare scaled number ("c'est 500 milliards") borrows a currency: that of an amount of
    the same value anywhere in the text, else of the closest amount before it, else the only
    currency the text uses. (The annotated corpus resolves elisions across paragraphs.)"""
    explicit = [n for n in nodes if n.money and n.cur is not None]
    if not explicit:
        return
    only = {n.cur for n in explicit}
    last: _Node | None = None
    for node in nodes:
        if node.money:
            if node.cur is not None:
                last = node
            continue
        if not node.num.elidable or not _free_follow(t, node.j, lx):
            continue
        if any(t.norm[k] in lx.count_nouns for k in range(max(0, node.i - 4), node.i)):
            continue  # "a population of 1.4 billion" counts people
        same = [n for n in explicit if _close(n.value, node.value) and _close(n.hi, node.hi)]
        before = [n for n in same if n.j <= node.i]
        if same:
            cur = (before[-1] if before else same[0]).cur
        elif last is not None:
            cur = last.cur
        elif len(only) == 1:
            cur = next(iter(only))
        else:
            continue
        node.money, node.cur, node.inferred = True, cur, True
        last = node


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= 0.005 * max(abs(a), abs(b))


def _conversions(t: Tokens, nodes: list[_Node], lx: Lexicon) -> None:
    """Mark restatements: in "€109bn ($112.5bn)" the second amount restates the first, in
    another currency or in other words ("10 billions de yens (10 000 milliards)"). Without
    a qualifier of its own it takes the one of the amount it restates ("more than ¥10tn
    ($65bn)")."""
    for k in range(1, len(nodes)):
        a, b = nodes[k - 1], nodes[k]
        if a.cur is None or b.cur is None or not t.same_para(a.i, b.j):
            continue
        gap = squash(t.text[t.end[a.j - 1] : t.start[b.cue]])
        restates = gap in lx.conversion or (
            gap in lx.appositive and b.qualifier == "approx" and a.cur != b.cur
        )
        if restates and (a.cur != b.cur or (_close(a.value, b.value) and _close(a.hi, b.hi))):
            b.converts = k - 1 if a.converts is None else a.converts
        src = a.converts
        if b.converts is None and src is not None and gap in lx.chain and nodes[src].cur != b.cur:
            b.converts = src
        if b.converts is not None and b.cue == b.i and b.qualifier == "exact":
            orig = nodes[b.converts]
            if orig.qualifier != "range" and not b.num.approx:
                b.qualifier = orig.qualifier


def _parse(text: str, lang: str) -> list[Amount]:
    """parse_amounts without the safety net (tests call it to see real errors)."""
    lx = lexicon(lang)
    t = Tokens(text)
    nodes: list[_Node] = []
    trie, starts = lx.trie, lx.num.starts
    i = 0
    while i < t.n:
        if t.kind[i] == "N" or t.norm[i] in trie or t.norm[i] in starts:
            node = _amount_at(t, i, lx)
            if node is not None:
                nodes.append(node)
                i = node.j
                continue
        i += 1
    nodes = _combine_ranges(t, nodes, lx)
    for node in nodes:
        _qualify(t, node, lx)
    _infer_currency(t, nodes, lx)
    money = [n for n in nodes if n.money and math.isfinite(n.value) and math.isfinite(n.hi or 0)]
    _conversions(t, money, lx)
    out = []
    for n in money:
        start, end = t.start[n.i], t.end[n.j - 1]
        out.append(
            Amount(
                start,
                end,
                text[start:end],
                float(n.value),
                None if n.hi is None else float(n.hi),
                n.cur,
                n.qualifier,
                n.inferred,
                n.converts,
            )
        )
    return out


def parse_amounts(text: str, lang: str) -> list[Amount]:
    """All money amounts in `text` (lang "fr" or "en"), sorted by start. Never raises."""
    try:
        return _parse(text, lang)
    except Exception:  # noqa: BLE001 - a parser bug must not stop a whole corpus run
        return []


def _bounds(a: Amount) -> tuple[float | None, float | None]:
    """min/max of the peer-suite format: ranges both, up_to a max, at_least a min."""
    if a.qualifier == "range":
        return a.amount, a.amount_max
    if a.qualifier == "up_to":
        return None, a.amount
    if a.qualifier == "at_least":
        return a.amount, None
    return None, None


def amounts_jsonl(lines: Iterable[str]) -> Iterator[str]:
    """One output JSON line per non-blank input line {"id","lang","input"}:
    {"id", "found": [{text,start,end,amount,amount_max,currency,qualifier,min,max}]}."""
    for line in lines:
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            if not isinstance(row, dict):
                raise ValueError("not a JSON object")
        except ValueError as e:
            yield json.dumps({"error": f"bad JSON line: {e}", "found": [], "id": None})
            continue
        text = row.get("input") or row.get("text") or ""
        found = []
        for a in parse_amounts(str(text), str(row.get("lang") or "en")):
            lo, hi = _bounds(a)
            found.append(
                {
                    "amount": a.amount,
                    "amount_max": a.amount_max,
                    "currency": a.currency,
                    "end": a.end,
                    "max": hi,
                    "min": lo,
                    "qualifier": a.qualifier,
                    "start": a.start,
                    "text": a.text,
                }
            )
        yield json.dumps({"found": found, "id": row.get("id")}, ensure_ascii=False, sort_keys=True)
