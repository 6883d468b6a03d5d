"""The funnel's arithmetic: who earned each reply, meeting and closing, and the sums.

Histories are built by hand, a few touches each, so every expected number can be
counted on the fingers. Weekdays: 2026-03-02 is a Monday.
"""

from datetime import date

import pytest

from followup.domain.calendar import BusinessCalendar, Period
from followup.domain.report import (
    BELONGING,
    GROUPINGS,
    Funnel,
    History,
    Row,
    TouchFact,
    Unchanged,
    credit,
    funnel,
    median,
    rate,
    unchanged_answers,
)
from followup.domain.valuecheck import KeptAnswer

WEEKDAYS = BusinessCalendar()
MON, TUE, WED, THU, FRI = (date(2026, 3, day) for day in range(2, 7))
NEXT_MON, NEXT_TUE = date(2026, 3, 9), date(2026, 3, 10)


def sent(
    on: date, step: int | None = 1, channel: str = "email", skipped: bool = False
) -> TouchFact:
    return TouchFact(on, "out", "sent", channel, step, skipped)


def replied(on: date) -> TouchFact:
    return TouchFact(on, "in", "replied", "email", None)


def booked(on: date) -> TouchFact:
    return TouchFact(on, "in", "meeting-booked", "other", None)


def history(
    *touches: TouchFact,
    contact_id: int = 1,
    event: str | None = "SaaStr",
    status: str = "active",
    closed_on: date | None = None,
) -> History:
    return History(contact_id, event, status, closed_on, touches)


def row(group: object, **counts: object) -> Row:
    """A row with zeros (and no rate or median) wherever ``counts`` says nothing."""
    values: dict[str, object] = {
        "contacts": 0,
        "touches": 0,
        "replies": 0,
        "reply_rate": None,
        "median_days_to_reply": None,
        "meetings": 0,
        "won": 0,
        "lost": 0,
        "checks_skipped": 0,
    }
    return Row(group=group, **{**values, **counts})  # type: ignore[arg-type]


def by(
    grouping: str,
    *histories: History,
    since: date | None = None,
    calendar: BusinessCalendar = WEEKDAYS,
) -> Funnel:
    return funnel(histories, grouping, calendar, since)


# -- crediting ------------------------------------------------------------------


def test_a_reply_is_credited_to_the_last_outbound_touch_before_it() -> None:
    earned = credit(history(sent(MON, 1), sent(WED, 2), replied(THU)))
    assert [(item.touch.step, item.replied_on) for item in earned] == [(1, None), (2, THU)]


def test_several_replies_after_one_touch_count_once_and_the_first_gives_the_date() -> None:
    earned = credit(history(sent(MON), replied(TUE), replied(THU), booked(FRI)))
    assert len(earned) == 1
    assert earned[0].replied_on == TUE
    assert earned[0].meeting


def test_a_reply_before_any_outbound_touch_is_credited_to_none() -> None:
    earned = credit(history(replied(MON), sent(TUE)))
    assert [item.replied_on for item in earned] == [None]


def test_a_touch_after_a_reply_earns_only_what_comes_after_it() -> None:
    earned = credit(history(sent(MON, 1), replied(TUE), sent(WED, None), replied(FRI)))
    assert [item.replied_on for item in earned] == [TUE, FRI]


def test_a_meeting_without_a_reply_is_credited_like_one() -> None:
    earned = credit(history(sent(MON, 1), sent(WED, 2), booked(THU)))
    assert [item.meeting for item in earned] == [False, True]


def test_a_closing_goes_to_the_last_outbound_touch_on_or_before_the_closing_day() -> None:
    lost = history(sent(MON, 1), sent(WED, 2), status="lost", closed_on=WED)
    assert [item.closed for item in credit(lost)] == [None, "lost"]
    won_between = history(sent(MON, 1), sent(FRI, 2), status="won", closed_on=THU)
    assert [item.closed for item in credit(won_between)] == ["won", None]


def test_a_contact_closed_before_any_touch_credits_nothing() -> None:
    early = history(sent(WED), status="won", closed_on=MON)
    assert [item.closed for item in credit(early)] == [None]


def test_a_closing_without_a_recorded_day_goes_to_the_last_outbound_touch() -> None:
    undated = history(sent(MON, 1), sent(WED, 2), status="won", closed_on=None)
    assert [item.closed for item in credit(undated)] == [None, "won"]


def test_only_won_and_lost_are_closings() -> None:
    archived = history(sent(MON), status="archived", closed_on=TUE)
    assert [item.closed for item in credit(archived)] == [None]


# -- the sums -------------------------------------------------------------------


def test_grouped_by_step_counts_touches_replies_rates_and_medians() -> None:
    ann = history(sent(MON, 1), sent(THU, 2), replied(NEXT_MON), contact_id=1)
    bo = history(sent(MON, 1), replied(TUE), booked(WED), contact_id=2)
    cy = history(sent(TUE, 1), sent(FRI, 2, skipped=True), contact_id=3)
    report = by("step", ann, bo, cy)
    assert report.groups == [
        # step 1: 3 touches, Bo replied after 1 business day (Mon → Tue): 1/3 = 0.333
        row(
            1,
            contacts=3,
            touches=3,
            replies=1,
            reply_rate=0.333,
            median_days_to_reply=1,
            meetings=1,
        ),
        # step 2: Ann replied Thu → next Mon, Fri and Mon being business days: 2
        row(2, contacts=2, touches=2, replies=1, reply_rate=0.5, median_days_to_reply=2,
            checks_skipped=1),
    ]  # fmt: skip
    # total: 5 touches, 2 replies = 0.4, median of [1, 2] = 1.5
    assert report.total == row(
        "total",
        contacts=3,
        touches=5,
        replies=2,
        reply_rate=0.4,
        median_days_to_reply=1.5,
        meetings=1,
        checks_skipped=1,
    )


def test_days_to_reply_skip_weekends_holidays_and_away_periods() -> None:
    ann = history(sent(FRI), replied(NEXT_TUE))
    assert by("step", ann).total.median_days_to_reply == 2  # Mon, Tue
    holiday = BusinessCalendar(holidays={NEXT_MON})
    assert by("step", ann, calendar=holiday).total.median_days_to_reply == 1
    away = BusinessCalendar(away=[Period(NEXT_MON, NEXT_MON)])
    assert by("step", ann, calendar=away).total.median_days_to_reply == 1


def test_a_reply_on_the_day_of_the_touch_took_zero_days() -> None:
    assert by("step", history(sent(MON), replied(MON))).total.median_days_to_reply == 0


def test_won_and_lost_are_counted_in_the_group_of_the_touch_that_earned_them() -> None:
    ann = history(sent(MON, 1), sent(WED, 2, "call"), status="won", closed_on=FRI, contact_id=1)
    bo = history(sent(MON, 1), status="lost", closed_on=TUE, contact_id=2)
    report = by("channel", ann, bo)
    assert [(item.group, item.won, item.lost) for item in report.groups] == [
        ("call", 1, 0),
        ("email", 0, 1),
    ]
    assert (report.total.won, report.total.lost) == (1, 1)


def test_grouped_by_channel_a_contact_counts_once_per_channel() -> None:
    ann = history(sent(MON, 1), sent(WED, 2), sent(FRI, 3, "call"))
    report = by("channel", ann)
    assert [(item.group, item.contacts, item.touches) for item in report.groups] == [
        ("call", 1, 1),
        ("email", 1, 2),
    ]
    assert report.total.contacts == 1


def test_grouped_by_event_every_contact_met_there_counts_even_untouched() -> None:
    ann = history(sent(MON), replied(TUE), contact_id=1, event="SaaStr")
    flo = history(contact_id=2, event="SaaStr")
    ed = history(contact_id=3, event=None)
    cy = history(sent(MON), contact_id=4, event="Web Summit")
    report = by("event", ann, flo, ed, cy)
    assert report.groups == [
        row("SaaStr", contacts=2, touches=1, replies=1, reply_rate=1.0, median_days_to_reply=1),
        row("Web Summit", contacts=1, touches=1, reply_rate=0.0),
        row(None, contacts=1),  # no touch: no rate
    ]
    assert report.total.contacts == 4
    assert report.total.touches == 2


def test_grouped_by_event_since_a_date_counts_only_contacts_touched_since() -> None:
    ann = history(sent(MON, 1), sent(FRI, 2), contact_id=1)
    bo = history(sent(MON, 1), contact_id=2)
    flo = history(contact_id=3)
    report = by("event", ann, bo, flo, since=THU)
    assert report.groups == [row("SaaStr", contacts=1, touches=1, reply_rate=0.0)]
    assert report.total.contacts == 1


def test_grouped_by_week_uses_the_iso_week_of_the_touch_not_of_the_reply() -> None:
    ann = history(sent(FRI), replied(NEXT_MON))
    report = by("week", ann, history(sent(NEXT_TUE), contact_id=2))
    assert [(item.group, item.replies) for item in report.groups] == [
        ("2026-W10", 1),
        ("2026-W11", 0),
    ]


def test_iso_weeks_around_new_year_belong_to_the_iso_year() -> None:
    report = by("week", history(sent(date(2026, 12, 31)), sent(date(2027, 1, 4))))
    assert [item.group for item in report.groups] == ["2026-W53", "2027-W01"]


def test_since_keeps_only_touches_from_that_day_with_what_they_earned() -> None:
    # The reply on Thursday answers Monday's touch, which is before --since: dropped with it.
    ann = history(sent(MON, 1), replied(THU), sent(FRI, None), status="won", closed_on=FRI)
    report = by("step", ann, since=WED)
    assert report.groups == [row(None, contacts=1, touches=1, reply_rate=0.0, won=1)]
    assert report.total.replies == 0
    assert by("step", ann, since=FRI).total.touches == 1  # on the day itself counts


def test_touches_without_a_step_group_last() -> None:
    ann = history(sent(MON, None), sent(TUE, 2), sent(WED, 1), sent(THU, 10))
    assert [item.group for item in by("step", ann).groups] == [1, 2, 10, None]


def test_events_sort_by_name_whatever_the_case() -> None:
    names = ["web summit", "Alpha", None, "beta"]
    histories = [history(sent(MON), contact_id=i, event=name) for i, name in enumerate(names)]
    assert [item.group for item in by("event", *histories).groups] == [
        "Alpha",
        "beta",
        "web summit",
        None,
    ]


def test_nothing_logged_gives_no_groups_and_an_empty_total() -> None:
    for grouping in GROUPINGS:
        # Grouped by what a contact belongs to, an untouched contact counts in its group.
        report = by(grouping, *([] if grouping in BELONGING else [history()]))
        assert report.groups == []
        assert report.total == row("total")


def test_histories_are_read_once_so_a_stream_is_enough() -> None:
    stream = (history(sent(MON), contact_id=i) for i in range(3))
    assert funnel(stream, "step", WEEKDAYS).total.touches == 3


# -- rates and medians ----------------------------------------------------------


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [(1, 3, 0.333), (2, 3, 0.667), (0, 4, 0.0), (4, 4, 1.0), (0, 0, None)],
)
def test_rate_is_rounded_to_three_places_and_none_without_touches(
    part: int, whole: int, expected: float | None
) -> None:
    assert rate(part, whole) == expected


@pytest.mark.parametrize(
    ("values", "expected"),
    [([], None), ([4], 4), ([3, 1, 2], 2), ([1, 2], 1.5), ([1, 3], 2), ([5, 1, 1, 9], 3)],
)
def test_median_is_the_middle_and_stays_whole_when_it_can(
    values: list[int], expected: float | None
) -> None:
    result = median(values)
    assert result == expected
    assert type(result) is type(expected)


# -- answers that never changed -------------------------------------------------


def test_an_answer_repeated_on_every_touch_is_reported_with_its_latest_wording() -> None:
    touches = [
        {"value": "benchmark", "problem": "Late deliveries", "decider": "yes"},
        {"value": "case study", "problem": "late  deliveries.", "decider": "the CFO"},
    ]
    assert unchanged_answers(touches) == [Unchanged("problem", "late  deliveries.", 2)]


def test_an_answer_kept_with_enter_is_fair_and_one_typed_again_is_not() -> None:
    kept: list[dict[str, str]] = [
        {"problem": "late deliveries"},
        {"problem": KeptAnswer("late deliveries")},
    ]
    assert unchanged_answers(kept) == []
    typed = [*kept, {"problem": "Late deliveries"}]
    assert unchanged_answers(typed) == [Unchanged("problem", "Late deliveries", 3)]


def test_value_is_never_reported_the_gate_already_forces_it_to_change() -> None:
    touches = [{"value": "same"}, {"value": "same"}]
    assert unchanged_answers(touches) == []


def test_one_touch_with_answers_is_not_enough_to_call_it_unchanged() -> None:
    assert unchanged_answers([{"problem": "churn"}, {}]) == []


def test_a_key_must_be_answered_at_least_twice_and_the_same_every_time() -> None:
    touches = [
        {"problem": "churn", "decider": "yes", "risk": "pilot"},
        {"problem": "churn", "decider": "Yes!"},
        {"problem": "churn", "decider": "no: the COO"},
    ]
    assert unchanged_answers(touches) == [Unchanged("problem", "churn", 3)]


def test_several_unchanged_keys_are_listed_by_key() -> None:
    touches = [{"problem": "churn", "decider": "yes"}, {"decider": "YES", "problem": "Churn"}]
    assert unchanged_answers(touches) == [
        Unchanged("decider", "YES", 2),
        Unchanged("problem", "Churn", 2),
    ]
