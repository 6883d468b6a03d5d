"""`remind`: a one-off item for a contact, beside the cadence."""

from typing import Annotated

import typer

from followup.cli import panels, said
from followup.cli.options import ContactArg, context
from followup.errors import UsageError
from followup.services import reminders

app = typer.Typer()


@app.command(rich_help_panel=panels.WORK)
def remind(
    invocation: typer.Context,
    contact: ContactArg,
    when: Annotated[
        str | None, typer.Argument(help="From when `today` shows it.", show_default=False)
    ] = None,
    text: Annotated[
        str | None, typer.Argument(help="What to remember.", show_default=False)
    ] = None,
    done: Annotated[
        bool, typer.Option("--done", help="Mark the contact's due reminders done.")
    ] = False,
) -> None:
    """Remind you of something for a contact on a day, without touching the cadence."""
    ctx = context(invocation)
    if done:
        if when is not None or text is not None:
            raise UsageError("`remind --done CONTACT` takes no WHEN or TEXT")
        said.reminders_done(reminders.done(ctx, contact))
        return
    if when is None or text is None:
        raise UsageError("say when and what: `remind CONTACT WHEN TEXT`")
    said.reminded(reminders.remind(ctx, contact, when, text))
