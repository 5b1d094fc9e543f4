"""annotator: find quotations in news articles, attribute them, review the result.

The data flows one way, a folder per step: ``io`` (read articles) -> ``parse`` (a backend turns
text into a spaCy ``Doc``) -> ``rules`` (the quote passes find quotations and their cues, the
speaker steps name who said them; ``learn``, the trained model, decides reported speech, ranks
sources and calibrates confidence) -> ``output`` (the one JSON shape, and HTML, CSV, JSON from it)
-> ``review`` / ``scale`` (many articles). ``pipeline.Annotator`` joins the steps;
``spacy_component`` runs them inside a spaCy pipeline (``nlp.add_pipe("quote_attribution")``).
"""
from annotator.model import Article, Quote, Speaker, TextSpan
from annotator.output.render import to_dataframe, to_records
from annotator.pipeline import Annotator, Options, annotate_text

__version__ = "0.1.0"
__all__ = ["Annotator", "Article", "Options", "Quote", "Speaker", "TextSpan", "annotate_text", "to_dataframe",
           "to_records", "__version__"]
