"""A team's database through the real command line: each seller connects as their own
PostgreSQL role (tests/pgserver.py makes sam, priya and the manager boss), with
``FOLLOWUP_DB`` naming the database and ``FOLLOWUP_USER`` the seller, as each
seller's profile would."""

import json

import pytest

from followup.storage import ServerUrl
from tests import pgserver
from tests.conftest import ERROR, Followup, Result
from tests.services.conftest import dump


class Team:
    """The team's database and the command line, run as one seller or another."""

    def __init__(self, followup: Followup, url: str):
        self.followup = followup
        self.url = url

    def run(self, user: str, *args: str) -> Result:
        return self.followup(*args, FOLLOWUP_DB=self.url, FOLLOWUP_USER=user)

    def ok(self, user: str, *args: str) -> Result:
        result = self.run(user, *args)
        assert result.code == 0, f"{user}: followup {' '.join(args)} -> {result}"
        return result

    def refused(self, user: str, *args: str, code: int = 1) -> str:
        """A command refused cleanly: one line, the exit code, nothing written."""
        before = dump(ServerUrl(self.url), without=("notice_",))
        result = self.run(user, *args)
        shown = f"{user}: followup {' '.join(args)} -> {result}"
        assert result.code == code and result.out == "", shown
        assert "Traceback" not in result.err and len(result.err.splitlines()) == 1, shown
        assert result.err.startswith(ERROR), shown
        assert dump(ServerUrl(self.url), without=("notice_",)) == before
        return result.err.removeprefix(ERROR).strip()

    def names(self, user: str, *args: str) -> list[str]:
        return [person["name"] for person in json.loads(self.ok(user, "list", "--json", *args).out)]


@pytest.fixture
def team(
    followup: Followup, postgres: pgserver.PostgresServer, request: pytest.FixtureRequest
) -> Team:
    """Sam met Anna and Tom, Priya met Kenji, at LogiMAT last week."""
    made = Team(followup, postgres.store_url(request.node.nodeid))
    made.ok("sam", "add", "Anna Keller", "--email", "anna@kessler.example", "--met", "2026-02-25")
    made.ok("sam", "add", "Tom Becker", "--company", "Ledgerline", "--met", "2026-02-25")
    made.ok("priya", "add", "Kenji Watanabe", "--met", "2026-02-26")
    return made


def test_a_seller_sees_and_changes_only_their_own(team: Team) -> None:
    assert team.names("sam") == ["Anna Keller", "Tom Becker"]
    assert team.names("priya") == ["Kenji Watanabe"]
    assert team.names("priya", "--team") == ["Kenji Watanabe"]  # the database says so
    for command in (
        ["show", "anna"],
        ["log", "anna", "--skip-check", "--reason", "x"],
        ["won", "anna"],
    ):
        assert team.refused("priya", *command).startswith("no contact matches 'anna'")
    assert team.refused("priya", "show", "1").startswith("no contact")
    told = team.refused("priya", "add", "Anna K.", "--email", "ANNA@kessler.example")
    assert told.startswith("sam has a contact with the email ANNA@kessler.example already")
    today = json.loads(team.ok("sam", "today", "--json").out)
    assert [item["name"] for item in today] == ["Anna Keller", "Tom Becker"]
    assert team.ok("priya", "today", "--count").out == "1\n"


def test_assign_hands_a_contact_over_and_undo_is_each_sellers_own(team: Team) -> None:
    assert team.ok("sam", "assign", "tom", "priya").err == (
        "Assigned #2 Tom Becker (Ledgerline) to priya (was sam's).\n"
    )
    assert team.names("sam") == ["Anna Keller"]
    assert team.names("priya") == ["Kenji Watanabe", "Tom Becker"]
    team.ok("priya", "log", "tom", "--note", "sent the deck")
    team.ok("sam", "log", "anna", "--note", "sent the recap")
    # Each seller's undo takes back their own last command, never a colleague's.
    assert "log anna" in team.ok("sam", "undo").err
    assert "log tom" in team.ok("priya", "undo", "--list").out.splitlines()[0]
    touches = json.loads(team.ok("priya", "show", "tom", "--json").out)["touches"]
    assert [touch["note"] for touch in touches] == ["sent the deck"]
    assert json.loads(team.ok("sam", "show", "anna", "--json").out)["touches"] == []


def test_the_manager_reads_everyones_and_changes_nothing(team: Team) -> None:
    team.ok("sam", "won", "anna", "--worked", "the pilot", "--lesson", "-")
    team.ok("priya", "lost", "kenji", "--reason", "budget", "--lesson", "call the CFO first")
    boss = pgserver.MANAGER
    assert team.names(boss) == []  # nobody's contacts are the manager's own
    assert team.names(boss, "--team") == ["Anna Keller", "Kenji Watanabe", "Tom Becker"]
    assert team.names(boss, "--owner", "priya") == ["Kenji Watanabe"]
    review = json.loads(team.ok(boss, "review", "--team", "--json").out)
    assert [lost["name"] for lost in review["lost"]] == ["Kenji Watanabe"]
    report = json.loads(team.ok(boss, "report", "--team", "--by", "owner", "--json").out)
    assert sorted(row["group"] for row in report["groups"]) == ["priya", "sam"]
    assert team.refused(boss, "add", "Lena Fischer").startswith("not allowed")
    assert team.refused(boss, "assign", "tom", "priya").startswith("not allowed")
    assert team.refused(boss, "review", "--team", "--owner", "sam", code=2).startswith(
        "--owner and --team"
    )
