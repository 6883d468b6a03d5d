"""Build a realistic followup store of any size, the same every time for a given seed.

    python benchmarks/generate.py 10000 /tmp/followup-10k.db
    python benchmarks/generate.py 10000 /tmp/scans.csv --badge-scans

The newest 10,000 contacts are the working set: met over the two years
before the pinned day, at a few dozen events; most have finished their
cadence (won, lost, nurture, archived) and about one in six is still active,
with its pending follow-up spread around the pinned day so that `today` has
real work in it. A larger store adds history in front of them: people met
two to ten years earlier, all won, lost or archived. One person can only keep
so many conversations going, so what grows over the years is history, not
the day's work: `today` lists the same follow-ups in a 100k store as in a
10k one.

Each contact has about five touches; retries carry value-check answers. Rows
go in through the store's own write methods, so the data has exactly the
shape commands write, but in a plain transaction rather than as one undoable
operation: a store in use keeps only its last few commands in the undo
journal, not its whole history.

With ``--badge-scans`` it writes instead a CSV file to import, laid out as an
event's lead-scanner export: one row per scan over a few recent events, about
one in fifty of them a second scan of someone already in the file
(``--long-notes``: with the rep's remarks, about 200 bytes a row). With
``--photo-vcard`` it writes a vCard whose photo is that many bytes. With ``--mbox
STORE`` it writes a seller's week of received mail as an mbox file, some of it
from STORE's contacts (see ``inbox_mbox``).

    python benchmarks/generate.py 1000000 /tmp/scans-200mb.csv --badge-scans --long-notes
    python benchmarks/generate.py 50000000 /tmp/photo.vcf --photo-vcard
    python benchmarks/generate.py 10000 /tmp/week.mbox --mbox /tmp/followup-10k.db
"""

import argparse
import base64
import csv
import mailbox
import random
import sqlite3
from collections import deque
from datetime import date, datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from followup.domain.cadence import (
    AFTER_MEETING,
    ENGAGED,
    EVENT_WARM,
    after_touch,
    first_step,
    meeting,
    nurture_checkin,
)
from followup.domain.calendar import BusinessCalendar
from followup.domain.dates import Offset
from followup.storage.sqlite import SqliteStorage, accounts
from followup.storage.sqlite.transaction import transaction

PINNED_DAY = date(2026, 3, 2)
BERLIN = timezone(timedelta(hours=1))  # the mail's senders' time, in winter
FIRST_NAMES = "Ann Bob Chen Dana Emil Fatima Gita Hugo Ines Jonas Kenji Lena Maria Nadia Omar Priya"
LAST_NAMES = "Lee Smith Novak Okafor Raman Becker Watanabe Gonzalez Kowalski Haddad Berg Silva"
COMPANIES = "Acme Northwind Hikari Ledgerline Brightpath Globex Initech Umbrella Vandelay Wayne"
# Each base name comes in this many numbered firms (Acme417): a store of years spans
# thousands of accounts of a few people each.
FIRMS_PER_COMPANY = 1000
TITLES = ("CFO", "Head of IT", "Operations Lead", "Controller", "VP Sales", "", "")
# One closed deal in this many kept what worked and a lesson.
LESSON_EVERY = 3
# Finished contacts outnumber open ones in a store that has been used for years.
STATUS_WEIGHTS = {
    "active": 16,
    "engaged": 4,
    "meeting": 3,
    "nurture": 12,
    "won": 8,
    "lost": 27,
    "archived": 30,
}
WORKING_SET = 10_000
HISTORY_WEIGHTS = {"won": 8, "lost": 27, "archived": 30}
CALENDAR = BusinessCalendar()
BADGE_SCAN_HEADER = (
    "Scan Date",
    "First Name",
    "Last Name",
    "Title",
    "Company",
    "Email",
    "Phone",
    "Notes",
)
SCAN_FIRST_NAMES = (
    "Ann Bob Chen Dana Emil Fatima Gita Hugo Ines Jonas Kenji Lena Maria Nadia Omar Priya "
    "José Zoë Łukasz Søren Ngozi Aoife Mateus Yuki Amara Rafael Sofia Tomás Wei Leila"
)
SCAN_LAST_NAMES = (
    "Lee Smith Novak Okafor Raman Becker Watanabe Gonzalez Kowalski Haddad Berg Silva "
    "Müller O'Brien Dubois Rossi Nakamura Adeyemi Jensen Petrov García Nguyen Costa Kim"
)
SCAN_COMPANIES = (
    "Acme Inc.",
    "Northwind Traders",
    "Hikari GmbH",
    "Ledgerline",
    "Brightpath Logistics",
    "Globex Corporation",
    "Initech",
    "Umbrella Ltd",
    "Vandelay Industries",
    "Wayne Enterprises",
    "Tailspin Toys",
    "Contoso, Ltd.",
)
SCAN_TITLES = (
    "Head of IT",
    "CFO",
    "Operations Lead",
    "VP Sales",
    "Procurement Manager",
    "Controller",
    "Logistics Coordinator",
    "",
)
SCAN_NOTES = (
    "",
    "",
    "",
    "Budget approved for Q1; evaluating 3 vendors",
    'Asked for the "lane data" case study',
    "Not the decision maker, CFO decides",
    "Month-end close takes 9 days, wants 3",
    "Call after the trade show\nPrefers mornings",
)
# What a rep who takes notes at the booth adds (--long-notes): the 200 MB file's rows.
SCAN_REMARKS = (
    "Runs three warehouses in the Midwest; asked about returns handling and carrier rates.",
    'Visited with the procurement lead, who wants "apples to apples" pricing by March.',
    "Current vendor contract ends in Q3; open to a pilot on one site, then a wider rollout.",
    "Referred by a customer in Lyon; interested in the API, wants a sandbox account first.",
    "Cares about audit trails and SSO; the CISO must sign off before any trial can start.",
)
# Days before the pinned day on which each event's scanners ran (three-day shows).
SCAN_EVENT_DAYS = (95, 60, 33, 12)
REPEAT_SCAN_SHARE = 0.02
# A repeat scan is of someone scanned lately: the generator remembers this many people.
RECENT_SCANS = 10_000


def generate(path: Path, contacts: int, seed: int = 1) -> None:
    """Write a new store of ``contacts`` people to ``path`` (which must not exist)."""
    if path.exists():
        raise SystemExit(f"{path} exists; choose a new file")
    rng = random.Random(seed)
    store = SqliteStorage.open(path, datetime.combine(PINNED_DAY, datetime.min.time()))
    firsts, lasts, companies = FIRST_NAMES.split(), LAST_NAMES.split(), COMPANIES.split()
    with transaction(store.db):
        events = [
            store.events.add(f"Event {number}", PINNED_DAY - timedelta(days=20 * number), None)
            for number in range(36)
        ]
        history = max(contacts - WORKING_SET, 0)
        for number in range(contacts):
            weights = HISTORY_WEIGHTS if number < history else STATUS_WEIGHTS
            status = rng.choices(list(weights), weights=list(weights.values()))[0]
            if number < history:
                met_days_ago = rng.randint(730, 3650)
            else:
                # Active contacts were met recently; the rest at any time in two years.
                met_days_ago = rng.randint(1, 40 if status == "active" else 700)
            met_on = PINNED_DAY - timedelta(days=met_days_ago)
            _add_contact(store, rng, number, status, met_on, firsts, lasts, companies, events)
        accounts.link(store.db, datetime.combine(PINNED_DAY, datetime.min.time()))
    store.close()


def _add_contact(
    store: SqliteStorage,
    rng: random.Random,
    number: int,
    status: str,
    met_on: date,
    firsts: list[str],
    lasts: list[str],
    companies: list[str],
    events: list[int],
) -> None:
    name = f"{rng.choice(firsts)} {rng.choice(lasts)} {number}"
    company = f"{rng.choice(companies)}{number % FIRMS_PER_COMPANY}"
    closed = status in ("won", "lost", "archived")
    taught = closed and status != "archived" and number % LESSON_EVERY == 0
    contact_id = store.contacts.add(
        {
            "name": name,
            "company": company,
            "title": TITLES[number % len(TITLES)] or None,
            "email": f"person{number}@{company.lower()}.example",
            "event_id": rng.choice(events),
            "met_on": met_on,
            "problem": "month-end close takes too long",
            "status": status,
            "cadence": EVENT_WARM.name,
            "closed_on": min(met_on + timedelta(days=40), PINNED_DAY) if closed else None,
            "worked": f"the {company} case study" if taught else None,
            "lesson": f"ask who signs before step {number % 5 + 2}" if taught else None,
        }
    )
    if status == "active":
        # Most keep up with their cadence; one in five has fallen behind.
        touches = len(EVENT_WARM.steps) if rng.random() < 0.8 else rng.randint(1, 3)
    else:
        touches = rng.randint(3, 8)
    plan = first_step(EVENT_WARM, met_on, CALENDAR)
    day = plan.due
    for step in range(1, touches + 1):
        if day >= PINNED_DAY:
            break
        answers = (
            {"value": f"insight {step} for {name}", "problem": "close", "decider": "yes"}
            if step > 1
            else {}
        )
        touch = {
            "happened_on": day,
            "channel": "email",
            "direction": "out",
            "outcome": "sent",
            "step": min(step, len(EVENT_WARM.steps)),
        }
        store.touches.add(contact_id, touch, answers)
        plan = after_touch(EVENT_WARM, min(step, len(EVENT_WARM.steps)), day, CALENDAR)
        day = plan.due + timedelta(days=rng.choice((0, 0, 0, 1, 3)))
    if status == "active":
        store.followups.schedule(contact_id, plan)
    elif status == "nurture":
        store.followups.schedule(contact_id, nurture_checkin(PINNED_DAY, Offset(60, "d"), CALENDAR))
    elif status == "engaged":  # they replied the day the next step was due: answer them
        store.contacts.update(contact_id, {"cadence": ENGAGED.name})
        store.followups.schedule(contact_id, first_step(ENGAGED, min(day, PINNED_DAY), CALENDAR))
    elif status == "meeting":
        meeting_on = PINNED_DAY + timedelta(days=rng.randint(-5, 14))
        store.contacts.update(contact_id, {"cadence": AFTER_MEETING.name, "meeting_on": meeting_on})
        store.followups.schedule(contact_id, meeting(meeting_on))


def badge_scans(path: Path, rows: int, seed: int = 1, long_notes: bool = False) -> None:
    """Write a lead-scanner CSV of ``rows`` scans to ``path``, the same every time for a seed.

    ``long_notes``: every scan also carries a remark of about 85 characters, so that a
    million rows make about 200 MB.
    """
    rng = random.Random(seed)
    firsts, lasts = SCAN_FIRST_NAMES.split(), SCAN_LAST_NAMES.split()
    people: deque[list[str]] = deque(maxlen=RECENT_SCANS)
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(BADGE_SCAN_HEADER)
        for number in range(rows):
            if people and rng.random() < REPEAT_SCAN_SHARE:
                writer.writerow(_repeat_scan(rng, rng.choice(people)))
                continue
            first, last = rng.choice(firsts), rng.choice(lasts)
            company = rng.choice(SCAN_COMPANIES)
            domain = company.split()[0].strip(",").lower()
            local = f"{_ascii(first[0])}{_ascii(last)}{number}".lower()
            start = PINNED_DAY - timedelta(days=rng.choice(SCAN_EVENT_DAYS))
            row = [
                (start + timedelta(days=rng.randint(0, 2))).isoformat(),
                first,
                last,
                rng.choice(SCAN_TITLES),
                company,
                f"{local}@{domain}.example",
                f"+1 212 555 {rng.randint(0, 9999):04d}" if rng.random() < 0.7 else "",
                rng.choice(SCAN_NOTES),
            ]
            if long_notes:
                row[7] = f"{row[7]} {rng.choice(SCAN_REMARKS)}".strip()
            people.append(row)
            writer.writerow(row)


def _repeat_scan(rng: random.Random, first_scan: list[str]) -> list[str]:
    """The same person scanned again a day later: address typed in capitals, a new note."""
    scanned_on = date.fromisoformat(first_scan[0]) + timedelta(days=1)
    again = [scanned_on.isoformat(), *first_scan[1:]]
    again[5] = first_scan[5].upper()
    again[6] = ""
    again[7] = "Came back on day 2 with a colleague"
    return again


def photo_vcard(path: Path, photo_bytes: int, seed: int = 1) -> None:
    """Write an iPhone-style vCard 3.0 whose PHOTO holds ``photo_bytes`` of image, folded."""
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as stream:
        stream.write(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iPhone OS 18.1//EN\r\n"
            "N:Nakamura;Yui;;;\r\nFN:Yui Nakamura\r\nORG:Hikari Robotics K.K.;\r\n"
            "item1.EMAIL;type=INTERNET;type=pref:yui.nakamura@hikari-robotics.example\r\n"
            "NOTE:Met at iREX in Tokyo\\, hall 5.\r\nPHOTO;ENCODING=b;TYPE=JPEG:"
        )
        written, first = 0, True
        while written < photo_bytes:  # a megabyte of image at a time, folded at 75
            chunk = rng.randbytes(min(3 * 2**20 // 4 * 4, photo_bytes - written))
            encoded = base64.b64encode(chunk).decode()
            lines = [encoded[i : i + 74] for i in range(0, len(encoded), 74)]
            stream.write(("" if first else "\r\n ") + "\r\n ".join(lines))
            written, first = written + len(chunk), False
        stream.write("\r\nTEL;type=CELL:+81 90-5555-0123\r\nEND:VCARD\r\n")


def inbox_mbox(path: Path, messages: int, store: Path, seed: int = 1) -> None:
    """Write ``messages`` received in the week before the pinned day, as a mail client keeps them.

    Most of a seller's mail concerns no contact: about half is newsletters and
    other list mail, a quarter colleagues and vendors (one in twenty of those with
    a 200 KiB PDF). The rest is from ``store``'s people in a cadence: replies that
    quote what was sent, German out-of-office answers with a return date, a
    colleague of theirs writing from the same domain, and delivery reports for
    their addresses. Everyone is an active contact, met long before the week.
    """
    with sqlite3.connect(store) as connection:
        people = [
            address
            for (address,) in connection.execute(
                "SELECT email FROM contact WHERE status = 'active' AND email IS NOT NULL "
                "ORDER BY id"
            )
        ]
    connection.close()
    if not people:
        raise SystemExit(f"{store} has no active contact with an email to write mail from")
    rng = random.Random(seed)
    monday = PINNED_DAY - timedelta(days=7)
    box = mailbox.mbox(path, create=True)
    box.lock()
    try:
        for number in range(messages):
            sent = datetime.combine(monday + timedelta(days=rng.randrange(5)), datetime.min.time())
            sent += timedelta(minutes=rng.randrange(8 * 60, 19 * 60))
            received = mailbox.mboxMessage(
                _received(rng, rng.random(), people, sent.replace(tzinfo=BERLIN), number)
            )
            received.set_from("MAILER-DAEMON", sent.timetuple())
            box.add(received)
        box.flush()
    finally:
        box.unlock()
        box.close()


def _received(
    rng: random.Random, kind: float, people: list[str], sent: datetime, number: int
) -> bytes:
    message = EmailMessage()
    message["Date"] = format_datetime(sent)
    message["Message-ID"] = f"<m{number}.{rng.getrandbits(48):012x}@mail.example>"
    message["To"] = "Sam Seller <sam@seller.example>"
    person = rng.choice(people)
    local, _, domain = person.partition("@")
    prose = " ".join(rng.choice(LAST_NAMES.split()) + " plans" for _ in range(rng.randint(40, 200)))
    if kind < 0.5:
        vendor = rng.randrange(40)
        message["From"] = f"Vendor {vendor} News <news@vendor{vendor}.example>"
        message["Subject"] = f"This week at Vendor {vendor}: {number}"
        message["List-Id"] = f"<weekly.vendor{vendor}.example>"
        message["List-Unsubscribe"] = f"<https://vendor{vendor}.example/unsubscribe/{number}>"
        message.set_content(prose * 2)
        message.add_alternative(f"<html><body><p>{prose * 2}</p></body></html>", subtype="html")
    elif kind < 0.75:
        colleague = rng.choice(FIRST_NAMES.split())
        message["From"] = f"{colleague} <{colleague.lower()}@seller.example>"
        message["Subject"] = f"Re: forecast call {number}"
        message.set_content(prose)
        if rng.random() < 0.05:
            message.add_attachment(
                rng.randbytes(200 * 1024), maintype="application", subtype="pdf",
                filename=f"quote-{number}.pdf",
            )  # fmt: skip
    elif kind < 0.9:
        message["From"] = f"{local.title()} <{person}>"
        message["Subject"] = "Re: Following up on our conversation"
        message["In-Reply-To"] = f"<sent.{rng.getrandbits(48):012x}@seller.example>"
        message.set_content(f"Thanks, let us talk next week.\n\n> {prose}")
    elif kind < 0.95:
        message["From"] = f"{local.title()} <{person}>"
        message["Subject"] = "Automatische Antwort: Following up on our conversation"
        message["Auto-Submitted"] = "auto-replied"
        message.set_content("Ich bin bis zum 13.03.2026 nicht im Büro und lese keine E-Mails.")
    elif kind < 0.98:
        message["From"] = f"Colleague <colleague.of.{local}@{domain}>"
        message["Subject"] = f"Re: {local} forwarded your note"
        message.set_content(prose)
    else:
        return _bounce(person, sent, number)
    if message.is_multipart():  # otherwise a random boundary: the file would differ each time
        message.set_boundary(f"=_part_{number}_{rng.getrandbits(32):08x}")
    return message.as_bytes()


def _bounce(person: str, sent: datetime, number: int) -> bytes:
    """A delivery report (RFC 3464) for ``person``, laid out as Exchange writes one."""
    domain = person.partition("@")[2]
    return f"""\
From: Mail Delivery System <MAILER-DAEMON@{domain}>
To: Sam Seller <sam@seller.example>
Date: {format_datetime(sent)}
Subject: Undeliverable: Following up on our conversation
Message-ID: <ndr.{number}@mx.{domain}>
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="NDR{number}"

--NDR{number}
Content-Type: text/plain; charset="utf-8"

Delivery has failed to these recipients: {person}

--NDR{number}
Content-Type: message/delivery-status

Reporting-MTA: dns;mx.{domain}

Final-Recipient: rfc822;{person}
Action: failed
Status: 5.1.1

--NDR{number}--
""".encode()


def _ascii(text: str) -> str:
    return "".join(char for char in text if char.isascii() and char.isalpha())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "contacts", type=int, help="How many contacts (or scans, or bytes of photo)."
    )
    parser.add_argument("path", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--badge-scans", action="store_true", help="Write a CSV of scans to import instead."
    )
    parser.add_argument(
        "--long-notes", action="store_true", help="With --badge-scans: ~200 bytes a scan."
    )
    parser.add_argument(
        "--photo-vcard", action="store_true", help="Write a vCard with a photo that big instead."
    )
    parser.add_argument(
        "--mbox", type=Path, metavar="STORE", help="Write that many messages to STORE's people."
    )
    arguments = parser.parse_args()
    if arguments.mbox:
        inbox_mbox(arguments.path, arguments.contacts, arguments.mbox, arguments.seed)
    elif arguments.badge_scans:
        badge_scans(arguments.path, arguments.contacts, arguments.seed, arguments.long_notes)
    elif arguments.photo_vcard:
        photo_vcard(arguments.path, arguments.contacts, arguments.seed)
    else:
        generate(arguments.path, arguments.contacts, arguments.seed)


if __name__ == "__main__":
    main()
