"""Roles, affiliations and gender clues, from the words around a speaker's mentions."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from itertools import takewhile

from spacy.tokens import Doc, Span, Token

from annotator.parse.doc import entities, entity_of, sentences_back, text_of, tokens_in, trim
from annotator.rules.lexicon import (ABSTRACT_ENDING, AFFILIATION_NOUNS, COUNTRY_NAMES, ENTITY_ORGANISATION,
                                     ENTITY_PERSON, GENDERED_WORDS, HEADING_VERBS, KINSHIP_NOUNS, LEGISLATOR_TITLES,
                                     ORGANISATION_HEADS, PARTIES, PARTY_LETTERS, PLACE_OFFICES, PLURAL_TITLES,
                                     RANK_MODIFIERS, RANKS, STATE_OFFICES, TITLE_STEMS, TITLE_WORDS, WORKING_VERBS,
                                     first_name_genders, rarely_roles, role_nouns, usual_roles)
from annotator.rules.marks import ALL_MARKS
from annotator.rules.mentions import HONORIFICS
from annotator.rules.speakers.names import NAME_PARTICLES
from annotator.rules.speakers.titles import title_words

SUBJECTS = frozenset({"nsubj", "nsubjpass"})
ROLE_POS = frozenset({"NOUN", "PROPN", "ADJ", "VERB"})
CONTEXT_SENTENCES = 3
APPOSITION_MAX_WORDS = 8
# lower case inside a body's name: "Center for Economic and Policy Research", "Corriere della Sera"
NAME_SMALL_WORDS = frozenset({"of", "for", "and", "on", "the", "&"}) | NAME_PARTICLES
BODY_PREPOSITIONS = frozenset({"at", "for", "of", "with"})  # "a fellow at", "a writer for", "director of"
PORTFOLIO_OFFICES = frozenset({"secretary", "minister"})  # "secretary of State": the State is the portfolio
PLURAL_TAGS = frozenset({"NNS", "NNPS"})  # one person's role is never plural ("Clinton, conspirators")
HYPHENS = frozenset({"-", "‐", "–"})
PRESENT_TAGS = frozenset({"VBZ", "VBP"})
POSSESSIVES = frozenset({"'s", "’s"})
APPOINTING_VERBS = frozenset({"elect", "name", "appoint", "nominate", "choose", "select", "confirm", "tap"})
GLUED_WORD = re.compile(r"[A-Za-z]*[a-z]([A-Z][a-z]+)")  # "ImagesRepublican": two words run together
NO_ROLE_NOUNS = frozenset({"person", "people", "one"})  # "Ann Lee is the only person who voted no"
# The party and state after a name: "Rep. Stephen Lynch (D-Mass.)", "Paul Ryan, R-Wis.,", "Gov. Pat McCrory (R)"
# "(D-Mass.)", ", R-Wis.,", and at the end of a paragraph "..., according to former Sen. Scott Brown, R-Mass."
PARTY_AFTER_NAME = re.compile(r"\s*[(,]\s*([RDI])(?:\s*[-–]\s*[A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*)?)?\s*(?:[),]|\n|$)")


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
             own_entity: Span | None = None, shared: bool = False) -> tuple[str | None, list[str]]:
    """Role and affiliations from the words of a mention that are not the name itself.

    "US Defence Secretary Mark Esper" -> ("Defence Secretary", ["United States"]);
    "A NATO official" -> ("official", ["NATO"]). With ``shared``, the phrase is that of the first
    name of a list, and only a plural role is shared by the list's other names: "Republican
    presidential candidates Ben Carson and Chris Christie" -> ("presidential candidate", ["Republican"]).
    """
    role_tokens: list[Token] = []
    affiliations: list[str] = []
    places: list[tuple[int, Span]] = []  # the affiliations that are places, by index
    stop = name.start if name is not None else phrase.end
    i = phrase.start
    for tok in doc[phrase.start:stop]:  # a role never runs across a line break ("Test Town\n\nThe mayor")
        if "\n" in tok.text or "\n" in tok.whitespace_:
            i = tok.i + 1
    owners = _possessor_words(doc[i:stop])
    while i < stop:
        tok = doc[i]
        ent = entity_of(tok)
        if tok.lower_ in PARTIES and tok.text[:1].isupper():  # "Republican presidential nominee"
            if tok.i not in owners:
                affiliations.append(PARTIES[tok.lower_])
            i += 1
            continue
        glued = GLUED_WORD.fullmatch(tok.text)
        if glued is not None and glued.group(1).lower() in PARTIES:  # "Getty ImagesRepublican candidate"
            affiliations.append(PARTIES[glued.group(1).lower()])
            role_tokens = []  # the words before it are another text's: a photo credit
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
        if ent is not None and ent.label_ == "GPE" and ent.end < stop \
                and doc[ent.end].lower_.rstrip(".") in LEGISLATOR_TITLES:  # "Texas Sen. Ted Cruz"
            i = ent.end
            continue
        if ent is not None and ent.label_ in ENTITY_ORGANISATION and ent.end <= stop and ent != own_entity \
                and not portfolio:
            if ent.label_ == "GPE":
                places.append((len(affiliations), ent))
            affiliations.append(_local_body(doc, ent, doc[stop - 1]) if ent.label_ == "GPE"
                                else affiliation_name(ent.text))
            i = ent.end
            continue
        if tok.lower_ in COUNTRY_NAMES and tok.pos_ in {"PROPN", "ADJ", "NOUN"} and tok.text[:1].isupper():
            affiliations.append(COUNTRY_NAMES[tok.lower_])
        elif tok.i == stop - 1 and name is not None and tok.pos_ == "PROPN" and tok.lower_ in first_name_genders() \
                and tok.lower_.rstrip(".") not in TITLE_STEMS:
            pass  # a first name the recogniser left out of the name: "Ivanka" of "Ivanka Trump"
        elif tok.pos_ in ROLE_POS and tok.dep_ not in {"det", "case", "punct"} \
                and tok.lower_.rstrip(".") not in HONORIFICS:  # "Mrs." says who, not what
            role_tokens.append(tok)
        i += 1
    if name is None and role_tokens and role_tokens[-1].i != phrase.end - 1 and phrase[-1].pos_ in {"NOUN", "PROPN"}:
        role_tokens.append(phrase[-1])
    if role_tokens:  # "two Vermont developers": where they work, not whom they speak for
        where_only = {k for k, place in places if _only_where(place, role_tokens[-1])}
        affiliations = [a for k, a in enumerate(affiliations) if k not in where_only]
    place = _unrecognised_body(role_tokens) if not affiliations else []
    if place:  # "Charlotte Mayor Jennifer Roberts", "Trump lawyer Marc Kasowitz"
        affiliations.append(affiliation_name(doc[place[0].i:place[-1].i + 1].text))
        role_tokens = role_tokens[len(place):]
    plural = bool(role_tokens) and (role_tokens[-1].tag_ in PLURAL_TAGS or role_tokens[-1].lower_ in PLURAL_TITLES)
    if shared and not plural:
        return None, []  # "Sen. Ted Cruz and Marco Rubio": the title is the first one's
    if not role_tokens or not any(t.pos_ in {"NOUN", "PROPN"} for t in role_tokens) \
            or name is not None and not _names_a_role(role_tokens[-1]):
        return None, affiliations
    if plural and name is not None and not (shared or _listed(name.root)):
        return None, affiliations  # one person's role is never plural: not "Trump expectations"
    last = role_tokens[-1]
    start, end = trim(doc, role_tokens[0].idx, last.idx + len(last))
    if last.text.endswith(".") and len(last) > 1 and start < end:
        end = last.idx + len(last)  # an abbreviation keeps its dot: "Sen."
    role = _without_parties(doc[role_tokens[0].i:last.i + 1], text_of(doc)[start:end]) or None
    if plural and name is not None:  # "presidential candidates Ben Carson and Chris Christie"
        role = one_of(role, last)
    return role, affiliations


def _possessor_words(tokens: Iterable[Token]) -> set[int]:
    """The words of the possessors among ``tokens``, whose party is not the person's: "the
    Republican presidential nominee's eldest daughter" is no Republican."""
    return {t.i for tok in tokens if tok.dep_ == "poss" and tok.pos_ in {"NOUN", "PROPN"} for t in tok.subtree}


def _without_parties(words: Span, role: str) -> str:
    """A role without the party written inside it, which is the affiliation: "the former
    Republican mayor of New York" -> "former mayor"."""
    for tok in words[1:-1]:
        if tok.lower_ in PARTIES and tok.text[:1].isupper():
            role = role.replace(tok.text_with_ws, "", 1)
    return role


def one_of(role: str | None, last: Token) -> str | None:
    """A plural role, ending in ``last``, as each of the people it lists holds it."""
    if role is None or not role.endswith(last.text):
        return role
    return role[:len(role) - len(last.text)] + _singular(last)


def _singular(tok: Token) -> str:
    """A plural noun in the singular: "candidates" -> "candidate", "Senators" -> "Senator",
    "Sens." -> "Sen." (the lemmatiser leaves proper nouns as written)."""
    if tok.lemma_.lower() != tok.lower_:
        return tok.lemma_[:1].upper() + tok.lemma_[1:] if tok.text[:1].isupper() else tok.lemma_
    word, dot = (tok.text[:-1], ".") if tok.text.endswith(".") else (tok.text, "")
    if word.endswith("ies"):
        return word[:-3] + "y" + dot  # "Deputies"
    return (word[:-1] if word.endswith("s") else word) + dot


def _names_a_role(tok: Token) -> bool:
    """Whether the word just before a name can end a role: a noun ("strategist", "Sen."), or a
    title however it is tagged; not a verb the parser hung on the name ("satisfy Bernie Sanders")."""
    return (tok.pos_ in {"NOUN", "PROPN"} or tok.lower_.rstrip(".") in TITLE_STEMS) and not rarely_a_role(tok)


def rarely_a_role(tok: Token) -> bool:
    """A noun news seldom writes as a person's role: "the election, Minyon Moore", "Team Trump";
    or one too rare to have been counted that ends as the names of things and acts do: a verb
    tagged a noun ("satisfy Bernie Sanders"), "the matchup is irresistible: Pope Francis" (not
    "the gambling tycoon", "canvasser")."""
    if tok.pos_ not in {"NOUN", "PROPN"}:
        return False
    lemma = tok.lemma_.lower() if tok.pos_ == "NOUN" else tok.lower_
    if lemma in rarely_roles():
        return True
    return tok.pos_ == "NOUN" and lemma not in role_nouns() and lemma not in usual_roles() \
        and ABSTRACT_ENDING.search(lemma) is not None


def _listed(root: Token) -> bool:
    """Whether a name opens a list of people: "Ben Carson and Chris Christie"."""
    return any(c.dep_ == "conj" and (ent := entity_of(c)) is not None and ent.label_ == ENTITY_PERSON
               for c in root.children)


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
                or ent is not None and ent.label_ not in {ENTITY_PERSON, "FAC"}:  # "the Vatican spokesman"
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
    clauses = {t.i for c in child.children if c.dep_ in {"relcl", "acl"} for t in c.subtree}
    words = list(takewhile(lambda t: t.text != ",", (t for t in child.subtree if t.i not in clauses)))
    words = [t for t in words if not t.is_punct]  # "The March of Dimes, which signed ..." ends at the comma
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
    for child in list(root.children) + _subject_beside(ent):
        # an apposition after the name; the subject beside the name that the parse made of one
        if child.i < ent.end or child.dep_ != "appos" and child.head.i == root.i:
            continue
        between = text[ent.end_char:child.left_edge.idx]
        if "\n" in between or ":" in between or any(mark in between for mark in ALL_MARKS):
            continue  # the next line, a headline's words or a quotation, misparsed as an apposition
        if child.lower_ in PARTIES:
            return None, affiliations + [PARTIES[child.lower_]]  # "Patrick Leahy, Democrat of Vermont"
        after_comma = between.strip() == ","  # not "Bernie Sanders (Vt.)", nor "McCain: Republican Anger"
        stated = _noun_role(doc, child) if after_comma and child.pos_ == "PROPN" \
            and child.lower_.rstrip(".") in usual_roles() else None  # "Jon Husted, Ohio Secretary of State,"
        if stated is not None:
            return stated[0], affiliations + stated[1]
        body = _named_apposition(doc, child) if after_comma else None
        if body is not None:
            return None, affiliations + [affiliation_name(body)]  # "Jane Doe, The Daily Planet:"
        owned = _owned_role(doc, child) if after_comma else None
        if owned is not None:
            return owned[0], affiliations + [owned[1]]
        stated = _noun_role(doc, child) if _can_be_role(child) else None
        if stated is not None:
            return stated[0], affiliations + stated[1]
    return None, affiliations


def _subject_beside(ent: Span) -> list[Token]:
    """An apposition the parse took for a second subject of the name's verb, between commas
    right after the name: "Ban Ki-moon, the secretary general of the United Nations, vowed"."""
    root, doc = ent.root, ent.doc
    if root.dep_ not in SUBJECTS or ent.end + 1 >= len(doc) or doc[ent.end].text != ",":
        return []
    return [t for t in root.head.children if t.dep_ in SUBJECTS and t.i > root.i and t.left_edge.i == ent.end + 1
            and "," in {doc[t.right_edge.i].text, doc[min(t.right_edge.i + 1, len(doc) - 1)].text}]


def _owned_role(doc: Doc, child: Token) -> tuple[str, str] | None:
    """The role an apposition gives as a body's ("Rashad Robinson, Color of Change's executive
    director"), read from the words after the possessive, however the parse joins them: the role
    and the body."""
    ent = entity_of(child)
    if ent is None or ent.label_ not in {"ORG", "GPE"} or ent.start != child.left_edge.i:
        return None
    end = ent.end if doc[ent.end - 1].lower_ in POSSESSIVES else ent.end + 1
    if end > len(doc) or doc[end - 1].lower_ not in POSSESSIVES:
        return None
    words = list(takewhile(lambda t: t.pos_ in {"ADJ", "NOUN"} and entity_of(t) is None, doc[end:]))
    if not words or words[-1].pos_ != "NOUN" or not _can_be_role(words[-1]) or len(words) > APPOSITION_MAX_WORDS:
        return None
    start, stop = trim(doc, words[0].idx, words[-1].idx + len(words[-1]))
    body = doc[ent.start:end - 1]
    return text_of(doc)[start:stop], affiliation_name(body.text)


def _can_be_role(noun: Token) -> bool:
    """Whether a noun beside a name can head its role: one common noun, not "co" of "co-director"
    (the word's last part holds the rest), nor one news seldom writes as a role."""
    return noun.pos_ == "NOUN" and noun.tag_ not in PLURAL_TAGS and not _hyphen_follows(noun) \
        and not rarely_a_role(noun)


def _noun_role(doc: Doc, noun: Token) -> tuple[str, list[str]] | None:
    """The role a noun phrase states and the bodies it names: "a spokesman for the United Mine
    Workers of America" -> ("spokesman", [the union]); None when it is too long to be a role."""
    clauses = {t.i for c in noun.children if c.dep_ in {"relcl", "acl"} for t in c.subtree}
    tokens = [t for t in noun.subtree if t.i not in clauses]
    tokens = [doc[k] for k in range(_hyphenated_start(noun), tokens[0].i)] + tokens
    cut = next((k for k, t in enumerate(tokens) if k > 0 and t.dep_ == "punct"
                and not _inside_word(tokens[k - 1], t)), len(tokens))
    tokens = tokens[:cut]
    bodies = [e for e in entities(doc) if (e.label_ in ENTITY_ORGANISATION or e.label_ == ENTITY_PERSON)
              and tokens[0].i <= e.start and e.end <= tokens[-1].i + 1
              and e.text.lower() not in PARTIES  # "a former Clinton aide", "a fellow at the Council"
              and not portfolio_of(e) and not (e.label_ == "GPE" and _only_where(e, noun))]
    owners = _possessor_words(tokens)
    parties = [PARTIES[t.lower_] for t in tokens if t.lower_ in PARTIES and t.text[:1].isupper() and t.i not in owners]
    while len(tokens) > 1 and (tokens[0].dep_ == "det" or tokens[0].lower_ in PARTIES and tokens[0].text[:1].isupper()):
        tokens = tokens[1:]  # the party is the affiliation, not part of the role: "a Democratic strategist"
    objects = [e for e in bodies if e.root.dep_ == "pobj" and e.root.head.i >= tokens[0].i]
    named = _named_object(doc, noun) if not objects else None
    preposition = objects[0].root.head.i if objects else named[0].i if named else None
    if preposition is not None:  # the role stops at the preposition before the first body: "a fellow at [the Council]"
        tokens = [t for t in tokens if t.i < preposition] or tokens
    unlabelled = [affiliation_name(named[1])] if named else []
    if len(tokens) > APPOSITION_MAX_WORDS:  # "an outside adviser to the campaign on tax and budget issues"
        tokens = [t for t in tokens if t.i <= noun.i]  # the noun and its modifiers; bodies only after it
        bodies = [e for e in bodies if e.start > noun.i]
    start, end = trim(doc, tokens[0].idx, tokens[-1].idx + len(tokens[-1]))
    words = _without_parties(doc[tokens[0].i:tokens[-1].i + 1], text_of(doc)[start:end])
    if not 0 < len(words.split()) <= APPOSITION_MAX_WORDS:
        return None
    # whom the role is for before where it is: "South Carolina director for [Sanders]"; not a place
    # it is in or for: "U.S. ambassador to Burma"
    employers = [e for e in bodies if e in objects and e.label_ != "GPE"]
    ordered = employers + [e for e in bodies if e not in employers]
    return words, parties + unlabelled + [_local_body(doc, e, noun) if e.label_ == "GPE" else affiliation_name(e.text)
                                          for e in ordered]


def _local_body(doc: Doc, place: Span, head: Token) -> str:
    """A place in a role, with the body of it that a noun before the role's head names: "Tulsa
    police" of "Tulsa police Chief", "Charlotte-Mecklenburg police" of "the Charlotte-Mecklenburg
    police chief"; else the place."""
    end = place.end
    while end < head.i and (doc[end].text == "-" or doc[end].pos_ == "PROPN" and doc[end - 1].text == "-"):
        end += 1  # "-Mecklenburg"
    if end < head.i and doc[end].pos_ == "NOUN" and doc[end].lower_ in ORGANISATION_HEADS:
        return affiliation_name(doc[place.start:end + 1].text)
    return affiliation_name(place.text)


def _only_where(place: Span, noun: Token) -> bool:
    """Whether a place in a role says only where the person lives or works, not whom they speak
    for: "a retiree from Las Vegas", "a Miami lawyer" (not "the Tulsa police chief", "a Texas
    official", whose office is the place's)."""
    if place.root.dep_ == "pobj" and place.root.head.lower_ == "from":
        return True
    return place.end <= noun.i and _occupation(noun)


def _occupation(noun: Token) -> bool:
    """A noun news often writes as a person's role that is no office or source role: "lawyer",
    "developer" (not "mayor", "official"; nor "ministry", a body)."""
    lemma = noun.lemma_.lower()
    return lemma in usual_roles() and lemma.rstrip(".") not in TITLE_STEMS


def copular_role(doc: Doc, ent: Span) -> tuple[str | None, list[str]]:
    """The role a main clause gives its subject: "Rick Scott is the Republican governor of Florida"
    -> ("governor", ["Republican", ...]) as an apposition would, in the present and only with a
    noun that names what a person is ("Trump is a liar" says no role); "Holtz-Eakin served as
    director of the Congressional Budget Office and is now president of the American Action
    Forum": the last of the verbs that share the subject, what the person is now."""
    root, verb = ent.root, ent.root.head
    if root.dep_ not in SUBJECTS or verb.dep_ != "ROOT":
        return None, []  # not "polls showed Clinton was the winner"
    stated: tuple[str | None, list[str]] = (None, [])
    for shared in [verb, *(c for c in verb.children if c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"})]:
        if any(c.dep_ == "neg" for c in shared.children):
            continue
        if shared.lemma_ == "serve":
            stated = _clause_role(doc, shared) or stated
        elif shared.lemma_ == "be" and shared.tag_ in PRESENT_TAGS \
                and not any(c.dep_ in {"aux", "auxpass"} for c in shared.children):  # not "will not be"
            noun = next((c for c in shared.children if c.dep_ == "attr" and c.i > root.i), None)
            if noun is not None and _can_be_role(noun) and noun.lemma_.lower() in usual_roles() \
                    and noun.lemma_.lower() not in NO_ROLE_NOUNS:
                stated = _noun_role(doc, noun) or stated
    return stated


def appointed_role(doc: Doc, ent: Span) -> tuple[str | None, list[str]]:
    """The role a sentence says its subject was given: "Khan was elected as mayor of London",
    "Ann Lee was named chairwoman of the board" -> the role and bodies as an apposition gives them."""
    root, verb = ent.root, ent.root.head
    if root.dep_ != "nsubjpass" or verb.lemma_.lower() not in APPOINTING_VERBS \
            or any(c.dep_ == "neg" for c in verb.children):
        return None, []
    as_object = [o for c in verb.children if c.dep_ == "prep" and c.lower_ == "as"
                 for o in c.children if o.dep_ == "pobj"]
    noun = next((c for c in [*as_object, *verb.children] if c.i > verb.i and c.dep_ in {"pobj", "oprd", "attr", "dobj"}
                 and _can_be_role(c) and c.lemma_.lower() in usual_roles()), None)
    stated = _noun_role(doc, noun) if noun is not None else None
    return stated if stated is not None else (None, [])


def relative_role(doc: Doc, ent: Span) -> tuple[str | None, list[str]]:
    """The role and body a relative clause after the name, or after the noun in apposition to it,
    states: "Derek Mitchell, who served as U.S. ambassador to Burma" -> ("U.S. ambassador",
    ["United States", "Burma"]); "Luis Rubio, who heads the Center of Research for Development" ->
    ("head", [the centre]); "Douglas Holtz-Eakin, an economist who served as director of the
    Congressional Budget Office and is now president of the American Action Forum": the last
    conjunct, what the person is now."""
    text = text_of(doc)
    apposition = next((c for c in ent.root.children if c.dep_ == "appos" and c.i > ent.end), None)
    clauses = [c for c in ent.root.children if c.dep_ == "relcl" and c.i >= ent.end
               and text[ent.end_char:c.left_edge.idx].strip() == ","]
    clauses += [c for c in apposition.children if c.dep_ == "relcl"] if apposition is not None else []
    stated: tuple[str | None, list[str]] = (None, [])
    for clause in clauses:
        if not any(c.dep_ in SUBJECTS and c.lower_ == "who" for c in clause.children):
            continue
        for verb in [clause, *(c for c in clause.children if c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"})]:
            stated = _clause_role(doc, verb) or stated
    return stated


def _clause_role(doc: Doc, verb: Token) -> tuple[str | None, list[str]] | None:
    """What one verb of a relative clause says its subject is (see ``relative_role``)."""
    lemma = verb.lemma_.lower()
    noun = None
    if lemma == "serve":  # "who served as U.S. ambassador to Burma"
        prep = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "as"), None)
        noun = next((c for c in prep.children if c.dep_ in {"pobj", "obj"}), None) if prep is not None else None
    elif lemma == "be" and not any(c.dep_ == "neg" for c in verb.children):  # "who is now president of ..."
        noun = next((c for c in verb.children if c.dep_ == "attr" and (c.lemma_.lower() in usual_roles()
                                                                        or c.lemma_.lower() not in role_nouns())),
                    None)  # a noun too rare to be counted ("physician") unless rarely_a_role says otherwise
    elif lemma in HEADING_VERBS:  # "who heads the Center of Research for Development"
        headed = next((c for c in verb.children if c.dep_ in {"dobj", "obj"}), None)
        body = _body_in(doc, headed) if headed is not None else None
        return (HEADING_VERBS[lemma], [body]) if body is not None else None
    elif lemma in WORKING_VERBS:  # "who studies tax policy at the American Enterprise Institute"
        objects = [c for c in verb.children if c.dep_ in {"dobj", "obj"}]  # the parse may hang "at" on "policy"
        place = next((o for c in [*verb.children, *(c for o in objects for c in o.children)]
                      if c.dep_ == "prep" and c.lower_ in {"at", "for"}
                      for o in c.children if o.dep_ in {"pobj", "obj"}), None)
        body = _body_in(doc, place) if place is not None else None
        return (None, [body]) if body is not None else None
    return _noun_role(doc, noun) if noun is not None and _can_be_role(noun) else None


def body_written_for(doc: Doc, ent: Span) -> str | None:
    """The body a writer's verb, right after the name, says they write for: "wrote Cameron Easley
    for Morning Consult" (not "Easley wrote a note for the class")."""
    root, verb = ent.root, ent.root.head
    if root.dep_ not in SUBJECTS or verb.lemma_.lower() not in WORKING_VERBS:
        return None
    prep = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "for" and c.i == ent.end), None)
    written_for = next((o for o in prep.children if o.dep_ in {"pobj", "obj"}), None) if prep is not None else None
    return _body_in(doc, written_for) if written_for is not None else None


def body_after(doc: Doc, ent: Span, role: str | None) -> str | None:
    """The organisation a preposition right after the name names: "Stephen Vladeck of the
    University of Texas School of Law", "Dan McLaughlin at the National Review". A place only for
    the holder of an office that governs one (``role``: "Gov. Phil Bryant of Mississippi"): the
    state of "Sen. Lamar Alexander of Tennessee" is the one he represents. After the object of a
    preposition, only "of": "a mentor to Mr. Obama at Harvard Law School" was a mentor there."""
    labels = {"ORG", "GPE"} if role is not None and title_words(role) & PLACE_OFFICES else {"ORG"}
    text = text_of(doc)
    prepositions = {"of"} if ent.root.dep_ == "pobj" else BODY_PREPOSITIONS
    for prep in ent.root.children:
        between = text[ent.end_char:prep.idx]
        if prep.dep_ != "prep" or prep.i < ent.end or prep.lower_ not in prepositions \
                or between.strip() not in {"", ","} or "\n" in between:
            continue
        body = next((c for c in prep.children if c.dep_ in {"pobj", "obj"}), None)
        labelled = entity_of(body) if body is not None else None
        if labelled is not None and labelled.label_ in labels and labelled.root == body:
            return affiliation_name(labelled.text)
    return None


def group_party(ent: Span) -> str | None:
    """The party of the group a name is listed from: "some Republicans, including Sen. Lamar
    Alexander", "Democratic senators such as Jon Tester"."""
    prep = ent.root.head
    if ent.root.dep_ != "pobj" or prep.lower_ not in {"including", "like", "as"}:
        return None
    group = prep.head.head if prep.lower_ == "as" and prep.head.lower_ == "such" else prep.head
    if group.tag_ not in PLURAL_TAGS:
        return None
    words = [group] + [c for c in group.children if c.dep_ in {"amod", "compound"}]
    return next((PARTIES[w.lower_] for w in words if w.lower_ in PARTIES and w.text[:1].isupper()), None)


def _body_in(doc: Doc, head: Token) -> str | None:
    """The organisation a noun phrase names: the phrase itself ("the Center of Research for
    Development"), or the first organisation in it ("the department at the University of Nevada")."""
    bodies = [e for e in entities(doc)
              if e.label_ == "ORG" and head.left_edge.i <= e.start and e.end <= head.right_edge.i + 1]
    if bodies:
        return affiliation_name(bodies[0].text)
    named = _named_apposition(doc, head)
    return affiliation_name(named) if named is not None else None


def _named_object(doc: Doc, noun: Token) -> tuple[Token, str] | None:
    """The body a role is at or for, named in capitals though the recogniser labelled it no
    organisation: "a writer for [The Atlantic]", "a scholar at [the Center for Strategic and
    International Studies]"; and the preposition before it. Not the portfolio of "secretary of State"."""
    for holder in [noun] + [c for c in noun.children if c.dep_ == "conj" and c.pos_ == "NOUN"]:
        for prep in holder.children:
            if prep.dep_ != "prep" or prep.lower_ not in BODY_PREPOSITIONS \
                    or prep.lower_ == "of" and holder.lower_ in PORTFOLIO_OFFICES:
                continue
            body = next((c for c in prep.children if c.dep_ in {"pobj", "obj"}), None)
            if body is not None and body.pos_ == "NOUN":  # "for the Italian newspaper [Corriere della Sera]"
                body = next((c for c in body.children if c.dep_ == "appos" and c.i > body.i), None)
            name = _named_apposition(doc, body) if body is not None else None
            if name is not None:
                return prep, name
    return None


def is_kinship(role: str | None) -> bool:
    """Whether a role only says whose relative someone is: "mother", "eldest daughter", "9/11 widow"."""
    words = role.lower().split() if role else []
    return bool(words) and words[-1] in KINSHIP_NOUNS


def is_rank(role: str) -> bool:
    """Whether a role is only a military rank: "General", "Retired Lt. Gen.", not "Attorney General"."""
    words = [w.rstrip(".").lower() for w in role.split()]
    return bool(words) and words[-1] in RANKS and all(w in RANKS or w in RANK_MODIFIERS for w in words)


def _inside_word(before: Token, tok: Token) -> bool:
    """Whether a punctuation token joins the words around it ("co-director", "fast-food")."""
    return not before.whitespace_ and not tok.whitespace_ and tok.i + 1 < len(tok.doc)


def _hyphen_follows(tok: Token) -> bool:
    """Whether ``tok`` opens a hyphenated word whose last part the parser hung beside it: "co" of
    "co-director" (not "editor" of "editor-in-chief", whose other parts hang on it)."""
    doc = tok.doc
    return tok.i + 2 < len(doc) and doc[tok.i + 1].text in HYPHENS and _inside_word(tok, doc[tok.i + 1]) \
        and doc[tok.i + 2].head == tok.head and doc[tok.i + 2].dep_ == tok.dep_


def _hyphenated_start(tok: Token) -> int:
    """The first token of the hyphenated word that ``tok`` ends: "co" for "director" of "co-director"."""
    doc, i = tok.doc, tok.i
    while i >= 2 and doc[i - 1].text in HYPHENS and _inside_word(doc[i - 2], doc[i - 1]):
        i -= 2
    return i


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
