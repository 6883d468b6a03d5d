"""services.accounts: who is at one company, and one conversation there at a time."""

from datetime import date, datetime

import pytest

from followup.config import Config
from followup.context import Context
from followup.domain.accounts import REPLIED, WON
from followup.errors import Ambiguous, FollowupError, InvalidValue, NotFound
from followup.services import accounts
from followup.services.accounts import Decision, account_view, decide, merge, rename, summaries
from followup.services.agenda import due
from followup.services.closing import Close, close
from followup.services.contacts import (
    ContactEdit,
    Profile,
    contact_view,
    edit_contact,
)
from followup.services.schedule import resume
from followup.services.touches import BookMeeting, RecordReply, book_meeting, record_reply
from tests.services.conftest import Opener, Scripted, added

TUESDAY = datetime(2026, 3, 3, 9, 0)


def account_of(ctx: Context, contact: str) -> str | None:
    return contact_view(ctx, contact).contact.account_name


@pytest.fixture
def kessler(ctx: Context) -> Context:
    """Three people at Kessler Logistik, spelled three ways, and one elsewhere."""
    added(ctx, "Anna Keller", company="Kessler Logistik", email="anna@kessler.de", title="CFO")
    added(ctx, "Tom Becker", company="Kessler Logistik GmbH", title="CEO")
    added(ctx, "Jan Novak", email="jan.novak@kessler.de")
    added(ctx, "Ola Nordmann", company="Fjord AS")
    return ctx


def test_spellings_and_a_shared_mail_domain_are_one_account(kessler: Context) -> None:
    assert [account_of(kessler, name) for name in ("anna", "tom", "jan", "ola")] == [
        "Kessler Logistik", "Kessler Logistik", "Kessler Logistik", "Fjord AS",
    ]  # fmt: skip
    listed = {summary.account.name: summary.people for summary in summaries(kessler)}
    assert listed == {"Kessler Logistik": 3, "Fjord AS": 1}


def test_a_free_mail_domain_links_nobody(ctx: Context) -> None:
    added(ctx, "Ann Lee", email="ann.lee@gmail.com", company="Acme")
    added(ctx, "Bo Chen", email="bo.chen@gmail.com")
    assert (account_of(ctx, "ann"), account_of(ctx, "bo")) == ("Acme", None)


def test_editing_the_company_moves_someone_to_that_account(kessler: Context) -> None:
    edit_contact(kessler, ContactEdit("ola", Profile({"company": "KESSLER LOGISTIK AG"})))
    assert account_of(kessler, "ola") == "Kessler Logistik"


def test_a_renamed_account_still_gathers_its_old_spelling(kessler: Context) -> None:
    rename(kessler, "kessler", "Kessler Group")
    added(kessler, "Eva Frank", company="Kessler Logistik S.A.")
    assert account_of(kessler, "eva") == "Kessler Group"


def test_rename_refuses_a_name_another_account_has(kessler: Context) -> None:
    with pytest.raises(FollowupError, match="account merge 'Fjord AS' 'Kessler Logistik'"):
        rename(kessler, "kessler", "fjord as")


def test_merged_accounts_are_one_with_both_spellings(kessler: Context) -> None:
    added(kessler, "Kim Berg", company="KL Holding")
    kept, gone, moved = merge(kessler, "Kessler Logistik", "KL Holding")
    assert (kept.name, gone.name, moved) == ("Kessler Logistik", "KL Holding", 1)
    added(kessler, "Lou Berg", company="KL Holding")
    assert account_of(kessler, "lou") == "Kessler Logistik"
    assert [s.account.name for s in summaries(kessler)] == ["Fjord AS", "Kessler Logistik"]


def test_an_account_is_found_by_part_of_its_name_or_refused_when_ambiguous(
    kessler: Context,
) -> None:
    assert account_view(kessler, "kessler").account.name == "Kessler Logistik"
    added(kessler, "Kai Lund", company="Kessler Spedition")
    with pytest.raises(Ambiguous, match="2 accounts"):
        account_view(kessler, "kessler")
    with pytest.raises(NotFound, match="account list"):
        account_view(kessler, "nobody")


def test_a_reply_pauses_the_silent_colleagues_and_today_asks_once(
    kessler: Context, at: Opener
) -> None:
    replied = record_reply(kessler, RecordReply("anna"))
    assert replied.held is not None
    assert [person.name for person in replied.held.waiting] == ["Jan Novak", "Tom Becker"]
    for name in ("tom", "jan"):
        person = contact_view(at(), name).contact
        assert (person.status, person.pause_reason, person.waits_for_account) == (
            "paused", "account", True,
        )  # fmt: skip
    items = due(at(TUESDAY))
    assert [(item.kind, item.name, item.company) for item in items] == [
        ("touch", "Anna Keller", "Kessler Logistik"),  # her answer, engaged step 1
        ("touch", "Ola Nordmann", "Fjord AS"),
        ("account", "Anna Keller", "Kessler Logistik"),
    ]
    assert items[-1].action == "Anna Keller replied — continue, wait or stop the others?"
    assert items[-1].due == date(2026, 3, 2)


def test_continue_gives_them_back_their_cadences_as_they_were(kessler: Context, at: Opener) -> None:
    record_reply(kessler, RecordReply("anna"))
    done = decide(at(), Decision("kessler", "continue"))
    assert [person.name for person in done.contacts] == ["Jan Novak", "Tom Becker"]
    assert done.still_waiting == 0
    tom = contact_view(at(), "tom")
    assert (tom.contact.status, tom.contact.pause_reason) == ("active", None)
    assert tom.pending is not None and tom.pending.plan.due == date(2026, 3, 3)
    assert [item.kind for item in due(at(TUESDAY))].count("account") == 0


def test_wait_pauses_them_until_a_day_after_which_their_steps_come_back(
    kessler: Context, at: Opener
) -> None:
    record_reply(kessler, RecordReply("anna"))
    done = decide(at(), Decision("kessler", "wait", until="2026-03-13"))
    assert done.until == date(2026, 3, 13)
    assert [item.kind for item in due(at(TUESDAY))] == ["touch", "touch"]  # Ola, Anna
    back = due(at(datetime(2026, 3, 16, 9)))
    assert {
        (item.name, item.kind) for item in back if item.name in ("Tom Becker", "Jan Novak")
    } == {
        ("Tom Becker", "resume"),
        ("Jan Novak", "resume"),
    }


def test_stop_archives_them_with_the_reason(kessler: Context, at: Opener) -> None:
    record_reply(kessler, RecordReply("anna"))
    decide(at(), Decision("kessler", "stop"))
    tom = contact_view(at(), "tom")
    assert (tom.contact.status, tom.contact.close_reason, tom.pending) == (
        "archived", "account: Anna Keller replied", None,
    )  # fmt: skip


def test_a_decision_for_one_leaves_the_others_waiting(kessler: Context, at: Opener) -> None:
    record_reply(kessler, RecordReply("anna"))
    done = decide(at(), Decision("kessler", "continue", only=("tom",)))
    assert ([p.name for p in done.contacts], done.still_waiting) == (["Tom Becker"], 1)
    assert [item.kind for item in due(at(TUESDAY))].count("account") == 1
    with pytest.raises(FollowupError, match="does not wait"):
        decide(at(), Decision("kessler", "continue", only=("tom",)))


def test_a_decision_is_refused_when_nobody_waits_or_the_choice_is_unknown(
    kessler: Context, at: Opener
) -> None:
    with pytest.raises(FollowupError, match="nobody at Kessler Logistik waits"):
        decide(kessler, Decision("kessler", "continue"))
    record_reply(at(), RecordReply("anna"))
    with pytest.raises(InvalidValue, match="not one of"):
        decide(at(), Decision("kessler", "later"))
    with pytest.raises(InvalidValue, match="--until"):
        decide(at(), Decision("kessler", "wait"))


def test_a_booked_meeting_holds_the_others_too(kessler: Context) -> None:
    booked = book_meeting(kessler, BookMeeting("anna", "2026-03-10"))
    assert booked.held is not None and booked.held.account.held_because == "meeting"


def test_on_reply_continue_leaves_the_others_in_their_cadences(
    kessler: Context, at: Opener
) -> None:
    replied = record_reply(at(config=Config(pause_account_on_reply=False)), RecordReply("anna"))
    assert replied.held is None
    assert contact_view(at(), "tom").contact.status == "active"


def test_a_win_holds_the_others_and_offers_nurture_first(kessler: Context, at: Opener) -> None:
    won = close(at(interaction=Scripted(worked="the pilot")), Close("anna", WON))
    assert won.held is not None and won.held.account.held_because == WON
    (item,) = [item for item in due(at(TUESDAY)) if item.kind == "account"]
    assert item.action == "Anna Keller was won — nurture, continue or stop the others?"
    decide(at(), Decision("kessler", "nurture"))
    assert contact_view(at(), "jan").contact.status == "nurture"


def test_a_loss_asks_for_each_of_the_others(kessler: Context, at: Opener) -> None:
    close(at(interaction=Scripted(lesson="ask for the CFO")), Close("anna", "lost"))
    (item,) = [item for item in due(at(TUESDAY)) if item.kind == "account"]
    assert item.action == (
        "Anna Keller was lost — decide for each of the others: continue, nurture or lost"
    )
    decide(at(), Decision("kessler", "lost", only=("jan",)))
    decide(at(), Decision("kessler", "continue", only=("tom",)))
    statuses = {name: contact_view(at(), name).contact.status for name in ("jan", "tom")}
    assert statuses == {"jan": "lost", "tom": "active"}


def test_resuming_one_who_waits_takes_them_out_of_the_account_item(
    kessler: Context, at: Opener
) -> None:
    record_reply(kessler, RecordReply("anna"))
    resume(at(), "tom")
    waiting = accounts.waiting(at(), account_view(at(), "kessler").account)
    assert [person.name for person in waiting] == ["Jan Novak"]


def test_someone_alone_at_an_account_holds_nobody(ctx: Context) -> None:
    added(ctx, "Ola Nordmann", company="Fjord AS")
    assert record_reply(ctx, RecordReply("ola")).held is None
    assert REPLIED not in [item.kind for item in due(ctx)]


def test_account_view_lists_people_touches_in_date_order_and_lessons(
    kessler: Context, at: Opener
) -> None:
    record_reply(kessler, RecordReply("anna", on="2026-03-02"))
    close(
        at(TUESDAY, interaction=Scripted(worked="a pilot", lesson="meet the CEO early")),
        Close("anna", WON),
    )
    view = account_view(at(TUESDAY), "Kessler Logistik")
    assert [(p.contact.name, p.contact.status) for p in view.people] == [
        ("Anna Keller", "won"), ("Jan Novak", "paused"), ("Tom Becker", "paused"),
    ]  # fmt: skip
    assert [(touch.outcome, who.name) for touch, who in view.touches] == [
        ("replied", "Anna Keller")
    ]
    assert [(lesson.contact.name, lesson.because) for lesson in view.lessons] == [
        ("Anna Keller", "account")
    ]


def test_someone_who_moves_to_another_account_stops_waiting(kessler: Context, at: Opener) -> None:
    record_reply(kessler, RecordReply("anna"))
    edit_contact(at(), ContactEdit("tom", Profile({"company": "Acme Inc"})))
    tom = contact_view(at(), "tom").contact
    assert (tom.status, tom.pause_reason, tom.account_name) == ("active", None, "Acme Inc")
    assert [p.name for p in accounts.waiting(at(), account_view(at(), "kessler").account)] == [
        "Jan Novak"
    ]


def test_whoever_waits_is_on_the_agenda_even_when_the_conversation_was_deleted(
    kessler: Context, at: Opener
) -> None:
    from followup.services.contacts import delete_contact

    record_reply(kessler, RecordReply("anna"))
    delete_contact(at(), "anna", confirmed=True)
    (item,) = [item for item in due(at(TUESDAY)) if item.kind == "account"]
    assert (item.contact_id, item.action) == (
        2, "Someone replied — continue, wait or stop the others?",  # Tom, the first who waits
    )  # fmt: skip
    added(at(), "Zed Other", company="Other Corp")  # may be given the id Anna had
    (item,) = [item for item in due(at(TUESDAY)) if item.kind == "account"]
    assert item.name is None


def test_merged_accounts_keep_the_newer_conversation(kessler: Context, at: Opener) -> None:
    added(kessler, "Bob Ray", company="Kessler Transport")
    record_reply(at(), RecordReply("anna"))
    merge(at(), "Kessler Transport", "Kessler Logistik")
    (item,) = [item for item in due(at(TUESDAY)) if item.kind == "account"]
    assert (item.company, item.action) == (
        "Kessler Transport", "Anna Keller replied — continue, wait or stop the others?",
    )  # fmt: skip


def test_the_calendar_leaves_out_those_who_wait(kessler: Context, at: Opener) -> None:
    record_reply(kessler, RecordReply("anna"))
    entries = at().storage.followups.calendar_entries(date(2026, 4, 1), "value")
    assert {entry["name"] for entry in entries} == {"Anna Keller", "Ola Nordmann"}


def test_a_rename_to_a_spelling_of_another_account_is_refused(kessler: Context) -> None:
    with pytest.raises(FollowupError, match="exists already"):
        rename(kessler, "kessler", "FJORD A/S")


def test_a_decision_needs_the_first_words_of_the_name_not_any_part(kessler: Context) -> None:
    record_reply(kessler, RecordReply("anna"))
    with pytest.raises(NotFound, match="no account matches 'logistik'"):
        decide(kessler, Decision("logistik", "stop"))
    assert account_view(kessler, "logistik").account.name == "Kessler Logistik"
