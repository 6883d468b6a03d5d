"""`forecast`: open opportunities week by week if nobody new is added."""

from followup.context import Context
from followup.domain import status
from followup.domain.cadence import AFTER_MEETING
from followup.domain.forecast import Forecast, leaves_on, weekly
from followup.errors import InvalidValue

MAX_WEEKS = 520


def forecast(ctx: Context, weeks: int = 8) -> Forecast:
    """Open opportunities at the end of each week, and the first week below the target."""
    if not 1 <= weeks <= MAX_WEEKS:
        raise InvalidValue(f"--weeks must be from 1 to {MAX_WEEKS}, not {weeks}")
    config, calendar = ctx.config, ctx.calendar
    after_meeting = config.cadences.get(AFTER_MEETING.name, AFTER_MEETING)
    leaving = []
    for cadence_name, pending in ctx.storage.followups.open_pending(status.OPEN):
        cadence = config.cadences.get(cadence_name or config.default_cadence)
        if cadence is None:  # a cadence since removed from the config: it ends at this item
            leaving.append(max(pending.plan.due, ctx.today))
            continue
        leaving.append(leaves_on(pending.plan, cadence, after_meeting, ctx.today, calendar))
    return weekly(leaving, ctx.today, weeks, config.min_active)
