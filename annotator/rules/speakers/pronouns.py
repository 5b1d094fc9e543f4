"""Pronouns: "he" and "she" to the latest person of that gender, "they" and "its" to a body."""
from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence

from spacy.tokens import Doc, Span, Token

from annotator.parse.doc import section_start, sentence_of, sentences_back, tagged
from annotator.rules.lexicon import PERSON_PRONOUNS
from annotator.rules.mentions import PERSON_KINDS, MentionKind, kind_of
from annotator.rules.speakers.record import Candidate, SpeakerKey

PRONOUN_LOOKBACK_SENTENCES = 4
SUBJECTS = frozenset({"nsubj", "nsubjpass"})
# clauses on the side of their sentence, whose subject is less in view than the main clause's:
# "While Obama had songs written about him, that has not happened for Clinton, which concerns Henry Crespo"
SIDE_CLAUSES = frozenset({"advcl", "relcl", "acl"})


def latest(doc: Doc, before: int, candidates: list[Candidate], gender_of: Callable[[SpeakerKey], str | None],
           quote_at: Callable[[int], int | None], gender: str | None = None,
           subjects_first: bool = True, content: tuple[tuple[int, int], ...] = (),
           spoken: tuple[tuple[int, int, SpeakerKey], ...] = (), chain: Sequence[int] = ()) -> SpeakerKey | None:
    """The candidate a pronoun at token ``before`` refers to: one whose known gender does not
    contradict ``gender`` (any, when it is None), inside the same quotation (or outside all), named in the latest of the
    last few sentences that names one, its subjects first ("Reed mocked Lyle. He ..." is Reed;
    "Vale spoke. Viewers heard Cole's statement. He ..." is Cole); never one named inside
    ``content``, what the pronoun is the source of ("Berg was the first to leave, she said": she
    is not Berg); and not one only talked about in the words of another candidate, ``spoken``
    being each earlier attribution's content and speaker ("Earnest said Obama wants fairness. He
    said ...": he is Earnest). A subject "he" or "she" of that gender (``chain`` lists the subject
    pronouns' tokens, in order) in a later sentence, or later among the latest sentence's subjects,
    carries the chain on: it is resolved in turn ("Mr. Clarke said ... He is reclaiming Patriot's
    mines. He has a model, he said": he is Clarke, not Patriot)."""
    quote = quote_at(doc[before].idx)
    # outside quotes, sentences opening inside a quotation are not counted: a long quote between
    # "she says" and "She then urges" does not lose her
    window_start = max(section_start(doc, before),  # a live blog's earlier story is no one's antecedent
                       sentences_back(doc, before, PRONOUN_LOOKBACK_SENTENCES,
                                      (lambda start: quote_at(doc[start].idx) is None) if quote is None else None))
    fitting = [c for c in candidates if window_start <= c.token < before
               and (gender is None or gender_of(c.key) in (None, gender)) and quote_at(doc[c.token].idx) == quote
               and not any(start <= doc[c.token].idx < end for start, end in content)]
    speakers = {c.key for c in fitting}
    lo, hi = doc[window_start].idx, doc[before].idx
    said = [(start, end, key) for start, end, key in spoken if end > lo and start < hi and key in speakers]
    if said:
        heard = [c for c in fitting if not any(start <= doc[c.token].idx < end and key != c.key
                                               for start, end, key in said)]
        fitting = heard or fitting
    if subjects_first and fitting:  # the latest sentence naming one, its subjects first
        latest_sentence = sentence_of(doc, max(fitting).token)
        fitting = [c for c in fitting if sentence_of(doc, c.token) == latest_sentence]
        if any(c.is_subject for c in fitting):
            fitting = [c for c in fitting if c.is_subject]
    chained = _chained_pronoun(doc, before, max(fitting).token if fitting else window_start - 1, gender, quote, quote_at,
                               content, chain) if subjects_first and gender is not None else None
    if chained is not None:
        return latest(doc, chained, candidates, gender_of, quote_at, gender, subjects_first, spoken=spoken, chain=chain)
    return max(fitting).key if fitting else None


def _chained_pronoun(doc: Doc, before: int, candidate: int, gender: str, quote: int | None,
                     quote_at: Callable[[int], int | None], content: tuple[tuple[int, int], ...],
                     chain: Sequence[int]) -> int | None:
    """The latest subject pronoun of ``chain`` of ``gender`` before token ``before`` that comes
    after the sentence of the ``candidate`` token, or after the candidate inside it, in the same
    quotation (or outside all) and outside ``content``."""
    since = candidate + 1
    if candidate >= 0 and sentence_of(doc, candidate) != sentence_of(doc, before) and not is_subject(doc[candidate]):
        since = sentence_of(doc, candidate)[0]  # a subject pronoun beats a name that is not the subject
    since = max(since, section_start(doc, before))
    for i in reversed(chain[bisect.bisect_left(chain, since):bisect.bisect_left(chain, before)]):
        token = doc[i]
        if PERSON_PRONOUNS.get(token.lower_) == gender and quote_at(token.idx) == quote \
                and not any(start <= token.idx < end for start, end in content):
            return i
    return None


def subject_pronouns(doc: Doc) -> list[int]:
    """The tokens of "he" and "she" that are subjects, in order: a pronoun chain's links."""
    return [t.i for t in tagged(doc, {"PRON"}) if t.lower_ in PERSON_PRONOUNS and t.dep_ in SUBJECTS]


def is_subject(head: Token) -> bool:
    """Whether a name is the subject of its clause; also a name the parse made the root of its
    sentence ("Rep. Devin Nunes (R-Calif.), chairman of the committee, didn't ..."), which the
    parse does when it loses the verb."""
    if head.dep_ == "ROOT":
        return head.pos_ == "PROPN"
    return head.dep_ in SUBJECTS and head.head.dep_ not in SIDE_CLAUSES


def possessive_owner(possessive: Token) -> Token | None:
    """The subject before a possessive pronoun in its own clause, when it names a body, not a
    person or another pronoun: "The board restated its view" -> "board"."""
    if possessive.dep_ != "poss":
        return None
    verb = next((a for a in possessive.ancestors if a.pos_ in {"VERB", "AUX"}), None)
    subject = next((c for c in verb.children if c.dep_ in SUBJECTS), None) if verb is not None else None
    if subject is None or subject.i > possessive.i \
            or kind_of(subject) not in {MentionKind.ORGANISATION, MentionKind.ANONYMOUS, MentionKind.OTHER}:
        return None
    return subject


def pronoun_after(doc: Doc, name: Span, quote_at: Callable[[int], int | None]) -> str | None:
    """The gender of the first "he" or "she" after a name in its sentence, inside the same
    quotation or outside all, when it is a subject and no one else who could be meant comes
    between: "Vance said he would sell" -> "m". A first "his" or "him" there says nothing: as
    often another's ("Clinton cited it as an example of his disrespect")."""
    quote = quote_at(name.start_char)
    for token in doc[name.end:sentence_of(doc, name.end - 1)[1]]:
        if quote_at(token.idx) != quote:
            continue
        gender = PERSON_PRONOUNS.get(token.lower_)
        if gender is not None:
            return gender if token.dep_ in SUBJECTS else None
        if kind_of(token) in PERSON_KINDS:
            return None
    return None
