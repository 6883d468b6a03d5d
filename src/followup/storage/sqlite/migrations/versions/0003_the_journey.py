"""Schema 3, the journey: one dated next step for every open contact; reminders; pauses.

Until now a reply or a booked meeting ended the cadence and left the contact with
nothing scheduled. Each follow-up gains ``is_pending`` and each contact
``has_next_step`` (generated columns), and the contact table is rebuilt with a
deferred foreign key from its ``(id, has_next_step)`` to a follow-up's
``(contact_id, is_pending)``, since SQLite cannot add a constraint to a table.

Open contacts left without a next step get one, due on the day of the upgrade:
an engaged contact the answer that proposes meeting times, a meeting contact
its meeting (or, once past, the recap), anyone else a decision.

Contacts gain ``paused_until`` (out of office) and ``bounced_email``, one-off reminders get a table
of their own, an answer says whether it was kept with Enter (not retyped), everything
written is indexed for `search` (FTS5), and the day
the thin-pipeline warning was last shown is kept (it shows once a day).
"""

import sqlite3
from dataclasses import replace
from datetime import date, datetime

from alembic import context, op

from followup.domain import cadence
from followup.domain.calendar import BusinessCalendar
from followup.storage import search_index
from followup.storage.schema import HAS_NEXT_STEP, IS_PENDING
from followup.storage.sqlite import journal
from followup.storage.sqlite.migrations.recipes import rebuild

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

PAUSED_UNTIL = "meeting_on DATE, \n\tpaused_until DATE, \n\tbounced_email VARCHAR, \n\t"
REMINDER = """
CREATE TABLE reminder (
    id INTEGER NOT NULL,
    contact_id INTEGER NOT NULL,
    due DATE NOT NULL,
    text VARCHAR NOT NULL,
    created_at DATETIME NOT NULL,
    done_at DATETIME,
    PRIMARY KEY (id),
    FOREIGN KEY(contact_id) REFERENCES contact (id) ON DELETE CASCADE
)
"""
NOTICE_SHOWN = """
CREATE TABLE notice_shown (
    name VARCHAR NOT NULL,
    shown_on DATE NOT NULL,
    PRIMARY KEY (name)
)
"""
KEPT = "kept BOOLEAN DEFAULT 0 NOT NULL, \n\tPRIMARY KEY (id), \n\t"
# The new columns and key, written where schema.py's DDL has them.
NEXT_STEP_KEY = (
    f"has_next_step INTEGER GENERATED ALWAYS AS ({HAS_NEXT_STEP}) VIRTUAL, \n\t"
    "PRIMARY KEY (id), \n\t"
    "CONSTRAINT fk_contact_next_step FOREIGN KEY(id, has_next_step) "
    "REFERENCES followup (contact_id, is_pending) DEFERRABLE INITIALLY DEFERRED, "
)

OPEN_WITHOUT_NEXT_STEP = f"""
    SELECT id, status, meeting_on FROM contact c WHERE ({HAS_NEXT_STEP}) = 1
    AND NOT EXISTS (SELECT 1 FROM followup f WHERE f.contact_id = c.id AND f.status = 'pending')
"""


def upgrade() -> None:
    sqlite = op.get_bind().connection.driver_connection
    assert isinstance(sqlite, sqlite3.Connection)  # this migration runs on SQLite only
    now: datetime = context.config.attributes["now"]
    _give_everyone_a_next_step(sqlite, now)
    sqlite.execute(
        f"ALTER TABLE followup ADD COLUMN is_pending INTEGER GENERATED ALWAYS AS ({IS_PENDING}) "
        "VIRTUAL"
    )
    sqlite.execute("DROP INDEX ux_followup_one_pending")
    sqlite.execute(
        "CREATE UNIQUE INDEX ux_followup_one_pending ON followup (contact_id, is_pending)"
    )
    sqlite.execute(
        "CREATE INDEX ix_followup_pending ON followup (contact_id) WHERE status = 'pending'"
    )
    rebuild(
        sqlite,
        "contact",
        ("PRIMARY KEY (id), \n\t", NEXT_STEP_KEY),
        ("meeting_on DATE, \n\t", PAUSED_UNTIL),
    )
    rebuild(sqlite, "answer", ("PRIMARY KEY (id), \n\t", KEPT))
    sqlite.execute(REMINDER)
    sqlite.execute("CREATE INDEX ix_reminder_due ON reminder (done_at, due)")
    sqlite.execute("CREATE INDEX ix_reminder_contact_id ON reminder (contact_id)")
    sqlite.execute(NOTICE_SHOWN)
    for statement in [*search_index.STATEMENTS, *search_index.FILL]:
        sqlite.execute(statement)
    journal.install(sqlite)


def _give_everyone_a_next_step(sqlite: sqlite3.Connection, now: datetime) -> None:
    today = now.date()
    for contact_id, status, meeting_on in sqlite.execute(OPEN_WITHOUT_NEXT_STEP).fetchall():
        stage, plan = _next_step(status, meeting_on and date.fromisoformat(meeting_on), today)
        sqlite.execute(
            "INSERT INTO followup (contact_id, kind, step, steps_total, channel, action, "
            "scheduled_from, wait, due, status, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)",
            (
                contact_id, plan.kind, plan.step, plan.steps_total, plan.channel, plan.action,
                plan.scheduled_from.isoformat(), plan.wait, plan.due.isoformat(),
                now.isoformat(" "),
            ),
        )  # fmt: skip
        if stage:
            sqlite.execute("UPDATE contact SET cadence = ? WHERE id = ?", (stage, contact_id))


def _next_step(
    status: str, meeting_on: date | None, today: date
) -> tuple[str | None, cadence.FollowUpPlan]:
    """The stage cadence (if any) and next step of an open contact who had none."""
    if status == "engaged":
        return cadence.ENGAGED.name, _first_step_today(cadence.ENGAGED, today)
    if status == "meeting" and meeting_on and meeting_on >= today:
        return cadence.AFTER_MEETING.name, cadence.meeting(meeting_on)
    if status == "meeting":
        return cadence.AFTER_MEETING.name, _first_step_today(cadence.AFTER_MEETING, today)
    decide = cadence.FollowUpPlan(
        kind=cadence.DECIDE,
        step=None,
        steps_total=None,
        channel=None,
        action=cadence.DECIDE_ACTION,
        scheduled_from=today,
        wait=0,
        due=today,
    )
    return None, decide


def _first_step_today(stage: cadence.Cadence, today: date) -> cadence.FollowUpPlan:
    """Step 1 of ``stage``, due at once: it is late already, and no calendar is at hand."""
    return replace(cadence.plan_step(stage, 1, today, BusinessCalendar()), wait=0, due=today)
