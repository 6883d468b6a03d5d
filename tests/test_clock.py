"""The clock: FOLLOWUP_NOW pins "now" for scripts, demos and tests."""

import time
from datetime import date, datetime, timedelta

import pytest

from followup import clock
from followup.errors import InvalidValue


def test_pinned_date_is_midnight_of_that_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOLLOWUP_NOW", "2026-03-02")
    assert clock.SystemClock().now() == datetime(2026, 3, 2, 0, 0)
    assert clock.SystemClock().now().date() == date(2026, 3, 2)


def test_pinned_datetime_keeps_the_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOLLOWUP_NOW", "2026-03-02T09:30:15")
    assert clock.SystemClock().now() == datetime(2026, 3, 2, 9, 30, 15)
    assert clock.SystemClock().now().date() == date(2026, 3, 2)


def test_pinned_value_may_have_surrounding_space(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOLLOWUP_NOW", " 2026-12-31 23:59 ")
    assert clock.SystemClock().now() == datetime(2026, 12, 31, 23, 59)


@pytest.mark.parametrize("value", ["", "   "])
def test_unset_or_blank_uses_the_system_clock(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("FOLLOWUP_NOW", value)
    assert abs(clock.SystemClock().now() - datetime.now()) < timedelta(seconds=5)
    monkeypatch.delenv("FOLLOWUP_NOW")
    assert abs(clock.SystemClock().now() - datetime.now()) < timedelta(seconds=5)


@pytest.mark.parametrize("value", ["tomorrow", "2026-02-30", "03/02/2026"])
def test_invalid_pinned_value_raises_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("FOLLOWUP_NOW", value)
    with pytest.raises(InvalidValue) as error:
        clock.SystemClock().now()
    assert str(error.value) == (
        f"FOLLOWUP_NOW={value!r} is not an ISO date or datetime (e.g. 2026-03-02)"
    )
    with pytest.raises(InvalidValue):
        clock.SystemClock().now().date()


def test_pinned_datetime_with_an_offset_becomes_local_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.setenv("FOLLOWUP_NOW", "2026-03-02T09:00+01:00")
    time.tzset()
    try:
        assert clock.SystemClock().now() == datetime(2026, 3, 2, 8, 0)
    finally:
        monkeypatch.undo()
        time.tzset()


def test_a_fixed_clock_always_says_its_moment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOLLOWUP_NOW", "2030-01-01")
    assert clock.FixedClock(datetime(2026, 3, 2, 9, 0)).now() == datetime(2026, 3, 2, 9, 0)
