"""The database schema, declared once as SQLModel tables.

These classes are the single source of truth for tables, columns, foreign keys
and indexes: a new database is created from them (see ``connection``), and a
test checks that every column the hand-written SQL in this package touches
exists here. Commands never import this module on their normal path, because
importing SQLModel costs more than the rest of a command put together.
"""

from datetime import date, datetime

from sqlalchemy import Column, Index, String, text
from sqlmodel import Field, SQLModel

SCHEMA_VERSION = 2


class Event(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column=Column(String(collation="NOCASE"), nullable=False, unique=True))
    held_on: date | None = None
    place: str | None = None
    created_at: datetime


class Contact(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str
    company: str | None = None
    title: str | None = None
    # NOCASE, so that finding a contact by email uses the index whatever the case; unique,
    # so that no two contacts share one (a database upgraded with duplicates keeps a plain
    # index until `doctor --fix` can make it unique: see migrations/versions/0002).
    email: str | None = Field(
        default=None, sa_column=Column(String(collation="NOCASE"), index=True, unique=True)
    )
    phone: str | None = None
    linkedin: str | None = None
    tz: str | None = None
    tags: str | None = None
    notes: str | None = None
    event_id: int | None = Field(
        default=None, foreign_key="event.id", ondelete="SET NULL", index=True
    )
    met_on: date
    discussed: str | None = None
    promised: str | None = None
    problem: str | None = None
    decider: str | None = None
    status: str = Field(index=True)
    cadence: str | None = None
    nurture_every: str | None = None
    meeting_on: date | None = None
    closed_on: date | None = None
    close_reason: str | None = None
    worked: str | None = None
    lesson: str | None = None
    created_at: datetime
    updated_at: datetime


class Touch(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE")
    happened_on: date
    channel: str
    direction: str
    outcome: str
    note: str | None = None
    step: int | None = None
    check_skipped: bool = False
    skip_reason: str | None = None
    created_at: datetime

    __table_args__ = (Index("ix_touch_contact_day", "contact_id", "happened_on"),)


class Answer(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    touch_id: int = Field(foreign_key="touch.id", ondelete="CASCADE", index=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE")
    question: str
    text: str

    __table_args__ = (Index("ix_answer_contact_question", "contact_id", "question"),)


class FollowUp(SQLModel, table=True):
    __tablename__ = "followup"

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE")
    kind: str
    step: int | None = None
    steps_total: int | None = None
    channel: str | None = None
    action: str
    scheduled_from: date
    wait: int
    due: date
    status: str
    note: str | None = None
    created_at: datetime
    closed_at: datetime | None = None

    __table_args__ = (
        # `today` reads pending follow-ups by due date.
        Index("ix_followup_status_due", "status", "due"),
        # A contact in a cadence has exactly one pending follow-up.
        Index(
            "ux_followup_one_pending",
            "contact_id",
            unique=True,
            sqlite_where=text("status = 'pending'"),
        ),
        Index("ix_followup_contact", "contact_id"),
    )


class AwayPeriod(SQLModel, table=True):
    __tablename__ = "away"

    id: int | None = Field(default=None, primary_key=True)
    first_day: date
    last_day: date
    reason: str | None = None


class UndoOperation(SQLModel, table=True):
    """One write transaction the undo journal can reverse (see ``journal``)."""

    __tablename__ = "undo_operation"

    id: int | None = Field(default=None, primary_key=True)
    command: str
    done_at: datetime
    recording: bool


class UndoStep(SQLModel, table=True):
    """The SQL that reverses one changed row; no foreign key, to keep journaling cheap."""

    __tablename__ = "undo_step"

    id: int | None = Field(default=None, primary_key=True)
    operation_id: int = Field(index=True)
    statement: str


def create_statements() -> list[str]:
    """The SQLite DDL that creates the whole schema, generated from the tables above."""
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.schema import CreateIndex, CreateTable

    dialect = sqlite.dialect()
    statements = []
    for table in SQLModel.metadata.sorted_tables:
        statements.append(str(CreateTable(table).compile(dialect=dialect)))
        statements.extend(
            str(CreateIndex(index).compile(dialect=dialect)) for index in table.indexes
        )
    return statements
