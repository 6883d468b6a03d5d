"""The `followup` command: global options, and every command group put together."""

from typing import Annotated

import typer

from followup import __version__
from followup.cli import (
    agenda,
    cadences,
    contacts,
    events,
    exports,
    imports,
    maintenance,
    reports,
    runtime,
    working,
)

app = typer.Typer(
    name="followup",
    help="Follow up with the people you meet, on a cadence, with something of value each time.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _print_version(value: bool) -> None:
    if value:
        print(f"followup {__version__}")
        raise typer.Exit()


@app.callback()
def global_options(
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="PATH",
            help="Database file (env FOLLOWUP_DB; default: in the user data dir).",
        ),
    ] = None,
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_print_version, is_eager=True, help="Show the version."),
    ] = None,
) -> None:
    """Follow up with the people you meet, on a cadence, with something of value each time.

    Dates: 2026-03-05, today, tomorrow, friday, +3d, 2w, +10bd (business days).
    Time is read from FOLLOWUP_NOW when set; config from FOLLOWUP_CONFIG.
    """
    runtime.start(db)


app.add_typer(agenda.app)
app.add_typer(contacts.app)
app.add_typer(events.app, name="event", rich_help_panel=contacts.PANEL)
app.add_typer(working.app)
app.add_typer(cadences.app, name="cadence", rich_help_panel=working.PANEL)
app.add_typer(reports.app, rich_help_panel=reports.PANEL)
app.add_typer(imports.app)
app.add_typer(exports.app, rich_help_panel=exports.PANEL)
app.add_typer(maintenance.app)
