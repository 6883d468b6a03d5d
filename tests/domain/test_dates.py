"""parse_date and parse_duration: dates the way a salesperson types them."""

from datetime import date

import holidays
import pytest

from followup.domain.calendar import BusinessCalendar
from followup.domain.dates import (
    AmbiguousDate,
    Offset,
    parse_date,
    parse_duration,
    parse_offset,
    parse_written_date,
)
from followup.errors import InvalidValue

MONDAY = date(2026, 3, 2)
WEDNESDAY = date(2026, 3, 4)
PLAIN = BusinessCalendar()


def parse(text: str, today: date = MONDAY, calendar: BusinessCalendar = PLAIN) -> date:
    return parse_date(text, today, calendar)


def test_iso_date_is_read_as_is() -> None:
    assert parse("2026-03-05") == date(2026, 3, 5)
    assert parse("  2025-12-31 ") == date(2025, 12, 31)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", date(2026, 3, 2)),
        ("tomorrow", date(2026, 3, 3)),
        ("yesterday", date(2026, 3, 1)),
        ("Today", date(2026, 3, 2)),
        (" TOMORROW ", date(2026, 3, 3)),
    ],
)
def test_relative_day_words(text: str, expected: date) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("thursday", date(2026, 3, 5)),
        ("friday", date(2026, 3, 6)),
        ("Friday", date(2026, 3, 6)),
        ("fri", date(2026, 3, 6)),
        ("sat", date(2026, 3, 7)),
        ("sunday", date(2026, 3, 8)),
        ("mon", date(2026, 3, 9)),
        ("tue", date(2026, 3, 10)),
        ("tues", date(2026, 3, 10)),
    ],
)
def test_weekday_name_is_the_next_such_day(text: str, expected: date) -> None:
    assert parse(text, today=WEDNESDAY) == expected


def test_weekday_name_of_today_means_next_week_never_today() -> None:
    assert parse("wednesday", today=WEDNESDAY) == date(2026, 3, 11)
    assert parse("monday", today=MONDAY) == date(2026, 3, 9)


def test_weekday_name_crosses_a_month_end() -> None:
    assert parse("monday", today=date(2026, 3, 27)) == date(2026, 3, 30)
    assert parse("wed", today=date(2026, 3, 27)) == date(2026, 4, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("+3d", date(2026, 3, 5)),
        ("3d", date(2026, 3, 5)),
        ("-3d", date(2026, 2, 27)),
        ("2w", date(2026, 3, 16)),
        ("+2w", date(2026, 3, 16)),
        ("-1w", date(2026, 2, 23)),
        ("1m", date(2026, 4, 2)),
        ("+10bd", date(2026, 3, 16)),
        ("+1bd", date(2026, 3, 3)),
        ("-1bd", date(2026, 2, 27)),
        ("+10 bd", date(2026, 3, 16)),
        ("+3D", date(2026, 3, 5)),
    ],
)
def test_offsets_from_today(text: str, expected: date) -> None:
    assert parse(text) == expected


def test_calendar_day_offset_may_land_on_a_weekend() -> None:
    # Only business-day offsets skip weekends; +5d from Monday is Saturday.
    assert parse("+5d") == date(2026, 3, 7)


def test_business_day_offset_skips_weekends() -> None:
    assert parse("+1bd", today=date(2026, 3, 6)) == date(2026, 3, 9)
    assert parse("+3bd", today=date(2026, 3, 7)) == date(2026, 3, 11)


def test_business_day_offset_skips_calendar_holidays() -> None:
    us = BusinessCalendar(holidays.country_holidays("US"))
    assert parse("+1bd", today=date(2026, 7, 2), calendar=us) == date(2026, 7, 6)


def test_month_offset_at_month_end_clamps_to_the_last_day() -> None:
    assert parse("1m", today=date(2026, 1, 31)) == date(2026, 2, 28)
    assert parse("+1m", today=date(2028, 1, 31)) == date(2028, 2, 29)
    assert parse("-1m", today=date(2026, 3, 31)) == date(2026, 2, 28)
    assert parse("1m", today=date(2026, 12, 15)) == date(2027, 1, 15)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5 March 2026", date(2026, 3, 5)),
        ("March 5", date(2026, 3, 5)),
        ("mar 5 2026", date(2026, 3, 5)),
        ("March 5th, 2026", date(2026, 3, 5)),
        ("5 mar. 2027", date(2027, 3, 5)),
        ("Sept 30", date(2026, 9, 30)),
        ("1 may", date(2026, 5, 1)),
    ],
)
def test_a_day_with_the_month_named_is_read(text: str, expected: date) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize(
    "text", ["03/04/2026", "1", "2026", "march", "mon 5", "5/3", "March 5 26", "2026 March 5"]
)
def test_ambiguous_free_form_dates_are_refused_with_a_hint_to_use_iso(text: str) -> None:
    with pytest.raises(InvalidValue) as error:
        parse(text)
    assert str(error.value) == (
        f"cannot read {text!r} as a date: name the month or use ISO "
        "(try 2026-03-05, today, tomorrow, friday, +3d, 2w or +10bd)"
    )


@pytest.mark.parametrize("text", ["March 32", "February 30", "5 March 0000"])
def test_a_named_month_with_an_impossible_day_is_not_a_real_date(text: str) -> None:
    # dateutil read "March 32" as 2 March 2032; a day that does not exist is refused.
    with pytest.raises(InvalidValue, match=f"{text!r} is not a real date"):
        parse(text)


def test_impossible_iso_date_raises_a_helpful_error() -> None:
    with pytest.raises(InvalidValue) as error:
        parse("2026-02-30")
    message = str(error.value)
    assert "'2026-02-30' is not a real date" in message
    assert "day is out of range for month" in message


def test_february_29_is_real_only_in_leap_years() -> None:
    assert parse("2028-02-29") == date(2028, 2, 29)
    with pytest.raises(InvalidValue, match="not a real date"):
        parse("2026-02-29")


@pytest.mark.parametrize("text", ["soonish", "next blursday", "+3x", "3 fortnights", "mo"])
def test_garbage_raises_with_examples_of_what_works(text: str) -> None:
    with pytest.raises(InvalidValue) as error:
        parse(text)
    message = str(error.value)
    assert f"cannot read {text!r} as a date" in message
    assert "try 2026-03-05, today, tomorrow, friday, +3d, 2w or +10bd" in message


@pytest.mark.parametrize("text", ["", "   "])
def test_empty_date_is_refused(text: str) -> None:
    with pytest.raises(InvalidValue, match="an empty date is not a date"):
        parse(text)


def test_an_offset_may_have_more_than_four_digits() -> None:
    assert parse("+99999d") == date(2299, 12, 15)
    assert parse_offset("-123456bd") == Offset(-123456, "bd")


@pytest.mark.parametrize(
    ("text", "today"),
    [
        ("+9999999d", MONDAY),
        ("+99999999999999999999d", MONDAY),
        ("-99999999999999999999w", MONDAY),
        ("+99999999999999999999m", MONDAY),
        ("+99999999999999999999bd", MONDAY),
        ("+1bd", date.max),
        ("-1bd", date.min),
        ("1m", date(9999, 12, 15)),
        ("tomorrow", date.max),
        ("yesterday", date.min),
        ("friday", date.max),
    ],
)
def test_offsets_past_the_calendar_are_out_of_range(text: str, today: date) -> None:
    with pytest.raises(InvalidValue, match=r"^date out of range: "):
        parse(text, today=today)


def test_an_offset_of_thousands_of_digits_is_out_of_range() -> None:
    with pytest.raises(InvalidValue, match=r"^date out of range: "):
        parse("+" + "9" * 5000 + "d")


@pytest.mark.parametrize("today", [MONDAY, date.min, date.max])
@pytest.mark.parametrize(
    "text",
    [
        "+99999999999999999999d",
        "0001-01-01",
        "9999-12-31",
        "\x00",
        "\uff11\uff12",  # fullwidth 12
        "\uff11\uff12d",
        "²",
        "-0bd",
        "March \uff15",
    ],
)
def test_any_text_is_a_date_or_an_invalid_value_never_a_traceback(text: str, today: date) -> None:
    try:
        result = parse(text, today=today)
    except InvalidValue as error:
        assert "\n" not in str(error)
    else:
        assert isinstance(result, date)


def test_parse_offset_returns_none_for_non_offsets() -> None:
    assert parse_offset("friday") is None
    assert parse_offset("2026-03-05") is None
    assert parse_offset("10") is None
    assert parse_offset("+10bd") == Offset(10, "bd")
    assert parse_offset("-2w") == Offset(-2, "w")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("60d", Offset(60, "d")),
        ("8w", Offset(8, "w")),
        ("+2m", Offset(2, "m")),
        ("20bd", Offset(20, "bd")),
    ],
)
def test_parse_duration_reads_positive_durations(text: str, expected: Offset) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["0d", "0bd", "-5d", "-1w", "soon", "60", ""])
def test_parse_duration_rejects_zero_negative_and_garbage(text: str) -> None:
    with pytest.raises(InvalidValue) as error:
        parse_duration(text)
    assert str(error.value) == f"cannot read {text!r} as a duration (try 60d, 8w, 2m or 20bd)"


def test_offset_prints_as_it_is_typed() -> None:
    assert str(Offset(60, "d")) == "60d"
    assert str(Offset(-1, "bd")) == "-1bd"


# -- dates as files write them ---------------------------------------------------------

NOV_24 = date(2026, 11, 24)


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("2026-11-04", None, date(2026, 11, 4)),
        ("2026/11/4", None, date(2026, 11, 4)),
        ("2026.11.04", None, date(2026, 11, 4)),
        ("4 Nov 2026", None, date(2026, 11, 4)),
        ("Nov 4, 2026", None, date(2026, 11, 4)),
        ("11/04/2026", "mdy", date(2026, 11, 4)),
        ("04.11.2026", "dmy", date(2026, 11, 4)),
        ("4-11-2026", "dmy", date(2026, 11, 4)),
    ],
)
def test_a_written_date_reads_one_way(text: str, order: str | None, expected: date) -> None:
    assert parse_written_date(text, NOV_24, order) == expected


def test_a_day_first_or_month_first_date_needs_the_order() -> None:
    with pytest.raises(AmbiguousDate, match=r"'11/04/2026' could be day/month or month/day"):
        parse_written_date("11/04/2026", NOV_24)


@pytest.mark.parametrize("text", ["today", "friday", "+3d", "-2w", "next spring", ""])
def test_a_written_date_is_never_relative_to_today(text: str) -> None:
    with pytest.raises(InvalidValue, match="is not a date"):
        parse_written_date(text, NOV_24)


def test_a_written_date_must_exist() -> None:
    with pytest.raises(InvalidValue, match="is not a real date"):
        parse_written_date("31/02/2026", NOV_24, "dmy")
