"""The SQLite engine: one file, WAL mode, one transaction per command, an undo journal.

``SqliteStorage`` implements ``followup.storage.Storage`` with one object per
aggregate, all on one standard-library ``sqlite3`` connection: everyday commands
start fast because nothing here imports an ORM (SQLModel only creates a new
file's tables, Alembic only upgrades an old one's).
"""

import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from followup.errors import DatabaseError
from followup.storage import Upgrade, rehearsal
from followup.storage.sqlite import connection
from followup.storage.sqlite.accounts import SqliteAccounts
from followup.storage.sqlite.away import SqliteAway
from followup.storage.sqlite.contacts import SqliteContacts
from followup.storage.sqlite.events import SqliteEvents
from followup.storage.sqlite.exports import SqliteExports
from followup.storage.sqlite.followups import SqliteFollowUps
from followup.storage.sqlite.health import SqliteHealth
from followup.storage.sqlite.inbox import SqliteInbox
from followup.storage.sqlite.journal import SqliteJournal, operation
from followup.storage.sqlite.notices import SqliteNotices
from followup.storage.sqlite.reminders import SqliteReminders
from followup.storage.sqlite.reports import SqliteReports
from followup.storage.sqlite.search import SqliteSearch
from followup.storage.sqlite.touches import SqliteTouches
from followup.storage.sqlite.transaction import savepoint, transaction

if TYPE_CHECKING:
    from followup.storage.sqlite.importing import SqliteImportSession


def open_database(path: Path, now: datetime) -> tuple[sqlite3.Connection, Upgrade | None]:
    """A connection to the store at ``path``, created if new, upgraded if old."""
    db, version = connection.open_file(path)
    if version == connection.CURRENT_VERSION:
        return db, None
    # Imported here: only an old database pays for Alembic and SQLAlchemy.
    from followup.storage.sqlite import migrations

    try:
        return db, migrations.upgrade(path, now)
    except BaseException:
        db.close()
        raise


class SqliteStorage:
    def __init__(
        self, db: sqlite3.Connection, path: Path, now: datetime, upgraded: Upgrade | None = None
    ):
        self.db = db
        self.path = path
        self.now = now
        self.upgraded = upgraded
        self.seller: str | None = None  # one seller's own store: whoever runs followup
        self.contacts = SqliteContacts(db, now)
        self.accounts = SqliteAccounts(db, now)
        self.events = SqliteEvents(db, now)
        self.followups = SqliteFollowUps(db, now)
        self.touches = SqliteTouches(db, now)
        self.reminders = SqliteReminders(db, now)
        self.search = SqliteSearch(db, now)
        self.inbox = SqliteInbox(db, now)
        self.notices = SqliteNotices(db, now)
        self.away = SqliteAway(db, now)
        self.reports = SqliteReports(db, now)
        self.exports = SqliteExports(db, now)
        self.journal = SqliteJournal(db)
        self.health = SqliteHealth(db, now)
        self._writing = False

    @classmethod
    def open(cls, path: Path, now: datetime) -> "SqliteStorage":
        db, upgraded = open_database(path, now)
        return cls(db, path, now, upgraded)

    @property
    def location(self) -> str:
        return str(self.path)

    @property
    def files(self) -> list[Path]:
        return list(connection.files(self.path))

    @contextmanager
    def writing(self, label: str) -> Iterator[None]:
        """One write transaction (``BEGIN IMMEDIATE``), journaled as one undo operation.

        Inside another, a savepoint of it: a sync of many messages is one operation,
        and one message it cannot handle leaves nothing of itself behind.
        """
        if self._writing:
            with savepoint(self.db):
                yield
            return
        try:
            self._writing = True
            with transaction(self.db), operation(self.db, self.now, label):
                yield
        except sqlite3.IntegrityError as error:
            # The one deferred key (schema.py): checked at COMMIT, after which nothing
            # was written. Every service schedules a next step, so this is a bug.
            if "FOREIGN KEY" not in str(error):
                raise
            raise DatabaseError(
                f"nothing was saved in {self.path}: it would have left an open contact "
                "without a dated next step (a bug in followup: please report it)"
            ) from None
        finally:
            self._writing = False

    def rehearsing(self, label: str) -> AbstractContextManager[None]:
        return rehearsal(self.writing(label))

    def import_session(self) -> "SqliteImportSession":
        # Imported here: only `import` needs the matching machinery.
        from followup.storage.sqlite.importing import SqliteImportSession

        return SqliteImportSession(self.db, self.now)

    def back_up(self, target: Path) -> None:
        connection.backup(self.db, target)

    def close(self) -> None:
        self.db.close()
