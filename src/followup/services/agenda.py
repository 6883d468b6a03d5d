"""The daily driver: what is due, what comes next, and whether the pipeline is broad enough."""

from dataclasses import dataclass

from followup.context import Context
from followup.domain import status
from followup.domain.dates import days_later
from followup.domain.records import DueItem


@dataclass(frozen=True)
class Breadth:
    """How many opportunities are open (active, engaged, meeting) against the target."""

    open: int
    target: int

    @property
    def thin(self) -> bool:
        return self.open < self.target


def due(ctx: Context, limit: int | None = None) -> list[DueItem]:
    """Due and overdue follow-ups, most urgent first (first touches, then most overdue)."""
    return ctx.storage.followups.due(ctx.today, limit)


def due_count(ctx: Context) -> int:
    return ctx.storage.followups.due_count(ctx.today)


def upcoming(ctx: Context, days: int) -> list[DueItem]:
    """What falls due in the next ``days`` days (after today), soonest first."""
    return ctx.storage.followups.upcoming(ctx.today, days_later(ctx.today, days))


def breadth(ctx: Context) -> Breadth:
    return Breadth(ctx.storage.contacts.count(status.OPEN), ctx.config.min_active)
