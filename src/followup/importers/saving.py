"""Writing an import plan into the store: new contacts with their first follow-up, then updates.

Call ``save`` inside ``store.writing()``, so the whole file lands or none of it.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from followup.core import cadence as engine
from followup.core.cadence import Cadence, FollowUpPlan
from followup.core.calendar import BusinessCalendar
from followup.core.dates import Offset
from followup.core.fields import stored_tags
from followup.core.matching import FIELDS, STANDING, ImportPlan
from followup.core.status import ACTIVE, ARCHIVED, NURTURE
from followup.render import Progress
from followup.store.database import Store

BATCH = 1000  # new contacts written per statement
# What a new contact's row takes from the file as it is (``_contact`` works out the rest).
STORED_AS_IS = tuple(
    key for key in (*FIELDS, *STANDING) if key not in ("tags", "event", "met_on", "status")
)


@dataclass(frozen=True)
class Enrolment:
    """What happens to the people a file brings in: a cadence to start, or none."""

    cadence: Cadence | None  # None: stored archived, out of any cadence
    nurture_every: Offset
    calendar: BusinessCalendar
    today: date


def save(store: Store, plan: ImportPlan, enrolment: Enrolment) -> dict[str, int]:
    """Write ``plan``; returns the new contacts' ids by where their row is in the file."""
    events = _Events(store, plan, enrolment.today)
    first_plans = _FirstPlans(enrolment)
    new_ids: dict[str, int] = {}
    with Progress("Importing", len(plan.new) + len(plan.updates)) as advance:
        # In batches, so that a big file moves the progress bar as it is written.
        for start in range(0, len(plan.new), BATCH):
            people = plan.new[start : start + BATCH]
            contacts = [_contact(person, events, enrolment) for person in people]
            ids = store.add_contacts(contacts)
            store.schedule_firsts(
                [
                    (contact_id, first)
                    for contact_id, contact in zip(ids, contacts, strict=True)
                    if (first := first_plans.for_contact(contact))
                ]
            )
            new_ids.update(zip([person["_where"] for person in people], ids, strict=True))
            advance(len(people))
        for contact_id, changes in plan.updates.items():
            values = dict(changes)
            if "event" in values:
                values["event_id"] = events.id_and_date(values.pop("event"))[0]
            if "tags" in values:
                values["tags"] = stored_tags(values["tags"])
            store.update_contact(contact_id, values)
            advance()
    return new_ids


def _contact(person: dict[str, Any], events: "_Events", enrolment: Enrolment) -> dict[str, Any]:
    """The row of a new contact: the file's values, where they met, and their standing."""
    values = {key: person[key] for key in STORED_AS_IS}
    event_id, held_on = events.id_and_date(person["event"])
    # A status from our own export is kept; people who were in play start over.
    status = person["status"] or ACTIVE
    chosen = enrolment.cadence
    if status in (ACTIVE, NURTURE) and chosen is None:
        status = ARCHIVED
    values.update(
        tags=stored_tags(person["tags"]),
        event_id=event_id,
        met_on=person["met_on"] or _default_met_on(held_on, enrolment.today),
        status=status,
        cadence=chosen.name if chosen and status == ACTIVE else None,
        nurture_every=str(enrolment.nurture_every) if status == NURTURE else None,
    )
    return values


class _FirstPlans:
    """The first follow-up of each new contact, worked out once per day met.

    A badge scanner writes one day for a whole show: thousands of contacts share it.
    """

    def __init__(self, enrolment: Enrolment):
        self.enrolment = enrolment
        self.touches: dict[date, FollowUpPlan] = {}
        self.checkin: FollowUpPlan | None = None

    def for_contact(self, contact: Mapping[str, Any]) -> FollowUpPlan | None:
        enrolment = self.enrolment
        if contact["status"] == ACTIVE and enrolment.cadence:
            met_on = contact["met_on"]
            if met_on not in self.touches:
                self.touches[met_on] = engine.first_step(
                    enrolment.cadence, met_on, enrolment.calendar
                )
            return self.touches[met_on]
        if contact["status"] == NURTURE:
            if self.checkin is None:
                self.checkin = engine.nurture_checkin(
                    enrolment.today, enrolment.nurture_every, enrolment.calendar
                )
            return self.checkin
        return None


class _Events:
    """Events the import names, found or created once each."""

    def __init__(self, store: Store, plan: ImportPlan, today: date):
        self.store = store
        self.today = today
        self.found: dict[str, tuple[int, date | None]] = {}
        # A new event is dated by the earliest meeting the file records there.
        self.first_met: dict[str, date] = {}
        for person in plan.new:
            if person.get("event") and person.get("met_on"):
                key = person["event"].casefold()
                self.first_met[key] = min(self.first_met.get(key, date.max), person["met_on"])

    def id_and_date(self, name: str | None) -> tuple[int | None, date | None]:
        if not name:
            return None, None
        key = name.casefold()
        if key not in self.found:
            event = self.store.find_event(name)
            if event is None:
                held_on = self.first_met.get(key, self.today)
                self.found[key] = (self.store.add_event(name, held_on, None), held_on)
            else:
                self.found[key] = (event.id, event.held_on)
        return self.found[key]


def _default_met_on(event_held_on: date | None, today: date) -> date:
    """When you met someone the file gives no date for: the event's day if past, else today."""
    if event_held_on is not None and event_held_on <= today:
        return event_held_on
    return today
