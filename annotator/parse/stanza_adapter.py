"""Stanza's output adapted to a spaCy ``Doc``: the same text and offsets, spaCy's English labels.

Kept apart from the backends so that it can be tested (and read) without Stanza's models.
"""
from __future__ import annotations

from functools import lru_cache

from spacy.lang.en import English
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

# Stanza parses into Universal Dependencies; the quote logic reads spaCy's English labels.
UD_TO_SPACY_LABELS = {
    "obj": "dobj", "iobj": "dative", "nsubj:pass": "nsubjpass", "csubj:pass": "csubjpass",
    "aux:pass": "auxpass", "nmod:poss": "poss", "flat": "compound", "flat:name": "compound",
    "compound:prt": "prt", "obl:tmod": "npadvmod", "obl:npmod": "npadvmod", "nmod:tmod": "npadvmod",
    "root": "ROOT", "det:poss": "poss", "acl:relcl": "relcl",
}


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
    words: list[str] = []
    spaces: list[bool] = []
    heads: list[int | None] = []  # None for whitespace tokens until the end
    deps: list[str] = []
    pos: list[str] = []
    tags: list[str] = []
    lemmas: list[str] = []
    sent_starts: list[bool | int | None] = []

    def add_whitespace(gap: str) -> None:
        """Whitespace between tokens: one space joins the token before, the rest is a token."""
        if gap.startswith(" ") and words:
            spaces[-1] = True
            gap = gap[1:]
        if gap:
            words.append(gap); spaces.append(False); heads.append(None); deps.append("dep")
            pos.append("SPACE"); tags.append("_SP"); lemmas.append(gap); sent_starts.append(False)

    position = 0
    for sentence in sdoc.sentences:
        word_to_token: dict[int, int] = {}  # stanza word id in this sentence -> doc token index
        pending: list[tuple[int, int | None]] = []  # (doc token index, head stanza word id)
        first = True
        for token in sentence.tokens:
            start, end, group = token.start_char, token.end_char, list(token.words)
            add_whitespace(text[position:start])
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
    add_whitespace(text[position:])
    # whitespace tokens attach to the token before them (or after, at the very start)
    resolved = [head if head is not None else i - 1 if i > 0 else (1 if len(words) > 1 else 0)
                for i, head in enumerate(heads)]
    if not words:
        return Doc(vocab or english_vocab(), words=[])
    sent_starts[0] = True
    doc = Doc(vocab or english_vocab(), words=words, spaces=spaces, heads=resolved, deps=deps, pos=pos, tags=tags,
              lemmas=lemmas, sent_starts=sent_starts)
    entities: list[Span] = []
    for ent in sdoc.ents:
        span = doc.char_span(ent.start_char, ent.end_char, label=ent.type, alignment_mode="expand")
        if span is not None and all(span.start >= e.end or span.end <= e.start for e in entities):
            entities.append(span)
    doc.ents = entities
    return doc
