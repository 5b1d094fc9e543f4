"""One canonical speaker of an article, as its mentions are resolved: the record every speaker
step adds to, and the key that identifies it."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import Enum

from annotator.rules.evidence import Rule
from annotator.rules.lexicon import PARTIES, PARTY_LETTERS, first_name_genders
from annotator.rules.mentions import name_words

PARTY_AFFILIATIONS = frozenset(PARTIES.values()) | frozenset(PARTY_LETTERS.values())
BOUND_PRONOUNS_NEEDED = 1  # see SpeakerRecord.gender


class SpeakerKind(str, Enum):
    PERSON = "person"
    ORGANISATION = "organisation"
    ANONYMOUS = "anonymous"  # a source described, not named ("a senior official")
    GROUP = "group"  # people named together ("Sens. Amy Klobuchar, Tina Smith and Cory Booker"), as "they"


@dataclass(frozen=True, order=True)
class SpeakerKey:
    """Who a speaker is, as the article's mentions are compared: a person's canonical name
    ("hillary clinton"), or a description's words ("senior official")."""

    kind: SpeakerKind
    name: str

    def __str__(self) -> str:
        return f"{self.kind.value}:{self.name}"


@dataclass
class SpeakerRecord:
    """Every name, mention, role, affiliation and gender clue seen for one speaker."""

    key: SpeakerKey
    names: Counter[str] = field(default_factory=Counter)  # every name written, how often
    mentions: dict[tuple[int, int], Rule] = field(default_factory=dict)  # each mention: the rule that tied it
    roles: list[str] = field(default_factory=list)
    affiliations: list[str] = field(default_factory=list)
    genders: set[str] = field(default_factory=set)  # from titles and roles ("Mrs.", "spokesman")
    given_name_genders: set[str] = field(default_factory=set)  # see gender
    titled: bool = False  # written after a title or an honorific at least once ("Sen. Warren")
    bound_pronouns: Counter[str] = field(default_factory=Counter)  # "Sanders said he would": "m", how often

    @property
    def kind(self) -> SpeakerKind:
        return self.key.kind

    @property
    def name(self) -> str:
        """The full name written most often ("Hillary Clinton", not the one "Crooked Hillary
        Clinton"), unless it opens with no known first name and a longer name ends with it: that
        is its end ("Suu Kyi" of "Aung San Suu Kyi"). The longest name when none has two words."""
        full = [n for n in self.names if len(n.split()) > 1]
        if not full:
            return max(self.names, key=len) if self.names else str(self.key)
        usual = max(full, key=lambda n: (self.names[n], len(n)))
        words = name_words(usual)
        if words and words[0] not in first_name_genders():
            longer = [n for n, w in ((n, name_words(n)) for n in full) if len(w) > len(words) and w[-len(words):] == words]
            if longer:
                return max(longer, key=lambda n: (self.names[n], len(n)))
        return usual

    @property
    def role(self) -> str | None:
        """The first role the article states: a person is introduced by the role they are quoted
        for ("Sen. Lindsey Graham"), later words add descriptions ("a former presidential candidate")."""
        return self.roles[0] if self.roles else None

    @property
    def gender(self) -> str | None:
        """"m" or "f" when every title and role seen agrees (mentions of namesakes can disagree);
        with none seen, what the first name of one known by it alone tells ("Melanie", "Kevin"),
        unless a title or an honorific was written before it: then it is a surname ("Warren");
        else what the pronouns bound to the person's names say, when at least BOUND_PRONOUNS_NEEDED
        more of them say it than the other ("Sanders said he ...": Bernie is a name of both)."""
        if self.genders:
            return next(iter(self.genders)) if len(self.genders) == 1 else None
        if len(self.given_name_genders) == 1 and not self.titled:
            return next(iter(self.given_name_genders))
        if self.given_name_genders:
            return None
        men, women = self.bound_pronouns["m"], self.bound_pronouns["f"]
        return "m" if men - women >= BOUND_PRONOUNS_NEEDED else "f" if women - men >= BOUND_PRONOUNS_NEEDED else None

    @property
    def affiliation(self) -> str | None:
        """The party, when the article gives one ("House Speaker Paul Ryan, R-Wis." is a
        Republican before he is of the House); else the affiliation seen most often."""
        parties = [a for a in self.affiliations if a in PARTY_AFFILIATIONS]
        return Counter(parties or self.affiliations).most_common(1)[0][0] if self.affiliations else None

    def add(self, name: str | None, mention: tuple[int, int], rule: Rule) -> None:
        if name:
            self.names[name] += 1
        self.mentions.setdefault(mention, rule)


@dataclass(frozen=True)
class Resolution:
    """The speaker a mention stands for, where that mention is, and the rule that decided."""

    key: SpeakerKey | None
    mention: tuple[int, int] | None
    rule: Rule


@dataclass(frozen=True, order=True)
class Candidate:
    """A mention a later pronoun can refer to: where it is, whom it names, and whether it is the
    subject of its clause (ordered by position)."""

    token: int
    key: SpeakerKey
    is_subject: bool
