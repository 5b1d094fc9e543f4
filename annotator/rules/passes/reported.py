"""Reported speech: the content of every cue that has a speaker, unless a quotation in marks is it.

With a trained model in the context (``annotator.learn``), the model decides instead: it scores
every verb and noun that could introduce an attribution, with each extent the parse offers for
its content, and keeps what it believes."""
from __future__ import annotations

from annotator.parse.doc import trim
from annotator.rules.cues import Cue, CueForm
from annotator.rules.drafts import MARKED_KINDS, Context, Draft, QuoteKind, overlap
from annotator.rules.evidence import Rule
from annotator.rules.marks import paragraph_bounds

MIN_CONTENT_CHARS = 8
# The quotation in marks is this content already when a direct quote covers this share of it,
# or quotes in marks of any kind cover this share.
DIRECT_SHARE, MARKED_SHARE = 0.5, 0.8


def content_span(context: Context, cue: Cue) -> tuple[int, int] | None:
    """The characters of a cue's content: inside the cue's paragraph, whatever the parser joined
    across a break, with the closing mark of a quotation it ends with; None when too short."""
    if cue.content is None:
        return None
    doc, text, quoted = context.doc, context.text, context.quoted
    first, last = doc[cue.content[0]], doc[cue.content[1] - 1]
    paragraph_start, paragraph_end = paragraph_bounds(text, doc[cue.token].idx, doc[cue.token].idx)
    start, end = trim(doc, max(first.idx, paragraph_start), min(last.idx + len(last), paragraph_end))
    ending = quoted.index_at(end - 1) if end > start else None
    if ending is not None and quoted.marked[ending].end == end and quoted.marked[ending].start > start:
        end = quoted.marked[ending].outer_end
    return (start, end) if end - start >= MIN_CONTENT_CHARS else None


def marks_hold(drafts: list[Draft], start: int, end: int) -> bool:
    """Whether quotations in marks are this content already."""
    length = end - start
    return overlap(drafts, start, end, frozenset({"direct"})) >= DIRECT_SHARE * length \
        or overlap(drafts, start, end, MARKED_KINDS) >= MARKED_SHARE * length


def reported_kind(context: Context, start: int, end: int) -> QuoteKind:
    """Reported speech is "partial" when some of its words are quoted ("she called it "a
    disgrace" ..."), else "indirect"."""
    return "partial" if context.quoted.share(start, end) > 0 else "indirect"


def reported_rule(cue: Cue) -> Rule:
    """The rule of reported speech found through this cue."""
    return Rule.ACCORDING_TO if cue.form is CueForm.ACCORDING else Rule.REPORTED_CLAUSE


def reported_speech(context: Context, drafts: list[Draft]) -> list[Draft]:
    """Indirect quotes: the content clause of each cue with a speaker, unless a quote in marks is
    it; the trained model's choice when the context carries one."""
    if context.model is not None:
        return sorted(drafts + context.model.reported(context, drafts), key=lambda d: d.start)
    found = []
    for cue in context.cues:
        span = content_span(context, cue) if cue.speaker_head is not None else None
        if span is None or marks_hold(drafts, *span):
            continue
        found.append(Draft(f"c{cue.token}", (span,), reported_kind(context, *span), reported_rule(cue), cue))
    return sorted(drafts + found, key=lambda d: d.start)
