"""Events in SQLite: the conferences and shows where contacts were met."""

from datetime import date

from followup.domain.records import Event
from followup.storage.sqlite import rows


class SqliteEvents(rows.Tables):
    def add(self, name: str, held_on: date | None, place: str | None) -> int:
        return self.insert_row(
            "event", {"name": name, "held_on": held_on, "place": place, "created_at": self.now}
        )

    def find(self, name: str) -> Event | None:
        # The column folds ASCII case; Python folds the rest.
        wanted = name.strip()
        row = self.db.execute("SELECT * FROM event WHERE name = ?", (wanted,)).fetchone()
        if row is None and not wanted.isascii():
            every = self.db.execute("SELECT * FROM event ORDER BY id")
            row = next((row for row in every if row["name"].casefold() == wanted.casefold()), None)
        return rows.event(row) if row else None

    def names(self) -> list[str]:
        return [name for (name,) in self.db.execute("SELECT name FROM event ORDER BY name")]

    def rename(self, event_id: int, name: str) -> None:
        self.update_row("event", event_id, {"name": name})

    def delete(self, event_id: int) -> None:
        # The contacts' foreign key sets their event to null.
        self.db.execute("DELETE FROM event WHERE id = ?", (event_id,))

    def with_counts(self) -> list[tuple[Event, dict[str, int]]]:
        counts: dict[int, dict[str, int]] = {}
        for row in self.db.execute(
            "SELECT event_id, status, COUNT(*) AS n FROM contact WHERE event_id IS NOT NULL "
            "GROUP BY event_id, status"
        ):
            counts.setdefault(row["event_id"], {})[row["status"]] = row["n"]
        found = self.db.execute("SELECT * FROM event ORDER BY held_on DESC, name").fetchall()
        return [(rows.event(row), counts.get(row["id"], {})) for row in found]
