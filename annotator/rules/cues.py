"""Speech cues in a parsed ``Doc``: the verb (or "according to"), its speaker and its content."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum

from spacy.tokens import Doc, Token

from annotator.parse.doc import entities, entity_of, subtree_indices, tagged, trimmed_range, written_as
from annotator.rules.lexicon import (CLAUSE_ONLY_CUES, CUE_LEMMAS, NAMING_CUES, OBJECT_CUES, PARTICLE_CUES, SPEECH_NOUNS,
                                     SPEECH_VERBS)
from annotator.rules.mentions import can_speak, is_person_entity

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
CLAUSE_DEPS = frozenset({"ccomp", "parataxis"})
CUE_PARTS_OF_SPEECH = frozenset({"VERB", "AUX", "NOUN"})  # a noun: "Trump claims that", tagged a plural noun
INHERITS_SUBJECT = frozenset({"conj", "xcomp", "advcl"})
OBJECT_DEPS = frozenset({"dobj", "obj", "xcomp", "dative"})


class CueForm(str, Enum):
    """What kind of words point at a quote's speaker."""

    VERB = "verb"  # a speech verb ("said", "urged")
    ACCORDING = "according"  # "according to"
    NOUN = "noun"  # a speech noun with an owner ("Trump's claim that ...")
    CLAUSE = "clause"  # the verb of the clause holding quoted words ('called it a "con"')
    SIGNATURE = "signature"  # a dash and a name after the quote
    LABEL = "label"  # a speaker's name and a colon opening a line or a quote


@dataclass(frozen=True)
class Cue:
    """A cue token, the head of its speaker's mention (if any) and the tokens of its content."""

    token: int
    speaker_head: int | None
    content: tuple[int, int] | None  # token range [start, end) of reported content
    form: CueForm

    def span(self, doc: Doc) -> tuple[int, int]:
        tok = doc[self.token]
        last = tok.nbor(1) if self.form is CueForm.ACCORDING else tok  # "according to"
        return tok.idx, last.idx + len(last)


def never_quoted(token: Token) -> bool:
    return False


def subject_of(verb: Token, quoted: Callable[[Token], bool] = never_quoted, depth: int = 0) -> Token | None:
    """The speaker of a cue verb: its subject, or the subject it shares with the verb it hangs on.
    ``quoted(token)`` tells the words inside quotation marks, which never speak for the cue."""
    subjects = sorted((c for c in verb.children if c.dep_ in SUBJECT_DEPS and not quoted(c)),
                      key=lambda c: abs(c.i - verb.i))
    if subjects:  # the nearest: a misparsed quote can add a subject of its own ("who" stays: see speakers)
        return subjects[0]
    if verb.dep_ == "relcl" and verb.head.pos_ in {"NOUN", "PROPN"}:
        return verb.head
    if verb.dep_ == "acl" and verb.head.pos_ in {"NOUN", "PROPN", "PRON"}:
        return verb.head  # "Smith, speaking to reporters, ..."
    shown = verb.doc[verb.i - 1] if verb.i else None
    if verb.tag_ == "VBG" and shown is not None and shown.pos_ == "PROPN" and shown.left_edge.i > 0 \
            and verb.doc[shown.left_edge.i - 1].lower_ == "of" and can_speak(shown):
        return shown  # "footage of Smith saying ...", however the parser hung "saying"
    governor = None
    coordinated = verb.dep_ in CLAUSE_DEPS and verb.i > 0 and verb.nbor(-1).dep_ == "cc"  # "said X but said Y"
    if (verb.dep_ in INHERITS_SUBJECT or coordinated) and verb.head.i != verb.i and depth < 3:
        cue = next((a for a in verb.ancestors if _is_cue_verb(a)), None) if verb.dep_ == "conj" else None
        governor = cue or verb.head
    elif verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and depth < 3:  # "began by saying ..."
        governor = verb.head.head if verb.head.head.pos_ in {"VERB", "AUX"} else None
    inherited = subject_of(governor, quoted, depth + 1) if governor is not None else None
    return inherited if inherited is not None else _misparsed_name(verb)


def governing_subjects(doc: Doc, first: int, start: int, end: int) -> tuple[int, ...]:
    """The subjects of the cue verbs above token ``first`` in the parse, outside the characters
    [start, end) of the words it opens, nearest first: "McCain issued a statement after Trump told
    a town hall that waterboarding ..." -> Trump, McCain (when the parse hangs the clause so)."""
    found = []
    for verb in doc[first].ancestors:
        if verb.pos_ == "VERB" and verb.lemma_.lower() in CUE_LEMMAS and not start <= verb.idx < end:
            subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            if subject is not None and not start <= subject.idx < end:
                found.append(subject.i)
    return tuple(found)


def _misparsed_name(verb: Token) -> Token | None:
    """A named speaker the parser did not make the subject: "said Rep. Ann Lee (D-N.C.), head of",
    or "Ann Lee, the chief executive of a league, told ..." with no verb between name and cue."""
    doc, sent = verb.doc, verb.sent
    if verb.lemma_.lower() == "say":
        for tok in doc[verb.i + 1:min(sent.end, verb.i + 4)]:
            ent = entity_of(tok)
            if ent is not None and is_person_entity(ent):
                return ent.root
    names = [e for e in entities(doc) if sent.start <= e.start and e.end <= verb.i and is_person_entity(e)]
    if names and names[-1].root.dep_ not in {"nsubj", "nsubjpass", "dobj", "pobj", "poss"} \
            and not any(t.pos_ in {"VERB", "AUX"} for t in doc[names[-1].end:verb.i]):
        return names[-1].root
    return None


def clause_child(verb: Token) -> Token | None:
    """The reported clause: after the verb, or before it when a comma or quote closes it."""
    clauses = [c for c in verb.children
               if c.dep_ == "ccomp" or (c.dep_ == "parataxis" and c.pos_ in {"VERB", "AUX"})]
    after = [c for c in clauses if c.i > verb.i]
    if after:
        return after[0]
    for clause in clauses:
        edge = clause.right_edge
        following = edge.nbor(1) if edge.i + 1 < len(verb.doc) else None
        if edge.text in {",", '"', "”"} or (following is not None and following.text in {",", '"', "”"}):
            return clause
    return None


def content_range(doc: Doc, clause: Token, exclude: Token | None = None) -> tuple[int, int] | None:
    """The token range of what a clause says (less ``exclude``'s words), without an opening
    "that", "whether" or "if", punctuation or space at either end, or a closing conjunction;
    None when under three words are left."""
    indices = subtree_indices(doc, clause.i, exclude.i if exclude is not None else None)
    first, last = 0, len(indices)
    while first < last and _opens_content(doc[indices[first]]):
        first += 1
    while last > first and _closes_content(doc[indices[last - 1]]):
        last -= 1
    if last - first < 3:
        return None
    return indices[first], indices[last - 1] + 1


def _opens_content(tok: Token) -> bool:
    return tok.dep_ == "mark" and tok.lower_ in {"that", "whether", "if"} or tok.is_punct or tok.is_space


def _closes_content(tok: Token) -> bool:
    return tok.is_punct and tok.text not in {'"', "”", "’", "»"} or tok.is_space or tok.dep_ == "cc"


def _is_cue_verb(tok: Token) -> bool:
    lemma = tok.lemma_.lower()
    if lemma not in CUE_LEMMAS:
        return False
    if tok.pos_ not in {"VERB", "AUX"} and not _verb_tagged_noun(tok):
        return False
    if lemma in PARTICLE_CUES:
        particles = {c.lower_ for c in tok.children if c.dep_ in {"prt", "prep", "dative"}}
        if lemma not in SPEECH_VERBS and not particles & PARTICLE_CUES[lemma] and _naming_content(tok) is None:
            return False
    elif lemma in NAMING_CUES and lemma not in SPEECH_VERBS and _naming_content(tok) is None:
        return False
    if lemma in CLAUSE_ONLY_CUES and clause_child(tok) is None:
        return False
    return not supposes(tok)


def supposes(verb: Token) -> bool:
    """"Let's say ...", "let us suppose ...": a supposition, which nobody is said to say."""
    return verb.head.lemma_.lower() == "let" and verb.head.i < verb.i


def _verb_tagged_noun(tok: Token) -> bool:
    """"Trump claims that ..." tagged as a plural noun, yet parsed with a subject and a clause."""
    return tok.tag_ == "NNS" and tok.dep_ == "ROOT" and {c.dep_ for c in tok.children} >= {"nsubj", "ccomp"}


def _nominal_cues(doc: Doc) -> Iterator[Cue]:
    """"Trump's claim that ...", "her warning that ...": a speech noun, its possessor and its that-clause."""
    for tok in tagged(doc, {"NOUN"}, SPEECH_NOUNS):
        owner = next((c for c in tok.children if c.dep_ == "poss"), None)
        clause = next((c for c in tok.rights if c.dep_ in {"acl", "ccomp"}
                       and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)), None)
        if owner is not None and clause is not None:
            yield Cue(tok.i, owner.i, content_range(doc, clause), CueForm.NOUN)


def object_content(verb: Token) -> tuple[int, int] | None:
    """What an object cue reports: "called for [a ban]", "urged [Congress to act]", "cited [the report]"."""
    lemma = verb.lemma_.lower()
    rights = [c for c in verb.rights if not c.is_punct]
    if lemma in PARTICLE_CUES:
        particle = next((c for c in rights if c.lower_ in PARTICLE_CUES[lemma]), None)
        if particle is None:
            return None
        kept = [c for c in particle.children if c.dep_ in {"pobj", "obj"}]
        kept += [c for c in rights if c.i > particle.i and c.dep_ in OBJECT_DEPS]
    else:
        first = next((k for k, c in enumerate(rights) if c.dep_ in OBJECT_DEPS), None)
        if first is None:
            return None
        kept = [rights[first]] + [c for c in rights[first + 1:] if c.dep_ in OBJECT_DEPS | {"prep", "oprd"}]
    if not kept:
        return None
    return trimmed_range(verb.doc, min(c.left_edge.i for c in kept), max(c.right_edge.i for c in kept) + 1)


def _naming_content(verb: Token) -> tuple[int, int] | None:
    """What a naming verb says of its object: "called [the charges baseless]", "branded [him a liar]"."""
    if verb.lemma_.lower() not in NAMING_CUES or any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children):
        return None  # "is called Justice Now" names, it reports nothing
    named = next((c for c in verb.children if c.dep_ in {"dobj", "obj"} and c.i > verb.i), None)
    if named is None:
        return None
    judgement = next((c for c in verb.children if c.dep_ in {"oprd", "xcomp"} and c.i > named.i), None) \
        or next((c for c in named.children if c.dep_ in {"dobj", "attr"} and c.i > named.i), None)
    if judgement is None:
        return None
    return trimmed_range(verb.doc, named.left_edge.i, judgement.right_edge.i + 1)


def _according_content(doc: Doc, according: Token, source: Token | None) -> tuple[int, int] | None:
    """What "according to X" reports: the clause before ", according to X", or after "According to X,"."""
    sent = according.sent
    if according.i > sent.start and doc[according.i - 1].text == ",":
        return trimmed_range(doc, sent.start, according.i - 1)
    if according.i == sent.start and source is not None:
        comma = next((t for t in doc[source.i:sent.end] if t.text == ","), None)
        if comma is not None:
            return trimmed_range(doc, comma.i + 1, sent.end)
    return None


def _according_cues(doc: Doc) -> Iterator[Cue]:
    for tok in (doc[i] for i in written_as(doc, [doc.vocab.strings["according"]])):
        if tok.i + 1 >= len(doc) or tok.nbor(1).lower_ != "to":
            continue
        source: Token | None
        if tok.dep_ == "case":  # Universal Dependencies: the source heads "according to"
            source = tok.head
        else:  # spaCy: according -> to -> source
            source = next((c for c in tok.nbor(1).children if c.dep_ in {"pobj", "obj"}), None)
        content = _according_content(doc, tok, source)
        yield Cue(tok.i, source.i if source is not None else None, content, CueForm.ACCORDING)


def find_cues(doc: Doc, inside_quote: Callable[[Token], bool]) -> list[Cue]:
    """Every cue outside the quoted content; ``inside_quote(token)`` tells what is quoted."""
    cues = []
    for tok in tagged(doc, CUE_PARTS_OF_SPEECH, CUE_LEMMAS):
        if inside_quote(tok) or not _is_cue_verb(tok):
            continue
        subject = subject_of(tok, inside_quote)
        clause = clause_child(tok)
        content = content_range(doc, clause) if clause is not None else None
        if content is None and tok.dep_ in CLAUSE_DEPS and tok.head.i != tok.i and subject is not None \
                and not _is_cue_verb(tok.head):  # "Content, X said" parsed the UD way, not "said she would back"
            content = content_range(doc, tok.head, exclude=tok)
        lemma = tok.lemma_.lower()
        if content is None and lemma in NAMING_CUES:
            content = _naming_content(tok)
        if content is None and lemma in OBJECT_CUES:
            content = object_content(tok)
        if lemma in OBJECT_CUES and lemma not in SPEECH_VERBS \
                and (content is None or subject is None or not can_speak(subject)):
            continue  # "what they want", "a policy urging": no content, or no one who can want or urge
        cues.append(Cue(tok.i, subject.i if subject is not None else None, content, CueForm.VERB))
    cues.extend(c for c in (*_according_cues(doc), *_nominal_cues(doc)) if not inside_quote(doc[c.token]))
    return sorted(cues, key=lambda c: c.token)
