"""A batch on one machine, measured in the same run: `--scheduler local` (a Dask cluster) against
the process pool, both through the command line on the same JSONL with the same workers, and the
peak memory of one worker on the longest article the readers accept (the dev texts joined).

usage: python benchmarks/batch.py [--articles 400] [--workers 2] [--gold ../shared/eval/dev.jsonl] [--no-long-article]
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

from run import ROOT, texts, worker_peak_rss


def write_feed(path: Path, articles: list[str]) -> None:
    path.write_text("".join(json.dumps({"id": f"a{i}", "text": t}) + "\n" for i, t in enumerate(articles)),
                    encoding="utf-8")


def command_seconds(feed: Path, out: Path, workers: int, *extra: str) -> float:
    """Wall time of `annotator annotate FEED -o OUT` into a fresh folder, start-up included."""
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "annotator.cli", "annotate", str(feed), "-o", str(out), "--backend", "spacy",
                    "--workers", str(workers), "-q", *extra], check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - start


def longest_article(gold: Path) -> str:
    """The dev texts joined, cut at the last space before the readers' limit."""
    from annotator.io.readers import MAX_CHARS
    base = texts(gold, 84)
    joined = "\n\n".join(base[i % len(base)] for i in range(MAX_CHARS // min(map(len, base)) + 1))[:MAX_CHARS]
    return joined[:joined.rstrip().rfind(" ")]


def main() -> None:
    from annotator.pipeline import SHIPPED
    from annotator.scale.partitions import partition_size
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--gold", type=Path, default=ROOT.parent / "shared" / "eval" / "dev.jsonl")
    parser.add_argument("--no-long-article", action="store_true")
    args = parser.parse_args()
    tmp = ROOT / "out" / "bench"
    tmp.mkdir(parents=True, exist_ok=True)
    feed = tmp / "feed.jsonl"
    write_feed(feed, texts(args.gold, args.articles))
    pool_s = command_seconds(feed, tmp / "pool", args.workers)
    dask_s = command_seconds(feed, tmp / "dask", args.workers, "--scheduler", "local")
    n, size = args.articles, partition_size(args.articles, args.workers)
    print(f"{n} articles, {args.workers} workers, start-up included\n")
    print("| run | seconds | articles/s | vs process pool |\n|---|---|---|---|")
    for name, seconds in (("process pool", pool_s), ("--scheduler local (Dask)", dask_s)):
        print(f"| {name} | {seconds:.1f} | {n / seconds:.1f} | {seconds / pool_s:.2f}x |")
    print(f"\nDask partitions: {-(-n // size)} of up to {size} articles")
    if not args.no_long_article:
        text = longest_article(args.gold)
        start = time.perf_counter()
        peak = worker_peak_rss([text], SHIPPED)
        print(f"peak RSS of one worker on a {len(text):,}-character article: {peak:,.0f} MiB "
              f"({time.perf_counter() - start:.0f} s, loading included)")


if __name__ == "__main__":
    main()
