"""A contact's history you can fix: list, edit and delete touches, each one undo step.

After a change the pending step of a silent cadence is worked out again from the
latest touch, as `log` would have planned it had the history always been so.
"""

from dataclasses import dataclass
from datetime import date

from followup.context import Context
from followup.domain import cadence as engine
from followup.domain.cadence import FollowUpPlan
from followup.domain.contact import Contact
from followup.domain.records import Touch
from followup.errors import InvalidValue, UsageError
from followup.services.touches import OUTCOMES, choice, past_day, replan


@dataclass(frozen=True)
class TouchEdit:
    touch_id: int
    on: date | str | None = None
    channel: str | None = None
    outcome: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Changed:
    contact: Contact
    touch: Touch  # as it was
    next: FollowUpPlan | None  # the pending step, when it moved


def touches_of(ctx: Context, contact: str) -> tuple[Contact, list[Touch]]:
    person = ctx.storage.contacts.find(contact)
    return person, ctx.storage.touches.of(person.id)


def edit_touch(ctx: Context, request: TouchEdit) -> Changed:
    """Change a touch's day, channel, outcome or note; the pending step follows its day."""
    store = ctx.storage
    touch = store.touches.get(request.touch_id)
    person = store.contacts.get(touch.contact_id)
    choice(request.channel, engine.CHANNELS, "--channel")
    choice(request.outcome, OUTCOMES, "--outcome")
    if request.outcome is not None and touch.direction != "out":
        raise InvalidValue(f"touch #{touch.id} is theirs ({touch.outcome}): its outcome stays")
    values: dict[str, object] = {
        key: value
        for key, value in (
            ("channel", request.channel),
            ("outcome", request.outcome),
            ("note", request.note),
        )
        if value is not None
    }
    if request.on is not None:
        values["happened_on"] = past_day(ctx, request.on, person, "a touch")
    if not values:
        raise UsageError("say what to change: --on, --channel, --outcome or --note")
    with ctx.writing():
        store.touches.update(touch.id, values)
        moved = replan(ctx, person)
    return Changed(person, touch, moved)


def delete_touch(ctx: Context, touch_id: int, confirmed: bool = False) -> Changed:
    """Remove a touch and the answers given before it; the pending step follows."""
    store = ctx.storage
    touch = store.touches.get(touch_id)
    person = store.contacts.get(touch.contact_id)
    what = f"touch #{touch.id} ({touch.happened_on.isoformat()} {touch.channel} {touch.outcome})"
    if not confirmed and not ctx.interaction.confirm(f"Delete {what} of {person.label}?"):
        raise UsageError(f"not deleting {what}: pass --yes to delete it")
    with ctx.writing():
        store.touches.delete(touch.id)
        moved = replan(ctx, person)
    return Changed(person, touch, moved)
