"""The Stanza path without models: real ``stanza.Document`` objects built from plain data."""
import pytest
from click.testing import CliRunner
from stanza.models.common.doc import Document

from annotator.rules.engine import attribute
from annotator.cli import main
from annotator.parse.backends import MISSING_STANZA, SetupError, StanzaBackend
from annotator.parse.stanza_adapter import STANZA_TO_SPACY_ENTITIES, UD_TO_SPACY_LABELS, spacy_relation, stanza_to_doc

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
    # a multi-word token whose words spell it is split as spaCy splits it
    assert (tokens["wo"].idx, tokens["n't"].idx, tokens["wo"].lemma_, tokens["n't"].head.text) == (37, 39, "will", "leave")
    assert tokens["She"].lower_ == "she" and tokens["."].is_punct  # lexical attributes the rules read
    assert [(e.text, e.label_, e.start_char) for e in doc.ents] == [("Anna Berg", "PERSON", 16)]
    assert [s.text.strip() for s in doc.sents] == ["“We will stay,” Anna Berg said.", "She won't leave."]


def test_a_multi_word_token_whose_words_do_not_spell_it_stays_one_token():
    text = "She won't."
    tokens = [word(1, "She", "she", "PRON", 3, "nsubj", 0, 3),
              {"id": (2, 3), "text": "won't", "start_char": 4, "end_char": 9},
              word(2, "will", "will", "AUX", 3, "aux"), word(3, "not", "not", "PART", 0, "root"),
              word(4, ".", ".", "PUNCT", 3, "punct", 9, 10)]
    doc = stanza_to_doc(Document([tokens], text=text))
    assert [(t.text, t.idx, t.lemma_, t.dep_, t.head.text) for t in doc] == [
        ("She", 0, "she", "nsubj", "won't"), ("won't", 4, "not", "ROOT", "won't"), (".", 9, ".", "punct", "won't")]


def test_an_entity_tagged_on_a_possessive_token_ends_before_the_possessive():
    text = "Canada's capital."
    tokens = [{"id": (1, 2), "text": "Canada's", "start_char": 0, "end_char": 8, "ner": "S-GPE"},
              word(1, "Canada", "Canada", "PROPN", 3, "nmod:poss", xpos="NNP"), word(2, "'s", "'s", "PART", 1, "case", xpos="POS"),
              word(3, "capital", "capital", "NOUN", 0, "root", 9, 16, xpos="NN"), word(4, ".", ".", "PUNCT", 3, "punct", 16, 17)]
    doc = stanza_to_doc(Document([tokens], text=text))
    assert [(e.text, e.label_, e.start_char, e.end_char) for e in doc.ents] == [("Canada", "GPE", 0, 6)]
    assert doc[0].dep_ == "poss" and doc[1].dep_ == "case"


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


# The relations of UD English (EWT and GUM, https://universaldependencies.org/en/dep/, with the
# subtypes' names before and after UD 2.14) and the entity types of Stanza's default English NER
# model (OntoNotes 5, https://stanfordnlp.github.io/stanza/ner_models.html), written out here rather
# than read from the adapter, so that a label it forgets fails.
UD_ENGLISH_RELATIONS = """acl acl:relcl advcl advcl:relcl advmod amod appos aux aux:pass case cc cc:preconj ccomp
    compound compound:prt conj cop csubj csubj:outer csubj:pass dep det det:predet det:poss discourse dislocated expl
    fixed flat flat:foreign flat:name goeswith iobj list mark nmod nmod:desc nmod:npmod nmod:poss nmod:tmod
    nmod:unmarked nsubj nsubj:outer nsubj:pass nummod obj obl obl:agent obl:npmod obl:tmod obl:unmarked orphan
    parataxis punct reparandum root vocative xcomp""".split()
ONTONOTES = """PERSON NORP FAC ORG GPE LOC PRODUCT EVENT WORK_OF_ART LAW LANGUAGE DATE TIME PERCENT MONEY QUANTITY
    ORDINAL CARDINAL""".split()


@pytest.fixture(scope="module")
def spacy_labels():
    from annotator.parse.backends import load_english
    nlp = load_english()
    return set(nlp.get_pipe("parser").labels) | {"ROOT"}, set(nlp.get_pipe("ner").labels)


@pytest.mark.parametrize("relation", UD_ENGLISH_RELATIONS)
def test_every_ud_english_relation_maps_to_a_label_of_the_spacy_path(relation, spacy_labels):
    assert relation in UD_TO_SPACY_LABELS
    assert spacy_relation(relation, 0 if relation == "root" else 1) in spacy_labels[0]


def test_every_ontonotes_type_maps_to_a_label_of_the_spacy_path(spacy_labels):
    assert {STANZA_TO_SPACY_ENTITIES[t] for t in ONTONOTES} == spacy_labels[1]


def test_root_only_where_the_tree_hangs_and_unknown_relations_become_dep():
    assert (spacy_relation("root", 3), spacy_relation("nsubj", 0), spacy_relation("made:up", 2)) == ("dep", "ROOT", "dep")
    assert spacy_relation(None, 2) == "dep"
