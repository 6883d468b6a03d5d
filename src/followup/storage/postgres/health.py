"""What `doctor` checks on PostgreSQL, where the server keeps most of it for itself.

PostgreSQL checks every key as rows are written, so no row can name a missing
one, and keeps its indexes whole; what is left to look for (open contacts
without a step, duplicates) is asked in the same SQL as on SQLite.
"""

from followup.errors import DatabaseError
from followup.storage.sqlite.health import EMAIL_INDEX, PENDING_KEY, SqliteHealth

UNIQUE_INDEX = "SELECT 1 FROM pg_index WHERE indexrelid = to_regclass(?) AND indisunique"


class PostgresHealth(SqliteHealth):
    def integrity_problems(self) -> list[str]:
        return []  # pages and indexes are the server's (its own checks: amcheck, pg_dump)

    def broken_references(self) -> list[tuple[str, int, str]]:
        return []  # every key is checked as it is written

    def shared_emails(self) -> list[tuple[str, list[int]]]:
        found = self.db.execute(
            "SELECT email, string_agg(CAST(id AS text), ',') AS ids FROM contact "
            "WHERE email IS NOT NULL GROUP BY email HAVING COUNT(*) > 1 ORDER BY MIN(id)"
        )
        return [(row["email"], sorted(int(i) for i in row["ids"].split(","))) for row in found]

    def pending_key_exists(self) -> bool:
        return self.db.execute(UNIQUE_INDEX, (PENDING_KEY,)).fetchone() is not None

    def restore_pending_key(self) -> None:
        # The contacts' foreign key refers to it, so PostgreSQL never lets it be dropped:
        # `pending_key_exists` is always true here, and `doctor` never asks for this.
        raise DatabaseError("the one-pending-step key cannot be missing on PostgreSQL")

    def email_index_is_unique(self) -> bool:
        return self.db.execute(UNIQUE_INDEX, (EMAIL_INDEX,)).fetchone() is not None
