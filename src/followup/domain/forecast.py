"""How the pipeline thins if nothing new is added: pure arithmetic over pending items.

An open contact who never answers again takes every remaining step on its due
day, then reaches the ``decide`` item and leaves the pipeline that day (to
nurture, another attempt or lost: all a decision, none an open opportunity). A
meeting is assumed to happen, and its chase after it runs out the same way.
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from followup.domain.cadence import MEETING, TOUCH, Cadence, FollowUpPlan, after_touch, plan_step
from followup.domain.calendar import BusinessCalendar


@dataclass(frozen=True)
class Week:
    starts: date  # a Monday
    open: int  # open opportunities left at the end of the week


@dataclass(frozen=True)
class Forecast:
    weeks: list[Week]
    target: int

    @property
    def thin_from(self) -> Week | None:
        """The first week that ends below the target."""
        return next((week for week in self.weeks if week.open < self.target), None)


def leaves_on(
    plan: FollowUpPlan,
    cadence: Cadence,
    after_meeting: Cadence,
    today: date,
    calendar: BusinessCalendar,
) -> date:
    """The day a contact with this pending item reaches a decision, if they stay silent.

    An overdue item is taken as done today: the seller has not given up on it.
    """
    plan = replace(plan, due=max(plan.due, today))
    if plan.kind == MEETING:
        plan, cadence = plan_step(after_meeting, 1, plan.due, calendar), after_meeting
    while plan.kind == TOUCH:
        plan = after_touch(cadence, plan.step or 0, plan.due, calendar)
    return plan.due


def weekly(leaving: Iterable[date], today: date, weeks: int, target: int) -> Forecast:
    """Open opportunities at the end of each of ``weeks`` weeks from this one."""
    days = sorted(leaving)
    monday = today - timedelta(days=today.weekday())
    counted, index = [], 0
    for number in range(weeks):
        starts = monday + timedelta(weeks=number)
        ends = starts + timedelta(days=6)
        while index < len(days) and days[index] <= ends:
            index += 1
        counted.append(Week(starts, len(days) - index))
    return Forecast(counted, target)
