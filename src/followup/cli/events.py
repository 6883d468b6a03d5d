"""Events: where you met people, and how those contacts are doing."""

from typing import Annotated

import typer

from followup.cli import panels
from followup.cli.app import HelpWhenBare
from followup.cli.options import JsonFlag, context
from followup.cli.render import Column, Format, choose, emit, say, write_json
from followup.domain import status
from followup.services import events

app = typer.Typer(
    cls=HelpWhenBare,
    name="event",
    help="Events where you meet people: add, list, show, rename, delete.",
    no_args_is_help=True,
    rich_help_panel=panels.CONTACTS,
)

EVENT_TABLE = (
    Column("name", "event", style="bold", flexible=True),
    Column("date", "date"),
    Column("place", "place", flexible=True),
    Column("contacts", "contacts"),
    *(Column(name, name) for name in status.STATUSES),
)
EventName = Annotated[str, typer.Argument(help="Event name.", show_default=False)]


@app.command("add")
def add_event(
    invocation: typer.Context,
    name: EventName,
    date: Annotated[str | None, typer.Option("--date", help="When it took place.")] = None,
    place: Annotated[str | None, typer.Option(help="Where.")] = None,
) -> None:
    """Add an event."""
    event_id = events.add_event(context(invocation), name, date, place)
    print(event_id)
    say(f"Added event {name.strip()!r}.")


@app.command("rename")
def rename_event(
    invocation: typer.Context,
    old: Annotated[
        str, typer.Argument(metavar="NAME", help="The event's name.", show_default=False)
    ],
    new: Annotated[str, typer.Argument(metavar="NEW", help="Its new name.", show_default=False)],
) -> None:
    """Rename an event; its contacts stay with it."""
    event, name = events.rename_event(context(invocation), old, new)
    say(f"Renamed event {event.name!r} to {name!r}.")


@app.command("delete")
def delete_event(
    invocation: typer.Context,
    name: EventName,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Delete it although contacts were met there.")
    ] = False,
) -> None:
    """Delete an event; the contacts met there stay, met at no event."""
    deleted = events.delete_event(context(invocation), name, confirmed=yes)
    left = f"; {deleted.contacts} contact(s) now have no event" if deleted.contacts else ""
    say(f"Deleted event {deleted.event.name!r}{left}.")


@app.command("list")
def list_events(invocation: typer.Context, as_json: JsonFlag = False) -> None:
    """Events with how their contacts are progressing."""
    records = [
        {
            "name": event.name,
            "date": event.held_on.isoformat() if event.held_on else None,
            "place": event.place,
            "contacts": sum(counts.values()),
            **{name: counts.get(name, 0) for name in status.STATUSES},
        }
        for event, counts in events.events(context(invocation))
    ]
    emit(records, EVENT_TABLE, choose(as_json, False))


@app.command("show")
def show_event(invocation: typer.Context, name: EventName, as_json: JsonFlag = False) -> None:
    """One event and its contacts' progress."""
    fmt = choose(as_json, False)
    view = events.event_view(context(invocation), name)
    event = view.event
    people = [
        {
            "id": person.id,
            "name": person.name,
            "company": person.company,
            "status": person.status,
            "next_due": next_due,
        }
        for person, next_due in view.contacts
    ]
    record = {
        "name": event.name,
        "date": event.held_on.isoformat() if event.held_on else None,
        "place": event.place,
        "contacts": people,
    }
    if fmt is Format.JSON:
        write_json(record)
        return
    when = f", {record['date']}" if record["date"] else ""
    where = f", {event.place}" if event.place else ""
    columns = [
        Column(key, key.replace("_", " "), flexible=key in ("name", "company"))
        for key in ("id", "name", "company", "status", "next_due")
    ]
    emit(people, columns, fmt, title=f"{event.name}{when}{where}")
