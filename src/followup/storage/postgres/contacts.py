"""Contacts on a team's database: handed over, and a colleague's email told, through the
functions that may (``security``)."""

from followup.errors import DatabaseError
from followup.storage.postgres.security import ASSIGN, HOLDER
from followup.storage.sqlite.contacts import SqliteContacts


class PostgresContacts(SqliteContacts):
    def holder_of_email(self, email: str) -> str | None:
        holder: str | None = self.db.execute(f"SELECT {HOLDER}(?)", (email,)).fetchone()[0]
        return holder

    def hand_over(self, contact_id: int, owner: str) -> None:
        """A seller gives their own contact away through ``followup_assign`` (no policy
        lets them write a row they will not see); the database's owner, whom the
        policies do not bind, changes the row itself."""
        (given,) = self.db.execute(f"SELECT {ASSIGN}(?, ?)", (contact_id, owner)).fetchone()
        if given:
            return
        changed = self.db.execute(
            "UPDATE contact SET owner = ? WHERE id = ?", (owner, contact_id)
        ).rowcount
        if not changed:
            raise DatabaseError(f"contact #{contact_id} is not yours to hand over")
