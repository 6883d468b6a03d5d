"""Full exports from a team's database: the same rows, made spreadsheet-safe in Python.

SQLite neutralises cells as it reads them (``csvsafe.neutralised_sql``, written in
its own functions); here the text cells are neutralised as the rows stream past.
"""

from collections.abc import Collection, Iterator, Sequence
from typing import Any

from followup.formats.csvsafe import neutralised
from followup.storage.sqlite.exports import SqliteExports


class PostgresExports(SqliteExports):
    def rows(
        self,
        kind: str,
        keys: Sequence[str],
        answer_keys: Sequence[str] = (),
        unanswered: Collection[str] = (),
        *,
        tag_separator: str = ",",
        spreadsheet_safe: bool = False,
    ) -> Iterator[tuple[Any, ...]]:
        found = super().rows(kind, keys, answer_keys, unanswered, tag_separator=tag_separator)
        if not spreadsheet_safe:
            return found
        return (
            tuple(neutralised(cell) if isinstance(cell, str) else cell for cell in row)
            for row in found
        )
