"""What writing quotes.db costs a batch: one local batch (`run_batch`, as `annotator annotate FEED
-o OUT` runs it) of the dev texts repeated with distinct ids, with the time the batch spends in
`write_database` measured inside the same run, and the batch's time without it as the ratio's base.

usage: python benchmarks/quotes_db.py [--articles 2000] [--workers 2] [--keep OUT]

The issue's budget: a batch that writes quotes.db takes at most 10% more time than one that does not.
Writing the database is one step of the main process after the workers are done, so the batch
without it takes the batch's time less that step's.
"""
from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

from batch import write_feed
from run import ROOT, texts


def main() -> None:
    import annotator.scale.batch as batch
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--gold", type=Path, default=ROOT.parent / "shared" / "eval" / "dev.jsonl")
    parser.add_argument("--keep", type=Path, help="Leave the batch's outputs here (its quotes.jsonl feeds corpus.py).")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    spent: list[float] = []
    write_database = batch.write_database

    def timed(path: Path, results: list[dict]) -> None:
        start = time.perf_counter()
        write_database(path, results)
        spent.append(time.perf_counter() - start)
    batch.write_database = timed
    with tempfile.TemporaryDirectory() as folder:
        feed, out = Path(folder) / "feed.jsonl", args.keep or Path(folder) / "out"
        shutil.rmtree(out, ignore_errors=True)
        write_feed(feed, texts(args.gold, args.articles))
        start = time.perf_counter()
        summary = batch.run_batch([str(feed)], out, backend="spacy", workers=args.workers, quiet=True)
        total = time.perf_counter() - start
        size = (out / "quotes.db").stat().st_size
    (database,) = spent
    print(f"{args.articles} articles ({summary.line()}), {args.workers} workers, load average before and after: "
          f"{load:.1f}, {os.getloadavg()[0]:.1f}\n")
    print("| run | seconds |\n|---|---|")
    print(f"| batch, quotes.db included | {total:.1f} |\n| of which write_database | {database:.1f} |\n"
          f"| batch without quotes.db | {total - database:.1f} |")
    print(f"\nwith quotes.db / without: {total / (total - database):.3f}x ({100 * database / (total - database):.1f}% "
          f"more; the budget is 10%); quotes.db {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
