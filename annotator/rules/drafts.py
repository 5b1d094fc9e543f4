"""What the quote passes share: the parsed article as a ``Context``, and ``Draft`` quotations
before their speakers are named. A pass is ``(context, drafts) -> drafts``."""
from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Literal, Protocol

from spacy.tokens import Doc, Token

from annotator.model import Fragmented
from annotator.parse.doc import text_of
from annotator.rules.cues import Cue, find_cues
from annotator.rules.evidence import Rule
from annotator.rules.marks import Marked, find_marked

QuoteKind = Literal["direct", "partial", "indirect"]
MARKED_KINDS: frozenset[str] = frozenset({"direct", "partial"})


class QuotedText:
    """Which characters lie inside quotation marks."""

    def __init__(self, marked: list[Marked]):
        self.marked = marked
        self.starts = [m.start for m in marked]

    def index_at(self, char: int) -> int | None:
        i = bisect.bisect_right(self.starts, char) - 1
        return i if i >= 0 and char < self.marked[i].end else None

    def covers(self, token: Token) -> bool:
        return self.index_at(token.idx) is not None

    def share(self, start: int, end: int) -> float:
        """The share of the characters [start, end) that lie inside quotation marks."""
        inside = 0
        for m in self.marked[max(0, bisect.bisect_right(self.starts, start) - 1):]:
            if m.start >= end:
                break
            inside += max(0, min(end, m.end) - max(start, m.start))
        return inside / max(1, end - start)


SourceRanking = list[tuple[int | None, float]]
"""Head tokens of candidate speaker mentions with their probabilities, likeliest first; a cue's
own choice of no one is ``(None, 0.0)``."""


class LearnedDecisions(Protocol):
    """What a trained model decides where it plugs into the engine (``annotator.learn``)."""

    def reported(self, context: Context, drafts: list[Draft]) -> list[Draft]:
        """The reported-speech drafts the model believes, given the drafts found before."""

    def source(self, context: Context, draft: Draft, previous: int | None) -> SourceRanking:
        """The draft's candidate speaker mentions, likeliest first, each with its probability
        (empty when the model names no one); ``previous`` is the head of the speaker of the quote
        before."""

    def confidence(self, draft: Draft, speaker_rule: Rule, source_probability: float | None) -> float:
        """The calibrated probability that the quote and its speaker are right."""


@dataclass(frozen=True)
class Context:
    """One parsed article as every pass reads it: the document, its text, its quotations in
    marks and its speech cues (found once, outside the quotations), and the trained model, if
    the engine runs with one. ``memo`` keeps what the model computes once per article."""

    doc: Doc
    text: str
    quoted: QuotedText
    cues: tuple[Cue, ...]
    model: LearnedDecisions | None = None
    memo: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, doc: Doc, typewriter_quotes: bool = False, model: LearnedDecisions | None = None) -> Context:
        text = text_of(doc)
        quoted = QuotedText(find_marked(text, typewriter_quotes))
        return cls(doc, text, quoted, tuple(find_cues(doc, quoted.covers)), model)


@dataclass(frozen=True)
class Draft(Fragmented):
    """A quotation before its speaker is named: where it is, and what points at the speaker.

    ``id`` is unique in the article and stable across passes ("m120" for the quotation in marks
    opening at character 120, "c14" for the content of the cue at token 14, "l88" for a labelled
    line); ``follows`` is the id of the draft whose speaker this one continues.
    """

    id: str
    fragments: tuple[tuple[int, int], ...]
    kind: QuoteKind
    rule: Rule
    cue: Cue | None = None
    follows: str | None = None
    probability: float | None = None  # the trained model's belief in the cue and content, when it chose them

    @property
    def attributed(self) -> bool:
        """Whether a cue or an earlier quote points at the speaker: the first pass to attribute
        a draft decides it, and later passes leave it alone."""
        return self.cue is not None or self.follows is not None

    def attributed_to(self, cue: Cue, rule: Rule) -> Draft:
        return replace(self, cue=cue, rule=rule)


Pass = Callable[[Context, list[Draft]], list[Draft]]
Attributor = Callable[[Context, Draft, list[Draft]], "tuple[Cue, Rule] | None"]


def for_unattributed(attributor: Attributor) -> Pass:
    """A pass from a function that may find the cue of one draft that has none (it sees the
    other drafts too); drafts already attributed pass through unchanged."""
    def run(context: Context, drafts: list[Draft]) -> list[Draft]:
        out = []
        for draft in drafts:
            found = None if draft.attributed else attributor(context, draft, drafts)
            out.append(draft.attributed_to(*found) if found is not None else draft)
        return out
    run.__name__, run.__doc__ = attributor.__name__, attributor.__doc__
    return run


def overlap(drafts: list[Draft], start: int, end: int, kinds: frozenset[str]) -> int:
    """How many characters of [start, end) the drafts of these kinds cover."""
    return sum(max(0, min(end, e) - max(start, s)) for d in drafts if d.kind in kinds for s, e in d.fragments)
