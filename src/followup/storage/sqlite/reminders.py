"""Reminders in SQLite: one-off items beside a contact's cadence."""

from datetime import date

from followup.domain import status
from followup.domain.records import Reminder
from followup.storage.sqlite import rows

OPEN_STATUSES = ", ".join(f"'{name}'" for name in status.WITH_NEXT_STEP)
# A reminder (r) still owed: not marked done, no touch with the contact on or after its
# day, and the contact still open.
OPEN_REMINDER = f"""
    r.done_at IS NULL
    AND NOT EXISTS (
        SELECT 1 FROM touch t WHERE t.contact_id = r.contact_id AND t.happened_on >= r.due
    )
    AND r.contact_id IN (
        SELECT id FROM contact WHERE status IN ({OPEN_STATUSES})
    )
"""


class SqliteReminders(rows.Tables):
    def add(self, contact_id: int, due: date, text: str) -> int:
        values = {"contact_id": contact_id, "due": due, "text": text, "created_at": self.now}
        return self.insert_row("reminder", values)

    def open_of(self, contact_id: int) -> list[Reminder]:
        found = self.db.execute(
            f"SELECT * FROM reminder r WHERE r.contact_id = ? AND {OPEN_REMINDER} "
            "ORDER BY r.due, r.id",
            (contact_id,),
        )
        return [
            Reminder(row["id"], row["contact_id"], date.fromisoformat(row["due"]), row["text"])
            for row in found
        ]

    def mark_done(self, reminder_ids: list[int]) -> None:
        self.db.executemany(
            "UPDATE reminder SET done_at = ? WHERE id = ?",
            [(self.now, reminder_id) for reminder_id in reminder_ids],
        )
