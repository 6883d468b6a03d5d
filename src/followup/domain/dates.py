"""Reading dates and durations the way a salesperson types them.

Accepted: ISO dates (``2026-03-05``), ``today``, ``tomorrow``, ``yesterday``,
weekday names (the next such day, never today), offsets such as ``+3d``, ``2w``,
``-1w``, ``+10bd`` (business days) and ``1m``, and a day with the month spelled
out (``5 March 2026``, ``mar 5``). Other numeric dates (``03/04/2026``: March or
April?) are refused rather than guessed.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from followup.domain.calendar import BusinessCalendar, date_out_of_range
from followup.errors import InvalidValue

DATE_HINT = "try 2026-03-05, today, tomorrow, friday, +3d, 2w or +10bd"

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
RELATIVE_DAYS = {"today": 0, "tomorrow": 1, "yesterday": -1}
OFFSET = re.compile(r"^(?P<sign>[+-]?)(?P<count>\d+)\s*(?P<unit>bd|d|w|m)$")
ISO_DATE = re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})", re.ASCII)

_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_MONTH = r"(?P<month>[a-z]+)\.?"
_YEAR = r"(?:,?\s+(?P<year>\d{4}))?"
# A day number beside a month in letters, and at most a four-digit year: the only
# free-form dates that read one way. A two-digit year or an all-numeric date would not.
NAMED_MONTH_DATES = (
    re.compile(rf"{_MONTH}\s+{_DAY}{_YEAR}", re.ASCII),  # March 5, 2026
    re.compile(rf"{_DAY}\s+{_MONTH}{_YEAR}", re.ASCII),  # 5 March 2026
)


@dataclass(frozen=True)
class Offset:
    """A signed amount of days (``d``), weeks (``w``), months (``m``) or business days (``bd``)."""

    count: int
    unit: str

    def apply(self, start: date, calendar: BusinessCalendar) -> date:
        """The date this offset lands on from ``start``; InvalidValue past the calendar's range."""
        if self.unit == "bd":
            return calendar.add_business_days(start, self.count)
        try:
            if self.unit == "m":
                from dateutil.relativedelta import relativedelta

                return start + relativedelta(months=self.count)
            return start + timedelta(days=self.count * (7 if self.unit == "w" else 1))
        # Past year 9999 (or before year 1) timedelta overflows, and relativedelta
        # reports the impossible year as ValueError.
        except (OverflowError, ValueError):
            raise date_out_of_range(str(self), start) from None

    def __str__(self) -> str:
        return f"{self.count}{self.unit}"


def days_later(start: date, days: int) -> date:
    """The day ``days`` calendar days after ``start``; InvalidValue past the calendar's end."""
    try:
        return start + timedelta(days=days)
    except OverflowError:
        raise date_out_of_range(f"{days}d", start) from None


def display_day(value: date | None) -> str:
    """A day as people read it in a message: ``Thu 2026-03-12`` (``-`` for none)."""
    return value.strftime("%a %Y-%m-%d") if value else "-"


def parse_offset(text: str) -> Offset | None:
    """An offset like ``+3d`` or ``2w``, or None when ``text`` is not one."""
    match = OFFSET.match(text.strip().lower())
    if not match:
        return None
    try:
        count = int(match["count"])
    except ValueError:
        # Python refuses to read integers thousands of digits long; none lands on a date.
        raise InvalidValue(f"date out of range: {text.strip()!r} is too far away") from None
    return Offset(count * (-1 if match["sign"] == "-" else 1), match["unit"])


def parse_duration(text: str) -> Offset:
    """A positive duration such as ``60d``, ``8w``, ``2m`` or ``20bd``."""
    offset = parse_offset(text)
    if offset is None or offset.count <= 0:
        raise InvalidValue(f"cannot read {text!r} as a duration (try 60d, 8w, 2m or 20bd)")
    return offset


def parse_date(text: str, today: date, calendar: BusinessCalendar) -> date:
    """The date ``text`` names, relative to ``today``; raises InvalidValue when unreadable."""
    word = text.strip().lower()
    if not word:
        raise InvalidValue(f"an empty date is not a date ({DATE_HINT})")
    # Through Offset, so that "tomorrow" on the last day of the calendar is out of range too.
    if word in RELATIVE_DAYS:
        return Offset(RELATIVE_DAYS[word], "d").apply(today, calendar)
    weekday = _weekday(word)
    if weekday is not None:
        return Offset((weekday - today.weekday() - 1) % 7 + 1, "d").apply(today, calendar)
    offset = parse_offset(word)
    if offset is not None:
        return offset.apply(today, calendar)
    iso = ISO_DATE.fullmatch(word)
    if iso:
        return _real_date(text, int(iso["year"]), int(iso["month"]), int(iso["day"]))
    named = _parse_named_month(text, word, today)
    if named is None:
        raise InvalidValue(
            f"cannot read {text!r} as a date: name the month or use ISO ({DATE_HINT})"
        )
    return named


# How files write numeric dates: year first is unambiguous; day and month need the order.
YEAR_FIRST = re.compile(r"(?P<year>\d{4})[/.](?P<month>\d{1,2})[/.](?P<day>\d{1,2})", re.ASCII)
YEAR_LAST = re.compile(r"(?P<first>\d{1,2})[/.-](?P<second>\d{1,2})[/.-](?P<year>\d{4})", re.ASCII)
DATE_ORDERS = ("dmy", "mdy")


class AmbiguousDate(InvalidValue):
    """A numeric date that reads two ways until the day/month order is known."""


def parse_written_date(text: str, today: date, order: str | None = None) -> date:
    """A date as a file writes it: ISO, ``2026/11/04``, ``4 Nov 2026``, never "friday" or "+3d".

    ``11/04/2026`` is the 11th of April in most of the world and November 4th in the
    US, so day-first or month-first dates need ``order`` ("dmy" or "mdy").
    """
    word = text.strip().lower()
    if match := ISO_DATE.fullmatch(word) or YEAR_FIRST.fullmatch(word):
        return _real_date(text, int(match["year"]), int(match["month"]), int(match["day"]))
    if match := YEAR_LAST.fullmatch(word):
        if order not in DATE_ORDERS:
            raise AmbiguousDate(f"{text!r} could be day/month or month/day")
        day, month = (match["first"], match["second"])[:: 1 if order == "dmy" else -1]
        return _real_date(text, int(match["year"]), int(month), int(day))
    named = _parse_named_month(text, word, today)
    if named is None:
        raise InvalidValue(f"{text!r} is not a date")
    return named


def _weekday(word: str) -> int | None:
    if len(word) < 3:
        return None
    for index, name in enumerate(WEEKDAYS):
        if name.startswith(word):
            return index
    return None


def _parse_named_month(text: str, word: str, today: date) -> date | None:
    """A day with the month in letters (the year defaults to this one), if that is what it is."""
    for pattern in NAMED_MONTH_DATES:
        match = pattern.fullmatch(word)
        month = _month_number(match["month"]) if match else None
        if match and month:
            year = int(match["year"]) if match["year"] else today.year
            return _real_date(text, year, month, int(match["day"]))
    return None


def _month_number(word: str) -> int | None:
    """1-12 for an English month name or abbreviation, as python-dateutil reads them."""
    from dateutil.parser import parserinfo

    return parserinfo().month(word)


def _real_date(text: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError as error:
        raise InvalidValue(f"{text!r} is not a real date: {error}") from None
