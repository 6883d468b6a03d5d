"""Reading a received message with the standard library's ``email`` package.

Reading goes in two steps, because most of a mailbox concerns no contact:
``envelope`` reads only the headers, with the fast compat32 parser, which is all
that deciding needs; ``letter`` reads the whole message (the text someone wrote,
a delivery report's failed recipients) for the few that matter.
"""

import hashlib
import html.parser
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.header import decode_header, make_header
from email.message import Message
from email.parser import BytesHeaderParser, BytesParser, HeaderParser
from email.utils import getaddresses, parsedate_to_datetime

# The headers that say a message was sent automatically (domain/outofoffice.py).
AUTOMATIC = ("auto-submitted", "x-autoreply", "x-autorespond", "precedence")
NO_ID = "followup.invalid"  # the domain of the ids made for messages without one


@dataclass(frozen=True)
class Envelope:
    """What a message's headers say."""

    message_id: str
    sender: str | None  # the From address, in lower case
    sender_name: str
    sent_at: datetime | None
    subject: str
    threads_on: tuple[str, ...]  # the Message-IDs of In-Reply-To and References
    listed: bool  # mailing-list mail: List-Id, or Precedence bulk or list
    automatic: dict[str, str]  # the AUTOMATIC headers it has, by lower-case name
    report: bool  # a delivery status notification (RFC 3464)


@dataclass(frozen=True)
class Letter:
    """What a whole message says, beyond its headers."""

    text: str  # what was written, as plain text
    failed: tuple[str, ...]  # a delivery report's recipients that could not be reached
    bounced_id: str | None  # the Message-ID of the message that bounced, when reported


def envelope(header: bytes) -> Envelope:
    """The envelope of a message from its header bytes (the whole message will do)."""
    parsed = BytesHeaderParser(policy=policy.compat32).parsebytes(header)
    name, address = _from(_decoded(parsed.get("From", "")))
    content_type = parsed.get_content_type()
    precedence = str(parsed.get("Precedence", "")).strip().lower()
    return Envelope(
        message_id=_message_id(parsed, header),
        sender=address.strip().lower() if "@" in address else None,
        sender_name=name,
        sent_at=_sent_at(parsed.get("Date")),
        subject=_decoded(parsed.get("Subject", "")),
        threads_on=tuple(
            _ids([*parsed.get_all("In-Reply-To", []), *parsed.get_all("References", [])])
        ),
        listed=parsed.get("List-Id") is not None or precedence in ("bulk", "list", "junk"),
        automatic={key: str(parsed[key]) for key in AUTOMATIC if parsed.get(key) is not None},
        report=content_type == "multipart/report"
        and str(parsed.get_param("report-type", "")).lower() == "delivery-status",
    )


def letter(raw: bytes) -> Letter:
    """The text of a whole message, and what a delivery report in it says."""
    # compat32 too: the default policy's header objects made reading the few
    # messages that matter cost more than deciding about the whole mailbox.
    parsed = BytesParser(policy=policy.compat32).parsebytes(raw)
    failed: list[str] = []
    bounced_id = None
    for part in parsed.walk():
        kind = part.get_content_type()
        if kind == "message/delivery-status":
            failed.extend(_failed_recipients(part))
        elif kind in ("text/rfc822-headers", "message/rfc822") and bounced_id is None:
            bounced_id = _original_id(part)
    return Letter(_text(parsed), tuple(dict.fromkeys(failed)), bounced_id)


def _text(message: Message) -> str:
    """What the sender wrote: the first plain-text part that is no attachment, else HTML's."""
    written = list(_written(message))
    body = next((part for part in written if part.get_content_subtype() == "plain"), None)
    body = body or next(iter(written), None)
    if body is None:
        return ""
    payload = body.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    try:
        content = payload.decode(body.get_content_charset() or "utf-8", "replace")
    except (LookupError, UnicodeError):  # a charset Python does not know, or cannot undo
        content = payload.decode("utf-8", "replace")
    return _PlainText.of(content) if body.get_content_subtype() == "html" else content


def _written(part: Message) -> Iterator[Message]:
    """The text parts the sender wrote, in order: inside multipart parts, but never inside
    an attached or forwarded message (``message/*``), whose words are someone else's."""
    if part.get_content_maintype() == "message":
        return
    if part.is_multipart():
        for inner in part.get_payload():
            if isinstance(inner, Message):
                yield from _written(inner)
    elif (
        part.get_content_maintype() == "text"
        and part.get_content_subtype() in ("plain", "html")
        and part.get_content_disposition() != "attachment"
    ):
        yield part


def _failed_recipients(part: Message) -> list[str]:
    # The report's first block is about the message; each later one about a recipient.
    blocks = part.get_payload()
    failed = []
    for block in blocks if isinstance(blocks, list) else []:
        if not isinstance(block, Message):
            continue
        action = str(block.get("Action", "")).strip().lower()
        recipient = str(block.get("Final-Recipient") or block.get("Original-Recipient") or "")
        if action == "failed" and ";" in recipient:
            address = recipient.split(";", 1)[1].strip().strip("<>").lower()
            if "@" in address:
                failed.append(address)
    return failed


def _original_id(part: Message) -> str | None:
    payload = part.get_payload()
    original: Message | None
    if isinstance(payload, list):  # message/rfc822: the message itself
        original = payload[0] if payload and isinstance(payload[0], Message) else None
    else:
        original = HeaderParser(policy=policy.compat32).parsestr(str(payload))
    found = _ids([str(original.get("Message-ID", ""))]) if original is not None else []
    return found[0] if found else None


def _from(value: str) -> tuple[str, str]:
    # The first address of the header: a name with an unquoted comma ("Becker, Tom
    # <tom@…>") is read as two, the first of them without an address.
    for name, address in getaddresses([value]):
        if "@" in address:
            return name, address
    return "", ""


def _message_id(parsed: Message, header: bytes) -> str:
    found = _ids([str(parsed.get("Message-ID", ""))])
    if found:
        return found[0]
    # None given (rare, but some robots): one made from the headers stays the same
    # each time the message is read, so that it is still handled once.
    return f"<{hashlib.sha256(header).hexdigest()[:32]}@{NO_ID}>"


def _ids(values: list[str]) -> list[str]:
    found = []
    for value in values:
        for piece in str(value).replace(">", "> ").split():
            if piece.startswith("<") and piece.endswith(">") and "@" in piece:
                found.append(piece)
    return found


def _sent_at(value: object) -> datetime | None:
    if value is None:
        return None
    try:
        sent = parsedate_to_datetime(str(value))
    except (TypeError, ValueError, IndexError):
        return None
    return sent


def _decoded(value: object) -> str:
    """A header as text: RFC 2047 encoded words decoded, folding undone."""
    text = str(value)
    with suppress(LookupError, ValueError, UnicodeDecodeError):  # kept as it came
        text = str(make_header(decode_header(text)))
    return " ".join(text.split())


class _PlainText(html.parser.HTMLParser):
    """An HTML body's text, a line per block, as a person would read it."""

    BLOCKS = frozenset({"p", "div", "br", "tr", "li", "blockquote", "h1", "h2", "h3"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    @classmethod
    def of(cls, markup: str) -> str:
        reader = cls()
        reader.feed(markup)
        reader.close()
        return "".join(reader.parts)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script", "head"):
            self.hidden += 1
        elif tag == "blockquote":
            self.parts.append("\n> ")
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "head"):
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)
