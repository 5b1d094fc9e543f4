"""Names: one key per person, however the article writes the name."""
from __future__ import annotations

from collections import Counter, defaultdict

from spacy.tokens import Doc, Span

from annotator.parse.doc import sentences_back
from annotator.rules.lexicon import TITLE_STEMS
from annotator.rules.mentions import is_person_entity, name_words
from annotator.rules.speakers.record import SpeakerKey, SpeakerKind

NAMESAKE_LOOKBACK_SENTENCES = 5


def people(doc: Doc) -> list[Span]:
    """The person entities of the document, with titled names the recogniser labelled otherwise."""
    return [ent for ent in doc.ents if is_person_entity(ent)]


def name_without_titles(ent: Span) -> Span:
    """The name in a person entity, without the titles or stray words spaCy can take in front
    ("Senator", "Last week Stumpf")."""
    start = ent.start
    while start < ent.end - 1 and (ent.doc[start].lower_.rstrip(".") in TITLE_STEMS or ent.doc[start].pos_ != "PROPN"):
        start += 1
    return ent.doc[start:ent.end]


class NameIndex:
    """The full names of an article's people, by surname."""

    def __init__(self, doc: Doc, persons: list[Span]):
        self.doc = doc
        self.full_names: dict[str, list[tuple[int, tuple[str, ...]]]] = defaultdict(list)  # surname -> names
        for ent in persons:
            words = name_words(name_without_titles(ent).text)
            if len(words) > 1:
                self.full_names[words[-1]].append((ent.start, words))

    def key_for(self, name: str, token: int) -> SpeakerKey:
        """One key per person. A full name joins the form of it written most often ("Crooked
        Hillary Clinton" -> "Hillary Clinton", "Aung San Suu Kyi" <-> "Suu Kyi"); a surname alone
        ("Trump", "Mrs. Clinton") joins the full name it ends: among namesakes, the one named in
        the last few sentences, else the one named most often."""
        words = name_words(name)
        if not words:
            return SpeakerKey(SpeakerKind.PERSON, name.lower())
        known = self.full_names.get(words[-1], [])
        if len(words) == 1:
            if not known:
                return SpeakerKey(SpeakerKind.PERSON, words[0])
            recent = sentences_back(self.doc, min(token, len(self.doc) - 1), NAMESAKE_LOOKBACK_SENTENCES)
            nearby = [full for i, full in known if recent <= i < token]
            words = nearby[-1] if nearby else Counter(full for _, full in known).most_common(1)[0][0]
        forms = Counter(full for _, full in known
                        if full[-len(words):] == words or words[-len(full):] == full)
        canonical = max(forms, key=lambda f: (forms[f], -len(f))) if forms else words
        return SpeakerKey(SpeakerKind.PERSON, f"{canonical[0]} {canonical[-1]}")
