"""Schema 5, mail sent: a touch keeps the Message-ID of the email `send` sent for it.

A later email to the same contact replies in that thread (In-Reply-To,
References), and a reply that quotes it can be told apart. The touch table is
rebuilt to place the column where schema.py declares it; its triggers (the
search index's, the journal's) go with the old table and are made again.
"""

import sqlite3

from alembic import op

from followup.storage import search_index
from followup.storage.sqlite import journal
from followup.storage.sqlite.migrations.recipes import rebuild

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

MESSAGE_ID = "created_at DATETIME NOT NULL, \n\tmessage_id VARCHAR, \n\tPRIMARY KEY (id)"


def upgrade() -> None:
    sqlite = op.get_bind().connection.driver_connection
    assert isinstance(sqlite, sqlite3.Connection)  # this migration runs on SQLite only
    rebuild(sqlite, "touch", ("created_at DATETIME NOT NULL, \n\tPRIMARY KEY (id)", MESSAGE_ID))
    sqlite.execute("CREATE INDEX ix_touch_message_id ON touch (message_id)")
    for statement in search_index.STATEMENTS:
        if statement.startswith("CREATE TRIGGER search_touch_"):
            sqlite.execute(statement)
    journal.install(sqlite)
