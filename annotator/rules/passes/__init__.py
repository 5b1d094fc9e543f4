"""Quotations in a parsed ``Doc``: quotes in marks tied to their cues, and reported speech.

Each function is one pass with one job; ``find_quotes`` runs them in order. Speakers are
left as token positions here and named by ``speakers``.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from annotator.rules.lexicon import (ADVERBIAL_OPENERS, ENTITY_ORGANISATION, ENTITY_PERSON, FINDING_SOURCES,
                                 SECTION_LABELS, SPEECH_VERBS)
from annotator.rules.cues import Cue, find_cues, subject_of
from annotator.rules.marks import ALL_MARKS, PARAGRAPH_BREAK, Marked, paragraph_bounds
from annotator.rules.mentions import can_speak, entity_of, text_of, tokens_in, trim

SENTENCE_END = ".?!"
# At the start of a quote: a speaker's name in capitals and a colon ('"PENCE: Well, ...').
TRANSCRIPT_LABEL = re.compile(r"([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,2}):[ \t]")
TRANSCRIPT_TURN = re.compile(r"\n\s*[\"“](" + TRANSCRIPT_LABEL.pattern + ")")
# After a quote's closing mark: a dash, a name, nothing else on the line ('" ― Ana Ruiz.').
SIGNATURE = re.compile(r"""[”"’»'\s]*(?P<dash>[―—–-]{1,2})\s*(?P<name>\S[^\n]{0,58}?)[\s.]*$""")
OPENING_LEAD = ":,;—–-("
# A line opened by a short capitalised label and a colon ("Pence: Flowers won't attend", "WALLACE: Governor, ...").
LINE_LABEL = re.compile(r"(?m)^[ \t]*(?P<label>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,2}):[ \t]+(?P<content>\S[^\n]*)")


@dataclass(frozen=True)
class Draft:
    """A quotation before its speaker is named: where it is, and what points at the speaker."""

    fragments: tuple[tuple[int, int], ...]
    kind: str
    cue: Cue | None = None
    follows: int | None = None  # index of the earlier draft whose speaker this one continues
    rule: str = ""
    confidence: float = 0.0

    @property
    def start(self) -> int:
        return self.fragments[0][0]

    @property
    def end(self) -> int:
        return self.fragments[-1][1]


class QuotedText:
    """Which characters lie inside quotation marks."""

    def __init__(self, marked: list[Marked]):
        self.marked = marked
        self.starts = [m.start for m in marked]

    def index_at(self, char: int) -> int | None:
        i = bisect.bisect_right(self.starts, char) - 1
        return i if i >= 0 and char < self.marked[i].end else None

    def covers(self, token) -> bool:
        return self.index_at(token.idx) is not None


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
    return 0 < len(words) <= 8 and all(w[:1].isupper() or not w[:1].isalpha() or len(w) <= 3 for w in words) \
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
        between = [t for t in after_quote if m.end < t.idx < tok.idx] if after_quote is not None else []
        return all(t.is_punct and t.text not in SENTENCE_END or t.is_space or t in speaker
                   or (t.head == tok and t.dep_ in {"aux", "advmod", "neg"} and t.lower_ not in ADVERBIAL_OPENERS)
                   for t in between)  # '"...," when Ng said' is not Ng's quote
    between = text_of(doc)[tok.idx + len(tok):m.outer_start]  # up to the opening mark
    if directly:  # 'Shah said "We ..."'
        return not between.strip()
    if between.rstrip()[-1:] not in {":", ","}:
        return False
    if len(between) < 12:
        return True
    # 'Ng said in a speech on Monday, "..."': only the cue's own modifiers in between
    words = doc.char_span(tok.idx + len(tok), m.outer_start, alignment_mode="contract")
    return words is not None and len(words) <= 10 and all(
        t.is_punct or t.is_space or tok in t.ancestors for t in words)


def pick_cue(doc: Doc, m: Marked, cues: list[Cue]) -> Cue | None:
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
        near += [c for c in cues if hi <= c.token < min(len(doc), hi + 12) and _adjacent(doc, c, m)]
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
                                    c.form == "verb" and doc[c.token].lemma_.lower() not in SPEECH_VERBS,
                                    min(abs(doc[c.token].idx - m.start), abs(doc[c.token].idx - m.end))))


def marked_quotes(doc: Doc, quoted: QuotedText, cues: list[Cue]) -> list[Draft]:
    """Quotes in marks with their cues; titles and unattributed scare quotes are dropped later."""
    text = text_of(doc)
    drafts = []
    for m in quoted.marked:
        if not text[m.start:m.end].strip():
            continue
        cue = pick_cue(doc, m, cues)
        introduced = cue is not None and doc[cue.token].idx < m.start and _adjacent(doc, cue, m, directly=True)
        direct = is_direct(text, m) or (introduced and text[m.start:m.start + 1].isupper())
        kind = "direct" if direct else "partial"
        rule = f"{'subject of' if cue and cue.speaker_head is not None else 'no subject for'} cue" if cue else ""
        confidence = 0.9 if cue and cue.speaker_head is not None else 0.3
        drafts.append(Draft(((m.start, m.end),), kind, cue, None, rule, confidence))
    return drafts


def merge_split_quotes(doc: Doc, drafts: list[Draft]) -> list[Draft]:
    """'"A," he said, "B."' is one quote in two fragments around its cue ('"A," he said. "B."'
    is two quotes, the second continuing the first)."""
    text = text_of(doc)
    merged: list[Draft] = []
    for draft in drafts:
        prev = merged[-1] if merged else None
        if prev is not None and prev.cue is not None and draft.cue in (None, prev.cue):
            between = text[prev.end:draft.start]
            inner = between.strip(" \"“”‘’«»'`")
            cue_between = prev.end <= doc[prev.cue.token].idx < draft.start
            if (text[prev.start:prev.end].rstrip()[-1:] in {",", "?", "!"} and cue_between
                    and inner.endswith(",") and len(inner) < 80 and "\n" not in between
                    and not any(ch in inner[:-1] for ch in SENTENCE_END)):
                merged[-1] = replace(prev, fragments=prev.fragments + draft.fragments, kind="direct")
                continue
        merged.append(draft)
    return merged


def _signature(doc: Doc, draft: Draft) -> Cue | None:
    """'"..." ― Ana Ruiz': a name after a dash that follows the closing mark, ending its line."""
    text = text_of(doc)
    line_end = text.find("\n", draft.end)
    line_end = len(text) if line_end < 0 else line_end
    found = SIGNATURE.match(text[draft.end:line_end]) if line_end - draft.end <= 80 else None
    if found is None:
        return None
    name = tokens_in(doc, draft.end + found.start("name"), draft.end + found.end("name"))
    words = [t for t in name or () if not t.is_punct and t.idx >= draft.end + found.start("name")]
    if not words or not all(t.text[:1].isupper() for t in words):
        return None
    dash = tokens_in(doc, draft.end + found.start("dash"), draft.end + found.end("dash"))
    return Cue(dash[0].i, words[-1].i, None, "signature") if dash is not None else None


def _transcript_label(doc: Doc, draft: Draft) -> Cue | None:
    """'"WALLACE: Governor, ..."': a speaker's name in capitals and a colon opening the quote."""
    found = TRANSCRIPT_LABEL.match(text_of(doc), draft.start)
    label = tokens_in(doc, found.start(1), found.end(1)) if found else None
    if label is None or not any(t.is_alpha for t in label):
        return None
    return Cue(label[-1].i, label[-1].i, None, "label")


def split_transcripts(text: str, drafts: list[Draft]) -> list[Draft]:
    """A quote running over paragraphs that each open with a speaker's label ('"PENCE: ...',
    '"WALLACE: ...') is an interview transcript: one quote per turn."""
    out = []
    for draft in drafts:
        turns = [m.start(1) for m in TRANSCRIPT_TURN.finditer(text, draft.start, draft.end)]
        if len(draft.fragments) > 1 or not turns or not TRANSCRIPT_LABEL.match(text, draft.start):
            out.append(draft)
            continue
        starts = [draft.start] + turns
        for start, next_start in zip(starts, turns + [None]):
            end = draft.end if next_start is None else start + len(text[start:next_start].rstrip(" \t\n\"“”"))
            out.append(replace(draft, fragments=((start, end),)))
    return out


def signed_quotes(doc: Doc, drafts: list[Draft]) -> list[Draft]:
    """Quotes whose speaker is named beside them rather than by a verb: signed with a dash, as in
    collected reader comments, or labelled as in an interview transcript."""
    out = []
    for draft in drafts:
        cue = _signature(doc, draft) or _transcript_label(doc, draft) \
            if draft.cue is None and draft.kind == "direct" else None
        if cue is not None:
            rule = "name after the quote" if cue.form == "signature" else "transcript label"
            draft = replace(draft, cue=cue, rule=rule, confidence=0.85)
        out.append(draft)
    return out


def _names_a_source(label: Span, text: str, line_start: int, line_end: int) -> bool:
    """A label that names someone: a person or body the recogniser sees, a finding ("Poll"), or a
    name the article uses again outside this line ("Pence: ..." and later "Mike Pence said")."""
    words = label.text.split()
    if any(w.lower().rstrip(".") in SECTION_LABELS for w in words):
        return False
    ent = entity_of(label[-1])
    if ent is not None:  # a person or body speaks; a date, place or number ("Monday: ...") does not
        return ent.label_ == ENTITY_PERSON or ent.label_ in ENTITY_ORGANISATION - {"GPE"}
    if words[-1].lower() in FINDING_SOURCES:
        return True
    name = re.compile(rf"\b{re.escape(words[-1].title() if words[-1].isupper() else words[-1])}\b")
    return any(not line_start <= m.start() < line_end for m in name.finditer(text))


def labelled_lines(doc: Doc, drafts: list[Draft], quoted: QuotedText) -> list[Draft]:
    """A line opened by a source's name and a colon is that source's statement: the headline
    convention ("Pence: Flowers Won't Attend Debate") and transcripts outside marks. A quote in
    marks right after the label gets the label as its cue; otherwise the line is reported speech."""
    text = text_of(doc)
    out = list(drafts)
    for found in LINE_LABEL.finditer(text):
        label = tokens_in(doc, found.start("label"), found.end("label"))
        content = tokens_in(doc, found.start("content"), found.end("content"))
        if label is None or content is None or quoted.covers(label[0]) \
                or not _names_a_source(label, text, found.start(), found.end()):
            continue
        cue = Cue(label[-1].i, label.root.i, (content.start, content.end), "label")
        opening = next((i for i, d in enumerate(out) if d.cue is None and d.follows is None
                        and found.start("content") <= d.start <= found.start("content") + 1), None)
        if opening is not None:
            out[opening] = replace(out[opening], cue=cue, rule="speaker label opening the line", confidence=0.7)
            continue
        start, end = trim(doc, found.start("content"), found.end("content"))
        if len(text[start:end].split()) >= 3 and _overlap(out, start, end, {"direct", "partial"}) < 0.5 * (end - start):
            out.append(Draft(((start, end),), "indirect", cue, None, "speaker label opening the line", 0.7))
    return sorted(out, key=lambda d: d.start)


def _clause_speaker(doc: Doc, draft: Draft, quoted: QuotedText) -> tuple[Token, Token] | None:
    """The nearest verb above the quoted words with a subject outside the quotation, and that
    subject; for a quote after a colon, the verb of the clause the colon ends."""
    if draft.kind == "direct":
        lead = text_of(doc)[:draft.start].rstrip("".join(ALL_MARKS) + " \t")
        colon = tokens_in(doc, len(lead) - 1, len(lead)) if lead.endswith(":") else None
        span = doc[colon.start - 1:colon.start] if colon is not None and colon.start > 0 else None
    else:
        span = tokens_in(doc, draft.start, draft.end)
    for tok in (span.root, *span.root.ancestors) if span is not None else ():
        if draft.kind == "direct" and tok.i >= span.end:
            break  # only the clause the colon ends
        if tok.pos_ in {"VERB", "AUX"} and not quoted.covers(tok):
            subject = subject_of(tok, quoted.covers)
            if subject is not None:
                return tok, subject
    return None


def clause_subjects(doc: Doc, drafts: list[Draft], quoted: QuotedText) -> list[Draft]:
    """Words quoted inside a sentence with no speech cue are the words of the subject of the
    clause that holds them: 'Reid called Trump a "con artist"', 'he condemned a "brazen breach"';
    so is a quote after a colon that ends such a clause ('The memo put it bluntly: "..."')."""
    out = []
    for draft in drafts:
        found = _clause_speaker(doc, draft, quoted) if draft.cue is None else None
        if found is not None and can_speak(found[1]):
            verb, subject = found
            draft = replace(draft, cue=Cue(verb.i, subject.i, None, "clause"), rule="subject of the clause",
                            confidence=0.6)
        out.append(draft)
    return out


def lead_sentence_subjects(doc: Doc, drafts: list[Draft]) -> list[Draft]:
    """A quote with no cue right after a sentence about a named person that quotes nothing, in the
    same paragraph, is that person's ('Sanders blamed the old guard. "They never listened."')."""
    text = text_of(doc)
    out = []
    for draft in drafts:
        span = tokens_in(doc, draft.start, draft.end) \
            if draft.cue is None and draft.kind == "direct" else None
        first = span[0].sent.start if span is not None else 0
        lead = doc[first - 1].sent if first > 0 else None
        if lead is not None and not PARAGRAPH_BREAK.search(text, lead.end_char, draft.start) \
                and not any(d.start < lead.end_char and lead.start_char < d.end for d in drafts):
            subject = next((c for c in lead.root.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            ent = entity_of(subject) if subject is not None else None
            if ent is not None and ent.label_ == ENTITY_PERSON:
                draft = replace(draft, cue=Cue(lead.root.i, subject.i, None, "clause"),
                                rule="subject of the sentence before", confidence=0.5)
        out.append(draft)
    return out


def continue_speakers(doc: Doc, drafts: list[Draft]) -> list[Draft]:
    """A quote standing on its own with no cue, right after an attributed quote or reported
    speech ('..., Schiff said. "The other factor ..."'), continues that speaker."""
    text = text_of(doc)
    out: list[Draft] = []
    for draft in drafts:
        if draft.cue is None and draft.kind == "direct" and out:
            prev_index = len(out) - 1
            prev = out[prev_index]
            gap = doc.char_span(prev.end, draft.start, alignment_mode="contract")
            sentences_between = sum(1 for t in gap if t.is_sent_start) if gap is not None else 0
            paragraphs_between = len(PARAGRAPH_BREAK.findall(text, prev.end, draft.start))
            if (prev.cue is not None or prev.follows is not None) and sentences_between <= 2 and paragraphs_between <= 1:
                draft = replace(draft, follows=prev_index, rule="continues the quote before",
                                confidence=round(prev.confidence * 0.8, 2))
        out.append(draft)
    return out


def drop_titles(text: str, drafts: list[Draft]) -> list[Draft]:
    """Drop titles, names and slogans in marks ("Face the Nation"), unless a cue introduces them
    as a sentence of speech."""
    return [d for d in drafts if len(d.fragments) > 1 or (d.cue and d.cue.content and d.kind == "direct")
            or not looks_like_title(text, Marked(d.start, d.end), d.kind == "partial")]


def keep_quotations(text: str, drafts: list[Draft]) -> list[Draft]:
    """Drop scare quotes: marked words that nobody is said to have said."""
    kept = []
    for d in drafts:
        attributed = d.cue is not None or d.follows is not None
        words = len(text[d.start:d.end].split())
        if not attributed and (d.kind == "partial" or words < 4):
            continue
        kept.append(d)
    return _renumber(drafts, kept)


def _renumber(before: list[Draft], kept: list[Draft]) -> list[Draft]:
    """Keep ``follows`` pointing at the same drafts after some were removed."""
    position = {id(d): i for i, d in enumerate(kept)}
    out = []
    for d in kept:
        if d.follows is not None:
            target = before[d.follows]
            d = replace(d, follows=position.get(id(target)))
        out.append(d)
    return out


def _overlap(drafts: list[Draft], start: int, end: int, kinds: set[str]) -> int:
    """How many characters of [start, end) the drafts of these kinds cover."""
    return sum(max(0, min(end, e) - max(start, s)) for d in drafts if d.kind in kinds for s, e in d.fragments)


def reported_speech(doc: Doc, cues: list[Cue], drafts: list[Draft], quoted: QuotedText) -> list[Draft]:
    """Indirect quotes: the content clause of each cue with a speaker, unless a quote in marks is it.
    The content stays in the cue's paragraph, whatever the parser joined across a break."""
    found = []
    text = text_of(doc)
    for cue in cues:
        if cue.content is None or cue.speaker_head is None:
            continue
        first, last = doc[cue.content[0]], doc[cue.content[1] - 1]
        paragraph_start, paragraph_end = paragraph_bounds(text, doc[cue.token].idx, doc[cue.token].idx)
        start, end = trim(doc, max(first.idx, paragraph_start), min(last.idx + len(last), paragraph_end))
        ending = quoted.index_at(end - 1) if end > start else None
        if ending is not None and quoted.marked[ending].end == end and quoted.marked[ending].start > start:
            end = quoted.marked[ending].outer_end  # keep the closing mark of a quotation the content ends with
        if end - start < 8:
            continue
        direct, marked = _overlap(drafts, start, end, {"direct"}), _overlap(drafts, start, end, {"direct", "partial"})
        if direct >= 0.5 * (end - start) or marked >= 0.8 * (end - start):
            continue  # the quotation in marks is this content already
        rule = "according to" if cue.form == "according" else "content clause of cue"
        found.append(Draft(((start, end),), "indirect", cue, None, rule, 0.8))
    return found


def find_quotes(doc: Doc, quoted: QuotedText) -> list[Draft]:
    """Every quotation in the document, in text order; ``quoted`` holds its quotations in marks."""
    text = text_of(doc)
    cues = find_cues(doc, quoted.covers)
    drafts = marked_quotes(doc, quoted, cues)
    drafts = merge_split_quotes(doc, drafts)
    drafts = drop_titles(text, drafts)
    drafts = split_transcripts(text, drafts)
    drafts = signed_quotes(doc, drafts)
    drafts = labelled_lines(doc, drafts, quoted)
    drafts = clause_subjects(doc, drafts, quoted)
    drafts = lead_sentence_subjects(doc, drafts)
    drafts = sorted(drafts + reported_speech(doc, cues, drafts, quoted), key=lambda d: d.start)
    drafts = continue_speakers(doc, drafts)
    return keep_quotations(text, drafts)
