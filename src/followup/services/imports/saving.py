"""Writing what an import's rows bring: new contacts, the ones they fill in, first follow-ups.

Call these inside the import's one ``writing()`` transaction, so the
whole file lands or none of it: ``save_batch`` after each batch of rows is
matched, ``finish`` once the file is read.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from operator import itemgetter
from typing import Any

from followup.domain import cadence as engine
from followup.domain.cadence import Cadence
from followup.domain.calendar import BusinessCalendar
from followup.domain.dates import Offset
from followup.domain.fields import stored_tags
from followup.domain.matching import FIELDS, STANDING, Known, Person
from followup.domain.status import ACTIVE, ARCHIVED, NURTURE, PAUSED
from followup.storage import ImportSession, Storage

# What a new contact's row takes from the file as it is (``_contact`` works out the rest).
STORED_AS_IS = tuple(
    key for key in (*FIELDS, *STANDING) if key not in ("tags", "event", "met_on", "status")
)
STORED_VALUES = itemgetter(*STORED_AS_IS)
Events = dict[str, tuple[int, date | None]]  # by folded name: id and date
# The stage cadence an imported engaged or meeting contact is in.
STAGE_OF = {
    status: stage
    for stage, status in engine.STATUS_OF_STAGE.items()
    if stage in engine.STAGE_CADENCES
}


@dataclass(frozen=True)
class Enrolment:
    """What happens to the people a file brings in: a cadence to start, or none."""

    cadence: Cadence | None  # None: stored archived, out of any cadence
    nurture_every: Offset
    calendar: BusinessCalendar
    today: date
    # Whether active people start their cadence from today rather than from when they
    # were met: they come from our own export, whose touches stayed in the other store,
    # and a first step counted from months ago would be due long before the import.
    from_today: bool = False
    owner: str | None = None  # whose contacts the new people become

    def standing(self, given: str | None) -> dict[str, Any]:
        """A new contact's status, cadence and check-in interval, from the status the file
        ``given`` (if any).

        A status from our own export is kept, and with it the stage: an engaged
        contact answers from today, a meeting contact gets the recap. People who were
        in play or paused (how long is not in the file) start over.
        """
        status = given if given and given != PAUSED else ACTIVE
        chosen = self.cadence
        if status in (ACTIVE, NURTURE) and chosen is None:
            status = ARCHIVED
        return {
            "status": status,
            "cadence": STAGE_OF.get(status, chosen.name if chosen and status == ACTIVE else None),
            "nurture_every": str(self.nurture_every) if status == NURTURE else None,
            "paused_until": None,  # a pause starts over with the cadence
        }


def save_batch(store: Storage, session: ImportSession, known: Known, enrolment: Enrolment) -> None:
    """Write what a batch of rows brought: new contacts, the ones filled in, the keys learned."""
    events = session.events(_events_named(known), lambda name: _event(store, name, enrolment))
    new = list(known.new.values())
    if new:
        # Worked out once per status the file gives: nearly always none.
        standings = {status: enrolment.standing(status) for status in {p["status"] for p in new}}
        session.add_contacts(
            [(person, _contact(person, events, standings, enrolment)) for person in new]
        )
        session.met_at((p["event"], p["met_on"]) for p in new if p["event"] and p["met_on"])
    for person in known.changed.values():
        _fill_in(store, session, person, events)
    # The new went in linked to their accounts; those with a new company or address move.
    store.accounts.link(
        person["_id"]
        for person in known.changed.values()
        if {"company", "email"} & set(person["_changed"])
    )
    session.index([(keys, person["email"], person["_id"]) for keys, person in known.added])
    session.addressed(
        person["_id"] for person in known.changed.values() if "email" in person["_changed"]
    )


def finish(session: ImportSession, enrolment: Enrolment) -> None:
    """Date what needs the whole file to date, then schedule every new contact's first step."""
    session.date_events_and_the_undated(enrolment.today)
    if chosen := enrolment.cadence:
        today = enrolment.today if enrolment.from_today else None
        session.plan_firsts(
            ACTIVE, lambda met_on: engine.first_step(chosen, today or met_on, enrolment.calendar)
        )
    checkin = engine.nurture_checkin(enrolment.today, enrolment.nurture_every, enrolment.calendar)
    session.plan_firsts(NURTURE, lambda met_on: checkin)
    for stage in (engine.ENGAGED, engine.AFTER_MEETING):
        answer = engine.first_step(stage, enrolment.today, enrolment.calendar)
        session.plan_firsts(
            engine.STATUS_OF_STAGE[stage.name], lambda met_on, answer=answer: answer
        )
    session.schedule_firsts()


def _events_named(known: Known) -> Iterator[str]:
    for person in known.new.values():
        if person["event"]:
            yield person["event"]
    for person in known.changed.values():
        if "event" in person["_changed"]:
            yield person["event"]


def _event(store: Storage, name: str, enrolment: Enrolment) -> tuple[int, date | None, bool]:
    """The event called ``name``, its date, and whether it is new (dated today, for now)."""
    event = store.events.find(name)
    if event is not None:
        return event.id, event.held_on, False
    return store.events.add(name, enrolment.today, None), enrolment.today, True


def _contact(
    person: Person,
    events: Events,
    standings: dict[str | None, dict[str, Any]],
    enrolment: Enrolment,
) -> dict[str, Any]:
    """The row of a new contact: the file's values, where they met, their standing, and
    whose they are."""
    values = dict(zip(STORED_AS_IS, STORED_VALUES(person), strict=True))
    event_id, held_on = events[person["event"].casefold()] if person["event"] else (None, None)
    values.update(
        tags=stored_tags(person["tags"]),
        event_id=event_id,
        met_on=person["met_on"] or _default_met_on(held_on, enrolment.today),
        owner=enrolment.owner,
        **standings[person["status"]],
    )
    return values


def _fill_in(store: Storage, session: ImportSession, person: Person, events: Events) -> None:
    """Write the fields a batch filled in on someone who was there before it."""
    values = {field: person[field] for field in person["_changed"]}
    if "event" in values:
        values["event_id"] = events[values.pop("event").casefold()][0]
    if "tags" in values:
        values["tags"] = stored_tags(values["tags"])
    store.contacts.update(person["_id"], values)
    if "_where" in person:  # brought in by an earlier batch of this import
        if "met_on" in values:
            session.dated(person["_id"])
        if person["met_on"] and person["event"]:
            session.met_at([(person["event"], person["met_on"])])


def _default_met_on(event_held_on: date | None, today: date) -> date:
    """When you met someone the file gives no date for: the event's day if past, else today.

    A new event's day may still move earlier as the file is read: ``finish`` then
    moves these days with it.
    """
    if event_held_on is not None and event_held_on <= today:
        return event_held_on
    return today
