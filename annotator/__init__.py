"""annotator: find quotations in news articles, attribute them, review the result.

The data flows one way: ``readers`` -> ``nlp`` (a backend parses text into a spaCy ``Doc``)
-> ``quotes`` (where the quotations are) -> ``attribution`` (who said them, their role)
-> ``result`` (the one JSON shape) -> ``render`` / ``review``.
"""
from annotator.model import Article, Quote, Speaker, Span
from annotator.pipeline import Annotator, annotate_text

__version__ = "0.1.0"
__all__ = ["Annotator", "Article", "Quote", "Speaker", "Span", "annotate_text", "__version__"]
