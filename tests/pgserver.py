"""A real PostgreSQL server for the tests: Debian's, in a throwaway cluster in a temp dir.

``initdb`` makes the cluster and ``pg_ctl`` starts it on 127.0.0.1, on a free port,
with its socket in the same temp dir, trusting local connections: nothing of the
machine's own PostgreSQL is touched. PostgreSQL refuses to run as root, so run as
root (as in CI) the cluster belongs to the ``postgres`` user the package creates.

Without PostgreSQL the tests that need it skip, saying how to install it; on CI
(``CI`` set) they fail instead, since `.ci/run` installs it.
"""

import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from tests.servers import free_port, missing

SUPERUSER = "postgres"
STARTUP_SECONDS = 30
TEMPLATE = "followup_template"  # a team's database as followup makes it, to copy
SELLERS = ("sam", "priya")  # login roles in followup_seller
MANAGER = "boss"  # a login role in followup_manager


@dataclass(frozen=True)
class PostgresServer:
    port: int
    root: Path

    def url(self, database: str = "postgres", user: str | None = SUPERUSER) -> str:
        """The database's URL, with ``user`` (None: a URL naming no role)."""
        return f"postgresql://{user + '@' if user else ''}127.0.0.1:{self.port}/{database}"

    def new_database(self, test: str, store: bool = False) -> str:
        """A database named after ``test`` (one made before is dropped); its name.

        Empty, or with ``store`` a team's store as followup makes it on first use
        (copied from a template made once per server), with the sellers' roles.
        """
        import hashlib

        import psycopg

        readable = "".join(char if char.isalnum() else "_" for char in test.lower())[:40]
        name = f"test_{readable}_{hashlib.sha1(test.encode()).hexdigest()[:8]}"
        if store:
            self._template()
        copied = f' TEMPLATE "{TEMPLATE}"' if store else ""
        with psycopg.connect(self.url(), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"'.encode())
            admin.execute(f'CREATE DATABASE "{name}"{copied}'.encode())
        return name

    def store_url(self, test: str, user: str | None = None) -> str:
        """A new team's store for ``test``; its URL names ``user``, or (None) no role."""
        return self.url(self.new_database(test, store=True), user)

    def _template(self) -> None:
        import psycopg

        from followup.storage.postgres import security
        from followup.storage.postgres.database import open_database

        with psycopg.connect(self.url(), autocommit=True) as admin:
            if admin.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (TEMPLATE,)
            ).fetchone():
                return
            admin.execute(f'CREATE DATABASE "{TEMPLATE}"'.encode())
            for statement in security.statements()[:2]:  # the group roles
                admin.execute(statement.encode())
            logins = [(name, security.SELLER_ROLE) for name in SELLERS]
            for name, group in [*logins, (MANAGER, security.MANAGER_ROLE)]:
                admin.execute(f"CREATE ROLE {name} LOGIN IN ROLE {group}".encode())
        open_database(self.url(TEMPLATE), None).close()


def binaries() -> Path | None:
    """Where initdb and pg_ctl are: Debian keeps them off the PATH, one folder a version."""
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    versions = Path("/usr/lib/postgresql").glob("*/bin/pg_ctl")
    newest = max(versions, key=lambda path: _version(path.parent.parent.name), default=None)
    return newest.parent if newest else None


def require_postgres() -> Path:
    folder = binaries()
    if folder is None:
        missing("PostgreSQL is not installed: `apt-get install postgresql` (as .ci/run does)")
    return folder


@contextmanager
def running() -> Iterator[PostgresServer]:
    """A cluster of its own, stopped (and its files removed) on the way out."""
    folder = require_postgres()
    owner = _owner()
    root = Path(tempfile.mkdtemp(prefix="followup-postgres-"))
    try:
        if owner is not None:
            os.chown(root, owner.pw_uid, owner.pw_gid)
        server = PostgresServer(free_port(), root)
        _run(owner, [folder / "initdb", "-D", root / "data", "-U", SUPERUSER, "-A", "trust"])
        try:
            _run(
                owner,
                [
                    folder / "pg_ctl", "start", "-w", "-t", str(STARTUP_SECONDS),
                    "-D", root / "data", "-l", root / "server.log",
                    "-o", f"-p {server.port} -k {root} -c listen_addresses=127.0.0.1 "
                    "-c fsync=off",
                ],
            )  # fmt: skip
        except RuntimeError as error:
            log = root / "server.log"
            told = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{error}\n{told}") from None
        try:
            yield server
        finally:
            _stop(owner, folder, root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _stop(owner: pwd.struct_passwd | None, folder: Path, root: Path) -> None:
    # Thrown away with its files: an immediate stop; one that fails must not hide the
    # test's own failure.
    if not (root / "data" / "postmaster.pid").exists():
        return
    with suppress(RuntimeError):
        _run(owner, [folder / "pg_ctl", "stop", "-D", root / "data", "-m", "immediate"])


def _version(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in name.split(".") if part.isdigit())


def _owner() -> pwd.struct_passwd | None:
    """Whom the cluster runs as when we are root (PostgreSQL refuses root): the
    package's `postgres` user."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam(SUPERUSER)
    except KeyError:
        missing("running as root, PostgreSQL needs a `postgres` user (Debian's package makes it)")


def _run(owner: pwd.struct_passwd | None, command: list[object]) -> None:
    argv = [str(part) for part in command]
    if owner is not None:
        argv = ["runuser", "-u", owner.pw_name, "--", *argv]
    done = subprocess.run(argv, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed: {done.stdout}{done.stderr}"[-3000:])
