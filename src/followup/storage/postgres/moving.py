"""Moving a seller's own SQLite store into the team's database, all or nothing.

Every row of the file's contacts comes along with what hangs off it (touches,
answers, follow-ups, reminders), its events and accounts (found by name in the
team's database, or added), and what `inbox sync` has read. Ids are the team's:
each row gets a new one, and every reference is mapped to it. The undo journal,
the days away and the once-a-day notices stay with the file.

One transaction, one undo operation: the copy lands whole, or nothing does, and
the counts of what landed are checked against the file's before it commits. A
contact that came over before is known by its name and the moment it was
created, and is not copied again: moving the same file twice copies nothing.
"""

import sqlite3
from collections.abc import Mapping
from typing import Any

from followup.errors import DatabaseError
from followup.storage import Moved
from followup.storage.postgres import PostgresStorage
from followup.storage.postgres.connection import Connection, Cursor, stored_columns
from followup.storage.postgres.security import HOLDER

# What hangs off a contact, in the order it can be copied (an answer names its touch).
BELONGING = ("touch", "answer", "followup", "reminder")


def move(source: sqlite3.Connection, target: PostgresStorage, owner: str) -> Moved:
    """Copy the store on ``source`` into ``target``; the new contacts are ``owner``'s.

    Call inside ``target.writing()``.
    """
    team = _Team(target.db)
    moved = Moved()
    events = _matched_by_name(source, team, "event", moved)
    accounts = _matched_by_name(source, team, "account", moved)
    for row in _rows(source, "SELECT key, account_id FROM account_key"):
        row["account_id"] = accounts[row["account_id"]]
        team.insert("account_key", row, "ON CONFLICT DO NOTHING")
    people = _contacts(source, team, owner, events, accounts, moved)
    mapping: dict[str, dict[int, int]] = {"contact_id": people, "touch_id": {}}
    copied = ", ".join(map(str, people)) or "NULL"
    for table in BELONGING:
        given = mapping["touch_id"] if table == "touch" else {}
        for row in _rows(source, f"SELECT * FROM {table} WHERE contact_id IN ({copied})"):
            source_id = row.pop("id")
            for column, ids in mapping.items():
                if column in row:
                    row[column] = ids[row[column]]
            given[source_id] = team.insert(table, row).lastrowid or 0
        moved.copied[table] = len(given)
    for table in ("inbox_folder", "inbox_message"):
        rows = _rows(source, f"SELECT * FROM {table}")
        moved.copied[table] = sum(
            team.insert(table, row, "ON CONFLICT DO NOTHING").rowcount for row in rows
        )
    _references(source, team.db, people, accounts)
    _check_counts(source, team.db, people)
    return moved


class _Team:
    """The team's database as the move writes it: a row at a time, in its columns' types."""

    def __init__(self, db: Connection):
        self.db = db
        self.columns: dict[str, dict[str, str]] = {}

    def insert(self, table: str, row: Mapping[str, Any], conflict: str = "") -> Cursor:
        """Insert the file's ``row`` (its booleans 0 and 1) into ``table``; its id is new."""
        if table not in self.columns:
            self.columns[table] = stored_columns(self.db, table)
        columns = self.columns[table]
        values = {
            name: bool(value) if columns[name] == "boolean" and value is not None else value
            for name, value in row.items()
            if name in columns and name != "id"
        }
        names = ", ".join(values)
        marks = ", ".join(f":{name}" for name in values)
        return self.db.execute(f"INSERT INTO {table} ({names}) VALUES ({marks}) {conflict}", values)


def _rows(source: sqlite3.Connection, query: str) -> list[dict[str, Any]]:
    cursor = source.execute(f"{query} ORDER BY 1")
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def _matched_by_name(
    source: sqlite3.Connection, team: _Team, table: str, moved: Moved
) -> dict[int, int]:
    """Each of the file's events (or accounts) as the team's of that name, added if new.

    An account's conversation comes over with its contact (``_references``).
    """
    mapped: dict[int, int] = {}
    added = 0
    for row in _rows(source, f"SELECT * FROM {table}"):
        found = team.db.execute(f"SELECT id FROM {table} WHERE name = ?", (row["name"],)).fetchone()
        if found is not None:
            mapped[row["id"]] = found[0]
            continue
        row.pop("held_by", None)
        mapped[row["id"]] = team.insert(table, row).lastrowid or 0
        added += 1
    moved.copied[table] = added
    return mapped


def _contacts(
    source: sqlite3.Connection,
    team: _Team,
    owner: str,
    events: Mapping[int, int],
    accounts: Mapping[int, int],
    moved: Moved,
) -> dict[int, int]:
    """The file's contacts, as the team's: the new ones copied, each mapped to its id.

    Refused whole when one of them is a colleague's contact already (by email).
    """
    people: dict[int, int] = {}
    theirs = []
    for row in _rows(source, "SELECT * FROM contact"):
        if team.db.execute(
            "SELECT 1 FROM contact WHERE name = ? AND created_at = CAST(? AS timestamp)",
            (row["name"], row["created_at"]),
        ).fetchone():
            moved.already += 1
            continue
        holder = row["email"] and team.db.execute(f"SELECT {HOLDER}(?)", (row["email"],))
        if holder and (whose := holder.fetchone()[0]) and whose != owner:  # type: ignore[index]
            theirs.append(f"{row['name']} <{row['email']}> ({whose}'s)")
            continue
        row.update(
            owner=owner,
            event_id=events.get(row["event_id"]),
            account_id=accounts.get(row["account_id"]),
            decider_id=None,  # once everyone has their new id (_references)
        )
        people[row["id"]] = team.insert("contact", row).lastrowid or 0
    if theirs:
        more = " …" if len(theirs) > 3 else ""
        raise DatabaseError(
            f"{len(theirs)} of the file's contacts are another seller's in the team's "
            f"database already: {'; '.join(theirs[:3])}{more}"
        )
    moved.copied["contact"] = len(people)
    return people


def _references(
    source: sqlite3.Connection,
    db: Connection,
    people: Mapping[int, int],
    accounts: Mapping[int, int],
) -> None:
    """Whom each copied contact's decider is, and who holds each account's conversation."""
    for contact_id, decider_id in source.execute(
        "SELECT id, decider_id FROM contact WHERE decider_id IS NOT NULL"
    ):
        if contact_id in people and decider_id in people:
            db.execute(
                "UPDATE contact SET decider_id = ? WHERE id = ?",
                (people[decider_id], people[contact_id]),
            )
    for account_id, held_by in source.execute(
        "SELECT id, held_by FROM account WHERE held_by IS NOT NULL"
    ):
        if held_by in people:
            db.execute(
                "UPDATE account SET held_by = ? WHERE id = ? AND held_by IS NULL",
                (people[held_by], accounts[account_id]),
            )


def _check_counts(source: sqlite3.Connection, db: Connection, people: Mapping[int, int]) -> None:
    """What landed, counted in the team's database, against what the file holds."""
    new = ", ".join(map(str, people.values())) or "NULL"
    old = ", ".join(map(str, people)) or "NULL"
    (landed,) = db.execute(f"SELECT count(*) FROM contact WHERE id IN ({new})").fetchone()  # type: ignore[misc]
    if landed != len(people):
        raise DatabaseError(f"moved {landed} of {len(people)} contacts: nothing was moved")
    for table in BELONGING:
        (landed,) = db.execute(  # type: ignore[misc]
            f"SELECT count(*) FROM {table} WHERE contact_id IN ({new})"
        ).fetchone()
        (held,) = source.execute(
            f"SELECT count(*) FROM {table} WHERE contact_id IN ({old})"
        ).fetchone()
        if landed != held:
            raise DatabaseError(
                f"moved {landed} of the file's {held} {table} rows: nothing was moved"
            )
