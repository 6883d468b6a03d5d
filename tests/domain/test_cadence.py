"""Cadences and the scheduling rules that turn them into due dates."""

from datetime import date
from itertools import pairwise

import holidays
import pytest

from followup.domain.cadence import (
    AFTER_MEETING,
    BUILTIN_CADENCES,
    CHANNELS,
    DECIDE,
    DECIDE_ACTION,
    DEFAULT_NURTURE_EVERY,
    ENGAGED,
    EVENT_WARM,
    NEW_ANGLE,
    NURTURE,
    TOUCH,
    Cadence,
    FollowUpPlan,
    Step,
    after_touch,
    describe,
    first_step,
    needs_value_check,
    nurture_checkin,
    plan_step,
    simulate,
)
from followup.domain.calendar import BusinessCalendar, Period
from followup.domain.dates import Offset

PLAIN = BusinessCalendar()
US = BusinessCalendar(holidays.country_holidays("US"))


def test_event_warm_matches_the_contract_table() -> None:
    assert EVENT_WARM.name == "event-warm"
    assert [(step.wait, step.channel, step.action) for step in EVENT_WARM.steps] == [
        (1, "email", "Recap the conversation, deliver what you promised, ask for the meeting"),
        (3, "email", "Bring something new of value tied to their problem"),
        (3, "call", "Call; if no answer leave a short voicemail and a two-line email"),
        (4, "linkedin", "Light touch: comment or message, stay visible"),
        (5, "email", "A different angle: a case, a pilot, something that lowers their risk"),
        (10, "call", "Ask directly whether you are talking to the right person"),
        (10, "email", "Close the loop politely; leave the door open"),
    ]


def test_builtin_cadences_are_registered_by_name_with_known_channels() -> None:
    assert BUILTIN_CADENCES == {
        "event-warm": EVENT_WARM,
        "new-angle": NEW_ANGLE,
        "engaged": ENGAGED,
        "after-meeting": AFTER_MEETING,
    }
    for cadence in BUILTIN_CADENCES.values():
        assert cadence.steps
        assert all(step.channel in CHANNELS for step in cadence.steps)


def test_channels_are_the_contract_list() -> None:
    assert CHANNELS == ("email", "call", "linkedin", "text", "in-person", "other")


def test_step_is_numbered_from_one() -> None:
    assert EVENT_WARM.step(1).channel == "email"
    assert EVENT_WARM.step(4).channel == "linkedin"
    assert EVENT_WARM.step(7).wait == 10


@pytest.mark.parametrize("number", [0, 8, -1])
def test_step_outside_the_cadence_is_an_error_not_a_wrap_around(number: int) -> None:
    with pytest.raises(IndexError, match="steps 1 to 7"):
        EVENT_WARM.step(number)


def test_nurture_defaults_to_every_60_days() -> None:
    assert str(DEFAULT_NURTURE_EVERY) == "60d"


def test_first_step_is_one_business_day_after_met_on() -> None:
    plan = first_step(EVENT_WARM, date(2026, 2, 25), PLAIN)
    assert plan == FollowUpPlan(
        kind=TOUCH,
        step=1,
        steps_total=7,
        channel="email",
        action=EVENT_WARM.step(1).action,
        scheduled_from=date(2026, 2, 25),
        wait=1,
        due=date(2026, 2, 26),
    )


def test_met_on_a_friday_first_step_is_monday() -> None:
    assert first_step(EVENT_WARM, date(2026, 2, 27), PLAIN).due == date(2026, 3, 2)


def test_met_on_a_saturday_first_step_is_monday() -> None:
    assert first_step(EVENT_WARM, date(2026, 2, 28), PLAIN).due == date(2026, 3, 2)


def test_met_before_a_holiday_first_step_skips_it() -> None:
    assert first_step(EVENT_WARM, date(2026, 11, 25), US).due == date(2026, 11, 27)


def test_after_touch_plans_the_next_step_from_the_touch_date() -> None:
    plan = after_touch(EVENT_WARM, 1, date(2026, 2, 26), PLAIN)
    assert plan.kind == TOUCH
    assert plan.step == 2
    assert plan.steps_total == 7
    assert plan.channel == "email"
    assert plan.scheduled_from == date(2026, 2, 26)
    assert plan.wait == 3
    assert plan.due == date(2026, 3, 3)


def test_late_touch_does_not_compress_the_rest() -> None:
    # Step 1 was due Thu 02-26 but done on Mon 03-02: step 2 still waits 3 full business days.
    step2 = after_touch(EVENT_WARM, 1, date(2026, 3, 2), PLAIN)
    assert step2.due == date(2026, 3, 5)
    step3 = after_touch(EVENT_WARM, 2, date(2026, 3, 5), PLAIN)
    assert step3.due == date(2026, 3, 10)
    assert PLAIN.business_days_between(step2.scheduled_from, step2.due) == 3


def test_early_touch_schedules_from_when_it_happened() -> None:
    # Step 2 due Tue 03-03 but done on Fri 02-27: step 3 counts from Friday.
    assert after_touch(EVENT_WARM, 2, date(2026, 2, 27), PLAIN).due == date(2026, 3, 4)


def test_snoozed_plan_moves_to_the_given_day_keeping_its_step() -> None:
    step2 = after_touch(EVENT_WARM, 1, date(2026, 2, 26), PLAIN)
    snoozed = step2.snoozed(date(2026, 3, 10), PLAIN)
    assert snoozed.due == date(2026, 3, 10)
    assert snoozed.scheduled_from == date(2026, 3, 10)
    assert snoozed.wait == 0
    assert (snoozed.kind, snoozed.step, snoozed.channel, snoozed.action) == (
        TOUCH,
        2,
        "email",
        step2.action,
    )


def test_snoozed_to_a_weekend_rolls_forward_to_monday() -> None:
    step2 = after_touch(EVENT_WARM, 1, date(2026, 2, 26), PLAIN)
    assert step2.snoozed(date(2026, 3, 7), PLAIN).due == date(2026, 3, 9)


def test_recomputed_with_an_away_period_shifts_the_due_date() -> None:
    step3 = after_touch(EVENT_WARM, 2, date(2026, 3, 3), PLAIN)
    assert step3.due == date(2026, 3, 6)
    away = BusinessCalendar(away=[Period(date(2026, 3, 4), date(2026, 3, 6))])
    shifted = step3.recomputed(away)
    assert shifted.due == date(2026, 3, 11)
    assert (shifted.scheduled_from, shifted.wait, shifted.step) == (date(2026, 3, 3), 3, 3)


def test_recomputed_without_a_change_keeps_the_due_date() -> None:
    step3 = after_touch(EVENT_WARM, 2, date(2026, 3, 3), PLAIN)
    assert step3.recomputed(PLAIN) == step3


def test_snoozed_plan_recomputed_over_an_away_period_rolls_past_it() -> None:
    snoozed = first_step(EVENT_WARM, date(2026, 2, 25), PLAIN).snoozed(date(2026, 3, 9), PLAIN)
    away = BusinessCalendar(away=[Period(date(2026, 3, 9), date(2026, 3, 10))])
    assert snoozed.recomputed(away).due == date(2026, 3, 11)


def test_exhausted_cadence_gives_a_decide_item_ten_business_days_after_the_last_touch() -> None:
    plan = after_touch(EVENT_WARM, 7, date(2026, 4, 16), PLAIN)
    assert plan == FollowUpPlan(
        kind=DECIDE,
        step=None,
        steps_total=7,
        channel=None,
        action=DECIDE_ACTION,
        scheduled_from=date(2026, 4, 16),
        wait=10,
        due=date(2026, 4, 30),
    )


def test_decide_action_names_every_next_layer() -> None:
    for layer in ("nurture", "new angle", "another person", "lost with a lesson"):
        assert layer in DECIDE_ACTION


def test_late_last_touch_moves_the_decide_item_with_it() -> None:
    assert after_touch(EVENT_WARM, 7, date(2026, 4, 20), PLAIN).due == date(2026, 5, 4)


def test_decide_waits_the_last_steps_wait_of_the_cadence() -> None:
    short = Cadence("short", (Step(1, "email", "Hello"), Step(2, "call", "Call")))
    plan = after_touch(short, 2, date(2026, 3, 2), PLAIN)
    assert (plan.kind, plan.wait, plan.due, plan.steps_total) == (DECIDE, 2, date(2026, 3, 4), 2)


def test_simulate_event_warm_from_wednesday_gives_the_real_calendar() -> None:
    plans = simulate(EVENT_WARM, date(2026, 2, 25), PLAIN)
    assert [(plan.kind, plan.step, plan.channel, plan.due) for plan in plans] == [
        (TOUCH, 1, "email", date(2026, 2, 26)),  # Thu, 1 after Wed
        (TOUCH, 2, "email", date(2026, 3, 3)),  # Tue, 3 after Thu
        (TOUCH, 3, "call", date(2026, 3, 6)),  # Fri, 3 after Tue
        (TOUCH, 4, "linkedin", date(2026, 3, 12)),  # Thu, 4 after Fri
        (TOUCH, 5, "email", date(2026, 3, 19)),  # Thu, 5 after Thu
        (TOUCH, 6, "call", date(2026, 4, 2)),  # Thu, 10 after Thu
        (TOUCH, 7, "email", date(2026, 4, 16)),  # Thu, 10 after Thu
        (DECIDE, None, None, date(2026, 4, 30)),  # Thu, 10 after the last touch
    ]


def test_simulate_each_step_waits_from_the_previous_due_date() -> None:
    plans = simulate(EVENT_WARM, date(2026, 2, 25), PLAIN)
    assert plans[0].scheduled_from == date(2026, 2, 25)
    for previous, plan in pairwise(plans):
        assert plan.scheduled_from == previous.due


def test_simulate_across_us_holidays_and_a_year_end() -> None:
    plans = simulate(EVENT_WARM, date(2026, 11, 18), US)
    assert [plan.due for plan in plans] == [
        date(2026, 11, 19),  # Thu
        date(2026, 11, 24),  # Tue
        date(2026, 11, 30),  # Mon: Thanksgiving Thu 11-26 skipped
        date(2026, 12, 4),  # Fri
        date(2026, 12, 11),  # Fri
        date(2026, 12, 28),  # Mon: Christmas Fri 12-25 skipped
        date(2027, 1, 12),  # Tue: New Year Fri 01-01 skipped
        date(2027, 1, 27),  # Wed: Martin Luther King Day Mon 01-18 skipped
    ]
    assert all(US.is_business_day(plan.due) for plan in plans)


def test_simulate_new_angle_has_four_steps_then_decide() -> None:
    plans = simulate(NEW_ANGLE, date(2026, 3, 2), PLAIN)
    assert [(plan.kind, plan.step, plan.due) for plan in plans] == [
        (TOUCH, 1, date(2026, 3, 3)),
        (TOUCH, 2, date(2026, 3, 10)),
        (TOUCH, 3, date(2026, 3, 17)),
        (TOUCH, 4, date(2026, 3, 31)),
        (DECIDE, None, date(2026, 4, 14)),
    ]


def test_plan_step_with_wait_zero_rolls_to_a_business_day() -> None:
    cadence = Cadence("same-day", (Step(0, "call", "Call them today"),))
    assert plan_step(cadence, 1, date(2026, 3, 7), PLAIN).due == date(2026, 3, 9)
    assert plan_step(cadence, 1, date(2026, 3, 4), PLAIN).due == date(2026, 3, 4)


def test_first_step_is_not_gated_by_the_value_check() -> None:
    plan = first_step(EVENT_WARM, date(2026, 2, 25), PLAIN)
    assert not plan.is_retry
    assert not needs_value_check(plan, silent_since_last_touch=False)


@pytest.mark.parametrize("step_done", [1, 2, 3, 4, 5, 6])
def test_every_later_step_is_gated_by_the_value_check(step_done: int) -> None:
    plan = after_touch(EVENT_WARM, step_done, date(2026, 3, 2), PLAIN)
    assert plan.is_retry
    assert needs_value_check(plan, silent_since_last_touch=False)


def test_nurture_checkin_is_gated_by_the_value_check() -> None:
    plan = nurture_checkin(date(2026, 3, 2), DEFAULT_NURTURE_EVERY, PLAIN)
    assert plan.is_retry
    assert needs_value_check(plan, silent_since_last_touch=False)


def test_restarted_first_step_after_silence_is_gated() -> None:
    restarted = first_step(NEW_ANGLE, date(2026, 3, 2), PLAIN)
    assert needs_value_check(restarted, silent_since_last_touch=True)


def test_decide_item_and_no_plan_are_not_gated() -> None:
    decide = after_touch(EVENT_WARM, 7, date(2026, 4, 16), PLAIN)
    assert not needs_value_check(decide, silent_since_last_touch=True)
    assert not needs_value_check(None, silent_since_last_touch=True)


def test_nurture_checkin_on_a_business_day_stays_there() -> None:
    # Mon 03-02 + 60 days is Fri 05-01.
    plan = nurture_checkin(date(2026, 3, 2), Offset(60, "d"), PLAIN)
    assert (plan.kind, plan.step, plan.steps_total, plan.channel) == (NURTURE, None, None, "email")
    assert plan.due == date(2026, 5, 1)


def test_nurture_checkin_landing_on_a_weekend_moves_to_monday() -> None:
    # Tue 03-03 + 60 days is Sat 05-02.
    plan = nurture_checkin(date(2026, 3, 3), Offset(60, "d"), PLAIN)
    assert plan.scheduled_from == date(2026, 5, 2)
    assert plan.due == date(2026, 5, 4)


def test_nurture_checkin_landing_on_a_holiday_moves_to_the_next_business_day() -> None:
    # Thu 03-26 + 60 days is Memorial Day, Mon 2026-05-25.
    assert nurture_checkin(date(2026, 3, 26), Offset(60, "d"), US).due == date(2026, 5, 26)


def test_nurture_checkin_in_weeks_months_and_business_days() -> None:
    assert nurture_checkin(date(2026, 3, 2), Offset(8, "w"), PLAIN).due == date(2026, 4, 27)
    assert nurture_checkin(date(2026, 1, 31), Offset(1, "m"), PLAIN).due == date(2026, 3, 2)
    assert nurture_checkin(date(2026, 3, 2), Offset(20, "bd"), PLAIN).due == date(2026, 3, 30)


@pytest.mark.parametrize(
    ("kind", "step", "expected"),
    [
        (TOUCH, 3, "step 3/7 (call) on Thu 2026-03-12"),
        (DECIDE, None, "decide the next layer on Thu 2026-03-12"),
        (NURTURE, None, "nurture check-in on Thu 2026-03-12"),
    ],
)
def test_describe_names_each_kind_of_follow_up(kind: str, step: int | None, expected: str) -> None:
    due = date(2026, 3, 12)
    plan = FollowUpPlan(kind, step, 7, "call", "Call them", due, 0, due)
    assert describe(plan) == expected
