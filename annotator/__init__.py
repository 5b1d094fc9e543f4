"""annotator: find quotations in news articles, attribute them, review the result.

The data flows one way, a folder per step: ``io`` (read articles) -> ``parse`` (a backend turns
text into a spaCy ``Doc``) -> ``rules`` (the quote passes find quotations and their cues, the
speaker steps name who said them; ``learn``, the trained model, decides reported speech, ranks
sources and calibrates confidence) -> ``output`` (the one JSON shape, and HTML, CSV, JSON from it)
-> ``review`` / ``scale`` (many articles). ``pipeline.Annotator`` joins the steps;
``spacy_component`` runs them inside a spaCy pipeline (``nlp.add_pipe("quote_attribution")``).
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from annotator.model import Article, Quote, Speaker, TextSpan
    from annotator.output.database import add_to_database
    from annotator.output.render import to_dataframe, to_records
    from annotator.pipeline import Annotator, Options, annotate_text

__version__ = "0.1.0"
# Each public name's module, imported on first use: `annotator --help` needs none of spaCy.
EXPORTS = {"Article": "annotator.model", "Quote": "annotator.model", "Speaker": "annotator.model",
           "TextSpan": "annotator.model", "to_dataframe": "annotator.output.render", "to_records": "annotator.output.render",
           "add_to_database": "annotator.output.database",
           "Annotator": "annotator.pipeline", "Options": "annotator.pipeline", "annotate_text": "annotator.pipeline"}
__all__ = sorted(EXPORTS) + ["__version__"]


def __getattr__(name: str) -> Any:
    if name not in EXPORTS:
        raise AttributeError(f"module 'annotator' has no attribute {name!r}")
    value = getattr(importlib.import_module(EXPORTS[name]), name)
    globals()[name] = value
    return value
