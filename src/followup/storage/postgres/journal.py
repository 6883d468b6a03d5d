"""The undo journal on PostgreSQL: each seller's operations, reversed by their own SQL.

The same tables as SQLite's journal (``undo_operation``, ``undo_step``), kept the
same way: a trigger on every user table writes the statement that reverses each
changed row, under the operation the transaction opened. PostgreSQL's trigger
functions can take a row whole (``to_jsonb``), so one function serves every
table, told each table's key and columns when its trigger is made. The open
operation is named by a setting local to the transaction (``followup.operation``),
so that sellers writing at once never file a step under each other's operation.

Each operation carries the role that made it: a seller's ``undo`` and
``undo --list`` see their own operations, newest first, and never reach another's.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from followup.domain.records import Operation
from followup.errors import DatabaseError
from followup.storage.postgres.connection import Connection, stored_columns
from followup.storage.postgres.security import IN_USE
from followup.storage.sqlite.journal import KEEP, NOT_JOURNALED, OPERATIONS, STEPS

SETTING = "followup.operation"
# The table whose rows are going in by the thousand, journaled as one step (``inserting``),
# and per table the ids such rows of the open operation have ("first:last"): its undo
# deletes them, so a later change to them needs no step of its own.
BULK = "followup.bulk"
FRESH = "followup.fresh_{table}"
FUNCTION = "followup_undo"
RANGE = re.compile(r"WHERE id BETWEEN (\d+) AND (\d+)$")
# A step deleting an event or an account the operation added: the team's, used by others.
SHARED_DELETE = re.compile(r"DELETE FROM (event|account) WHERE id = '(\d+)'$")
# The seller's own operations, newest first.
MINE = f"FROM {OPERATIONS} WHERE seller = session_user"

# TG_ARGV: the table's key column, then its columns as a list (generated ones left out:
# PostgreSQL computes those again). A key given as text compares with any key type.
_FUNCTION = f"""
CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    operation bigint := nullif(current_setting('{SETTING}', true), '')::bigint;
    key text := TG_ARGV[0];
    columns text := TG_ARGV[1];
    fresh text;
    reverse text;
BEGIN
    IF operation IS NULL
        OR (TG_OP = 'INSERT' AND current_setting('{BULK}', true) = TG_TABLE_NAME) THEN
        RETURN NULL;
    END IF;
    -- The setting is anyone's to set: a step goes only under an operation this session's
    -- seller has open (inside followup_assign, current_user is the tables' owner).
    IF NOT EXISTS (
        SELECT 1 FROM {OPERATIONS} o WHERE o.id = operation AND o.recording
        AND o.seller = session_user
    ) THEN
        RETURN NULL;
    END IF;
    fresh := nullif(current_setting('followup.fresh_' || TG_TABLE_NAME, true), '');
    IF TG_OP = 'UPDATE' AND fresh IS NOT NULL THEN
        -- Only tables numbered by id take rows by the thousand: OLD.id is read here alone.
        IF OLD.id BETWEEN CAST(split_part(fresh, ':', 1) AS bigint)
            AND CAST(split_part(fresh, ':', 2) AS bigint) THEN
            RETURN NULL;
        END IF;
    END IF;
    IF TG_OP = 'INSERT' THEN
        reverse := format(
            'DELETE FROM %I WHERE %I = %L', TG_TABLE_NAME, key, to_jsonb(NEW) ->> key
        );
    ELSIF TG_OP = 'UPDATE' THEN
        reverse := format(
            'UPDATE %I SET (%s) = (SELECT %s FROM jsonb_populate_record(NULL::%I, %L)) '
            'WHERE %I = %L',
            TG_TABLE_NAME, columns, columns, TG_TABLE_NAME, to_jsonb(OLD),
            key, to_jsonb(NEW) ->> key
        );
    ELSE
        reverse := format(
            'INSERT INTO %I (%s) SELECT %s FROM jsonb_populate_record(NULL::%I, %L)',
            TG_TABLE_NAME, columns, columns, TG_TABLE_NAME, to_jsonb(OLD)
        );
    END IF;
    INSERT INTO {STEPS} (operation_id, statement) VALUES (operation, reverse);
    RETURN NULL;
END $$
"""


def install(db: Connection) -> None:
    """The journal's seller column, its function, and a trigger on every user table."""
    db.execute(f"ALTER TABLE {OPERATIONS} ADD COLUMN seller text NOT NULL DEFAULT session_user")
    db.execute(f"CREATE INDEX ix_undo_operation_seller ON {OPERATIONS} (seller, id)")
    db.execute(_FUNCTION)
    tables = db.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1"
    ).fetchall()
    for (table,) in tables:
        if table.startswith(NOT_JOURNALED):
            continue
        columns = list(stored_columns(db, table))
        (key,) = [
            row[0]
            for row in db.execute(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a "
                "ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey) "
                "WHERE i.indrelid = CAST(? AS regclass) AND i.indisprimary",
                (table,),
            )
        ]
        arguments = ", ".join(f"'{value}'" for value in (key, ", ".join(columns)))
        db.execute(
            f"CREATE TRIGGER undo_{table} AFTER INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}({arguments})"
        )


@contextmanager
def operation(db: Connection, now: datetime, command: str) -> Iterator[None]:
    """Record the writes made inside as one operation of this seller's.

    Call inside a write transaction. An operation that changed nothing is dropped;
    of the seller's operations, the newest ``KEEP`` are kept.
    """
    operation_id = db.execute(
        f"INSERT INTO {OPERATIONS} (command, done_at, recording) VALUES (?, ?, true)",
        (command, now),
    ).lastrowid
    db.execute(f"SELECT set_config('{SETTING}', ?, true)", (str(operation_id),))
    yield
    db.execute(f"SELECT set_config('{SETTING}', '', true)")
    db.execute(f"UPDATE {OPERATIONS} SET recording = false WHERE id = ?", (operation_id,))
    if db.execute(
        f"SELECT 1 FROM {STEPS} WHERE operation_id = ? LIMIT 1", (operation_id,)
    ).fetchone():
        older = f"SELECT id {MINE} ORDER BY id DESC OFFSET {KEEP}"
        db.execute(f"DELETE FROM {STEPS} WHERE operation_id IN ({older})")
        db.execute(f"DELETE FROM {OPERATIONS} WHERE id IN ({older})")
    else:
        db.execute(f"DELETE FROM {OPERATIONS} WHERE id = ?", (operation_id,))


@contextmanager
def inserting_as_one_step(db: Connection, table: str, ids: range) -> Iterator[None]:
    """Journal the new rows ``ids`` of ``table``, inserted inside, as one step deleting them.

    As on SQLite (``storage.sqlite.journal.inserting_as_one_step``): the ids are new
    and consecutive, and nothing but their insert happens inside. Until the operation
    ends, changes to these rows are not journaled either (see ``FRESH``).
    """
    if not ids:
        yield
        return
    db.execute(f"SELECT set_config('{BULK}', ?, true)", (table,))
    yield
    db.execute(f"SELECT set_config('{BULK}', '', true)")
    # Batches of one import follow each other: the range grows from its first id.
    fresh = FRESH.format(table=table)
    (earlier,) = db.execute(f"SELECT current_setting('{fresh}', true)").fetchone()  # type: ignore[misc]
    first = earlier.split(":")[0] if earlier else ids[0]
    db.execute(f"SELECT set_config('{fresh}', ?, true)", (f"{first}:{ids[-1]}",))
    db.execute(
        f"INSERT INTO {STEPS} (operation_id, statement) "
        f"SELECT CAST(nullif(current_setting('{SETTING}', true), '') AS bigint), ? "
        f"WHERE nullif(current_setting('{SETTING}', true), '') IS NOT NULL",
        (f"DELETE FROM {table} WHERE id BETWEEN {ids[0]} AND {ids[-1]}",),
    )


class PostgresJournal:
    """What this seller can undo, and undoing it."""

    def __init__(self, db: Connection):
        self.db = db

    def undo_last(self) -> Operation | None:
        """Reverse this seller's newest operation in one transaction (not journaled itself).

        The steps put every row back as it was, children before or after their
        parents: the keys are checked once, at the end. Each step must find its rows:
        one the seller can no longer see refuses the whole undo, and so does an event
        or account it would remove that a colleague's contact uses by now.
        """
        from followup.storage.postgres.transaction import transaction

        with transaction(self.db):
            self.db.execute("SET CONSTRAINTS ALL DEFERRED")
            found = self.db.execute(
                f"SELECT id, command, done_at {MINE} ORDER BY id DESC LIMIT 1"
            ).fetchone()
            if found is None:
                return None
            undone = _operation(found)
            steps = self.db.execute(
                f"SELECT statement FROM {STEPS} WHERE operation_id = ? ORDER BY id DESC",
                (undone.id,),
            ).fetchall()
            for (statement,) in steps:
                if shared := SHARED_DELETE.match(statement):
                    (used,) = self.db.execute(  # type: ignore[misc]
                        f"SELECT {IN_USE}(?, ?)", (shared[1], int(shared[2]))
                    ).fetchone()
                    if used:
                        raise DatabaseError(
                            f"cannot undo `{undone.command}`: the {shared[1]} it added is a "
                            "colleague's too by now; nothing was undone"
                        )
                done = self.db.execute(statement).rowcount
                if done < _rows_named(statement):
                    # Every step names rows as the operation left them; one the seller
                    # can no longer see (handed over since) cannot be put back.
                    raise DatabaseError(
                        f"cannot undo `{undone.command}`: some of what it changed is no "
                        "longer yours (handed over to a colleague?); nothing was undone"
                    )
            self.db.execute(f"DELETE FROM {STEPS} WHERE operation_id = ?", (undone.id,))
            self.db.execute(f"DELETE FROM {OPERATIONS} WHERE id = ?", (undone.id,))
            return undone

    def operations(self) -> list[Operation]:
        return [
            _operation(row)
            for row in self.db.execute(f"SELECT id, command, done_at {MINE} ORDER BY id DESC")
        ]


def _rows_named(statement: str) -> int:
    """How many rows a step reverses: a range of new rows (an import's), or one."""
    if found := RANGE.search(statement):
        return int(found[2]) - int(found[1]) + 1
    return 1


def _operation(row: tuple[object, ...]) -> Operation:
    return Operation(int(str(row[0])), str(row[1]), datetime.fromisoformat(str(row[2])))
