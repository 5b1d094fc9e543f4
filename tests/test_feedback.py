"""Reviewers teach the model (issue #17): review decisions exported as gold (``export-gold``), the
model adapted to them (``train --from``, gold files with weights), and the errors of bad input."""
import json
import random

import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.evaluate import score
from annotator.learn.linear import ModelError
from annotator.learn.model import SHIPPED_MODEL, load_model
from annotator.model import Article
from annotator.pipeline import Annotator, Options
from annotator.review.gold import export_gold, speaker_spans
from annotator.review.store import ReviewStore
from annotator.training import GoldFile, TrainingError, article_examples, gold_file, read_gold

TEXT = ('Ana Ruiz spoke first. "Taxes will fall," Ruiz said. Tom Park disagreed. "They will rise," he said. '
        '"Nobody knows," said Eli Stone. "Maybe," Ruiz added. "Later," Park said.')


def at(text: str, words: str, after: int = 0) -> tuple[int, int]:
    start = text.index(words, after)
    return start, start + len(words)


def mention(text: str, words: str, after: int = 0) -> dict:
    start, end = at(text, words, after)
    return {"start": start, "end": end, "text": words}


def quote(number: int, text: str, content: str, speaker: str, speaker_id: str, said: dict, cue: str) -> dict:
    start, end = at(text, content)
    cue_start, cue_end = at(text, cue, end)
    return {"id": f"q{number}", "start": start, "end": end, "text": content, "fragments": [[start, end]],
            "kind": "direct", "act": "speech", "speaker_id": speaker_id, "speaker": speaker, "role": None,
            "affiliation": None, "speaker_mention": said, "cue": {"start": cue_start, "end": cue_end, "text": cue},
            "confidence": 0.5, "evidence": "", "rule": "cue_subject", "speaker_rule": "speaker_name"}


def made_article(article_id: str) -> dict:
    """A result as the annotator gives one: two speakers with their mentions, five quotes (the
    model tied "They will rise" to Ruiz and "Nobody knows" to Park, both wrongly)."""
    t = TEXT
    ruiz = [mention(t, "Ana Ruiz"), mention(t, "Ruiz", 10), mention(t, "Ruiz", t.index("Maybe"))]
    park = [mention(t, "Tom Park"), mention(t, "Park", t.index("Later"))]
    speakers = [{"id": "s1", "name": "Ana Ruiz", "kind": "person", "role": None, "affiliation": None,
                 "mentions": [{**m, "rule": "speaker_name"} for m in ruiz]},
                {"id": "s2", "name": "Tom Park", "kind": "person", "role": None, "affiliation": None,
                 "mentions": [{**m, "rule": "speaker_name"} for m in park]}]
    quotes = [quote(1, t, "Taxes will fall,", "Ana Ruiz", "s1", ruiz[1], "said"),
              quote(2, t, "They will rise,", "Ana Ruiz", "s1", ruiz[1], "said"),
              quote(3, t, "Nobody knows,", "Tom Park", "s2", park[0], "said"),
              quote(4, t, "Maybe,", "Ana Ruiz", "s1", ruiz[2], "added"),
              quote(5, t, "Later,", "Tom Park", "s2", park[1], "said")]
    return {"id": article_id, "source": "<test>", "backend": "test", "text": t, "speakers": speakers, "quotes": quotes}


@pytest.fixture()
def reviewed_db(tmp_path):
    store = ReviewStore(tmp_path / "review.db")
    article, untouched = made_article("a1"), made_article("a2")
    untouched["text"] += " Another day."  # another text: decisions are keyed by the text's hash
    store.save_article(article)
    store.save_article(untouched)
    store.decide(article, "q1", "accepted", "kim")
    store.decide(article, "q2", "corrected", "kim", speaker="Tom Park", role="treasurer")  # a speaker of the article
    store.decide(article, "q3", "corrected", "kim", speaker="Eli Stone")  # a name the text writes
    store.decide(article, "q4", "rejected", "kim")
    return tmp_path / "review.db"  # q5 and all of a2: nobody decided


def test_export_gold_writes_accepted_corrected_and_rejected_quotes_and_leaves_out_the_undecided(reviewed_db, tmp_path):
    out = tmp_path / "reviewed.jsonl"
    result = CliRunner().invoke(main, ["export-gold", str(reviewed_db), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 reviewed articles" in result.output and "1 undecided" in result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1  # a2 has no decision
    t = TEXT
    ruiz, park, stone = at(t, "Ruiz", 10), at(t, "Tom Park"), at(t, "Eli Stone")
    every_park = [list(park), list(at(t, "Park", t.index("Later")))]  # nearest "They will rise" first

    def gold(content, cue, review, speaker, span, **extra):
        start, end = at(t, content)
        return {"text": content, "start": start, "end": end, "fragments": [[start, end]], "kind": "direct",
                "cue": cue, "role": extra.pop("role", None), "affiliation": None, "review": review, **extra,
                "speaker": speaker, "speaker_start": span[0], "speaker_end": span[1]}

    maybe = at(t, "Maybe,")
    assert json.loads(lines[0]) == {
        "id": "a1", "source": "review", "text": t,
        "quotes": [gold("Taxes will fall,", "said", "accepted", "Ruiz", ruiz),
                   gold("They will rise,", "said", "corrected", "Tom Park", park, role="treasurer",
                        speaker_mentions=every_park, not_speaker={"text": "Ruiz", "start": ruiz[0], "end": ruiz[1]}),
                   gold("Nobody knows,", "said", "corrected", "Eli Stone", stone, speaker_mentions=[list(stone)],
                        not_speaker={"text": "Tom Park", "start": park[0], "end": park[1]})],
        "rejected": [{"text": "Maybe,", "start": maybe[0], "end": maybe[1], "fragments": [list(maybe)],
                      "kind": "direct", "cue": "added"}],
        "reviewed": {"accepted": 1, "rejected": 1, "corrected": 2, "undecided": 1}}


def test_a_corrected_speaker_is_found_nearest_the_quote_first_or_by_surname_or_not_at_all():
    article = made_article("a1")
    later = next(q for q in article["quotes"] if q["text"] == "Later,")
    assert speaker_spans(article, later, "tom park") == [at(TEXT, "Park", TEXT.index("Later")), at(TEXT, "Tom Park")]
    assert speaker_spans(article, later, "Dr. Eli Stone") == [at(TEXT, "Stone")]  # the surname, as written
    assert speaker_spans(article, later, "Someone Else") == []


def test_reviewed_gold_is_read_as_gold_and_scores_only_what_was_decided(reviewed_db, tmp_path):
    documents = export_gold(ReviewStore(reviewed_db), tmp_path / "g.jsonl")
    assert read_gold([GoldFile(tmp_path / "g.jsonl")])[0]["quotes"] == documents[0]["quotes"]
    predicted = made_article("a1")["quotes"]  # q5 was never decided: not counted; q4 was rejected: wrong
    quoted, _ = score(documents, {"a1": predicted})
    assert quoted.gold == 3 and quoted.predicted == 4 and quoted.matched_predictions == 3
    assert quoted.speaker_right == 1


def test_reviewed_gold_labels_only_decided_candidates(annotator):
    text = "Ana Ruiz said that taxes would fall. Tom Park said that rents would rise. The mayor says the river is high."
    doc = annotator.backend.nlp(text)
    taxes, rents = at(text, "taxes would fall"), at(text, "rents would rise")
    accepted = {"start": taxes[0], "end": taxes[1], "kind": "indirect", "cue": "said", "speaker": "Ana Ruiz",
                "speaker_start": 0, "speaker_end": 8}
    rejected = {"start": rents[0], "end": rents[1], "kind": "indirect", "cue": "said"}
    complete = article_examples(doc, {"quotes": [accepted]})
    reviewed = article_examples(doc, {"quotes": [accepted], "rejected": [rejected], "reviewed": {"accepted": 1}})
    undecided = article_examples(doc, {"quotes": [accepted], "rejected": [], "reviewed": {"accepted": 1}})
    assert len(undecided.cue) < len(reviewed.cue) < len(complete.cue)  # the river: unknown, not wrong
    assert any(right for _, right in undecided.cue) and not all(right for _, right in reviewed.cue)


def test_a_rejected_mention_with_no_corrected_span_is_a_negative_for_the_ranker(annotator):
    text = 'Ana Ruiz met Tom Park. "We will win," Park said.'
    doc = annotator.backend.nlp(text)
    content, park = at(text, "We will win,"), at(text, "Park", 10)
    wrong = {"start": park[0], "end": park[1], "text": "Park"}
    gold = {"start": content[0], "end": content[1], "kind": "direct", "cue": "said", "speaker": "Someone",
            "speaker_start": None, "speaker_end": None, "not_speaker": wrong}
    (group,) = article_examples(doc, {"quotes": [gold], "reviewed": {"corrected": 1}}).source
    assert sum(not right for _, right in group) == 1 and any(right for _, right in group)


@pytest.mark.parametrize("spec, weight", [("{g}", 1.0), ("{g}:3", 3.0), ("{g}:0.5", 0.5)])
def test_gold_files_take_a_weight_after_a_colon(tmp_path, spec, weight):
    path = tmp_path / "g.jsonl"
    path.write_text("")
    assert gold_file(spec.format(g=path)) == GoldFile(path, weight)


def test_a_file_whose_name_holds_a_colon_is_that_file(tmp_path):
    path = tmp_path / "reviewed:2.jsonl"
    path.write_text("")
    assert gold_file(str(path)) == GoldFile(path, 1.0)


@pytest.mark.parametrize("suffix, message", [(":abc", "must be a positive number"), (":0", "must be a positive number"),
                                             (":-2", "must be a positive number"), (":nan", "must be a positive number")])
def test_a_bad_weight_is_a_training_error(tmp_path, suffix, message):
    path = tmp_path / "g.jsonl"
    path.write_text("")
    with pytest.raises(TrainingError, match=message):
        gold_file(f"{path}{suffix}")


@pytest.mark.parametrize("arguments, message", [
    (["--gold", "{tmp}/missing.jsonl:3"], "no such gold file"),
    (["{tmp}/missing.jsonl"], "no such gold file"),
    (["--gold", "{tmp}/g.jsonl:heavy"], "must be a positive number"),
    (["--gold", "{tmp}/g.jsonl", "--from", "{tmp}/nomodel"], "no trained model"),
    (["--gold", "{tmp}/g.jsonl", "--from", "{tmp}/m"], "is the --from model itself"),
    (["--gold", "{tmp}/g.jsonl", "--adapt", "cue"], "--adapt needs --from"),
    (["--gold", "{tmp}/g.jsonl", "--from", "shipped", "--adapt", "cue,speaker"], "choose from cue, source"),
    ([], "no gold"),
])
def test_train_refuses_bad_input_with_one_line_and_exit_2(tmp_path, arguments, message):
    (tmp_path / "g.jsonl").write_text("")
    (tmp_path / "m").mkdir()
    result = CliRunner().invoke(main, ["train", *[a.format(tmp=tmp_path) for a in arguments], "-o", str(tmp_path / "m")])
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output


def test_adapting_only_the_cue_model_keeps_the_source_ranker(reviewed_db, tmp_path):
    export_gold(ReviewStore(reviewed_db), tmp_path / "r.jsonl")
    for parts, out in (("cue", "cue-only"), ("cue,source", "both")):
        result = CliRunner().invoke(main, ["train", "--from", "shipped", "--adapt", parts, "--gold",
                                           str(tmp_path / "r.jsonl"), "-o", str(tmp_path / out)])
        assert result.exit_code == 0, result.output
    shipped = load_model(SHIPPED_MODEL).source_ranker
    assert load_model(tmp_path / "cue-only").source_ranker == shipped != load_model(tmp_path / "both").source_ranker


PEOPLE = [("Dana Reyes", "Mayor"), ("Tom Park", "council treasurer"), ("Ana Ruiz", "police chief"),
          ("Omar Haddad", "city planner"), ("Lena Ford", "school superintendent"), ("Jon Berg", "fire chief"),
          ("Ines Moreau", "parks director"), ("Eli Stone", "housing officer")]
LINES = ["We cannot raise taxes again this year.", "The bridge will open in May.", "Nobody told us about the delay.",
         "The schools need more teachers.", "Our roads are the worst in the county."]


def house_style(n: int, people: list[tuple[str, str]] = PEOPLE) -> tuple[str, str]:
    """An article of an invented house style: a paragraph names one official, then a quote signed
    with a dash by another ('"..." — council treasurer Tom Park on Monday.'); and the signer."""
    (lead, lead_title), (signer, title) = people[n % len(people)], people[(n + 3) % len(people)]
    return (f"The council met on Monday to discuss the budget. {lead_title.capitalize()} {lead} opened the session. "
            f"\"{LINES[n % len(LINES)]}\" — {title} {signer} on Monday."), signer


def test_training_from_the_shipped_model_on_reviewed_articles_learns_a_house_style(annotator, tmp_path):
    store = ReviewStore(tmp_path / "review.db")
    for n in range(8):
        text, signer = house_style(n)
        result = annotator.annotate(Article(f"h{n}", text, "<test>"))
        store.save_article(result)
        for q in result["quotes"]:
            right = q["speaker"] == signer
            store.decide(result, q["id"], "accepted" if right else "corrected", "kim", speaker=None if right else signer)
    runner = CliRunner()
    assert runner.invoke(main, ["export-gold", str(tmp_path / "review.db"), "-o", str(tmp_path / "r.jsonl")]).exit_code == 0
    trained = runner.invoke(main, ["train", "--from", "shipped", "--gold", f"{tmp_path / 'r.jsonl'}:10",
                                   "-o", str(tmp_path / "m")])
    assert trained.exit_code == 0, trained.output
    text, signer = house_style(0, [("Vera Lind", "Mayor"), ("Kai Moss", "clerk"), ("Rosa Diaz", "judge"),
                                   ("Tom Hale", "council treasurer")])
    before = annotator.annotate(Article("new", text, "<test>"))["quotes"]
    after = Annotator("spacy", Options(model=str(tmp_path / "m"))).annotate(Article("new", text, "<test>"))["quotes"]
    assert [q["speaker"] for q in before] == ["Vera Lind"]  # the shipped model names the paragraph's official
    assert [q["speaker"] for q in after] == [signer]
    card = (tmp_path / "m" / "README.md").read_text()
    assert "`r.jsonl` (weight 10)" in card and "corrected" in card and f"from the model at `{SHIPPED_MODEL}`" in card
    assert "before (--from model), 2 held-out articles (trained on the other 6)" in card and "after, 2 held-out" in card


def test_a_trained_model_keeps_the_precision_of_its_weights_and_a_broken_file_is_refused(tmp_path):
    from test_learn import gold_article
    rng = random.Random(3)
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(gold_article(n, rng)) + "\n" for n in range(6)))
    assert CliRunner().invoke(main, ["train", "--gold", str(gold), "-o", str(tmp_path / "m"), "--folds", "2"]).exit_code == 0
    precision = load_model(tmp_path / "m").precision
    assert set(precision) == {"cue", "source"} and all(v > 0 for v in precision["source"].values())
    assert precision["cue"]["lemma=say"] > 0 and precision["cue"]["<intercept>"] > 0
    (tmp_path / "m" / "precision.json").write_text('{"cue": {"bias": "high"}}')
    load_model.cache_clear()
    with pytest.raises(ModelError, match="a number per feature"):
        load_model(tmp_path / "m")
