"""The quote passes, in order: each is ``(context, drafts) -> drafts`` and does one job.

``PASSES`` is the only place the order lives. ``find_quotes`` runs them; ``without`` leaves
passes out by name, so that what each one is worth can be measured (``annotator evaluate
--without NAME``).
"""
from __future__ import annotations

from collections.abc import Collection

from annotator.rules.drafts import Context, Draft, Pass
from annotator.rules.passes.clauses import clause_subjects, lead_sentence_subjects
from annotator.rules.passes.continuation import continue_speakers, keep_quotations
from annotator.rules.passes.labels import labelled_lines, signed_quotes, split_transcripts
from annotator.rules.passes.marked import drop_titles, marked_quotes, merge_split_quotes
from annotator.rules.passes.reported import reported_speech

PASSES: tuple[tuple[str, Pass], ...] = (
    ("marked_quotes", marked_quotes),  # each quotation in marks with its cue
    ("merge_split_quotes", merge_split_quotes),  # '"A," he said, "B."' is one quote
    ("drop_titles", drop_titles),  # 'on "Face the Nation," he said'
    ("split_transcripts", split_transcripts),  # '"HOST: ...' over paragraphs: one quote per turn
    ("signed_quotes", signed_quotes),  # '"..." ― Ana Ruiz', transcript labels
    ("labelled_lines", labelled_lines),  # 'Pence: Flowers Won't Attend'
    ("clause_subjects", clause_subjects),  # 'Reid treated it as a "con"'
    ("lead_sentence_subjects", lead_sentence_subjects),  # 'Sanders blamed ... "They never listened."'
    ("reported_speech", reported_speech),  # 'X said that ...', 'according to X'
    ("continue_speakers", continue_speakers),  # a standalone quote after an attributed one
    ("keep_quotations", keep_quotations),  # scare quotes dropped
)
PASS_NAMES = tuple(name for name, _ in PASSES)


def find_quotes(context: Context, without: Collection[str] = ()) -> list[Draft]:
    """Every quotation in the article, in text order, from the passes not named in ``without``."""
    unknown = set(without) - set(PASS_NAMES)
    if unknown:
        raise ValueError(f"no such pass: {', '.join(sorted(unknown))} (passes: {', '.join(PASS_NAMES)})")
    drafts: list[Draft] = []
    for name, run in PASSES:
        if name not in without:
            drafts = run(context, drafts)
    return drafts
