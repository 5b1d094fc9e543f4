"""The Stanza path without models: real ``stanza.Document`` objects built from plain data."""
import pytest
from click.testing import CliRunner
from stanza.models.common.doc import Document

from annotator.rules.engine import attribute
from annotator.cli import main
from annotator.parse.backends import MISSING_STANZA, SetupError, StanzaBackend
from annotator.parse.stanza_adapter import stanza_to_doc

TEXT = "“We will stay,” Anna Berg said.\n\nShe won't leave."


def word(i, text, lemma, upos, head, deprel, start=None, end=None, ner="O", xpos=None):
    w = {"id": i, "text": text, "lemma": lemma, "upos": upos, "xpos": xpos, "head": head, "deprel": deprel, "ner": ner}
    if start is not None:
        w.update(start_char=start, end_char=end)
    return w


def stanza_document():
    s1 = [word(1, "“", "“", "PUNCT", 4, "punct", 0, 1), word(2, "We", "we", "PRON", 4, "nsubj", 1, 3),
          word(3, "will", "will", "AUX", 4, "aux", 4, 8), word(4, "stay", "stay", "VERB", 9, "ccomp", 9, 13),
          word(5, ",", ",", "PUNCT", 4, "punct", 13, 14), word(6, "”", "”", "PUNCT", 4, "punct", 14, 15),
          word(7, "Anna", "Anna", "PROPN", 9, "nsubj", 16, 20, "B-PERSON"),
          word(8, "Berg", "Berg", "PROPN", 7, "flat", 21, 25, "E-PERSON"),
          word(9, "said", "say", "VERB", 0, "root", 26, 30, xpos="VBD"), word(10, ".", ".", "PUNCT", 9, "punct", 30, 31)]
    s2 = [word(1, "She", "she", "PRON", 4, "nsubj", 33, 36),
          {"id": (2, 3), "text": "won't", "start_char": 37, "end_char": 42, "ner": "O"},
          word(2, "wo", "will", "AUX", 4, "aux"), word(3, "n't", "not", "PART", 4, "advmod"),
          word(4, "leave", "leave", "VERB", 0, "root", 43, 48), word(5, ".", ".", "PUNCT", 4, "punct", 48, 49)]
    return Document([s1, s2], text=TEXT)


def test_adapter_keeps_text_offsets_heads_labels_and_entities():
    doc = stanza_to_doc(stanza_document())
    assert doc.text == TEXT
    tokens = {t.text: t for t in doc}
    assert tokens["said"].dep_ == "ROOT" and tokens["said"].lemma_ == "say" and tokens["said"].tag_ == "VBD"
    assert tokens["stay"].head.text == "said" and tokens["stay"].dep_ == "ccomp"
    assert tokens["Berg"].dep_ == "compound" and tokens["Berg"].head.text == "Anna"  # flat -> compound
    assert tokens["won't"].head.text == "leave" and tokens["won't"].idx == 37  # one token for the MWT
    assert tokens["She"].lower_ == "she" and tokens["."].is_punct  # lexical attributes the rules read
    assert [(e.text, e.label_, e.start_char) for e in doc.ents] == [("Anna Berg", "PERSON", 16)]
    assert [s.text.strip() for s in doc.sents] == ["“We will stay,” Anna Berg said.", "She won't leave."]


def test_quote_logic_runs_on_the_adapted_document():
    quotes, speakers = attribute(stanza_to_doc(stanza_document()))
    assert [(TEXT[q.start:q.end], q.kind) for q in quotes][0] == ("We will stay,", "direct")
    assert speakers[0].name == "Anna Berg"


def test_missing_models_raise_a_clear_setup_error(tmp_path, monkeypatch):
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tmp_path))
    with pytest.raises(SetupError, match="annotator models download"):
        StanzaBackend()


def test_cli_says_what_to_run_when_models_are_missing(tmp_path, monkeypatch):
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tmp_path))
    (tmp_path / "a.txt").write_text("Text.")
    result = CliRunner().invoke(main, ["annotate", str(tmp_path / "a.txt"), "--backend", "stanza"])
    assert result.exit_code == 2
    assert MISSING_STANZA in result.output and "Traceback" not in result.output


def test_universal_dependencies_labels_feed_the_same_rules():
    # "Ines's claim that taxes rose" in UD: nmod:poss for the owner, acl + mark for the clause.
    text = "Ines's claim that taxes rose sharply was denied."
    rows = [("Ines", "Ines", "PROPN", "NNP", 3, "nmod:poss", "S-PERSON"), ("'s", "'s", "PART", "POS", 1, "case", "O"),
            ("claim", "claim", "NOUN", "NN", 9, "nsubj:pass", "O"), ("that", "that", "SCONJ", "IN", 6, "mark", "O"),
            ("taxes", "tax", "NOUN", "NNS", 6, "nsubj", "O"), ("rose", "rise", "VERB", "VBD", 3, "acl", "O"),
            ("sharply", "sharply", "ADV", "RB", 6, "advmod", "O"), ("was", "be", "AUX", "VBD", 9, "aux:pass", "O"),
            ("denied", "deny", "VERB", "VBN", 0, "root", "O"), (".", ".", "PUNCT", ".", 9, "punct", "O")]
    words, position = [], 0
    for i, (surface, lemma, upos, xpos, head, deprel, ner) in enumerate(rows, 1):
        start = text.index(surface, position)
        position = start + len(surface)
        words.append(word(i, surface, lemma, upos, head, deprel, start, position, ner, xpos))
    quotes, speakers = attribute(stanza_to_doc(Document([words], text=text)))
    claim = next(q for q in quotes if text[q.cue.start:q.cue.end] == "claim")
    assert text[claim.start:claim.end] == "taxes rose sharply" and speakers[0].name == "Ines"
