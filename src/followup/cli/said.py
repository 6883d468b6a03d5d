"""What a command says once its service has done the work.

The same lines whether the command ran on its own or from `today -i`: a person
learns one set of messages.
"""

from typing import TYPE_CHECKING

from followup.cli.render import say
from followup.context import Context
from followup.domain.cadence import AFTER_MEETING, ENGAGED, MEETING, STAGE_CADENCES, describe
from followup.domain.dates import display_day
from followup.services import agenda

if TYPE_CHECKING:
    # Only their results' types: `today` says a warning, and must not load `log`'s code.
    from followup.services import reminders, schedule, touches


def logged(touch: "touches.Logged") -> None:
    step, cadence = touch.step, touch.contact.cadence
    if step and step.kind == MEETING:
        done, cadence = "the meeting", AFTER_MEETING.name
    elif step and step.step:
        done = _in_stage(f"step {step.step}/{step.steps_total}", cadence)
    else:
        done = "a touch"
    follow = f" Next: {_in_stage(describe(touch.next), cadence)}." if touch.next else ""
    say(f"Logged {done} for {touch.contact.label}.{follow}")


def _in_stage(step: str, cadence: str | None) -> str:
    """``engaged step 2/4 …``: a stage's steps say which stage they are of."""
    return f"{cadence} {step}" if cadence in STAGE_CADENCES and step.startswith("step") else step


def replied(reply: "touches.Replied") -> None:
    person = reply.contact
    answer = reply.next
    say(
        f"{person.label} replied: engaged. "
        f"Next: {answer.action.lower()}, {_in_stage(describe(answer), ENGAGED.name)}."
    )
    say(f"Hint: once it is booked, run `followup meeting {person.id} --on DATE`.")


def booked(meeting: "touches.Booked") -> None:
    say(f"Meeting with {meeting.contact.label} on {display_day(meeting.meeting_on)}.")


def paused(pause: "schedule.Paused") -> None:
    say(
        f"Paused {pause.contact.label} until {display_day(pause.until)}: "
        f"{describe(pause.next)}, with a reminder to resume."
    )


def reminded(added: "reminders.Reminded") -> None:
    say(f"Reminder for {added.contact.label} on {display_day(added.due)}: {added.text}")


def reminders_done(finished: "reminders.RemindersDone") -> None:
    say(f"Done: {len(finished.done)} reminder(s) for {finished.contact.label}.")


def snoozed(moved: "schedule.Moved") -> None:
    say(f"Snoozed {moved.contact.label}: {describe(moved.next)}.")


def nurtured(kept: "schedule.Nurtured") -> None:
    say(f"Nurturing {kept.contact.label} every {kept.every}: {describe(kept.next)}.")


def restarted(again: "schedule.Restarted") -> None:
    say(f"Restarted {again.contact.label} on {again.cadence}: {describe(again.next)}.")


def warn_if_pipeline_thin(ctx: Context) -> None:
    """The thin-pipeline warning, at most once a day (see ``agenda.daily_warning``)."""
    breadth = agenda.daily_warning(ctx)
    if breadth:
        say(pipeline_warning(breadth) or "")


def pipeline_warning(breadth: agenda.Breadth) -> str | None:
    """A warning when fewer opportunities are, or will be, open than the target."""
    count = f"{breadth.open} open {'opportunity' if breadth.open == 1 else 'opportunities'}"
    if breadth.weeks_ahead is not None:
        when = (
            "by the end of this week"
            if breadth.weeks_ahead == 0
            else f"in {breadth.weeks_ahead} week{'s' if breadth.weeks_ahead > 1 else ''}"
        )
        return (
            f"Warning: pipeline will be thin {when}: {count} then if nobody new is added, "
            f"target {breadth.target} (pipeline.min_active). See `followup forecast`."
        )
    if not breadth.thin:
        return None
    return (
        f"Warning: pipeline is thin: {count}, target {breadth.target} "
        "(pipeline.min_active). Time to meet new people."
    )
