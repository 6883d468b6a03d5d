"""The rules `followup add` applies, applied to every row of a file before anything is written."""

import re
from datetime import date
from typing import Any

from followup.core import fields
from followup.core.calendar import BusinessCalendar
from followup.core.dates import parse_date
from followup.errors import InvalidValue
from followup.importers.entries import Row

ONE_LINE_FIELDS = ("company", "title", "phone", "linkedin", "event")
# "2026-11-04 09:42" and "2026-11-04T09:42:00Z": the day is what matters.
ISO_DATETIME = re.compile(r"(\d{4}-\d{2}-\d{2})[ T]\S.*")


def checked(row: Row, today: date, calendar: BusinessCalendar) -> dict[str, Any]:
    """The row's values as a contact's columns, or ``InvalidValue`` saying what is wrong."""
    values = dict(row.values)
    values["name"] = fields.name("name", values["name"])
    for key in ONE_LINE_FIELDS:
        if key in values:
            values[key] = fields.one_line(key, values[key]).strip()
    if "email" in values:
        values["email"] = fields.email("email", values["email"])
    if "tz" in values:
        fields.time_zone("time zone", values["tz"])
    if "tags" in values:
        tags = fields.tags("tag", values["tags"])
        values["tags"] = tuple(tags.split(",")) if tags else ()
    if isinstance(values.get("met_on"), str):
        values["met_on"] = _met_on(values["met_on"], today, calendar)
    return values


def _met_on(text: str, today: date, calendar: BusinessCalendar) -> date:
    if match := ISO_DATETIME.fullmatch(text.strip()):
        text = match[1]
    try:
        met_on = parse_date(text, today, calendar)
    except InvalidValue:
        raise InvalidValue(f"met date {text!r} is not a date") from None
    if met_on > today:
        raise InvalidValue(f"met date {met_on.isoformat()} is in the future")
    return met_on
