"""services.forecast and the daily thin-pipeline warning it feeds."""

from datetime import date, datetime

import pytest

from followup.config import Config
from followup.context import Context
from followup.errors import InvalidValue
from followup.services.agenda import daily_warning
from followup.services.contacts import NewContact, Profile, add_contact
from followup.services.forecast import forecast
from followup.services.touches import BookMeeting, book_meeting
from tests.services.conftest import Opener

TARGET_TWO = Config(min_active=2)


@pytest.fixture
def two(at: Opener) -> Context:
    """Ann met on Wed 02-25, her step 1 late: taken as done today, Mon 03-02, she reaches
    her decide item on Mon 05-04. Bo, met today, on Tue 05-05: the same week."""
    for name, met in (("Ann Lee", "2026-02-25"), ("Bo Chen", "2026-03-02")):
        add_contact(at(), NewContact(name, Profile({"met_on": met})))
    return at(config=TARGET_TWO)


def test_the_forecast_counts_who_is_left_each_week(two: Context) -> None:
    ahead = forecast(two, 11)
    assert [week.open for week in ahead.weeks] == [2] * 9 + [0, 0]
    assert ahead.thin_from is not None and ahead.thin_from.starts == date(2026, 5, 4)
    with pytest.raises(InvalidValue, match="--weeks must be from 1 to 520"):
        forecast(two, 0)


def test_the_warning_says_when_and_shows_once_a_day(two: Context, at: Opener) -> None:
    assert daily_warning(two) is None  # Monday 03-02: thin only in nine weeks, past eight
    assert daily_warning(at(config=TARGET_TWO)) is None, "checked once today already"
    tuesday = datetime(2026, 3, 3, 9)
    # Bo's meeting on Fri 03-06: the chase after it runs out on Mon 04-20, seven weeks on.
    book_meeting(at(tuesday), BookMeeting("bo", on="2026-03-06"))
    warned = daily_warning(at(tuesday, config=TARGET_TWO))
    assert warned is not None and (warned.open, warned.weeks_ahead) == (1, 7)
    assert daily_warning(at(tuesday, config=TARGET_TWO)) is None
    thin = daily_warning(at(datetime(2026, 3, 17, 9), config=Config(min_active=3)))
    assert thin is not None and (thin.open, thin.weeks_ahead, thin.thin) == (2, None, True)
