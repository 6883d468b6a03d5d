"""Fixtures shared by every test: a temp database and the `followup` command.

CLI tests run the `followup` app in this process through Typer's ``CliRunner``,
with the clock pinned through FOLLOWUP_NOW and a database file in a temp dir:
the same command line, environment, stdin and streams a shell gives it, with
every error turned into one line exactly as the console script does. Where the
process itself matters (limits on it, signals, a terminal, what it imports),
``Followup(..., process=True)`` runs the installed console script instead.
"""

import os
import resource
import sqlite3
import subprocess
import sys
from collections.abc import Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator

    import pexpect
    from typer.testing import Result as InvokeResult

    from followup.storage import Location
    from tests import pgserver

FOLLOWUP = Path(sys.executable).with_name("followup")
PINNED_NOW = "2026-03-02"  # a Monday
# The keys PRODUCT.md promises for `today --json`, then the journey's (stage and
# cadence), in the order `--csv` prints them.
TODAY_COLUMNS = [
    "contact_id",
    "name",
    "company",
    "kind",
    "due",
    "days_overdue",
    "step",
    "steps_total",
    "channel",
    "action",
    "stage",
    "cadence",
    "fallback_from",
    "local_time",
    "in_call_hours",
    "account_id",
    "account",
    "decider_id",
    "decider",
]


@pytest.fixture(scope="session")
def postgres() -> "Iterator[pgserver.PostgresServer]":
    """One throwaway PostgreSQL per test process (tests/pgserver.py), started when first asked."""
    from tests import pgserver

    with pgserver.running() as running:
        yield running


ENGINES = ["sqlite", "postgresql"]


def store_location(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> "Location":
    """The store of a test parametrised over ``ENGINES``: a file in a temp dir, or a team's
    database of its own.

    A test marked ``sqlite_only`` (about the file itself, or who the user is on one
    seller's own store) skips on PostgreSQL, saying why. The team's database is named
    without a role, as a team's `FOLLOWUP_DB` is: a run whose user is ``sam`` or
    ``priya`` connects as that seller (tests/pgserver.py makes the roles), any other as
    the database's owner, who sees everyone's.
    """
    from followup.storage import ServerUrl

    if request.param == "sqlite":
        return tmp_path / "followup.db"
    if marked := request.node.get_closest_marker("sqlite_only"):
        pytest.skip(marked.args[0] if marked.args else "about one seller's own SQLite store")
    from tests import pgserver

    server: pgserver.PostgresServer = request.getfixturevalue("postgres")
    monkeypatch.setenv("PGUSER", pgserver.SUPERUSER)
    return ServerUrl(server.store_url(request.node.nodeid))


def dump(db: "Location", without: tuple[str, ...] = ()) -> list[str]:
    """Every row the store holds, as text, but those of tables named ``without…``."""
    if isinstance(db, Path):
        skip = tuple(f"INSERT INTO {quote}{table}" for table in without for quote in ('"', ""))
        with closing(sqlite3.connect(db)) as connection:
            return rows_of(connection, skip=skip)
    import psycopg

    from tests import pgserver

    with psycopg.connect(db.url, user=pgserver.SUPERUSER) as connection:
        tables = connection.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' ORDER BY 1"
        ).fetchall()
        return [
            f"{table} {row!r}"
            for (table,) in tables
            if not table.startswith(without)
            for row in connection.execute(f"SELECT * FROM {table} ORDER BY 1".encode())
        ]


def pytest_sessionstart(session: pytest.Session) -> None:
    """Compile followup's bytecode first, as pip does for a regular install.

    Tests start the console script hundreds of times. From an editable install
    with PYTHONDONTWRITEBYTECODE set (as on CI machines) nothing would ever be
    cached, and every one of those processes would compile the whole package again.
    """
    import compileall

    import followup

    compileall.compile_dir(Path(followup.__file__).parent, quiet=1)


@dataclass
class Result:
    code: int
    out: str
    err: str


class Followup:
    """Runs `followup` against one temp database: in this process, or as the console script."""

    def __init__(self, home: Path, process: bool = False):
        self.db = home / "followup.db"
        self.config = home / "config.toml"
        self.now = PINNED_NOW
        self.process = process

    def env(self, **extra: str) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith("FOLLOWUP_") and key not in ("NO_COLOR", "COLUMNS")
        }
        env.update(
            FOLLOWUP_DB=str(self.db),
            FOLLOWUP_CONFIG=str(self.config),
            FOLLOWUP_NOW=self.now,
            NO_COLOR="1",
            COLUMNS="200",
        )
        env.update(extra)
        return env

    def __call__(
        self,
        *args: str,
        now: str | None = None,
        stdin: str = "",
        memory: int | None = None,
        **env: str,
    ) -> Result:
        """Run the command; ``memory`` caps its address space (bytes), as a small machine would.

        With ``memory``, or for a ``process`` Followup, it is the installed console
        script in a process of its own.
        """
        return self.execute(args, now=now, stdin=stdin, memory=memory, env=env)

    def execute(
        self,
        args: Sequence[str],
        *,
        now: str | None = None,
        stdin: str = "",
        memory: int | None = None,
        env: Mapping[str, str],
    ) -> Result:
        extra = {"FOLLOWUP_NOW": now} if now else {}
        if memory is None and not self.process:
            return self._in_process(args, stdin, {**extra, **env})

        def cap() -> None:
            if memory is not None:
                resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

        completed = subprocess.run(
            [str(FOLLOWUP), *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=self.env(**extra, **env),
            timeout=60,
            preexec_fn=cap,
        )
        return Result(completed.returncode, completed.stdout, completed.stderr)

    def _in_process(self, args: Sequence[str], stdin: str, extra: dict[str, str]) -> Result:
        result = self._invoke(args, stdin, extra)
        return Result(result.exit_code, result.stdout, result.stderr)

    def _invoke(self, args: Sequence[str], stdin: str, extra: dict[str, str]) -> "InvokeResult":
        from typer.testing import CliRunner

        from followup.cli.app import app

        wanted = self.env(**extra)
        # The environment as a subprocess would get it: ours replaces the caller's.
        gone = {key: None for key in os.environ if key not in wanted}
        runner = CliRunner(env={**gone, **wanted})
        # Not caught: an exception the app lets through is a bug the test must show.
        return runner.invoke(app, list(args), input=stdin, catch_exceptions=False)

    def exact(self, *args: str) -> bytes:
        """Stdout exactly as written, as bytes: CSV's CRLF, a lone CR, any byte-order mark.

        The command must succeed and say nothing on stderr.
        """
        result = self._invoke(args, "", {})
        shown = f"followup {' '.join(args)} exited {result.exit_code}: {result.stderr}"
        assert result.exit_code == 0, shown
        assert result.stderr == "", shown
        return result.stdout_bytes

    def ok(self, *args: str, now: str | None = None, stdin: str = "", **env: str) -> Result:
        """Run and insist on success, showing stderr when it fails."""
        result = self.execute(args, now=now, stdin=stdin, env=env)
        assert result.code == 0, f"followup {' '.join(args)} exited {result.code}: {result.err}"
        return result

    def dump(self) -> list[str]:
        """Every row of the database as SQL, to prove a refused command wrote nothing."""
        if not self.db.exists():
            return []
        # Closed at once: a connection left to the garbage collector keeps the -wal file open.
        with closing(sqlite3.connect(self.db)) as connection:
            return rows_of(connection)


def rows_of(connection: sqlite3.Connection, skip: tuple[str, ...] = ()) -> list[str]:
    """Every row as SQL (but those starting with ``skip``); the search index by its content.

    FTS5's own pages differ after a row is removed and put back; what it holds does not.
    """
    dumped = [
        line
        for line in connection.iterdump()
        if not line.startswith(('INSERT INTO "search_', *skip))
    ]
    try:
        indexed = connection.execute(
            "SELECT rowid, contact_id, body FROM search_index ORDER BY rowid"
        ).fetchall()
    except sqlite3.OperationalError:  # a file from before schema 3, or not a store at all
        indexed = []
    return dumped + [repr(tuple(row)) for row in indexed]


ERROR = "followup: error: "
# Address space for a command that must not read a huge input whole: several times
# what any command needs, far below what reading such an input would take.
MEMORY_LIMIT = 400 * 1024 * 1024


def refused(
    followup: Followup,
    *args: str,
    code: int = 1,
    now: str | None = None,
    memory: int | None = None,
) -> str:
    """Run a command that must be refused cleanly; return its one-line message.

    Refused cleanly: the exit code, one line on stderr and nothing on stdout, no
    traceback, and a database dump identical to the one before. ``memory`` caps
    the command's address space (see ``Followup.__call__``).
    """
    before = followup.dump()
    result = followup(*args, now=now, memory=memory)
    shown = f"followup {' '.join(args)} -> {result}"
    assert result.code == code, shown
    assert result.out == "", shown
    assert "Traceback" not in result.err, shown
    lines = result.err.splitlines()
    assert len(lines) == 1, shown
    assert lines[0].startswith(ERROR), shown
    assert followup.dump() == before, f"{shown} changed the database"
    return lines[0]


def in_terminal(
    followup: Followup, *args: str, columns: int = 200, now: str | None = None
) -> "pexpect.spawn":
    """``followup ARGS`` running in a pseudo-terminal ``columns`` wide, as a person runs it."""
    import pexpect

    extra = {"FOLLOWUP_NOW": now} if now else {}
    return pexpect.spawn(
        str(FOLLOWUP),
        list(args),
        env=followup.env(COLUMNS=str(columns), **extra),
        encoding="utf-8",
        timeout=15,
        dimensions=(50, columns),
    )


@pytest.fixture
def followup(tmp_path: Path) -> Followup:
    return Followup(tmp_path)


# Files to import, written in the layouts other tools export (see tests/fixtures/README.md).
IMPORT_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
