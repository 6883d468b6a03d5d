"""What `doctor` looks for in SQLite, and the repairs it may make.

The checks look for what a healthy store never holds; the repairs are row writes
`doctor --fix` makes inside ``writing()``. A contact is never deleted.
"""

import re
from collections.abc import Collection

from followup.domain.contact import Contact
from followup.domain.records import Pending
from followup.storage.sqlite import rows
from followup.storage.sqlite.rows import CONTACT_COLUMNS, CONTACTS_WITH_EVENT, PENDING, marks
from followup.storage.sqlite.transaction import transaction

EMAIL_INDEX = "ix_contact_email"
# The unique index a contact's key to its pending follow-up refers to (see schema.py).
PENDING_KEY = "ux_followup_one_pending"
# Rows that mean nothing without their contact (or touch); a contact is never deleted.
ORPHANS_DELETED = ("touch", "answer", "followup")
# Integrity problems that rebuilding the index repairs (a duplicate in a UNIQUE index is not).
INDEX_PROBLEM = re.compile(r"(?:missing from|wrong # of entries in) index (\w+)$")


class SqliteHealth(rows.Tables):
    def integrity_problems(self) -> list[str]:
        found = [row[0] for row in self.db.execute("PRAGMA integrity_check")]
        return [] if found == ["ok"] else found

    def damaged_index(self, problem: str) -> str | None:
        match = INDEX_PROBLEM.search(problem)
        return match[1] if match else None

    def rebuild_index(self, name: str) -> None:
        self.db.execute(f'REINDEX "{name}"')

    def broken_references(self) -> list[tuple[str, int, str]]:
        # A contact's key to its pending follow-up is the one-next-step rule, which
        # ``contacts_without_pending`` reports with its own repair.
        return [
            (row[0], row[1], row[2])
            for row in self.db.execute("PRAGMA foreign_key_check")
            if (row[0], row[2]) != ("contact", "followup")
        ]

    def repair_reference(self, table: str, row_id: int) -> None:
        """Remove a row that belongs to nothing; a contact only loses its missing event."""
        if table == "contact":
            self.db.execute("UPDATE contact SET event_id = NULL WHERE id = ?", (row_id,))
        elif table in ORPHANS_DELETED:
            self.db.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,))
        else:
            raise ValueError(f"no repair for a broken reference in {table}")

    def contacts_without_pending(self, statuses: Collection[str]) -> list[Contact]:
        found = self.db.execute(
            f"""
            SELECT {CONTACT_COLUMNS} FROM {CONTACTS_WITH_EVENT}
            WHERE c.status IN ({marks(statuses)}) AND NOT EXISTS (
                SELECT 1 FROM followup f WHERE f.contact_id = c.id AND f.status = '{PENDING}'
            ) ORDER BY c.id
            """,
            list(statuses),
        )
        return [rows.contact(row) for row in found]

    def pending_outside(self, statuses: Collection[str]) -> list[tuple[Contact, Pending]]:
        found = self.db.execute(
            f"""
            SELECT f.* FROM followup f JOIN contact c ON c.id = f.contact_id
            WHERE f.status = '{PENDING}' AND c.status NOT IN ({marks(statuses)})
            ORDER BY c.id, f.id
            """,
            list(statuses),
        ).fetchall()
        pendings = [rows.pending(row) for row in found]
        if not pendings:
            return []
        ids = sorted({pending.contact_id for pending in pendings})
        people = {
            person.id: person
            for person in map(
                rows.contact,
                self.db.execute(
                    f"SELECT {CONTACT_COLUMNS} FROM {CONTACTS_WITH_EVENT} "
                    f"WHERE c.id IN ({marks(ids)})",
                    ids,
                ),
            )
        }
        return [(people[pending.contact_id], pending) for pending in pendings]

    def shared_emails(self) -> list[tuple[str, list[int]]]:
        found = self.db.execute(
            "SELECT email, group_concat(id) AS ids FROM contact WHERE email IS NOT NULL "
            "GROUP BY email HAVING COUNT(*) > 1 ORDER BY MIN(id)"
        )
        return [(row["email"], sorted(int(i) for i in row["ids"].split(","))) for row in found]

    def pending_key_exists(self) -> bool:
        return any(
            row["name"] == PENDING_KEY and row["unique"]
            for row in self.db.execute("PRAGMA index_list(followup)")
        )

    def restore_pending_key(self) -> None:
        """Close all but the newest pending follow-up of each contact; make the key again.

        Without the key SQLite refuses every write to a follow-up ("foreign key
        mismatch"), so this is a transaction of its own with key checks off, outside
        ``writing()`` and the undo journal.
        """
        self.db.execute("PRAGMA foreign_keys = OFF")
        try:
            with transaction(self.db):
                self.db.execute(
                    f"""
                    UPDATE followup SET status = 'superseded', closed_at = ?
                    WHERE status = '{PENDING}' AND id NOT IN (
                        SELECT MAX(id) FROM followup WHERE status = '{PENDING}' GROUP BY contact_id
                    )
                    """,
                    (self.now,),
                )
                self.db.execute(
                    f"CREATE UNIQUE INDEX {PENDING_KEY} ON followup (contact_id, is_pending)"
                )
        finally:
            self.db.execute("PRAGMA foreign_keys = ON")

    def email_index_is_unique(self) -> bool:
        return any(
            row["name"] == EMAIL_INDEX and row["unique"]
            for row in self.db.execute("PRAGMA index_list(contact)")
        )

    def make_email_index_unique(self) -> None:
        """Rebuild the email index as unique (schema 2 left it plain over duplicates)."""
        self.db.execute(f"DROP INDEX IF EXISTS {EMAIL_INDEX}")
        self.db.execute(f"CREATE UNIQUE INDEX {EMAIL_INDEX} ON contact (email)")
