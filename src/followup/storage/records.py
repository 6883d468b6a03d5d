"""Plain records the store hands to the rest of the program.

They mirror rows of the tables in ``schema`` (a test keeps the two in step)
without importing SQLModel, so reading them costs nothing at start-up.
"""

import sqlite3
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any, Self

from followup.domain.cadence import FollowUpPlan
from followup.domain.fields import split_tags


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


class _FromRow:
    DATE_FIELDS: tuple[str, ...] = ()

    @classmethod
    def from_row(cls, row: sqlite3.Row, **extra: Any) -> Self:
        names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
        # A Row iterates over its values, so .keys() is needed for the column names.
        values = {key: row[key] for key in row.keys() if key in names}  # noqa: SIM118
        for name in cls.DATE_FIELDS:
            if name in values:
                values[name] = _day(values[name])
        return cls(**values, **extra)


@dataclass(frozen=True)
class Contact(_FromRow):
    DATE_FIELDS = ("met_on", "meeting_on", "closed_on")

    id: int
    name: str
    company: str | None
    title: str | None
    email: str | None
    phone: str | None
    linkedin: str | None
    tz: str | None
    tags: str | None
    notes: str | None
    event_id: int | None
    met_on: date
    discussed: str | None
    promised: str | None
    problem: str | None
    decider: str | None
    status: str
    cadence: str | None
    nurture_every: str | None
    meeting_on: date | None
    closed_on: date | None
    close_reason: str | None
    worked: str | None
    lesson: str | None
    created_at: str
    updated_at: str
    # Not a column: the event's name, joined in by every contact read in the store.
    event_name: str | None = None

    @property
    def label(self) -> str:
        return f"#{self.id} {self.name}" + (f" ({self.company})" if self.company else "")

    @property
    def tag_list(self) -> list[str]:
        return list(split_tags(self.tags))


@dataclass(frozen=True)
class Event(_FromRow):
    DATE_FIELDS = ("held_on",)

    id: int
    name: str
    held_on: date | None
    place: str | None
    created_at: str


@dataclass(frozen=True)
class Touch(_FromRow):
    DATE_FIELDS = ("happened_on",)

    id: int
    contact_id: int
    happened_on: date
    channel: str
    direction: str
    outcome: str
    note: str | None
    step: int | None
    check_skipped: bool
    skip_reason: str | None
    created_at: str
    answers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Pending:
    """A contact's pending follow-up: its row id and the plan behind it."""

    id: int
    contact_id: int
    plan: FollowUpPlan

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Self:
        plan = FollowUpPlan(
            kind=row["kind"],
            step=row["step"],
            steps_total=row["steps_total"],
            channel=row["channel"],
            action=row["action"],
            scheduled_from=date.fromisoformat(row["scheduled_from"]),
            wait=row["wait"],
            due=date.fromisoformat(row["due"]),
        )
        return cls(row["id"], row["contact_id"], plan)


@dataclass(frozen=True)
class DueItem:
    """One line of ``today`` / ``upcoming``."""

    contact_id: int
    name: str
    company: str | None
    kind: str
    due: date
    step: int | None
    steps_total: int | None
    channel: str | None
    action: str

    def days_overdue(self, today: date) -> int:
        return max((today - self.due).days, 0)
