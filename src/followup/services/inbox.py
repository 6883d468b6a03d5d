"""Reading the seller's mailbox: replies, out-of-office answers and bounces, recorded for
the contacts they come from, so that nobody is chased who already wrote back.

A sync reads first and writes after. Reading (the network, the files) takes no
lock, and a mailbox that fails half-way leaves the store as it was. What was read
is then recorded in one transaction, one undo step, each message as the command a
seller would have typed for it: ``reply``, ``reply --ooo --until`` or ``log
--outcome bounced``. A message one of them refuses is left out alone (a
savepoint) and named in the summary. Nothing of a message is kept beyond the
reply's note (its subject and first lines) and its Message-ID, by which no
message is handled twice.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from email.utils import parseaddr
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from followup.context import Context
from followup.domain import status
from followup.domain.accounts import mail_domain
from followup.domain.contact import Contact
from followup.domain.replies import note as reply_note
from followup.errors import FollowupError, InvalidValue
from followup.services import schedule, touches

if TYPE_CHECKING:
    from followup.formats.mail.mailboxes import Mailbox, MessageKey, NewMail
    from followup.formats.mail.reading import Envelope, Letter

PASSWORD_VARIABLE = "FOLLOWUP_IMAP_PASSWORD"
REPLY, PAUSE, BOUNCE = "reply", "pause", "bounce"
# Why a message was left alone, in the order the summary lists them.
ALREADY = "already handled"
LISTED = "mailing list"
UNKNOWN = "not from a contact"
OWN = "sent by you"
OLDER = "older than the first touch"
BEFORE_SINCE = "before --since"
CLOSED = "contact closed"
BACK = "back already"
REFUSED = "refused"
CHUNK = 200  # headers read and decided together: one look-up of the handled ids each


@dataclass(frozen=True)
class SyncInbox:
    """Read the configured IMAP account, or a Maildir or an mbox file instead."""

    maildir: Path | None = None
    mbox: Path | None = None
    since: date | str | None = None
    dry_run: bool = False


@dataclass(frozen=True)
class Handled:
    """What one message did to one contact."""

    kind: str  # REPLY, PAUSE or BOUNCE
    contact: Contact
    on: date  # the day it was sent
    sender: str
    subject: str
    note: str | None = None  # a reply's: its subject and first lines
    until: date | None = None  # a pause's last day away
    address: str | None = None  # a bounce's address
    # Who wrote, when not from the contact's own address: another address of theirs
    # (found by the thread it answers) or a colleague at their account.
    written_by: str | None = None


@dataclass(frozen=True)
class Synced:
    mailbox: str
    read: int  # messages read
    handled: list[Handled]
    ignored: dict[str, int]  # how many messages were left alone, by why
    refused: list[str]  # why a message was refused, one line each
    dry_run: bool

    def count(self, kind: str) -> int:
        return sum(1 for done in self.handled if done.kind == kind)


@dataclass
class _Reading:
    """What a sync has found so far, before anything is written."""

    own: set[str]  # the seller's addresses
    planned: list[tuple[Handled, str]] = field(default_factory=list)  # with the Message-ID
    ignored: dict[str, int] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)
    read: int = 0

    def ignore(self, why: str) -> None:
        self.ignored[why] = self.ignored.get(why, 0) + 1


def sync(ctx: Context, request: SyncInbox) -> Synced:
    """Read what is new in the mailbox and record each reply, out-of-office and bounce."""
    if request.maildir and request.mbox:
        raise InvalidValue("read one mailbox at a time: --maildir or --mbox, not both")
    since = ctx.day(request.since) if request.since is not None else None
    store = ctx.storage
    mailbox = _mailbox(ctx, request)
    found = _Reading(_own_addresses(ctx))
    with mailbox:
        news = mailbox.new_mail(
            lambda folder: store.inbox.folder(mailbox.label, folder),
            since or store.inbox.first_met(),
        )
        total = sum(len(new.keys) for new in news)
        with ctx.interaction.progress("Reading mail", total) as advance:
            for new in news:
                for chunk in _chunks(mailbox.headers(new), CHUNK):
                    _decide(ctx, mailbox, new, chunk, since, found)
                    advance(len(chunk))
    record = store.rehearsing if request.dry_run else store.writing
    handled, refused = [], []
    with record(ctx.label):
        for done, message_id in sorted(found.planned, key=lambda planned: planned[0].on):
            try:
                with ctx.writing():
                    _record(ctx, done, message_id)
                    store.inbox.mark_handled(message_id, done.kind, done.on)
                handled.append(done)
            except FollowupError as error:
                found.ignore(REFUSED)
                refused.append(f"{done.kind} from {done.sender or 'an unknown sender'}: {error}")
        for new in news:
            # Unchanged, the mark is not written again: a sync that found nothing is no
            # operation for `undo` to take back.
            if new.mark is not None and new.mark != store.inbox.folder(mailbox.label, new.folder):
                store.inbox.mark_folder(mailbox.label, new.folder, new.mark)
    return Synced(mailbox.label, found.read, handled, found.ignored, refused, request.dry_run)


def _mailbox(ctx: Context, request: SyncInbox) -> Mailbox:
    # Imported here, as the readers below: `--help` loads this module, and they load
    # the email and mailbox packages and dateutil's parser.
    from followup.formats.mail.mailboxes import FileMailbox, MailboxUnreadable

    if request.maildir:
        return FileMailbox(request.maildir, "maildir")
    if request.mbox:
        return FileMailbox(request.mbox, "mbox")
    settings = ctx.config.imap
    if settings is None:
        raise InvalidValue(
            "no [imap] in the config: set its host and user, or read --maildir DIR or --mbox FILE"
        )
    # Imported here: only a sync from IMAP needs IMAPClient.
    from followup.formats.mail import secrets
    from followup.formats.mail.imap import ImapMailbox

    password = secrets.password(
        PASSWORD_VARIABLE,
        settings.password_command,
        "imap.password_command",
        os.environ,
        MailboxUnreadable,
    )
    return ImapMailbox(settings, password)


def _decide(
    ctx: Context,
    mailbox: Mailbox,
    new: NewMail,
    chunk: list[tuple[MessageKey, bytes]],
    since: date | None,
    found: _Reading,
) -> None:
    """Sort a chunk of headers; read the whole of the messages that concern a contact."""
    from followup.formats.mail.reading import envelope, letter

    store = ctx.storage
    envelopes = [(key, envelope(header)) for key, header in chunk]
    found.read += len(envelopes)
    before = store.inbox.handled([env.message_id for _, env in envelopes])
    answered = {message_id for _, env in envelopes for message_id in env.threads_on}
    threads = store.inbox.threaded(answered) if answered else {}
    wanted: dict[MessageKey, tuple[Envelope, Contact | None]] = {}
    for key, env in envelopes:
        if env.message_id in before or env.message_id in found.seen:
            found.ignore(ALREADY)
            continue
        found.seen.add(env.message_id)
        why, person = _concerns(ctx, env, since, threads, found.own)
        if why:
            found.ignore(why)
        else:
            wanted[key] = (env, person)
    for key, raw in mailbox.messages(new, list(wanted)):
        env, person = wanted[key]
        whole = letter(raw)
        planned = (
            _bounces(ctx, env, whole, found)
            if person is None
            else _answer(ctx, env, person, whole, found)
        )
        found.planned.extend((done, env.message_id) for done in planned)


def _concerns(
    ctx: Context, env: Envelope, since: date | None, threads: dict[str, int], own: set[str]
) -> tuple[str | None, Contact | None]:
    """Why the message is left alone, or the contact it is from (None for a bounce)."""
    if since is not None and _day(ctx, env) < since:
        return BEFORE_SINCE, None
    if env.listed:
        return LISTED, None
    if env.report:
        return None, None  # the report names whom it is about
    if env.sender is None:
        return UNKNOWN, None
    if env.sender in own:
        return OWN, None
    person = _sender(ctx, env, threads)
    if person is None:
        return UNKNOWN, None
    if person.status not in status.WITH_NEXT_STEP:
        return CLOSED, None
    first = ctx.storage.inbox.first_touch_on(person.id) or person.met_on
    if _day(ctx, env) < first:
        return OLDER, None
    return None, person


def _sender(ctx: Context, env: Envelope, threads: dict[str, int]) -> Contact | None:
    """The contact a message is from: by address, by the thread it answers, by account."""
    store = ctx.storage
    assert env.sender is not None
    if found := store.contacts.with_email(env.sender):
        return found[0]
    for message_id in reversed(env.threads_on):  # the message it answers comes last
        if message_id in threads:
            return store.contacts.get(threads[message_id])
    domain = mail_domain(env.sender)
    account_id = store.inbox.account_of_domain(domain) if domain else None
    return _conversation(ctx, account_id) if account_id else None


def _conversation(ctx: Context, account_id: int) -> Contact | None:
    """Whom a colleague's message belongs to: the account's one conversation, else the
    open contact there who was written to most recently."""
    store = ctx.storage
    account = store.accounts.get(account_id)
    people = [
        person
        for person in store.accounts.people(account_id)
        if person.status in status.WITH_NEXT_STEP
    ]
    for person in people:
        if person.id == account.held_by:
            return person
    touched = [(store.touches.last_on(person.id), person) for person in people]
    latest = [(day, person) for day, person in touched if day is not None]
    return max(latest, key=lambda pair: (pair[0], pair[1].id))[1] if latest else None


def _answer(
    ctx: Context, env: Envelope, person: Contact, whole: Letter, found: _Reading
) -> list[Handled]:
    """A message from a contact: a reply, or an automatic one that they are away."""
    from followup.domain.outofoffice import is_automatic, last_day_away

    day = _day(ctx, env)
    sender = env.sender or ""
    if is_automatic(env.automatic, env.subject):
        day_first = ctx.config.ooo_date_order == "dmy"
        until = last_day_away(f"{env.subject}\n{whole.text}", day, day_first=day_first)
        if until is None:
            until = ctx.calendar.add_business_days(day, ctx.config.ooo_default)
        if until < ctx.today:
            found.ignore(BACK)
            return []
        return [Handled(PAUSE, person, day, sender, env.subject, until=until)]
    written_by = None
    if (person.email or "").lower() != sender:
        written_by = f"{env.sender_name} <{sender}>" if env.sender_name else sender
    said = reply_note(env.subject, whole.text)
    return [Handled(REPLY, person, day, sender, env.subject, note=said, written_by=written_by)]


def _bounces(ctx: Context, env: Envelope, whole: Letter, found: _Reading) -> list[Handled]:
    """A delivery report: a bounce for each contact whose address failed."""
    planned = []
    reported = False
    for address in whole.failed:
        for person in ctx.storage.contacts.with_email(address):
            reported = True
            if (person.bounced_email or "").lower() != address:
                day = _day(ctx, env)
                planned.append(
                    Handled(BOUNCE, person, day, env.sender or "", env.subject, address=address)
                )
    if not planned:
        found.ignore(ALREADY if reported else UNKNOWN)
    return planned


def _record(ctx: Context, done: Handled, message_id: str) -> None:
    """Inside ``writing()``: what ``reply``, ``reply --ooo`` or a bounce would record."""
    contact = str(done.contact.id)
    if done.kind == PAUSE:
        assert done.until is not None
        pause = schedule.Pause(
            contact,
            done.until,
            f"Out of office: {done.subject}" if done.subject else "Out of office",
            replied_via="email",
            replied_on=_after_last_touch(ctx, done),
        )
        schedule.pause(ctx, pause)
    elif done.kind == BOUNCE:
        ctx.storage.contacts.update(done.contact.id, {"bounced_email": done.address})
    else:
        said = f"From {done.written_by}: {done.note}" if done.written_by else done.note
        on = _after_last_touch(ctx, done)
        reply = touches.RecordReply(contact, "email", said, on, message_id=message_id)
        touches.record_reply(ctx, reply)


def _after_last_touch(ctx: Context, done: Handled) -> date:
    """The day a message is recorded on: its own, or the last touch's when that came
    after it (you wrote again before you saw it; the timeline stays in order)."""
    last = ctx.storage.touches.last_on(done.contact.id)
    return max(done.on, last) if last else done.on


def _day(ctx: Context, env: Envelope) -> date:
    """The day a message was sent, in its writer's time; never after today."""
    sent = env.sent_at.date() if env.sent_at else ctx.today
    return min(sent, ctx.today)


def _own_addresses(ctx: Context) -> set[str]:
    own = set()
    if ctx.config.smtp:
        own.add(parseaddr(ctx.config.smtp.sender)[1].lower())
    if ctx.config.imap and "@" in ctx.config.imap.user:
        own.add(ctx.config.imap.user.lower())
    return own


def _chunks(
    items: Iterable[tuple[MessageKey, bytes]], size: int
) -> Iterator[list[tuple[MessageKey, bytes]]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
