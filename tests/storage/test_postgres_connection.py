"""storage.postgres.connection: the SQLite engine's own queries, run on PostgreSQL as they
are written (a real server: tests/pgserver.py)."""

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import pytest
from sqlmodel import SQLModel

from followup.domain.cadence import EVENT_WARM, first_step
from followup.domain.calendar import BusinessCalendar
from followup.domain.contact import ContactFilter
from followup.domain.records import FolderMark
from followup.storage.postgres.connection import NUMBERED, Connection, translate
from followup.storage.schema import postgres_statements
from followup.storage.sqlite import SqliteStorage
from tests import pgserver

NOW = datetime(2026, 3, 2, 9, 0)


@pytest.mark.parametrize(
    ("written", "sent"),
    [
        ("SELECT * FROM contact WHERE id = ?", "SELECT * FROM contact WHERE id = %s"),
        ("UPDATE t SET a = :a WHERE id = :row_id", "UPDATE t SET a = %(a)s WHERE id = %(row_id)s"),
        ("SELECT '?', ':x', \"a?b\" WHERE x = ?", "SELECT '?', ':x', \"a?b\" WHERE x = %s"),
        ("SELECT due::text WHERE n LIKE '%,x,%'", "SELECT due::text WHERE n LIKE '%%,x,%%'"),
        ("SELECT 1 % ?", "SELECT 1 %% %s"),
        ("SELECT 'it''s ?' || ?", "SELECT 'it''s ?' || %s"),
    ],
)  # fmt: skip
def test_placeholders_become_psycopgs_and_literals_stay(written: str, sent: str) -> None:
    assert translate(written) == sent


def test_the_numbered_tables_are_the_schemas_tables_with_an_id() -> None:
    import followup.storage.schema  # noqa: F401  (declares the tables)

    numbered = {
        table.name
        for table in SQLModel.metadata.sorted_tables
        if [column.name for column in table.primary_key.columns] == ["id"]
    }
    assert numbered == NUMBERED


@pytest.fixture
def store(postgres: pgserver.PostgresServer, request: pytest.FixtureRequest) -> Iterator[Any]:
    """The SQLite engine's aggregates, each on a PostgreSQL connection to a new database."""
    db = Connection.open(postgres.url(postgres.new_database(request.node.name)))
    with db.transaction():
        for statement in postgres_statements():
            db.execute(statement)
    # The aggregates are typed for sqlite3's connection; this one stands in for it.
    store = SqliteStorage(db, None, NOW)  # type: ignore[arg-type]
    yield store
    db.close()


def add_anna(store: Any) -> int:
    with store.db.transaction():
        contact_id = store.contacts.add(
            {
                "name": "Anna Keller",
                "email": "anna@kessler.example",
                "met_on": date(2026, 2, 25),
                "status": "active",
                "cadence": EVENT_WARM.name,
                "owner": "sam",
            }
        )
        store.followups.schedule(
            contact_id, first_step(EVENT_WARM, date(2026, 2, 25), BusinessCalendar())
        )
    return int(contact_id)


def test_a_contact_goes_in_and_is_found_as_on_sqlite(store: Any) -> None:
    anna = add_anna(store)
    assert anna == 1  # the id comes back as sqlite3's lastrowid does
    assert store.contacts.get(anna).name == "Anna Keller"
    assert store.contacts.find("keller").id == anna
    assert [p.id for p in store.contacts.with_email("ANNA@Kessler.example")] == [anna]
    assert store.contacts.names("an") == ["Anna Keller"]
    listed = store.contacts.listing(ContactFilter(owner="sam"))
    assert [(person.name, due) for person, due in listed] == [("Anna Keller", "2026-02-26")]
    assert store.contacts.listing(ContactFilter(owner="priya")) == []


def test_the_agenda_reads_alike(store: Any) -> None:
    anna = add_anna(store)
    due = store.followups.due(date(2026, 3, 2))
    assert [(item.contact_id, item.kind, item.step, item.due) for item in due] == [
        (anna, "touch", 1, date(2026, 2, 26))
    ]
    assert store.followups.due(date(2026, 3, 2), owner="priya") == []
    assert (
        store.followups.due_count(date(2026, 3, 2)),
        store.followups.due_count(date(2026, 2, 25)),
    ) == (1, 0)
    assert store.followups.pending(anna).plan.step == 1
    assert [(s.name, s.open, s.due, s.won) for s in store.reports.team(date(2026, 3, 2))] == [
        ("sam", 1, 1, 0)
    ]
    assert [row.item.name for row in store.reports.pipeline()] == ["Anna Keller"]
    assert [history.owner for history in store.reports.histories()] == ["sam"]


def test_an_upsert_and_an_event_read_back(store: Any) -> None:
    with store.db.transaction():
        store.inbox.mark_folder("imap://sam@mail.example", "INBOX", FolderMark(7, 41))
        store.inbox.mark_folder("imap://sam@mail.example", "INBOX", FolderMark(7, 42))
        event = store.events.add("LogiMAT 2026", date(2026, 2, 23), "Stuttgart")
    assert store.inbox.folder("imap://sam@mail.example", "INBOX") == FolderMark(7, 42)
    found = store.events.find("logimat 2026")
    assert (found.id, found.held_on, found.place) == (event, date(2026, 2, 23), "Stuttgart")


def test_an_insert_without_parameters_gives_its_id_too(store: Any) -> None:
    db = store.db
    made = db.execute("INSERT INTO away (first_day, last_day) VALUES ('2026-07-27', '2026-08-07')")
    assert made.lastrowid == 1
    assert db.execute("SELECT first_day FROM away WHERE id = 1").fetchone()["first_day"] == (
        "2026-07-27"
    )
