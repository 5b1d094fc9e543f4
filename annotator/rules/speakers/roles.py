"""Roles, affiliations and gender clues, from the words around a speaker's mentions."""
from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Doc, Span, Token

from annotator.parse.doc import entities, entity_of, sentences_back, text_of, tokens_in, trim
from annotator.rules.lexicon import (AFFILIATION_NOUNS, COUNTRY_NAMES, ENTITY_ORGANISATION, ENTITY_PERSON,
                                     GENDERED_WORDS, PARTIES, PARTY_LETTERS, STATE_OFFICES, TITLE_STEMS,
                                     TITLE_WORDS)
from annotator.rules.marks import ALL_MARKS
from annotator.rules.mentions import HONORIFICS

SUBJECTS = frozenset({"nsubj", "nsubjpass"})
ROLE_POS = frozenset({"NOUN", "PROPN", "ADJ", "VERB"})
CONTEXT_SENTENCES = 3
APPOSITION_MAX_WORDS = 8
NAME_SMALL_WORDS = frozenset({"of", "for", "and", "on", "the", "&"})  # lower case inside a body's name
PORTFOLIO_OFFICES = frozenset({"secretary", "minister"})  # "secretary of State": the State is the portfolio
PLURAL_TAGS = frozenset({"NNS", "NNPS"})  # one person's role is never plural ("Clinton, conspirators")
# The party and state after a name: "Rep. Stephen Lynch (D-Mass.)", "Paul Ryan, R-Wis.,", "Gov. Pat McCrory (R)"
PARTY_AFTER_NAME = re.compile(r"\s*[(,]\s*([RDI])(?:\s*[-–]\s*[A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*)?)?\s*[),]")


def affiliation_name(text: str) -> str:
    """"the U.S.'s" -> "United States"; other names as written, without article or possessive."""
    cleaned = text.strip().removeprefix("the ").removeprefix("The ")
    for suffix in ("'s", "’s"):
        cleaned = cleaned.removesuffix(suffix)
    return COUNTRY_NAMES.get(cleaned.lower(), cleaned)


def genders_of(doc: Doc, ent: Span, roles: list[str | None]) -> set[str]:
    """A person's gender as a title before the name ("Mrs. Clinton") or a role tells it."""
    words = [t.lower_ for t in doc[max(0, ent.start - 2):ent.end]]
    words += [w.lower() for role in roles if role for w in role.split()]
    return {GENDERED_WORDS[w] for w in words if w in GENDERED_WORDS}


def describe(doc: Doc, phrase: Span, name: Span | None,
             own_entity: Span | None = None) -> tuple[str | None, list[str]]:
    """Role and affiliations from the words of a mention that are not the name itself.

    "US Defence Secretary Mark Esper" -> ("Defence Secretary", ["United States"]);
    "A NATO official" -> ("official", ["NATO"]).
    """
    role_tokens: list[Token] = []
    affiliations: list[str] = []
    stop = name.start if name is not None else phrase.end
    i = phrase.start
    for tok in doc[phrase.start:stop]:  # a role never runs across a line break ("Test Town\n\nThe mayor")
        if "\n" in tok.text or "\n" in tok.whitespace_:
            i = tok.i + 1
    while i < stop:
        tok = doc[i]
        ent = entity_of(tok)
        if tok.lower_ in PARTIES and tok.text[:1].isupper():  # "Republican presidential nominee"
            affiliations.append(PARTIES[tok.lower_])
            i += 1
            continue
        if ent is not None and ent.label_ == ENTITY_PERSON and ent.end < stop and ent != own_entity:
            # whom the speaker works for: "Trump lawyer Marc Kasowitz", "Clinton campaign spokesman"
            campaign = doc[ent.end].lower_ in AFFILIATION_NOUNS
            affiliations.append(f"{affiliation_name(ent.text)} {doc[ent.end].lower_}" if campaign
                                else affiliation_name(ent.text))
            i = ent.end + campaign
            continue
        portfolio = ent is not None and len(ent) == 1 and tok.lower_ in TITLE_WORDS  # "Home" in "Home Secretary"
        if ent is not None and ent.label_ in ENTITY_ORGANISATION and ent.end <= stop and ent != own_entity \
                and not portfolio:
            affiliations.append(affiliation_name(ent.text))
            i = ent.end
            continue
        if tok.lower_ in COUNTRY_NAMES and tok.pos_ in {"PROPN", "ADJ", "NOUN"} and tok.text[:1].isupper():
            affiliations.append(COUNTRY_NAMES[tok.lower_])
        elif tok.pos_ in ROLE_POS and tok.dep_ not in {"det", "case", "punct"} \
                and tok.lower_.rstrip(".") not in HONORIFICS:  # "Mrs." says who, not what
            role_tokens.append(tok)
        i += 1
    if name is None and role_tokens and role_tokens[-1].i != phrase.end - 1 and phrase[-1].pos_ in {"NOUN", "PROPN"}:
        role_tokens.append(phrase[-1])
    place = _unrecognised_body(role_tokens) if not affiliations else []
    if place:  # "Charlotte Mayor Jennifer Roberts", "Trump lawyer Marc Kasowitz"
        affiliations.append(affiliation_name(doc[place[0].i:place[-1].i + 1].text))
        role_tokens = role_tokens[len(place):]
    role = None
    one_person = name is None or role_tokens and role_tokens[-1].tag_ not in PLURAL_TAGS  # not "Trump expectations"
    if one_person and any(t.pos_ in {"NOUN", "PROPN"} for t in role_tokens):
        start, end = trim(doc, role_tokens[0].idx, role_tokens[-1].idx + len(role_tokens[-1]))
        role = text_of(doc)[start:end] or None
    return role, affiliations


def _unrecognised_body(role_tokens: list[Token]) -> list[Token]:
    """The proper nouns opening a role written before a name, no title among them, that the
    recogniser did not see as a place or body here but names elsewhere in the article (alone, or
    opening or ending a name: "Donald Trump"), when a title or other noun follows them: "Charlotte"
    of "Charlotte Mayor", "Trump" of "Trump lawyer"."""
    place = []
    for tok in role_tokens:
        proper = tok.pos_ == "PROPN" or tok.pos_ == "NOUN" and not tok.is_sent_start  # "Trump lawyer", tagged a noun
        ent = entity_of(tok)
        word = tok.lower_.rstrip(".")
        if not proper or not tok.text[:1].isupper() or word in TITLE_STEMS or word in HONORIFICS \
                or ent is not None and ent.label_ != ENTITY_PERSON:
            break
        place.append(tok)
    rest = role_tokens[len(place):]
    if not place or not any(t.pos_ in {"NOUN", "PROPN"} for t in rest):
        return []
    named = " ".join(t.text for t in place)  # "Press" of "Press Secretary" is named nowhere: a title's word
    elsewhere = [e.text for e in entities(place[0].doc) if e.start != place[0].i]
    return place if any(text == named or text.startswith(named + " ") or text.endswith(" " + named)
                        for text in elsewhere) else []


def _named_apposition(doc: Doc, child: Token) -> str | None:
    """An apposition that is the name of a body, not a role: capitalised words, no person among
    them ("The Daily Planet", "Center for Economic and Policy Research")."""
    ent = entity_of(child)
    if child.pos_ != "PROPN" or (ent is not None and ent.label_ == ENTITY_PERSON):
        return None
    words = [t for t in child.subtree if not t.is_punct]
    if not words or not all(t.text[:1].isupper() or t.lower_ in NAME_SMALL_WORDS for t in words) \
            or not words[-1].text[:1].isupper():
        return None
    start, end = trim(doc, words[0].idx, words[-1].idx + len(words[-1]))
    return text_of(doc)[start:end]


def appositive_role(doc: Doc, ent: Span) -> tuple[str | None, list[str]]:
    """The role and affiliations an apposition gives: "Jonathan Vance, chief of defence staff," ->
    "chief of defence staff"; "Phil Smith, a spokesman for the United Mine Workers of America," ->
    "spokesman" and the union; and the party after a name: "Stephen Lynch (D-Mass.)" -> Democratic."""
    text = text_of(doc)
    party = PARTY_AFTER_NAME.match(text, ent.end_char)
    affiliations = [PARTY_LETTERS[party.group(1)]] if party else []
    root = ent.root
    for child in root.children:
        between = text[ent.end_char:child.left_edge.idx]
        if "\n" in between or any(mark in between for mark in ALL_MARKS):
            continue  # the next line, or a quotation, misparsed as an apposition
        if child.dep_ == "appos" and child.i >= ent.end and child.lower_ in PARTIES:
            return None, affiliations + [PARTIES[child.lower_]]  # "Patrick Leahy, Democrat of Vermont"
        body = _named_apposition(doc, child) if child.dep_ == "appos" and child.i >= ent.end \
            and between.strip() == "," else None  # not "Bernie Sanders (Vt.)", nor "McCain: Republican Anger"
        if body is not None:
            return None, affiliations + [affiliation_name(body)]  # "Jane Doe, The Daily Planet:"
        if child.dep_ == "appos" and child.i >= ent.end and child.pos_ == "NOUN" and child.tag_ not in PLURAL_TAGS:
            clauses = {t.i for c in child.children if c.dep_ in {"relcl", "acl"} for t in c.subtree}
            tokens = [t for t in child.subtree if t.i not in clauses]
            cut = next((k for k, t in enumerate(tokens) if k > 0 and t.dep_ == "punct"), len(tokens))
            tokens = tokens[:cut]
            bodies = [e for e in entities(doc) if (e.label_ in ENTITY_ORGANISATION or e.label_ == ENTITY_PERSON)
                      and tokens[0].i <= e.start and e.end <= tokens[-1].i + 1
                      and e.text.lower() not in PARTIES  # "a former Clinton aide", "a fellow at the Council"
                      and not portfolio_of(e)]
            parties = [PARTIES[t.lower_] for t in tokens if t.lower_ in PARTIES and t.text[:1].isupper()]
            objects = [e for e in bodies if e.root.dep_ == "pobj" and e.root.head.i >= tokens[0].i]
            if objects:  # the role stops at the preposition before the first body: "a fellow at [the Council]"
                before = [t for t in tokens if t.i < objects[0].root.head.i]
                tokens = before or tokens
            if len(tokens) > APPOSITION_MAX_WORDS:  # "an outside adviser to the campaign on tax and budget issues"
                tokens = [t for t in tokens if t.i <= child.i]  # the noun and its modifiers; bodies only after it
                bodies = [e for e in bodies if e.start > child.i]
            start, end = trim(doc, tokens[0].idx, tokens[-1].idx + len(tokens[-1]))
            words = text[start:end]
            if 0 < len(words.split()) <= APPOSITION_MAX_WORDS:
                return (words.removeprefix("the ").removeprefix("a ").removeprefix("an "),
                        affiliations + parties + [affiliation_name(e.text) for e in bodies])
    return None, affiliations


def portfolio_of(ent: Span) -> bool:
    """Whether an entity names the portfolio of an office ("secretary of State", "minister of
    Defence"): part of the role, not an affiliation."""
    prep = ent.root.head
    return ent.root.dep_ == "pobj" and prep.lower_ == "of" and prep.head.lower_ in PORTFOLIO_OFFICES


def holds_state_office(role: str | None) -> bool:
    """Whether a role speaks for a country ("Defence Minister"), so that the country the passage
    is about is the person's affiliation."""
    return role is not None and any(w.strip(".,").lower() in STATE_OFFICES for w in role.split())


def context_affiliation(doc: Doc, char: int) -> str | None:
    """The country the passage around ``char`` is about: its countries, subjects counted twice."""
    token = tokens_in(doc, char, char + 1)
    if token is None:
        return None
    start = sentences_back(doc, token.start, CONTEXT_SENTENCES)
    votes: Counter[str] = Counter()
    for tok in doc[start:token[0].sent.end]:
        if tok.lower_ in COUNTRY_NAMES and tok.text[:1].isupper():
            holder = tok.head if tok.dep_ in {"compound", "amod", "poss"} else tok
            votes[COUNTRY_NAMES[tok.lower_]] += 2 if holder.dep_ in SUBJECTS else 1
    ranked = votes.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None  # no country, or a tie: better none than a guess
    return ranked[0][0]
