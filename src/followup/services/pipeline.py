"""`pipeline`: every open contact at a glance, what needs attention first."""

from dataclasses import replace

from followup.context import Context
from followup.domain.cadence import STAGES
from followup.domain.fields import owner_filter
from followup.domain.records import PipelineRow
from followup.errors import InvalidValue
from followup.services.agenda import reached


def pipeline(ctx: Context, stage: str | None = None, owner: str | None = None) -> list[PipelineRow]:
    """Open contacts (``owner``: that seller's), the most overdue item first, then the
    longest without an answer."""
    if stage is not None and stage not in STAGES:
        raise InvalidValue(f"--stage {stage!r} is not one of: {', '.join(STAGES)}")
    fallback = ctx.config.fallback
    rows = [
        replace(row, item=reached(row.item, fallback))
        for row in ctx.storage.reports.pipeline(owner_filter(owner))
    ]
    return [row for row in rows if stage is None or row.item.stage == stage]
