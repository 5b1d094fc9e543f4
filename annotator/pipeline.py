"""Article in, result dict out: the backend parses, the passes attribute.

``annotate_doc`` is the step after parsing, shared by ``Annotator`` and the spaCy pipeline
component (``annotator.spacy_component``), so that both give the same result for the same Doc."""
from __future__ import annotations

import time
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc

from annotator.learn.model import SHIPPED_MODEL, AttributionModel, load_model
from annotator.model import Article, Quote, Speaker
from annotator.output.result import Result, build_result
from annotator.parse.backends import Backend, load_backend
from annotator.parse.doc import forget_indexes
from annotator.rules.acts import ACTS
from annotator.rules.engine import Settings, attribute


Outcome = tuple[Article, dict | None, str | None]  # (article, result, error)


SHIPPED = "<shipped>"  # the ``model`` option naming the model inside the package


@dataclass(frozen=True)
class Options:
    """How articles are annotated, besides the backend; one value, so that batch workers and
    cluster tasks run with exactly the caller's settings.

    ``typewriter_quotes`` reads '' and `` pairs as double quotation marks, for archives that write
    quotes that way (''Yes,'' he said); off by default, as in text that keeps its real marks.
    ``without`` names quote passes or speaker steps to leave out, to measure what each is worth.
    ``model`` is a trained model directory, ``SHIPPED`` (the model inside the package, the
    default) or None (the rules alone). ``acts`` keeps only attributions of these acts.
    """

    typewriter_quotes: bool = False
    without: tuple[str, ...] = ()
    model: str | None = SHIPPED
    acts: tuple[str, ...] = ACTS

    def fingerprint(self) -> str:
        """What changes the output besides the text: a re-run with other options annotates again."""
        return repr((self.typewriter_quotes, sorted(self.without), self.model, sorted(self.acts)))

    def load_model(self) -> AttributionModel | None:
        """The trained model these options name (loaded once per process); ``ModelError`` when it
        is missing or broken."""
        if self.model is None:
            return None
        return load_model(SHIPPED_MODEL if self.model == SHIPPED else Path(self.model))

    def settings(self) -> Settings:
        """The engine's settings for these options, with their model loaded."""
        return Settings(self.typewriter_quotes, frozenset(self.without), self.load_model())


def _only_acts(quotes: list[Quote], speakers: list[Speaker], acts: tuple[str, ...]) -> tuple[list[Quote], list[Speaker]]:
    if set(acts) >= set(ACTS):
        return quotes, speakers
    kept = [q for q in quotes if q.act in acts]
    quoted = {q.speaker_id for q in kept}
    return kept, [s for s in speakers if s.id in quoted]


def annotate_doc(article: Article, doc: Doc, backend: str, settings: Settings, acts: tuple[str, ...]) -> Result:
    """The result for one article parsed into ``doc`` (``backend`` names the parser); the Doc
    keeps none of the indexes the passes built on it."""
    quotes, speakers = _only_acts(*attribute(doc, settings), acts)
    forget_indexes(doc)
    return build_result(article, backend, quotes, speakers)


class Annotator:
    """Holds one loaded backend and model; use it for many articles (they load once)."""

    def __init__(self, backend: str | Backend = "auto", options: Options = Options()):
        self.options = options
        self.settings = options.settings()
        self.backend = load_backend(backend) if isinstance(backend, str) else backend
        self.parse_seconds = 0.0
        self.attribution_seconds = 0.0

    def annotate(self, article: Article) -> dict:
        """The result dict (a ``Result``: in a notebook it shows itself as the annotated article)."""
        return next(self.annotate_many([article]))

    def annotate_many(self, articles: Iterable[Article], batch_size: int = 16) -> Iterator[dict]:
        articles = list(articles)
        started = time.perf_counter()
        for article, doc in zip(articles, self.backend.pipe((a.text for a in articles), batch_size=batch_size)):
            parsed = time.perf_counter()
            self.parse_seconds += parsed - started
            result = annotate_doc(article, doc, self.backend.label, self.settings, self.options.acts)
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
def shared_annotator(backend: str, options: Options = Options()) -> Annotator:
    """One annotator per process and setting: what worker processes use for every task they run."""
    return Annotator(backend, options)


def annotate_text(text: str, backend: str = "auto", article_id: str = "text", options: Options = Options()) -> dict:
    """Annotate one text; the notebook entry point."""
    return Annotator(backend, options).annotate(Article(article_id, text, "<text>"))
