"""Noun-phrase mentions in a parsed ``Doc``: their extent and what kind of source they can be."""
from __future__ import annotations

from enum import Enum

from spacy.tokens import Span, Token

from annotator.parse.doc import KINDS, entity_of
from annotator.rules.lexicon import (ANONYMOUS_HEADS, ENTITY_ORGANISATION, ENTITY_PERSON, FIRST_PERSON, GROUP_PRONOUNS,
                                     ORGANISATION_HEADS, PERSON_PRONOUNS, PERSON_TITLES, THING_PRONOUNS, TITLE_STEMS,
                                     TITLE_WORDS, first_name_genders, usual_roles)

NP_LEFT_DEPS = frozenset({"det", "amod", "compound", "poss", "nummod", "nmod", "quantmod", "npadvmod",
                          "case", "advmod"})
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "lord", "lady"})
PLACE_ENTITIES = frozenset({"GPE", "LOC"})


class MentionKind(str, Enum):
    """What a mention's head token can stand for as a source."""

    PERSON = "person"
    ORGANISATION = "organisation"
    ANONYMOUS = "anonymous"  # a person described, not named ("a senior official")
    TITLE = "title"  # an office, resolved to the person who holds it ("the Home Secretary")
    OTHER = "other"  # any other noun: it cannot speak ("the plan")
    HE = "he"
    SHE = "she"
    GROUP_PRONOUN = "they"
    THING_PRONOUN = "it"
    FIRST_PERSON = "I"

    @property
    def is_pronoun(self) -> bool:
        return self in PRONOUN_KINDS


# The kinds of mention that stand for a person: whom "his" can refer to, and "it" never
PERSON_KINDS = frozenset({MentionKind.PERSON, MentionKind.ANONYMOUS, MentionKind.TITLE, MentionKind.HE, MentionKind.SHE})
PRONOUN_KINDS = frozenset({MentionKind.HE, MentionKind.SHE, MentionKind.GROUP_PRONOUN, MentionKind.THING_PRONOUN,
                           MentionKind.FIRST_PERSON})
GENDER_OF_PRONOUN = {MentionKind.HE: "m", MentionKind.SHE: "f"}


def noun_phrase(head: Token, with_titles: bool = False) -> Span:
    """The mention a head noun stands for: a person's name (with the words before it when
    ``with_titles``), or the head with its determiners and modifiers; with a place just before
    that the parse left out, having tagged it a verb ("Tulsa police Chief")."""
    doc = head.doc
    ent = entity_of(head)
    if ent is not None and ent.label_ == ENTITY_PERSON and not with_titles:
        return ent
    left = head.i
    for child in head.lefts:
        if child.dep_ in NP_LEFT_DEPS:
            left = min(left, child.left_edge.i)
    right = head.i
    for child in head.rights:
        if child.dep_ in {"compound", "flat"} or (ent is not None and child.i < ent.end):
            right = max(right, child.right_edge.i)
    if ent is not None:
        left, right = min(left, ent.start), max(right, ent.end - 1)
    if left > 0 and doc[left].pos_ == "NOUN":
        place = entity_of(doc[left - 1])  # "Tulsa police Chief Chuck Jordan", "Tulsa" tagged a verb
        if place is not None and place.label_ in PLACE_ENTITIES and place.end == left and doc[left - 1].pos_ != "PROPN" \
                and "\n" not in doc[left - 1].whitespace_:
            left = place.start
    return doc[left:right + 1]


def named_apposition(head: Token) -> Token | None:
    """"premier Adel Abdel Mahdi" or "the mayor, Ivo Brandt," parsed as an apposition: the name's head token."""
    comma = int(head.i + 1 < len(head.doc) and head.nbor(1).text == ",")
    for child in head.children:
        if child.dep_ == "appos" and child.i == head.i + 1 + comma + sum(1 for _ in child.lefts):
            ent = entity_of(child)
            if ent is not None and ent.label_ == ENTITY_PERSON:
                return child
    return None


def titled_name(ent: Span) -> bool:
    """A person's title and name that the entity recogniser labelled otherwise ("Councillor Ines Roth")."""
    return (len(ent) > 1 and ent[0].lower_.rstrip(".") in PERSON_TITLES
            and all(t.pos_ == "PROPN" for t in ent[1:]) and ent[-1].lemma_.lower() not in ORGANISATION_HEADS)


def first_named(ent: Span) -> bool:
    """A person's first and last name that the entity recogniser labelled an organisation
    ("Lester Holt"): two or three proper nouns opening with a first name that nearly always names
    one sex ("Morgan Stanley" does not), none of them an organisation's word."""
    return (ent.label_ == "ORG" and 2 <= len(ent) <= 3 and all(t.pos_ == "PROPN" for t in ent)
            and ent[0].lower_ in first_name_genders() and not any(t.lemma_.lower() in ORGANISATION_HEADS for t in ent))


def described_person(ent: Span) -> bool:
    """A person's name the recogniser labelled an organisation, as its first name and the
    apposition after it say: "Jean-Marc Ayrault, the foreign minister of France" (not "Goldman
    Sachs, the market leader")."""
    doc = ent.doc
    if ent.label_ != "ORG" or not 2 <= len(ent) <= 5 or ent.end >= len(doc) or doc[ent.end].text != "," \
            or ent[0].lower_ not in first_name_genders() \
            or not all(t.pos_ == "PROPN" or t.text == "-" for t in ent) \
            or any(t.lemma_.lower() in ORGANISATION_HEADS for t in ent):
        return False
    apposition = next((c for c in ent.root.children if c.dep_ == "appos" and c.i > ent.end), None)
    return apposition is not None and apposition.pos_ == "NOUN" and apposition.lemma_.lower() in usual_roles()


def is_person_entity(ent: Span) -> bool:
    return ent.label_ == ENTITY_PERSON or titled_name(ent) or first_named(ent) or described_person(ent)


def kind_of(head: Token) -> MentionKind:
    """The kind of a mention's head token (found once per token and document; see ``_kind``)."""
    kinds: dict[int, MentionKind] = head.doc.user_data.setdefault(KINDS, {})
    if head.i not in kinds:
        kinds[head.i] = _kind(head)
    return kinds[head.i]


def _kind(head: Token) -> MentionKind:
    """The kind of a mention's head token. The checks run in this order, the first that holds
    deciding: a pronoun; a person the recogniser names; a described person ("official", also
    when the word can be a title); an organisation the recogniser names; an organisation noun;
    an office ("the Home Secretary", capitalised or not); a capitalised proper noun (a person);
    anything else."""
    lower = head.lower_
    if lower in PERSON_PRONOUNS:
        return MentionKind.HE if PERSON_PRONOUNS[lower] == "m" else MentionKind.SHE
    if lower in GROUP_PRONOUNS:
        return MentionKind.GROUP_PRONOUN
    if lower in THING_PRONOUNS:
        return MentionKind.THING_PRONOUN
    if lower in FIRST_PERSON:
        return MentionKind.FIRST_PERSON
    ent = entity_of(head)
    if ent is not None and is_person_entity(ent):
        return MentionKind.PERSON
    lemma = head.lemma_.lower()
    if lemma in ANONYMOUS_HEADS or lower in ANONYMOUS_HEADS:
        return MentionKind.ANONYMOUS
    if ent is not None and ent.label_ in ENTITY_ORGANISATION:
        return MentionKind.ORGANISATION
    if lemma in ORGANISATION_HEADS or lower in ORGANISATION_HEADS:
        return MentionKind.ORGANISATION
    if lemma in TITLE_WORDS:
        return MentionKind.TITLE
    if head.pos_ == "PROPN" and head.text[:1].isupper():
        return MentionKind.PERSON
    return MentionKind.OTHER


CANNOT_SPEAK = frozenset({MentionKind.OTHER, MentionKind.THING_PRONOUN})


def can_speak(head: Token) -> bool:
    """Whether a mention can be the source of words: a person, a body, or a pronoun for one
    ("the plan" and "it" cannot)."""
    return kind_of(head) not in CANNOT_SPEAK


def name_words(name: str) -> tuple[str, ...]:
    """A person's name as lowercased words, without honorifics or titles in front and suffixes
    behind: "Mr. Obama" -> ("obama",); "Donald J. Trump's" -> ("donald", "j", "trump")."""
    words = [w.lower().rstrip(".,") for w in name.replace("’", "'").split() if w[:1].isalpha()]
    words = [w for w in words if w not in NAME_SUFFIXES] or words
    while len(words) > 1 and (words[0] in HONORIFICS or words[0] in TITLE_STEMS):
        words = words[1:]
    if words and words[-1].endswith("'s"):
        words[-1] = words[-1][:-2]
    return tuple(words)
