"""Quotations in marks: each with its cue, split quotes joined, titles and slogans dropped."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from spacy.tokens import Doc, Token

from annotator.parse.doc import entities, text_of, tokens_in
from annotator.rules.cues import SUBJECT_DEPS, Cue, CueForm, subject_of
from annotator.rules.drafts import Context, Draft
from annotator.rules.evidence import Rule
from annotator.rules.lexicon import ADVERBIAL_OPENERS, SPEECH_VERBS
from annotator.rules.marks import Marked, paragraph_bounds
from annotator.rules.mentions import can_speak, is_person_entity

SENTENCE_END = ".?!"
OPENING_LEAD = ":,;—–-("
# '"...?" Ng asked.' parsed as a sentence of its own: a cue this many tokens after the quote's sentences.
CUE_AFTER_QUOTE_TOKENS = 12
# 'Ng said, "...": up to this many characters between cue and opening mark need no check...
SHORT_LEAD_CHARS = 12
# ...and up to this many words of the cue's own modifiers may stand there ('said in a speech on Monday, "...').
CUE_MODIFIER_WORDS = 10
# '"A," he said, "B."': the words between the fragments are at most this long.
SPLIT_CUE_CHARS = 80
# '"...," beamed Ng' or '"...," Ng beamed': the framing verb lies within this many characters after the mark.
FRAME_REACH_CHARS = 40
FRAMING_DEPS = frozenset({"ROOT", "conj", "parataxis", "ccomp"})
COMPLEMENT_DEPS = frozenset({"dobj", "obj", "ccomp", "xcomp", "attr", "acomp", "oprd", "dative"})
# A title, name or slogan in marks has at most this many words.
TITLE_WORDS_MAX = 8


def _window(doc: Doc, m: Marked) -> tuple[int, int]:
    """Token range of the sentences a quote touches."""
    span = tokens_in(doc, m.start, m.end)
    return (span[0].sent.start, span[-1].sent.end) if span is not None else (0, 0)


def is_direct(text: str, m: Marked) -> bool:
    """A quote that stands as its own sentence or clause, rather than words inside a sentence."""
    line_before = text[:m.outer_start].rstrip(" \t\xa0")
    before = line_before.rstrip()
    after = text[m.outer_end:].lstrip()
    opens_clause = not before or before[-1] in SENTENCE_END + OPENING_LEAD or line_before.endswith("\n")
    content = text[m.start:m.end].rstrip()
    closes_clause = (content[-1:] in SENTENCE_END + ",;:—" or not after or after[0] in SENTENCE_END)
    return opens_clause and closes_clause


def looks_like_title(text: str, m: Marked, inside_sentence: bool = True) -> bool:
    """Capitalised words that do not end a sentence of their own: a title, name or slogan, not
    speech. Inside a sentence, a comma or period in the marks is punctuation of the sentence
    ('on "Face the Nation," he said')."""
    content = text[m.start:m.end].rstrip()
    if inside_sentence:
        content = content.rstrip(",.")
    words = content.split()
    return 0 < len(words) <= TITLE_WORDS_MAX \
        and all(w[:1].isupper() or not w[:1].isalpha() or len(w) <= 3 for w in words) \
        and content[-1:] not in SENTENCE_END + ","


def _links(doc: Doc, cue: Cue, m: Marked) -> bool:
    """True when the quote lies inside the cue's reported content."""
    if cue.content is None:
        return False
    start, end = doc[cue.content[0]].idx, doc[cue.content[1] - 1].idx + len(doc[cue.content[1] - 1])
    return start <= m.start and m.end <= end + 1 or (m.start <= start and end <= m.end + 1)


def _adjacent(doc: Doc, cue: Cue, m: Marked, directly: bool = False) -> bool:
    """'"...," Smith said' or 'Smith said: "..."': the cue clause touches the quote."""
    tok = doc[cue.token]
    if tok.idx >= m.end:
        speaker = set(doc[cue.speaker_head].subtree) if cue.speaker_head is not None else set()
        after_quote = tokens_in(doc, m.end, tok.idx)
        gap = [t for t in after_quote if m.end < t.idx < tok.idx] if after_quote is not None else []
        return all(t.is_punct and t.text not in SENTENCE_END or t.is_space or t in speaker
                   or (t.head == tok and t.dep_ in {"aux", "advmod", "neg"} and t.lower_ not in ADVERBIAL_OPENERS)
                   for t in gap)  # '"...," when Ng said' is not Ng's quote
    between = text_of(doc)[tok.idx + len(tok):m.outer_start]  # up to the opening mark
    if directly:  # 'Shah said "We ..."'
        return not between.strip()
    if between.rstrip()[-1:] not in {":", ","}:
        return False
    if len(between) < SHORT_LEAD_CHARS:
        return True
    # 'Ng said in a speech on Monday, "..."': only the cue's own modifiers in between
    words = doc.char_span(tok.idx + len(tok), m.outer_start, alignment_mode="contract")
    return words is not None and len(words) <= CUE_MODIFIER_WORDS and all(
        t.is_punct or t.is_space or tok in t.ancestors for t in words)


def pick_cue(doc: Doc, m: Marked, cues: tuple[Cue, ...]) -> Cue | None:
    """The cue of a quote, in its own paragraph: in the sentences it touches, or in the next one
    when the parser split '"...?" Ng asked.' there. Adjacent cues first, then cues whose content
    holds the quote; among those, a speaker that can speak, a speech verb, then the nearest."""
    text = text_of(doc)
    lo, hi = _window(doc, m)
    if text[:m.outer_start].rstrip().endswith(":") and lo > 0:  # 'Ng said: "..."'
        lo = doc[lo - 1].sent.start
    near = [c for c in cues if lo <= c.token < hi]
    # '"...?" Ng asked.' or '"...," Ng said.' parsed as a sentence of its own after the quote
    if text[m.start:m.end].rstrip()[-1:] in {",", "?", "!", "—"}:
        near += [c for c in cues if hi <= c.token < min(len(doc), hi + CUE_AFTER_QUOTE_TOKENS) and _adjacent(doc, c, m)]
    first, last = paragraph_bounds(text, m.outer_start, m.outer_end)
    if text[:m.outer_start].rstrip().endswith(":"):  # 'Ng said:' may end the paragraph before
        first = paragraph_bounds(text, text[:m.outer_start].rstrip().rfind(":"), m.outer_end)[0]
    near = [c for c in near if first <= doc[c.token].idx < last]
    if not near:
        return None
    adjacent = [c for c in near if _adjacent(doc, c, m)]
    linked = [c for c in near if _links(doc, c, m)]
    pool = adjacent or linked or near
    return min(pool, key=lambda c: (c.speaker_head is None or not can_speak(doc[c.speaker_head]),
                                    c.form is CueForm.VERB and doc[c.token].lemma_.lower() not in SPEECH_VERBS,
                                    min(abs(doc[c.token].idx - m.start), abs(doc[c.token].idx - m.end))))


def _frames(verb: Token, quoted: Callable[[Token], bool], subject: Token | None = None) -> bool:
    """A verb that can frame a quote: outside the marks, heading a main clause ('when he arrived,'
    frames nothing; one the parse hung on the quote's words may) with no object or complement of its
    own ('Boos got even louder' frames nothing) besides its ``subject`` where the parse took that for one."""
    return not quoted(verb) and (verb.dep_ in FRAMING_DEPS or verb.dep_ == "dep" and quoted(verb.head)) \
        and not any(c.dep_ == "mark" or c.dep_ in COMPLEMENT_DEPS and not quoted(c) and c != subject
                    for c in verb.children)


def _framed_subject(verb: Token, m: Marked) -> Token | None:
    """The speaker of a verb framing the quote before it that the parse left without a subject:
    a proper noun it hung on the verb before it ('"...," Conway notes'), or, for a verb just after
    the marks, its object when that ends the sentence ('"...," opined the Plain Dealer')."""
    before = next((c for c in verb.lefts if c.dep_ == "compound" and c.pos_ == "PROPN" and c.idx > m.end), None)
    if before is not None:
        return before
    doc = verb.doc
    gap = tokens_in(doc, m.outer_end, verb.idx)
    if gap is not None and any(not (t.is_punct or t.is_space) for t in gap if m.outer_end <= t.idx < verb.idx):
        return None
    obj = next((c for c in verb.rights if c.dep_ in {"dobj", "obj"}), None)
    ends = obj is not None and (obj.right_edge.i + 1 == len(doc) or doc[obj.right_edge.i + 1].text in SENTENCE_END)
    return obj if ends else None


def _named_person(token: Token) -> bool:
    """A capitalised word that ends a person's name the article writes in full ("Hannity" tagged a
    common noun, after "Sean Hannity"): it can speak, whatever the tagger took it for."""
    return token.text[:1].isupper() and any(len(e) > 1 and e[-1].text == token.text and is_person_entity(e)
                                            for e in entities(token.doc))


def framing_verb(doc: Doc, m: Marked, quoted: Callable[[Token], bool]) -> Cue | None:
    """'Ng retorted: "..."' or '"...," Ng mused': the verb that frames a quote in marks, in or
    out of the lexicon, when its subject can speak and only the subject and punctuation stand
    between verb and marks. ``quoted(token)`` tells the words inside quotation marks."""
    text = text_of(doc)
    lead = text[:m.outer_start].rstrip()
    if lead[-1:] in {":", ","}:
        before = tokens_in(doc, len(lead) - 1, len(lead))
        verb = doc[before.start - 1] if before is not None and before.start > 0 else None
        if verb is not None and verb.dep_ == "prt":  # "cut in:", "shot back,"
            verb = verb.head
        if verb is not None and verb.pos_ == "VERB" and _frames(verb, quoted):
            subject = subject_of(verb, quoted)
            if subject is not None and subject.i < verb.i and can_speak(subject):
                return Cue(verb.i, subject.i, None, CueForm.VERB)
    content = text[m.start:m.end].rstrip()
    line_end = text.find("\n", m.outer_end)
    reach = min(len(text), m.outer_end + FRAME_REACH_CHARS, line_end if line_end >= 0 else len(text))
    after = tokens_in(doc, m.outer_end, reach)
    if content[-1:] in {",", "?", "!", "—"} and after is not None:
        verb = next((t for t in after if t.pos_ == "VERB" and t.dep_ not in SUBJECT_DEPS  # "Trump" tagged a verb
                     or t.dep_ == "ROOT" and t.lemma_.lower() in SPEECH_VERBS), None)  # "notes" tagged a noun
        subject = (subject_of(verb, quoted) or _framed_subject(verb, m)) if verb is not None else None
        if verb is not None and _frames(verb, quoted, subject):
            cue = Cue(verb.i, subject.i if subject is not None else None, None, CueForm.VERB)
            if subject is not None and subject.idx > m.end and (can_speak(subject) or _named_person(subject)) \
                    and _adjacent(doc, cue, m):
                return cue
    return None


def marked_quotes(context: Context, drafts: list[Draft]) -> list[Draft]:
    """Quotes in marks with their cues; titles and unattributed scare quotes are dropped later."""
    doc, text = context.doc, context.text
    found = []
    for m in context.quoted.marked:
        if not text[m.start:m.end].strip():
            continue
        cue = pick_cue(doc, m, context.cues)
        framing = framing_verb(doc, m, context.quoted.covers) if cue is None or not _adjacent(doc, cue, m) else None
        if framing is not None:
            cue = framing
        introduced = cue is not None and doc[cue.token].idx < m.start and _adjacent(doc, cue, m, directly=True)
        direct = is_direct(text, m) or (introduced and text[m.start:m.start + 1].isupper())
        if cue is None:
            rule = Rule.NO_CUE
        elif cue is framing:
            rule = Rule.FRAMING_VERB
        else:
            rule = Rule.CUE_SUBJECT if cue.speaker_head is not None else Rule.CUE_WITHOUT_SUBJECT
        found.append(Draft(f"m{m.start}", ((m.start, m.end),), "direct" if direct else "partial", rule, cue))
    return drafts + found


def merge_split_quotes(context: Context, drafts: list[Draft]) -> list[Draft]:
    """'"A," he said, "B."' is one quote in two fragments around its cue ('"A," he said. "B."'
    is two quotes, the second continuing the first)."""
    doc, text = context.doc, context.text
    merged: list[Draft] = []
    for draft in drafts:
        prev = merged[-1] if merged else None
        if prev is not None and prev.cue is not None and draft.cue in (None, prev.cue):
            between = text[prev.end:draft.start]
            inner = between.strip(" \"“”‘’«»'`")
            cue_between = prev.end <= doc[prev.cue.token].idx < draft.start
            if (text[prev.start:prev.end].rstrip()[-1:] in {",", "?", "!"} and cue_between
                    and inner.endswith(",") and len(inner) < SPLIT_CUE_CHARS and "\n" not in between
                    and not any(ch in inner[:-1] for ch in SENTENCE_END)):
                merged[-1] = replace(prev, fragments=prev.fragments + draft.fragments, kind="direct")
                continue
        merged.append(draft)
    return merged


def drop_titles(context: Context, drafts: list[Draft]) -> list[Draft]:
    """Drop titles, names and slogans in marks ("Face the Nation"), unless a cue introduces them
    as a sentence of speech."""
    return [d for d in drafts if len(d.fragments) > 1 or (d.cue and d.cue.content and d.kind == "direct")
            or not looks_like_title(context.text, Marked(d.start, d.end), d.kind == "partial")]
