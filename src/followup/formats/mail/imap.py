"""Reading the seller's own IMAP account with IMAPClient, without changing it.

Folders are opened read-only (EXAMINE) and messages fetched with ``BODY.PEEK``, so
nothing is marked read. Each folder is read from the UID after the last one read,
while its UIDVALIDITY is the one remembered; when the server renumbered the folder,
it is read again from the start (handled messages are known by their Message-ID).
Every failure is one ``MailboxUnreadable`` line; the password never appears in one.
"""

import ssl
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import date
from types import TracebackType
from typing import TYPE_CHECKING

from followup.config import Imap
from followup.domain.records import FolderMark
from followup.formats.mail.mailboxes import MailboxUnreadable, MessageKey, NewMail

if TYPE_CHECKING:
    from imapclient import IMAPClient

TIMEOUT_SECONDS = 30
BATCH = 200  # messages per FETCH


class ImapMailbox:
    def __init__(self, settings: Imap, password: str | None):
        self.settings = settings
        self.password = password
        self.client: IMAPClient | None = None
        self.selected: str | None = None
        self.uidvalidity = 0  # the selected folder's

    @property
    def label(self) -> str:
        return f"imap://{self.settings.user}@{self.settings.host}:{self.settings.port}"

    def __enter__(self) -> "ImapMailbox":
        from imapclient import IMAPClient

        settings = self.settings
        context = ssl.create_default_context()
        try:
            client = IMAPClient(
                settings.host,
                port=settings.port,
                ssl=settings.security == "ssl",
                ssl_context=context,
                timeout=TIMEOUT_SECONDS,
            )
        except OSError as error:  # ssl.SSLError and socket.timeout among them
            where = f"{settings.host}:{settings.port}"
            raise MailboxUnreadable(f"cannot connect to {where}: {_reason(error)}") from None
        self.client = client
        with self._failing("log in to"):
            if settings.security == "starttls":
                client.starttls(context)
            client.login(settings.user, self.password or "")
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self.client is not None:
            # Leaving: a connection dropped by now changes nothing.
            with suppress(Exception):
                self.client.logout()

    def new_mail(
        self, read_to: Callable[[str], FolderMark | None], since: date | None
    ) -> list[NewMail]:
        found = []
        for folder in self.settings.folders:
            with self._failing(f"open folder {folder!r} on"):
                self._select(folder)
                uidvalidity = self.uidvalidity
                before = read_to(folder)
                start = before.last_uid + 1 if before and before.uidvalidity == uidvalidity else 1
                criteria: list[object] = ["UID", f"{start}:*"]
                if since is not None:
                    criteria += ["SINCE", since]
                # "n:*" names the last message even when its UID is below n (RFC 3501).
                uids = sorted(uid for uid in self._client.search(criteria) if uid >= start)
            last = uids[-1] if uids else start - 1
            found.append(NewMail(folder, uids, FolderMark(uidvalidity, last)))
        return found

    def headers(self, new: NewMail) -> Iterator[tuple[MessageKey, bytes]]:
        yield from self._fetch(new, new.keys, b"BODY.PEEK[HEADER]", b"BODY[HEADER]")

    def messages(
        self, new: NewMail, keys: Sequence[MessageKey]
    ) -> Iterator[tuple[MessageKey, bytes]]:
        yield from self._fetch(new, keys, b"BODY.PEEK[]", b"BODY[]")

    def _fetch(
        self, new: NewMail, keys: Sequence[MessageKey], item: bytes, answer: bytes
    ) -> Iterator[tuple[MessageKey, bytes]]:
        for start in range(0, len(keys), BATCH):
            batch = list(keys[start : start + BATCH])
            with self._failing(f"read folder {new.folder!r} on"):
                self._select(new.folder)
                fetched = self._client.fetch(batch, [item])
            for uid in batch:
                data = fetched.get(int(uid), {}).get(answer)
                if isinstance(data, bytes):  # a message expunged meanwhile has none
                    yield uid, data

    def _select(self, folder: str) -> None:
        if self.selected != folder:
            self.selected = None
            answer = self._client.select_folder(folder, readonly=True)
            self.selected = folder
            self.uidvalidity = int(str(answer[b"UIDVALIDITY"]))

    @property
    def _client(self) -> "IMAPClient":
        assert self.client is not None, "open the mailbox first (with ...)"
        return self.client

    @contextmanager
    def _failing(self, doing: str) -> Iterator[None]:
        """What IMAPClient, the socket or TLS raise, as one line saying what failed."""
        from imapclient.exceptions import IMAPClientError

        try:
            yield
        except (IMAPClientError, OSError) as error:
            where = f"{self.settings.host}:{self.settings.port}"
            raise MailboxUnreadable(f"cannot {doing} {where}: {_reason(error)}") from None


def _reason(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    if text.startswith("b'") or text.startswith('b"'):
        text = text[2:-1]
    return text
