"""Looking after the database through the real command: upgrade, undo, backup, doctor."""

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_output_files import held_at_rename
from tests.conftest import Followup, refused

FIXTURE = Path(__file__).parents[1] / "fixtures" / "schema-v1.db"


@pytest.fixture(scope="module")
def current_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The schema-1 fixture, upgraded once: Ann (active), Bo (engaged), Carla (lost), Dan."""
    maker = Followup(tmp_path_factory.mktemp("current"))
    shutil.copyfile(FIXTURE, maker.db)
    maker.ok("today")
    return maker.db


@pytest.fixture
def store(followup: Followup, current_db: Path) -> Followup:
    shutil.copyfile(current_db, followup.db)
    return followup


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def tamper(followup: Followup, *statements: str) -> None:
    """Damage the store the way a crash, a bug or a hand edit could (foreign keys off)."""
    with closing(sqlite3.connect(followup.db, isolation_level=None)) as db:
        for statement in statements:
            db.execute(statement)


def show(followup: Followup, contact: str) -> dict[str, Any]:
    return json.loads(followup.ok("show", contact, "--json").out)


# -- upgrades ----------------------------------------------------------------


def test_an_old_database_is_upgraded_on_first_use_with_a_backup_beside_it(
    followup: Followup,
) -> None:
    shutil.copyfile(FIXTURE, followup.db)
    result = followup.ok("today", "--count", now="2026-03-02T09:14")
    backup = followup.db.with_name("followup.db.v1-backup-20260302T091400")
    # Ann's step 3, and the answer to Bo Chen's reply: schema 3 gave him a next step.
    assert result.out == "2\n"
    assert result.err.splitlines()[0] == (
        f"Upgraded the database from schema 1 to 7; backup: {backup}"
    )
    assert mode(backup) == 0o600
    assert "Upgraded" not in followup.ok("today", "--count").err


def test_a_database_from_a_newer_followup_is_refused_and_left_byte_for_byte(
    store: Followup,
) -> None:
    tamper(store, "PRAGMA user_version = 99")
    before = store.db.read_bytes()
    message = refused(store, "today")
    assert message == (
        f"followup: error: database {store.db} was written by a newer followup (schema 99); "
        "upgrade followup"
    )
    assert store.db.read_bytes() == before


# -- undo --------------------------------------------------------------------


def test_a_mistyped_lost_is_one_undo_away_from_undone(store: Followup) -> None:
    before = show(store, "Ann")
    store.ok("lost", "1", "--reason", "budget", now="2026-03-02T09:14")
    assert show(store, "Ann")["status"] == "lost"
    result = store.ok("undo")
    assert result.err == "Undid `lost 1 --reason budget` (2026-03-02 09:14).\n"
    assert result.out == ""
    assert show(store, "Ann") == before


def test_a_deleted_contact_comes_back_with_every_touch_and_answer(store: Followup) -> None:
    before = show(store, "Ann")
    dump = store.dump()
    store.ok("delete", "Ann", "--yes")
    store.ok("undo")
    assert show(store, "Ann") == before
    assert [line for line in store.dump() if "undo_" not in line] == [
        line for line in dump if "undo_" not in line
    ]


def test_undo_again_goes_one_more_change_back(store: Followup) -> None:
    store.ok("snooze", "Ann", "+1w")
    store.ok("lost", "Dan", "--reason", "no budget")
    assert store.ok("undo", "--list").out.splitlines() == [
        "2026-03-02 00:00  lost Dan --reason 'no budget'",
        "2026-03-02 00:00  snooze Ann +1w",
    ]
    store.ok("undo")
    store.ok("undo")
    assert store.ok("undo", "--list").out == ""
    assert show(store, "Ann")["next_due"] == "2026-03-02"
    assert show(store, "Dan")["status"] == "active"


def test_an_import_is_one_undo_away_from_never_having_happened(
    store: Followup, tmp_path: Path
) -> None:
    scans = tmp_path / "scans.csv"
    scans.write_text(
        "First Name,Last Name,Company,Email\n"
        "Eve,Park,Initech,eve@initech.example\n"
        "Ann,Lee,Acme,\n"  # Ann is already in the store: merged, not added
        "Finn,Olsen,Globex,finn@globex.example\n",
        encoding="utf-8",
    )
    before = [line for line in store.dump() if "undo_" not in line]
    store.ok("import", str(scans), "--event", "Expo 2026")
    assert len(json.loads(store.ok("list", "--json").out)) == 6
    assert store.ok("undo").err.startswith(f"Undid `import {scans} --event 'Expo 2026'`")
    assert sorted(line for line in store.dump() if "undo_" not in line) == sorted(before)


def test_with_nothing_left_to_undo_undo_says_so_and_fails(store: Followup) -> None:
    assert refused(store, "undo") == "followup: error: nothing to undo"


def test_a_refused_command_leaves_nothing_to_undo(store: Followup) -> None:
    refused(store, "log", "Ann", "--answer", "value=")
    assert store.ok("undo", "--list").out == ""


# -- backup ------------------------------------------------------------------


def test_backup_writes_an_owner_only_copy_beside_the_database(store: Followup) -> None:
    result = store.ok("backup", now="2026-03-02T18:30")
    copy = store.db.with_name("followup.db.backup-20260302T183000")
    assert result.out == f"{copy}\n"
    assert result.err == f"Backed up {store.db} to {copy}.\n"
    assert mode(copy) == 0o600
    assert (
        store("--db", str(copy), "show", "Ann", "--json").out
        == store.ok("show", "Ann", "--json").out
    )


def test_backup_into_a_folder_uses_the_timestamped_name(store: Followup, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    store.ok("backup", str(folder), now="2026-03-02T18:30")
    assert [path.name for path in folder.iterdir()] == ["followup.db.backup-20260302T183000"]


def test_backup_never_overwrites_a_file_unless_forced(store: Followup, tmp_path: Path) -> None:
    target = tmp_path / "monday.db"
    target.write_text("last week's copy")
    message = refused(store, "backup", str(target))
    assert message == f"followup: error: {target} already exists (--force replaces it)"
    assert target.read_text() == "last week's copy"
    store.ok("backup", str(target), "--force")
    assert mode(target) == 0o600
    with sqlite3.connect(target) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.parametrize(
    ("where", "fragment"),
    [
        ("missing/followup.db", "cannot write {tmp}/missing/followup.db: no such directory"),
        ("followup.db", "it is one of the database's own files; choose another file"),
    ],
)
def test_backup_refuses_a_missing_folder_and_the_database_itself(
    store: Followup, tmp_path: Path, where: str, fragment: str
) -> None:
    before = store.db.read_bytes()
    message = refused(store, "backup", str(tmp_path / where), "--force")
    assert fragment.format(tmp=tmp_path) in message
    assert store.db.read_bytes() == before
    assert not (tmp_path / "missing").exists()


def test_backup_of_no_database_creates_none(followup: Followup) -> None:
    assert refused(followup, "backup") == f"followup: error: no database at {followup.db}"
    assert not followup.db.exists()


WRITER = """
import sys
from datetime import date, datetime
from pathlib import Path
from followup.storage.sqlite import SqliteStorage

store, stop = SqliteStorage.open(Path(sys.argv[1]), datetime(2026, 3, 2)), Path(sys.argv[2])
print("writing", flush=True)
while not stop.exists():
    with store.writing("test"):  # two touches per transaction: a torn copy would hold an odd count
        for half in "ab":
            store.touches.add(1, {"happened_on": date(2026, 3, 2), "channel": "email",
                                "direction": "out", "outcome": "sent", "note": "writer"}, {})
"""


def test_backup_while_another_process_writes_is_a_consistent_copy(
    store: Followup, tmp_path: Path
) -> None:
    stop = tmp_path / "stop"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(store.db), str(stop)], stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None and writer.stdout.readline() == "writing\n"
    copies = [tmp_path / f"copy-{number}.db" for number in range(3)]
    for copy in copies:
        store.ok("backup", str(copy))
    stop.touch()
    writer.wait(timeout=30)
    assert writer.returncode == 0
    counts = []
    for copy in copies:
        with sqlite3.connect(copy) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            counts.append(db.execute("SELECT COUNT(*) FROM touch WHERE note = 'writer'").fetchone())
        assert store("--db", str(copy), "today", "--count").code == 0
    assert all(count[0] % 2 == 0 for count in counts), counts
    assert counts[-1][0] > 0


# -- doctor ------------------------------------------------------------------


def test_doctor_on_a_healthy_store_prints_nothing_and_succeeds(store: Followup) -> None:
    result = store("doctor")
    assert (result.code, result.out) == (0, "")
    assert result.err == f"No problems found in {store.db}.\n"


BROKEN = (
    "DELETE FROM followup WHERE contact_id = 1 AND status = 'pending'",  # Ann: nothing due
    "INSERT INTO followup (contact_id, kind, step, steps_total, channel, action, scheduled_from, "
    "wait, due, status, created_at) VALUES (3, 'touch', 2, 7, 'email', 'x', '2026-02-20', 3, "
    "'2026-02-25', 'pending', '2026-02-20')",  # Carla is lost
    "INSERT INTO touch (contact_id, happened_on, channel, direction, outcome, check_skipped, "
    "created_at) VALUES (99, '2026-02-20', 'email', 'out', 'sent', 0, '2026-02-20')",  # nobody's
)


def test_doctor_lists_each_problem_on_one_line_and_changes_nothing(store: Followup) -> None:
    tamper(store, *BROKEN)
    before = store.dump()
    result = store("doctor")
    assert result.code == 1
    assert result.out.splitlines() == [
        "broken-reference: touch #7 refers to a contact that does not exist (--fix: delete it)",
        "pending-after-close: #3 Carla Díaz (Initech) is lost but step 2/7 (email) "
        "on Wed 2026-02-25 is still pending (--fix: cancel it)",
        "missing-follow-up: #1 Ann Lee (Acme) is active but has nothing scheduled "
        "(--fix: schedule step 3/7 (call) on Mon 2026-03-02)",
    ]
    assert result.err == f"3 problem(s) in {store.db}.\n"
    assert store.dump() == before


def test_doctor_fix_repairs_says_what_it_did_and_can_be_undone(store: Followup) -> None:
    tamper(store, *BROKEN)
    before = store.dump()
    result = store("doctor", "--fix")
    assert (result.code, result.out) == (0, "")
    assert result.err.splitlines() == [
        "Fixed: touch #7 refers to a contact that does not exist: deleted it.",
        "Fixed: #3 Carla Díaz (Initech) is lost but step 2/7 (email) on Wed 2026-02-25 "
        "is still pending: cancelled it.",
        "Fixed: #1 Ann Lee (Acme) is active but has nothing scheduled: "
        "scheduled step 3/7 (call) on Mon 2026-03-02.",
    ]
    assert store("doctor").code == 0
    assert show(store, "Ann")["next_due"] == "2026-03-02"
    store.ok("undo")
    assert [line for line in store.dump() if "undo_" not in line] == [
        line for line in before if "undo_" not in line
    ]


def test_doctor_json_lists_the_findings_for_scripts(store: Followup) -> None:
    tamper(store, *BROKEN[:1])
    result = store("doctor", "--json")
    assert result.code == 1
    assert json.loads(result.out) == [
        {
            "check": "missing-follow-up",
            "contact_id": 1,
            "message": "#1 Ann Lee (Acme) is active but has nothing scheduled",
            "fix": "schedule step 3/7 (call) on Mon 2026-03-02",
            "fixed": False,
            "advice": False,
        }
    ]
    fixed = store("doctor", "--fix", "--json")
    assert (fixed.code, [finding["fixed"] for finding in json.loads(fixed.out)]) == (0, [True])


def test_doctor_keeps_the_newest_of_two_pending_follow_ups(store: Followup) -> None:
    tamper(
        store,
        "DROP INDEX ux_followup_one_pending",
        "INSERT INTO followup (contact_id, kind, step, steps_total, channel, action, "
        "scheduled_from, wait, due, status, created_at) VALUES (4, 'touch', 2, 7, 'email', 'x', "
        "'2026-02-27', 3, '2026-03-04', 'pending', '2026-02-27')",
    )
    assert store("doctor").out == (
        "pending-key: the index that keeps one pending follow-up per contact is missing "
        "(--fix: keep each contact's newest pending follow-up and rebuild it (cannot be undone))\n"
    )
    assert store("log", "Dan").code == 1, "nothing can be scheduled without it"
    store.ok("doctor", "--fix")
    assert show(store, "Dan")["next_due"] == "2026-03-04"
    assert store("doctor").code == 0
    store.ok("log", "Dan", "-a", "value=x", "-a", "problem=y", "-a", "decider=z")


def test_doctor_reports_shared_emails_but_never_deletes_a_contact(store: Followup) -> None:
    tamper(
        store,
        "DROP INDEX ix_contact_email",
        "CREATE INDEX ix_contact_email ON contact (email)",
        "UPDATE contact SET email = 'ANN@acme.com' WHERE id = 2",
    )
    result = store("doctor", "--fix")
    assert result.code == 1
    assert result.out == (
        "shared-email: contacts #1, #2 share the email ann@acme.com: change or remove it on all "
        "but one (followup edit 2 --email ...)\n"
    )
    assert store.ok("list", "--json").out.count('"id"') == 4
    store.ok("edit", "2", "--email", "bo@globex.com")
    fixed = store("doctor", "--fix")
    assert fixed.code == 0
    assert fixed.err == "Fixed: the email index allows two contacts one email: made it unique.\n"


def test_doctor_rebuilds_an_index_out_of_step_with_its_table(store: Followup) -> None:
    tamper(
        store,
        "PRAGMA writable_schema = ON",
        "UPDATE sqlite_master SET sql = 'CREATE INDEX ix_followup_contact ON followup (due)' "
        "WHERE name = 'ix_followup_contact'",
    )
    result = store("doctor")
    assert result.code == 1
    assert result.out == (
        "integrity: index ix_followup_contact is out of step with its table (10 entries) "
        "(--fix: rebuild it)\n"
    )
    assert store("doctor", "--fix").code == 0
    assert store("doctor").code == 0


def test_doctor_reports_a_killed_backups_temp_file_and_fix_removes_it(
    store: Followup, tmp_path: Path
) -> None:
    with held_at_rename(store, tmp_path / "hooks", "backup") as held:
        held.kill()
    # A kill in the middle of SQLite's copy leaves the copy's rollback journal as well.
    journal = held.temporary.with_name(held.temporary.name + "-journal")
    journal.write_bytes(b"\0" * 512)
    message = f"{held.temporary} was left by a backup or export that did not finish"
    result = store("doctor")
    assert result.code == 1
    assert result.out == f"stale-temp-file: {message} (--fix: remove it)\n"
    assert json.loads(store("doctor", "--json").out) == [
        {
            "check": "stale-temp-file",
            "contact_id": None,
            "message": message,
            "fix": "remove it",
            "fixed": False,
            "advice": False,
        }
    ]
    fixed = store("doctor", "--fix")
    assert (fixed.code, fixed.out, fixed.err) == (0, "", f"Fixed: {message}: removed it.\n")
    assert not held.temporary.exists() and not journal.exists()
    assert store("doctor").code == 0
