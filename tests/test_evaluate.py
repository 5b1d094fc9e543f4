"""The scorers for hand-made name and role gold, on cases written for these tests."""
from annotator.evaluate import name_scores, pronoun_gender_report, role_scores, same_name, same_role
from annotator.rules.evidence import Rule, words_of


def test_same_name_needs_first_and_last_name_when_the_gold_has_both():
    assert same_name("Hillary Clinton", "Hillary Rodham Clinton") and same_name("Mr. Ed Lane", "Ed Lane")
    assert not same_name("Bill Clinton", "Hillary Clinton") and not same_name("Clinton", "Hillary Clinton")
    assert same_name("Melanie", "Melanie") and not same_name(None, "Melanie")


def test_same_role_accepts_one_role_inside_the_other_and_both_missing():
    assert same_role("Defence Secretary", "Secretary") and same_role(None, None)
    assert not same_role("mayor", None) and not same_role("mayor", "governor")


def test_name_scores_count_only_named_cases_from_the_article_and_the_quote_that_matches():
    cases = [
        {"id": "a", "form": "pronoun", "quote_start": 10, "quote_end": 40, "canonical": "Ada Berg", "named": True},
        {"id": "a", "form": "surname", "quote_start": 50, "quote_end": 80, "canonical": "Ada Berg", "named": True},
        {"id": "a", "form": "title", "quote_start": 90, "quote_end": 99, "canonical": "Ian Roe", "named": True},
        {"id": "a", "form": "pronoun", "quote_start": 10, "quote_end": 40, "canonical": "an aide", "named": False},
        {"id": "a", "form": "surname", "quote_start": 10, "quote_end": 40, "canonical": "Barack Obama",
         "named": True, "outside": True},
    ]
    predictions = {"a": [{"start": 12, "end": 40, "speaker": "Ada Berg"}, {"start": 50, "end": 79, "speaker": "Berg"}]}
    scores = name_scores(cases, predictions)
    assert (scores.cases, scores.detected, scores.right) == (3, 2, 1)
    assert scores.by_form == {"pronoun": [1, 1], "surname": [0, 1]}


def test_role_scores_find_each_gold_speaker_by_name_in_its_article():
    gold = [{"id": "a", "name": "Ada Berg", "role": "mayor", "affiliation": None},
            {"id": "a", "name": "Ian Roe", "role": "senator", "affiliation": "Republican"}]
    results = {"a": {"speakers": [{"name": "Ada Berg", "role": "the mayor", "affiliation": "Italy"}]}}
    scores = role_scores(gold, results)
    assert (scores.speakers, scores.found, scores.roles_right, scores.affiliations_right) == (2, 1, 1, 0)


def test_the_pronoun_report_counts_he_and_she_tied_to_a_speaker_of_the_other_known_gender():
    def mention(text):
        return {"start": 0, "end": len(text), "text": text, "rule": "speaker_pronoun"}
    results = {"a": {"speakers": [
        {"name": "Ada Moss", "gender": "f", "mentions": [mention("She"), mention("he"), mention("Ada Moss")]},
        {"name": "Lee", "gender": None, "mentions": [mention("his")]}]}}
    assert pronoun_gender_report(results).endswith("3 he/she mentions of speakers, 1 tied to a speaker of the "
                                                   "other known gender")


def test_rule_words_are_looked_up_by_id_and_an_unknown_id_has_none():
    assert words_of(Rule.SPEAKER_PRONOUN.value) == "pronoun" and words_of("no_such_rule") == "" and words_of(None) == ""
