"""services.exports: every contact, touch or follow-up written as it is read."""

import csv
import io
import json

import pytest

from followup.context import Context
from followup.errors import UsageError
from followup.services.contacts import NewContact, Profile, add_contact
from followup.services.exports import calendar_feed, export_rows
from tests.services.conftest import Opener, Scripted


@pytest.fixture
def two(ctx: Context) -> Context:
    add_contact(
        ctx, NewContact("Ann Lee", Profile({"company": "=HYPERLINK(1)", "met_on": "2026-02-27"}))
    )
    add_contact(ctx, NewContact("Bo Chen", Profile({"met_on": "2026-02-27"})))
    return ctx


def test_contacts_as_json_keep_the_data_exact(two: Context) -> None:
    stream = io.StringIO()
    assert export_rows(two, "contacts", "json", stream) == 2
    [ann, bo] = json.loads(stream.getvalue())
    assert (ann["name"], ann["company"], bo["name"]) == ("Ann Lee", "=HYPERLINK(1)", "Bo Chen")


def test_contacts_as_csv_are_spreadsheet_safe(two: Context) -> None:
    stream = io.StringIO()
    export_rows(two, "contacts", "csv", stream)
    [ann, _] = csv.DictReader(io.StringIO(stream.getvalue()))
    assert ann["company"] == "'=HYPERLINK(1)"


def test_progress_counts_every_row_when_asked(two: Context, at: Opener) -> None:
    person = Scripted()
    export_rows(at(interaction=person), "followups", "csv", io.StringIO(), progress=True)
    assert person.progress_steps == [("Exporting followups", 2, 2)]


def test_an_unknown_kind_is_refused(two: Context) -> None:
    with pytest.raises(UsageError):
        export_rows(two, "meetings", "csv", io.StringIO())


def test_the_calendar_feed_has_one_event_per_pending_follow_up(two: Context) -> None:
    stream = io.BytesIO()
    assert calendar_feed(two, 30, stream) == 2
    assert stream.getvalue().count(b"BEGIN:VEVENT") == 2
