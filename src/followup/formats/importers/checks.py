"""The rules `followup add` applies, applied to every row of a file before anything is written."""

import re
from datetime import date
from typing import Any

from followup.domain import fields
from followup.domain.dates import AmbiguousDate, parse_written_date
from followup.domain.status import STATUSES
from followup.errors import InvalidValue
from followup.formats.importers.entries import Row

ONE_LINE_FIELDS = (*fields.ONE_LINE, "event", "status")
DATES = {"met_on": "met date", "meeting_on": "meeting date", "closed_on": "closing date"}
# "2026-11-04 09:42" and "2026-11-04T09:42:00Z": the day is what matters.
ISO_DATETIME = re.compile(r"(\d{4}-\d{2}-\d{2})[ T]\S.*")


def checked(row: Row, today: date, date_order: str | None = None) -> dict[str, Any]:
    """The row's values as a contact's columns, or ``InvalidValue`` saying what is wrong."""
    values = dict(row.values)
    # A file's notes gather several of its columns or properties: each may fit alone.
    # (A reader's values are text, and tags a tuple: len() measures them all at C speed.)
    if max(map(len, values.values()), default=0) > fields.MAX_FIELD_CHARS:
        key = next(key for key, value in values.items() if len(value) > fields.MAX_FIELD_CHARS)
        fields.bounded(key, values[key])
    values["name"] = fields.name("name", values["name"])
    # Kept as read: the readers strip what a file pads, and our own export is exact.
    for key in ONE_LINE_FIELDS:
        if key in values:
            fields.one_line(key, values[key])
    if "email" in values:
        values["email"] = fields.email("email", values["email"])
    if "tz" in values:
        fields.time_zone("time zone", values["tz"])
    if "tags" in values:
        values["tags"] = fields.tags("tag", values["tags"])
    if "status" in values and values["status"] not in STATUSES:
        raise InvalidValue(f"status {values['status']!r} is not one of: {', '.join(STATUSES)}")
    for key, label in DATES.items():
        if isinstance(values.get(key), str):
            values[key] = _day(label, values[key], today, date_order)
    if values.get("met_on") and values["met_on"] > today:
        raise InvalidValue(f"met date {values['met_on'].isoformat()} is in the future")
    return values


def _day(label: str, text: str, today: date, date_order: str | None) -> date:
    if match := ISO_DATETIME.fullmatch(text.strip()):
        text = match[1]
    try:
        return parse_written_date(text, today, date_order)
    except AmbiguousDate as error:
        raise InvalidValue(f"{label} {error}: say which with --date-order dmy or mdy") from None
    except InvalidValue as error:
        raise InvalidValue(f"{label} {error}") from None
