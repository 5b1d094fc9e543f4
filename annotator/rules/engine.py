"""Name the speaker of every quotation: cue subject, continuation, pronoun or title, then the
canonical speaker with role and affiliation."""
from __future__ import annotations

from spacy.tokens import Doc

from annotator.rules.marks import find_marked
from annotator.rules.mentions import text_of
from annotator.model import Quote, Span, Speaker
from annotator.rules.passes import Draft, QuotedText, find_quotes
from annotator.rules.speakers import CONFIDENCE, Resolution, SpeakerIndex

NO_SPEAKER = Resolution(None, None, "no speaker found")


def _resolve_all(doc: Doc, drafts: list[Draft], index: SpeakerIndex) -> list[Resolution]:
    resolved: list[Resolution] = []
    for draft in drafts:
        if draft.follows is not None:
            res = resolved[draft.follows]
        elif draft.cue is not None and draft.cue.speaker_head is not None:
            res = index.resolve(doc[draft.cue.speaker_head])
        else:
            res = NO_SPEAKER
        if res.key is not None:
            index.note_speaker(res.mention[0] if res.mention is not None else draft.start, res.key)
        resolved.append(res)
    return resolved


def _evidence(doc: Doc, draft: Draft, res: Resolution) -> str:
    parts = []
    if draft.cue is not None:
        start, end = draft.cue.span(doc)
        label = {"clause": "verb", "signature": "signed", "label": "label"}.get(draft.cue.form, "cue")
        parts.append(f"{label} “{text_of(doc)[start:end]}”")
    if draft.rule:
        parts.append(draft.rule)
    if res.key is not None and draft.follows is None:
        parts.append(f"speaker by {res.how}")
    elif res.key is None:
        parts.append(res.how)
    return "; ".join(parts)


def attribute(doc: Doc, typewriter_quotes: bool = False) -> tuple[list[Quote], list[Speaker]]:
    """All quotations of a parsed article with their speakers, in text order."""
    quoted = QuotedText(find_marked(text_of(doc), typewriter_quotes))
    drafts = find_quotes(doc, quoted)
    index = SpeakerIndex(doc, quoted.index_at)
    resolved = _resolve_all(doc, drafts, index)
    speaker_ids: dict[str, str] = {}
    for res in resolved:
        if res.key is not None and res.key not in speaker_ids:
            speaker_ids[res.key] = f"s{len(speaker_ids) + 1}"
    text = text_of(doc)
    quotes = []
    for n, (draft, res) in enumerate(zip(drafts, resolved), 1):
        cue = Span.of(text, *draft.cue.span(doc)) if draft.cue is not None else None
        mention = Span.of(text, *res.mention) if res.mention is not None else None
        confidence = draft.confidence * CONFIDENCE.get(res.how, 1.0) if res.key else min(draft.confidence, 0.2)
        quotes.append(Quote(f"q{n}", list(draft.fragments), draft.kind, speaker_ids.get(res.key), mention, cue,
                            round(confidence, 2), _evidence(doc, draft, res)))
    speakers = []
    for key, speaker_id in speaker_ids.items():
        entity = index.entities[key]
        affiliation = entity.affiliation
        if affiliation is None and (entity.role or entity.kind != "person"):
            first = min((d.start for d, r in zip(drafts, resolved) if r.key == key), default=0)
            affiliation = index.context_affiliation(first)
        mentions = [Span.of(text, s, e) for s, e in sorted(set(entity.mentions))]
        speakers.append(Speaker(speaker_id, entity.name, entity.kind, entity.role, affiliation, mentions))
    return quotes, speakers
