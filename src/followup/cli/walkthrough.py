"""`today -i`: each due item in turn, with its context, then what to do about it.

A loop over the same services the commands call; the prompts go to stderr, so
stdout stays clean even here.
"""

from collections import Counter
from collections.abc import Callable, Sequence

from followup.cli import said, working
from followup.cli.render import as_markup, day, err
from followup.context import Context
from followup.domain import status
from followup.domain.accounts import LOST, OFFERED, REPLIED, WAIT
from followup.domain.cadence import ACCOUNT_ITEM, DECIDE, REMINDER, describe
from followup.domain.records import DueItem
from followup.errors import FollowupError, InvalidValue, UsageError
from followup.services import accounts, closing, reminders, schedule, touches
from followup.services.lessons import lessons_for

# What can be done about each kind of item, the usual first.
FOLLOW_UP_ACTIONS = ["log", "reply", "meeting", "pause", "remind", "snooze", "lost", "skip", "show"]
ACTIONS = {
    DECIDE: ["nurture", "restart", "lost", "skip", "show"],
    REMINDER: ["done", "log", "skip", "show"],
}
# How each action counts in the summary at the end.
COUNTED_AS = {"log": "logged", "reply": "logged", "meeting": "logged", "snooze": "snoozed"}
SKIPPED = "skipped"  # an account item decided on for nobody: still left
QUIT = "quit"


def work_through(ctx: Context, items: Sequence[DueItem]) -> None:
    """For each due item show its context, then what to do about it; a summary at the end."""
    from rich.prompt import Prompt

    if not ctx.interaction.interactive:
        raise UsageError("today -i needs a terminal; use `followup log` in scripts")
    console = err()
    if not items:
        console.print("Nothing due today.")
        return
    tally = Counter[str]()
    for number, item in enumerate(items, 1):
        console.rule(f"{number}/{len(items)}")
        if item.kind == ACCOUNT_ITEM:
            counted, quitting = _decide_for_account(ctx, item)
            tally[counted] += 1
            if quitting:
                break
            continue
        _show_context(ctx, item)
        choices = [*ACTIONS.get(item.kind, FOLLOW_UP_ACTIONS), QUIT]
        action = "show"
        while action == "show":
            action = Prompt.ask("What now?", console=console, choices=choices, default=choices[0])
            if action == "show":
                _show_more(ctx, item)
        if action == QUIT:
            break
        if action == "skip":
            continue
        try:
            _do(ctx, action, item)
        except FollowupError as error:
            console.print(f"[red]{as_markup(str(error))}[/red]")
            continue
        tally[COUNTED_AS.get(action, "handled")] += 1
    left = len(items) - sum(count for what, count in tally.items() if what != SKIPPED)
    done = ", ".join(f"{count} {what}" for what, count in tally.items() if what != SKIPPED)
    console.print(f"Done for now: {done + ', ' if done else ''}{left} left.")


def _decide_for_account(ctx: Context, item: DueItem) -> tuple[str, bool]:
    """The account item: who waits for its one conversation, then what happens to them.

    After a loss each of them is decided on in turn; otherwise one choice is for all.
    How it counts in the summary ("decided", or SKIPPED), and whether to stop the walk.
    """
    from rich.prompt import Prompt

    console = err()
    assert item.account_id is not None  # an account item is about one
    account = ctx.storage.accounts.get(item.account_id)
    waiting = accounts.waiting(ctx, account)
    console.print(f"[bold]{as_markup(account.name)}[/bold]  {as_markup(item.action)}")
    for person in waiting:
        step = ctx.storage.followups.pending(person.id)
        next_step = f": {describe(step.plan)}" if step else ""
        console.print(f"  waits: {as_markup(person.label)}{as_markup(next_step)}")
    offered = list(OFFERED.get(account.held_because or "", OFFERED[REPLIED]))
    each = account.held_because == LOST
    decided = False
    for chosen in waiting if each else [None]:
        prompt = f"{chosen.name}?" if chosen else "The others?"
        choices = [*offered, "skip", QUIT]
        choice = Prompt.ask(prompt, console=console, choices=choices, default=offered[0])
        if choice == QUIT:
            return ("decided" if decided else SKIPPED), True
        if choice == "skip":
            continue
        until = _ask_day(ctx, "Wait until", "+2w", schedule.snooze_day) if choice == WAIT else None
        only = (str(chosen.id),) if chosen else ()
        try:
            done = accounts.decide(ctx, accounts.Decision(account.name, choice, until, only))
        except FollowupError as error:
            console.print(f"[red]{as_markup(str(error))}[/red]")
            continue
        said.decided(done)
        decided = True
    return ("decided" if decided else SKIPPED), False


def _do(ctx: Context, action: str, item: DueItem) -> None:
    from rich.prompt import Prompt

    contact = str(item.contact_id)
    console = err()
    if action == "log":
        # The value check first: what new value this touch brings decides what it says.
        answers = touches.check_value(ctx, contact)
        outcome = Prompt.ask(
            "Outcome", console=console, choices=list(touches.OUTCOMES), default="sent"
        )
        note = Prompt.ask("Note", console=console, default="", show_default=False).strip() or None
        request = touches.LogTouch(contact, outcome=outcome, note=note, answers=answers)
        said.logged(touches.log_touch(ctx, request))
    elif action == "reply":
        said.replied(touches.record_reply(ctx, touches.RecordReply(contact)))
    elif action == "meeting":
        on = _ask_day(ctx, "Meeting on", "+2bd", Context.day)
        said.booked(touches.book_meeting(ctx, touches.BookMeeting(contact, on)))
    elif action == "pause":
        until = _ask_day(ctx, "Away until", "+1w", schedule.snooze_day)
        said.paused(schedule.pause(ctx, schedule.Pause(contact, until)))
    elif action == "remind":
        when = _ask_day(ctx, "Remind on", "+3bd", schedule.snooze_day)
        text = Prompt.ask("Remind of", console=console).strip()
        said.reminded(reminders.remind(ctx, contact, when, text))
    elif action == "done":
        said.reminders_done(reminders.done(ctx, contact))
    elif action == "snooze":
        said.snoozed(
            schedule.snooze(
                ctx, contact, _ask_day(ctx, "Snooze until", "+3bd", schedule.snooze_day)
            )
        )
    elif action == "nurture":
        said.nurtured(schedule.nurture(ctx, contact))
    elif action == "restart":
        said.restarted(schedule.restart(ctx, contact))
    elif action == "lost":
        reason = (
            Prompt.ask("Why lost?", console=console, default="", show_default=False).strip() or None
        )
        working.close(ctx, closing.Close(contact, status.LOST, reason=reason))


def _ask_day(
    ctx: Context, question: str, default: str, check: Callable[[Context, str], object]
) -> str:
    """A day, asked again until it reads as one (a typo skips nobody)."""
    from rich.prompt import Prompt

    console = err()
    while True:
        answer = Prompt.ask(question, console=console, default=default)
        try:
            check(ctx, answer)
        except InvalidValue as error:
            console.print(f"  [yellow]{as_markup(str(error))}[/yellow]")
            continue
        return answer


def _show_more(ctx: Context, item: DueItem) -> None:
    """How to reach them, their notes, and every touch (`show` in `today -i`)."""
    person = ctx.storage.contacts.get(item.contact_id)
    console = err()
    _print_fields(
        (("email", person.email), ("phone", person.phone), ("linkedin", person.linkedin),
         ("notes", person.notes))
    )  # fmt: skip
    for touch in ctx.storage.touches.of(person.id):
        line = f"{day(touch.happened_on)} {touch.direction} {touch.channel} {touch.outcome}"
        note = f": {touch.note}" if touch.note else ""
        console.print(f"  [dim]{as_markup(line + note)}[/dim]")


def _print_fields(fields: Sequence[tuple[str, str | None]]) -> None:
    """Each field that has a value, on a line of its own."""
    console = err()
    for label, value in fields:
        if value:
            console.print(f"  [dim]{label}:[/dim] {as_markup(value)}")


def _show_context(ctx: Context, item: DueItem) -> None:
    person = ctx.storage.contacts.get(item.contact_id)
    console = err()
    where = ", ".join(part for part in (person.title, person.company) if part)
    shown_where = f"  {as_markup(where)}" if where else ""
    console.print(f"[bold]{as_markup(person.name)}[/bold]{shown_where}")
    event = person.event_name
    console.print(f"  met {day(person.met_on)}" + (f" at {as_markup(event)}" if event else ""))
    _print_fields(
        (
            ("discussed", person.discussed),
            ("promised", person.promised),
            ("problem", person.problem),
            ("decider", person.decider),
        )
    )
    if item.decider_id is not None:
        console.print(f"  [dim]decides:[/dim] {as_markup(f'{item.decider} (#{item.decider_id})')}")
    # Before the value check: what earlier deals taught may be the new value to bring.
    for lesson in lessons_for(ctx, person):
        console.print(f"  [dim]lesson:[/dim] {as_markup(said.lesson_line(lesson))}")
    history = ctx.storage.touches.of(person.id)
    if history:
        last = history[-1]
        console.print(
            f"  [dim]last touch:[/dim] {day(last.happened_on)} {last.channel} {last.outcome}"
        )
    step = (
        f"step {item.step}/{item.steps_total} {item.channel}: " if item.step else f"{item.kind}: "
    )
    late = item.days_overdue(ctx.today)
    console.print(
        f"  [bold]{step}[/bold]{as_markup(item.action)}"
        + (f" [red]({late}d late)[/red]" if late else "")
    )
