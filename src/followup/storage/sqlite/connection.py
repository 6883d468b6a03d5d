"""Creating, opening and copying the SQLite file.

Connections use the standard library's ``sqlite3`` so that everyday commands
start fast. The file is created owner-only, in WAL mode, with foreign keys on
and a busy timeout so parallel invocations wait for each other. Opening reads
the schema version from ``PRAGMA user_version``; only one at version 0 (new, or
not followup's at all) pays for telling which it is, and only an older one for
the migrations (``open_database`` in this package runs them).
"""

import os
import sqlite3
import stat
from datetime import date, datetime
from functools import partial
from pathlib import Path

from followup.errors import DatabaseError
from followup.storage.sqlite.transaction import transaction

BUSY_TIMEOUT_SECONDS = 30
CURRENT_VERSION = 7  # keep equal to schema.SCHEMA_VERSION (a test checks)
# SQLite's header field for "which program's file is this", set by followup's first write
# to a new file ("FLUP" in ASCII): a file at version 0 that carries it is one followup began.
APPLICATION_ID = 0x464C5550
# What SQLite keeps beside a database: no output file may ever be one of these.
COMPANION_SUFFIXES = ("-wal", "-shm", "-journal")

# Days and times are stored as ISO text, which sorts and compares as they do. Told
# here once, sqlite3 converts them as it binds parameters, even for a whole import.
sqlite3.register_adapter(datetime, partial(datetime.isoformat, sep=" "))
sqlite3.register_adapter(date, date.isoformat)


def files(path: Path) -> tuple[Path, ...]:
    """The database at ``path`` and the files SQLite keeps beside it.

    Beside the file a symlink at ``path`` leads to as well: that is where SQLite
    keeps them.
    """
    bases = dict.fromkeys([path, path.resolve()])
    return tuple(
        base.with_name(base.name + suffix) for base in bases for suffix in ("", *COMPANION_SUFFIXES)
    )


def files_of(connection: sqlite3.Connection) -> tuple[Path, ...]:
    """The files of the database ``connection`` has open (none for one in memory)."""
    main = next(row[2] for row in connection.execute("PRAGMA database_list") if row[1] == "main")
    return files(Path(main)) if main else ()


def open_file(path: Path) -> tuple[sqlite3.Connection, int]:
    """An open connection to ``path`` and its schema version; a new file gets the schema.

    A database from a newer followup, and someone else's, are refused and left as
    they were; an older one is left for the caller to upgrade (see ``open_database``).
    """
    if path.exists() and not path.is_file():
        # SQLite would open a device or a pipe and leave a journal file beside it.
        raise DatabaseError(f"cannot open database {path}: it is not a file")
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
        _create_schema(connection, path)
        return connection, CURRENT_VERSION
    if version > CURRENT_VERSION:
        connection.close()
        raise DatabaseError(
            f"database {path} was written by a newer followup (schema {version}); upgrade followup"
        )
    return connection, version


def backup(source: sqlite3.Connection, target: Path) -> None:
    """A consistent copy of ``source`` at ``target`` (replacing it), created owner-only.

    SQLite's online backup API copies every page in one step under a read
    transaction, so writers in other processes never leave the copy half-done.
    The copy is written beside ``target`` and renamed into place, so a failed
    backup leaves neither a partial file nor a damaged earlier one.
    """
    from followup.outfile import CannotWrite, replaced

    if not target.parent.is_dir():
        raise DatabaseError(f"cannot write {target}: no such directory {target.parent}")
    try:
        # The descriptor stays with replaced(): it holds the lock that marks the copy as live.
        with replaced(target, never=files_of(source)) as (_, partial):
            copy = sqlite3.connect(partial)
            try:
                source.backup(copy)
            finally:
                copy.close()
    except CannotWrite as error:
        raise DatabaseError(str(error)) from None
    except sqlite3.Error as error:
        raise DatabaseError(f"cannot write {target}: {error}") from None


def _create_file(path: Path) -> None:
    try:
        _create_private_folders(path.parent)
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    except OSError as error:
        raise DatabaseError(f"cannot create database {path}: {error.strerror}") from None
    os.close(descriptor)


def _make_private(path: Path) -> None:
    """Keep only the owner's read and write permission on the file at ``path``."""
    try:
        path.chmod(stat.S_IMODE(path.stat().st_mode) & 0o600)
    except OSError as error:
        raise DatabaseError(f"cannot make database {path} private: {error.strerror}") from None


def _create_private_folders(folder: Path) -> None:
    """Create ``folder`` and any missing parents, each readable by the owner only.

    ``Path.mkdir(parents=True)`` would give the parents the umask's mode, and
    a folder others may write to lets them swap the database file.
    """
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for created in reversed(missing):
        created.mkdir(mode=0o700, exist_ok=True)  # exist_ok: a parallel invocation may win
        created.chmod(0o700)  # mkdir's mode is filtered by the umask; this is not


def _create_schema(connection: sqlite3.Connection, path: Path) -> None:
    """Make the file at schema version 0 a store, if it is new; refuse anyone else's.

    A new file is empty. Its first write marks it as followup's, so a file another
    process is filling at this moment (or one whose creation was killed) is known
    by its mark, tables or not. Anything else with content belongs to someone else,
    and nothing is written to it: no mark, no WAL switch, no schema.
    """
    from followup.storage.schema import create_statements
    from followup.storage.sqlite import journal

    # The size first: a file that was empty a moment ago may be another process's by now,
    # but a file with content never becomes empty, and its first write carries the mark.
    if path.stat().st_size == 0:
        _make_private(path)  # an empty file someone made (`touch`) may be anyone's to read
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    elif connection.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
        connection.close()
        raise DatabaseError(f"cannot open database {path}: not a followup database")
    connection.execute("PRAGMA journal_mode = WAL")
    with transaction(connection):
        # Another process may have created the schema while we waited for the lock.
        if connection.execute("PRAGMA user_version").fetchone()[0]:
            return
        for statement in create_statements():
            connection.execute(statement)
        journal.install(connection)
        connection.execute(f"PRAGMA user_version = {CURRENT_VERSION}")
