"""Schema 4, accounts: the company each contact is at, who decides, one conversation each.

Contacts gain ``account_id`` (the account their company or mail domain links them
to), ``decider_id`` (the colleague who decides for them) and ``pause_reason``
(``account`` while a colleague is the one conversation at their account), each
where schema.py declares it, so the contact table is rebuilt once more. Accounts
and the keys that link contacts to them get tables of their own, and every
contact stored is linked on the way.
"""

import sqlite3
from datetime import datetime

from alembic import context, op

from followup.storage import search_index
from followup.storage.conditions import LESSON_KEPT
from followup.storage.sqlite import accounts, journal
from followup.storage.sqlite.migrations.recipes import rebuild

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

ACCOUNT = """
CREATE TABLE account (
    id INTEGER NOT NULL,
    name VARCHAR COLLATE "NOCASE" NOT NULL,
    created_at DATETIME NOT NULL,
    held_by INTEGER,
    held_because VARCHAR,
    held_on DATE,
    PRIMARY KEY (id),
    UNIQUE (name)
)
"""
ACCOUNT_KEY = """
CREATE TABLE account_key (
    "key" VARCHAR NOT NULL,
    account_id INTEGER NOT NULL,
    PRIMARY KEY ("key"),
    FOREIGN KEY(account_id) REFERENCES account (id) ON DELETE CASCADE
)
"""
EVENT_KEY = "FOREIGN KEY(event_id) REFERENCES event (id) ON DELETE SET NULL"
# The new columns and keys, written where schema.py's DDL has them.
CONTACT_EDITS = (
    ("company VARCHAR, \n\t", "company VARCHAR, \n\taccount_id INTEGER, \n\t"),
    ("decider VARCHAR, \n\t", "decider VARCHAR, \n\tdecider_id INTEGER, \n\t"),
    ("paused_until DATE, \n\t", "paused_until DATE, \n\tpause_reason VARCHAR, \n\t"),
    (
        EVENT_KEY,
        "FOREIGN KEY(account_id) REFERENCES account (id) ON DELETE SET NULL, \n\t"
        f"{EVENT_KEY}, \n\t"
        "FOREIGN KEY(decider_id) REFERENCES contact (id) ON DELETE SET NULL",
    ),
)


def upgrade() -> None:
    sqlite = op.get_bind().connection.driver_connection
    assert isinstance(sqlite, sqlite3.Connection)  # this migration runs on SQLite only
    now: datetime = context.config.attributes["now"]
    sqlite.execute(ACCOUNT)
    sqlite.execute(ACCOUNT_KEY)
    sqlite.execute("CREATE INDEX ix_account_key_account_id ON account_key (account_id)")
    rebuild(sqlite, "contact", *CONTACT_EDITS)
    sqlite.execute("CREATE INDEX ix_contact_account_id ON contact (account_id)")
    sqlite.execute("CREATE INDEX ix_contact_decider_id ON contact (decider_id)")
    sqlite.execute(
        "CREATE INDEX ix_contact_lesson_title ON contact (title COLLATE NOCASE, closed_on) "
        f"WHERE {LESSON_KEPT}"
    )
    sqlite.execute(
        f"CREATE INDEX ix_contact_lesson_event ON contact (event_id, closed_on) WHERE {LESSON_KEPT}"
    )
    # Dropping the old table dropped the triggers on it: the search index's (whose update
    # triggers now watch only the columns they index), then the journal's (``install``
    # makes those for the accounts' tables too).
    for statement in search_index.STATEMENTS:
        if statement.startswith("CREATE TRIGGER search_"):
            trigger = statement.split()[2]
            sqlite.execute(f"DROP TRIGGER IF EXISTS {trigger}")
            sqlite.execute(statement)
    journal.install(sqlite)
    accounts.link(sqlite, now)
