"""Time followup's commands as a user runs them, as ratios to baselines.

    python benchmarks/run.py                        # the whole table, 15 runs each
    python benchmarks/run.py --only import,export --runs 5

Every command runs in a cold process, exactly as a shell alias would start it.
Runs are interleaved (one of each command per round, after a warm-up round) so
that machine noise hits every command alike; the table shows the median wall
time, the peak resident memory, and the ratio to the baseline measured in the
same run: `python -c pass` for every everyday command (with Taskwarrior's
`task next` over as many items beside them, for comparison, when the `task`
command is installed); `followup today` on the everyday store for the same
command on a store ten times larger; and the plain `sqlite3`
+ `csv` scripts in ``plain.py`` for import and export. Only the data the chosen
rows need is built.

The ``team`` rows run on a throwaway PostgreSQL cluster (Debian's, as the tests
start it: tests/pgserver.py): `today` for one seller of 20 on a database of their
10,000-contact stores each, against `today` on the one 10,000-contact file; and
`import` of the badge scans into an empty team's database, against a plain psycopg
`COPY` script (``plain.py copy``).

The ``bounded`` rows are about memory, not time: a 200 MB badge-scan file
imported and dry-run, and a vCard with a 50 MB photo next to one with a small
photo. Each runs once (a million rows take a minute or more), for its peak RSS.
They are left out unless asked for: ``--only bounded``.
"""

import argparse
import compileall
import csv
import importlib.util
import os
import shlex
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack, closing
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parent))  # tests/pgserver.py starts the team rows' PostgreSQL

from generate import PINNED_DAY, badge_scans, generate, inbox_mbox, photo_vcard  # noqa: E402

FOLLOWUP = str(Path(sys.executable).with_name("followup"))
PLAIN = [sys.executable, str(HERE / "plain.py")]
GROUPS = {
    "core": "--help, completion, today, show and log on the everyday store",
    "scale": "today on the large store",
    "import": "import of the badge-scan CSV",
    "export": "export of the large store's contacts to CSV",
    "bounded": "peak memory of a 200 MB CSV import and dry run, and of a vCard's 50 MB photo",
    "journey": "pipeline, search and forecast on the everyday and the large store",
    "accounts": "account list, account show and add (with its lessons) on both stores",
    "inbox": "inbox sync of a 10,000-message mbox into the everyday store",
    "team": "today and import on a team's PostgreSQL database (a throwaway cluster)",
}
DEFAULT_GROUPS = ("core", "scale", "import", "export")


@dataclass(eq=False)
class Case:
    """One command to time; ``prepare`` runs untimed before each run (e.g. a fresh copy).

    ``size``, when given, counts what the command produced (contacts written, rows
    exported); it must match its baseline's, or the two did not do the same work.
    A case run ``once`` is not timed in rounds: its one run, for its peak memory,
    gives its time too. ``rss_growth_mib`` is a target of peak memory against the
    baseline's: no more than that much above it.
    """

    label: str
    argv: list[str]
    data: str = ""
    baseline: "Case | None" = None
    target: float | None = None
    rss_target_mib: int | None = None
    rss_growth_mib: int | None = None
    once: bool = False
    env: dict[str, str] = field(default_factory=dict)
    prepare: Callable[[], None] | None = None
    size: Callable[[], int] | None = None
    seconds: list[float] = field(default_factory=list)
    peak_kib: int | None = None

    @property
    def full_env(self) -> dict[str, str]:
        return {**os.environ, **self.env}

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    def described(self) -> str:
        return f"{self.label} ({self.data})" if self.data else self.label


def compile_followup() -> None:
    """Compile followup's bytecode, as installing a package does.

    An editable install leaves that to the first run, which never happens where
    PYTHONDONTWRITEBYTECODE is set (some CI machines set it): every run would then
    compile followup from source again, and the table would time the compiler.
    """
    spec = importlib.util.find_spec("followup")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("followup is not installed in this Python: pip install -e .")
    for folder in spec.submodule_search_locations:
        compileall.compile_dir(folder, quiet=1)


def timed_run(case: Case) -> None:
    if case.prepare:
        case.prepare()
    start = time.perf_counter()
    completed = subprocess.run(
        case.argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=case.full_env
    )
    case.seconds.append(time.perf_counter() - start)
    if completed.returncode != 0:
        raise SystemExit(
            f"{case.label} exited {completed.returncode}: {' '.join(case.argv)}\n"
            + completed.stderr.decode(errors="replace")
        )


def measure_peak_rss(case: Case) -> None:
    """Peak RSS from GNU time, in a run of its own.

    A child's own ``ru_maxrss`` would count the memory of the process that
    forked it (Linux keeps the pre-exec high-water mark), so a small separate
    process must do the forking.
    """
    gnu_time = shutil.which("time") or "/usr/bin/time"
    if not Path(gnu_time).exists():
        return
    if case.prepare:
        case.prepare()
    start = time.perf_counter()
    completed = subprocess.run(
        [gnu_time, "-f", "%M", *case.argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=case.full_env,
    )
    if case.once:
        case.seconds.append(time.perf_counter() - start)
    if completed.returncode != 0:
        raise SystemExit(f"{case.label} exited {completed.returncode}:\n{completed.stderr}")
    case.peak_kib = int(completed.stderr.strip().splitlines()[-1])


def check_same_work(cases: list[Case]) -> None:
    """Refuse a ratio between a command and a baseline that produced different amounts."""
    for case in cases:
        if case.size and case.baseline and case.baseline.size and case.baseline in cases:
            ours, theirs = case.size(), case.baseline.size()
            if ours != theirs:
                raise SystemExit(
                    f"{case.label} produced {ours} rows but {case.baseline.label} {theirs}: "
                    "the ratio would compare different work"
                )


def _sql(db: Path, statement: str, *parameters: object) -> list[tuple[Any, ...]]:
    """One statement's rows, on a connection closed at once: no write-ahead log stays behind."""
    with closing(sqlite3.connect(db)) as connection, connection:
        return connection.execute(statement, parameters).fetchall()


def _fresh_copy(source: Path, target: Path) -> None:
    """``source`` copied over ``target``, with no journal of the old ``target`` left to replay."""
    for suffix in ("-wal", "-shm"):
        target.with_name(target.name + suffix).unlink(missing_ok=True)
    shutil.copyfile(source, target)


def _count(number: int) -> str:
    return f"{number:,}"


class Workspace:
    """The data the benchmarks run on, each piece built the first time a case needs it."""

    def __init__(self, folder: Path, arguments: argparse.Namespace, stack: ExitStack):
        self.folder = folder
        self.stack = stack  # what stays up while the rows are timed (a PostgreSQL cluster)
        self.contacts = arguments.contacts
        self.large = arguments.large
        self.rows = arguments.rows
        self.bounded_rows = arguments.bounded_rows
        self.photo_mib = arguments.photo_mib
        self.messages = arguments.messages
        self.seed = arguments.seed

    def env(self, db: Path) -> dict[str, str]:
        return {
            "FOLLOWUP_DB": str(db),
            "FOLLOWUP_NOW": PINNED_DAY.isoformat(),
            "FOLLOWUP_CONFIG": str(self.folder / "none.toml"),
            "NO_COLOR": "1",
        }

    def _generated(self, contacts: int, name: str) -> Path:
        path = self.folder / name
        started = time.perf_counter()
        generate(path, contacts, self.seed)
        _note(f"generated {_count(contacts)} contacts in {time.perf_counter() - started:.0f} s")
        return path

    @cached_property
    def store(self) -> Path:
        return self._generated(self.contacts, "store.db")

    @cached_property
    def large_store(self) -> Path:
        return self._generated(self.large, "large.db")

    @cached_property
    def empty_store(self) -> Path:
        """A store as followup creates it on first use, with nothing in it."""
        path = self.folder / "empty.db"
        subprocess.run(
            [FOLLOWUP, "today", "--count"],
            env={**os.environ, **self.env(path)},
            check=True,
            capture_output=True,
        )
        return path

    @cached_property
    def unjournaled_empty_store(self) -> Path:
        """The empty store without the undo journal's triggers: followup's feature, not SQL's."""
        path = self.folder / "unjournaled.db"
        shutil.copyfile(self.empty_store, path)
        for (trigger,) in _sql(path, "SELECT name FROM sqlite_master WHERE type = 'trigger'"):
            _sql(path, f"DROP TRIGGER {trigger}")
        return path

    @cached_property
    def scans(self) -> Path:
        path = self.folder / "scans.csv"
        badge_scans(path, self.rows, self.seed)
        return path

    @cached_property
    def big_scans(self) -> Path:
        """The scans of a season of trade shows, with the reps' remarks: about 200 MB."""
        path = self.folder / "big-scans.csv"
        started = time.perf_counter()
        badge_scans(path, self.bounded_rows, self.seed, long_notes=True)
        _note(
            f"generated {_count(self.bounded_rows)} scans in {time.perf_counter() - started:.0f} s"
        )
        return path

    @cached_property
    def week_of_mail(self) -> Path:
        """A week of a seller's mail, as an mbox file; some of it from the everyday store."""
        path = self.folder / "week.mbox"
        started = time.perf_counter()
        inbox_mbox(path, self.messages, self.store, self.seed)
        _note(
            f"generated {_count(self.messages)} messages in {time.perf_counter() - started:.0f} s"
        )
        return path

    def photo_card(self, photo_bytes: int) -> Path:
        path = self.folder / f"photo-{photo_bytes}.vcf"
        if not path.exists():
            photo_vcard(path, photo_bytes, self.seed)
        return path

    @cached_property
    def team(self) -> "Team":
        return Team(self)

    @cached_property
    def python(self) -> Case:
        return Case("python -c pass", [sys.executable, "-c", "pass"])

    @cached_property
    def task(self) -> Case | None:
        """`task next` over as many pending tasks as the store has contacts, if installed."""
        task = shutil.which("task")
        if task is None:
            _note("`task` not installed: ratios to it are left out")
            return None
        data = self.folder / "task"
        rc = self.folder / "taskrc"
        rc.write_text(f"data.location={data}\nconfirmation=off\nverbose=nothing\n")
        env = {"TASKRC": str(rc)}
        lines = "".join(
            f'{{"description":"follow up {n}","status":"pending","entry":"20260101T000000Z",'
            f'"uuid":"{n:08x}-0000-4000-8000-000000000000","due":"20260302T000000Z"}}\n'
            for n in range(self.contacts)
        )
        (self.folder / "tasks.json").write_text(lines)
        subprocess.run(
            [task, "import", str(self.folder / "tasks.json")],
            env={**os.environ, **env},
            check=True,
            capture_output=True,
        )
        return Case(
            "task next limit:50",
            [task, "next", "limit:50"],
            data=f"{_count(self.contacts)} tasks",
            baseline=self.python,
            env=env,
        )

    @cached_property
    def today(self) -> Case:
        return Case(
            "followup today",
            [FOLLOWUP, "today"],
            data=_due_data(self.store, self.contacts),
            baseline=self.python,
            target=6,
            env=self.env(self.store),
        )


SELLERS = 20  # in the team's database, each with a copy of the everyday store


class Team:
    """A throwaway PostgreSQL cluster, and the team's databases the ``team`` rows use."""

    def __init__(self, ws: Workspace):
        from tests import pgserver

        if pgserver.binaries() is None:
            raise SystemExit("the team rows need PostgreSQL: apt-get install postgresql")
        self.ws = ws
        self.server = ws.stack.enter_context(pgserver.running())
        self.owner = pgserver.SUPERUSER

    def url(self, database: str, user: str | None = None) -> str:
        return self.server.url(database, user or self.owner)

    def admin(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as db:
            db.execute(statement.encode())

    def env(self, database: str, user: str | None = None) -> dict[str, str]:
        """A command's environment on ``database``, as ``user`` (a seller's FOLLOWUP_USER)
        or else as the database's owner."""
        url = self.server.url(database, None)
        return {
            **self.ws.env(self.ws.empty_store),
            "FOLLOWUP_DB": url,
            "FOLLOWUP_USER": user or self.owner,
        }

    @cached_property
    def template(self) -> str:
        """An empty team's database as followup makes it on first use, and its sellers."""
        self.server.new_database("bench template", store=True)
        name = "followup_template"  # tests/pgserver.py's, with the roles it makes
        for number in range(1, SELLERS + 1):
            self.admin(f"CREATE ROLE seller{number:02d} LOGIN IN ROLE followup_seller")
        return name

    @cached_property
    def unjournaled_template(self) -> str:
        """The empty database without the undo journal's triggers, for the plain script."""
        import psycopg

        self.admin(f'CREATE DATABASE unjournaled TEMPLATE "{self.template}"')
        with psycopg.connect(self.url("unjournaled"), autocommit=True) as db:
            for (table,) in db.execute(
                "SELECT event_object_table FROM information_schema.triggers "
                "WHERE trigger_name LIKE 'undo_%' GROUP BY 1"
            ).fetchall():
                db.execute(f"DROP TRIGGER undo_{table} ON {table}".encode())
        return "unjournaled"

    def fresh(self, database: str, template: str) -> Callable[[], None]:
        def made() -> None:
            self.admin(f'DROP DATABASE IF EXISTS "{database}"')
            self.admin(f'CREATE DATABASE "{database}" TEMPLATE "{template}"')

        return made

    @cached_property
    def store(self) -> str:
        """Twenty sellers' copies of the everyday store in one database: ``team``."""
        return self._filled("team", SELLERS)

    @cached_property
    def shared_store(self) -> str:
        """The everyday store itself, its contacts dealt out among twenty sellers."""
        return self._filled("shared", 1)

    def _filled(self, database: str, copies: int) -> str:
        started = time.perf_counter()
        self.fresh(database, self.template)()
        _fill_team(self.url(database), self.ws.store, copies)
        _note(f"built the team's database {database} in {time.perf_counter() - started:.0f} s")
        return database


def _fill_team(url: str, store: Path, copies: int) -> None:
    """``store``'s contacts and all that hangs off them, ``copies`` times, with COPY.

    Events and accounts are the team's, once; each copy of a contact has ids of its
    own and an email of its own (the team's emails are unique), and is one seller's.
    One copy is dealt out among the ``SELLERS`` by contact id.
    """
    import psycopg

    with closing(sqlite3.connect(store)) as source, psycopg.connect(url) as db:

        def columns(table: str) -> list[str]:
            found = db.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
                "AND is_generated = 'NEVER' ORDER BY ordinal_position",
                (table,),
            ).fetchall()
            return [name for (name,) in found]

        def rows(table: str, names: list[str]) -> list[tuple[Any, ...]]:
            return source.execute(f"SELECT {', '.join(names)} FROM {table} ORDER BY 1").fetchall()

        def copy(table: str, names: list[str], data: Any) -> None:
            with db.cursor().copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as sink:
                for row in data:
                    sink.write_row(row)

        for table in ("event", "account", "account_key"):
            names = columns(table)
            copy(table, names, rows(table, names))
        spans = {
            table: source.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]
            for table in ("contact", "touch", "answer", "followup", "reminder")
        }
        for table in ("contact", "touch", "answer", "followup", "reminder"):
            names = columns(table)
            copy(table, names, _copies(table, names, rows(table, names), copies, spans))
        for table, span in spans.items():
            db.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), %s)",
                (span * copies or 1,),
            )
    with psycopg.connect(url, autocommit=True) as db:
        db.execute("ANALYZE")


def _copies(
    table: str, names: list[str], data: list[tuple[Any, ...]], copies: int, spans: dict[str, int]
) -> Any:
    """``copies`` of ``table``'s rows: ids moved past the copies before, each copy of the
    contacts a seller's (one copy: dealt out), each email the copy's own."""
    at = {name: index for index, name in enumerate(names)}
    # Which table each id column counts in.
    kinds = {"id": table, "contact_id": "contact", "touch_id": "touch", "decider_id": "contact"}
    for seller in range(copies):
        for row in data:
            values = list(row)
            for name, kind in kinds.items():
                if name in at and values[at[name]] is not None:
                    values[at[name]] += seller * spans[kind]
            if table == "contact":
                owner = seller if copies > 1 else values[at["id"]] % SELLERS
                values[at["owner"]] = f"seller{owner + 1:02d}"
                if values[at["email"]]:
                    local, _, domain = values[at["email"]].partition("@")
                    values[at["email"]] = f"{local}.{seller}@{domain}"
            yield values


def _due_data(store: Path, contacts: int) -> str:
    """The store's size and how many follow-ups `today` lists in it."""
    [(due,)] = _sql(
        store,
        "SELECT COUNT(*) FROM followup WHERE status = 'pending' AND due <= ?",
        PINNED_DAY.isoformat(),
    )
    return f"{_count(contacts)} contacts, {_count(due)} due"


def core_cases(ws: Workspace) -> list[Case]:
    env = ws.env(ws.store)
    scratch = ws.folder / "scratch.db"

    def fresh_copy() -> None:
        _fresh_copy(ws.store, scratch)

    # Named as a user would: by name, which makes the store scan every name.
    [(someone,)] = _sql(
        ws.store, "SELECT name FROM contact WHERE status = 'active' ORDER BY id LIMIT 1"
    )
    data = f"{_count(ws.contacts)} contacts"
    # What bash asks for when Tab is pressed after `followup show Ann`.
    completion = {
        "_FOLLOWUP_COMPLETE": "complete_bash",
        "COMP_WORDS": f"followup show {someone.split()[0]}",
        "COMP_CWORD": "2",
    }
    return [
        ws.python,
        # The floor under every command: the CLI framework's own import, with the
        # collector off as the console script runs it.
        Case(
            "python -c 'import typer'",
            [sys.executable, "-c", "import gc; gc.disable(); import typer"],
            baseline=ws.python,
        ),
        *([ws.task] if ws.task else []),
        Case("followup --help", [FOLLOWUP, "--help"], data, ws.python, 12, env=env),
        Case(
            "followup show NAME<Tab>",
            [FOLLOWUP],
            data,
            ws.python,
            15,
            env={**env, **completion},
        ),
        ws.today,
        Case("followup today --count", [FOLLOWUP, "today", "--count"], data, ws.python, 5, env=env),
        Case("followup today --json", [FOLLOWUP, "today", "--json"], data, ws.python, env=env),
        Case("followup show CONTACT", [FOLLOWUP, "show", someone], data, ws.python, env=env),
        Case(
            "followup log CONTACT",
            [FOLLOWUP, "log", someone, "--skip-check", "--reason", "benchmark"],
            data,
            ws.python,
            env={**env, "FOLLOWUP_DB": str(scratch)},
            prepare=fresh_copy,
        ),
    ]


def scale_cases(ws: Workspace) -> list[Case]:
    return [
        ws.today,
        Case(
            "followup today",
            [FOLLOWUP, "today"],
            data=_due_data(ws.large_store, ws.large),
            baseline=ws.today,
            target=1.2,
            env=ws.env(ws.large_store),
        ),
    ]


def import_cases(ws: Workspace) -> list[Case]:
    """Both sides start from a copy of the same empty store, so SQLite does the same work.

    The baseline's copy has no undo-journal triggers: what the journal costs is part
    of what followup does.
    """
    ours, theirs = ws.folder / "imported.db", ws.folder / "inserted.db"

    def contacts_in(db: Path) -> Callable[[], int]:
        def count() -> int:
            [(contacts,)] = _sql(
                db,
                "SELECT COUNT(*) FROM contact JOIN followup f ON f.contact_id = contact.id "
                "WHERE f.status = 'pending'",
            )
            return contacts

        return count

    def fresh(db: Path, empty: Path) -> Callable[[], None]:
        return lambda: _fresh_copy(empty, db)

    data = f"{_count(ws.rows)}-row CSV"
    plain = Case(
        "plain sqlite3 + csv: insert",
        [*PLAIN, "insert", str(ws.scans), str(theirs)],
        data=data,
        prepare=fresh(theirs, ws.unjournaled_empty_store),
        size=contacts_in(theirs),
    )
    followup = Case(
        "followup import FILE",
        [FOLLOWUP, "import", str(ws.scans)],
        data=data,
        baseline=plain,
        target=3,
        env=ws.env(ours),
        prepare=fresh(ours, ws.empty_store),
        size=contacts_in(ours),
    )
    return [ws.python, plain, followup]


def export_cases(ws: Workspace) -> list[Case]:
    ours, theirs = ws.folder / "exported.csv", ws.folder / "plain-export.csv"

    def records_in(path: Path) -> Callable[[], int]:
        def count() -> int:
            with path.open(newline="", encoding="utf-8") as stream:
                return sum(1 for _ in csv.reader(stream)) - 1

        return count

    data = f"{_count(ws.large)} contacts"
    plain = Case(
        "plain sqlite3 + csv: export",
        [*PLAIN, "export", str(ws.large_store), str(theirs)],
        data=data,
        size=records_in(theirs),
    )
    followup = Case(
        "followup export contacts --format csv -o FILE",
        [FOLLOWUP, "export", "contacts", "--format", "csv", "-o", str(ours)],
        data=data,
        baseline=plain,
        target=1.5,
        rss_target_mib=100,
        env=ws.env(ws.large_store),
        size=records_in(ours),
    )
    return [ws.python, plain, followup]


def bounded_cases(ws: Workspace) -> list[Case]:
    """Peak memory of what a file's size must not drive: a streamed import, a skipped photo."""
    imported = ws.folder / "bounded.db"

    def fresh() -> None:
        _fresh_copy(ws.empty_store, imported)

    env = ws.env(imported)
    scans = ws.big_scans
    data = f"{scans.stat().st_size / 2**20:,.0f} MiB, {_count(ws.bounded_rows)}-row CSV"
    small = ws.photo_card(50 * 1024)
    big = ws.photo_card(ws.photo_mib * 2**20)
    small_photo = Case(
        "followup import CARD", [FOLLOWUP, "import", str(small)], "vCard, 50 KiB photo",
        env=env, prepare=fresh, once=True,
    )  # fmt: skip
    return [
        Case(
            "followup import FILE", [FOLLOWUP, "import", str(scans)], data,
            rss_target_mib=150, env=env, prepare=fresh, once=True,
        ),
        Case(
            "followup import FILE --dry-run", [FOLLOWUP, "import", str(scans), "--dry-run"], data,
            rss_target_mib=150, env=env, prepare=fresh, once=True,
        ),
        small_photo,
        Case(
            "followup import CARD", [FOLLOWUP, "import", str(big)],
            f"vCard, {ws.photo_mib} MiB photo", small_photo, rss_growth_mib=10,
            env=env, prepare=fresh, once=True,
        ),
    ]  # fmt: skip


def journey_cases(ws: Workspace) -> list[Case]:
    """The journey's read-only views, each against the floor (python -c pass)."""
    cases = [ws.python]
    for store, contacts in ((ws.store, ws.contacts), (ws.large_store, ws.large)):
        data, env = f"{_count(contacts)} contacts", ws.env(store)
        cases += [
            Case(
                "followup pipeline --json",
                [FOLLOWUP, "pipeline", "--json"],
                data,
                ws.python,
                env=env,
            ),
            Case(
                "followup search Becker", [FOLLOWUP, "search", "Becker"], data, ws.python, env=env
            ),
            # One person by their address's start: what a seller types most.
            Case(
                "followup search person4242",
                [FOLLOWUP, "search", "person4242"],
                data,
                ws.python,
                env=env,
            ),
            Case("followup forecast", [FOLLOWUP, "forecast"], data, ws.python, env=env),
        ]
    return cases


def accounts_cases(ws: Workspace) -> list[Case]:
    """Accounts' views, and `add` with the look-up of the lessons that come back."""
    cases = [ws.python]
    for store, contacts in ((ws.store, ws.contacts), (ws.large_store, ws.large)):
        data, env = f"{_count(contacts)} contacts", ws.env(store)
        scratch = ws.folder / f"accounts-{contacts}.db"

        def fresh_copy(source: Path = store, target: Path = scratch) -> None:
            _fresh_copy(source, target)

        # Someone new where an earlier deal left a lesson: at its account, with its title,
        # from its event; the newest such deal, as a seller meets people now.
        [(company, title, event)] = _sql(
            store,
            "SELECT c.company, c.title, e.name FROM contact c JOIN event e ON e.id = c.event_id "
            "WHERE c.lesson IS NOT NULL AND c.title IS NOT NULL ORDER BY c.id DESC LIMIT 1",
        )
        add = [FOLLOWUP, "add", "New Person", "--company", company, "--title", title,
               "--event", event]  # fmt: skip
        cases += [
            Case("followup account list", [FOLLOWUP, "account", "list"], data, ws.python, env=env),
            Case(
                "followup account show ACCOUNT",
                [FOLLOWUP, "account", "show", company],
                data,
                ws.python,
                env=env,
            ),
            Case(
                "followup add (lessons)",
                add,
                data,
                ws.python,
                env={**env, "FOLLOWUP_DB": str(scratch)},
                prepare=fresh_copy,
            ),
        ]
    return cases


def inbox_cases(ws: Workspace) -> list[Case]:
    """A sync reads every message's headers and the whole of the few that concern a contact.

    Each run syncs into a fresh copy of the store: a second sync would read nothing.
    """
    mbox, synced, counted = ws.week_of_mail, ws.folder / "synced.db", ws.folder / "headers.txt"

    def fresh() -> None:
        _fresh_copy(ws.store, synced)

    data = f"{mbox.stat().st_size / 2**20:,.0f} MiB, {_count(ws.messages)}-message mbox"
    plain = Case(
        "plain mailbox + email: headers",
        [*PLAIN, "headers", str(mbox), str(counted)],
        data=data,
    )
    followup = Case(
        "followup inbox sync --mbox FILE",
        [FOLLOWUP, "inbox", "sync", "--mbox", str(mbox)],
        data=data,
        baseline=plain,
        target=3,
        rss_target_mib=150,
        env=ws.env(synced),
        prepare=fresh,
    )
    return [ws.python, plain, followup]


def team_cases(ws: Workspace) -> list[Case]:
    """`today` for one seller of twenty, and an import, on a team's database."""
    team = ws.team
    seller = f"seller{SELLERS // 2:02d}"
    todays = [
        Case(
            "followup today (team's database)",
            [FOLLOWUP, "today"],
            data=f"{data}; one seller's",
            baseline=ws.today,
            target=2,
            env=team.env(database, seller),
        )
        for database, data in (
            (team.store, f"{SELLERS} sellers x {_count(ws.contacts)} contacts"),
            (
                team.shared_store,
                f"{_count(ws.contacts)} contacts dealt out among {SELLERS} sellers",
            ),
        )
    ]

    def contacts_in(database: str) -> Callable[[], int]:
        def count() -> int:
            import psycopg

            with psycopg.connect(team.url(database)) as db:
                found = db.execute(
                    "SELECT COUNT(*) FROM contact JOIN followup f ON f.contact_id = contact.id "
                    "WHERE f.status = 'pending'"
                ).fetchone()
            return int(found[0]) if found else 0

        return count

    data = f"{_count(ws.rows)}-row CSV"
    plain = Case(
        "plain psycopg COPY",
        [*PLAIN, "copy", str(ws.scans), team.url("copied")],
        data=data,
        prepare=team.fresh("copied", team.unjournaled_template),
        size=contacts_in("copied"),
    )
    imported = Case(
        "followup import FILE (team's database)",
        [FOLLOWUP, "import", str(ws.scans)],
        data=data,
        baseline=plain,
        target=3,
        env=team.env("imported"),
        prepare=team.fresh("imported", team.template),
        size=contacts_in("imported"),
    )
    return [ws.python, ws.today, *todays, plain, imported]


BUILDERS: dict[str, Callable[[Workspace], list[Case]]] = {
    "core": core_cases,
    "scale": scale_cases,
    "import": import_cases,
    "export": export_cases,
    "bounded": bounded_cases,
    "journey": journey_cases,
    "accounts": accounts_cases,
    "inbox": inbox_cases,
    "team": team_cases,
}


def chosen_cases(ws: Workspace, groups: list[str]) -> list[Case]:
    """The cases of ``groups`` in table order, each once (groups share their baselines)."""
    cases: list[Case] = []
    for group in BUILDERS:
        if group in groups:
            cases.extend(case for case in BUILDERS[group](ws) if case not in cases)
    return cases


def report(measured: list[Case]) -> str:
    lines = [
        "| command | data | median ms | peak RSS MiB | ratio | to baseline | target | met |",
        "|---|---|---:|---:|---:|---|---|---|",
    ]
    for case in measured:
        base = case.baseline if case.baseline in measured else None
        ratio = case.median / base.median if base else None
        targets = []
        if case.target and ratio is not None:
            targets.append(f"≤ {case.target}")
        if case.rss_target_mib:
            targets.append(f"RSS ≤ {case.rss_target_mib} MiB")
        if case.rss_growth_mib and base:
            targets.append(f"RSS ≤ baseline's + {case.rss_growth_mib} MiB")
        lines.append(
            f"| `{case.label}` | {case.data} | {case.median * 1000:.0f} | {_mib(case.peak_kib)} "
            f"| {f'{ratio:.2f}' if ratio is not None else ''} "
            f"| {base.described() if base else ''} | {', '.join(targets)} "
            f"| {_met(case, ratio) if targets else ''} |"
        )
    return "\n".join(lines)


def _met(case: Case, ratio: float | None) -> str:
    fast = not case.target or ratio is None or ratio <= case.target
    small = not case.rss_target_mib or (
        case.peak_kib is not None and case.peak_kib <= case.rss_target_mib * 1024
    )
    flat = (
        not case.rss_growth_mib
        or case.baseline is None
        or (
            case.peak_kib is not None
            and case.baseline.peak_kib is not None
            and case.peak_kib <= case.baseline.peak_kib + case.rss_growth_mib * 1024
        )
    )
    return "yes" if fast and small and flat else "**no**"


def _mib(kib: int | None) -> str:
    return f"{kib / 1024:.0f}" if kib is not None else "-"


def _note(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _groups(text: str) -> list[str]:
    groups = [group.strip() for group in text.split(",") if group.strip()]
    if unknown := [group for group in groups if group not in GROUPS]:
        raise argparse.ArgumentTypeError(
            f"unknown group(s) {', '.join(unknown)}; choose from {', '.join(GROUPS)}"
        )
    return groups


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog="groups: " + "; ".join(f"{name}: {what}" for name, what in GROUPS.items()),
    )
    parser.add_argument(
        "--contacts", type=int, default=10_000, metavar="N", help="Everyday store (%(default)s)."
    )
    parser.add_argument(
        "--large", type=int, default=100_000, metavar="N", help="Large store (%(default)s)."
    )
    parser.add_argument(
        "--rows", type=int, default=10_000, metavar="N", help="Scans to import (%(default)s)."
    )
    parser.add_argument(
        "--runs", type=int, default=15, metavar="N", help="Timed rounds (%(default)s)."
    )
    parser.add_argument(
        "--bounded-rows",
        type=int,
        default=1_000_000,
        metavar="N",
        help="Scans in the bounded group's big file (%(default)s).",
    )
    parser.add_argument(
        "--photo-mib",
        type=int,
        default=50,
        metavar="N",
        help="The bounded group's big vCard photo, MiB (%(default)s).",
    )
    parser.add_argument(
        "--messages",
        type=int,
        default=10_000,
        metavar="N",
        help="Messages in the inbox group's mbox (%(default)s).",
    )
    parser.add_argument("--seed", type=int, default=1, help="Data seed (%(default)s).")
    parser.add_argument(
        "--only",
        type=_groups,
        default=list(DEFAULT_GROUPS),
        metavar="GROUP,…",
        help="Time only these groups of rows (default: all but bounded; see below).",
    )
    arguments = parser.parse_args()
    compile_followup()
    with tempfile.TemporaryDirectory(prefix="followup-bench-") as folder:
        stack = ExitStack()
        ws = Workspace(Path(folder), arguments, stack)
        measured = chosen_cases(ws, arguments.only)
        started = time.perf_counter()
        timed = [case for case in measured if not case.once]
        for round_number in range(arguments.runs + 1 if timed else 0):
            for case in timed:
                timed_run(case)
            if round_number == 0:
                check_same_work(timed)
                for case in timed:
                    case.seconds.clear()  # the warm-up round fills caches; it is not counted
        for case in measured:
            measure_peak_rss(case)
        _note(f"timed in {time.perf_counter() - started:.0f} s")
        command = shlex.join(["python", "benchmarks/run.py", *sys.argv[1:]])
        runs = [f"median of {arguments.runs} cold runs after a warm-up"] if timed else []
        if len(timed) < len(measured):
            runs.append("the bounded rows: one run each")
        print(
            f"`{command}`: {'; '.join(runs)}; "
            f"{_machine()}, Python {sys.version.split()[0]}{_task_version()}"
        )
        print(report(measured))
        stack.close()


def _machine() -> str:
    """How many CPUs, and which (on Linux)."""
    cpuinfo = Path("/proc/cpuinfo")
    models = [
        line.partition(":")[2].strip()
        for line in (cpuinfo.read_text().splitlines() if cpuinfo.exists() else [])
        if line.startswith("model name")
    ]
    return f"{os.cpu_count()} CPUs" + (f" ({models[0]})" if models else "")


def _task_version() -> str:
    task = shutil.which("task")
    if task is None:
        return ""
    version = subprocess.run([task, "--version"], capture_output=True, text=True).stdout.strip()
    return f", Taskwarrior {version}"


if __name__ == "__main__":
    main()
