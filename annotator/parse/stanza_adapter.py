"""Stanza's output adapted to a spaCy ``Doc``: the same text and offsets, spaCy's English labels.

Kept apart from the backends so that it can be tested (and read) without Stanza's models.
"""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from spacy.lang.en import English
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

if TYPE_CHECKING:
    from stanza.models.common.doc import Token, Word

# Stanza's English models parse into Universal Dependencies (the relations of UD English EWT and
# GUM, https://universaldependencies.org/en/dep/, with the names of UD 2.14 and before); the quote
# logic reads the ClearNLP labels of spaCy's English parser. Each UD relation maps to the ClearNLP
# label of the same role for the same word: a UD nominal ("obl", "nmod") keeps its own place in the
# tree (UD attaches it to the verb or noun, ClearNLP to the preposition), so only its label changes.
UD_TO_SPACY_LABELS = {
    "acl": "acl", "acl:relcl": "relcl", "advcl": "advcl", "advcl:relcl": "relcl", "advmod": "advmod",
    "amod": "amod", "appos": "appos", "aux": "aux", "aux:pass": "auxpass", "case": "case", "cc": "cc",
    "cc:preconj": "preconj", "ccomp": "ccomp", "compound": "compound", "compound:prt": "prt", "conj": "conj",
    "cop": "aux", "csubj": "csubj", "csubj:outer": "csubj", "csubj:pass": "csubjpass", "dep": "dep", "det": "det",
    "det:predet": "predet", "det:poss": "poss", "discourse": "intj", "dislocated": "dep", "expl": "expl",
    "fixed": "dep", "flat": "compound", "flat:name": "compound", "flat:foreign": "compound", "goeswith": "dep",
    "iobj": "dative", "list": "dep", "mark": "mark", "nmod": "nmod", "nmod:desc": "nmod", "nmod:poss": "poss",
    "nmod:tmod": "npadvmod", "nmod:npmod": "npadvmod", "nmod:unmarked": "npadvmod", "nsubj": "nsubj",
    "nsubj:outer": "nsubj", "nsubj:pass": "nsubjpass", "nummod": "nummod", "obj": "dobj", "obl": "pobj",
    "obl:agent": "agent", "obl:tmod": "npadvmod", "obl:npmod": "npadvmod", "obl:unmarked": "npadvmod",
    "orphan": "dep", "parataxis": "parataxis", "punct": "punct", "reparandum": "dep", "root": "ROOT",
    "vocative": "npadvmod", "xcomp": "xcomp",
}
UNKNOWN_RELATION = "dep"

# The entity types of Stanza's default English NER model (OntoNotes 5, as spaCy's English models
# use them), and the CoNLL-2003 model's PER, LOC and ORG; other types (CoNLL's MISC) are left out.
ONTONOTES_TYPES = ("PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW",
                   "LANGUAGE", "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL")
STANZA_TO_SPACY_ENTITIES = {**{t: t for t in ONTONOTES_TYPES}, "PER": "PERSON"}


def spacy_relation(deprel: str | None, head: int) -> str:
    """The ClearNLP label for a UD relation; "root" only on the word the tree hangs from (a tiny or
    confused parser can label another word "root")."""
    label = UD_TO_SPACY_LABELS.get(deprel or UNKNOWN_RELATION, UNKNOWN_RELATION)
    return label if (label == "ROOT") == (head == 0) else ("ROOT" if head == 0 else UNKNOWN_RELATION)


@lru_cache(maxsize=1)
def english_vocab() -> Vocab:
    """A vocabulary with English lexical attributes: a bare ``Vocab()`` leaves ``lower_``,
    ``is_punct`` and ``like_num`` empty, and the quote logic reads them."""
    return English().vocab


def token_pieces(token: Token, text: str) -> list[tuple[int, int, Word, list[Word]]]:
    """(start, end, word, the words it stands for) for each spaCy token a Stanza token becomes. A multi-word token whose words
    spell its surface ("Canada's" -> "Canada" + "'s", "don't" -> "do" + "n't") is split as spaCy's
    English tokenizer splits it; one whose words do not (a contraction expanded to other letters)
    stays one token carrying the attributes of its syntactic head word."""
    start, end, words = token.start_char, token.end_char, list(token.words)
    if "".join(w.text for w in words) == text[start:end]:
        pieces, position = [], start
        for w in words:
            pieces.append((position, position + len(w.text), w, [w]))
            position += len(w.text)
        return pieces
    ids = {w.id for w in words}
    return [(start, end, next((w for w in words if w.head not in ids), words[0]), words)]


def stanza_to_doc(sdoc, vocab: Vocab | None = None) -> Doc:
    """Adapt a ``stanza.Document`` to a spaCy ``Doc`` with the same text and offsets.

    Whitespace between tokens other than one space becomes whitespace tokens, as spaCy's tokenizer
    does; entities keep their character offsets, widened to whole tokens.
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
        pending: list[tuple[int, int]] = []  # (doc token index, head stanza word id)
        first = True
        for token in sentence.tokens:
            for start, end, word, covered in token_pieces(token, text):
                add_whitespace(text[position:start])
                index = len(words)
                word_to_token.update((w.id, index) for w in covered)
                words.append(text[start:end]); spaces.append(False); heads.append(None)
                deps.append(spacy_relation(word.deprel, word.head or 0))
                pos.append(word.upos or "X")
                tags.append(word.xpos or "")  # Penn Treebank tags, as spaCy's English models give
                lemmas.append(word.lemma or text[start:end])
                sent_starts.append(first)
                pending.append((index, word.head or 0))
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
    doc.ents = entity_spans(doc, sdoc.ents)
    return doc


def entity_spans(doc: Doc, ents) -> list[Span]:
    """Stanza's entities as spans of ``doc`` with spaCy's labels; an entity of a type the rules do not
    know, or one overlapping an earlier one, is left out."""
    spans: list[Span] = []
    for ent in ents:
        label = STANZA_TO_SPACY_ENTITIES.get(ent.type)
        span = doc.char_span(ent.start_char, ent.end_char, label=label, alignment_mode="expand") if label else None
        if span is not None:
            span = without_possessive(span)
            if all(span.start >= e.end or span.end <= e.start for e in spans):
                spans.append(span)
    return spans


def without_possessive(span: Span) -> Span:
    """The entity without a trailing possessive marker: Stanza's NER tags tokens, so "Canada's" (one
    multi-word token) comes tagged whole, where spaCy's English models tag "Canada"."""
    end = span.end
    while end - span.start > 1 and span.doc[end - 1].tag_ == "POS":
        end -= 1
    return span if end == span.end else Span(span.doc, span.start, end, label=span.label_)
