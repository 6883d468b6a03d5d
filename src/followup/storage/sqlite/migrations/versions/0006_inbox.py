"""Schema 6, the inbox: where `inbox sync` stopped in each IMAP folder, and the
Message-IDs of the messages it acted on, so that a second sync changes nothing.

Both tables are journaled like every user table: undoing a sync forgets what it
read, and the next sync reads those messages again.
"""

import sqlite3

from alembic import op

from followup.storage.sqlite import journal

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

STATEMENTS = (
    """
CREATE TABLE inbox_folder (
\tid INTEGER NOT NULL,
\tmailbox VARCHAR NOT NULL,
\tfolder VARCHAR NOT NULL,
\tuidvalidity INTEGER NOT NULL,
\tlast_uid INTEGER NOT NULL,
\tPRIMARY KEY (id)
)
""",
    "CREATE UNIQUE INDEX ux_inbox_folder ON inbox_folder (mailbox, folder)",
    """
CREATE TABLE inbox_message (
\tmessage_id VARCHAR NOT NULL,
\thandled_as VARCHAR NOT NULL,
\thandled_on DATE NOT NULL,
\tPRIMARY KEY (message_id)
)
""",
)


def upgrade() -> None:
    sqlite = op.get_bind().connection.driver_connection
    assert isinstance(sqlite, sqlite3.Connection)  # this migration runs on SQLite only
    for statement in STATEMENTS:
        sqlite.execute(statement)
    journal.install(sqlite)
