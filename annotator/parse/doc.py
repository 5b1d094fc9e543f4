"""Reading a parsed ``Doc`` by character offsets: the helpers every rule shares."""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Collection, Sequence

import numpy

from spacy.tokens import Doc, Span, Token

PUNCT_EDGES = " \t\n\xa0,.;:!?\"'“”‘’()―—–-"
# What the helpers below keep in ``doc.user_data``, built once per document.
TEXT, ENTITIES, ENTITY_AT, SENTENCE_AT, SECTIONS, KINDS, SUBTREES, TAGS, FLAGS = \
    "text", "entities", "entity_at", "sentence_at", "sections", "mention_kinds", "subtrees", "tags", "flags"
INDEXES = (TEXT, ENTITIES, ENTITY_AT, SENTENCE_AT, SECTIONS, KINDS, SUBTREES, TAGS, FLAGS)
# A line that only separates the stories of a live blog or a digest: "___", "* * *", or a time
# stamp alone ("5:45 p.m.")
SEPARATOR_LINE = re.compile(r"[ \t]*(?:[_*~=#—–-][ _*~=#—–.-]*|\d{1,2}(?::\d\d)? ?[ap]\.?m\.?)[ \t]*$",
                            re.MULTILINE | re.IGNORECASE)


def text_of(doc: Doc) -> str:
    """The document text, built once (unless the backend kept the text it parsed, ``keep_text``):
    spaCy's ``Doc.text`` joins every token on each call."""
    if TEXT not in doc.user_data:
        doc.user_data[TEXT] = doc.text
    text: str = doc.user_data[TEXT]
    return text


def keep_text(doc: Doc, text: str) -> Doc:
    """A Doc that knows its text is ``text`` (a backend whose Doc text is always its input)."""
    doc.user_data[TEXT] = text
    return doc


def entities(doc: Doc) -> tuple[Span, ...]:
    """The named entities, built once: spaCy's ``Doc.ents`` makes a new span for each on each call."""
    if ENTITIES not in doc.user_data:
        doc.user_data[ENTITIES] = tuple(doc.ents)
    found: tuple[Span, ...] = doc.user_data[ENTITIES]
    return found


def entity_of(token: Token) -> Span | None:
    """The named entity a token is part of, if any (an index built once per document)."""
    doc = token.doc
    if ENTITY_AT not in doc.user_data:
        entity_at: dict[int, Span] = {}
        for ent in entities(doc):
            for i in range(ent.start, ent.end):
                entity_at[i] = ent
        doc.user_data[ENTITY_AT] = entity_at
    found: Span | None = doc.user_data[ENTITY_AT].get(token.i)
    return found


def sentence_of(doc: Doc, token: int) -> tuple[int, int]:
    """Token range [start, end) of the sentence holding ``token`` (an index built once per
    document: spaCy's ``Token.sent`` searches each time)."""
    if SENTENCE_AT not in doc.user_data:
        bounds = []
        for sent in doc.sents:
            bounds.extend([(sent.start, sent.end)] * (sent.end - sent.start))
        doc.user_data[SENTENCE_AT] = bounds
    found: tuple[int, int] = doc.user_data[SENTENCE_AT][token]
    return found


def section_start(doc: Doc, token: int) -> int:
    """The first token of the section holding ``token``: the text after the latest separator line
    before it (``SEPARATOR_LINE``), or 0. Nothing before it is the same story."""
    if SECTIONS not in doc.user_data:
        text = text_of(doc)
        doc.user_data[SECTIONS] = [span.end for match in SEPARATOR_LINE.finditer(text) if match.group().strip()
                                   and (span := tokens_in(doc, match.start(), match.end())) is not None]
    starts: list[int] = doc.user_data[SECTIONS]
    at = bisect.bisect_right(starts, token)
    return starts[at - 1] if at else 0


def subtree_indices(doc: Doc, root: int, without: int | None = None) -> Sequence[int]:
    """The indices of the tokens of ``root``'s subtree, in order, less those of ``without``'s (a
    token under it): found from the edges of each subtree where it has no gap, as under any
    projective parse, without making a ``Token`` of each of its words."""
    if SUBTREES not in doc.user_data:
        doc.user_data[SUBTREES] = _subtree_edges(doc)
    left, right, whole = doc.user_data[SUBTREES]
    if not whole[root] or (without is not None and not whole[without]):
        dropped = {t.i for t in doc[without].subtree} if without is not None else set()
        return sorted(t.i for t in doc[root].subtree if t.i not in dropped)
    if without is None:
        return range(left[root], right[root] + 1)
    return [*range(left[root], left[without]), *range(right[without] + 1, right[root] + 1)]


def _subtree_edges(doc: Doc) -> tuple[list[int], list[int], list[bool]]:
    """Each token's leftmost and rightmost descendant (itself included), and whether its subtree
    fills the range between them: every token passes its index up its chain of heads, one step of
    all chains at a time."""
    n = len(doc)
    index = numpy.arange(n)
    heads = index + doc.to_array("HEAD").view(numpy.int64)  # relative, stored unsigned
    left, right, size = index.copy(), index.copy(), numpy.ones(n, dtype=numpy.int64)
    above, climbing = heads.copy(), heads != index
    for _ in range(n):
        if not climbing.any():
            break
        numpy.minimum.at(left, above[climbing], index[climbing])
        numpy.maximum.at(right, above[climbing], index[climbing])
        numpy.add.at(size, above[climbing], 1)
        climbing &= heads[above] != above
        above = heads[above]
    return left.tolist(), right.tolist(), (right - left + 1 == size).tolist()


def forget_indexes(doc: Doc) -> None:
    """Drop what the helpers keep in ``doc.user_data``: a Doc handed back to its pipeline must
    serialise (``Doc.to_bytes``, ``nlp.pipe(n_process=...)``), and the entity index holds Spans."""
    for key in INDEXES:
        doc.user_data.pop(key, None)


def written_as(doc: Doc, hashes: Collection[int]) -> list[int]:
    """The indices of the tokens whose lowercase form has one of these ``StringStore`` hashes,
    found from the words' hashes without making a ``Token`` of every word."""
    if not hashes:
        return []
    wanted = hashes if isinstance(hashes, (set, frozenset)) else set(hashes)
    return [i for i, word in enumerate(doc.to_array("LOWER").tolist()) if word in wanted]


def tagged(doc: Doc, parts_of_speech: Collection[str], lemmas: Collection[str] | None = None) -> list[Token]:
    """The tokens of these parts of speech (and, given ``lemmas``, of one of these lowercase
    lemmas), in order, found from each word's part of speech and lemma, read once per document:
    only they become ``Token`` objects, where ``for tok in doc`` makes one of every word."""
    if TAGS not in doc.user_data:
        doc.user_data[TAGS] = (doc.to_array("POS").tolist(), doc.to_array("LEMMA").tolist())
    tags, lemma_hashes = doc.user_data[TAGS]
    strings = doc.vocab.strings  # a part of speech's name gives its symbol: strings["VERB"] is spaCy's VERB
    wanted = {strings[p] for p in parts_of_speech}
    found = [i for i, tag in enumerate(tags) if tag in wanted]
    if lemmas is not None:
        known = {h: strings[h].lower() in lemmas for h in {lemma_hashes[i] for i in found}}
        found = [i for i in found if known[lemma_hashes[i]]]
    return [doc[i] for i in found]


def trimmed_range(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """The token range [start, end) without whitespace at either end or punctuation at its end;
    None when under three words (whitespace aside) are left. Read from each word's flags, found
    once per document, without making a ``Token`` of each word."""
    if FLAGS not in doc.user_data:
        flags = doc.to_array(["IS_SPACE", "IS_PUNCT"]).tolist()
        doc.user_data[FLAGS] = ([space == 1 for space, _ in flags], [punct == 1 for _, punct in flags])
    spaces, puncts = doc.user_data[FLAGS]
    while end > start and (spaces[end - 1] or puncts[end - 1]):
        end -= 1
    while start < end and spaces[start]:
        start += 1
    return (start, end) if end - start - sum(spaces[start:end]) >= 3 else None


def tokens_in(doc: Doc, start: int, end: int) -> Span | None:
    """The tokens a character range touches; None when it touches none (it lies in whitespace)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span if span is not None and len(span) else None


def trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Character span without surrounding punctuation, whitespace or a possessive ending."""
    text = text_of(doc)
    while start < end and text[start] in PUNCT_EDGES:
        start += 1
    while end > start and text[end - 1] in PUNCT_EDGES:
        end -= 1
    for suffix in ("'s", "’s"):
        if text[start:end].endswith(suffix):
            end -= len(suffix)
    return start, end


def sentences_back(doc: Doc, token: int, count: int, counts: Callable[[int], bool] | None = None) -> int:
    """The first token of the sentence ``count`` sentences before the one holding ``token``;
    with ``counts``, only the sentences whose first token it accepts are counted."""
    start = sentence_of(doc, token)[0]
    counted = 0
    while start > 0 and counted < count:
        start = sentence_of(doc, start - 1)[0]
        counted += counts is None or counts(start)
    return start
