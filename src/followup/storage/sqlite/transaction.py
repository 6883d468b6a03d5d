"""Write transactions: each takes the lock first, and lands whole or not at all."""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def transaction(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction: all of it commits, or none of it does.

    ``BEGIN IMMEDIATE`` takes the write lock up front, so a concurrent writer
    waits on the busy timeout instead of failing half-way.
    """
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield connection
        connection.execute("COMMIT")
    except BaseException:
        # SQLite rolls back by itself after some errors (a full disk, an I/O error);
        # a second ROLLBACK would fail and hide the real error.
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise


@contextmanager
def savepoint(connection: sqlite3.Connection) -> Iterator[None]:
    """Part of the open transaction that is undone alone when it fails."""
    connection.execute("SAVEPOINT part")
    try:
        yield
    except BaseException:
        connection.execute("ROLLBACK TO part")
        connection.execute("RELEASE part")
        raise
    connection.execute("RELEASE part")
