"""BusinessCalendar: which days count, and waits counted in them."""

from datetime import date, timedelta

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup.domain.calendar import BusinessCalendar, Period
from followup.errors import InvalidValue

PLAIN = BusinessCalendar()
US = BusinessCalendar(holidays.country_holidays("US"))


def test_saturday_and_sunday_are_not_business_days() -> None:
    assert PLAIN.is_business_day(date(2026, 3, 6))  # Friday
    assert not PLAIN.is_business_day(date(2026, 3, 7))  # Saturday
    assert not PLAIN.is_business_day(date(2026, 3, 8))  # Sunday
    assert PLAIN.is_business_day(date(2026, 3, 9))  # Monday


def test_one_business_day_after_friday_is_monday() -> None:
    assert PLAIN.add_business_days(date(2026, 3, 6), 1) == date(2026, 3, 9)


def test_five_business_days_is_one_calendar_week() -> None:
    assert PLAIN.add_business_days(date(2026, 3, 4), 5) == date(2026, 3, 11)


def test_ten_business_days_span_two_weekends() -> None:
    assert PLAIN.add_business_days(date(2026, 3, 19), 10) == date(2026, 4, 2)


def test_count_from_a_weekend_starts_on_monday() -> None:
    assert PLAIN.add_business_days(date(2026, 3, 7), 1) == date(2026, 3, 9)
    assert PLAIN.add_business_days(date(2026, 3, 8), 2) == date(2026, 3, 10)


def test_holidays_given_as_a_set_of_dates_are_skipped() -> None:
    calendar = BusinessCalendar(frozenset({date(2026, 3, 10), date(2026, 3, 11)}))
    assert not calendar.is_business_day(date(2026, 3, 10))
    assert calendar.add_business_days(date(2026, 3, 9), 1) == date(2026, 3, 12)
    assert calendar.add_business_days(date(2026, 3, 6), 3) == date(2026, 3, 13)


def test_observed_independence_day_is_skipped_with_us_holidays() -> None:
    # 2026-07-04 is a Saturday, so the holiday is observed on Friday 2026-07-03.
    assert not US.is_business_day(date(2026, 7, 3))
    assert US.add_business_days(date(2026, 7, 2), 1) == date(2026, 7, 6)
    assert PLAIN.add_business_days(date(2026, 7, 2), 1) == date(2026, 7, 3)


def test_thanksgiving_is_skipped_with_us_holidays() -> None:
    assert US.add_business_days(date(2026, 11, 25), 1) == date(2026, 11, 27)
    assert US.add_business_days(date(2026, 11, 24), 3) == date(2026, 11, 30)
    assert PLAIN.add_business_days(date(2026, 11, 25), 1) == date(2026, 11, 26)


def test_away_period_is_skipped_inclusively() -> None:
    calendar = BusinessCalendar(away=[Period(date(2026, 3, 9), date(2026, 3, 13))])
    assert not calendar.is_business_day(date(2026, 3, 9))
    assert not calendar.is_business_day(date(2026, 3, 13))
    assert calendar.add_business_days(date(2026, 3, 6), 1) == date(2026, 3, 16)
    assert calendar.add_business_days(date(2026, 3, 5), 3) == date(2026, 3, 17)


def test_period_contains_its_ends_and_nothing_outside() -> None:
    period = Period(date(2026, 3, 9), date(2026, 3, 13))
    assert date(2026, 3, 9) in period
    assert date(2026, 3, 13) in period
    assert date(2026, 3, 8) not in period
    assert date(2026, 3, 14) not in period
    assert "2026-03-10" not in period


def test_wait_crosses_a_month_end() -> None:
    # Friday 2026-01-30; 31 January is a Saturday.
    assert PLAIN.add_business_days(date(2026, 1, 30), 1) == date(2026, 2, 2)
    assert PLAIN.add_business_days(date(2026, 2, 26), 3) == date(2026, 3, 3)


def test_wait_crosses_a_year_end_without_holidays() -> None:
    # Thursday 2026-12-31: the next business day is Friday 2027-01-01.
    assert PLAIN.add_business_days(date(2026, 12, 31), 1) == date(2027, 1, 1)


def test_wait_crosses_a_year_end_skipping_new_year_with_us_holidays() -> None:
    assert US.add_business_days(date(2026, 12, 31), 1) == date(2027, 1, 4)


def test_new_year_observed_on_friday_december_31_is_skipped() -> None:
    # 2028-01-01 is a Saturday, so New Year's Day is observed on Friday 2027-12-31.
    assert US.add_business_days(date(2027, 12, 30), 1) == date(2028, 1, 3)
    assert PLAIN.add_business_days(date(2027, 12, 30), 1) == date(2027, 12, 31)
    assert PLAIN.add_business_days(date(2027, 12, 31), 1) == date(2028, 1, 3)


def test_negative_count_goes_back_over_the_weekend() -> None:
    assert PLAIN.add_business_days(date(2026, 3, 2), -1) == date(2026, 2, 27)
    assert PLAIN.add_business_days(date(2026, 3, 11), -5) == date(2026, 3, 4)


def test_negative_count_skips_holidays() -> None:
    assert US.add_business_days(date(2026, 7, 7), -3) == date(2026, 7, 1)


def test_count_zero_keeps_a_business_day() -> None:
    assert PLAIN.add_business_days(date(2026, 3, 4), 0) == date(2026, 3, 4)


def test_count_zero_rolls_a_skipped_day_forward() -> None:
    assert PLAIN.add_business_days(date(2026, 2, 28), 0) == date(2026, 3, 2)
    assert US.add_business_days(date(2026, 7, 3), 0) == date(2026, 7, 6)


def test_roll_forward_skips_weekend_holiday_and_away_together() -> None:
    calendar = BusinessCalendar(
        frozenset({date(2026, 3, 9)}), [Period(date(2026, 3, 10), date(2026, 3, 11))]
    )
    assert calendar.roll_forward(date(2026, 3, 7)) == date(2026, 3, 12)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2026, 2, 27), date(2026, 3, 2), 1),  # Friday to Monday
        (date(2026, 3, 2), date(2026, 3, 9), 5),  # one week
        (date(2026, 3, 2), date(2026, 3, 7), 4),  # ends on a Saturday
        (date(2026, 3, 4), date(2026, 3, 4), 0),  # same day
        (date(2026, 3, 9), date(2026, 3, 2), 0),  # end before start
    ],
)
def test_business_days_between_counts_days_after_start_up_to_end(
    start: date, end: date, expected: int
) -> None:
    assert PLAIN.business_days_between(start, end) == expected


def test_business_days_between_skips_holidays() -> None:
    assert US.business_days_between(date(2026, 11, 23), date(2026, 11, 30)) == 4


def test_business_days_between_inverts_add_business_days() -> None:
    start = date(2026, 11, 20)
    for count in range(1, 30):
        assert US.business_days_between(start, US.add_business_days(start, count)) == count


def test_a_wait_past_the_last_date_is_out_of_range() -> None:
    with pytest.raises(InvalidValue, match=r"^date out of range: 1bd from 9999-12-31$"):
        PLAIN.add_business_days(date.max, 1)
    # Friday 9999-12-24 has room for six calendar days, but only five are business days.
    with pytest.raises(InvalidValue, match=r"^date out of range: 6bd from 9999-12-24$"):
        PLAIN.add_business_days(date(9999, 12, 24), 6)
    assert PLAIN.add_business_days(date(9999, 12, 24), 5) == date.max


def test_a_wait_back_before_the_first_date_is_out_of_range() -> None:
    with pytest.raises(InvalidValue, match=r"^date out of range: -1bd from 0001-01-01$"):
        PLAIN.add_business_days(date.min, -1)


def test_a_huge_wait_is_refused_without_walking_the_calendar() -> None:
    with pytest.raises(InvalidValue, match="date out of range"):
        US.add_business_days(date(2026, 3, 2), 10**20)


def test_rolling_forward_past_the_last_date_is_out_of_range() -> None:
    last_day_off = BusinessCalendar(frozenset({date.max}))
    with pytest.raises(InvalidValue) as error:
        last_day_off.roll_forward(date.max)
    assert str(error.value) == "date out of range: no business day on or after 9999-12-31"
    with pytest.raises(InvalidValue, match="no business day on or after 9999-12-31"):
        last_day_off.add_business_days(date.max, 0)


def test_business_days_between_counts_up_to_the_last_date() -> None:
    assert PLAIN.business_days_between(date(9999, 12, 24), date.max) == 5


def _walked(calendar: BusinessCalendar, start: date, count: int) -> date:
    """The count-th business day after start, one calendar day at a time."""
    step = timedelta(days=1 if count > 0 else -1)
    day, remaining = start, abs(count)
    while remaining:
        day += step
        remaining -= calendar.is_business_day(day)
    return day


days = st.dates(date(2025, 1, 1), date(2027, 12, 31))
periods = st.tuples(days, days).map(lambda ends: Period(min(ends), max(ends)))


@settings(max_examples=200, derandomize=True, database=None)
@given(start=days, count=st.integers(-300, 300).filter(bool), away=st.lists(periods, max_size=4))
def test_skipping_away_periods_whole_lands_where_walking_day_by_day_does(
    start: date, count: int, away: list[Period]
) -> None:
    calendar = BusinessCalendar(holidays.country_holidays("US"), away)
    landed = calendar.add_business_days(start, count)
    assert landed == _walked(calendar, start, count)
    assert calendar.roll_forward(start) == _walked(calendar, start - timedelta(days=1), 1)
    if count > 0:
        assert calendar.business_days_between(start, landed) == count


def test_a_ten_thousand_year_absence_is_one_step() -> None:
    everything = BusinessCalendar(away=[Period(date(1, 1, 1), date(9999, 12, 30))])
    assert everything.add_business_days(date(2026, 3, 2), 1) == date(9999, 12, 31)  # a Friday
    assert everything.roll_forward(date(1, 1, 1)) == date(9999, 12, 31)
    assert everything.business_days_between(date(1, 1, 1), date(9999, 12, 31)) == 1
    with pytest.raises(InvalidValue, match="out of range"):
        everything.add_business_days(date(2026, 3, 2), 2)
