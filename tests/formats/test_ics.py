"""The calendar feed, read back with the icalendar library as a calendar app would."""

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest
from icalendar import Calendar

from followup.domain.cadence import DECIDE, NURTURE, TOUCH
from followup.formats.ics import Entry, feed

TODAY = date(2026, 3, 2)
STAMP = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)
MARIA = Entry(
    id=12,
    contact_id=3,
    name="Maria Gonzalez",
    company="Northwind",
    email="maria@northwind.example",
    phone="+1 212 555 0199",
    problem="late deliveries on the Hamburg lane",
    kind=TOUCH,
    step=2,
    steps_total=7,
    channel="email",
    action="Bring something new of value tied to their problem",
    due=date(2026, 3, 5),
    value="TMS benchmark on their own lane data",
)


def parsed(*entries: Entry) -> Calendar:
    return Calendar.from_ical(b"".join(feed(entries, TODAY, STAMP)))


def events(*entries: Entry) -> list[Any]:
    return parsed(*entries).walk("VEVENT")


def test_the_feed_names_itself_and_its_version() -> None:
    calendar = parsed(MARIA)
    assert calendar["VERSION"] == "2.0"
    assert str(calendar["PRODID"]).startswith("-//followup//")
    assert calendar["X-WR-CALNAME"] == "followup"


def test_each_follow_up_is_an_all_day_event_on_its_due_date() -> None:
    (event,) = events(MARIA)
    assert event.decoded("DTSTART") == date(2026, 3, 5)
    assert event.decoded("DTEND") == date(2026, 3, 6)
    assert event["DTSTART"].params["VALUE"] == "DATE"
    assert event["TRANSP"] == "TRANSPARENT"


def test_the_summary_says_who_and_which_step() -> None:
    (event,) = events(MARIA)
    assert event["SUMMARY"] == "Follow up: Maria Gonzalez (Northwind) — step 2/7 email"


@pytest.mark.parametrize(
    ("kind", "summary"),
    [
        (DECIDE, "Decide the next layer: Maria Gonzalez (Northwind) — cadence finished"),
        (NURTURE, "Nurture check-in: Maria Gonzalez (Northwind)"),
    ],
)
def test_decide_and_nurture_items_are_worded_for_what_they_ask(kind: str, summary: str) -> None:
    (event,) = events(replace(MARIA, kind=kind, step=None, steps_total=None, channel=None))
    assert event["SUMMARY"] == summary


def test_the_description_has_the_action_the_value_the_problem_and_how_to_reach_them() -> None:
    (event,) = events(MARIA)
    assert str(event["DESCRIPTION"]).splitlines() == [
        "Bring something new of value tied to their problem",
        "Last value given: TMS benchmark on their own lane data",
        "Their problem: late deliveries on the Hamburg lane",
        "Email: maria@northwind.example",
        "Phone: +1 212 555 0199",
        "followup show 3",
    ]


def test_the_description_leaves_out_what_is_not_known() -> None:
    bare = replace(MARIA, company=None, email=None, phone=None, problem=None, value=None)
    (event,) = events(bare)
    assert event["SUMMARY"] == "Follow up: Maria Gonzalez — step 2/7 email"
    assert str(event["DESCRIPTION"]).splitlines() == [MARIA.action, "followup show 3"]


def test_an_overdue_follow_up_sits_on_today_and_says_since_when() -> None:
    (event,) = events(replace(MARIA, due=date(2026, 2, 23)))
    assert event.decoded("DTSTART") == TODAY
    assert event.decoded("DTEND") == date(2026, 3, 3)
    assert str(event["DESCRIPTION"]).startswith("Overdue since 2026-02-23.\n")


def test_one_due_today_is_not_overdue() -> None:
    (event,) = events(replace(MARIA, due=TODAY))
    assert "Overdue" not in str(event["DESCRIPTION"])


def test_the_uid_is_the_contacts_and_the_sequence_the_follow_ups() -> None:
    (event,) = events(MARIA)
    (moved,) = events(replace(MARIA, due=date(2026, 3, 20)))
    (next_step,) = events(replace(MARIA, id=15, step=3))
    assert event["UID"] == moved["UID"] == next_step["UID"] == "followup-contact-3@followup"
    assert (event["SEQUENCE"], next_step["SEQUENCE"]) == (12, 15)


def test_different_contacts_have_different_uids() -> None:
    others = (replace(MARIA, contact_id=4), replace(MARIA, contact_id=5))
    uids = [event["UID"] for event in events(MARIA, *others)]
    assert len(set(uids)) == 3


def test_the_stamp_is_the_given_moment_in_utc() -> None:
    (event,) = events(MARIA)
    assert event.decoded("DTSTAMP") == STAMP
    assert b"DTSTAMP:20260302T083000Z\r\n" in b"".join(feed([MARIA], TODAY, STAMP))


def test_the_same_follow_ups_on_the_same_day_give_the_same_bytes() -> None:
    first = b"".join(feed([MARIA, replace(MARIA, id=13, contact_id=4)], TODAY, STAMP))
    again = b"".join(feed([MARIA, replace(MARIA, id=13, contact_id=4)], TODAY, STAMP))
    assert first == again


def test_long_and_non_latin_text_is_folded_and_reads_back_whole() -> None:
    korean = replace(MARIA, name="최은희", company="한빛 물류", value="물류 " * 40)
    raw = b"".join(feed([korean], TODAY, STAMP))
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    (event,) = Calendar.from_ical(raw).walk("VEVENT")
    assert event["SUMMARY"] == "Follow up: 최은희 (한빛 물류) — step 2/7 email"
    assert f"Last value given: {'물류 ' * 40}".strip() in str(event["DESCRIPTION"])


def test_commas_semicolons_and_line_breaks_in_text_survive() -> None:
    tricky = replace(MARIA, action="Call; if no answer, leave a voicemail", problem="a\nb")
    (event,) = events(tricky)
    assert str(event["DESCRIPTION"]).splitlines()[:3] == [
        "Call; if no answer, leave a voicemail",
        "Last value given: TMS benchmark on their own lane data",
        "Their problem: a",
    ]


def test_a_feed_with_nothing_due_is_still_a_calendar() -> None:
    calendar = parsed()
    assert calendar.name == "VCALENDAR"
    assert calendar.walk("VEVENT") == []
