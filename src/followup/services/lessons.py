"""Lessons that come back: what earlier won and lost deals taught, for someone new."""

from followup.context import Context
from followup.domain.contact import Contact
from followup.domain.lessons import ranked
from followup.domain.records import Lesson


def lessons_for(ctx: Context, person: Contact) -> list[Lesson]:
    """The most relevant lessons for ``person``: their account's, their title's, their event's."""
    return ranked(_tied_to(ctx, [person]), about=person.id)


def _tied_to(ctx: Context, people: list[Contact]) -> list[Lesson]:
    return ctx.storage.contacts.lessons(
        {person.account_id for person in people if person.account_id is not None},
        {person.title.strip() for person in people if person.title and person.title.strip()},
        {person.event_id for person in people if person.event_id is not None},
    )
