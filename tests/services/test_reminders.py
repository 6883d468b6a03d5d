"""services.reminders: one-off items beside the cadence, owed until done or a touch that day."""

from datetime import date, datetime

import pytest

from followup.context import Context
from followup.domain.cadence import describe
from followup.errors import FollowupError, InvalidValue
from followup.services.agenda import due, due_count, upcoming
from followup.services.closing import Close, close
from followup.services.contacts import NewContact, Profile, add_contact, contact_view
from followup.services.reminders import done, remind
from followup.services.touches import LogTouch, log_touch
from tests.services.conftest import Opener

WEDNESDAY = datetime(2026, 3, 4, 9, 0)


@pytest.fixture
def ann(ctx: Context) -> Context:
    """Ann, met on Friday; step 1 is due today, Monday 03-02."""
    add_contact(ctx, NewContact("Ann Lee", Profile({"met_on": "2026-02-27"})))
    return ctx


def listed(ctx: Context) -> list[tuple[str, str, date]]:
    return [(item.kind, item.action, item.due) for item in due(ctx)]


def test_a_reminder_shows_from_its_day_beside_the_cadence(ann: Context, at: Opener) -> None:
    before = describe(contact_view(ann, "ann").pending.plan)  # type: ignore[union-attr]
    added = remind(ann, "ann", "wednesday", "ask about the Q2 budget")
    assert (added.due, added.text) == (date(2026, 3, 4), "ask about the Q2 budget")
    assert describe(contact_view(ann, "ann").pending.plan) == before  # type: ignore[union-attr]
    assert [item.kind for item in due(ann)] == ["touch"]
    assert [(item.kind, item.due) for item in upcoming(ann, 7)] == [("reminder", date(2026, 3, 4))]
    wednesday = at(WEDNESDAY)
    assert ("reminder", "ask about the Q2 budget", date(2026, 3, 4)) in listed(wednesday)
    assert due_count(wednesday) == 2
    assert [r.text for r in contact_view(wednesday, "ann").reminders] == ["ask about the Q2 budget"]


def test_done_marks_the_due_reminders_and_leaves_later_ones(ann: Context, at: Opener) -> None:
    remind(ann, "ann", "today", "send the deck")
    remind(ann, "ann", "2026-03-20", "ask again")
    finished = done(ann, "ann")
    assert [r.text for r in finished.done] == ["send the deck"]
    assert [r.text for r in contact_view(at(), "ann").reminders] == ["ask again"]
    with pytest.raises(FollowupError, match=r"no reminder due \(the next is on Fri 2026-03-20\)"):
        done(at(), "ann")


def test_a_touch_on_or_after_its_day_settles_a_reminder(ann: Context, at: Opener) -> None:
    remind(ann, "ann", "today", "mention the pilot")
    remind(ann, "ann", "2026-03-05", "call about the pilot")
    log_touch(at(), LogTouch("ann"))  # Monday: settles Monday's, not Thursday's
    assert [r.text for r in contact_view(at(), "ann").reminders] == ["call about the pilot"]
    # Thursday: step 2 and the reminder, the cadence's item first.
    assert [kind for kind, _, _ in listed(at(datetime(2026, 3, 5, 9)))] == ["touch", "reminder"]


def test_a_closed_contact_owes_no_reminder_and_gets_none(ann: Context, at: Opener) -> None:
    remind(ann, "ann", "today", "mention the pilot")
    close(at(), Close("ann", "lost", ask_lessons=False))
    assert listed(at()) == []
    with pytest.raises(FollowupError, match="is lost: reminders are for open contacts"):
        remind(at(), "ann", "today", "anything")


@pytest.mark.parametrize(
    ("when", "text", "error"),
    [
        ("2026-03-01", "too late", "cannot be in the past"),
        ("today", "   ", "TEXT is empty"),
        ("today", "two\nlines", "control characters or line breaks"),
    ],
)
def test_a_reminder_in_the_past_or_without_text_is_refused(
    ann: Context, at: Opener, when: str, text: str, error: str
) -> None:
    with pytest.raises(InvalidValue, match=error):
        remind(ann, "ann", when, text)
    assert contact_view(at(), "ann").reminders == []
