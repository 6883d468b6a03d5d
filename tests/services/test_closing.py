"""services.closing: won, lost and archived, with the lessons asked for and kept."""

import pytest

from followup.context import Context
from followup.errors import FollowupError
from followup.services.closing import Close, close
from followup.services.contacts import NewContact, Profile, add_contact, contact_view
from tests.services.conftest import Opener, Scripted


@pytest.fixture
def ann(ctx: Context) -> Context:
    add_contact(ctx, NewContact("Ann Lee", Profile({"met_on": "2026-02-27"})))
    return ctx


def test_a_win_asks_what_worked_and_what_more_and_ends_the_cadence(
    ann: Context, at: Opener
) -> None:
    person = Scripted(worked="the pilot on their lanes", lesson="bring the CFO in earlier")
    closed = close(at(interaction=person), Close("ann", "won"))
    assert person.asked_lessons == ["won"]
    assert closed.kept_lessons and not closed.again
    view = contact_view(at(), "ann")
    assert (view.contact.status, view.contact.worked, view.contact.lesson) == (
        "won",
        "the pilot on their lanes",
        "bring the CFO in earlier",
    )
    assert view.pending is None


def test_lessons_given_are_not_asked_for(ann: Context, at: Opener) -> None:
    person = Scripted()
    close(at(interaction=person), Close("ann", "lost", reason="budget", worked="demo", lesson="x"))
    assert person.asked_lessons == []
    assert contact_view(at(), "ann").contact.close_reason == "budget"


def test_closing_again_keeps_the_first_lesson_unless_a_new_one_is_given(ann: Context) -> None:
    close(ann, Close("ann", "lost", lesson="call the decider first"))
    with pytest.raises(FollowupError, match="already lost"):
        close(ann, Close("ann", "lost"))
    again = close(ann, Close("ann", "lost", reason="went with a rival"))
    assert again.again
    person = contact_view(ann, "ann").contact
    assert (person.lesson, person.close_reason) == ("call the decider first", "went with a rival")
