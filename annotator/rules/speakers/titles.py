"""Titles: "the president" is the person the article gave that title before."""
from __future__ import annotations

from spacy.tokens import Token

from annotator.rules.speakers.record import Candidate, SpeakerKey, SpeakerRecord


# A title's abbreviation, as a role before a name writes it: "Sen. Bernie Sanders" is "the senator"
ABBREVIATED_TITLES = {"sen": "senator", "rep": "representative", "gov": "governor", "gen": "general",
                      "sec": "secretary", "atty": "attorney", "lt": "lieutenant", "pres": "president",
                      "supt": "superintendent", "insp": "inspector"}


def written_out(word: str) -> str:
    """A title word in full, lower case: "Sen." -> "senator"."""
    plain = word.strip(".,").lower()
    return ABBREVIATED_TITLES.get(plain, plain)


def title_words(role: str) -> set[str]:
    """The words of a role, abbreviations written out: "Sen." -> {"senator"}."""
    return {written_out(w) for w in role.split()}


def title_holder(head: Token, people: list[Candidate], records: dict[SpeakerKey, SpeakerRecord]) -> SpeakerKey | None:
    """The latest person named before ``head`` whose role holds the title word."""
    word = written_out(head.lemma_)
    matches = [c.key for c in people if c.token < head.i
               and any(word in title_words(r) for r in records[c.key].roles)]
    return matches[-1] if matches else None
