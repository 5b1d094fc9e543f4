"""Broken and hostile input: one line on stderr, the right exit code, no traceback; in a batch,
one errors.jsonl entry per bad input while the rest completes."""
import json

import lxml.html
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.cli import main
from annotator.io.readers import MAX_CHARS, ReadError, html_body, read_bytes

GOOD = '"The bridge opens in May," engineer Tom Vale said.'
BAD_FILES = {
    "empty.txt": (b"", "the file is empty"),
    "blank.txt": (b"  \n\t \r\n ", "the file is empty"),
    "image.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file"),
    "nobody.html": (b"<!doctype html><html><head><title>T</title><script>var a = 1;</script></head>"
                    b"<body><nav>Home</nav><!-- ad --></body></html>", "no article body found"),
    "long.txt": (b"Words go on. " * (MAX_CHARS // 13 + 1), "over the limit of 1,000,000 characters"),
    "huge.txt": (b"x" * (4 * MAX_CHARS + 1), "over the limit of 1,000,000 characters"),
}


def invoke(*args, env=None):
    return CliRunner().invoke(main, [str(a) for a in args], env=env)


def assert_one_line_failure(result, code: int, fragment: str):
    assert result.exit_code == code, result.output
    assert isinstance(result.exception, SystemExit)  # not an escaped exception
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0], result.stderr


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_bad_file_is_one_line_and_exit_1(tmp_path, name):
    data, message = BAD_FILES[name]
    (tmp_path / name).write_bytes(data)
    result = invoke("annotate", tmp_path / name, "--backend", "spacy")
    assert_one_line_failure(result, 1, message)
    assert name in result.stderr and [p.name for p in tmp_path.iterdir()] == [name]  # nothing written


def test_in_a_batch_each_bad_input_is_one_error_and_the_rest_completes(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, (data, _) in BAD_FILES.items():
        (folder / name).write_bytes(data)
    (folder / "good.txt").write_text(GOOD)
    lines = [json.dumps({"id": "j1", "text": GOOD}), '{"id": "j2", "text": ', "[1, 2]", json.dumps({"id": "j4", "text": " "})]
    (folder / "feed.jsonl").write_bytes("\n".join(lines).encode() + b"\n\xff\xfe broken bytes\n")
    out = tmp_path / "out"
    result = invoke("annotate", folder, "-o", out, "--backend", "spacy", "--workers", "1", "-q")
    assert result.exit_code == 1 and "Traceback" not in result.output
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    assert len(errors) == len(BAD_FILES) + 4
    for name, (_, message) in BAD_FILES.items():
        assert [e for e in errors if name in e["input"] and message in e["error"]], name
    for line in (2, 3, 4, 5):
        assert [e for e in errors if f"feed.jsonl:{line}" in e["error"]], line
    done = sorted(json.loads(line)["id"] for line in (out / "quotes.jsonl").read_text().splitlines())
    assert done == ["good", "j1"]


@pytest.mark.parametrize("encoding", ["utf-16", "cp1252", "latin-1", "utf-8-sig"])
def test_other_encodings_are_detected(tmp_path, encoding):
    text = ("Le maire de Zürich a déclaré que la fête aura lieu à Genève. « C'est une très belle journée », "
            "a-t-il ajouté après la réunion du conseil municipal, où l'on a parlé des cafés et des crèches.")
    source = tmp_path / "fr.txt"
    source.write_bytes(text.encode(encoding))
    out = tmp_path / "fr.json"
    assert invoke("annotate", source, "--format", "json", "-o", out, "--backend", "spacy").exit_code == 0
    assert json.loads(out.read_text())["text"] == text


def test_unbalanced_nested_and_mixed_marks_still_give_the_later_quotes(annotate):
    text = ('A stray "mark opens here.\n\nShe wrote \'a “nested” thought\' once. «Mixed» marks. '
            '“We will win,” coach Ida Moss said. "It will be hard," she added.')
    result = annotate(text)
    by_start = {text[q["start"]:q["end"]]: q["speaker"] for q in result["quotes"]}
    assert by_start.get("We will win,") == "Ida Moss" and by_start.get("It will be hard,") == "Ida Moss"


def test_a_very_long_sentence_is_annotated(annotate):
    text = ("The minister said that " + "the plan, which covers roads and rail and ports, " * 400
            + 'was "ready to go," Lea Kahn said.')
    result = annotate(text)
    assert any(q["speaker"] == "Lea Kahn" and "ready to go" in q["text"] for q in result["quotes"])


def test_unknown_backend_and_missing_model_exit_2(tmp_path):
    source = tmp_path / "a.txt"
    source.write_text(GOOD)
    unknown = invoke("annotate", source, "--backend", "bert")
    assert unknown.exit_code == 2 and "'bert' is not one of" in unknown.stderr
    missing = invoke("annotate", source, "--backend", "stanza", env={"STANZA_RESOURCES_DIR": str(tmp_path / "none")})
    assert_one_line_failure(missing, 2, "annotator models download")


def test_the_default_output_never_overwrites_the_input(tmp_path):
    page = tmp_path / "story.html"
    original = f"<html><body><p>{GOOD}</p></body></html>"
    page.write_text(original)
    assert invoke("annotate", page, "--backend", "spacy").exit_code == 0
    assert page.read_text() == original and (tmp_path / "story.annotated.html").exists()


@pytest.mark.parametrize("output, message", [
    ("folder", "is a folder; name a file"),
    ("plain/out.html", "plain is a file, not a folder"),
])
def test_an_output_that_cannot_be_written_fails_before_any_work(tmp_path, output, message):
    (tmp_path / "folder").mkdir()
    (tmp_path / "plain").write_text("")
    source = tmp_path / "a.txt"
    source.write_text(GOOD)
    assert_one_line_failure(invoke("annotate", source, "-o", tmp_path / output, "--backend", "spacy"), 1, message)


def test_a_batch_into_a_file_or_from_an_empty_folder_fails_clearly(tmp_path):
    (tmp_path / "plain").write_text("")
    (tmp_path / "empty").mkdir()
    (tmp_path / "a.txt").write_text(GOOD)
    into_file = invoke("annotate", tmp_path / "a.txt", tmp_path / "a.txt", "-o", tmp_path / "plain", "--backend", "spacy")
    assert_one_line_failure(into_file, 1, "exists and is not a folder")
    nothing = invoke("annotate", tmp_path / "empty", "-o", tmp_path / "out", "--backend", "spacy", "-q")
    assert_one_line_failure(nothing, 1, "no articles found")


# Fuzzing the HTML reader: no page makes it fail with anything but a ReadError, and nothing a
# browser would hide (scripts, styles, frames, comments) reaches the article text.
HIDDEN = "\u2603hidden"
TAGS = ["<p>", "</p>", "<div>", "</div>", "<article>", "</article>", '<div itemprop="articleBody">', "<br>",
        "<b>", "</i>", "&amp;", "&lt;", "&#8220;", "&#x201D;", "&nbsp;", "&bogus;", "<html><body>", "</body></html>",
        f"<script>{HIDDEN}</script>", f"<style>{HIDDEN}</style>", f'<iframe src="x">{HIDDEN}</iframe>',
        f"<!-- {HIDDEN} -->", f"<noscript>{HIDDEN}</noscript>", f"<template>{HIDDEN}</template>",
        f'<script type="application/ld+json">{{"@type": "NewsArticle", "articleBody": "LD {HIDDEN[1:]}"}}</script>',
        '"', "“", "”", " said.", "word " * 200]
WELL_FORMED = st.one_of(st.text(st.characters(blacklist_characters="\u2603<>&"), max_size=20), st.sampled_from(TAGS))
BROKEN = st.one_of(st.text(max_size=20), st.sampled_from(TAGS + ["<", "<?", "<![CDATA[x]]>", "</HTML>", "<!"]))


def html_text(page: str) -> list[str]:
    """What the reader makes of a page, by both entry points; [] for a page it refuses."""
    texts = []
    for read in (lambda: [html_body("<html><body>" + page)],
                 lambda: [i.text for i in read_bytes(("<!doctype html><html><body>" + page).encode("utf-8", "surrogatepass"),
                                                     "p.html", "p") if not isinstance(i, ReadError)]):
        try:
            texts += read()
        except ReadError:
            pass
    return texts


@settings(max_examples=1000, deadline=None)
@given(st.lists(BROKEN, max_size=30).map("".join))
def test_html_reader_fails_only_with_a_read_error(page):
    html_text(page)


@settings(max_examples=1000, deadline=None)
@given(st.lists(WELL_FORMED, max_size=30).map("".join))
def test_html_reader_drops_what_a_browser_hides(page):
    assert not [text for text in html_text(page) if HIDDEN in text]


def test_html_output_of_hostile_page_parses_and_holds_the_text_once(annotate):
    page = ("<html><body><article><p>“Open the gates,” Mayor Rui Sousa said &amp; left.</p>"
            f"<script>{HIDDEN}</script><p>Then &lt;b&gt; came.</p></article></body></html>")
    article = next(read_bytes(page.encode(), "hostile.html", "h"))
    from annotator.output.render import to_html
    rendered = lxml.html.fromstring(to_html(annotate(article.text)))
    assert HIDDEN not in rendered.text_content() and not rendered.xpath("//article//script")
    (body,) = rendered.xpath("//article")
    assert body.text_content().replace("\n", "") == article.text.replace("\n", "")
    body.drop_tree()
    assert article.text.split("\n")[0] not in rendered.text_content()
