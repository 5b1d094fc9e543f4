"""Noun-phrase mentions in a parsed ``Doc``: their extent, kind and canonical key."""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from annotator.rules.lexicon import (ANONYMOUS_HEADS, ENTITY_ORGANISATION, ENTITY_PERSON, FIRST_PERSON,
                                 ORGANISATION_HEADS, PERSON_PRONOUNS, PERSON_TITLES, PLURAL_PRONOUNS,
                                 THING_PRONOUNS, TITLE_STEMS, TITLE_WORDS)

NP_LEFT_DEPS = frozenset({"det", "amod", "compound", "poss", "nummod", "nmod", "quantmod", "npadvmod",
                          "case", "advmod"})
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "lord", "lady"})
PUNCT_EDGES = " \t\n\xa0,.;:!?\"'“”‘’()―—–-"


def text_of(doc: Doc) -> str:
    """The document text, built once: spaCy's ``Doc.text`` joins every token on each call."""
    if "text" not in doc.user_data:
        doc.user_data["text"] = doc.text
    return doc.user_data["text"]


def entity_of(token: Token) -> Span | None:
    doc = token.doc
    if "entity_at" not in doc.user_data:
        entity_at: dict[int, Span] = {}
        for ent in doc.ents:
            for i in range(ent.start, ent.end):
                entity_at[i] = ent
        doc.user_data["entity_at"] = entity_at
    return doc.user_data["entity_at"].get(token.i)


def tokens_in(doc: Doc, start: int, end: int) -> Span | None:
    """The tokens a character range touches; None when it touches none (it lies in whitespace)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span if span is not None and len(span) else None


def trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Character span without surrounding punctuation, whitespace or a possessive ending."""
    text = text_of(doc)
    while start < end and text[start] in PUNCT_EDGES:
        start += 1
    while end > start and text[end - 1] in PUNCT_EDGES:
        end -= 1
    for suffix in ("'s", "’s"):
        if text[start:end].endswith(suffix):
            end -= len(suffix)
    return start, end


def noun_phrase(head: Token, with_titles: bool = False) -> Span:
    """The mention a head noun stands for: a person's name (with the words before it when
    ``with_titles``), or the head with its determiners and modifiers."""
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


def kind_of(head: Token) -> str:
    """person, organisation, anonymous or pronoun:<form> for a mention's head token."""
    lower = head.lower_
    if lower in PERSON_PRONOUNS:
        return f"pronoun:{PERSON_PRONOUNS[lower]}"
    if lower in PLURAL_PRONOUNS:
        return "pronoun:plural"
    if lower in THING_PRONOUNS:
        return "pronoun:it"
    if lower in FIRST_PERSON:
        return "pronoun:first"
    ent = entity_of(head)
    if ent is not None and (ent.label_ == ENTITY_PERSON or titled_name(ent)):
        return "person"
    lemma = head.lemma_.lower()
    if lemma in ANONYMOUS_HEADS or lower in ANONYMOUS_HEADS:
        return "anonymous"
    if ent is not None and ent.label_ in ENTITY_ORGANISATION:
        return "organisation"
    if lemma in ORGANISATION_HEADS or lower in ORGANISATION_HEADS:
        return "organisation"
    if lemma in TITLE_WORDS:  # "the Home Secretary", capitalised or not, names an office
        return "title"
    if head.pos_ == "PROPN" and head.text[:1].isupper():
        return "person"
    return "anonymous"


def can_speak(head: Token) -> bool:
    """Whether a mention can be the source of words: a person, a body, or a pronoun for one
    ("the plan" and "it" cannot)."""
    kind = kind_of(head)
    if kind == "anonymous":  # kind_of's answer for any other noun too
        return head.lemma_.lower() in ANONYMOUS_HEADS or head.lower_ in ANONYMOUS_HEADS
    return kind != "pronoun:it"


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
