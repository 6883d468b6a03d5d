"""services.schedule: snoozing, time away, nurturing and restarting a cadence."""

from datetime import date, datetime

import pytest

from followup.config import Config
from followup.context import Context
from followup.errors import FollowupError, InvalidValue
from followup.services.agenda import backlog_after_away, due
from followup.services.closing import Close, close
from followup.services.contacts import NewContact, Profile, add_contact, contact_view
from followup.services.schedule import (
    Pause,
    go_away,
    nurture,
    pause,
    respace,
    restart,
    resume,
    snooze,
)
from followup.services.touches import (
    BookMeeting,
    LogTouch,
    RecordReply,
    book_meeting,
    log_touch,
    record_reply,
)
from tests.services.conftest import Opener


@pytest.fixture
def two(ctx: Context) -> Context:
    for name in ("Ann Lee", "Bo Chen"):
        add_contact(ctx, NewContact(name, Profile({"met_on": "2026-02-27"})))
    return ctx


def test_snooze_moves_the_pending_step_to_a_business_day(two: Context, at: Opener) -> None:
    moved = snooze(two, "ann", "2026-03-07", reason="at a trade show")  # a Saturday
    assert moved.next.step == 1 and moved.next.due == date(2026, 3, 9)
    assert [item.name for item in due(at())] == ["Bo Chen"]


def test_time_away_moves_what_falls_in_it_and_later_waits_skip_it(two: Context, at: Opener) -> None:
    away = go_away(two, "2026-03-02", "2026-03-06", reason="holiday")
    assert away.moved == 2
    assert due(at()) == []
    # Step 1 falls on the first business day after the time away.
    after = due(at(datetime(2026, 3, 9, 9)))
    assert [(item.name, item.due) for item in after] == [
        ("Ann Lee", date(2026, 3, 9)),
        ("Bo Chen", date(2026, 3, 9)),
    ]


def test_away_refuses_an_end_before_its_start(two: Context) -> None:
    with pytest.raises(InvalidValue, match="before FROM"):
        go_away(two, "2026-03-06", "2026-03-02")


def test_nurture_schedules_a_check_in_every_so_often(two: Context) -> None:
    kept = nurture(two, "ann", every="3w")
    assert kept.next.kind == "nurture" and kept.next.due == date(2026, 3, 23)
    assert contact_view(two, "ann").contact.status == "nurture"


def test_restart_begins_another_cadence_from_step_one(two: Context) -> None:
    again = restart(two, "ann", cadence="new-angle")
    assert (again.cadence, again.next.step, again.next.due) == ("new-angle", 1, date(2026, 3, 3))
    assert contact_view(two, "ann").contact.cadence == "new-angle"


# -- out of office -----------------------------------------------------------------------


def test_a_pause_keeps_the_step_and_moves_it_after_the_last_day_away(
    two: Context, at: Opener
) -> None:
    paused = pause(two, Pause("ann", until="2026-03-06", note="at a conference"))  # a Friday
    assert (paused.next.kind, paused.next.step, paused.next.due) == ("touch", 1, date(2026, 3, 9))
    view = contact_view(at(), "ann")
    assert (view.contact.status, view.contact.paused_until) == ("paused", date(2026, 3, 6))
    assert [item.name for item in due(at())] == ["Bo Chen"]
    monday = at(datetime(2026, 3, 9, 9))
    [back] = [item for item in due(monday) if item.name == "Ann Lee"]
    assert (back.kind, back.step, back.stage) == ("resume", 1, "silent")
    logged = log_touch(monday, LogTouch("ann"))
    assert logged.next is not None and logged.next.step == 2
    view = contact_view(at(datetime(2026, 3, 9, 10)), "ann")
    assert (view.contact.status, view.contact.paused_until) == ("active", None)


def test_a_pause_over_a_holiday_resumes_on_the_next_business_day(two: Context, at: Opener) -> None:
    german = Config(holiday_country="DE")
    # Until Thursday 04-02: Good Friday and Easter Monday are holidays in Germany.
    paused = pause(at(config=german), Pause("bo", until="2026-04-02"))
    assert paused.next.due == date(2026, 4, 7)


def test_resume_ends_a_pause_early_and_the_stage_comes_back(two: Context, at: Opener) -> None:
    record_reply(two, RecordReply("ann"))  # engaged: the answer is due on Tuesday
    pause(at(), Pause("ann", until="2026-03-20"))
    moved = resume(at(datetime(2026, 3, 4, 9)), "ann")
    assert (moved.next.step, moved.next.due) == (1, date(2026, 3, 4))
    view = contact_view(at(), "ann")
    assert (view.contact.status, view.contact.cadence) == ("engaged", "engaged")
    with pytest.raises(FollowupError, match="is engaged, not paused"):
        resume(at(), "ann")


def test_an_out_of_office_reply_is_recorded_and_is_not_a_reply(two: Context, at: Opener) -> None:
    pause(two, Pause("ann", until="2026-03-10", note="back on the 11th", replied_via="email"))
    touch = contact_view(at(), "ann").touches[-1]
    assert (touch.direction, touch.outcome, touch.note) == (
        "in",
        "out-of-office",
        "back on the 11th",
    )
    assert contact_view(at(), "ann").contact.status == "paused"


def test_a_meeting_or_a_closed_contact_is_not_paused(two: Context, at: Opener) -> None:
    book_meeting(two, BookMeeting("ann", on="2026-03-12"))
    with pytest.raises(FollowupError, match="move it with `followup meeting 1 --on DATE`"):
        pause(at(), Pause("ann", until="2026-03-20"))
    close(at(), Close("bo", "won", ask_lessons=False))
    with pytest.raises(FollowupError, match="is won: only an open contact is paused"):
        pause(at(), Pause("bo", until="2026-03-20"))
    add_contact(at(), NewContact("Cy Diaz", Profile({"met_on": "2026-02-27"})))
    with pytest.raises(InvalidValue, match="--until cannot be in the past"):
        pause(at(), Pause("cy", until="2026-02-20"))
    assert contact_view(at(), "cy").contact.status == "active"


# -- a backlog -------------------------------------------------------------------------


@pytest.fixture
def backlog(at: Opener) -> Context:
    """Seven people met on Wed 02-25, the user away until Fri 03-06: on Thu 03-12 all seven
    first steps are three days late, and Ann has a meeting that day."""
    met = at(datetime(2026, 2, 25, 9))
    for name in ("Ann", "Bo", "Cy", "Di", "Ed", "Flo", "Gus"):
        add_contact(met, NewContact(f"{name} Lee", Profile({"met_on": "2026-02-25"})))
    go_away(at(datetime(2026, 2, 25, 10)), "2026-02-26", "2026-03-06")
    book_meeting(at(datetime(2026, 3, 12, 8)), BookMeeting("ann", on="2026-03-12"))
    return at(datetime(2026, 3, 12, 9))


def test_respace_spreads_the_backlog_in_order_and_leaves_meetings(
    backlog: Context, at: Opener
) -> None:
    spread = respace(backlog, per_day=2, start="2026-03-13")  # Fri, then Mon, Tue
    assert [plan.due for plan in spread.moved] == [
        date(2026, 3, 13), date(2026, 3, 13), date(2026, 3, 16), date(2026, 3, 16),
        date(2026, 3, 17), date(2026, 3, 17),
    ]  # fmt: skip
    later = at(datetime(2026, 3, 12, 10))
    assert [(item.name, item.kind) for item in due(later)] == [("Ann Lee", "meeting")]
    friday = due(at(datetime(2026, 3, 13, 9)))
    # First touches first, then the meeting, a day late.
    assert [item.name for item in friday] == ["Bo Lee", "Cy Lee", "Ann Lee"]


def test_respace_takes_the_days_capacity_and_refuses_the_past(backlog: Context, at: Opener) -> None:
    spread = respace(at(datetime(2026, 3, 12, 9), config=Config(capacity=4)))
    assert [plan.due for plan in spread.moved].count(date(2026, 3, 12)) == 4
    with pytest.raises(InvalidValue, match="--from cannot be in the past"):
        respace(at(), start="2026-03-01")


def test_a_backlog_left_by_time_away_is_pointed_out(backlog: Context, at: Opener) -> None:
    assert backlog_after_away(backlog) is None, "seven is within a day's ten"
    assert backlog_after_away(at(datetime(2026, 3, 12, 9), config=Config(capacity=5))) == 7
    late = at(datetime(2026, 3, 23, 9), config=Config(capacity=5))
    assert backlog_after_away(late) is None, "the time away is more than two weeks past"
