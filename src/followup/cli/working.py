"""Working the cadence: log a touch, record a reply or meeting, snooze, go away, close."""

from typing import Annotated

import typer

from followup.cli import panels, said
from followup.cli.options import (
    AnswerOption,
    AnswersFileOption,
    ContactArg,
    LessonOption,
    NoteOption,
    ReasonOption,
    SkipCheckOption,
    SkipReasonOption,
    WorkedOption,
    context,
    parse_answer_options,
)
from followup.cli.render import day, say
from followup.context import Context
from followup.domain import status
from followup.domain.cadence import describe
from followup.errors import UsageError
from followup.services import closing, schedule, touches

app = typer.Typer()

OnOption = Annotated[str | None, typer.Option("--on", help="When it was decided (default: today).")]


@app.command(rich_help_panel=panels.WORK)
def log(
    invocation: typer.Context,
    contact: ContactArg,
    channel: Annotated[str | None, typer.Option(help="Default: the step's channel.")] = None,
    outcome: Annotated[str, typer.Option(help=f"One of: {', '.join(touches.OUTCOMES)}.")] = "sent",
    note: NoteOption = None,
    on: Annotated[
        str | None, typer.Option("--on", help="When it happened (default: today).")
    ] = None,
    answer: AnswerOption = None,
    answers: AnswersFileOption = None,
    skip_check: SkipCheckOption = False,
    reason: SkipReasonOption = None,
) -> None:
    """Record an outbound touch for the pending step and schedule the next one."""
    request = touches.LogTouch(
        contact,
        channel=channel,
        outcome=outcome,
        note=note,
        on=on,
        answers=parse_answer_options(answer),
        answers_file=answers,
        skip_check=skip_check,
        reason=reason,
    )
    said.logged(touches.log_touch(context(invocation), request))


@app.command(rich_help_panel=panels.WORK)
def reply(
    invocation: typer.Context,
    contact: ContactArg,
    via: Annotated[str, typer.Option(help="Channel they answered on.")] = "email",
    note: NoteOption = None,
    on: Annotated[str | None, typer.Option("--on", help="When (default: today).")] = None,
    ooo: Annotated[
        bool, typer.Option("--ooo", help="An out-of-office reply: pause them --until DATE.")
    ] = False,
    until: Annotated[
        str | None, typer.Option(help="With --ooo: the last day they are away.")
    ] = None,
) -> None:
    """They answered: the contact becomes `engaged`; answering them is due next."""
    ctx = context(invocation)
    if ooo or until:
        if not (ooo and until):
            raise UsageError("--ooo and --until go together: `reply CONTACT --ooo --until DATE`")
        if on:
            raise UsageError("an out-of-office reply is recorded today: leave out --on")
        said.paused(schedule.pause(ctx, schedule.Pause(contact, until, note, replied_via=via)))
        return
    said.replied(touches.record_reply(ctx, touches.RecordReply(contact, via, note, on)))


@app.command(rich_help_panel=panels.WORK)
def meeting(
    invocation: typer.Context,
    contact: ContactArg,
    on: Annotated[str, typer.Option("--on", help="The meeting's date.")],
    note: NoteOption = None,
) -> None:
    """A meeting is booked: the meeting is their next item, then the recap."""
    said.booked(touches.book_meeting(context(invocation), touches.BookMeeting(contact, on, note)))


@app.command(rich_help_panel=panels.WORK)
def snooze(
    invocation: typer.Context,
    contact: ContactArg,
    until: Annotated[
        str, typer.Argument(help="New date for the pending follow-up.", show_default=False)
    ],
    reason: ReasonOption = None,
) -> None:
    """Move the pending follow-up; later steps follow from when you log it."""
    said.snoozed(schedule.snooze(context(invocation), contact, until, reason))


@app.command(rich_help_panel=panels.WORK)
def pause(
    invocation: typer.Context,
    contact: ContactArg,
    until: Annotated[str, typer.Option(help="The last day they are away.", show_default=False)],
    note: NoteOption = None,
) -> None:
    """Out of office: the pending step waits until the business day after --until."""
    said.paused(schedule.pause(context(invocation), schedule.Pause(contact, until, note)))


@app.command(rich_help_panel=panels.WORK)
def resume(invocation: typer.Context, contact: ContactArg) -> None:
    """End a pause early: the step they waited for is due today."""
    moved = schedule.resume(context(invocation), contact)
    say(f"Resumed {moved.contact.label}: {describe(moved.next)}.")


@app.command(rich_help_panel=panels.WORK)
def away(
    invocation: typer.Context,
    start: Annotated[
        str, typer.Argument(metavar="FROM", help="First day away.", show_default=False)
    ],
    end: Annotated[str, typer.Argument(metavar="TO", help="Last day away.", show_default=False)],
    reason: ReasonOption = None,
) -> None:
    """Take days off: follow-ups in the period move after it and waits skip it from now on."""
    gone = schedule.go_away(context(invocation), start, end, reason)
    period = gone.period
    say(f"Away {day(period.start)} to {day(period.end)}: moved {gone.moved} follow-up(s).")


@app.command(rich_help_panel=panels.WORK)
def respace(
    invocation: typer.Context,
    per_day: Annotated[
        int | None, typer.Option(min=1, help="Items a day (default: today.capacity, or 10).")
    ] = None,
    start: Annotated[str | None, typer.Option("--from", help="First day (default: today).")] = None,
) -> None:
    """Spread an overdue backlog over the coming business days, keeping its order."""
    spread = schedule.respace(context(invocation), per_day, start)
    if not spread.moved:
        say("Nothing due to spread.")
        return
    first, last = spread.moved[0].due, spread.moved[-1].due
    say(
        f"Spread {len(spread.moved)} follow-up(s), {spread.per_day} a day, "
        f"from {day(first)} to {day(last)}."
    )


@app.command(rich_help_panel=panels.WORK)
def nurture(
    invocation: typer.Context,
    contact: ContactArg,
    every: Annotated[
        str | None, typer.Option(help="Interval, e.g. 60d, 8w, 2m (default from config).")
    ] = None,
) -> None:
    """Keep in touch at a long interval after a cadence."""
    said.nurtured(schedule.nurture(context(invocation), contact, every))


@app.command(rich_help_panel=panels.WORK)
def restart(
    invocation: typer.Context,
    contact: ContactArg,
    cadence: Annotated[
        str | None, typer.Option(help="Cadence to run (default: the contact's).")
    ] = None,
) -> None:
    """Start a cadence again from step 1, e.g. with a new angle: --cadence new-angle."""
    said.restarted(schedule.restart(context(invocation), contact, cadence))


def close(ctx: Context, request: closing.Close) -> None:
    """Close, say so, and warn when the pipeline is left thin (also for `today -i`)."""
    closed = closing.close(ctx, request)
    say(f"{closed.contact.label}: {request.closing}" + (" (updated)." if closed.again else "."))
    if request.ask_lessons and not closed.kept_lessons:
        say("Hint: keep the lesson for next time with --worked TEXT and --lesson TEXT.")
    said.held(closed.held)
    said.warn_if_pipeline_thin(ctx)


@app.command(rich_help_panel=panels.WORK)
def won(
    invocation: typer.Context,
    contact: ContactArg,
    worked: WorkedOption = None,
    lesson: LessonOption = None,
    on: OnOption = None,
) -> None:
    """Close as won; asks what worked and what you could have done more."""
    close(context(invocation), closing.Close(contact, status.WON, on, worked=worked, lesson=lesson))


@app.command(rich_help_panel=panels.WORK)
def lost(
    invocation: typer.Context,
    contact: ContactArg,
    reason: ReasonOption = None,
    worked: WorkedOption = None,
    lesson: LessonOption = None,
    on: OnOption = None,
) -> None:
    """Close as lost; asks what worked and what you could have done more."""
    close(context(invocation), closing.Close(contact, status.LOST, on, reason, worked, lesson))


@app.command(rich_help_panel=panels.WORK)
def archive(invocation: typer.Context, contact: ContactArg) -> None:
    """Put a contact away: no more follow-ups, kept for the record."""
    close(context(invocation), closing.Close(contact, status.ARCHIVED, ask_lessons=False))
