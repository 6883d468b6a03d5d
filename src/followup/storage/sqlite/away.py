"""The user's days away, in SQLite: the business calendar skips them."""

from datetime import date

from followup.domain.calendar import Period
from followup.storage.sqlite import rows


class SqliteAway(rows.Tables):
    def add(self, period: Period, reason: str | None) -> None:
        values = {"first_day": period.start, "last_day": period.end, "reason": reason}
        self.insert_row("away", values)

    def periods(self) -> list[Period]:
        found = self.db.execute("SELECT first_day, last_day FROM away ORDER BY first_day")
        return [
            Period(date.fromisoformat(first), date.fromisoformat(last)) for first, last in found
        ]
