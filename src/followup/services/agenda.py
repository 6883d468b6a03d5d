"""The daily driver: what is due, what comes next, and whether the pipeline is broad enough."""

from dataclasses import dataclass, replace
from datetime import datetime

from followup.context import Context
from followup.domain import status
from followup.domain.accounts import question
from followup.domain.cadence import ACCOUNT_ITEM, MEETING, REMINDER
from followup.domain.callhours import their_time
from followup.domain.channels import offered
from followup.domain.dates import days_later
from followup.domain.fields import owner_filter
from followup.domain.records import DueItem

# How far ahead the daily warning looks for the pipeline thinning.
WARN_WEEKS = 8
THIN_NOTICE = "pipeline-thin"


@dataclass(frozen=True)
class Breadth:
    """How many opportunities are open (active, engaged, meeting, paused) against the target.

    ``weeks_ahead`` is set when they are enough now but will not be: in how many
    weeks (0: by the end of this one) ``open`` falls below the target.
    """

    open: int
    target: int
    weeks_ahead: int | None = None

    @property
    def thin(self) -> bool:
        return self.open < self.target


def due(ctx: Context, limit: int | None = None, owner: str | None = None) -> list[DueItem]:
    """Due and overdue follow-ups, most urgent first (first touches, then most overdue).

    Each on a channel that reaches the person (see ``reaching``); with ``owner``, only
    that seller's.
    """
    return reaching(ctx, ctx.storage.followups.due(ctx.today, limit, owner_filter(owner)))


def reaching(ctx: Context, items: list[DueItem]) -> list[DueItem]:
    """The items, each step offered on a channel that reaches its person."""
    fallback = ctx.config.fallback
    return [reached(item, fallback) for item in items]


def reached(item: DueItem, fallback: tuple[str, ...]) -> DueItem:
    """The item on the channel ``fallback`` offers its person (the same item if its own).

    An account's item, whose action the store gives as what its conversation did, asks
    its question instead.
    """
    if item.kind == ACCOUNT_ITEM:
        return replace(item, action=question(item.name, item.action))
    if item.channel is None or item.kind in (MEETING, REMINDER):
        return item
    channel = offered(item.channel, item.reach, fallback)
    if channel == item.channel:
        return item
    return replace(item, channel=channel, fallback_from=item.channel)


def due_count(ctx: Context, owner: str | None = None) -> int:
    return ctx.storage.followups.due_count(ctx.today, owner_filter(owner))


def upcoming(ctx: Context, days: int) -> list[DueItem]:
    """What falls due in the next ``days`` days (after today), soonest first."""
    return reaching(ctx, ctx.storage.followups.upcoming(ctx.today, days_later(ctx.today, days)))


@dataclass(frozen=True)
class TheirClock:
    time: datetime  # now, on the contact's clock
    in_hours: bool  # within calls.hours


def their_clock(ctx: Context, item: DueItem) -> TheirClock | None:
    """For a call item of a contact with a time zone: their time now, and if it suits."""
    if item.channel != "call" or not item.tz:
        return None
    moment = their_time(ctx.now, item.tz)
    return TheirClock(moment, moment.time() in ctx.config.call_hours)


# A backlog this soon after time away is the time away's.
AWAY_RECENTLY_DAYS = 14


def backlog_after_away(ctx: Context) -> int | None:
    """How many items are due, when time away ended lately and left more than a day's work."""
    periods = ctx.storage.away.periods()
    if not any(0 < (ctx.today - period.end).days <= AWAY_RECENTLY_DAYS for period in periods):
        return None
    count = due_count(ctx)
    return count if count > ctx.config.day_of_work else None


def breadth(ctx: Context) -> Breadth:
    return Breadth(ctx.storage.contacts.count(status.OPEN), ctx.config.min_active)


def daily_warning(ctx: Context) -> Breadth | None:
    """The pipeline's breadth when it is thin or will be within ``WARN_WEEKS``: once a day.

    The first call of a day checks (and looks ahead with `forecast`); later calls that
    day return None at the cost of one read.
    """
    notices = ctx.storage.notices
    if notices.shown(THIN_NOTICE, ctx.today):
        return None
    warning = _thin(ctx)
    notices.mark_shown(THIN_NOTICE, ctx.today)  # checked: once a day, warning or not
    return warning


def _thin(ctx: Context) -> Breadth | None:
    now = breadth(ctx)
    if now.thin:
        return now
    from followup.services.forecast import forecast  # not on the path of most mornings

    ahead = forecast(ctx, WARN_WEEKS)
    if (week := ahead.thin_from) is None:
        return None
    return replace(now, open=week.open, weeks_ahead=ahead.weeks.index(week))
