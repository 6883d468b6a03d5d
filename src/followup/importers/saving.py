"""Writing an import plan into the store: new contacts with their first follow-up, then updates.

Call ``save`` inside ``store.writing()``, so the whole file lands or none of it.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from followup.core import cadence as engine
from followup.core.cadence import Cadence
from followup.core.calendar import BusinessCalendar
from followup.core.dates import Offset
from followup.core.fields import stored_tags
from followup.core.matching import ImportPlan
from followup.core.status import ACTIVE, ARCHIVED, NURTURE
from followup.render import Progress
from followup.store.database import Store


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
    new_ids = {}
    with Progress("Importing", len(plan.new) + len(plan.updates)) as advance:
        for person in plan.new:
            new_ids[person["_where"]] = _add(store, person, events, enrolment)
            advance()
        for contact_id, changes in plan.updates.items():
            values = dict(changes)
            if "event" in values:
                values["event_id"] = events.id_and_date(values.pop("event"))[0]
            if "tags" in values:
                values["tags"] = stored_tags(values["tags"])
            store.update_contact(contact_id, values)
            advance()
    return new_ids


def _add(store: Store, person: dict[str, Any], events: "_Events", enrolment: Enrolment) -> int:
    values = {key: value for key, value in person.items() if not key.startswith("_")}
    event_id, held_on = events.id_and_date(values.pop("event", None))
    met_on = values.get("met_on") or _default_met_on(held_on, enrolment.today)
    # A status from our own export is kept; people who were in play start over.
    status = values.pop("status", None) or ACTIVE
    chosen = enrolment.cadence
    if status in (ACTIVE, NURTURE) and chosen is None:
        status = ARCHIVED
    contact_id = store.add_contact(
        {
            **values,
            "tags": stored_tags(values.get("tags")),
            "event_id": event_id,
            "met_on": met_on,
            "status": status,
            "cadence": chosen.name if chosen and status == ACTIVE else None,
            "nurture_every": str(enrolment.nurture_every) if status == NURTURE else None,
        }
    )
    if status == ACTIVE and chosen:
        store.schedule_first(contact_id, engine.first_step(chosen, met_on, enrolment.calendar))
    elif status == NURTURE:
        plan = engine.nurture_checkin(enrolment.today, enrolment.nurture_every, enrolment.calendar)
        store.schedule_first(contact_id, plan)
    return contact_id


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
