"""Upgrading a database written by an older followup, from the committed schema-1 fixture.

tests/fixtures/schema-v1.db was made by followup 0.1.0 (schema 1): four contacts
met at an event, touches with value-check answers, a reply, a loss, a snooze
and an away period. Every test works on a copy.
"""

import json
import os
import re
import shutil
import sqlite3
import stat
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from followup.errors import DatabaseError
from followup.storage import Upgrade
from followup.storage.sqlite import connection, migrations, open_database
from followup.storage.sqlite.connection import CURRENT_VERSION
from followup.storage.sqlite.transaction import transaction

FIXTURE = Path(__file__).parents[1] / "fixtures" / "schema-v1.db"
NOW = "2026-03-02T09:14"
MOMENT = datetime.fromisoformat(NOW)
BACKUP_NAME = "followup.db.v1-backup-20260302T091400"


def opened(path: Path) -> sqlite3.Connection:
    """The store at ``path`` as followup opens it: created if new, upgraded if old."""
    return open_database(path, MOMENT)[0]


@pytest.fixture
def old_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FOLLOWUP_NOW", NOW)
    path = tmp_path / "followup.db"
    shutil.copyfile(FIXTURE, path)
    return path


def user_rows(path: Path, as_in: Path = FIXTURE) -> dict[str, list[tuple[Any, ...]]]:
    """Every user table's rows, in the columns the database ``as_in`` stores."""
    with sqlite3.connect(as_in) as old:
        columns = {table: stored_columns(old, table) for table in USER_TABLES}
    with sqlite3.connect(path) as db:
        return {
            table: db.execute(
                f"SELECT {', '.join(columns[table])} FROM {table} ORDER BY id"
            ).fetchall()
            for table in USER_TABLES
        }


USER_TABLES = ("event", "contact", "touch", "answer", "followup", "away")


def stored_columns(db: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in db.execute(f"PRAGMA table_info({table})")]


def schema_of(path: Path) -> list[tuple[str, str, str]]:
    """sqlite_master, whitespace and quoting normalised, in a stable order."""
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL")
        return sorted(
            (kind, name, re.sub(r"\s+", " ", sql.replace('"', "")).strip())
            for kind, name, sql in rows
        )


def version_of(path: Path) -> int:
    with sqlite3.connect(path) as db:
        return db.execute("PRAGMA user_version").fetchone()[0]


def test_the_fixture_is_a_schema_1_database_with_data() -> None:
    assert version_of(FIXTURE) == 1
    counts = {table: len(rows) for table, rows in user_rows(FIXTURE).items()}
    assert counts == {"event": 1, "contact": 4, "touch": 6, "answer": 4, "followup": 9, "away": 1}


def test_opening_a_schema_1_database_upgrades_it_and_keeps_every_row(old_db: Path) -> None:
    before = user_rows(old_db)
    db, upgraded = open_database(old_db, MOMENT)
    db.close()
    assert upgraded == Upgrade(1, CURRENT_VERSION, old_db.parent / BACKUP_NAME)
    assert version_of(old_db) == CURRENT_VERSION
    after = user_rows(old_db)
    # Bo Chen replied before schema 3, which gave an engaged contact a next step: the answer.
    with sqlite3.connect(FIXTURE) as old:
        bo, cadence = 1, stored_columns(old, "contact").index("cadence")
    assert (before["contact"][bo][cadence], after["contact"][bo][cadence]) == (
        "event-warm",
        "engaged",
    )
    assert after["contact"][:bo] == before["contact"][:bo]
    assert after["contact"][bo + 1 :] == before["contact"][bo + 1 :]
    assert {**after, "contact": []} == {
        **before,
        "contact": [],
        "followup": [*before["followup"], after["followup"][-1]],
    }
    assert after["followup"][-1][1:11] == (
        2, "touch", 1, 4, "email", "Answer and propose two meeting times",
        "2026-03-02", 0, "2026-03-02", "pending",
    )  # fmt: skip


def test_the_backup_is_the_old_database_unchanged_and_owner_only(old_db: Path) -> None:
    opened(old_db).close()
    backup = old_db.parent / BACKUP_NAME
    assert stat.S_IMODE(os.stat(backup).st_mode) == 0o600
    assert version_of(backup) == 1
    assert user_rows(backup) == user_rows(FIXTURE)
    assert schema_of(backup) == schema_of(FIXTURE)


def test_a_new_database_and_an_upgraded_one_have_the_same_schema(
    old_db: Path, tmp_path: Path
) -> None:
    opened(old_db).close()
    fresh = tmp_path / "fresh.db"
    opened(fresh).close()
    assert schema_of(old_db) == schema_of(fresh)
    assert version_of(old_db) == version_of(fresh) == CURRENT_VERSION


def test_an_upgraded_database_journals_and_undoes_like_a_new_one(old_db: Path) -> None:
    db = opened(old_db)
    before = db.execute("SELECT status FROM contact WHERE id = 1").fetchone()[0]
    with transaction(db):
        db.execute(
            "INSERT INTO undo_operation (command, done_at, recording) VALUES ('x', ?, 1)", (NOW,)
        )
        db.execute("UPDATE contact SET status = 'lost' WHERE id = 1")
        db.execute("UPDATE undo_operation SET recording = 0")
    steps = db.execute("SELECT statement FROM undo_step").fetchall()
    assert len(steps) == 1 and steps[0][0].startswith("UPDATE contact SET id=1,name='Ann Lee'")
    db.execute(steps[0][0])
    assert db.execute("SELECT status FROM contact WHERE id = 1").fetchone()[0] == before


def test_duplicate_emails_do_not_stop_the_upgrade_and_keep_a_plain_index(old_db: Path) -> None:
    with sqlite3.connect(old_db) as db:
        db.execute("UPDATE contact SET email = 'ANN@acme.com' WHERE id = 2")
    emails = [person[4] for person in user_rows(old_db)["contact"]]
    db = opened(old_db)
    assert [person[4] for person in user_rows(old_db)["contact"]] == emails
    indexes = {row["name"]: row["unique"] for row in db.execute("PRAGMA index_list(contact)")}
    assert indexes["ix_contact_email"] == 0


def test_without_duplicates_the_email_index_becomes_unique(old_db: Path) -> None:
    db = opened(old_db)
    indexes = {row["name"]: row["unique"] for row in db.execute("PRAGMA index_list(contact)")}
    assert indexes["ix_contact_email"] == 1
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("UPDATE contact SET email = 'ANN@ACME.COM' WHERE id = 2")


def test_when_the_backup_cannot_be_written_nothing_is_upgraded(
    old_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(source: sqlite3.Connection, target: Path) -> None:
        raise DatabaseError(f"cannot write {target}: No space left on device")

    monkeypatch.setattr(connection, "backup", disk_full)
    before = old_db.read_bytes()
    with pytest.raises(DatabaseError, match=r"not upgrading .* from schema 1: cannot write"):
        opened(old_db)
    assert old_db.read_bytes() == before
    assert version_of(old_db) == 1


def test_a_migration_that_fails_half_way_leaves_the_database_as_it_was(
    old_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from followup.storage.sqlite import journal

    def broken(connection: sqlite3.Connection) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(journal, "install", broken)
    with pytest.raises(DatabaseError, match=r"cannot upgrade database .*: disk I/O error"):
        opened(old_db)
    assert version_of(old_db) == 1
    assert schema_of(old_db) == schema_of(FIXTURE)
    assert user_rows(old_db) == user_rows(FIXTURE)


def test_an_upgrade_already_done_by_another_process_is_not_done_again(old_db: Path) -> None:
    opened(old_db).close()
    assert migrations.upgrade(old_db, datetime(2026, 3, 2, 10, 0)) is None
    assert sorted(path.name for path in old_db.parent.iterdir() if "backup" in path.name) == [
        BACKUP_NAME
    ]


def test_processes_opening_an_old_database_at_once_upgrade_it_once(old_db: Path) -> None:
    script = (
        "import sys, pathlib, datetime; from followup.storage.sqlite import open_database; "
        "moment = datetime.datetime(2026, 3, 2, 9, 14); "
        "db, upgraded = open_database(pathlib.Path(sys.argv[1]), moment); "
        "print('upgraded' if upgraded else 'current')"
    )
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(old_db)], stdout=subprocess.PIPE, text=True
        )
        for _ in range(4)
    ]
    said = sorted(run.communicate(timeout=60)[0] for run in runs)
    assert [run.returncode for run in runs] == [0, 0, 0, 0]
    assert said == ["current\n"] * 3 + ["upgraded\n"]
    assert [path.name for path in old_db.parent.iterdir() if "backup" in path.name] == [BACKUP_NAME]
    assert version_of(old_db) == CURRENT_VERSION


def test_a_second_upgrade_at_the_same_second_gets_its_own_backup_name(old_db: Path) -> None:
    taken = old_db.parent / BACKUP_NAME
    taken.write_bytes(b"an earlier backup")
    opened(old_db).close()
    assert taken.read_bytes() == b"an earlier backup"
    assert version_of(old_db.parent / f"{BACKUP_NAME}-2") == 1


HEAVY = ("alembic", "sqlalchemy", "sqlmodel", "pydantic")
PROBE = """
import json, sys
from pathlib import Path
from datetime import datetime
from followup.storage.sqlite import open_database
open_database(Path(sys.argv[1]), datetime(2026, 3, 2))[0].close()
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules} & set(sys.argv[2:]))))
"""


def heavy_imports_when_opening(path: Path) -> list[str]:
    completed = subprocess.run(
        [sys.executable, "-c", PROBE, str(path), *HEAVY],
        capture_output=True,
        text=True,
        env={**os.environ, "FOLLOWUP_NOW": NOW},
        check=True,
    )
    return json.loads(completed.stdout)


def test_the_version_check_on_a_current_database_imports_no_migration_machinery(
    old_db: Path,
) -> None:
    assert "alembic" in heavy_imports_when_opening(old_db)  # the upgrade itself
    assert heavy_imports_when_opening(old_db) == []  # every start after it


def test_there_is_one_revision_per_schema_version_up_to_the_current_one() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(migrations.HERE))
    chain = [revision.revision for revision in script.walk_revisions()]
    assert chain == [migrations.revision(v) for v in range(CURRENT_VERSION, 0, -1)]


def test_an_upgraded_database_finds_what_it_held_before_the_search_index(old_db: Path) -> None:
    from followup.storage.sqlite import SqliteStorage

    store = SqliteStorage.open(old_db, MOMENT)
    try:
        assert [hit.contact.name for hit in store.search.contacts(["diaz"])] == ["Carla Díaz"]
        answered = {row[0] for row in store.db.execute("SELECT DISTINCT contact_id FROM answer")}
        indexed = {
            int(row[0])
            for row in store.db.execute("SELECT contact_id FROM search_index WHERE rowid % 4 = 2")
        }
        assert indexed == answered
    finally:
        store.close()


def test_an_upgrade_links_every_contact_to_the_account_of_their_company(old_db: Path) -> None:
    opened(old_db).close()
    with sqlite3.connect(old_db) as db:
        linked = db.execute(
            "SELECT c.name, a.name FROM contact c JOIN account a ON a.id = c.account_id "
            "ORDER BY c.id"
        ).fetchall()
        keys = db.execute("SELECT key FROM account_key ORDER BY key").fetchall()
    assert linked == [
        ("Ann Lee", "Acme"), ("Bo Chen", "Globex"), ("Carla Díaz", "Initech"),
        ("Dan Okafor", "Umbrella"),
    ]  # fmt: skip
    assert [key for (key,) in keys] == [
        "domain:acme.com", "domain:globex.com", "domain:initech.io",
        "name:acme", "name:globex", "name:initech", "name:umbrella",
    ]  # fmt: skip
