"""Quoted words with no speech cue, tied to the subject of the clause or sentence that holds them."""
from __future__ import annotations

from spacy.tokens import Token

from annotator.parse.doc import entity_of, tokens_in
from annotator.rules.cues import Cue, CueForm, subject_of
from annotator.rules.drafts import Context, Draft, for_unattributed
from annotator.rules.evidence import Rule
from annotator.rules.lexicon import ENTITY_PERSON
from annotator.rules.marks import ALL_MARKS, PARAGRAPH_BREAK
from annotator.rules.mentions import can_speak


def _clause_speaker(context: Context, draft: Draft) -> tuple[Token, Token] | None:
    """The nearest verb above the quoted words with a subject outside the quotation, and that
    subject; for a quote after a colon, the verb of the clause the colon ends."""
    doc = context.doc
    if draft.kind == "direct":
        lead = context.text[:draft.start].rstrip("".join(ALL_MARKS) + " \t")
        colon = tokens_in(doc, len(lead) - 1, len(lead)) if lead.endswith(":") else None
        span = doc[colon.start - 1:colon.start] if colon is not None and colon.start > 0 else None
    else:
        span = tokens_in(doc, draft.start, draft.end)
    if span is None:
        return None
    for tok in (span.root, *span.root.ancestors):
        if draft.kind == "direct" and tok.i >= span.end:
            break  # only the clause the colon ends
        if tok.pos_ in {"VERB", "AUX"} and not context.quoted.covers(tok):
            subject = subject_of(tok, context.quoted.covers)
            if subject is not None:
                return tok, subject
    return None


@for_unattributed
def clause_subjects(context: Context, draft: Draft, drafts: list[Draft]) -> tuple[Cue, Rule] | None:
    """Words quoted inside a sentence with no speech cue are the words of the subject of the
    clause that holds them: 'Reid called Trump a "con artist"', 'he condemned a "brazen breach"';
    so is a quote after a colon that ends such a clause ('The memo put it bluntly: "..."')."""
    found = _clause_speaker(context, draft)
    if found is None or not can_speak(found[1]):
        return None
    verb, subject = found
    return Cue(verb.i, subject.i, None, CueForm.CLAUSE), Rule.CLAUSE_SUBJECT


@for_unattributed
def lead_sentence_subjects(context: Context, draft: Draft, drafts: list[Draft]) -> tuple[Cue, Rule] | None:
    """A quote with no cue right after a sentence about a named person that quotes nothing, in the
    same paragraph, is that person's ('Sanders blamed the old guard. "They never listened."')."""
    if draft.kind != "direct":
        return None
    doc = context.doc
    span = tokens_in(doc, draft.start, draft.end)
    first = span[0].sent.start if span is not None else 0
    lead = doc[first - 1].sent if first > 0 else None
    if lead is None or PARAGRAPH_BREAK.search(context.text, lead.end_char, draft.start) \
            or any(d.start < lead.end_char and lead.start_char < d.end for d in drafts):
        return None
    subject = next((c for c in lead.root.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    ent = entity_of(subject) if subject is not None else None
    if subject is None or ent is None or ent.label_ != ENTITY_PERSON:
        return None
    return Cue(lead.root.i, subject.i, None, CueForm.CLAUSE), Rule.LEAD_SENTENCE
