"""services.inbox: a week of mail read from an mbox file and a Maildir, in this process.

The same messages go through a real IMAP server in tests/cli/test_inbox.py.
"""

from datetime import date, datetime
from pathlib import Path

import pytest

from followup.config import Config
from followup.context import Context
from followup.domain import status
from followup.errors import InvalidValue
from followup.formats.mail.mailboxes import MailboxUnreadable
from followup.services import inbox
from followup.services.agenda import due, reaching
from followup.services.closing import Close, close
from followup.services.contacts import contact_view
from followup.services.maintenance import undo
from followup.services.touches import BookMeeting, book_meeting
from followup.storage import Location
from tests import mailcases
from tests.conftest import dump
from tests.mailcases import ANNA, JONAS, LENA, PRIYA, SYNC_DAY, TOM
from tests.services.conftest import Opener, Scripted

SENT_DAY = datetime(2026, 2, 24, 12, 0)


@pytest.fixture
def ids(at: Opener) -> dict[str, int]:
    return mailcases.pipeline(at(SENT_DAY))


@pytest.fixture
def mbox(tmp_path: Path) -> Path:
    return mailcases.write_mbox(tmp_path / "week.mbox", mailcases.week_of_mail())


def synced(ctx: Context, mbox: Path, **options: object) -> inbox.Synced:
    return inbox.sync(ctx, inbox.SyncInbox(mbox=mbox, **options))  # type: ignore[arg-type]


def test_a_week_of_mail_becomes_replies_a_pause_and_a_bounce(
    at: Opener, ids: dict[str, int], mbox: Path
) -> None:
    ctx = at(SYNC_DAY)
    result = synced(ctx, mbox)
    assert (result.read, result.count("reply"), result.count("pause"), result.count("bounce")) == (
        7, 2, 1, 1,
    )  # fmt: skip
    assert result.ignored == {
        inbox.OLDER: 1,  # Tom's January invoice question
        inbox.LISTED: 1,  # Kessler's newsletter, from Anna's own domain
        inbox.UNKNOWN: 1,  # the recruiter
    }
    anna = contact_view(ctx, str(ids[ANNA.name]))
    assert anna.contact.status == status.ENGAGED
    reply = anna.touches[-1]
    assert (reply.happened_on, reply.direction, reply.outcome, reply.channel) == (
        date(2026, 3, 5), "in", "replied", "email",
    )  # fmt: skip
    assert reply.note == (
        "Your lane data from LogiMAT: thanks, the benchmark sounds useful. / "
        "Could we look at it with our CFO next week?"
    )
    # Her message is what the next email answers (drafts thread on the last Message-ID).
    assert reply.message_id == "<CAF7x2=anna.reply@mail.gmail.com>"
    assert anna.pending is not None and anna.pending.plan.due == date(2026, 3, 6)


def test_a_reply_pauses_the_colleagues_at_the_account_as_reply_would(
    at: Opener, ids: dict[str, int], mbox: Path
) -> None:
    ctx = at(SYNC_DAY)
    synced(ctx, mbox)
    jonas = contact_view(ctx, str(ids[JONAS.name])).contact
    assert (jonas.status, jonas.pause_reason) == (status.PAUSED, "account")
    kinds = {(item.kind, item.account) for item in due(ctx)}
    assert ("account", "Kessler Logistik") in kinds


def test_an_out_of_office_in_german_pauses_until_the_day_it_names(
    at: Opener, ids: dict[str, int], mbox: Path
) -> None:
    ctx = at(SYNC_DAY)
    synced(ctx, mbox)
    tom = contact_view(ctx, str(ids[TOM.name]))
    assert (tom.contact.status, tom.contact.paused_until) == (status.PAUSED, date(2026, 3, 13))
    assert tom.pending is not None and tom.pending.plan.due == date(2026, 3, 16)
    assert [(t.outcome, t.happened_on) for t in tom.touches] == [
        ("sent", date(2026, 2, 24)),
        ("out-of-office", date(2026, 2, 24)),
    ]


def test_a_bounce_marks_the_address_and_the_next_step_goes_by_phone(
    at: Opener, ids: dict[str, int], mbox: Path
) -> None:
    ctx = at(SYNC_DAY)
    synced(ctx, mbox)
    lena = contact_view(ctx, str(ids[LENA.name])).contact
    assert lena.bounced_email == LENA.email
    item = next(item for item in reaching(ctx, due(ctx)) if item.contact_id == lena.id)
    assert (item.channel, item.fallback_from) == ("call", "email")


def test_a_reply_from_another_address_is_found_by_the_thread_it_answers(
    at: Opener, ids: dict[str, int], mbox: Path
) -> None:
    ctx = at(SYNC_DAY)
    result = synced(ctx, mbox)
    priya = contact_view(ctx, str(ids[PRIYA.name]))
    assert priya.contact.status == status.ENGAGED
    assert priya.touches[-1].note == (
        "From Priya R. <priya.r.home@gmail.com>: Your lane data from LogiMAT: "
        "Yes, send it over - writing from my phone."
    )
    assert priya.contact.email == PRIYA.email  # her address on file is not changed
    handled = next(done for done in result.handled if done.contact.id == ids[PRIYA.name])
    assert handled.on == date(2026, 3, 6)  # the day in Kolkata, where she wrote


def test_a_second_sync_changes_nothing(
    at: Opener, ids: dict[str, int], mbox: Path, db: Location
) -> None:
    synced(at(SYNC_DAY), mbox)
    before = dump(db)
    again = synced(at(SYNC_DAY), mbox)
    assert again.handled == []
    assert again.ignored[inbox.ALREADY] == 4
    assert dump(db) == before


def test_the_same_message_in_two_folders_is_handled_once(
    at: Opener, ids: dict[str, int], tmp_path: Path
) -> None:
    twice = mailcases.write_mbox(
        tmp_path / "twice.mbox", [mailcases.gmail_reply(), mailcases.gmail_reply()]
    )
    result = synced(at(SYNC_DAY), twice)
    assert (result.count("reply"), result.ignored) == (1, {inbox.ALREADY: 1})


def test_a_maildir_gives_what_the_mbox_gives(
    at: Opener, ids: dict[str, int], tmp_path: Path
) -> None:
    maildir = mailcases.write_maildir(tmp_path / "Maildir", mailcases.week_of_mail())
    result = inbox.sync(at(SYNC_DAY), inbox.SyncInbox(maildir=maildir))
    assert sorted((done.kind, done.contact.name) for done in result.handled) == [
        ("bounce", LENA.name), ("pause", TOM.name), ("reply", ANNA.name), ("reply", PRIYA.name),
    ]  # fmt: skip


def test_a_dry_run_says_what_it_would_do_and_writes_nothing(
    at: Opener, ids: dict[str, int], mbox: Path, db: Location
) -> None:
    before = dump(db)
    result = synced(at(SYNC_DAY), mbox, dry_run=True)
    assert (result.dry_run, len(result.handled)) == (True, 4)
    assert dump(db) == before


def test_since_leaves_out_what_was_sent_before(at: Opener, ids: dict[str, int], mbox: Path) -> None:
    result = synced(at(SYNC_DAY), mbox, since="2026-03-05")
    assert sorted(done.contact.name for done in result.handled) == [ANNA.name, PRIYA.name]
    assert result.ignored[inbox.BEFORE_SINCE] == 5


def test_one_undo_takes_the_whole_sync_back(
    at: Opener, ids: dict[str, int], mbox: Path, db: Location
) -> None:
    before = dump(db)
    synced(at(SYNC_DAY), mbox)
    undone = undo(at(SYNC_DAY))
    assert undone.command == "test"
    assert dump(db) == before
    assert synced(at(SYNC_DAY), mbox).count("reply") == 2  # read again, as new


def test_a_message_a_contact_cannot_take_is_left_out_alone(
    at: Opener, ids: dict[str, int], mbox: Path
) -> None:
    """Tom has a meeting booked: `reply --ooo` would refuse to pause him, and so does sync."""
    book_meeting(at(SENT_DAY), BookMeeting(str(ids[TOM.name]), "2026-03-10"))
    ctx = at(SYNC_DAY)
    result = synced(ctx, mbox)
    assert result.ignored[inbox.REFUSED] == 1
    assert result.refused == [
        f"pause from {TOM.email}: #3 Tom Becker (Ledgerline) has the meeting on "
        "Tue 2026-03-10: move it with `followup meeting 3 --on DATE` instead"
    ]
    assert result.count("reply") == 2  # the others went through
    assert contact_view(ctx, str(ids[TOM.name])).contact.status == status.MEETING


def test_an_out_of_office_that_is_over_pauses_nobody(
    at: Opener, ids: dict[str, int], mbox: Path
) -> None:
    result = synced(at(datetime(2026, 3, 16, 9, 0)), mbox)
    assert result.count("pause") == 0 and result.ignored[inbox.BACK] == 1


def test_an_out_of_office_without_a_day_pauses_for_the_configured_business_days(
    at: Opener, ids: dict[str, int], tmp_path: Path
) -> None:
    away = mailcases.outlook_out_of_office("derzeit nicht im Büro")
    box = mailcases.write_mbox(tmp_path / "away.mbox", [away])
    ctx = at(datetime(2026, 2, 25, 9, 0), config=Config(ooo_default=3))
    done = synced(ctx, box).handled
    assert [(d.kind, d.until) for d in done] == [("pause", date(2026, 2, 27))]


@pytest.mark.parametrize(("order", "until"), [("dmy", date(2026, 3, 6)), ("mdy", date(2026, 6, 3))])
def test_numeric_return_dates_are_read_in_the_configured_order(
    at: Opener, ids: dict[str, int], tmp_path: Path, order: str, until: date
) -> None:
    away = mailcases.outlook_out_of_office("bis zum 06/03/2026 nicht im Büro")
    box = mailcases.write_mbox(tmp_path / "away.mbox", [away])
    ctx = at(datetime(2026, 2, 25, 9, 0), config=Config(ooo_date_order=order))
    assert [(d.kind, d.until) for d in synced(ctx, box).handled] == [("pause", until)]


def test_a_colleague_who_is_no_contact_answers_for_the_account(
    at: Opener, ids: dict[str, int], tmp_path: Path
) -> None:
    """Eva at Kessler writes (Anna forwarded our note): it is the account's conversation."""
    forwarded = (
        mailcases.stranger()
        .replace(
            b"Recruiter <jobs@talent-hunters.example>", b"Eva Frank <eva.frank@kessler-logistik.de>"
        )
        .replace(b"An opportunity for you", b"Anna forwarded your note")
    )
    box = mailcases.write_mbox(tmp_path / "eva.mbox", [forwarded])
    ctx = at(SYNC_DAY)
    done = synced(ctx, box).handled
    # Anna and Jonas were both written to on the same day: the latest contact is Jonas.
    assert [(d.kind, d.contact.name, d.written_by) for d in done] == [
        ("reply", JONAS.name, "Eva Frank <eva.frank@kessler-logistik.de>"),
    ]
    anna = contact_view(ctx, str(ids[ANNA.name])).contact
    assert (anna.status, anna.pause_reason) == (status.PAUSED, "account")


def test_a_won_contact_writing_is_left_to_you(at: Opener, ids: dict[str, int], mbox: Path) -> None:
    close(at(SENT_DAY), Close(str(ids[ANNA.name]), "won", worked="the demo", lesson="-"))
    result = synced(at(SYNC_DAY), mbox)
    assert result.ignored[inbox.CLOSED] == 1
    assert ANNA.name not in {done.contact.name for done in result.handled}


def test_progress_is_shown_per_message(at: Opener, ids: dict[str, int], mbox: Path) -> None:
    person = Scripted()
    synced(at(SYNC_DAY, interaction=person), mbox)
    assert person.progress_steps == [("Reading mail", 7, 7)]


def test_a_missing_mailbox_or_config_is_one_clear_error(at: Opener, tmp_path: Path) -> None:
    with pytest.raises(MailboxUnreadable, match="is not an mbox file"):
        inbox.sync(at(), inbox.SyncInbox(mbox=tmp_path / "nowhere.mbox"))
    with pytest.raises(MailboxUnreadable, match="is not a Maildir"):
        inbox.sync(at(), inbox.SyncInbox(maildir=tmp_path))
    with pytest.raises(InvalidValue, match=r"no \[imap\] in the config"):
        inbox.sync(at(), inbox.SyncInbox())
    with pytest.raises(InvalidValue, match="not both"):
        inbox.sync(at(), inbox.SyncInbox(maildir=tmp_path, mbox=tmp_path / "x"))
