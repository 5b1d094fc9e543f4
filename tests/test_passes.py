"""Properties of each quote and attribution pass on random text with random quotation marks:
no pass raises, every offset stays inside the text, quotations in marks never overlap, and
every pointer (cue token, speaker head, continued quote) points somewhere real."""
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from annotator.rules import passes as quotes
from annotator.rules.engine import attribute
from annotator.rules.cues import find_cues
from annotator.rules.marks import find_marked
from annotator.parse.backends import load_backend

PIECES = st.one_of(
    st.text(max_size=12),
    st.sampled_from(['"', "“", "”", "‘", "’", "«", "»", "''", "``", "\n", "\n\n", ". ", ", ", ": ", " ― ", " — ",
                     " said", " he said.", "she added, ", "According to ", " told reporters that ", " called for ",
                     "Ann Lee", "Mr. Park", "the ministry", "They", "PARK: ", "Senator Bo Dahl", "It's ", "\nPark: ", "\nPoll: ",
                     "the plan " * 60]),
)
TEXTS = st.lists(PIECES, min_size=1, max_size=25).map("".join).filter(lambda t: t.strip())


def parse(text):
    return next(load_backend("spacy").pipe([text], batch_size=1))


def check_drafts(doc, drafts):
    n = len(doc.text)
    for index, d in enumerate(drafts):
        assert d.fragments and all(0 <= s <= e <= n for s, e in d.fragments)
        assert all(e1 <= s2 for (_, e1), (s2, _) in zip(d.fragments, d.fragments[1:]))
        if d.cue is not None:
            assert 0 <= d.cue.token < len(doc)
            assert d.cue.speaker_head is None or 0 <= d.cue.speaker_head < len(doc)
        assert d.follows is None or 0 <= d.follows < len(drafts) and d.follows != index
    marked = sorted(f for d in drafts if d.kind != "indirect" for f in d.fragments)
    assert all(e1 <= s2 for (_, e1), (s2, _) in zip(marked, marked[1:]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, st.booleans())
def test_every_pass_keeps_offsets_inside_and_marked_quotes_apart(text, typewriter):
    doc = parse(text)
    quoted = quotes.QuotedText(find_marked(doc.text, typewriter))
    cues = find_cues(doc, quoted.covers)
    drafts = quotes.marked_quotes(doc, quoted, cues)
    check_drafts(doc, drafts)
    for step in (lambda d: quotes.merge_split_quotes(doc, d), lambda d: quotes.drop_titles(doc.text, d),
                 lambda d: quotes.split_transcripts(doc.text, d), lambda d: quotes.signed_quotes(doc, d),
                 lambda d: quotes.labelled_lines(doc, d, quoted), lambda d: quotes.clause_subjects(doc, d, quoted),
                 lambda d: quotes.lead_sentence_subjects(doc, d)):
        drafts = step(drafts)
        check_drafts(doc, drafts)
    drafts = sorted(drafts + quotes.reported_speech(doc, cues, drafts, quoted), key=lambda d: d.start)
    drafts = quotes.continue_speakers(doc, drafts)
    check_drafts(doc, drafts)
    assert all(d.follows is None or d.follows < i for i, d in enumerate(drafts))
    kept = quotes.keep_quotations(doc.text, drafts)
    check_drafts(doc, kept)
    assert kept == quotes.find_quotes(doc, quoted)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, st.booleans())
@example("000 said\"'' a000\"", True)  # a speaker noted at a character between tokens
def test_attribution_names_speakers_only_with_mentions_inside_the_text(text, typewriter):
    doc = parse(text)
    found, speakers = attribute(doc, typewriter)
    ids = {s.id for s in speakers}
    for q in found:
        assert q.speaker_id is None or q.speaker_id in ids
        assert 0 <= q.confidence <= 1 and q.evidence
        for span in filter(None, (q.speaker_mention, q.cue)):
            assert doc.text[span.start:span.end] == span.text
    for s in speakers:
        assert s.name and all(doc.text[m.start:m.end] == m.text for m in s.mentions)
