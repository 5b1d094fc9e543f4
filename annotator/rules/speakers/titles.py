"""Titles: "the president" is the person the article gave that title before."""
from __future__ import annotations

from collections.abc import Callable

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


# The titles a description covers: "the judge" is Justice Frank Nervo, "the lawmaker" Rep. Adam Schiff
LEGISLATORS = frozenset({"lawmaker", "legislator", "senator", "representative", "congressman", "congresswoman",
                         "assemblyman", "assemblywoman", "delegate"})
COVERED_TITLES = {
    "judge": {"judge", "justice"}, "lawmaker": LEGISLATORS, "legislator": LEGISLATORS,
    "congressman": {"congressman", "representative"}, "congresswoman": {"congresswoman", "representative"},
    "candidate": {"candidate", "nominee", "contender"},
}


# Words that make a title its deputy's: "the vice presidential nominee" is not the nominee
DEPUTY_WORDS = frozenset({"vice", "deputy", "assistant", "lieutenant"})


def deputy_words(words: list[str]) -> frozenset[str]:
    return frozenset(w.lower() for word in words for w in word.split("-")) & DEPUTY_WORDS


def title_holder(head: Token, people: list[Candidate], records: dict[SpeakerKey, SpeakerRecord],
                 in_headline: bool = False) -> SpeakerKey | None:
    """The latest person named before ``head`` whose role holds the title word or a title it
    covers, a deputy's if the description's is ("the vice presidential nominee" is not Trump, "the
    president" not Vice President Biden); in a headline, which names no one before it, the first
    person named after it."""
    word = written_out(head.lemma_)
    covered = COVERED_TITLES.get(word, {word})
    deputy = deputy_words([t.text for t in head.lefts])
    return role_holder(head, people, records,
                       lambda role: bool(covered & title_words(role)) and deputy_words(role.split()) == deputy,
                       in_headline)


def role_holder(head: Token, people: list[Candidate], records: dict[SpeakerKey, SpeakerRecord],
                holds: Callable[[str], bool], in_headline: bool = False) -> SpeakerKey | None:
    """The latest person named before ``head`` one of whose roles ``holds`` says fits; in a
    headline, the first named after it."""
    holders = [c for c in people if any(holds(r) for r in records[c.key].roles)]  # in the order resolved
    before = [c for c in holders if c.token < head.i]
    if before:
        return max(before).key
    after = [c for c in holders if c.token > head.i] if in_headline else []
    return min(after).key if after else None
