"""The undo journal: each `writing(label)` is one operation, and undo reverses it exactly."""

import io
import sqlite3
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from followup.domain.cadence import EVENT_WARM, after_touch, first_step
from followup.domain.calendar import BusinessCalendar
from followup.domain.dates import Offset
from followup.domain.matching import Decision
from followup.domain.records import Operation
from followup.formats.importers.entries import Row, Source
from followup.formats.importers.text import TextLines
from followup.services.imports.batches import Batches
from followup.services.imports.saving import Enrolment, finish
from followup.storage import ServerUrl, open_storage
from followup.storage.sqlite import SqliteStorage, journal
from tests.conftest import ENGINES, store_location
from tests.conftest import dump as dump_location

NOW = datetime(2026, 3, 2, 9, 14)
CALENDAR = BusinessCalendar()


@pytest.fixture(params=ENGINES)
def store(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[SqliteStorage]:
    """The store on each engine in turn (the SQLite engine's own parts: sqlite_only)."""
    opened = open_storage(store_location(request, tmp_path, monkeypatch), NOW)
    yield opened  # type: ignore[misc]  # the tests read either engine's as SQLite's
    opened.close()


def dump(store: SqliteStorage) -> list[str]:
    """Every user row, without the journal itself."""
    where = store.path if isinstance(store, SqliteStorage) else ServerUrl(store.location)
    return dump_location(where, without=("undo_",))


def add(store: SqliteStorage, name: str, **values: object) -> int:
    with store.writing(f"add '{name}'"):
        contact_id = store.contacts.add(
            {"name": name, "met_on": date(2026, 2, 27), "status": "active", **values}
        )
        store.followups.schedule(contact_id, first_step(EVENT_WARM, date(2026, 2, 27), CALENDAR))
    return contact_id


def log_step_one(store: SqliteStorage, contact_id: int) -> None:
    with store.writing(f"log {contact_id}"):
        store.touches.add(
            contact_id,
            {"happened_on": date(2026, 3, 2), "channel": "email", "direction": "out"}
            | {"outcome": "sent", "step": 1},
            {"value": "the pricing deck", "problem": "month-end close"},
        )
        store.followups.schedule(contact_id, after_touch(EVENT_WARM, 1, date(2026, 3, 2), CALENDAR))


def test_each_write_transaction_is_one_operation_with_its_command_and_time(
    store: SqliteStorage,
) -> None:
    add(store, "Ann Lee")
    assert store.journal.operations() == [Operation(1, "add 'Ann Lee'", NOW)]


def test_undo_reverses_inserts_updates_and_deletes_of_the_last_operation(
    store: SqliteStorage,
) -> None:
    ann = add(store, "Ann Lee", email="ann@acme.com")
    before = dump(store)
    log_step_one(store, ann)
    with store.writing("test"):
        store.contacts.update(ann, {"status": "lost", "close_reason": "budget"})
        store.followups.close_pending(ann, "cancelled")
    store.journal.undo_last()
    store.journal.undo_last()
    assert dump(store) == before


def test_undoing_a_delete_brings_back_the_contact_with_everything_cascaded(
    store: SqliteStorage,
) -> None:
    ann = add(store, "Ann Lee")
    log_step_one(store, ann)
    before = dump(store)
    with store.writing("test"):
        store.contacts.delete(ann)
    assert store.db.execute("SELECT COUNT(*) FROM answer").fetchone()[0] == 0
    store.journal.undo_last()
    assert dump(store) == before


def test_undo_is_not_itself_undoable_so_repeating_it_goes_further_back(
    store: SqliteStorage,
) -> None:
    add(store, "Ann Lee")
    add(store, "Bo Chen")
    assert [operation.id for operation in store.journal.operations()] == [2, 1]
    store.journal.undo_last()
    assert [operation.id for operation in store.journal.operations()] == [1]
    store.journal.undo_last()
    assert store.journal.operations() == []
    assert store.journal.undo_last() is None
    assert store.contacts.count() == 0


def test_only_the_last_twenty_operations_are_kept(store: SqliteStorage) -> None:
    for number in range(journal.KEEP + 5):
        add(store, f"Person {number}")
    kept = store.journal.operations()
    assert len(kept) == journal.KEEP
    assert kept[-1].id == 6
    oldest_step = store.db.execute("SELECT MIN(operation_id) FROM undo_step").fetchone()[0]
    assert oldest_step == 6


def test_a_transaction_that_changes_nothing_leaves_no_operation(store: SqliteStorage) -> None:
    with store.writing("test"):
        store.followups.close_pending(12345, "cancelled")
    assert store.journal.operations() == []


def test_a_failed_transaction_leaves_no_operation(store: SqliteStorage) -> None:
    with pytest.raises(RuntimeError), store.writing("test"):
        store.contacts.add({"name": "Ann Lee", "met_on": date(2026, 2, 27), "status": "active"})
        raise RuntimeError("refused half-way")
    assert store.journal.operations() == []
    assert store.contacts.count() == 0


@pytest.mark.sqlite_only
def test_writes_made_outside_a_command_are_not_taken_for_part_of_the_last_one(
    store: SqliteStorage,
) -> None:
    ann = add(store, "Ann Lee")
    store.db.execute("UPDATE contact SET notes = 'typed in the sqlite3 shell' WHERE id = ?", (ann,))
    store.journal.undo_last()
    assert store.db.execute("SELECT COUNT(*) FROM undo_step").fetchone()[0] == 0
    assert store.contacts.count() == 0


@pytest.mark.sqlite_only
def test_every_user_table_is_journaled_for_insert_update_and_delete(store: SqliteStorage) -> None:
    tables = journal.journaled_tables(store.db)
    assert set(tables) == {
        *("account", "account_key", "answer", "away", "contact", "event", "followup"),
        *("inbox_folder", "inbox_message", "reminder", "touch"),
    }
    triggers = {
        row[0]
        for row in store.db.execute("SELECT name FROM sqlite_master WHERE type='trigger'")
        if not row[0].startswith("search_")  # the search index's own (storage/search_index.py)
    }
    assert triggers == {
        f"undo_{table}_{event}" for table in tables for event in ("insert", "update", "delete")
    }


def test_undo_restores_text_exactly_whatever_it_contains(store: SqliteStorage) -> None:
    tricky = 'O\'Brien; DROP TABLE contact; -- "quoted" \n ünïcødé\ttab'
    ann = add(store, "Ann Lee", notes=tricky)
    with store.writing("test"):
        store.contacts.update(ann, {"notes": None})
    store.journal.undo_last()
    assert store.contacts.get(ann).notes == tricky


def test_reinstalling_the_triggers_after_a_new_column_makes_undo_restore_it_too(
    tmp_path: Path,
) -> None:
    connection = sqlite3.connect(tmp_path / "x.db", isolation_level=None)
    connection.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, text VARCHAR)")
    connection.execute(
        "CREATE TABLE undo_operation (id INTEGER PRIMARY KEY, command VARCHAR NOT NULL, "
        "done_at DATETIME NOT NULL, recording BOOLEAN NOT NULL)"
    )
    connection.execute(
        "CREATE TABLE undo_step (id INTEGER PRIMARY KEY, operation_id INTEGER NOT NULL, "
        "statement VARCHAR NOT NULL)"
    )
    journal.install(connection)
    connection.execute("ALTER TABLE note ADD COLUMN more VARCHAR")
    journal.install(connection)
    connection.execute("INSERT INTO note (text, more) VALUES ('a', 'b')")
    connection.execute("BEGIN")
    with journal.operation(connection, NOW, "edit"):
        connection.execute("UPDATE note SET text = 'x', more = 'y'")
    connection.execute("COMMIT")
    connection.execute("BEGIN")
    journal.undo_last(connection)
    connection.execute("COMMIT")
    assert connection.execute("SELECT text, more FROM note").fetchone() == ("a", "b")


def triggers(store: SqliteStorage) -> list[tuple[str, str]]:
    return [
        tuple(row)
        for row in store.db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
    ]


def import_people(store: SqliteStorage, *emails: str) -> list[int]:
    """What `followup import` writes: many contacts at once, each with a first follow-up."""
    rows = (
        Row(f"line {n}", {"name": f"Person {email}", "email": email, "met_on": "2026-02-27"})
        for n, email in enumerate(emails, start=2)
    )
    enrolment = Enrolment(EVENT_WARM, Offset(60, "d"), CALENDAR, NOW.date())
    with store.writing("test"):
        session = store.import_session()
        batches = Batches(store, session, enrolment, None, None, stop_at_bad=True)
        source = Source("CSV", rows, TextLines(io.BytesIO(), "people.csv"))
        decisions = [decision for batch in batches.outcomes(source) for decision in batch]
        finish(session, enrolment)
    assert all(isinstance(decision, Decision) for decision in decisions), decisions
    return [decision.contact_id for decision in decisions if isinstance(decision, Decision)]


def test_undoing_a_bulk_import_removes_exactly_the_contacts_and_follow_ups_it_added(
    store: SqliteStorage,
) -> None:
    ann = add(store, "Ann Lee")
    before = sorted(dump(store))  # the triggers put back come last in the schema
    ids = import_people(store, "a@x.example", "b@x.example", "c@x.example")
    assert list(ids) == [ann + 1, ann + 2, ann + 3]
    assert store.followups.due_count(date(2026, 3, 2)) == 4
    assert len(store.journal.operations()) == 2
    store.journal.undo_last()
    assert sorted(dump(store)) == before


@pytest.mark.sqlite_only
def test_a_bulk_import_leaves_the_journal_triggers_as_they_were(store: SqliteStorage) -> None:
    installed = triggers(store)
    import_people(store, "a@x.example")
    assert sorted(triggers(store)) == sorted(installed)
    # The next command is journaled row by row again.
    ann = add(store, "Ann Lee")
    store.journal.undo_last()
    assert store.contacts.count() == 1
    assert store.db.execute("SELECT COUNT(*) FROM contact WHERE id = ?", (ann,)).fetchone()[0] == 0


@pytest.mark.sqlite_only
def test_a_bulk_import_that_fails_half_way_leaves_no_contact_and_the_triggers_in_place(
    store: SqliteStorage,
) -> None:
    installed = triggers(store)
    people = [{"name": "Ann", "email": "a@x.example", "met_on": date(2026, 2, 27)}] * 2
    with pytest.raises(sqlite3.IntegrityError), store.writing("test"):
        rows = [{**person, "status": "active"} for person in people]  # one address, twice
        store.import_session()._insert_contacts(rows)
    assert store.contacts.count() == 0
    assert store.journal.operations() == []
    assert triggers(store) == installed  # the rollback put them back where they were


@pytest.mark.sqlite_only
def test_a_bulk_import_into_a_store_without_its_insert_trigger_still_writes(
    store: SqliteStorage,
) -> None:
    store.db.execute("DROP TRIGGER undo_contact_insert")  # a hand-damaged journal
    import_people(store, "a@x.example")
    assert store.contacts.count() == 1
