"""domain.forecast: when each contact reaches a decision if silent, counted per week."""

from datetime import date

from followup.domain.cadence import AFTER_MEETING, EVENT_WARM, first_step, meeting, plan_step
from followup.domain.calendar import BusinessCalendar
from followup.domain.forecast import Week, leaves_on, weekly

CALENDAR = BusinessCalendar()
MONDAY = date(2026, 3, 2)


def test_a_silent_contact_leaves_when_the_decide_item_falls_due() -> None:
    # Step 1 due on Thu 02-26 and still not done: taken as done today, Mon 03-02; then
    # waits of 3, 3, 4, 5, 10, 10 and the decide item's 10: 45 bd, nine weeks.
    late = first_step(EVENT_WARM, date(2026, 2, 25), CALENDAR)
    assert leaves_on(late, EVENT_WARM, AFTER_MEETING, MONDAY, CALENDAR) == date(2026, 5, 4)
    last = plan_step(EVENT_WARM, 7, MONDAY, CALENDAR)  # due Mon 03-16
    assert leaves_on(last, EVENT_WARM, AFTER_MEETING, MONDAY, CALENDAR) == date(2026, 3, 30)


def test_a_meeting_leaves_after_its_chase_runs_out() -> None:
    # Meeting Fri 03-06; the recap Mon 03-09, then Mon 03-16, Mon 03-23, Mon 04-06 (10 bd),
    # and the decide item 10 bd later.
    on = date(2026, 3, 6)
    assert leaves_on(meeting(on), EVENT_WARM, AFTER_MEETING, MONDAY, CALENDAR) == date(2026, 4, 20)


def test_weeks_count_who_is_still_open_at_their_end() -> None:
    ahead = weekly(
        [date(2026, 3, 4), date(2026, 3, 9), date(2026, 3, 15), date(2026, 4, 1)], MONDAY, 3, 2
    )
    assert ahead.weeks == [
        Week(date(2026, 3, 2), 3),
        Week(date(2026, 3, 9), 1),  # Sunday 03-15 is still that week
        Week(date(2026, 3, 16), 1),
    ]
    assert ahead.thin_from == Week(date(2026, 3, 9), 1)
    assert weekly([], MONDAY, 1, 0).thin_from is None
