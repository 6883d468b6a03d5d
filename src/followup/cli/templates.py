"""`template`: the follow-up texts of every step, where each comes from, and a check."""

from typing import Annotated

import typer

from followup.cli import panels
from followup.cli.app import HelpWhenBare
from followup.cli.options import JsonFlag, context
from followup.cli.render import Column, choose, emit, say, write_json
from followup.domain.text import printable
from followup.services import drafts

app = typer.Typer(
    cls=HelpWhenBare,
    name="template",
    help="Follow-up texts per step: list, show, check.",
    no_args_is_help=True,
    rich_help_panel=panels.WORK,
)


@app.command("list")
def list_templates(invocation: typer.Context, as_json: JsonFlag = False) -> None:
    """Every step's template and where it comes from (built-in, config, a file)."""
    records = [
        {"step": template.name, "source": template.source, "subject": template.subject}
        for template in drafts.all_templates(context(invocation))
    ]
    columns = [Column("step", "step", style="bold"), Column("source", "from", flexible=True),
               Column("subject", "subject", flexible=True)]  # fmt: skip
    emit(records, columns, choose(as_json, False))


@app.command("show")
def show_template(
    invocation: typer.Context,
    step: Annotated[
        str, typer.Argument(metavar="STEP", help="event-warm/2, nurture, …", show_default=False)
    ],
    as_json: JsonFlag = False,
) -> None:
    """One step's template, as written (Jinja2)."""
    template = drafts.find_template(context(invocation), step)
    if as_json:
        write_json(
            {"step": template.name, "source": template.source, "subject": template.subject,
             "body": template.body}
        )  # fmt: skip
        return
    say(f"{template.name} ({template.source})")
    print(f"Subject: {template.subject}\n\n{template.body}", end="")


@app.command("check")
def check_templates(invocation: typer.Context) -> None:
    """Render every template against a sample contact; exit 1 if any fails."""
    checked = drafts.check_templates(context(invocation))
    broken = [error for _, error in checked if error]
    for error in broken:
        print(printable(error))
    if broken:
        say(f"{len(broken)} of {len(checked)} template(s) failed.")
        raise typer.Exit(1)
    say(f"All {len(checked)} templates render.")
