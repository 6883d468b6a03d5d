"""`forecast`: open opportunities per week ahead if nobody new is added."""

from typing import Annotated

import typer

from followup.cli import panels
from followup.cli.options import JsonFlag, context
from followup.cli.render import Column, Format, emit, say, write_json
from followup.services import forecast as service

app = typer.Typer()

TABLE = (Column("week", "week of"), Column("open", "open"), Column("below", "below target"))


@app.command(rich_help_panel=panels.REPORTS)
def forecast(
    invocation: typer.Context,
    weeks: Annotated[int, typer.Option(help="How many weeks ahead, this one first.")] = 8,
    as_json: JsonFlag = False,
) -> None:
    """Open opportunities at the end of each week ahead, if nobody new is added."""
    ctx = context(invocation)
    ahead = service.forecast(ctx, weeks)
    thin = ahead.thin_from
    per_week = [{"week": week.starts.isoformat(), "open": week.open} for week in ahead.weeks]
    if as_json:
        thin_from = thin.starts.isoformat() if thin else None
        write_json({"target": ahead.target, "thin_from": thin_from, "weeks": per_week})
        return
    shown = [
        {**row, "below": "yes" if week.open < ahead.target else ""}
        for row, week in zip(per_week, ahead.weeks, strict=True)
    ]
    emit(shown, TABLE, Format.TABLE, f"Open opportunities, target {ahead.target}")
    if thin:
        say(f"Below {ahead.target} (pipeline.min_active) from the week of {thin.starts}.")
