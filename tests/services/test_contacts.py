"""services.contacts: adding, editing, noting, finding and deleting people."""

from datetime import date

import pytest

from followup.context import Context
from followup.domain.contact import ContactFilter
from followup.errors import FollowupError, InvalidValue, NotFound
from followup.services.contacts import (
    ContactEdit,
    NewContact,
    Profile,
    add_contact,
    add_note,
    contact_view,
    contacts,
    delete_contact,
    edit_contact,
)
from tests.services.conftest import Opener, Scripted


def add_ann(ctx: Context, **values: object) -> int:
    profile = Profile(
        {"company": "Acme", "email": "ann@acme.example", "met_on": "2026-02-27", **values}
    )
    return add_contact(ctx, NewContact("Ann Lee", profile)).contact_id


def test_a_new_contact_gets_step_one_the_business_day_after_you_met(ctx: Context) -> None:
    added = add_contact(ctx, NewContact("Ann Lee", Profile({"met_on": "2026-02-27"})))
    assert (added.name, added.first.step, added.first.due) == ("Ann Lee", 1, date(2026, 3, 2))
    view = contact_view(ctx, "ann")
    assert view.contact.status == "active" and view.contact.cadence == "event-warm"
    assert view.pending is not None and view.pending.plan == added.first
    assert view.touches == []


def test_the_event_named_is_created_once_and_dates_the_meeting(ctx: Context) -> None:
    first = add_contact(
        ctx, NewContact("Ann Lee", Profile({"event": "SaaStr", "met_on": "2026-02-27"}))
    )
    second = add_contact(ctx, NewContact("Bo Chen", Profile({"event": "SaaStr"})))
    assert first.new_event == "SaaStr" and second.new_event is None
    assert contact_view(ctx, "bo").contact.met_on == date(2026, 2, 27)


def test_an_email_belongs_to_one_contact(ctx: Context) -> None:
    add_ann(ctx)
    with pytest.raises(FollowupError, match="already has the email"):
        add_contact(ctx, NewContact("Ann Other", Profile({"email": "ANN@acme.example"})))
    assert [person.name for person, _ in contacts(ctx, ContactFilter())] == ["Ann Lee"]


def test_bad_values_are_refused_before_anything_is_written(ctx: Context) -> None:
    with pytest.raises(InvalidValue, match="email"):
        add_contact(ctx, NewContact("Ann Lee", Profile({"email": "not an address"})))
    assert contacts(ctx, ContactFilter()) == []


def test_moving_the_day_met_before_any_touch_moves_step_one(ctx: Context) -> None:
    add_ann(ctx)
    edited = edit_contact(
        ctx, ContactEdit("ann", Profile({"met_on": "2026-02-24", "title": "COO"}))
    )
    assert edited.contact.met_on == date(2026, 2, 27)  # as it was
    assert edited.rescheduled is not None and edited.rescheduled.due == date(2026, 2, 25)
    assert contact_view(ctx, "ann").contact.title == "COO"


def test_notes_are_added_not_replaced(ctx: Context) -> None:
    add_ann(ctx, notes="Met at the booth")
    assert add_note(ctx, "ann", "Wants a pilot").notes == "Met at the booth"
    notes = contact_view(ctx, "ann").contact.notes or ""
    assert notes.startswith("Met at the booth") and notes.endswith("Wants a pilot")


def test_deleting_needs_a_confirmation_or_a_yes(at: Opener) -> None:
    add_ann(at())
    nobody_there = at()
    with pytest.raises(FollowupError):
        delete_contact(nobody_there, "ann")
    declined = Scripted(confirms=False)
    with pytest.raises(FollowupError):
        delete_contact(at(interaction=declined), "ann")
    assert declined.questions and "Ann Lee" in declined.questions[0]
    assert delete_contact(at(interaction=Scripted(confirms=True)), "ann").name == "Ann Lee"
    with pytest.raises(NotFound):
        contact_view(at(), "ann")


def test_filters_combine(ctx: Context) -> None:
    add_ann(ctx, tags=["warm"])
    add_contact(ctx, NewContact("Bo Chen", Profile({"company": "Beta", "met_on": "2026-02-27"})))
    found = contacts(ctx, ContactFilter(tag="warm", status="active"))
    assert [(person.name, due) for person, due in found] == [("Ann Lee", "2026-03-02")]


def test_list_filters_by_part_of_the_company_and_by_a_tag_in_any_case(ctx: Context) -> None:
    for name, company, tags in (
        ("Ann Lee", "Acme Logistics", ["APAC", "cold-chain"]),
        ("Bo Chen", "Brandt Bau", ["emea"]),
    ):
        add_contact(ctx, NewContact(name, Profile({"company": company, "tags": tags})))

    def names(where: ContactFilter) -> list[str]:
        return [person.name for person, _ in contacts(ctx, where)]

    assert names(ContactFilter(company="acme")) == ["Ann Lee"]
    assert names(ContactFilter(company="LOGISTICS")) == ["Ann Lee"]
    assert names(ContactFilter(tag="apac")) == ["Ann Lee"]
    assert names(ContactFilter(tag="EMEA")) == ["Bo Chen"]
    assert names(ContactFilter(tag="cold")) == []  # a whole tag, not part of one
