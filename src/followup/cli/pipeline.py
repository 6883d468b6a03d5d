"""`pipeline`: one row per open contact, with their stage, silence and next item."""

from typing import Annotated, Any

import typer

from followup.cli import panels
from followup.cli.agenda import what, when
from followup.cli.options import CsvFlag, JsonFlag, OwnerOption, TeamFlag, context
from followup.cli.render import Column, Format, choose, emit, say
from followup.domain.cadence import STAGES
from followup.domain.records import PipelineRow
from followup.services import owners
from followup.services import pipeline as service

app = typer.Typer()

KEYS = (
    "contact_id",
    "name",
    "company",
    "status",
    "stage",
    "cadence",
    "days_silent",
    "last_touch",
    "kind",
    "step",
    "steps_total",
    "channel",
    "due",
    "days_overdue",
    "action",
)
TABLE = (
    Column("contact_id", "id", style="dim"),
    Column("name", "name", style="bold", flexible=True),
    Column("company", "company", flexible=True),
    Column("stage", "stage"),
    Column("silent", "silent"),
    Column("last_touch", "last touch"),
    Column("what", "next"),
    Column("when", "due"),
    Column("action", "action", flexible=True),
)


def record(row: PipelineRow, today: Any) -> dict[str, Any]:
    item = row.item
    return {
        "contact_id": item.contact_id,
        "name": item.name,
        "company": item.company,
        "status": row.status,
        "stage": item.stage,
        "cadence": item.cadence,
        "days_silent": row.days_silent(today),
        "last_touch": row.last_touch_on.isoformat() if row.last_touch_on else None,
        "kind": item.kind,
        "step": item.step,
        "steps_total": item.steps_total,
        "channel": item.channel,
        "due": item.due.isoformat(),
        "days_overdue": item.days_overdue(today),
        "action": item.action,
    }


@app.command(rich_help_panel=panels.EVERY_DAY)
def pipeline(
    invocation: typer.Context,
    stage: Annotated[str | None, typer.Option(help=f"One of: {', '.join(STAGES)}.")] = None,
    owner: OwnerOption = None,
    team: TeamFlag = False,
    as_json: JsonFlag = False,
    as_csv: CsvFlag = False,
) -> None:
    """Every open contact: stage, days without an answer, last touch, next item and its day."""
    fmt = choose(as_json, as_csv)
    ctx = context(invocation)
    whose = owners.whose(ctx, owner, team)
    rows = [record(row, ctx.today) for row in service.pipeline(ctx, stage, whose)]
    if fmt is Format.TABLE:
        if not rows:
            say("No open contacts." if stage is None else f"No open contacts in stage {stage}.")
            return
        shown = [
            {
                **row,
                "silent": "" if row["days_silent"] is None else f"{row['days_silent']}d",
                "what": what(row),
                "when": when(row),
            }
            for row in rows
        ]
        emit(shown, TABLE, fmt, f"Pipeline on {ctx.today.isoformat()}: {len(rows)} open")
    else:
        emit(rows, [Column(key, key) for key in KEYS], fmt)
