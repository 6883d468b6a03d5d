"""`search` in SQLite: FTS5 over profiles, touch notes and answers (storage/search_index.py)."""

from collections.abc import Sequence

from followup.domain.records import Found
from followup.storage.search_index import KINDS, SOURCES, TABLE
from followup.storage.sqlite import rows
from followup.storage.sqlite.rows import CONTACT_COLUMNS, CONTACTS_WITH_EVENT, PENDING_OF_CONTACT

MATCHING = f"SELECT contact_id FROM {TABLE} WHERE {TABLE} MATCH ?"


def term(word: str) -> str:
    """One word as an FTS5 prefix query, quoted so that no word is read as an operator."""
    return '"' + word.replace('"', '""') + '"*'


class SqliteSearch(rows.Tables):
    def contacts(self, words: Sequence[str]) -> list[Found]:
        terms = [term(word) for word in words]
        every_word = " INTERSECT ".join([MATCHING] * len(terms))
        found = self.db.execute(
            f"""
            SELECT {CONTACT_COLUMNS}, f.due AS next_due FROM {CONTACTS_WITH_EVENT}
            LEFT JOIN followup f ON {PENDING_OF_CONTACT}
            WHERE c.id IN ({every_word})
            ORDER BY c.name COLLATE NOCASE, c.id
            """,
            terms,
        ).fetchall()
        sources: dict[int, set[str]] = {}
        if found:
            hits = self.db.execute(
                f"SELECT contact_id, rowid % {KINDS} FROM {TABLE} WHERE {TABLE} MATCH ? "
                f"AND contact_id IN ({every_word})",
                [" OR ".join(terms), *terms],
            )
            for contact_id, kind in hits:
                sources.setdefault(int(contact_id), set()).add(SOURCES[kind])
        return [
            Found(
                rows.contact(row),
                rows.day(row["next_due"]),
                tuple(name for name in SOURCES.values() if name in sources.get(row["id"], ())),
            )
            for row in found
        ]
