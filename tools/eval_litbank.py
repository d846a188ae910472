"""Speaker mentions on literary dialogue (information only): ../shared/peer/quotes.

French LitBank (fr-litbank, CC BY-SA) annotates quotes, their cue ("dit", "reprit") and the
words naming the speaker there ("il", "Bouvard", "la servante"), unresolved. This script runs
the French pipeline on each window and reports: quote recall / precision (a predicted direct
quote covering >= 30 % of a gold quote's characters), and, on matched quotes whose speaker
mention lies inside the window, how often our `speaker_mention` overlaps the gold one.
Literary text is not news: incises are dense, names rare, dialogue unmarked by guillemets.

    .venv/bin/python tools/eval_litbank.py [--file PATH] [--limit N] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT = ROOT.parent / "shared" / "peer" / "quotes" / "fr_litbank_citations.jsonl"
LENIENT = 0.3


def _cover(gold: tuple[int, int], pred: tuple[int, int]) -> float:
    overlap = max(0, min(gold[1], pred[1]) - max(gold[0], pred[0]))
    return overlap / max(1, gold[1] - gold[0])


def score(records: list[dict[str, Any]], lang: str = "fr") -> dict[str, Any]:
    """Quote and speaker-mention counts of the pipeline on these records."""
    from pipeline.config import load_config
    from pipeline.extract import CLAIMS
    from pipeline.ingest.normalise import normalise_text
    from pipeline.nlp import get_pipeline

    nlp = get_pipeline(lang, load_config())
    counts = {"gold": 0, "pred": 0, "found": 0, "with_mention": 0, "mention_ok": 0}
    examples: list[dict[str, Any]] = []
    texts = [normalise_text(r["text"]) for r in records]
    for rec, doc in zip(records, nlp.pipe(texts, batch_size=16), strict=True):
        preds = [s for s in doc.spans[CLAIMS] if s._.claim.kind == "direct"]
        counts["pred"] += len(preds)
        used: set[int] = set()
        for gold in rec["quotes"]:
            counts["gold"] += 1
            span = (gold["quote_start"], gold["quote_end"])
            best = max(
                (k for k in range(len(preds)) if k not in used),
                key=lambda k: _cover(span, (preds[k].start_char, preds[k].end_char)),
                default=None,
            )
            if (
                best is None
                or _cover(span, (preds[best].start_char, preds[best].end_char)) < LENIENT
            ):
                continue
            used.add(best)
            counts["found"] += 1
            if gold.get("speaker_start") is None or not gold.get("speaker"):
                continue
            counts["with_mention"] += 1
            mention = preds[best]._.claim.mention
            ok = (
                mention is not None
                and _cover(
                    (gold["speaker_start"], gold["speaker_end"]),
                    (mention.start_char, mention.end_char),
                )
                > 0
            )
            counts["mention_ok"] += ok
            if not ok and len(examples) < 15:
                examples.append(
                    {
                        "id": rec["id"],
                        "gold": gold["speaker"],
                        "pred": mention.text if mention is not None else None,
                        "quote": gold["quote"][:60],
                    }
                )
    counts["quote_recall"] = round(counts["found"] / max(1, counts["gold"]), 3)
    counts["quote_precision"] = round(counts["found"] / max(1, counts["pred"]), 3)
    counts["mention_accuracy"] = round(counts["mention_ok"] / max(1, counts["with_mention"]), 3)
    return {"counts": counts, "misses": examples}


def main() -> int:
    """Command line: print the scores (and a few misses)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--file", type=Path, default=DEFAULT)
    ap.add_argument("--limit", type=int, default=0, help="only the first N records")
    ap.add_argument("--json", action="store_true", help="print JSON")
    args = ap.parse_args()
    if not args.file.is_file():
        print(f"error: {args.file} not found", file=sys.stderr)
        return 2
    lines = args.file.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    if args.limit:
        records = records[: args.limit]
    result = score(records, records[0].get("lang", "fr") if records else "fr")
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0
    c = result["counts"]
    print(f"records {len(records)}  gold quotes {c['gold']}  predicted direct quotes {c['pred']}")
    print(
        f"quotes found (>=30% of the gold characters): recall {c['quote_recall']:.3f}"
        f"  precision {c['quote_precision']:.3f}"
    )
    print(
        f"speaker mention overlaps the gold mention: {c['mention_accuracy']:.3f}"
        f"  ({c['mention_ok']}/{c['with_mention']})"
    )
    for miss in result["misses"]:
        print(
            f"  miss {miss['id']}: gold {miss['gold']!r} pred {miss['pred']!r}  {miss['quote']!r}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
