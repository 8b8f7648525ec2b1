"""Quotations: direct, indirect and mixed speech, their speakers, cues and channels."""

from __future__ import annotations

import pytest

from dyad.model import Analysis, Article, Quote, QuoteKind
from dyad.nlp.quotes import find_quoted_spans

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def analyzer():
    """Only the components quotes need, so these tests do not depend on the others."""
    from dyad.nlp.pipeline import Analyzer

    return Analyzer(components=["dyad_mentions", "dyad_actors", "dyad_quotes"])


@pytest.fixture(scope="module")
def run(analyzer):
    def analyze(text: str) -> Analysis:
        return analyzer.analyze(Article.from_text(text))

    return analyze


def only_quote(analysis: Analysis) -> Quote:
    assert len(analysis.quotes) == 1, [q.content for q in analysis.quotes]
    return analysis.quotes[0]


def content_text(quote: Quote) -> str:
    return " ".join(span.text for span in quote.content)


# ---------------------------------------------------------------- quotation marks (no parse needed)


def test_curly_marks_pair_into_one_span():
    text = "She said “the vote is on Monday” and left."
    [span] = find_quoted_spans(text)
    assert text[span.start : span.end] == "“the vote is on Monday”"


def test_straight_marks_pair_in_order():
    text = 'He said "yes" and then "no".'
    assert [text[q.start : q.end] for q in find_quoted_spans(text)] == ['"yes"', '"no"']


def test_unclosed_quotation_ends_with_its_paragraph():
    text = "He said “this never closes.\n\nThe next paragraph is narration."
    [span] = find_quoted_spans(text)
    assert text[span.start : span.end] == "“this never closes."


def test_stray_closing_marks_do_not_crash_or_open_quotes():
    text = "Odd ” marks ” everywhere ” here.\n\n“"
    spans = find_quoted_spans(text)
    assert all(text[q.start] == "“" for q in spans)


def test_paragraph_reopening_a_quote_continues_it():
    text = "She said: “The first part runs on.\n\n“The second part closes it.”\n\nNarration."
    [span] = find_quoted_spans(text)
    assert [text[s:e] for s, e in span.segments] == ["“The first part runs on.", "“The second part closes it.”"]


def test_closing_mark_typed_as_opening_still_closes():
    text = "“Prices rose again.“ Narration follows."
    [span] = find_quoted_spans(text)
    assert text[span.start : span.end] == "“Prices rose again.“"


def test_two_apostrophes_count_as_a_double_mark():
    text = "''We won,'' the coach said."
    [span] = find_quoted_spans(text)
    assert text[span.start : span.end] == "''We won,''"


# ---------------------------------------------------------------- direct quotes


def test_direct_quote_with_cue_after(run):
    quote = only_quote(run("“The bridge will reopen next week,” the mayor said."))
    assert quote.kind is QuoteKind.DIRECT
    assert content_text(quote) == "“The bridge will reopen next week,”"
    assert (quote.speaker.text, quote.cue.text) == ("the mayor", "said")


def test_straight_quote_marks(run):
    quote = only_quote(run('"We are not leaving the table," the union leader said.'))
    assert content_text(quote) == '"We are not leaving the table,"'
    assert quote.speaker.text == "the union leader"


def test_inverted_attribution(run):
    quote = only_quote(run("“The talks were useful and frank,” said Lavrov."))
    assert quote.speaker.text == "Lavrov"


def test_colon_introduces_quote(run):
    quote = only_quote(run("The minister said: “Nothing has been decided about the budget yet.”"))
    assert content_text(quote) == "“Nothing has been decided about the budget yet.”"
    assert quote.speaker.text == "The minister"


def test_colon_at_paragraph_end_introduces_next_paragraph(run):
    analysis = run("The council wrote:\n\n“Every school will stay open through the winter months.”")
    quote = only_quote(analysis)
    assert content_text(quote) == "“Every school will stay open through the winter months.”"
    assert quote.speaker.text == "The council"


def test_quote_signed_after_a_dash(run):
    quote = only_quote(run("“We need more nurses on every single shift.” — Maria Lopez"))
    assert quote.speaker.text == "Maria Lopez"
    assert quote.cue.text == "—"


def test_dash_before_the_cue(run):
    quote = only_quote(run("“The deal is dead and everyone knows it” — a senior diplomat told Reuters."))
    assert quote.speaker.text == "a senior diplomat"
    assert quote.channel.text == "Reuters"


def test_quote_split_by_its_attribution_is_one_statement(run):
    quote = only_quote(run("“We lost,” she said. “But we will be back next year.”"))
    assert [span.text for span in quote.content] == ["“We lost,”", "“But we will be back next year.”"]


def test_multi_paragraph_quote_is_one_statement(run):
    text = "The coach said: “We trained hard all summer.\n\n“Now the results are finally showing.”"
    quote = only_quote(run(text))
    assert [span.text for span in quote.content] == [
        "“We trained hard all summer.",
        "“Now the results are finally showing.”",
    ]


def test_unbalanced_marks_still_give_quotes(run):
    analysis = run("“The hospital is full, the director said.\n\nAmbulances were turned away ” overnight.")
    assert isinstance(analysis.quotes, list)


def test_floating_quote_inherits_the_previous_speaker(run):
    text = "“We will appeal,” the lawyer said.\n\n“This ruling ignores the evidence presented at trial.”"
    first, floating = run(text).quotes
    assert floating.content[0].text == "“This ruling ignores the evidence presented at trial.”"
    assert floating.speaker == first.speaker
    assert floating.cue is None


def test_verb_inside_a_quote_is_not_a_second_attribution(run):
    quote = only_quote(run("“I think the talks have failed completely,” the envoy said."))
    assert quote.speaker.text == "the envoy"


def test_speaker_label_paragraph(run):
    quote = only_quote(run("Pence: No deal on taxes this year."))
    assert (quote.speaker.text, content_text(quote)) == ("Pence", "No deal on taxes this year")


def test_newspaper_furniture_is_not_a_speaker_label(run):
    analysis = run("Correction: An earlier version of this story gave the wrong date.\n\nContributing: Ann Lee")
    assert analysis.quotes == []


def test_a_label_over_names_or_figures_is_not_a_speaker_label(run):
    analysis = run("Iowa: Tim Albrecht, Brad Anderson, Rob Barron\n\nClinton: 1,769\n\nSanders: 1,501")
    assert analysis.quotes == []


# ---------------------------------------------------------------- indirect and mixed speech


def test_indirect_speech_with_that(run):
    quote = only_quote(run("Officials said that the border would reopen on Monday."))
    assert quote.kind is QuoteKind.INDIRECT
    assert content_text(quote) == "that the border would reopen on Monday"
    assert quote.speaker.text == "Officials"


def test_indirect_speech_with_an_unusual_cue(run):
    quote = only_quote(run("The governor warned the deal could collapse within days."))
    assert (quote.cue.text, content_text(quote)) == ("warned", "the deal could collapse within days")


def test_mixed_quote_keeps_the_whole_clause_and_marks_the_fragment(run):
    quote = only_quote(run("The senator said the plan was “dead on arrival” in the chamber."))
    assert quote.kind is QuoteKind.MIXED
    assert content_text(quote) == "the plan was “dead on arrival” in the chamber"
    assert [span.text for span in quote.quoted_parts] == ["“dead on arrival”"]


def test_parenthetical_cue(run):
    quote = only_quote(run("The new tax, the minister said, will fund the hospitals."))
    assert quote.speaker.text == "the minister"
    assert "will fund the hospitals" in content_text(quote)


def test_according_to(run):
    quote = only_quote(run("According to two officials, the meeting was cancelled."))
    assert (quote.speaker.text, quote.cue.text) == ("two officials", "According to")
    assert content_text(quote) == "the meeting was cancelled"


def test_passive_agent_is_the_speaker(run):
    quote = only_quote(run("The company was told by regulators that it must repay its customers."))
    assert quote.speaker.text == "regulators"


def test_belief_is_reported_content(run):
    quote = only_quote(run("The general believes the ceasefire will hold."))
    assert (quote.cue.text, content_text(quote)) == ("believes", "the ceasefire will hold")


def test_intention_is_reported_content(run):
    quote = only_quote(run("The minister plans to resign next month."))
    assert content_text(quote) == "to resign next month"


def test_judgement_reports_its_object(run):
    quote = only_quote(run("The mayor called the ruling a victory for the city."))
    assert content_text(quote) == "the ruling a victory for the city"


def test_impression_without_a_source(run):
    quote = only_quote(run("The new policy seems to work."))
    assert quote.speaker is None
    assert quote.cue.text == "seems"


# ---------------------------------------------------------------- speakers and channels


def test_anonymous_source_is_a_speaker(run):
    quote = only_quote(run("“The strikes will continue next week,” one American official said."))
    assert quote.speaker.text == "one American official"


def test_pronoun_speaker_is_the_pronoun_linked_to_the_person(run):
    analysis = run("Sergey Lavrov arrived in Geneva. He said that the talks were useful.")
    quote = only_quote(analysis)
    assert quote.speaker.text == "He"
    actor = analysis.actor(quote.speaker_actor_id)
    assert actor is not None and "Lavrov" in actor.name


def test_relative_pronoun_speaker_is_the_pronoun_linked_to_the_noun_it_stands_for(run):
    analysis = run("The report was praised by Clinton, who said that it was thorough.")
    quote = next(q for q in analysis.quotes if q.cue.text == "said")
    assert quote.speaker.text == "who"
    actor = analysis.actor(quote.speaker_actor_id)
    assert actor is not None and actor.name == "Clinton"


def test_relative_pronoun_speaker_of_an_inherited_cue(run):
    analysis = run("The plan was backed by Sergey Lavrov, who went on to say that it would work.")
    quote = next(q for q in analysis.quotes if "work" in content_text(q))
    assert quote.speaker.text == "who"
    actor = analysis.actor(quote.speaker_actor_id)
    assert actor is not None and "Lavrov" in actor.name


def test_relative_pronoun_of_an_organisation(run):
    analysis = run("The report was praised by the European Commission, which said that it was thorough.")
    quote = next(q for q in analysis.quotes if q.cue.text == "said")
    assert quote.speaker.text == "which"
    assert analysis.actor(quote.speaker_actor_id) is not None


def test_relative_pronoun_without_an_actor_keeps_the_noun_as_speaker(run):
    # nothing would name "who" for a reader: the noun it stands for stays the speaker
    quote = only_quote(run("She won the support of many farmers, who said the drought had hurt them."))
    assert quote.speaker.text == "many farmers"
    assert quote.speaker_actor_id is None


def test_channel_is_kept_apart_from_the_speaker(run):
    quote = only_quote(run("The senator told the newspaper that the bill would pass."))
    assert (quote.speaker.text, quote.channel.text) == ("The senator", "the newspaper")


def test_channel_from_an_interview(run):
    quote = only_quote(run("In an interview with CNN, the senator said the bill would pass."))
    assert quote.channel.text == "CNN"
    assert quote.speaker.text == "the senator"


def test_medium_as_speaker(run):
    quote = only_quote(run("The ceasefire is already collapsing, writes The Economist."))
    assert quote.speaker.text == "The Economist"


def test_speaker_is_linked_to_its_actor(run):
    analysis = run("Sergey Lavrov met reporters in Moscow. “The talks were useful,” Lavrov said.")
    quote = only_quote(analysis)
    actor = analysis.actor(quote.speaker_actor_id)
    assert actor is not None and "Lavrov" in actor.name


def test_offsets_point_into_the_text(run):
    analysis = run("“We won,” she said. Officials said that the border would reopen.")
    for quote in analysis.quotes:
        for span in [*quote.content, quote.cue, quote.speaker]:
            assert analysis.article.text[span.start : span.end] == span.text


def test_noun_of_saying_reports_its_that_clause(run):
    analysis = run("The police's claim that the driver fled was later withdrawn.")
    quote = next(q for q in analysis.quotes if q.cue.text == "claim")
    assert content_text(quote) == "that the driver fled"
    assert quote.speaker.text == "The police"


def test_reported_object_stops_before_a_description_of_its_noun(run):
    quote = only_quote(run("The senator likened the agency to the BBC, which also receives public money."))
    assert content_text(quote) == "the agency to the BBC"


def test_speaker_role_comes_from_the_actor(run):
    analysis = run("Foreign Minister Sergey Lavrov spoke in Moscow. “The talks were useful,” Lavrov said.")
    quote = only_quote(analysis)
    assert quote.speaker_role is not None and "minister" in quote.speaker_role.lower()


def test_speaker_is_never_a_word_inside_the_quotation(run):
    quote = only_quote(run("“The campaign is in trouble. Full panic mode,” said Leslie Wimes, a party official."))
    assert quote.speaker.text == "Leslie Wimes"


def test_participle_after_a_preposition_takes_the_speaker_of_its_verb(run):
    analysis = run("The mayor praised the firefighters before insisting that the budget would not grow.")
    quote = next(q for q in analysis.quotes if q.cue.text == "insisting")
    assert quote.speaker.text == "The mayor"
    assert content_text(quote) == "that the budget would not grow"


def test_infinitive_cue_after_an_adjective_takes_the_copulas_subject(run):
    analysis = run("The organisers were quick to point out that nobody had been hurt.")
    quote = next(q for q in analysis.quotes if q.cue_lemma == "point out")
    assert quote.speaker.text == "The organisers"


def test_inverted_speaker_parsed_as_an_object_is_still_the_speaker(run):
    quote = only_quote(run("“We will rebuild the bridge before winter,” added another city engineer."))
    assert quote.speaker.text == "another city engineer"


def test_speaker_between_the_quotation_and_a_distant_cue(run):
    analysis = run(
        "“We were wrong about the budget from the start,” Ms. Laine, now retired and living in Ohio, said by telephone."
    )
    quote = next(q for q in analysis.quotes if q.kind is QuoteKind.DIRECT)
    assert quote.speaker.text == "Ms. Laine"


def test_clause_hung_on_the_statement_belongs_to_the_speech_verb(run):
    analysis = run("The company said in a statement that the factory would close in March.")
    quote = next(q for q in analysis.quotes if "factory" in content_text(q))
    assert (quote.cue.text, quote.speaker.text) == ("said", "The company")


def test_noun_of_saying_as_an_object_takes_the_verbs_subject(run):
    analysis = run("Local farmers raised concerns that the river was polluted.")
    quote = next(q for q in analysis.quotes if q.cue_lemma == "concern")
    assert quote.speaker.text == "Local farmers"


@pytest.mark.parametrize(
    "text",
    [
        "“I think it can work,” said Ann Moore, the editor of a trade weekly, who has not read the book but"
        " knows its plot. “She is still a woman up against men in suits.”",
        "“The surge is over,” said Tom Reyes, a pollster who worked on the campaign, referring to the 2008"
        " race. “Turnout alone will not be enough in November.”",
    ],
)
def test_split_quote_joins_over_a_described_speaker(run, text):
    quote = next(q for q in run(text).quotes if q.kind is QuoteKind.DIRECT)
    assert len(quote.content) == 2, [c.text for c in quote.content]


def test_reported_clause_stops_before_a_coordinated_report(run):
    analysis = run("Most voters said the economy was weak and nearly half said the senator would do better.")
    first = analysis.quotes[0]
    assert content_text(first).startswith("the economy was weak")
    assert "half" not in content_text(first)
    assert any(content_text(q) == "the senator would do better" for q in analysis.quotes)


def test_reported_clause_stops_before_a_description_of_its_last_noun(run):
    quote = only_quote(run("The mayor said the money would go to the city library, which first opened in 1990."))
    assert content_text(quote) == "the money would go to the city library"


def test_report_within_a_reported_clause_is_not_a_second_attribution(run):
    quote = only_quote(run("The aide said the governor thinks the deal is dead."))
    assert (quote.cue.text, content_text(quote)) == ("said", "the governor thinks the deal is dead")


def test_a_say_the_outer_clause_runs_into_is_still_its_own_report(run):
    analysis = run("Most farmers said prices were too low, while nine in ten said the subsidy should rise.")
    assert any(q.cue.text == "said" and content_text(q) == "the subsidy should rise" for q in analysis.quotes)


@pytest.mark.parametrize("verb", ["hopes", "hoped", "is hoping"])
def test_hope_is_a_cue_though_the_model_lemmatizes_it_as_hop(run, verb):
    quote = only_quote(run(f"The mayor {verb} the new bridge will ease traffic downtown."))
    assert (quote.cue_lemma, content_text(quote)) == ("hope", "the new bridge will ease traffic downtown")


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        ("The governor talked about the flooding in the valley.", "talked", "the flooding in the valley"),
        ("The coach defended the decision to bench his captain.", "defended", "the decision to bench his captain"),
        ("Several senators questioned the cost of the program.", "questioned", "the cost of the program"),
    ],
)
def test_verbs_of_discussing_defending_and_questioning_report_their_object(run, text, cue, content):
    quote = only_quote(run(text))
    assert (quote.cue.text, content_text(quote)) == (cue, content)


@pytest.mark.parametrize(
    ("text", "cue", "speaker", "content"),
    [
        (
            "Some farmers are worried that the new dam will dry up the river.",
            "are worried",
            "Some farmers",
            "that the new dam will dry up the river",
        ),
        (
            "The mayor made it clear that the library would stay open.",
            "made it clear",
            "The mayor",
            "that the library would stay open",
        ),
    ],
)
def test_adjective_of_attitude_reports_its_clause(run, text, cue, speaker, content):
    quote = only_quote(run(text))
    assert (quote.cue.text, quote.speaker.text, content_text(quote)) == (cue, speaker, content)


def test_adjective_of_attitude_without_a_clause_is_no_report(run):
    assert run("The volunteers were worried about the weather on Sunday.").quotes == []


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("The union told its members to stay home on Monday.", "told"),
        ("The governor asked residents to stay home on Monday.", "asked"),
    ],
)
def test_verb_of_saying_reports_its_to_infinitive_as_a_request(run, text, cue):
    quote = only_quote(run(text))
    assert (quote.cue.text, content_text(quote)) == (cue, "to stay home on Monday")


def test_call_for_with_an_infinitive_clause_reports_the_clause(run):
    quote = only_quote(run("The senator has called for the agency to release the records."))
    assert (quote.cue.text, content_text(quote)) == ("called", "the agency to release the records")


def test_reported_clause_carries_on_into_a_coordinated_quotation(run):
    quote = only_quote(run("The mayor said the bridge would open in May, but “the tunnel will take longer.”"))
    assert content_text(quote) == "the bridge would open in May, but “the tunnel will take longer.”"


def test_seeing_an_object_as_something_reports_the_judgement(run):
    quote = only_quote(run("Many farmers see the new tariff as a threat to their livelihood."))
    assert (quote.cue.text, quote.speaker.text, content_text(quote)) == (
        "see",
        "Many farmers",
        "the new tariff as a threat to their livelihood",
    )


def test_seeing_an_object_without_as_reports_nothing(run):
    assert run("Many farmers saw the new tractor at the fair.").quotes == []


def test_short_quotation_after_a_question_paragraph_is_still_continued(run):
    # the parser runs the question into the next paragraph and hangs it on "said"
    quote = only_quote(run('Did the mayor like the plan?\n\n"Not really," she said. "It costs far too much money."'))
    assert [span.text for span in quote.content] == ['"Not really,"', '"It costs far too much money."']


@pytest.mark.parametrize(
    ("text", "speaker", "cue", "content"),
    [
        (
            "The army will hold the line until spring, stated Defence Minister Olga Varga on Monday.",
            "Defence Minister Olga Varga",
            "stated",
            "The army will hold the line until spring",
        ),
        (
            "Officials in Tirana are talking to Greek diplomats about the border, writes the newspaper Kathimerini.",
            "the newspaper",
            "writes",
            "Officials in Tirana are talking to Greek diplomats about the border",
        ),
    ],
)
def test_an_inverted_cue_the_parser_coordinated_with_its_report(run, text, speaker, cue, content):
    quote = only_quote(run(text))
    assert (quote.speaker.text, quote.cue.text, [c.text for c in quote.content]) == (speaker, cue, [content])


def test_a_second_verb_with_a_named_object_is_no_inverted_report(run):
    analysis = run("The senator slams the governor, praises the mayor as a work horse.")
    assert not [q for q in analysis.quotes if q.speaker is not None and q.speaker.text in ("the mayor", "mayor")]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ('Prime Minister Sara Lind called it "a historic day for the island."', 'it "a historic day for the island."'),
        ("Lind called it “a historic day,” and left.", "it “a historic day,”"),
    ],
)
def test_a_quotation_called_by_its_name_stays_with_its_object(run, text, content):
    quote = only_quote(run(text))
    assert (quote.cue.text, [c.text for c in quote.content]) == ("called", [content])
    assert quote.kind == QuoteKind.MIXED


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        ("The auditors knew that the accounts were wrong.", "knew", "that the accounts were wrong"),
        ("Many tenants feel that the rent rises are unfair.", "feel", "that the rent rises are unfair"),
        (
            "The reviewer questioned whether the survey was large enough.",
            "questioned",
            "whether the survey was large enough",
        ),
        ("The council intends to close the old bridge next spring.", "intends", "to close the old bridge next spring"),
    ],
)
def test_verbs_of_knowing_feeling_questioning_and_intending_report_their_clause(run, text, cue, content):
    quote = only_quote(run(text))
    assert (quote.cue.text, content_text(quote)) == (cue, content)


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        ("Most nurses support the new shift rota.", "support", "the new shift rota"),
        ("Younger voters preferred the challenger by a wide margin.", "preferred", "the challenger by a wide margin"),
        ("Rural voters favor the incumbent senator.", "favor", "the incumbent senator"),
        ("The latest polls show a close race in the north.", "show", "a close race in the north"),
        ("The campaign claimed victory in the northern counties.", "claimed", "victory in the northern counties"),
        ("The minister explained the new tax rules.", "explained", "the new tax rules"),
        ("The committee deemed the proposal too costly.", "deemed", "the proposal too costly"),
        ("The report lists three reasons for the delay.", "lists", "three reasons for the delay"),
        ("The candidate ignored the question about taxes.", "ignored", "the question about taxes"),
        ("The magazine named the mayor its person of the year.", "named", "the mayor its person of the year"),
        ("The senator addressed the rising cost of housing.", "addressed", "the rising cost of housing"),
    ],
)
def test_verbs_of_supporting_showing_and_naming_report_their_object(run, text, cue, content):
    quote = only_quote(run(text))
    assert (quote.cue.text, content_text(quote)) == (cue, content)


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "The agency reported that the results were confirmed by a second lab.",
            "that the results were confirmed by a second lab",
        ),
        ("The minister said the treaty was signed by both sides.", "the treaty was signed by both sides"),
    ],
)
def test_a_passive_cue_in_a_reported_clause_is_part_of_the_report(run, text, content):
    assert content_text(only_quote(run(text))) == content


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "Officials confirmed that the files were stored on a laptop the director used while running the "
            "agency, raising questions about its security.",
            "that the files were stored on a laptop the director used while running the agency",
        ),
        (
            "The board acknowledged that the money was moved to an account the treasurer opened after leaving "
            "the bank, prompting an inquiry.",
            "that the money was moved to an account the treasurer opened after leaving the bank",
        ),
    ],
)
def test_reported_clause_stops_before_a_participle_comment_however_deep_the_parser_hung_it(run, text, content):
    assert content_text(only_quote(run(text))) == content


@pytest.mark.parametrize(
    ("text", "cue", "speaker", "content"),
    [
        ("The merger was first reported by a local newspaper.", "reported", "a local newspaper", "The merger"),
        ("The attack was condemned by the foreign minister.", "condemned", "the foreign minister", "The attack"),
    ],
)
def test_passive_cue_reports_its_subject_and_its_agent_speaks(run, text, cue, speaker, content):
    quote = only_quote(run(text))
    assert (quote.cue.text, quote.speaker.text, content_text(quote)) == (cue, speaker, content)


def test_passive_verb_of_doing_reports_nothing(run):
    assert run("The road was closed by the police.").quotes == []


@pytest.mark.parametrize(
    ("text", "cue", "speaker", "content"),
    [
        ("The senator made no mention of the tax plan.", "made no mention of", "The senator", "the tax plan"),
        ("The coach took issue with the referee's decision.", "took issue with", "The coach", "the referee's decision"),
        ("Her attack on the governor drew applause.", "attack on", "Her", "the governor"),
    ],
)
def test_noun_of_saying_reports_the_object_of_its_preposition(run, text, cue, speaker, content):
    quote = only_quote(run(text))
    assert (quote.cue.text, quote.speaker.text, content_text(quote)) == (cue, speaker, content)


def test_noun_of_saying_with_no_owner_or_speaking_subject_reports_nothing(run):
    assert run("A brief mention of the deal appeared in the final report.").quotes == []


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        ("Several governors have been critical of the new rules.", "Several governors", "the new rules"),
        ("The farmers are proud of the harvest.", "The farmers", "the harvest"),
    ],
)
def test_adjective_of_judgement_reports_the_object_of_its_preposition(run, text, speaker, content):
    quote = only_quote(run(text))
    assert (quote.speaker.text, content_text(quote)) == (speaker, content)


def test_adjective_of_judgement_as_a_plain_modifier_reports_nothing(run):
    assert run("The critical part of the plan is funding.").quotes == []


def test_a_participle_naming_someone_is_no_report(run):
    assert run("A man named John Smith was arrested on Friday.").quotes == []


def test_what_someone_calls_something_reports_the_question_word_and_the_name(run):
    quote = only_quote(run("The school is what former students have called a fraudulent scheme."))
    assert (quote.speaker.text, [span.text for span in quote.content]) == (
        "former students",
        ["what", "a fraudulent scheme"],
    )


def test_judging_what_someone_calls_something_is_one_report(run):
    quote = only_quote(run("The minister condemned what she called a reckless attack on the border."))
    assert (quote.cue.text, content_text(quote)) == ("condemned", "what she called a reckless attack on the border")


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("A reporter asked him if the primary had been rigged.", "if the primary had been rigged"),
        ("The governor was asked about the strike at the port.", "the strike at the port"),
    ],
)
def test_verb_of_asking_reports_its_question(run, text, content):
    assert content_text(only_quote(run(text))) == content


def test_quotation_after_a_second_verb_of_saying_is_that_verbs(run):
    text = '"Apparently someone here is unhappy," Jones said as a man yelled: "You are a fraud!"'
    quotes = run(text).quotes
    assert [(q.speaker.text, content_text(q)) for q in quotes] == [
        ("Jones", '"Apparently someone here is unhappy,"'),
        ("a man", '"You are a fraud!"'),
    ]


def test_reported_clause_does_not_run_into_the_next_paragraph(run):
    text = (
        "The coach also said that the league has done an “awful” job of scheduling the “season.”\n\n"
        "“The league has done an awful job this season,” the coach said."
    )
    assert [content_text(q) for q in run(text).quotes] == [
        "that the league has done an “awful” job of scheduling the “season.”",
        "“The league has done an awful job this season,”",
    ]


def test_reported_clause_stops_before_a_contrasted_report(run):
    text = (
        "The mayor suggested that anyone who skips the debate cannot lead the city, "
        "while the governor said that the stakes are too high for such games."
    )
    assert [content_text(q) for q in run(text).quotes] == [
        "that anyone who skips the debate cannot lead the city",
        "that the stakes are too high for such games",
    ]


def test_noun_of_saying_after_a_verb_that_is_no_light_verb_reports_nothing(run):
    assert run("The lawyer spent years prosecuting cases for the city.").quotes == []


def test_participle_cue_hung_on_a_reported_clause_takes_the_reporters_speaker(run):
    text = "The coach said the team had played well in the second half, adding that the referee missed a foul."
    assert [q.speaker.text for q in run(text).quotes] == ["The coach", "The coach"]


def test_coordinated_cue_hung_on_a_reported_clause_takes_the_reporters_speaker(run):
    text = (
        "The premier said on Monday that she will try to form a new coalition and insisted that her party "
        "was still the largest."
    )
    assert [q.speaker.text for q in run(text).quotes] == ["The premier", "The premier"]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("The governor backed the mayor in the last primary.", "the mayor in the last primary"),
        ("The host called the senator a clown on his radio show.", "the senator a clown"),
        ("The coach criticized the referees on Friday.", "the referees"),
        ("The minister praised the nurses in a statement.", "the nurses"),
    ],
)
def test_reported_object_keeps_its_phrases_but_not_the_time_or_medium(run, text, content):
    assert content_text(only_quote(run(text))) == content


def test_a_quotation_inside_a_report_within_a_report_goes_to_the_outer_one(run):
    # "support" reports its object too, but inside what "stated" reports: the quotation is the minister's.
    quote = only_quote(
        run(
            'Serbia will support Hungary in "its bitter fight" against the floods until victory, '
            "stated Foreign Minister Anna Kiss on Friday."
        )
    )
    assert (quote.speaker.text, quote.kind) == ("Foreign Minister Anna Kiss", QuoteKind.MIXED)
    assert [p.text for p in quote.quoted_parts] == ['"its bitter fight"']
