"""Why a quote has its speaker: rule ids, their confidence, and the evidence in words.

Every decision a pass or a speaker step makes is a ``Rule``. The quote's ``evidence`` string
is rendered from the rules here and nowhere else, and the confidence comes from one table
keyed by rule: a trained model that gives calibrated probabilities replaces ``confidence``.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Rule(str, Enum):
    """A rule that decided something about a quote; the value is its stable id."""

    # how the quote was found and tied to a cue (one per quote)
    CUE_SUBJECT = "cue_subject"  # a quote in marks and its cue, whose subject is the speaker
    CUE_WITHOUT_SUBJECT = "cue_without_subject"  # a quote in marks whose cue has no subject
    FRAMING_VERB = "framing_verb"  # a quote in marks framed by the verb beside it when no lexicon cue is: '"...," Ng mused'
    NO_CUE = "no_cue"  # a quote in marks that nothing ties to a speaker
    SIGNATURE = "signature"  # '"..." ― Ana Ruiz'
    TRANSCRIPT_LABEL = "transcript_label"  # '"WALLACE: Governor, ..."'
    LINE_LABEL = "line_label"  # 'Pence: Flowers Won't Attend'
    CLAUSE_SUBJECT = "clause_subject"  # 'Reid called Trump a "con artist"'
    LEAD_SENTENCE = "lead_sentence"  # 'Sanders blamed the old guard. "They never listened."'
    REPORTED_CLAUSE = "reported_clause"  # 'X said that ...'
    ACCORDING_TO = "according_to"  # '..., according to X'
    CONTINUATION = "continuation"  # a quote with no cue right after one with a speaker
    LEARNED_CUE = "learned_cue"  # reported speech whose cue and content the trained model chose
    # how the speaker's mention was resolved to a canonical speaker
    SPEAKER_NAME = "speaker_name"  # a person the recogniser names
    SPEAKER_PROPER_NOUN = "speaker_proper_noun"  # a capitalised name the recogniser missed
    SPEAKER_SURNAME = "speaker_surname"  # the surname of a person the article names in full
    SPEAKER_DESCRIPTION = "speaker_description"  # "a senior official", "the ministry"
    SPEAKER_NAMED_BODY = "speaker_named_body"  # "the commission": the Commission on ... named before
    SPEAKER_ISSUER = "speaker_issuer"  # "the statement": the Security Council, which issued it
    SPEAKER_PRONOUN = "speaker_pronoun"  # "he", "she", "they", "its"
    SPEAKER_TITLE = "speaker_title"  # "the president": whoever holds the title in the article
    SPEAKER_EPITHET = "speaker_epithet"  # "the billionaire businessman": the person in view, whom no title names
    SPEAKER_NARRATOR = "speaker_narrator"  # "I" outside quotes: the letter's or opinion piece's writer
    SPEAKER_UNRESOLVED = "speaker_unresolved"  # a pronoun nobody before it fits
    NO_SPEAKER = "no_speaker"  # no mention points at a speaker

    @property
    def words(self) -> str:
        return WORDS[self]


# The words each rule prints in the evidence string.
WORDS = {
    Rule.CUE_SUBJECT: "subject of cue", Rule.CUE_WITHOUT_SUBJECT: "no subject for cue", Rule.NO_CUE: "",
    Rule.FRAMING_VERB: "subject of the verb framing the quote",
    Rule.SIGNATURE: "name after the quote", Rule.TRANSCRIPT_LABEL: "transcript label",
    Rule.LINE_LABEL: "speaker label opening the line", Rule.CLAUSE_SUBJECT: "subject of the clause",
    Rule.LEAD_SENTENCE: "subject of the sentence before", Rule.REPORTED_CLAUSE: "content clause of cue",
    Rule.ACCORDING_TO: "according to", Rule.CONTINUATION: "continues the quote before",
    Rule.LEARNED_CUE: "cue and content by the trained model",
    Rule.SPEAKER_NAME: "name", Rule.SPEAKER_PROPER_NOUN: "proper noun", Rule.SPEAKER_SURNAME: "surname",
    Rule.SPEAKER_DESCRIPTION: "description", Rule.SPEAKER_NAMED_BODY: "the organisation named before",
    Rule.SPEAKER_ISSUER: "who issued the document",
    Rule.SPEAKER_PRONOUN: "pronoun", Rule.SPEAKER_TITLE: "title", Rule.SPEAKER_EPITHET: "epithet for the person in view",
    Rule.SPEAKER_NARRATOR: "writer of the piece", Rule.SPEAKER_UNRESOLVED: "unresolved",
    Rule.NO_SPEAKER: "no speaker found",
}
WORDS_BY_ID = {rule.value: words for rule, words in WORDS.items()}


def words_of(rule_id: str | None) -> str:
    """The words of a rule given by its id, as results carry it ("" for an id this version lacks)."""
    return WORDS_BY_ID.get(rule_id or "", "")


# How far each rule is trusted. A quote rule's value is the quote's confidence before its
# speaker is named; a speaker rule's value multiplies it. A continuation keeps this share of the
# confidence of the quote it continues; a quote whose speaker is not found is capped at the
# value of the speaker rule that says so.
CONFIDENCE = {
    Rule.CUE_SUBJECT: 0.9, Rule.CUE_WITHOUT_SUBJECT: 0.3, Rule.NO_CUE: 0.3, Rule.FRAMING_VERB: 0.75, Rule.SIGNATURE: 0.85,
    Rule.TRANSCRIPT_LABEL: 0.85, Rule.LINE_LABEL: 0.7, Rule.CLAUSE_SUBJECT: 0.6, Rule.LEAD_SENTENCE: 0.5,
    Rule.REPORTED_CLAUSE: 0.8, Rule.ACCORDING_TO: 0.8, Rule.CONTINUATION: 0.8, Rule.LEARNED_CUE: 0.7,
    Rule.SPEAKER_NAME: 1.0, Rule.SPEAKER_PROPER_NOUN: 0.85, Rule.SPEAKER_SURNAME: 0.95,
    Rule.SPEAKER_DESCRIPTION: 0.95, Rule.SPEAKER_NAMED_BODY: 0.85, Rule.SPEAKER_ISSUER: 0.8,
    Rule.SPEAKER_PRONOUN: 0.8, Rule.SPEAKER_TITLE: 0.7, Rule.SPEAKER_EPITHET: 0.7, Rule.SPEAKER_NARRATOR: 0.7,
    Rule.SPEAKER_UNRESOLVED: 0.2, Rule.NO_SPEAKER: 0.2,
}
UNATTRIBUTED = frozenset({Rule.NO_SPEAKER, Rule.SPEAKER_UNRESOLVED})
QUOTE_RULES = tuple(r for r in Rule if not r.value.startswith("speaker_") and r is not Rule.NO_SPEAKER)
SPEAKER_RULES = tuple(r for r in Rule if r not in QUOTE_RULES)
# How each cue form is named in the evidence ("verb “treated”", "signed “―”").
CUE_LABELS = {"clause": "verb", "signature": "signed", "label": "label"}


@dataclass(frozen=True)
class Evidence:
    """What decided one quote's speaker, as data."""

    rule: Rule
    speaker_rule: Rule
    cue_form: str | None = None
    cue_text: str | None = None
    cue_probability: float | None = None  # the trained model's, when it chose cue and content
    ranked_source: float | None = None  # the ranker's probability, when it chose another speaker than the rules

    def words(self) -> str:
        """The evidence as the reviewer reads it: "cue “said”; subject of cue; speaker by name"."""
        parts = []
        if self.cue_form is not None:
            parts.append(f"{CUE_LABELS.get(self.cue_form, 'cue')} “{self.cue_text}”")
        if self.rule.words:
            parts.append(self.rule.words + (f" ({self.cue_probability:.2f})" if self.rule is Rule.LEARNED_CUE
                                            and self.cue_probability is not None else ""))
        if self.ranked_source is not None:
            parts.append(f"speaker ranked first by the trained model ({self.ranked_source:.2f})")
        if self.speaker_rule in UNATTRIBUTED:
            parts.append(self.speaker_rule.words)
        elif self.rule is not Rule.CONTINUATION:
            parts.append(f"speaker by {self.speaker_rule.words}")
        return "; ".join(parts)


def quote_confidence(rule: Rule, continued: float | None = None) -> float:
    """A quote's confidence before its speaker is named; ``continued`` is that of the quote a
    continuation continues."""
    if rule is Rule.CONTINUATION:
        assert continued is not None
        return round(continued * CONFIDENCE[Rule.CONTINUATION], 2)
    return CONFIDENCE[rule]


def final_confidence(quote: float, speaker_rule: Rule) -> float:
    """The confidence a quote reports: its own times its speaker rule's, or capped when no
    speaker was found."""
    if speaker_rule in UNATTRIBUTED:
        return round(min(quote, CONFIDENCE[speaker_rule]), 2)
    return round(quote * CONFIDENCE[speaker_rule], 2)
