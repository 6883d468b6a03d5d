"""`touch`: a contact's history you can fix, list, edit, delete."""

from typing import Annotated

import typer

from followup.cli import panels
from followup.cli.app import HelpWhenBare
from followup.cli.contacts import touch_record
from followup.cli.options import ContactArg, JsonFlag, NoteOption, context
from followup.cli.render import Column, Format, emit, say
from followup.domain.cadence import describe
from followup.services import history

app = typer.Typer(
    cls=HelpWhenBare,
    name="touch",
    help="A contact's touches: list, edit, delete.",
    no_args_is_help=True,
    rich_help_panel=panels.WORK,
)

TouchId = Annotated[int, typer.Argument(help="The touch's id (see `touch list`).", min=1)]
TABLE = (
    Column("id", "id", style="dim"),
    Column("date", "date"),
    Column("direction", "dir"),
    Column("channel", "channel"),
    Column("outcome", "outcome"),
    Column("step", "step"),
    Column("note", "note", flexible=True),
)


@app.command("list")
def list_touches(invocation: typer.Context, contact: ContactArg, as_json: JsonFlag = False) -> None:
    """The contact's touches in date order, with their ids."""
    person, touches = history.touches_of(context(invocation), contact)
    records = [touch_record(touch) for touch in touches]
    if as_json:
        emit(records, [], Format.JSON)
    elif not records:
        say(f"No touches with {person.label} yet.")
    else:
        emit(records, TABLE, Format.TABLE, person.label)


def _said(changed: history.Changed, done: str) -> None:
    follow = f" Next: {describe(changed.next)}." if changed.next else ""
    say(f"{done} touch #{changed.touch.id} of {changed.contact.label}.{follow}")


@app.command("edit")
def edit_touch(
    invocation: typer.Context,
    touch_id: TouchId,
    on: Annotated[str | None, typer.Option("--on", help="The day it happened.")] = None,
    channel: Annotated[str | None, typer.Option(help="The channel it went on.")] = None,
    outcome: Annotated[str | None, typer.Option(help="How it went (outbound only).")] = None,
    note: NoteOption = None,
) -> None:
    """Fix a touch: its day, channel, outcome or note."""
    request = history.TouchEdit(touch_id, on, channel, outcome, note)
    _said(history.edit_touch(context(invocation), request), "Edited")


@app.command("delete")
def delete_touch(
    invocation: typer.Context,
    touch_id: TouchId,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask.")] = False,
) -> None:
    """Delete a touch and the answers given before it."""
    _said(history.delete_touch(context(invocation), touch_id, confirmed=yes), "Deleted")
