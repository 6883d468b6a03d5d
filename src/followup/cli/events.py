"""Events: where you met people, and how those contacts are doing."""

from typing import Annotated

import typer

from followup.cli import panels
from followup.cli.app import HelpWhenBare
from followup.cli.options import JsonFlag
from followup.cli.render import Column, Format, choose, emit, say, write_json
from followup.cli.runtime import runtime
from followup.domain import fields, status
from followup.errors import FollowupError, InvalidValue, NotFound
from followup.storage.records import Event

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


@app.command("add")
def add_event(
    name: Annotated[str, typer.Argument(help="Event name.", show_default=False)],
    date: Annotated[str | None, typer.Option("--date", help="When it took place.")] = None,
    place: Annotated[str | None, typer.Option(help="Where.")] = None,
) -> None:
    """Add an event."""
    rt = runtime()
    name = _event_name("NAME", name)
    held_on = rt.date(date) if date is not None else None
    with rt.writing():
        # Inside the transaction, so that two scripts adding one event cannot both pass.
        if existing := rt.store.find_event(name):
            raise FollowupError(f"an event named {existing.name!r} exists already")
        event_id = rt.store.add_event(name, held_on, place)
    print(event_id)
    say(f"Added event {name!r}.")


def _event_named(name: str) -> Event:
    """The event called ``name`` (any case); NotFound, naming look-alikes, otherwise."""
    from followup.domain.matching import similar_names

    store = runtime().store
    event = store.find_event(name)
    if event is not None:
        return event
    similar = similar_names(name, store.event_names())
    hint = (
        f"did you mean {' or '.join(map(repr, similar[:3]))}?"
        if similar
        else "see followup event list"
    )
    raise NotFound(f"no event named {name!r} ({hint})")


def _event_name(label: str, name: str) -> str:
    stripped = fields.one_line(label, name).strip()
    if not stripped:
        raise InvalidValue("an event needs a name")
    return stripped


@app.command("rename")
def rename_event(
    old: Annotated[
        str, typer.Argument(metavar="NAME", help="The event's name.", show_default=False)
    ],
    new: Annotated[str, typer.Argument(metavar="NEW", help="Its new name.", show_default=False)],
) -> None:
    """Rename an event; its contacts stay with it."""
    rt = runtime()
    event = _event_named(old)
    name = _event_name("NEW", new)
    with rt.writing():
        taken = rt.store.find_event(name)
        if taken is not None and taken.id != event.id:
            raise FollowupError(f"an event named {taken.name!r} exists already")
        rt.store.rename_event(event.id, name)
    say(f"Renamed event {event.name!r} to {name!r}.")


@app.command("delete")
def delete_event(
    name: Annotated[str, typer.Argument(help="Event name.", show_default=False)],
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Delete it although contacts were met there.")
    ] = False,
) -> None:
    """Delete an event; the contacts met there stay, met at no event."""
    rt = runtime()
    event = _event_named(name)
    with rt.writing():
        met_there = len(rt.store.contacts(event=event.name))
        if met_there and not yes:
            raise FollowupError(
                f"{met_there} contact(s) were met at {event.name!r}: "
                "--yes deletes the event and leaves them without one"
            )
        rt.store.delete_event(event.id)
    left = f"; {met_there} contact(s) now have no event" if met_there else ""
    say(f"Deleted event {event.name!r}{left}.")


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
    event = _event_named(name)
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
