"""Where a contact stands: moving them to a status, and out of a cadence or a pause."""

from followup.context import Context
from followup.domain import cadence as engine
from followup.domain import status
from followup.domain.cadence import FollowUpPlan
from followup.domain.contact import Contact
from followup.domain.dates import Offset, parse_duration


def move_to(ctx: Context, person: Contact, new_status: str, **fields: object) -> None:
    """Set the contact's status (and ``fields``).

    Moving to an open status reopens the contact: the closing date and reason no
    longer apply, while what worked and the lesson stay as history. Any move but
    to `paused` ends a pause.
    """
    reopened = {"closed_on": None, "close_reason": None} if new_status not in status.CLOSED else {}
    unpaused = {"paused_until": None, "pause_reason": None} if new_status != status.PAUSED else {}
    ctx.storage.contacts.update(person.id, {"status": new_status, **reopened, **unpaused, **fields})


def back_from_pause(person: Contact, plan: FollowUpPlan) -> str:
    """The status a paused contact returns to: the one their stage and pending item say."""
    return engine.STATUS_OF_STAGE[engine.stage(person.cadence, plan.kind)]


def end_cadence(ctx: Context, person: Contact, new_status: str, **fields: object) -> None:
    """Stop the cadence (no follow-up stays pending) and set the new status."""
    ctx.storage.followups.close_pending(person.id, "cancelled")
    move_to(ctx, person, new_status, **fields)


def nurture_every(ctx: Context, person: Contact) -> Offset:
    """How often a nurtured contact is checked in with: theirs, or the config's."""
    return (
        parse_duration(person.nurture_every) if person.nurture_every else ctx.config.nurture_every
    )
