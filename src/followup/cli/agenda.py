"""The daily driver: what is due today, and what comes next."""

from typing import Annotated, Any

import typer

from followup.cli import panels, said
from followup.cli.options import CsvFlag, JsonFlag, OwnerOption, TeamFlag, context
from followup.cli.render import Column, Format, choose, emit, say
from followup.context import Context
from followup.domain.records import DueItem
from followup.services import agenda, owners

app = typer.Typer()


DUE_KEYS = (
    "contact_id",
    "name",
    "company",
    "kind",
    "due",
    "days_overdue",
    "step",
    "steps_total",
    "channel",
    "action",
    "stage",
    "cadence",
    "fallback_from",
    "local_time",
    "in_call_hours",
    "account_id",
    "account",
    "decider_id",
    "decider",
)
DUE_TABLE = (
    Column("contact_id", "id", style="dim"),
    Column("name", "name", style="bold", flexible=True),
    Column("company", "company", flexible=True),
    Column("what", "what"),
    Column("when", "due"),
    Column("action", "action", flexible=True),
)


def due_record(item: DueItem, ctx: Context) -> dict[str, Any]:
    """A follow-up as the JSON object `today --json` promises."""
    today = ctx.today
    local = agenda.their_clock(ctx, item)
    return {
        "contact_id": item.contact_id,
        "name": item.name,
        "company": item.company,
        "kind": item.kind,
        "due": item.due.isoformat(),
        "days_overdue": item.days_overdue(today),
        "step": item.step,
        "steps_total": item.steps_total,
        "channel": item.channel,
        "action": item.action,
        "stage": item.stage,
        "cadence": item.cadence,
        "fallback_from": item.fallback_from,
        "local_time": local.time.strftime("%H:%M") if local else None,
        "in_call_hours": local.in_hours if local else None,
        "account_id": item.account_id,
        "account": item.account,
        "decider_id": item.decider_id,
        "decider": item.decider,
    }


def what(record: dict[str, Any]) -> str:
    """An item in a few characters: ``3/7 call``, ``engaged 1/4 email``, ``decide``."""
    if record["step"] is None:
        return str(record["kind"])
    step = f"{record['step']}/{record['steps_total']} {record['channel']}"
    shown = step if record["stage"] == "silent" else f"{record['stage']} {step}"
    return shown if record["kind"] == "touch" else f"{record['kind']} {shown}"


def when(record: dict[str, Any]) -> str:
    late = record["days_overdue"]
    return f"{late}d late" if late else str(record["due"])


def _with_labels(record: dict[str, Any]) -> dict[str, Any]:
    """Adds the short human columns the table shows."""
    action = record["action"]
    if record["fallback_from"]:
        action = f"({record['fallback_from']} does not reach them: {record['channel']}) {action}"
    if record["local_time"]:
        hours = "in calling hours" if record["in_call_hours"] else "outside calling hours"
        action = f"(their {record['local_time']}, {hours}) {action}"
    if record["decider_id"] is not None:
        action = f"(decides: {record['decider']} #{record['decider_id']}) {action}"
    return {**record, "what": what(record), "when": when(record), "action": action}


def _emit_due(ctx: Context, items: list[DueItem], fmt: Format, title: str) -> None:
    records = [due_record(item, ctx) for item in items]
    if fmt is Format.TABLE:
        emit([_with_labels(record) for record in records], DUE_TABLE, fmt, title)
    else:
        emit(records, [Column(key, key) for key in DUE_KEYS], fmt)


@app.command(rich_help_panel=panels.EVERY_DAY)
def today(
    invocation: typer.Context,
    limit: Annotated[int | None, typer.Option(min=1, help="Show at most N.")] = None,
    most: Annotated[
        int | None,
        typer.Option(
            "--max",
            min=1,
            help="Show the N most urgent and how many more (default: today.capacity).",
        ),
    ] = None,
    as_json: JsonFlag = False,
    as_csv: CsvFlag = False,
    count: Annotated[bool, typer.Option("--count", help="Print only how many are due.")] = False,
    interactive: Annotated[
        bool, typer.Option("--interactive", "-i", help="Walk through them one by one.")
    ] = False,
    owner: OwnerOption = None,
    team: TeamFlag = False,
) -> None:
    """Due and overdue follow-ups, most urgent first (first touches, then most overdue)."""
    fmt = choose(as_json, as_csv)
    ctx = context(invocation)
    owner = owners.whose(ctx, owner, team)
    if count:
        print(agenda.due_count(ctx, owner))
        return
    most = most or ctx.config.capacity
    shown = min(n for n in (limit, most) if n) if limit or most else None
    items = agenda.due(ctx, shown, owner)
    more = agenda.due_count(ctx, owner) - len(items) if most else 0
    if interactive:
        from followup.cli.walkthrough import work_through

        work_through(ctx, items)
        return
    if fmt is Format.TABLE and not items:
        say("Nothing due today. Meet someone new, or see `followup upcoming`.")
        return
    # Read before any output, so that a bad config fails the command cleanly.
    breadth = agenda.daily_warning(ctx) if fmt is Format.TABLE else None
    _emit_due(ctx, items, fmt, f"Due {ctx.today.isoformat()}")
    if more:
        say(f"… and {more} more: `today --max N` shows more, `respace` spreads them over days.")
    elif fmt is Format.TABLE and (backlog := agenda.backlog_after_away(ctx)):
        say(
            f"Hint: back from time off with {backlog} due: `followup respace` spreads them over "
            "the coming days."
        )
    if breadth:
        say(said.pipeline_warning(breadth) or "")


@app.command(rich_help_panel=panels.EVERY_DAY)
def upcoming(
    invocation: typer.Context,
    days: Annotated[int, typer.Option(min=1, max=36500, help="How many days ahead.")] = 7,
    as_json: JsonFlag = False,
    as_csv: CsvFlag = False,
) -> None:
    """What falls due in the next N days (after today)."""
    fmt = choose(as_json, as_csv)
    ctx = context(invocation)
    items = agenda.upcoming(ctx, days)
    if fmt is Format.TABLE and not items:
        say(f"Nothing due in the next {days} days.")
        return
    _emit_due(ctx, items, fmt, f"Due in the next {days} days")
