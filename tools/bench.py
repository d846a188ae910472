"""Throughput benchmark: `briefing run` end to end against bare spaCy on the same texts.

Builds a deterministic synthetic corpus (half French, half English, ~500 words each, policy
news with amounts, quotes and names, from tools/bench_templates.json), then measures in fresh
subprocesses: bare `nlp.pipe` (the same models as shipped, without our extractors: the
ceiling; measured before and after every round of runs, since the machine's speed drifts),
a first `briefing run` in one process, a second run on the unchanged corpus, the report
rendering, and a run with worker processes; peak RSS is sampled over each process tree. Usage:

    python tools/bench.py                      # 1,000 and 10,000 documents (long)
    python tools/bench.py --docs 1000 --workers 1 --workers 2
    python tools/bench.py --docs 1000 --workers 1 --workers 2 --rounds 3   # median of 3
    python tools/bench.py --quick              # 200 documents, a smoke test
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = Path(__file__).with_name("bench_templates.json")


# -- the synthetic corpus ------------------------------------------------------------------
def _fill(template: str, words: dict[str, Any], rng: random.Random) -> str:
    """A template with every {slot} drawn from the lists (amounts get numbers)."""
    out = template
    while "{" in out:
        start = out.index("{")
        slot = out[start + 1 : out.index("}", start)]
        value = rng.choice(words[slot])
        if slot == "amount":
            n = rng.choice([2, 3, 5, 7, 12, 15, 20, 30, 45, 50, 109, 150, 200, 400])
            value = value.replace("{n}", str(n)).replace("{m}", str(n + rng.choice([5, 10])))
            value = value.replace("{d}", str(rng.randint(1, 9)))
        out = out.replace("{" + slot + "}", value, 1)
    return out


def _sentence(template: str, words: dict[str, Any], rng: random.Random) -> str:
    text = _fill(template, words, rng)
    for before, after in words["contractions"]:
        text = text.replace(before, after)
    return text[0].upper() + text[1:]


def make_document(n: int, target_words: int, data: dict[str, Any], seed: int) -> tuple[str, str]:
    """(language, text) of document `n`: a title line, then paragraphs of 3 to 5 sentences."""
    lang = "fr" if n % 2 == 0 else "en"
    rng = random.Random(f"{seed}:{n}")
    words = data[lang]
    paragraphs, count = [], 0
    while count < target_words:
        para = " ".join(_sentence(rng.choice(words["sentences"]), words, rng) for _ in range(4))
        paragraphs.append(para)
        count += len(para.split())
    title = _sentence(rng.choice(words["title"]), words, rng)
    return lang, title + "\n\n" + "\n\n".join(paragraphs) + "\n"


def make_corpus(folder: Path, n_docs: int, target_words: int = 500, seed: int = 0) -> int:
    """Write the corpus (every 10th document as Markdown with front matter); total words."""
    data = json.loads(TEMPLATES.read_text(encoding="utf-8"))
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for n in range(n_docs):
        lang, text = make_document(n, target_words, data, seed)
        total += len(text.split())
        sub = folder / f"batch-{n // 1000:03d}"
        sub.mkdir(exist_ok=True)
        if n % 10 == 9:
            day = 1 + n % 28
            front = f"---\ntitle: Dispatch {n}\ndate: 2026-02-{day:02d}\n---\n"
            (sub / f"doc-{n:05d}-{lang}.md").write_text(front + text, encoding="utf-8")
        else:
            (sub / f"doc-{n:05d}-{lang}.txt").write_text(text, encoding="utf-8")
    return total


# -- measurements, each in a fresh subprocess ------------------------------------------------
def bare_spacy(corpus: Path) -> dict[str, Any]:
    """Subprocess body: load the configured models as shipped (all their components) and time
    `nlp.pipe` alone over the corpus's normalised texts, per language: what a plain spaCy
    user gets. The briefing pipeline may run fewer components (`[nlp] disable`, measured by
    tools/components.py) and faster equivalents of two (pipeline/fast_rules.py)."""
    import spacy

    from pipeline.config import load_config
    from pipeline.ingest.walk import iter_documents

    config = load_config()
    texts: dict[str, list[str]] = {"fr": [], "en": []}
    for src in iter_documents([corpus], []):
        texts["fr" if "-fr." in src.source else "en"].append(src.text)
    result: dict[str, Any] = {"load": 0.0, "pipe": 0.0, "docs": 0, "words": 0}
    for lang, batch in texts.items():
        start = time.perf_counter()
        nlp = spacy.load(config["models"][lang])
        result["load"] += time.perf_counter() - start
        start = time.perf_counter()
        for _ in nlp.pipe(batch, batch_size=int(config["nlp"]["batch_size"])):
            pass
        result["pipe"] += time.perf_counter() - start
        result["docs"] += len(batch)
        result["words"] += sum(len(t.split()) for t in batch)
        result[f"components_{lang}"] = nlp.pipe_names
        del nlp
    return result


def pipeline_run(corpus: Path, out: Path, workers: int) -> dict[str, Any]:
    """Subprocess body: `briefing run` as the CLI does it; times of its two phases."""
    from pipeline.config import load_config
    from pipeline.executors import make_executor, skip_torch
    from pipeline.runner import run_corpus

    config = load_config()
    skip_torch(config)  # as `briefing run` does
    summary = run_corpus([corpus], config, out, executor=make_executor("local", workers))
    return {
        "run": summary.timings["documents"],
        "render": summary.timings["outputs"],
        "processed": len(summary.processed),
        "cached": len(summary.cached),
        "failed": len(summary.failed),
    }


class PeakRSS:
    """Samples the RSS of a process and its children: peak of the main one and of the sum."""

    def __init__(self, pid: int) -> None:
        import psutil

        self.proc = psutil.Process(pid)
        self.main = self.total = 0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def _loop(self) -> None:
        import psutil

        while not self.done.is_set():
            try:
                main = self.proc.memory_info().rss
                kids = sum(c.memory_info().rss for c in self.proc.children(recursive=True))
            except psutil.Error:
                break
            self.main, self.total = max(self.main, main), max(self.total, main + kids)
            time.sleep(0.1)

    def stop(self) -> tuple[float, float]:
        self.done.set()
        self.thread.join()
        return self.main / 2**20, self.total / 2**20


def measured(args: list[str]) -> tuple[dict[str, Any], float, float, float]:
    """(JSON printed by the subprocess, wall seconds, peak RSS MB of main, of the tree)."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, cwd=ROOT, text=True)
    peak = PeakRSS(proc.pid)
    stdout, _ = proc.communicate()
    wall = time.perf_counter() - start
    main, total = peak.stop()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"benchmark step failed ({proc.returncode}): {' '.join(args)}")
    lines = [line for line in stdout.splitlines() if line.startswith("{")]
    return (json.loads(lines[-1]) if lines else {}), wall, main, total


def first_run(
    me: list[str], corpus: Path, out: Path, workers: int, words: tuple[int, int], ceiling: float
) -> dict[str, Any]:
    """A first `briefing run` into `out`, printed; its figures (extraction = process start
    to the last document stored and its JSONL, the outputs' time taken off)."""
    n_docs, total_words = words  # of the corpus
    run, wall, main, total = measured([*me, "_run", str(corpus), str(out), str(workers)])
    extraction = wall - run["render"]
    dps = n_docs / extraction
    print(
        f"briefing run --workers {workers} (load average {os.getloadavg()[0]:.1f}): "
        f"{dps:.2f} docs/s, {total_words / extraction:.0f} words/s end to end "
        f"({extraction:.1f} s from process start, models' loading included); "
        f"ratio to bare spaCy before {dps / ceiling:.2f}; peak RSS {main:.0f} MB "
        f"(with workers {total:.0f} MB)",
        flush=True,
    )
    print(
        f"  outputs (JSONL + HTML report): {run['render']:.1f} s = "
        f"{100 * run['render'] / extraction:.1f} % of the extraction time",
        flush=True,
    )
    return dict(run, wall=wall, extraction=extraction, rss=main, rss_tree=total)


def second_run(
    me: list[str], corpus: Path, out: Path, workers: int, first: float
) -> dict[str, Any]:
    """`briefing run` again into `out` on the unchanged corpus, printed against the first's
    wall time `first`."""
    second, again, _, _ = measured([*me, "_run", str(corpus), str(out), str(workers)])
    print(
        f"second run, unchanged corpus ({second['cached']} cached, "
        f"{second['processed']} processed): {again:.1f} s "
        f"= {100 * again / first:.1f} % of the first ({first:.1f} s)",
        flush=True,
    )
    return dict(second, wall=again)


def bench(
    n_docs: int, workers: list[int], keep: Path | None, skip_bare: bool = False, rounds: int = 1
) -> dict[str, Any]:
    """All the measurements for one corpus size; prints them as they come.

    The machine's speed drifts (a shared host: bare spaCy on the same texts varies by up to
    30 % within an hour), so bare spaCy is measured before and after every round of runs,
    each run's ratio is taken against the mean of the two bare measurements around it, and
    with several rounds the median ratio is printed too."""
    tmp = Path(tempfile.mkdtemp(prefix=f"briefing-bench-{n_docs}-"))
    corpus = tmp / "corpus"
    total_words = make_corpus(corpus, n_docs)
    me = [sys.executable, str(Path(__file__).resolve())]
    res: dict[str, Any] = {"docs": n_docs, "words": total_words, "rounds": []}
    print(f"\n== {n_docs} documents, {total_words} words, corpus in {corpus}", flush=True)
    if skip_bare:
        bare = {"docs": n_docs, "pipe": float("nan"), "words": total_words, "load": 0.0}
        bare.update(components_fr="not measured", components_en="not measured")
    else:
        bare, _, _, _ = measured([*me, "_bare", str(corpus)])
        print(
            f"bare spaCy nlp.pipe: {bare['docs'] / bare['pipe']:.2f} docs/s, "
            f"{bare['words'] / bare['pipe']:.0f} words/s (load {bare['load']:.1f} s; "
            f"fr {bare['components_fr']}, en {bare['components_en']})",
            flush=True,
        )
    res["bare"] = bare
    ratios: dict[int, list[float]] = {w: [] for w in workers}
    for r in range(rounds):
        if rounds > 1:
            print(f"-- round {r + 1} of {rounds}", flush=True)
        ceiling = bare["docs"] / bare["pipe"]
        this: dict[str, Any] = {"bare_before": bare}
        for w in workers:
            out = tmp / f"out-r{r}-w{w}"
            this[f"workers_{w}"] = first_run(me, corpus, out, w, (n_docs, total_words), ceiling)
            if r == 0 and w == workers[0]:
                wall = this[f"workers_{w}"]["wall"]
                res["second_run"] = second_run(me, corpus, out, w, wall)
        if not skip_bare:
            after, _, _, _ = measured([*me, "_bare", str(corpus)])
            this["bare_after"] = after
            mean = (ceiling + after["docs"] / after["pipe"]) / 2
            for w in workers:
                ratios[w].append(n_docs / this[f"workers_{w}"]["extraction"] / mean)
            print(
                f"bare spaCy again: {after['docs'] / after['pipe']:.2f} docs/s (before: "
                f"{ceiling:.2f}); ratios to their mean ({mean:.2f} docs/s): "
                + ", ".join(f"--workers {w} {ratios[w][-1]:.2f}" for w in workers),
                flush=True,
            )
            bare = after
        res["rounds"].append(this)
    if rounds > 1 and not skip_bare:
        res["median_ratios"] = {w: statistics.median(v) for w, v in ratios.items()}
        print(
            f"median ratios over {rounds} rounds: "
            + ", ".join(
                f"--workers {w} {res['median_ratios'][w]:.2f} "
                f"({' '.join(f'{x:.2f}' for x in ratios[w])})"
                for w in workers
            ),
            flush=True,
        )
    if keep:
        shutil.copytree(tmp, keep / f"bench-{n_docs}", dirs_exist_ok=True)
    shutil.rmtree(tmp, ignore_errors=True)
    return res


def main() -> None:
    """Command line; `_bare` and `_run` are the subprocess entry points."""
    if len(sys.argv) > 1 and sys.argv[1] in ("_bare", "_run"):
        sys.path.insert(0, str(ROOT))
        if sys.argv[1] == "_bare":
            print(json.dumps(bare_spacy(Path(sys.argv[2]))))
        else:
            print(json.dumps(pipeline_run(Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]))))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, action="append", help="corpus size (repeatable)")
    parser.add_argument("--workers", type=int, action="append", help="worker processes")
    parser.add_argument("--quick", action="store_true", help="200 documents: a smoke test")
    parser.add_argument("--keep", type=Path, help="copy corpora and outputs to this folder")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--skip-bare", action="store_true", help="don't measure bare spaCy")
    parser.add_argument(
        "--rounds", type=int, default=1, help="runs and bare spaCy alternated this many times"
    )
    args = parser.parse_args()
    sizes = args.docs or ([200] if args.quick else [1000, 10000])
    workers = args.workers or [1, 2]
    print(
        f"cores: {os.cpu_count()}, python {sys.version.split()[0]}; the load average shows",
        flush=True,
    )
    print("how much other processes competed for the CPU during each measurement", flush=True)
    results = [bench(n, workers, args.keep, args.skip_bare, args.rounds) for n in sizes]
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
