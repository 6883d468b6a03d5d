"""What `inbox sync` remembers in SQLite: where it stopped in each IMAP folder, and
the messages it acted on; and the look-ups that tie a message to a contact."""

import sqlite3
from collections.abc import Collection
from datetime import date

from followup.domain.records import FolderMark
from followup.storage.sqlite import rows
from followup.storage.sqlite.accounts import DOMAIN

BATCH = 500  # Message-IDs per look-up, well under SQLite's limit on parameters


class SqliteInbox(rows.Tables):
    def folder(self, mailbox: str, folder: str) -> FolderMark | None:
        found = self.db.execute(
            "SELECT uidvalidity, last_uid FROM inbox_folder WHERE mailbox = ? AND folder = ?",
            (mailbox, folder),
        ).fetchone()
        return FolderMark(found[0], found[1]) if found else None

    def mark_folder(self, mailbox: str, folder: str, mark: FolderMark) -> None:
        self.db.execute(
            "INSERT INTO inbox_folder (mailbox, folder, uidvalidity, last_uid) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (mailbox, folder) DO UPDATE SET "
            "uidvalidity = excluded.uidvalidity, last_uid = excluded.last_uid",
            (mailbox, folder, mark.uidvalidity, mark.last_uid),
        )

    def handled(self, message_ids: Collection[str]) -> set[str]:
        found = self._among("SELECT message_id FROM inbox_message", "message_id", message_ids)
        return {row[0] for row in found}

    def mark_handled(self, message_id: str, handled_as: str, on: date) -> None:
        self.db.execute(
            "INSERT INTO inbox_message (message_id, handled_as, handled_on) VALUES (?, ?, ?)",
            (message_id, handled_as, on),
        )

    def threaded(self, message_ids: Collection[str]) -> dict[str, int]:
        found = self._among("SELECT message_id, contact_id FROM touch", "message_id", message_ids)
        return {row[0]: row[1] for row in found}

    def account_of_domain(self, domain: str) -> int | None:
        found = self.db.execute(
            "SELECT account_id FROM account_key WHERE key = ?", (DOMAIN + domain,)
        ).fetchone()
        return found[0] if found else None

    def first_touch_on(self, contact_id: int) -> date | None:
        day = self.db.execute(
            "SELECT MIN(happened_on) FROM touch WHERE contact_id = ?", (contact_id,)
        ).fetchone()[0]
        return date.fromisoformat(day) if day else None

    def first_met(self) -> date | None:
        day = self.db.execute("SELECT MIN(met_on) FROM contact").fetchone()[0]
        return date.fromisoformat(day) if day else None

    def _among(self, select: str, column: str, values: Collection[str]) -> list[sqlite3.Row]:
        wanted = list(values)
        found: list[sqlite3.Row] = []
        for start in range(0, len(wanted), BATCH):
            batch = wanted[start : start + BATCH]
            marks = ", ".join("?" * len(batch))
            found.extend(self.db.execute(f"{select} WHERE {column} IN ({marks})", batch))
        return found
