"""A psycopg connection that runs the storage queries as they are written for sqlite3.

The aggregates (storage/sqlite/) write each query once, as sqlite3 takes it: `?`
and `:name` placeholders, rows read by position or by column name, days and times
as ISO text, the id of a row just inserted as the cursor's ``lastrowid``. This
gives them the same over psycopg, so that both engines run one text of each query:
the thin seam between them. What no rewriting bridges (SQLite's FTS5 search, its
PRAGMAs, its trigger journal, ``BEGIN IMMEDIATE``) stays with each engine.
"""

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

import psycopg  # only PostgreSQL's side imports this module, and psycopg with it
from psycopg import errors

from followup.errors import DatabaseError

# The tables whose rows are numbered by an ``id`` column (storage/schema.py; a test
# keeps the two in step): an insert into one of them returns the new row's id.
NUMBERED = frozenset(
    {
        "account", "answer", "away", "contact", "event", "followup", "inbox_folder",
        "reminder", "touch", "undo_operation", "undo_step",
    }
)  # fmt: skip
# What a query's text holds that placeholders are read from: a quoted literal or name
# (left alone, but for psycopg's own `%`), a `::` cast, a placeholder, a bare `%`.
_TOKEN = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|::|\?|:[A-Za-z_]\w*|%")
_INSERT = re.compile(r"\s*INSERT\s+INTO\s+(\w+)", re.IGNORECASE)
Parameters = Sequence[Any] | Mapping[str, Any]


def translate(sql: str) -> str:
    """``sql`` with sqlite3's placeholders as psycopg's, and every other `%` doubled."""

    def replaced(match: re.Match[str]) -> str:
        token = match.group(0)
        if token == "?":
            return "%s"
        if token == "%":
            return "%%"
        if token.startswith(":") and token != "::":
            return f"%({token[1:]})s"
        return token.replace("%", "%%")  # a literal: psycopg reads `%` there too

    return _TOKEN.sub(replaced, sql)


class Row(tuple[Any, ...]):
    """A row as sqlite3.Row reads: by position, by column name, and ``keys()``."""

    names: tuple[str, ...]

    def __new__(cls, values: Iterable[Any], names: tuple[str, ...]) -> "Row":
        row = super().__new__(cls, values)
        row.names = names
        return row

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return super().__getitem__(self.names.index(key))
        return super().__getitem__(key)

    def keys(self) -> list[str]:
        return list(self.names)


class Cursor:
    """What a query gave: its rows, as sqlite3 would give them, and the new row's id."""

    def __init__(self, cursor: psycopg.Cursor[Any], lastrowid: int | None = None):
        self.cursor = cursor
        self.lastrowid = lastrowid
        self.names = tuple(column.name for column in cursor.description or ())

    @property
    def rowcount(self) -> int:
        return self.cursor.rowcount

    def fetchone(self) -> Row | None:
        found = self.cursor.fetchone()
        return None if found is None else self._row(found)

    def fetchmany(self, size: int) -> list[Row]:
        return [self._row(found) for found in self.cursor.fetchmany(size)]

    def fetchall(self) -> list[Row]:
        return [self._row(found) for found in self.cursor.fetchall()]

    def __iter__(self) -> Iterator[Row]:
        for found in self.cursor:
            yield self._row(found)

    def _row(self, values: Sequence[Any]) -> Row:
        return Row(map(_as_sqlite_gives, values), self.names)


class Connection:
    """Statements run as they come (autocommit); ``transaction()`` groups them."""

    def __init__(self, connection: psycopg.Connection[Any]):
        self.connection = connection

    @classmethod
    def open(cls, url: str, user: str | None = None) -> "Connection":
        """A connection to ``url``, as ``user`` (None: as the URL or libpq's defaults say)."""
        try:
            if user:
                return cls(psycopg.connect(url, autocommit=True, user=user))
            return cls(psycopg.connect(url, autocommit=True))
        except psycopg.Error as error:
            # libpq's reasons run over several lines ("Is the server running…"): the first.
            reason = str(error).strip().splitlines()[0] if str(error).strip() else "refused"
            raise DatabaseError(f"cannot connect: {reason}") from None

    def execute(self, sql: str, parameters: Parameters = ()) -> Cursor:
        inserted = _INSERT.match(sql)
        numbered = inserted is not None and inserted.group(1).lower() in NUMBERED
        text = sql + (" RETURNING id" if numbered and "RETURNING" not in sql else "")
        cursor = self.connection.cursor()
        with refused():
            if parameters:
                cursor.execute(translate(text).encode(), parameters)
            else:  # nothing to fill in: psycopg reads the text as it is, `%` and all
                cursor.execute(text.encode())
            if not numbered:
                return Cursor(cursor)
            found = cursor.fetchone()
        return Cursor(cursor, int(found[0]) if found else None)

    def executemany(self, sql: str, rows: Iterable[Parameters]) -> Cursor:
        cursor = self.connection.cursor()
        with refused():
            cursor.executemany(translate(sql).encode(), list(rows))
        return Cursor(cursor)

    def cursor(self) -> "TupleCursor":
        """A cursor whose rows are plain tuples, as sqlite3's with ``row_factory = None``."""
        return TupleCursor(self)

    def transaction(self) -> Any:
        return self.connection.transaction()

    @property
    def in_transaction(self) -> bool:
        return self.connection.info.transaction_status != psycopg.pq.TransactionStatus.IDLE

    def close(self) -> None:
        self.connection.close()


class TupleCursor:
    """Rows as tuples of what sqlite3 would give, for the exports that read many."""

    row_factory: Any = None  # set by the caller, as on sqlite3's cursor; tuples either way

    def __init__(self, connection: Connection):
        self.connection = connection

    def execute(self, sql: str, parameters: Parameters = ()) -> Iterator[tuple[Any, ...]]:
        return (tuple(row) for row in self.connection.execute(sql, parameters))


# What a refusal by the database means to the seller, for the constraints they can
# run into: the rest are told as PostgreSQL words them.
CONSTRAINTS = {
    "fk_contact_next_step": "nothing was saved: it would have left an open contact without "
    "a dated next step (a bug in followup: please report it)",
    "ix_contact_email": "a contact with this email exists already (perhaps a colleague's)",
    "ux_followup_one_pending": "this contact has a pending step already (another command "
    "scheduled it meanwhile): run the command again",
}


@contextmanager
def refused() -> Iterator[None]:
    """PostgreSQL's errors as one line for the seller, its own error kept as the cause."""
    try:
        yield
    except errors.InsufficientPrivilege as error:
        raise DatabaseError(f"not allowed: {_primary(error)}") from error
    except errors.IntegrityError as error:
        told = CONSTRAINTS.get(error.diag.constraint_name or "")
        raise DatabaseError(told or _primary(error)) from error
    except errors.LockNotAvailable as error:
        raise DatabaseError(f"the database stayed busy: {_primary(error)} (try again)") from error
    except psycopg.Error as error:
        raise DatabaseError(_primary(error)) from error


def _primary(error: psycopg.Error) -> str:
    return error.diag.message_primary or str(error).splitlines()[0]


def stored_columns(db: Connection, table: str) -> dict[str, str]:
    """The columns of ``table`` a row is given (not the generated ones), with their types,
    in their order."""
    return dict(
        db.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = ? "
            "AND is_generated = 'NEVER' ORDER BY ordinal_position",
            (table,),
        ).fetchall()
    )


def _as_sqlite_gives(value: Any) -> Any:
    """Days and times as the ISO text SQLite keeps (and sqlite3 hands back)."""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return value
