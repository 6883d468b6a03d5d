"""Schema 2: the undo journal, and one contact per email.

The journal is two tables and three triggers per user table (see
``store/journal.py``). The contact email index becomes unique, unless the
database already has two contacts with one email (any case): refusing to
upgrade would lock the user out of their data, and choosing which contact
keeps the email is theirs to do. Such a database keeps the plain index;
``followup doctor`` lists the duplicates, and ``doctor --fix`` makes the index
unique once they are gone.
"""

import sqlite3

import sqlalchemy as sa
from alembic import op

from followup.storage.sqlite import journal

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SHARED_EMAIL = (
    "SELECT 1 FROM contact WHERE email IS NOT NULL GROUP BY email HAVING COUNT(*) > 1 LIMIT 1"
)


def upgrade() -> None:
    op.create_table(
        "undo_operation",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("command", sa.String, nullable=False),
        sa.Column("done_at", sa.DateTime, nullable=False),
        sa.Column("recording", sa.Boolean, nullable=False),
    )
    op.create_table(
        "undo_step",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("operation_id", sa.Integer, nullable=False),
        sa.Column("statement", sa.String, nullable=False),
    )
    op.create_index("ix_undo_step_operation_id", "undo_step", ["operation_id"])
    bind = op.get_bind()
    if bind.exec_driver_sql(SHARED_EMAIL).first() is None:
        op.drop_index("ix_contact_email", table_name="contact", if_exists=True)
        op.create_index("ix_contact_email", "contact", ["email"], unique=True)
    sqlite = bind.connection.driver_connection
    assert isinstance(sqlite, sqlite3.Connection)  # this migration runs on SQLite only
    journal.install(sqlite)
