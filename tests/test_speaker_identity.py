"""Speaker identity on sentences written for these tests: gender agreement from evidence,
namesakes, surnames the recogniser missed, roles that stay on their line, and mentions that say
how they were resolved."""
import pytest
from conftest import by_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.tokens import Span

from annotator.parse.backends import load_backend
from annotator.rules.engine import attribute
from annotator.rules.lexicon import first_name_genders
from annotator.rules.speakers.names import (gender_of_name, honorific_gender, name_without_titles,
                                            names_inside_entities, unlabelled_names)

MEN = ["John Miller", "David Brooks", "Michael Hart", "Robert Lane", "James Ford", "Peter Novak"]
WOMEN = ["Mary Walsh", "Linda Park", "Susan Cole", "Karen Price", "Nancy Ortiz", "Helen Ross"]
VERBS = ["met", "called", "praised", "criticised", "thanked", "visited"]
CLAIMS = ["the bridge would open in May", "the budget was too small", "the vote should wait",
          "the report was wrong", "nobody had asked the farmers"]


def parse(text):
    return next(load_backend("spacy").pipe([text], batch_size=1))


def speaker_of(doc, words: str) -> str:
    """The name of the speaker the rules give the quote holding ``words``."""
    quotes, speakers = attribute(doc)
    quote = next(q for q in quotes if words in doc.text[q.start:q.end])
    return next(s for s in speakers if s.id == quote.speaker_id).name


def test_first_names_tell_gender_only_when_nearly_always_one_and_never_for_a_surname_alone():
    genders = first_name_genders()
    assert genders["mary"] == "f" and genders["john"] == "m"
    assert "jordan" not in genders and "taylor" not in genders  # used for both: unknown
    assert gender_of_name(("linda", "park")) == "f" and gender_of_name(("park",)) is None
    assert honorific_gender("Mrs. Park") == "f" and honorific_gender("Park") is None


def test_she_skips_the_subject_whose_first_name_says_he(annotate):
    r = annotate("Tom Reed met Maria Lopez on Monday. She said the plan for the dam was sound.")
    assert by_text(r, "plan for the dam")["speaker"] == "Maria Lopez"
    r = annotate("Maria Lopez met Tom Reed on Monday. He said the plan for the dam was sound.")
    assert by_text(r, "plan for the dam")["speaker"] == "Tom Reed"


def test_an_honorific_of_the_other_gender_keeps_a_surname_apart_from_the_full_name(annotate):
    r = annotate("Maria Vance opened the hall in March. Later Mr. Vance said the roof still leaked badly.")
    assert by_text(r, "roof still leaked")["speaker"] != "Maria Vance"
    r = annotate("Maria Vance opened the hall in March. Later Mrs. Vance said the roof still leaked badly.")
    assert by_text(r, "roof still leaked")["speaker"] == "Maria Vance"


def test_a_pronoun_is_never_the_person_named_inside_what_it_is_said_to_have_said(annotate):
    """Names of unknown gender, so only the content tells: "Sato was the first ..., she said"
    is said about Sato, by someone else."""
    r = annotate("Robin Levi, a spokesperson, said the talks would resume. "
                 "Kim Sato was the first to leave the talks, she said.")
    assert by_text(r, "first to leave")["speaker"] == "Robin Levi"


def test_a_pronoun_is_the_speaker_not_the_person_only_talked_about_in_their_words(annotate):
    r = annotate("White House spokesman Tom Reed said on Monday that President Paul Hart has long wanted "
                 "lower taxes. He said the new plan for the dam would pass in May.")
    assert by_text(r, "plan for the dam")["speaker"] == "Tom Reed"
    r = annotate("White House spokesman Tom Reed spoke on Monday. President Paul Hart has long wanted "
                 "lower taxes. He said the new plan for the dam would pass in May.")
    assert by_text(r, "plan for the dam")["speaker"] == "Paul Hart"  # no one's words: the latest subject


def test_a_pronoun_never_reaches_back_into_the_previous_story_of_a_live_blog(annotate):
    text = ("Tom Reed spoke in Ohio on Monday.\n\n___.\n\n5:45 p.m.\n\nPaul Hart's doctor calls the candidate fit. "
            "He said the new plan for the dam would pass in May.")
    assert by_text(annotate(text), "plan for the dam")["speaker"] == "Paul Hart"
    text = text.replace("Paul Hart's doctor calls the candidate fit.", "The crowd waited for hours.")
    assert by_text(annotate(text), "plan for the dam")["speaker"] is None  # no one in this story
    joined = text.replace("\n\n___.\n\n5:45 p.m.\n\n", " ")
    assert by_text(annotate(joined), "plan for the dam")["speaker"] == "Tom Reed"  # one story: the person before


def test_a_first_name_the_tagger_did_not_call_a_proper_noun_stays_in_the_name():
    doc = parse("Lukas Berg was the first to leave the talks on Monday, officials said.")
    lukas = doc[0]
    lukas.pos_ = "ADJ"  # as spaCy's small model tags "Lukas" in some sentences
    assert name_without_titles(doc.ents[0]).text == "Lukas Berg"
    doc = parse("Senator Lukas Berg spoke.")
    assert name_without_titles(doc[0:3]).text == "Lukas Berg"


def test_a_surname_alone_is_the_namesake_named_most_often_else_the_latest(annotate):
    r = annotate("Ada Moss opened the dam on Monday. Ada Moss thanked the crews. Ben Moss waved from the bank. "
                 '"The water is safe now," Moss said.')
    assert by_text(r, "water is safe")["speaker"] == "Ada Moss"
    r = annotate("Ada Moss opened the dam on Monday. Ben Moss waved from the bank. "
                 '"The water is safe now," Moss said.')
    assert by_text(r, "water is safe")["speaker"] == "Ben Moss"


def test_a_surname_is_the_namesake_called_mr_more_often_than_the_one_named_in_full(annotate):
    text = ("Michelle Obama opened the school on Monday. Mr. Obama praised the teachers. Mr. Obama met the pupils. "
            "President Obama said the new school would open more classes in May.")
    assert by_text(annotate(text), "open more classes")["speaker"] == "Obama"
    once = text.replace("Mr. Obama met the pupils. ", "").replace("Mr. Obama praised", "The mayor praised")
    assert by_text(annotate(once), "open more classes")["speaker"] == "Michelle Obama"  # nothing says otherwise


def test_a_first_name_alone_is_the_one_person_named_in_full_by_it_and_breaks_a_tie_of_namesakes(annotate):
    text = ("Hillary Clinton visited the clinic. Her husband Bill Clinton stayed home. Hillary met the nurses. "
            "Hillary said the staff was kind. Clinton said the clinic would get more money.")
    r = annotate(text)
    assert by_text(r, "staff was kind")["speaker"] == "Hillary Clinton"
    assert by_text(r, "more money")["speaker"] == "Hillary Clinton"  # named once each in full; "Hillary" twice more
    text = ("Ted Cruz spoke in Iowa. Ted Cruz thanked Heidi Cruz, his wife. Heidi smiled. Heidi waved. "
            "Cruz said the campaign would go on.")
    assert by_text(annotate(text), "would go on")["speaker"] == "Ted Cruz"  # named more often in full


def test_an_honorific_is_not_a_role(annotate):
    r = annotate('Ada Moss and Ben Moss visited the school. "Reading matters," Mrs. Moss said.')
    quote = by_text(r, "Reading matters")
    assert quote["speaker"] == "Ada Moss" and quote["role"] is None


def test_a_surname_the_recogniser_missed_is_the_person_named_in_full():
    doc = parse("Ada Berg spoke at the dam on Monday. Berg said the water was rising fast.")
    doc.ents = [e for e in doc.ents if e.start < 3]  # as if the recogniser saw no person in "Berg said"
    quotes, speakers = attribute(doc)
    quote = next(q for q in quotes if "rising fast" in doc.text[q.start:q.end])
    speaker = next(s for s in speakers if s.id == quote.speaker_id)
    assert speaker.name == "Ada Berg" and quote.speaker_rule == "speaker_surname"


def test_a_headline_name_that_runs_on_into_the_next_word_is_the_person_named_in_the_body():
    from annotator.rules.speakers.names import NameIndex, people
    from spacy.tokens import Span
    text = "Berg Seeks Votes In Rural Ohio\n\nAda Berg spoke at the dam on Monday. Berg said the water was rising."
    doc = parse(text)
    run_on = Span(doc, 0, 2, label="PERSON")  # "Berg Seeks", as the recogniser reads title case
    doc.ents = [run_on] + [e for e in doc.ents if e.start >= 2]
    index = NameIndex(doc, people(doc))
    assert index.name_in(run_on).text == "Berg"
    assert index.key_for(index.name_in(run_on).text, 0) == index.key_for("Ada Berg", 8)
    alone = parse("Berg Seeks Votes In Rural Ohio\n\nMs. Berg spoke at the dam on Monday.")
    alone.ents = [Span(alone, 0, 2, label="PERSON")] + [e for e in alone.ents if e.start >= 2]
    assert NameIndex(alone, people(alone)).name_in(alone.ents[0]).text == "Berg"  # the body writes "Berg" alone
    body = parse("Ada Berg spoke. Berg Seeks, her aide, said the water was rising in the dam.")
    aide = Span(body, 4, 6, label="PERSON")
    body.ents = [e for e in body.ents if e.end <= 4] + [aide]
    assert NameIndex(body, people(body)).name_in(aide).text == "Berg Seeks"  # not a headline: kept whole


def test_a_name_the_recogniser_ran_on_into_the_sentence_ends_at_its_first_lowercase_word():
    from annotator.rules.speakers.names import NameIndex, people
    from spacy.tokens import Span
    doc = parse("Ada Berg spoke on Monday. Berg accused Reed of lying, and Park Geun-hye met Ludwig van Beethoven.")
    run_on, hyphenated, particle = (Span(doc, start, end, label="PERSON") for start, end in ((6, 10), (13, 17), (18, 21)))
    assert (run_on.text, hyphenated.text, particle.text) == ("Berg accused Reed of", "Park Geun-hye", "Ludwig van Beethoven")
    doc.ents = [doc.ents[0], run_on, hyphenated, particle]
    index = NameIndex(doc, people(doc))
    assert index.name_in(run_on).text == "Berg"
    assert index.name_in(hyphenated).text == "Park Geun-hye"  # "hye" is no word of its own
    assert index.name_in(particle).text == "Ludwig van Beethoven"


def test_a_first_and_last_name_the_recogniser_called_an_organisation_is_a_person():
    from annotator.rules.mentions import is_person_entity
    from spacy.tokens import Span
    doc = parse("Lester Holt met Morgan Stanley and Lester Bank on Monday.")
    holt, stanley, bank = Span(doc, 0, 2, label="ORG"), Span(doc, 3, 5, label="ORG"), Span(doc, 6, 8, label="ORG")
    assert is_person_entity(holt)
    assert not is_person_entity(stanley)  # "Morgan" names both sexes: no first name to go by
    assert not is_person_entity(bank)  # an organisation's word


def test_a_surname_the_tagger_called_a_common_noun_is_still_the_person_named_in_full():
    doc = parse("Ada Berg spoke at the dam on Monday. Berg said the water was rising fast.")
    doc.ents = [e for e in doc.ents if e.start < 3]
    berg = next(t for t in doc if t.text == "Berg" and t.i > 3)
    berg.pos_ = "NOUN"  # as spaCy's small model tags "Trump" opening a sentence
    assert speaker_of(doc, "rising fast") == "Ada Berg"


def test_a_surname_before_a_verb_the_tagger_read_as_a_noun_is_the_person():
    from annotator.rules.speakers.resolver import SpeakerResolver
    doc = parse("Ada Berg spoke in Ohio on Monday. Berg avoids condemning the plan.")
    berg, avoids = doc[8], doc[9]
    doc.ents = [e for e in doc.ents if e.start < 8]
    berg.pos_, berg.dep_, berg.head = "NOUN", "compound", avoids  # as spaCy's small model parses "Trump avoids ..."
    avoids.pos_, avoids.tag_, avoids.dep_, avoids.head = "NOUN", "NNS", "ROOT", avoids
    resolution = SpeakerResolver(doc).resolve(avoids)
    assert resolution.key.name == "ada berg" and doc.text[slice(*resolution.mention)] == "Berg"
    the = parse("Ada Berg spoke in Ohio on Monday. The Berg family avoids the plan.")
    family = next(t for t in the if t.text == "family")
    assert SpeakerResolver(the).resolve(family).key.name != "ada berg"  # a determiner: a real noun phrase


def test_a_surname_the_recogniser_ran_into_an_organisations_name_is_the_person():
    from annotator.rules.speakers.resolver import SpeakerResolver
    doc = parse("Tom Reed met the editors on Monday. At the Daily Planet Reed said the tax should be cut. "
                "Mia Drexel University spoke too, and Quinnipiac University agreed.")
    reed = next(t for t in doc if t.text == "Reed" and t.i > 3)
    planet = Span(doc, reed.i - 3, reed.i + 1, label="ORG")  # "the Daily Planet Reed"
    quinnipiac = next(t for t in doc if t.text == "Quinnipiac")
    doc.ents = [e for e in doc.ents if e.end <= planet.start] + [
        planet, Span(doc, quinnipiac.i - 6, quinnipiac.i - 3, label="PERSON"),  # "Mia Drexel University"
        Span(doc, quinnipiac.i, quinnipiac.i + 2, label="ORG")]
    resolver = SpeakerResolver(doc)
    assert resolver.resolve(reed).key.name == "tom reed"
    assert not resolver.names.knows_surname(doc[quinnipiac.i + 1])  # "University" is no one's surname


def test_a_pronoun_just_after_a_surname_tells_namesakes_apart(annotate):
    text = ("Maria Vance and Tom Vance ran the farm for years. Maria Vance said the crop had failed. "
            "Maria Vance said the rain came late. Vance said {} in May.")
    assert by_text(annotate(text.format("he would sell the land")), "sell the land")["speaker"] == "Tom Vance"
    assert by_text(annotate(text.format("the land would be sold")), "land would be sold")["speaker"] == "Maria Vance"


def test_a_lowercase_common_noun_is_never_taken_for_a_surname():
    doc = parse("Ada Berg spoke at the dam on Monday. The berg said nothing, of course.")
    quotes, speakers = attribute(doc)
    assert not any(m.text == "berg" for s in speakers for m in s.mentions)


def test_a_definite_description_is_the_organisation_named_before_whose_name_holds_its_noun(annotate):
    r = annotate("The International Monetary Fund cut its forecast for Europe on Monday.\n\n"
                 "The fund said that growth would slow next year.")
    q = by_text(r, "growth would slow")
    assert q["speaker"] == "International Monetary Fund" and q["speaker_rule"] == "speaker_named_body"
    r = annotate("The International Monetary Fund cut its forecast for Europe on Monday.\n\n"
                 "The union said that pay would rise next year.")
    assert by_text(r, "pay would rise")["speaker_rule"] != "speaker_named_body"  # "union" is not in its name


def test_the_agency_is_the_government_office_or_department_named_before(annotate):
    r = annotate("The Congressional Budget Office released its estimate on Monday. "
                 "The agency said the deficit would grow by 2030.")
    assert by_text(r, "deficit would grow")["speaker"].removeprefix("The ") == "Congressional Budget Office"


def test_the_bank_is_the_organisation_named_just_before_but_the_government_is_not(annotate):
    r = annotate("Wells Fargo fired 5,300 workers over the accounts. The bank said it regretted the losses.")
    assert by_text(r, "regretted the losses")["speaker"] == "Wells Fargo"
    r = annotate("Wells Fargo fired 5,300 workers over the accounts. The government said the fines would rise.")
    assert by_text(r, "fines would rise")["speaker"] != "Wells Fargo"
    r = annotate("The National Review is hosting a debate party in Manchester. The conservative publication said the "
                 "candidate was unfit.")
    assert by_text(r, "candidate was unfit")["speaker"].removeprefix("The ") == "National Review"


def test_a_pronoun_keeps_its_person_across_a_long_quotation_and_a_chain_of_pronouns(annotate):
    r = annotate('Maria Lopez waited at the gate on Monday. "We came early," she said. "The line was long. '
                 'The sun was hot. Nobody told us anything. We waited for hours." '
                 'Later she said the staff had been kind.')
    assert by_text(r, "staff had been kind")["speaker"] == "Maria Lopez"


def test_a_subject_pronoun_carries_the_chain_past_a_name_that_is_not_a_subject(annotate):
    r = annotate("Tom Clarke said the deal had helped his company. He now runs the mines of Paul Hart. "
                 "He has a plan, he said, for keeping them open.")
    assert by_text(r, "He has a plan")["speaker"] == "Tom Clarke"
    r = annotate("Tom Clarke said the deal had helped his company. Paul Hart later sold him the old mines. "
                 "He has a plan, he said, for keeping them open.")
    assert by_text(r, "He has a plan")["speaker"] == "Paul Hart"  # a name as subject: the latest


def test_the_subject_of_a_side_clause_gives_way_to_the_person_the_main_clause_names(annotate):
    r = annotate("While Tom Reed had many friends in the city, that has not been true for the town, which is "
                 "something that worries Paul Hart, head of the local guild. “Nobody visits us any more,” he said.")
    assert by_text(r, "Nobody visits")["speaker"] == "Paul Hart"


def test_a_headline_noun_for_a_holder_of_offices_is_the_first_holder_named_after_it(annotate):
    r = annotate("Lawmaker urges retaliation on Russia over hacks\n\nRep. Adam Schiff, the top Democrat on the "
                 "House Intelligence Committee, said on Monday that the United States should respond.")
    headline = by_text(r, "retaliation on Russia")
    assert headline["speaker"] == "Adam Schiff" and headline["speaker_rule"] == "speaker_title"


def test_a_description_in_apposition_to_a_name_is_that_person():
    from annotator.rules.speakers.resolver import SpeakerResolver
    doc = parse("Rep. Adam Schiff, the top Democrat on the committee, said on Monday that the bill would fail.")
    democrat = next(t for t in doc if t.text == "Democrat")
    assert democrat.dep_ == "appos"  # the parse this relies on
    resolution = SpeakerResolver(doc).resolve(democrat)
    assert resolution.key.name == "adam schiff" and doc.text[slice(*resolution.mention)] == "Adam Schiff"


def test_it_is_an_organisation_named_as_a_subject_before_and_never_a_person_described(annotate):
    r = annotate("Donald Trump's campaign is defending his tweets about the debate. "
                 "It says the attacks were coordinated by the media.")
    assert by_text(r, "attacks were coordinated")["speaker"] == "Donald Trump's campaign"  # it said nothing before
    r = annotate("A senior official proposed a tax credit for parents. The benefit, it says, would be paid weekly.")
    assert by_text(r, "paid weekly")["speaker"] is None


def test_they_after_people_named_together_is_that_group(annotate):
    r = annotate("Sens. Amy Klobuchar, Tina Smith and Cory Booker wrote to the agency on Monday. "
                 "They said the rule would hurt farmers.")
    quote = by_text(r, "hurt farmers")
    assert quote["speaker"] == "Amy Klobuchar, Tina Smith and Cory Booker"
    assert next(s for s in r["speakers"] if s["id"] == quote["speaker_id"])["kind"] == "group"
    r = annotate("Amy Klobuchar wrote to the agency on Monday. They said the rule would hurt farmers.")
    assert by_text(r, "hurt farmers")["speaker"] != "Amy Klobuchar"  # one person is no "they"


def speaker_facts(result: dict) -> dict[str, tuple]:
    return {s["name"]: (s["role"], s["affiliation"]) for s in result["speakers"]}


def test_a_party_before_or_after_the_name_is_the_affiliation_not_part_of_the_role(annotate):
    facts = speaker_facts(annotate("Republican presidential nominee Ian Roe said the bridge would open in May. "
                                   "Rep. Ada Berg (D-Mass.) said the budget was too small. "
                                   "House Speaker Tom Reed, R-Wis., said the vote should wait."))
    assert facts["Ian Roe"] == ("presidential nominee", "Republican")
    assert facts["Ada Berg"][1] == "Democratic"
    assert facts["Tom Reed"] == ("Speaker", "Republican")  # the party before the chamber


def test_an_apposition_gives_the_role_and_the_body_it_is_at_or_for(annotate):
    facts = speaker_facts(annotate(
        "Phil Smith, a spokesman for the United Mine Workers of America, said the mines would close. "
        "David Gorski, an associate professor of surgery at the University of Michigan, said the study was flawed. "
        "Nick Witney, a fellow at the European Council on Foreign Relations, said the talks had failed. "
        "Ed Kahn, the top Democrat on the panel, said the vote should wait."))
    assert facts["Phil Smith"] == ("spokesman", "United Mine Workers of America")
    assert facts["David Gorski"] == ("associate professor of surgery", "University of Michigan")
    assert facts["Nick Witney"] == ("fellow", "European Council on Foreign Relations")
    assert facts["Ed Kahn"][1] == "Democratic"


def test_an_apposition_the_parse_took_for_a_second_subject_or_a_name_still_gives_the_role(annotate):
    text = "Park Ji-moon, the director of the World Health Organization, vowed not to repeat that mistake."
    assert [t.text for t in parse(text) if t.dep_ == "nsubj"] == ["moon", "director"]  # the parse this guards against
    assert speaker_facts(annotate(text))["Park Ji-moon"] == ("director", "World Health Organization")
    facts = speaker_facts(annotate("Ada Moss, Nevada Secretary of State, voiced her disapproval of the ruling."))
    assert facts["Ada Moss"] == ("Nevada Secretary of State", "Nevada")  # a title, not a body's name


def test_a_relative_has_no_role_and_the_person_they_are_related_to_is_no_affiliation(annotate):
    r = annotate("Patricia Moss, mother of flood victim Sean Moss, rejected the claim. Sean Moss had worked at the dam. "
                 '"She lied to me," Patricia Moss said. Flood widow Ann Diaz said the warnings came too late.')
    facts = speaker_facts(r)
    assert facts["Patricia Moss"] == (None, None) and facts["Ann Diaz"] == (None, None)
    assert next(s for s in r["speakers"] if s["name"] == "Ann Diaz")["gender"] == "f"  # the word still tells it


def test_a_long_apposition_gives_its_noun_and_modifiers_as_the_role(annotate):
    facts = speaker_facts(annotate(
        "David Kamin, an outside adviser to the campaign on tax and budget issues, said the plan would work."))
    assert facts["David Kamin"] == ("outside adviser", None)


def test_a_place_the_recogniser_missed_before_a_title_is_the_affiliation(annotate):
    facts = speaker_facts(annotate("Charlotte Mayor Jennifer Roberts said the city was calm. "
                                   "Police in Charlotte said the march was peaceful. "
                                   "Senate Majority Leader Mitch McConnell said the vote should wait. "
                                   "Press Secretary Josh Earnest said the president would not comment."))
    assert facts["Jennifer Roberts"] == ("Mayor", "Charlotte")  # "Charlotte" is a place elsewhere in the article
    assert facts["Mitch McConnell"] == ("Majority Leader", "Senate")  # one body found: the rest is the role
    assert facts["Josh Earnest"] == ("Press Secretary", None)  # "Press" names nothing elsewhere


def test_a_name_with_its_own_title_in_apposition_keeps_that_title_as_its_role(annotate):
    facts = speaker_facts(annotate("Trump's running mate, Indiana Gov. Mike Pence, said he would release his "
                                   "returns soon. The mayor, Ivo Brandt, said the budget was balanced."))
    assert facts["Mike Pence"] == ("Gov.", "Indiana")  # not "running mate" of Trump
    assert facts["Ivo Brandt"][0] == "mayor"  # no title of his own: the noun he is in apposition to


def test_a_name_listed_from_a_party_group_has_that_party(annotate):
    facts = speaker_facts(annotate("Some Republicans, including Senator Lamar Alexander of Tennessee, backed the bill. "
                                   "Alexander said the bill was fair. Some voters, including Ada Moss, were not sure. "
                                   "Moss said she would wait."))
    assert facts["Lamar Alexander"][1] == "Republican"
    assert facts["Ada Moss"][1] is None  # voters are no party


def test_a_spokesperson_whose_role_names_no_body_speaks_for_the_one_just_before(annotate):
    facts = speaker_facts(annotate("The Sierra Club is suing the state over the dam. Spokeswoman Ada Moss said the "
                                   "case would be filed on Monday.\n\nThe weather was mild. Spokesman Tom Reed said "
                                   "the roads were open."))
    assert facts["Ada Moss"] == ("Spokeswoman", "Sierra Club")
    assert facts["Tom Reed"][1] is None  # no body in the sentences before, in his section


def test_a_place_the_parse_tagged_a_verb_before_a_role_is_still_its_body(annotate):
    doc = parse("Tulsa police Chief Chuck Jordan said Monday that he would act.")
    assert doc[0].pos_ == "VERB" and doc[0].ent_type_ == "GPE"  # the parse this guards against
    assert speaker_facts(annotate("Tulsa police Chief Chuck Jordan said Monday that he would act."))["Chuck Jordan"] \
        == ("police Chief", "Tulsa police")


def test_the_body_a_preposition_after_the_name_names_is_the_affiliation_a_place_only_for_its_governor(annotate):
    facts = speaker_facts(annotate(
        "Ann Morgan of the Sierra Club said the plant would close. "
        "Sen. Lamar Alden of Tennessee said the roads were open. "
        "Tribe was a mentor to Paul Okafor at Harvard Law School. Okafor said the ruling was wrong."))
    assert facts["Ann Morgan"][1] == "Sierra Club"
    assert facts["Lamar Alden"][1] != "Tennessee"  # the state a senator represents
    assert facts["Paul Okafor"][1] is None  # after the object of "to", "at" tells where the mentor was
    governor = speaker_facts(annotate("Gov. Tom Bryant of Mississippi, a former backer of Ted Cruz, said "
                                      "the roads were open."))
    assert governor["Tom Bryant"] == ("Gov.", "Mississippi")  # before the apposition's body


def test_a_body_named_in_an_apposition_may_follow_the_noun_for_its_kind(annotate):
    facts = speaker_facts(annotate("Mario Franchi, a columnist for the Italian newspaper Corriere della Sera, "
                                   "wrote that the pope was tired."))
    assert facts["Mario Franchi"][1] == "Corriere della Sera"


def test_a_place_says_where_an_occupation_is_not_whom_it_speaks_for_unlike_an_office(annotate):
    facts = speaker_facts(annotate(
        "Ron Field, a Miami lawyer, said the case was weak. "
        "Gina Grimm, a retiree from Las Vegas, said the rally was loud. "
        "Miami developer Ari Quist said the tower would rise. "
        "Tulsa Mayor Jane Roe said the city was calm. "
        "Ben Holt, a Texas official, said the roads were closed."))
    assert facts["Ron Field"] == ("Miami lawyer", None)
    assert facts["Gina Grimm"] == ("retiree from Las Vegas", None)
    assert facts["Ari Quist"] == ("developer", None)
    assert facts["Jane Roe"] == ("Mayor", "Tulsa")
    assert facts["Ben Holt"][1] == "Texas"


def test_a_campaign_role_that_names_no_owner_works_for_the_campaign_named_before(annotate):
    facts = speaker_facts(annotate(
        "The Clinton campaign opened an office in Ohio on Monday. "
        "Brian Fallon, the campaign's press secretary, said the office would stay open."))
    assert facts["Brian Fallon"][1] == "Clinton campaign"


def test_an_affiliation_in_initials_is_spelt_out_as_the_article_names_it(annotate):
    facts = speaker_facts(annotate("The Democratic National Committee met on Monday.\n\n"
                                   "Interim DNC Chairwoman Donna Brazile said the party was united."))
    assert facts["Donna Brazile"][1] == "Democratic National Committee"


def test_the_person_a_speaker_works_for_is_the_affiliation(annotate):
    facts = speaker_facts(annotate("Clinton campaign spokesman Brian Fallon said the plan was bad. "
                                   "Erin Murphy, a former Clinton aide, said the report was wrong."))
    assert facts["Brian Fallon"] == ("spokesman", "Clinton campaign")
    assert facts["Erin Murphy"][1] == "Clinton"


def test_i_outside_quotes_is_the_writer_who_signs_the_letter_or_the_opinion_piece(annotate):
    letters = ("LETTERS.\n\nThe council wasted our money. I believe the bridge should wait.\n\nTom Reed.\n\n"
               "The new park is a gift. I think the city should build more of them.\n\nAda Berg.")
    r = annotate(letters)
    assert by_text(r, "bridge should wait")["speaker"] == "Tom Reed"
    assert by_text(r, "build more of them")["speaker"] == "Ada Berg"
    assert by_text(r, "build more of them")["speaker_rule"] == "speaker_narrator"
    essay = ("I grew up in a small town. I believe the mill will reopen next year.\n\n"
             "Ada Berg is a writer in Ohio and the author of two novels.")
    assert by_text(annotate(essay), "mill will reopen")["speaker"] == "Ada Berg"
    unsigned = "I grew up in a small town. I believe the mill will reopen next year."
    assert by_text(annotate(unsigned), "mill will reopen")["speaker"] is None  # no one says who wrote it


def test_an_organisation_by_its_initials_or_its_last_words_is_the_one_named_in_full(annotate):
    r = annotate("The International Monetary Fund cut its forecast. The IMF said growth would slow.")
    assert by_text(r, "growth would slow")["speaker"] == "International Monetary Fund"
    r = annotate("The New York Times ran the story. The Times said the report was accurate.")
    assert by_text(r, "report was accurate")["speaker"] == "New York Times"
    r = annotate("The New York Times and the Los Angeles Times ran the story. The Times said the report was accurate.")
    assert by_text(r, "report was accurate")["speaker"] == "The Times"  # two Times: no telling which


@pytest.mark.parametrize("short", ["Peabody", "PEC"])
def test_a_proper_noun_that_is_a_bodys_first_word_or_initials_is_that_body(short):
    doc = parse(f"Peabody Energy Corporation filed for bankruptcy. {short} said the plan would protect jobs.")
    doc.ents = [Span(doc, 0, 3, label="ORG")]  # "Peabody" or "PEC" alone: a capitalised word the recogniser missed
    assert speaker_of(doc, "protect jobs") == "Peabody Energy Corporation"


def test_a_bodys_first_word_that_is_a_persons_name_stays_that_persons(annotate):
    r = annotate("Ann Peabody founded Peabody Energy Corporation. Peabody said the plan would protect jobs.")
    assert by_text(r, "protect jobs")["speaker"] == "Ann Peabody"


def test_the_campaign_is_the_campaign_of_the_person_named_before(annotate):
    r = annotate("The Trump campaign ran new ads in Ohio. The campaign said the ads would run until May.")
    assert by_text(r, "ads would run")["speaker"] == "Trump campaign"
    r = annotate("Hillary Clinton's campaign hired more staff. The campaign said the hires were needed.")
    assert by_text(r, "hires were needed")["speaker"] == "Hillary Clinton's campaign"
    r = annotate("Trump campaign staff left early.\n\n___.\n\nThe campaign said the ads would run until May.")
    assert by_text(r, "ads would run")["speaker"] == "The campaign"  # another story of a live blog


def test_the_senator_is_the_person_whose_title_was_abbreviated(annotate):
    r = annotate("Sen. Bernie Sanders spoke in Iowa on Monday. The senator said the wage should rise.")
    assert by_text(r, "wage should rise")["speaker"] == "Bernie Sanders"


def test_a_description_covers_the_titles_it_names_and_a_headlines_is_the_first_holder_after_it(annotate):
    r = annotate("Justice Frank Nervo heard the case on Monday. The judge said the records would stay sealed.")
    assert by_text(r, "records would stay sealed")["speaker"] == "Frank Nervo"
    r = annotate("Judge Says Tax Records Must Stay Sealed.\n\nJustice Frank Nervo heard the case on Monday. "
                 "He ruled that the records stay sealed.")
    assert by_text(r, "Must Stay Sealed")["speaker"] == "Frank Nervo"  # the headline's judge, named after it
    r = annotate("Judge says tax records must stay sealed.\n\nJustice Frank Nervo heard the case on Monday.")
    assert by_text(r, "must stay sealed")["speaker"] == "Frank Nervo"  # the first line, though not in title case


def test_the_portfolio_of_a_secretary_is_part_of_the_role_not_an_affiliation(annotate):
    facts = speaker_facts(annotate("Hillary Clinton, the former secretary of State, said the plan was bad. "
                                   "Paul Ryan, the director of the Urban Institute, said the plan was good."))
    assert facts["Hillary Clinton"] == ("former secretary of State", None)
    assert facts["Paul Ryan"][1] == "Urban Institute"  # a director's body is his affiliation


def test_a_plural_is_no_ones_role(annotate):
    facts = speaker_facts(annotate("Ada Berg, lawyers for the city, said the deal was signed. "
                                   "Tom Reed, a lawyer for the city, said the deal was fair."))
    assert facts["Ada Berg"][0] is None and facts["Tom Reed"][0] == "lawyer for the city"


def test_a_hyphenated_role_is_kept_whole(annotate):
    facts = speaker_facts(annotate("Dean Baker, co-director of the Center for Economic and Policy Research, "
                                   "said the plan would work. Ada Berg, a retired fast-food worker, said the wage was low."))
    assert facts["Dean Baker"] == ("co-director", "Center for Economic and Policy Research")
    assert facts["Ada Berg"][0] == "retired fast-food worker"
    facts = speaker_facts(annotate("Ann Lee, the editor-in-chief of The Nation, said the story was true."))
    assert facts["Ann Lee"][0] == "editor-in-chief"


def test_the_role_a_person_is_introduced_with_wins_over_later_descriptions(annotate):
    facts = speaker_facts(annotate("Sen. Lindsey Graham said the vote should wait. Graham, a former presidential "
                                   "candidate and a Cruz supporter, said the party was split."))
    assert facts["Lindsey Graham"][0] == "Sen."


def test_a_plural_role_before_a_list_of_names_is_each_ones_role(annotate):
    facts = speaker_facts(annotate("Republican presidential candidates Ben Carson and Chris Christie met voters. "
                                   "Carson said the plan was bad. Christie said the tax was too high. "
                                   "Sen. Ted Cruz and Marco Rubio met voters. Cruz said the vote should wait. "
                                   "Rubio said the bill was late."))
    assert facts["Ben Carson"] == ("presidential candidate", "Republican")
    assert facts["Chris Christie"] == ("presidential candidate", "Republican")
    assert facts["Ted Cruz"][0] == "Sen." and facts["Marco Rubio"][0] is None  # a singular title is the first's
    facts = speaker_facts(annotate("Ann Lee and Rep. Tom Reed met voters. Reed said the bill was late."))
    assert facts["Tom Reed"][0] == "Rep."  # a listed name's own title


def test_an_abbreviated_plural_title_ends_no_sentence_and_is_each_listed_names_title(annotate):
    r = annotate("Sens. Jon Tester and David Vitter questioned the bank. Tester said the fees were hidden. "
                 "Vitter said the bank was too big.")
    facts = speaker_facts(r)
    assert facts["Jon Tester"][0] == "Sen." and facts["David Vitter"][0] == "Sen."
    doc = parse("Sens. Jon Tester and David Vitter questioned the bank. Lt. Gov. Ann Lee agreed.")
    assert len(list(doc.sents)) == 2 and doc[0].text == "Sens."


def test_a_rank_before_the_name_gives_way_to_the_office_after_it(annotate):
    facts = speaker_facts(annotate("Canada's General Jonathan Vance, chief of defence staff, said the troops would move. "
                                   "Attorney General Roy Cooper, a candidate for governor, said the law was wrong."))
    assert facts["Jonathan Vance"] == ("chief of defence staff", "Canada")
    assert facts["Roy Cooper"][0] == "Attorney General"  # an office, though it ends in "General"


def test_a_title_that_stands_for_a_person_adds_what_it_says_of_them(annotate):
    r = annotate("Sen. Elizabeth Warren spoke on Tuesday. The Democratic senator said the bank had lied.")
    assert by_text(r, "bank had lied")["speaker"] == "Elizabeth Warren"
    assert speaker_facts(r)["Elizabeth Warren"] == ("Sen.", "Democratic")


def test_a_sentence_that_says_what_the_speaker_is_gives_the_role(annotate):
    facts = speaker_facts(annotate("Rick Scott is the Republican governor of Florida. Scott said the storm was over. "
                                   "Tom Reed is a liar. Reed said the plan was late."))
    assert facts["Rick Scott"] == ("governor", "Republican")
    assert facts["Tom Reed"][0] is None  # "liar" names no role
    facts = speaker_facts(annotate("Ann Lee is not the mayor. Lee said the bridge was safe. "
                                   '"Tom Reed is the worst governor in history," Ann Lee said. Reed said the tax was fair.'))
    assert facts["Ann Lee"][0] is None and facts["Tom Reed"][0] is None  # denied, or said of him in a quote


def test_a_relative_clause_after_the_name_gives_the_role_and_the_body(annotate):
    facts = speaker_facts(annotate(
        "Luis Rubio, who heads the Center of Research for Development in Mexico City, said the peso would fall. "
        "Derek Mitchell, who served as U.S. ambassador to Burma from 2012, said the vote was fair. "
        "Ann Lee, who said the plan was bad, left the room. Lee said the vote was late."))
    assert facts["Luis Rubio"] == ("head", "Center of Research for Development")
    assert facts["Derek Mitchell"] == ("U.S. ambassador", "United States")
    assert facts["Ann Lee"] == (None, None)  # what she said is no role


def test_a_headline_or_a_phrase_before_the_name_is_no_role(annotate):
    facts = speaker_facts(annotate("Clinton: Time for a new plan.\n\nHillary Clinton said the plan was bad. "
                                   "With 50 days until the election, Minyon Moore, a senior adviser to the campaign, "
                                   "said turnout would decide it."))
    assert facts["Hillary Clinton"][0] is None
    assert facts["Minyon Moore"][0] == "senior adviser to the campaign"


def test_a_rare_noun_with_the_ending_of_a_thing_or_act_is_no_role_another_rare_one_can_be():
    from annotator.rules.speakers.roles import rarely_a_role
    doc = parse("The move would satisfy the crowd. The canvasser, the tycoon and the team waited.")
    words = {t.text: t for t in doc}
    words["satisfy"].pos_ = "NOUN"  # as the tagger sometimes has it: "satisfy Bernie Sanders"
    assert rarely_a_role(words["satisfy"]) and rarely_a_role(words["team"])
    assert not rarely_a_role(words["canvasser"]) and not rarely_a_role(words["tycoon"])  # too rare to be counted


def test_a_body_named_in_capitals_is_the_affiliation_though_the_recogniser_missed_it(annotate):
    facts = speaker_facts(annotate("Vann Newkirk, a writer for The Atlantic, said the vote was close. "
                                   "Victor Cha, a scholar at the Center for Strategic and International Studies, "
                                   "said the talks had failed."))
    assert facts["Vann Newkirk"] == ("writer", "Atlantic")
    assert facts["Victor Cha"] == ("scholar", "Center for Strategic and International Studies")


def test_the_state_a_legislator_represents_is_no_affiliation_the_state_a_governor_leads_is(annotate):
    facts = speaker_facts(annotate("Texas Sen. Ted Cruz said the vote should wait. "
                                   "Indiana Gov. Mike Pence said the bill was fair."))
    assert facts["Ted Cruz"] == ("Sen.", None)
    assert facts["Mike Pence"] == ("Gov.", "Indiana")


def test_a_name_labelled_an_organisation_is_a_person_when_its_apposition_says_so(annotate):
    r = annotate("Jean-Marc Ayrault, the foreign minister of France, said the talks would resume. "
                 "He said the ceasefire was fragile.")
    assert by_text(r, "ceasefire was fragile")["speaker"] == "Jean-Marc Ayrault"
    assert speaker_facts(r)["Jean-Marc Ayrault"][0] == "foreign minister of France"
    r = annotate("Goldman Sachs, the market leader, said the deal would close.")
    assert next(s for s in r["speakers"] if "Goldman" in s["name"])["kind"] == "organisation"


def test_a_spanish_name_goes_by_the_first_of_its_two_surnames(annotate):
    r = annotate("Melba Acosta Febo runs the bank. In an interview, Ms. Acosta said the debt was too large.")
    assert by_text(r, "debt was too large")["speaker"] == "Melba Acosta Febo"
    r = annotate("John Paul Smith runs the bank. Later Paul said the debt was too large.")
    assert by_text(r, "debt was too large")["speaker"] == "Paul"  # a first name: no surname of John Paul Smith


def test_the_country_of_the_passage_is_the_affiliation_of_a_minister_not_of_a_spokesman(annotate):
    text = ("Germany sent more troops to Iraq on Monday. Foreign Minister Heiko Maas said the mission would go on. "
            "Spokesman Jan Roth said the flights would resume.")
    facts = speaker_facts(annotate(text))
    assert facts["Heiko Maas"] == ("Foreign Minister", "Germany")
    assert facts["Jan Roth"][1] is None


def test_a_role_never_runs_across_a_line_break(annotate):
    r = annotate("Test Town\n\nThe mayor, Jane Roe, said the bridge over the river was safe.")
    q = by_text(r, "bridge over the river")
    assert q["speaker"] == "Jane Roe" and q["role"] is not None
    assert "Town" not in q["role"] and "\n" not in q["role"]


def test_every_mention_of_a_speaker_says_how_it_was_resolved(annotate):
    r = annotate("Ada Berg visited the dam. She said the water was rising fast.")
    speaker = next(s for s in r["speakers"] if s["name"] == "Ada Berg")
    assert {m["text"]: m["rule"] for m in speaker["mentions"]} == {"Ada Berg": "speaker_name", "She": "speaker_pronoun"}


@st.composite
def articles(draw):
    """Short articles of named men and women meeting each other, then 'he'/'she' reporting."""
    sentences = []
    for _ in range(draw(st.integers(2, 6))):
        a, b = draw(st.sampled_from(MEN + WOMEN)), draw(st.sampled_from(MEN + WOMEN))
        sentences.append(f"{a} {draw(st.sampled_from(VERBS))} {b} on Monday.")
        pronoun = draw(st.sampled_from(["He", "She"]))
        sentences.append(f"{pronoun} said {draw(st.sampled_from(CLAIMS))}.")
    return " ".join(sentences)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles())
def test_no_pronoun_resolves_to_a_person_of_the_other_known_gender(text):
    quotes, speakers = attribute(parse(text))
    names = {s.id: s.name for s in speakers}
    for q in quotes:
        if q.speaker_rule == "speaker_pronoun" and q.speaker_mention.text in {"He", "She"}:
            expected = "m" if q.speaker_mention.text == "He" else "f"
            first = names[q.speaker_id].split()[0].lower()
            assert first_name_genders()[first] == expected, (q.speaker_mention.text, names[q.speaker_id])


def test_a_surname_misspelt_by_one_letter_joins_the_one_person_it_is_close_to(annotate):
    r = annotate('Tyresha McClenney and Bryan Anderson came to the rally.\n\n'
                 'McLenney said the speeches were "far too long for a weeknight."')
    assert by_text(r, "far too long")["speaker"] == "Tyresha McClenney"
    r = annotate('Tina Hansen and Carl Hanson spoke first.\n\nHansan said the hall was "full to the doors."')
    assert by_text(r, "full to the doors")["speaker"] == "Hansan"  # one letter from both: neither
    r = annotate('Linda Johnson ran the board.\n\nMr. Johnston said the plan "was a failure from the start." '
                 'Later Mr. Johnson said the vote "was never fair."')
    assert by_text(r, "failure from the start")["speaker"] != by_text(r, "never fair")["speaker"]


def test_a_misspelt_surname_the_tagger_took_for_a_common_noun_still_joins_the_person():
    doc = parse("Leslie Wimes leads the group. Wines believes the campaign took voters for granted.")
    wines = next(t for t in doc if t.text == "Wines")
    wines.pos_ = "NOUN"  # "Wines" as the plural of "wine"
    doc.ents = [e for e in doc.ents if e.start < 2]
    assert speaker_of(doc, "for granted") == "Leslie Wimes"


def test_a_name_that_is_the_end_of_one_written_in_full_shows_the_full_name(annotate):
    r = annotate('Aung San Suu Kyi arrived in Washington on Monday.\n\nSuu Kyi told reporters that the talks had '
                 'gone well. Later Suu Kyi said that "unity means prosperity."')
    assert by_text(r, "unity means")["speaker"] == "Aung San Suu Kyi"
    r = annotate('"Crooked Hillary Clinton lies," the post read.\n\n"We will win," Hillary Clinton said. '
                 '"We will win big," Hillary Clinton said.')
    assert by_text(r, "win big")["speaker"] == "Hillary Clinton"


def test_an_organisations_short_name_is_its_full_name_also_when_another_form_abbreviates_it(annotate):
    text = ("The United Nations Security Council met on Friday. Later the U.N. Security Council voted again. "
            "The Security Council said that {}.")
    r = annotate(text.format("new sanctions would follow"))
    assert by_text(r, "sanctions would follow")["speaker"] == "United Nations Security Council"
    r = annotate("The New York Times and the Los Angeles Times ran the story. The Times said that it stood by the report.")
    assert by_text(r, "stood by the report")["speaker"] not in {"The New York Times", "Los Angeles Times"}


def test_a_first_named_name_the_recogniser_missed_is_found_but_no_organisation_or_title():
    doc = parse("Mehmet Oz — surgeon and TV star — has critics. Oz has been dogged by charges. "
                "Ivy League schools waited, and Senator Tina said nothing.")
    assert [n.text for n in unlabelled_names(doc)] == ["Mehmet Oz"]


def test_he_after_a_surname_of_a_name_the_recogniser_missed_is_that_person(annotate):
    r = annotate("Mehmet Oz — surgeon and TV star — met Donald Trump on Thursday.\n\n"
                 "Oz took Trump through a review of his health. He said the tests were \"all fine.\"")
    assert by_text(r, "all fine")["speaker"] == "Mehmet Oz"  # the subject before, not Trump


def test_a_document_that_speaks_is_the_speech_of_whoever_issued_it(annotate):
    r = annotate("The Security Council issued a statement on Monday. "
                 "The statement noted that the council had warned the government before.\n\n"
                 "Reuters released a survey of voters on Tuesday. The survey found that voters were angry about taxes.")
    noted = by_text(r, "had warned the government")
    assert noted["speaker"] == "The Security Council" and noted["speaker_mention"]["text"] == "The statement"
    assert noted["speaker_rule"] == "speaker_issuer"
    assert by_text(r, "voters were angry")["speaker"] == "Reuters"


def test_a_document_whose_issuer_the_article_does_not_say_speaks_for_itself(annotate):
    r = annotate("Critics said the ad was false.\n\nThe ad says that the senator lied about the vote.")
    assert by_text(r, "senator lied")["speaker"].lower() == "the ad"


def test_a_line_label_with_the_outlet_after_a_comma_gives_speaker_and_affiliation(annotate):
    r = annotate('Jane Doe, The Daily Planet: "The council has lost the trust of the town."\n\n'
                 'Dean Baker, Center for Economic and Policy Research: "Democrats will sing the virtues of budgets."')
    facts = speaker_facts(r)
    assert by_text(r, "lost the trust")["speaker"] == "Jane Doe" and by_text(r, "lost the trust")["rule"] == "line_label"
    assert facts["Jane Doe"][1] == "Daily Planet"
    assert by_text(r, "virtues of budgets")["speaker"] == "Dean Baker"
    assert facts["Dean Baker"][1] == "Center for Economic and Policy Research"


def test_a_platform_carries_a_post_it_does_not_issue(annotate):
    r = annotate('A Facebook post said the rally "was cancelled for the night."')
    assert by_text(r, "cancelled for the night")["speaker"] == "A Facebook post"


# Role and affiliation however the article writes them, one sentence each: (text, name, role, affiliation)
WRITTEN_ROLES = {
    "the parse hangs the role elsewhere": ("Presumptive Democratic presidential nominee Hillary Clinton called on "
                                           "Congress to pass a deal and said funding was urgent.",
                                           "Hillary Clinton", "presidential nominee", "Democratic"),
    "a body named in an apposition ends at its comma": ("Cora Pell, senior vice president of public policy at the "
                                                        "March of Dimes, which signed the letter, said the money "
                                                        "would help.", "Cora Pell",
                                                        "senior vice president of public policy", "March of Dimes"),
    "a party glued to a photo credit": ("Photo: Getty ImagesRepublican presidential candidate Ben Carlson said the "
                                        "debate was unfair.", "Ben Carlson", "presidential candidate", "Republican"),
    "the first of two descriptions": ("GOP presidential contender and former neurosurgeon Ben Carlson responded "
                                      "that the tax plan was fair.", "Ben Carlson", "presidential contender",
                                      "Republican"),
    "a party at the end of a paragraph": ("The plan will fail, according to former Sen. Scott Brine, R-Mass.\n\n"
                                          "The vote is on Monday.", "Scott Brine", "former Sen.", "Republican"),
    "a body taken for a facility": ("Vatican Radio carried the speech. \"We build bridges,\" the Vatican spokesman, "
                                    "Federico Lombardo, told reporters.", "Federico Lombardo", "spokesman", "Vatican"),
    "whom a role is for before where": ("Chris Covert, South Carolina director for Sanders, said the crowds were "
                                        "growing. Sanders spoke later.", "Chris Covert", "South Carolina director",
                                        "Sanders"),
    "a body's role after its possessive": ("“It is a start,” said Rashad Robson, Color of Change's executive "
                                           "director, about the new rules.", "Rashad Robson", "executive director",
                                           "Color of Change"),
    "a party inside a role after the name": ("Rudy Gill, the former Republican mayor of New York, said the city was "
                                             "safe.", "Rudy Gill", "former mayor", "Republican"),
    "a party inside a role before the name": ("Former Democratic Sen. Jo Warner said the vote was close.",
                                              "Jo Warner", "Former Sen.", "Democratic"),
    "the office a person was given": ("Sadiq Kahn, a Muslim, was elected as mayor of London last week. Kahn said "
                                      "the city was open.", "Sadiq Kahn", "mayor", "London"),
    "a staff role's possessive pronoun is whom it works for": ("Vera Lind spoke in Ohio. Her chief policy aide, "
                                                               "Tom Hale, said the plan was a blueprint for jobs.",
                                                               "Tom Hale", "chief policy aide", "Lind"),
    "and his campaign is that person's": ("Bernie Sanders spoke in Iowa. \"We are going to win,\" added his campaign "
                                          "manager Jeff Weaver.", "Jeff Weaver", "campaign manager", "Sanders campaign"),
    "what a relative clause on the apposition says the person is now": (
        "\"It is no reform,\" said Dana Roe, an economist who served as director of the Congressional Budget Office "
        "and is now president of the American Action Forum.", "Dana Roe", "economist", "American Action Forum"),
    "the body a relative clause says the person helmed": ("\"Now is the time,\" said Don Fowler, who helmed the DNC "
                                                          "from 1995 to 1997.", "Don Fowler", None, "DNC"),
    "where a relative clause says the person works": ("Conservative economist Aria Mathis, who studies tax policy "
                                                      "at the American Enterprise Institute, said the plan was "
                                                      "vague.", "Aria Mathis", "Conservative economist",
                                                      "American Enterprise Institute"),
    "what a sentence's last verb says the person is now": (
        "\"Do it,\" said Dana Roe. Roe served as director of the Congressional Budget Office and is now president of "
        "the American Action Forum.", "Dana Roe", "president", "American Action Forum"),
    "a possessor's party is not the person's": ("Ivy Tramp, the Republican presidential nominee's eldest daughter, "
                                                "said the plan would help mothers.", "Ivy Tramp", None, None),
    "the outlet a writer's verb says they write for": ("\"The effect is small,\" wrote Cara Lee for Morning "
                                                       "Consult.", "Cara Lee", None, "Morning Consult"),
    "a rare noun a relative clause says the person was": ("Dr. Nia Moss, who was the White House physician, said "
                                                          "the records were complete.", "Nia Moss",
                                                          "White House physician", "White House"),
    "a place with the body of it a role names": ("Kai Pruitt, the Charlotte-Mecklenburg police chief, said the "
                                                 "footage was clear.", "Kai Pruitt",
                                                 "Charlotte-Mecklenburg police chief", "Charlotte-Mecklenburg police"),
    "a family role's possessive is no affiliation": ("John Moss spoke in Iowa. \"We will win,\" said his wife, "
                                                     "Jane Moss.", "Jane Moss", None, None),  # a relative
}


@pytest.mark.parametrize("text, name, role, affiliation", WRITTEN_ROLES.values(), ids=WRITTEN_ROLES.keys())
def test_roles_and_affiliations_however_the_article_writes_them(annotate, text, name, role, affiliation):
    assert speaker_facts(annotate(text))[name] == (role, affiliation)


def test_an_article_before_the_first_of_two_descriptions_makes_two_people(annotate):
    facts = speaker_facts(annotate("The senator and former neurosurgeon Ben Carlson said the plan was fair."))
    assert facts["Ben Carlson"][0] != "senator"


def test_a_full_name_written_only_inside_another_entity_is_the_person_the_surname_stands_for():
    doc = parse('Mr. Osei spoke at the hall. Supporters will hold "Daniel Osei Unity Day" in May. '
                '"We are ready," Mr. Osei said.')
    osei = [t.i for t in doc if t.text == "Osei"]
    day = next(t.i for t in doc if t.text == "Daniel")
    doc.ents = [Span(doc, osei[0], osei[0] + 1, label="PERSON"), Span(doc, day, day + 4, label="EVENT"),
                Span(doc, osei[2], osei[2] + 1, label="PERSON")]  # as the recogniser labels such a day
    assert speaker_of(doc, "ready") == "Daniel Osei"
    doc = parse(doc.text)
    doc.ents = [Span(doc, osei[0], osei[0] + 1, label="PERSON"), Span(doc, day, day + 2, label="EVENT")]
    assert not names_inside_entities(doc, {"osei"})  # a name alone is no name inside a longer entity


def test_a_surname_alone_is_the_namesake_whose_gender_its_honorific_mentions_share(annotate):
    text = ("Barack Obama spoke in Ohio. Mr. Obama thanked the crowd. Mr. Obama met the band. Michelle Obama waved. "
            "Michelle Obama smiled. President Obama said the next vote would decide the future.")
    assert by_text(annotate(text), "decide the future")["speaker"] == "Barack Obama"


@pytest.mark.parametrize("title", ["Pope", "Queen"])
def test_a_title_that_is_part_of_a_one_word_name_stays_in_the_name(annotate, title):
    r = annotate(f'{title} Beatrix visited the camp on Sunday. "Nobody is a stranger here," Beatrix said.')
    assert by_text(r, "stranger here")["speaker"] == f"{title} Beatrix"
    r = annotate('Governor Beatrix visited the camp on Sunday. "Nobody is a stranger here," Beatrix said.')
    assert by_text(r, "stranger here")["speaker"] == "Beatrix"


def test_one_known_by_a_first_name_alone_has_its_gender_unless_a_title_makes_it_a_surname(annotate):
    r = annotate('Nora Quist watched the rally with friends. Kevin was asleep on the sofa. "Here he is," she said.')
    assert by_text(r, "Here he is")["speaker"] == "Nora Quist"  # not Kevin, the latest person
    r = annotate('The crowd waited in the rain. Sen. Warren walked onto the stage. "We will win," she said.')
    assert by_text(r, "We will win")["speaker"] == "Warren"  # a surname: its first-name reading says nothing


def test_who_after_the_noun_in_apposition_to_a_name_is_that_person(annotate):
    r = annotate("The senators met on Monday. They heard Ann Lee, a tech staffer at the State Department who told "
                 "her team never to speak of the server.")
    quote = by_text(r, "never to speak")
    assert quote["speaker"] == "Ann Lee" and quote["speaker_mention"]["text"] == "who"


def test_he_is_the_person_of_the_latest_sentence_naming_one_its_subject_first(annotate):
    r = annotate('"It will be hard," said Stephen Vale of the University of Texas. Viewers then heard FBI Director '
                 "James Cole's statement on Tuesday. He called the handling of the files careless.")
    assert by_text(r, "handling of the files")["speaker"] == "James Cole"
    r = annotate("Viewers heard the news on Tuesday. Jim Reed mocked Tom Lyle for losing the vote. He called the "
                 "result a disgrace.")
    assert by_text(r, "result a disgrace")["speaker"] == "Jim Reed"


def test_a_name_the_parse_made_the_root_of_its_sentence_counts_as_its_subject():
    from spacy.tokens import Doc

    from annotator.rules.speakers.pronouns import is_subject
    words = ["Devin", "Nunes", ",", "chairman", ",", "did", "call", "."]
    doc = Doc(parse("x").vocab, words=words, heads=[1, 1, 1, 1, 1, 6, 1, 1],
              deps=["compound", "ROOT", "punct", "appos", "punct", "aux", "conj", "punct"],
              pos=["PROPN", "PROPN", "PUNCT", "NOUN", "PUNCT", "AUX", "VERB", "PUNCT"])
    assert is_subject(doc[1]) and not is_subject(doc[3]) and not is_subject(doc[0])


def test_a_definite_description_whose_noun_ends_a_named_persons_role_is_that_person(annotate):
    r = annotate("Top Republican Party donor Sheldon Adler met the candidate on Friday. While the mega donor did not "
                 "disclose his degree of backing for the front-runner, he praised the plan.")
    assert by_text(r, "degree of backing")["speaker"] == "Sheldon Adler"
    r = annotate("Campaign manager Jeff Wade met the donors on Friday. The campaign did not disclose its plans for "
                 "the fall.")
    assert by_text(r, "its plans")["speaker"] != "Jeff Wade"  # "campaign" does not end his role


def test_an_epithet_no_title_names_is_the_person_in_view_with_the_party_it_states(annotate):
    r = annotate("Tom Reed toured the plant in Ohio on Monday. "
                 "The Republican businessman said the jobs would come back by May.")
    quote = by_text(r, "jobs would come back")
    assert quote["speaker"] == "Tom Reed" and quote["speaker_rule"] == "speaker_epithet"
    assert speaker_facts(r)["Tom Reed"] == ("businessman", "Republican")
    r = annotate("Tom Reed, a Democrat, toured the plant in Ohio on Monday. "
                 "The Republican businessman said the jobs would come back by May.")
    assert by_text(r, "jobs would come back")["speaker"] != "Tom Reed"  # the party says another
    for epithet in ("The former secretary of state and current Republican nominee",
                    "On Tuesday the former governor of Ohio and current Republican presidential nominee"):
        r = annotate(f"Tom Reed toured the plant in Ohio on Monday. {epithet} said the jobs would come back.")
        assert by_text(r, "jobs would come back")["speaker"] == "Tom Reed"  # the article opens the phrase or list


def test_an_epithet_is_no_one_its_sentence_names_nor_an_anonymous_source_described_before(annotate):
    r = annotate("Tom Reed sent the figures to Anna Berg, as the businessman said the jobs would come back.")
    assert by_text(r, "jobs would come back")["speaker"] not in {"Tom Reed", "Anna Berg"}
    r = annotate("A woman stood by the gate. Tom Reed toured the plant on Monday. "
                 "The woman said the jobs would never come back.")
    assert by_text(r, "jobs would never come back")["speaker"] != "Tom Reed"
    r = annotate("Tom Reed toured the plant on Monday. "
                 "The businessman who owns the mill said the jobs would never come back.")
    assert by_text(r, "jobs would never come back")["speaker"] != "Tom Reed"


def test_an_epithet_subject_that_said_nothing_still_tells_its_person_role_and_party(annotate):
    r = annotate("Tom Reed toured the plant in Ohio on Monday. The Republican businessman has spent millions on ads "
                 "this year. Reed said the jobs would come back by May.")
    assert by_text(r, "jobs would come back")["speaker"] == "Tom Reed"
    assert speaker_facts(r)["Tom Reed"] == ("businessman", "Republican")
    mentions = {m["text"]: m["rule"] for s in r["speakers"] if s["name"] == "Tom Reed" for m in s["mentions"]}
    assert mentions["The Republican businessman"] == "speaker_epithet"  # the speakers table says why


def test_a_word_that_only_modifies_a_title_stands_for_no_holder_of_it(annotate):
    r = annotate("Secretary of State Ann Diaz spoke on Monday. The state said the roads were open.")
    assert by_text(r, "roads were open")["speaker"] != "Ann Diaz"
    r = annotate("Secretary of State Ann Diaz said the talks had failed. Kim's mental state has worried the envoys.")
    assert speaker_facts(r)["Ann Diaz"] == ("Secretary of State", None)
    assert all(m["text"] != "Kim's mental state" for s in r["speakers"] for m in s["mentions"])


def test_a_pronoun_bound_to_a_name_of_both_genders_tells_its_gender(annotate):
    r = annotate("Robin Levi said she would run again. On Monday Levi met Tom Reed at the mill. "
                 "He said the vote should wait.")
    assert by_text(r, "vote should wait")["speaker"] == "Tom Reed"  # Robin is a name of both; "she" says
    r = annotate("Robin Levi opened the hall. On Monday Levi met Tom Reed at the mill. He said the vote should wait.")
    assert by_text(r, "vote should wait")["speaker"] == "Robin Levi"  # nothing tells: the subject


def test_he_can_be_the_person_a_title_or_epithet_subject_stands_for(annotate):
    r = annotate("Tom Reed spoke at the fair in May. Carl Dunn, a Democrat, praised Reed on Monday. The Republican "
                 "businessman has filled his speeches with praise for Dunn. He said the mill would reopen.")
    assert by_text(r, "mill would reopen")["speaker"] == "Tom Reed"  # the businessman, not Dunn named last


def test_a_title_is_held_by_no_one_of_an_earlier_live_blog_story_nor_by_a_deputy(annotate):
    r = annotate("Gov. Ann Diaz opened the fair.\n\n___\n\nTom Reed spoke in Fort Wayne on Friday. "
                 "The governor said the mill would reopen.")
    assert by_text(r, "mill would reopen")["speaker"] != "Ann Diaz"
    r = annotate("Republican presidential nominee Tom Reed spoke on Monday. Carl Dunn spoke on Friday. "
                 "The vice presidential nominee said the mill would reopen.")
    assert by_text(r, "mill would reopen")["speaker"] != "Tom Reed"
