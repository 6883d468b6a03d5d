"""Reading dates and durations the way a salesperson types them.

Accepted: ISO dates (``2026-03-05``), ``today``, ``tomorrow``, ``yesterday``,
weekday names (the next such day, never today), offsets such as ``+3d``, ``2w``,
``-1w``, ``+10bd`` (business days) and ``1m``, and anything else python-dateutil
reads unambiguously (``5 March 2026``).
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from followup.core.calendar import BusinessCalendar
from followup.errors import InvalidValue

DATE_HINT = "try 2026-03-05, today, tomorrow, friday, +3d, 2w or +10bd"

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
RELATIVE_DAYS = {"today": 0, "tomorrow": 1, "yesterday": -1}
OFFSET = re.compile(r"^(?P<sign>[+-]?)(?P<count>\d{1,4})\s*(?P<unit>bd|d|w|m)$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Offset:
    """A signed amount of days (``d``), weeks (``w``), months (``m``) or business days (``bd``)."""

    count: int
    unit: str

    def apply(self, start: date, calendar: BusinessCalendar) -> date:
        if self.unit == "bd":
            return calendar.add_business_days(start, self.count)
        if self.unit == "m":
            from dateutil.relativedelta import relativedelta

            return start + relativedelta(months=self.count)
        days = self.count * (7 if self.unit == "w" else 1)
        return start + timedelta(days=days)

    def __str__(self) -> str:
        return f"{self.count}{self.unit}"


def parse_offset(text: str) -> Offset | None:
    """An offset like ``+3d`` or ``2w``, or None when ``text`` is not one."""
    match = OFFSET.match(text.strip().lower())
    if not match:
        return None
    count = int(match["count"]) * (-1 if match["sign"] == "-" else 1)
    return Offset(count, match["unit"])


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
    if word in RELATIVE_DAYS:
        return today + timedelta(days=RELATIVE_DAYS[word])
    weekday = _weekday(word)
    if weekday is not None:
        return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)
    offset = parse_offset(word)
    if offset is not None:
        return offset.apply(today, calendar)
    if ISO_DATE.match(word):
        try:
            return date.fromisoformat(word)
        except ValueError as error:
            raise InvalidValue(f"{text!r} is not a real date: {error}") from None
    return _parse_free_form(text, today)


def _weekday(word: str) -> int | None:
    if len(word) < 3:
        return None
    for index, name in enumerate(WEEKDAYS):
        if name.startswith(word):
            return index
    return None


def _parse_free_form(text: str, today: date) -> date:
    from datetime import datetime

    from dateutil import parser

    default = datetime(today.year, today.month, today.day)
    try:
        return parser.parse(text, default=default, dayfirst=False).date()
    except (ValueError, OverflowError) as error:
        reason = str(error).split(":")[0]
        raise InvalidValue(f"cannot read {text!r} as a date: {reason} ({DATE_HINT})") from None
