"""What more than one migration does: SQLite's way to change a table."""

import re
import sqlite3


def rebuild(sqlite: sqlite3.Connection, table: str, *edits: tuple[str, str]) -> None:
    """SQLite's recipe for changing a table: a new one, the rows copied, the names swapped.

    The new table's SQL is the old one with each ``(old, new)`` text replaced once. The
    upgrade's connection has foreign keys off (SQLite's default), so dropping the old
    table cascades to nothing.
    """
    (table_sql,) = sqlite.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).fetchone()
    indexes = [
        sql
        for (sql,) in sqlite.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
            "AND sql IS NOT NULL",
            (table,),
        )
    ]
    columns = ", ".join(row[1] for row in sqlite.execute(f"PRAGMA table_info({table})"))
    # A table renamed by an earlier rebuild is stored as CREATE TABLE "name".
    rebuilt = re.sub(
        rf'^CREATE TABLE "?{table}"?', f"CREATE TABLE {table}_rebuilt", table_sql, count=1
    )
    for old, new in edits:
        rebuilt = rebuilt.replace(old, new, 1)
    sqlite.execute(rebuilt)
    sqlite.execute(f"INSERT INTO {table}_rebuilt ({columns}) SELECT {columns} FROM {table}")
    sqlite.execute(f"DROP TABLE {table}")
    sqlite.execute(f"ALTER TABLE {table}_rebuilt RENAME TO {table}")
    for sql in indexes:
        sqlite.execute(sql)
