"""storage.postgres.security: each seller sees and changes only their own contacts, on a
real PostgreSQL with real roles (tests/pgserver.py), through plain SQL."""

from typing import Any

import psycopg
import pytest

from followup.storage.postgres import security
from tests import pgserver

MANAGER = pgserver.MANAGER
ADD = (
    "INSERT INTO contact (name, email, met_on, status, owner, created_at, updated_at) "
    "VALUES (%s, %s, '2026-02-25', 'active', %s, now(), now()) RETURNING id"
)
STEP = (
    "INSERT INTO followup (contact_id, kind, action, scheduled_from, wait, due, status, "
    "created_at) VALUES (%s, 'touch', 'Recap', '2026-02-25', 1, '2026-02-26', 'pending', now())"
)
TOUCH = (
    "INSERT INTO touch (contact_id, happened_on, channel, direction, outcome, check_skipped, "
    "created_at) VALUES (%s, '2026-02-26', 'email', 'out', 'sent', false, now())"
)


@pytest.fixture
def server(postgres: pgserver.PostgresServer) -> pgserver.PostgresServer:
    return postgres


@pytest.fixture
def team(server: pgserver.PostgresServer, request: pytest.FixtureRequest) -> str:
    """A team's database as followup makes it (tests/pgserver.py), sellers and a manager
    among the server's roles; its name."""
    return server.new_database(request.node.name, store=True)


def as_user(server: pgserver.PostgresServer, team: str, user: str) -> Any:
    return psycopg.connect(server.url(team, user), autocommit=True)


def add_for(connection: Any, name: str, email: str, owner: str) -> int:
    with connection.transaction():
        (contact_id,) = connection.execute(ADD, (name, email, owner)).fetchone()
        connection.execute(STEP, (contact_id,))
        connection.execute(TOUCH, (contact_id,))
    return int(contact_id)


@pytest.fixture
def anna(server: pgserver.PostgresServer, team: str) -> int:
    """Sam's contact Anna, with her next step and a touch."""
    with as_user(server, team, "sam") as sam:
        return add_for(sam, "Anna Keller", "anna@kessler.example", "sam")


def test_a_seller_sees_and_changes_only_their_own(
    server: pgserver.PostgresServer, team: str, anna: int
) -> None:
    with as_user(server, team, "priya") as priya:
        for table in ("contact", "followup", "touch"):
            assert priya.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,)
        assert priya.execute("UPDATE contact SET name = 'x' WHERE id = %s", (anna,)).rowcount == 0
        assert priya.execute("DELETE FROM followup WHERE contact_id = %s", (anna,)).rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            priya.execute(TOUCH, (anna,))  # nothing can be hung on Sam's contact
    with as_user(server, team, "sam") as sam:
        assert sam.execute("SELECT name FROM contact").fetchall() == [("Anna Keller",)]
        assert sam.execute("SELECT count(*) FROM touch").fetchone() == (1,)


def test_a_seller_adds_only_for_themselves_and_never_a_colleagues_email(
    server: pgserver.PostgresServer, team: str, anna: int
) -> None:
    with as_user(server, team, "priya") as priya:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            priya.execute(ADD, ("Jonas Weber", "jonas@kessler.example", "sam"))
        with pytest.raises(psycopg.errors.UniqueViolation, match="ix_contact_email"):
            priya.execute(ADD, ("Anna K.", "ANNA@kessler.example", "priya"))
        add_for(priya, "Tom Becker", "tom@ledgerline.example", "priya")
        assert priya.execute("SELECT name FROM contact").fetchall() == [("Tom Becker",)]


def test_handing_a_contact_over_moves_it_with_its_history(
    server: pgserver.PostgresServer, team: str, anna: int
) -> None:
    handing = f"SELECT {security.ASSIGN}(%s, %s)"
    with as_user(server, team, "priya") as priya:
        assert priya.execute(handing, (anna, "priya")).fetchone() == (False,)  # not hers
    with as_user(server, team, "sam") as sam:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            sam.execute("UPDATE contact SET owner = 'priya' WHERE id = %s", (anna,))
        assert sam.execute(handing, (anna, "priya")).fetchone() == (True,)
        assert sam.execute("SELECT count(*) FROM contact").fetchone() == (0,)
    with as_user(server, team, "priya") as priya:
        assert priya.execute("SELECT owner FROM contact").fetchall() == [("priya",)]
        assert priya.execute("SELECT count(*) FROM touch").fetchone() == (1,)
        assert priya.execute("SELECT status FROM followup").fetchall() == [("pending",)]


def test_the_manager_reads_everyones_and_changes_nothing(
    server: pgserver.PostgresServer, team: str, anna: int
) -> None:
    with as_user(server, team, "priya") as priya:
        add_for(priya, "Tom Becker", "tom@ledgerline.example", "priya")
    with as_user(server, team, MANAGER) as boss:
        owners = boss.execute("SELECT owner FROM contact ORDER BY owner").fetchall()
        assert owners == [("priya",), ("sam",)]
        assert boss.execute("SELECT count(*) FROM touch").fetchone() == (2,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
            boss.execute("UPDATE contact SET name = 'x'")
