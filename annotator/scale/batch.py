"""Many articles on one machine: worker processes, a progress bar, resumable atomic outputs."""
from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from annotator.model import Article
from annotator.pipeline import Options
from annotator.io.readers import ReadError, read_inputs
from annotator.output.corpus import corpus_summary
from annotator.output.database import write_database
from annotator.output.render import LISTINGS, report_pages, speaker_pages, to_csv, to_html, to_jsonl_line
from annotator.io.files import content_hash, safe_name, write_atomic
from annotator.scale.debug import debug_from_env
from annotator.scale.memory import default_memory_limit
from annotator.scale.pool import annotate_articles
from annotator.scale.stopping import StopRequests, signal_name
from annotator.scale.workers import Job

RECORD_KEYS = ("input_hash", "page_decisions")  # what a per-article JSON record adds to the result
TRACEBACK = "\nTraceback (most recent call last):"


@dataclass
class Summary:
    done: int = 0
    skipped: int = 0
    failed: list[dict] = field(default_factory=list)
    total: int = 0  # articles read, and read errors
    stopped_by: int | None = None  # the signal that stopped the batch before the end

    def line(self) -> str:
        counts = (f"{self.done} annotated, {self.skipped} unchanged and skipped, {len(self.failed)} failed"
                  + (" (see errors.jsonl)" if self.failed else ""))
        if self.stopped_by is None:
            return counts
        left = self.total - self.done - self.skipped - len(self.failed)
        return f"stopped by {signal_name(self.stopped_by)}: {counts}, {left} of {self.total} not done yet"


def failure(article: Article, error: str) -> dict:
    """The errors.jsonl entry of a failed article; an error that carries its traceback keeps it apart."""
    message, marker, trace = error.partition(TRACEBACK)
    entry = {"input": article.source, "id": article.id, "error": f"{article.source}: {message}"}
    if marker:
        entry["traceback"] = marker.lstrip("\n") + trace
    return entry


def read_failure(error: ReadError) -> dict:
    """The errors.jsonl entry of an input that gave no article."""
    return {"input": str(error).split(": ", 1)[0], "error": str(error)}


def index_entry(article_id: str, result: dict, href: str | None) -> dict:
    return {"id": article_id, "href": href, "quotes": len(result["quotes"]), "speakers": len(result["speakers"]),
            "title": result.get("title"), "outlet": result.get("outlet"), "published": result.get("published")}


def failure_entries(failed: list[dict]) -> list[dict]:
    """index.html's rows of failures."""
    return [{"id": f.get("id") or f["input"], "quotes": 0, "speakers": 0, "error": f["error"]} for f in failed]


def write_speaker_pages(folder: Path, pages: list[dict]) -> None:
    """``folder/ID.html`` (and ``ID-2.html`` on, ``speaker_pages``) for each of the corpus's speakers
    (``corpus_summary``'s ``pages``); the pages of speakers no longer quoted, or of fewer quotes, go."""
    names = {name: html for page in pages for name, html in speaker_pages(page).items()}
    for name, html in names.items():
        write_atomic(folder / name, html)
    for stale in folder.glob("*.html"):
        if stale.name not in names:
            stale.unlink()


def write_report(root: Path, pages: dict[str, str]) -> None:
    """The report's pages (``report_pages``) under ``root``; listing pages it no longer has go."""
    for name, page in pages.items():
        write_atomic(root / name, page)
    for stale in (root / LISTINGS).glob("*.html"):
        if f"{LISTINGS}/{stale.name}" not in pages:
            stale.unlink()


def errors_jsonl(failed: list[dict]) -> str:
    return "".join(json.dumps(f, ensure_ascii=False) + "\n" for f in failed)


def _decisions_shown(shown: dict) -> str | None:
    """A fingerprint of the review decisions a page shows; None when it shows none."""
    reviews = [[q["start"], q["end"], q["review"]] for q in shown["quotes"] if q.get("review")]
    return content_hash(json.dumps(reviews, sort_keys=True)) if reviews else None


class OutputFolder:
    """The layout of a batch's output folder; per-article JSON doubles as the resume record.

    The JSON record is the raw result (no review decisions) with the input's hash, so that resuming
    never depends on the review database; the HTML page shows the result with the decisions applied,
    and the record notes which (``page_decisions``), so that a page is rewritten when they change.
    """

    def __init__(self, root: Path, options_key: str = ""):
        self.root = root
        self.articles = root / "articles"
        self.options_key = options_key  # the options annotated with: part of each record's input hash

    def input_hash(self, article: Article) -> str:
        return content_hash(self.options_key + "\0" + article.text)

    def json_path(self, article_id: str) -> Path:
        return self.articles / f"{safe_name(article_id)}.json"

    def html_path(self, article_id: str) -> Path:
        return self.articles / f"{safe_name(article_id)}.html"

    def current_record(self, article: Article) -> dict | None:
        """The record of ``article`` when it holds this text annotated with these options."""
        try:
            record = self.record(article.id)
        except (OSError, ValueError):
            return None
        return record if record.get("input_hash") == self.input_hash(article) else None

    def unchanged(self, article: Article) -> bool:
        return self.html_path(article.id).exists() and self.current_record(article) is not None

    def save(self, article: Article, result: dict, shown: dict | None = None) -> None:
        """Write the page of ``shown`` (default: ``result``) and the record of the raw ``result``."""
        shown = result if shown is None else shown
        write_atomic(self.html_path(article.id), to_html(shown))
        write_atomic(self.json_path(article.id), json.dumps(
            {**result, "input_hash": self.input_hash(article), "page_decisions": _decisions_shown(shown)},
            ensure_ascii=False))

    def record(self, article_id: str) -> dict:
        record: dict = json.loads(self.json_path(article_id).read_text(encoding="utf-8"))
        return record

    @staticmethod
    def result_of(record: dict) -> dict:
        """The raw result a record holds."""
        return {k: v for k, v in record.items() if k not in RECORD_KEYS}

    def load(self, article_id: str) -> dict:
        return self.result_of(self.record(article_id))

    def holds_batch(self) -> bool:
        """Whether the folder holds a batch's outputs (its collection files and article records)."""
        return (self.root / "quotes.jsonl").is_file() and self.articles.is_dir()

    def finished_results(self) -> list[dict]:
        """The raw results (no review decisions) of the articles of the batch's last run, in its order."""
        lines = (self.root / "quotes.jsonl").read_text(encoding="utf-8").splitlines()
        return [self.load(json.loads(line)["id"]) for line in lines if line.strip()]

    def refresh_page(self, article_id: str, record: dict, shown: dict) -> None:
        """Rewrite a page whose review decisions are not those of ``shown`` (and note them in its record)."""
        mark = _decisions_shown(shown)
        if record.get("page_decisions") != mark or not self.html_path(article_id).exists():
            write_atomic(self.html_path(article_id), to_html(shown))
            write_atomic(self.json_path(article_id), json.dumps({**record, "page_decisions": mark}, ensure_ascii=False))


def run_batch(inputs: Iterable[str], out: Path, backend: str = "auto", workers: int | None = None,
              quiet: bool = False, apply: Callable[[dict], dict] | None = None, options: Options = Options(),
              debug: bool | None = None, max_worker_memory: int | None = None) -> Summary:
    """Annotate every article of ``inputs`` into ``out``; returns what happened.

    ``apply`` (optional) maps a result to the result with stored review decisions applied: the
    pages, ``quotes.csv`` and ``quotes.jsonl`` show them, pages of unchanged articles included;
    ``options`` are the ``Annotator``'s (articles annotated with other options are annotated
    again, not skipped); ``debug`` (default: ``ANNOTATOR_DEBUG=1``
    in the environment) keeps each failure's traceback in its ``errors.jsonl`` entry;
    ``max_worker_memory`` (bytes; default ``default_memory_limit``) is the resident memory above
    which a worker is replaced before its next article.

    SIGINT or SIGTERM stops the batch: the articles in hand get a few seconds to finish, then the
    collection files are written for every finished article and ``Summary.stopped_by`` says which
    signal it was; a second one raises ``Interrupted`` at once.
    """
    debug = debug_from_env() if debug is None else debug
    folder = OutputFolder(out, options.fingerprint())
    summary = Summary()
    articles: list[Article] = []
    seen: set[str] = set()
    for item in read_inputs(inputs):
        if isinstance(item, ReadError):
            summary.failed.append(read_failure(item))
        elif item.id in seen:
            summary.failed.append({"input": item.source, "error": f"{item.source}: duplicate article id {item.id!r}"})
        else:
            seen.add(item.id)
            articles.append(item)
    summary.total = len(articles) + len(summary.failed)
    todo = [a for a in articles if not folder.unchanged(a)]
    summary.skipped = len(articles) - len(todo)
    workers = max(1, min(workers or os.cpu_count() or 1, len(todo) or 1))
    job = Job(backend, options, debug, max_worker_memory or default_memory_limit(workers))
    with StopRequests() as stop:
        progress = tqdm(total=len(todo), unit="article", disable=quiet or None, dynamic_ncols=True, smoothing=0.1)
        for article, result, error in annotate_articles(todo, job, workers, stop):
            if error is None and result is not None:
                folder.save(article, result, apply(result) if apply is not None else None)
                summary.done += 1
            else:
                summary.failed.append(failure(article, error or "annotation failed"))
            progress.update(1)
        progress.close()
        summary.stopped_by = stop.signum
        write_collections(folder, articles, summary, apply)
    return summary


def write_collections(folder: OutputFolder, articles: list[Article], summary: Summary,
                      apply: Callable[[dict], dict] | None = None) -> None:
    """quotes.csv, quotes.jsonl, quotes.db, the report (index.html, list/), speakers/ and errors.jsonl over every article
    annotated (in this run or an earlier one) with its present text and options; the page of an
    article whose review decisions changed since it was written is written again."""
    results, entries = [], []
    for article in articles:
        record = folder.current_record(article)
        if record is not None:
            raw = folder.result_of(record)
            result = apply(raw) if apply is not None else raw
            folder.refresh_page(article.id, record, result)
            results.append(result)
            entries.append(index_entry(article.id, result, f"articles/{folder.html_path(article.id).name}"))
    write_atomic(folder.root / "quotes.csv", to_csv(results))
    write_atomic(folder.root / "quotes.jsonl", "".join(to_jsonl_line(r) for r in results))
    write_database(folder.root / "quotes.db", results)
    corpus = corpus_summary(results)
    write_speaker_pages(folder.root / "speakers", corpus["pages"])
    write_report(folder.root, report_pages(entries + failure_entries(summary.failed), corpus, True))
    write_atomic(folder.root / "errors.jsonl", errors_jsonl(summary.failed))
