"""`search` on PostgreSQL: the same sources as SQLite's FTS5 index, read as they are.

No index of its own: each word is matched at the start of a word (``\\m``) in the
profile, the touch notes and the answers, folded by ``unaccent`` and ``lower`` on
both sides, so ``jurgen`` finds Jürgen as it does on SQLite. A team's contacts are
few enough for that to be quick; row-level security keeps it to the seller's.
"""

import json
import re
from collections.abc import Sequence

from followup.domain.records import Found
from followup.storage.search_index import PROFILE_FIELDS, SOURCES
from followup.storage.sqlite import rows
from followup.storage.sqlite.rows import CONTACT_COLUMNS, CONTACTS_WITH_EVENT, PENDING_OF_CONTACT

PROFILE_TEXT = "concat_ws(' ', " + ", ".join(f"c.{name}" for name in PROFILE_FIELDS) + ")"
# Each source's text, with its contact and the name `search` shows it by.
TEXTS = f"""
    SELECT c.id AS contact_id, 'profile' AS source, {PROFILE_TEXT} AS body FROM contact c
    UNION ALL SELECT contact_id, 'touch note', note FROM touch WHERE note IS NOT NULL
    UNION ALL SELECT contact_id, 'answer', text FROM answer
"""


def word_start(word: str) -> str:
    """A regular expression for ``word`` at the start of a word, every character literal."""
    return r"\m" + re.sub(r"(\W)", r"\\\1", word.lower())


class PostgresSearch(rows.Tables):
    def contacts(self, words: Sequence[str]) -> list[Found]:
        if not words:
            return []
        hits = self.db.execute(
            f"""
            SELECT t.contact_id, t.source, w.n FROM ({TEXTS}) t
            JOIN (SELECT ordinality AS n, unaccent(value) AS pattern
                  FROM json_array_elements_text(CAST(? AS json)) WITH ORDINALITY) w
            ON unaccent(lower(t.body COLLATE "C")) ~ w.pattern
            """,
            (json.dumps([word_start(word) for word in words]),),
        ).fetchall()
        found_words: dict[int, set[int]] = {}
        sources: dict[int, set[str]] = {}
        for contact_id, source, n in hits:
            found_words.setdefault(int(contact_id), set()).add(int(n))
            sources.setdefault(int(contact_id), set()).add(str(source))
        everywhere = [key for key, seen in found_words.items() if len(seen) == len(words)]
        if not everywhere:
            return []
        found = self.db.execute(
            f"""
            SELECT {CONTACT_COLUMNS}, f.due AS next_due FROM {CONTACTS_WITH_EVENT}
            LEFT JOIN followup f ON {PENDING_OF_CONTACT}
            WHERE c.id IN ({rows.marks(everywhere)})
            ORDER BY c.name COLLATE NOCASE, c.id
            """,
            everywhere,
        ).fetchall()
        return [
            Found(
                rows.contact(row),
                rows.day(row["next_due"]),
                tuple(name for name in SOURCES.values() if name in sources[row["id"]]),
            )
            for row in found
        ]
