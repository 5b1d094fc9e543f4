"""Many articles on one machine: worker processes, a progress bar, resumable atomic outputs."""
from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from annotator.model import Article
from annotator.pipeline import shared_annotator
from annotator.io.readers import ReadError, read_inputs
from annotator.output.render import index_html, to_csv, to_html, to_jsonl_line
from annotator.io.files import content_hash, safe_name, write_atomic

CHUNK = 16
Outcome = tuple[Article, dict | None, str | None]  # (article, result, error)


@dataclass
class Summary:
    done: int = 0
    skipped: int = 0
    failed: list[dict] = field(default_factory=list)

    def line(self) -> str:
        return (f"{self.done} annotated, {self.skipped} unchanged and skipped, {len(self.failed)} failed"
                + (" (see errors.jsonl)" if self.failed else ""))


def _annotate_chunk(articles: list[Article], backend: str, typewriter_quotes: bool) -> list[Outcome]:
    return shared_annotator(backend, typewriter_quotes).annotate_each(articles, batch_size=CHUNK)


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def annotate_chunks(articles: list[Article], backend: str, workers: int,
                    typewriter_quotes: bool = False) -> Iterator[Outcome]:
    """Outcomes as they complete, from ``workers`` processes each loading the model once."""
    if workers <= 1:
        for chunk in _chunks(articles, CHUNK):
            yield from _annotate_chunk(chunk, backend, typewriter_quotes)
        return
    size = max(1, min(CHUNK, len(articles) // (2 * workers)))  # at least two chunks per worker
    setting = (backend, typewriter_quotes)
    with ProcessPoolExecutor(max_workers=workers, initializer=shared_annotator, initargs=setting) as pool:
        futures = [pool.submit(_annotate_chunk, chunk, *setting) for chunk in _chunks(articles, size)]
        for future in as_completed(futures):
            yield from future.result()


class OutputFolder:
    """The layout of a batch's output folder; per-article JSON doubles as the resume record."""

    def __init__(self, root: Path):
        self.root = root
        self.articles = root / "articles"

    def json_path(self, article_id: str) -> Path:
        return self.articles / f"{safe_name(article_id)}.json"

    def html_path(self, article_id: str) -> Path:
        return self.articles / f"{safe_name(article_id)}.html"

    def unchanged(self, article: Article) -> bool:
        path = self.json_path(article.id)
        if not path.exists() or not self.html_path(article.id).exists():
            return False
        try:
            return json.loads(path.read_text(encoding="utf-8")).get("input_hash") == content_hash(article.text)
        except (OSError, ValueError):
            return False

    def save(self, article: Article, result: dict) -> None:
        write_atomic(self.html_path(article.id), to_html(result))
        write_atomic(self.json_path(article.id), json.dumps({**result, "input_hash": content_hash(article.text)},
                                                           ensure_ascii=False))

    def load(self, article_id: str) -> dict:
        result = json.loads(self.json_path(article_id).read_text(encoding="utf-8"))
        result.pop("input_hash", None)
        return result


def run_batch(inputs: Iterable[str], out: Path, backend: str = "auto", workers: int | None = None,
              quiet: bool = False, apply=None, typewriter_quotes: bool = False) -> Summary:
    """Annotate every article of ``inputs`` into ``out``; returns what happened.

    ``apply`` (optional) maps a result to the result with stored review decisions applied;
    ``typewriter_quotes`` is the ``Annotator`` setting.
    """
    folder = OutputFolder(out)
    summary = Summary()
    articles: list[Article] = []
    seen: set[str] = set()
    for item in read_inputs(inputs):
        if isinstance(item, ReadError):
            summary.failed.append({"input": str(item).split(": ", 1)[0], "error": str(item)})
        elif item.id in seen:
            summary.failed.append({"input": item.source, "error": f"{item.source}: duplicate article id {item.id!r}"})
        else:
            seen.add(item.id)
            articles.append(item)
    todo = [a for a in articles if not folder.unchanged(a)]
    summary.skipped = len(articles) - len(todo)
    workers = max(1, min(workers or os.cpu_count() or 1, len(todo) or 1))
    progress = tqdm(total=len(todo), unit="article", disable=quiet or None, dynamic_ncols=True, smoothing=0.1)
    for article, result, error in annotate_chunks(todo, backend, workers, typewriter_quotes):
        if error is None:
            folder.save(article, result)
            summary.done += 1
        else:
            summary.failed.append({"input": article.source, "id": article.id, "error": f"{article.source}: {error}"})
        progress.update(1)
    progress.close()
    write_collections(folder, articles, summary, apply)
    return summary


def write_collections(folder: OutputFolder, articles: list[Article], summary: Summary, apply=None) -> None:
    """quotes.csv, quotes.jsonl, index.html and errors.jsonl over every annotated article."""
    results, entries = [], []
    for article in articles:
        if folder.json_path(article.id).exists():
            result = folder.load(article.id)
            if apply is not None:
                result = apply(result)
            results.append(result)
            entries.append({"id": article.id, "href": f"articles/{folder.html_path(article.id).name}",
                            "quotes": len(result["quotes"]), "speakers": len(result["speakers"])})
    entries += [{"id": f.get("id") or f["input"], "quotes": 0, "speakers": 0, "error": f["error"]} for f in summary.failed]
    write_atomic(folder.root / "quotes.csv", to_csv(results))
    write_atomic(folder.root / "quotes.jsonl", "".join(to_jsonl_line(r) for r in results))
    write_atomic(folder.root / "index.html", index_html(entries))
    write_atomic(folder.root / "errors.jsonl", "".join(json.dumps(f, ensure_ascii=False) + "\n" for f in summary.failed))
