"""Moving a contact's schedule: snooze a step, take days off, nurture, start again."""

from dataclasses import dataclass
from datetime import date

from followup.context import Context
from followup.domain import cadence as engine
from followup.domain import status
from followup.domain.cadence import FollowUpPlan, describe
from followup.domain.calendar import BusinessCalendar, Period
from followup.domain.contact import Contact
from followup.domain.dates import Offset, display_day, parse_duration
from followup.errors import FollowupError, InvalidValue
from followup.services.standing import back_from_pause, move_to
from followup.services.touches import choice, not_before_last_touch, unchanged

OUT_OF_OFFICE = "out-of-office"  # the outcome of an automatic reply that they are away


@dataclass(frozen=True)
class Moved:
    """A contact and what is scheduled for them now."""

    contact: Contact
    next: FollowUpPlan


@dataclass(frozen=True)
class Nurtured(Moved):
    every: Offset


@dataclass(frozen=True)
class Restarted(Moved):
    cadence: str


@dataclass(frozen=True)
class Paused(Moved):
    until: date


@dataclass(frozen=True)
class Pause:
    """Out of office until ``until``: the pending step waits until the business day after."""

    contact: str
    until: date | str
    note: str | None = None
    # The channel their out-of-office reply came on (`reply --ooo`), recorded as a touch
    # on ``replied_on`` (default: today); None when there was none.
    replied_via: str | None = None
    replied_on: date | None = None


@dataclass(frozen=True)
class Away:
    period: Period
    moved: int  # follow-ups whose day changed


def snooze(ctx: Context, contact: str, until: date | str, reason: str | None = None) -> Moved:
    """Move the pending follow-up to ``until``; later steps follow from when it is logged."""
    store = ctx.storage
    person = store.contacts.find(contact)
    pending = store.followups.pending(person.id)
    if pending is None:
        raise FollowupError(f"{person.label} has no pending follow-up to snooze")
    plan = pending.plan.snoozed(snooze_day(ctx, until), ctx.calendar)
    with ctx.writing():
        unchanged(ctx, person, pending, "snoozing")
        store.followups.reschedule(pending, plan, note=reason)
    return Moved(person, plan)


def snooze_day(ctx: Context, until: date | str) -> date:
    """The day a follow-up is snoozed to: any readable day from today on."""
    target = ctx.day(until)
    if target < ctx.today:
        raise InvalidValue(f"cannot snooze into the past ({display_day(target)})")
    return target


@dataclass(frozen=True)
class Respaced:
    moved: list[FollowUpPlan]  # in the order they were spread
    per_day: int


def respace(ctx: Context, per_day: int | None = None, start: date | str | None = None) -> Respaced:
    """Spread what is due by today over business days from ``start``, ``per_day`` a day.

    The order stays `today`'s (first touches, then the most overdue). Meetings keep
    their day: they are agreed with someone; reminders keep theirs too, and so does
    an account's decision (it is no one's step).
    """
    daily = per_day or ctx.config.day_of_work
    if daily < 1:
        raise InvalidValue(f"--per-day must be at least 1, not {daily}")
    first = ctx.day(start) if start is not None else ctx.today
    if first < ctx.today:
        raise InvalidValue(f"--from cannot be in the past ({display_day(first)})")
    calendar = ctx.calendar
    store = ctx.storage
    moved: list[FollowUpPlan] = []
    with ctx.writing():
        backlog = [
            item
            for item in store.followups.due(ctx.today)
            if item.kind not in (engine.MEETING, engine.REMINDER, engine.ACCOUNT_ITEM)
        ]
        day = calendar.roll_forward(first)
        for number, item in enumerate(backlog):
            if number and number % daily == 0:
                day = calendar.add_business_days(day, 1)
            pending = store.followups.pending(item.contact_id)
            assert pending is not None  # read in this transaction, as `due` listed it
            plan = pending.plan.snoozed(day, calendar)
            store.followups.reschedule(pending, plan)
            moved.append(plan)
    return Respaced(moved, daily)


def pause(ctx: Context, request: Pause) -> Paused:
    """Set the contact `paused` until a day; their pending step moves after it, kept as it is."""
    store = ctx.storage
    person = store.contacts.find(request.contact)
    if person.status not in status.WITH_NEXT_STEP:
        raise FollowupError(f"{person.label} is {person.status}: only an open contact is paused")
    pending = store.followups.pending(person.id)
    assert pending is not None  # the store keeps one for every open contact
    if pending.plan.kind == engine.MEETING:
        raise FollowupError(
            f"{person.label} has {describe(pending.plan)}: move it with "
            f"`followup meeting {person.id} --on DATE` instead"
        )
    choice(request.replied_via, engine.CHANNELS, "--via")
    until = ctx.day(request.until)
    if until < ctx.today:
        raise InvalidValue(f"--until cannot be in the past ({display_day(until)})")
    plan = pending.plan.paused(until, ctx.calendar)
    with ctx.writing():
        unchanged(ctx, person, pending, "pausing")
        if request.replied_via:
            replied_on = request.replied_on or ctx.today
            not_before_last_touch(ctx, person, replied_on, "an out-of-office reply")
            store.touches.add(
                person.id,
                {
                    "happened_on": replied_on,
                    "channel": request.replied_via,
                    "direction": "in",
                    "outcome": OUT_OF_OFFICE,
                    "note": request.note,
                },
                {},
            )
        store.followups.reschedule(pending, plan, note=request.note)
        # Their own day now, whatever they waited for before (see services/accounts.py).
        move_to(ctx, person, status.PAUSED, paused_until=until, pause_reason=None)
    return Paused(person, plan, until)


def resume(ctx: Context, contact: str) -> Moved:
    """End a pause early: the step they waited for is due today, and the status is back."""
    store = ctx.storage
    person = store.contacts.find(contact)
    if person.status != status.PAUSED:
        raise FollowupError(f"{person.label} is {person.status}, not paused")
    pending = store.followups.pending(person.id)
    assert pending is not None  # the store keeps one for every open contact
    plan = pending.plan
    if plan.due > ctx.today:
        plan = plan.snoozed(ctx.today, ctx.calendar)
    with ctx.writing():
        unchanged(ctx, person, pending, "resuming")
        store.followups.reschedule(pending, plan)
        move_to(ctx, person, back_from_pause(person, plan))
    return Moved(person, plan)


def go_away(ctx: Context, start: date | str, end: date | str, reason: str | None = None) -> Away:
    """Take days off: follow-ups in the period move after it, and waits skip it from now on."""
    period = Period(ctx.day(start), ctx.day(end))
    if period.end < period.start:
        raise InvalidValue(
            f"TO ({display_day(period.end)}) is before FROM ({display_day(period.start)})"
        )
    holidays = ctx.config.public_holidays()  # before taking the write lock: it may load a package
    store = ctx.storage
    # Everything else is read inside the transaction: moves computed from an earlier read
    # would undo a parallel `away`, or move a follow-up that a parallel `log` just closed.
    with ctx.writing():
        store.away.add(period, reason)
        calendar = BusinessCalendar(holidays, store.away.periods())
        moved = 0
        for pending in store.followups.all_pending():
            plan = pending.plan.recomputed(calendar)
            if plan.due != pending.plan.due:
                store.followups.reschedule(pending, plan)
                moved += 1
    return Away(period, moved)


def nurture(ctx: Context, contact: str, every: Offset | str | None = None) -> Nurtured:
    """Keep in touch at a long interval (``every``, default the config's) after a cadence.

    ``every`` is an interval, or one as typed (``60d``, ``8w``, ``2m``, ``20bd``).
    """
    store = ctx.storage
    person = store.contacts.find(contact)
    if isinstance(every, str):
        every = parse_duration(every)
    interval = every or ctx.config.nurture_every
    plan = engine.nurture_checkin(ctx.today, interval, ctx.calendar)
    with ctx.writing():
        move_to(ctx, person, status.NURTURE, nurture_every=str(interval))
        store.followups.schedule(person.id, plan)
    return Nurtured(person, plan, interval)


def restart(ctx: Context, contact: str, cadence: str | None = None) -> Restarted:
    """Start a cadence again from step 1, counted from today.

    The default is the contact's cadence, unless that is a stage's (``engaged``,
    ``after-meeting``): someone who went quiet again starts the default cadence.
    """
    store = ctx.storage
    person = store.contacts.find(contact)
    own = person.cadence if person.cadence not in engine.STAGE_CADENCES else None
    chosen = ctx.config.cadence(cadence or own)
    plan = engine.first_step(chosen, ctx.today, ctx.calendar)
    with ctx.writing():
        move_to(ctx, person, status.ACTIVE, cadence=chosen.name)
        store.followups.schedule(person.id, plan)
    return Restarted(person, plan, chosen.name)
