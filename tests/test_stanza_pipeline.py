"""The Stanza path end to end: ``stanza.Pipeline`` on real (tiny) model files, offline.

The models are learnt from the few sentences of tests/data/stanza_tiny_en.conllu, so the tests use
those sentences: they check loading, processor output, offsets and the mapping into spaCy's labels,
not what a real model would find.
"""
import json

import jsonschema
import pytest
import requests
import stanza
from click.testing import CliRunner

from annotator.cli import main
from annotator.parse.backends import DEVICE_ENV, StanzaBackend, load_english
from annotator.parse.stanza_models import STANZA_DIR_ENV, STANZA_PROCESSORS, model_files
from conftest import SCHEMA

TEXT = ("“We will stay,” Anna Berg said. She doesn't want to leave Canada's capital.\n\n"
        "“I don't know,” he said. They won't comment, she said.\n")


@pytest.fixture
def stanza_env(tiny_stanza_dir, monkeypatch):
    """The tiny models as the environment's model directory, on the CPU (both restored after the
    test, also where --stanza-dir or --device changed them)."""
    monkeypatch.setenv(STANZA_DIR_ENV, str(tiny_stanza_dir))
    monkeypatch.setenv(DEVICE_ENV, "cpu")
    return tiny_stanza_dir


@pytest.fixture(scope="module")
def backend(tiny_stanza_dir):
    return StanzaBackend(tiny_stanza_dir, "cpu")


def test_stanza_loads_the_files_as_stanza_download_lays_them_out(tiny_stanza_dir):
    pipeline = stanza.Pipeline(lang="en", dir=str(tiny_stanza_dir), download_method=None, processors=STANZA_PROCESSORS,
                               device="cpu", logging_level="WARN")
    assert set(STANZA_PROCESSORS.split(",")) <= set(pipeline.processors)
    assert all(f.installed and f.path.parent.parent == tiny_stanza_dir / "en" for f in model_files(tiny_stanza_dir))


def test_every_token_of_the_adapted_parse_points_at_its_text(backend):
    doc = next(backend.pipe([TEXT]))
    assert doc.text == TEXT
    assert all(TEXT[t.idx:t.idx + len(t)] == t.text for t in doc)
    # multi-word tokens are split as spaCy's tokenizer splits them, each piece at its own offset
    pieces = [(t.text, t.idx) for t in doc]
    for surface, words in (("doesn't", ["does", "n't"]), ("Canada's", ["Canada", "'s"]), ("don't", ["do", "n't"]),
                           ("won't", ["wo", "n't"])):
        start = TEXT.index(surface)
        assert [(w, start + len("".join(words[:k]))) for k, w in enumerate(words)] == \
            [p for p in pieces if start <= p[1] < start + len(surface)]
    assert sum(1 for t in doc if t.dep_ == "ROOT") == len(list(doc.sents))


def test_labels_are_the_ones_the_spacy_path_gives(backend):
    nlp = load_english()
    doc = next(backend.pipe([TEXT]))
    assert {t.dep_ for t in doc} <= set(nlp.get_pipe("parser").labels) | {"ROOT"}
    assert doc.ents and {e.label_ for e in doc.ents} <= set(nlp.get_pipe("ner").labels)
    assert all(TEXT[e.start_char:e.end_char] == e.text and e[-1].tag_ != "POS" for e in doc.ents)


def test_annotate_with_the_stanza_backend_end_to_end(stanza_env, tmp_path, monkeypatch):
    monkeypatch.setenv(STANZA_DIR_ENV, str(tmp_path / "nowhere"))  # --stanza-dir wins
    article, out = tmp_path / "a.txt", tmp_path / "a.json"
    article.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(main, ["annotate", str(article), "--backend", "stanza", "--stanza-dir", str(stanza_env),
                                       "--device", "cpu", "--format", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(data, SCHEMA)
    assert data["backend"].startswith("stanza:") and data["text"] == TEXT
    spans = [q for q in data["quotes"]] + [q["cue"] for q in data["quotes"] if q["cue"]] \
        + [m for s in data["speakers"] for m in s["mentions"]]
    assert all(TEXT[s["start"]:s["end"]] == s["text"] for s in spans)
    assert any(q["text"] == "We will stay," and q["kind"] == "direct" for q in data["quotes"])  # the quote passes ran


def test_models_status_lists_each_processor_file_and_where_it_is(stanza_env):
    result = CliRunner().invoke(main, ["models", "status"])
    assert result.exit_code == 0
    for name in STANZA_PROCESSORS.split(","):
        line = next(line for line in result.output.splitlines() if line.split()[:1] == [name])
        assert "installed" in line and str(stanza_env / "en" / name) in line
    assert "--backend auto uses stanza" in result.output


def test_models_status_says_what_is_missing(tmp_path, monkeypatch):
    monkeypatch.setenv(STANZA_DIR_ENV, str(tmp_path))
    result = CliRunner().invoke(main, ["models", "status"])
    assert "missing (run `annotator models download`)" in result.output and "auto uses spacy" in result.output


def test_models_status_names_each_missing_file_and_auto_falls_back_to_spacy(tmp_path, monkeypatch):
    charlm = {"dependencies": [{"model": "forward_charlm", "package": "1billion"}]}
    (tmp_path / "resources.json").write_text(json.dumps(
        {"en": {"packages": {"default": {"pos": "combined_charlm"}}, "pos": {"combined_charlm": charlm}}}))
    (tmp_path / "en" / "pos").mkdir(parents=True)
    (tmp_path / "en" / "pos" / "combined_charlm.pt").write_bytes(b"")
    monkeypatch.setenv(STANZA_DIR_ENV, str(tmp_path))
    lines = CliRunner().invoke(main, ["models", "status"]).output.splitlines()
    assert any(line.split()[:3] == ["pos", "combined_charlm", "installed"] for line in lines)
    missing = next(line for line in lines if "forward_charlm" in line)
    assert "(for pos)" in missing and "missing" in missing and str(tmp_path / "en" / "forward_charlm" / "1billion.pt") in missing
    assert lines[-1] == "--backend auto uses spacy"


def test_a_failed_download_says_so_in_one_line_and_leaves_nothing(tmp_path, monkeypatch):
    import stanza.resources.common as common

    def half_then_fail(url, path, *args, **kwargs):
        with open(path, "w") as partial:
            partial.write("{")
        raise requests.exceptions.ConnectionError("Failed to resolve 'raw.githubusercontent.com'\n(no network)")
    monkeypatch.setattr(common, "download_file", half_then_fail)
    target = tmp_path / "models"
    monkeypatch.setenv(STANZA_DIR_ENV, str(target))  # so that what --stanza-dir sets is restored
    result = CliRunner().invoke(main, ["models", "download", "--stanza-dir", str(target)])
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1 and "could not download" in result.output
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_an_unusable_device_is_a_one_line_setup_error(stanza_env, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(main, ["annotate", str(article), "--backend", "stanza", "--device", "nonsense"])
    assert result.exit_code == 2 and "nonsense" in result.output and "Traceback" not in result.output
