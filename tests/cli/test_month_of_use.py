"""What a month of real use found: history kept in order, lessons and notes never lost,
a typo at a prompt that skips nobody, and one event per show.

Every case runs the installed `followup` command with the clock pinned, and every
refusal is one line with exit code 1 and the database unchanged (``refused``).
"""

import json
from typing import Any

import pexpect
import pytest

from tests.conftest import ERROR, Followup, in_terminal, refused


def show(followup: Followup, contact: str) -> dict[str, Any]:
    return json.loads(followup.ok("show", contact, "--json").out)


@pytest.fixture
def ann(followup: Followup) -> Followup:
    """Ann met on 02-20; her first touch went out on 02-27 (the pinned day is Mon 03-02)."""
    followup.ok("add", "Ann Lee", "--company", "Acme", "--met", "2026-02-20")
    followup.ok("log", "ann", "--on", "2026-02-27")
    return followup


# -- dates in order ------------------------------------------------------------------------


def test_a_reply_before_the_last_touch_is_refused(ann: Followup) -> None:
    message = refused(ann, "reply", "ann", "--on", "2026-02-25")
    assert "cannot be before the last touch with Ann Lee on Fri 2026-02-27" in message


def test_a_meeting_before_the_last_touch_is_refused(ann: Followup) -> None:
    message = refused(ann, "meeting", "ann", "--on", "2026-02-26")
    assert "a meeting cannot be before the last touch with Ann Lee on Fri 2026-02-27" in message


def test_booking_a_meeting_on_a_day_before_the_last_touch_is_refused(ann: Followup) -> None:
    message = refused(ann, "meeting", "ann", "--on", "2026-03-10", now="2026-02-26")
    assert "booking a meeting cannot be before the last touch" in message


@pytest.mark.parametrize("closing", ["won", "lost"])
def test_closing_before_the_last_touch_is_refused(ann: Followup, closing: str) -> None:
    message = refused(ann, closing, "ann", "--on", "2026-02-24", "--lesson", "x")
    assert f"closing as {closing} cannot be before the last touch" in message
    message = refused(ann, closing, "ann", "--lesson", "x", now="2026-02-26")
    assert f"closing as {closing} cannot be before the last touch" in message


def test_won_on_a_past_day_is_kept_as_the_closing_date(ann: Followup) -> None:
    ann.ok("won", "ann", "--on", "2026-02-27", "--worked", "the pilot")
    assert show(ann, "ann")["closed_on"] == "2026-02-27"


@pytest.mark.parametrize(
    "args",
    [("upcoming", "--days", "7"), ("calendar",), ("calendar", "--days", "1")],
)
def test_dates_past_the_calendar_end_are_a_one_line_error(followup: Followup, args: Any) -> None:
    followup.ok("add", "Ann Lee", now="9999-12-27")
    followup.ok("snooze", "ann", "9999-12-31", now="9999-12-27")
    message = refused(followup, *args, now="9999-12-30")
    assert message.startswith(f"{ERROR}date out of range: ")


@pytest.mark.parametrize(
    ("setting", "key"),
    [
        ('holidays = "__init__"', "calendar.holidays"),
        ('holidays = "XX"', "calendar.holidays"),
        ('holidays = "country_holidays"', "calendar.holidays"),
        ('holidays = "US"\nsubdivision = "__init__"', "calendar.subdivision"),
    ],
)
def test_holidays_must_name_a_supported_country(followup: Followup, setting: str, key: str) -> None:
    followup.config.write_text(f"[calendar]\n{setting}\n")
    message = refused(followup, "add", "Ann Lee")
    assert message.startswith(f"{ERROR}config {followup.config}: {key}: ")


# -- closing twice keeps the lesson ----------------------------------------------------------


def test_losing_again_without_options_is_refused_and_keeps_the_lesson(ann: Followup) -> None:
    ann.ok("lost", "ann", "--reason", "budget frozen", "--lesson", "find the budget owner")
    message = refused(ann, "lost", "ann")
    assert "#1 Ann Lee (Acme) is already lost since Mon 2026-03-02" in message
    assert show(ann, "ann")["lesson"] == "find the budget owner"


def test_losing_again_changes_only_what_is_given(ann: Followup) -> None:
    ann.ok("lost", "ann", "--reason", "budget frozen", "--worked", "demo", "--lesson", "earlier")
    ann.ok("lost", "ann", "--reason", "went with a competitor", now="2026-03-04")
    person = show(ann, "ann")
    assert (person["close_reason"], person["worked"], person["lesson"]) == (
        "went with a competitor",
        "demo",
        "earlier",
    )
    assert person["closed_on"] == "2026-03-02"


def test_winning_after_a_loss_keeps_the_lessons_unless_new_ones_are_given(ann: Followup) -> None:
    ann.ok("lost", "ann", "--reason", "budget", "--lesson", "ask about budget on day one")
    ann.ok("won", "ann", "--worked", "came back with budget", now="2026-03-09")
    person = show(ann, "ann")
    assert person["status"] == "won"
    assert (person["worked"], person["lesson"]) == (
        "came back with budget",
        "ask about budget on day one",
    )
    assert (person["closed_on"], person["close_reason"]) == ("2026-03-09", None)


def test_archiving_twice_is_refused(ann: Followup) -> None:
    ann.ok("archive", "ann")
    assert (
        refused(ann, "archive", "ann")
        == f"{ERROR}#1 Ann Lee (Acme) is already archived since Mon 2026-03-02"
    )


def test_closing_again_on_a_terminal_offers_the_kept_lesson(ann: Followup) -> None:
    ann.ok("lost", "ann", "--worked", "the demo", "--lesson", "call the CFO sooner")
    child = in_terminal(ann, "lost", "ann", "--reason", "no budget")
    child.expect("What worked")
    child.sendline("")  # Enter keeps it
    child.expect("done more")
    child.sendline("")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    person = show(ann, "ann")
    assert (person["worked"], person["lesson"], person["close_reason"]) == (
        "the demo",
        "call the CFO sooner",
        "no budget",
    )


# -- notes are added, not replaced -----------------------------------------------------------


def test_note_adds_a_dated_line_and_keeps_the_notes(ann: Followup) -> None:
    ann.ok("edit", "ann", "--note", "met at the booth")
    ann.ok("note", "ann", "wants the pricing deck")
    ann.ok("note", "ann", "CFO is Tom", now="2026-03-04")
    assert show(ann, "ann")["notes"] == (
        "met at the booth\n2026-03-02: wants the pricing deck\n2026-03-04: CFO is Tom"
    )
    assert ann.ok("undo").err.startswith("Undid `note ann 'CFO is Tom'`")
    assert show(ann, "ann")["notes"].endswith("wants the pricing deck")


def test_note_refuses_empty_text(ann: Followup) -> None:
    assert refused(ann, "note", "ann", "  ") == f"{ERROR}TEXT is empty: say what to note"


def test_edit_note_says_that_it_replaced_the_notes(ann: Followup) -> None:
    ann.ok("note", "ann", "first")
    result = ann.ok("edit", "ann", "--note", "second")
    assert "The notes were replaced; `followup note 1 TEXT` adds a line instead." in result.err
    assert show(ann, "ann")["notes"] == "second"


# -- today -i: a typo at the snooze prompt asks again ------------------------------------------


def test_a_bad_date_at_the_snooze_prompt_asks_again(followup: Followup) -> None:
    followup.ok("add", "Ann Lee", "--met", "2026-02-27")
    child = in_terminal(followup, "today", "-i")
    child.expect("What now")
    child.sendline("snooze")
    child.expect("Snooze until")
    child.sendline("next blursday")
    child.expect("cannot read 'next blursday' as a date")
    child.expect("Snooze until")
    child.sendline("yesterday")
    child.expect("cannot snooze into the past")
    child.expect("Snooze until")
    child.sendline("2026-03-09")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert show(followup, "ann")["next_due"] == "2026-03-09"


# -- one event per show ------------------------------------------------------------------------


@pytest.fixture
def logimat(followup: Followup) -> Followup:
    followup.ok("event", "add", "LogiMAT 2026", "--date", "2026-02-20")
    followup.ok("event", "add", "Café Expo", "--date", "2026-02-18")
    return followup


@pytest.mark.parametrize(
    ("given", "meant"),
    [("LogiMAT", "LogiMAT 2026"), ("logimat 20", "LogiMAT 2026"), ("Cafe Expo", "Café Expo")],
)
def test_an_event_that_looks_like_an_existing_one_is_refused(
    logimat: Followup, given: str, meant: str
) -> None:
    message = refused(logimat, "add", "Ann Lee", "--event", given)
    assert message == (
        f"{ERROR}no event named {given!r}: did you mean {meant!r}? (--new-event creates {given!r})"
    )


def test_the_same_event_in_another_case_is_that_event(logimat: Followup) -> None:
    logimat.ok("add", "Ann Lee", "--event", "logimat 2026")
    logimat.ok("add", "Bo Chen", "--event", "CAFÉ EXPO")
    assert [
        event["contacts"] for event in json.loads(logimat.ok("event", "list", "--json").out)
    ] == [1, 1]


def test_new_event_creates_the_look_alike_on_purpose(logimat: Followup) -> None:
    logimat.ok("add", "Ann Lee", "--event", "LogiMAT", "--new-event")
    logimat.ok("edit", "ann", "--event", "Logi", "--new-event")
    assert show(logimat, "ann")["event"] == "Logi"


def test_event_rename_keeps_the_contacts_with_it(logimat: Followup) -> None:
    logimat.ok("add", "Ann Lee", "--event", "LogiMAT 2026")
    result = logimat.ok("event", "rename", "logimat 2026", "LogiMAT Stuttgart 2026")
    assert result.err == "Renamed event 'LogiMAT 2026' to 'LogiMAT Stuttgart 2026'.\n"
    assert show(logimat, "ann")["event"] == "LogiMAT Stuttgart 2026"


def test_event_rename_to_a_taken_name_is_refused(logimat: Followup) -> None:
    message = refused(logimat, "event", "rename", "LogiMAT 2026", "café expo")
    assert message == f"{ERROR}an event named 'Café Expo' exists already"


def test_event_delete_with_contacts_needs_yes_and_leaves_them_without_an_event(
    logimat: Followup,
) -> None:
    logimat.ok("add", "Ann Lee", "--event", "LogiMAT 2026")
    message = refused(logimat, "event", "delete", "LogiMAT 2026")
    assert "1 contact(s) were met at 'LogiMAT 2026'" in message
    logimat.ok("event", "delete", "LogiMAT 2026", "--yes")
    assert show(logimat, "ann")["event"] is None
    assert [event["name"] for event in json.loads(logimat.ok("event", "list", "--json").out)] == [
        "Café Expo"
    ]
    logimat.ok("undo")
    assert show(logimat, "ann")["event"] == "LogiMAT 2026"


def test_an_unknown_event_suggests_the_look_alikes(logimat: Followup) -> None:
    message = refused(logimat, "event", "show", "logimat")
    assert message == f"{ERROR}no event named 'logimat' (did you mean 'LogiMAT 2026'?)"
