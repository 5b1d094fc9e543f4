"""Features of the trained attribution model, computed from the parsed ``Doc`` alone (words,
lemmas, POS, UD or spaCy relations, entities), so that the spaCy and Stanza backends feed the
same model. Every feature is a name with the value 1.0 unless it says otherwise.

Two decisions are learned here:
- **cue and content**: each (cue word, content extent) pair the parse offers — the rules' own
  cues among them — is a ``CueCandidate``; the model keeps the pairs it believes;
- **source**: each noun, name or pronoun near the quote (``source_candidates``) is scored for a
  ``SourceQuery``; the model ranks them, the rules' choice being one feature among the others.
"""
from __future__ import annotations

import bisect
from collections.abc import Iterator
from functools import lru_cache
from itertools import takewhile
from dataclasses import dataclass

import numpy
from spacy.tokens import Doc, Token

from annotator.parse.doc import entity_of, sentence_of, tagged, tokens_in, trimmed_range
from annotator.rules.cues import (CLAUSE_DEPS, CUE_PARTS_OF_SPEECH, Cue, CueForm, clause_child, content_range,
                                  governing_subjects, object_content, subject_of, supposes)
from annotator.rules.drafts import Context, Draft
from annotator.rules.evidence import Rule
from annotator.rules.lexicon import CUE_LEMMAS, NAMING_CUES, OBJECT_CUES, SPEECH_NOUNS, SPEECH_VERBS
from annotator.rules.mentions import CANNOT_SPEAK, MentionKind, kind_of
from annotator.rules.passes.reported import content_span, marks_hold

Features = dict[str, float]
NOMINAL_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "dobj", "obj", "pobj", "iobj", "dative", "poss", "appos",
                          "conj", "attr", "npadvmod", "ROOT", "obl", "nmod", "nmod:poss", "compound", "agent"})
# A noun that names no one ("the bill", "the night") is a candidate source only in the relations
# sources take: subject, "according to [X]", "by [X]", "[X]'s claim", "a statement, [X]".
SOURCE_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "pobj", "poss", "nmod:poss", "appos", "agent", "obl"})
SOURCE_WINDOW_SENTENCES = 1  # candidates come from this many sentences before the quote or cue


@dataclass(frozen=True)
class CueCandidate:
    """A word that may introduce an attribution, with one extent of its content (characters)."""

    cue: Cue
    extent: str
    span: tuple[int, int]
    in_question: bool = False  # the cue's sentence ends with a question mark


def _bucket(n: float, edges: tuple[int, ...]) -> str:
    """"<e" for the first edge e above n, else ">=" the last edge."""
    return _bucket_names(edges)[bisect.bisect_right(edges, n)]


@lru_cache(maxsize=None)
def _bucket_names(edges: tuple[int, ...]) -> tuple[str, ...]:
    return (*(f"<{e}" for e in edges), f">={edges[-1]}")


def _verb_extents(doc: Doc, tok: Token) -> Iterator[tuple[str, tuple[int, int] | None]]:
    """Where a verb's content may lie: its clause, the clause it hangs on ("..., he said"), its
    object ("mocked [the ambitions]"), or the object of its preposition ("campaigned against [the
    plan]", "is honest about [the challenges]")."""
    clause = clause_child(tok)
    yield "clause", content_range(doc, clause) if clause is not None else None
    if tok.dep_ in CLAUSE_DEPS and tok.head.i != tok.i:
        yield "head_clause", content_range(doc, tok.head, exclude=tok)
    yield "object", object_content(tok)
    holders = [tok] + [c for c in tok.children if c.dep_ in {"acomp", "attr"} and c.i > tok.i]
    for prep in (c for holder in holders for c in holder.children if c.dep_ == "prep" and c.i > tok.i):
        objects = [c for c in prep.children if c.dep_ in {"pobj", "pcomp"}]
        if objects:
            yield "prep_object", trimmed_range(doc, objects[0].left_edge.i, objects[0].right_edge.i + 1)


def _nominal_cue(tok: Token) -> tuple[int | None, tuple[int, int] | None]:
    """A noun with a that-clause ("the claim that ...", "a statement saying ..."): its owner, if
    any, and its content."""
    if not tok.n_rights:
        return None, None
    clause = next((c for c in tok.rights if c.dep_ in {"acl", "ccomp", "relcl"} and c.pos_ in {"VERB", "AUX"}), None)
    if clause is None:
        return None, None
    owner = next((c for c in tok.children if c.dep_ in {"poss", "nmod:poss"}), None)
    return (owner.i if owner is not None else None), content_range(tok.doc, clause)


def cue_candidates(context: Context, drafts: list[Draft]) -> list[CueCandidate]:
    """Every (cue, content) pair the parse offers outside quotation marks whose content quotations
    in marks do not hold already; the rules' cues come first, with the extent "rule"."""
    doc, covers = context.doc, context.quoted.covers
    found: dict[tuple[int, tuple[int, int]], CueCandidate] = {}
    questions = {i for sent in doc.sents if context.text[sent.start_char:sent.end_char].rstrip().endswith("?")
                 for i in range(sent.start, sent.end)}

    in_order = sorted(drafts, key=lambda d: d.start)
    ends = [d.end for d in in_order]  # ascending too: the drafts are disjoint

    def offer(cue: Cue, extent: str) -> None:
        span = content_span(context, cue)
        if span is None or (cue.token, span) in found:
            return
        following = in_order[bisect.bisect_right(ends, span[0]):]  # quotations in marks never nest
        nearby = list(takewhile(lambda d: d.start < span[1], following))
        if not marks_hold(nearby, *span):
            found[cue.token, span] = CueCandidate(cue, extent, span, cue.token in questions)

    for cue in context.cues:
        offer(cue, "rule")
    framing = {d.cue.token for d in drafts if d.rule is Rule.FRAMING_VERB and d.cue is not None}
    for tok in tagged(doc, CUE_PARTS_OF_SPEECH):
        if covers(tok) or tok.i in framing:  # '"...," opined the Plain Dealer': no object of its own
            continue
        if (tok.pos_ == "VERB" or (tok.pos_ == "AUX" and tok.dep_ == "ROOT")) and not supposes(tok):
            extents = [(extent, tokens) for extent, tokens in _verb_extents(doc, tok) if tokens is not None]
            subject = subject_of(tok, covers) if extents else None
            for extent, tokens in extents:
                offer(Cue(tok.i, subject.i if subject is not None else None, tokens, CueForm.VERB), extent)
        elif tok.pos_ == "NOUN":
            owner, clause = _nominal_cue(tok)
            if clause is not None:
                offer(Cue(tok.i, owner, clause, CueForm.NOUN), "clause")
    return list(found.values())


def _mention_kind(doc: Doc, head: int | None) -> str:
    return "none" if head is None else kind_of(doc[head]).value


def cue_features(context: Context, candidate: CueCandidate) -> Features:
    """Every feature of one (cue, content) pair: those of the cue word, and those of the extent."""
    return {**cue_word_features(context, candidate), **cue_extent_features(context, candidate)}


def cue_word_key(candidate: CueCandidate) -> tuple[int, int | None, CueForm, bool]:
    """What ``cue_word_features`` reads of a candidate: equal keys, equal features."""
    cue = candidate.cue
    return cue.token, cue.speaker_head, cue.form, candidate.in_question


def cue_word_features(context: Context, candidate: CueCandidate) -> Features:
    """The features of the cue word and its subject, the same for each extent of its content."""
    doc, cue = context.doc, candidate.cue
    tok = doc[cue.token]
    lemma = tok.lemma_.lower()
    subject = _mention_kind(doc, cue.speaker_head)
    f: Features = {
        "bias": 1.0, f"lemma={lemma}": 1.0, f"pos={tok.pos_}": 1.0, f"tag={tok.tag_}": 1.0, f"dep={tok.dep_}": 1.0,
        f"form={cue.form.value}": 1.0, f"subject={subject}": 1.0, f"lemma|subject={lemma}|{subject}": 1.0,
        f"head_lemma={tok.head.lemma_.lower()}": 1.0, f"head_dep={tok.head.dep_}": 1.0,
        f"dep|head_pos={tok.dep_}|{tok.head.pos_}": 1.0,
    }
    for dep in {c.dep_ for c in tok.children}:
        f[f"child={dep}"] = 1.0
        f[f"lemma|child={lemma}|{dep}"] = 1.0
    following = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if following is not None:
        f[f"next={following.lower_}"] = 1.0
        f[f"lemma|next={lemma}|{following.lower_}"] = 1.0
    for lexicon in _lexicons_of(lemma):
        f[f"lexicon={lexicon}"] = 1.0
    if cue.speaker_head is not None:
        speaker = doc[cue.speaker_head]
        f[f"subject_lemma={speaker.lemma_.lower()}"] = 1.0
        f[f"subject_ent={_entity_label(speaker)}"] = 1.0
    for aux in (c for c in tok.children if c.dep_ in {"aux", "neg", "advmod"} and c.i < tok.i):
        f[f"aux={aux.lower_}"] = 1.0
    if candidate.in_question:
        f["question"] = 1.0
    return f


def cue_extent_features(context: Context, candidate: CueCandidate) -> Features:
    """The features of one extent of a cue's content: its kind, size, place and opening."""
    doc, cue = context.doc, candidate.cue
    tok = doc[cue.token]
    lemma = tok.lemma_.lower()
    start, end = candidate.span
    where = "before" if tok.idx < start else "after" if tok.idx >= end else "inside"
    subject = _mention_kind(doc, cue.speaker_head)
    f: Features = {
        f"extent={candidate.extent}": 1.0, f"lemma|extent={lemma}|{candidate.extent}": 1.0,
        f"extent|subject={candidate.extent}|{subject}": 1.0, f"where={where}": 1.0,
        f"extent|where={candidate.extent}|{where}": 1.0,
        f"chars={_bucket(end - start, (20, 40, 80, 160, 320))}": 1.0,
        f"quoted_share={_bucket(10 * context.quoted.share(start, end), (1, 5, 9))}": 1.0,
    }
    if cue.content is not None:
        opening, content_head = doc[cue.content[0]], doc[cue.content[0]:cue.content[1]].root
        f[f"content_opens={opening.lower_ if opening.is_stop else opening.pos_}"] = 1.0
        f[f"lemma|content_opens={lemma}|{opening.lower_ if opening.is_stop else opening.pos_}"] = 1.0
        f[f"content_head={content_head.pos_}|{content_head.dep_}"] = 1.0
        f[f"content_subject={any(c.dep_ in {'nsubj', 'nsubjpass'} for c in content_head.children)}"] = 1.0
    for lexicon in _lexicons_of(lemma):
        f[f"lexicon|extent={lexicon}|{candidate.extent}"] = 1.0
    mark = next((c for c in doc[cue.content[0]:min(cue.content[1], cue.content[0] + 2)] if c.dep_ == "mark"),
                None) if cue.content else None
    if mark is not None:
        f[f"mark={mark.lower_}"] = 1.0
    return f


def _lexicons_of(lemma: str) -> list[str]:
    return [lexicon for lexicon, words in (("speech", SPEECH_VERBS), ("object", OBJECT_CUES), ("naming", NAMING_CUES),
                                            ("noun", SPEECH_NOUNS), ("any", CUE_LEMMAS)) if lemma in words]


def _entity_label(tok: Token) -> str:
    ent = entity_of(tok)
    return ent.label_ if ent is not None else "-"


@dataclass(frozen=True)
class SourceQuery:
    """One draft whose speaker is sought: the draft, the head of the previous quote's speaker,
    and the draft's first and last token (found once for all its candidates)."""

    draft: Draft
    previous: int | None
    first: int
    last: int
    cue_sentence: tuple[int, int] | None  # token range of the cue's sentence
    governing: tuple[int, ...] = ()  # subjects of the cue verbs the quote's words hang under, nearest first

    @classmethod
    def of(cls, doc: Doc, draft: Draft, previous: int | None) -> SourceQuery:
        span = tokens_in(doc, draft.start, draft.end)
        first, last = (span[0].i, span[-1].i) if span is not None else (0, len(doc) - 1)
        return cls(draft, previous, first, last, sentence_of(doc, draft.cue.token) if draft.cue is not None else None,
                   governing_subjects(doc, first, draft.start, draft.end) if span is not None else ())


def _window(doc: Doc, query: SourceQuery) -> tuple[int, int]:
    """Token range where a draft's speaker may be named: from the sentence before the quote (or
    before its cue, if earlier) to the sentence after the quote's end."""
    first_i, last_i = query.first, query.last
    if query.draft.cue is not None:
        first_i, last_i = min(first_i, query.draft.cue.token), max(last_i, query.draft.cue.token)
    first = sentence_of(doc, first_i)[0]
    for _ in range(SOURCE_WINDOW_SENTENCES):
        if first > 0:
            first = sentence_of(doc, first - 1)[0]
    last = sentence_of(doc, last_i)[1]
    if last < len(doc):
        last = sentence_of(doc, last)[1]
    return first, last


def source_candidates(context: Context, query: SourceQuery) -> list[int]:
    """Heads of the nouns, names and pronouns that may be the draft's speaker (see ``_window``),
    outside the content and quotation marks, plus the rules' choice and the speaker of the quote
    before."""
    doc, draft = context.doc, query.draft
    first, last = _window(doc, query)
    if "mention_heads" not in context.memo:
        context.memo["mention_heads"] = [
            (t.i, t.idx) for t in tagged(doc, {"PROPN", "NOUN", "PRON"}) if t.dep_ in NOMINAL_DEPS
            and t.head.i != t.i and t.dep_ != "compound" and not context.quoted.covers(t)
            and (t.dep_ in SOURCE_DEPS or kind_of(t) is not MentionKind.OTHER)]
    every: list[tuple[int, int]] = context.memo["mention_heads"]
    heads = {i for i, idx in every[bisect.bisect_left(every, (first, -1)):bisect.bisect_left(every, (last, -1))]
             if not any(s <= idx < e for s, e in draft.fragments)}
    if draft.cue is not None and draft.cue.speaker_head is not None:
        heads.add(draft.cue.speaker_head)
    if query.previous is not None:
        heads.add(query.previous)
    return sorted(heads)


@dataclass(frozen=True)
class Mention:
    """What a candidate mention is, whatever quote it is scored for (computed once per article)."""

    kind: str
    features: Features


def _mention(context: Context, head: int) -> Mention:
    memo: dict[int, Mention] = context.memo.setdefault("mentions", {})
    if head not in memo:
        tok = context.doc[head]
        mention_kind = kind_of(tok)
        kind = mention_kind.value
        f: Features = {f"kind={kind}": 1.0, f"dep={tok.dep_}": 1.0, f"pos={tok.pos_}": 1.0,
                       f"ent={_entity_label(tok)}": 1.0}
        if tok.dep_ in {"nsubj", "nsubjpass"}:
            governor = tok.head.lemma_.lower()
            f["subject"] = 1.0
            f[f"subject_of={governor}"] = 1.0
            if governor in CUE_LEMMAS:
                f["subject_of_cue_word"] = 1.0
                f[f"subject_of_cue_word|kind={kind}"] = 1.0
        if tok.dep_ in {"poss", "nmod:poss"} and tok.head.lemma_.lower() in SPEECH_NOUNS:
            f["speech_noun_owner"] = 1.0  # "Politifact seized on Trump's claim that ...": Trump's words
        if tok.dep_ == "pobj" and tok.head.head.lower_ == "according":
            f["according_to"] = 1.0  # '"...," Hewitt said, according to a transcript': PolNeAR's source is the transcript
        if tok.pos_ == "PRON":
            f[f"pronoun={tok.lower_}"] = 1.0
        if mention_kind not in CANNOT_SPEAK:
            f["can_speak"] = 1.0
        memo[head] = Mention(kind, f)
    return memo[head]


def source_features(context: Context, query: SourceQuery, head: int) -> Features:
    """Every feature of one source candidate: what the mention is, and how it stands to the quote."""
    return {**mention_features(context, head), **relation_features(context, query, head)}


def mention_features(context: Context, head: int) -> Features:
    """The features of a candidate that do not depend on the quote (computed once per article)."""
    return _mention(context, head).features


def relation_features(context: Context, query: SourceQuery, head: int) -> Features:
    """The features of a candidate that depend on the quote: relation to its cue, side, distance,
    the rules' choice, the previous speaker."""
    return relation_features_of(relation_key(context, query, head))


RelationKey = tuple[str, str, str, str, int, str, str, bool, bool, tuple[str, str, bool] | None, str]


def relation_key(context: Context, query: SourceQuery, head: int) -> RelationKey:
    """All that ``relation_features_of`` reads of a candidate and its quote: equal keys, equal
    features (many candidates of an article share one, so a ranker scores each key once)."""
    draft, previous = query.draft, query.previous
    tree = _tree(context)
    at = tree[2][head]
    cue = draft.cue.token if draft.cue is not None else None
    side = "before" if head < query.first else "after"
    gap = _bucket(query.first - head if side == "before" else max(0, head - query.last), (2, 4, 8, 16, 32))
    paragraphs = context.text.count("\n\n", min(at, draft.start), max(at, draft.end)) \
        if not draft.start <= at < draft.end else 0
    cue_place = None
    if cue is not None:
        distance = head - cue
        in_sentence = query.cue_sentence is not None and query.cue_sentence[0] <= head < query.cue_sentence[1]
        cue_place = ("before" if distance < 0 else "after", _bucket(abs(distance), (2, 4, 8, 16, 32)), in_sentence)
    governing = "none" if head not in query.governing else "nearest" if head == query.governing[0] else "outer"
    return (_relation(tree, cue, head) if cue is not None else "no_cue", _mention(context, head).kind, side, gap,
            min(paragraphs, 2), draft.rule.value, draft.kind, draft.cue is not None and head == draft.cue.speaker_head,
            previous is not None and head == previous, cue_place, governing)


def relation_features_of(key: RelationKey) -> Features:
    relation, kind, side, gap, paragraphs, quote_rule, draft_kind, rule_choice, previous_speaker, cue_place, governing = key
    f: Features = {
        "bias": 1.0, f"relation={relation}": 1.0, f"relation|kind={relation}|{kind}": 1.0,
        f"side={side}": 1.0, f"gap={gap}": 1.0, f"side|gap={side}|{gap}": 1.0, f"paragraphs={paragraphs}": 1.0,
        f"quote_rule={quote_rule}": 1.0, f"kind|rule_choice={kind}|{rule_choice}": 1.0,
        f"draft_kind|relation={draft_kind}|{relation}": 1.0, f"draft_kind|side={draft_kind}|{side}": 1.0,
    }
    if cue_place is not None:
        cue_side, cue_distance, in_sentence = cue_place
        f[f"cue_side={cue_side}"] = 1.0
        f[f"cue_distance={cue_distance}"] = 1.0
        f[f"cue_sentence={in_sentence}"] = 1.0
    if rule_choice:
        f["rule_choice"] = 1.0
        f[f"rule_choice|quote_rule={quote_rule}"] = 1.0
    if governing != "none":  # the subject of a cue verb the quote hangs under
        f[f"governing={governing}"] = 1.0
        f[f"governing|draft_kind={governing}|{draft_kind}"] = 1.0
    if previous_speaker:
        f["previous_speaker"] = 1.0
        f[f"previous_speaker|kind={kind}"] = 1.0
    return f


Tree = tuple[list[int], list[str], list[int]]  # each token's head, relation and first character, by index


def _relation(tree: Tree, cue: int, tok: int) -> str:
    """How a candidate hangs on the cue in the parse: "nsubj" for the cue's own subject,
    "head:nsubj" for the subject of the verb the cue hangs on, "prep:pobj" for "according to X"."""
    heads, deps, _ = tree
    head = heads[tok]
    if head == cue:
        return deps[tok]
    if heads[head] == cue and head != tok:
        return f"{deps[head]}:{deps[tok]}"
    if head == heads[cue] and heads[cue] != cue:
        return f"head:{deps[tok]}"
    return "other"


def _tree(context: Context) -> Tree:
    """Each token's head (its own index for a root), relation and first character, read once per
    article from the document's arrays: walking ``Token.head`` makes a new Token at every step."""
    if "tree" not in context.memo:
        doc = context.doc
        offsets = doc.to_array("HEAD").view(numpy.int64)  # relative, stored unsigned
        heads = (numpy.arange(len(doc)) + offsets).tolist()
        context.memo["tree"] = (heads, [doc.vocab.strings[r] for r in doc.to_array("DEP").tolist()],
                                doc.to_array("IDX").tolist())
    tree: Tree = context.memo["tree"]
    return tree


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
