"""The spaCy pipeline component ``quote_attribution``: ``Annotator``'s attribution (the same
passes, model and act filter, ``pipeline.annotate_doc``) of the Docs that a user's own pipeline
parsed.

spaCy imports this module whenever it makes a pipeline (the ``spacy_factories`` entry point), so
importing it only registers the factory; the extension attributes are set when a component is
made. The result is kept in ``doc.user_data`` as JSON
values, which spaCy carries through ``Doc.to_bytes``, ``DocBin`` and ``nlp.pipe(n_process=...)``;
every extension attribute is a getter over it, so each survives whatever the Doc goes through.
"""
import functools
from collections.abc import Callable
from typing import Any, List, Optional

from spacy.language import Language
from spacy.tokens import Doc, Span

from annotator.io.files import content_hash
from annotator.model import Article
from annotator.output.result import Result
from annotator.parse.backends import SpacyBackend
from annotator.pipeline import SHIPPED, Options, annotate_doc
from annotator.rules.acts import ACTS, Act

NAME = "quote_attribution"
RESULT = "annotator.attribution"  # the doc.user_data key of the result dict
QUOTE = "QUOTE"  # the label of the quote spans that doc._.quotes makes
SOURCE = "<spacy>"  # the result's "source": the article came from a spaCy pipeline
# What the passes read that only a trained pipeline's components assign, and what each is.
NEEDED = {"token.dep": "a dependency parser (token.dep)", "doc.ents": "a named entity recogniser (doc.ents)"}


class MissingAnnotationError(ValueError):
    """The pipeline lacks a component whose annotation the passes read; the message names it."""


def missing_annotations(nlp: Language) -> list[str]:
    """What ``NEEDED`` names that no component of ``nlp`` assigns."""
    assigned = {attribute for pipe in nlp.pipe_names for attribute in nlp.get_pipe_meta(pipe).assigns}
    return [what for attribute, what in NEEDED.items() if attribute not in assigned]


def doc_article(text: str) -> Article:
    """The article a Doc's text is: its id is the text's hash, so results of many Docs stay apart."""
    return Article(content_hash(text)[:16], text, SOURCE)


def attribution_of(doc: Doc) -> Result | None:
    stored = doc.user_data.get(RESULT)
    return Result(stored) if stored is not None else None


def speakers_of(doc: Doc) -> list[dict]:
    result = attribution_of(doc)
    return result["speakers"] if result else []


def _span(doc: Doc, start: int, end: int, **kwargs) -> Span:
    """The tokens characters [start, end) touch: a quote or cue always holds a word, so there are some."""
    span = doc.char_span(start, end, alignment_mode="expand", **kwargs)
    assert span is not None, (start, end)
    return span


def quote_spans(doc: Doc) -> list[Span]:
    """Each quote's content, from its first character to its last (a quote split around its cue
    spans the cue too; ``._.attribution["fragments"]`` has the pieces), over any sentences."""
    result = attribution_of(doc)
    return [_span(doc, q["start"], q["end"], label=QUOTE, span_id=q["id"]) for q in (result["quotes"] if result else [])]


def quote_of(span: Span) -> dict | None:
    """The quote ``span`` is (one of ``doc._.quotes``), as the result dict has it; None for other spans."""
    result = attribution_of(span.doc)
    if span.label_ != QUOTE or result is None:
        return None
    return next((q for q in result["quotes"] if q["id"] == span.id_), None)


def quote_value(span: Span, key: str) -> Any:
    record = quote_of(span)
    return record[key] if record else None


def cue_span(span: Span) -> Span | None:
    cue = quote_value(span, "cue")
    return _span(span.doc, cue["start"], cue["end"]) if cue else None


# partial, not lambda: under a spawning start method spaCy pickles the extensions for its workers
EXTENSIONS: list[tuple[type[Doc] | type[Span], str, Callable]] = [
    (Doc, "attribution", attribution_of), (Doc, "speakers", speakers_of), (Doc, "quotes", quote_spans),
    (Span, "attribution", quote_of), (Span, "cue", cue_span),
    *((Span, key, functools.partial(quote_value, key=key)) for key in ("speaker", "kind", "confidence", "evidence")),
]


def register_extensions() -> None:
    """Set the extension attributes once; refuse names another package has taken."""
    for owner, name, getter in EXTENSIONS:
        if not owner.has_extension(name):
            owner.set_extension(name, getter=getter)
        elif owner.get_extension(name)[2] is not getter:
            raise ValueError(f"{owner.__name__}._.{name} is already an extension of another package: "
                             f"{NAME} cannot set it")


class QuoteAttribution:
    """Attributes the quotations of each Doc and keeps the result on it (see the module's docstring)."""

    def __init__(self, nlp: Language, name: str, options: Options):
        missing = missing_annotations(nlp)
        if missing:
            raise MissingAnnotationError(
                f"{name} needs {' and '.join(missing)} before it, and this pipeline {nlp.pipe_names} has none: "
                "add it to a trained pipeline, such as spacy.load('en_core_web_sm')")
        register_extensions()
        self.name = name
        self.options = options
        self.settings = options.settings()
        self.backend_label = SpacyBackend(nlp).label

    def __call__(self, doc: Doc) -> Doc:
        result = annotate_doc(doc_article(doc.text), doc, self.backend_label, self.settings, self.options.acts)
        doc.user_data[RESULT] = dict(result)
        return doc


@Language.factory(NAME, assigns=[f"doc._.{name}" for owner, name, _ in EXTENSIONS if owner is Doc],
                  requires=list(NEEDED),
                  default_config={"typewriter_quotes": False, "without": [], "model": SHIPPED, "acts": list(ACTS)})
def make_quote_attribution(nlp: Language, name: str, typewriter_quotes: bool, without: List[str],
                           model: Optional[str], acts: List[Act]) -> QuoteAttribution:
    """The component; its settings are ``Options``'s: ``model`` is a trained model directory,
    "<shipped>" (the model inside the package) or null (the rules alone)."""
    return QuoteAttribution(nlp, name, Options(typewriter_quotes, tuple(without), model, tuple(acts)))
