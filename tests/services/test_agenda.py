"""services.agenda: what is due today, what comes next, and whether the pipeline is thin."""

from datetime import datetime

from followup.config import Config
from followup.context import Context
from followup.services.agenda import breadth, due, due_count, upcoming
from followup.services.contacts import NewContact, Profile, add_contact
from tests.services.conftest import Opener


def meet(ctx: Context, name: str, on: str) -> None:
    add_contact(ctx, NewContact(name, Profile({"met_on": on})))


def test_first_touches_come_first_then_the_most_overdue(at: Opener) -> None:
    monday = at()
    meet(monday, "Due Today", "2026-02-27")  # step 1 due Monday 03-02
    meet(monday, "Late Week", "2026-02-19")  # step 1 due 02-20, ten days late
    meet(monday, "Met Today", "2026-03-02")  # step 1 due tomorrow
    items = due(at())
    assert [(item.name, item.days_overdue(monday.today)) for item in items] == [
        ("Late Week", 10),
        ("Due Today", 0),
    ]
    assert due_count(at()) == 2
    assert [item.name for item in due(at(), limit=1)] == ["Late Week"]


def test_upcoming_is_what_falls_due_after_today(at: Opener) -> None:
    meet(at(), "Met Today", "2026-03-02")
    meet(at(), "Due Today", "2026-02-27")
    assert [item.name for item in upcoming(at(), days=1)] == ["Met Today"]
    friday = at(datetime(2026, 3, 6, 9))
    assert [item.name for item in due(friday)] == ["Due Today", "Met Today"]
    assert upcoming(friday, days=7) == []


def test_the_pipeline_is_thin_below_the_configured_target(at: Opener) -> None:
    for number in range(3):
        meet(at(), f"Person {number}", "2026-02-27")
    assert breadth(at(config=Config(min_active=3))).thin is False
    counted = breadth(at(config=Config(min_active=4)))
    assert (counted.open, counted.target, counted.thin) == (3, 4, True)
