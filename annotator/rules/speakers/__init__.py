"""Who said it: speaker mentions resolved to one canonical speaker per person or body, with role
and affiliation gathered from every mention of that speaker in the article."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from annotator.rules.lexicon import (COUNTRY_NAMES, ENTITY_ORGANISATION, ENTITY_PERSON, GENDERED_WORDS, RELATIVE_PRONOUNS,
                                 TITLE_STEMS, TITLE_WORDS)
from annotator.rules.marks import ALL_MARKS
from annotator.rules.mentions import (entity_of, kind_of, name_words, named_apposition, noun_phrase, text_of, titled_name,
                                tokens_in, trim)

SUBJECTS = frozenset({"nsubj", "nsubjpass"})
ROLE_POS = frozenset({"NOUN", "PROPN", "ADJ", "VERB"})
PRONOUN_LOOKBACK_SENTENCES = 4
CONTEXT_SENTENCES = 3
NAMESAKE_LOOKBACK_SENTENCES = 5
CONFIDENCE = {"name": 1.0, "description": 0.95, "proper noun": 0.85, "pronoun": 0.8, "title": 0.7,
              "unresolved": 0.3}


@dataclass
class Entity:
    """One canonical speaker being assembled: every name, mention, role and affiliation seen."""

    key: str
    kind: str
    names: Counter[str] = field(default_factory=Counter)  # every name written, how often
    mentions: list[tuple[int, int]] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    affiliations: list[str] = field(default_factory=list)
    genders: set[str] = field(default_factory=set)  # from titles and roles ("Mrs.", "spokesman")

    @property
    def name(self) -> str:
        """The full name written most often ("Hillary Clinton", not the one "Crooked Hillary
        Clinton"); the longest name when none has two words."""
        full = [n for n in self.names if len(n.split()) > 1]
        if full:
            return max(full, key=lambda n: (self.names[n], len(n)))
        return max(self.names, key=len) if self.names else self.key

    @property
    def role(self) -> str | None:
        """The most informative role: the one of most words, the first seen among equals."""
        return max(self.roles, key=lambda r: len(r.split())) if self.roles else None

    @property
    def gender(self) -> str | None:
        """"m" or "f" when every title and role seen agrees; mentions of namesakes can disagree."""
        return next(iter(self.genders)) if len(self.genders) == 1 else None

    @property
    def affiliation(self) -> str | None:
        return Counter(self.affiliations).most_common(1)[0][0] if self.affiliations else None

    def add(self, name: str | None, mention: tuple[int, int]) -> None:
        if name:
            self.names[name] += 1
        if mention not in self.mentions:
            self.mentions.append(mention)


@dataclass(frozen=True)
class Resolution:
    key: str | None
    mention: tuple[int, int] | None
    how: str


def affiliation_name(text: str) -> str:
    cleaned = text.strip().removeprefix("the ").removeprefix("The ")
    for suffix in ("'s", "’s"):
        cleaned = cleaned.removesuffix(suffix)
    return COUNTRY_NAMES.get(cleaned.lower(), cleaned)


def _genders_of(doc: Doc, ent: Span, roles: list[str | None]) -> set[str]:
    """A person's gender as a title before the name ("Mrs. Clinton") or a role tells it."""
    words = [t.lower_ for t in doc[max(0, ent.start - 2):ent.end]]
    words += [w.lower() for role in roles if role for w in role.split()]
    return {GENDERED_WORDS[w] for w in words if w in GENDERED_WORDS}


def _name_without_titles(ent: Span) -> Span:
    """The name in a person entity, without the titles or stray words spaCy can take in front
    ("Senator", "Last week Stumpf")."""
    start = ent.start
    while start < ent.end - 1 and (ent.doc[start].lower_.rstrip(".") in TITLE_STEMS or ent.doc[start].pos_ != "PROPN"):
        start += 1
    return ent.doc[start:ent.end]


def sentences_back(doc: Doc, token: int, count: int) -> int:
    """The first token of the sentence ``count`` sentences before the one holding ``token``."""
    start = doc[token].sent.start
    for _ in range(count):
        if start == 0:
            break
        start = doc[start - 1].sent.start
    return start


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
    while i < stop:
        tok = doc[i]
        ent = entity_of(tok)
        portfolio = ent is not None and len(ent) == 1 and tok.lower_ in TITLE_WORDS  # "Home" in "Home Secretary"
        if ent is not None and ent.label_ in ENTITY_ORGANISATION and ent.end <= stop and ent != own_entity \
                and not portfolio:
            affiliations.append(affiliation_name(ent.text))
            i = ent.end
            continue
        if tok.lower_ in COUNTRY_NAMES and tok.pos_ in {"PROPN", "ADJ", "NOUN"} and tok.text[:1].isupper():
            affiliations.append(COUNTRY_NAMES[tok.lower_])
        elif tok.pos_ in ROLE_POS and tok.dep_ not in {"det", "case", "punct"}:
            role_tokens.append(tok)
        i += 1
    if name is None and role_tokens and role_tokens[-1].i != phrase.end - 1 and phrase[-1].pos_ in {"NOUN", "PROPN"}:
        role_tokens.append(phrase[-1])
    role = None
    if any(t.pos_ in {"NOUN", "PROPN"} for t in role_tokens):
        start, end = trim(doc, role_tokens[0].idx, role_tokens[-1].idx + len(role_tokens[-1]))
        role = text_of(doc)[start:end] or None
    return role, affiliations


def appositive_role(doc: Doc, ent: Span) -> tuple[str | None, list[str]]:
    """"Jonathan Vance, chief of defence staff," -> role "chief of defence staff"."""
    root = ent.root
    for child in root.children:
        between = text_of(doc)[ent.end_char:child.left_edge.idx]
        if "\n" in between or any(mark in between for mark in ALL_MARKS):
            continue  # the next line, or a quotation, misparsed as an apposition
        if child.dep_ == "appos" and child.i >= ent.end and child.pos_ == "NOUN":
            clauses = {t.i for c in child.children if c.dep_ in {"relcl", "acl"} for t in c.subtree}
            tokens = [t for t in child.subtree if t.i not in clauses]
            cut = next((k for k, t in enumerate(tokens) if k > 0 and t.dep_ == "punct"), len(tokens))
            tokens = tokens[:cut]
            start, end = trim(doc, tokens[0].idx, tokens[-1].idx + len(tokens[-1]))
            words = text_of(doc)[start:end]
            if 0 < len(words.split()) <= 8:
                affiliations = [affiliation_name(e.text) for e in doc.ents
                                if e.label_ in ENTITY_ORGANISATION and start <= e.start_char < end]
                return words.removeprefix("the ").removeprefix("a ").removeprefix("an "), affiliations
    return None, []


def _clause_subject(possessive: Token) -> Token | None:
    """The subject before a possessive pronoun in its own clause, when it names a body, not a
    person or another pronoun: "The board restated its view" -> "board"."""
    if possessive.dep_ != "poss":
        return None
    verb = next((a for a in possessive.ancestors if a.pos_ in {"VERB", "AUX"}), None)
    subject = next((c for c in verb.children if c.dep_ in SUBJECTS), None) if verb is not None else None
    if subject is None or subject.i > possessive.i or kind_of(subject) not in {"organisation", "anonymous"}:
        return None
    return subject


class SpeakerIndex:
    """The canonical speakers of one article, built as quote speakers are resolved."""

    def __init__(self, doc: Doc, quote_at=lambda char: None):
        """``quote_at(char)`` names the quotation holding a character (None outside quotes): a
        pronoun outside a quote never refers to a person named only inside one."""
        self.doc = doc
        self.quote_at = quote_at
        self.entities: dict[str, Entity] = {}
        self.person_mentions: list[tuple[int, str, bool]] = []  # (token, key, is a subject)
        self.speakers_so_far: list[tuple[int, str]] = []  # (token, key) of resolved speakers
        people = [ent for ent in doc.ents if ent.label_ == ENTITY_PERSON or titled_name(ent)]
        self.full_names: dict[str, list[tuple[int, tuple[str, ...]]]] = defaultdict(list)  # surname -> names
        for ent in people:
            words = name_words(_name_without_titles(ent).text)
            if len(words) > 1:
                self.full_names[words[-1]].append((ent.start, words))
        for ent in people:
            self._add_person(ent)

    def person_key(self, name: str, token: int) -> str:
        """One key per person. A full name joins the form of it written most often ("Crooked
        Hillary Clinton" -> "Hillary Clinton", "Aung San Suu Kyi" <-> "Suu Kyi"); a surname alone
        ("Trump", "Mrs. Clinton") joins the full name it ends: among namesakes, the one named in
        the last few sentences, else the one named most often."""
        words = name_words(name)
        if not words:
            return f"person:{name.lower()}"
        known = self.full_names.get(words[-1], [])
        if len(words) == 1:
            if not known:
                return f"person:{words[0]}"
            recent = sentences_back(self.doc, min(token, len(self.doc) - 1), NAMESAKE_LOOKBACK_SENTENCES)
            nearby = [full for i, full in known if recent <= i < token]
            words = nearby[-1] if nearby else Counter(full for _, full in known).most_common(1)[0][0]
        forms = Counter(full for _, full in known
                        if full[-len(words):] == words or words[-len(full):] == full)
        canonical = max(forms, key=lambda f: (forms[f], -len(f))) if forms else words
        return f"person:{canonical[0]} {canonical[-1]}"

    def _person_name(self, ent: Span) -> tuple[Span, tuple[int, int], str]:
        name = _name_without_titles(ent)
        start, end = trim(self.doc, name.start_char, name.end_char)
        return name, (start, end), self.person_key(ent.text, ent.start)

    def _add_person(self, ent: Span) -> str:
        name, (start, end), key = self._person_name(ent)
        self.entities.setdefault(key, Entity(key, "person")).add(text_of(self.doc)[start:end], (start, end))
        entity = self.entities[key]
        root = ent.root
        if root.dep_ == "appos" and root.head.i < ent.start and kind_of(root.head) in {"title", "anonymous"}:
            role, affiliations = describe(self.doc, noun_phrase(root.head), None)  # "premier Adel Abdel Mahdi"
        else:
            role, affiliations = describe(self.doc, noun_phrase(root, with_titles=True), name)
        apposition, more = appositive_role(self.doc, ent)
        entity.roles += [r for r in (role, apposition) if r]
        entity.genders |= _genders_of(self.doc, ent, [role, apposition])
        entity.affiliations += affiliations + more
        self.person_mentions.append((ent.root.i, key, ent.root.dep_ in SUBJECTS))
        return key

    def _latest(self, before: int, keys: list[tuple[int, str, bool]], subjects_first: bool = True,
                gender: str | None = None) -> str | None:
        window_start = sentences_back(self.doc, before, PRONOUN_LOOKBACK_SENTENCES)
        quote = self.quote_at(self.doc[before].idx)
        candidates = [(i, k, s) for i, k, s in keys if window_start <= i < before
                      and self.entities[k].gender in (None, gender) and self.quote_at(self.doc[i].idx) == quote]
        if subjects_first and any(s for _, _, s in candidates):
            candidates = [c for c in candidates if c[2]]
        return max(candidates)[1] if candidates else None

    def _by_title(self, head: Token) -> str | None:
        word = head.lemma_.lower()
        matches = [key for token, key, _ in self.person_mentions if token < head.i
                   and any(word in r.lower().split() for r in self.entities[key].roles)]
        return matches[-1] if matches else None

    def _description(self, head: Token, kind: str) -> tuple[str, tuple[int, int]]:
        phrase = noun_phrase(head)
        start, end = trim(self.doc, phrase.start_char, phrase.end_char)
        text = text_of(self.doc)[start:end]
        bare = " ".join(w for w in text.lower().split() if w not in {"a", "an", "the"})
        ent = entity_of(head)
        key = self.person_key(ent.text, ent.start) if ent is not None and kind == "person" else f"{kind}:{bare}"
        entity = self.entities.setdefault(key, Entity(key, kind))
        entity.add(None if entity.names else text, (start, end))
        own = ent if ent is not None and ent.label_ in ENTITY_ORGANISATION else None
        role, affiliations = describe(self.doc, phrase, None, own_entity=own)
        if kind != "organisation" and role:
            entity.roles.append(role)
        entity.affiliations += affiliations
        return key, (start, end)

    def resolve(self, head: Token) -> Resolution:
        """The canonical speaker a mention's head token stands for, and how it was decided."""
        if head.lower_ in RELATIVE_PRONOUNS and head.head.dep_ == "relcl" and head.head.head.i != head.i:
            antecedent = self.resolve(head.head.head)  # "an architect who said ...": the mention is "who"
            return replace(antecedent, mention=(head.idx, head.idx + len(head)))
        named = named_apposition(head)
        if named is not None:
            head = named
        kind = kind_of(head)
        doc = self.doc
        span = (head.idx, head.idx + len(head))
        if kind == "person":
            ent = entity_of(head)
            if ent is not None:
                _, mention, key = self._person_name(ent)
                if key not in self.entities:
                    self._add_person(ent)
                return Resolution(key, mention, "name")
            phrase = noun_phrase(head)
            names = [t for t in phrase if t.pos_ == "PROPN" and t.i <= head.i and t.lower_ not in TITLE_WORDS]
            if names:
                start, end = names[0].idx, names[-1].idx + len(names[-1])
                name = text_of(doc)[start:end]
                key = self.person_key(name, names[0].i)
                self.entities.setdefault(key, Entity(key, "person")).add(name, (start, end))
                self.person_mentions.append((head.i, key, head.dep_ in SUBJECTS))  # for "she" later on
                return Resolution(key, (start, end), "proper noun")
            kind = "anonymous"
        if kind.startswith("pronoun:"):
            form = kind.split(":")[1]
            if form in {"m", "f"}:
                key = self._latest(head.i, self.person_mentions, gender=form)
            elif form in {"plural", "it"}:
                owner = _clause_subject(head)
                if owner is not None:  # "The group repeated its claim": the subject of the clause
                    return replace(self.resolve(owner), mention=span)
                groups = [(i, k, True) for i, k in self.speakers_so_far if not k.startswith("person:")]
                key = self._latest(head.i, groups, subjects_first=False)
            else:
                key = None
            if key is not None:
                self.entities[key].add(None, span)
                return Resolution(key, span, "pronoun")
            return Resolution(None, span, "unresolved")
        if kind == "title":
            key = self._by_title(head)
            if key is not None:
                phrase = noun_phrase(head)
                return Resolution(key, trim(doc, phrase.start_char, phrase.end_char), "title")
            kind = "anonymous"
        key, mention = self._description(head, kind)
        return Resolution(key, mention, "description")

    def note_speaker(self, char: int, key: str) -> None:
        """Remember who spoke at ``char``, for "they" and "it" later on."""
        token = tokens_in(self.doc, char, char + 1)
        if token is not None:
            self.speakers_so_far.append((token.start, key))

    def context_affiliation(self, char: int) -> str | None:
        """The country the passage around ``char`` is about: its countries, subjects counted twice."""
        doc = self.doc
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
