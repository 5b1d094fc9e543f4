import csv
import io
import json

import jsonschema
import lxml.html
from click.testing import CliRunner
from conftest import SCHEMA, SEED

from annotator.cli import main


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_seed_end_to_end_json_matches_schema_and_offsets(tmp_path):
    out = tmp_path / "out.json"
    result = run("annotate", str(SEED), "--format", "json", "-o", str(out), "--backend", "spacy")
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    jsonschema.validate(data, SCHEMA)
    assert data["backend"].startswith("spacy:") and len(data["quotes"]) >= 11
    text = data["text"]
    for q in data["quotes"]:
        pieces = [text[s:e] for s, e in q["fragments"]]
        assert q["text"] == " … ".join(pieces)
        assert q["start"] == q["fragments"][0][0] and q["end"] == q["fragments"][-1][1]
        for span in filter(None, (q["speaker_mention"], q["cue"])):
            assert text[span["start"]:span["end"]] == span["text"]
    for s in data["speakers"]:
        for m in s["mentions"]:
            assert text[m["start"]:m["end"]] == m["text"]


def test_stdin_to_stdout_csv():
    result = run("annotate", "-", "--format", "csv", "--backend", "spacy",
                 input='"We will win," Jo Park said.\n')
    rows = list(csv.reader(io.StringIO(result.output)))
    assert rows[0][:3] == ["article_id", "quote_id", "kind"] and rows[1][6] == "Jo Park"


def test_typewriter_quotes_are_read_as_marks_only_with_the_flag():
    text = "''The bridge stays shut,'' the engineer Ida Moss said on Monday.\n"
    plain = json.loads(run("annotate", "-", "--format", "json", "--backend", "spacy", input=text).output)
    typed = json.loads(run("annotate", "-", "--format", "json", "--backend", "spacy", "--typewriter-quotes",
                           input=text).output)
    assert [q["kind"] for q in typed["quotes"]] == ["direct"]
    assert typed["quotes"][0]["text"] == "The bridge stays shut,"
    assert "direct" not in [q["kind"] for q in plain["quotes"]]


def test_html_default_output_beside_the_input(tmp_path):
    source = tmp_path / "story.txt"
    source.write_text('"Rain is coming," forecaster Eli Stone said.')
    assert run("annotate", str(source), "--backend", "spacy").exit_code == 0
    page = lxml.html.fromstring((tmp_path / "story.annotated.html").read_text())
    assert page.xpath('//mark[@data-quote]') and "Eli Stone" in page.text_content()


def test_bad_input_is_one_line_and_nonzero(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = CliRunner().invoke(main, ["annotate", str(empty), "--backend", "spacy"])
    assert result.exit_code == 1 and "empty" in result.output and "Traceback" not in result.output
    missing = CliRunner().invoke(main, ["annotate", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 1 and "no such file" in missing.output


def test_help_and_version():
    assert "annotate" in run("--help").output
    assert run("--version").output.startswith("annotator, version")
    for command in ("annotate", "evaluate", "models"):
        assert run(command, "--help").exit_code == 0


def test_evaluate_prints_both_scopes(tmp_path):
    gold = tmp_path / "gold.jsonl"
    text = '"We will build it," Nora Quinn said. Quinn added that costs were rising fast.'
    gold.write_text(json.dumps({"id": "g1", "text": text, "quotes": [
        {"start": 1, "end": 18, "kind": "direct", "speaker": "Nora Quinn", "speaker_start": 20, "speaker_end": 30},
        {"start": 53, "end": 77, "kind": "indirect", "speaker": "Quinn", "speaker_start": 37, "speaker_end": 42}]}) + "\n")
    result = run("evaluate", str(gold), "--backend", "spacy", "--predictions-out", str(tmp_path / "p.jsonl"))
    assert "scope=quoted gold=1" in result.output and "scope=all gold=2" in result.output
    assert "end-to-end P=1.000 R=1.000" in result.output
    assert json.loads((tmp_path / "p.jsonl").read_text())["id"] == "g1"
