"""Hostile surroundings: broken, foreign, read-only and full files; privacy of what is written.

Each case runs the real `followup` command and insists on the same three things:
one line `followup: error: …` with exit code 1, no traceback, and nothing lost
(the file's earlier content still opens and dumps the same, byte for byte where
nothing should even have been opened for writing).

Read-only cases need a process that file permissions apply to. Root ignores them,
so as root the command runs without the capabilities that let it (it keeps uid 0,
and with it the right to run the project's Python).
"""

import ctypes
import hashlib
import os
import random
import resource
import shutil
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import closing, suppress
from pathlib import Path
from types import MappingProxyType

import pytest

from tests.conftest import ERROR, FOLLOWUP, Followup, Result

PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER = 1, 2, 3
LONG_NOTE = "Notes from a long call. " * 2500  # 60 KB: more than a few WAL frames


def run(
    followup: Followup,
    *args: str,
    preexec: Callable[[], None] | None = None,
    env: Mapping[str, str] = MappingProxyType({}),
) -> Result:
    completed = subprocess.run(
        [str(FOLLOWUP), *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=followup.env(**env),
        preexec_fn=preexec,
        timeout=60,
    )
    return Result(completed.returncode, completed.stdout, completed.stderr)


def one_line_error(result: Result, *args: str) -> str:
    shown = f"followup {' '.join(args)[:80]} -> {result}"
    assert result.code == 1, shown
    assert result.out == "", shown
    assert "Traceback" not in result.err, shown
    lines = result.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith(ERROR), shown
    return lines[0]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def dump(db: Path) -> list[str]:
    with closing(sqlite3.connect(db)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return list(connection.iterdump())


def people_csv(followup: Followup, rows: int) -> Path:
    path = followup.db.parent / f"people-{rows}.csv"
    lines = ["name,company,email,met on,notes"] + [
        f"Person {n},Company {n % 97},p{n}@example.com,2026-02-20,{'met at the booth ' * 10}"
        for n in range(rows)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@pytest.fixture
def pipeline(followup: Followup) -> Followup:
    """Two contacts, one touch: a database closed cleanly, with no -wal or -shm beside it."""
    followup.ok("add", "Ann Lee", "--company", "Acme", "--met", "2026-02-20")
    followup.ok("add", "Bo Chen", "--company", "Beta", "--met", "2026-02-20")
    followup.ok("log", "Ann Lee", "--on", "2026-02-23")
    return followup


# -- files that are not a (healthy) database ------------------------------------------

WRITES = [
    ("add", "Kenji Watanabe"),
    ("log", "1", "--skip-check", "--reason", "r"),
]
READS = [("today",), ("list", "--json"), ("show", "1")]


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(random.Random(1).randbytes(100), id="100-random-bytes"),
        pytest.param(random.Random(2).randbytes(65536), id="64k-random-bytes"),
        pytest.param(b"SQLite format 3\x00" + random.Random(3).randbytes(8000), id="sqlite-header"),
        pytest.param(b"call Ann on Tuesday\n", id="a-note"),
    ],
)
def test_a_file_that_is_not_a_database_is_refused_and_left_as_it_was(
    followup: Followup, content: bytes
) -> None:
    followup.db.write_bytes(content)
    before = sorted(followup.db.parent.iterdir())
    for args in READS + WRITES:
        message = one_line_error(followup(*args), *args)
        assert f"database {followup.db}" in message or f"in {followup.db}" in message
        assert "is not a database" in message or "malformed" in message
    assert followup.db.read_bytes() == content
    assert sorted(followup.db.parent.iterdir()) == before


def test_a_database_with_a_page_overwritten_is_refused_and_left_as_it_was(
    pipeline: Followup,
) -> None:
    with closing(sqlite3.connect(pipeline.db)) as connection:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        [(root,)] = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = 'contact'"
        ).fetchall()
    with pipeline.db.open("r+b") as file:
        file.seek((root - 1) * page_size)
        file.write(random.Random(4).randbytes(page_size))
    before = digest(pipeline.db)
    for args in READS + WRITES:
        message = one_line_error(pipeline(*args), *args)
        assert (
            message == f"{ERROR}database error in {pipeline.db}: database disk image is malformed"
        )
    assert digest(pipeline.db) == before


# -- read-only files and folders --------------------------------------------------------


def _bound_by_permissions() -> None:
    """In the child, before exec: as root, give up overriding file permissions."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


@pytest.fixture
def as_a_user(tmp_path_factory: pytest.TempPathFactory) -> Callable[[], None]:
    """A preexec_fn under which permission bits hold; skips where that cannot be had."""
    probe = tmp_path_factory.mktemp("probe") / "read-only"
    probe.write_text("")
    probe.chmod(0o400)
    try:
        tried = subprocess.run(
            ["sh", "-c", f"echo x >> {probe}"], preexec_fn=_bound_by_permissions, check=False
        )
    except OSError as error:
        pytest.skip(f"cannot drop root's permission override here: {error}")
    finally:
        probe.chmod(0o600)
    if tried.returncode == 0:
        pytest.skip("file permissions do not hold for this user")
    return _bound_by_permissions


def test_a_read_only_database_can_be_read_and_refuses_writes_in_one_line(
    pipeline: Followup, as_a_user: Callable[[], None]
) -> None:
    before = dump(pipeline.db)
    pipeline.db.chmod(0o400)
    for args in READS:
        assert run(pipeline, *args, preexec=as_a_user).code == 0, args
    for args in [*WRITES, ("snooze", "2", "+1w"), ("import", str(people_csv(pipeline, 50)))]:
        message = one_line_error(run(pipeline, *args, preexec=as_a_user), *args)
        assert "readonly database" in message
    pipeline.db.chmod(0o600)
    assert dump(pipeline.db) == before


def test_a_database_in_a_read_only_folder_is_refused_in_one_line(
    pipeline: Followup, as_a_user: Callable[[], None]
) -> None:
    """WAL mode needs -wal and -shm files beside the database, even to read it."""
    before = digest(pipeline.db)
    folder = pipeline.db.parent
    people = people_csv(pipeline, 50)
    folder.chmod(0o500)
    try:
        for args in [*READS, *WRITES, ("import", str(people))]:
            message = one_line_error(run(pipeline, *args, preexec=as_a_user), *args)
            assert f"database {pipeline.db}" in message
            assert "readonly" in message or "unable to open" in message
        assert sorted(path.name for path in folder.iterdir()) == sorted(
            ["followup.db", people.name]
        )
    finally:
        folder.chmod(0o700)
    assert digest(pipeline.db) == before


# -- a full disk ------------------------------------------------------------------------


def _files_at_most(size: int) -> Callable[[], None]:
    def limit() -> None:
        # Past the limit write() fails with EFBIG instead of the process being killed.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


# The -shm index is 32 KiB; with that as the largest any file may grow, the write-ahead
# log holds a handful of pages: less than any of these writes needs.
ANSWERS = ("-a", "value=A pilot", "-a", "problem=late deliveries", "-a", "decider=yes")
FILLING = [
    pytest.param(("add", "Kenji Watanabe", "--note", LONG_NOTE), id="add"),
    pytest.param(("log", "Ann Lee", "--note", LONG_NOTE, *ANSWERS), id="log"),
    pytest.param(("import", "{people}"), id="import"),
]


@pytest.mark.parametrize("args", FILLING)
def test_a_full_disk_refuses_the_write_in_one_line_and_loses_nothing(
    pipeline: Followup, args: tuple[str, ...]
) -> None:
    people = people_csv(pipeline, 3000)
    args = tuple(arg.replace("{people}", str(people)) for arg in args)
    before = dump(pipeline.db)
    message = one_line_error(run(pipeline, *args, preexec=_files_at_most(32768)), *args)
    # Past the size limit a write fails with EFBIG, which SQLite reports as an I/O error.
    assert message == f"{ERROR}database error in {pipeline.db}: disk I/O error"
    assert dump(pipeline.db) == before
    # Room again: the same command goes through.
    assert pipeline(*args).code == 0


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 256 KiB tmpfs, where root may mount one; skipped elsewhere."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k,mode=0700", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mount
    finally:
        # Lazily if something still holds it, so that no mount outlives the test.
        if subprocess.run(["umount", str(mount)], check=False).returncode:
            subprocess.run(["umount", "-l", str(mount)], check=True)


@pytest.mark.parametrize("args", FILLING)
def test_a_really_full_disk_says_so_and_loses_nothing(
    pipeline: Followup, tiny_disk: Path, args: tuple[str, ...]
) -> None:
    people = people_csv(pipeline, 3000)  # on the roomy disk, beside the original
    args = tuple(arg.replace("{people}", str(people)) for arg in args)
    shutil.copy2(pipeline.db, tiny_disk / "followup.db")
    pipeline.db = tiny_disk / "followup.db"
    filler = tiny_disk / "filler"
    filler.write_bytes(b"\0" * (256 * 1024 - pipeline.db.stat().st_size - 48 * 1024))
    before = dump(pipeline.db)
    message = one_line_error(pipeline(*args), *args)
    assert message == f"{ERROR}database error in {pipeline.db}: database or disk is full"
    assert dump(pipeline.db) == before


# -- privacy: who may read what followup writes ------------------------------------------


def _umask(mask: int) -> Callable[[], None]:
    def set_mask() -> None:
        os.umask(mask)

    return set_mask


@pytest.mark.parametrize("mask", [0o022, 0o000], ids=["umask-022", "umask-000"])
def test_a_new_database_its_wal_and_its_folder_are_the_owners_alone(
    followup: Followup, mask: int
) -> None:
    """Whatever the umask: the folder --db names is made 0700, the files in it 0600."""
    followup.db = followup.db.parent / "new" / "followup.db"
    assert run(followup, "add", "Ann Lee", "-q", preexec=_umask(mask)).code == 0
    assert mode(followup.db.parent) == 0o700
    assert mode(followup.db) == 0o600
    # The -wal and -shm exist while a command runs: catch them during a long import.
    people = people_csv(followup, 5000)
    importing = subprocess.Popen(
        [str(FOLLOWUP), "import", str(people)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=followup.env(),
        preexec_fn=_umask(mask),
    )
    seen: dict[str, int] = {}
    while importing.poll() is None and len(seen) < 2:
        for suffix in ("-wal", "-shm"):
            with_suffix = followup.db.with_name(followup.db.name + suffix)
            with suppress(FileNotFoundError):
                seen[suffix] = mode(with_suffix)
        time.sleep(0.001)
    assert importing.wait(timeout=60) == 0
    assert seen == {"-wal": 0o600, "-shm": 0o600}


@pytest.mark.parametrize("mask", [0o022, 0o000], ids=["umask-022", "umask-000"])
def test_every_folder_followup_creates_for_the_database_is_the_owners_alone(
    followup: Followup, mask: int
) -> None:
    followup.db = followup.db.parent / "a" / "b" / "followup.db"
    assert run(followup, "add", "Ann Lee", "-q", preexec=_umask(mask)).code == 0
    made = [followup.db.parent, followup.db.parent.parent]
    assert [oct(mode(folder)) for folder in made] == [oct(0o700)] * 2


@pytest.mark.parametrize("mask", [0o022, 0o000], ids=["umask-022", "umask-000"])
@pytest.mark.parametrize(
    "args",
    [
        ("export", "contacts", "-o"),
        ("export", "touches", "--format", "json", "-o"),
        ("calendar", "-o"),
    ],
)
def test_files_written_with_o_are_the_owners_alone(
    pipeline: Followup, mask: int, args: tuple[str, ...]
) -> None:
    target = pipeline.db.parent / "out"
    target.write_text("an older file anyone could read\n")
    target.chmod(0o644)
    assert run(pipeline, *args, str(target), preexec=_umask(mask)).code == 0
    assert mode(target) == 0o600
    assert "older file" not in target.read_text()


@pytest.mark.parametrize("args", [("export", "contacts", "-o"), ("calendar", "-o")])
def test_o_into_a_missing_folder_is_a_one_line_error(
    pipeline: Followup, args: tuple[str, ...]
) -> None:
    target = pipeline.db.parent / "no" / "such" / "out.csv"
    message = one_line_error(pipeline(*args, str(target)), *args)
    assert message == f"{ERROR}cannot write {target}: No such file or directory"
    assert not (pipeline.db.parent / "no").exists()


# -- privacy: nothing is sent anywhere, nothing is written elsewhere ----------------------

NO_NETWORK = """
import os, sys

def _watch(event, args):
    if event in ("socket.__new__", "socket.connect", "socket.getaddrinfo",
                 "socket.gethostbyname", "subprocess.Popen", "os.system", "os.exec"):
        with open(os.environ["NETWORK_LOG"], "a") as log:
            log.write(f"{event} {args!r}\\n")
        if event.startswith("socket"):
            raise PermissionError(f"followup must not use the network: {event}")

sys.addaudithook(_watch)
"""


def test_no_command_opens_a_socket_or_writes_outside_its_files(
    pipeline: Followup, tmp_path: Path
) -> None:
    """Every command of a day's work, watched by an audit hook that refuses any socket."""
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(NO_NETWORK)
    log = tmp_path / "network.log"
    home = tmp_path / "home"
    home.mkdir()
    watched = {
        "PYTHONPATH": str(hooks),
        "NETWORK_LOG": str(log),
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
    }
    # The hook works: a socket from the same Python is refused and logged.
    probe = subprocess.run(
        [str(FOLLOWUP.with_name("python")), "-c", "import socket; socket.socket()"],
        env={**pipeline.env(**watched)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert probe.returncode != 0 and "must not use the network" in probe.stderr
    log.unlink()
    pipeline.config.write_text('[calendar]\nholidays = "US"\n', encoding="utf-8")
    config = pipeline.config.read_bytes()
    people = people_csv(pipeline, 20)
    out = pipeline.db.parent
    day = [
        (
            "add",
            "Kenji Watanabe",
            "--event",
            "Web Summit",
            "--met",
            "2026-02-27",
            "--tz",
            "Asia/Tokyo",
        ),
        ("log", "Ann Lee", *ANSWERS),
        ("log", "Bo Chen"),
        ("snooze", "kenji", "+1w"),
        ("reply", "Bo Chen"),
        ("today",),
        ("today", "--json"),
        ("today", "--csv"),
        ("upcoming", "--days", "30"),
        ("show", "Ann Lee"),
        ("list", "--csv"),
        ("event", "list"),
        ("cadence", "simulate", "event-warm"),
        ("import", str(people)),
        ("report",),
        ("export", "touches", "-o", str(out / "touches.csv")),
        ("calendar", "-o", str(out / "followups.ics")),
        ("won", "Bo Chen", "--worked", "the pilot"),
    ]
    before = set(out.iterdir())
    for args in day:
        result = run(pipeline, *args, env=watched)
        assert result.code == 0, (args, result)
    assert not log.exists(), log.read_text()
    assert pipeline.config.read_bytes() == config, "the config file was rewritten"
    assert set(out.iterdir()) - before == {out / "touches.csv", out / "followups.ics"}
    assert list(home.iterdir()) == [], "followup wrote outside its database and -o files"
