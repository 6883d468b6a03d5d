"""Schema migrations: Alembic revisions that bring an older database up to date.

``open_database`` calls ``upgrade`` only when ``PRAGMA user_version`` is
below ``CURRENT_VERSION``, so Alembic and SQLAlchemy are imported only then.
Revision ``NNNN`` (``versions/NNNN_*.py``) is schema version N; ``0001`` is the
first released schema. A new database is created at the current version from
``schema.py`` directly; tests/storage/test_migrations.py checks that it equals
an upgraded one.

To add version N: write ``versions/NNNN_what.py`` with ``down_revision`` the
previous one, bump ``CURRENT_VERSION`` and ``schema.SCHEMA_VERSION``, change
``schema.py`` to match, and call ``journal.install`` at the end of the
revision if it changes any table's columns.
"""

import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

from followup.errors import DatabaseError
from followup.outfile import backup_name
from followup.storage import Upgrade
from followup.storage.sqlite import connection as _connection
from followup.storage.sqlite.connection import CURRENT_VERSION

HERE = Path(__file__).parent
VERSION_TABLE = "alembic_version"  # exists only while an upgrade runs (see env.py)


def revision(version: int) -> str:
    """The Alembic revision id of schema ``version``."""
    return f"{version:04d}"


def config(connection: Any, version: int, now: datetime | None = None) -> Any:
    """An Alembic config built in code: these migrations, run on ``connection``.

    ``env.py`` reads the open SQLAlchemy connection and the database's current
    schema version from ``attributes``; a revision may read ``now`` there.
    """
    from alembic.config import Config

    built = Config()
    built.set_main_option("script_location", str(HERE))
    built.attributes.update(connection=connection, version=version, now=now)
    return built


def upgrade(path: Path, now: datetime) -> Upgrade | None:
    """Back up and upgrade the database at ``path``; None if another process already did.

    The whole upgrade is one transaction holding the write lock from its first
    statement (``BEGIN IMMEDIATE``): every revision and the new
    ``user_version`` land together or not at all, and a second process opening
    the same old database waits for the lock, then finds it current. The backup
    is written first, inside the lock, so exactly one is made; if it cannot be
    written, nothing is upgraded.
    """
    from alembic import command
    from sqlalchemy import create_engine, event
    from sqlalchemy.exc import SQLAlchemyError
    from sqlalchemy.pool import NullPool

    # A creator rather than a URL: a path is not always a valid URL ("?", "#", "%").
    engine = create_engine(
        "sqlite://",
        creator=lambda: sqlite3.connect(path, timeout=_connection.BUSY_TIMEOUT_SECONDS),
        poolclass=NullPool,
    )

    # SQLAlchemy's recipe for SQLite transactions it does not begin lazily:
    # the driver leaves transactions to us, and each one begins with the lock.
    @event.listens_for(engine, "connect")
    def _no_driver_transactions(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _lock(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    try:
        with engine.begin() as connection:
            version = int(connection.exec_driver_sql("PRAGMA user_version").scalar_one())
            if version >= CURRENT_VERSION:
                return None
            backup = backup_name(path, now, f"v{version}-backup")
            try:
                _back_up(path, backup)
            except DatabaseError as error:
                message = f"not upgrading {path} from schema {version}: {error}"
                raise DatabaseError(message) from None
            command.upgrade(config(connection, version, now), revision(CURRENT_VERSION))
            connection.exec_driver_sql(f"PRAGMA user_version = {CURRENT_VERSION}")
    except (SQLAlchemyError, sqlite3.Error) as error:
        reason = getattr(error, "orig", None) or error
        raise DatabaseError(f"cannot upgrade database {path}: {reason}") from None
    finally:
        engine.dispose()
    return Upgrade(version, CURRENT_VERSION, backup)


def _back_up(path: Path, backup: Path) -> None:
    """Copy the database as last committed, while this process holds the write lock.

    The copy needs a connection of its own: SQLite's backup cannot read through
    a connection that holds the write lock, while any other connection may read.
    """
    reader = sqlite3.connect(path, timeout=_connection.BUSY_TIMEOUT_SECONDS)
    try:
        _connection.backup(reader, backup)
    finally:
        reader.close()
