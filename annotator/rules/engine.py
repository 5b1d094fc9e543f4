"""The attribution engine: the quote passes find every quotation and what points at its
speaker; the speaker resolver names each speaker once; the result is quotes and speakers with
their evidence and confidence."""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc

from annotator.model import Mention, Quote, RunnerUp, Speaker, TextSpan
from annotator.parse.doc import tokens_in
from annotator.rules.cues import governing_subjects
from annotator.rules.drafts import Context, Draft, LearnedDecisions, SourceRanking
from annotator.rules.acts import act_of
from annotator.rules.evidence import Evidence, Rule, final_confidence, quote_confidence
from annotator.rules.lexicon import RELATIVE_PRONOUNS
from annotator.rules.mentions import kind_of
from annotator.rules.passes import PASS_NAMES, find_quotes
from annotator.rules.speakers.record import Resolution, SpeakerKey, SpeakerKind
from annotator.rules.speakers.resolver import OPTIONAL_STEPS, SpeakerResolver
from annotator.rules.speakers.roles import context_affiliation, holds_state_office

NO_SPEAKER = Resolution(None, None, Rule.NO_SPEAKER)
RULES_TO_LEAVE_OUT = PASS_NAMES + OPTIONAL_STEPS
RUNNER_UP_CANDIDATES = 4  # the ranker's next candidates looked through for another speaker


@dataclass(frozen=True)
class Settings:
    """How the engine runs: ``typewriter_quotes`` reads '' and `` pairs as quotation marks;
    ``without`` names quote passes or speaker steps to leave out; ``model`` is the trained
    model that decides reported speech, ranks sources and calibrates confidence (None: the rules
    alone)."""

    typewriter_quotes: bool = False
    without: frozenset[str] = frozenset()
    model: LearnedDecisions | None = None

    def __post_init__(self) -> None:
        unknown = set(self.without) - set(RULES_TO_LEAVE_OUT)
        if unknown:
            raise ValueError(f"cannot leave out {', '.join(sorted(unknown))}: "
                             f"choose from {', '.join(RULES_TO_LEAVE_OUT)}")


@dataclass(frozen=True)
class SourceChoice:
    """The head of a draft's speaker mention, the source ranker's probability when it chose, and
    the candidates it ranked below (likeliest first)."""

    head: int | None
    probability: float | None = None
    ranked_over_rules: bool = False  # the ranker chose another mention than the rules
    others: SourceRanking = field(default_factory=list)


def _choose_sources(context: Context, drafts: list[Draft]) -> dict[str, SourceChoice]:
    """The speaker mention of each draft that continues none: the rules' cue subject, or the
    trained ranker's first candidate (it sees the speaker of the quote before)."""
    chosen: dict[str, SourceChoice] = {}
    previous: int | None = None
    for draft in drafts:
        if draft.follows is not None:
            continue
        rule_head = draft.cue.speaker_head if draft.cue is not None else None
        if context.model is None:
            choice = SourceChoice(rule_head)
        else:
            ranking = context.model.source(context, draft, previous)
            head, p = ranking[0] if ranking else (None, None)
            choice = SourceChoice(head, p, head != rule_head, ranking[1:])
        chosen[draft.id] = choice
        previous = choice.head if choice.head is not None else previous
    return chosen


def _nearer_subjects(context: Context, draft: Draft, head: int) -> list[int]:
    """For words quoted inside a sentence, the subjects of the cue verbs above them, nearest first
    ("Ferrero said the marchers, whom he described as 'peaceful', ...": he); then the cue's own
    subject; only pronouns and "who" (a name and its surname already say whom they name), none
    that is the chosen ``head`` or lies inside the quote."""
    doc, cue = context.doc, draft.cue
    if cue is None:
        return []
    words = tokens_in(doc, draft.start, draft.end) if draft.kind == "partial" else None
    found = list(governing_subjects(doc, words[0].i, draft.start, draft.end)) if words is not None else []
    found += [cue.speaker_head] if cue.speaker_head is not None else []
    return [i for i in found if i != head and not draft.start <= doc[i].idx < draft.end
            and (kind_of(doc[i]).is_pronoun or doc[i].lower_ in RELATIVE_PRONOUNS)]


def _resolve_all(context: Context, drafts: list[Draft], sources: dict[str, SourceChoice],
                 resolver: SpeakerResolver) -> dict[str, Resolution]:
    """Each draft's speaker, in text order: a continuation shares the one it continues. When a
    mention nearer the words stands for the speaker chosen — the subject of a cue between quote
    and cue ("Ferrero said the marchers, whom he described as 'peaceful', ..."), or the cue's
    subject where the ranker chose another mention ("Ryan said ..., though he said, 'I hope
    to'") — that is the mention, and ``sources`` is told."""
    resolved: dict[str, Resolution] = {}
    for draft in drafts:
        head = sources[draft.id].head if draft.id in sources else None
        if draft.follows is not None:
            res = resolved[draft.follows]
        elif head is not None:
            res = resolver.resolve(context.doc[head], draft.fragments)
            for subject in _nearer_subjects(context, draft, head) if res.key is not None else ():
                own = resolver.resolve(context.doc[subject], draft.fragments)
                if own.key == res.key:
                    res = own
                    sources[draft.id] = replace(sources[draft.id], head=subject, ranked_over_rules=False)
                    break
        else:
            res = NO_SPEAKER
        if res.key is not None:
            resolver.note_speaker(res.mention[0] if res.mention is not None else draft.start, res.key, draft.fragments)
        resolved[draft.id] = res
    return resolved


def _confidences(context: Context, drafts: list[Draft], sources: dict[str, SourceChoice],
                 resolved: dict[str, Resolution]) -> dict[str, float]:
    """Each quote's confidence: the trained calibrator's probability that quote and speaker are
    right or, with the rules alone, the rules' table (a continuation's follows the quote it continues)."""
    model = context.model
    if model is not None:
        return {d.id: round(model.confidence(d, resolved[d.id].rule, sources[d.id].probability
                                             if d.id in sources else None), 2) for d in drafts}
    before: dict[str, float] = {}
    for draft in drafts:
        before[draft.id] = quote_confidence(draft.rule, before.get(draft.follows or ""))
    return {d.id: final_confidence(before[d.id], resolved[d.id].rule) for d in drafts}


def _runners_up(context: Context, drafts: list[Draft], sources: dict[str, SourceChoice],
                resolved: dict[str, Resolution], resolver: SpeakerResolver,
                speakers: dict[SpeakerKey, Speaker]) -> dict[str, RunnerUp]:
    """Each quote's runner-up: the likeliest candidate below the ranker's choice that stands for
    another speaker (a continuation has the one of the quote it continues). Resolve these only
    once the ``speakers`` are final: a runner-up must not add mentions or roles to them."""
    found: dict[str, RunnerUp] = {}
    resolutions: dict[tuple[int, tuple[tuple[int, int], ...]], Resolution] = {}

    def resolution(head: int, content: tuple[tuple[int, int], ...]) -> Resolution:
        """A candidate resolved once for every quote it is a runner-up of: the speakers are final,
        so only a pronoun's resolution depends on the quote (its content)."""
        tok = context.doc[head]
        key = (head, content if kind_of(tok).is_pronoun else ())
        if key not in resolutions:
            resolutions[key] = resolver.resolve(tok, content)
        return resolutions[key]

    for draft in drafts:
        if draft.follows is not None:
            if draft.follows in found:
                found[draft.id] = found[draft.follows]
            continue
        chosen = resolved[draft.id].key
        for head, p in sources[draft.id].others[:RUNNER_UP_CANDIDATES]:
            res = resolution(head, draft.fragments) if head is not None else NO_SPEAKER
            if res.key is None or res.key == chosen or res.mention is None:
                continue
            speaker = speakers.get(res.key)
            found[draft.id] = RunnerUp(speaker.id if speaker else None,
                                       speaker.name if speaker else resolver.records[res.key].name,
                                       res.key.kind.value, TextSpan.of(context.text, *res.mention), round(p, 2))
            break
    return found


def attribute(doc: Doc, settings: Settings = Settings()) -> tuple[list[Quote], list[Speaker]]:
    """All quotations of a parsed article with their speakers, in text order."""
    context = Context.of(doc, settings.typewriter_quotes, settings.model)
    drafts = find_quotes(context, settings.without & set(PASS_NAMES))
    resolver = SpeakerResolver(doc, context.quoted.index_at, settings.without & set(OPTIONAL_STEPS))
    sources = _choose_sources(context, drafts)
    resolved = _resolve_all(context, drafts, sources, resolver)
    confidence = _confidences(context, drafts, sources, resolved)
    resolver.resolve_described_subjects()
    speaker_ids: dict[SpeakerKey, str] = {}
    for res in resolved.values():
        if res.key is not None and res.key not in speaker_ids:
            speaker_ids[res.key] = f"s{len(speaker_ids) + 1}"
    text = context.text
    speakers: dict[SpeakerKey, Speaker] = {}
    for key, speaker_id in speaker_ids.items():
        record = resolver.records[key]
        affiliation = resolver.spelt_out(record.affiliation)
        if affiliation is None and (record.kind is not SpeakerKind.PERSON or holds_state_office(record.role)):
            first = min((d.start for d in drafts if resolved[d.id].key == key), default=0)
            affiliation = context_affiliation(doc, first)
        mentions = [Mention(s, e, text[s:e], rule.value) for (s, e), rule in sorted(record.mentions.items())]
        speakers[key] = Speaker(speaker_id, record.name, record.kind.value, record.role, affiliation, mentions,
                                record.gender)
    runners_up = _runners_up(context, drafts, sources, resolved, resolver, speakers)
    quotes = []
    for n, draft in enumerate(drafts, 1):
        res = resolved[draft.id]
        cue = TextSpan.of(text, *draft.cue.span(doc)) if draft.cue is not None else None
        source = sources.get(draft.id)
        evidence = Evidence(draft.rule, res.rule, draft.cue.form.value if draft.cue else None, cue.text if cue else None,
                            draft.probability, source.probability if source is not None and source.ranked_over_rules else None)
        quotes.append(Quote(f"q{n}", list(draft.fragments), draft.kind,
                            speaker_ids.get(res.key) if res.key is not None else None,
                            TextSpan.of(text, *res.mention) if res.mention is not None else None, cue,
                            confidence[draft.id], evidence.words(), draft.rule.value, res.rule.value,
                            act_of(doc, draft.cue, source.head if source is not None else None),
                            runners_up.get(draft.id)))
    return quotes, list(speakers.values())
