"""What the reports read in SQLite: each contact's story, streamed one contact at a time."""

from collections.abc import Iterator
from datetime import date
from itertools import groupby
from typing import TYPE_CHECKING

from followup.domain.contact import Contact
from followup.domain.records import PipelineRow, Seller
from followup.domain.status import WON
from followup.storage.sqlite import rows
from followup.storage.sqlite.followups import ITEMS, item_of
from followup.storage.sqlite.rows import (
    CONTACT_COLUMNS,
    CONTACTS_WITH_EVENT,
    PENDING,
    PENDING_ITEM_COLUMNS,
)

# A contact (c) of the seller :owner, or anyone's when it is NULL (cast, so that a
# database that types parameters knows what a NULL one is).
OWNED_BY = "(CAST(:owner AS TEXT) IS NULL OR c.owner = :owner)"

if TYPE_CHECKING:  # imported where used: reports are not on the everyday path
    from followup.domain.report import AnswerHistory, History


class SqliteReports(rows.Tables):
    def histories(self, owner: str | None = None) -> Iterator["History"]:
        """Every contact with its touches in timeline order, one contact at a time.

        One ordered pass over contacts joined to their touches (the touch index
        gives the order), so memory holds a single contact's touches at a time.
        """
        from followup.domain.report import History, TouchFact

        found = self.db.execute(
            f"""
            SELECT c.id, c.status, c.closed_on, c.owner, e.name AS event_name,
                   a.name AS account_name, t.id AS touch_id, t.happened_on, t.direction,
                   t.outcome, t.channel, t.step, t.check_skipped
            FROM contact c
            LEFT JOIN event e ON e.id = c.event_id
            LEFT JOIN account a ON a.id = c.account_id
            LEFT JOIN touch t ON t.contact_id = c.id
            WHERE {OWNED_BY}
            ORDER BY c.id, t.happened_on, t.id
            """,
            {"owner": owner},
        )
        for _, group in groupby(found, key=lambda row: row["id"]):
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
                account=first["account_name"],
                status=first["status"],
                closed_on=rows.day(first["closed_on"]),
                touches=touches,
                owner=first["owner"],
            )

    def answer_histories(self, owner: str | None = None) -> Iterator["AnswerHistory"]:
        """Each contact that has value-check answers, with them per touch, oldest first.

        One ordered pass over the answers; one contact's answers are in memory at a time.
        """
        from followup.domain.report import AnswerHistory
        from followup.domain.valuecheck import KeptAnswer

        found = self.db.execute(
            f"""
            SELECT a.contact_id, c.name, c.company, c.status, a.touch_id, a.question, a.text,
                   a.kept
            FROM answer a JOIN contact c ON c.id = a.contact_id
            WHERE {OWNED_BY}
            ORDER BY a.contact_id, a.id
            """,
            {"owner": owner},
        )
        for _, group in groupby(found, key=lambda row: row["contact_id"]):
            first, *rest = group
            per_touch: dict[int, dict[str, str]] = {}
            for row in (first, *rest):
                text = KeptAnswer(row["text"]) if row["kept"] else row["text"]
                per_touch.setdefault(row["touch_id"], {})[row["question"]] = text
            yield AnswerHistory(
                contact_id=first["contact_id"],
                name=first["name"],
                company=first["company"],
                status=first["status"],
                touches=list(per_touch.values()),
            )

    def pipeline(self, owner: str | None = None) -> list[PipelineRow]:
        # Each contact's latest touches are one seek each in the (contact, day) index.
        found = self.db.execute(
            f"""
            SELECT * FROM (
                SELECT {PENDING_ITEM_COLUMNS}, c.status,
                       (SELECT MAX(happened_on) FROM touch t WHERE t.contact_id = c.id)
                           AS last_touch_on,
                       (SELECT MAX(happened_on) FROM touch t
                        WHERE t.contact_id = c.id AND t.direction = 'out') AS last_out_on,
                       (SELECT MAX(happened_on) FROM touch t
                        WHERE t.contact_id = c.id AND t.direction = 'in') AS last_in_on
                FROM followup f JOIN contact c ON c.id = f.contact_id
                WHERE f.status = '{PENDING}' AND {OWNED_BY}
            ) AS open ORDER BY due, last_out_on, name COLLATE NOCASE, contact_id
            """,
            {"owner": owner},
        )
        return [
            PipelineRow(
                rows.due_item(row),
                row["status"],
                rows.day(row["last_touch_on"]),
                rows.day(row["last_out_on"])
                if row["last_out_on"] and (row["last_in_on"] or "") < row["last_out_on"]
                else None,
            )
            for row in found
        ]

    def team(self, until: date) -> list[Seller]:
        # Each seller's due items are counted as `today --owner` lists them.
        found = self.db.execute(
            f"""
            SELECT s.owner, s.open, s.won,
                   (SELECT COUNT(*) FROM ({ITEMS}) AS item
                    WHERE {item_of("s.owner")}) AS due
            FROM (SELECT c.owner, count(c.has_next_step) AS open,
                         count(CASE WHEN c.status = '{WON}' THEN 1 END) AS won
                  FROM contact c GROUP BY c.owner) s
            ORDER BY s.owner IS NULL, s.owner COLLATE NOCASE
            """,
            {"after": date.min, "until": until},
        )
        return [Seller(row["owner"], row["open"], row["due"], row["won"]) for row in found]

    def lost(self, owner: str | None = None) -> list[Contact]:
        found = self.db.execute(
            f"SELECT {CONTACT_COLUMNS} FROM {CONTACTS_WITH_EVENT} "
            f"WHERE c.status = 'lost' AND {OWNED_BY} "
            "ORDER BY c.closed_on DESC, c.name COLLATE NOCASE, c.id",
            {"owner": owner},
        )
        return [rows.contact(row) for row in found]
