"""The undo journal: every write operation, recorded as the SQL that reverses it.

This follows SQLite's documented undo pattern (sqlite.org/undoredo.html):
triggers on every user table write the statement that reverses each changed
row to ``undo_step``; steps are grouped by ``undo_operation``, one per
``SqliteStorage.writing()`` transaction, carrying the command line that made it.
Undoing runs an operation's steps newest first, in one transaction.

The triggers record only while an operation is open (``recording``), so a
write made by other means, or by an undo itself, is never mistaken for part of
the last command. Only stdlib here: every write command imports this module.
"""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from followup.domain.records import Operation

KEEP = 20  # operations kept; older ones are pruned in the transaction that adds a new one
OPERATIONS, STEPS = "undo_operation", "undo_step"
# Tables that hold no user data: SQLite's own, the journal itself, Alembic's, the
# search index (its own triggers keep it in step with what undo restores), and when a
# notice was last shown.
NOT_JOURNALED = ("sqlite_", "undo_", "alembic_", "search_", "notice_")
# The open operation, if any: triggers file their steps under it.
OPEN_OPERATION = f"FROM {OPERATIONS} WHERE id = (SELECT MAX(id) FROM {OPERATIONS}) AND recording"


def journaled_tables(connection: sqlite3.Connection) -> list[str]:
    rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    return [row[0] for row in rows if not row[0].startswith(NOT_JOURNALED)]


def install(connection: sqlite3.Connection) -> None:
    """(Re)create the journal's triggers for every user table, from its current columns.

    A migration that adds, drops or renames a column must call this again, so
    that undo restores every column.
    """
    for table in journaled_tables(connection):
        columns = [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
        for statement in _triggers(table, columns):
            connection.execute(statement)


def _triggers(table: str, columns: list[str]) -> list[str]:
    names = ", ".join(columns)
    joined = " || ',' || ".join
    old_values = joined(f"quote(old.{column})" for column in columns)
    old_assignments = joined(f"'{column}=' || quote(old.{column})" for column in columns)
    inverse = {
        "insert": f"'DELETE FROM {table} WHERE rowid=' || new.rowid",
        "update": f"'UPDATE {table} SET ' || {old_assignments} || ' WHERE rowid=' || old.rowid",
        "delete": f"'INSERT INTO {table} ({names}) VALUES (' || {old_values} || ')'",
    }
    statements = []
    for event, statement in inverse.items():
        trigger = f"undo_{table}_{event}"
        statements.append(f"DROP TRIGGER IF EXISTS {trigger}")
        statements.append(
            f"CREATE TRIGGER {trigger} AFTER {event.upper()} ON {table} BEGIN "
            f"INSERT INTO {STEPS} (operation_id, statement) "
            f"SELECT id, {statement} {OPEN_OPERATION}; END"
        )
    return statements


@contextmanager
def operation(connection: sqlite3.Connection, now: datetime, command: str) -> Iterator[None]:
    """Record the writes made inside as one operation; call inside a write transaction.

    On the way out the operation stops recording, is dropped if it changed
    nothing, and operations beyond the last ``KEEP`` are pruned.
    """
    cursor = connection.execute(
        f"INSERT INTO {OPERATIONS} (command, done_at, recording) VALUES (?, ?, 1)",
        (command, now.isoformat(sep=" ")),
    )
    operation_id = cursor.lastrowid
    yield
    connection.execute(f"UPDATE {OPERATIONS} SET recording = 0 WHERE id = ?", (operation_id,))
    if connection.execute(
        f"SELECT 1 FROM {STEPS} WHERE operation_id = ? LIMIT 1", (operation_id,)
    ).fetchone():
        # Kept operations have consecutive ids (only the newest is ever removed
        # otherwise), so the oldest to keep is KEEP - 1 below this one.
        oldest = (operation_id or 0) - KEEP + 1
        connection.execute(f"DELETE FROM {STEPS} WHERE operation_id < ?", (oldest,))
        connection.execute(f"DELETE FROM {OPERATIONS} WHERE id < ?", (oldest,))
    else:
        connection.execute(f"DELETE FROM {OPERATIONS} WHERE id = ?", (operation_id,))


@contextmanager
def inserting_as_one_step(connection: sqlite3.Connection, table: str, ids: range) -> Iterator[None]:
    """Journal the rows ``ids`` of ``table``, inserted inside, as one step that deletes them.

    For writing many rows at once (an import), inside a write transaction. The ids
    must be new and consecutive (chosen under the write lock, above every id the
    table holds), so that one range names exactly the rows added.

    The table's insert trigger is dropped while the rows go in and then put back as
    it was: even told not to record, a trigger costs more per row than the insert
    itself. Nothing but that insert may happen inside. If it fails, the transaction
    is rolled back, and the trigger with it.
    """
    if not ids or connection.execute(f"SELECT 1 {OPEN_OPERATION}").fetchone() is None:
        yield  # nothing to journal, or nothing is recording: neither would the trigger
        return
    trigger = f"undo_{table}_insert"
    found = connection.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (trigger,)
    ).fetchone()
    if found is None:
        yield  # a damaged journal: row by row, these inserts would not be recorded either
        return
    definition = found[0]
    connection.execute(f"DROP TRIGGER {trigger}")
    yield
    connection.execute(definition)
    connection.execute(
        f"INSERT INTO {STEPS} (operation_id, statement) SELECT id, ? {OPEN_OPERATION}",
        (f"DELETE FROM {table} WHERE rowid BETWEEN {ids[0]} AND {ids[-1]}",),
    )


def last_operation(connection: sqlite3.Connection) -> Operation | None:
    row = connection.execute(
        f"SELECT id, command, done_at FROM {OPERATIONS} ORDER BY id DESC LIMIT 1"
    ).fetchone()
    return Operation(row[0], row[1], datetime.fromisoformat(row[2])) if row else None


def operations(connection: sqlite3.Connection) -> list[Operation]:
    """The operations that can be undone, newest first."""
    rows = connection.execute(f"SELECT id, command, done_at FROM {OPERATIONS} ORDER BY id DESC")
    return [Operation(row[0], row[1], datetime.fromisoformat(row[2])) for row in rows]


def undo_last(connection: sqlite3.Connection) -> Operation | None:
    """Reverse the newest operation and forget it; call inside a write transaction.

    Returns what was undone, or None when the journal is empty. Call it with
    foreign keys off (see ``SqliteJournal.undo_last``): the steps put back every row
    as it was, children and parents alike, so cascades must not act again, and
    a row that broke a reference before the operation comes back as it was.
    """
    undone = last_operation(connection)
    if undone is None:
        return None
    steps = connection.execute(
        f"SELECT statement FROM {STEPS} WHERE operation_id = ? ORDER BY id DESC", (undone.id,)
    ).fetchall()
    for (statement,) in steps:
        connection.execute(statement)
    connection.execute(f"DELETE FROM {STEPS} WHERE operation_id = ?", (undone.id,))
    connection.execute(f"DELETE FROM {OPERATIONS} WHERE id = ?", (undone.id,))
    return undone


class SqliteJournal:
    """The undo journal as the services see it: what can be undone, and undoing it."""

    def __init__(self, connection: sqlite3.Connection):
        self.db = connection

    def undo_last(self) -> Operation | None:
        """Reverse the newest journaled operation in one transaction; None if there is none.

        The undo itself is not journaled, so undoing again goes one more step back.
        """
        from followup.storage.sqlite.transaction import transaction

        # The pragma is a no-op inside a transaction, so it wraps the transaction.
        self.db.execute("PRAGMA foreign_keys = OFF")
        try:
            with transaction(self.db):
                return undo_last(self.db)
        finally:
            self.db.execute("PRAGMA foreign_keys = ON")

    def operations(self) -> list[Operation]:
        return operations(self.db)
