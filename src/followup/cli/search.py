"""`search TEXT`: contacts by any field, note or answer, any case or accent."""

from typing import Annotated, Any

import typer

from followup.cli import panels
from followup.cli.options import JsonFlag, context
from followup.cli.render import Column, Format, emit, say
from followup.services import search as service

app = typer.Typer()

TABLE = (
    Column("id", "id", style="dim"),
    Column("name", "name", style="bold", flexible=True),
    Column("company", "company", flexible=True),
    Column("status", "status"),
    Column("next_due", "next due"),
    Column("where", "found in", flexible=True),
)


@app.command(rich_help_panel=panels.CONTACTS)
def search(
    invocation: typer.Context,
    text: Annotated[str, typer.Argument(help="Words to find (each word's start).")],
    as_json: JsonFlag = False,
) -> None:
    """Contacts with every word in their profile, touch notes or value-check answers."""
    found = service.search(context(invocation), text)
    records: list[dict[str, Any]] = [
        {
            "id": hit.contact.id,
            "name": hit.contact.name,
            "company": hit.contact.company,
            "status": hit.contact.status,
            "next_due": hit.next_due.isoformat() if hit.next_due else None,
            "matched": list(hit.matched),
        }
        for hit in found
    ]
    if as_json:
        emit(records, [], Format.JSON)
        return
    if not records:
        say(f"Nobody matches {text!r}.")
        return
    shown = [{**record, "where": ", ".join(record["matched"])} for record in records]
    emit(shown, TABLE, Format.TABLE, f"{len(records)} found")
