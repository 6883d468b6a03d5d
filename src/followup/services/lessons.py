"""Lessons that come back: what earlier won and lost deals taught, for someone new."""

from followup.context import Context
from followup.domain.contact import Contact
from followup.domain.lessons import ENOUGH_PER_TIE, ranked
from followup.domain.records import Lesson


def lessons_for(ctx: Context, person: Contact) -> list[Lesson]:
    """The most relevant lessons for ``person``: their account's, their title's, their event's."""
    found = ctx.storage.contacts.lessons(
        [person.account_id] if person.account_id is not None else [],
        [person.title.strip()] if person.title and person.title.strip() else [],
        [person.event_id] if person.event_id is not None else [],
        per_tie=ENOUGH_PER_TIE,
    )
    return ranked(found, about=person.id)
