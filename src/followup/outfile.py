"""Output files that appear whole or not at all, readable by their owner only.

An export or a calendar feed is written to a temporary file beside the target
and renamed over it only once everything is written: a failure half-way (a full
disk, Ctrl-C, a database error) leaves any earlier file untouched and no partial
one behind. The temporary file is created 0600 (``mkstemp``), and the rename
keeps that mode, so contact data never lands in a file others can read.

A symlink is followed (its target is replaced, the link kept), and a device or a
named pipe is written straight into, since there is no file to replace.
"""

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any

from followup.errors import FollowupError


class CannotWrite(FollowupError):
    """The output file cannot be created or put in place."""


@contextmanager
def output(path: Path | None, binary: bool = False) -> Iterator[IO[Any]]:
    """A stream to write to: ``path`` replaced atomically, or stdout when ``path`` is None.

    A file's text stream is UTF-8 and writes newlines exactly as given (CSV needs
    its CRLF); stdout is used as it is.
    """
    if path is None:
        if binary:
            sys.stdout.flush()
            yield sys.stdout.buffer
            sys.stdout.buffer.flush()
        else:
            yield sys.stdout
        return
    target = path.resolve()  # through a symlink, so the link stays and its target changes
    if target.exists() and not target.is_file() and not target.is_dir():
        # A device or a pipe (/dev/null, a FIFO a script reads): nothing to replace.
        with _opened(target, binary) as stream:
            yield stream
        return
    with replacing(target, binary) as stream:
        yield stream


@contextmanager
def _opened(path: Path, binary: bool) -> Iterator[IO[Any]]:
    try:
        stream = path.open("wb") if binary else path.open("w", encoding="utf-8", newline="")
    except OSError as error:
        raise CannotWrite(f"cannot write {path}: {error.strerror or error}") from None
    with stream:
        yield stream


@contextmanager
def replacing(path: Path, binary: bool = False) -> Iterator[IO[Any]]:
    """A new owner-only file that takes ``path``'s place once the block completes."""
    with replaced(path) as (descriptor, _):
        if binary:
            stream: IO[Any] = os.fdopen(descriptor, "wb")
        else:
            stream = os.fdopen(descriptor, "w", encoding="utf-8", newline="")
        with stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())


@contextmanager
def replaced(path: Path) -> Iterator[tuple[int, str]]:
    """An open descriptor and the name of a new owner-only file beside ``path``.

    The file takes ``path``'s place once the block completes, and is removed if it
    fails. For writers that need a file name rather than a stream (SQLite's backup).
    """
    import tempfile  # only when a file is written: stdout output never pays for it

    if path.is_dir():
        raise CannotWrite(f"cannot write {path}: it is a directory")
    try:
        descriptor, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".part"
        )
    except OSError as error:
        raise CannotWrite(f"cannot write {path}: {error.strerror or error}") from None
    try:
        yield descriptor, temporary
        os.replace(temporary, path)
    except BaseException as error:
        with suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise CannotWrite(f"cannot write {path}: {error.strerror or error}") from None
        raise
