"""services.schedule: snoozing, time away, nurturing and restarting a cadence."""

from datetime import date, datetime

import pytest

from followup.context import Context
from followup.errors import InvalidValue
from followup.services.agenda import due
from followup.services.contacts import NewContact, Profile, add_contact, contact_view
from followup.services.schedule import go_away, nurture, restart, snooze
from tests.services.conftest import Opener


@pytest.fixture
def two(ctx: Context) -> Context:
    for name in ("Ann Lee", "Bo Chen"):
        add_contact(ctx, NewContact(name, Profile({"met_on": "2026-02-27"})))
    return ctx


def test_snooze_moves_the_pending_step_to_a_business_day(two: Context, at: Opener) -> None:
    moved = snooze(two, "ann", "2026-03-07", reason="at a trade show")  # a Saturday
    assert moved.next.step == 1 and moved.next.due == date(2026, 3, 9)
    assert [item.name for item in due(at())] == ["Bo Chen"]


def test_time_away_moves_what_falls_in_it_and_later_waits_skip_it(two: Context, at: Opener) -> None:
    away = go_away(two, "2026-03-02", "2026-03-06", reason="holiday")
    assert away.moved == 2
    assert due(at()) == []
    # Step 1 falls on the first business day after the time away.
    after = due(at(datetime(2026, 3, 9, 9)))
    assert [(item.name, item.due) for item in after] == [
        ("Ann Lee", date(2026, 3, 9)),
        ("Bo Chen", date(2026, 3, 9)),
    ]


def test_away_refuses_an_end_before_its_start(two: Context) -> None:
    with pytest.raises(InvalidValue, match="before FROM"):
        go_away(two, "2026-03-06", "2026-03-02")


def test_nurture_schedules_a_check_in_every_so_often(two: Context) -> None:
    kept = nurture(two, "ann", every="3w")
    assert kept.next.kind == "nurture" and kept.next.due == date(2026, 3, 23)
    assert contact_view(two, "ann").contact.status == "nurture"


def test_restart_begins_another_cadence_from_step_one(two: Context) -> None:
    again = restart(two, "ann", cadence="new-angle")
    assert (again.cadence, again.next.step, again.next.due) == ("new-angle", 1, date(2026, 3, 3))
    assert contact_view(two, "ann").contact.cadence == "new-angle"
