"""Contacts in SQLite: who they are, found by id, email or name."""

import re
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from followup.domain.contact import Contact, ContactFilter
from followup.domain.lessons import ACCOUNT, EVENT, TITLE
from followup.domain.records import Lesson
from followup.domain.text import folded
from followup.errors import Ambiguous, NotFound
from followup.storage.conditions import LESSON_KEPT
from followup.storage.sqlite import rows
from followup.storage.sqlite.rows import (
    CONTACT_COLUMNS,
    CONTACTS_WITH_EVENT,
    PENDING_OF_CONTACT,
    marks,
)

MAX_CANDIDATES_SHOWN = 8
MAX_COMPLETIONS = 200
# An id is ASCII digits that fit SQLite's integer: "²" or a 20-digit number is a name,
# not an id (str.isdigit accepts the first and SQLite overflows on the second).
CONTACT_ID = re.compile(r"#?([0-9]{1,18})")


def _like_literal(text: str) -> str:
    """``text`` with LIKE's wildcards escaped, for a pattern used with ``ESCAPE '\\'``."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class SqliteContacts(rows.Tables):
    def add(self, values: Mapping[str, Any]) -> int:
        stamps = {"created_at": self.now, "updated_at": self.now}
        return self.insert_row("contact", {**values, **stamps})

    def update(self, contact_id: int, values: Mapping[str, Any]) -> None:
        self.update_row("contact", contact_id, {**values, "updated_at": self.now})

    def delete(self, contact_id: int) -> None:
        # account.held_by has no foreign key (the tables would refer to each other), and a
        # later contact may be given the same id.
        self.db.execute("UPDATE account SET held_by = NULL WHERE held_by = ?", (contact_id,))
        self.db.execute("DELETE FROM contact WHERE id = ?", (contact_id,))

    def get(self, contact_id: int) -> Contact:
        row = self.db.execute(
            f"SELECT {CONTACT_COLUMNS} FROM {CONTACTS_WITH_EVENT} WHERE c.id = ?", (contact_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no contact with id {contact_id}")
        return rows.contact(row)

    def find(self, query: str) -> Contact:
        text = query.strip()
        if not text:
            raise NotFound("name a contact by id, email or part of the name")
        if match := CONTACT_ID.fullmatch(text):
            return self.get(int(match[1]))
        found = self.with_email(text) if "@" in text else self._named(text)
        if not found:
            raise NotFound(f"no contact matches {query!r}")
        if len(found) > 1:
            shown = ", ".join(person.label for person in found[:MAX_CANDIDATES_SHOWN])
            more = (
                f" and {len(found) - MAX_CANDIDATES_SHOWN} more"
                if len(found) > MAX_CANDIDATES_SHOWN
                else ""
            )
            raise Ambiguous(
                f"{query!r} matches {len(found)} contacts: {shown}{more}; use the id or email"
            )
        return found[0]

    def with_email(self, email: str) -> list[Contact]:
        found = self.db.execute(
            f"SELECT {CONTACT_COLUMNS} FROM {CONTACTS_WITH_EVENT} WHERE c.email = ? ORDER BY c.id",
            (email.strip(),),
        )
        return [rows.contact(row) for row in found]

    def _named(self, text: str) -> list[Contact]:
        # Compared in Python, without case or accents: SQLite's LIKE folds ASCII only,
        # and "jurgen" should find Jürgen, "lukasz" Łukasz.
        wanted = folded(text)
        matches = [
            row
            for row in self.db.execute("SELECT id, name FROM contact ORDER BY id")
            if wanted in folded(row["name"])
        ]
        exact = [row for row in matches if folded(row["name"]) == wanted]
        chosen = exact if len(exact) == 1 else matches
        if not chosen:
            return []
        found = self.db.execute(
            f"SELECT {CONTACT_COLUMNS} FROM {CONTACTS_WITH_EVENT} "
            f"WHERE c.id IN ({marks(chosen)}) ORDER BY c.id",
            [row["id"] for row in chosen],
        )
        return [rows.contact(row) for row in found]

    def names(self, prefix: str) -> list[str]:
        wanted = folded(prefix)
        names = []
        for (name,) in self.db.execute("SELECT name FROM contact ORDER BY met_on DESC, id DESC"):
            plain = folded(name)
            if plain.startswith(wanted) or any(word.startswith(wanted) for word in plain.split()):
                names.append(name)
                if len(names) == MAX_COMPLETIONS:
                    break
        return names

    def listing(self, where: ContactFilter = ContactFilter()) -> list[tuple[Contact, str | None]]:
        clauses, parameters = [], []
        if where.status:
            clauses.append("c.status = ?")
            parameters.append(where.status)
        if where.event:
            clauses.append("e.name = ?")
            parameters.append(where.event)
        if where.company:
            # lower() on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's none.
            clauses.append("lower(c.company) LIKE lower(?) ESCAPE '\\'")
            parameters.append(f"%{_like_literal(where.company)}%")
        if where.tag:
            clauses.append("lower(',' || c.tags || ',') LIKE lower(?) ESCAPE '\\'")
            parameters.append(f"%,{_like_literal(where.tag)},%")
        if where.owner is not None:
            clauses.append("c.owner = ?")
            parameters.append(where.owner)
        matching = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        found = self.db.execute(
            f"""
            SELECT {CONTACT_COLUMNS}, f.due AS next_due
            FROM {CONTACTS_WITH_EVENT}
            LEFT JOIN followup f ON {PENDING_OF_CONTACT}
            {matching}
            ORDER BY c.name COLLATE NOCASE, c.id
            """,
            parameters,
        ).fetchall()
        listed = ((rows.contact(row), row["next_due"]) for row in found)
        return [(person, due) for person, due in listed if where.finds(person)]

    def count(self, statuses: Iterable[str] | None = None) -> int:
        if statuses is None:
            return int(self.db.execute("SELECT COUNT(*) FROM contact").fetchone()[0])
        wanted = list(statuses)
        return int(
            self.db.execute(
                f"SELECT COUNT(*) FROM contact WHERE status IN ({marks(wanted)})", wanted
            ).fetchone()[0]
        )

    def reassign(self, from_id: int, to_id: int) -> None:
        for statement in (
            "UPDATE touch SET contact_id = :to WHERE contact_id = :from",
            "UPDATE answer SET contact_id = :to WHERE contact_id = :from",
            "UPDATE reminder SET contact_id = :to WHERE contact_id = :from",
            "UPDATE followup SET contact_id = :to WHERE contact_id = :from",
            "UPDATE contact SET decider_id = :to WHERE decider_id = :from AND id <> :to",
            "UPDATE contact SET decider_id = NULL WHERE decider_id = :from",
            "UPDATE account SET held_by = :to WHERE held_by = :from",
        ):
            self.db.execute(statement, {"from": from_id, "to": to_id})

    def decides_for(self, contact_id: int) -> list[Contact]:
        found = self.db.execute(
            f"SELECT {CONTACT_COLUMNS} FROM {CONTACTS_WITH_EVENT} WHERE c.decider_id = ? "
            "ORDER BY c.name COLLATE NOCASE, c.id",
            (contact_id,),
        )
        return [rows.contact(row) for row in found]

    def holder_of_email(self, email: str) -> str | None:
        return None  # one seller's store hides nobody's contacts

    def hand_over(self, contact_id: int, owner: str) -> None:
        self.update_row("contact", contact_id, {"owner": owner})

    def lessons(
        self,
        account_ids: Collection[int],
        titles: Collection[str],
        event_ids: Collection[int],
        per_tie: int | None = None,
    ) -> list[Lesson]:
        # Each tie is looked up on its own (titles and events through the partial indexes
        # of lessons kept, the most recent first); domain/lessons.py ranks what comes back.
        ties = (
            (ACCOUNT, "c.account_id", list(account_ids)),
            (TITLE, "c.title COLLATE NOCASE", [title.strip() for title in titles]),
            (EVENT, "c.event_id", list(event_ids)),
        )
        found: list[Lesson] = []
        for because, column, values in ties:
            if not values:
                continue
            matching = self.db.execute(
                f"SELECT {CONTACT_COLUMNS} FROM {CONTACTS_WITH_EVENT} "
                # Unqualified, as the indexes have it: no joined table has these columns.
                f"WHERE {column} IN ({marks(values)}) AND {LESSON_KEPT} "
                "ORDER BY c.closed_on DESC, c.id DESC"
                + ("" if per_tie is None else f" LIMIT {int(per_tie)}"),
                values,
            )
            found.extend(Lesson(rows.contact(row), because) for row in matching)
        return found
