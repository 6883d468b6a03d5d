"""Once-a-day notices on a team's database: shared, and shown again to whoever may only read."""

from datetime import date

from psycopg import errors

from followup.errors import DatabaseError
from followup.storage.postgres.transaction import transaction
from followup.storage.sqlite.notices import MARK_SHOWN, SqliteNotices


class PostgresNotices(SqliteNotices):
    def mark_shown(self, name: str, today: date) -> None:
        try:
            with transaction(self.db):
                self.db.execute(MARK_SHOWN, (name, today))
        except DatabaseError as error:
            if not isinstance(error.__cause__, errors.InsufficientPrivilege):
                raise
            # A manager reads and writes nothing: the notice shows each time instead.
