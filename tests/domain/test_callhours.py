"""domain.callhours: their clock, and whether it is a decent hour to call."""

from datetime import UTC, datetime, time

import pytest

from followup.domain.callhours import DEFAULT_CALL_HOURS, parse_call_hours, their_time
from followup.errors import InvalidValue


def test_the_default_hours_are_nine_to_half_past_five() -> None:
    assert time(9, 0) in DEFAULT_CALL_HOURS and time(17, 30) in DEFAULT_CALL_HOURS
    assert time(8, 59) not in DEFAULT_CALL_HOURS and time(17, 31) not in DEFAULT_CALL_HOURS


def test_their_time_is_now_on_their_clock() -> None:
    noon_utc = datetime(2026, 3, 2, 12, 0, tzinfo=UTC).astimezone().replace(tzinfo=None)
    assert their_time(noon_utc, "Asia/Tokyo").strftime("%H:%M") == "21:00"
    assert their_time(noon_utc, "America/New_York").strftime("%H:%M") == "07:00"


@pytest.mark.parametrize("text", ["9-5", "17:30-09:00", "09:00", "nine to five"])
def test_hours_that_are_not_a_span_of_the_day_are_refused(text: str) -> None:
    with pytest.raises(InvalidValue):
        parse_call_hours(text)
    assert str(parse_call_hours("08:30\N{EN DASH}16:00")) == "08:30-16:00"
