"""Events: where you meet people, and how those contacts are doing."""

from dataclasses import dataclass
from datetime import date

from followup.context import Context
from followup.domain import fields
from followup.domain.contact import Contact, ContactFilter
from followup.domain.records import Event
from followup.errors import FollowupError, InvalidValue, NotFound


@dataclass(frozen=True)
class EventView:
    event: Event
    contacts: list[tuple[Contact, str | None]]  # each with their next due date


@dataclass(frozen=True)
class Deleted:
    event: Event
    contacts: int  # met there, who now have no event


def add_event(
    ctx: Context, name: str, held_on: date | str | None = None, place: str | None = None
) -> int:
    """A new event; its id."""
    name = _event_name("NAME", name)
    day = ctx.day(held_on) if held_on is not None else None
    with ctx.writing():
        # Inside the transaction, so that two scripts adding one event cannot both pass.
        if existing := ctx.storage.events.find(name):
            raise FollowupError(f"an event named {existing.name!r} exists already")
        return ctx.storage.events.add(name, day, place)


def events(ctx: Context) -> list[tuple[Event, dict[str, int]]]:
    """Every event, latest first, with how many of its contacts are in each status."""
    return ctx.storage.events.with_counts()


def event_view(ctx: Context, name: str) -> EventView:
    event = event_named(ctx, name)
    return EventView(event, ctx.storage.contacts.listing(ContactFilter(event=event.name)))


def rename_event(ctx: Context, old: str, new: str) -> tuple[Event, str]:
    """Rename an event; its contacts stay with it. The event as it was, and its new name."""
    event = event_named(ctx, old)
    name = _event_name("NEW", new)
    with ctx.writing():
        taken = ctx.storage.events.find(name)
        if taken is not None and taken.id != event.id:
            raise FollowupError(f"an event named {taken.name!r} exists already")
        ctx.storage.events.rename(event.id, name)
    return event, name


def delete_event(ctx: Context, name: str, confirmed: bool = False) -> Deleted:
    """Delete an event; the contacts met there stay, met at no event (``confirmed`` needed)."""
    event = event_named(ctx, name)
    with ctx.writing():
        met_there = len(ctx.storage.contacts.listing(ContactFilter(event=event.name)))
        if met_there and not confirmed:
            raise FollowupError(
                f"{met_there} contact(s) were met at {event.name!r}: "
                "--yes deletes the event and leaves them without one"
            )
        ctx.storage.events.delete(event.id)
    return Deleted(event, met_there)


def event_named(ctx: Context, name: str) -> Event:
    """The event called ``name`` (any case); NotFound, naming look-alikes, otherwise."""
    from followup.domain.matching import similar_names

    event = ctx.storage.events.find(name)
    if event is not None:
        return event
    similar = similar_names(name, ctx.storage.events.names())
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
