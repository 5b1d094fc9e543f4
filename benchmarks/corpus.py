"""What the corpus outputs cost on top of a batch: quotes.db, the report (index.html and its
listing pages, list/) and the speaker pages, for N articles made from a batch's results repeated
with distinct ids (and, where the results have none, a title, an outlet and a day each, as a
newsroom's feed has).

usage: python benchmarks/corpus.py OUT/quotes.jsonl [--articles 10000] [--no-database]

Compare the seconds with the batch's own (benchmarks/quotes_db.py measures quotes.db inside a batch).
"""
from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

OUTLETS = ("The Gazette", "Daily Post", "City Herald", "Metro News", "The Ledger")


def repeated(results: list[dict], n: int) -> list[dict]:
    def metadata(i: int, result: dict) -> dict:
        words = result["text"].split()[:8]
        return {"title": result.get("title") or " ".join(words), "outlet": result.get("outlet") or OUTLETS[i % 5],
                "published": result.get("published") or f"20{20 + i % 5}-{1 + i % 12:02d}-{1 + i % 28:02d}"}
    return [{**results[i % len(results)], "id": f"a{i}", **metadata(i, results[i % len(results)])} for i in range(n)]


def seconds(work) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def megabytes(pages: list[str]) -> float:
    return sum(len(p.encode("utf-8")) for p in pages) / 1e6


def main() -> None:
    from annotator.output.corpus import corpus_summary
    from annotator.output.database import write_database
    from annotator.output.render import report_pages, speaker_pages
    from annotator.scale.batch import index_entry, write_report, write_speaker_pages
    parser = argparse.ArgumentParser()
    parser.add_argument("results", type=Path)
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--no-database", action="store_true", help="Leave quotes.db out (benchmarks/quotes_db.py).")
    args = parser.parse_args()
    base = [json.loads(line) for line in args.results.read_text(encoding="utf-8").splitlines() if line.strip()]
    results = repeated(base, args.articles)
    steps: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        if not args.no_database:
            steps.append(("quotes.db, new", seconds(lambda: write_database(out / "quotes.db", results))))
            steps.append(("quotes.db, rewritten in place", seconds(lambda: write_database(out / "quotes.db", results))))
        summary: dict = {}
        steps.append(("corpus summary (speakers across articles)", seconds(lambda: summary.update(corpus_summary(results)))))
        entries = [index_entry(r["id"], r, f"articles/{r['id']}.html") for r in results]
        pages: dict[str, str] = {}
        steps.append(("the report: index.html and list/, rendered", seconds(lambda: pages.update(report_pages(entries, summary, True)))))
        steps.append(("the report, written", seconds(lambda: write_report(out, pages))))
        steps.append((f"{len(summary['pages'])} speaker pages, written",
                      seconds(lambda: write_speaker_pages(out / "speakers", summary["pages"]))))
        largest = max(summary["pages"], key=lambda p: len(p["quotes"]))
        biggest = speaker_pages(largest)
    quotes = sum(len(r["quotes"]) for r in results)
    listing = [p for name, p in pages.items() if name != "index.html"]
    print(f"{args.articles} articles, {quotes} quotes, {len(summary['pages'])} corpus speakers\n")
    print("| step | seconds |\n|---|---|")
    for name, value in steps:
        print(f"| {name} | {value:.2f} |")
    whole = report_pages(entries, summary, True, per_page=len(entries))["index.html"]  # as before list/: every article
    index, before = megabytes([pages["index.html"]]), megabytes([whole])
    print(f"\nindex.html {index:.3f} MB ({before / index:.0f}x smaller than the {before:.2f} MB of one page listing "
          f"every article); list/: {len(listing)} pages, {megabytes(listing):.2f} MB in all, the largest "
          f"{max(map(len, listing)) / 1e3:.0f} KB")
    print(f"the speaker quoted most: {largest['speaker']['name']!r}, {len(largest['quotes'])} quotations in "
          f"{len(biggest)} pages of {megabytes(list(biggest.values())):.2f} MB in all, the largest "
          f"{max(map(len, biggest.values())) / 1e3:.0f} KB (one page of them all: "
          f"{megabytes(list(speaker_pages(largest, per_page=len(largest['quotes'])).values())):.2f} MB)")


if __name__ == "__main__":
    main()
