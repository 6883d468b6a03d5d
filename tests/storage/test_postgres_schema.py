"""storage.schema on PostgreSQL: the tables SQLite has, from the same declarations, with
the same rules kept by the database itself (a real server: tests/pgserver.py)."""

from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import psycopg
import pytest

from followup.storage.schema import postgres_statements
from followup.storage.sqlite.connection import open_file
from tests import pgserver


@pytest.fixture
def team(postgres: pgserver.PostgresServer, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A new database with the schema, and a connection to it that commits as it goes."""
    name = postgres.new_database(request.node.name)
    with psycopg.connect(postgres.url(name), autocommit=True) as connection:
        with connection.transaction():
            for statement in postgres_statements():
                connection.execute(statement)
        yield connection


def sqlite_columns(tmp_path: Path) -> dict[str, list[tuple[str, bool]]]:
    connection, _ = open_file(tmp_path / "fresh.db")
    with closing(connection):
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search_%'"
            )
        ]
        return {
            table: [
                (row[1], bool(row[3])) for row in connection.execute(f"PRAGMA table_xinfo({table})")
            ]
            for table in tables
        }


def test_every_table_and_column_of_sqlite_is_there_alike(team: Any, tmp_path: Path) -> None:
    found: dict[str, list[tuple[str, bool]]] = {}
    for table, column, nullable in team.execute(
        "SELECT table_name, column_name, is_nullable FROM information_schema.columns "
        "WHERE table_schema = 'public' ORDER BY table_name, ordinal_position"
    ):
        found.setdefault(table, []).append((column, nullable == "NO"))
    assert found == sqlite_columns(tmp_path)
    # Times are kept as the seller's clock wrote them, as SQLite keeps their text.
    zoned = team.execute(
        "SELECT DISTINCT data_type FROM information_schema.columns "
        "WHERE table_schema = 'public' AND data_type LIKE 'timestamp%'"
    ).fetchall()
    assert zoned == [("timestamp without time zone",)]


def test_an_open_contact_without_a_pending_step_is_refused_at_commit(team: Any) -> None:
    refused = pytest.raises(psycopg.errors.ForeignKeyViolation, match="fk_contact_next_step")
    with refused, team.transaction():
        team.execute(
            "INSERT INTO contact (name, met_on, status, created_at, updated_at) "
            "VALUES ('Ann Lee', '2026-02-25', 'active', now(), now())"
        )
    assert team.execute("SELECT count(*) FROM contact").fetchone() == (0,)


def test_one_pending_step_per_contact_and_closed_contacts_need_none(team: Any) -> None:
    step = (
        "INSERT INTO followup (contact_id, kind, action, scheduled_from, wait, due, status, "
        "created_at) VALUES (%s, 'touch', 'Recap', '2026-02-25', 1, '2026-02-26', %s, now())"
    )
    with team.transaction():
        (ann,) = team.execute(
            "INSERT INTO contact (name, met_on, status, created_at, updated_at) "
            "VALUES ('Ann Lee', '2026-02-25', 'active', now(), now()) RETURNING id"
        ).fetchone()
        team.execute(step, (ann, "pending"))
        team.execute(step, (ann, "done"))  # as many closed ones as the history has
    twice = pytest.raises(psycopg.errors.UniqueViolation, match="ux_followup_one_pending")
    with twice, team.transaction():
        team.execute(step, (ann, "pending"))
    with team.transaction():
        team.execute("UPDATE followup SET status = 'done' WHERE contact_id = %s", (ann,))
        team.execute("UPDATE contact SET status = 'won' WHERE id = %s", (ann,))
    assert team.execute("SELECT status, has_next_step FROM contact").fetchone() == ("won", None)


def test_emails_and_event_names_are_unique_whatever_their_case(team: Any) -> None:
    team.execute("INSERT INTO event (name, created_at) VALUES ('LogiMAT 2026', now())")
    with pytest.raises(psycopg.errors.UniqueViolation):
        team.execute("INSERT INTO event (name, created_at) VALUES ('logimat 2026', now())")
    assert team.execute("SELECT count(*) FROM event WHERE name = 'LOGIMAT 2026'").fetchone() == (1,)


def test_a_team_database_is_made_at_the_current_schema_as_alembic_stamps_it(
    postgres: pgserver.PostgresServer, request: pytest.FixtureRequest
) -> None:
    from followup.storage import schema
    from followup.storage.postgres import database
    from followup.storage.sqlite import migrations

    assert database.CURRENT_VERSION == schema.SCHEMA_VERSION
    heads = sorted(path.name for path in (migrations.HERE / "versions").glob("[0-9]*.py"))
    assert heads[-1].startswith(migrations.revision(database.CURRENT_VERSION))
    name = postgres.new_database(request.node.name, store=True)
    with psycopg.connect(postgres.url(name)) as connection:
        stamped = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    assert stamped == [(migrations.revision(schema.SCHEMA_VERSION),)]


def test_a_database_from_a_newer_followup_or_of_someone_else_is_refused(
    postgres: pgserver.PostgresServer, request: pytest.FixtureRequest
) -> None:
    from followup.errors import DatabaseError
    from followup.storage.postgres.database import open_database

    newer = postgres.new_database(request.node.name + " newer", store=True)
    with psycopg.connect(postgres.url(newer), autocommit=True) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099'")
    with pytest.raises(DatabaseError, match="newer followup"):
        open_database(postgres.url(newer), None)
    theirs = postgres.new_database(request.node.name + " theirs")
    with psycopg.connect(postgres.url(theirs), autocommit=True) as connection:
        connection.execute("CREATE TABLE invoices (id integer)")
    with pytest.raises(DatabaseError, match="not a followup database"):
        open_database(postgres.url(theirs), None)
    with psycopg.connect(postgres.url(theirs)) as connection:
        tables = connection.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchall()
    assert tables == [("invoices",)]  # nothing of ours was left in it
