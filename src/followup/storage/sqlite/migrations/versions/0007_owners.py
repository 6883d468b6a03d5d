"""Schema 7, owners: each contact names the seller whose contact it is.

A contact added before has none (NULL): it is nobody's in particular until
`assign` gives it to someone. The contact table is rebuilt to place the column
where schema.py declares it; its triggers (the search index's, the journal's) go
with the old table and are made again.
"""

import sqlite3

from alembic import op

from followup.storage import search_index
from followup.storage.sqlite import journal
from followup.storage.sqlite.migrations.recipes import rebuild

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

OWNER = ("lesson VARCHAR, \n\tcreated_at", "lesson VARCHAR, \n\towner VARCHAR, \n\tcreated_at")


def upgrade() -> None:
    sqlite = op.get_bind().connection.driver_connection
    assert isinstance(sqlite, sqlite3.Connection)  # this migration runs on SQLite only
    rebuild(sqlite, "contact", OWNER)
    sqlite.execute("CREATE INDEX ix_contact_owner ON contact (owner)")
    for statement in search_index.STATEMENTS:
        if statement.startswith("CREATE TRIGGER search_contact_"):
            sqlite.execute(statement)
    journal.install(sqlite)
