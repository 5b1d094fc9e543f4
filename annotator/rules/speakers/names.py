"""Names: one key per person, however the article writes the name."""
from __future__ import annotations

from collections import Counter, defaultdict
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from annotator.parse.doc import entities, entity_of, text_of, written_as
from annotator.rules.lexicon import ENTITY_PERSON, GENDERED_WORDS, ORGANISATION_HEADS, TITLE_STEMS, first_name_genders
from annotator.rules.mentions import HONORIFICS, is_person_entity, name_words
from annotator.rules.speakers.record import SpeakerKey, SpeakerKind

HEADLINE_SMALL_WORDS = frozenset("a an the and or but of to in on at for by with as from into over vs".split())
HEADLINE_MIN_WORDS, HEADLINE_CAPITALISED = 4, 0.8  # a line of so many words, so many of them capitalised
UNLABELLED_NAME_MAX_WORDS = 3
NAME_BREAKERS = frozenset("league camp street avenue road county city state university college school".split())
MISSPELT_MIN_LETTERS = 5  # shorter surnames one letter apart are as often two people ("Lee", "Lea")
NAME_PARTICLES = frozenset("de del della der di da das dos du la le van von bin ibn al el ter ten y".split())


def one_letter_apart(a: str, b: str) -> bool:
    """Whether two different words differ by one letter changed, added or left out."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    first = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    if len(a) == len(b):
        return a[first + 1:] == b[first + 1:]
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return longer[first + 1:] == shorter[first:]


def gender_of_name(words: tuple[str, ...]) -> str | None:
    """The gender a full name's first name tells; None for a surname alone or a name used for both."""
    return first_name_genders().get(words[0]) if len(words) > 1 else None


def honorific_gender(name: str) -> str | None:
    """The gender an honorific opening a name tells: "Mrs. Clinton" -> "f"."""
    words = name.split()
    return GENDERED_WORDS.get(words[0].lower()) if len(words) > 1 and words[0].lower().rstrip(".") in HONORIFICS \
        else None


def with_honorific(ent: Span) -> str:
    """A name as written, with the honorific the recogniser left out of it ("Mr." + "Vance")."""
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    return f"{before.text} {ent.text}" if before is not None and before.lower_.rstrip(".") in HONORIFICS else ent.text


def after_title(doc: Doc, i: int) -> bool:
    """Whether the word before token ``i`` is a title or an honorific ("Sen." of "Sen. Warren")."""
    word = doc[i - 1].lower_.rstrip(".") if i > 0 else ""
    return word in TITLE_STEMS or word in HONORIFICS


def people(doc: Doc) -> list[Span]:
    """The person entities of the document, with titled names the recogniser labelled otherwise
    and first-named names it did not see at all."""
    labelled = [ent for ent in entities(doc) if is_person_entity(ent)]
    surnames = {ent[-1].lower_ for ent in labelled}
    unlabelled = [name for name in unlabelled_names(doc) if name[0].lower_ not in surnames]  # not "Clinton Camp"
    return sorted(labelled + unlabelled + names_inside_entities(doc, surnames), key=lambda e: e.start)


def names_inside_entities(doc: Doc, surnames: set[str]) -> list[Span]:
    """""Barack Obama" of "Barack Obama Election Day": a first name of known gender, an initial
    perhaps, and the surname of a person the article names, inside a longer entity of another kind
    (an event, a work, an organisation); the only place some articles write a full name."""
    found = []
    for ent in entities(doc):
        if len(ent) < 3 or is_person_entity(ent):
            continue
        for token in ent[:-1]:
            if not _capitalised_name(token) or token.lower_ not in first_name_genders():
                continue
            last = token.i + 1 + int(token.i + 2 < ent.end and _initial(doc[token.i + 1]))
            if _capitalised_name(doc[last]) and doc[last].lower_ in surnames and (last + 1 - token.i) < len(ent):
                found.append(Span(doc, token.i, last + 1, label=ENTITY_PERSON))
    return found


def _capitalised_name(token: Token) -> bool:
    return token.pos_ == "PROPN" and token.text[:1].isupper() and not token.text.isupper()


def _initial(token: Token) -> bool:
    """"J." of "Donald J. Trump"."""
    return len(token.text) == 2 and token.text[0].isupper() and token.text[1] == "."


def unlabelled_names(doc: Doc) -> list[Span]:
    """"Mehmet Oz — Ivy League-trained surgeon": two or three capitalised proper nouns on one line,
    opening with a first name that nearly always names one sex, that the recogniser left out of
    every entity; no title or organisation word among them, and not ending in a plural ("Carolina
    Panthers"). Only the words written as a first name are looked at (found from their hashes)."""
    found = []
    for i in written_as(doc, _first_name_hashes(doc.vocab.strings)):
        if not _bare_proper_noun(doc[i]) or (i > 0 and _bare_proper_noun(doc[i - 1])):
            continue
        end = i + 1
        while end < len(doc) and end - i < UNLABELLED_NAME_MAX_WORDS and _bare_proper_noun(doc[end]) \
                and "\n" not in doc[end - 1].whitespace_:
            end += 1
        if end - i >= 2 and (end == len(doc) or not _bare_proper_noun(doc[end])) and doc[end - 1].tag_ != "NNPS":
            found.append(Span(doc, i, end, label=ENTITY_PERSON))
    return found


@lru_cache(maxsize=2)
def _first_name_hashes(strings) -> frozenset[int]:
    """The hashes of the first names of known gender, as a ``StringStore`` writes words."""
    return frozenset(strings[name] for name in first_name_genders())


def _bare_proper_noun(token: Token) -> bool:
    lower = token.lower_.rstrip(".")
    return _capitalised_name(token) and not token.ent_type_ \
        and lower not in TITLE_STEMS and lower not in HONORIFICS and lower not in ORGANISATION_HEADS | NAME_BREAKERS


def _starts_name(token: Token) -> bool:
    """Whether a word opening a person entity belongs to the name: a proper noun, or a capitalised
    first name the tagger called something else ("Lukas" tagged an adjective); not a title."""
    if token.lower_.rstrip(".") in TITLE_STEMS:
        return False
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return token.pos_ == "PROPN" or (token.text[:1].isupper() and token.lower_ in first_name_genders()
                                     and following is not None and following.pos_ == "PROPN")


def name_without_titles(ent: Span) -> Span:
    """The name in a person entity, without the titles or stray words spaCy can take in front
    ("Senator", "Last week Stumpf")."""
    start = ent.start
    while start < ent.end - 1 and not _starts_name(ent.doc[start]):
        start += 1
    return ent.doc[start:ent.end]


def title_case(line: str) -> bool:
    """Whether a line is written in title case (a headline: "Clinton Hid Past Health Problems"),
    where the recogniser runs names on into the words after them."""
    words = [w for w in line.split() if w[:1].isalpha() and w.lower() not in HEADLINE_SMALL_WORDS]
    return len(words) >= HEADLINE_MIN_WORDS and sum(w[:1].isupper() for w in words) >= HEADLINE_CAPITALISED * len(words)


def _first_surnames(written: list[tuple[Span, tuple[str, ...]]],
                    full_names: dict[str, list[tuple[int, tuple[str, ...]]]]) -> list[tuple[int, tuple[str, ...]]]:
    """Three-word names whose middle word the article also writes alone, as Spanish names go by the
    first of two surnames ("Melba Acosta Febo" is "Ms. Acosta"): when that word is no first name,
    no initial and no one's last name."""
    alone = {words[0] for _, words in written if len(words) == 1}
    return [(start, full) for known in list(full_names.values()) for start, full in known
            if len(full) == 3 and full[1] in alone and full[1] not in full_names and len(full[1]) > 1
            and full[1] not in first_name_genders()]


class NameIndex:
    """The full names of an article's people, by surname."""

    def __init__(self, doc: Doc, persons: list[Span]):
        self.doc = doc
        self.headlines: dict[int, bool] = {}  # by the line's first character: see in_headline
        self._misspelt_memo: dict[str, str | None] = {}
        self._named_memo: dict[tuple[str, str | None], tuple[list[tuple[int, tuple[str, ...]]],
                                                            Counter[tuple[str, ...]]]] = {}
        body = [name_words(name_without_titles(ent).text) for ent in persons if not self.in_headline(ent)]
        self.body_name_words = {w for words in body for w in words}
        written = [(ent, name_words(self.name_in(ent).text)) for ent in persons]
        self.full_names: dict[str, list[tuple[int, tuple[str, ...]]]] = defaultdict(list)  # surname -> names
        for ent, words in written:
            if len(words) > 1:
                self.full_names[words[-1]].append((ent.start, words))
        for start, words in _first_surnames(written, self.full_names):  # "Ms. Acosta" of "Melba Acosta Febo"
            self.full_names[words[1]].append((start, words))
        # "Hillary" alone, where one person named in full is a Hillary: that person, and how often
        firsts = defaultdict(set)
        for known in self.full_names.values():
            for _, full in known:
                firsts[full[0]].add(full)
        self.by_first_name = {first: next(iter(fulls)) for first, fulls in firsts.items()
                              if len(fulls) == 1 and first not in self.full_names}
        self.first_name_mentions: Counter[tuple[str, ...]] = Counter(
            self.by_first_name[words[0]] for _, words in written if len(words) == 1 and words[0] in self.by_first_name)
        # "Mr. Obama": a surname with an honorific, how often by surname and gender
        self.honorific_surnames: Counter[tuple[str, str]] = Counter()
        for ent in persons:
            name = with_honorific(ent)
            words, honorific = name_words(name), honorific_gender(name)
            if len(words) == 1 and honorific is not None:
                self.honorific_surnames[words[0], honorific] += 1
        # "Mr. Obama" where the only Obama named in full is Michelle: a namesake never named in
        # full, and how often the article calls them so
        self.unnamed_namesakes: Counter[str] = Counter()
        for (surname, honorific), times in self.honorific_surnames.items():
            if self.full_names.get(surname) \
                    and all(gender_of_name(full) not in (None, honorific) for _, full in self.full_names[surname]):
                self.unnamed_namesakes[surname] += times

    def in_headline(self, span: Span) -> bool:
        """Whether the line holding ``span`` is in title case (``title_case``), each line read once."""
        text = text_of(self.doc)
        start = text.rfind("\n", 0, span.start_char) + 1
        if start not in self.headlines:
            end = text.find("\n", span.end_char)
            self.headlines[start] = title_case(text[start:end if end >= 0 else len(text)])
        return self.headlines[start]

    def name_in(self, ent: Span) -> Span:
        """The name in a person entity without its titles and from its first lowercase word on
        (particles such as "de" and "van" aside); in a headline, without the words the recogniser
        ran on after a name the body writes ("Obama Seeks" -> "Obama") when the body names no one
        by the next of them."""
        name = name_without_titles(ent)
        lowercase = next((t.i for t in name[1:] if t.text[:1].islower() and t.lower_ not in NAME_PARTICLES
                          and t.doc[t.i - 1].whitespace_), None)  # a word of its own: not "hye" of "Geun-hye"
        if lowercase is not None:  # "Trump accused Holt of being a": the recogniser ran on into the sentence
            name = self.doc[name.start:lowercase]
        if len(name) > 1 and self.in_headline(name):
            for k in range(len(name) - 1, 0, -1):
                words = name_words(name[:k].text)
                if words and set(words) <= self.body_name_words and name[k].lower_.rstrip(".,") not in self.body_name_words:
                    return name[:k]
        return name

    def surname_positions(self) -> list[int]:
        """The tokens written as the surname of someone named in full."""
        return written_as(self.doc, [self.doc.vocab.strings[surname] for surname in self.full_names])

    def knows_surname(self, token: Token, misspelt: bool = False) -> bool:
        """A capitalised noun that is the surname of a person the article names in full, where the
        recogniser did not see a person ("Pence" labelled an organisation, or nothing; "Trump"
        tagged a common noun or a verb; the last word of an organisation's name the
        recogniser ran on into it, "the Washington Post Trump said"); with ``misspelt``, also one that
        misspells one ("Wines" for Leslie Wimes, written once so)."""
        if token.pos_ not in {"PROPN", "NOUN", "VERB"} or not token.text[:1].isupper():
            return False
        if token.lower_ not in self.full_names \
                and not (misspelt and token.pos_ != "VERB" and self.misspelt_surname(token.lower_)):
            return False
        ent = entity_of(token)
        return ent is None or (len(ent) == 1 and ent.label_ != ENTITY_PERSON) or self._ran_on_into(ent, token)

    def _ran_on_into(self, ent: Span, token: Token) -> bool:
        """Whether ``token`` is a surname that ends an organisation's name the recogniser ran on
        into it ("the Washington Post Trump"); not "Quinnipiac University" when the recogniser took
        "Drexel University" for a person, nor "Wells Fargo" when it names a person "Wells Fargo" too."""
        return ent.label_ == "ORG" and token.i == ent.end - 1 and ent[-2].pos_ == "PROPN" \
            and token.lower_ not in ORGANISATION_HEADS | NAME_BREAKERS \
            and all(len(full) < 2 or full[-2] != ent[-2].lower_ for _, full in self.full_names.get(token.lower_, []))

    def _agreeing(self, surname: str, honorific: str | None) -> list[tuple[int, tuple[str, ...]]]:
        """The full names ending in ``surname`` whose first name does not say the other gender
        than the honorific."""
        known = self.full_names.get(surname, [])
        return [(i, full) for i, full in known if gender_of_name(full) in (None, honorific)] if honorific else known

    def misspelt_surname(self, word: str) -> str | None:
        """The one surname of the people named in full that ``word`` misspells by one letter
        ("McLenney" for Tyresha McClenney, "Bornsten" for Harold Bornstein); a plural ("Clintons")
        is no misspelling."""
        if len(word) < MISSPELT_MIN_LETTERS:
            return None
        if word not in self._misspelt_memo:  # asked for every capitalised mention: each word once
            near = [surname for surname in self.full_names if one_letter_apart(word, surname)
                    and surname.rstrip("s") != word.rstrip("s")]
            self._misspelt_memo[word] = near[0] if len(near) == 1 else None
        return self._misspelt_memo[word]

    def key_for(self, name: str, token: int, pronoun_gender: str | None = None) -> SpeakerKey:
        """One key per person. A full name joins the form of it written most often ("Crooked
        Hillary Clinton" -> "Hillary Clinton", "Aung San Suu Kyi" <-> "Suu Kyi"); a surname alone
        ("Trump", "Mrs. Clinton") joins the full name it ends: among namesakes, the one the article
        names most often in full or by surname with an honorific of its gender (a "Melania Trump"
        named once, just before, does not make "Trump" hers), of equals the one it names more often
        by first name alone, then the one named last before it; a first name alone ("Hillary") joins
        the one person named in full by it; never one whose first name says the other gender than the
        honorific ("Mr. Clinton" is not Hillary Clinton), and not one when the article calls a
        namesake it never names in full so more often ("President Obama" in an article of many "Mr.
        Obama" and one "Michelle Obama" is that Mr. Obama). A surname alone without an honorific
        tells namesakes of both genders apart by the gender of the pronoun that refers to it,
        ``pronoun_gender``, as an honorific would ("Vance said he would sell" is not Maria Vance)."""
        words = name_words(name)
        if not words:
            return SpeakerKey(SpeakerKind.PERSON, name.lower())
        honorific = honorific_gender(name) or (pronoun_gender if len(words) == 1
                                               and self.has_namesakes_of_both_genders(words[0]) else None)
        if len(words) == 1 and words[0] not in self.full_names and words[0] not in self.by_first_name:
            corrected = self.misspelt_surname(words[0])
            if corrected is not None and self._agreeing(corrected, honorific):  # "Mr. Johnston" is no Linda Johnson
                words = (corrected,)
        surname = words[-1]
        known, named = self._named(surname, honorific)
        if len(words) == 1 and not known and words[0] in self.by_first_name:
            full = self.by_first_name[words[0]]
            return SpeakerKey(SpeakerKind.PERSON, f"{full[0]} {full[-1]}")
        if len(words) == 1:
            if not known or (honorific is None and self.unnamed_namesakes[words[0]] > max(named.values())):
                return SpeakerKey(SpeakerKind.PERSON, words[0])
            last_before = {full: i for i, full in sorted(known) if i < token}
            words = max(named, key=lambda full: (self._times_called(full, named), self.first_name_mentions[full],
                                                 last_before.get(full, -1)))
        canonical = self._canonical(words, surname, honorific)
        return SpeakerKey(SpeakerKind.PERSON, f"{canonical[0]} {canonical[-1]}")

    def has_namesakes_of_both_genders(self, word: str) -> bool:
        """Whether the article names in full a man and a woman by this surname (only then can a
        pronoun tell them apart: see ``key_for``)."""
        genders = {gender_of_name(full) for _, full in self.full_names.get(word.lower(), [])}
        return {"m", "f"} <= genders

    def _times_called(self, full: tuple[str, ...], named: Counter[tuple[str, ...]]) -> int:
        """How often the article names a person in full, and by surname with an honorific of
        their first name's gender ("Mr. Obama" is Barack's, not Michelle's)."""
        gender = gender_of_name(full)
        return named[full] + (self.honorific_surnames[full[-1], gender] if gender is not None else 0)

    def _named(self, surname: str, honorific: str | None) -> tuple[list[tuple[int, tuple[str, ...]]],
                                                                   Counter[tuple[str, ...]]]:
        """The full names ``_agreeing`` finds, and how often each is written (counted once per
        article: ``key_for`` runs for every mention)."""
        if (surname, honorific) not in self._named_memo:
            known = self._agreeing(surname, honorific)
            self._named_memo[surname, honorific] = known, Counter(full for _, full in known)
        return self._named_memo[surname, honorific]

    def _canonical(self, words: tuple[str, ...], surname: str, honorific: str | None) -> tuple[str, ...]:
        """The form of a name written most often (the shorter of equals) among the full names by
        ``surname`` it ends or that end it."""
        forms = {full: n for full, n in self._named(surname, honorific)[1].items()
                 if full[-len(words):] == words or words[-len(full):] == full}
        return max(forms, key=lambda f: (forms[f], -len(f))) if forms else words
