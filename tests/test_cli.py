import csv
import io
import json

import jsonschema
import pytest
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
    assert rows[0][:3] == ["article_id", "quote_id", "kind"] and rows[1][rows[0].index("speaker")] == "Jo Park"


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


def test_evaluate_by_rule_and_without_a_pass_measure_what_a_rule_is_worth(tmp_path):
    text = '"We will build it," Nora Quinn said. "The money is there for all of it."'
    second = text.index("The money")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "g1", "text": text, "quotes": [
        {"start": 1, "end": 18, "kind": "direct", "speaker": "Nora Quinn", "speaker_start": 20, "speaker_end": 30},
        {"start": second, "end": len(text) - 1, "kind": "direct", "speaker": "Nora Quinn",
         "speaker_start": 20, "speaker_end": 30}]}) + "\n")
    with_all = run("evaluate", str(gold), "--backend", "spacy", "--by-rule", "--rules-only").output
    rows = {line.split()[0]: line.split()[1:] for line in with_all.splitlines() if line.startswith("  ")}
    assert rows["cue_subject"][:2] == ["1", "1.000"] and rows["continuation"][:2] == ["1", "1.000"]
    assert rows["continuation"][-1] == "(1/1)" and rows["speaker_name"][0] == "2"
    without = run("evaluate", str(gold), "--backend", "spacy", "--without", "continue_speakers",
                  "--rules-only").output
    assert "without: continue_speakers" in without and "end-to-end P=1.000 R=1.000" in with_all
    assert "end-to-end P=0.500 R=0.500" in without  # the second quote found, its speaker not
    refused = CliRunner().invoke(main, ["evaluate", str(gold), "--without", "everything"])
    assert refused.exit_code == 2 and "everything" in refused.output


def test_debug_prints_the_traceback_and_keeps_the_exit_code(tmp_path):
    missing = str(tmp_path / "nope.txt")
    quiet = CliRunner().invoke(main, ["annotate", missing])
    loud = CliRunner().invoke(main, ["--debug", "annotate", missing])
    by_env = CliRunner(env={"ANNOTATOR_DEBUG": "1"}).invoke(main, ["annotate", missing])
    assert quiet.exit_code == loud.exit_code == by_env.exit_code == 1
    assert "Traceback" not in quiet.output and quiet.output.count("\n") == 1
    for result in (loud, by_env):
        assert "Traceback (most recent call last)" in result.output and "ReadError" in result.output
        assert result.output.rstrip().endswith("no such file or folder")


def compare_gold(tmp_path):
    """Two articles: one direct quote textacy finds, and one with an odd number of quotation marks."""
    one = '"We will build the bridge next year," Nora Quinn said. Quinn added that costs were rising fast.'
    two = 'The mayor said the plan was "finished. Critics said nobody believed her.'
    quote = "We will build the bridge next year,"
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(d) + "\n" for d in [
        {"id": "g1", "text": one, "quotes": [
            {"start": one.index(quote), "end": one.index(quote) + len(quote), "kind": "direct", "speaker": "Nora Quinn",
             "speaker_start": one.index("Nora"), "speaker_end": one.index(" said")},
            {"start": one.index("costs"), "end": one.index(" fast") + 5, "kind": "indirect", "speaker": "Quinn",
             "speaker_start": one.index("Quinn added"), "speaker_end": one.index(" added")}]},
        {"id": "g2", "text": two, "quotes": [
            {"start": two.index("nobody"), "end": two.index("her") + 3, "kind": "indirect", "speaker": "Critics",
             "speaker_start": two.index("Critics"), "speaker_end": two.index("Critics") + 7}]}]))
    return gold, one, quote


def test_evaluate_compares_textacy_on_the_same_gold_and_parse(tmp_path):
    from annotator.compare import textacy_predictions
    from annotator.parse.backends import load_backend
    gold, one, quote = compare_gold(tmp_path)
    result = run("evaluate", str(gold), "--backend", "spacy", "--compare", "textacy")
    assert result.exit_code == 0, result.output
    ours, theirs = result.output.split("textacy 0.13")
    assert ours.startswith("annotator (spacy:") and "scope=quoted gold=1" in ours
    assert " direct_quotations (same spacy:" in theirs
    assert "scope=quoted gold=1 predicted=1" in theirs and "scope=all gold=3 predicted=1" in theirs
    assert "end-to-end P=1.000 R=1.000 F1=1.000" in theirs  # the quoted scope: textacy's one quote is right
    assert "textacy refused 1 of 2 documents" in theirs and theirs.index("refused") < theirs.index("time: parse")
    documents = [json.loads(line) for line in gold.read_text().splitlines()]
    run_ = textacy_predictions(documents, load_backend("spacy"))
    assert run_.refused == 1 and run_.predictions["g2"] == []
    assert run_.predictions["g1"] == [{
        "start": one.index(quote), "end": one.index(quote) + len(quote), "kind": "direct", "speaker": "Nora Quinn",
        "speaker_mention": {"start": one.index("Nora"), "end": one.index(" said"), "text": "Nora Quinn"}}]


def test_compare_textacy_without_textacy_says_how_to_install_it(tmp_path, monkeypatch):
    import sys
    for name in [m for m in sys.modules if m == "textacy" or m.startswith("textacy.")] + ["textacy"]:
        monkeypatch.setitem(sys.modules, name, None)  # an import of textacy now fails as if it were absent
    gold, _, _ = compare_gold(tmp_path)
    result = CliRunner().invoke(main, ["evaluate", str(gold), "--backend", "spacy", "--compare", "textacy"])
    assert result.exit_code == 2 and result.output.count("\n") == 1
    assert "pip install annotator[compare]" in result.output and "scope=" not in result.output


@pytest.mark.parametrize("command", [["--help"], ["review", "--help"], ["annotate", "--help"], ["explore", "--help"]])
def test_help_loads_no_nlp_library(command):
    """`annotator --help` answers at once: the commands import spaCy, Stanza and the rest only to run."""
    import subprocess
    import sys
    probe = ("import sys; from annotator.cli import main\n"
             f"try:\n    main({command!r})\nexcept SystemExit:\n    pass\n"
             "print(sorted(m for m in ('spacy', 'stanza', 'torch', 'lxml', 'flask', 'dask') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert "Usage:" in done.stdout and done.stdout.splitlines()[-1] == "[]"
