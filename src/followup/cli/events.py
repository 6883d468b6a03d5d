"""Events: where you met people, and how those contacts are doing."""

from typing import Annotated

import typer

from followup.cli import panels
from followup.cli.options import JsonFlag
from followup.cli.runtime import runtime
from followup.core import fields, status
from followup.errors import FollowupError, InvalidValue, NotFound
from followup.render import Column, Format, choose, emit, say, write_json

app = typer.Typer(
    name="event",
    help="Events where you meet people: add, list, show.",
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


@app.command("add")
def add_event(
    name: Annotated[str, typer.Argument(help="Event name.", show_default=False)],
    date: Annotated[str | None, typer.Option("--date", help="When it took place.")] = None,
    place: Annotated[str | None, typer.Option(help="Where.")] = None,
) -> None:
    """Add an event."""
    rt = runtime()
    name = fields.one_line("NAME", name).strip()
    if not name:
        raise InvalidValue("an event needs a name")
    held_on = rt.date(date) if date is not None else None
    with rt.store.writing():
        # Inside the transaction, so that two scripts adding one event cannot both pass.
        if rt.store.find_event(name):
            raise FollowupError(f"an event named {name!r} exists already")
        event_id = rt.store.add_event(name, held_on, place)
    print(event_id)
    say(f"Added event {name!r}.")


@app.command("list")
def list_events(as_json: JsonFlag = False) -> None:
    """Events with how their contacts are progressing."""
    records = []
    for event, counts in runtime().store.events():
        records.append(
            {
                "name": event.name,
                "date": event.held_on.isoformat() if event.held_on else None,
                "place": event.place,
                "contacts": sum(counts.values()),
                **{name: counts.get(name, 0) for name in status.STATUSES},
            }
        )
    emit(records, EVENT_TABLE, choose(as_json, False))


@app.command("show")
def show_event(
    name: Annotated[str, typer.Argument(help="Event name.", show_default=False)],
    as_json: JsonFlag = False,
) -> None:
    """One event and its contacts' progress."""
    fmt = choose(as_json, False)
    rt = runtime()
    event = rt.store.find_event(name)
    if event is None:
        raise NotFound(f"no event named {name!r} (see followup event list)")
    people = [
        {
            "id": person.id,
            "name": person.name,
            "company": person.company,
            "status": person.status,
            "next_due": next_due,
        }
        for person, next_due in rt.store.contacts(event=event.name)
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
