"""Score extraction records against gold files (../shared/GOLD_FORMAT.md), per language.

Money matches on amount (±1 %) and currency; pledge F1 counts is_pledge items only; pledger
accuracy is measured on true pledges found whose gold pledger is named. A claim matches when
the predicted span covers ≥30 % (lenient) or ≥80 % (strict) of the gold quote's characters;
speaker accuracy is measured on lenient matches whose gold speaker is named. An actor
matches when its canonical name or one of its reported aliases equals the gold name.

Pledge events are scored across documents and languages (key "events"): B-cubed precision,
recall and F1 of the predicted events over the found pledges that match a gold pledge with an
`event` key (a conversion carries the key of what it converts), and "parts counted beside
their whole": gold `part_of` pairs, both found, whose part and whole each sit in a counted
predicted event, two different ones, so that a total adds both.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MONEY_TOL = 0.01
LENIENT, STRICT = 0.3, 0.8


def norm_name(name: str | None) -> str:
    """Case-, accent-, punctuation-insensitive form used to compare names."""
    if not name:
        return ""
    s = unicodedata.normalize("NFKD", name.replace("’", "'").casefold())
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"[\W_]+", " ", s).strip()


@dataclass
class Counts:
    """True positives, predicted and gold counts of one metric."""

    tp: int = 0
    pred: int = 0
    gold: int = 0

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / self.pred if self.pred else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class Accuracy:
    right: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 0.0


@dataclass
class LangScores:
    docs: int = 0
    money: Counts = field(default_factory=Counts)
    pledges: Counts = field(default_factory=Counts)
    pledger: Accuracy = field(default_factory=Accuracy)
    claims_lenient: Counts = field(default_factory=Counts)
    claims_strict: Counts = field(default_factory=Counts)
    speaker: Accuracy = field(default_factory=Accuracy)
    actors: Counts = field(default_factory=Counts)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"docs": self.docs}
        for name in ("money", "pledges", "claims_lenient", "claims_strict", "actors"):
            c: Counts = getattr(self, name)
            p, r, f = c.prf()
            out[name] = {
                "p": round(p, 4),
                "r": round(r, 4),
                "f1": round(f, 4),
                "tp": c.tp,
                "pred": c.pred,
                "gold": c.gold,
            }
        for name in ("pledger", "speaker"):
            a: Accuracy = getattr(self, name)
            out[name] = {"accuracy": round(a.value, 4), "right": a.right, "total": a.total}
        return out


@dataclass
class EventScores:
    """B-cubed of the predicted events and the part-whole pairs counted twice."""

    precision: float = 0.0
    recall: float = 0.0
    items: int = 0
    pairs: int = 0  # gold part_of pairs whose part and whole were both found
    beside: int = 0  # ... of which both are counted in the total

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "bcubed": {
                "p": round(self.precision, 4),
                "r": round(self.recall, 4),
                "f1": round(self.f1, 4),
                "items": self.items,
            },
            "parts_beside": {"count": self.beside, "pairs": self.pairs},
        }


def _amount_ok(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    if (gold.get("currency") or "").upper() != (pred.get("currency") or "").upper():
        return False
    g, p = gold.get("amount"), pred.get("amount")
    if g is None or p is None:
        return False
    return abs(p - g) <= MONEY_TOL * abs(g) if g else abs(p) < 1e-9


def _pair(golds: list[dict[str, Any]], preds: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """Greedy one-to-one pairing of amounts, same surface text first."""
    pairs: list[tuple[int, int]] = []
    used: set[int] = set()
    for exact in (True, False):
        for gi, g in enumerate(golds):
            if any(gi == a for a, _ in pairs):
                continue
            for pi, p in enumerate(preds):
                if pi in used or not _amount_ok(g, p):
                    continue
                if exact and norm_name(p.get("text")) != norm_name(g.get("text")):
                    continue
                pairs.append((gi, pi))
                used.add(pi)
                break
    return pairs


def _names_of_actor(record: dict[str, Any], actor_id: str | None, name: str | None) -> set[str]:
    names = {norm_name(name)} if name else set()
    for a in record.get("actors", []):
        if actor_id and a["id"] == actor_id:
            names.add(norm_name(a["name"]))
            names.update(norm_name(x) for x in a.get("aliases", []))
    return names - {""}


def _locate(text: str, quote: str, taken: set[int]) -> tuple[int, int] | None:
    """Where a gold quote is in the text (whitespace-insensitive), skipping places taken."""
    words = quote.replace("’", "'").split()
    if not words:
        return None
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
    for m in pattern.finditer(text):
        if m.start() not in taken:
            taken.add(m.start())
            return m.start(), m.end()
    return None


def _score_money(
    gold: dict[str, Any],
    rec: dict[str, Any],
    s: LangScores,
    keys: dict[str, tuple[str, str | None]] | None,
) -> None:
    """Money, pledges and pledgers of one document; `keys` receives, for each found pledge
    matching a gold one with an event key, its item id -> (gold event, gold part_of)."""
    gmoney, pmoney = gold.get("pledges", []), rec.get("pledges", [])
    s.money.gold += len(gmoney)
    s.money.pred += len(pmoney)
    s.money.tp += len(_pair(gmoney, pmoney))
    gpl = [g for g in gmoney if g.get("is_pledge")]
    ppl = [p for p in pmoney if p.get("is_pledge")]
    s.pledges.gold += len(gpl)
    s.pledges.pred += len(ppl)
    for gi, pi in _pair(gpl, ppl):
        s.pledges.tp += 1
        g, p = gpl[gi], ppl[pi]
        if keys is not None and g.get("event") and p.get("id"):
            keys[p["id"]] = (g["event"], g.get("part_of"))
        wanted = {norm_name(g.get("actor"))} | {norm_name(x) for x in g.get("actor_alt") or []}
        wanted.discard("")
        if wanted:
            s.pledger.total += 1
            if wanted & _names_of_actor(rec, p.get("actor_id"), p.get("actor_name")):
                s.pledger.right += 1


def score_document(
    gold: dict[str, Any],
    rec: dict[str, Any],
    text: str,
    s: LangScores,
    keys: dict[str, tuple[str, str | None]] | None = None,
) -> None:
    """Add one document's counts to `s` (`keys`: see _score_money)."""
    s.docs += 1
    _score_money(gold, rec, s, keys)
    gclaims = [c for c in gold.get("claims", []) if not c.get("optional")]
    optional = [c for c in gold.get("claims", []) if c.get("optional")]
    pclaims = [c for c in rec.get("claims", []) if c.get("kind") in ("direct", "reported")]
    taken: set[int] = set()
    gspans = [_locate(text, c["quote"], taken) for c in gclaims]
    ospans = [_locate(text, c["quote"], taken) for c in optional]
    # Predictions that only cover an optional (scare) quote are neither right nor wrong; a
    # longer claim that merely contains one (a reported clause with a «term») still counts.
    pclaims = [
        p
        for p in pclaims
        if not any(o and _cover((p["start"], p["end"]), o) >= 0.5 for o in ospans)
    ]
    for counts, threshold in ((s.claims_lenient, LENIENT), (s.claims_strict, STRICT)):
        counts.gold += len(gclaims)
        counts.pred += len(pclaims)
        used: set[int] = set()
        for gi, gspan in enumerate(gspans):
            if gspan is None:
                continue
            best = max(
                (pi for pi in range(len(pclaims)) if pi not in used),
                key=lambda pi: _cover(gspan, (pclaims[pi]["start"], pclaims[pi]["end"])),
                default=None,
            )
            if best is None:
                continue
            if _cover(gspan, (pclaims[best]["start"], pclaims[best]["end"])) >= threshold:
                used.add(best)
                counts.tp += 1
                if threshold == LENIENT:
                    g = gclaims[gi]
                    wanted = {norm_name(g.get("speaker"))}
                    wanted |= {norm_name(x) for x in g.get("speaker_alt") or []}
                    wanted.discard("")
                    if wanted:
                        s.speaker.total += 1
                        p = pclaims[best]
                        got = _names_of_actor(rec, p.get("speaker_id"), p.get("speaker_name"))
                        s.speaker.right += bool(wanted & got)
    gactors = {norm_name(a["name"]) for a in gold.get("actors", [])} - {""}
    s.actors.gold += len(gactors)
    matched: set[str] = set()
    for a in rec.get("actors", []):
        s.actors.pred += 1
        names = {norm_name(a["name"])} | {norm_name(x) for x in a.get("aliases", [])}
        hit = (names & gactors) - matched
        if hit:
            s.actors.tp += 1
            matched.add(sorted(hit)[0])


def _cover(gold: tuple[int, int], pred: tuple[int, int]) -> float:
    overlap = max(0, min(gold[1], pred[1]) - max(gold[0], pred[0]))
    return overlap / max(1, gold[1] - gold[0])


def gold_key(source: str) -> str:
    """The gold file stem of a record's source: 'a/b.md' -> 'b', 'x.jsonl#2' -> 'x#2'."""
    path, _, number = source.partition("#")
    stem = Path(path).stem
    return f"{stem}#{number}" if number else stem


def score_events(
    events: list[dict[str, Any]], keys: dict[str, tuple[str, str | None]]
) -> EventScores:
    """B-cubed of `events` (pipeline.events output) over the found pledges in `keys`, and
    the gold part-whole pairs counted twice (see module docstring)."""
    where: dict[str, str] = {}
    counted: set[str] = set()
    for ev in events:
        if ev.get("counted", True):
            counted.add(ev["id"])
        for src in ev.get("sources", []):
            where.setdefault(src["item_id"], ev["id"])
    items = sorted(keys)
    pred = {i: where.get(i, "single:" + i) for i in items}
    by_pred: dict[str, list[str]] = defaultdict(list)
    by_gold: dict[str, list[str]] = defaultdict(list)
    for i in items:
        by_pred[pred[i]].append(i)
        by_gold[keys[i][0]].append(i)
    out = EventScores(items=len(items))
    both = Counter((pred[i], keys[i][0]) for i in items)  # items sharing event and gold key
    if items:
        for i in items:
            same = both[(pred[i], keys[i][0])]
            out.precision += same / len(by_pred[pred[i]]) / len(items)
            out.recall += same / len(by_gold[keys[i][0]]) / len(items)
    pairs = sorted({(ev, whole) for ev, whole in keys.values() if whole and whole in by_gold})
    out.pairs = len(pairs)
    for part, whole in pairs:
        part_events = {pred[i] for i in by_gold[part]} & counted
        whole_events = {pred[i] for i in by_gold[whole]} & counted
        out.beside += any(a != b for a in part_events for b in whole_events)
    return out


def half_of(stem: str) -> str | None:
    """ "odd" or "even" by the number a gold file's name starts with ("117-fr-..." is odd),
    None for a name without one."""
    digits = re.match(r"\d+", stem)
    if digits is None:
        return None
    return "odd" if int(digits.group()) % 2 else "even"


HALVES: dict[str, Callable[[str], bool]] = {
    "odd": lambda stem: half_of(stem) == "odd",
    "even": lambda stem: half_of(stem) == "even",
}


def evaluate(
    gold_dir: Path,
    records: list[dict[str, Any]],
    texts: dict[str, str],
    keep: Callable[[str], bool] | None = None,
) -> dict[str, LangScores | EventScores]:
    """Scores per language of `records` (with their texts by doc_id) against `gold_dir`,
    and under "events" the corpus's pledge events (scored across languages). With `keep`,
    only the gold files whose stem it accepts, and their documents: a half of a set that is
    tuned on one half and checked on the other (HALVES)."""
    from pipeline.events import build_events

    if keep is not None:
        records = [r for r in records if keep(gold_key(r["source"]))]
    by_key = {gold_key(r["source"]): r for r in records}
    scores: dict[str, LangScores] = defaultdict(LangScores)
    keys: dict[str, tuple[str, str | None]] = {}
    for path in sorted(gold_dir.glob("*.json")):
        if keep is not None and not keep(path.stem):
            continue
        gold = json.loads(path.read_text(encoding="utf-8"))
        rec = by_key.get(path.stem)
        lang = gold.get("lang") or (rec or {}).get("lang") or "?"
        if rec is None:
            rec = {"pledges": [], "claims": [], "actors": []}
            text = ""
        else:
            text = texts.get(rec["doc_id"], "")
        score_document(gold, rec, text, scores[lang], keys)
    out: dict[str, LangScores | EventScores] = dict(sorted(scores.items()))
    out["events"] = score_events(build_events(records), keys)
    return out


def format_scores(scores: dict[str, LangScores | EventScores]) -> str:
    """The table `briefing eval` prints."""
    lines = []
    for lang, s in scores.items():
        if isinstance(s, EventScores):
            continue
        d = s.as_dict()
        lines.append(f"== {lang} ({s.docs} documents)")
        for name in ("money", "pledges", "claims_lenient", "claims_strict", "actors"):
            m = d[name]
            lines.append(
                f"{name:15s} P {m['p']:.3f}  R {m['r']:.3f}  F1 {m['f1']:.3f}  "
                f"(tp {m['tp']}, pred {m['pred']}, gold {m['gold']})"
            )
        for name in ("pledger", "speaker"):
            m = d[name]
            lines.append(
                f"{name + ' accuracy':15s} {m['accuracy']:.3f}  ({m['right']}/{m['total']})"
            )
    events = scores.get("events")
    if isinstance(events, EventScores) and events.items == 0:
        lines.append("== events: no pledge found has an event key in the gold")
    elif isinstance(events, EventScores):
        lines.append(f"== events (across documents and languages, {events.items} pledges)")
        lines.append(
            f"{'event B-cubed':15s} P {events.precision:.3f}  R {events.recall:.3f}  "
            f"F1 {events.f1:.3f}"
        )
        lines.append(
            f"{'parts beside':15s} {events.beside} of {events.pairs} part-whole pairs "
            "counted beside their whole"
        )
    return "\n".join(lines)
