"""Finding, creating and opening the SQLite file.

Connections use the standard library's ``sqlite3`` so that everyday commands
start fast. The file is created owner-only, in WAL mode, with foreign keys on
and a busy timeout so parallel invocations wait for each other.
"""

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from followup.errors import FollowupError

DB_VARIABLE = "FOLLOWUP_DB"
BUSY_TIMEOUT_SECONDS = 30
CURRENT_VERSION = 1  # keep equal to schema.SCHEMA_VERSION (a test checks)


class DatabaseError(FollowupError):
    """The database file cannot be opened or used."""


def default_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("followup") / "followup.db"


def resolve_path(option: str | None) -> Path:
    """``--db`` wins, then ``FOLLOWUP_DB``, then the user data dir."""
    if option is not None and not option.strip():
        raise DatabaseError("--db needs a file path")
    chosen = option or os.environ.get(DB_VARIABLE, "").strip()
    return Path(chosen).expanduser() if chosen else default_path()


def connect(path: Path) -> sqlite3.Connection:
    """An open connection to ``path``, creating the file and schema on first use."""
    if not path.exists():
        _create_file(path)
    try:
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        connection.row_factory = sqlite3.Row
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000}")
        connection.execute("PRAGMA foreign_keys = ON")
        version = connection.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise DatabaseError(f"cannot open database {path}: {error}") from None
    if version == 0:
        _create_schema(connection)
    elif version > CURRENT_VERSION:
        connection.close()
        raise DatabaseError(
            f"database {path} was written by a newer followup (schema {version}); upgrade followup"
        )
    return connection


@contextmanager
def transaction(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction: all of it commits, or none of it does.

    ``BEGIN IMMEDIATE`` takes the write lock up front, so a concurrent writer
    waits on the busy timeout instead of failing half-way.
    """
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield connection
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def _create_file(path: Path) -> None:
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    except OSError as error:
        raise DatabaseError(f"cannot create database {path}: {error.strerror}") from None
    os.close(descriptor)


def _create_schema(connection: sqlite3.Connection) -> None:
    from followup.store.schema import create_statements

    connection.execute("PRAGMA journal_mode = WAL")
    with transaction(connection):
        # Another process may have created the schema while we waited for the lock.
        if connection.execute("PRAGMA user_version").fetchone()[0]:
            return
        for statement in create_statements():
            connection.execute(statement)
        connection.execute(f"PRAGMA user_version = {CURRENT_VERSION}")
