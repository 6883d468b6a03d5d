"""Full exports from SQLite: every row of a table, streamed as plain tuples."""

from collections.abc import Collection, Iterator, Mapping, Sequence
from typing import Any

from followup.formats.csvsafe import neutralised, neutralised_sql
from followup.storage.sqlite import rows
from followup.storage.sqlite.followups import ANSWER
from followup.storage.sqlite.rows import PENDING_OF_CONTACT

# Per kind of export: the table it lists (aliased), what it joins for the other
# columns, the names of exported keys that are not a column of the table itself,
# and which value-check answers go with a row (a contact's, or those given with
# the touch; the latest is exported). Each row of the table gives exactly one
# exported row.
EXPORTS: Mapping[str, tuple[str, str, str, Mapping[str, str], str | None]] = {
    "contacts": (
        "contact",
        "c",
        "LEFT JOIN event e ON e.id = c.event_id LEFT JOIN account a ON a.id = c.account_id "
        f"LEFT JOIN followup f ON {PENDING_OF_CONTACT}",
        {"event": "e.name", "account": "a.name", "next_due": "f.due"},
        "contact_id = c.id",
    ),
    "touches": (
        "touch",
        "t",
        "JOIN contact c ON c.id = t.contact_id",
        {"name": "c.name", "date": "t.happened_on"},
        "touch_id = t.id",
    ),
    "followups": (
        "followup",
        "f",
        "JOIN contact c ON c.id = f.contact_id",
        {"name": "c.name"},
        None,
    ),
}


class SqliteExports(rows.Tables):
    # Whether the engine's SQL makes cells spreadsheet-safe as it reads them
    # (``csvsafe.neutralised_sql`` is written in SQLite's functions); else Python does.
    SAFE_IN_SQL = True

    def count(self, kind: str) -> int:
        # The table alone: its joins add no rows, and counting through them is slow.
        table = EXPORTS[kind][0]
        return int(self.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

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
        """Every row of ``kind``, by id; read from the cursor as the caller iterates.

        Keys in ``unanswered`` have no answer anywhere, so they are not looked up.
        Values are as stored, except that tags come joined with ``tag_separator`` and,
        when ``spreadsheet_safe``, text a spreadsheet could run comes led by ``'``
        (``csvsafe.neutralised``). SQLite does that as it reads each row; done in
        Python, cell by cell, it took most of the time of a large export.
        """
        table, alias, joins, renamed, answers = EXPORTS[kind]
        in_sql = spreadsheet_safe and self.SAFE_IN_SQL

        def cell(value: str) -> str:
            return neutralised_sql(value) if in_sql else value

        separator = "'" + tag_separator.replace("'", "''") + "'"  # as an SQL string

        def column(key: str) -> str:
            value = renamed.get(key, f"{alias}.{key}")
            if key == "tags" and tag_separator != ",":
                # Stored tags never hold an empty one (fields.stored_tags): a plain replace.
                value = f"replace({value}, ',', {separator})"
            return cell(value)

        answered = f"({ANSWER.format(value=cell('text'), match=answers)})"
        selected = [column(key) for key in keys]
        selected += ["NULL" if key in unanswered else answered for key in answer_keys]
        cursor = self.db.cursor()
        cursor.row_factory = None  # tuples: read by position, and cheaper than Row
        found: Iterator[tuple[Any, ...]] = cursor.execute(
            f"SELECT {', '.join(selected)} FROM {table} {alias} {joins} ORDER BY {alias}.id",
            [key for key in answer_keys if key not in unanswered],
        )
        if in_sql or not spreadsheet_safe:
            return found
        return (
            tuple(neutralised(value) if isinstance(value, str) else value for value in row)
            for row in found
        )
