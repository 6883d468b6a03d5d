"""An import into a team's database: the SQLite engine's session, in PostgreSQL's words.

The matching and writing are ``SqliteImportSession``'s; what differs is how the
TEMP tables are declared, how a JSON list is read as rows, and how new rows are
numbered. Ids come from each table's sequence, not from the largest id a seller
can see (row-level security hides colleagues'): under the write lock they are the
next ones it gives, and it gives them away after the insert.
The new rows are journaled as one undo step, as on SQLite. Whom the file names that a
colleague has is found through the team's directory (``security``).
"""

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, cast

from followup.domain.fields import PROFILE
from followup.domain.matching import Person
from followup.storage.postgres import journal
from followup.storage.postgres.connection import Connection
from followup.storage.postgres.security import DIRECTORY, WITH_EMAIL
from followup.storage.sqlite.importing import SqliteImportSession


class PostgresImportSession(SqliteImportSession):
    KEYED = ""
    DAY = "DATE"
    NUMBERED = "SERIAL PRIMARY KEY"
    LISTED = "SELECT value FROM json_array_elements_text(CAST(? AS json))"
    LISTED_IDS = "SELECT CAST(value AS INTEGER) FROM json_array_elements_text(CAST(? AS json))"
    DIFFERS = "IS DISTINCT FROM"
    EVERYONE = f"{DIRECTORY}()"
    WITH_EMAILS = f"SELECT email, id FROM {WITH_EMAIL}(CAST(? AS json))"

    def _people(self, ids: set[int]) -> dict[int, Person]:
        """As on SQLite, and a colleague's contact, which the seller cannot read, as the
        directory knows them: enough to match them, say whose they are and add nobody."""
        people = super()._people(ids)
        hidden = ids - people.keys()
        if hidden:
            for id_, name, company, email, owner in self.db.execute(
                f"SELECT id, name, company, email, owner FROM {DIRECTORY}() "
                f"WHERE id IN ({self.LISTED_IDS})",
                (json.dumps(sorted(hidden)),),
            ):
                people[id_] = {
                    **dict.fromkeys(PROFILE),
                    "tags": [],
                    "name": name,
                    "company": company,
                    "email": email,
                    "_id": id_,
                    "_owner": owner,
                }
        return people

    def _insert_many(
        self,
        table: str,
        columns: Sequence[str],
        rows: Sequence[Sequence[Any]],
        first_wins: bool = False,
    ) -> None:
        """One statement for all the rows (a round trip each would be most of an import's
        time), read from JSON as records of the table's type. COPY would be faster still,
        but PostgreSQL refuses it on a table with row-level security."""
        if not rows:
            return
        names = ", ".join(columns)
        conflict = " ON CONFLICT DO NOTHING" if first_wins else ""
        records = json.dumps([dict(zip(columns, row, strict=True)) for row in rows], default=str)
        self.db.execute(
            f"INSERT INTO {table} ({names}) SELECT {names} "
            f"FROM json_populate_recordset(NULL::{table}, CAST(? AS json)){conflict}",
            (records,),
        )

    @contextmanager
    def _inserting(self, table: str, ids: range) -> Iterator[None]:
        """The rows go in with the ids the sequence gives next (the write lock is held),
        which it then gives away: nobody moves a sequence back."""
        with journal.inserting_as_one_step(cast(Connection, self.db), table, ids):
            yield
        if ids:
            self.db.execute(
                f"SELECT count(nextval(pg_get_serial_sequence('{table}', 'id'))) "
                "FROM generate_series(1, ?)",
                (len(ids),),
            )

    def _largest(self, table: str) -> int:
        """The last id the sequence gave (one less than the next, if it has given none)."""
        (sequence,) = self.db.execute(f"SELECT pg_get_serial_sequence('{table}', 'id')").fetchone()
        last, called = self.db.execute(f"SELECT last_value, is_called FROM {sequence}").fetchone()
        return int(last) if called else int(last) - 1
