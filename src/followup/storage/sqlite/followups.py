"""Follow-ups in SQLite: every step ever scheduled, and at most one pending per contact."""

from collections.abc import Collection, Iterator
from datetime import date
from typing import Any

from followup.domain.accounts import ACCOUNT_PAUSE
from followup.domain.cadence import ACCOUNT_ITEM, REMINDER, TOUCH, FollowUpPlan
from followup.domain.records import DueItem, Pending
from followup.domain.status import PAUSED
from followup.storage.sqlite import rows
from followup.storage.sqlite.reminders import OPEN_REMINDER
from followup.storage.sqlite.rows import (
    ITEM_PEOPLE,
    PENDING,
    PENDING_COLUMNS,
    PENDING_ITEM_COLUMNS,
    PENDING_OF_CONTACT,
)

# Contacts (c) who wait for the one conversation at their account, which `today` shows
# once for the account instead of once each: Contact.waits_for_account, for SQL. One
# who left every account meanwhile is seen on their own again.
WAITING = (
    f"c.status = '{PAUSED}' AND c.pause_reason = '{ACCOUNT_PAUSE}' AND c.paused_until IS NULL "
    "AND c.account_id IS NOT NULL"
)
# An account's decision is due the day its conversation began; without one on record
# (accounts merged, or someone moved), the day the first of those waiting was due:
# whoever waits is on the agenda.
ACCOUNT_DUE = "coalesce(a.held_on, w.waited_since)"
# Every item on the agenda, due by :until (and after :after): each contact's pending
# follow-up (shown as ``resume`` while the contact is paused), the reminders still owed,
# and, for each account whose people wait for its one conversation, the decision.
ITEMS = f"""
    SELECT {PENDING_ITEM_COLUMNS}
    FROM followup f JOIN contact c ON c.id = f.contact_id
    WHERE f.status = '{PENDING}' AND f.due > :after AND f.due <= :until AND NOT ({WAITING})
    UNION ALL
    SELECT r.contact_id, c.name, c.company, '{REMINDER}', r.due, NULL, NULL, NULL, r.text,
           c.cadence, c.email, c.bounced_email, c.phone, c.linkedin, c.tz,
           {ITEM_PEOPLE.format(contact="c")}
    FROM reminder r JOIN contact c ON c.id = r.contact_id
    WHERE r.due > :after AND r.due <= :until AND {OPEN_REMINDER}
    UNION ALL
    SELECT coalesce(a.held_by, w.first), h.name, a.name, '{ACCOUNT_ITEM}', {ACCOUNT_DUE},
           NULL, NULL, NULL, a.held_because, NULL, NULL, NULL, NULL, NULL, NULL,
           a.id, a.name, NULL, NULL
    FROM (SELECT c.account_id, min(c.id) AS first, min(f.due) AS waited_since
          FROM contact c JOIN followup f ON {PENDING_OF_CONTACT}
          WHERE {WAITING} GROUP BY c.account_id) w
    JOIN account a ON a.id = w.account_id LEFT JOIN contact h ON h.id = a.held_by
    WHERE {ACCOUNT_DUE} > :after AND {ACCOUNT_DUE} <= :until
"""
# A contact's cadence item before their reminders, when the rest ties.
REMINDERS_LAST = f"kind = '{REMINDER}'"
# First touches come first, then the most overdue; ties by name so output is stable, and
# a contact's cadence item before their reminders.
DUE_ORDER = (
    f"ORDER BY (kind = '{TOUCH}' AND step = 1) DESC, due, name COLLATE NOCASE, contact_id, "
    f"{REMINDERS_LAST}"
)
# Whether an agenda item is the seller {owner}'s (a parameter or a column; NULL for
# nobody's): their contact's item, or the decision at an account where they have someone.
ITEM_OF = f"""(
    (item.kind != '{ACCOUNT_ITEM}' AND EXISTS (
        SELECT 1 FROM contact o WHERE o.id = item.contact_id AND {{owned}}))
    OR (item.kind = '{ACCOUNT_ITEM}' AND EXISTS (
        SELECT 1 FROM contact o WHERE o.account_id = item.account_id AND {{owned}}))
)"""
# Whether contact o's owner is {owner}, NULL matching NULL: SQLite's `IS`, written as
# PostgreSQL reads it too.
SAME_OWNER = "(o.owner = {owner} OR (o.owner IS NULL AND {owner} IS NULL))"


def item_of(owner: str) -> str:
    """ITEM_OF for the owner ``owner``: a column, or a parameter cast to its type."""
    return ITEM_OF.format(owned=SAME_OWNER.format(owner=owner))


EVER = date.min
SQLITE_MAX_INTEGER = 2**63 - 1
# The latest answer to a question (?) among the answers ``match`` picks, as the
# expression ``value`` of its text.
ANSWER = "SELECT {value} FROM answer WHERE {match} AND question = ? ORDER BY id DESC LIMIT 1"
# A contact's (c) latest answer to a question: one seek in the (contact_id, question) index.
LATEST_ANSWER = ANSWER.format(value="text", match="contact_id = c.id")


class SqliteFollowUps(rows.Tables):
    def due(self, until: date, limit: int | None = None, owner: str | None = None) -> list[DueItem]:
        # Any limit is accepted: one beyond SQLite's integers is as good as none. Without
        # one there is no LIMIT at all (SQLite's -1 for "all" is not PostgreSQL's).
        cut = "" if limit is None else "LIMIT :limit"
        found = self.db.execute(
            f"SELECT * FROM ({ITEMS}) AS item {_owned(owner)} {DUE_ORDER} {cut}",
            {
                "after": EVER,
                "until": until,
                "limit": None if limit is None else min(max(limit, 0), SQLITE_MAX_INTEGER),
                "owner": owner,
            },
        )
        return [rows.due_item(row) for row in found]

    def due_count(self, until: date, owner: str | None = None) -> int:
        counted = self.db.execute(
            f"SELECT COUNT(*) FROM ({ITEMS}) AS item {_owned(owner)}",
            {"after": EVER, "until": until, "owner": owner},
        ).fetchone()[0]
        return int(counted)

    def upcoming(self, after: date, until: date) -> list[DueItem]:
        found = self.db.execute(
            f"SELECT * FROM ({ITEMS}) AS item "
            f"ORDER BY due, name COLLATE NOCASE, contact_id, {REMINDERS_LAST}",
            {"after": after, "until": until},
        )
        return [rows.due_item(row) for row in found]

    def pending(self, contact_id: int) -> Pending | None:
        row = self.db.execute(
            f"SELECT * FROM followup WHERE {rows.PENDING_OF}", (contact_id,)
        ).fetchone()
        return rows.pending(row) if row else None

    def still_pending(self, contact_id: int, expected: Pending | None) -> bool:
        # The row's id is its version: every change of step closes the row and inserts a
        # new one, and only a date is ever moved in place (``reschedule``).
        current = self.db.execute(
            f"SELECT id FROM followup WHERE {rows.PENDING_OF}",
            (contact_id,),
        ).fetchone()
        return (current["id"] if current else None) == (expected.id if expected else None)

    def all_pending(self) -> list[Pending]:
        found = self.db.execute(f"SELECT * FROM followup WHERE status = '{PENDING}' ORDER BY id")
        return [rows.pending(row) for row in found]

    def open_pending(self, statuses: Collection[str]) -> list[tuple[str | None, Pending]]:
        found = self.db.execute(
            f"""
            SELECT c.cadence, f.* FROM followup f JOIN contact c ON c.id = f.contact_id
            WHERE f.status = '{PENDING}' AND c.status IN ({rows.marks(statuses)})
            """,
            list(statuses),
        )
        return [(row["cadence"], rows.pending(row)) for row in found]

    def schedule(self, contact_id: int, plan: FollowUpPlan) -> None:
        self.close_pending(contact_id, "superseded")
        row = rows.pending_row(contact_id, plan, self.now)
        self.insert_row("followup", dict(zip(PENDING_COLUMNS, row, strict=True)))

    def reschedule(self, pending: Pending, plan: FollowUpPlan, note: str | None = None) -> None:
        values = {"scheduled_from": plan.scheduled_from, "wait": plan.wait, "due": plan.due}
        self.update_row("followup", pending.id, {**values, **({"note": note} if note else {})})

    def close_pending(self, contact_id: int, status: str) -> None:
        self.db.execute(
            f"UPDATE followup SET status = ?, closed_at = ? WHERE {rows.PENDING_OF}",
            (status, self.now, contact_id),
        )

    def close(self, followup_id: int, status: str) -> None:
        self.db.execute(
            "UPDATE followup SET status = ?, closed_at = ? WHERE id = ?",
            (status, self.now, followup_id),
        )

    def calendar_entries(self, until: date, value_key: str) -> Iterator[dict[str, Any]]:
        found = self.db.execute(
            f"""
            SELECT f.id, f.contact_id, c.name, c.company, c.email, c.phone, c.problem,
                   f.kind, f.step, f.steps_total, f.channel, f.action, f.due,
                   ({LATEST_ANSWER}) AS value
            FROM followup f JOIN contact c ON c.id = f.contact_id
            WHERE f.status = '{PENDING}' AND f.due <= ? AND NOT ({WAITING})
            ORDER BY f.due, c.name COLLATE NOCASE, c.id
            """,
            (value_key, until),
        )
        for row in found:
            yield {**dict(row), "due": date.fromisoformat(row["due"])}


def _owned(owner: str | None) -> str:
    return f"WHERE {item_of('CAST(:owner AS TEXT)')}" if owner is not None else ""
