"""What a command says once its service has done the work.

The same lines whether the command ran on its own or from `today -i`: a person
learns one set of messages.
"""

import shlex
from typing import TYPE_CHECKING

from followup.cli.render import say
from followup.context import Context
from followup.domain.accounts import CONTINUE, LOST, NURTURE, OFFERED, REPLIED, STOP, WAIT
from followup.domain.cadence import AFTER_MEETING, ENGAGED, MEETING, STAGE_CADENCES, describe
from followup.domain.dates import display_day
from followup.services import agenda

if TYPE_CHECKING:
    # Only their results' types: `today` says a warning, and must not load `log`'s code.
    from followup.domain.records import Lesson
    from followup.services import accounts, deciders, reminders, schedule, touches


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
    decider(touch.decider)
    held(touch.held)


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
    held(reply.held)


def booked(meeting: "touches.Booked") -> None:
    say(f"Meeting with {meeting.contact.label} on {display_day(meeting.meeting_on)}.")
    held(meeting.held)


def held(waiting: "accounts.Held | None") -> None:
    """The colleagues whose cadences now wait for the one conversation at their account."""
    if waiting is None:
        return
    account = waiting.account
    choices = "|".join(OFFERED.get(account.held_because or "", OFFERED[REPLIED]))
    ask = f"(`followup today`, or `followup account {choices} {shlex.quote(account.name)}`)"
    theirs = f"{waiting.colleagues} of your colleagues' contacts"
    if waiting.waiting:
        people = ", ".join(f"{person.name} (#{person.id})" for person in waiting.waiting)
        also = f"; {theirs} wait for their owners to decide" if waiting.colleagues else ""
        verb = "waits" if len(waiting.waiting) == 1 else "wait"
        say(f"One conversation at {account.name}: {people} {verb} until you decide {ask}{also}.")
    else:
        say(f"One conversation at {account.name}: {theirs} wait for their owners to decide.")


def decided(done: "accounts.Decided") -> None:
    """What became of the colleagues who waited for the one conversation at an account."""
    people = ", ".join(f"{person.name} (#{person.id})" for person in done.contacts)
    what = {
        CONTINUE: "cadences go on",
        WAIT: f"wait until {display_day(done.until)}" if done.until else "wait",
        STOP: "archived",
        NURTURE: "nurtured",
        LOST: "lost",
    }[done.choice]
    left = f"; {done.still_waiting} still wait" if done.still_waiting else ""
    say(f"{done.account.name}: {people}: {what}{left}.")


def decider(named: "deciders.DeciderNamed | None") -> None:
    """Who a decider answer or --decider text named: linked, or how to add them."""
    if named is None:
        return
    person = named.contact
    if named.linked is not None:
        say(f"Linked {named.linked.name} (#{named.linked.id}) as the decider for {person.label}.")
    elif named.add_command:
        say(f"{named.missing} decides for {person.name} but is not a contact: {named.add_command}")


def lessons(found: "list[Lesson]", who: str | None = None) -> None:
    """Lessons that come back, a line each, with who taught them and when."""
    if not found:
        return
    say(f"Lessons that come back{f' for {who}' if who else ''}:")
    for lesson in found:
        say(f"  {lesson_line(lesson)}")


def lesson_line(lesson: "Lesson") -> str:
    """``same account: Anna Keller (#3), lost Thu 2026-03-12 — do more of: …``"""
    person = lesson.contact
    when = f" {display_day(person.closed_on)}" if person.closed_on else ""
    taught = [
        text
        for text in (
            f"what worked: {person.worked}" if person.worked else None,
            f"do more of: {person.lesson}" if person.lesson else None,
        )
        if text
    ]
    return (
        f"same {lesson.because}: {person.name} (#{person.id}), {person.status}{when} — "
        + "; ".join(taught)
    )


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
