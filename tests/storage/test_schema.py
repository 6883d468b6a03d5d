"""The SQLModel tables and the hand-written SQL of the store must agree."""

import dataclasses
import os
import sqlite3
import stat
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import SQLModel

from followup.domain import contact, records
from followup.errors import DatabaseError
from followup.storage import schema
from followup.storage.sqlite import connection, open_database
from followup.storage.sqlite.transaction import transaction

NOW = datetime(2026, 3, 2, 9, 0)


def opened(path: Path) -> sqlite3.Connection:
    return open_database(path, NOW)[0]


def columns_of(table: Any) -> set[str]:
    """A table's columns, whether SQLModel declared it or it was read off a description."""
    columns = getattr(table, "__table__", table).columns
    return set(columns.keys())


def test_event_record_has_exactly_the_tables_columns() -> None:
    assert {field.name for field in dataclasses.fields(records.Event)} == columns_of(schema.Event)


def test_contact_record_is_the_contact_table_plus_its_event_and_account_names() -> None:
    names = {field.name for field in dataclasses.fields(contact.Contact)}
    # has_next_step is the store's own: the key of the one-pending-item rule.
    assert names - {"event_name", "account_name"} == columns_of(schema.Contact) - {"has_next_step"}


def test_touch_record_is_the_touch_table_plus_its_answers() -> None:
    names = {field.name for field in dataclasses.fields(records.Touch)}
    assert names - {"answers"} == columns_of(schema.Touch)


def test_schema_version_used_on_start_matches_the_schema() -> None:
    assert connection.CURRENT_VERSION == schema.SCHEMA_VERSION


def test_new_database_is_created_from_the_sqlmodel_tables(tmp_path: Path) -> None:
    db = opened(tmp_path / "new.db")
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    # The search index is a virtual table, with FTS5's own tables behind it.
    search = {name for name in tables if name.startswith("search_index")}
    assert tables - search == {table.name for table in SQLModel.metadata.sorted_tables}
    assert "search_index" in search
    for table in SQLModel.metadata.sorted_tables:
        actual = {row["name"] for row in db.execute(f"PRAGMA table_xinfo({table.name})")}
        assert actual == set(table.columns.keys())
    assert db.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION


def test_new_database_is_owner_only_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "deeper" / "followup.db"
    db = opened(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_today_query_uses_the_due_index(tmp_path: Path) -> None:
    db = opened(tmp_path / "followup.db")
    plan = db.execute(
        "EXPLAIN QUERY PLAN SELECT * FROM followup WHERE status = 'pending' AND due <= '2026-03-02'"
    ).fetchall()
    assert any("ix_followup_status_due" in row["detail"] for row in plan)


def test_a_contacts_pending_follow_up_is_joined_by_one_seek_in_the_unique_index(
    tmp_path: Path,
) -> None:
    # Joined on status = 'pending', a store without statistics could read every pending
    # row once per contact (the index on status and due): `list` took minutes at 100,000.
    from followup.storage.sqlite.accounts import SUMMARY
    from followup.storage.sqlite.rows import PENDING_OF_CONTACT

    db = opened(tmp_path / "followup.db")
    for query in (
        f"SELECT c.id, f.due FROM contact c LEFT JOIN followup f ON {PENDING_OF_CONTACT}",
        f"{SUMMARY} GROUP BY a.id",
    ):
        plan = [row["detail"] for row in db.execute(f"EXPLAIN QUERY PLAN {query}")]
        assert any(
            "SEARCH f USING INDEX ux_followup_one_pending (contact_id=? AND is_pending=?)" in step
            for step in plan
        ), plan


ADD_ANN = (
    "INSERT INTO contact (name, met_on, status, created_at, updated_at) "
    "VALUES ('Ann', '2026-03-02', 'active', '2026-03-02', '2026-03-02')"
)
ADD_PENDING = """
    INSERT INTO followup (contact_id, kind, action, scheduled_from, wait, due, status, created_at)
    VALUES (1, 'touch', 'x', '2026-03-02', 1, '2026-03-03', 'pending', '2026-03-02')
"""


def test_only_one_pending_follow_up_per_contact_is_enforced(tmp_path: Path) -> None:
    db = opened(tmp_path / "followup.db")
    with transaction(db):
        db.execute(ADD_ANN)
        db.execute(ADD_PENDING)
        with pytest.raises(sqlite3.IntegrityError):
            db.execute(ADD_PENDING)


@pytest.mark.parametrize("status", ["active", "engaged", "meeting", "nurture", "paused"])
def test_an_open_contact_without_a_pending_follow_up_cannot_be_committed(
    tmp_path: Path, status: str
) -> None:
    db = opened(tmp_path / "followup.db")
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"), transaction(db):
        db.execute(ADD_ANN.replace("'active'", f"'{status}'"))
    assert db.execute("SELECT COUNT(*) FROM contact").fetchone()[0] == 0
    with transaction(db):
        db.execute(ADD_ANN)
        db.execute(ADD_PENDING)
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"), transaction(db):
        db.execute("UPDATE followup SET status = 'done'")
    with transaction(db):  # closed: nothing is owed
        db.execute("UPDATE followup SET status = 'done'")
        db.execute("UPDATE contact SET status = 'won'")


def test_database_from_a_newer_followup_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "followup.db"
    opened(path).execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="newer followup"):
        opened(path)
    assert path.read_bytes() == before


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"not a database, just my notes\n" * 100)
    with pytest.raises(DatabaseError, match="cannot open database"):
        opened(path)
    assert path.read_bytes() == b"not a database, just my notes\n" * 100


def test_every_folder_created_for_a_new_database_is_owner_only_whatever_the_umask(
    tmp_path: Path,
) -> None:
    path = tmp_path / "a" / "b" / "followup.db"
    previous = os.umask(0)
    try:
        opened(path).close()
    finally:
        os.umask(previous)
    assert [
        stat.S_IMODE(os.stat(folder).st_mode) for folder in (path.parent.parent, path.parent)
    ] == [0o700, 0o700]


def test_making_the_postgres_ddl_leaves_sqlites_as_it_was() -> None:
    from followup.storage.schema import create_statements, postgres_statements

    before = sorted(create_statements())
    postgres = postgres_statements()
    assert sorted(create_statements()) == before
    assert any("fk_contact_next_step" in statement for statement in before)
    assert [s for s in postgres if s.startswith("ALTER TABLE")] == [
        "ALTER TABLE contact ADD CONSTRAINT fk_contact_next_step FOREIGN KEY(id, has_next_step) "
        "REFERENCES followup (contact_id, is_pending) DEFERRABLE INITIALLY DEFERRED"
    ]
