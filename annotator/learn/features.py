"""Features of the trained attribution model, computed from the parsed ``Doc`` alone (words,
lemmas, POS, UD or spaCy relations, entities), so that the spaCy and Stanza backends feed the
same model. Every feature is a name with the value 1.0 unless it says otherwise.

Two decisions are learned here:
- **cue and content**: each (cue word, content extent) pair the parse offers — the rules' own
  cues among them — is a ``CueCandidate``; the model keeps the pairs it believes;
- **source**: each noun, name or pronoun near the cue is a ``SourceCandidate``; the model ranks
  them, the rules' choice being one feature among the others.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from annotator.parse.doc import entity_of
from annotator.rules.cues import (CLAUSE_DEPS, Cue, CueForm, clause_child, content_range, object_content,
                                  subject_of)
from annotator.rules.drafts import Context, Draft
from annotator.rules.lexicon import (CUE_LEMMAS, NAMING_CUES, OBJECT_CUES, SPEECH_NOUNS, SPEECH_VERBS)
from annotator.rules.mentions import kind_of
from annotator.rules.passes.reported import content_span, marks_hold

Features = dict[str, float]
# Where a candidate's content comes from: the rules' cue, the verb's clause, the clause the verb
# hangs on ("..., he said"), or its object ("mocked [the ambitions]").
EXTENTS = ("rule", "clause", "head_clause", "object")
NOMINAL_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "dobj", "obj", "pobj", "iobj", "dative", "poss", "appos",
                          "conj", "attr", "npadvmod", "ROOT", "obl", "nmod", "nmod:poss", "compound", "agent"})
SOURCE_WINDOW_SENTENCES = 1  # candidates come from the cue's sentence and this many before it


@dataclass(frozen=True)
class CueCandidate:
    """A word that may introduce an attribution, with one extent of its content (characters)."""

    cue: Cue
    extent: str
    span: tuple[int, int]


def _bucket(n: float, edges: tuple[int, ...]) -> str:
    return next((f"<{e}" for e in edges if n < e), f">={edges[-1]}")


def _verb_extents(doc: Doc, tok: Token) -> Iterator[tuple[str, tuple[int, int] | None]]:
    clause = clause_child(tok)
    yield "clause", content_range(doc, clause) if clause is not None else None
    if tok.dep_ in CLAUSE_DEPS and tok.head.i != tok.i:
        yield "head_clause", content_range(doc, tok.head, exclude=tok)
    yield "object", object_content(tok)


def _nominal_cue(tok: Token) -> tuple[int | None, tuple[int, int] | None]:
    """A noun with a that-clause ("the claim that ...", "a statement saying ..."): its owner, if
    any, and its content."""
    owner = next((c for c in tok.children if c.dep_ in {"poss", "nmod:poss"}), None)
    clause = next((c for c in tok.rights if c.dep_ in {"acl", "ccomp", "relcl"} and c.pos_ in {"VERB", "AUX"}), None)
    if clause is None:
        return None, None
    return (owner.i if owner is not None else None), content_range(tok.doc, clause)


def cue_candidates(context: Context, drafts: list[Draft]) -> list[CueCandidate]:
    """Every (cue, content) pair the parse offers outside quotation marks whose content quotations
    in marks do not hold already; the rules' cues come first, with the extent "rule"."""
    doc, covers = context.doc, context.quoted.covers
    found: dict[tuple[int, tuple[int, int]], CueCandidate] = {}

    def offer(cue: Cue, extent: str) -> None:
        span = content_span(context, cue)
        if span is not None and (cue.token, span) not in found and not marks_hold(drafts, *span):
            found[cue.token, span] = CueCandidate(cue, extent, span)

    for cue in context.cues:
        offer(cue, "rule")
    for tok in doc:
        if covers(tok):
            continue
        if tok.pos_ == "VERB" or (tok.pos_ == "AUX" and tok.dep_ == "ROOT"):
            subject = subject_of(tok, covers)
            for extent, content in _verb_extents(doc, tok):
                if content is not None:
                    offer(Cue(tok.i, subject.i if subject is not None else None, content, CueForm.VERB), extent)
        elif tok.pos_ == "NOUN":
            owner, content = _nominal_cue(tok)
            if content is not None:
                offer(Cue(tok.i, owner, content, CueForm.NOUN), "clause")
    return list(found.values())


def _mention_kind(doc: Doc, head: int | None) -> str:
    return "none" if head is None else kind_of(doc[head]).value


def cue_features(context: Context, candidate: CueCandidate) -> Features:
    doc, cue = context.doc, candidate.cue
    tok = doc[cue.token]
    lemma = tok.lemma_.lower()
    start, end = candidate.span
    where = "before" if tok.idx < start else "after" if tok.idx >= end else "inside"
    subject = _mention_kind(doc, cue.speaker_head)
    children = {c.dep_ for c in tok.children}
    f: Features = {
        "bias": 1.0, f"lemma={lemma}": 1.0, f"pos={tok.pos_}": 1.0, f"tag={tok.tag_}": 1.0, f"dep={tok.dep_}": 1.0,
        f"extent={candidate.extent}": 1.0, f"form={cue.form.value}": 1.0, f"subject={subject}": 1.0,
        f"lemma|extent={lemma}|{candidate.extent}": 1.0, f"lemma|subject={lemma}|{subject}": 1.0,
        f"extent|subject={candidate.extent}|{subject}": 1.0, f"where={where}": 1.0,
        f"extent|where={candidate.extent}|{where}": 1.0, f"head_lemma={tok.head.lemma_.lower()}": 1.0,
        f"head_dep={tok.head.dep_}": 1.0, f"dep|head_pos={tok.dep_}|{tok.head.pos_}": 1.0,
        f"chars={_bucket(end - start, (20, 40, 80, 160, 320))}": 1.0,
        f"quoted_share={_bucket(10 * _quoted_share(context, start, end), (1, 5, 9))}": 1.0,
    }
    for dep in children:
        f[f"child={dep}"] = 1.0
    for lexicon, words in (("speech", SPEECH_VERBS), ("object", OBJECT_CUES), ("naming", NAMING_CUES),
                           ("noun", SPEECH_NOUNS), ("any", CUE_LEMMAS)):
        if lemma in words:
            f[f"lexicon={lexicon}"] = 1.0
            f[f"lexicon|extent={lexicon}|{candidate.extent}"] = 1.0
    if cue.speaker_head is not None:
        speaker = doc[cue.speaker_head]
        f[f"subject_lemma={speaker.lemma_.lower()}"] = 1.0
        f[f"subject_ent={_entity_label(speaker)}"] = 1.0
    mark = next((c for c in doc[cue.content[0]:cue.content[1]] if c.dep_ == "mark"), None) if cue.content else None
    if mark is not None:
        f[f"mark={mark.lower_}"] = 1.0
    for aux in (c for c in tok.children if c.dep_ in {"aux", "neg", "advmod"} and c.i < tok.i):
        f[f"aux={aux.lower_}"] = 1.0
    if tok.sent.text.rstrip().endswith("?"):
        f["question"] = 1.0
    return f


def _quoted_share(context: Context, start: int, end: int) -> float:
    inside = sum(max(0, min(end, m.end) - max(start, m.start)) for m in context.quoted.marked)
    return inside / max(1, end - start)


def _entity_label(tok: Token) -> str:
    ent = entity_of(tok)
    return ent.label_ if ent is not None else "-"


def source_candidates(context: Context, draft: Draft, previous: int | None) -> list[int]:
    """Heads of the nouns, names and pronouns that may be the draft's speaker: in the cue's
    sentence and the one before, outside the content, plus the rules' choice and the speaker of
    the quote before."""
    doc = context.doc
    if draft.cue is None:
        return []
    anchor = doc[draft.cue.token]
    sent = anchor.sent
    first = sent.start
    for _ in range(SOURCE_WINDOW_SENTENCES):
        if first > 0:
            first = doc[first - 1].sent.start
    heads = {t.i for t in doc[first:sent.end]
             if t.pos_ in {"PROPN", "NOUN", "PRON"} and t.dep_ in NOMINAL_DEPS and t.head.i != t.i
             and (t.dep_ != "compound") and not _inside(draft, t) and not context.quoted.covers(t)}
    if draft.cue.speaker_head is not None:
        heads.add(draft.cue.speaker_head)
    if previous is not None:
        heads.add(previous)
    return sorted(heads)


def _inside(draft: Draft, tok: Token) -> bool:
    return any(s <= tok.idx < e for s, e in draft.fragments)


def source_features(context: Context, draft: Draft, head: int, previous: int | None) -> Features:
    doc = context.doc
    assert draft.cue is not None
    cue_tok, tok = doc[draft.cue.token], doc[head]
    kind = kind_of(tok).value
    rule_choice = head == draft.cue.speaker_head
    distance = head - cue_tok.i
    relation = _relation(cue_tok, tok)
    f: Features = {
        "bias": 1.0, f"kind={kind}": 1.0, f"dep={tok.dep_}": 1.0, f"pos={tok.pos_}": 1.0,
        f"relation={relation}": 1.0, f"relation|kind={relation}|{kind}": 1.0,
        f"side={'before' if distance < 0 else 'after'}": 1.0,
        f"distance={_bucket(abs(distance), (2, 4, 8, 16, 32))}": 1.0,
        f"same_sentence={tok.sent.start == cue_tok.sent.start}": 1.0,
        f"ent={_entity_label(tok)}": 1.0, f"quote_rule={draft.rule.value}": 1.0,
        f"kind|rule_choice={kind}|{rule_choice}": 1.0, f"draft_kind|relation={draft.kind}|{relation}": 1.0,
    }
    if rule_choice:
        f["rule_choice"] = 1.0
        f[f"rule_choice|quote_rule={draft.rule.value}"] = 1.0
    if previous is not None and head == previous:
        f["previous_speaker"] = 1.0
        f[f"previous_speaker|kind={kind}"] = 1.0
    if tok.pos_ == "PRON":
        f[f"pronoun={tok.lower_}"] = 1.0
    return f


def _relation(cue: Token, tok: Token) -> str:
    """How a candidate hangs on the cue in the parse: "nsubj" for the cue's own subject,
    "head:nsubj" for the subject of the verb the cue hangs on, "prep:pobj" for "according to X"."""
    if tok.head == cue:
        return tok.dep_
    if tok.head.head == cue and tok.head.i != tok.i:
        return f"{tok.head.dep_}:{tok.dep_}"
    if tok.head == cue.head and cue.head != cue:
        return f"head:{tok.dep_}"
    return "other"


def calibration_features(draft: Draft, speaker_rule: str, source_probability: float | None) -> Features:
    """What the calibrator reads of a finished quote: the rules that decided it and the
    probabilities the models gave."""
    f: Features = {"bias": 1.0, f"quote_rule={draft.rule.value}": 1.0, f"speaker_rule={speaker_rule}": 1.0,
                   f"kind={draft.kind}": 1.0, f"quote_rule|speaker_rule={draft.rule.value}|{speaker_rule}": 1.0}
    if draft.probability is not None:
        f["cue_probability"] = draft.probability
    if source_probability is not None:
        f["source_probability"] = source_probability
    else:
        f["no_source_model"] = 1.0
    return f
