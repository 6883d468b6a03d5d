"""`today -i`: each due item in turn, with its context, then what to do about it.

A loop over the same services the commands call; the prompts go to stderr, so
stdout stays clean even here.
"""

from collections.abc import Sequence

from followup.cli import said, working
from followup.cli.render import as_markup, day, err
from followup.context import Context
from followup.domain import status
from followup.domain.cadence import DECIDE
from followup.domain.records import DueItem
from followup.errors import FollowupError, InvalidValue, UsageError
from followup.services import closing, schedule, touches


def work_through(ctx: Context, items: Sequence[DueItem]) -> None:
    """For each due item show its context, then log, reply, snooze, skip or quit."""
    from rich.prompt import Prompt

    if not ctx.interaction.interactive:
        raise UsageError("today -i needs a terminal; use `followup log` in scripts")
    console = err()
    if not items:
        console.print("Nothing due today.")
        return
    for number, item in enumerate(items, 1):
        console.rule(f"{number}/{len(items)}")
        _show_context(ctx, item)
        choices = (
            ["nurture", "restart", "lost", "skip", "quit"]
            if item.kind == DECIDE
            else ["log", "reply", "snooze", "skip", "quit"]
        )
        action = Prompt.ask("What now?", console=console, choices=choices, default=choices[0])
        if action == "quit":
            break
        if action == "skip":
            continue
        try:
            _do(ctx, action, item)
        except FollowupError as error:
            console.print(f"[red]{as_markup(str(error))}[/red]")


def _do(ctx: Context, action: str, item: DueItem) -> None:
    from rich.prompt import Prompt

    contact = str(item.contact_id)
    console = err()
    if action == "log":
        outcome = Prompt.ask(
            "Outcome", console=console, choices=list(touches.OUTCOMES), default="sent"
        )
        note = Prompt.ask("Note", console=console, default="", show_default=False).strip() or None
        said.logged(touches.log_touch(ctx, touches.LogTouch(contact, outcome=outcome, note=note)))
    elif action == "reply":
        said.replied(touches.record_reply(ctx, touches.RecordReply(contact)))
    elif action == "snooze":
        said.snoozed(schedule.snooze(ctx, contact, _ask_snooze_day(ctx)))
    elif action == "nurture":
        said.nurtured(schedule.nurture(ctx, contact))
    elif action == "restart":
        said.restarted(schedule.restart(ctx, contact))
    elif action == "lost":
        reason = (
            Prompt.ask("Why lost?", console=console, default="", show_default=False).strip() or None
        )
        working.close(ctx, closing.Close(contact, status.LOST, reason=reason))


def _ask_snooze_day(ctx: Context) -> str:
    """A day to snooze to, asked again until it reads as one (a typo skips nobody)."""
    from rich.prompt import Prompt

    console = err()
    while True:
        until = Prompt.ask("Snooze until", console=console, default="+3bd")
        try:
            schedule.snooze_day(ctx, until)
        except InvalidValue as error:
            console.print(f"  [yellow]{as_markup(str(error))}[/yellow]")
            continue
        return until


def _show_context(ctx: Context, item: DueItem) -> None:
    person = ctx.storage.contacts.get(item.contact_id)
    console = err()
    where = ", ".join(part for part in (person.title, person.company) if part)
    shown_where = f"  {as_markup(where)}" if where else ""
    console.print(f"[bold]{as_markup(person.name)}[/bold]{shown_where}")
    event = person.event_name
    console.print(f"  met {day(person.met_on)}" + (f" at {as_markup(event)}" if event else ""))
    for label, value in (
        ("discussed", person.discussed),
        ("promised", person.promised),
        ("problem", person.problem),
        ("decider", person.decider),
    ):
        if value:
            console.print(f"  [dim]{label}:[/dim] {as_markup(value)}")
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
