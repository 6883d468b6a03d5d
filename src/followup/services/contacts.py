"""Contacts: add someone you met, change or note what you know, look them up, delete."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from followup.context import Context
from followup.domain import cadence as engine
from followup.domain import contact as described
from followup.domain import fields
from followup.domain.cadence import FollowUpPlan
from followup.domain.contact import Contact, ContactFilter
from followup.domain.dates import display_day
from followup.domain.records import Event, Lesson, Pending, Reminder, Touch
from followup.domain.status import ACTIVE
from followup.errors import FollowupError, InvalidValue
from followup.services.deciders import DeciderNamed, decides_for, named_decider
from followup.services.lessons import lessons_for
from followup.services.standing import back_from_pause, move_to

# Each profile key's option, as messages name it ("--email 'x' is not an email address").
LABELS = {
    spec.key: spec.option
    for spec in map(described.spec, described.FIELDS)
    if spec.key and spec.option
}


@dataclass(frozen=True)
class Profile:
    """What to set on a contact: public keys (``contact.PROFILE``) to values, as given.

    Text as typed, ``tags`` a list, ``met_on`` a date or a date as typed (``friday``).
    """

    values: Mapping[str, Any] = field(default_factory=dict)
    # Create ``event`` even though its name looks like an event you have.
    new_event: bool = False


@dataclass(frozen=True)
class NewContact:
    name: str
    profile: Profile = Profile()
    cadence: str | None = None  # default: the config's
    decides_for: str | None = None  # a contact the new one decides for


@dataclass(frozen=True)
class Added:
    contact_id: int
    name: str
    first: FollowUpPlan
    new_event: str | None  # the event created for them, if any
    contact: Contact | None = None  # as stored, account and all
    decider: DeciderNamed | None = None  # what their --decider text named
    decides_for: Contact | None = None
    lessons: list[Lesson] = field(default_factory=list)  # that come back for them


@dataclass(frozen=True)
class ContactEdit:
    contact: str
    profile: Profile


@dataclass(frozen=True)
class Edited:
    contact: Contact  # as it was
    rescheduled: FollowUpPlan | None  # a new step 1, when the day met moved it
    new_event: str | None
    notes_replaced: bool
    decider: DeciderNamed | None = None  # what a new --decider text named


@dataclass(frozen=True)
class ContactView:
    contact: Contact
    pending: Pending | None
    touches: list[Touch]
    reminders: list[Reminder]
    decider: Contact | None = None
    decides_for: list[Contact] = field(default_factory=list)
    lessons: list[Lesson] = field(default_factory=list)


def add_contact(ctx: Context, request: NewContact) -> Added:
    """Create a contact and schedule their first follow-up."""
    name = fields.name("NAME", request.name)
    values = _checked(ctx, request.profile.values)
    chosen = ctx.config.cadence(request.cadence)
    calendar = ctx.calendar  # built before taking the write lock: it may load a package
    event_name = values.pop("event", None)
    store = ctx.storage
    decided = store.contacts.find(request.decides_for) if request.decides_for else None
    with ctx.writing():
        _check_email_free(ctx, values.get("email"))
        event = _known_event(ctx, event_name, request.profile.new_event) if event_name else None
        met_on = values.get("met_on") or _met_at(ctx, event)
        if event_name:
            values["event_id"] = _event_id(ctx, event, event_name, met_on)
        contact_id = store.contacts.add(
            {
                **values,
                "name": name,
                "met_on": met_on,
                "status": ACTIVE,
                "cadence": chosen.name,
                "owner": ctx.user,
            }
        )
        first = engine.first_step(chosen, met_on, calendar)
        store.followups.schedule(contact_id, first)
        store.accounts.link([contact_id])
        if decided:
            decides_for(ctx, contact_id, decided)
        added = store.contacts.get(contact_id)
        named = named_decider(ctx, added, added.decider)
    return Added(
        contact_id,
        name,
        first,
        event_name if event_name and event is None else None,
        added,
        named,
        decided,
        lessons_for(ctx, added),
    )


def edit_contact(ctx: Context, request: ContactEdit) -> Edited:
    """Change only the fields given; a day met moved before any touch moves step 1."""
    store = ctx.storage
    person = store.contacts.find(request.contact)
    values = _checked(ctx, request.profile.values)
    if not values:
        raise InvalidValue("nothing to change: give at least one option (see followup edit --help)")
    event_name = values.pop("event", None)
    event = None
    calendar = ctx.calendar  # built before taking the write lock: it may load a package
    with ctx.writing():
        _check_email_free(ctx, values.get("email"), except_id=person.id)
        rescheduled = _first_step_moved(ctx, person, values.get("met_on"), calendar)
        if event_name:
            event = _known_event(ctx, event_name, request.profile.new_event)
            held_on = values.get("met_on", person.met_on)
            values["event_id"] = _event_id(ctx, event, event_name, held_on)
        store.contacts.update(person.id, values)
        if rescheduled:
            store.followups.schedule(person.id, rescheduled)
        if values.keys() & {"company", "email"}:
            store.accounts.link([person.id])
            _left_the_account(ctx, person)
        named = named_decider(ctx, person, values.get("decider"))
    return Edited(
        person,
        rescheduled,
        event_name if event_name and event is None else None,
        "notes" in values and bool(person.notes),
        named,
    )


def add_note(ctx: Context, contact: str, text: str) -> Contact:
    """Add ``text`` to the contact's notes as a line of its own, dated today."""
    store = ctx.storage
    person = store.contacts.find(contact)
    line = fields.bounded("TEXT", text).strip()
    if not line:
        raise InvalidValue("TEXT is empty: say what to note")
    dated = f"{ctx.today.isoformat()}: {line}"
    with ctx.writing():
        # Read again under the lock: a note added meanwhile by another command stays.
        notes = store.contacts.get(person.id).notes
        added = f"{notes}\n{dated}" if notes else dated
        store.contacts.update(person.id, {"notes": fields.bounded("the notes", added)})
    return person


def delete_contact(ctx: Context, contact: str, confirmed: bool = False) -> Contact:
    """Remove a contact with every touch, answer and follow-up; asks unless ``confirmed``."""
    store = ctx.storage
    person = store.contacts.find(contact)
    if not confirmed:
        if not ctx.interaction.interactive:
            raise FollowupError(f"not deleting {person.label} without --yes")
        if not ctx.interaction.confirm(f"Delete {person.label} and all their touches?"):
            raise FollowupError("nothing deleted")
    with ctx.writing():
        store.contacts.delete(person.id)
    return person


def contact_view(ctx: Context, query: str) -> ContactView:
    """A contact with their pending follow-up, timeline of touches and reminders owed."""
    store = ctx.storage
    person = store.contacts.find(query)
    return ContactView(
        person,
        store.followups.pending(person.id),
        store.touches.of(person.id),
        store.reminders.open_of(person.id),
        store.contacts.get(person.decider_id) if person.decider_id else None,
        store.contacts.decides_for(person.id),
        lessons_for(ctx, person),
    )


def contacts(ctx: Context, where: ContactFilter) -> list[tuple[Contact, str | None]]:
    """Contacts matching every filter given, by name, each with its next due date."""
    from followup.domain.status import STATUSES

    if where.status is not None and where.status not in STATUSES:
        raise InvalidValue(f"--status {where.status!r} is not one of: {', '.join(STATUSES)}")
    return ctx.storage.contacts.listing(replace(where, owner=fields.owner_filter(where.owner)))


def completions(ctx: Context, prefix: str) -> list[str]:
    """Names that complete ``prefix``; none when there is no store yet (none is created)."""
    if isinstance(ctx.location, Path) and not ctx.location.exists():
        return []
    return ctx.storage.contacts.names(prefix)


def record(person: Contact, next_due: str | None) -> dict[str, Any]:
    """A contact as JSON-ready data: the keys `show --json` and `list --json` promise."""
    values: dict[str, Any] = {}
    for described_field in described.FIELDS:
        key = described.spec(described_field).key
        if key is None:
            continue
        value = getattr(person, described_field.name)
        if key == "event":
            value = person.event_name
        elif key == "account":
            value = person.account_name
        elif key == "tags":
            value = person.tag_list
        elif isinstance(value, date):
            value = value.isoformat()
        values[key] = value
    values["next_due"] = next_due
    return values


KEYS: Sequence[str] = (*described.KEYS, "next_due")


def _checked(ctx: Context, given: Mapping[str, Any]) -> dict[str, Any]:
    """The contact columns ``given`` sets, each checked by its field's rule."""
    values = {key: value for key, value in given.items() if value is not None}
    for key, value in values.items():
        if isinstance(value, str):
            fields.bounded(LABELS.get(key, key), value)
    checks = {
        described.LINE: fields.one_line,
        described.EVENT: fields.event,
        described.EMAIL: fields.email,
        described.NAME: fields.name,
    }
    rules = {spec.key: spec.rule for spec in map(described.spec, described.FIELDS) if spec.key}
    for key in list(values):
        rule = rules.get(key)
        if rule in checks:
            values[key] = checks[rule](LABELS.get(key, key), values[key])
        elif rule == described.TIME_ZONE:
            fields.time_zone(LABELS[key], values[key])
        elif rule == described.TAGS:
            values[key] = fields.stored_tags(fields.tags(LABELS[key], values[key]))
        elif rule == described.DAY:
            met_on = ctx.day(values[key])
            if met_on > ctx.today:
                raise InvalidValue(f"{LABELS[key]} cannot be in the future ({display_day(met_on)})")
            values[key] = met_on
    return values


def _event_id(ctx: Context, event: Event | None, name: str, held_on: date) -> int:
    """``event``'s id, or a new event ``name`` held on ``held_on`` when there is none yet."""
    return event.id if event else ctx.storage.events.add(name, held_on, None)


def _known_event(ctx: Context, name: str, new_event: bool) -> Event | None:
    """The event called ``name`` (any case), or None when it is to be created.

    A name that is not an event but looks like one ("LogiMAT" for "LogiMAT 2026")
    is refused unless ``new_event``: a typo must not split one show into two.
    """
    event = ctx.storage.events.find(name)
    if event is not None or new_event:
        return event
    from followup.domain.matching import similar_names

    similar = similar_names(name, ctx.storage.events.names())
    if similar:
        options = " or ".join(repr(found) for found in similar[:3])
        raise FollowupError(
            f"no event named {name!r}: did you mean {options}? (--new-event creates {name!r})"
        )
    return None


def _met_at(ctx: Context, event: Event | None) -> date:
    """When you met, without a day given: the event's date, or today."""
    if event is None or event.held_on is None:
        return ctx.today
    if event.held_on > ctx.today:
        # The same rule as --met: step 1 cannot be planned from a meeting still to come.
        raise InvalidValue(
            f"event {event.name!r} is on {display_day(event.held_on)}, in the future: "
            "give --met DATE for when you met"
        )
    return event.held_on


def _check_email_free(ctx: Context, email: str | None, except_id: int | None = None) -> None:
    """Called inside the write transaction, so that parallel adds cannot both pass."""
    if not email:
        return
    for other in ctx.storage.contacts.with_email(email):
        if other.id != except_id:
            # Whose they are, when that is a colleague: ask them, or `assign`.
            theirs = f" ({other.owner}'s)" if other.owner and other.owner != ctx.user else ""
            raise FollowupError(f"{other.label}{theirs} already has the email {email}")
    if holder := ctx.storage.contacts.holder_of_email(email):
        raise FollowupError(
            f"{holder} has a contact with the email {email} already: ask them, "
            "or have them `assign` it to you"
        )


def _left_the_account(ctx: Context, person: Contact) -> None:
    """Someone who waited for their account's conversation and is at another one now (or
    at none) waits no more: their cadence goes on."""
    moved = ctx.storage.contacts.get(person.id)
    if person.waits_for_account and moved.account_id != person.account_id:
        pending = ctx.storage.followups.pending(person.id)
        assert pending is not None  # the store keeps one for every open contact
        move_to(ctx, moved, back_from_pause(moved, pending.plan))


def _first_step_moved(
    ctx: Context, person: Contact, met_on: date | None, calendar: Any
) -> FollowUpPlan | None:
    """A new step 1 when the day met changed before any touch was logged."""
    if met_on is None or met_on == person.met_on or person.status != ACTIVE:
        return None
    pending = ctx.storage.followups.pending(person.id)
    if not pending or pending.plan.step != 1 or ctx.storage.touches.of(person.id):
        return None
    return engine.first_step(ctx.config.cadence(person.cadence), met_on, calendar)
