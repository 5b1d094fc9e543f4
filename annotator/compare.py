"""A baseline scored like annotator: textacy's ``direct_quotations`` over the same parse.

``annotator evaluate GOLD --compare textacy`` prints its scores after annotator's. textacy is an
optional extra (``pip install annotator[compare]``); it finds direct quotations only, with a
speaker for each, and refuses a document with an odd number of quotation marks, which is scored
as a document with no predictions.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from types import ModuleType

from spacy.tokens import Doc

from annotator.parse.backends import Backend, SetupError

BASELINES = ("textacy",)
MISSING_TEXTACY = "--compare textacy needs textacy, which is not installed: pip install annotator[compare]"


def require_textacy() -> ModuleType:
    """textacy's triples module, or a ``SetupError`` that says how to install it."""
    try:
        from textacy.extract import triples
    except ImportError:
        raise SetupError(MISSING_TEXTACY) from None
    return triples


def textacy_quotes(doc: Doc) -> list[dict]:
    """textacy's direct quotations in ``doc`` as predictions ``annotator.evaluate.score`` reads.

    The quote spans the words inside the marks (as gold quotes do); the speaker is the text from
    textacy's first speaker token to its last. Raises ``ValueError`` when textacy refuses the
    document (an odd number of quotation marks).
    """
    triples = require_textacy()
    text = doc.text
    predictions = []
    for triple in triples.direct_quotations(doc):
        content = triple.content  # the quotation with its opening and closing marks
        first, last = triple.speaker[0], triple.speaker[-1]
        start, end = first.idx, last.idx + len(last.text)
        predictions.append({
            "start": content.start_char + len(content[0].text), "end": content.end_char - len(content[-1].text),
            "kind": "direct", "speaker": text[start:end],
            "speaker_mention": {"start": start, "end": end, "text": text[start:end]},
        })
    return predictions


@dataclass
class BaselineRun:
    predictions: dict[str, list[dict]]  # document id -> predictions
    refused: int  # documents textacy refused, scored as having no predictions
    documents: int


def textacy_predictions(documents: Iterable[dict], backend: Backend, batch_size: int = 16) -> BaselineRun:
    """textacy's predictions for gold ``documents`` ({"id", "text"}), parsed by ``backend``."""
    require_textacy()
    documents = list(documents)
    run = BaselineRun({}, 0, len(documents))
    for document, doc in zip(documents, backend.pipe((d["text"] for d in documents), batch_size=batch_size)):
        try:
            run.predictions[str(document["id"])] = textacy_quotes(doc)
        except ValueError:
            run.predictions[str(document["id"])] = []
            run.refused += 1
    return run
