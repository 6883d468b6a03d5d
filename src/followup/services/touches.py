"""What happened with a contact: a touch you made, their reply, a meeting booked.

Each of them leaves the contact with their next dated step: the cadence's next
step, the answer to a reply (the ``engaged`` cadence), the meeting itself and,
once it happened, the recap (the ``after-meeting`` cadence).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from followup.context import Context
from followup.domain import cadence as engine
from followup.domain import status
from followup.domain.accounts import MEETING, REPLIED
from followup.domain.cadence import FollowUpPlan
from followup.domain.calendar import BusinessCalendar
from followup.domain.channels import offered, reach_of
from followup.domain.contact import Contact
from followup.domain.dates import display_day
from followup.domain.records import Pending
from followup.errors import FollowupError, InvalidValue
from followup.formats.answers import read_answers
from followup.services import gate
from followup.services.accounts import Held, hold_others
from followup.services.deciders import DeciderNamed, named_decider
from followup.services.standing import back_from_pause, move_to, nurture_every

CONNECTED, BOUNCED = "connected", "bounced"
OUTCOMES = ("sent", "no-answer", "voicemail", CONNECTED, BOUNCED)
MET = "met"  # the outcome of a logged meeting


@dataclass(frozen=True)
class LogTouch:
    """An outbound touch for the contact's pending step."""

    contact: str
    channel: str | None = None  # default: the step's channel
    outcome: str = "sent"
    note: str | None = None
    on: date | str | None = None  # default: today
    answers: Mapping[str, str] = field(default_factory=dict)
    # A TOML or JSON table of answers; ``answers`` overlay it.
    answers_file: Path | None = None
    skip_check: bool = False
    reason: str | None = None  # why the check was skipped
    # The answers passed the gate already in this run (a draft before it was logged).
    checked: bool = False
    message_id: str | None = None  # of the email sent for it


@dataclass(frozen=True)
class Logged:
    contact: Contact
    step: FollowUpPlan | None  # the step logged; None for a touch outside any cadence
    next: FollowUpPlan | None
    held: Held | None = None  # colleagues who wait, after a call that got through
    decider: DeciderNamed | None = None  # what the decider answer named


@dataclass(frozen=True)
class Replied:
    contact: Contact
    next: FollowUpPlan  # the answer, due the business day after the reply
    held: Held | None = None  # colleagues who wait for this conversation


@dataclass(frozen=True)
class RecordReply:
    contact: str
    via: str = "email"
    note: str | None = None
    on: date | str | None = None
    message_id: str | None = None  # of their email, which the next one answers


@dataclass(frozen=True)
class BookMeeting:
    contact: str
    on: date | str
    note: str | None = None


@dataclass(frozen=True)
class Booked:
    contact: Contact
    meeting_on: date
    next: FollowUpPlan  # the meeting itself
    held: Held | None = None  # colleagues who wait for this conversation


def log_touch(ctx: Context, request: LogTouch) -> Logged:
    """Record the touch (after the value check on a retry) and schedule the next step."""
    store = ctx.storage
    person = store.contacts.find(request.contact)
    choice(request.channel, engine.CHANNELS, "--channel")
    choice(request.outcome, OUTCOMES, "--outcome")
    touched_on = past_day(ctx, request.on, person, "a touch")
    last = store.touches.last_on(person.id)
    if last is not None and touched_on < last:
        return _backfill(ctx, person, request, touched_on)
    pending = store.followups.pending(person.id)
    plan = pending.plan if pending else None
    if plan and plan.kind == engine.DECIDE:
        raise FollowupError(
            f"{person.label} finished the cadence: "
            "choose `nurture`, `restart` or `lost` instead of `log`"
        )
    kept, skipped = answers_for(ctx, person, plan, request)
    met = plan is not None and plan.kind == engine.MEETING
    # A call that got through is a conversation: they are engaged, as after a reply.
    talked = request.outcome == CONNECTED and not met
    next_plan = _answer(ctx, touched_on) if talked else _after(ctx, person, plan, touched_on)
    # The value check may have waited on a person, so it ran before taking the write
    # lock; what it relied on is checked again now that nobody else can write.
    with ctx.writing():
        unchanged(ctx, person, pending, "logging")
        not_before_last_touch(ctx, person, touched_on, "a touch")
        if pending:
            store.followups.close_pending(person.id, "done")
        store.touches.add(
            person.id,
            {
                "happened_on": touched_on,
                "channel": request.channel or _offered_channel(ctx, person, plan),
                # A meeting is a conversation, not one more touch into silence.
                "direction": "in" if met else "out",
                "outcome": MET if met else request.outcome,
                "note": request.note,
                "step": _funnel_step(person, plan),
                "check_skipped": skipped,
                "skip_reason": request.reason if skipped else None,
                "message_id": request.message_id,
            },
            kept,
        )
        named = None
        if profile := gate.profile_updates(kept):
            store.contacts.update(person.id, profile)
            named = named_decider(ctx, person, profile.get("decider"))
        held = None
        if talked:
            move_to(ctx, person, status.ENGAGED, cadence=engine.ENGAGED.name)
            held = hold_others(ctx, person, REPLIED, touched_on)
        elif person.status == status.PAUSED and plan:  # back: the step they waited for is done
            move_to(ctx, person, back_from_pause(person, plan))
        if request.outcome == BOUNCED and person.email:
            store.contacts.update(person.id, {"bounced_email": person.email})
        if next_plan:
            store.followups.schedule(person.id, next_plan)
    return Logged(person, plan, next_plan, held, named)


def answers_for(
    ctx: Context, person: Contact, plan: FollowUpPlan | None, request: LogTouch
) -> tuple[dict[str, str], bool]:
    """The answers kept with a touch for ``plan``, and whether its check was skipped.

    A retry passes the value-check gate (asking on a terminal what is missing), unless
    skipped with a reason; answers already ``checked`` in this run are kept as they are.
    """
    from_file = read_answers(request.answers_file) if request.answers_file else {}
    given = gate.bounded({**from_file, **request.answers})
    gated = _gated(ctx, person, plan)
    skipped = gated and request.skip_check
    if request.skip_check and not (request.reason or "").strip():
        raise InvalidValue("--skip-check needs --reason TEXT saying why")
    if request.checked:
        return given, skipped
    kept = gate.passing(ctx, person, given) if gated and not skipped else gate.unchecked(ctx, given)
    return kept, skipped


def _answer(ctx: Context, talked_on: date) -> FollowUpPlan:
    """After a conversation (a reply, a call that got through): step 1 of ``engaged``."""
    return engine.first_step(ctx.config.cadence(engine.ENGAGED.name), talked_on, ctx.calendar)


def _gated(ctx: Context, person: Contact, plan: FollowUpPlan | None) -> bool:
    history = ctx.storage.touches.of(person.id)
    # Silent since our last touch, unless that touch was a call that got through.
    silent = bool(history) and history[-1].direction == "out" and history[-1].outcome != CONNECTED
    return engine.needs_value_check(plan, silent)


def check_value(ctx: Context, contact: str) -> dict[str, str]:
    """The value-check answers for the contact's pending step, asked before anything else
    (`today -i`); none when the step is not a retry. Refused as `log` would refuse them."""
    person = ctx.storage.contacts.find(contact)
    pending = ctx.storage.followups.pending(person.id)
    plan = pending.plan if pending else None
    return gate.passing(ctx, person, {}) if _gated(ctx, person, plan) else {}


def _backfill(ctx: Context, person: Contact, request: LogTouch, touched_on: date) -> Logged:
    """A touch you forgot to log, before the latest one: history, not the pending step.

    It is stored in date order without a step of the cadence and without a value check
    (it was not sent now); the pending step is worked out again from the latest touch.
    """
    store = ctx.storage
    from_file = read_answers(request.answers_file) if request.answers_file else {}
    kept = gate.unchecked(ctx, gate.bounded({**from_file, **request.answers}))
    with ctx.writing():
        store.touches.add(
            person.id,
            {
                "happened_on": touched_on,
                "channel": request.channel or "email",
                "direction": "out",
                "outcome": request.outcome,
                "note": request.note,
            },
            kept,
        )
        replan(ctx, person)
        pending = store.followups.pending(person.id)
    return Logged(person, None, pending.plan if pending else None)


def record_reply(ctx: Context, request: RecordReply) -> Replied:
    """They answered: the contact becomes `engaged`, and the answer is due next."""
    store = ctx.storage
    person = store.contacts.find(request.contact)
    choice(request.via, engine.CHANNELS, "--via")
    replied_on = past_day(ctx, request.on, person, "a reply")
    answer = _answer(ctx, replied_on)
    with ctx.writing():
        not_before_last_touch(ctx, person, replied_on, "a reply")
        store.touches.add(
            person.id,
            {
                "happened_on": replied_on,
                "channel": request.via,
                "direction": "in",
                "outcome": "replied",
                "note": request.note,
                "message_id": request.message_id,
            },
            {},
        )
        move_to(ctx, person, status.ENGAGED, cadence=engine.ENGAGED.name)
        store.followups.schedule(person.id, answer)
        held = hold_others(ctx, person, REPLIED, replied_on)
    return Replied(person, answer, held)


def book_meeting(ctx: Context, request: BookMeeting) -> Booked:
    """A meeting is booked: the contact's status becomes `meeting`, the meeting their next item."""
    store = ctx.storage
    person = store.contacts.find(request.contact)
    meeting_on = ctx.day(request.on)
    if meeting_on < person.met_on:
        raise InvalidValue(
            f"a meeting cannot be before you met {person.name} on {display_day(person.met_on)}"
        )
    with ctx.writing():
        not_before_last_touch(ctx, person, ctx.today, "booking a meeting")
        not_before_last_touch(ctx, person, meeting_on, "a meeting")
        note = f"Meeting on {meeting_on.isoformat()}" + (
            f": {request.note}" if request.note else ""
        )
        store.touches.add(
            person.id,
            {
                "happened_on": ctx.today,
                "channel": "other",
                "direction": "in",
                "outcome": "meeting-booked",
                "note": note,
            },
            {},
        )
        move_to(
            ctx, person, status.MEETING, meeting_on=meeting_on, cadence=engine.AFTER_MEETING.name
        )
        store.followups.schedule(person.id, engine.meeting(meeting_on))
        held = hold_others(ctx, person, MEETING, ctx.today)
    return Booked(person, meeting_on, engine.meeting(meeting_on), held)


def past_day(ctx: Context, when: date | str | None, contact: Contact, what: str) -> date:
    """The day something happened: today by default, never in the future or before you met."""
    happened = ctx.day(when) if when is not None else ctx.today
    if happened > ctx.today:
        raise InvalidValue(f"{what} cannot be in the future ({display_day(happened)})")
    if happened < contact.met_on:
        raise InvalidValue(
            f"{what} cannot be before you met {contact.name} on {display_day(contact.met_on)}"
        )
    return happened


def not_before_last_touch(ctx: Context, contact: Contact, when: date, what: str) -> None:
    """Refuse a day that would reorder the timeline.

    Steps are scheduled from the latest touch, so a touch slipped in before it would
    show out of order and count the wrong step as the last one.
    """
    last = ctx.storage.touches.last_on(contact.id)
    if last is not None and when < last:
        raise InvalidValue(
            f"{what} cannot be before the last touch with {contact.name} on {display_day(last)}"
        )


def unchanged(ctx: Context, person: Contact, pending: Pending | None, doing: str) -> None:
    """Inside the write transaction: refuse if the pending follow-up read earlier was replaced.

    Another invocation (a script, a second terminal) may have logged, replied or
    restarted meanwhile; acting on the stale read would log a step twice.
    """
    if not ctx.storage.followups.still_pending(person.id, pending):
        raise FollowupError(
            f"{person.label}'s follow-up changed while you were {doing}; run it again"
        )


def choice(value: str | None, allowed: tuple[str, ...], option: str) -> None:
    if value is not None and value not in allowed:
        raise InvalidValue(f"{option} {value!r} is not one of: {', '.join(allowed)}")


def _offered_channel(ctx: Context, person: Contact, plan: FollowUpPlan | None) -> str:
    """The channel a touch defaults to: the step's, or the one `today` offered instead."""
    if plan is None or plan.channel is None:
        return "email"
    if plan.kind == engine.MEETING:
        return plan.channel
    reach = reach_of(person.email, person.bounced_email, person.phone, person.linkedin)
    return offered(plan.channel, reach, ctx.config.fallback)


def _funnel_step(person: Contact, plan: FollowUpPlan | None) -> int | None:
    """The step a touch is counted under in `report --by step`: only the silent cadences'.

    The steps of ``engaged`` and ``after-meeting`` are answers to a conversation, and
    counting them as step 1, 2, … would mix them with the follow-ups after silence.
    """
    if plan is None or person.cadence in engine.STAGE_CADENCES:
        return None
    return plan.step


def _after(
    ctx: Context, person: Contact, plan: FollowUpPlan | None, touched_on: date
) -> FollowUpPlan | None:
    if plan is None:
        return None
    if plan.kind == engine.MEETING:
        after_meeting = ctx.config.cadence(engine.AFTER_MEETING.name)
        return engine.plan_step(after_meeting, 1, touched_on, ctx.calendar)
    if plan.kind == engine.NURTURE:
        return engine.nurture_checkin(touched_on, nurture_every(ctx, person), ctx.calendar)
    return engine.after_touch(
        ctx.config.cadence(person.cadence), plan.step or 0, touched_on, ctx.calendar
    )


def planned_from_history(ctx: Context, person: Contact, calendar: BusinessCalendar) -> FollowUpPlan:
    """What the contact's cadence says comes after their last touch, as `log` would plan it."""
    store = ctx.storage
    if person.status == status.NURTURE:
        last_touch = store.touches.last_on(person.id)
        return engine.nurture_checkin(
            last_touch or person.met_on, nurture_every(ctx, person), calendar
        )
    history = store.touches.of(person.id)
    if person.status == status.ENGAGED and person.cadence != engine.ENGAGED.name:
        # Replied before the engaged stage existed: answering them is what comes next.
        answered = history[-1].happened_on if history else person.met_on
        return engine.first_step(ctx.config.cadence(engine.ENGAGED.name), answered, calendar)
    if person.status == status.MEETING and person.meeting_on and person.meeting_on >= ctx.today:
        return engine.meeting(person.meeting_on)
    cadence = ctx.config.cadence(person.cadence)
    steps = [touch for touch in history if touch.step and touch.direction == "out"]
    if not steps:
        return engine.first_step(cadence, person.met_on, calendar)
    done = min(steps[-1].step or 1, len(cadence.steps))
    return engine.after_touch(cadence, done, steps[-1].happened_on, calendar)


def replan(ctx: Context, person: Contact) -> FollowUpPlan | None:
    """Inside ``writing()``: the pending step of a silent cadence, from the history as it is.

    Only there: a stage's steps, a meeting, a nurture check-in or a pause do not hang on
    which outbound step came last. Returns the new step when it changed.
    """
    store = ctx.storage
    pending = store.followups.pending(person.id)
    silent = person.status == status.ACTIVE and person.cadence not in engine.STAGE_CADENCES
    if pending is None or not silent or pending.plan.kind not in (engine.TOUCH, engine.DECIDE):
        return None
    plan = planned_from_history(ctx, person, ctx.calendar)
    if (plan.kind, plan.step, plan.due) == (
        pending.plan.kind,
        pending.plan.step,
        pending.plan.due,
    ):
        return None
    store.followups.schedule(person.id, plan)
    return plan
