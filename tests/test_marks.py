from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.rules.marks import find_marked


def contents(text):
    return [text[m.start:m.end] for m in find_marked(text)]


def test_straight_and_curly_quotes():
    assert contents('He said "one thing" and “another” there.') == ["one thing", "another"]


def test_single_curly_quotes_are_quotes_but_apostrophes_are_not():
    assert contents("The mayor’s aide said ‘we are done’ and didn’t stay.") == ["we are done"]


def test_guillemets():
    assert contents("Elle a dit «merci beaucoup» hier.") == ["merci beaucoup"]


def test_quote_runs_over_paragraphs_that_reopen():
    text = "“First paragraph of the quote.\n\n“Second paragraph,” she said."
    assert contents(text) == ["First paragraph of the quote.\n\n“Second paragraph,"]


def test_stray_mark_does_not_swallow_the_rest():
    text = "A stray “mark here.\n\nLater, “a real quote” follows."
    assert contents(text) == ["a real quote"]


def test_nested_quotes_stay_inside():
    assert contents("“He told me ‘never again’ twice,” she said.") == ["He told me ‘never again’ twice,"]


def test_a_straight_mark_closed_by_a_curly_one_still_pairs():
    assert contents('"Oz has a pulpit,” said Ann Gold. “Facts matter."') == ["Oz has a pulpit,", "Facts matter."]


def test_curly_quotes_nested_in_a_straight_one_keep_their_closing_mark():
    text = '"As the “Daily Courier” wrote, the ferry is late," Ada Moor said. Then "done” he said.'
    assert contents(text) == ["As the “Daily Courier” wrote, the ferry is late,", "done"]


def test_a_closing_curly_mark_typed_to_open_a_line_opens_it():
    assert contents("Readers wrote in.\n”Fear. I am afraid.” ― Ed Roy\nShe said “yes” and ”no.”") == [
        "Fear. I am afraid.", "yes"]


def test_paired_apostrophes_and_backticks_are_double_marks_only_when_asked():
    text = "''It is done,'' the mayor said. ``Really?'' I asked. Rock 'n' roll isn't quoted."
    assert find_marked(text) == []
    spans = find_marked(text, typewriter=True)
    assert [text[m.start:m.end] for m in spans] == ["It is done,", "Really?"]
    assert [(text[m.outer_start:m.start], text[m.end:m.outer_end]) for m in spans] == [("''", "''"), ("``", "''")]


MARKS = st.sampled_from(['"', "“", "”", "‘", "’", "«", "»", "'", "''", "``", "\n", "\n\n", " "])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=12), MARKS), max_size=40).map("".join), st.booleans())
def test_any_text_gives_ordered_disjoint_spans_inside_the_text(text, typewriter):
    spans = find_marked(text, typewriter)
    for m in spans:
        assert 0 <= m.outer_start < m.start <= m.end < m.outer_end <= len(text)
    for a, b in zip(spans, spans[1:]):
        assert a.outer_end <= b.outer_start
