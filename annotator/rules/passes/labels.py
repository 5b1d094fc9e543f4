"""Speakers named beside the words rather than by a verb: transcript labels, signatures after
a dash, and lines opened by a source's name and a colon."""
from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc, Span

from annotator.parse.doc import entity_of, tokens_in, trim
from annotator.rules.cues import Cue, CueForm
from annotator.rules.drafts import MARKED_KINDS, Context, Draft, for_unattributed, overlap
from annotator.rules.evidence import Rule
from annotator.rules.lexicon import ENTITY_ORGANISATION, ENTITY_PERSON, FINDING_SOURCES, SECTION_LABELS
from annotator.rules.passes.reported import reported_kind

# At the start of a quote: a speaker's name in capitals and a colon ('"PENCE: Well, ...').
TRANSCRIPT_LABEL = re.compile(r"([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,2}):[ \t]")
TRANSCRIPT_TURN = re.compile(r"\n\s*[\"“](" + TRANSCRIPT_LABEL.pattern + ")")
# After a quote's closing mark: a dash, a name, nothing else on the line ('" ― Ana Ruiz.').
SIGNATURE = re.compile(r"""[”"’»'\s]*(?P<dash>[―—–-]{1,2})\s*(?P<name>\S[^\n]{0,58}?)[\s.]*$""")
SIGNATURE_LINE_CHARS = 80  # a signature ends its line within this many characters of the quote
# A line opened by a short capitalised label and a colon ("Pence: Flowers won't attend", "WALLACE: Governor, ...").
# The name may have its outlet or body after a comma ("Jane Doe, The Daily Planet: ...").
LINE_LABEL = re.compile(r"(?m)^[ \t]*(?P<label>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,2})"
                        r"(?:,[ \t]+[A-Z][\w.'’&-]*(?: (?:[A-Z][\w.'’&-]*|of|for|and|on|the)){0,6})?:[ \t]+(?P<content>\S[^\n]*)")
LABELLED_LINE_MIN_WORDS = 3  # a shorter labelled line is a heading, not a statement
MARKED_SHARE = 0.5  # a labelled line mostly in marks is that quotation, not new reported speech


def split_transcripts(context: Context, drafts: list[Draft]) -> list[Draft]:
    """A quote running over paragraphs that each open with a speaker's label ('"PENCE: ...',
    '"WALLACE: ...') is an interview transcript: one quote per turn."""
    text = context.text
    out = []
    for draft in drafts:
        turns = [m.start(1) for m in TRANSCRIPT_TURN.finditer(text, draft.start, draft.end)]
        if len(draft.fragments) > 1 or not turns or not TRANSCRIPT_LABEL.match(text, draft.start):
            out.append(draft)
            continue
        starts = [draft.start] + turns
        for start, next_start in zip(starts, turns + [None]):
            end = draft.end if next_start is None else start + len(text[start:next_start].rstrip(" \t\n\"“”"))
            out.append(replace(draft, id=f"m{start}", fragments=((start, end),)))
    return out


def _signature(doc: Doc, text: str, draft: Draft) -> Cue | None:
    """'"..." ― Ana Ruiz': a name after a dash that follows the closing mark, ending its line."""
    line_end = text.find("\n", draft.end)
    line_end = len(text) if line_end < 0 else line_end
    found = SIGNATURE.match(text[draft.end:line_end]) if line_end - draft.end <= SIGNATURE_LINE_CHARS else None
    if found is None:
        return None
    name = tokens_in(doc, draft.end + found.start("name"), draft.end + found.end("name"))
    words = [t for t in name or () if not t.is_punct and t.idx >= draft.end + found.start("name")]
    if not words or not all(t.text[:1].isupper() for t in words):
        return None
    dash = tokens_in(doc, draft.end + found.start("dash"), draft.end + found.end("dash"))
    return Cue(dash[0].i, words[-1].i, None, CueForm.SIGNATURE) if dash is not None else None


def _transcript_label(doc: Doc, text: str, draft: Draft) -> Cue | None:
    """'"WALLACE: Governor, ..."': a speaker's name in capitals and a colon opening the quote."""
    found = TRANSCRIPT_LABEL.match(text, draft.start)
    label = tokens_in(doc, found.start(1), found.end(1)) if found else None
    if label is None or not any(t.is_alpha for t in label):
        return None
    return Cue(label[-1].i, label[-1].i, None, CueForm.LABEL)


@for_unattributed
def signed_quotes(context: Context, draft: Draft, drafts: list[Draft]) -> tuple[Cue, Rule] | None:
    """Quotes whose speaker is named beside them rather than by a verb: signed with a dash, as in
    collected reader comments, or labelled as in an interview transcript."""
    if draft.kind != "direct":
        return None
    signature = _signature(context.doc, context.text, draft)
    if signature is not None:
        return signature, Rule.SIGNATURE
    label = _transcript_label(context.doc, context.text, draft)
    return (label, Rule.TRANSCRIPT_LABEL) if label is not None else None


def _names_a_source(label: Span, text: str, line_start: int, line_end: int) -> bool:
    """A label that names someone: a person or body the recogniser sees, a finding ("Poll"), or a
    name the article uses again outside this line ("Pence: ..." and later "Mike Pence said")."""
    words = label.text.split()
    if any(w.lower().rstrip(".") in SECTION_LABELS for w in words):
        return False
    ent = entity_of(label[-1])
    if ent is not None:  # a person or body speaks; a date, place or number ("Monday: ...") does not
        return ent.label_ == ENTITY_PERSON or ent.label_ in ENTITY_ORGANISATION - {"GPE"}
    if words[-1].lower() in FINDING_SOURCES:
        return True
    name = re.compile(rf"\b{re.escape(words[-1].title() if words[-1].isupper() else words[-1])}\b")
    return any(not line_start <= m.start() < line_end for m in name.finditer(text))


def labelled_lines(context: Context, drafts: list[Draft]) -> list[Draft]:
    """A line opened by a source's name and a colon is that source's statement: the headline
    convention ("Pence: Flowers Won't Attend Debate") and transcripts outside marks. A quote in
    marks right after the label gets the label as its cue; otherwise the line is reported speech."""
    doc, text = context.doc, context.text
    out = list(drafts)
    for found in LINE_LABEL.finditer(text):
        label = tokens_in(doc, found.start("label"), found.end("label"))
        content = tokens_in(doc, found.start("content"), found.end("content"))
        if label is None or content is None or context.quoted.covers(label[0]) \
                or not _names_a_source(label, text, found.start(), found.end()):
            continue
        cue = Cue(label[-1].i, label.root.i, (content.start, content.end), CueForm.LABEL)
        opening = next((i for i, d in enumerate(out) if not d.attributed
                        and found.start("content") <= d.start <= found.start("content") + 1), None)
        if opening is not None:
            out[opening] = out[opening].attributed_to(cue, Rule.LINE_LABEL)
            continue
        start, end = trim(doc, found.start("content"), found.end("content"))
        if len(text[start:end].split()) >= LABELLED_LINE_MIN_WORDS \
                and overlap(out, start, end, MARKED_KINDS) < MARKED_SHARE * (end - start):
            out.append(Draft(f"l{found.start()}", ((start, end),), reported_kind(context, start, end),
                             Rule.LINE_LABEL, cue))
    return sorted(out, key=lambda d: d.start)
