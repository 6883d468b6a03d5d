"""The database schema, declared once as SQLModel tables.

These classes are the single source of truth for tables, columns, foreign keys
and indexes: a new database is created from them (see ``connection``), and a
test checks that every column the hand-written SQL in this package touches
exists here. Commands never import this module on their normal path, because
importing SQLModel costs more than the rest of a command put together.
"""

from datetime import date, datetime
from types import NoneType, UnionType
from typing import Any, get_args

from sqlalchemy import (
    Boolean,
    Column,
    Computed,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Table,
    false,
)
from sqlalchemy import text as sql_text
from sqlmodel import AutoString, Field, SQLModel

from followup.domain import contact, status
from followup.storage import search_index
from followup.storage.conditions import LESSON_KEPT

SCHEMA_VERSION = 7

# 1 for a contact in a status that must have a next step, NULL otherwise: the contact's
# half of the one-pending-item rule (see ``_contact_table``).
HAS_NEXT_STEP = "CASE WHEN status IN ({}) THEN 1 END".format(
    ", ".join(f"'{name}'" for name in status.WITH_NEXT_STEP)
)
# 1 for a pending follow-up, NULL otherwise: the follow-up's half.
IS_PENDING = "CASE WHEN status = 'pending' THEN 1 END"


class Event(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column=Column(String(collation="NOCASE"), nullable=False, unique=True))
    held_on: date | None = None
    place: str | None = None
    created_at: datetime


class Account(SQLModel, table=True):
    """A company: the contacts its name or mail domain links (see domain/accounts.py)."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column=Column(String(collation="NOCASE"), nullable=False, unique=True))
    created_at: datetime
    # The one conversation at the account: who replied, booked a meeting, won or lost
    # (``held_because``) on ``held_on``, while the others' silent cadences wait.
    # No foreign key: the two tables would refer to each other; deleting a contact
    # clears it (sqlite/contacts.py), and their colleagues go on waiting for a decision.
    held_by: int | None = None
    held_because: str | None = None
    held_on: date | None = None


class AccountKey(SQLModel, table=True):
    """What links a contact to an account: ``name:`` a normalised name, ``domain:`` a domain."""

    __tablename__ = "account_key"

    key: str = Field(primary_key=True)
    account_id: int = Field(foreign_key="account.id", ondelete="CASCADE", index=True)


def _contact_table() -> Table:
    """The contact table, read off the one description of a contact (domain/contact.py).

    Each column's type and whether it may be null come from the field's annotation;
    what only a database knows (the key, the event's foreign key, the indexes) is
    said here.
    """
    columns: list[Any] = []
    for described in contact.FIELDS:
        if not contact.spec(described).column:
            continue
        kind, nullable = _sql_type(described.type)
        extra: list[Any] = []
        if described.name in REFERENCES:
            extra.append(ForeignKey(REFERENCES[described.name], ondelete="SET NULL"))
        if described.name == "email":
            # NOCASE, so that finding a contact by email uses the index whatever the case.
            kind = String(collation="NOCASE")
        key = described.name == "id"
        # The key is in a foreign key too (below), which SQLAlchemy would take for a
        # reason not to number it: PostgreSQL must, as SQLite numbers its rowid.
        columns.append(
            Column(
                described.name,
                kind,
                *extra,
                primary_key=key,
                autoincrement=True if key else "auto",
                nullable=nullable,
            )
        )
    columns.append(Column("has_next_step", Integer, Computed(HAS_NEXT_STEP, persisted=False)))
    # Every open contact has its pending follow-up: a foreign key from (id, 1) to a
    # follow-up's (contact_id, 1), which a closed contact's NULL leaves unchecked.
    # Deferred to the commit, so that a command may close one step before scheduling
    # the next; a command that would leave an open contact without one fails whole.
    columns.append(
        ForeignKeyConstraint(
            ["id", "has_next_step"],
            ["followup.contact_id", "followup.is_pending"],
            name="fk_contact_next_step",
            deferrable=True,
            initially="DEFERRED",
            use_alter=True,  # the two tables refer to each other; SQLite needs no ALTER
        )
    )
    table = Table("contact", SQLModel.metadata, *columns)
    Index("ix_contact_status", table.c.status)
    Index("ix_contact_event_id", table.c.event_id)
    Index("ix_contact_account_id", table.c.account_id)
    # The lessons kept by won and lost contacts, by the title or event they share with
    # someone new, the most recently closed first: the few `add` shows, in one seek.
    taught = sql_text(LESSON_KEPT)
    Index(
        "ix_contact_lesson_title",
        sql_text('title COLLATE "NOCASE"'),
        table.c.closed_on,
        sqlite_where=taught,
        postgresql_where=taught,
    )
    Index(
        "ix_contact_lesson_event",
        table.c.event_id,
        table.c.closed_on,
        sqlite_where=taught,
        postgresql_where=taught,
    )
    Index("ix_contact_decider_id", table.c.decider_id)
    Index("ix_contact_owner", table.c.owner)
    # Unique, so that no two contacts share one (a database upgraded with duplicates keeps
    # a plain index until `doctor --fix` can make it unique: see migrations/versions/0002).
    Index("ix_contact_email", table.c.email, unique=True)
    return table


# The contact columns that name another row, which a deletion leaves unset.
REFERENCES = {"event_id": "event.id", "account_id": "account.id", "decider_id": "contact.id"}
SQL_TYPES: dict[Any, Any] = {str: AutoString, int: Integer, date: Date, datetime: DateTime}


def _sql_type(annotation: Any) -> tuple[Any, bool]:
    """The column type for a field's annotation, and whether ``None`` is allowed."""
    members = get_args(annotation) if isinstance(annotation, UnionType) else (annotation,)
    (kind,) = [member for member in members if member is not NoneType]
    return SQL_TYPES[kind](), NoneType in members


Contact = _contact_table()


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
    # The Message-ID of the email `send` sent for it: what a later one replies to.
    message_id: str | None = None

    __table_args__ = (
        Index("ix_touch_contact_day", "contact_id", "happened_on"),
        Index("ix_touch_message_id", "message_id"),
    )


class Answer(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    touch_id: int = Field(foreign_key="touch.id", ondelete="CASCADE", index=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE")
    question: str
    text: str
    # Kept with Enter as still true, not typed (see valuecheck.KeptAnswer).
    kept: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, server_default=false())
    )

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
    is_pending: int | None = Field(
        default=None, sa_column=Column(Integer, Computed(IS_PENDING, persisted=False))
    )

    __table_args__ = (
        # `today` reads pending follow-ups by due date.
        Index("ix_followup_status_due", "status", "due"),
        # At most one pending follow-up per contact (NULLs, the closed ones, never clash),
        # and the key the contact's foreign key refers to.
        Index("ux_followup_one_pending", "contact_id", "is_pending", unique=True),
        # A contact's pending follow-up, found in one seek by a look-up that asks
        # `contact_id = ? AND status = 'pending'` (joins seek the unique index above:
        # sqlite/rows.PENDING_OF_CONTACT).
        Index(
            "ix_followup_pending",
            "contact_id",
            sqlite_where=sql_text("status = 'pending'"),
            postgresql_where=sql_text("status = 'pending'"),
        ),
        Index("ix_followup_contact", "contact_id"),
    )


class Reminder(SQLModel, table=True):
    """A one-off item beside the cadence: shown from its day until done or a touch that day."""

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", index=True)
    due: date
    text: str
    created_at: datetime
    done_at: datetime | None = None

    __table_args__ = (Index("ix_reminder_due", "done_at", "due"),)


class NoticeShown(SQLModel, table=True):
    """The day a once-a-day notice (the thin-pipeline warning) was last shown."""

    __tablename__ = "notice_shown"

    name: str = Field(primary_key=True)
    shown_on: date


class AwayPeriod(SQLModel, table=True):
    __tablename__ = "away"

    id: int | None = Field(default=None, primary_key=True)
    first_day: date
    last_day: date
    reason: str | None = None


class InboxFolder(SQLModel, table=True):
    """Where `inbox sync` stopped in one IMAP folder: its UIDVALIDITY and the last UID read."""

    __tablename__ = "inbox_folder"

    id: int | None = Field(default=None, primary_key=True)
    mailbox: str  # imap://user@host:port
    folder: str
    uidvalidity: int
    last_uid: int

    __table_args__ = (Index("ux_inbox_folder", "mailbox", "folder", unique=True),)


class InboxMessage(SQLModel, table=True):
    """A message `inbox sync` acted on, by its Message-ID, so that none is handled twice."""

    __tablename__ = "inbox_message"

    message_id: str = Field(primary_key=True)
    handled_as: str  # reply, pause or bounce
    handled_on: date


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

    return _statements(sqlite.dialect()) + search_index.STATEMENTS


def postgres_statements() -> list[str]:
    """The same schema for PostgreSQL, from the same tables.

    What SQLite has built in is made first: the NOCASE collation (case-insensitive,
    as ICU compares), by the names the declarations and the queries use. PostgreSQL
    15 stores every generated column, keeps times without a time zone, and adds the
    foreign keys that tie contacts and follow-ups together once both tables exist.
    The search index is SQLite's FTS5, and is not part of it.
    """
    from sqlalchemy.dialects import postgresql
    from sqlalchemy.schema import CreateTable

    class Stored(postgresql.base.PGDDLCompiler):
        def visit_computed_column(self, generated: Computed, **kw: Any) -> str:
            expression = self.sql_compiler.process(
                generated.sqltext, include_table=False, literal_binds=True
            )
            return f"GENERATED ALWAYS AS ({expression}) STORED"

    class Naive(postgresql.base.PGTypeCompiler):
        # Times are the seller's wall clock, kept as written (SQLite keeps them as
        # text): a column with a time zone would move them to the server's.
        def visit_TIMESTAMP(self, type_: Any, **kw: Any) -> str:
            return "TIMESTAMP WITHOUT TIME ZONE"

    dialect = postgresql.dialect()  # type: ignore[no-untyped-call]
    dialect.ddl_compiler = Stored
    dialect.type_compiler_instance = Naive(dialect)
    # Compiled from the constraint itself: AddConstraint would mark it as made apart
    # from its table, and SQLite's DDL, from the same object, would lose it.
    later = [
        f"ALTER TABLE {table.name} ADD {Stored(dialect, CreateTable(table)).process(key)}"
        for table in SQLModel.metadata.sorted_tables
        for key in table.foreign_key_constraints
        if key.use_alter
    ]
    # Quoted in the declarations, bare (so folded to lower case) in the queries.
    collations = [
        f"CREATE COLLATION {name} "
        "(provider = icu, locale = 'und-u-ks-level2', deterministic = false)"
        for name in ('"NOCASE"', "nocase")
    ]
    return [*collations, *_statements(dialect), *later]


def _statements(dialect: Any) -> list[str]:
    from sqlalchemy.schema import CreateIndex, CreateTable

    statements = []
    for table in SQLModel.metadata.sorted_tables:
        statements.append(str(CreateTable(table).compile(dialect=dialect)))
        statements.extend(
            str(CreateIndex(index).compile(dialect=dialect)) for index in table.indexes
        )
    return statements
