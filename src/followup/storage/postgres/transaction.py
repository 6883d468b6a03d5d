"""Write transactions on a team's database: one writer at a time, as on SQLite.

Every write transaction first takes one advisory lock, held until it ends, just
as SQLite's ``BEGIN IMMEDIATE`` takes the file's write lock: sellers' commands
write one after another, each reading what the one before committed (READ
COMMITTED reads afresh with every statement). A command reads, asks the seller
and only then writes; a transaction that failed for a conflict could be run
again only by asking again, so conflicts are kept from happening instead of
being retried. Readers (`today`, a manager's reports) never wait for the lock.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol

# The advisory lock's key: any number no other program on the database uses ("FLUP").
WRITE_LOCK = 0x464C5550
# How long a command waits for another's write (as SQLite's busy timeout): then it fails.
LOCK_TIMEOUT = "30s"


class Statements(Protocol):
    """What a transaction needs of a connection (the aggregates' is typed as sqlite3's)."""

    def execute(self, sql: str, parameters: Any = (), /) -> Any: ...
    @property
    def in_transaction(self) -> bool: ...


@contextmanager
def transaction(db: Statements) -> Iterator[None]:
    """One write transaction holding the write lock: all of it commits, or none does."""
    db.execute("BEGIN")
    try:
        db.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
        db.execute(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")
        yield
        db.execute("COMMIT")
    except BaseException:
        # A COMMIT that fails (a deferred key) has rolled back already.
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
