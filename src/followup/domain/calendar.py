"""Business-day arithmetic: weekends, public holidays and the user's away periods."""

from collections.abc import Container, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from followup.errors import InvalidValue

ONE_DAY = timedelta(days=1)
SATURDAY = 5


@dataclass(frozen=True)
class Period:
    """An inclusive range of days, e.g. a vacation."""

    start: date
    end: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


def date_out_of_range(offset: str, start: date) -> InvalidValue:
    """The error for an offset from ``start`` that lands before year 1 or after year 9999."""
    return InvalidValue(f"date out of range: {offset} from {start}")


class BusinessCalendar:
    """Knows which days count as working days and counts waits in them.

    ``holidays`` is any container of dates (the ``holidays`` package's country
    calendars qualify and expand to new years on demand).
    """

    def __init__(self, holidays: Container[date] = frozenset(), away: Iterable[Period] = ()):
        self.holidays = holidays
        self.away = tuple(away)

    def is_business_day(self, day: date) -> bool:
        return self._is_workday(day) and self.away_over(day) is None

    def _is_workday(self, day: date) -> bool:
        """Not a weekend day or a public holiday (away periods aside)."""
        return day.weekday() < SATURDAY and day not in self.holidays

    def away_over(self, day: date) -> Period | None:
        """The away period ``day`` falls in, if any.

        Walks skip such a period whole: a year away is one step, not 365.
        """
        return next((period for period in self.away if day in period), None)

    def roll_forward(self, day: date) -> date:
        """``day`` itself if it is a business day, else the next one."""
        start = day
        try:
            while (away := self.away_over(day)) or not self._is_workday(day):
                day = (away.end if away else day) + ONE_DAY
        except OverflowError:
            raise InvalidValue(f"date out of range: no business day on or after {start}") from None
        return day

    def add_business_days(self, start: date, count: int) -> date:
        """The ``count``-th business day after ``start`` (``count`` may be negative).

        A count of 0 rolls ``start`` forward to a business day, so a result never
        falls on a skipped day.
        """
        if count == 0:
            return self.roll_forward(start)
        # Every business day is at least one calendar day, so a count beyond the days
        # left in the calendar cannot land; refusing it up front also spares a loop
        # over millions of days for a typo like +99999999bd.
        room = (date.max - start if count > 0 else start - date.min).days
        if abs(count) > room:
            raise date_out_of_range(f"{count}bd", start)
        step = ONE_DAY if count > 0 else -ONE_DAY
        day, remaining = start, abs(count)
        try:
            while remaining:
                day += step
                if away := self.away_over(day):
                    day = away.end if count > 0 else away.start
                elif self._is_workday(day):
                    remaining -= 1
        except OverflowError:
            raise date_out_of_range(f"{count}bd", start) from None
        return day

    def business_days_between(self, start: date, end: date) -> int:
        """How many business days lie after ``start`` up to and including ``end``."""
        if end <= start:
            return 0
        count, day = 0, start
        while day < end:
            day += ONE_DAY
            if away := self.away_over(day):
                day = min(away.end, end)
            else:
                count += self._is_workday(day)
        return count
