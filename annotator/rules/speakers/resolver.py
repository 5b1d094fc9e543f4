"""Mentions to speakers: each mention's head is resolved, by the step for its kind, to one
canonical speaker of the article, whose record gathers its names, roles and affiliations.

The steps: ``names`` (people the recogniser names, and capitalised names it missed),
``pronouns``, ``titles`` and ``descriptions`` (anonymous sources and organisations).
"""
from __future__ import annotations

import bisect
from collections.abc import Callable, Collection
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from annotator.parse.doc import (entities, entity_of, section_start, sentence_of, sentences_back, tagged, text_of,
                                tokens_in, trim)
from annotator.rules.evidence import Rule
from annotator.rules.cues import subject_of
from annotator.rules.lexicon import (AFFILIATION_NOUNS, ANONYMOUS_HEADS, ENTITY_ORGANISATION, ENTITY_PERSON,
                                     FINDING_SOURCES, GENDERED_WORDS, ISSUED_DOCUMENTS, NAME_TITLES,
                                     ORGANISATION_HEADS, PLATFORMS, RELATIVE_PRONOUNS, STAFF_ROLES, TITLE_MODIFIERS,
                                     TITLE_WORDS, first_name_genders, usual_roles)
from annotator.rules.mentions import (GENDER_OF_PRONOUN, NP_LEFT_DEPS, PERSON_KINDS, PLACE_ENTITIES, MentionKind,
                                     kind_of, name_words, named_apposition, noun_phrase)
from annotator.rules.speakers.names import (NameIndex, after_title, gender_of_name, name_without_titles, people,
                                            with_honorific)
from annotator.rules.speakers.pronouns import (PRONOUN_LOOKBACK_SENTENCES, SUBJECTS, is_subject, latest,
                                               possessive_owner, pronoun_after, subject_pronouns)
from annotator.rules.speakers.record import (PARTY_AFFILIATIONS, Candidate, Resolution, SpeakerKey, SpeakerKind,
                                             SpeakerRecord)
from annotator.rules.speakers.roles import (PLURAL_TAGS, affiliation_name, appointed_role, appositive_role, body_after,
                                            body_written_for, copular_role, describe, genders_of, group_party,
                                            is_kinship, is_rank, one_of, rarely_a_role, relative_role)
from annotator.rules.speakers.titles import COVERED_TITLES, role_holder, title_holder

OPTIONAL_STEPS = ("pronouns", "titles")  # steps ``without`` can leave out, to measure their worth
ARTICLES = frozenset({"a", "an", "the"})
# "the bank" is the organisation named in the last sentences whose name says not what it is
# ("Wells Fargo", not "the Tax Policy Center"); nouns for a state's institutions ("the
# government") are left alone.
BODY_NOUNS = frozenset("""company firm bank group organization organisation association foundation network
newspaper paper magazine outlet poll survey corporation alliance coalition union institute center centre
charity club airline fund trust agency website site publication blog broadcaster""".split())
# The words of a name that say it is what a description calls it: "the agency" is the Congressional
# Budget Office; else the description's own noun ("the commission": the Commission on ...)
BODY_KINDS = {"agency": frozenset("agency office department bureau administration service commission authority".split())}
TYPE_NOUNS = ORGANISATION_HEADS | BODY_NOUNS  # a name ending in one says what it is
BODY_LOOKBACK_SENTENCES = 2
ISSUER_LOOKBACK_SENTENCES = 3  # "the statement" is the one named in this many sentences before
ISSUERS = frozenset({MentionKind.PERSON, MentionKind.ORGANISATION})
OWNER_ENTITIES = frozenset({ENTITY_PERSON, "ORG"})  # "the Trump campaign": the recogniser calls Trump either
UNNAMED_OWNERS = frozenset({"the", "his", "her", "their"})  # "the campaign's press secretary", "his campaign manager"
INITIAL_SKIPS = frozenset({"of", "for", "and", "to", "on", "in", "at", "&"})  # "IMF": no letter for "of"
NARRATOR_PRONOUNS = frozenset({"i", "me", "my"})  # "we" is as often a newspaper's board or a crowd
WRITTEN_ROLE_POS = frozenset({"ADJ", "NOUN"})  # the words of a role the parse left unattached
SPOKESPEOPLE = frozenset({"spokesman", "spokeswoman", "spokesperson"})  # speak for the body named before
SPOKEN_FOR_SENTENCES = 2
DESCRIBED_PERSON_KINDS = frozenset({MentionKind.TITLE, MentionKind.ANONYMOUS, MentionKind.OTHER})  # see _described_people
# the children of a description's noun that say whom it means, so that it is no epithet
SELF_NAMING_DEPS = frozenset({"poss", "appos", "relcl", "acl"})


def outside_quotes(char: int) -> int | None:
    return None


def _stated_role(doc: Doc, ent: Span, name: Span) -> tuple[str | None, list[str]]:
    """The role and affiliations written with a person's name: before it ("Sen. Ted Cruz"), or as
    the noun it stands in apposition to ("the mayor, Ivo Brandt"); for a name of a list that has
    none of its own, a plural one before the list ("presidential candidates Ben Carson and Chris
    Christie"; not "Sen." of "Sen. Ted Cruz and Marco Rubio")."""
    own = _role_before(doc, ent.root, name, listed=False)
    first = _first_listed(ent.root)
    if own[0] is not None or first is None:
        return own
    first = name_without_titles(first)  # "Jon Tester" of "Sens. Jon Tester and ..."
    shared = _role_before(doc, first.root, first, listed=True)
    return shared if shared[0] is not None else own


def _role_before(doc: Doc, root: Token, name: Span, listed: bool) -> tuple[str | None, list[str]]:
    """The role written before a name (see ``_stated_role``); with ``listed``, only a plural one,
    which every name of the list holds."""
    head, head_kind = root.head, kind_of(root.head)
    own_role, own_affiliations = describe(doc, noun_phrase(root, with_titles=True), name, shared=listed)
    if root.dep_ == "appos" and head.i < name.start and own_role is None \
            and (head_kind in {MentionKind.TITLE, MentionKind.ANONYMOUS}  # "the mayor, Ivo Brandt"
                 or head_kind is MentionKind.OTHER and not rarely_a_role(head)):
        # "premier Adel Abdel Mahdi"; not "With 50 days until the election, Minyon Moore", nor
        # "Trump's running mate, Indiana Gov. Mike Pence", whose own title is the role
        role, affiliations = describe(doc, noun_phrase(head), None)
        if head.tag_ not in PLURAL_TAGS:
            return (None, []) if listed else (role, affiliations)
        return one_of(role, head), affiliations
    if not listed and _second_description(doc, root, name):  # the first description is the role
        role, affiliations = describe(doc, doc[head.left_edge.i:head.i + 1], None)
        return role or own_role, affiliations + [a for a in own_affiliations if a not in affiliations]
    return own_role, own_affiliations


def _second_description(doc: Doc, root: Token, name: Span) -> bool:
    """Whether a name is the last of two descriptions of one person that the parse joined to the
    first ("GOP presidential contender and former neurosurgeon Ben Carson"): the name hangs as a
    conjunct on a singular role noun without an article before it, and a noun of its own comes
    just before it. "The senator and Ben Carson" are two people."""
    head = root.head
    return root.dep_ == "conj" and head.i < name.start and head.pos_ == "NOUN" and head.tag_ not in PLURAL_TAGS \
        and not rarely_a_role(head) and not any(c.dep_ == "det" for c in head.children) \
        and name.start - 1 > head.i and doc[name.start - 1].pos_ == "NOUN"


def _role_written_before(doc: Doc, name: Span) -> tuple[str | None, list[str]]:
    """The role in the adjectives, nouns and bodies written just before a name in its sentence,
    the last a word that can be a role, wherever the parse hangs them: for a name that the parse
    gives no role ("Presumptive Democratic presidential nominee Hillary Clinton called",
    "Presumptive" taken for a verb whose object is "nominee")."""
    sentence, start = sentence_of(doc, name.start)[0], name.start
    while start > sentence:
        tok, ent = doc[start - 1], entity_of(doc[start - 1])
        if tok.is_punct or (tok.pos_ not in WRITTEN_ROLE_POS if ent is None else ent.label_ == ENTITY_PERSON):
            break  # a body's name ("Democratic") is read as describe reads it
        start -= 1
    if start == name.start or doc[name.start - 1].pos_ != "NOUN" or rarely_a_role(doc[name.start - 1]):
        return None, []
    return describe(doc, doc[start:name.end], name)


def _with_name_title(doc: Doc, name: Span, written: str) -> str:
    """A one-word name with the title that is part of it ("Pope Francis", "Queen Elizabeth")."""
    title = doc[name.start - 1] if len(name) == 1 and name.start > 0 else None
    return f"{title.text} {written}" if title is not None and title.lower_ in NAME_TITLES \
        and title.text[:1].isupper() else written


def _one_body(names: set[str]) -> str | None:
    """The one organisation that names stand for, written out in full: "United Nations Security
    Council" of it and "U.N. Security Council"; None when they name different bodies ("The New
    York Times", "Los Angeles Times")."""
    if not names:
        return None
    longest = max(names, key=lambda n: (len(n), n))
    return longest if all(_abbreviates(n, longest) for n in names) else None


def _abbreviates(short: str, full: str) -> bool:
    """Whether a name is another, or it with dotted initials for some of its words: "U.N. Security
    Council" of "United Nations Security Council"."""
    short_words, full_words = short.lower().split(), full.lower().split()
    i = 0
    for word in short_words:
        letters = word.replace(".", "") if word.endswith(".") and len(word) > 2 else None
        if letters and full_words[i:i + len(letters)] and "".join(w[0] for w in full_words[i:i + len(letters)]) == letters:
            i += len(letters)
        elif i < len(full_words) and full_words[i] == word:
            i += 1
        else:
            return False
    return i == len(full_words)


def _first_conjunct(noun: Token) -> Token:
    """The noun a list of nouns opens with, whose phrase holds the list's article: "governor" of
    "the former governor of Ohio and current Republican nominee"."""
    while noun.dep_ == "conj" and noun.head.pos_ == "NOUN" and noun.head.i < noun.i:
        noun = noun.head
    return noun


def _first_listed(root: Token) -> Span | None:
    """The first person of the list a name ends: "Ben Carson" of "Ben Carson and Chris Christie"."""
    first = root
    while first.dep_ == "conj" and first.head.i < first.i:
        first = first.head
    ent = entity_of(first)
    return ent if first is not root and ent is not None and ent.label_ == ENTITY_PERSON else None


def _names_what_someone_is(lemma: str) -> bool:
    """Whether a noun can head an epithet: a role's or a gendered noun ("businessman", "actress"),
    not an anonymous source's ("official") nor a word that only modifies a title ("state")."""
    return (lemma in usual_roles() or lemma in GENDERED_WORDS) and lemma not in ANONYMOUS_HEADS \
        and lemma not in TITLE_MODIFIERS


def _can_describe_a_person(noun: Token) -> bool:
    """Whether a noun can be a title or an epithet: "the senator", "the billionaire businessman"."""
    return kind_of(noun) is MentionKind.TITLE or _names_what_someone_is(noun.lemma_.lower())


class SpeakerResolver:
    """The canonical speakers of one article, built as quote speakers are resolved."""

    def __init__(self, doc: Doc, quote_at: Callable[[int], int | None] = outside_quotes,
                 without: Collection[str] = ()):
        """``quote_at(char)`` names the quotation holding a character (None outside quotes): a
        pronoun outside a quote never refers to a person named only inside one."""
        self.doc = doc
        self.text = text_of(doc)
        self.quote_at = quote_at
        self.without = frozenset(without)
        self.records: dict[SpeakerKey, SpeakerRecord] = {}
        self.people: list[Candidate] = []  # person mentions, for "he" and "she" later on
        self.speakers_so_far: list[Candidate] = []  # resolved speakers, for "they" and "it"
        self.groups: list[Candidate] | None = None  # people named together, found when "they" is first resolved
        # subjects resolved for _body_subjects and _described_people, by token
        self.subjects_resolved: dict[int, SpeakerKey | None] = {}
        self.description_subjects: list[int] | None = None  # the tokens _described_people resolves
        self.chain: list[int] | None = None  # the subject pronouns, found when "he" or "she" is first resolved
        self.chained: set[Candidate] = set()  # the pronouns among ``people``
        self.spoken: tuple[tuple[int, int, SpeakerKey], ...] = ()  # each resolved attribution's content, and speaker
        self.organisations: list[tuple[str, list[str], str]] | None = None  # see _organisation_names
        self.writers: tuple[list[Span], list[Span]] | None = None  # see _narrator
        persons = people(doc)
        self.persons = persons
        self.names = NameIndex(doc, persons)
        for ent in persons:
            self._add_person(ent, Rule.SPEAKER_NAME)
        named = {i for ent in persons for i in range(ent.start, ent.end)}
        for i in self.names.surname_positions():  # "Pence" where the recogniser saw no person, after "Mike Pence"
            if i not in named and self.names.knows_surname(doc[i]):
                self._add_person(doc[i:i + 1], Rule.SPEAKER_SURNAME)

    def record(self, key: SpeakerKey) -> SpeakerRecord:
        return self.records.setdefault(key, SpeakerRecord(key))

    def resolve(self, head: Token, content: tuple[tuple[int, int], ...] = ()) -> Resolution:
        """The canonical speaker a mention's head token stands for, and the rule that decided;
        ``content`` is what the mention is the source of (a pronoun refers to no one named there)."""
        if head.lower_ in RELATIVE_PRONOUNS and head.head.dep_ == "relcl" and head.head.head.i != head.i:
            noun = head.head.head  # "an architect who said ...": the mention is "who"
            if noun.dep_ == "appos" and kind_of(noun.head) is MentionKind.PERSON:
                noun = noun.head  # "John Bentel, a tech staffer at the State Department who told ...": the name
            return replace(self.resolve(noun), mention=(head.idx, head.idx + len(head)))
        head = named_apposition(head) or head
        if head.dep_ == "appos" and head.head.i < head.i and kind_of(head.head) is MentionKind.PERSON \
                and not kind_of(head).is_pronoun and kind_of(head) is not MentionKind.PERSON:
            head = head.head  # "Rep. Adam Schiff, the top Democrat on the committee, said": the name
        kind = kind_of(head)
        if not kind.is_pronoun and self.names.knows_surname(head, misspelt=True):
            _, mention, key = self._person_name(head.doc[head.i:head.i + 1])
            return Resolution(key, mention, Rule.SPEAKER_SURNAME)
        surname = self._surname_before_noun(head) if kind is MentionKind.OTHER else None
        if surname is not None:
            return self.resolve(surname, content)
        if kind is MentionKind.PERSON:
            return self._name(head)
        if kind.is_pronoun:
            return self._pronoun(head, kind, content)
        if "titles" not in self.without and (kind is MentionKind.TITLE or kind is MentionKind.ANONYMOUS
                                             and self._headline_title(head)):
            return self._title(head)
        if kind in {MentionKind.ANONYMOUS, MentionKind.OTHER} and "titles" not in self.without:
            holder = self._role_holder(head)
            if holder is not None:  # "the mega donor": the person named before as "Republican Party donor ..."
                return self._title(head, holder)
            in_view = self._person_in_view(head)
            if in_view is not None:
                return self._title(head, in_view, Rule.SPEAKER_EPITHET)
        return self._description(head, kind)

    def _surname_before_noun(self, head: Token) -> Token | None:
        """The surname opening a noun phrase whose head cannot speak, where the tagger read the
        verb after a name as a noun ("Trump avoids condemning", "Trump demands accountability"):
        the phrase has no determiner and its first word is a known surname."""
        if head.pos_ != "NOUN" or any(c.dep_ in {"det", "poss"} for c in head.lefts):
            return None
        first = noun_phrase(head)[0]
        return first if first.i < head.i and first.dep_ == "compound" and self.names.knows_surname(first) else None

    def _role_holder(self, head: Token) -> SpeakerKey | None:
        """The person a definite description stands for when its noun ends the role of one named
        before it: "the mega donor" after "Top Republican Party donor Sheldon Adelson"; the latest."""
        if head.pos_ != "NOUN" or head.tag_ in PLURAL_TAGS \
                or not any(c.lower_ == "the" and c.dep_ == "det" for c in head.children):
            return None
        lemma = head.lemma_.lower()
        return role_holder(head, self._people_in_section(head), self.records,
                           lambda role: role.split()[-1].lower() == lemma)

    def note_speaker(self, char: int, key: SpeakerKey, content: tuple[tuple[int, int], ...] = ()) -> None:
        """Remember who spoke at ``char``, the start of their mention, for "they" and "it" later
        on (the candidate is the mention's head: "official" of "A senior official"), and what they
        said, in which the people named are only talked about."""
        token = tokens_in(self.doc, char, char + 1)
        if token is not None:
            head = token[0]
            while head.dep_ in NP_LEFT_DEPS and head.head.i > head.i:
                head = head.head
            self.speakers_so_far.append(Candidate(head.i, key, True))
        self.spoken += tuple((start, end, key) for start, end in content)

    # names
    def _person_name(self, ent: Span) -> tuple[Span, tuple[int, int], SpeakerKey]:
        name = self.names.name_in(ent)
        gender = pronoun_after(self.doc, name, self.quote_at) \
            if len(name) == 1 and self.names.has_namesakes_of_both_genders(name.text) else None
        return name, trim(self.doc, name.start_char, name.end_char), \
            self.names.key_for(with_honorific(name), ent.start, gender)

    def _add_person(self, ent: Span, rule: Rule) -> SpeakerKey:
        """A person's name (an entity, or a known surname): its record gains the name, the mention,
        and the role, affiliation and gender that the name and the words around it state."""
        doc = self.doc
        name, (start, end), key = self._person_name(ent)
        record = self.record(key)
        record.add(_with_name_title(doc, name, self.text[start:end]), (start, end), rule)
        role, affiliations = _stated_role(doc, ent, name)
        if role is None:  # "Khan, a Muslim, was elected as mayor of London": the office before the description
            role, appointed = appointed_role(doc, ent)
            affiliations += appointed
        apposition, more = appositive_role(doc, ent)
        if apposition is None and not more and self.quote_at(ent.start_char) is None:
            apposition, more = copular_role(doc, ent)  # "Rick Scott is the Republican governor of Florida"
        if apposition is None and not more:
            apposition, more = relative_role(doc, ent)  # "Luis Rubio, who heads the Center of Research ..."
        elif not more:  # "an economist who ... is now president of the American Action Forum": the body
            more = relative_role(doc, ent)[1]
        record.genders |= genders_of(doc, ent, [role, apposition])  # a relative's word tells it too ("widow")
        if is_kinship(role):  # whose relative someone is: no role, and that person no affiliation
            role, affiliations = None, []
        if is_kinship(apposition):
            apposition, more = None, []
        if role is None and apposition is None:
            role, written = _role_written_before(doc, name)
            record.genders |= genders_of(doc, ent, [role])
            if is_kinship(role):
                role, written = None, []
            affiliations += [a for a in written if a not in affiliations]
        # a rank gives way to the office: "General Jonathan Vance, chief of defence staff"
        stated = (apposition, role) if role and apposition and is_rank(role) else (role, apposition)
        record.roles += [r for r in stated if r]
        self._note_first_name(record, name.text, after_title(doc, name.start))
        bound = pronoun_after(doc, name, self.quote_at)
        if bound is not None:
            record.bound_pronouns[bound] += 1
        # "Stephen Vladeck of the University of Texas School of Law"; not a headline's "Obama Speech at ..."
        body = (body_after(doc, ent, role) or body_written_for(doc, ent)) if not self.names.in_headline(ent) else None
        party = group_party(ent)  # "some Republicans, including Sen. Lamar Alexander"
        stated_bodies = affiliations + ([body] if body is not None else []) + more + ([party] if party else [])
        campaign = self._campaign_worked_for(ent) or self._possessor_worked_for(ent) \
            or self._spoken_for(ent, stated) if not stated_bodies else None
        record.affiliations += stated_bodies + ([campaign] if campaign is not None else [])
        self.people.append(Candidate(ent.root.i, key, is_subject(ent.root)))
        return key

    def _name(self, head: Token) -> Resolution:
        ent = entity_of(head)
        if ent is not None:
            _, mention, key = self._person_name(ent)
            if key not in self.records:
                self._add_person(ent, Rule.SPEAKER_NAME)
            return Resolution(key, mention, Rule.SPEAKER_NAME)
        phrase = noun_phrase(head)
        names = [t for t in phrase if t.pos_ == "PROPN" and t.i <= head.i and t.lower_ not in TITLE_WORDS]
        if not names:
            return self._description(head, MentionKind.ANONYMOUS)
        # "CNS", "Peabody": the initials or first word of an organisation the article names in full
        if len(phrase) == 1 and self._full_name(phrase, head.lower_) is not None:
            return self._description(head, MentionKind.ORGANISATION)
        start, end = names[0].idx, names[-1].idx + len(names[-1])
        key = self.names.key_for(self.text[start:end], names[0].i)
        record = self.record(key)
        record.add(self.text[start:end], (start, end), Rule.SPEAKER_PROPER_NOUN)
        self._note_first_name(record, self.text[start:end], after_title(self.doc, names[0].i))
        self.people.append(Candidate(head.i, key, is_subject(head)))
        return Resolution(key, (start, end), Rule.SPEAKER_PROPER_NOUN)

    def _note_first_name(self, record: SpeakerRecord, name: str, titled: bool) -> None:
        """The gender a name's first name tells; of a name of one word, kept apart (see
        ``SpeakerRecord.gender``) unless the article writes it as someone's surname. ``titled``:
        a title or an honorific stands before the name."""
        words = name_words(name)
        record.titled |= titled
        if len(words) > 1:
            gender = gender_of_name(words)
            if gender is not None:
                record.genders.add(gender)
        elif words and words[0] not in self.names.full_names and words[0] in first_name_genders():
            record.given_name_genders.add(first_name_genders()[words[0]])

    # pronouns
    def _pronoun(self, head: Token, kind: MentionKind, content: tuple[tuple[int, int], ...]) -> Resolution:
        span = (head.idx, head.idx + len(head))
        key = None
        if "pronouns" in self.without:
            return Resolution(None, span, Rule.SPEAKER_UNRESOLVED)
        if kind in GENDER_OF_PRONOUN:
            if self.chain is None:
                self.chain = subject_pronouns(self.doc)
            candidates = self.people + self._described_people(head.i, PRONOUN_LOOKBACK_SENTENCES)
            key = latest(self.doc, head.i, candidates, self._gender_of, self.quote_at, GENDER_OF_PRONOUN[kind],
                         content=content, spoken=self.spoken, chain=self.chain)
        elif kind is MentionKind.FIRST_PERSON:
            return self._narrator(head, span)
        elif kind in {MentionKind.GROUP_PRONOUN, MentionKind.THING_PRONOUN}:
            owner = possessive_owner(head)
            if owner is not None:  # "The group repeated its claim": the subject of the clause
                return replace(self.resolve(owner), mention=span)
            if kind is MentionKind.GROUP_PRONOUN:  # "they" can be people named together, or described
                groups = [c for c in self.speakers_so_far if c.key.kind is not SpeakerKind.PERSON] + self._named_groups()
            else:  # "it" is a body or a thing, never a person described ("The GOP candidate proposes ... it says")
                groups = [c for c in self.speakers_so_far if c.key.kind is not SpeakerKind.PERSON
                          and kind_of(self.doc[c.token]) not in PERSON_KINDS] \
                    + self._body_subjects(head.i, PRONOUN_LOOKBACK_SENTENCES, singular=True)
            key = latest(self.doc, head.i, groups, self._gender_of, self.quote_at, subjects_first=False,
                         content=content)
        if key is None:
            return Resolution(None, span, Rule.SPEAKER_UNRESOLVED)
        candidate = Candidate(head.i, key, head.dep_ in SUBJECTS)
        if kind in GENDER_OF_PRONOUN and candidate not in self.chained:  # "she says ... she yells": the chain goes on
            self.chained.add(candidate)  # once, however often the pronoun is resolved (runners-up, nearer mentions)
            self.people.append(candidate)
        self.records[key].add(None, span, Rule.SPEAKER_PRONOUN)
        return Resolution(key, span, Rule.SPEAKER_PRONOUN)

    def _narrator(self, head: Token, span: tuple[int, int]) -> Resolution:
        """Who "I" is outside quotation marks: the writer of a letter, who signs it on a line of
        their own after it ("Chris Smith."), or of an opinion piece whose last paragraph says who
        they are ("Charlotte Meehan is playwright-in-residence at ...")."""
        if head.lower_ not in NARRATOR_PRONOUNS or self.quote_at(head.idx) is not None:
            return Resolution(None, span, Rule.SPEAKER_UNRESOLVED)
        if self.writers is None:  # the signatures, and the writer the last paragraph introduces: found once
            self.writers = ([ent for ent in self.persons if self._signs(ent)],
                            [ent for ent in self.persons if self._introduces_writer(ent)])
        signatures, introduced = self.writers
        writers = [ent for ent in signatures if ent.start > head.i] or introduced
        if not writers:
            return Resolution(None, span, Rule.SPEAKER_UNRESOLVED)
        key = self._person_name(writers[0])[2]
        self.record(key).add(None, span, Rule.SPEAKER_NARRATOR)
        return Resolution(key, span, Rule.SPEAKER_NARRATOR)

    def _signs(self, ent: Span) -> bool:
        """Whether a person's name stands on a line of its own, as a letter's signature."""
        start, end = self.text.rfind("\n", 0, ent.start_char) + 1, self.text.find("\n", ent.end_char)
        return self.text[start:end if end >= 0 else len(self.text)].strip().rstrip(".") == ent.text

    def _introduces_writer(self, ent: Span) -> bool:
        """Whether a person's name opens the last paragraph and says what they are: the writer's
        note under an opinion piece."""
        last = self.text.rstrip().rfind("\n") + 1
        return ent.start_char == last and ent.end < len(self.doc) and self.doc[ent.end].lemma_ == "be"

    def _named_groups(self) -> list[Candidate]:
        """People named together as a subject ("Amy Klobuchar, Tina Smith and Cory Booker wrote
        ..."): one group speaker each, whom a later "they" can refer to."""
        if self.groups is None:
            self.groups = []
            for person in [p for p in self.people if p.is_subject]:  # a copy: resolving members can add people
                head = self.doc[person.token]
                members = [head] + [t for t in head.subtree
                                    if t.dep_ in {"conj", "appos"} and kind_of(t) is MentionKind.PERSON]
                if kind_of(head) is not MentionKind.PERSON or len(members) < 2:
                    continue
                first, last = (entity_of(m) or self.doc[m.i:m.i + 1] for m in (members[0], members[-1]))
                first = name_without_titles(first)  # "Amy Klobuchar" of "Sens. Amy Klobuchar"
                start, end = trim(self.doc, first.start_char, last.end_char)
                key = SpeakerKey(SpeakerKind.GROUP, " ".join(str(self.resolve(m).key) for m in members))
                self.record(key).add(self.text[start:end], (start, end), Rule.SPEAKER_NAME)
                self.groups.append(Candidate(person.token, key, True))
        return self.groups

    def _body_subjects(self, before: int, sentences: int, singular: bool = False) -> list[Candidate]:
        """Organisations that are the subject of a clause outside quotation marks in this many
        sentences before token ``before``, in its section (in the singular, with ``singular``):
        whom "it" can refer to though they said nothing ("Donald Trump's campaign is defending his
        tweets. It's denouncing ..."), and whom a spokesperson speaks for; each resolved once."""
        subjects = [t.i for t in self.doc[self._window_start(before, sentences):before]
                    if t.dep_ in SUBJECTS and not (singular and t.tag_ in PLURAL_TAGS)
                    and kind_of(t) is MentionKind.ORGANISATION and self.quote_at(t.idx) is None]
        return self._subjects_standing_for(subjects, SpeakerKind.ORGANISATION)

    def _window_start(self, before: int, sentences: int) -> int:
        """The first token of the last ``sentences`` sentences before token ``before``, in its section."""
        return max(section_start(self.doc, before), sentences_back(self.doc, before, sentences))

    def _subjects_standing_for(self, subjects: list[int], kind: SpeakerKind) -> list[Candidate]:
        """The subjects (tokens) that stand for a speaker of this kind, each resolved once."""
        found = []
        for i in subjects:
            if i not in self.subjects_resolved:
                self.subjects_resolved[i] = self.resolve(self.doc[i]).key
            key = self.subjects_resolved[i]
            if key is not None and key.kind is kind:
                found.append(Candidate(i, key, True))
        return found

    def resolve_described_subjects(self) -> None:
        """Resolve every title and epithet that is the subject of a clause outside quotation marks,
        though it said nothing: what it calls the person it stands for is their role and party ("The
        presumptive Republican nominee has spent ..." tells both of Trump, quoted elsewhere). Run
        once the attributions are resolved, whose pronouns are then candidates too. Only the words
        that can name what someone is are resolved: "the plan" would only add a description."""
        self._subjects_standing_for([i for i in self._description_subjects() if _can_describe_a_person(self.doc[i])],
                                    SpeakerKind.PERSON)

    def _description_subjects(self) -> list[int]:
        """The tokens of titles and epithets that are subjects outside quotation marks, found once."""
        if self.description_subjects is None:
            self.description_subjects = [t.i for t in tagged(self.doc, {"NOUN"}) if t.dep_ in SUBJECTS
                                         and kind_of(t) in DESCRIBED_PERSON_KINDS and self.quote_at(t.idx) is None]
        return self.description_subjects

    def _people_in_section(self, head: Token) -> list[Candidate]:
        """The people named in the story of a live blog that holds ``head`` (all, in any other
        article): the holder of a title is never one of an earlier story."""
        start = section_start(self.doc, head.i)
        return [c for c in self.people if c.token >= start] if start else self.people

    def _described_people(self, before: int, sentences: int) -> list[Candidate]:
        """People a title or an epithet stands for as the subject of a clause outside quotation
        marks in this many sentences before token ``before``, though they said nothing there: whom a
        later "he" or "she" can refer to ("The radio talker has filled his speeches with scripture.
        He has declared ..."); each resolved once."""
        subjects = self._description_subjects()
        in_window = subjects[bisect.bisect_left(subjects, self._window_start(before, sentences)):
                             bisect.bisect_left(subjects, before)]
        return self._subjects_standing_for(in_window, SpeakerKind.PERSON)

    def _gender_of(self, key: SpeakerKey) -> str | None:
        return self.records[key].gender

    # titles
    def _title(self, head: Token, key: SpeakerKey | None = None, rule: Rule = Rule.SPEAKER_TITLE) -> Resolution:
        """The person who holds a title ("the senator"), or ``key``, found for a description by ``rule``."""
        headline = self._in_headline(head)
        if key is None and head.lemma_.lower() not in TITLE_MODIFIERS:
            key = title_holder(head, self._people_in_section(head), self.records, headline)
        if key is None:
            in_view = self._person_in_view(head)
            if in_view is None:
                return self._description(head, MentionKind.ANONYMOUS)
            key, rule = in_view, Rule.SPEAKER_EPITHET
        phrase = noun_phrase(head)
        mention = trim(self.doc, phrase.start_char, phrase.end_char)
        record = self.records[key]
        if mention not in record.mentions and not headline:  # resolved again, or a headline's: adds nothing
            role, affiliations = describe(self.doc, phrase, None)  # "The Democratic senator": a party, after the name's role
            record.roles += [role] if role else []
            record.affiliations += affiliations
        record.add(None, mention, rule)
        return Resolution(key, mention, rule)

    def _person_in_view(self, head: Token) -> SpeakerKey | None:
        """The person an epithet stands for: a definite description of what someone is that no one
        named before holds as a role ("Trump said ... the billionaire businessman added", "the Vermont
        senator"), found as a subject "he" or "she" would be, among the people named whose gender and
        party do not contradict it. Not a description an anonymous source had before ("a woman ...
        the woman"), nor one that says whom it means ("the woman who ...", "the mayor's spokesman"), nor
        an owner ("Ivanka Trump, the nominee's daughter"), nor one in a headline, before anyone is named."""
        lemma = head.lemma_.lower()
        if head.pos_ != "NOUN" or head.tag_ in PLURAL_TAGS or head.dep_ == "poss" or not _names_what_someone_is(lemma) \
                or noun_phrase(_first_conjunct(head))[0].lower_ != "the" \
                or any(c.dep_ in SELF_NAMING_DEPS for c in head.children) or self._in_headline(head):
            return None
        phrase = noun_phrase(head)
        if self._description_key(phrase, SpeakerKind.ANONYMOUS) in self.records:
            return None
        parties = {a for a in describe(self.doc, phrase, None)[1] if a in PARTY_AFFILIATIONS}
        in_view = self.people + self._described_people(head.i, PRONOUN_LOOKBACK_SENTENCES)
        fitting = [c for c in in_view if not parties or self._party_of(c.key) in parties | {None}]
        # none of its own sentence: "Sanders advised Clinton, as the nominee ..."
        sentence_start = sentence_of(self.doc, head.i)[0]
        return latest(self.doc, sentence_start, fitting, self._gender_of, self.quote_at, GENDERED_WORDS.get(lemma))

    def _party_of(self, key: SpeakerKey) -> str | None:
        affiliation = self.records[key].affiliation
        return affiliation if affiliation in PARTY_AFFILIATIONS else None

    def _headline_title(self, head: Token) -> bool:
        """A singular noun for a holder of offices that a headline writes without an article
        ("Lawmaker urges retaliation on Russia"): the title of the first holder named after it."""
        return head.lemma_.lower() in COVERED_TITLES and head.tag_ not in PLURAL_TAGS \
            and not any(c.dep_ == "det" for c in head.children) and self._in_headline(head)

    def _in_headline(self, head: Token) -> bool:
        """Whether a word is in a headline: a line in title case, or the article's first line when
        more follow ("Judge rejects New York Times request ...")."""
        first_line_end = self.text.find("\n")
        return 0 <= head.idx < first_line_end < len(self.text.rstrip()) \
            or self.names.in_headline(head.doc[head.i:head.i + 1])

    # descriptions

    def _named_body(self, head: Token) -> Span | None:
        """The organisation named before that "the commission" or "the fund" stands for: the latest
        one whose name holds the description's noun ("the Commission on Presidential Debates"); for
        a noun of ``BODY_NOUNS`` whose name does not ("the bank"), the latest named in the last
        sentences ("Wells Fargo")."""
        if head.pos_ != "NOUN" or entity_of(head) is not None or not any(c.lower_ == "the" for c in head.lefts):
            return None
        lemma = head.lemma_.lower()
        before = [e for e in entities(self.doc) if e.label_ == "ORG" and e.end <= head.i]
        kinds = BODY_KINDS.get(lemma, {lemma})
        bodies = [e for e in before if len(e) > 1 and kinds & {t.lemma_.lower() for t in e}]
        if bodies:
            return bodies[-1]
        if lemma not in BODY_NOUNS:
            return None
        recent = [e for e in before if e.start >= sentences_back(self.doc, head.i, BODY_LOOKBACK_SENTENCES)
                  and e[-1].lower_ not in TYPE_NOUNS
                  and not self.names.knows_surname(e.root)]  # "Trump" taken for an organisation
        return recent[-1] if recent else None

    def _owned_body(self, head: Token) -> tuple[str, SpeakerKey] | None:
        """The campaign, administration or foundation of a person named before that "the campaign"
        stands for: the latest "Trump campaign" or "Hillary Clinton's campaign" in its section,
        one speaker per owner's surname and noun."""
        lemma = head.lemma_.lower()
        if lemma not in AFFILIATION_NOUNS or not any(c.lower_ == "the" for c in head.lefts):
            return None
        return self._latest_owned(head)

    def _latest_owned(self, head: Token) -> tuple[str, SpeakerKey] | None:
        """The latest "Trump campaign" or "Hillary Clinton's campaign" before ``head`` (a
        campaign, administration ...) in its section, and its speaker key."""
        lemma = head.lemma_.lower()
        since = section_start(self.doc, head.i)
        for noun in reversed(self.doc[since:head.i]):
            owner = next((e for c in noun.children if c.dep_ in {"compound", "poss"}
                          and (e := entity_of(c)) is not None and e.label_ in OWNER_ENTITIES), None)
            if noun.lemma_.lower() == lemma and owner is not None and not self.quote_at(noun.idx):
                start, end = trim(self.doc, owner.start_char, noun.idx + len(noun))
                surname = name_words(owner.text)[-1]
                return self.text[start:end], SpeakerKey(SpeakerKind.ORGANISATION, f"{surname} {lemma}")
        return None

    def _campaign_worked_for(self, ent: Span) -> str | None:
        """The campaign (administration ...) a role before or after a name works for without naming
        whose: "Brian Fallon, the campaign's press secretary", "his campaign manager Jeff Weaver":
        the latest one named in full before it, in its section."""
        phrase = noun_phrase(ent.root, with_titles=True)
        words = list(self.doc[phrase.start:ent.start]) + [
            t for c in ent.root.children if c.dep_ == "appos" and c.i >= ent.end for t in c.subtree]
        for tok in words:
            if tok.lemma_.lower() in AFFILIATION_NOUNS and tok.dep_ in {"compound", "poss"} \
                    and all(c.dep_ == "case" or c.lower_ in UNNAMED_OWNERS for c in tok.children):
                owned = self._latest_owned(tok)
                return owned[0] if owned is not None else None
        return None

    def _spoken_for(self, ent: Span, roles: tuple[str | None, ...]) -> str | None:
        """The organisation a spokesperson whose role names none speaks for: the one the sentences
        just before, in its section, have as their subject ("Donald Trump's campaign is defending
        his tweets ... Spokeswoman Jessica Ditto said")."""
        if not any(role and role.split()[-1].lower() in SPOKESPEOPLE for role in roles):
            return None
        bodies = [c for c in self._body_subjects(ent.start, SPOKEN_FOR_SENTENCES)  # not a country's: see
                  if self.doc[c.token].ent_type_ not in PLACE_ENTITIES]  # context_affiliation
        return affiliation_name(self.records[bodies[-1].key].name) if bodies else None

    def _possessor_worked_for(self, ent: Span) -> str | None:
        """Whom a staff role written with "his" or "her" works for: "Her chief policy aide, Jake
        Sullivan" after Hillary Clinton -> "Clinton"; "his campaign manager Jeff Weaver" -> "Sanders
        campaign". The pronoun is the latest person of its gender before, as "he" and "she" are."""
        root = ent.root
        role = root.head if root.dep_ == "appos" and root.head.i < ent.start else \
            next((c for c in root.lefts if c.dep_ == "compound" and c.pos_ == "NOUN"), None)
        if role is None or role.lemma_.lower() not in STAFF_ROLES:
            return None
        words = self.doc[min(role.left_edge.i, root.left_edge.i):ent.start]
        pronoun = next((t for t in words if t.dep_ == "poss" and kind_of(t) in GENDER_OF_PRONOUN), None)
        if pronoun is None:
            return None
        key = latest(self.doc, pronoun.i, self.people, self._gender_of, self.quote_at,
                     GENDER_OF_PRONOUN[kind_of(pronoun)])
        if key is None:
            return None
        surname = self.records[key].name.split()[-1]
        return f"{surname} campaign" if any(t.lemma_.lower() == "campaign" for t in words) else surname

    def _full_name(self, mention: Span, short: str) -> str | None:
        """The one longer name of an organisation in the article that ``mention``, written
        ``short``, abbreviates: its initials ("IMF": "International Monetary Fund"), its last
        words ("the Times": "The New York Times") or, no one's name, its first word ("Peabody":
        "Peabody Energy")."""
        if " ".join(w for w in mention.text.lower().split() if w not in ARTICLES) != short:
            return None  # the mention says more than the name ("the IMF's report")
        words = short.split()
        fulls = self._spelling_out(short) if len(words) == 1 else set()
        fulls |= {name for name, long_words, _ in self._organisation_names()
                  if len(long_words) > len(words) and long_words[-len(words):] == words}
        if len(words) == 1 and words[0] not in self.names.body_name_words:
            fulls |= {name for name, long_words, _ in self._organisation_names()
                      if len(long_words) > 1 and long_words[0] == words[0]}
        return _one_body(fulls)

    def _spelling_out(self, initials: str) -> set[str]:
        """The names of the article's organisations of more than one word with these initials."""
        return {name for name, words, first_letters in self._organisation_names()
                if len(words) > 1 and first_letters == initials.lower()}

    def spelt_out(self, affiliation: str | None) -> str | None:
        """An affiliation in initials as the article spells it out, when one organisation it
        names has those initials ("DNC": "Democratic National Committee"); else as it is."""
        if affiliation is None or not (affiliation.isupper() and affiliation.isalpha() and len(affiliation) > 1):
            return affiliation
        fulls = self._spelling_out(affiliation)
        return next(iter(fulls)) if len(fulls) == 1 else affiliation

    def _organisation_names(self) -> list[tuple[str, list[str], str]]:
        """Each organisation entity's name, its words (articles aside) and their initials, found once."""
        if self.organisations is None:
            self.organisations = []
            for ent in entities(self.doc):
                if ent.label_ == "ORG":
                    name = affiliation_name(ent.text)
                    words = [w for w in name.lower().split() if w not in ARTICLES]
                    self.organisations.append((name, words, "".join(w[0] for w in words if w not in INITIAL_SKIPS)))
        return self.organisations

    def _issuer(self, document: Token, depth: int = 0) -> Token | None:
        """Who issued a document that speaks ("the statement noted"): the person or body its own
        words name ("Clinton's statement", "a Reuters survey"; a platform is no issuer: "a Facebook
        post" stays the post), or, for "the statement", that of the same document named in the
        sentences before, or the subject that issued it ("the Security Council issued a
        statement"). The issuer is always named before the document, so the search ends."""
        lemma = document.lemma_.lower()
        if lemma not in ISSUED_DOCUMENTS or entity_of(document) is not None:  # "The Washington Post" is a body
            return None
        owner = next((c for c in document.children if c.dep_ in {"poss", "nmod:poss", "compound"}
                      and kind_of(c) in ISSUERS and c.lower_ not in PLATFORMS), None)
        if owner is not None or depth > 0 or not any(c.lower_ == "the" for c in document.lefts):
            return owner if owner is not None and owner.i < document.i else None
        since = self._window_start(document.i, ISSUER_LOOKBACK_SENTENCES)
        kinds = FINDING_SOURCES if lemma in FINDING_SOURCES else {lemma}
        for earlier in reversed(self.doc[since:document.i]):
            if earlier.lemma_.lower() not in kinds or earlier.dep_ == "compound" or self.quote_at(earlier.idx) is not None:
                continue
            issuer = self._issuer(earlier, depth + 1)
            if issuer is None and earlier.dep_ in {"dobj", "obj"} and earlier.head.pos_ == "VERB":
                issuer = subject_of(earlier.head)  # "the Security Council issued a statement"
            return issuer if issuer is not None and issuer.i < document.i and kind_of(issuer) in ISSUERS else None
        return None

    def _description_key(self, phrase: Span, kind: SpeakerKind) -> SpeakerKey:
        """One speaker per description's words: "a woman" and "the woman" are one."""
        start, end = trim(self.doc, phrase.start_char, phrase.end_char)
        return SpeakerKey(kind, " ".join(w for w in self.text[start:end].lower().split() if w not in ARTICLES))

    def _description(self, head: Token, kind: MentionKind) -> Resolution:
        """An anonymous source or an organisation: one speaker per description's words, the
        person or body that issued a document, or the organisation named before that a definite
        description stands for."""
        phrase = noun_phrase(head)
        start, end = trim(self.doc, phrase.start_char, phrase.end_char)
        issuer = self._issuer(head)
        if issuer is not None:
            issued = self.resolve(issuer)
            if issued.key is not None:
                self.record(issued.key).add(None, (start, end), Rule.SPEAKER_ISSUER)
                return Resolution(issued.key, (start, end), Rule.SPEAKER_ISSUER)
        owned = self._owned_body(head) if kind in {MentionKind.ORGANISATION, MentionKind.OTHER} else None
        if owned is not None:
            name, key = owned
            self.record(key).add(name, (start, end), Rule.SPEAKER_NAMED_BODY)
            return Resolution(key, (start, end), Rule.SPEAKER_NAMED_BODY)
        body = self._named_body(head) if kind in {MentionKind.ORGANISATION, MentionKind.OTHER} else None
        if body is not None:
            name_start, name_end = trim(self.doc, body.start_char, body.end_char)
            name = self.text[name_start:name_end]
            name = name[4:] if name.lower().startswith("the ") else name
            key = SpeakerKey(SpeakerKind.ORGANISATION, name.lower())
            record = self.record(key)
            record.add(None if record.names else name, (start, end), Rule.SPEAKER_NAMED_BODY)
            return Resolution(key, (start, end), Rule.SPEAKER_NAMED_BODY)
        words = self.text[start:end]
        speaker_kind = SpeakerKind.ORGANISATION if kind is MentionKind.ORGANISATION else SpeakerKind.ANONYMOUS
        key = self._description_key(phrase, speaker_kind)
        ent = entity_of(head)
        full = self._full_name(ent or phrase, key.name) if speaker_kind is SpeakerKind.ORGANISATION else None
        if full is not None:  # "the IMF" is the International Monetary Fund named in the article
            key = SpeakerKey(SpeakerKind.ORGANISATION, full.lower())
        record = self.record(key)
        record.add(full or (None if record.names else words), (start, end), Rule.SPEAKER_DESCRIPTION)
        own = ent if ent is not None and ent.label_ in ENTITY_ORGANISATION else None
        role, affiliations = describe(self.doc, phrase, None, own_entity=own)
        if speaker_kind is not SpeakerKind.ORGANISATION and role:
            record.roles.append(role)
        record.affiliations += affiliations
        return Resolution(key, (start, end), Rule.SPEAKER_DESCRIPTION)
