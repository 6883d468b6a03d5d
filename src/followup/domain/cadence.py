"""Cadences and the scheduling rules that turn them into due dates.

A cadence is an ordered list of steps. Step 1 waits after the day you met;
every later step waits after the day the previous touch actually happened, so a
late touch never compresses the rest. After the last step, a ``decide`` item
asks for the next layer instead of letting the contact drop off.

The stages after silence are cadences too: ``engaged`` starts on the day they
replied, ``after-meeting`` the business day after a meeting, which is itself an
item (kind ``meeting``) due on its day. So an open contact always has one dated
next step, whatever stage they are in.
"""

from dataclasses import dataclass, replace
from datetime import date

from followup.domain import status
from followup.domain.calendar import BusinessCalendar
from followup.domain.dates import Offset, display_day

CHANNELS = ("email", "call", "linkedin", "text", "in-person", "other")

TOUCH, DECIDE, NURTURE, MEETING = "touch", "decide", "nurture", "meeting"
# Kinds `today` shows besides a plan's: a reminder, a paused contact's step, and the
# decision about the colleagues who wait for one conversation at an account.
REMINDER, RESUME, ACCOUNT_ITEM = "reminder", "resume", "account"

DECIDE_ACTION = (
    "Cadence finished without an answer: decide the next layer "
    "(nurture, restart with a new angle, another person at the company, or lost with a lesson)"
)
NURTURE_ACTION = "Stay in touch: share something useful to them, no ask"
MEETING_ACTION = "Prepare: their problem, the decider, what you promised"
DEFAULT_NURTURE_EVERY = Offset(60, "d")


@dataclass(frozen=True)
class Step:
    wait: int
    channel: str
    action: str


@dataclass(frozen=True)
class Cadence:
    name: str
    steps: tuple[Step, ...]
    description: str = ""

    def step(self, number: int) -> Step:
        """Step ``number``, counted from 1 as users count them."""
        if not 1 <= number <= len(self.steps):
            raise IndexError(f"{self.name} has steps 1 to {len(self.steps)}, not {number}")
        return self.steps[number - 1]


EVENT_WARM = Cadence(
    "event-warm",
    (
        Step(1, "email", "Recap the conversation, deliver what you promised, ask for the meeting"),
        Step(3, "email", "Bring something new of value tied to their problem"),
        Step(3, "call", "Call; if no answer leave a short voicemail and a two-line email"),
        Step(4, "linkedin", "Light touch: comment or message, stay visible"),
        Step(5, "email", "A different angle: a case, a pilot, something that lowers their risk"),
        Step(10, "call", "Ask directly whether you are talking to the right person"),
        Step(10, "email", "Close the loop politely; leave the door open"),
    ),
    "People you met at an event: seven touches over about eight weeks",
)

NEW_ANGLE = Cadence(
    "new-angle",
    (
        Step(1, "email", "Open with a new angle: a different problem, a case from their industry"),
        Step(5, "linkedin", "Share something useful for that angle, no ask"),
        Step(5, "call", "Call about the new angle; ask who else cares about it"),
        Step(10, "email", "Close the loop; offer to stay in touch"),
    ),
    "A second attempt after event-warm ran out: new angle, fewer touches",
)

ENGAGED = Cadence(
    "engaged",
    (
        Step(1, "email", "Answer and propose two meeting times"),
        Step(3, "email", "Chase the meeting: two new times and one reason to meet"),
        Step(4, "call", "Call to find a time; if no answer, a two-line email"),
        Step(10, "email", "Close the loop on the meeting; leave the door open"),
    ),
    "They replied: answer, then chase the meeting if they go quiet again",
)

AFTER_MEETING = Cadence(
    "after-meeting",
    (
        Step(1, "email", "Recap, the agreed next step, and its date"),
        Step(5, "email", "Chase the decision: what is still open for them"),
        Step(5, "call", "Call the decider about the decision"),
        Step(10, "email", "Ask for a yes or a no; leave the door open"),
    ),
    "After a meeting: the recap the next business day, then chase the decision",
)

BUILTIN_CADENCES = {
    cadence.name: cadence for cadence in (EVENT_WARM, NEW_ANGLE, ENGAGED, AFTER_MEETING)
}
# The cadences a stage starts by itself; `restart` and new contacts never pick them.
STAGE_CADENCES = (ENGAGED.name, AFTER_MEETING.name)
SILENT, NURTURING = "silent", "nurture"
STAGES = (SILENT, ENGAGED.name, AFTER_MEETING.name, NURTURING)
# The status a contact has in each stage (`paused` aside, which keeps the stage).
STATUS_OF_STAGE = {
    SILENT: status.ACTIVE,
    ENGAGED.name: status.ENGAGED,
    AFTER_MEETING.name: status.MEETING,
    NURTURING: status.NURTURE,
}


def stage(cadence: str | None, kind: str) -> str:
    """Where a contact with this cadence and pending item stands in the journey."""
    if kind == MEETING:
        return AFTER_MEETING.name
    if kind == NURTURE:
        return NURTURING
    if kind == ACCOUNT_ITEM:
        return ACCOUNT_ITEM
    return cadence if cadence in STAGE_CADENCES else SILENT


@dataclass(frozen=True)
class FollowUpPlan:
    """The next thing to do for a contact, and how its due date was derived.

    ``due`` is always ``wait`` business days after ``scheduled_from`` (0: the
    first business day on or after it), so it can be recomputed when the
    calendar changes (an ``away`` period) without losing the rule behind it.
    """

    kind: str
    step: int | None
    steps_total: int | None
    channel: str | None
    action: str
    scheduled_from: date
    wait: int
    due: date

    @property
    def is_retry(self) -> bool:
        """Retries (steps after the first, nurture check-ins) pass the value-check gate."""
        return self.kind == NURTURE or (self.kind == TOUCH and (self.step or 0) > 1)

    def recomputed(self, calendar: BusinessCalendar) -> "FollowUpPlan":
        if self.kind == MEETING:  # agreed with them: your days off do not move it
            return self
        return replace(self, due=calendar.add_business_days(self.scheduled_from, self.wait))

    def snoozed(self, until: date, calendar: BusinessCalendar) -> "FollowUpPlan":
        return replace(self, scheduled_from=until, wait=0, due=calendar.roll_forward(until))

    def paused(self, until: date, calendar: BusinessCalendar) -> "FollowUpPlan":
        """The same step, due the first business day after ``until`` (out of office)."""
        return replace(self, scheduled_from=until, wait=1, due=calendar.add_business_days(until, 1))


def describe(plan: FollowUpPlan) -> str:
    """``step 3/7 (call) on Thu 2026-03-12``, ``decide the next layer on …``, ``nurture …``."""
    if plan.kind == TOUCH:
        return f"step {plan.step}/{plan.steps_total} ({plan.channel}) on {display_day(plan.due)}"
    if plan.kind == DECIDE:
        return f"decide the next layer on {display_day(plan.due)}"
    if plan.kind == MEETING:
        return f"the meeting on {display_day(plan.due)}"
    return f"nurture check-in on {display_day(plan.due)}"


def plan_step(
    cadence: Cadence, number: int, after: date, calendar: BusinessCalendar
) -> FollowUpPlan:
    """Step ``number`` of ``cadence``, waiting its business days after ``after``."""
    step = cadence.step(number)
    return FollowUpPlan(
        kind=TOUCH,
        step=number,
        steps_total=len(cadence.steps),
        channel=step.channel,
        action=step.action,
        scheduled_from=after,
        wait=step.wait,
        due=calendar.add_business_days(after, step.wait),
    )


def first_step(cadence: Cadence, met_on: date, calendar: BusinessCalendar) -> FollowUpPlan:
    return plan_step(cadence, 1, met_on, calendar)


def after_touch(
    cadence: Cadence, step_done: int, touched_on: date, calendar: BusinessCalendar
) -> FollowUpPlan:
    """What follows logging ``step_done`` on ``touched_on``: the next step, or ``decide``."""
    if step_done < len(cadence.steps):
        return plan_step(cadence, step_done + 1, touched_on, calendar)
    wait = cadence.steps[-1].wait
    return FollowUpPlan(
        kind=DECIDE,
        step=None,
        steps_total=len(cadence.steps),
        channel=None,
        action=DECIDE_ACTION,
        scheduled_from=touched_on,
        wait=wait,
        due=calendar.add_business_days(touched_on, wait),
    )


def nurture_checkin(after: date, every: Offset, calendar: BusinessCalendar) -> FollowUpPlan:
    """A stay-in-touch check-in ``every`` after ``after``, landing on a business day."""
    start = every.apply(after, calendar)
    return FollowUpPlan(
        kind=NURTURE,
        step=None,
        steps_total=None,
        channel="email",
        action=NURTURE_ACTION,
        scheduled_from=start,
        wait=0,
        due=calendar.roll_forward(start),
    )


def meeting(on: date) -> FollowUpPlan:
    """The meeting itself, due on its day whatever the calendar says."""
    return FollowUpPlan(
        kind=MEETING,
        step=None,
        steps_total=None,
        channel="in-person",
        action=MEETING_ACTION,
        scheduled_from=on,
        wait=0,
        due=on,
    )


def simulate(cadence: Cadence, start: date, calendar: BusinessCalendar) -> list[FollowUpPlan]:
    """Every step's date if each touch happens on its due day, then the ``decide`` item."""
    plans = [first_step(cadence, start, calendar)]
    while plans[-1].kind == TOUCH:
        plans.append(after_touch(cadence, plans[-1].step or 0, plans[-1].due, calendar))
    return plans


def needs_value_check(plan: FollowUpPlan | None, silent_since_last_touch: bool) -> bool:
    """Whether logging ``plan`` must pass the value-check gate.

    Retries do: later steps and nurture check-ins, and also a first step after a
    ``restart`` when the contact never answered the last touch, because that is
    a retry in all but name.
    """
    if plan is None:
        return False
    return plan.is_retry or (plan.kind == TOUCH and silent_since_last_touch)
