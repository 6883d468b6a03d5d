"""Once-a-day notices in SQLite: the day each was last shown, outside the undo journal."""

import sqlite3
from datetime import date

from followup.storage.sqlite import rows
from followup.storage.sqlite.transaction import transaction

# The day a notice was shown, replacing the one before.
MARK_SHOWN = (
    "INSERT INTO notice_shown (name, shown_on) VALUES (?, ?) "
    "ON CONFLICT (name) DO UPDATE SET shown_on = excluded.shown_on"
)


class SqliteNotices(rows.Tables):
    def shown(self, name: str, today: date) -> bool:
        found = self.db.execute(
            "SELECT shown_on FROM notice_shown WHERE name = ?", (name,)
        ).fetchone()
        return bool(found) and found[0] >= today.isoformat()

    def mark_shown(self, name: str, today: date) -> None:
        # A transaction of its own, not an undo operation: `undo` takes back what a
        # command changed, and showing a warning changed nothing of the user's.
        try:
            with transaction(self.db):
                self.db.execute(MARK_SHOWN, (name, today))
        except sqlite3.OperationalError as error:
            if "readonly" not in str(error):
                raise
            # A store the user may only read: the notice shows each time instead.
