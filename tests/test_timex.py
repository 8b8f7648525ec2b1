"""Time expressions: what is found, and the TIMEX3 value it gets relative to the publication date.

Each test is one hard case from issue 5, with a sentence written for it.
"""

from __future__ import annotations

from datetime import date

import pytest

from dyad.nlp.timex import TimexGrammar, month_year, weekday_date

# A Wednesday.
PUBLISHED = "2024-11-06T09:00:00+00:00"


def times(analyze, text: str, published: str | None = PUBLISHED) -> list[tuple[str, str, str]]:
    """(text, type, value) of every time expression found."""
    return [(t.span.text, t.type, t.value) for t in analyze(text, published=published).times]


def only(analyze, text: str, published: str | None = PUBLISHED):
    found = analyze(text, published=published).times
    assert len(found) == 1, [t.span.text for t in found]
    return found[0]


# --- weekdays and tense


def test_weekday_in_past_tense_is_the_latest_on_or_before_publication(analyze):
    assert only(analyze, "The ministers met on Friday in Moscow.").value == "2024-11-01"


def test_weekday_in_future_tense_is_the_next_one(analyze):
    assert only(analyze, "The ministers will meet on Friday in Moscow.").value == "2024-11-08"


def test_weekday_named_on_that_same_day_in_past_tense_is_that_day(analyze):
    assert only(analyze, "The minister spoke on Wednesday.").value == "2024-11-06"


def test_last_weekday_is_strictly_before_publication():
    assert weekday_date(date(2024, 11, 6), 3, "last", None) == date(2024, 10, 30)


# --- last / next / this


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("last week", "2024-W44"),
        ("this week", "2024-W45"),
        ("next week", "2024-W46"),
        ("last month", "2024-10"),
        ("this month", "2024-11"),
        ("next month", "2024-12"),
        ("last year", "2023"),
        ("this year", "2024"),
        ("next year", "2025"),
    ],
)
def test_last_this_next_unit_is_relative_to_publication(analyze, phrase, value):
    t = only(analyze, f"Exports grew {phrase}.")
    assert (t.span.text, t.value, t.anchor) == (phrase, value, "publication")


def test_earlier_this_month_is_the_month_with_mod_start(analyze):
    t = only(analyze, "Prices rose earlier this month.")
    assert (t.value, t.mod) == ("2024-11", "START")


def test_the_end_of_a_month_is_that_month_with_mod_end(analyze):
    t = only(analyze, "Troops arrived at the end of October.")
    assert (t.span.text, t.value, t.mod) == ("the end of October", "2024-10", "END")


def test_mid_year_is_the_year_with_mod_mid(analyze):
    t = only(analyze, "The plant opened in mid-2023.")
    assert (t.span.text, t.value, t.mod) == ("mid-2023", "2023", "MID")


# --- quarters and fiscal years


def test_a_quarter_named_without_year_is_this_years(analyze):
    t = only(analyze, "Profit rose in the third quarter.")
    assert (t.value, t.granularity) == ("2024-Q3", "quarter")


def test_a_fourth_quarter_named_early_in_the_year_is_last_years(analyze):
    assert only(analyze, "Profit fell in the fourth quarter.", published="2025-02-10T00:00:00+00:00").value == "2024-Q4"


def test_a_year_earlier_after_a_quarter_is_that_quarter_a_year_before(analyze):
    found = times(analyze, "Net income rose in the third quarter. A year earlier, the company lost money.")
    assert found[1] == ("A year earlier", "DATE", "2023-Q3")


def test_fiscal_year_is_its_year(analyze):
    t = only(analyze, "The budget for fiscal 2023 was cut.")
    assert (t.span.text, t.value) == ("fiscal 2023", "2023")


# --- ago, decades, durations


def test_two_years_ago_is_a_year(analyze):
    t = only(analyze, "The treaty was signed two years ago.")
    assert (t.type, t.value) == ("DATE", "2022")


def test_a_decade_is_written_with_three_digits(analyze):
    t = only(analyze, "The company grew fast in the 1990s.")
    assert (t.value, t.granularity) == ("199", "decade")


def test_for_two_years_is_a_duration_not_a_date(analyze):
    t = only(analyze, "The talks lasted for two years.")
    assert (t.type, t.value) == ("DURATION", "P2Y")


def test_an_age_is_not_a_duration(analyze):
    assert times(analyze, "A 6-year-old boy was rescued.") == []


def test_vague_durations_keep_an_x(analyze):
    t = only(analyze, "The dispute went on for several months.")
    assert (t.type, t.value) == ("DURATION", "PXM")


# --- years across the boundary, and narrative anchoring


def test_december_named_in_early_january_in_past_tense_is_last_year(analyze):
    t = only(analyze, "Officials met on December 30 to discuss the plan.", published="2025-01-02T00:00:00+00:00")
    assert t.value == "2024-12-30"


def test_a_month_named_in_future_tense_after_it_has_passed_is_next_year(analyze):
    t = only(analyze, "The talks will resume in March.", published="2024-11-06T00:00:00+00:00")
    assert t.value == "2025-03"


def test_month_year_compares_months_not_days():
    assert month_year(date(2024, 11, 20), 11, "future") == 2024


def test_the_next_day_follows_the_last_date_mentioned(analyze):
    found = analyze("Fighting began on March 3, 2021. The next day, troops crossed the border.").times
    assert (found[1].value, found[1].anchor) == ("2021-03-04", "previous")


# --- without a publication date


def test_without_publication_date_a_weekday_stays_unanchored(analyze):
    t = only(analyze, "The ministers met on Friday.", published=None)
    assert (t.value, t.anchor) == ("XXXX-WXX-5", "none")


def test_without_publication_date_last_year_is_a_past_reference(analyze):
    t = only(analyze, "Exports fell last year.", published=None)
    assert (t.value, t.anchor) == ("PAST_REF", "none")


def test_without_publication_date_a_month_day_keeps_x_for_the_year(analyze):
    assert only(analyze, "Talks began on October 29.", published=None).value == "XXXX-10-29"


def test_without_publication_date_an_explicit_date_is_still_absolute(analyze):
    t = only(analyze, "Talks began on October 29, 2024.", published=None)
    assert (t.value, t.anchor) == ("2024-10-29", "absolute")


# --- words that look like time but are not


def test_may_as_a_modal_verb_is_not_a_month(analyze):
    assert times(analyze, "The envoy may travel to Kyiv.") == []


def test_an_abbreviation_without_its_stop_is_a_name_not_a_month():
    assert TimexGrammar().find("Foreign Minister Jan Kavan spoke.") == []


def test_as_soon_as_is_not_a_future_reference():
    assert TimexGrammar().find("They will leave as soon as possible.") == []


# --- times of day and references


def test_clock_time_is_dated_to_the_day_it_names(analyze):
    t = only(analyze, "The vote closed at 5 p.m. Tuesday.")
    assert (t.type, t.value) == ("TIME", "2024-11-05T17:00")


def test_now_is_the_present_reference(analyze):
    t = only(analyze, "The alliance now has 32 members.")
    assert (t.value, t.type) == ("PRESENT_REF", "DATE")


def test_daily_is_a_set(analyze):
    t = only(analyze, "The ministry publishes figures daily.")
    assert (t.type, t.value) == ("SET", "P1D")


def test_spans_leave_prepositions_out(analyze):
    assert only(analyze, "The ministers met on Friday.").span.text == "Friday"


def test_a_date_just_ahead_in_a_past_tense_sentence_is_a_schedule_this_year(analyze):
    t = only(analyze, "The board approved a dividend payable Dec. 7.")
    assert t.value == "2024-12-07"


def test_a_fractional_duration_is_written_in_whole_smaller_units():
    from dyad.nlp.timex import TimexNormalizer

    grammar, normalizer = TimexGrammar(), TimexNormalizer()
    (match,) = grammar.find("The siege lasted a year and a half.")
    assert normalizer.normalize(match, None).value == "P1Y6M"


# --- tense beyond the verb's own form


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        # A modal points ahead; a modal perfect looks back.
        ("The envoy may arrive on Friday.", "2024-11-08"),
        ("The envoy may have arrived on Friday.", "2024-11-01"),
        # The simple present of an action is a timetable; of a state it is not.
        ("The two leaders meet in Geneva on Friday.", "2024-11-08"),
        # A reduced relative clause is a done deed.
        ("The ruling, announced Monday, angered the unions.", "2024-11-04"),
        # A past perfect over an infinitive keeps the infinitive in the past.
        ("The offer had been due to expire Monday.", "2024-11-04"),
        # An untensed clause takes the tense of the clause it hangs on.
        ("Two ferries will sail at dawn, with a third leaving Thursday.", "2024-11-07"),
        # A commitment in the past tense points past itself.
        ("The two firms agreed to sign the deal on Friday.", "2024-11-08"),
        # "since" names a day already past.
        ("No convoy has been allowed to cross since Thursday.", "2024-10-31"),
        # A deadline pushed back lies ahead.
        ("The court postponed the hearing until Monday.", "2024-11-11"),
    ],
)
def test_the_direction_of_a_weekday_follows_the_clause(analyze, sentence, value):
    assert only(analyze, sentence).value == value


def test_a_weekday_in_future_tense_named_on_that_day_is_today(analyze):
    assert only(analyze, "The minister will fly to Oslo on Wednesday.").value == "2024-11-06"


def test_a_month_in_a_to_clause_under_a_past_tense_is_past(analyze):
    t = only(analyze, "The activists were arrested on their way to join the April march.", "2024-11-06T09:00:00+00:00")
    assert t.value == "2024-04"


def test_last_with_a_month_and_day_is_the_latest_before_publication(analyze):
    assert only(analyze, "The mine has been closed since last Nov. 20.").value == "2023-11-20"


def test_the_day_before_a_weekday_is_one_expression(analyze):
    t = only(analyze, "Talks broke down the day before last Tuesday's vote.")
    assert (t.span.text, t.value) == ("the day before last Tuesday", "2024-11-04")


def test_the_week_of_a_date_is_its_iso_week(analyze):
    t = only(analyze, "Inspectors will return the week of March 10.")
    assert (t.span.text, t.value) == ("the week of March 10", "2025-W11")


# --- the year, the quarter


def test_the_year_alone_is_the_current_year(analyze):
    t = only(analyze, "Shares hit a high for the year.")
    assert (t.type, t.value) == ("DATE", "2024")


def test_the_year_ended_on_a_date_is_a_stretch_of_time(analyze):
    found = times(analyze, "Profit for the year ended June 30 doubled.")
    assert ("the year", "DURATION", "P1Y") in found


def test_the_quarter_a_year_ago_is_last_years_quarter(analyze):
    found = times(analyze, "Sales rose in the third quarter, against a loss in the quarter a year ago.")
    assert ("the quarter a year ago", "DATE", "2023-Q3") in found


def test_the_last_half_of_a_year_is_its_second_half(analyze):
    assert only(analyze, "Output should recover in the last half of 2025.").value == "2025-H2"


def test_a_past_tense_does_not_anchor_on_a_quarter_still_ahead(analyze):
    found = times(
        analyze,
        "The firm expects a recovery in the second quarter of 2025. In the year-ago period it earned $4 million.",
    )
    assert ("the year-ago period", "DATE", "2023-Q3") in found


# --- sets, spoken years, vague references


@pytest.mark.parametrize(
    ("phrase", "value"),
    [("on Mondays", "XXXX-WXX-1"), ("on Friday nights", "XXXX-WXX-5TNI"), ("each July", "XXXX-07")],
)
def test_plural_weekdays_and_each_month_are_sets(analyze, phrase, value):
    t = only(analyze, f"The market opens {phrase}.")
    assert (t.type, t.value) == ("SET", value)


def test_a_spoken_year_after_a_month_or_season_dates_it(analyze):
    found = times(analyze, "It began in the winter of nineteen ninety-one and ended in March nineteen ninety-two.")
    assert [v for _, _, v in found] == ["1991-WI", "1992-03"]


def test_one_day_after_a_modal_is_some_day_ahead(analyze):
    t = only(analyze, "The region could one day export power.")
    assert (t.type, t.value) == ("DATE", "FUTURE_REF")


def test_the_weeks_ahead_is_a_vague_duration(analyze):
    t = only(analyze, "Prices may fall in the weeks ahead.")
    assert (t.type, t.value) == ("DURATION", "PXW")


def test_the_near_term_is_a_future_reference(analyze):
    assert only(analyze, "Growth will slow in the near term.").value == "FUTURE_REF"


def test_a_week_or_so_ago_is_approximate(analyze):
    t = only(analyze, "The fighting began a week or so ago.")
    assert (t.value, t.mod) == ("2024-W44", "APPROX")


def test_the_quarter_under_discussion_outlasts_a_day_named_since(analyze):
    found = times(
        analyze, "Profit rose in the second quarter, which ended June 30. In the year-ago period it was flat."
    )
    assert ("the year-ago period", "DATE", "2023-Q2") in found


def test_as_early_as_a_weekday_points_ahead(analyze):
    assert only(analyze, "The delegation could arrive as early as Friday.").value == "2024-11-08"


def test_the_fiscal_year_is_a_stretch_of_time(analyze):
    t = only(analyze, "Margins should widen throughout the fiscal year.")
    assert (t.type, t.value) == ("DURATION", "P1Y")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The summit meets on April 24 and 25 in Vienna.", [("April 24", "2025-04-24"), ("25", "2025-04-25")]),
        ("Strikes closed the port March 3-5.", [("March 3", "2024-03-03"), ("5", "2024-03-05")]),
        ("It flooded on June 3 and 4, 1999.", [("June 3", "1999-06-03"), ("4, 1999", "1999-06-04")]),
        ("It flooded between June 3 and June 9, 1999.", [("June 3", "1999-06-03"), ("June 9, 1999", "1999-06-09")]),
        ("He was paid on May 4 and 25 others were not.", [("May 4", "2024-05-04")]),
    ],
)
def test_a_second_day_after_a_month_day_shares_its_month_and_year(analyze, sentence, expected):
    assert [(text, value) for text, _, value in times(analyze, sentence)] == expected


@pytest.mark.parametrize(
    ("phrase", "type_", "value", "mod"),
    [
        ("post-1959", "DATE", "1959", "AFTER"),
        ("pre-1990", "DATE", "1990", "BEFORE"),
        ("decades-long", "DURATION", "PXY", None),
        ("day-long", "DURATION", "P1D", None),
        ("two-week-long", "DURATION", "P2W", None),
    ],
)
def test_years_and_lengths_used_as_adjectives(analyze, phrase, type_, value, mod):
    t = only(analyze, f"The report blamed the {phrase} dispute.")
    assert (t.span.text, t.type, t.value, t.mod) == (phrase, type_, value, mod)


def test_previously_opening_a_sentence_is_a_past_reference(analyze):
    found = times(
        analyze, "“We did nothing.” Previously, the ministry denied any role. It cited a previously signed accord."
    )
    assert found == [("Previously", "DATE", "PAST_REF")]


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        # Published 6 November 2024: February is next year's once something takes effect then.
        ("The ministry created a new border agency, effective Feb. 1.", "2025-02-01"),
        ("The bank extended the credit line through January.", "2025-01"),
        # A deed done in a month names a month already gone, even one or two ahead of publication.
        ("The company changed its fiscal year in December.", "2023-12"),
        # ... while a schedule a month ahead stays ahead.
        ("Directors approved a dividend payable in December.", "2024-12"),
    ],
)
def test_effect_dates_deadlines_and_deeds_done_in_a_month(analyze, sentence, value):
    assert only(analyze, sentence).value == value


def test_then_current_looks_back(analyze):
    t = only(analyze, "Holders may buy shares at half the then-current price.")
    assert (t.span.text, t.value) == ("then-current", "PAST_REF")


def test_the_quarter_under_discussion_skips_passing_and_year_earlier_quarters(analyze):
    found = times(
        analyze,
        "Acme said third-quarter profit rose 20%. After a weak second quarter, sales recovered. "
        "The quarter-to-quarter comparison was flattered by charges taken in the year-earlier period.",
    )
    assert [(text, value) for text, _, value in found] == [
        ("third-quarter", "2024-Q3"),
        ("second quarter", "2024-Q2"),
        ("the year-earlier period", "2023-Q3"),
    ]
    found = times(
        analyze,
        "Beta earned $3 million in the fiscal first quarter. In the 2023 period it lost money. "
        "Earlier this month it warned of costs. During the quarter, it hired 200 people.",
    )
    assert [(text, value) for text, _, value in found][-1] == ("the quarter", "2024-Q1")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # TIMEX3 marks the length and leaves the signal "later" outside.
        ("The talks began on March 3. Three days later they collapsed.", ("Three days", "DURATION", "P3D")),
        ("The fire started at dawn. More than an hour later it was out.", ("More than an hour", "DURATION", "PT1H")),
        ("The firm cut jobs. A few days later it hired again.", ("A few days", "DURATION", "PXD")),
    ],
)
def test_a_length_before_later_is_a_duration(analyze, text, expected):
    assert expected in times(analyze, text)


def test_a_day_reached_later_moves_the_narrative_on(analyze):
    found = times(analyze, "The talks began on March 3. Two days later they collapsed. The next day they resumed.")
    assert found[-1] == ("The next day", "DATE", "2024-03-06")


def test_a_part_of_day_without_a_day_does_not_move_the_narrative(analyze):
    found = times(analyze, "Shares closed lower on Friday after overnight losses, down 4% from the previous Friday.")
    assert found[-1] == ("the previous Friday", "DATE", "2024-10-25")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The vote was held on Friday evening.", ("Friday evening", "TIME", "2024-11-01TEV")),
        ("The talks resumed Monday afternoon.", ("Monday afternoon", "TIME", "2024-11-04TAF")),
        ("Rockets hit the city on Friday night.", ("Friday night", "DATE", "2024-11-01")),
        ("The market fell at noon Friday.", ("noon Friday", "TIME", "2024-11-01T12:00")),
    ],
)
def test_parts_of_a_named_day(analyze, sentence, expected):
    assert times(analyze, sentence) == [expected]
