"""Closing a contact as won, lost or archived, and keeping what the deal taught."""

from dataclasses import dataclass
from datetime import date

from followup.context import Context
from followup.domain.contact import Contact
from followup.domain.dates import display_day
from followup.domain.status import LOST, WON
from followup.errors import FollowupError
from followup.services.accounts import Held, hold_others
from followup.services.standing import end_cadence
from followup.services.touches import not_before_last_touch, past_day


@dataclass(frozen=True)
class Close:
    contact: str
    closing: str  # won, lost or archived
    on: date | str | None = None  # the day it was decided; default today
    reason: str | None = None
    worked: str | None = None
    lesson: str | None = None
    # Whether what worked and the lesson are asked for (not for archiving).
    ask_lessons: bool = True


@dataclass(frozen=True)
class Closed:
    contact: Contact  # as it was
    again: bool  # closed the same way before: only what was given changed
    kept_lessons: bool  # what worked or a lesson is on record now
    held: Held | None = None  # colleagues who wait to hear what now, after a win or a loss


def close(ctx: Context, request: Close) -> Closed:
    """Close the contact: no follow-up stays pending; only what is given changes.

    Closing a contact again in the same status changes only the reason, what worked
    and the lesson given, so a second `lost` never erases the lesson written the
    first time; with nothing to change it is refused. A new closing keeps earlier
    lessons unless new ones are given.
    """
    person = ctx.storage.contacts.find(request.contact)
    closing = request.closing
    again = person.status == closing
    closed_on = past_day(ctx, request.on, person, f"closing as {closing}")
    worked, lesson = request.worked, request.lesson
    if (
        again
        and request.on is None
        and request.reason is None
        and worked is None
        and lesson is None
    ):
        when = f" since {display_day(person.closed_on)}" if person.closed_on else ""
        hint = (
            "; to change what was kept, give --lesson, --worked or --reason"
            if request.ask_lessons
            else ""
        )
        raise FollowupError(f"{person.label} is already {closing}{when}{hint}")
    if request.ask_lessons and (worked is None or lesson is None):
        worked, lesson = ctx.interaction.lessons(
            closing, worked, lesson, earlier=(person.worked, person.lesson)
        )
    lessons = {key: value for key, value in (("worked", worked), ("lesson", lesson)) if value}
    held = None
    with ctx.writing():
        not_before_last_touch(ctx, person, closed_on, f"closing as {closing}")
        if again:
            reason = {"close_reason": request.reason} if request.reason is not None else {}
            moved = {"closed_on": closed_on} if request.on else {}
            ctx.storage.contacts.update(person.id, {**lessons, **reason, **moved})
        else:
            # What worked and the lesson stay from an earlier closing unless new ones are given.
            end_cadence(
                ctx, person, closing, closed_on=closed_on, close_reason=request.reason, **lessons
            )
            if closing in (WON, LOST):
                held = hold_others(ctx, person, closing, closed_on)
    kept = bool(worked or lesson or person.worked or person.lesson)
    return Closed(person, again, kept, held)
