"""services.owners: every contact is a seller's; `assign` hands one over, `team` counts."""

from pathlib import Path

import pytest

from followup.config import Config
from followup.context import Context
from followup.domain.contact import ContactFilter
from followup.errors import FollowupError, InvalidValue
from followup.services.agenda import due, due_count
from followup.services.closing import Close, close
from followup.services.contacts import contact_view, contacts
from followup.services.imports import ImportFile, import_file
from followup.services.maintenance import undo
from followup.services.owners import Assign, assign, team
from followup.services.pipeline import pipeline
from followup.services.touches import LogTouch, RecordReply, log_touch, record_reply
from tests.services.conftest import Opener, added


@pytest.fixture(autouse=True)
def no_user_from_outside(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FOLLOWUP_USER", raising=False)


def seller(at: Opener, name: str) -> Context:
    """A run as the seller ``name`` (their config's user.name)."""
    return at(config=Config(user_name=name))


@pytest.fixture
def shared(at: Opener) -> Opener:
    """Sam has Maria and Tom, Priya has Kenji; all three were met last week."""
    sam, priya = seller(at, "sam"), seller(at, "priya")
    added(sam, "Maria Gonzalez", email="maria@northwind.example", met_on="2026-02-25")
    added(sam, "Tom Becker", met_on="2026-02-25")
    added(priya, "Kenji Watanabe", met_on="2026-02-26")
    return at


def test_a_contact_belongs_to_the_seller_who_added_it(shared: Opener) -> None:
    ctx = shared()
    assert [(person.name, person.owner) for person, _ in contacts(ctx, ContactFilter())] == [
        ("Kenji Watanabe", "priya"),
        ("Maria Gonzalez", "sam"),
        ("Tom Becker", "sam"),
    ]


@pytest.mark.sqlite_only
def test_followup_user_beats_the_config_which_beats_the_login(
    at: Opener, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOGNAME", "sam.login")
    assert at().user == "sam.login"
    assert seller(at, "Sam Seller").user == "Sam Seller"
    monkeypatch.setenv("FOLLOWUP_USER", "  Priya Raman ")
    assert seller(at, "Sam Seller").user == "Priya Raman"


@pytest.mark.sqlite_only
def test_a_login_name_that_is_no_one_line_name_makes_nobody_the_owner(
    at: Opener, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOGNAME", "sam\nroot")
    assert at().user is None


def test_a_user_name_that_would_drive_the_terminal_is_refused(
    at: Opener, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FOLLOWUP_USER", "Sam\x1b]0;owned\x07")
    with pytest.raises(InvalidValue, match="FOLLOWUP_USER cannot contain control characters"):
        _ = at().user


def test_adding_someone_a_colleague_has_names_the_colleague_and_adds_nobody(
    shared: Opener,
) -> None:
    priya = seller(shared, "priya")
    # On a team's database Priya cannot see Maria: she is told whose she is, and no more.
    theirs = r"^(#1 Maria Gonzalez \(sam's\) already has|sam has a contact with) the email"
    with pytest.raises(FollowupError, match=theirs):
        added(priya, "Maria G.", email="MARIA@northwind.example")
    with pytest.raises(FollowupError, match=r"^#1 Maria Gonzalez already has the email"):
        added(seller(shared, "sam"), "Maria G.", email="maria@northwind.example")
    assert len(contacts(shared(), ContactFilter())) == 3


def test_assign_hands_the_contact_over_with_its_history_and_undo_takes_it_back(
    shared: Opener,
) -> None:
    sam = seller(shared, "sam")
    log_touch(sam, LogTouch("tom", note="Recap sent"))
    assigned = assign(shared(), Assign("tom", " priya "))
    assert (assigned.contact.owner, assigned.owner, assigned.changed) == ("sam", "priya", True)
    view = contact_view(shared(), "tom")
    assert view.contact.owner == "priya"
    assert [touch.note for touch in view.touches] == ["Recap sent"]
    assert view.pending is not None and view.pending.plan.step == 2
    assert assign(shared(), Assign("tom", "priya")).changed is False
    undo(shared())
    assert contact_view(shared(), "tom").contact.owner == "sam"


def test_assign_refuses_a_blank_owner(shared: Opener) -> None:
    with pytest.raises(InvalidValue, match="OWNER needs a seller's name"):
        assign(shared(), Assign("tom", "  "))


def test_today_list_and_pipeline_keep_one_sellers_contacts_when_asked(shared: Opener) -> None:
    ctx = shared()
    assert [item.name for item in due(ctx, owner="sam")] == ["Maria Gonzalez", "Tom Becker"]
    assert [item.name for item in due(ctx, owner="priya")] == ["Kenji Watanabe"]
    assert (due_count(ctx), due_count(ctx, "sam"), due_count(ctx, "Nobody")) == (3, 2, 0)
    assert [p.name for p, _ in contacts(ctx, ContactFilter(owner="priya"))] == ["Kenji Watanabe"]
    assert [row.item.name for row in pipeline(ctx, owner="priya")] == ["Kenji Watanabe"]
    # Without --owner it is everyone's: a store of one's own holds only one's own work.
    assert len(due(ctx)) == 3
    with pytest.raises(InvalidValue, match="--owner needs a seller's name"):
        due(ctx, owner="")


def test_an_accounts_decision_is_due_for_every_seller_with_someone_there(at: Opener) -> None:
    sam, priya = seller(at, "sam"), seller(at, "priya")
    added(sam, "Maria Gonzalez", company="Northwind Logistics", met_on="2026-02-25")
    added(priya, "Tom Becker", company="Northwind Logistics", met_on="2026-02-25")
    added(priya, "Kenji Watanabe", company="Hikari Foods", met_on="2026-02-25")
    record_reply(sam, RecordReply("maria", note="Call me next week"))  # Tom waits now
    ctx = at()

    def agenda(owner: str) -> list[tuple[str, str]]:
        return [(item.kind, item.name) for item in due(ctx, owner=owner)]

    assert agenda("priya") == [("touch", "Kenji Watanabe"), ("account", "Maria Gonzalez")]
    assert ("account", "Maria Gonzalez") in agenda("sam")
    assert [(s.name, s.due) for s in team(ctx)] == [
        ("priya", due_count(ctx, "priya")),
        ("sam", due_count(ctx, "sam")),
    ]
    assert due_count(ctx, "priya") == 2


def test_team_counts_each_sellers_open_due_and_won(shared: Opener) -> None:
    close(seller(shared, "sam"), Close("maria", "won", worked="the benchmark", ask_lessons=False))
    assign(shared(), Assign("kenji", "sam"))
    added(seller(shared, "priya"), "Lena Fischer", met_on="2026-03-02")  # due tomorrow
    assert [(s.name, s.open, s.due, s.won) for s in team(shared())] == [
        ("priya", 1, 0, 0),
        ("sam", 2, 2, 1),
    ]


def test_an_import_makes_the_new_people_the_importers_and_counts_the_colleagues(
    shared: Opener, tmp_path: Path
) -> None:
    scans = tmp_path / "scans.csv"
    scans.write_text(
        "First Name,Last Name,Email\n"
        "Anna,Keller,anna@kessler.example\n"
        "Maria,Gonzalez,MARIA@northwind.example\n"
        "Kenji,Watanabe,\n",
        encoding="utf-8",
    )
    imported = import_file(seller(shared, "priya"), ImportFile(scans, "scans.csv"))
    assert imported.theirs == {"sam": 1}  # Maria is Sam's; Kenji was Priya's already
    ctx = shared()
    owners = {person.name: person.owner for person, _ in contacts(ctx, ContactFilter())}
    assert owners == {
        "Anna Keller": "priya",
        "Kenji Watanabe": "priya",
        "Maria Gonzalez": "sam",
        "Tom Becker": "sam",
    }
