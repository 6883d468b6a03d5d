"""`merge`: two contacts who are one person become one."""

from datetime import date
from enum import StrEnum
from typing import Annotated

import typer

from followup.cli import panels
from followup.cli.options import context
from followup.cli.render import say
from followup.services import merging

app = typer.Typer()


class Prefer(StrEnum):
    KEEP = "keep"
    OTHER = "other"


@app.command(rich_help_panel=panels.CONTACTS)
def merge(
    invocation: typer.Context,
    keep: Annotated[
        str, typer.Argument(metavar="KEEP", help="The contact to keep.", show_default=False)
    ],
    other: Annotated[
        str,
        typer.Argument(
            metavar="OTHER", help="The one merged into it, then deleted.", show_default=False
        ),
    ],
    prefer: Annotated[
        Prefer, typer.Option("--prefer", help="Whose value wins where both hold a different one.")
    ] = Prefer.KEEP,
) -> None:
    """Merge OTHER into KEEP: touches, answers, reminders, the next step and every field."""
    request = merging.MergeContacts(keep, other, prefer_other=prefer is Prefer.OTHER)
    merged = merging.merge(context(invocation), request)
    kept, removed = merged.kept, merged.removed
    say(f"Merged {removed.label} into #{kept.id} {kept.name}; #{removed.id} is gone.")
    for conflict in merged.conflicts:
        say(f"  {conflict.key}: kept {_shown(conflict.kept)}, dropped {_shown(conflict.dropped)}")
    if merged.standing_from_other:
        say(f"  status and next step: {removed.name}'s ({removed.status})")
    say("`followup undo` takes it back.")


def _shown(value: object) -> str:
    """A field's value as a message quotes it: text in quotes, a day as a day."""
    return value.isoformat() if isinstance(value, date) else repr(value)
