"""services.merging: two contacts who are one person become one, and undo takes it back."""

from datetime import datetime

import pytest

from followup.context import Context
from followup.errors import InvalidValue
from followup.services.accounts import account_view
from followup.services.contacts import NewContact, Profile, add_contact, contact_view
from followup.services.maintenance import undo
from followup.services.merging import Conflict, MergeContacts, merge
from followup.services.reminders import remind
from followup.services.search import search
from followup.services.touches import LogTouch, RecordReply, log_touch, record_reply
from followup.storage import Location
from tests.conftest import dump
from tests.services.conftest import Opener

THURSDAY = datetime(2026, 3, 5, 9, 0)


@pytest.fixture
def twins(ctx: Context, at: Opener) -> Context:
    """Anna twice: once from a badge scan, once typed in by hand, each with a history."""
    add_contact(
        ctx,
        NewContact(
            "Anna Keller",
            Profile(
                {
                    "company": "Kessler Logistik",
                    "email": "anna@kessler.de",
                    "title": "CFO",
                    "notes": "met at the booth",
                    "tags": ["fair"],
                    "met_on": "2026-02-27",
                }
            ),
        ),
    )
    add_contact(
        ctx,
        NewContact(
            "Anna Keller-Schmidt",
            Profile(
                {
                    "company": "Kessler Logistik GmbH",
                    "phone": "+49 30 1234 5678",
                    "title": "Head of Finance",
                    "problem": "late invoices",
                    "notes": "prefers calls",
                    "tags": ["fair", "vip"],
                    "met_on": "2026-02-27",
                }
            ),
        ),
    )
    log_touch(at(), LogTouch("anna keller-schmidt", note="sent the deck"))
    remind(at(), "anna keller-schmidt", "2026-03-10", "send the case study")
    return ctx


def test_merge_keeps_every_field_touch_and_reminder_on_the_one_kept(
    twins: Context, at: Opener
) -> None:
    merged = merge(at(), MergeContacts("anna@kessler.de", "keller-schmidt"))
    assert merged.conflicts == [
        Conflict("name", "Anna Keller", "Anna Keller-Schmidt"),
        Conflict("company", "Kessler Logistik", "Kessler Logistik GmbH"),
        Conflict("title", "CFO", "Head of Finance"),
    ]
    view = contact_view(at(), "anna")
    person = view.contact
    assert (person.id, person.phone, person.problem) == (1, "+49 30 1234 5678", "late invoices")
    assert person.notes == "met at the booth\nprefers calls"
    assert person.tag_list == ["fair", "vip"]
    assert [touch.note for touch in view.touches] == ["sent the deck"]
    assert [reminder.text for reminder in view.reminders] == ["send the case study"]
    assert view.pending is not None and view.pending.plan.step == 1  # Anna's own step 1
    with pytest.raises(Exception, match="no contact"):
        contact_view(at(), "#2")
    # The search index follows the touch to the one kept.
    assert [found.contact.id for found in search(at(), "deck")] == [1]


def test_prefer_other_takes_their_values_and_their_next_step(twins: Context, at: Opener) -> None:
    merged = merge(at(), MergeContacts("1", "2", prefer_other=True))
    assert merged.standing_from_other
    assert merged.conflicts[0] == Conflict("name", "Anna Keller-Schmidt", "Anna Keller")
    view = contact_view(at(), "1")
    assert (view.contact.name, view.contact.title) == ("Anna Keller-Schmidt", "Head of Finance")
    assert view.pending is not None and view.pending.plan.step == 2  # the other's, after a touch


def test_a_closed_contact_kept_takes_the_open_ones_standing(twins: Context, at: Opener) -> None:
    from followup.services.closing import Close, close

    close(at(), Close("1", "archived", ask_lessons=False))
    merged = merge(at(), MergeContacts("1", "2"))
    assert merged.standing_from_other
    view = contact_view(at(), "1")
    assert view.contact.status == "active" and view.pending is not None


def test_who_they_decide_for_and_who_replied_move_to_the_one_kept(
    twins: Context, at: Opener
) -> None:
    add_contact(
        at(),
        NewContact("Tom Becker", Profile({"company": "Kessler Logistik"}), decides_for="2"),
    )
    record_reply(at(), RecordReply("2"))  # the one conversation at the account is #2's
    merge(at(), MergeContacts("1", "2"))
    assert [person.id for person in contact_view(at(), "tom").decides_for] == [1]
    assert account_view(at(), "kessler").account.held_by == 1


def test_undo_takes_a_merge_back_exactly(twins: Context, at: Opener, db: Location) -> None:
    before = dump(db, without=("undo_",))
    merge(at(THURSDAY), MergeContacts("1", "2"))
    assert dump(db, without=("undo_",)) != before
    assert undo(at(THURSDAY)).command == "test"
    assert dump(db, without=("undo_",)) == before


def test_a_contact_is_not_merged_with_itself(twins: Context) -> None:
    with pytest.raises(InvalidValue, match="both #1 Anna Keller"):
        merge(twins, MergeContacts("1", "anna@kessler.de"))


def test_merging_into_one_who_waits_keeps_the_conversation(at: Opener) -> None:
    ctx = at()
    for name in ("Anna Keller", "Tom Becker"):
        add_contact(ctx, NewContact(name, Profile({"company": "Kessler Logistik"})))
    add_contact(ctx, NewContact("Anna K.", Profile({"company": "Kessler Logistik"})))
    record_reply(at(), RecordReply("anna k."))  # Anna and Tom wait for this conversation
    merged = merge(at(), MergeContacts("anna keller", "anna k."))
    assert merged.standing_from_other
    anna = contact_view(at(), "anna keller")
    assert (anna.contact.status, anna.contact.pause_reason) == ("engaged", None)
    assert anna.pending is not None and anna.pending.plan.step == 1  # the answer, kept
