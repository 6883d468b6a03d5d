"""Reminders: a one-off item for an open contact, beside their cadence and not moving it."""

from dataclasses import dataclass
from datetime import date

from followup.context import Context
from followup.domain import fields, status
from followup.domain.contact import Contact
from followup.domain.dates import display_day
from followup.domain.records import Reminder
from followup.errors import FollowupError, InvalidValue


@dataclass(frozen=True)
class Reminded:
    contact: Contact
    due: date
    text: str


@dataclass(frozen=True)
class RemindersDone:
    contact: Contact
    done: list[Reminder]


def remind(ctx: Context, contact: str, when: date | str, text: str) -> Reminded:
    """Remind the seller of ``text`` from ``when`` on (`today` shows it until it is done)."""
    store = ctx.storage
    person = store.contacts.find(contact)
    if person.status not in status.WITH_NEXT_STEP:
        raise FollowupError(f"{person.label} is {person.status}: reminders are for open contacts")
    due = ctx.day(when)
    if due < ctx.today:
        raise InvalidValue(f"a reminder cannot be in the past ({display_day(due)})")
    said = fields.one_line("TEXT", text.strip())
    if not said:
        raise InvalidValue("TEXT is empty: say what to remember")
    with ctx.writing():
        store.reminders.add(person.id, due, said)
    return Reminded(person, due, said)


def done(ctx: Context, contact: str) -> RemindersDone:
    """Mark the contact's reminders that are due done (later ones stay)."""
    store = ctx.storage
    person = store.contacts.find(contact)
    with ctx.writing():
        owed = store.reminders.open_of(person.id)
        due = [reminder for reminder in owed if reminder.due <= ctx.today]
        if not due:
            later = f" (the next is on {display_day(owed[0].due)})" if owed else ""
            raise FollowupError(f"{person.label} has no reminder due{later}")
        store.reminders.mark_done([reminder.id for reminder in due])
    return RemindersDone(person, due)
