"""A follow-up as an email: RFC 5322 headers and body, threaded on earlier messages."""

import re
from collections.abc import Sequence
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from urllib.parse import quote

SUBJECT_LINE = re.compile(r"^Subject:[ \t]*(.*)$", re.IGNORECASE)


class NoSubjectLine(ValueError):
    """A text that should start with ``Subject: …`` does not."""


def as_text(subject: str, body: str) -> str:
    """A message as a person edits it, and as a template file holds one."""
    return f"Subject: {subject}\n\n{body}"


def from_text(text: str) -> tuple[str, str]:
    """Subject and body of a text ``as_text`` wrote (and a person may have edited)."""
    first, _, rest = text.partition("\n")
    found = SUBJECT_LINE.match(first.rstrip("\r"))
    if found is None:
        raise NoSubjectLine("start with 'Subject: …', then a blank line")
    return found[1].strip(), rest.lstrip("\r\n")


def message(
    sender: str,
    to: str,
    subject: str,
    body: str,
    sent_at: datetime,
    earlier: Sequence[str] = (),
) -> EmailMessage:
    """The email ``sender`` sends ``to``, replying in the thread of the ``earlier``
    Message-IDs (oldest first) when there are any."""
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = to
    mail["Subject"] = subject
    mail["Date"] = format_datetime(sent_at)
    domain = parseaddr(sender)[1].rpartition("@")[2] or None
    mail["Message-ID"] = make_msgid(domain=domain)
    if earlier:
        mail["In-Reply-To"] = earlier[-1]
        mail["References"] = " ".join(earlier)
    mail.set_content(body)
    return mail


def mailto(to: str, subject: str, body: str) -> str:
    """A ``mailto:`` URL (RFC 6068) that opens the draft in the user's mail program."""
    return f"mailto:{quote(to, safe='@')}?subject={quote(subject)}&body={quote(body)}"
