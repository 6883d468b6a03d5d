"""`followup calendar`: pending follow-ups as an iCalendar feed a calendar app can subscribe to.

One all-day event per pending follow-up on its due date (weekends and holidays
already skipped by the cadence), overdue ones on today, and a UID that stays the
same across runs and when a follow-up is snoozed, so the app moves the event
instead of adding a second one.
"""

import shutil
import stat
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from tests.cli.test_hot_paths import heavy_modules_after
from tests.conftest import Followup, refused

VALUE = "TMS benchmark on their own lane data"


@pytest.fixture(scope="module")
def agenda_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """On Monday 2026-03-02: Ann's first touch is a week overdue, Bo's is due today
    (met on Friday, the weekend skipped), Maria's step 3 is due tomorrow, and Lena
    is snoozed until mid-April. Won contacts have nothing pending."""
    maker = Followup(tmp_path_factory.mktemp("calendar"))
    maker.ok("add", "Ann Lee", "--company", "Acme", "--met", "2026-02-20")
    maker.ok("add", "Bo Chen", "--met", "2026-02-27")
    maker.ok(
        "add", "Maria Gonzalez", "--company", "Northwind", "--email", "maria@northwind.example",
        "--phone", "+1 212 555 0199", "--met", "2026-02-20",
    )  # fmt: skip
    maker.ok("log", "Maria", "--on", "2026-02-23")
    maker.ok(
        "log", "Maria", "--on", "2026-02-26", "-a", f"value={VALUE}",
        "-a", "problem=late deliveries on the Hamburg lane", "-a", "decider=yes, with the CFO",
    )  # fmt: skip
    maker.ok("add", "Lena Berg", "--met", "2026-02-25")
    maker.ok("snooze", "Lena", "2026-04-15")
    maker.ok("add", "Kenji Watanabe", "--met", "2026-02-25")
    maker.ok("won", "Kenji", "--worked", "the pilot", "--lesson", "none")
    return maker.db


@pytest.fixture
def agenda(followup: Followup, agenda_db: Path) -> Followup:
    shutil.copy2(agenda_db, followup.db)
    return followup


def feed_bytes(followup: Followup, *args: str) -> bytes:
    return followup.exact("calendar", *args)


def events(followup: Followup, *args: str) -> dict[str, Any]:
    """The feed's events by the name in their summary."""
    calendar = Calendar.from_ical(feed_bytes(followup, *args))
    found = {}
    for event in calendar.walk("VEVENT"):
        summary = str(event["SUMMARY"])
        name = summary.split(": ", 1)[1].split(" (")[0].split(" — ")[0]
        found[name] = event
    return found


def start(event: Any) -> date:
    return event.decoded("DTSTART")


def test_each_pending_follow_up_in_the_next_30_days_is_one_all_day_event(
    agenda: Followup,
) -> None:
    found = events(agenda)
    assert sorted(found) == ["Ann Lee", "Bo Chen", "Maria Gonzalez"]
    assert start(found["Maria Gonzalez"]) == date(2026, 3, 3)
    assert found["Maria Gonzalez"].decoded("DTEND") == date(2026, 3, 4)
    assert found["Maria Gonzalez"]["SUMMARY"] == (
        "Follow up: Maria Gonzalez (Northwind) — step 3/7 call"
    )


def test_a_first_touch_after_a_friday_meeting_falls_on_monday(agenda: Followup) -> None:
    assert start(events(agenda)["Bo Chen"]) == date(2026, 3, 2)


def test_public_holidays_are_skipped_as_the_cadence_skips_them(followup: Followup) -> None:
    followup.config.write_text('[calendar]\nholidays = "US"\n', encoding="utf-8")
    followup.now = "2026-05-22"
    # Met on the Friday before Memorial Day: Saturday, Sunday and Monday are skipped.
    followup.ok("add", "Dana Okafor", "--met", "2026-05-22")
    assert start(events(followup)["Dana Okafor"]) == date(2026, 5, 26)


def test_an_overdue_follow_up_is_placed_on_today_and_says_since_when(agenda: Followup) -> None:
    ann = events(agenda)["Ann Lee"]
    assert start(ann) == date(2026, 3, 2)
    assert str(ann["DESCRIPTION"]).startswith("Overdue since 2026-02-23.\n")


def test_the_description_has_the_last_value_and_how_to_reach_them(agenda: Followup) -> None:
    description = str(events(agenda)["Maria Gonzalez"]["DESCRIPTION"])
    assert f"Last value given: {VALUE}" in description
    assert "Their problem: late deliveries on the Hamburg lane" in description
    assert "Email: maria@northwind.example" in description
    assert "Phone: +1 212 555 0199" in description


def test_two_runs_at_the_same_moment_give_the_same_bytes(agenda: Followup) -> None:
    assert feed_bytes(agenda) == feed_bytes(agenda)


def test_each_contact_has_its_own_uid(agenda: Followup) -> None:
    uids = [str(event["UID"]) for event in events(agenda, "--days", "60").values()]
    assert len(uids) == len(set(uids)) == 4


def test_a_snoozed_follow_up_keeps_its_uid_on_its_new_date(agenda: Followup) -> None:
    before = events(agenda)["Maria Gonzalez"]
    agenda.ok("snooze", "Maria", "2026-03-10")
    after = events(agenda)["Maria Gonzalez"]
    assert after["UID"] == before["UID"]
    assert start(after) == date(2026, 3, 10)


def test_the_next_step_after_a_touch_updates_the_same_event(agenda: Followup) -> None:
    before = events(agenda)["Ann Lee"]
    agenda.ok("log", "Ann")
    after = events(agenda)["Ann Lee"]
    assert after["UID"] == before["UID"]
    assert after["SEQUENCE"] > before["SEQUENCE"]
    assert after["SUMMARY"] == "Follow up: Ann Lee (Acme) — step 2/7 email"


def test_decide_and_nurture_items_say_what_they_ask(followup: Followup) -> None:
    followup.config.write_text(
        '[cadences.one-shot]\nsteps = [{wait = 1, channel = "email", action = "Say hello"}]\n',
        encoding="utf-8",
    )
    followup.ok("add", "Omar Haddad", "--cadence", "one-shot", "--met", "2026-02-26")
    followup.ok("log", "Omar", "--on", "2026-02-27")
    followup.ok("add", "Dana Okafor", "--met", "2026-02-26")
    followup.ok("nurture", "Dana", "--every", "2w")
    summaries = sorted(str(event["SUMMARY"]) for event in events(followup).values())
    assert summaries == [
        "Decide the next layer: Omar Haddad — cadence finished",
        "Nurture check-in: Dana Okafor",
    ]


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        ("1", ["Ann Lee", "Bo Chen", "Maria Gonzalez"]),
        ("43", ["Ann Lee", "Bo Chen", "Maria Gonzalez"]),
        ("44", ["Ann Lee", "Bo Chen", "Lena Berg", "Maria Gonzalez"]),
        ("36500", ["Ann Lee", "Bo Chen", "Lena Berg", "Maria Gonzalez"]),
    ],
)
def test_days_sets_how_far_ahead_the_feed_reaches(
    agenda: Followup, days: str, expected: list[str]
) -> None:
    assert sorted(events(agenda, "--days", days)) == expected


def test_only_today_and_overdue_with_one_day_leaves_out_the_day_after(agenda: Followup) -> None:
    agenda.ok("snooze", "Maria", "2026-03-04")
    assert sorted(events(agenda, "--days", "1")) == ["Ann Lee", "Bo Chen"]


@pytest.mark.parametrize("days", ["0", "-3", "36501", "soon"])
def test_days_out_of_bounds_is_a_usage_error(agenda: Followup, days: str) -> None:
    refused(agenda, "calendar", "--days", days, code=2)


def test_a_store_with_nothing_pending_gives_an_empty_calendar(followup: Followup) -> None:
    calendar = Calendar.from_ical(feed_bytes(followup))
    assert calendar["X-WR-CALNAME"] == "followup"
    assert calendar.walk("VEVENT") == []


def test_output_file_is_private_and_the_same_feed(agenda: Followup, tmp_path: Path) -> None:
    target = tmp_path / "followups.ics"
    result = agenda.ok("calendar", "-o", str(target))
    assert result.out == ""
    assert result.err == f"Wrote 3 follow-up(s) to {target}.\n"
    assert target.read_bytes() == feed_bytes(agenda)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_output_into_a_missing_directory_is_refused(agenda: Followup, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "followups.ics"
    assert str(target) in refused(agenda, "calendar", "-o", str(target))
    assert not target.parent.exists()


def test_the_calendar_does_not_load_the_orm(agenda: Followup) -> None:
    assert heavy_modules_after(agenda, "calendar") == []
