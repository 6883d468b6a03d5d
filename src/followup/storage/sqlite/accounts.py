"""Accounts in SQLite: companies, the keys that link contacts to them, their people.

A contact's account is worked out from their company and email (``link``): the
account that has the company's normalised name, or failing that their mail
domain; a company nobody has yet makes a new account. Each account keeps every
key it was ever linked by (``account_key``), so that a renamed or merged account
still gathers the spellings it had.
"""

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from followup.domain.accounts import account_key, mail_domain
from followup.domain.contact import Contact
from followup.domain.records import Account, AccountSummary, Touch
from followup.domain.status import CLOSED, LOST, WON
from followup.errors import Ambiguous
from followup.storage.sqlite import rows
from followup.storage.sqlite.rows import (
    CONTACT_COLUMNS,
    CONTACTS_WITH_EVENT,
    PENDING_OF_CONTACT,
    marks,
)

NAME, DOMAIN = "name:", "domain:"
CHUNK = 500  # contacts linked per query


def keys_of(company: str | None, email: str | None) -> tuple[str | None, str | None]:
    """The account keys a contact with ``company`` and ``email`` is linked by."""
    name = account_key(company)
    domain = mail_domain(email)
    return (NAME + name if name else None), (DOMAIN + domain if domain else None)


def link(db: sqlite3.Connection, now: datetime, contact_ids: Iterable[int] | None = None) -> None:
    """Link each contact (every one, without ``contact_ids``) to the account they are at.

    Shared by the store and the migration that brought accounts, so it works on
    the bare connection.
    """
    wanted = None if contact_ids is None else list(contact_ids)
    chunks: list[list[int] | None] = [None]
    if wanted is not None:
        chunks = [wanted[at : at + CHUNK] for at in range(0, len(wanted), CHUNK)]
    known: dict[str, int] = {}
    for chunk in chunks:
        where = f"WHERE id IN ({marks(chunk)})" if chunk is not None else ""
        people = db.execute(
            f"SELECT id, company, email, account_id FROM contact {where} ORDER BY id",
            chunk or [],
        ).fetchall()
        found = accounts_of(db, now, [(company, email) for _, company, email, _ in people], known)
        moved = [
            (account_id, person[0])
            for person, account_id in zip(people, found, strict=True)
            if account_id != person[3]
        ]
        # A statement per CHUNK: on a server a statement per contact is a round trip each,
        # and SQLite takes at most 32,766 parameters in one.
        for at in range(0, len(moved), CHUNK):
            part = moved[at : at + CHUNK]
            pairs = ", ".join(["(CAST(? AS INTEGER), CAST(? AS INTEGER))"] * len(part))
            db.execute(
                f"UPDATE contact SET account_id = v.column1 FROM (VALUES {pairs}) AS v "
                "WHERE contact.id = v.column2",
                [value for pair in part for value in pair],
            )


def accounts_of(
    db: sqlite3.Connection,
    now: datetime,
    people: Sequence[tuple[str | None, str | None]],
    known: dict[str, int] | None = None,
) -> list[int | None]:
    """The account each (company, email) is at; a company no account has yet gets one.

    ``known`` (account keys to accounts) is what earlier calls found, and learns more.
    """
    known = {} if known is None else known
    keys = [keys_of(company, email) for company, email in people]
    needed = {key for pair in keys for key in pair if key and key not in known}
    if needed:
        found = db.execute(
            f"SELECT key, account_id FROM account_key WHERE key IN ({marks(needed)})",
            list(needed),
        )
        known.update((key, account_id) for key, account_id in found)
    accounts: list[int | None] = []
    for (company, _), (name, domain) in zip(people, keys, strict=True):
        account_id = known.get(name or "") or known.get(domain or "")
        if account_id is None and name and company:
            account_id = _new_account(db, now, company.strip())
        for key in (name, domain):
            if key and account_id is not None and key not in known:
                db.execute(
                    "INSERT INTO account_key (key, account_id) VALUES (?, ?)", (key, account_id)
                )
                known[key] = account_id
        accounts.append(account_id)
    return accounts


def _new_account(db: sqlite3.Connection, now: datetime, name: str) -> int:
    """A new account called ``name``, or ``name`` with a number when another has it.

    Another has it only when its spelling stopped linking to it (an account renamed
    away from a name whose key another account holds): rare, but the name is unique.
    """
    shown, number = name, 1
    while db.execute("SELECT 1 FROM account WHERE name = ?", (shown,)).fetchone():
        number += 1
        shown = f"{name} ({number})"
    cursor = db.execute(
        "INSERT INTO account (name, created_at) VALUES (?, ?)", (shown, now.isoformat(" "))
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


# An account (a) with the name of who holds it, as ``account`` reads it.
ACCOUNTS = (
    "SELECT a.*, h.name AS held_by_name FROM account a LEFT JOIN contact h ON h.id = a.held_by"
)


def account(row: sqlite3.Row) -> Account:
    return Account(
        id=row["id"],
        name=row["name"],
        held_by=row["held_by"],
        held_by_name=row["held_by_name"],
        held_because=row["held_because"],
        held_on=rows.day(row["held_on"]),
    )


# Each account with its people by status, their latest touch and soonest pending item;
# a contact's latest touch is one seek at the end of the touch index's range. Grouped
# by SUMMARY_KEY, which names every column not added up (as PostgreSQL wants).
SUMMARY = f"""
    SELECT a.*, h.name AS held_by_name, count(c.id) AS people,
           count(CASE WHEN c.status NOT IN ({", ".join(f"'{name}'" for name in CLOSED)})
                 THEN 1 END) AS open,
           count(CASE WHEN c.status = '{WON}' THEN 1 END) AS won,
           count(CASE WHEN c.status = '{LOST}' THEN 1 END) AS lost,
           max((SELECT max(happened_on) FROM touch WHERE contact_id = c.id)) AS last_touch_on,
           min(f.due) AS next_due
    FROM account a
    LEFT JOIN contact h ON h.id = a.held_by
    JOIN contact c ON c.account_id = a.id
    LEFT JOIN followup f ON {PENDING_OF_CONTACT}
"""
SUMMARY_KEY = "a.id, h.name"


class SqliteAccounts(rows.Tables):
    def link(self, contact_ids: Iterable[int]) -> None:
        link(self.db, self.now, contact_ids)

    def summaries(self) -> list[AccountSummary]:
        found = self.db.execute(f"{SUMMARY} GROUP BY {SUMMARY_KEY} ORDER BY a.name COLLATE NOCASE")
        return [_summary(row) for row in found]

    def get(self, account_id: int) -> Account:
        row = self.db.execute(f"{ACCOUNTS} WHERE a.id = ?", (account_id,)).fetchone()
        return account(row)

    def find(self, name: str) -> Account | None:
        found = self._named(name.strip())
        if found is None and (key := account_key(name)):
            row = self.db.execute(
                f"{ACCOUNTS} JOIN account_key k ON k.account_id = a.id WHERE k.key = ?",
                (NAME + key,),
            ).fetchone()
            found = account(row) if row else None
        return found

    def containing(self, part: str, leading_words: bool = False) -> Account | None:
        wanted = account_key(part)
        if not wanted:
            return None

        def holds(name: str) -> bool:
            key = account_key(name) or ""
            return f"{key} ".startswith(f"{wanted} ") if leading_words else wanted in key

        named = [
            found
            for found in self.db.execute(f"{ACCOUNTS} ORDER BY a.name COLLATE NOCASE")
            if holds(found["name"])
        ]
        if len(named) > 1:
            listed = ", ".join(repr(found["name"]) for found in named[:8])
            raise Ambiguous(f"{part!r} matches {len(named)} accounts: {listed}")
        return account(named[0]) if named else None

    def _named(self, name: str) -> Account | None:
        """The account called exactly ``name``, in any case."""
        row = self.db.execute(f"{ACCOUNTS} WHERE a.name = ?", (name,)).fetchone()
        return account(row) if row else None

    def people(self, account_id: int) -> list[Contact]:
        found = self.db.execute(
            f"SELECT {CONTACT_COLUMNS} FROM {CONTACTS_WITH_EVENT} WHERE c.account_id = ? "
            "ORDER BY c.name COLLATE NOCASE, c.id",
            (account_id,),
        )
        return [rows.contact(row) for row in found]

    def touches(self, account_id: int) -> list[Touch]:
        """Every touch with someone at the account, in date order."""
        found = self.db.execute(
            "SELECT t.* FROM touch t JOIN contact c ON c.id = t.contact_id "
            "WHERE c.account_id = ? ORDER BY t.happened_on, t.id",
            (account_id,),
        )
        return [rows.touch(row, {}) for row in found]

    def rename(self, account_id: int, name: str) -> None:
        self.update_row("account", account_id, {"name": name})
        if key := account_key(name):
            self.db.execute(
                "INSERT INTO account_key (key, account_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                (NAME + key, account_id),
            )

    def merge(self, keep_id: int, other_id: int) -> None:
        """Everyone and every key of ``other_id`` to ``keep_id``; ``other_id`` is gone.

        The newer of the two conversations is the merged account's.
        """
        self.db.execute(
            """
            UPDATE account SET (held_by, held_because, held_on) = (
                SELECT o.held_by, o.held_because, o.held_on FROM account o WHERE o.id = :other)
            WHERE id = :keep AND EXISTS (
                SELECT 1 FROM account o WHERE o.id = :other AND o.held_on IS NOT NULL
                AND (account.held_on IS NULL OR o.held_on > account.held_on))
            """,
            {"keep": keep_id, "other": other_id},
        )
        self.db.execute(
            "UPDATE contact SET account_id = ? WHERE account_id = ?", (keep_id, other_id)
        )
        self.db.execute(
            "UPDATE account_key SET account_id = ? WHERE account_id = ?", (keep_id, other_id)
        )
        self.db.execute("DELETE FROM account WHERE id = ?", (other_id,))

    def hold(self, account_id: int, contact_id: int, because: str, on: date) -> None:
        self.update_row(
            "account",
            account_id,
            {"held_by": contact_id, "held_because": because, "held_on": on},
        )

    def hold_colleagues(self, account_id: int) -> int:
        return 0  # one seller's own store: ``people`` has everyone at the account

    def silent_without_decider(self) -> list[AccountSummary]:
        """Accounts of two or more people where everyone was written to and nobody ever
        answered (no inbound touch), and no decider was ever linked."""
        found = self.db.execute(
            f"""
            {SUMMARY}
            GROUP BY {SUMMARY_KEY}
            HAVING count(c.id) > 1 AND count(c.id) = (
                   SELECT count(DISTINCT o.contact_id) FROM touch o JOIN contact p
                   ON p.id = o.contact_id WHERE p.account_id = a.id AND o.direction = 'out')
               AND NOT EXISTS (
                   SELECT 1 FROM contact p JOIN touch i ON i.contact_id = p.id
                   WHERE p.account_id = a.id AND i.direction = 'in')
               AND NOT EXISTS (
                   SELECT 1 FROM contact p WHERE p.account_id = a.id AND p.decider_id IS NOT NULL)
            ORDER BY a.name COLLATE NOCASE
            """
        )
        return [_summary(row) for row in found]


def _summary(row: Any) -> AccountSummary:
    return AccountSummary(
        account=account(row),
        people=row["people"],
        open=row["open"] or 0,
        won=row["won"] or 0,
        lost=row["lost"] or 0,
        last_touch_on=rows.day(row["last_touch_on"]),
        next_due=rows.day(row["next_due"]),
    )
