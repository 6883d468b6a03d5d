"""The baselines for import and export: what a competent person writes with the standard library.

    python benchmarks/plain.py insert SCANS.csv STORE.db
    python benchmarks/plain.py export STORE.db OUT.csv
    python benchmarks/plain.py headers MAIL.mbox COUNT.txt
    python benchmarks/plain.py copy SCANS.csv postgresql://…

``insert`` reads a badge-scan CSV (see ``generate.badge_scans``) with ``csv.DictReader``
and, in one transaction, inserts each person once (a repeated address, compared
without case, is skipped) as an active ``contact`` row, and one pending ``followup``
row for step 1 of the event-warm cadence, due the next weekday after the scan. Both
go in with ``executemany`` into a database that already has followup's tables and
indexes (the runner gives it a copy of an empty store without the undo journal's
triggers), so that both sides do the same SQLite work for the data. It checks
nothing, parses only the date, and knows no holidays.

``export`` writes, with ``csv.writer``, every contact with its event's name, its
pending follow-up's due date and its latest answer to each value-check question
ever answered: the columns `followup export contacts --format csv` writes, without
its spreadsheet-safe quoting.

``copy`` does what ``insert`` does into a team's PostgreSQL database, as psycopg's
documentation recommends for many rows: the new ids taken from the sequence at once,
then ``COPY`` of the contacts and of their first follow-ups, in one transaction.

``headers`` reads every message of an mbox file with ``mailbox.mbox`` and parses
its header block with ``email``'s compat32 header parser: the sender's address
and name, the date, the Message-ID, In-Reply-To and References, the subject,
List-Id and the auto-reply headers, what `followup inbox sync` reads of each
message to decide about it. It writes how many messages it read.
"""

import csv
import mailbox
import sqlite3
import sys
from datetime import date, datetime, timedelta
from email.header import decode_header
from email.parser import BytesHeaderParser
from email.policy import compat32
from email.utils import getaddresses, parsedate_to_datetime

CADENCE = "event-warm"
STEPS = 7
FIRST_STEP = ("email", "Recap the conversation, deliver what you promised, ask for the meeting")
CONTACT_COLUMNS = (
    "id, name, company, title, email, phone, linkedin, tz, tags, notes, event, met_on, "
    "discussed, promised, problem, decider, status, cadence, meeting_on, closed_on, "
    "close_reason, worked, lesson, next_due"
)


def scanned(csv_path: str, now: str) -> list[tuple[str | None, ...]]:
    """Each person of the badge scans once, as a contact row (see ``insert``)."""
    seen = set()
    contacts: list[tuple[str | None, ...]] = []
    with open(csv_path, newline="", encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            if row["Email"].casefold() in seen:
                continue
            seen.add(row["Email"].casefold())
            contacts.append(
                (
                    f"{row['First Name']} {row['Last Name']}",
                    row["Company"],
                    row["Title"] or None,
                    row["Email"],
                    row["Phone"] or None,
                    row["Notes"] or None,
                    row["Scan Date"],
                    "active",
                    CADENCE,
                    now,
                    now,
                )
            )
    return contacts


def insert(csv_path: str, db_path: str) -> None:
    now = datetime.now().isoformat(sep=" ")
    contacts = scanned(csv_path, now)
    db = sqlite3.connect(db_path)
    with db:
        # SQLite numbers each new row one past the largest id, so these are the new ids.
        first_id = 1 + db.execute("SELECT coalesce(max(id), 0) FROM contact").fetchone()[0]
        db.executemany(
            "INSERT INTO contact (name, company, title, email, phone, notes, met_on, status, "
            "cadence, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            contacts,
        )
        db.executemany(
            "INSERT INTO followup (contact_id, kind, step, steps_total, channel, action, "
            "scheduled_from, wait, due, status, created_at) "
            "VALUES (?, 'touch', 1, ?, ?, ?, ?, 1, ?, 'pending', ?)",
            (
                (
                    first_id + number,
                    STEPS,
                    *FIRST_STEP,
                    contact[6],
                    _next_weekday(str(contact[6])),
                    now,
                )
                for number, contact in enumerate(contacts)
            ),
        )
    db.close()


def copy(csv_path: str, url: str) -> None:
    import psycopg

    now = datetime.now().isoformat(sep=" ")
    contacts = scanned(csv_path, now)
    with psycopg.connect(url) as db:
        sequence = "pg_get_serial_sequence('contact', 'id')"
        (first_id,) = db.execute(f"SELECT nextval({sequence})").fetchone()  # type: ignore[misc]
        db.execute(f"SELECT setval({sequence}, %s)", (first_id + len(contacts) - 1,))
        with db.cursor().copy(
            "COPY contact (id, name, company, title, email, phone, notes, met_on, status, "
            "cadence, created_at, updated_at) FROM STDIN"
        ) as rows:
            for number, contact in enumerate(contacts):
                rows.write_row((first_id + number, *contact))
        with db.cursor().copy(
            "COPY followup (contact_id, kind, step, steps_total, channel, action, "
            "scheduled_from, wait, due, status, created_at) FROM STDIN"
        ) as rows:
            for number, contact in enumerate(contacts):
                met_on = str(contact[6])  # the scan's day
                rows.write_row(
                    (first_id + number, "touch", 1, STEPS, *FIRST_STEP, met_on, 1,
                     _next_weekday(met_on), "pending", now)
                )  # fmt: skip


def _next_weekday(day: str) -> str:
    due = date.fromisoformat(day) + timedelta(days=1)
    while due.weekday() >= 5:
        due += timedelta(days=1)
    return due.isoformat()


def export(db_path: str, csv_path: str) -> None:
    db = sqlite3.connect(db_path)
    questions = [row[0] for row in db.execute("SELECT DISTINCT question FROM answer")]
    latest = (
        "(SELECT text FROM answer WHERE contact_id = c.id AND question = ? "
        "ORDER BY id DESC LIMIT 1)"
    )
    rows = db.execute(
        "SELECT c.id, c.name, c.company, c.title, c.email, c.phone, c.linkedin, c.tz, c.tags, "
        "c.notes, e.name, c.met_on, c.discussed, c.promised, c.problem, c.decider, c.status, "
        "c.cadence, c.meeting_on, c.closed_on, c.close_reason, c.worked, c.lesson, f.due"
        + "".join(f", {latest}" for _ in questions)
        + " FROM contact c LEFT JOIN event e ON e.id = c.event_id "
        "LEFT JOIN followup f ON f.contact_id = c.id AND f.status = 'pending' ORDER BY c.id",
        questions,
    )
    with open(csv_path, "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(CONTACT_COLUMNS.split(", ") + [f"answer_{key}" for key in questions])
        writer.writerows(rows)
    db.close()


def headers(mbox_path: str, count_path: str) -> None:
    parser = BytesHeaderParser(policy=compat32)
    read = 0
    box = mailbox.mbox(mbox_path, create=False)
    for key in box.iterkeys():
        raw = box.get_bytes(key)
        end = raw.find(b"\n\n")
        header = parser.parsebytes(raw[: end + 2] if end != -1 else raw)
        getaddresses([str(header.get("From", ""))])
        if header.get("Date"):
            parsedate_to_datetime(str(header["Date"]))
        decode_header(str(header.get("Subject", "")))
        for name in ("Message-ID", "In-Reply-To", "References", "List-Id", "Auto-Submitted"):
            header.get_all(name)
        read += 1
    box.close()
    with open(count_path, "w", encoding="utf-8") as stream:
        stream.write(f"{read}\n")


if __name__ == "__main__":
    command, source, target = sys.argv[1:]
    {"insert": insert, "export": export, "headers": headers, "copy": copy}[command](source, target)
