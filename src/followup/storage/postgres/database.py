"""Opening a team's database: its schema made on first use, its version checked.

The schema is the one SQLite stores get (``storage.schema``), then what a team's
database has besides: whose each day away is, the undo journal's triggers
(``journal``), who may see what (``security``), the ``unaccent`` extension
`search` folds accents with, and keys that an undo may check at its end. Its
version is kept as Alembic keeps it (``alembic_version``), so that a later
revision upgrades it as it does a file.
The first schema a team's database can have is version 7.
"""

import psycopg
from psycopg.conninfo import conninfo_to_dict

from followup.errors import DatabaseError
from followup.storage.postgres import journal, security
from followup.storage.postgres.connection import Connection
from followup.storage.postgres.transaction import transaction

VERSION_TABLE = "alembic_version"
CURRENT_VERSION = 7  # keep equal to schema.SCHEMA_VERSION (a test checks)


def open_database(url: str, user: str | None) -> Connection:
    """A connection to the team's database at ``url``, which is made a store if empty.

    ``user`` (the seller ``FOLLOWUP_USER`` or ``user.name`` names) is the role to
    connect as when the URL names none; without either, libpq's own default.
    """
    try:
        named = conninfo_to_dict(url).get("user")
    except psycopg.ProgrammingError:
        # Its reason quotes the URL's text, password and all.
        raise DatabaseError("cannot read the database URL (check its %-escapes)") from None
    db = Connection.open(url, None if named else user)
    try:
        version = _version(db)
        if version is None:
            _create(db)
        elif version > CURRENT_VERSION:
            raise DatabaseError(
                f"the database was written by a newer followup (schema {version}); upgrade followup"
            )
        elif version < CURRENT_VERSION:
            raise DatabaseError(f"the database is at schema {version}, older than any team's")
    except BaseException:
        db.close()
        raise
    return db


def _version(db: Connection) -> int | None:
    if db.execute(f"SELECT to_regclass('{VERSION_TABLE}')").fetchone()[0] is None:  # type: ignore[index]
        return None
    found = db.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone()
    return int(found[0]) if found else None


def _create(db: Connection) -> None:
    """The whole schema in one transaction; refused on a database with tables of others'."""
    from followup.storage.schema import postgres_statements  # SQLAlchemy: only this once

    with transaction(db):
        if _version(db) is not None:
            return  # another seller's followup made it while we waited for the lock
        if db.execute(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema()"
        ).fetchone():
            raise DatabaseError("the database has tables already: not a followup database")
        if db.execute(
            # A superuser counts as a member of every role: it is nobody's seller.
            "SELECT 1 FROM pg_roles WHERE rolname IN (?, ?) "
            "AND pg_has_role(current_user, oid, 'MEMBER') "
            "AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)",
            (security.SELLER_ROLE, security.MANAGER_ROLE),
        ).fetchone():
            # The tables' owner is bound by no policy: it must be nobody's seller role.
            raise DatabaseError(
                "the team's database is made by its owner, not by a seller or the manager: "
                "run the first command as the database's owner"
            )
        db.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        for statement in postgres_statements():
            db.execute(statement)
        _keys_checked_at_the_end(db)
        # Days away are each seller's own: one seller's holiday moves nobody else's steps.
        db.execute("ALTER TABLE away ADD COLUMN seller text NOT NULL DEFAULT session_user")
        journal.install(db)
        db.execute(f"CREATE TABLE {VERSION_TABLE} (version_num VARCHAR(32) PRIMARY KEY)")
        db.execute(f"INSERT INTO {VERSION_TABLE} VALUES ('{CURRENT_VERSION:04d}')")
        for statement in security.statements():  # last: its grants are on every table
            db.execute(statement)


def _keys_checked_at_the_end(db: Connection) -> None:
    """Every foreign key deferrable (still checked per statement unless an undo defers it)."""
    keys = db.execute(
        "SELECT conrelid::regclass::text, conname FROM pg_constraint "
        "WHERE contype = 'f' AND NOT condeferrable "
        "AND connamespace = current_schema()::regnamespace"
    ).fetchall()
    for table, name in keys:
        db.execute(f'ALTER TABLE {table} ALTER CONSTRAINT "{name}" DEFERRABLE INITIALLY IMMEDIATE')
