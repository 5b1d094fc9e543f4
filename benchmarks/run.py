"""Throughput, scaling and memory of annotator against spaCy + textacy's direct_quotations,
measured in the same run on the same articles (the dev texts repeated).

usage: python benchmarks/run.py [--articles 300] [--gold ../shared/eval/dev.jsonl]
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def texts(gold: Path, n: int) -> list[str]:
    base = [json.loads(line)["text"] for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [base[i % len(base)] for i in range(n)]


def baseline(articles: list[str]) -> tuple[float, int]:
    from annotator.compare import require_textacy  # textacy is the compare extra: pip install annotator[compare]
    from annotator.parse.backends import load_backend
    triples = require_textacy()
    nlp = load_backend("spacy").nlp
    start, tokens = time.perf_counter(), 0
    for doc in nlp.pipe(articles, batch_size=16):
        tokens += len(doc)
        try:
            list(triples.direct_quotations(doc))
        except ValueError:  # textacy gives up on an odd number of quotation marks
            pass
    return time.perf_counter() - start, tokens


def annotator_run(articles: list[str], workers: int, tmp: Path) -> float:
    from annotator.model import Article
    from annotator.pipeline import Options
    from annotator.scale.memory import default_memory_limit
    from annotator.scale.pool import annotate_articles
    from annotator.scale.workers import Job
    batch = [Article(f"a{i}", t, "bench") for i, t in enumerate(articles)]
    job = Job("spacy", Options(), False, default_memory_limit(workers))
    start = time.perf_counter()
    for _, result, error in annotate_articles(batch, job, workers):
        assert error is None, error
    return time.perf_counter() - start


def attribution_share_of_parse(articles: list[str], model: str | None) -> float:
    """Attribution seconds over parse seconds; ``model`` as ``Options.model`` takes it."""
    from annotator.model import Article
    from annotator.pipeline import Annotator, Options
    annotator = Annotator("spacy", Options(model=model))
    list(annotator.annotate_many(Article(str(i), t) for i, t in enumerate(articles)))
    return annotator.attribution_seconds / annotator.parse_seconds


RSS_SCRIPT = """
import json, resource, sys
from annotator.model import Article
from annotator.pipeline import Annotator, Options
texts = json.loads(sys.stdin.read())
annotator = Annotator("spacy", Options(model=None if sys.argv[1] == "None" else sys.argv[1]))
list(annotator.annotate_many(Article(str(i), t) for i, t in enumerate(texts)))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def worker_peak_rss(articles: list[str], model: str | None) -> float:
    """Peak RSS (MiB) of a fresh process that loads the backend (and model) and annotates the articles."""
    out = subprocess.run([sys.executable, "-c", RSS_SCRIPT, str(model)], input=json.dumps(articles), text=True,
                         capture_output=True, check=True, cwd=ROOT).stdout
    return float(out.strip().splitlines()[-1])


def cold_start(seed: Path, tmp: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "annotator.cli", "annotate", str(seed), "--backend", "spacy",
                    "--format", "json", "-o", str(tmp / "seed.json")], check=True, capture_output=True)
    return time.perf_counter() - start


def main():
    from annotator.pipeline import SHIPPED
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--gold", type=Path, default=ROOT.parent / "shared" / "eval" / "dev.jsonl")
    args = parser.parse_args()
    tmp = ROOT / "out" / "bench"
    tmp.mkdir(parents=True, exist_ok=True)
    articles = texts(args.gold, args.articles)
    annotator_run(articles[:8], 1, tmp)  # load the model before timing
    base_s, tokens = baseline(articles)
    one_s = annotator_run(articles, 1, tmp)
    two_s = annotator_run(articles, 2, tmp)
    n = len(articles)
    rows = [("spaCy sm + textacy direct_quotations (baseline)", base_s, 1.0),
            ("annotator, 1 process", one_s, base_s / one_s), ("annotator, 2 workers", two_s, base_s / two_s)]
    print(f"{n} articles, {tokens} tokens\n")
    print("| run | articles/s | tokens/s | vs baseline |\n|---|---|---|---|")
    for name, seconds, ratio in rows:
        print(f"| {name} | {n / seconds:.1f} | {tokens / seconds:,.0f} | {ratio:.2f}x |")
    print(f"\n2 workers vs 1 process: {one_s / two_s:.2f}x")
    rules_share = attribution_share_of_parse(articles[:100], None)
    model_share = attribution_share_of_parse(articles[:100], SHIPPED)
    print(f"attribution time as a share of parse time: rules only {100 * rules_share:.1f}%, "
          f"with the trained model {100 * model_share:.1f}% ({model_share / rules_share:.2f}x the rules)")
    rules_mb, model_mb = worker_peak_rss(articles[:50], None), worker_peak_rss(articles[:50], SHIPPED)
    print(f"peak RSS of one worker after 50 articles: rules only {rules_mb:.0f} MiB, with the trained model "
          f"{model_mb:.0f} MiB (+{model_mb - rules_mb:.0f} MiB)")
    print("\nscaling (1 process):\n| articles | seconds | seconds per 100 |\n|---|---|---|")
    for size in (n // 4, n // 2, n):
        seconds = annotator_run(articles[:size], 1, tmp)
        print(f"| {size} | {seconds:.1f} | {100 * seconds / size:.2f} |")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"\npeak RSS: this process {peak_mb:.0f} MiB, largest worker {workers_mb:.0f} MiB")
    print(f"cold start of `annotator annotate` on the seed article: {cold_start(next((ROOT / 'seeds').glob('*.txt')), tmp):.1f}s")


if __name__ == "__main__":
    main()
