"""services.pipeline: every open contact, what needs attention first."""

from datetime import date, datetime

import pytest

from followup.context import Context
from followup.errors import InvalidValue
from followup.services.closing import Close, close
from followup.services.contacts import NewContact, Profile, add_contact
from followup.services.pipeline import pipeline
from followup.services.touches import LogTouch, RecordReply, log_touch, record_reply
from tests.services.conftest import Opener

THURSDAY = datetime(2026, 3, 5, 9, 0)


@pytest.fixture
def three(ctx: Context, at: Opener) -> Context:
    """Met on Wed 02-25: Ann was written to on Thursday, Bo replied on Friday, Cy has
    heard nothing yet; Di was lost."""
    met = at(datetime(2026, 2, 25, 9))
    for name in ("Ann Lee", "Bo Chen", "Cy Diaz", "Di Fox"):
        add_contact(met, NewContact(name, Profile({"met_on": "2026-02-25"})))
    log_touch(at(datetime(2026, 2, 26, 9)), LogTouch("ann"))
    record_reply(at(datetime(2026, 2, 27, 9)), RecordReply("bo"))
    close(at(datetime(2026, 2, 27, 9)), Close("fox", "lost", ask_lessons=False))
    return at(THURSDAY)


def test_the_most_overdue_comes_first_with_its_stage_and_silence(three: Context) -> None:
    rows = pipeline(three)
    assert [
        (
            row.item.name,
            row.item.stage,
            row.item.due,
            row.last_touch_on,
            row.days_silent(three.today),
        )
        for row in rows
    ] == [
        ("Cy Diaz", "silent", date(2026, 2, 26), None, None),
        ("Bo Chen", "engaged", date(2026, 3, 2), date(2026, 2, 27), None),
        ("Ann Lee", "silent", date(2026, 3, 3), date(2026, 2, 26), 7),
    ]


def test_a_stage_filters_and_an_unknown_one_is_refused(three: Context) -> None:
    assert [row.item.name for row in pipeline(three, "engaged")] == ["Bo Chen"]
    assert pipeline(three, "after-meeting") == []
    with pytest.raises(InvalidValue, match="--stage 'won' is not one of: silent, engaged"):
        pipeline(three, "won")
