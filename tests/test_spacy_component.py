"""Where researchers work: the spaCy component gives what ``Annotator`` gives on the Docs of a
user's own pipeline; a result shows itself in a notebook and stays the dict it was; quote tables
come without files."""
import csv
import io
import json
import pickle
import subprocess
import sys

import jsonschema
import lxml.html
import pytest
import spacy
from spacy.tokens import Doc

from annotator import Options, to_dataframe, to_records
from annotator.io.readers import read_inputs
from annotator.output.render import CSV_COLUMNS, safe_cell, to_csv
from annotator.parse.backends import SPACY_MODELS
from annotator.pipeline import Annotator
from annotator.spacy_component import RESULT, MissingAnnotationError, doc_article
from conftest import ROOT, SCHEMA, SEED

DEV = ROOT.parent / "shared" / "eval" / "dev.jsonl"
HOSTILE = 'Dr Mia Holt said "<script>alert(1)</script> is not safe & never was." Then <b>bold</b> text.'


@pytest.fixture(scope="module")
def english() -> str:
    """The installed package of spaCy's English model (the official one is preferred, as by the backend)."""
    return next(name for name in SPACY_MODELS if spacy.util.is_package(name))


@pytest.fixture(scope="module")
def nlp(english):
    pipeline = spacy.load(english)
    pipeline.add_pipe("quote_attribution")
    return pipeline


@pytest.fixture(scope="module")
def seed():
    return next(iter(read_inputs([str(SEED)])))


@pytest.fixture(scope="module")
def short_dev() -> list[str]:
    """The texts of the ten shortest dev articles."""
    if not DEV.exists():
        pytest.skip(f"{DEV} not here (the shared evaluation data)")
    texts = [json.loads(line)["text"] for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    return sorted(texts, key=len)[:10]


def span_view(doc: Doc) -> list[tuple]:
    return [(s.start_char, s.end_char, s._.speaker, s._.kind, s._.confidence, s._.evidence, s._.cue and s._.cue.text)
            for s in doc._.quotes]


def test_a_pipeline_without_parser_or_ner_is_refused_naming_what_is_missing():
    with pytest.raises(MissingAnnotationError, match=r"dependency parser.*named entity recogniser") as refused:
        spacy.blank("en").add_pipe("quote_attribution")
    assert isinstance(refused.value, ValueError)
    parsing_only = spacy.blank("en")
    parsing_only.add_pipe("parser")
    with pytest.raises(MissingAnnotationError, match="named entity recogniser") as refused:
        parsing_only.add_pipe("quote_attribution")
    assert "parser" not in str(refused.value).split("before it")[0]


def test_spacy_finds_the_component_through_the_entry_point_alone():
    script = ("import sys, spacy; nlp = spacy.blank('en'); "
              "print('annotator' in sys.modules, nlp.has_factory('quote_attribution'))")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd="/").stdout
    assert out.split() == ["True", "True"]  # the factory was imported by spaCy, not by this test


def test_on_the_seed_the_component_gives_annotators_result(nlp, annotator, seed):
    doc = nlp(seed.text)
    expected = annotator.annotate(doc_article(seed.text))
    assert len(expected["quotes"]) >= 20
    assert doc._.attribution == expected
    assert doc._.speakers == expected["speakers"]
    assert [(q["speaker"], q["kind"], q["confidence"], q["evidence"], q["cue"] and q["cue"]["text"])
            for q in expected["quotes"]] == [view[2:] for view in span_view(doc)]
    for span, quote in zip(doc._.quotes, expected["quotes"]):
        assert span.start_char <= quote["start"] < quote["end"] <= span.end_char
        assert span._.attribution == quote
    assert any(len(list(span.sents)) > 1 for span in doc._.quotes)  # a quote over sentences is one span
    assert list(doc.user_data) == [RESULT]  # none of the passes' indexes is left on the Doc


def test_on_ten_dev_articles_the_component_gives_annotators_results(nlp, annotator, short_dev):
    docs = list(nlp.pipe(short_dev))
    expected = list(annotator.annotate_many(doc_article(text) for text in short_dev))
    assert sum(len(r["quotes"]) for r in expected) >= 30 and all(r["speakers"] for r in expected)
    assert [doc._.attribution for doc in docs] == expected


def test_the_component_and_its_settings_survive_to_disk_and_load(nlp, annotator, seed, tmp_path):
    nlp.to_disk(tmp_path / "pipeline")
    assert 'factory = "quote_attribution"' in (tmp_path / "pipeline" / "config.cfg").read_text()
    loaded = spacy.load(tmp_path / "pipeline", config={"components": {"quote_attribution": {"model": None}}})
    assert loaded.pipe_names == nlp.pipe_names
    rules_alone = Annotator(annotator.backend, Options(model=None)).annotate(doc_article(seed.text))
    assert loaded(seed.text)._.attribution == rules_alone != annotator.annotate(doc_article(seed.text))


def test_extension_values_survive_two_processes_and_doc_bytes(nlp, short_dev):
    alone = list(nlp.pipe(short_dev[:4]))
    together = list(nlp.pipe(short_dev[:4], n_process=2, batch_size=2))
    assert [d._.attribution for d in together] == [d._.attribution for d in alone]
    assert [span_view(d) for d in together] == [span_view(d) for d in alone]
    assert span_view(Doc(nlp.vocab).from_bytes(alone[0].to_bytes())) == span_view(alone[0])


def test_a_result_stays_the_dict_it_was(annotate):
    result = annotate(HOSTILE)
    assert isinstance(result, dict) and list(result) == ["id", "source", "backend", "text", "speakers", "quotes"]
    jsonschema.validate(result, SCHEMA)
    assert json.loads(json.dumps(result)) == result == dict(result)
    copy = pickle.loads(pickle.dumps(result))
    assert copy == result and type(copy) is type(result)


def test_a_result_shows_itself_as_the_page_does_with_its_text_escaped(annotate):
    result = annotate(HOSTILE)
    html = result._repr_html_()
    assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    view = lxml.html.fragment_fromstring(html)
    assert not view.xpath("//script") and not view.xpath("//article//b")
    assert "<script>alert(1)</script>" in view.xpath("//article")[0].text_content()
    assert {q["id"] for q in result["quotes"]} <= set(view.xpath("//mark/@data-quote"))
    assert [s.text for s in view.xpath("//aside//*[@class='name']")] == [s["name"] for s in result["speakers"]]
    assert view.xpath("//div[@class='legend']") and len(view.xpath("//tbody/tr")) == len(result["quotes"])
    assert "@scope (.annotator-view)" in view.xpath("//style")[0].text  # restyles nothing else in the notebook


def test_records_are_the_csv_rows_with_its_columns(annotator, seed, annotate):
    results = [annotator.annotate(seed), annotate(HOSTILE)]
    records = to_records(results)
    header, *rows = csv.reader(io.StringIO(to_csv(results)))
    assert [list(r) for r in records] == [header] * len(rows) and header == list(CSV_COLUMNS)
    assert [[safe_cell(v) for v in r.values()] for r in records] == rows
    assert to_records(results[0]) == records[:len(results[0]["quotes"])]  # one result, or many
    assert isinstance(records[0]["start"], int) and isinstance(records[0]["confidence"], float)


def test_a_dataframe_is_the_records(annotator, seed):
    pytest.importorskip("pandas")
    records = to_records(annotator.annotate(seed))
    frame = to_dataframe(annotator.annotate(seed))
    assert list(frame.columns) == list(CSV_COLUMNS)
    assert frame.astype(object).where(frame.notna(), None).to_dict("records") == records  # pandas writes None as NaN
    assert frame.groupby("speaker").size().max() >= 2
    assert list(to_dataframe([]).columns) == list(CSV_COLUMNS)


def test_without_pandas_the_error_names_the_extra(monkeypatch, annotate):
    monkeypatch.setitem(sys.modules, "pandas", None)  # what an environment without pandas raises
    with pytest.raises(ImportError, match=r"pip install 'annotator\[pandas\]'"):
        to_dataframe(annotate(HOSTILE))
