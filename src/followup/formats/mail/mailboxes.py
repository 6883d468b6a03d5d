"""Where received mail is read from: an IMAP account (``imap.py``), a Maildir, an mbox.

Each is a ``Mailbox``: opened, it says what is new in each of its folders, then
gives the headers of those messages and, for the few that matter, the whole
message. Files are read with the standard library's ``mailbox``, never written:
no flag is set, no message moved.
"""

import mailbox
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Protocol

from followup.domain.records import FolderMark
from followup.errors import FollowupError

MessageKey = int | str  # a UID in an IMAP folder, a key in a file


class MailboxUnreadable(FollowupError):
    """The mailbox cannot be reached or read: no connection, a refused login, no file."""


@dataclass(frozen=True)
class NewMail:
    """The messages of one folder not read before, and where reading them leaves it."""

    folder: str
    keys: Sequence[MessageKey]
    mark: FolderMark | None  # None: a file, read whole each time


class Mailbox(AbstractContextManager["Mailbox"], Protocol):
    @property
    def label(self) -> str:
        """Where it is, as the summary names it and the store remembers it."""
        ...

    def new_mail(
        self, read_to: Callable[[str], FolderMark | None], since: date | None
    ) -> list[NewMail]:
        """What is new in each folder, given where each was read to before."""
        ...

    def headers(self, new: NewMail) -> Iterator[tuple[MessageKey, bytes]]:
        """The header bytes of every message in ``new``, in order."""
        ...

    def messages(
        self, new: NewMail, keys: Sequence[MessageKey]
    ) -> Iterator[tuple[MessageKey, bytes]]:
        """The whole of each of the messages ``keys``."""
        ...


class FileMailbox:
    """A Maildir folder or an mbox file, read with the standard library."""

    def __init__(self, path: Path, kind: str):
        self.path = path
        self.kind = kind  # "maildir" or "mbox"
        self.box: mailbox.Mailbox | None = None

    @property
    def label(self) -> str:
        return str(self.path)

    def __enter__(self) -> "FileMailbox":
        if self.kind == "maildir":
            if not (self.path / "cur").is_dir() or not (self.path / "new").is_dir():
                raise MailboxUnreadable(f"{self.path} is not a Maildir (no cur/ and new/ in it)")
            self.box = mailbox.Maildir(self.path, factory=None, create=False)
        else:
            if not self.path.is_file():
                raise MailboxUnreadable(f"{self.path} is not an mbox file")
            self.box = mailbox.mbox(self.path, factory=None, create=False)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self.box is not None:
            self.box.close()

    def new_mail(
        self, read_to: Callable[[str], FolderMark | None], since: date | None
    ) -> list[NewMail]:
        try:
            keys = list(self._box.keys())
        except (OSError, mailbox.Error) as error:
            raise MailboxUnreadable(f"cannot read {self.path}: {error}") from None
        return [NewMail(self.kind, keys, None)]

    def headers(self, new: NewMail) -> Iterator[tuple[MessageKey, bytes]]:
        for key in new.keys:
            yield key, _header(self._read(key))

    def messages(
        self, new: NewMail, keys: Sequence[MessageKey]
    ) -> Iterator[tuple[MessageKey, bytes]]:
        for key in keys:
            yield key, self._read(key)

    @property
    def _box(self) -> mailbox.Mailbox:
        assert self.box is not None, "open the mailbox first (with ...)"
        return self.box

    def _read(self, key: MessageKey) -> bytes:
        try:
            return self._box.get_bytes(key)  # type: ignore[arg-type]  # each its own keys
        except (OSError, KeyError) as error:
            raise MailboxUnreadable(f"cannot read a message of {self.path}: {error}") from None


def _header(raw: bytes) -> bytes:
    """The header block of a message: everything before its first empty line."""
    for separator in (b"\r\n\r\n", b"\n\n"):
        end = raw.find(separator)
        if end != -1:
            return raw[: end + len(separator)]
    return raw
