"""What act an attribution reports: ``speech`` (said, told, wrote, according to), ``thought``
(believes, wants, fears, plans) or ``finding`` (a report found, the data show)."""
from __future__ import annotations

from typing import Literal

from spacy.tokens import Doc

from annotator.rules.cues import Cue
from annotator.rules.lexicon import DOCUMENT_SOURCES, FINDING_VERBS, THOUGHT_VERBS

Act = Literal["speech", "thought", "finding"]
ACTS: tuple[Act, ...] = ("speech", "thought", "finding")


def act_of(doc: Doc, cue: Cue | None, source_head: int | None) -> Act:
    """The act from the cue's lemma and the source's head word: a document as the source, or a
    verb of finding, is a finding; a verb of thinking a thought; anything else (quotes with no
    cue included) speech."""
    if cue is None:
        return "speech"
    lemma = doc[cue.token].lemma_.lower()
    source = doc[source_head].lemma_.lower() if source_head is not None else None
    if source in DOCUMENT_SOURCES and (lemma in FINDING_VERBS or lemma in THOUGHT_VERBS or lemma == "say") \
            or (lemma in FINDING_VERBS and source is None):
        return "finding"
    if lemma in THOUGHT_VERBS:
        return "thought"
    return "speech"
