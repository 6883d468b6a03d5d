"""The PostgreSQL engine: one database a team shares, each seller connected as themselves.

``PostgresStorage`` implements ``followup.storage.Storage`` with the SQLite engine's
own aggregates, run on a psycopg connection that takes their queries as written
(``connection``: the seam between the engines). What differs is this package's:
opening and creating the database (``database``), write transactions
(``transaction``), the undo journal (``journal``), `search`, `doctor`'s checks,
and who may see what (``security``). Only a team's database imports psycopg.
"""

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from followup.errors import DatabaseError
from followup.storage import Upgrade, rehearsal
from followup.storage.postgres import journal
from followup.storage.postgres.accounts import PostgresAccounts
from followup.storage.postgres.connection import Connection
from followup.storage.postgres.contacts import PostgresContacts
from followup.storage.postgres.database import open_database
from followup.storage.postgres.exports import PostgresExports
from followup.storage.postgres.health import PostgresHealth
from followup.storage.postgres.journal import PostgresJournal
from followup.storage.postgres.notices import PostgresNotices
from followup.storage.postgres.search import PostgresSearch
from followup.storage.postgres.transaction import transaction
from followup.storage.sqlite.away import SqliteAway
from followup.storage.sqlite.events import SqliteEvents
from followup.storage.sqlite.followups import SqliteFollowUps
from followup.storage.sqlite.inbox import SqliteInbox
from followup.storage.sqlite.reminders import SqliteReminders
from followup.storage.sqlite.reports import SqliteReports
from followup.storage.sqlite.touches import SqliteTouches
from followup.storage.sqlite.transaction import savepoint

if TYPE_CHECKING:
    from followup.storage import ImportSession


class PostgresStorage:
    def __init__(self, db: Connection, location: str, now: datetime):
        self.db = db
        self.location = location
        self.now = now
        # The role this connection is: the seller whose contacts are shown and added.
        self.seller: str | None = db.execute("SELECT current_user").fetchone()[0]  # type: ignore[index]
        self.upgraded: Upgrade | None = None  # a team's database is upgraded by its admin
        # The aggregates are typed for sqlite3's connection; this one stands in for it.
        shared: Any = db
        self.contacts = PostgresContacts(shared, now)
        self.accounts = PostgresAccounts(shared, now)
        self.events = SqliteEvents(shared, now)
        self.followups = SqliteFollowUps(shared, now)
        self.touches = SqliteTouches(shared, now)
        self.reminders = SqliteReminders(shared, now)
        self.search = PostgresSearch(shared, now)
        self.inbox = SqliteInbox(shared, now)
        self.notices = PostgresNotices(shared, now)
        self.away = SqliteAway(shared, now)
        self.reports = SqliteReports(shared, now)
        self.exports = PostgresExports(shared, now)
        self.journal = PostgresJournal(db)
        self.health = PostgresHealth(shared, now)
        self._writing = False

    @classmethod
    def open(cls, url: str, location: str, now: datetime, user: str | None) -> "PostgresStorage":
        """The team's database at ``url`` (``location``: how messages name it), as ``user``
        when the URL names no role."""
        return cls(open_database(url, user), location, now)

    @property
    def files(self) -> list[Path]:
        return []  # the server's, out of any output's reach

    @contextmanager
    def writing(self, label: str) -> Iterator[None]:
        """One write transaction holding the write lock, journaled as this seller's
        operation; inside another, a savepoint of it."""
        if self._writing:
            with savepoint(cast(Any, self.db)):
                yield
            return
        try:
            self._writing = True
            with transaction(self.db), journal.operation(self.db, self.now, label):
                yield
        finally:
            self._writing = False

    def rehearsing(self, label: str) -> AbstractContextManager[None]:
        return rehearsal(self.writing(label))

    def import_session(self) -> "ImportSession":
        from followup.storage.postgres.importing import PostgresImportSession

        return PostgresImportSession(cast(Any, self.db), self.now)

    def back_up(self, target: Path) -> None:
        raise DatabaseError(
            "a team's database is backed up on its server (pg_dump), not by followup"
        )

    def close(self) -> None:
        self.db.close()
