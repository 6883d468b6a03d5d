"""services.touches: logging touches through the value-check gate, replies, meetings."""

from datetime import date, datetime

import pytest

from followup.context import Context
from followup.errors import FollowupError, InvalidValue, ValueCheckRefused
from followup.services.agenda import due
from followup.services.contacts import (
    ContactEdit,
    NewContact,
    Profile,
    add_contact,
    contact_view,
    edit_contact,
)
from followup.services.touches import (
    BookMeeting,
    LogTouch,
    RecordReply,
    book_meeting,
    log_touch,
    record_reply,
)
from tests.services.conftest import Opener, Scripted

THURSDAY = datetime(2026, 3, 5, 9, 0)  # step 2 falls due, three business days after step 1
ANSWERS = {
    "value": "TMS benchmark on their own lane data",
    "problem": "late deliveries",
    "decider": "yes",
}


@pytest.fixture
def ann(ctx: Context) -> Context:
    """Ann, met on Friday; step 1 is due on Monday, which ``ctx`` is."""
    profile = Profile({"company": "Acme", "met_on": "2026-02-27", "problem": "spoilage"})
    add_contact(ctx, NewContact("Ann Lee", profile))
    log_touch(ctx, LogTouch("ann"))
    return ctx


def test_the_first_touch_needs_no_value_check_and_schedules_step_two(ctx: Context) -> None:
    add_contact(ctx, NewContact("Ann Lee", Profile({"met_on": "2026-02-27"})))
    logged = log_touch(ctx, LogTouch("ann", note="Sent the recap"))
    assert logged.step is not None and logged.step.step == 1
    assert logged.next is not None and (logged.next.step, logged.next.due) == (2, date(2026, 3, 5))
    [touch] = contact_view(ctx, "ann").touches
    assert (touch.step, touch.channel, touch.note) == (1, "email", "Sent the recap")


def test_a_retry_with_nobody_to_ask_is_refused_without_answers(ann: Context, at: Opener) -> None:
    thursday = at(THURSDAY)
    with pytest.raises(ValueCheckRefused, match="value"):
        log_touch(thursday, LogTouch("ann"))
    assert [touch.step for touch in contact_view(thursday, "ann").touches] == [1]


def test_a_retry_asks_the_questions_with_the_previous_answers(ann: Context, at: Opener) -> None:
    person = Scripted(answers=ANSWERS)
    logged = log_touch(at(THURSDAY, interaction=person), LogTouch("ann"))
    assert logged.step is not None and logged.step.step == 2
    [check] = person.checks
    assert check.contact.name == "Ann Lee"
    assert check.previous == {"problem": "spoilage"}  # from the profile, before any answer
    [_, retry] = contact_view(at(THURSDAY), "ann").touches
    assert retry.answers == ANSWERS
    # The latest answers keep the profile current.
    assert contact_view(at(THURSDAY), "ann").contact.problem == "late deliveries"


def test_a_new_value_may_not_repeat_an_earlier_one(ann: Context, at: Opener) -> None:
    log_touch(at(THURSDAY), LogTouch("ann", answers=ANSWERS))
    later = at(datetime(2026, 3, 10, 9, 0))
    with pytest.raises(ValueCheckRefused, match="value"):
        log_touch(
            later,
            LogTouch("ann", answers={**ANSWERS, "value": "TMS benchmark on their own lane data."}),
        )
    assert [touch.step for touch in contact_view(later, "ann").touches] == [1, 2]


def test_skipping_the_check_needs_a_reason_and_is_kept(ann: Context, at: Opener) -> None:
    thursday = at(THURSDAY)
    with pytest.raises(InvalidValue, match="--reason"):
        log_touch(thursday, LogTouch("ann", skip_check=True))
    log_touch(thursday, LogTouch("ann", skip_check=True, reason="they asked for the deck"))
    retry = contact_view(thursday, "ann").touches[-1]
    assert retry.check_skipped and retry.skip_reason == "they asked for the deck"


def test_a_touch_cannot_be_in_the_future_or_before_you_met(ann: Context) -> None:
    with pytest.raises(InvalidValue, match="future"):
        log_touch(ann, LogTouch("ann", on="2026-03-03", answers=ANSWERS))
    with pytest.raises(InvalidValue, match="before you met"):
        log_touch(ann, LogTouch("ann", on="2026-02-20", answers=ANSWERS))


def test_a_reply_ends_the_cadence_and_the_answer_is_due_the_next_business_day(
    ann: Context,
) -> None:
    replied = record_reply(ann, RecordReply("ann", note="Send me the deck"))
    assert replied.contact.status == "active"  # as it was
    view = contact_view(ann, "ann")
    assert (view.contact.status, view.contact.cadence) == ("engaged", "engaged")
    assert (view.touches[-1].direction, view.touches[-1].outcome) == ("in", "replied")
    assert view.pending is not None and view.pending.plan == replied.next
    answer = replied.next
    assert (answer.kind, answer.step, answer.steps_total, answer.due) == (
        "touch", 1, 4, date(2026, 3, 3),
    )  # fmt: skip
    assert answer.action == "Answer and propose two meeting times"


def test_answering_a_reply_needs_no_value_check_but_chasing_the_meeting_does(
    ann: Context, at: Opener
) -> None:
    record_reply(ann, RecordReply("ann"))
    tuesday = at(datetime(2026, 3, 3, 9, 0))
    answered = log_touch(tuesday, LogTouch("ann", note="Proposed Thu or Fri"))
    assert answered.next is not None and (answered.next.step, answered.next.due) == (
        2, date(2026, 3, 6),
    )  # fmt: skip
    assert contact_view(tuesday, "ann").touches[-1].step is None, "not a cadence step in the funnel"
    with pytest.raises(ValueCheckRefused):
        log_touch(at(datetime(2026, 3, 6, 9, 0)), LogTouch("ann"))


def test_a_booked_meeting_is_the_next_item_on_its_day(ann: Context) -> None:
    booked = book_meeting(ann, BookMeeting("ann", on="2026-03-12", note="demo"))
    assert booked.meeting_on == date(2026, 3, 12)
    view = contact_view(ann, "ann")
    assert view.contact.status == "meeting" and view.contact.meeting_on == date(2026, 3, 12)
    assert (view.contact.cadence, view.pending and view.pending.plan) == (
        "after-meeting",
        booked.next,
    )
    assert (booked.next.kind, booked.next.due) == ("meeting", date(2026, 3, 12))


def test_logging_the_meeting_records_a_conversation_and_the_recap_follows(
    ann: Context, at: Opener
) -> None:
    book_meeting(ann, BookMeeting("ann", on="2026-03-13"))  # a Friday
    friday = at(datetime(2026, 3, 13, 17, 0))
    met = log_touch(friday, LogTouch("ann", note="Demo went well"))
    touch = contact_view(friday, "ann").touches[-1]
    assert (touch.direction, touch.outcome, touch.channel) == ("in", "met", "in-person")
    assert met.next is not None and (met.next.kind, met.next.step, met.next.due) == (
        "touch", 1, date(2026, 3, 16),
    )  # fmt: skip
    assert met.next.action == "Recap, the agreed next step, and its date"
    recap = log_touch(at(datetime(2026, 3, 16, 9, 0)), LogTouch("ann"))
    assert recap.next is not None and (recap.next.step, recap.next.due) == (2, date(2026, 3, 23))
    with pytest.raises(FollowupError, match="before you met"):
        book_meeting(ann, BookMeeting("ann", on="2026-02-01"))


# -- channels that fit the person ------------------------------------------------------


def test_a_phone_only_contact_is_offered_calls_and_a_bounce_moves_email_steps_on(
    ctx: Context, at: Opener
) -> None:
    add_contact(
        ctx, NewContact("Pat Kim", Profile({"met_on": "2026-02-27", "phone": "+1 5550100"}))
    )
    [item] = [item for item in due(ctx) if item.name == "Pat Kim"]
    assert (item.channel, item.fallback_from) == ("call", "email")
    logged = log_touch(ctx, LogTouch("pat"))
    assert contact_view(at(), "pat").touches[-1].channel == "call"
    assert logged.next is not None
    profile = {"met_on": "2026-02-27", "email": "bo@globex.example", "linkedin": "in/bo"}
    add_contact(at(), NewContact("Bo Chen", Profile(profile)))
    log_touch(at(), LogTouch("bo", outcome="bounced"))
    assert contact_view(at(), "bo").contact.bounced_email == "bo@globex.example"
    step_two = [item for item in due(at(THURSDAY)) if item.name == "Bo Chen"]
    assert [(item.channel, item.fallback_from) for item in step_two] == [("linkedin", "email")]
    edit_contact(at(), ContactEdit("bo", Profile({"email": "bo.chen@globex.example"})))
    step_two = [item for item in due(at(THURSDAY)) if item.name == "Bo Chen"]
    assert [(item.channel, item.fallback_from) for item in step_two] == [("email", None)]


def test_a_call_that_got_through_is_a_conversation(ann: Context, at: Opener) -> None:
    talked = log_touch(
        at(THURSDAY), LogTouch("ann", channel="call", outcome="connected", answers=ANSWERS)
    )
    assert talked.next is not None and talked.next.action == "Answer and propose two meeting times"
    view = contact_view(at(THURSDAY), "ann")
    assert (view.contact.status, view.contact.cadence) == ("engaged", "engaged")
    assert (view.touches[-1].direction, view.touches[-1].outcome) == ("out", "connected")
