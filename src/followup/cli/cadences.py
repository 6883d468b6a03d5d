"""Cadences: the built-in ones and the user's, and what their dates would really be."""

from typing import Annotated

import typer

from followup.cli import panels
from followup.cli.app import HelpWhenBare
from followup.cli.options import JsonFlag, context
from followup.cli.render import Column, choose, day, emit
from followup.domain import cadence as engine
from followup.services import cadences

app = typer.Typer(
    cls=HelpWhenBare,
    name="cadence",
    help="Cadences: list, show, simulate.",
    no_args_is_help=True,
    rich_help_panel=panels.WORK,
)

NameArg = Annotated[str, typer.Argument(metavar="NAME", help="Cadence name.", show_default=False)]
STEP_COLUMNS = (
    Column("step", "step"),
    Column("wait", "wait (business days)"),
    Column("channel", "channel"),
    Column("action", "action", flexible=True),
)


@app.command("list")
def list_cadences(invocation: typer.Context, as_json: JsonFlag = False) -> None:
    """Every cadence you can use (built-in and from your config)."""
    records = [
        {
            "name": cadence.name,
            "steps": len(cadence.steps),
            "business_days": sum(step.wait for step in cadence.steps),
            "default": default,
            "description": cadence.description,
        }
        for cadence, default in cadences.cadences(context(invocation))
    ]
    columns = [
        Column(key, key.replace("_", " "), flexible=key == "description")
        for key in ("name", "steps", "business_days", "default", "description")
    ]
    emit(records, columns, choose(as_json, False))


@app.command("show")
def show_cadence(invocation: typer.Context, name: NameArg, as_json: JsonFlag = False) -> None:
    """The steps of one cadence."""
    cadence = cadences.cadence(context(invocation), name)
    records = [
        {"step": number, "wait": step.wait, "channel": step.channel, "action": step.action}
        for number, step in enumerate(cadence.steps, 1)
    ]
    emit(
        records,
        STEP_COLUMNS,
        choose(as_json, False),
        title=f"{cadence.name}: {cadence.description}",
    )


@app.command("simulate")
def simulate(
    invocation: typer.Context,
    name: NameArg,
    start: Annotated[
        str, typer.Option("--start", help="The day you met (default: today).")
    ] = "today",
    as_json: JsonFlag = False,
) -> None:
    """The real calendar of a cadence: weekends, holidays and away days skipped."""
    cadence, met_on, plans = cadences.simulate(context(invocation), name, start)
    records = [
        {
            "step": plan.step if plan.kind == engine.TOUCH else plan.kind,
            "due": plan.due.isoformat(),
            "day": day(plan.due)[:3],
            "channel": plan.channel,
            "action": plan.action,
        }
        for plan in plans
    ]
    columns = [
        Column("step", "step"),
        Column("day", ""),
        Column("due", "date"),
        Column("channel", "channel"),
        Column("action", "action", flexible=True),
    ]
    emit(records, columns, choose(as_json, False), title=f"{cadence.name} from {day(met_on)}")
