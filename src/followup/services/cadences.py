"""Cadences: the built-in ones and the user's, and the real calendar of one."""

from datetime import date

from followup.context import Context
from followup.domain import cadence as engine
from followup.domain.cadence import Cadence, FollowUpPlan


def cadences(ctx: Context) -> list[tuple[Cadence, bool]]:
    """Every cadence you can use, built-in and from your config, and whether it is the default."""
    config = ctx.config
    return [(chosen, chosen.name == config.default_cadence) for chosen in config.cadences.values()]


def cadence(ctx: Context, name: str) -> Cadence:
    return ctx.config.cadence(name)


def simulate(
    ctx: Context, name: str, start: date | str
) -> tuple[Cadence, date, list[FollowUpPlan]]:
    """Each step's day if every touch goes out on its due day (skipping days off)."""
    chosen = ctx.config.cadence(name)
    met_on = ctx.day(start)
    return chosen, met_on, engine.simulate(chosen, met_on, ctx.calendar)
