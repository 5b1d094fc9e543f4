import html
import json

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from annotator.io.readers import (ReadError, article_from_text, decode, html_body, jsonl_articles, read_bytes, read_inputs,
                               seed_body)


def test_seed_format_strips_prefixes_dash_and_wire_signoff():
    raw = "schema:articleBody\n| - Ministers met on Monday. \"We agree,\" Ann Lee said. abc-def/gh\n|"
    assert seed_body(raw) == 'Ministers met on Monday. "We agree," Ann Lee said.'


def test_plain_text_is_kept_as_is():
    article = article_from_text("  Line one.\n\nLine two.  ", "a", "a.txt")
    assert article.text == "  Line one.\n\nLine two.  "


MICRODATA = """<html><head><script>var x = "no";</script></head><body><nav>Home | World</nav>
<div itemprop="articleBody"><p>First &amp; foremost.</p><!-- a comment --><p>Second <b>para</b>.</p>
<iframe src="x"></iframe></div><footer>(c) 2020</footer></body></html>"""


def test_html_microdata_body_with_paragraphs_entities_and_no_scripts():
    assert html_body(MICRODATA) == "First & foremost.\n\nSecond para."


def test_html_json_ld_when_no_microdata():
    page = ('<html><head><script type="application/ld+json">'
            + json.dumps({"@graph": [{"@type": "NewsArticle", "articleBody": "Body from JSON-LD."}]})
            + "</script></head><body><p>Cookie notice</p></body></html>")
    assert html_body(page) == "Body from JSON-LD."


def test_html_with_both_prefers_microdata():
    page = MICRODATA.replace("<head>", '<head><script type="application/ld+json">{"@type": "Article", '
                                       '"articleBody": "Other."}</script>')
    assert html_body(page) == "First & foremost.\n\nSecond para."


def test_html_paragraph_fallback_and_malformed_markup():
    assert html_body("<html><body><div><p>One <i>two</p><p>three</div>") == "One two\n\nthree"


def test_html_without_body_text_is_an_error():
    with pytest.raises(ReadError, match="no article body"):
        html_body("<html><body><script>1</script></body></html>")


def test_jsonl_reports_broken_lines_and_keeps_the_rest():
    raw = '{"id": "a", "text": "Text A.", "quotes": []}\nnot json\n{"id": "c"}\n{"id": "d", "text": "Text D."}\n'
    items = list(jsonl_articles(raw.splitlines(), "x.jsonl"))
    assert [getattr(i, "id", None) for i in items] == ["a", None, None, "d"]
    assert "x.jsonl:2" in str(items[1]) and "x.jsonl:3" in str(items[2])


def test_decode_rejects_empty_and_binary_and_reads_latin1():
    with pytest.raises(ReadError, match="empty"):
        decode(b"  \n", "e.txt")
    with pytest.raises(ReadError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "b.txt")
    assert "Zürich" in decode("Die Stadt Zürich sagte, es sei gut gewesen.".encode("latin-1"), "l.txt")


def test_folders_are_read_recursively_and_errors_are_yielded(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("Article A.")
    (tmp_path / "sub" / "b.html").write_text("<html><body><p>Article B.</p></body></html>")
    (tmp_path / "empty.txt").write_text("")
    items = list(read_inputs([str(tmp_path)]))
    assert sorted(i.text for i in items if not isinstance(i, ReadError)) == ["Article A.", "Article B."]
    assert [str(i) for i in items if isinstance(i, ReadError)] == [f"{tmp_path / 'empty.txt'}: the file is empty"]


def test_articles_normalise_line_breaks_and_uncarriable_characters_keeping_offsets():
    from annotator.model import Article
    raw = "One\r\ntwo\rthree\x00four\x85five\ud800six\tseven\u2028"
    assert Article("a", raw).text == "One \ntwo\nthree four five six\tseven\u2028"


def test_a_huge_article_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    import annotator.io.readers as readers
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * (readers.MAX_BYTES + 1))
    monkeypatch.setattr(readers.Path, "read_bytes", lambda self: pytest.fail("the whole file was read"))
    (error,) = read_inputs([str(big)])
    assert isinstance(error, ReadError) and "over the limit" in str(error)


def test_html_without_a_charset_keeps_curly_quotes_and_a_declared_charset_is_honoured():
    body = "“Öffnen Sie,” sagte Rui Sousa — à bientôt."
    assert next(read_bytes(f"<html><body><p>{body}</p></body></html>".encode(), "a.html", "a")).text == body
    page = f'<html><head><meta charset="windows-1250"></head><body><p>Łódź {body[:7]}</p></body></html>'
    assert next(read_bytes(page.encode("cp1250"), "b.html", "b")).text == f"Łódź {body[:7]}"


def test_a_stray_nul_in_text_is_not_binary():
    assert decode(b'"Stay calm,\x00" Eva Holm said. Then she left the room.', "n.txt").startswith('"Stay calm')


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40), min_size=1, max_size=6))
def test_paragraph_text_survives_the_html_reader(paragraphs):
    paragraphs = [" ".join(p.split()) for p in paragraphs]
    paragraphs = [p for p in paragraphs if p]
    assume(paragraphs)
    page = "<html><body>" + "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs) + "</body></html>"
    assert html_body(page) == "\n\n".join(paragraphs)


def test_jsonl_line_with_a_number_too_long_to_convert_is_a_read_error():
    huge = '{"text": "A story.", "n": ' + "1" * 5000 + "}"  # ValueError without .msg, not a JSONDecodeError
    items = list(jsonl_articles(['{"text": "Fine."}', huge], "x.jsonl"))
    assert items[0].text == "Fine." and isinstance(items[1], ReadError) and "x.jsonl:2: not valid JSON" in str(items[1])
