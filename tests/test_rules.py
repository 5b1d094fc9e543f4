"""Each quote pass, the evidence table and the speaker steps on their own: hand-made drafts and
small parsed sentences written for these tests, so that a failure names the pass."""
import pytest

from annotator.parse.backends import load_backend
from annotator.rules.cues import Cue, CueForm
from annotator.rules.drafts import Context, Draft
from annotator.rules.engine import Settings, attribute
from annotator.rules.evidence import CONFIDENCE, QUOTE_RULES, SPEAKER_RULES, Evidence, Rule, final_confidence, quote_confidence
from annotator.rules.passes import PASS_NAMES, PASSES, find_quotes
from annotator.rules.passes.clauses import clause_subjects, lead_sentence_subjects
from annotator.rules.passes.continuation import continue_speakers, keep_quotations
from annotator.rules.passes.labels import labelled_lines, signed_quotes, split_transcripts
from annotator.rules.passes.marked import drop_titles, marked_quotes, merge_split_quotes
from annotator.rules.passes.reported import reported_speech
from annotator.rules.speakers.resolver import SpeakerResolver


def context(text: str) -> Context:
    return Context.of(next(load_backend("spacy").pipe([text], batch_size=1)))


def marked(ctx: Context, text: str, kind="direct", rule=Rule.NO_CUE, cue=None) -> Draft:
    """A hand-made draft of the quotation in marks whose content is ``text``."""
    start = ctx.text.index(text)
    return Draft(f"m{start}", ((start, start + len(text)),), kind, rule, cue)


def cue_at(ctx: Context, word: str, speaker: str | None, form=CueForm.VERB) -> Cue:
    tokens = [t.text for t in ctx.doc]
    return Cue(tokens.index(word), tokens.index(speaker) if speaker else None, None, form)


# the pass table


def test_the_pass_table_is_the_order_and_names_every_pass_once():
    assert len(set(PASS_NAMES)) == len(PASSES)
    assert PASS_NAMES[0] == "marked_quotes" and PASS_NAMES[-1] == "keep_quotations"
    assert PASS_NAMES.index("reported_speech") < PASS_NAMES.index("continue_speakers")


def test_find_quotes_leaves_out_a_pass_by_name_and_refuses_unknown_names():
    ctx = context('"We will win," Ada Berg said. "Nobody doubts it now."')
    with_all = find_quotes(ctx)
    assert [d.rule for d in with_all] == [Rule.CUE_SUBJECT, Rule.CONTINUATION]
    without = find_quotes(ctx, without={"continue_speakers"})
    assert [d.rule for d in without] == [Rule.CUE_SUBJECT, Rule.NO_CUE]
    with pytest.raises(ValueError, match="no such pass"):
        find_quotes(ctx, without={"continuation_typo"})


# marked quotes


def test_marked_quotes_gives_each_quotation_an_id_its_cue_and_a_rule():
    ctx = context('"The road is shut," Ivo Pahl said. The "so-called" plan failed.')
    drafts = marked_quotes(ctx, [])
    road, scare = drafts
    assert road.id == f"m{ctx.text.index('The road')}" and road.kind == "direct" and road.rule is Rule.CUE_SUBJECT
    assert ctx.doc[road.cue.token].text == "said" and ctx.doc[road.cue.speaker_head].text == "Pahl"
    assert scare.kind == "partial" and scare.cue is None and scare.rule is Rule.NO_CUE


def test_merge_split_quotes_joins_fragments_around_one_cue_only_when_a_comma_continues():
    ctx = context('"The plan is sound," Ana Vos said, "but the money is not there."')
    said = cue_at(ctx, "said", "Vos")
    first = marked(ctx, "The plan is sound,", rule=Rule.CUE_SUBJECT, cue=said)
    second = marked(ctx, "but the money is not there.")
    merged = merge_split_quotes(ctx, [first, second])
    assert len(merged) == 1 and merged[0].fragments == first.fragments + second.fragments and merged[0].id == first.id
    assert merge_split_quotes(ctx, [first]) == [first]


def test_drop_titles_drops_capitalised_names_in_marks_unless_a_cue_introduces_them_as_speech():
    ctx = context('They watched "The Long Night Of Rain" on Monday.')
    title = marked(ctx, "The Long Night Of Rain", kind="partial")
    assert drop_titles(ctx, [title]) == []
    spoken = Draft(title.id, title.fragments, "direct", Rule.CUE_SUBJECT, Cue(1, 0, (3, 6), CueForm.VERB))
    assert drop_titles(ctx, [spoken]) == [spoken]


# labels and signatures


def test_split_transcripts_makes_one_quote_per_labelled_turn():
    ctx = context('"HOST: Are you running?\n\n"GUEST: I am not."')
    whole = Draft("m1", ((1, len(ctx.text) - 1),), "direct", Rule.NO_CUE)
    turns = split_transcripts(ctx, [whole])
    assert [ctx.text[d.start:d.end] for d in turns] == ["HOST: Are you running?", "GUEST: I am not."]
    assert len({d.id for d in turns}) == 2


def test_signed_quotes_take_the_name_after_a_dash_and_leave_attributed_drafts_alone():
    ctx = context("“The park is a gift.” ― Lena Brandt\n")
    draft = marked(ctx, "The park is a gift.")
    signed = signed_quotes(ctx, [draft])[0]
    assert signed.rule is Rule.SIGNATURE and signed.cue.form is CueForm.SIGNATURE
    assert ctx.doc[signed.cue.speaker_head].text == "Brandt"
    attributed = Draft(draft.id, draft.fragments, "direct", Rule.CUE_SUBJECT, Cue(0, 0, None, CueForm.VERB))
    assert signed_quotes(ctx, [attributed]) == [attributed]


def test_labelled_lines_make_a_named_source_s_line_its_statement():
    ctx = context("Okafor: Bridge Will Reopen By June\n\nEngineer Tom Okafor spoke on Monday.")
    found = labelled_lines(ctx, [])
    assert len(found) == 1 and found[0].kind == "indirect" and found[0].rule is Rule.LINE_LABEL
    assert ctx.text[found[0].start:found[0].end] == "Bridge Will Reopen By June"
    assert labelled_lines(context("Update: the bridge will reopen by June.\n"), []) == []


# clauses


def test_clause_subjects_give_quoted_words_to_the_subject_of_their_clause():
    ctx = context('Senator Ola Dahl called the budget a "reckless gamble" on Monday.')
    draft = marked(ctx, "reckless gamble", kind="partial")
    found = clause_subjects(ctx, [draft])[0]
    assert found.rule is Rule.CLAUSE_SUBJECT and found.cue.form is CueForm.CLAUSE
    assert ctx.doc[found.cue.speaker_head].text == "Dahl"


def test_lead_sentence_subjects_need_a_named_person_and_no_quote_in_the_lead():
    ctx = context('Ines Berg blamed the old guard. "They never listened to anyone here."')
    draft = marked(ctx, "They never listened to anyone here.")
    found = lead_sentence_subjects(ctx, [draft])[0]
    assert found.rule is Rule.LEAD_SENTENCE and ctx.doc[found.cue.speaker_head].text == "Berg"
    other = context('The old guard was blamed. "They never listened to anyone here."')
    assert lead_sentence_subjects(other, [marked(other, "They never listened to anyone here.")])[0].cue is None


# reported speech


def test_reported_speech_adds_the_content_of_each_cue_with_a_speaker_in_text_order():
    ctx = context("Mayor Ida Holm said the bridge would reopen in June. Bread prices rose sharply, according to the office.")
    found = reported_speech(ctx, [])
    assert [(d.rule, ctx.text[d.start:d.end]) for d in found] == [
        (Rule.REPORTED_CLAUSE, "the bridge would reopen in June"), (Rule.ACCORDING_TO, "Bread prices rose sharply")]
    assert all(d.id.startswith("c") for d in found)


def test_reported_speech_leaves_content_that_a_direct_quote_already_is():
    ctx = context('Ida Holm said: "The bridge will reopen in June."')
    quote = marked(ctx, "The bridge will reopen in June.", rule=Rule.CUE_SUBJECT, cue=cue_at(ctx, "said", "Holm"))
    assert reported_speech(ctx, [quote]) == [quote]


# continuation and scare quotes


def test_continue_speakers_points_at_the_draft_before_by_id():
    ctx = context('"We lost," Sara Vik said. "We will be back next year."')
    first = marked(ctx, "We lost,", rule=Rule.CUE_SUBJECT, cue=cue_at(ctx, "said", "Vik"))
    second = marked(ctx, "We will be back next year.")
    out = continue_speakers(ctx, [first, second])
    assert out[1].follows == first.id and out[1].rule is Rule.CONTINUATION
    assert continue_speakers(ctx, [marked(ctx, "We lost,"), second])[1].follows is None  # nothing to continue


def test_keep_quotations_drops_unattributed_partial_and_short_quotes_only():
    ctx = context('The "so-called" experts said nothing. "This is a long unattributed sentence."')
    scare, long_one = marked(ctx, "so-called", kind="partial"), marked(ctx, "This is a long unattributed sentence.")
    attributed = Draft("m0", scare.fragments, "partial", Rule.CLAUSE_SUBJECT, Cue(0, 0, None, CueForm.CLAUSE))
    assert keep_quotations(ctx, [scare, long_one, attributed]) == [long_one, attributed]


# evidence and confidence


def test_every_rule_has_words_and_a_confidence_and_belongs_to_one_group():
    assert set(QUOTE_RULES) | set(SPEAKER_RULES) == set(Rule) and not set(QUOTE_RULES) & set(SPEAKER_RULES)
    assert all(0 < CONFIDENCE[r] <= 1 for r in Rule)


def test_evidence_words_come_from_the_rules():
    said = Evidence(Rule.CUE_SUBJECT, Rule.SPEAKER_PRONOUN, "verb", "said")
    assert said.words() == "cue “said”; subject of cue; speaker by pronoun"
    assert Evidence(Rule.CLAUSE_SUBJECT, Rule.SPEAKER_NAME, "clause", "treated").words() \
        == "verb “treated”; subject of the clause; speaker by name"
    assert Evidence(Rule.CONTINUATION, Rule.SPEAKER_NAME).words() == "continues the quote before"
    assert Evidence(Rule.NO_CUE, Rule.NO_SPEAKER).words() == "no speaker found"


def test_confidence_continues_and_caps_from_one_table():
    assert quote_confidence(Rule.CUE_SUBJECT) == CONFIDENCE[Rule.CUE_SUBJECT]
    chained = quote_confidence(Rule.CONTINUATION, quote_confidence(Rule.CONTINUATION, 0.9))
    assert chained == round(round(0.9 * CONFIDENCE[Rule.CONTINUATION], 2) * CONFIDENCE[Rule.CONTINUATION], 2)
    assert final_confidence(0.9, Rule.NO_SPEAKER) == CONFIDENCE[Rule.NO_SPEAKER]
    assert final_confidence(0.9, Rule.SPEAKER_TITLE) == round(0.9 * CONFIDENCE[Rule.SPEAKER_TITLE], 2)


# speaker steps and the engine


def test_the_pronoun_step_can_be_left_out_to_measure_its_worth():
    ctx = context("Ada Berg visited the dam. She said the water was rising fast.")
    she = next(t for t in ctx.doc if t.text == "She")
    assert SpeakerResolver(ctx.doc).resolve(she).rule is Rule.SPEAKER_PRONOUN
    assert SpeakerResolver(ctx.doc, without={"pronouns"}).resolve(she).rule is Rule.SPEAKER_UNRESOLVED


def test_the_engine_reports_rule_ids_and_refuses_unknown_ones():
    doc = context("Ada Berg visited the dam. She said the water was rising fast.").doc
    quotes, speakers = attribute(doc)
    assert [(q.rule, q.speaker_rule) for q in quotes] == [("reported_clause", "speaker_pronoun")]
    quotes, _ = attribute(doc, Settings(without=frozenset({"pronouns"})))
    assert quotes[0].speaker_id is None and quotes[0].speaker_rule == "speaker_unresolved"
    with pytest.raises(ValueError, match="cannot leave out"):
        Settings(without=frozenset({"everything"}))


def test_tokens_found_from_the_arrays_are_those_a_walk_over_the_doc_finds():
    from annotator.parse.doc import tagged, written_as
    doc = next(load_backend("spacy").pipe(["Reed said the claims were false. Lyle claims it rains; Reed says no."]))
    for parts in ({"VERB"}, {"NOUN", "PROPN"}, {"VERB", "AUX", "NOUN"}):
        assert tagged(doc, parts) == [t for t in doc if t.pos_ in parts]
    said = tagged(doc, {"VERB", "NOUN"}, {"say", "claim"})
    assert said == [t for t in doc if t.pos_ in {"VERB", "NOUN"} and t.lemma_.lower() in {"say", "claim"}] and said
    assert written_as(doc, [doc.vocab.strings["reed"]]) == [t.i for t in doc if t.lower_ == "reed"] == [0, 12]
    assert written_as(doc, []) == []
