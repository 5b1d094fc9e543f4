"""Properties of each quote and attribution pass on random text with random quotation marks:
no pass raises, every offset stays inside the text, quotations in marks never overlap, and
every pointer (cue token, speaker head, continued quote) points somewhere real."""
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from annotator.parse.backends import load_backend
from annotator.rules.drafts import Context
from annotator.rules.engine import Settings, attribute
from annotator.rules.passes import PASSES, find_quotes

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


def check_drafts(doc, drafts, after):
    n = len(doc.text)
    ids = [d.id for d in drafts]
    assert len(set(ids)) == len(ids), f"after {after}: draft ids repeat"
    for index, d in enumerate(drafts):
        assert d.fragments and all(0 <= s <= e <= n for s, e in d.fragments), after
        assert all(e1 <= s2 for (_, e1), (s2, _) in zip(d.fragments, d.fragments[1:])), after
        if d.cue is not None:
            assert 0 <= d.cue.token < len(doc), after
            assert d.cue.speaker_head is None or 0 <= d.cue.speaker_head < len(doc), after
        assert d.follows is None or d.follows in ids[:index], f"after {after}: follows no earlier draft"
    # quotations in marks (ids "m<char>"; reported speech holding quoted words is partial too)
    marked = sorted(f for d in drafts if d.id.startswith("m") for f in d.fragments)
    assert all(e1 <= s2 for (_, e1), (s2, _) in zip(marked, marked[1:])), after


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, st.booleans())
def test_every_pass_keeps_offsets_inside_and_marked_quotes_apart(text, typewriter):
    doc = parse(text)
    context = Context.of(doc, typewriter)
    drafts = []
    for name, run in PASSES:
        drafts = run(context, drafts)
        check_drafts(doc, drafts, name)
    assert drafts == find_quotes(context)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, st.booleans())
@example("000 said\"'' a000\"", True)  # a speaker noted at a character between tokens
def test_attribution_names_speakers_only_with_mentions_inside_the_text(text, typewriter):
    doc = parse(text)
    found, speakers = attribute(doc, Settings(typewriter_quotes=typewriter))
    ids = {s.id for s in speakers}
    for q in found:
        assert q.speaker_id is None or q.speaker_id in ids
        assert 0 <= q.confidence <= 1 and q.evidence and q.rule and q.speaker_rule
        for span in filter(None, (q.speaker_mention, q.cue)):
            assert doc.text[span.start:span.end] == span.text
    for s in speakers:
        assert s.name and all(doc.text[m.start:m.end] == m.text for m in s.mentions)
