import csv
import io

import lxml.html
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.output.render import to_csv, to_html

HOSTILE = 'Dr Mia Holt said "<script>alert(1)</script> is not safe & never was." Then <b>bold</b> text.'


def test_every_quote_highlighted_legend_complete_and_markup_stays_text(annotate):
    result = annotate(HOSTILE)
    page = lxml.html.fromstring(to_html(result))
    assert not page.xpath("//article//script") and not page.xpath("//article//b")
    assert "<script>alert(1)</script>" in page.xpath("//article")[0].text_content()
    assert {q["id"] for q in result["quotes"]} <= set(page.xpath("//mark/@data-quote"))
    assert len(page.xpath("//button[@class='speaker']")) == len(result["speakers"])
    assert page.xpath("//meta[@http-equiv='Content-Security-Policy']")


def test_csv_round_trip_with_commas_quotes_newlines_and_formulas(annotate):
    result = annotate('"Prices will rise," Ann Bell said.')
    result["quotes"][0].update(text='=1+2, and "more"\nlines,', evidence="@SUM(A1), -1 +2")
    rows = list(csv.DictReader(io.StringIO(to_csv([result]))))
    assert rows[0]["text"].startswith("'=1+2, and") and "\n" in rows[0]["text"]
    assert rows[0]["evidence"] == "'@SUM(A1), -1 +2"
    assert to_csv([result], bom=True).startswith("\ufeff")


REPORTED = {"reported_clause", "according_to", "learned_cue", "line_label"}  # rules of reported speech
PIECES = st.one_of(st.text(max_size=15), st.sampled_from(['"', "“", "”", "‘", "’", " said ", " he said.", ", according to ",
                                                         "Anna Berg", "\n\n", ". ", "<b>", "&amp;", "They told AFP ",
                                                         "\x00", "\r\n", "\ud800", "word " * 300]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(PIECES, min_size=1, max_size=30).map("".join).filter(lambda t: t.strip()))
def test_pipeline_never_fails_offsets_inside_no_overlap_and_html_holds_the_text_once(annotate, text):
    result = annotate(text)
    assert len(result["text"]) == len(text)  # control characters and lone surrogates became spaces
    text = result["text"]
    # quotations in marks never overlap (reported speech may hold them: it can be partial too)
    spans = sorted((s, e) for q in result["quotes"] if q["rule"] not in REPORTED for s, e in q["fragments"])
    for q in result["quotes"]:
        assert 0 <= q["start"] <= q["end"] <= len(text)
    for (s1, e1), (s2, e2) in zip(spans, spans[1:]):
        assert e1 <= s2
    page = lxml.html.fromstring(to_html(result))
    (article,) = page.xpath("//article")
    assert article.text_content().replace("\n", "") == text.replace("\n", "")
    article.drop_tree()
    for cell in page.xpath("//section[@class='table']//td"):
        cell.drop_tree()  # the quote table repeats each quote's words, which can be the whole text
    if len(text.strip()) > 40:
        assert text.strip() not in page.text_content()  # not in the header, legend or script
