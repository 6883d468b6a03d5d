"""A seller's week of received mail, written as the servers that send such mail write it.

Every message is made here with the standard library, in the shapes seen in real
mailboxes: a Gmail reply (text and HTML, the quoted mail below "On … wrote:"), an
Outlook out-of-office in German with a return date, an Exchange bounce (RFC 3464
delivery report with the original headers), a list message from a contact's own
domain, and a reply from another address that threads on our Message-ID. The same
bytes are loaded into a Maildir, an mbox file and a real IMAP server.

``PIPELINE`` builds the store the mail is about: each contact was written to with a
Message-ID a real `send` would have given.
"""

import mailbox
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from followup.context import Context
from followup.services.contacts import NewContact, Profile, add_contact
from followup.services.touches import LogTouch, log_touch

BERLIN = ZoneInfo("Europe/Berlin")
SELLER = "Sam Seller <sam@seller.example>"
SYNC_DAY = datetime(2026, 3, 9, 9, 0)  # a Monday: the morning the mail is read


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    company: str
    sent_id: str  # the Message-ID of step 1, sent on Tue 2026-02-24
    phone: str | None = None


ANNA = Person(
    "Anna Keller", "anna.keller@kessler-logistik.de", "Kessler Logistik", "<s1.anna@seller.example>"
)
JONAS = Person(
    "Jonas Weber",
    "jonas.weber@kessler-logistik.de",
    "Kessler Logistik",
    "<s1.jonas@seller.example>",
)
TOM = Person("Tom Becker", "tom.becker@ledgerline.de", "Ledgerline", "<s1.tom@seller.example>")
PRIYA = Person(
    "Priya Raman",
    "priya.raman@nordwind-energie.de",
    "Nordwind Energie",
    "<s1.priya@seller.example>",
)
LENA = Person(
    "Lena Fischer",
    "lena.fischer@brandt-bau.de",
    "Brandt Bau",
    "<s1.lena@seller.example>",
    "+49 30 1234567",
)
PEOPLE = (ANNA, JONAS, TOM, PRIYA, LENA)


def pipeline(ctx: Context) -> dict[str, int]:
    """The contacts met at LogiMAT on Mon 2026-02-23, each emailed on Tue 2026-02-24."""
    ids = {}
    for person in PEOPLE:
        profile = {"email": person.email, "company": person.company, "met_on": "2026-02-23"}
        if person.phone:
            profile["phone"] = person.phone
        ids[person.name] = add_contact(ctx, NewContact(person.name, Profile(profile))).contact_id
    for person in PEOPLE:
        touch = LogTouch(str(ids[person.name]), on="2026-02-24", message_id=person.sent_id)
        log_touch(ctx, touch)
    return ids


def _message(sender: str, subject: str, sent: datetime, message_id: str) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = SELLER
    mail["Subject"] = subject
    mail["Date"] = format_datetime(sent)
    mail["Message-ID"] = message_id
    return mail


def gmail_reply() -> bytes:
    """Anna answers on Thu 2026-03-05 from Gmail's web client (her company uses Workspace)."""
    mail = _message(
        f"Anna Keller <{ANNA.email}>",
        "Re: Your lane data from LogiMAT",
        datetime(2026, 3, 5, 16, 42, tzinfo=BERLIN),
        "<CAF7x2=anna.reply@mail.gmail.com>",
    )
    mail["In-Reply-To"] = ANNA.sent_id
    mail["References"] = ANNA.sent_id
    text = (
        "Hi Sam,\n\nthanks, the benchmark sounds useful.\n"
        "Could we look at it with our CFO next week?\n\nBest,\nAnna\n\n"
        "On Tue, 24 Feb 2026 at 10:02, Sam Seller <sam@seller.example> wrote:\n"
        "> Hi Anna, it was good to meet you at LogiMAT.\n> Shall I send the benchmark?\n"
    )
    mail.set_content(text)
    mail.add_alternative(
        '<div dir="ltr">Hi Sam,<div><br></div><div>thanks, the benchmark sounds useful.</div>'
        "<div>Could we look at it with our CFO next week?</div></div>"
        '<div class="gmail_quote"><blockquote>Hi Anna, it was good to meet you.</blockquote></div>',
        subtype="html",
    )
    return bytes(mail)


def outlook_out_of_office(away: str = "bis einschließlich 13.03.2026 nicht im Büro") -> bytes:
    """Tom's Outlook answers at once, in German: away until Friday 13 March."""
    mail = _message(
        f'"Becker, Tom" <{TOM.email}>',
        "Automatische Antwort: Your lane data from LogiMAT",
        datetime(2026, 2, 24, 10, 3, tzinfo=BERLIN),
        "<AM0PR07MB.tom.ooo@EUR03.prod.outlook.com>",
    )
    mail["In-Reply-To"] = TOM.sent_id
    mail["Auto-Submitted"] = "auto-generated"
    mail["X-Auto-Response-Suppress"] = "All"
    mail["Thread-Topic"] = "Your lane data from LogiMAT"
    mail.set_content(
        "Vielen Dank für Ihre Nachricht.\n\n"
        f"Ich bin {away} und habe keinen Zugriff auf meine "
        "E-Mails. In dringenden Fällen wenden Sie sich bitte an buchhaltung@ledgerline.de.\n\n"
        "Mit freundlichen Grüßen\nTom Becker\n",
        charset="utf-8",
    )
    return bytes(mail)


def exchange_bounce() -> bytes:
    """Lena's address no longer exists: Exchange's postmaster reports it (RFC 3464)."""
    return f"""\
From: Microsoft Outlook <postmaster@brandt-bau.de>
To: {SELLER}
Date: Tue, 24 Feb 2026 10:05:12 +0100
Subject: Unzustellbar: Your lane data from LogiMAT
Message-ID: <ndr.lena.0001@BRANDT-EX01.brandt-bau.local>
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="_000_NDR_BOUNDARY_"
X-MS-Exchange-Message-Is-Ndr:

--_000_NDR_BOUNDARY_
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

Delivery has failed to these recipients or groups:

{LENA.email}
The email address you entered couldn't be found.

--_000_NDR_BOUNDARY_
Content-Type: message/delivery-status

Reporting-MTA: dns;BRANDT-EX01.brandt-bau.local
Received-From-MTA: dns;mail.seller.example
Arrival-Date: Tue, 24 Feb 2026 09:05:01 +0000

Original-Recipient: rfc822;{LENA.email}
Final-Recipient: rfc822;{LENA.email}
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp;550 5.1.1 RESOLVER.ADR.RecipNotFound; not found

--_000_NDR_BOUNDARY_
Content-Type: text/rfc822-headers

From: {SELLER}
To: {LENA.email}
Subject: Your lane data from LogiMAT
Date: Tue, 24 Feb 2026 10:02:00 +0100
Message-ID: {LENA.sent_id}

--_000_NDR_BOUNDARY_--
""".replace("\n", "\r\n").encode()


def list_message() -> bytes:
    """Kessler's newsletter, from their own domain: not Anna answering."""
    mail = _message(
        "Kessler Logistik <news@kessler-logistik.de>",
        "Kessler Logistik Newsletter März",
        datetime(2026, 3, 3, 8, 0, tzinfo=BERLIN),
        "<newsletter-2026-03@kessler-logistik.de>",
    )
    mail["List-Id"] = "Kessler Newsletter <newsletter.kessler-logistik.de>"
    mail["List-Unsubscribe"] = "<mailto:unsubscribe@kessler-logistik.de>"
    mail["Precedence"] = "bulk"
    mail.set_content("Neues aus der Logistik ...\n")
    return bytes(mail)


def reply_from_another_address() -> bytes:
    """Priya answers from her phone's private account: only the thread says it is her."""
    mail = _message(
        "Priya R. <priya.r.home@gmail.com>",
        "Re: Your lane data from LogiMAT",
        datetime(2026, 3, 6, 7, 15, tzinfo=ZoneInfo("Asia/Kolkata")),
        "<CAJ9priya.mobile@mail.gmail.com>",
    )
    mail["In-Reply-To"] = PRIYA.sent_id
    mail["References"] = f"<unrelated.older@seller.example> {PRIYA.sent_id}"
    mail.set_content("Yes, send it over - writing from my phone.\n\nSent from my iPhone\n")
    return bytes(mail)


def stranger() -> bytes:
    mail = _message(
        "Recruiter <jobs@talent-hunters.example>",
        "An opportunity for you",
        datetime(2026, 3, 4, 11, 0, tzinfo=BERLIN),
        "<offer.1@talent-hunters.example>",
    )
    mail.set_content("Dear Sam, ...\n")
    return bytes(mail)


def before_first_touch() -> bytes:
    """Tom wrote in January, about something else, before anyone emailed him."""
    mail = _message(
        f"Tom Becker <{TOM.email}>",
        "Invoice question",
        datetime(2026, 1, 12, 9, 0, tzinfo=BERLIN),
        "<jan.invoice@ledgerline.de>",
    )
    mail.set_content("Hello, a question about invoice 123.\n")
    return bytes(mail)


def week_of_mail() -> list[bytes]:
    """Every message, in the order they arrived."""
    return [
        before_first_touch(),
        outlook_out_of_office(),
        exchange_bounce(),
        list_message(),
        stranger(),
        gmail_reply(),
        reply_from_another_address(),
    ]


def write_mbox(path: Path, messages: list[bytes]) -> Path:
    box = mailbox.mbox(path)
    for raw in messages:
        box.add(raw)
    box.flush()
    box.close()
    return path


def write_maildir(path: Path, messages: list[bytes]) -> Path:
    box = mailbox.Maildir(path, create=True)
    for raw in messages:
        box.add(raw)
    box.close()
    return path
