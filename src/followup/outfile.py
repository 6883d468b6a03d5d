"""Output files: whole or not at all, readable by their owner only, never the store's.

An export, a calendar feed or a backup is written to a temporary file beside the
target and renamed over it only once everything is written: a failure half-way (a
full disk, Ctrl-C, a database error) leaves any earlier file untouched and no
partial one behind. The temporary file is created 0600 (``mkstemp``), and the
rename keeps that mode, so contact data never lands in a file others can read.

Before anything is written, the target is checked: it must not be one of the files
it is told never to write (the database and SQLite's files beside it), whether
named directly or reached through a symlink or a hard link; and it must be a
regular file, or nothing yet. A symlink is refused rather than followed, and so is
a device, a named pipe or a socket. Should a link appear between the check and the
rename, the rename replaces the link itself: it never writes through one.

A writer holds an exclusive ``flock`` on its temporary file until the file has its
final name. A writer that was killed leaves the file behind, unlocked; so a file
of this module's naming whose lock anyone can take is stale, and every writer
removes the stale ones in the folder it writes to (``doctor`` reports those beside
the database).
"""

import fcntl
import os
import re
import stat
from collections.abc import Collection, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from followup.errors import FollowupError

# mkstemp's names beside TARGET: ".TARGET.", eight of its random characters, ".part".
TEMPORARY_NAME = re.compile(r"\..+\.[a-z0-9_]{8}\.part")
# The rollback journal SQLite keeps beside a backup's temporary copy while it writes it.
COMPANIONS = ("-journal",)


class CannotWrite(FollowupError):
    """The output file cannot be created or put in place."""


@contextmanager
def replacing(path: Path, *, never: Collection[Path], binary: bool = False) -> Iterator[IO[Any]]:
    """A new owner-only file that takes ``path``'s place once the block completes."""
    with replaced(path, never=never) as (descriptor, _):
        if binary:
            stream: IO[Any] = os.fdopen(descriptor, "wb", closefd=False)
        else:
            stream = os.fdopen(descriptor, "w", encoding="utf-8", newline="", closefd=False)
        with stream:
            yield stream
            stream.flush()
            os.fsync(descriptor)


@contextmanager
def replaced(path: Path, *, never: Collection[Path]) -> Iterator[tuple[int, str]]:
    """An open descriptor and the name of a new owner-only file beside ``path``.

    The file takes ``path``'s place once the block completes, and is removed if it
    fails. For writers that need a file name rather than a stream (SQLite's
    backup). ``never`` are the files ``path`` must not be (see ``check``). The
    descriptor holds the file's lock: it stays open until the file has its
    place, and is closed here, not by the caller.
    """
    check(path, never)
    _remove_stale_beside(path)
    descriptor, temporary = _locked_temporary(path)
    try:
        yield descriptor, temporary
        os.replace(temporary, path)
    except BaseException as error:
        with suppress(OSError):  # the error that got us here is the one to tell
            _remove(Path(temporary))
        if isinstance(error, OSError):
            raise CannotWrite(f"cannot write {path}: {error.strerror or error}") from None
        raise
    finally:
        os.close(descriptor)


def check(path: Path, never: Collection[Path]) -> None:
    """Refuse, before anything is written, a ``path`` a new file must not take the place of.

    That is any of ``never``, by name or as the same file (a symlink or a hard link
    to one of them), and anything that exists but is not a regular file.
    """
    protected = _one_of(path, never)
    if protected is not None:
        through = "" if protected == path else f" ({protected})"
        raise CannotWrite(
            f"cannot write {path}: it is one of the database's own files{through}; "
            "choose another file"
        )
    try:
        found = path.lstat()
    except OSError:
        return  # nothing there, or nothing reachable: creating the temporary file says why
    if not stat.S_ISREG(found.st_mode):
        raise CannotWrite(f"cannot write {path}: it is {_kind(found.st_mode)}")


def _kind(mode: int) -> str:
    """What a file that is not a regular one is, for the refusal."""
    if stat.S_ISLNK(mode):
        return "a symbolic link (followup never writes through one: name the file itself)"
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe, not a regular file"
    if stat.S_ISSOCK(mode):
        return "a socket, not a regular file"
    return "a device, not a regular file"


def stale_temporaries(folder: Path) -> list[Path]:
    """The temporary files in ``folder`` that no writer holds: left by one that was killed."""
    return [path for path in _temporaries(folder) if _stale(path, remove=False)]


def remove_stale(path: Path) -> None:
    """Remove the temporary file ``path`` (and its companions) if it is still stale."""
    _stale(path, remove=True)


def _one_of(path: Path, never: Collection[Path]) -> Path | None:
    """The file of ``never`` that ``path`` names or is, if any."""
    resolved = _resolved(path)
    identity = _identity(path)
    for protected in never:
        if resolved is not None and _resolved(protected) == resolved:
            return protected
        if identity is not None and _identity(protected) == identity:
            return protected
    return None


def _resolved(path: Path) -> Path | None:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a loop of symlinks (RuntimeError before Python 3.13)
        return None


def _identity(path: Path) -> tuple[int, int] | None:
    """The file ``path`` leads to, through any links, as (device, inode); None if none."""
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_dev, found.st_ino


def _locked_temporary(path: Path) -> tuple[int, str]:
    """A new owner-only file beside ``path``, locked through the descriptor returned."""
    import tempfile  # only when a file is written: stdout output never pays for it

    while True:
        try:
            descriptor, temporary = tempfile.mkstemp(
                dir=path.parent, prefix=f".{path.name}.", suffix=".part"
            )
        except OSError as error:
            raise CannotWrite(f"cannot write {path}: {error.strerror or error}") from None
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        except BaseException:
            os.close(descriptor)
            with suppress(OSError):
                _remove(Path(temporary))
            raise
        if _named(descriptor, Path(temporary)):
            return descriptor, temporary
        # Before the lock was taken, another run found the file unlocked, took it for
        # a stale one and removed it: this descriptor writes to no file. Make another.
        os.close(descriptor)


def _named(descriptor: int, path: Path) -> bool:
    """Whether ``path`` is still the name of the file open at ``descriptor``."""
    opened = os.fstat(descriptor)
    try:
        named = path.lstat()
    except FileNotFoundError:
        return False
    return (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino)


def _temporaries(folder: Path) -> list[Path]:
    """The regular files in ``folder`` named as this module names its temporary files."""
    try:
        with os.scandir(folder) as entries:
            return [
                Path(entry.path)
                for entry in entries
                if TEMPORARY_NAME.fullmatch(entry.name) and entry.is_file(follow_symlinks=False)
            ]
    except OSError:
        return []


def _stale(path: Path, remove: bool) -> bool:
    """Whether ``path`` is one of our temporary files that no writer holds; with ``remove``, gone.

    The lock is taken before anything is decided, and held while the file is
    removed, so a live writer's file is never touched.
    """
    try:
        # Not followed, and not waited on: the name could be a link or a pipe someone put
        # there. Opened for writing, as NFS grants an exclusive lock only to a writer.
        descriptor = os.open(path, os.O_RDWR | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        opened = os.fstat(descriptor)
        if not stat.S_ISREG(opened.st_mode) or opened.st_uid != os.geteuid():
            return False
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False  # a writer holds it
        if not _named(descriptor, path):
            return False  # removed and its name taken again while we looked
        if remove:
            _remove(path)
        return True
    finally:
        os.close(descriptor)


def _remove(temporary: Path) -> None:
    """Remove a temporary file, its companions first: none outlives the file it belongs to."""
    for companion in COMPANIONS:
        with suppress(FileNotFoundError):
            os.unlink(f"{temporary}{companion}")
    with suppress(FileNotFoundError):
        os.unlink(temporary)


def _remove_stale_beside(path: Path) -> None:
    """Clean up after earlier writers that were killed, in the folder about to be written."""
    for temporary in _temporaries(path.parent):
        with suppress(OSError):  # a courtesy: it must never stop this write
            _stale(temporary, remove=True)


def backup_name(path: Path, now: datetime, label: str = "backup") -> Path:
    """A free name beside ``path`` like ``followup.db.backup-20260302T091400``.

    Free means nothing there, not even a dangling symlink (which would be refused).
    """
    stem = f"{path.name}.{label}-{now.strftime('%Y%m%dT%H%M%S')}"
    candidate, number = path.with_name(stem), 1
    while candidate.is_symlink() or candidate.exists():
        number += 1
        candidate = path.with_name(f"{stem}-{number}")
    return candidate
