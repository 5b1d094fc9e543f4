"""The trained attribution model: training on gold, loading, the errors a broken model gives, the
features on both backends, acts, and the shipped model on the seed article."""
import json
import random

import pytest
from click.testing import CliRunner
from stanza.models.common.doc import Document

from annotator.cli import main
from annotator.learn.features import SourceQuery, cue_candidates, cue_features, source_candidates, source_features
from annotator.learn.linear import ModelError
from annotator.learn.model import FORMAT, load_model
from annotator.model import Article
from annotator.parse.backends import load_backend
from annotator.parse.stanza_adapter import stanza_to_doc
from annotator.pipeline import Annotator, Options
from annotator.rules.drafts import Context
from annotator.rules.passes import find_quotes
from annotator.training import TrainingSettings, train

from conftest import SEED, by_text
from test_stanza_adapter import word

NAMES = ["Ana Ruiz", "Tom Reyes", "Lena Ford", "Omar Haddad", "Ines Berg", "Jon Park"]
CUES = ["said", "argued", "warned", "claimed", "believes"]
CONTENTS = ["the bridge would open in May", "taxes were too high", "the council had failed the town",
            "the plan could not work", "rents would rise again"]


def gold_article(n: int, rng: random.Random) -> dict:
    """An article built from templates, with its gold attributions computed from the template."""
    parts, quotes, text = [], [], ""
    for k in range(4):
        name, cue, content = rng.choice(NAMES), rng.choice(CUES), rng.choice(CONTENTS)
        if k % 2:
            sentence = f"{name} {cue} that {content}."
            speaker_start = len(text)
            start = speaker_start + len(f"{name} {cue} that ")
            quotes.append({"start": start, "end": start + len(content), "kind": "indirect", "speaker": name,
                           "speaker_start": speaker_start, "speaker_end": speaker_start + len(name), "cue": cue})
        else:
            sentence = f"The weather in town was mild on day {n + k}."
        parts.append(sentence)
        text += sentence + " "
    return {"id": f"g{n}", "text": text.strip(), "quotes": quotes}


@pytest.fixture(scope="module")
def gold():
    rng = random.Random(7)
    return [gold_article(n, rng) for n in range(15)]


@pytest.fixture(scope="module")
def trained(gold, tmp_path_factory):
    cache = tmp_path_factory.mktemp("cache")
    model, evaluations, report = train(gold, load_backend("spacy"), TrainingSettings(folds=3), progress=lambda _: None,
                                       cache_dir=cache)
    return model, report, cache


def test_training_on_a_small_gold_gives_a_model_that_loads_and_predicts(trained, tmp_path):
    model, report, _ = trained
    assert any("cross-validation" in line for line in report)
    model.save(tmp_path / "m", "# card\n")
    loaded = load_model(tmp_path / "m")
    assert loaded.to_json() == json.loads((tmp_path / "m" / "model.json").read_text())
    text = "The weather was mild. Ana Ruiz warned that the plan could not work."
    result = Annotator("spacy", Options(model=str(tmp_path / "m"))).annotate(Article("a", text, "<t>"))
    quote = next(q for q in result["quotes"] if "plan could not work" in q["text"])
    assert quote["speaker"] == "Ana Ruiz" and 0 <= quote["confidence"] <= 1 and quote["act"] == "speech"


def test_the_same_data_and_settings_give_the_same_model(gold, trained):
    model, _, cache = trained
    again, _, _ = train(gold, load_backend("spacy"), TrainingSettings(folds=3), progress=lambda _: None,
                        cache_dir=cache)
    assert again.to_json() == model.to_json()


def test_train_command_writes_the_model_and_its_card(gold, tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(g) + "\n" for g in gold))
    result = CliRunner().invoke(main, ["train", str(path), "-o", str(tmp_path / "m"), "--folds", "3"])
    assert result.exit_code == 0, result.output
    card = (tmp_path / "m" / "README.md").read_text()
    assert "cross-validation" in card and "gold.jsonl" in card and "15 articles" in card
    meta = json.loads((tmp_path / "m" / "model.json").read_text())["meta"]
    assert meta["settings"]["folds"] == 3 and meta["data"][0]["articles"] == 15


def test_train_command_refuses_gold_without_quotes_in_one_line(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps({"id": "x", "text": "No quotes key."}) + "\n")
    result = CliRunner().invoke(main, ["train", str(path), "-o", str(tmp_path / "m")])
    assert result.exit_code == 2 and "needs" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("content, expected", [
    (None, "no trained model"),
    ("{not json", "not a readable model file"),
    (json.dumps({"format": "something-else"}), "not an attribution model"),
    (json.dumps({"format": "annotator-attribution/1"}), "not an attribution model of format"),  # an older model
    (json.dumps({"format": FORMAT, "cue": {"bias": 0, "weights": {"a": "x"}},
                 "source": {"bias": 0, "weights": {}}, "calibrator": {"bias": 0, "weights": {}}}), "not a number"),
    (json.dumps({"format": FORMAT, "cue": {"bias": 0, "weights": {}},
                 "source": {"bias": 0, "weights": {}}}), "lacks the 'calibrator' component"),
])
def test_a_missing_or_broken_model_is_one_error_line_and_exit_2(tmp_path, content, expected):
    model_dir = tmp_path / "model"
    model_dir.mkdir()
    if content is not None:
        (model_dir / "model.json").write_text(content)
    result = CliRunner().invoke(main, ["annotate", "-", "--format", "json", "--backend", "spacy",
                                       "--model", str(model_dir)], input="Jo Park said it would rain.\n")
    assert result.exit_code == 2 and expected in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    with pytest.raises(ModelError):
        load_model(model_dir)


def test_the_shipped_model_annotates_the_seed_with_acts_and_calibrated_confidence(annotator):
    result = annotator.annotate(Article("seed", SEED.read_text(encoding="utf-8"), str(SEED)))
    assert result["quotes"] and all(q["act"] in {"speech", "thought", "finding"} for q in result["quotes"])
    assert all(0 <= q["confidence"] <= 1 for q in result["quotes"])
    assert len({q["confidence"] for q in result["quotes"]}) > 3  # probabilities, not a handful of table values


def test_acts_filter_keeps_only_the_acts_asked_for(annotate):
    text = "Mayor Lena Ford said the bridge would open in May. Ford believes that rents will fall next year."
    every = annotate(text)
    assert {q["act"] for q in every["quotes"]} >= {"speech", "thought"}
    speech = Annotator("spacy", Options(acts=("speech",))).annotate(Article("t", text, "<t>"))
    assert speech["quotes"] and {q["act"] for q in speech["quotes"]} == {"speech"}
    assert {s["id"] for s in speech["speakers"]} == {q["speaker_id"] for q in speech["quotes"]}


def test_acts_option_rejects_an_unknown_act():
    result = CliRunner().invoke(main, ["annotate", "-", "--acts", "speech,gossip"], input="x\n")
    assert result.exit_code == 2 and "gossip" in result.output


def test_a_learned_cue_outside_the_lexicon_says_the_model_chose_it(annotate):
    from annotator.rules.lexicon import CUE_LEMMAS
    assert "rail" not in CUE_LEMMAS
    q = by_text(annotate("Senator Ines Berg railed against the power of super PACs."), "super PACs")
    assert q["rule"] == "learned_cue" and q["cue"]["text"] == "railed" and q["speaker"] == "Ines Berg"
    assert "cue and content by the trained model" in q["evidence"]


def test_source_features_say_according_to_a_speech_nouns_owner_and_the_cue_verbs_a_quote_hangs_under():
    from annotator.learn.features import mention_features
    nlp = load_backend("spacy")
    doc = next(nlp.pipe(['"I do not care," Hugh Hewitt said, according to a transcript of the show. '
                         'Politifact seized on Donald Trump\'s claim that there were many shootings.']))
    context = Context.of(doc)
    marked = {t.text for t in doc if "according_to" in mention_features(context, t.i)}
    owners = {t.text for t in doc if "speech_noun_owner" in mention_features(context, t.i)}
    assert marked == {"transcript"} and owners == {"Trump"}
    text = 'Eric Ferrero said the marchers, whom he described as "peaceful," walked for miles.'
    doc = next(nlp.pipe([text]))
    peaceful = next(d for d in find_quotes(Context.of(doc)) if text[d.start:d.end].startswith("peaceful"))
    assert [doc[i].text for i in SourceQuery.of(doc, peaceful, None).governing] == ["he", "Ferrero"]  # nearest first


def _feature_shape(doc) -> tuple[set, set]:
    context = Context.of(doc)
    drafts = find_quotes(context)
    cue_names = {name.split("=")[0] for c in cue_candidates(context, []) for name in cue_features(context, c)}
    source_names = set()
    for draft in (d for d in drafts if d.cue is not None):
        query = SourceQuery.of(doc, draft, None)
        for head in source_candidates(context, query):
            source_names |= {name.split("=")[0] for name in source_features(context, query, head)}
    return cue_names, source_names


def test_features_from_a_universal_dependencies_document_have_the_shape_of_spacys():
    text = "Anna Berg said that taxes rose."
    rows = [("Anna", "Anna", "PROPN", "NNP", 3, "nsubj", "B-PERSON"), ("Berg", "Berg", "PROPN", "NNP", 1, "flat", "E-PERSON"),
            ("said", "say", "VERB", "VBD", 0, "root", "O"), ("that", "that", "SCONJ", "IN", 6, "mark", "O"),
            ("taxes", "tax", "NOUN", "NNS", 6, "nsubj", "O"), ("rose", "rise", "VERB", "VBD", 3, "ccomp", "O"),
            (".", ".", "PUNCT", ".", 3, "punct", "O")]
    words, position = [], 0
    for i, (surface, lemma, upos, xpos, head, deprel, ner) in enumerate(rows, 1):
        start = text.index(surface, position)
        position = start + len(surface)
        words.append(word(i, surface, lemma, upos, head, deprel, start, position, ner, xpos))
    from_stanza = _feature_shape(stanza_to_doc(Document([words], text=text)))
    from_spacy = _feature_shape(load_backend("spacy").nlp(text))
    assert from_stanza[0] and from_stanza == from_spacy


def test_a_runner_up_is_another_speaker_and_changes_nothing_else(annotator, annotate_rules, monkeypatch):
    from annotator.rules import engine
    text = ('Mayor Lena Ford met Omar Haddad, who leads the tenants\' union, on Monday. '
            '"The rents will fall," she said. "We doubt it," Haddad said. "He never learns," she added.')
    result = annotator.annotate(Article("t", text, "<t>"))
    rivals = [q for q in result["quotes"] if q["runner_up"]]
    for quote in rivals:
        rival = quote["runner_up"]
        assert rival["speaker"] != quote["speaker"] and 0 <= rival["probability"] <= 1
        assert text[rival["mention"]["start"]:rival["mention"]["end"]] == rival["mention"]["text"]
    assert {"Lena Ford", "Omar Haddad"} <= {q["runner_up"]["speaker"] for q in rivals}
    assert all(q["runner_up"] is None for q in annotate_rules(text)["quotes"])  # the rules rank no one
    seed = Article("seed", SEED.read_text(encoding="utf-8"), str(SEED))
    with_rivals = annotator.annotate(seed)
    monkeypatch.setattr(engine, "RUNNER_UP_CANDIDATES", 0)
    without = annotator.annotate(seed)
    assert sum(q["runner_up"] is not None for q in with_rivals["quotes"]) > len(with_rivals["quotes"]) / 2
    assert all(q["runner_up"] is None for q in without["quotes"])
    assert with_rivals["speakers"] == without["speakers"]  # resolving a runner-up adds no mention or role
    assert [{**q, "runner_up": None} for q in with_rivals["quotes"]] == without["quotes"]
