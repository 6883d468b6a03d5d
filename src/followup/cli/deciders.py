"""`link`: who decides for a contact, when it is someone else."""

from typing import Annotated

import typer

from followup.cli import panels
from followup.cli.options import ContactArg, context
from followup.cli.render import say
from followup.services import deciders

app = typer.Typer()


@app.command(rich_help_panel=panels.CONTACTS)
def link(
    invocation: typer.Context,
    contact: ContactArg,
    decider: Annotated[
        str | None,
        typer.Option("--decider", metavar="OTHER", help="The contact who decides for them."),
    ] = None,
    unlink: Annotated[bool, typer.Option("--unlink", help="Nobody else decides for them.")] = False,
) -> None:
    """Link the contact who decides for CONTACT (or --unlink them)."""
    linked = deciders.link(context(invocation), contact, decider, unlink)
    person = linked.contact
    if linked.decider is None:
        say(f"{person.label} has no decider linked now.")
    else:
        say(f"{linked.decider.name} (#{linked.decider.id}) decides for {person.label}.")
