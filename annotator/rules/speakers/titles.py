"""Titles: "the president" is the person the article gave that title before."""
from __future__ import annotations

from spacy.tokens import Token

from annotator.rules.speakers.record import Candidate, SpeakerKey, SpeakerRecord


def title_holder(head: Token, people: list[Candidate], records: dict[SpeakerKey, SpeakerRecord]) -> SpeakerKey | None:
    """The latest person named before ``head`` whose role holds the title word."""
    word = head.lemma_.lower()
    matches = [c.key for c in people if c.token < head.i
               and any(word in r.lower().split() for r in records[c.key].roles)]
    return matches[-1] if matches else None
