"""Files followup writes, and the file it keeps, in hostile places: through the real command.

An output file (`export -o`, `calendar -o`, `backup FILE`, an upgrade's backup)
is never one of the database's own files, however it is reached; it is never
written through a symlink, a pipe, a socket or a device; and it is the owner's
alone whatever the umask. A database that is not followup's is refused as it is.
A writer killed half-way leaves a temporary file that the next writer in that
folder removes, while a writer still at work keeps its own.

To catch a writer between its last byte and its rename, a `sitecustomize` module
holds the process at that rename (Python's audit event `os.rename`) until told to
go on, or until the test kills it.
"""

import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from followup.storage.sqlite.connection import APPLICATION_ID
from tests.cli import test_hostile
from tests.cli.test_hostile import mode, one_line_error, run
from tests.conftest import ERROR, FOLLOWUP, Followup, refused

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
WRITER_ARGS = {
    "export-csv": ("export", "contacts", "-o"),
    "export-ndjson": ("export", "touches", "--format", "ndjson", "-o"),
    "calendar": ("calendar", "-o"),
    "backup": ("backup", "--force"),
}
WRITERS = [pytest.param(args, id=name) for name, args in WRITER_ARGS.items()]
NOT_FOLLOWUPS = "not a followup database"
pipeline = test_hostile.pipeline  # two contacts, one touch, closed cleanly: no -wal beside it


def listing(folder: Path) -> dict[str, bytes | str]:
    """Every name in ``folder`` with its content (a link: where it points)."""
    return {
        path.name: os.readlink(path) if path.is_symlink() else path.read_bytes()
        for path in sorted(folder.iterdir())
        if path.is_symlink() or path.is_file()
    }


def unopened_listing(folder: Path) -> dict[str, tuple[int, int, int]]:
    """Every name in ``folder`` with its inode, size and modification time, none opened."""
    return {
        path.name: (found.st_ino, found.st_size, found.st_mtime_ns)
        for path in sorted(folder.iterdir())
        if (found := path.lstat())
    }


def umask(mask: int) -> Callable[[], None]:
    """A preexec_fn that sets the child's umask."""

    def set_umask() -> None:
        os.umask(mask)

    return set_umask


# -- 1. no output file is ever one of the database's own files ---------------------------


def _hard_link(db: Path) -> Path:
    link = db.with_name("hard-link.db")
    os.link(db, link)
    return link


def _symlink(db: Path) -> Path:
    link = db.with_name("link.db")
    link.symlink_to(db)
    return link


def _through_a_linked_folder(db: Path) -> Path:
    alias = db.parent / "alias"
    alias.symlink_to(db.parent, target_is_directory=True)
    return alias / db.name


STORE_TARGETS: dict[str, Callable[[Path], Path]] = {
    "the-database": lambda db: db,
    "its-wal": lambda db: db.with_name(f"{db.name}-wal"),
    "its-shm": lambda db: db.with_name(f"{db.name}-shm"),
    "its-journal": lambda db: db.with_name(f"{db.name}-journal"),
    "a-detour": lambda db: db.parent / "sub" / ".." / db.name,
    "a-symlink-to-it": _symlink,
    "a-hard-link-to-it": _hard_link,
    "through-a-linked-folder": _through_a_linked_folder,
}


@pytest.mark.parametrize("writer", WRITERS)
@pytest.mark.parametrize("target", STORE_TARGETS)
def test_no_output_file_overwrites_the_database_however_it_is_named(
    pipeline: Followup, writer: tuple[str, ...], target: str
) -> None:
    (pipeline.db.parent / "sub").mkdir()
    path = STORE_TARGETS[target](pipeline.db)
    before = listing(pipeline.db.parent)
    message = refused(pipeline, *writer, str(path))
    assert message.startswith(f"{ERROR}cannot write {path}: it is one of the database's own files")
    assert listing(pipeline.db.parent) == before, "something was written"


@pytest.mark.parametrize("writer", WRITERS)
@pytest.mark.parametrize("companion", ["-wal", "-shm"])
def test_no_output_file_overwrites_the_log_of_a_database_in_use(
    pipeline: Followup, writer: tuple[str, ...], companion: str
) -> None:
    """While another connection has the database open, its -wal and -shm exist: by name or link.

    Compared by their metadata only: reading them here would open and close them,
    and closing a file drops this process's SQLite locks on it.
    """
    with closing(sqlite3.connect(pipeline.db)) as reader:
        reader.execute("SELECT COUNT(*) FROM contact").fetchone()
        log = pipeline.db.with_name(pipeline.db.name + companion)
        linked = pipeline.db.with_name(f"linked{companion}")
        os.link(log, linked)
        before = unopened_listing(pipeline.db.parent)
        for path in (log, linked):
            message = refused(pipeline, *writer, str(path))
            assert "it is one of the database's own files" in message
        assert unopened_listing(pipeline.db.parent) == before


@pytest.mark.parametrize("writer", WRITERS)
def test_a_database_reached_through_a_symlink_is_protected_at_its_real_place(
    pipeline: Followup, tmp_path: Path, writer: tuple[str, ...]
) -> None:
    """FOLLOWUP_DB may be a link (dotfiles): SQLite keeps the -wal beside the real file."""
    real = pipeline.db
    pipeline.db = tmp_path / "elsewhere" / "followup.db"
    pipeline.db.parent.mkdir()
    pipeline.db.symlink_to(real)
    before = listing(real.parent)
    for path in (real, real.with_name(f"{real.name}-wal")):
        assert "it is one of the database's own files" in refused(pipeline, *writer, str(path))
    assert listing(real.parent) == before


# -- 2. never through a link, never into a pipe, a socket or a device ---------------------


@pytest.mark.parametrize("writer", WRITERS)
def test_a_symlink_as_the_output_file_is_refused_and_what_it_points_to_is_untouched(
    pipeline: Followup, tmp_path: Path, writer: tuple[str, ...]
) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text("someone's notes\n")
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "planted").symlink_to(precious)
    (folder / "dangling").symlink_to(tmp_path / "nowhere")
    before = listing(folder)
    for name in ("planted", "dangling"):
        message = refused(pipeline, *writer, str(folder / name))
        assert message == (
            f"{ERROR}cannot write {folder / name}: it is a symbolic link "
            "(followup never writes through one: name the file itself)"
        )
    assert listing(folder) == before
    assert precious.read_text() == "someone's notes\n"
    assert not (tmp_path / "nowhere").exists()


@contextmanager
def special_file(kind: str, folder: Path) -> Iterator[Path]:
    if kind == "named-pipe":
        path = folder / "pipe"
        os.mkfifo(path)
        yield path
    elif kind == "socket":
        path = folder / "sock"
        with socket.socket(socket.AF_UNIX) as listener:
            listener.bind(str(path))
            yield path
    else:
        yield Path(kind)


SPECIAL = {
    "named-pipe": "a named pipe, not a regular file",
    "socket": "a socket, not a regular file",
    "/dev/null": "a device, not a regular file",
    "/dev/stdout": "a symbolic link (followup never writes through one: name the file itself)",
}


# The machine's own devices are not tried as a backup: on a build without this check a
# backup run as root would rename a regular file over /dev/null.
SPECIAL_TARGETS = [
    pytest.param(args, kind, id=f"{kind}-{name}")
    for name, args in WRITER_ARGS.items()
    for kind in SPECIAL
    if not (name == "backup" and kind.startswith("/dev/"))
]


@pytest.mark.parametrize(("writer", "kind"), SPECIAL_TARGETS)
def test_a_pipe_a_socket_or_a_device_as_the_output_file_is_refused(
    pipeline: Followup, tmp_path: Path, writer: tuple[str, ...], kind: str
) -> None:
    with special_file(kind, tmp_path) as path:
        before = path.lstat()
        message = refused(pipeline, *writer, str(path))
        assert message == f"{ERROR}cannot write {path}: it is {SPECIAL[kind]}"
        after = path.lstat()
        assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)
    assert not [name for name in os.listdir(tmp_path) if name.endswith(".part")]


def test_a_link_planted_at_the_default_backup_name_is_passed_over(pipeline: Followup) -> None:
    planted = pipeline.db.with_name("followup.db.backup-20260302T183000")
    planted.symlink_to(pipeline.db.parent / "nowhere")
    result = pipeline.ok("backup", now="2026-03-02T18:30")
    assert result.out == f"{planted}-2\n"
    assert planted.is_symlink() and not (pipeline.db.parent / "nowhere").exists()


def test_o_dash_still_writes_to_stdout(pipeline: Followup) -> None:
    assert pipeline.ok("export", "contacts", "-o", "-").out.startswith("id,name,")
    assert pipeline.ok("calendar", "-o", "-").out.startswith("BEGIN:VCALENDAR")


@pytest.mark.parametrize("mask", [0o022, 0o000], ids=["umask-022", "umask-000"])
def test_backups_are_the_owners_alone_whatever_the_umask(
    pipeline: Followup, tmp_path: Path, mask: int
) -> None:
    """`export -o` and `calendar -o` are checked the same way in test_hostile.py."""
    assert run(pipeline, "backup", preexec=umask(mask)).code == 0
    [copy] = pipeline.db.parent.glob("followup.db.backup-*")
    assert mode(copy) == 0o600
    older = tmp_path / "older-copy.db"
    older.write_text("last week's copy, readable by anyone\n")
    older.chmod(0o644)
    assert run(pipeline, "backup", "--force", str(older), preexec=umask(mask)).code == 0
    assert mode(older) == 0o600


@pytest.mark.parametrize("mask", [0o022, 0o000], ids=["umask-022", "umask-000"])
def test_an_upgrades_backup_is_the_owners_alone_whatever_the_umask(
    followup: Followup, mask: int
) -> None:
    shutil.copyfile(FIXTURES / "schema-v1.db", followup.db)
    followup.db.chmod(0o600)
    assert run(followup, "today", "--count", preexec=umask(mask)).code == 0
    [backup] = followup.db.parent.glob("followup.db.v1-backup-*")
    assert mode(backup) == 0o600


# -- 4. someone else's database is refused, untouched -------------------------------------

EVERY_KIND_OF_COMMAND = [
    ("today",),
    ("list", "--json"),
    ("add", "Kenji Watanabe"),
    ("import", "-"),
    ("export", "contacts"),
    ("backup",),
    ("doctor",),
    ("undo",),
]


def foreign_database(path: Path, journal_mode: str) -> None:
    """What another program keeps in SQLite: its own tables, no user_version."""
    with closing(sqlite3.connect(path, isolation_level=None)) as other:
        other.execute(f"PRAGMA journal_mode = {journal_mode}")
        other.execute("CREATE TABLE recipe (id INTEGER PRIMARY KEY, title TEXT)")
        other.execute("INSERT INTO recipe (title) VALUES ('Focaccia')")


@pytest.mark.parametrize("journal_mode", ["delete", "wal"])
def test_another_programs_database_is_refused_and_left_byte_for_byte(
    followup: Followup, journal_mode: str
) -> None:
    foreign_database(followup.db, journal_mode)
    before = listing(followup.db.parent)
    for args in EVERY_KIND_OF_COMMAND:
        message = one_line_error(followup(*args, stdin="name\nAnn Lee\n"))
        assert message == f"{ERROR}cannot open database {followup.db}: {NOT_FOLLOWUPS}", args
    assert listing(followup.db.parent) == before, "written to, or left a -wal, -shm or -journal"


def test_a_sqlite_file_with_no_tables_is_someone_elses_too(followup: Followup) -> None:
    with closing(sqlite3.connect(followup.db)) as other:
        other.execute("CREATE TABLE scratch (x)")
        other.execute("DROP TABLE scratch")
    before = listing(followup.db.parent)
    assert NOT_FOLLOWUPS in refused(followup, "add", "Ann Lee")
    assert listing(followup.db.parent) == before


def test_an_empty_file_becomes_the_store_and_is_made_private(followup: Followup) -> None:
    followup.db.touch()
    followup.db.chmod(0o644)
    assert run(followup, "add", "Ann Lee", "-q", preexec=umask(0o022)).out == "1\n"
    assert mode(followup.db) == 0o600
    assert followup.ok("today", "--count").out == "0\n"


def test_parallel_first_use_of_an_empty_file_keeps_every_add(followup: Followup) -> None:
    """A file that another followup has just begun to fill is never taken for a foreign one."""
    followup.db.touch()
    started = [
        subprocess.Popen(
            [str(FOLLOWUP), "add", f"Q{n}", "-q"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=followup.env(),
        )
        for n in range(8)
    ]
    results = [(*process.communicate(timeout=60), process.returncode) for process in started]
    assert [code for _, _, code in results] == [0] * 8, results
    assert sorted(int(out) for out, _, _ in results) == list(range(1, 9))


def test_a_database_whose_creation_was_killed_is_finished_by_the_next_command(
    followup: Followup,
) -> None:
    """Killed after its first write and before the schema's commit: marked, in WAL, no tables."""
    followup.db.touch(mode=0o600)
    with closing(sqlite3.connect(followup.db, isolation_level=None)) as begun:
        begun.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        begun.execute("PRAGMA journal_mode = WAL")
    assert followup.ok("add", "Ann Lee", "-q").out == "1\n"


# -- 7. temporary files of killed writers do not pile up ----------------------------------

HOLD_AT_RENAME = """
import os, sys, time
from pathlib import Path

def _hold(event, args):
    if event == "os.rename" and str(args[0]).endswith(".part"):
        Path(os.environ["HELD_AT"]).write_text(os.fspath(args[0]))
        while not Path(os.environ["GO_ON"]).exists():
            time.sleep(0.01)

sys.addaudithook(_hold)
"""


@dataclass
class Held:
    """A `followup` process stopped just before it renames its temporary file into place."""

    process: subprocess.Popen[bytes]
    temporary: Path
    go_on: Path

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        assert self.process.wait(timeout=30) == -signal.SIGKILL

    def release(self) -> int:
        self.go_on.touch()
        return self.process.wait(timeout=30)


@contextmanager
def held_at_rename(followup: Followup, hooks: Path, *args: str) -> Iterator[Held]:
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(HOLD_AT_RENAME)
    held_at, go_on = hooks / "held-at", hooks / "go-on"
    process = subprocess.Popen(
        [str(FOLLOWUP), *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=followup.env(PYTHONPATH=str(hooks), HELD_AT=str(held_at), GO_ON=str(go_on)),
    )
    try:
        deadline = time.monotonic() + 30
        while not held_at.exists() or not held_at.read_text():
            assert process.poll() is None, f"followup {args} ended before its rename"
            assert time.monotonic() < deadline, f"followup {args} never reached its rename"
            time.sleep(0.01)
        yield Held(process, Path(held_at.read_text()), go_on)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)


def hidden(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.startswith("."))


def test_a_killed_backups_temp_file_is_removed_by_the_next_backup(
    pipeline: Followup, tmp_path: Path
) -> None:
    with held_at_rename(pipeline, tmp_path / "hooks", "backup") as held:
        held.kill()
    assert hidden(pipeline.db.parent) == [held.temporary.name]
    # A kill in the middle of SQLite's copy leaves the copy's rollback journal as well.
    journal = held.temporary.with_name(held.temporary.name + "-journal")
    journal.write_bytes(b"\0" * 512)
    pipeline.ok("backup", now="2026-03-02T10:00")
    assert hidden(pipeline.db.parent) == []
    assert [path.name for path in pipeline.db.parent.glob("followup.db.backup-*")] == [
        "followup.db.backup-20260302T100000"
    ]


def test_a_killed_exports_temp_file_is_removed_by_the_next_file_written_there(
    pipeline: Followup, tmp_path: Path
) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    contacts = reports / "contacts.csv"
    with held_at_rename(pipeline, tmp_path / "hooks", "export", "contacts", "-o", str(contacts)):
        pass  # killed on the way out
    assert len(hidden(reports)) == 1 and not contacts.exists()
    pipeline.ok("calendar", "-o", str(reports / "followups.ics"))
    assert hidden(reports) == []
    assert sorted(os.listdir(reports)) == ["followups.ics"]


def test_an_upgrade_killed_before_its_backup_is_in_place_leaves_nothing_behind_next_time(
    followup: Followup, tmp_path: Path
) -> None:
    shutil.copyfile(FIXTURES / "schema-v1.db", followup.db)
    with held_at_rename(followup, tmp_path / "hooks", "today", "--count") as held:
        held.kill()
    assert hidden(followup.db.parent) == [held.temporary.name]
    followup.ok("today", "--count")
    assert hidden(followup.db.parent) == []
    assert len(list(followup.db.parent.glob("followup.db.v1-backup-*"))) == 1


def test_the_temp_file_of_a_writer_still_at_work_is_left_alone(
    pipeline: Followup, tmp_path: Path
) -> None:
    folder = pipeline.db.parent
    contacts = folder / "contacts.csv"
    export = ("export", "contacts", "-o", str(contacts))
    with held_at_rename(pipeline, tmp_path / "hooks", *export) as working:
        with held_at_rename(pipeline, tmp_path / "hooks-2", *export) as killed:
            killed.kill()
        assert hidden(folder) == sorted([working.temporary.name, killed.temporary.name])
        # A backup, another export and doctor beside it: they take only the killed one's.
        pipeline.ok("backup")
        pipeline.ok("export", "touches", "-o", str(folder / "touches.csv"))
        assert hidden(folder) == [working.temporary.name]
        assert pipeline.ok("doctor").out == ""
        assert working.release() == 0
    assert hidden(folder) == []
    pipeline.ok("export", "contacts", "-o", str(tmp_path / "again.csv"))
    assert contacts.read_bytes() == (tmp_path / "again.csv").read_bytes()
