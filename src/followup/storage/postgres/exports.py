"""Full exports from a team's database: the same rows, made spreadsheet-safe in Python
(SQLite does it in SQL, with functions of its own: ``csvsafe.neutralised_sql``)."""

from followup.storage.sqlite.exports import SqliteExports


class PostgresExports(SqliteExports):
    SAFE_IN_SQL = False
