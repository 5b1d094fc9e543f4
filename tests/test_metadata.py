"""Article metadata (title, URL, date, outlet, byline) from every input format into every output."""
import csv
import io
import json

import jsonschema
import lxml.html
from conftest import SCHEMA

from annotator.io.readers import article_from_text, jsonl_articles, read_bytes
from annotator.model import Article
from annotator.output.render import CSV_COLUMNS, report_pages, to_csv, to_html

BODY = '"We will reopen the school," principal Omar Haddad said on Friday.'
NO_METADATA = dict.fromkeys(("title", "url", "published", "outlet", "author"))


def test_jsonl_fields_and_their_other_names():
    lines = [json.dumps({"id": "a", "text": BODY, "title": " School  reopens ", "url": "https://news.example/a",
                         "date": "2020-01-07", "source": {"id": "x", "name": "The Gazette"},
                         "author": ["Ana Ruiz", {"name": "Li Wei"}]}),
             json.dumps({"id": "b", "text": BODY, "published": "2021-05-01T10:00:00Z", "outlet": "Post",
                         "date": "ignored", "title": 42, "author": {"bad": True}})]
    a, b = jsonl_articles(lines, "x.jsonl")
    assert a.metadata() == {"title": "School reopens", "url": "https://news.example/a", "published": "2020-01-07",
                            "outlet": "The Gazette", "author": "Ana Ruiz, Li Wei"}
    assert b.metadata() == {**NO_METADATA, "title": "42", "published": "2021-05-01T10:00:00Z", "outlet": "Post"}
    assert a.source == "x.jsonl:1" and a.text == BODY


def test_plain_text_has_no_metadata():
    assert article_from_text(BODY, "a", "a.txt").metadata() == NO_METADATA


def test_sample_format_header_sections():
    raw = ("schema:headline\n| Troops move out\nschema:datePublished\n| 2020-01-08\nschema:publisher\n| AFP\n"
           f"schema:articleBody\n| - {BODY} abc-def/gh\n|")
    article = article_from_text(raw, "s", "s.txt")
    assert article.text == BODY
    assert article.metadata() == {**NO_METADATA, "title": "Troops move out", "published": "2020-01-08", "outlet": "AFP"}
    assert article_from_text(f"schema:articleBody\n| {BODY}", "s", "s.txt").metadata() == NO_METADATA


def page(head: str, body: str = f"<article><p>{BODY}</p></article>") -> bytes:
    return f"<html><head>{head}</head><body>{body}</body></html>".encode()


def test_html_json_ld_comes_before_meta_tags_and_the_title():
    json_ld = {"@context": "https://schema.org", "@graph": [{"@type": "WebSite", "name": "Not this"}, {
        "@type": "NewsArticle", "headline": "Schools reopen", "datePublished": "2020-01-07T08:00:00+01:00",
        "publisher": {"@type": "Organization", "name": "The Gazette"}, "author": [{"@type": "Person", "name": "Ana Ruiz"}]}]}
    head = (f'<script type="application/ld+json">{json.dumps(json_ld)}</script><title>Schools | Site</title>'
            '<meta property="og:site_name" content="Gazette Online"><meta property="og:url" content="https://g.example/s">')
    (article,) = read_bytes(page(head), "p.html", "p")
    assert article.metadata() == {"title": "Schools reopen", "url": "https://g.example/s",
                                  "published": "2020-01-07T08:00:00+01:00", "outlet": "The Gazette", "author": "Ana Ruiz"}
    assert article.text == BODY  # the JSON-LD script is still dropped from the text


def test_html_meta_tags_title_and_time_without_json_ld():
    head = ('<title>Plain title</title><meta name="author" content="Li Wei">'
            '<link rel="canonical" href="https://n.example/x">')
    body = f'<article><time datetime="2019-03-02">2 March</time><p>{BODY}</p></article><!-- <title>no</title> -->'
    (article,) = read_bytes(page(head, body), "p.html", "p")
    assert article.metadata() == {**NO_METADATA, "title": "Plain title", "url": "https://n.example/x",
                                  "published": "2019-03-02", "author": "Li Wei"}
    assert article.text == BODY


def test_results_carry_the_metadata_into_json_csv_and_pages(annotator):
    article = Article("a1", BODY, "/home/me/secret/a1.txt", title="Schools reopen", url="https://g.example/s",
                      published="2020-01-07T08:00:00Z", outlet="The Gazette", author="Ana Ruiz")
    result = annotator.annotate(article)
    jsonschema.validate(result, SCHEMA)
    assert result["title"] == "Schools reopen" and result["outlet"] == "The Gazette"
    partial = annotator.annotate(Article("a2", BODY, title="Only a title"))
    assert [k for k in partial if k in NO_METADATA] == ["title"]  # only what the input says
    header, *rows = csv.reader(io.StringIO(to_csv([result])))
    assert header == list(CSV_COLUMNS) and header[:16][-2:] == ["review_status", "backend"]  # new columns at the end
    assert dict(zip(header, rows[0]))["published"] == "2020-01-07T08:00:00Z"
    html = lxml.html.fromstring(to_html(result))
    top = html.xpath("//header[@class='top']")[0].text_content()
    assert "Schools reopen" in top and "The Gazette" in top and "2020-01-07" in top and "Ana Ruiz" in top
    assert "/home/me" not in to_html(result) and html.xpath("//title")[0].text == "Quotes · Schools reopen"
    assert html.xpath("//header//a/@href") == ["https://g.example/s"]
    assert "outlet" not in [th.text for th in html.xpath("//section[@class='table']//th")]


def test_a_result_without_metadata_keeps_its_keys_validates_and_renders(annotate):
    result = annotate(BODY, "old")
    assert list(result) == ["id", "source", "backend", "text", "speakers", "quotes"]  # as results before metadata
    jsonschema.validate(result, SCHEMA)
    assert "<h1>old</h1>" in to_html(result) and to_csv([result]).splitlines()[1].endswith(",,,,")


def test_only_web_links_are_linked(annotator):
    result = annotator.annotate(Article("a", BODY, url="javascript:alert(1)"))
    assert "javascript:" not in to_html(result)


def test_index_shows_title_outlet_and_day():
    page = lxml.html.fromstring(report_pages([{"id": "b", "quotes": 0, "speakers": 0, "error": "bad"},
                                              {"id": "a1", "href": "articles/a1.html", "quotes": 2, "speakers": 1,
                                               "title": "Schools reopen", "outlet": "The Gazette",
                                               "published": "2020-01-07T08:00:00Z"}])["index.html"])
    cells = [td.text_content().strip() for td in page.xpath("//tbody/tr[1]/td")]
    assert cells[:3] == ["Schools reopen a1", "The Gazette", "2020-01-07"]
    assert page.xpath("//tbody/tr[1]//a")[0].text == "Schools reopen"
