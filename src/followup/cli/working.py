"""Working the cadence: log a touch, record a reply or meeting, snooze, go away, close."""

import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from followup.cli import gate, panels
from followup.cli.agenda import warn_if_pipeline_thin
from followup.cli.options import (
    ContactArg,
    LessonOption,
    NoteOption,
    ReasonOption,
    WorkedOption,
)
from followup.cli.render import day, describe, say
from followup.cli.runtime import Runtime, runtime
from followup.domain import cadence as engine
from followup.domain import status
from followup.domain.calendar import BusinessCalendar, Period
from followup.domain.dates import parse_duration
from followup.errors import FollowupError, InvalidValue
from followup.storage.records import Contact, Pending

OUTCOMES = ("sent", "no-answer", "voicemail", "connected", "bounced")

app = typer.Typer()


def _contact(query: str) -> tuple[Runtime, Contact]:
    rt = runtime()
    return rt, rt.store.find_contact(query)


def _past_date(rt: Runtime, text: str | None, contact: Contact, what: str) -> date:
    """The day something happened: today by default, never in the future or before you met."""
    when = rt.date(text) if text is not None else rt.today
    if when > rt.today:
        raise InvalidValue(f"{what} cannot be in the future ({day(when)})")
    if when < contact.met_on:
        raise InvalidValue(
            f"{what} cannot be before you met {contact.name} on {day(contact.met_on)}"
        )
    return when


def _not_before_last_touch(rt: Runtime, contact: Contact, when: date, what: str) -> None:
    """Refuse a backdated touch that would reorder the timeline.

    Steps are scheduled from the latest touch, so a touch slipped in before it would
    show out of order and count the wrong step as the last one.
    """
    last = rt.store.last_touch_on(contact.id)
    if last is not None and when < last:
        raise InvalidValue(
            f"{what} cannot be before the last touch with {contact.name} on {day(last)}"
        )


def _check_unchanged(rt: Runtime, person: Contact, pending: Pending | None, doing: str) -> None:
    """Inside the write transaction: refuse if the pending follow-up read earlier was replaced.

    Another invocation (a script, a second terminal) may have logged, replied or
    restarted meanwhile; acting on the stale read would log a step twice.
    """
    if not rt.store.still_pending(person.id, pending):
        raise FollowupError(
            f"{person.label}'s follow-up changed while you were {doing}; run it again"
        )


def _choice(value: str | None, allowed: tuple[str, ...], option: str) -> str | None:
    if value is not None and value not in allowed:
        raise InvalidValue(f"{option} {value!r} is not one of: {', '.join(allowed)}")
    return value


@app.command(rich_help_panel=panels.WORK)
def log(
    contact: ContactArg,
    channel: Annotated[str | None, typer.Option(help="Default: the step's channel.")] = None,
    outcome: Annotated[str, typer.Option(help=f"One of: {', '.join(OUTCOMES)}.")] = "sent",
    note: NoteOption = None,
    on: Annotated[
        str | None, typer.Option("--on", help="When it happened (default: today).")
    ] = None,
    answer: Annotated[
        list[str] | None,
        typer.Option("--answer", "-a", metavar="KEY=TEXT", help="A value-check answer."),
    ] = None,
    answers: Annotated[
        Path | None, typer.Option("--answers", metavar="FILE", help="Answers as a TOML/JSON table.")
    ] = None,
    skip_check: Annotated[
        bool, typer.Option("--skip-check", help="Log without the value-check.")
    ] = False,
    reason: Annotated[
        str | None, typer.Option("--reason", help="Why the check is skipped.")
    ] = None,
) -> None:
    """Record an outbound touch for the pending step and schedule the next one."""
    rt, person = _contact(contact)
    _choice(channel, engine.CHANNELS, "--channel")
    _choice(outcome, OUTCOMES, "--outcome")
    touched_on = _past_date(rt, on, person, "a touch")
    _not_before_last_touch(rt, person, touched_on, "a touch")  # before anyone answers prompts
    pending = rt.store.pending(person.id)
    plan = pending.plan if pending else None
    if plan and plan.kind == engine.DECIDE:
        raise FollowupError(
            f"{person.label} finished the cadence: "
            "choose `nurture`, `restart` or `lost` instead of `log`"
        )
    given = gate.collect(answer, answers)
    history = rt.store.touches(person.id)
    silent = bool(history) and history[-1].direction == "out"
    gated = engine.needs_value_check(plan, silent)
    if skip_check and not (reason or "").strip():
        raise InvalidValue("--skip-check needs --reason TEXT saying why")
    checked = gated and not skip_check
    kept = gate.passes(rt, person, given) if checked else gate.unchecked(rt, given)
    next_plan = _after(rt, person, plan, touched_on)
    # The value-check may have waited on a human, so it ran before taking the write
    # lock; what it relied on is checked again now that nobody else can write.
    with rt.writing():
        _check_unchanged(rt, person, pending, "logging")
        _not_before_last_touch(rt, person, touched_on, "a touch")
        if pending:
            rt.store.close_pending(person.id, "done")
        rt.store.add_touch(
            person.id,
            {
                "happened_on": touched_on,
                "channel": channel or (plan.channel if plan and plan.channel else "email"),
                "direction": "out",
                "outcome": outcome,
                "note": note,
                "step": plan.step if plan else None,
                "check_skipped": gated and skip_check,
                "skip_reason": reason if gated and skip_check else None,
            },
            kept,
        )
        profile = gate.profile_updates(kept)
        if profile:
            rt.store.update_contact(person.id, profile)
        if next_plan:
            rt.store.schedule(person.id, next_plan)
    done = f"step {plan.step}/{plan.steps_total}" if plan and plan.step else "a touch"
    follow = f" Next: {describe(next_plan)}." if next_plan else ""
    say(f"Logged {done} for {person.label}.{follow}")


def _after(
    rt: Runtime, person: Contact, plan: engine.FollowUpPlan | None, touched_on: date
) -> engine.FollowUpPlan | None:
    if plan is None:
        return None
    if plan.kind == engine.NURTURE:
        every = (
            parse_duration(person.nurture_every)
            if person.nurture_every
            else rt.config.nurture_every
        )
        return engine.nurture_checkin(touched_on, every, rt.calendar)
    return engine.after_touch(
        rt.config.cadence(person.cadence), plan.step or 0, touched_on, rt.calendar
    )


def _move_to(rt: Runtime, person: Contact, new_status: str, **fields: object) -> None:
    """Set the contact's status (and ``fields``).

    Moving to an open status reopens the contact: the closing date and reason no
    longer apply, while what worked and the lesson stay as history.
    """
    reopened = {"closed_on": None, "close_reason": None} if new_status not in status.CLOSED else {}
    rt.store.update_contact(person.id, {"status": new_status, **reopened, **fields})


def _end_cadence(rt: Runtime, person: Contact, new_status: str, **fields: object) -> None:
    """Stop the cadence (no follow-up stays pending) and set the new status."""
    rt.store.close_pending(person.id, "cancelled")
    _move_to(rt, person, new_status, **fields)


@app.command(rich_help_panel=panels.WORK)
def reply(
    contact: ContactArg,
    via: Annotated[str, typer.Option(help="Channel they answered on.")] = "email",
    note: NoteOption = None,
    on: Annotated[str | None, typer.Option("--on", help="When (default: today).")] = None,
) -> None:
    """They answered: the contact becomes `engaged` and the cadence stops."""
    rt, person = _contact(contact)
    _choice(via, engine.CHANNELS, "--via")
    replied_on = _past_date(rt, on, person, "a reply")
    with rt.writing():
        _not_before_last_touch(rt, person, replied_on, "a reply")
        rt.store.add_touch(
            person.id,
            {
                "happened_on": replied_on,
                "channel": via,
                "direction": "in",
                "outcome": "replied",
                "note": note,
            },
            {},
        )
        _end_cadence(rt, person, status.ENGAGED)
    say(f"{person.label} replied: engaged, cadence stopped.")
    say(f"Hint: once it is booked, run `followup meeting {person.id} --on DATE`.")


@app.command(rich_help_panel=panels.WORK)
def meeting(
    contact: ContactArg,
    on: Annotated[str, typer.Option("--on", help="The meeting's date.")],
    note: NoteOption = None,
) -> None:
    """A meeting is booked: the contact's status becomes `meeting` and the cadence stops."""
    rt, person = _contact(contact)
    meeting_on = rt.date(on)
    if meeting_on < person.met_on:
        raise InvalidValue(
            f"a meeting cannot be before you met {person.name} on {day(person.met_on)}"
        )
    with rt.writing():
        _not_before_last_touch(rt, person, rt.today, "booking a meeting")
        _not_before_last_touch(rt, person, meeting_on, "a meeting")
        rt.store.add_touch(
            person.id,
            {
                "happened_on": rt.today,
                "channel": "other",
                "direction": "in",
                "outcome": "meeting-booked",
                "note": f"Meeting on {meeting_on.isoformat()}" + (f": {note}" if note else ""),
            },
            {},
        )
        _end_cadence(rt, person, status.MEETING, meeting_on=meeting_on)
    say(f"Meeting with {person.label} on {day(meeting_on)}.")


@app.command(rich_help_panel=panels.WORK)
def snooze(
    contact: ContactArg,
    until: Annotated[
        str, typer.Argument(help="New date for the pending follow-up.", show_default=False)
    ],
    reason: ReasonOption = None,
) -> None:
    """Move the pending follow-up; later steps follow from when you log it."""
    rt, person = _contact(contact)
    pending = rt.store.pending(person.id)
    if pending is None:
        raise FollowupError(f"{person.label} has no pending follow-up to snooze")
    plan = pending.plan.snoozed(snooze_target(rt, until), rt.calendar)
    with rt.writing():
        _check_unchanged(rt, person, pending, "snoozing")
        rt.store.reschedule(pending, plan, note=reason)
    say(f"Snoozed {person.label}: {describe(plan)}.")


def snooze_target(rt: Runtime, until: str) -> date:
    """The day a follow-up is snoozed to: any readable date from today on."""
    target = rt.date(until)
    if target < rt.today:
        raise InvalidValue(f"cannot snooze into the past ({day(target)})")
    return target


@app.command(rich_help_panel=panels.WORK)
def away(
    start: Annotated[
        str, typer.Argument(metavar="FROM", help="First day away.", show_default=False)
    ],
    end: Annotated[str, typer.Argument(metavar="TO", help="Last day away.", show_default=False)],
    reason: ReasonOption = None,
) -> None:
    """Take days off: follow-ups in the period move after it and waits skip it from now on."""
    rt = runtime()
    period = Period(rt.date(start), rt.date(end))
    if period.end < period.start:
        raise InvalidValue(f"TO ({day(period.end)}) is before FROM ({day(period.start)})")
    holidays = rt.config.public_holidays()  # before taking the write lock: it may load a package
    # Everything else is read inside the transaction: moves computed from an earlier read
    # would undo a parallel `away`, or move a follow-up that a parallel `log` just closed.
    with rt.writing():
        rt.store.add_away(period, reason)
        calendar = BusinessCalendar(holidays, rt.store.away_periods())
        moved = 0
        for pending in rt.store.all_pending():
            plan = pending.plan.recomputed(calendar)
            if plan.due != pending.plan.due:
                rt.store.reschedule(pending, plan)
                moved += 1
    say(f"Away {day(period.start)} to {day(period.end)}: moved {moved} follow-up(s).")


@app.command(rich_help_panel=panels.WORK)
def nurture(
    contact: ContactArg,
    every: Annotated[
        str | None, typer.Option(help="Interval, e.g. 60d, 8w, 2m (default from config).")
    ] = None,
) -> None:
    """Keep in touch at a long interval after a cadence."""
    rt, person = _contact(contact)
    interval = parse_duration(every) if every is not None else rt.config.nurture_every
    plan = engine.nurture_checkin(rt.today, interval, rt.calendar)
    with rt.writing():
        _move_to(rt, person, status.NURTURE, nurture_every=str(interval))
        rt.store.schedule(person.id, plan)
    say(f"Nurturing {person.label} every {interval}: {describe(plan)}.")


@app.command(rich_help_panel=panels.WORK)
def restart(
    contact: ContactArg,
    cadence: Annotated[
        str | None, typer.Option(help="Cadence to run (default: the contact's).")
    ] = None,
) -> None:
    """Start a cadence again from step 1, e.g. with a new angle: --cadence new-angle."""
    rt, person = _contact(contact)
    chosen = rt.config.cadence(cadence or person.cadence)
    plan = engine.first_step(chosen, rt.today, rt.calendar)
    with rt.writing():
        _move_to(rt, person, status.ACTIVE, cadence=chosen.name)
        rt.store.schedule(person.id, plan)
    say(f"Restarted {person.label} on {chosen.name}: {describe(plan)}.")


def _close(
    contact: str,
    closing: str,
    on: str | None = None,
    reason: str | None = None,
    worked: str | None = None,
    lesson: str | None = None,
    ask_lessons: bool = True,
) -> None:
    """Close as won, lost or archived; only what is given changes.

    Closing a contact again in the same status changes only the reason, what
    worked and the lesson given, so a second `lost` never erases the lesson
    written the first time.
    """
    rt, person = _contact(contact)
    again = person.status == closing
    closed_on = _past_date(rt, on, person, f"closing as {closing}")
    if again and on is None and reason is None and worked is None and lesson is None:
        when = f" since {day(person.closed_on)}" if person.closed_on else ""
        hint = (
            "; to change what was kept, give --lesson, --worked or --reason" if ask_lessons else ""
        )
        raise FollowupError(f"{person.label} is already {closing}{when}{hint}")
    if ask_lessons and (worked is None or lesson is None) and sys.stdin.isatty():
        from followup.cli import interactive

        worked, lesson = interactive.ask_lessons(
            closing, worked, lesson, earlier=(person.worked, person.lesson)
        )
    lessons = {key: value for key, value in (("worked", worked), ("lesson", lesson)) if value}
    with rt.writing():
        _not_before_last_touch(rt, person, closed_on, f"closing as {closing}")
        if again:
            changes = {**lessons, **({"close_reason": reason} if reason is not None else {})}
            rt.store.update_contact(person.id, changes | ({"closed_on": closed_on} if on else {}))
        else:
            # What worked and the lesson stay from an earlier closing unless new ones are given.
            _end_cadence(rt, person, closing, closed_on=closed_on, close_reason=reason, **lessons)
    say(f"{person.label}: {closing}" + (" (updated)." if again else "."))
    if ask_lessons and not (worked or lesson or person.worked or person.lesson):
        say("Hint: keep the lesson for next time with --worked TEXT and --lesson TEXT.")
    warn_if_pipeline_thin(rt)


OnOption = Annotated[str | None, typer.Option("--on", help="When it was decided (default: today).")]


@app.command(rich_help_panel=panels.WORK)
def won(
    contact: ContactArg,
    worked: WorkedOption = None,
    lesson: LessonOption = None,
    on: OnOption = None,
) -> None:
    """Close as won; asks what worked and what you could have done more."""
    _close(contact, status.WON, on, worked=worked, lesson=lesson)


@app.command(rich_help_panel=panels.WORK)
def lost(
    contact: ContactArg,
    reason: ReasonOption = None,
    worked: WorkedOption = None,
    lesson: LessonOption = None,
    on: OnOption = None,
) -> None:
    """Close as lost; asks what worked and what you could have done more."""
    _close(contact, status.LOST, on, reason, worked, lesson)


@app.command(rich_help_panel=panels.WORK)
def archive(contact: ContactArg) -> None:
    """Put a contact away: no more follow-ups, kept for the record."""
    _close(contact, status.ARCHIVED, ask_lessons=False)
