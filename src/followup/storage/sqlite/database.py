"""``Store``: every read and write the commands make, in plain SQL.

This is the only module that talks to the database. Each method is one small
statement or a few; a command groups its writes in ``with store.writing(label):`` so
they commit together or not at all.
"""

import re
import sqlite3
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from followup.domain.cadence import FollowUpPlan
from followup.domain.calendar import Period
from followup.domain.text import folded
from followup.errors import Ambiguous, NotFound
from followup.formats.csvsafe import neutralised_sql
from followup.storage.records import Contact, DueItem, Event, Pending, Touch
from followup.storage.sqlite import connection as _connection
from followup.storage.sqlite import journal as _journal

if TYPE_CHECKING:  # imported where used: reports are not on the everyday path
    from followup.domain.report import AnswerHistory, History

PENDING = "pending"
# A follow-up plan's columns (see plan_row), and a follow-up's as it is first scheduled.
PLAN_COLUMNS = ("kind", "step", "steps_total", "channel", "action", "scheduled_from", "wait", "due")
PENDING_COLUMNS = ("contact_id", *PLAN_COLUMNS, "status", "created_at")
DUE_COLUMNS = """
    f.contact_id, c.name, c.company, f.kind, f.due, f.step, f.steps_total, f.channel, f.action
"""
# First touches come first, then the most overdue; ties by name so output is stable.
DUE_ORDER = "ORDER BY (f.kind = 'touch' AND f.step = 1) DESC, f.due, c.name COLLATE NOCASE, c.id"
MAX_CANDIDATES_SHOWN = 8
MAX_COMPLETIONS = 200
SQLITE_MAX_INTEGER = 2**63 - 1
# An id is ASCII digits that fit SQLite's integer: "²" or a 20-digit number is a name,
# not an id (str.isdigit accepts the first and SQLite overflows on the second).
CONTACT_ID = re.compile(r"#?([0-9]{1,18})")
# Every contact read carries its event's name, so that listing never asks per contact.
CONTACT_COLUMNS = "c.*, e.name AS event_name"
CONTACTS_WITH_EVENT = "contact c LEFT JOIN event e ON e.id = c.event_id"


def _like_literal(text: str) -> str:
    """``text`` with LIKE's wildcards escaped, for a pattern used with ``ESCAPE '\\'``."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class Store:
    def __init__(self, connection: sqlite3.Connection, now: datetime):
        self.db = connection
        self.now = now

    @classmethod
    def open(cls, path: Path, now: datetime) -> "Store":
        return cls(_connection.connect(path, now), now)

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def writing(self, label: str) -> Iterator[None]:
        """One write transaction, journaled as one operation ``undo`` can reverse.

        ``label`` says what made it (the command line): ``undo`` shows it.
        """
        with _connection.transaction(self.db), _journal.operation(self.db, self.now, label):
            yield

    # -- generic row writes -------------------------------------------------

    def _insert(self, table: str, values: Mapping[str, Any]) -> int:
        columns = ", ".join(values)
        marks = ", ".join(f":{name}" for name in values)
        cursor = self.db.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({marks})",
            values,
        )
        return cursor.lastrowid or 0

    def _update(self, table: str, row_id: int, values: Mapping[str, Any]) -> None:
        if not values:
            return
        assignments = ", ".join(f"{name} = :{name}" for name in values)
        self.db.execute(
            f"UPDATE {table} SET {assignments} WHERE id = :row_id", {**values, "row_id": row_id}
        )

    # -- contacts -----------------------------------------------------------

    def add_contact(self, values: Mapping[str, Any]) -> int:
        stamps = {"created_at": self.now, "updated_at": self.now}
        return self._insert("contact", {**values, **stamps})

    def update_contact(self, contact_id: int, values: Mapping[str, Any]) -> None:
        self._update("contact", contact_id, {**values, "updated_at": self.now})

    def delete_contact(self, contact_id: int) -> None:
        self.db.execute("DELETE FROM contact WHERE id = ?", (contact_id,))

    def contact(self, contact_id: int) -> Contact:
        row = self.db.execute(
            f"SELECT {CONTACT_COLUMNS} FROM {CONTACTS_WITH_EVENT} WHERE c.id = ?", (contact_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no contact with id {contact_id}")
        return Contact.from_row(row)

    def find_contact(self, query: str) -> Contact:
        """The one contact ``query`` names: an id, an email, or a unique part of a name."""
        text = query.strip()
        if not text:
            raise NotFound("name a contact by id, email or part of the name")
        if match := CONTACT_ID.fullmatch(text):
            return self.contact(int(match[1]))
        found = self.contacts_with_email(text) if "@" in text else self._contacts_named(text)
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

    def contacts_with_email(self, email: str) -> list[Contact]:
        rows = self.db.execute(
            f"SELECT {CONTACT_COLUMNS} FROM {CONTACTS_WITH_EVENT} WHERE c.email = ? ORDER BY c.id",
            (email.strip(),),
        )
        return [Contact.from_row(row) for row in rows]

    def _contacts_named(self, text: str) -> list[Contact]:
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
        marks = ", ".join("?" for _ in chosen)
        rows = self.db.execute(
            f"SELECT {CONTACT_COLUMNS} FROM {CONTACTS_WITH_EVENT} WHERE c.id IN ({marks}) "
            "ORDER BY c.id",
            [row["id"] for row in chosen],
        )
        return [Contact.from_row(row) for row in rows]

    def count_by_status(self, statuses: Iterable[str]) -> int:
        wanted = list(statuses)
        marks = ", ".join("?" for _ in wanted)
        return self.db.execute(
            f"SELECT COUNT(*) FROM contact WHERE status IN ({marks})", wanted
        ).fetchone()[0]

    def contact_names(self, prefix: str = "") -> list[str]:
        """Names for shell completion, most recently met first.

        A name is offered when any of its words starts with ``prefix``, without regard
        to case or accents: "gonz" offers María González.
        """
        wanted = folded(prefix)
        names = []
        for row in self.db.execute("SELECT name FROM contact ORDER BY met_on DESC, id DESC"):
            name = folded(row[0])
            if name.startswith(wanted) or any(word.startswith(wanted) for word in name.split()):
                names.append(row[0])
                if len(names) == MAX_COMPLETIONS:
                    break
        return names

    def contacts(
        self,
        status: str | None = None,
        event: str | None = None,
        company: str | None = None,
        tag: str | None = None,
        search: str | None = None,
    ) -> list[tuple[Contact, str | None]]:
        """Contacts matching every filter given, each with its next due date."""
        clauses, parameters = [], []
        if status:
            clauses.append("c.status = ?")
            parameters.append(status)
        if event:
            clauses.append("e.name = ?")
            parameters.append(event)
        if company:
            clauses.append("c.company LIKE ? ESCAPE '\\'")
            parameters.append(f"%{_like_literal(company)}%")
        if tag:
            clauses.append("(',' || c.tags || ',') LIKE ? ESCAPE '\\'")
            parameters.append(f"%,{_like_literal(tag)},%")
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = self.db.execute(
            f"""
            SELECT {CONTACT_COLUMNS}, f.due AS next_due
            FROM {CONTACTS_WITH_EVENT}
            LEFT JOIN followup f ON f.contact_id = c.id AND f.status = '{PENDING}'
            {where}
            ORDER BY c.name COLLATE NOCASE, c.id
            """,
            parameters,
        ).fetchall()
        result = [(Contact.from_row(row), row["next_due"]) for row in rows]
        if search:
            wanted = search.casefold()
            result = [pair for pair in result if wanted in _searchable(pair[0])]
        return result

    # -- events -------------------------------------------------------------

    def add_event(self, name: str, held_on: date | None, place: str | None) -> int:
        return self._insert(
            "event", {"name": name, "held_on": held_on, "place": place, "created_at": self.now}
        )

    def find_event(self, name: str) -> Event | None:
        """The event called ``name`` in any case (the column folds ASCII; Python the rest)."""
        wanted = name.strip()
        row = self.db.execute("SELECT * FROM event WHERE name = ?", (wanted,)).fetchone()
        if row is None and not wanted.isascii():
            rows = self.db.execute("SELECT * FROM event ORDER BY id")
            row = next((row for row in rows if row["name"].casefold() == wanted.casefold()), None)
        return Event.from_row(row) if row else None

    def event_names(self) -> list[str]:
        return [row[0] for row in self.db.execute("SELECT name FROM event ORDER BY name")]

    def rename_event(self, event_id: int, name: str) -> None:
        self._update("event", event_id, {"name": name})

    def delete_event(self, event_id: int) -> None:
        """Remove an event; its contacts stay, met at no event (the foreign key sets it null)."""
        self.db.execute("DELETE FROM event WHERE id = ?", (event_id,))

    def events(self) -> list[tuple[Event, dict[str, int]]]:
        """Every event with how many of its contacts are in each status."""
        counts: dict[int, dict[str, int]] = {}
        for row in self.db.execute(
            "SELECT event_id, status, COUNT(*) AS n FROM contact WHERE event_id IS NOT NULL "
            "GROUP BY event_id, status"
        ):
            counts.setdefault(row["event_id"], {})[row["status"]] = row["n"]
        rows = self.db.execute("SELECT * FROM event ORDER BY held_on DESC, name").fetchall()
        return [(Event.from_row(row), counts.get(row["id"], {})) for row in rows]

    # -- follow-ups ---------------------------------------------------------

    def due(self, until: date, limit: int | None = None) -> list[DueItem]:
        """Pending follow-ups due on or before ``until``, most urgent first.

        Any ``limit`` is accepted: one beyond SQLite's integers means no limit at all.
        """
        bound = -1 if limit is None else min(max(limit, 0), SQLITE_MAX_INTEGER)
        rows = self.db.execute(
            f"""
            SELECT {DUE_COLUMNS} FROM followup f JOIN contact c ON c.id = f.contact_id
            WHERE f.status = '{PENDING}' AND f.due <= ? {DUE_ORDER} LIMIT ?
            """,
            (until, bound),
        )
        return [_due_item(row) for row in rows]

    def due_count(self, until: date) -> int:
        return self.db.execute(
            f"SELECT COUNT(*) FROM followup WHERE status = '{PENDING}' AND due <= ?",
            (until,),
        ).fetchone()[0]

    def upcoming(self, after: date, until: date) -> list[DueItem]:
        """Pending follow-ups due after ``after`` and on or before ``until``, soonest first."""
        rows = self.db.execute(
            f"""
            SELECT {DUE_COLUMNS} FROM followup f JOIN contact c ON c.id = f.contact_id
            WHERE f.status = '{PENDING}' AND f.due > ? AND f.due <= ?
            ORDER BY f.due, c.name COLLATE NOCASE, c.id
            """,
            (after, until),
        )
        return [_due_item(row) for row in rows]

    def pending(self, contact_id: int) -> Pending | None:
        row = self.db.execute(
            f"SELECT * FROM followup WHERE contact_id = ? AND status = '{PENDING}'", (contact_id,)
        ).fetchone()
        return Pending.from_row(row) if row else None

    def still_pending(self, contact_id: int, expected: Pending | None) -> bool:
        """Whether ``expected`` is still the contact's pending follow-up (``None``: still none).

        Call it inside ``writing()`` before acting on a pending follow-up read earlier.
        The row's id is its version: every change of step closes the row and inserts a
        new one, and only a date is ever moved in place (``reschedule``).
        """
        current = self.db.execute(
            f"SELECT id FROM followup WHERE contact_id = ? AND status = '{PENDING}'",
            (contact_id,),
        ).fetchone()
        return (current["id"] if current else None) == (expected.id if expected else None)

    def all_pending(self) -> list[Pending]:
        rows = self.db.execute(f"SELECT * FROM followup WHERE status = '{PENDING}' ORDER BY id")
        return [Pending.from_row(row) for row in rows]

    def schedule(self, contact_id: int, plan: FollowUpPlan) -> None:
        """Make ``plan`` the contact's pending follow-up; any earlier one is superseded."""
        self.close_pending(contact_id, "superseded")
        self.schedule_first(contact_id, plan)

    def schedule_first(self, contact_id: int, plan: FollowUpPlan) -> None:
        """Make ``plan`` the pending follow-up of a contact that has none (a new one)."""
        row = _pending_row(contact_id, plan, self.now)
        self._insert("followup", dict(zip(PENDING_COLUMNS, row, strict=True)))

    def reschedule(self, pending: Pending, plan: FollowUpPlan, note: str | None = None) -> None:
        """Move a pending follow-up in place (snooze, away) keeping its step."""
        values = {"scheduled_from": plan.scheduled_from, "wait": plan.wait, "due": plan.due}
        self._update("followup", pending.id, {**values, **({"note": note} if note else {})})

    def close_pending(self, contact_id: int, status: str) -> None:
        """End the contact's pending follow-up as ``done``, ``cancelled`` or ``superseded``."""
        self.db.execute(
            "UPDATE followup SET status = ?, closed_at = ? "
            f"WHERE contact_id = ? AND status = '{PENDING}'",
            (status, self.now, contact_id),
        )

    # -- touches and answers ------------------------------------------------

    def add_touch(
        self, contact_id: int, values: Mapping[str, Any], answers: Mapping[str, str]
    ) -> int:
        row = {"contact_id": contact_id, "check_skipped": False, **values, "created_at": self.now}
        touch_id = self._insert("touch", row)
        for question, text in answers.items():
            self._insert(
                "answer",
                {
                    "touch_id": touch_id,
                    "contact_id": contact_id,
                    "question": question,
                    "text": text,
                },
            )
        return touch_id

    def touches(self, contact_id: int) -> list[Touch]:
        answers: dict[int, dict[str, str]] = {}
        for row in self.db.execute(
            "SELECT touch_id, question, text FROM answer WHERE contact_id = ? ORDER BY id",
            (contact_id,),
        ):
            answers.setdefault(row["touch_id"], {})[row["question"]] = row["text"]
        rows = self.db.execute(
            "SELECT * FROM touch WHERE contact_id = ? ORDER BY happened_on, id", (contact_id,)
        ).fetchall()
        return [Touch.from_row(row, answers=answers.get(row["id"], {})) for row in rows]

    def last_touch_on(self, contact_id: int) -> date | None:
        """The day of the contact's latest touch, if any."""
        day = self.db.execute(
            "SELECT MAX(happened_on) FROM touch WHERE contact_id = ?", (contact_id,)
        ).fetchone()[0]
        return date.fromisoformat(day) if day else None

    def answers_to(self, contact_id: int, question: str) -> list[str]:
        """Every earlier answer to ``question`` for this contact, oldest first."""
        rows = self.db.execute(
            "SELECT text FROM answer WHERE contact_id = ? AND question = ? ORDER BY id",
            (contact_id, question),
        )
        return [row["text"] for row in rows]

    def latest_answers(self, contact_id: int) -> dict[str, str]:
        """The most recent answer to each question for this contact."""
        latest: dict[str, str] = {}
        for row in self.db.execute(
            "SELECT question, text FROM answer WHERE contact_id = ? ORDER BY id", (contact_id,)
        ):
            latest[row["question"]] = row["text"]
        return latest

    # -- away periods -------------------------------------------------------

    def add_away(self, period: Period, reason: str | None) -> None:
        self._insert("away", {"first_day": period.start, "last_day": period.end, "reason": reason})

    def away_periods(self) -> list[Period]:
        rows = self.db.execute("SELECT first_day, last_day FROM away ORDER BY first_day")
        return [
            Period(date.fromisoformat(row["first_day"]), date.fromisoformat(row["last_day"]))
            for row in rows
        ]

    # -- reports ------------------------------------------------------------

    def contact_count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM contact").fetchone()[0]

    def histories(self) -> Iterator["History"]:
        """Every contact with its touches in timeline order, one contact at a time.

        One ordered pass over contacts joined to their touches (the touch index
        gives the order), so memory holds a single contact's touches at a time.
        """
        from itertools import groupby

        from followup.domain.report import History, TouchFact

        rows = self.db.execute(
            """
            SELECT c.id, c.status, c.closed_on, e.name AS event_name, t.id AS touch_id,
                   t.happened_on, t.direction, t.outcome, t.channel, t.step, t.check_skipped
            FROM contact c
            LEFT JOIN event e ON e.id = c.event_id
            LEFT JOIN touch t ON t.contact_id = c.id
            ORDER BY c.id, t.happened_on, t.id
            """
        )
        for _, group in groupby(rows, key=lambda row: row["id"]):
            first, *rest = group
            touches = tuple(
                TouchFact(
                    happened_on=date.fromisoformat(row["happened_on"]),
                    direction=row["direction"],
                    outcome=row["outcome"],
                    channel=row["channel"],
                    step=row["step"],
                    check_skipped=bool(row["check_skipped"]),
                )
                for row in (first, *rest)
                if row["touch_id"] is not None
            )
            yield History(
                contact_id=first["id"],
                event=first["event_name"],
                status=first["status"],
                closed_on=date.fromisoformat(first["closed_on"]) if first["closed_on"] else None,
                touches=touches,
            )

    def lost_contacts(self) -> list[Contact]:
        """Contacts closed as lost, most recently closed first."""
        rows = self.db.execute(
            f"SELECT {CONTACT_COLUMNS} FROM {CONTACTS_WITH_EVENT} WHERE c.status = 'lost' "
            "ORDER BY c.closed_on DESC, c.name COLLATE NOCASE, c.id"
        )
        return [Contact.from_row(row) for row in rows]

    def answer_histories(self) -> Iterator["AnswerHistory"]:
        """Each contact that has value-check answers, with them per touch, oldest first.

        One ordered pass over the answers; one contact's answers are in memory at a time.
        """
        from itertools import groupby

        from followup.domain.report import AnswerHistory

        rows = self.db.execute(
            """
            SELECT a.contact_id, c.name, c.company, c.status, a.touch_id, a.question, a.text
            FROM answer a JOIN contact c ON c.id = a.contact_id
            ORDER BY a.contact_id, a.id
            """
        )
        for _, group in groupby(rows, key=lambda row: row["contact_id"]):
            first, *rest = group
            per_touch: dict[int, dict[str, str]] = {}
            for row in (first, *rest):
                per_touch.setdefault(row["touch_id"], {})[row["question"]] = row["text"]
            yield AnswerHistory(
                contact_id=first["contact_id"],
                name=first["name"],
                company=first["company"],
                status=first["status"],
                touches=list(per_touch.values()),
            )

    # -- export and calendar ------------------------------------------------

    # The latest answer to a question (?) among the answers ``match`` picks, as the
    # expression ``value`` of its text.
    ANSWER = "SELECT {value} FROM answer WHERE {match} AND question = ? ORDER BY id DESC LIMIT 1"
    # A contact's (c) latest answer to a question: one seek in the (contact_id, question) index.
    LATEST_ANSWER = ANSWER.format(value="text", match="contact_id = c.id")
    # Per kind of export: the table it lists (aliased), what it joins for the other
    # columns, the names of exported keys that are not a column of the table itself,
    # and which value-check answers go with a row (a contact's, or those given with
    # the touch; the latest is exported). Each row of the table gives exactly one
    # exported row.
    EXPORTS: Mapping[str, tuple[str, str, str, Mapping[str, str], str | None]] = {
        "contacts": (
            "contact",
            "c",
            "LEFT JOIN event e ON e.id = c.event_id "
            f"LEFT JOIN followup f ON f.contact_id = c.id AND f.status = '{PENDING}'",
            {"event": "e.name", "next_due": "f.due"},
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

    def answered_keys(self) -> set[str]:
        """Every value-check key that has an answer somewhere."""
        # Unordered on purpose: with ORDER BY, SQLite sorts every row of the table
        # first, which takes four times as long on a large store.
        return {row[0] for row in self.db.execute("SELECT DISTINCT question FROM answer")}

    def export_count(self, kind: str) -> int:
        """How many rows ``export_rows(kind, …)`` yields (for a progress bar)."""
        # The table alone: its joins add no rows, and counting through them is slow.
        table = self.EXPORTS[kind][0]
        return self.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]

    def export_rows(
        self,
        kind: str,
        keys: Sequence[str],
        answer_keys: Sequence[str] = (),
        unanswered: Collection[str] = (),
        *,
        tag_separator: str = ",",
        spreadsheet_safe: bool = False,
    ) -> Iterator[tuple[Any, ...]]:
        """Every contact, touch or follow-up (``kind``), by id: plain tuples.

        Each tuple holds the values of ``keys`` in order, then one answer per
        ``answer_keys`` entry (None when unanswered); keys in ``unanswered`` have no
        answer anywhere, so they are not looked up. Rows are read from the cursor as
        the caller iterates, so memory stays flat however large the store.

        Values are as stored, except that tags come joined with ``tag_separator``
        and, when ``spreadsheet_safe``, text a spreadsheet could run comes led by
        ``'``: how a CSV export shows them (``csvsafe.neutralised``). SQLite does that
        as it reads each row; done in Python, cell by cell, it took most of the time
        of a large export.
        """
        table, alias, joins, renamed, answers = self.EXPORTS[kind]

        def cell(value: str) -> str:
            return neutralised_sql(value) if spreadsheet_safe else value

        separator = "'" + tag_separator.replace("'", "''") + "'"  # as an SQL string

        def column(key: str) -> str:
            value = renamed.get(key, f"{alias}.{key}")
            if key == "tags" and tag_separator != ",":
                # Stored tags never hold an empty one (fields.stored_tags): a plain replace.
                value = f"replace({value}, ',', {separator})"
            return cell(value)

        answered = f"({self.ANSWER.format(value=cell('text'), match=answers)})"
        selected = [column(key) for key in keys]
        selected += ["NULL" if key in unanswered else answered for key in answer_keys]
        cursor = self.db.cursor()
        cursor.row_factory = None  # tuples: read by position, and cheaper than Row
        return cursor.execute(
            f"SELECT {', '.join(selected)} FROM {table} {alias} {joins} ORDER BY {alias}.id",
            [key for key in answer_keys if key not in unanswered],
        )

    def calendar_entries(self, until: date, value_key: str) -> Iterator[dict[str, Any]]:
        """Pending follow-ups due on or before ``until``, with what a calendar event shows.

        Each carries the contact's details and their latest answer to ``value_key``;
        ordered by due date, then name.
        """
        rows = self.db.execute(
            f"""
            SELECT f.id, f.contact_id, c.name, c.company, c.email, c.phone, c.problem,
                   f.kind, f.step, f.steps_total, f.channel, f.action, f.due,
                   ({self.LATEST_ANSWER}) AS value
            FROM followup f JOIN contact c ON c.id = f.contact_id
            WHERE f.status = '{PENDING}' AND f.due <= ?
            ORDER BY f.due, c.name COLLATE NOCASE, c.id
            """,
            (value_key, until),
        )
        for row in rows:
            yield {**dict(row), "due": date.fromisoformat(row["due"])}

    # -- maintenance ----------------------------------------------------------
    # `undo`, `backup` and `doctor`. The checks look for what a healthy store
    # never holds; the repairs are row writes `doctor --fix` makes in writing().

    EMAIL_INDEX = "ix_contact_email"
    # Rows that mean nothing without their contact (or touch); a contact is never deleted.
    ORPHANS_DELETED = ("touch", "answer", "followup")

    def undo_last(self) -> _journal.Operation | None:
        """Reverse the newest journaled operation in one transaction; None if there is none.

        The undo itself is not journaled, so undoing again goes one more step back.
        """
        # The pragma is a no-op inside a transaction, so it wraps the transaction.
        self.db.execute("PRAGMA foreign_keys = OFF")
        try:
            with _connection.transaction(self.db):
                return _journal.undo_last(self.db)
        finally:
            self.db.execute("PRAGMA foreign_keys = ON")

    def undoable(self) -> list[_journal.Operation]:
        """The operations ``undo_last`` can reverse, newest first."""
        return _journal.operations(self.db)

    def back_up(self, target: Path) -> None:
        _connection.backup(self.db, target)

    def integrity_problems(self) -> list[str]:
        """What ``PRAGMA integrity_check`` finds wrong with the file; empty when it is sound."""
        found = [row[0] for row in self.db.execute("PRAGMA integrity_check")]
        return [] if found == ["ok"] else found

    def rebuild_index(self, name: str) -> None:
        """Rebuild an index from its table's rows (``name`` as integrity_check reports it)."""
        self.db.execute(f'REINDEX "{name}"')

    def broken_references(self) -> list[tuple[str, int, str]]:
        """Rows whose foreign key names a missing row: (table, row id, table of the missing row)."""
        return [(row[0], row[1], row[2]) for row in self.db.execute("PRAGMA foreign_key_check")]

    def repair_reference(self, table: str, row_id: int) -> None:
        """Remove a row that belongs to nothing; a contact only loses its missing event."""
        if table == "contact":
            self.db.execute("UPDATE contact SET event_id = NULL WHERE id = ?", (row_id,))
        elif table in self.ORPHANS_DELETED:
            self.db.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,))
        else:
            raise ValueError(f"no repair for a broken reference in {table}")

    def duplicate_pending(self) -> list[list[Pending]]:
        """Per contact with more than one pending follow-up, all of them, oldest first."""
        rows = self.db.execute(
            f"""
            SELECT * FROM followup WHERE status = '{PENDING}' AND contact_id IN (
                SELECT contact_id FROM followup WHERE status = '{PENDING}'
                GROUP BY contact_id HAVING COUNT(*) > 1
            ) ORDER BY contact_id, id
            """
        )
        grouped: dict[int, list[Pending]] = {}
        for row in rows:
            grouped.setdefault(row["contact_id"], []).append(Pending.from_row(row))
        return list(grouped.values())

    def close_follow_up(self, followup_id: int, status: str) -> None:
        self.db.execute(
            "UPDATE followup SET status = ?, closed_at = ? WHERE id = ?",
            (status, self.now, followup_id),
        )

    def contacts_without_pending(self, statuses: Collection[str]) -> list[Contact]:
        """Contacts in one of ``statuses`` that have no pending follow-up, by id."""
        marks = ", ".join("?" for _ in statuses)
        rows = self.db.execute(
            f"""
            SELECT {CONTACT_COLUMNS} FROM {CONTACTS_WITH_EVENT}
            WHERE c.status IN ({marks}) AND NOT EXISTS (
                SELECT 1 FROM followup f WHERE f.contact_id = c.id AND f.status = '{PENDING}'
            ) ORDER BY c.id
            """,
            list(statuses),
        )
        return [Contact.from_row(row) for row in rows]

    def pending_outside(self, statuses: Collection[str]) -> list[tuple[Contact, Pending]]:
        """Pending follow-ups of contacts whose status is not one of ``statuses``."""
        marks = ", ".join("?" for _ in statuses)
        rows = self.db.execute(
            f"""
            SELECT f.* FROM followup f JOIN contact c ON c.id = f.contact_id
            WHERE f.status = '{PENDING}' AND c.status NOT IN ({marks}) ORDER BY c.id, f.id
            """,
            list(statuses),
        ).fetchall()
        return [(self.contact(row["contact_id"]), Pending.from_row(row)) for row in rows]

    def shared_emails(self) -> list[tuple[str, list[int]]]:
        """Each email (any case) that more than one contact has, with their ids."""
        rows = self.db.execute(
            "SELECT email, group_concat(id) AS ids FROM contact WHERE email IS NOT NULL "
            "GROUP BY email HAVING COUNT(*) > 1 ORDER BY MIN(id)"
        )
        return [(row["email"], sorted(int(i) for i in row["ids"].split(","))) for row in rows]

    def email_index_is_unique(self) -> bool:
        return any(
            row["name"] == self.EMAIL_INDEX and row["unique"]
            for row in self.db.execute("PRAGMA index_list(contact)")
        )

    def make_email_index_unique(self) -> None:
        """Rebuild the email index as unique (schema 2 left it plain over duplicates)."""
        self.db.execute(f"DROP INDEX IF EXISTS {self.EMAIL_INDEX}")
        self.db.execute(f"CREATE UNIQUE INDEX {self.EMAIL_INDEX} ON contact (email)")

    # -- bulk import ----------------------------------------------------------
    # `import` adds thousands of contacts at once. Row by row, the statements and the
    # undo journal's per-row triggers took most of its time; here a batch of them is
    # one executemany with ids chosen under the write lock, journaled as one undo step
    # (their first follow-ups go in the same way: see store/importing.py).

    def add_contacts(self, contacts: Sequence[Mapping[str, Any]]) -> range:
        """``add_contact`` for many at once, all with the same keys; returns their ids in order."""
        if not contacts:
            return range(0)
        keys = list(contacts[0])
        stamp = sqlite3.adapt(self.now)  # once, not for every row
        rows = [(*map(contact.__getitem__, keys), stamp, stamp) for contact in contacts]
        return self._insert_many("contact", [*keys, "created_at", "updated_at"], rows)

    def _insert_many(
        self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> range:
        """Insert ``rows``, each the values of ``columns``; returns their new ids in order."""
        if not rows:
            return range(0)
        first = 1 + self.db.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]
        ids = range(first, first + len(rows))  # new and consecutive: we hold the write lock
        marks = ", ".join("?" * (1 + len(columns)))
        with _journal.inserting_as_one_step(self.db, table, ids):
            self.db.executemany(
                f"INSERT INTO {table} (id, {', '.join(columns)}) VALUES ({marks})",
                [(row_id, *row) for row_id, row in zip(ids, rows, strict=True)],
            )
        return ids


def plan_row(plan: FollowUpPlan) -> tuple[Any, ...]:
    """The values of ``PLAN_COLUMNS`` for ``plan``."""
    return (
        plan.kind,
        plan.step,
        plan.steps_total,
        plan.channel,
        plan.action,
        plan.scheduled_from,
        plan.wait,
        plan.due,
    )


def _pending_row(contact_id: int, plan: FollowUpPlan, created_at: Any) -> tuple[Any, ...]:
    """The values of ``PENDING_COLUMNS`` for ``plan``."""
    return (contact_id, *plan_row(plan), PENDING, created_at)


def _due_item(row: sqlite3.Row) -> DueItem:
    return DueItem(
        contact_id=row["contact_id"],
        name=row["name"],
        company=row["company"],
        kind=row["kind"],
        due=date.fromisoformat(row["due"]),
        step=row["step"],
        steps_total=row["steps_total"],
        channel=row["channel"],
        action=row["action"],
    )


def _searchable(contact: Contact) -> str:
    parts: Iterable[str | None] = (
        contact.name,
        contact.company,
        contact.title,
        contact.email,
        contact.notes,
        contact.discussed,
        contact.promised,
        contact.problem,
        contact.decider,
        contact.tags,
    )
    return " ".join(part for part in parts if part).casefold()
