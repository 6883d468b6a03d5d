"""services.history: touches you can fix; the pending step follows the latest touch."""

from datetime import date, datetime

import pytest

from followup.context import Context
from followup.errors import InvalidValue, NotFound, UsageError
from followup.services.contacts import NewContact, Profile, add_contact, contact_view
from followup.services.history import TouchEdit, delete_touch, edit_touch, touches_of
from followup.services.maintenance import undo
from followup.services.touches import LogTouch, RecordReply, log_touch, record_reply
from tests.services.conftest import Opener

ANSWERS = {"value": "a pilot", "problem": "late deliveries", "decider": "yes"}


@pytest.fixture
def ann(at: Opener) -> Context:
    """Ann met Wed 02-25: step 1 on Thu 02-26, step 2 on Tue 03-03; step 3 due Fri 03-06."""
    add_contact(
        at(datetime(2026, 2, 25, 9)), NewContact("Ann Lee", Profile({"met_on": "2026-02-25"}))
    )
    log_touch(at(datetime(2026, 2, 26, 9)), LogTouch("ann"))
    log_touch(at(datetime(2026, 3, 3, 9)), LogTouch("ann", answers=ANSWERS))
    return at(datetime(2026, 3, 4, 9))


WEDNESDAY = datetime(2026, 3, 4, 9)


def next_due(ctx: Context) -> tuple[int | None, date]:
    pending = contact_view(ctx, "ann").pending
    assert pending is not None
    return pending.plan.step, pending.plan.due


def test_a_backfilled_touch_goes_in_date_order_and_leaves_the_step(
    ann: Context, at: Opener
) -> None:
    logged = log_touch(ann, LogTouch("ann", on="2026-02-27", channel="call", note="forgot it"))
    assert logged.step is None
    _, touches = touches_of(at(WEDNESDAY), "ann")
    assert [(t.happened_on, t.step, t.channel) for t in touches] == [
        (date(2026, 2, 26), 1, "email"),
        (date(2026, 2, 27), None, "call"),
        (date(2026, 3, 3), 2, "email"),
    ]
    assert next_due(at(WEDNESDAY)) == (3, date(2026, 3, 6))


def test_moving_the_latest_touch_moves_the_next_step(ann: Context, at: Opener) -> None:
    _, touches = touches_of(ann, "ann")
    changed = edit_touch(ann, TouchEdit(touches[-1].id, on="2026-03-02", note="sent Monday"))
    assert changed.next is not None and (changed.next.step, changed.next.due) == (
        3, date(2026, 3, 5),
    )  # fmt: skip
    assert touches_of(at(WEDNESDAY), "ann")[1][-1].note == "sent Monday"
    undo(at(WEDNESDAY))
    assert next_due(at(WEDNESDAY)) == (3, date(2026, 3, 6)), "one undo step"


def test_deleting_the_latest_touch_brings_its_step_back(ann: Context, at: Opener) -> None:
    _, touches = touches_of(ann, "ann")
    with pytest.raises(UsageError, match="pass --yes"):
        delete_touch(ann, touches[-1].id)
    deleted = delete_touch(at(WEDNESDAY), touches[-1].id, confirmed=True)
    assert deleted.touch.answers == ANSWERS
    assert next_due(at(WEDNESDAY)) == (2, date(2026, 3, 3))
    assert contact_view(at(WEDNESDAY), "ann").touches[-1].step == 1


def test_a_touch_edit_that_cannot_be_is_refused(ann: Context, at: Opener) -> None:
    _, touches = touches_of(ann, "ann")
    with pytest.raises(NotFound, match="no touch with id 99"):
        edit_touch(ann, TouchEdit(99, note="x"))
    with pytest.raises(UsageError, match="say what to change"):
        edit_touch(ann, TouchEdit(touches[0].id))
    with pytest.raises(InvalidValue, match="cannot be in the future"):
        edit_touch(ann, TouchEdit(touches[0].id, on="2026-03-20"))
    with pytest.raises(InvalidValue, match="--channel 'fax'"):
        edit_touch(ann, TouchEdit(touches[0].id, channel="fax"))
    reply = record_reply(at(WEDNESDAY), RecordReply("ann"))
    _, touches = touches_of(at(WEDNESDAY), "ann")
    with pytest.raises(InvalidValue, match="is theirs"):
        edit_touch(at(WEDNESDAY), TouchEdit(touches[-1].id, outcome="sent"))
    assert next_due(at(WEDNESDAY)) == (1, reply.next.due), "a stage's step is not replanned"
