"""What the corpus outputs cost on top of a batch: quotes.db, the report (index.html) and the
speaker pages, for N articles made from a batch's results (repeated with distinct ids).

usage: python benchmarks/corpus.py OUT/quotes.jsonl [--articles 2000]

Compare the seconds with the batch's own (benchmarks/batch.py): the issue's budget is 10% of it.
"""
from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path


def repeated(results: list[dict], n: int) -> list[dict]:
    return [{**results[i % len(results)], "id": f"a{i}"} for i in range(n)]


def seconds(work) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main() -> None:
    from annotator.output.corpus import corpus_summary
    from annotator.output.database import write_database
    from annotator.output.render import index_html
    from annotator.scale.batch import index_entry, write_speaker_pages
    parser = argparse.ArgumentParser()
    parser.add_argument("results", type=Path)
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args()
    base = [json.loads(line) for line in args.results.read_text(encoding="utf-8").splitlines() if line.strip()]
    results = repeated(base, args.articles)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        first = seconds(lambda: write_database(out / "quotes.db", results))
        again = seconds(lambda: write_database(out / "quotes.db", results))
        summary: dict = {}
        summarise = seconds(lambda: summary.update(corpus_summary(results)))
        entries = [index_entry(r["id"], r, f"articles/{r['id']}.html") for r in results]
        page: list[str] = []
        render = seconds(lambda: page.append(index_html(entries, summary, True)))
        speakers = seconds(lambda: write_speaker_pages(out / "speakers", summary["pages"]))
        size = (out / "quotes.db").stat().st_size
    quotes = sum(len(r["quotes"]) for r in results)
    print(f"{args.articles} articles, {quotes} quotes\n")
    print("| step | seconds |\n|---|---|")
    for name, value in (("quotes.db, new", first), ("quotes.db, rewritten in place", again),
                        ("corpus summary (speakers across articles)", summarise), ("index.html", render),
                        (f"{len(summary['pages'])} speaker pages", speakers)):
        print(f"| {name} | {value:.2f} |")
    print(f"\nquotes.db {size / 1e6:.1f} MB, index.html {len(page[0].encode('utf-8')) / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
