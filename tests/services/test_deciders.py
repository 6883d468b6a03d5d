"""services.deciders and lessons: who decides, linked; what earlier deals taught, brought back."""

from datetime import datetime

import pytest

from followup.context import Context
from followup.errors import FollowupError, InvalidValue, UsageError
from followup.services.closing import Close, close
from followup.services.contacts import (
    ContactEdit,
    NewContact,
    Profile,
    add_contact,
    contact_view,
    edit_contact,
)
from followup.services.deciders import link
from followup.services.touches import LogTouch, log_touch
from tests.services.conftest import Opener, Scripted, added

FRIDAY = datetime(2026, 3, 6, 9, 0)


@pytest.fixture
def kessler(ctx: Context) -> Context:
    added(ctx, "Priya Shah", company="Kessler Logistik", met_on="2026-02-27")
    added(ctx, "Tom Becker", company="Kessler Logistik GmbH", title="CFO")
    return ctx


def test_link_and_unlink_a_decider(kessler: Context, at: Opener) -> None:
    linked = link(kessler, "priya", "tom")
    assert linked.decider is not None and linked.decider.name == "Tom Becker"
    view = contact_view(at(), "priya")
    assert (view.contact.decider_id, view.decider and view.decider.name) == (2, "Tom Becker")
    assert [person.name for person in contact_view(at(), "tom").decides_for] == ["Priya Shah"]
    assert link(at(), "priya", None, unlink=True).decider is None
    assert contact_view(at(), "priya").contact.decider_id is None


def test_link_refuses_oneself_a_loop_and_a_missing_choice(kessler: Context, at: Opener) -> None:
    with pytest.raises(InvalidValue, match="their own decider"):
        link(kessler, "priya", "priya")
    link(at(), "priya", "tom")
    with pytest.raises(FollowupError, match="Tom Becker decides for #1 Priya Shah"):
        link(at(), "tom", "priya")  # a loop: nobody would decide
    with pytest.raises(UsageError, match="either --decider"):
        link(at(), "priya", None)
    with pytest.raises(FollowupError, match="no decider linked"):
        link(at(), "tom", None, unlink=True)


def test_a_decider_text_naming_a_colleague_links_them(kessler: Context, at: Opener) -> None:
    edited = edit_contact(
        kessler, ContactEdit("priya", Profile({"decider": "no: CFO Tom Becker decides"}))
    )
    assert edited.decider is not None and edited.decider.linked is not None
    assert edited.decider.linked.name == "Tom Becker"
    assert contact_view(at(), "priya").contact.decider_id == 2


def test_a_decider_answer_at_a_retry_links_the_colleague_it_names(
    kessler: Context, at: Opener
) -> None:
    log_touch(kessler, LogTouch("priya"))
    logged = log_touch(
        at(FRIDAY),
        LogTouch(
            "priya",
            answers={"value": "a case study", "problem": "late trucks", "decider": "ask Becker"},
        ),
    )
    assert logged.decider is not None and logged.decider.linked is not None
    assert contact_view(at(), "priya").contact.decider_id == 2


def test_a_decider_who_is_not_a_contact_gets_the_command_that_adds_them(
    kessler: Context, at: Opener
) -> None:
    added_now = add_contact(
        at(),
        NewContact(
            "Jan Novak",
            Profile({"company": "Kessler Logistik", "decider": "No, our COO Eva Frank decides"}),
        ),
    )
    named = added_now.decider
    assert named is not None and named.linked is None
    assert named.missing == "Eva Frank"
    assert named.add_command == (
        "followup add 'Eva Frank' --company 'Kessler Logistik' --decides-for 3"
    )
    eva = add_contact(
        at(), NewContact("Eva Frank", Profile({"company": "Kessler Logistik"}), decides_for="3")
    )
    assert eva.decides_for is not None and eva.decides_for.name == "Jan Novak"
    assert contact_view(at(), "jan").contact.decider_id == eva.contact_id


def test_an_answer_that_they_decide_themselves_links_nobody(kessler: Context) -> None:
    edited = edit_contact(kessler, ContactEdit("priya", Profile({"decider": "yes, she signs"})))
    assert edited.decider is None


def test_lessons_come_back_for_someone_new_at_the_account_the_title_or_the_event(
    ctx: Context, at: Opener
) -> None:
    added(ctx, "Anna Keller", company="Kessler Logistik", title="CFO", event="LogiMAT 2026",
          met_on="2026-02-10")  # fmt: skip
    added(ctx, "Ben Ortiz", company="Acme", title="cfo", met_on="2026-02-10")
    added(ctx, "Cleo Park", company="Globex", event="LogiMAT 2026", met_on="2026-02-10")
    added(ctx, "Dan Ross", company="Initech", met_on="2026-02-10")
    for name, closing, taught in (
        ("anna", "lost", "bring the CEO in before the pilot"),
        ("ben", "won", "a two-week pilot"),
        ("cleo", "lost", "follow up within a day"),
        ("dan", "lost", "nothing in common"),
    ):
        close(at(interaction=Scripted(worked=taught, lesson=taught)), Close(name, closing))
    new = add_contact(
        at(),
        NewContact(
            "Eva Frank",
            Profile({"company": "Kessler Logistik GmbH", "title": "CFO", "event": "LogiMAT 2026"}),
        ),
    )
    assert [(lesson.contact.name, lesson.because) for lesson in new.lessons] == [
        ("Anna Keller", "account"),
        ("Ben Ortiz", "title"),
        ("Cleo Park", "event"),
    ]
    assert contact_view(at(), "eva").lessons == new.lessons
    # Dan's lesson shares nothing with her; someone who shares nothing gets none.
    assert add_contact(at(), NewContact("Kai Lund", Profile({"company": "Umbrella"}))).lessons == []


def test_only_the_most_recent_lessons_of_a_shared_title_come_back(ctx: Context, at: Opener) -> None:
    for day in range(1, 8):
        added(ctx, f"Lee {day}", company=f"Firm {day}", title="CFO", met_on="2026-02-01")
        close(
            at(interaction=Scripted(lesson=f"lesson {day}")),
            Close(f"Lee {day}", "lost", on=f"2026-02-0{day + 1}" if day < 9 else None),
        )
    new = add_contact(at(), NewContact("Kim Berg", Profile({"title": "cfo"})))
    assert [lesson.contact.lesson for lesson in new.lessons] == ["lesson 7", "lesson 6", "lesson 5"]
