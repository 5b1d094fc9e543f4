"""The attribution engine: the quote passes find every quotation and what points at its
speaker; the speaker resolver names each speaker once; the result is quotes and speakers with
their evidence and confidence."""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from spacy.tokens import Doc

from annotator.model import Mention, Quote, Speaker, TextSpan
from annotator.rules.drafts import Context, Draft
from annotator.rules.evidence import Evidence, Rule, final_confidence, quote_confidence
from annotator.rules.passes import PASS_NAMES, find_quotes
from annotator.rules.speakers.record import Resolution, SpeakerKey, SpeakerKind
from annotator.rules.speakers.resolver import OPTIONAL_STEPS, SpeakerResolver
from annotator.rules.speakers.roles import context_affiliation

NO_SPEAKER = Resolution(None, None, Rule.NO_SPEAKER)
RULES_TO_LEAVE_OUT = PASS_NAMES + OPTIONAL_STEPS


@dataclass(frozen=True)
class Settings:
    """How the engine runs: ``typewriter_quotes`` reads '' and `` pairs as quotation marks;
    ``without`` names quote passes or speaker steps to leave out."""

    typewriter_quotes: bool = False
    without: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        unknown = set(self.without) - set(RULES_TO_LEAVE_OUT)
        if unknown:
            raise ValueError(f"cannot leave out {', '.join(sorted(unknown))}: "
                             f"choose from {', '.join(RULES_TO_LEAVE_OUT)}")


def _resolve_all(context: Context, drafts: list[Draft], resolver: SpeakerResolver) -> dict[str, Resolution]:
    """Each draft's speaker, in text order: a continuation shares the one it continues."""
    resolved: dict[str, Resolution] = {}
    for draft in drafts:
        if draft.follows is not None:
            res = resolved[draft.follows]
        elif draft.cue is not None and draft.cue.speaker_head is not None:
            res = resolver.resolve(context.doc[draft.cue.speaker_head])
        else:
            res = NO_SPEAKER
        if res.key is not None:
            resolver.note_speaker(res.mention[0] if res.mention is not None else draft.start, res.key)
        resolved[draft.id] = res
    return resolved


def _confidences(drafts: list[Draft]) -> dict[str, float]:
    """Each draft's confidence before its speaker is named (a continuation's follows the quote it continues)."""
    confidence: dict[str, float] = {}
    for draft in drafts:
        confidence[draft.id] = quote_confidence(draft.rule, confidence.get(draft.follows or ""))
    return confidence


def attribute(doc: Doc, settings: Settings = Settings()) -> tuple[list[Quote], list[Speaker]]:
    """All quotations of a parsed article with their speakers, in text order."""
    context = Context.of(doc, settings.typewriter_quotes)
    drafts = find_quotes(context, settings.without & set(PASS_NAMES))
    resolver = SpeakerResolver(doc, context.quoted.index_at, settings.without & set(OPTIONAL_STEPS))
    resolved = _resolve_all(context, drafts, resolver)
    confidence = _confidences(drafts)
    speaker_ids: dict[SpeakerKey, str] = {}
    for res in resolved.values():
        if res.key is not None and res.key not in speaker_ids:
            speaker_ids[res.key] = f"s{len(speaker_ids) + 1}"
    text = context.text
    quotes = []
    for n, draft in enumerate(drafts, 1):
        res = resolved[draft.id]
        cue = TextSpan.of(text, *draft.cue.span(doc)) if draft.cue is not None else None
        evidence = Evidence(draft.rule, res.rule, draft.cue.form.value if draft.cue else None, cue.text if cue else None)
        quotes.append(Quote(f"q{n}", list(draft.fragments), draft.kind,
                            speaker_ids.get(res.key) if res.key is not None else None,
                            TextSpan.of(text, *res.mention) if res.mention is not None else None, cue,
                            final_confidence(confidence[draft.id], res.rule), evidence.words(),
                            draft.rule.value, res.rule.value))
    speakers = []
    for key, speaker_id in speaker_ids.items():
        record = resolver.records[key]
        affiliation = record.affiliation
        if affiliation is None and (record.role or record.kind is not SpeakerKind.PERSON):
            first = min((d.start for d in drafts if resolved[d.id].key == key), default=0)
            affiliation = context_affiliation(doc, first)
        mentions = [Mention(s, e, text[s:e], rule.value) for (s, e), rule in sorted(record.mentions.items())]
        speakers.append(Speaker(speaker_id, record.name, record.kind.value, record.role, affiliation, mentions))
    return quotes, speakers
