"""A team's database through the real command line: each seller connects as their own
PostgreSQL role (tests/pgserver.py makes sam, priya and the manager boss), with
``FOLLOWUP_DB`` naming the database and ``FOLLOWUP_USER`` the seller, as each
seller's profile would."""

import json

import pytest

from followup.storage import ServerUrl
from tests import pgserver
from tests.conftest import ERROR, Followup, Result, dump


class Team:
    """The team's database and the command line, run as one seller or another."""

    def __init__(self, followup: Followup, url: str):
        self.followup = followup
        self.url = url

    def run(self, user: str, *args: str) -> Result:
        """As ``user`` on the team's database; `migrate-store` on the seller's own file."""
        on = str(self.followup.db) if args[0] == "migrate-store" else self.url
        return self.followup(*args, FOLLOWUP_DB=on, FOLLOWUP_USER=user)

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
    told = team.refused("sam", "undo")  # Tom is Priya's now: sam cannot take him back
    assert told.startswith("cannot undo `assign tom priya`: some of what it changed is no longer")
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


def own_store(followup: Followup) -> None:
    """Lena's year on her laptop: an event, an account, answers, a reminder, a decider, a win."""
    run = followup.ok
    run("event", "add", "LogiMAT 2026", "--date", "2026-02-24")
    run("add", "Lena Fischer", "--company", "Brandt Bau", "--email", "lena@brandt.example",
        "--event", "LogiMAT 2026", "--problem", "late deliveries")  # fmt: skip
    run(
        "add",
        "Jonas Brandt",
        "--company",
        "Brandt Bau",
        "--title",
        "CEO",
        "--event",
        "LogiMAT 2026",
    )
    run("link", "lena", "--decider", "jonas")
    run("log", "lena", "--note", "sent the recap")
    run("reply", "lena", "--note", "call me next week")
    run("remind", "jonas", "friday", "send the case study")
    run("add", "Kai Wolf", "--company", "Wolf Logistik", "--met", "2026-02-20")
    run("won", "kai", "--worked", "the pilot", "--lesson", "-")


def listed(followup: Followup, **env: str) -> list[tuple[str, ...]]:
    return [
        (
            p["name"],
            p["company"],
            p["status"],
            p["event"],
            p["account"],
            p["decider"],
            p["next_due"],
        )
        for p in json.loads(followup.ok("list", "--json", **env).out)
    ]


def test_migrate_store_moves_a_sellers_file_in_whole_and_only_once(team: Team) -> None:
    followup = team.followup
    own_store(followup)
    mine = listed(followup)
    said = team.ok("sam", "migrate-store", "--to", team.url).err
    assert said.startswith("Moved 3 contact(s), 2 touch(es) and 5 follow-up(s) from ")
    assert said.endswith(f"to {team.url}, as sam's.\n")
    on_team = listed(followup, FOLLOWUP_DB=team.url, FOLLOWUP_USER="sam")
    assert sorted(on_team) == sorted([*mine, *[row for row in on_team if row[0] in
                                               ("Anna Keller", "Tom Becker")]])  # fmt: skip
    lena = json.loads(team.ok("sam", "show", "lena", "--json").out)
    assert [touch["note"] for touch in lena["touches"]] == ["sent the recap", "call me next week"]
    assert lena["owner"] == "sam" and lena["problem"] == "late deliveries"
    before = dump(ServerUrl(team.url), without=("undo_", "notice_"))
    # Again, as the README has it: the file named, FOLLOWUP_DB naming the team's already.
    moved_again = followup(
        "--db", str(followup.db), "migrate-store", "--to", team.url, "--json",
        FOLLOWUP_DB=team.url, FOLLOWUP_USER="sam",
    )  # fmt: skip
    assert moved_again.code == 0, moved_again
    again = json.loads(moved_again.out)
    assert again["already"] == 3 and again["copied"]["contact"] == 0
    assert dump(ServerUrl(team.url), without=("undo_", "notice_")) == before
    # One undo takes the whole move back.
    assert "migrate-store" in team.ok("sam", "undo").err
    assert team.names("sam") == ["Anna Keller", "Tom Becker"]


def test_migrate_store_refuses_a_colleagues_contact_and_moves_nothing(team: Team) -> None:
    followup = team.followup
    own_store(followup)
    team.ok("priya", "add", "Lena F.", "--email", "LENA@brandt.example")
    told = team.refused("sam", "migrate-store", "--to", team.url)
    assert told.startswith("1 of the file's contacts are another seller's")
    assert "Lena Fischer <lena@brandt.example> (priya's)" in told
    assert team.refused("sam", "migrate-store", "--to", "/tmp/elsewhere.db").startswith("--to")


def test_a_contact_goes_only_to_a_seller_of_the_team(team: Team) -> None:
    told = team.refused("sam", "assign", "tom", "nobody")
    assert told.startswith("OWNER nobody is no seller of this team")
    told = team.refused("sam", "assign", "tom", pgserver.MANAGER)
    assert told.startswith(f"OWNER {pgserver.MANAGER} is no seller of this team")
    assert team.names("sam") == ["Anna Keller", "Tom Becker"]


def test_undo_leaves_an_account_a_colleague_uses_by_now(team: Team) -> None:
    team.ok("sam", "add", "Jonas Brandt", "--company", "Brandt Bau")  # Brandt Bau is new
    team.ok("priya", "add", "Lena Fischer", "--company", "Brandt Bau")
    told = team.refused("sam", "undo")
    assert told == (
        "cannot undo `add 'Jonas Brandt' --company 'Brandt Bau'`: the account it added is a "
        "colleague's too by now; nothing was undone"
    )
    lena = json.loads(team.ok("priya", "show", "lena", "--json").out)
    assert lena["account"] == "Brandt Bau"


def test_nobody_files_undo_steps_under_a_colleagues_operation(
    team: Team, postgres: pgserver.PostgresServer
) -> None:
    import psycopg

    team.ok("priya", "log", "kenji", "--note", "sent the recap")
    database = team.url.rpartition("/")[2]
    with psycopg.connect(postgres.url(database)) as admin:
        (operation, steps) = admin.execute(
            "SELECT o.id, count(s.id) FROM undo_operation o JOIN undo_step s "
            "ON s.operation_id = o.id WHERE o.seller = 'priya' GROUP BY o.id "
            "ORDER BY o.id DESC LIMIT 1"
        ).fetchone()  # type: ignore[misc]
        admin.execute("UPDATE undo_operation SET recording = true WHERE id = %s", (operation,))
    with psycopg.connect(postgres.url(database, "sam")) as sam:
        sam.execute("SELECT set_config('followup.operation', %s, true)", (str(operation),))
        (anna,) = sam.execute("SELECT id FROM contact WHERE name = 'Anna Keller'").fetchone()  # type: ignore[misc]
        sam.execute("SELECT followup_assign(%s, 'priya')", (anna,))
    with psycopg.connect(postgres.url(database)) as admin:
        (now,) = admin.execute(
            "SELECT count(*) FROM undo_step WHERE operation_id = %s", (operation,)
        ).fetchone()  # type: ignore[misc]
    assert now == steps  # sam's hand-over went into no operation of priya's


def test_the_schema_is_made_by_the_databases_owner_not_a_seller(
    followup: Followup, postgres: pgserver.PostgresServer, request: pytest.FixtureRequest
) -> None:
    import psycopg

    postgres.new_database("store for " + request.node.nodeid, store=True)  # the roles
    database = postgres.new_database(request.node.nodeid)
    with psycopg.connect(postgres.url(database), autocommit=True) as admin:
        admin.execute("GRANT CREATE ON SCHEMA public TO sam")
    made = Team(followup, postgres.url(database, None))
    told = made.refused("sam", "today")
    assert told.startswith("the team's database is made by its owner, not by a seller")


SAME_ON_BOTH = [
    ["event", "add", "LogiMAT 2026", "--date", "2026-02-24", "--place", "Stuttgart"],
    ["add", "Anna Keller", "--company", "Kessler Logistik", "--email", "anna@kessler.example",
     "--event", "LogiMAT 2026", "--problem", "late deliveries", "--tag", "dach"],
    ["add", "Jonas Weber", "--company", "Kessler Logistik", "--event", "LogiMAT 2026"],
    ["add", "Tom Becker", "--company", "Ledgerline", "--met", "2026-02-20", "--tag", "fintech"],
    ["log", "anna", "--note", "sent the recap and the benchmark"],
    ["reply", "tom", "--note", "call me on Thursday"],
    ["remind", "jonas", "friday", "send the case study"],
    ["today"],
    ["today", "--json"],
    ["today", "--count"],
    ["upcoming", "--days", "14", "--csv"],
    ["list", "--csv"],
    ["list", "--company", "kessler", "--json"],
    ["show", "anna"],
    ["search", "deliveries"],
    ["pipeline"],
    ["report", "--by", "owner", "--json"],
    ["review", "--json"],
    ["account", "list"],
    ["event", "list"],
    ["team"],
    ["export", "contacts", "--format", "csv"],
    ["forecast", "--weeks", "4", "--json"],
    ["lost", "jonas", "--reason", "budget", "--lesson", "find the budget owner"],
    ["undo"],
    ["won", "tom", "--worked", "the pilot", "--lesson", "-"],
    ["report", "--json"],
]  # fmt: skip


def test_every_command_says_the_same_on_a_file_and_on_a_teams_database(team: Team) -> None:
    """Sam's morning, on a file of Sam's own and on a team's database: the same output,
    but where each says the store is."""
    followup = team.followup
    on_team = Team(followup, team.url.rsplit("/", 1)[0] + "/" + _empty(team))
    for command in SAME_ON_BOTH:
        mine = followup(*command, FOLLOWUP_USER="sam")
        ours = on_team.run("sam", *command)
        shown = f"followup {' '.join(command)}"
        assert (mine.code, mine.out, mine.err.replace(str(followup.db), "DB")) == (
            ours.code,
            ours.out,
            ours.err.replace(on_team.url, "DB"),
        ), shown


def _empty(team: Team) -> str:
    """A second team's database, empty, beside the fixture's."""
    import psycopg

    name = team.url.rsplit("/", 1)[1] + "_2"
    admin_url = team.url.replace("://", "://postgres@", 1).rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"'.encode())
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{pgserver.TEMPLATE}"'.encode())
    return name


def test_days_away_are_each_sellers_own(team: Team) -> None:
    team.ok("sam", "add", "Lena Fischer", "--met", "2026-03-02")  # step 1 due Tue 03-03
    team.ok("priya", "add", "Jonas Weber", "--met", "2026-03-02")
    said = team.ok("sam", "away", "2026-03-03", "2026-03-13", "--reason", "vacation").err
    assert said == "Away Tue 2026-03-03 to Fri 2026-03-13: moved 1 follow-up(s).\n"

    def upcoming(user: str) -> list[tuple[str, str]]:
        found = json.loads(team.ok(user, "upcoming", "--days", "30", "--json").out)
        return [(item["name"], item["due"]) for item in found]

    assert upcoming("sam") == [("Lena Fischer", "2026-03-16")]  # after his holiday
    assert upcoming("priya") == [("Jonas Weber", "2026-03-03")]  # Priya works on


def test_a_reply_makes_a_colleagues_contacts_at_the_account_wait_for_their_owner(
    team: Team,
) -> None:
    team.ok("sam", "edit", "anna", "--company", "Kessler Logistik")
    team.ok("priya", "add", "Jonas Weber", "--company", "Kessler Logistik", "--met", "2026-02-26")
    said = team.ok("sam", "reply", "anna", "--note", "call me next week").err
    assert (
        "One conversation at Kessler Logistik: 1 of your colleagues' contacts wait for their "
        "owners to decide."
    ) in said.splitlines()
    jonas = json.loads(team.ok("priya", "show", "jonas", "--json").out)
    assert (jonas["status"], jonas["pause_reason"]) == ("paused", "account")
    agenda = json.loads(team.ok("priya", "today", "--json").out)
    assert [(item["kind"], item["account"]) for item in agenda if item["kind"] == "account"] == [
        ("account", "Kessler Logistik")
    ]
    told = team.ok("priya", "account", "continue", "kessler").err
    assert "Jonas Weber" in told
    assert json.loads(team.ok("priya", "show", "jonas", "--json").out)["status"] == "active"
