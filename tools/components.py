"""Which spaCy components the extractors need: their cost, and what is lost without them.

For every component of the configured models, prints its share of the pipeline's time on
the benchmark corpus (each component timed on its own, per language), then switches it off
in both languages (`[nlp] disable`, starting from the full models) and scores both annotated
corpora again: a component is needed when some
score drops without it. Each variant runs in a fresh subprocess. Usage:

    python tools/components.py              # 100 benchmark documents for the timings
    python tools/components.py --docs 200
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GOLD = [ROOT / "corpora" / "devset" / "gold", ROOT / "corpora" / "ai-action-summit" / "gold"]
METRICS = [
    ("money", "f1"),
    ("pledges", "f1"),
    ("pledger", "accuracy"),
    ("claims_lenient", "f1"),
    ("claims_strict", "f1"),
    ("speaker", "accuracy"),
    ("actors", "f1"),
]


def timings(n_docs: int) -> dict[str, dict[str, float]]:
    """Seconds per component and language over the benchmark corpus (all our components)."""
    sys.path.insert(0, str(ROOT / "tools"))
    from bench import TEMPLATES, make_document

    from pipeline.config import load_config
    from pipeline.nlp import build_pipeline

    data = json.loads(TEMPLATES.read_text(encoding="utf-8"))
    docs = [make_document(n, 500, data, 0) for n in range(n_docs)]
    out: dict[str, dict[str, float]] = {}
    for lang in ("fr", "en"):
        nlp = build_pipeline(lang, load_config())
        texts = [t for code, t in docs if code == lang]
        start = time.perf_counter()
        parsed = [nlp.make_doc(t) for t in texts]
        out[lang] = {"tokenizer": time.perf_counter() - start}
        for name, proc in nlp.pipeline:
            start = time.perf_counter()
            if hasattr(proc, "pipe"):
                parsed = list(proc.pipe(parsed, batch_size=16))
            else:
                parsed = [proc(d) for d in parsed]
            out[lang][name] = time.perf_counter() - start
    return out


def scores(disable: str) -> dict[str, Any]:
    """Scores of both gold sets with `disable` switched off ("" = none)."""
    from pipeline.config import load_config
    from pipeline.single import evaluate_folder

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "config.toml"
        names = json.dumps([disable] if disable else [])
        path.write_text(f"[nlp]\ndisable = {{ fr = {names}, en = {names} }}\n")
        config = load_config(path)
        result: dict[str, Any] = {}
        for gold in GOLD:
            for lang, s in evaluate_folder(gold, gold.parent, config).items():
                result[f"{gold.parent.name}/{lang}"] = s.as_dict()
        return result


def metric(block: dict[str, Any], name: str, key: str) -> float:
    return float(block.get(name, {}).get(key, 0.0))


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "_scores":
        sys.path.insert(0, str(ROOT))
        print(json.dumps(scores(sys.argv[2] if sys.argv[2] != "-" else "")))
        return
    if len(sys.argv) > 2 and sys.argv[1] == "_timings":
        sys.path.insert(0, str(ROOT))
        print(json.dumps(timings(int(sys.argv[2]))))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=100, help="benchmark documents to time")
    args = parser.parse_args()
    me = [sys.executable, str(Path(__file__).resolve())]

    def run(*extra: str) -> Any:
        done = subprocess.run([*me, *extra], capture_output=True, text=True, cwd=ROOT)
        lines = [ln for ln in done.stdout.splitlines() if ln.startswith("{")]
        if done.returncode or not lines:
            return None
        return json.loads(lines[-1])

    times = run("_timings", str(args.docs))
    print(f"time per component over {args.docs} benchmark documents (half fr, half en):")
    for lang, parts in times.items():
        total = sum(parts.values())
        row = ", ".join(f"{k} {100 * v / total:.0f} %" for k, v in parts.items())
        print(f"  {lang} ({total:.1f} s): {row}")
    base = run("_scores", "-")
    names = sorted({n for parts in times.values() for n in parts} - {"tokenizer"})
    optional = [n for n in names if not n.startswith("briefing_")]
    print("\nscore change when the component is switched off (worst metric per corpus):")
    for name in optional:
        got = run("_scores", name)
        if got is None:
            print(f"  {name}: the pipeline does not run without it")
            continue
        worst = []
        for corpus, block in base.items():
            deltas = [
                (metric(got.get(corpus, {}), m, k) - metric(block, m, k), f"{m}")
                for m, k in METRICS
            ]
            delta, which = min(deltas)
            worst.append(f"{corpus} {delta:+.3f} ({which})")
        print(f"  {name}: " + "; ".join(worst))


if __name__ == "__main__":
    main()
