"""Rows and records: how the SQLite engine reads its tables into the domain's records.

Days and times are stored as ISO text, which sorts and compares as they do; the
sqlite3 adapters (``connection``) write them, and the readers here turn them back.
"""

import sqlite3
from collections.abc import Callable, Mapping
from datetime import date, datetime
from types import NoneType, UnionType
from typing import Any, get_args

from followup.domain import contact as described
from followup.domain.cadence import RESUME, FollowUpPlan
from followup.domain.channels import reach_of
from followup.domain.contact import Contact
from followup.domain.records import DueItem, Event, Pending, Touch
from followup.domain.status import PAUSED

PENDING = "pending"
# The account and decider columns of an item about the contact ``{contact}``.
ITEM_PEOPLE = """
    {contact}.account_id, (SELECT name FROM account WHERE id = {contact}.account_id) AS account,
    {contact}.decider_id, (SELECT name FROM contact WHERE id = {contact}.decider_id) AS decider
"""
# A follow-up plan's columns (see plan_row), and a follow-up's as it is first scheduled.
PLAN_COLUMNS = ("kind", "step", "steps_total", "channel", "action", "scheduled_from", "wait", "due")
PENDING_COLUMNS = ("contact_id", *PLAN_COLUMNS, "status", "created_at")
# The pending follow-up (f) of a contact (c), for a join: one seek in the unique index
# on (contact_id, is_pending). Written with status = 'pending' instead, the planner of a
# store without statistics may choose the index on (status, due) and read every pending
# row once per contact.
PENDING_OF_CONTACT = "f.contact_id = c.id AND f.is_pending = 1"
# The same seek for one contact, given as the parameter.
PENDING_OF = "contact_id = ? AND is_pending = 1"
# Every contact read carries its event's name, so that listing never asks per contact.
CONTACT_COLUMNS = "c.*, e.name AS event_name, a.name AS account_name"
CONTACTS_WITH_EVENT = (
    "contact c LEFT JOIN event e ON e.id = c.event_id LEFT JOIN account a ON a.id = c.account_id"
)


def day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _reader(annotation: Any) -> Callable[[Any], Any] | None:
    """How a stored value becomes the field's type: dates and times from ISO text."""
    members = get_args(annotation) if isinstance(annotation, UnionType) else (annotation,)
    kinds = {member for member in members if member is not NoneType}
    if kinds == {date}:
        return day
    if kinds == {datetime}:
        return moment
    return None


# The contact's fields whose stored text must be read into a date or a time.
CONTACT_READERS = {
    field.name: reader for field in described.FIELDS if (reader := _reader(field.type))
}
CONTACT_FIELDS = tuple(field.name for field in described.FIELDS)


def contact(row: sqlite3.Row) -> Contact:
    values = dict(zip(CONTACT_FIELDS, map(row.__getitem__, CONTACT_FIELDS), strict=True))
    for name, read in CONTACT_READERS.items():
        values[name] = read(values[name])
    return Contact(**values)


def event(row: sqlite3.Row) -> Event:
    return Event(
        id=row["id"],
        name=row["name"],
        held_on=day(row["held_on"]),
        place=row["place"],
        created_at=datetime.fromisoformat(row["created_at"]),
    )


def touch(row: sqlite3.Row, answers: Mapping[int, dict[str, str]]) -> Touch:
    return Touch(
        id=row["id"],
        contact_id=row["contact_id"],
        happened_on=date.fromisoformat(row["happened_on"]),
        channel=row["channel"],
        direction=row["direction"],
        outcome=row["outcome"],
        note=row["note"],
        step=row["step"],
        check_skipped=bool(row["check_skipped"]),
        skip_reason=row["skip_reason"],
        created_at=datetime.fromisoformat(row["created_at"]),
        answers=answers.get(row["id"], {}),
        message_id=row["message_id"],
    )


def pending(row: sqlite3.Row) -> Pending:
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
    return Pending(row["id"], row["contact_id"], plan)


# A contact's (c) pending follow-up (f) as `due_item` reads it: shown as ``resume`` while
# the contact is paused, with what says which channels reach them, their time zone, their
# account and who decides for them.
PENDING_ITEM_COLUMNS = f"""
    f.contact_id, c.name, c.company,
    CASE WHEN c.status = '{PAUSED}' THEN '{RESUME}' ELSE f.kind END AS kind,
    f.due, f.step, f.steps_total, f.channel, f.action, c.cadence,
    c.email, c.bounced_email, c.phone, c.linkedin, c.tz, {ITEM_PEOPLE.format(contact="c")}
"""


def due_item(row: sqlite3.Row) -> DueItem:
    return DueItem(
        contact_id=row["contact_id"],
        name=row["name"],
        company=row["company"],
        kind=row["kind"],
        due=date.fromisoformat(row["due"]),
        step=row["step"],
        steps_total=row["steps_total"],
        channel=row["channel"],
        action=row["action"],
        cadence=row["cadence"],
        reach=reach_of(row["email"], row["bounced_email"], row["phone"], row["linkedin"]),
        tz=row["tz"],
        account_id=row["account_id"],
        account=row["account"],
        decider_id=row["decider_id"],
        decider=row["decider"],
    )


def plan_row(plan: FollowUpPlan) -> tuple[Any, ...]:
    """The values of ``PLAN_COLUMNS`` for ``plan``."""
    return (
        plan.kind,
        plan.step,
        plan.steps_total,
        plan.channel,
        plan.action,
        plan.scheduled_from,
        plan.wait,
        plan.due,
    )


def pending_row(contact_id: int, plan: FollowUpPlan, created_at: Any) -> tuple[Any, ...]:
    """The values of ``PENDING_COLUMNS`` for ``plan``."""
    return (contact_id, *plan_row(plan), PENDING, created_at)


def marks(values: Any) -> str:
    """As many ``?`` placeholders as ``values`` has items, comma-separated."""
    return ", ".join("?" for _ in values)


class Tables:
    """What every aggregate works with: the open connection, and the time to stamp."""

    def __init__(self, db: sqlite3.Connection, now: datetime):
        self.db = db
        self.now = now

    def insert_row(self, table: str, values: Mapping[str, Any]) -> int:
        columns = ", ".join(values)
        named = ", ".join(f":{name}" for name in values)
        cursor = self.db.execute(f"INSERT INTO {table} ({columns}) VALUES ({named})", values)
        return cursor.lastrowid or 0

    def update_row(self, table: str, row_id: int, values: Mapping[str, Any]) -> None:
        if not values:
            return
        assignments = ", ".join(f"{name} = :{name}" for name in values)
        self.db.execute(
            f"UPDATE {table} SET {assignments} WHERE id = :row_id", {**values, "row_id": row_id}
        )
