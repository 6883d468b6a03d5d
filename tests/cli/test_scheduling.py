"""Scheduling through the real `followup` command: public holidays, `today`'s order and formats.

Expected dates are literals worked out by hand from the contract (bd = business
days; event-warm waits 1, 3, 3, 4, 5, 10, 10 bd, then `decide` 10 bd later).
"""

import csv
import io
import json
from typing import Any

import pytest

from tests.conftest import TODAY_COLUMNS, Followup

US_HOLIDAYS = '[calendar]\nholidays = "US"\n'


def today_json(followup: Followup, day: str | None = None) -> list[dict[str, Any]]:
    return json.loads(followup.ok("today", "--json", now=day).out)


def names_due(followup: Followup, day: str) -> list[str]:
    return [item["name"] for item in today_json(followup, day)]


def next_due(followup: Followup, contact: str, day: str) -> str:
    return json.loads(followup.ok("show", contact, "--json", now=day).out)["next_due"]


def simulated(followup: Followup, start: str) -> list[tuple[int | str, str]]:
    plans = json.loads(
        followup.ok("cadence", "simulate", "event-warm", "--start", start, "--json").out
    )
    return [(plan["step"], plan["due"]) for plan in plans]


# -- public holidays -------------------------------------------------------------------


def test_simulate_prints_the_real_dates_with_us_holidays_skipped(followup: Followup) -> None:
    # Without holidays, step 2 is 3 bd after Fri 05-22: Mon 05-25, Tue, Wed 05-27.
    assert simulated(followup, "2026-05-21")[1] == (2, "2026-05-27")

    followup.config.write_text(US_HOLIDAYS)
    assert simulated(followup, "2026-05-21") == [
        (1, "2026-05-22"),  # Fri: 1 bd after Thu 05-21
        (2, "2026-05-28"),  # Thu: 3 bd after Fri 05-22, Memorial Day (Mon 05-25) skipped
        (3, "2026-06-02"),  # Tue: Fri 05-29, Mon 06-01, Tue 06-02
        (4, "2026-06-08"),  # Mon: Wed, Thu, Fri, Mon
        (5, "2026-06-15"),  # Mon: Tue-Fri, Mon
        (6, "2026-06-30"),  # Tue: 10 bd after Mon 06-15 with Juneteenth (Fri 06-19) skipped
        (7, "2026-07-15"),  # Wed: 10 bd after Tue 06-30 with Fri 07-03 (July 4th observed) skipped
        ("decide", "2026-07-29"),  # Wed: 10 bd after Wed 07-15
    ]


def test_a_follow_up_that_would_fall_on_a_us_holiday_moves_to_the_next_business_day(
    followup: Followup,
) -> None:
    followup.config.write_text(US_HOLIDAYS)

    # Met on Fri 05-22: 1 bd later is Memorial Day (Mon 05-25), so step 1 is Tue 05-26.
    followup.ok("add", "Dana Whitfield", "--met", "2026-05-22", now="2026-05-22")
    assert names_due(followup, "2026-05-25") == []
    assert names_due(followup, "2026-05-26") == ["Dana Whitfield"]

    # Step 1 on Tue 06-16: 3 bd later would be Juneteenth (Fri 06-19), so step 2 is Mon 06-22.
    followup.ok("add", "Eli Brooks", "--met", "2026-06-15", now="2026-06-15")
    followup.ok("log", "eli", now="2026-06-16")
    assert next_due(followup, "eli", "2026-06-16") == "2026-06-22"
    assert "Eli Brooks" not in names_due(followup, "2026-06-19")
    assert "Eli Brooks" in names_due(followup, "2026-06-22")

    # Snoozing onto a holiday lands on the next business day: Fri 07-03 -> Mon 07-06.
    followup.ok("snooze", "eli", "2026-07-03", now="2026-06-22")
    assert next_due(followup, "eli", "2026-06-22") == "2026-07-06"


# -- today: order, count, CSV ----------------------------------------------------------


@pytest.fixture
def monday_morning(followup: Followup) -> Followup:
    """Five people due or overdue on Mon 2026-03-09, added and logged with past dates."""
    followup.now = "2026-03-09"
    # First touch, 4 days overdue: met Wed 03-04, step 1 due Thu 03-05.
    followup.ok("add", "Yara Okafor", "--company", "Okafor Freight", "--met", "2026-03-04")
    # First touch due today: met Fri 03-06, step 1 due Mon 03-09.
    followup.ok("add", "Xavier Dupont", "--company", "Dupont SA", "--met", "2026-03-06")
    # Retry 5 days overdue: step 1 on Fri 02-27, step 2 3 bd later on Wed 03-04.
    followup.ok("add", "Bruno Costa", "--company", "Costa Lda", "--met", "2026-02-26")
    followup.ok("log", "bruno", "--on", "2026-02-27")
    # Retry 3 days overdue: step 1 on Tue 03-03, step 2 3 bd later on Fri 03-06.
    followup.ok("add", "Carla Mendes", "--company", "=cmd|' /C calc'!A0", "--met", "2026-03-02")
    followup.ok("log", "carla", "--on", "2026-03-03")
    # Retry due today: step 1 on Wed 03-04, step 2 3 bd later on Mon 03-09.
    followup.ok("add", "Anna Berg", "--company", "Berg AB", "--met", "2026-03-03")
    followup.ok("log", "anna", "--on", "2026-03-04")
    return followup


def test_today_lists_first_touches_first_then_the_most_overdue(monday_morning: Followup) -> None:
    items = today_json(monday_morning)
    assert [(item["name"], item["step"], item["due"], item["days_overdue"]) for item in items] == [
        ("Yara Okafor", 1, "2026-03-05", 4),
        ("Xavier Dupont", 1, "2026-03-09", 0),
        ("Bruno Costa", 2, "2026-03-04", 5),
        ("Carla Mendes", 2, "2026-03-06", 3),
        ("Anna Berg", 2, "2026-03-09", 0),
    ]
    limited = monday_morning.ok("today", "--limit", "2", "--json").out
    assert [item["name"] for item in json.loads(limited)] == ["Yara Okafor", "Xavier Dupont"]


def test_today_count_and_csv_agree_with_json(monday_morning: Followup) -> None:
    items = today_json(monday_morning)
    assert monday_morning.ok("today", "--count").out == f"{len(items)}\n"

    rows = list(csv.reader(io.StringIO(monday_morning.ok("today", "--csv").out, newline="")))
    assert rows[0] == TODAY_COLUMNS
    assert len(rows) == 1 + len(items)
    for row, item in zip(rows[1:], items, strict=True):
        cells = dict(zip(TODAY_COLUMNS, row, strict=True))
        for key in ("company", "account"):  # the account is named as the company first was
            if item[key].startswith("="):
                assert cells[key] == "'" + item[key]  # neutralised for spreadsheets
                cells[key] = item[key]
        assert cells == {key: "" if item[key] is None else str(item[key]) for key in TODAY_COLUMNS}


def test_nothing_is_due_and_count_is_zero_on_a_quiet_day(followup: Followup) -> None:
    followup.ok("add", "Ann Lee", "--met", "2026-03-06", now="2026-03-06")  # a Friday
    for weekend_day in ("2026-03-07", "2026-03-08"):
        assert today_json(followup, weekend_day) == []
        assert followup.ok("today", "--count", now=weekend_day).out == "0\n"
    assert names_due(followup, "2026-03-09") == ["Ann Lee"]  # Monday: 1 bd after Friday


def test_today_max_shows_the_most_urgent_says_how_many_more_and_suggests_respace(
    followup: Followup,
) -> None:
    for name in ("Ann Lee", "Bo Chen", "Cy Diaz"):
        followup.ok("add", name, "--met", "2026-02-25", now="2026-02-25")
    followup.ok("away", "2026-02-26", "2026-03-06", now="2026-02-25")
    limited = followup.ok("today", "--max", "2", "--json", now="2026-03-09")
    assert [item["name"] for item in json.loads(limited.out)] == ["Ann Lee", "Bo Chen"]
    assert "… and 1 more" in limited.err
    followup.config.write_text("[today]\ncapacity = 2\n")
    assert "… and 1 more" in followup.ok("today", now="2026-03-10").err
    followup.config.write_text("")
    hinted = followup.ok("today", now="2026-03-10").err
    assert "Hint: back from time off with 3 due" not in hinted, "3 is within a day's 10"
    followup.ok("respace", "--per-day", "1", now="2026-03-10")
    later = json.loads(followup.ok("upcoming", "--json", now="2026-03-10").out)
    assert [item["due"] for item in later] == ["2026-03-11", "2026-03-12"]


def test_a_call_abroad_shows_their_local_time_and_whether_it_suits(followup: Followup) -> None:
    for name, zone in (("Kenji Watanabe", "Asia/Tokyo"), ("Maria Gonzalez", "America/Chicago")):
        followup.ok("add", name, "--met", "2026-02-25", "--tz", zone, "--phone", "+1 5550100")
    followup.config.write_text('[calls]\nhours = "08:00-18:00"\n')
    for name in ("kenji", "maria"):
        followup.ok("log", name, now="2026-02-26")
        followup.ok(
            "log", name, "-a", "value=x", "-a", "problem=y", "-a", "decider=z", now="2026-03-03"
        )
    # Step 3 is a call, due Fri 03-06; at 15:00 UTC it is 00:00 in Tokyo and 09:00 in Chicago.
    items = json.loads(followup.ok("today", "--json", now="2026-03-06T15:00+00:00", TZ="UTC").out)
    assert [(i["name"], i["local_time"], i["in_call_hours"]) for i in items] == [
        ("Kenji Watanabe", "00:00", False),
        ("Maria Gonzalez", "09:00", True),
    ]
