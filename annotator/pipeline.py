"""Article in, result dict out: the backend parses, the passes attribute."""
from __future__ import annotations

import time
import traceback
from collections.abc import Iterable, Iterator
from functools import lru_cache

from annotator.rules.engine import Settings, attribute
from annotator.model import Article
from annotator.parse.backends import Backend, load_backend
from annotator.output.result import build_result


Outcome = tuple[Article, dict | None, str | None]  # (article, result, error)
DEBUG_ENV = "ANNOTATOR_DEBUG"  # set to 1: errors keep their traceback (as `annotator --debug` does)


class Annotator:
    """Holds one loaded backend; use it for many articles (the model loads once).

    ``typewriter_quotes`` reads '' and `` pairs as double quotation marks, for archives that write
    quotes that way (''Yes,'' he said); off by default, as in text that keeps its real marks.
    ``without`` names quote passes or speaker steps to leave out, to measure what each is worth.
    """

    def __init__(self, backend: str | Backend = "auto", typewriter_quotes: bool = False,
                 without: Iterable[str] = ()):
        self.settings = Settings(typewriter_quotes, frozenset(without))
        self.backend = load_backend(backend) if isinstance(backend, str) else backend
        self.parse_seconds = 0.0
        self.attribution_seconds = 0.0

    def annotate(self, article: Article) -> dict:
        return next(self.annotate_many([article]))

    def annotate_many(self, articles: Iterable[Article], batch_size: int = 16) -> Iterator[dict]:
        articles = list(articles)
        started = time.perf_counter()
        for article, doc in zip(articles, self.backend.pipe((a.text for a in articles), batch_size=batch_size)):
            parsed = time.perf_counter()
            self.parse_seconds += parsed - started
            quotes, speakers = attribute(doc, self.settings)
            result = build_result(article, self.backend.label, quotes, speakers)
            started = time.perf_counter()
            self.attribution_seconds += started - parsed
            yield result

    def annotate_each(self, articles: list[Article], batch_size: int = 16,
                      keep_traceback: bool = False) -> list[Outcome]:
        """(article, result, error) for each article: one backend batch, or, if that batch fails,
        each article on its own, so that one bad article fails alone. With ``keep_traceback`` an
        error is its line, a newline and the traceback."""
        try:
            return [(a, r, None) for a, r in zip(articles, self.annotate_many(articles, batch_size))]
        except Exception:
            outcomes: list[Outcome] = []
            for article in articles:
                try:
                    outcomes.append((article, self.annotate(article), None))
                except Exception as exc:
                    error = f"annotation failed: {type(exc).__name__}: {exc}"
                    outcomes.append((article, None, f"{error}\n{traceback.format_exc()}" if keep_traceback else error))
            return outcomes


@lru_cache(maxsize=None)
def shared_annotator(backend: str, typewriter_quotes: bool = False) -> Annotator:
    """One annotator per process and setting: what worker processes use for every task they run."""
    return Annotator(backend, typewriter_quotes)


def annotate_text(text: str, backend: str = "auto", article_id: str = "text", typewriter_quotes: bool = False) -> dict:
    """Annotate one text; the notebook entry point."""
    return Annotator(backend, typewriter_quotes).annotate(Article(article_id, text, "<text>"))
