"""`assign`, `team` and `--owner` through the real command line."""

import json
from pathlib import Path

import pytest

from tests.conftest import Followup


@pytest.fixture
def two_sellers(followup: Followup) -> Followup:
    """Sam met Maria and Tom, Priya met Kenji, at the same show last week."""
    for user, name in (("Sam", "Maria Gonzalez"), ("Sam", "Tom Becker"), ("Priya", "Kenji W")):
        followup.ok("add", name, "--met", "2026-02-25", "-q", FOLLOWUP_USER=user)
    return followup


def test_team_shows_each_seller_and_assign_moves_a_contact(two_sellers: Followup) -> None:
    assert two_sellers.ok("team").out.splitlines() == [
        "seller  open  due  won",
        "Priya   1     1    0",
        "Sam     2     2    0",
    ]
    said = two_sellers.ok("assign", "tom", "Priya", FOLLOWUP_USER="Sam").err
    assert said == "Assigned #2 Tom Becker to Priya (was Sam's).\n"
    assert json.loads(two_sellers.ok("team", "--json").out) == [
        {"seller": "Priya", "open": 2, "due": 2, "won": 0},
        {"seller": "Sam", "open": 1, "due": 1, "won": 0},
    ]
    assert two_sellers.ok("assign", "tom", "Priya").err == "#2 Tom Becker is Priya's already.\n"
    assert "owner  Priya" in two_sellers.ok("show", "tom").out


def test_owner_keeps_one_sellers_work_in_today_list_and_pipeline(two_sellers: Followup) -> None:
    today = json.loads(two_sellers.ok("today", "--json", "--owner", "Sam").out)
    assert [item["name"] for item in today] == ["Maria Gonzalez", "Tom Becker"]
    assert two_sellers.ok("today", "--count", "--owner", "Priya").out == "1\n"
    listed = json.loads(two_sellers.ok("list", "--json", "--owner", "Priya").out)
    assert [(person["name"], person["owner"]) for person in listed] == [("Kenji W", "Priya")]
    piped = json.loads(two_sellers.ok("pipeline", "--json", "--owner", "Priya").out)
    assert [row["name"] for row in piped] == ["Kenji W"]
    assert two_sellers.ok("today", "--count").out == "3\n"  # a store of one's own: all of it


def test_a_blank_owner_is_one_line_and_exit_1(two_sellers: Followup) -> None:
    before = two_sellers.dump()
    for args in (("today", "--owner", " "), ("assign", "tom", "")):
        result = two_sellers(*args)
        assert (result.code, result.out) == (1, "")
        assert result.err.startswith("followup: error: ") and result.err.count("\n") == 1
    assert two_sellers.dump() == before


def test_contacts_from_before_owners_show_as_nobodys(two_sellers: Followup) -> None:
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(two_sellers.db)) as connection, connection:
        connection.execute("UPDATE contact SET owner = NULL WHERE name = 'Kenji W'")
    assert two_sellers.ok("team").out.splitlines()[-1] == "(nobody)  1     1    0"
    assert json.loads(two_sellers.ok("team", "--json").out)[-1]["seller"] is None


def test_report_by_owner_and_review_of_one_seller(two_sellers: Followup) -> None:
    for name in ("maria", "tom", "kenji"):
        two_sellers.ok("log", name, now="2026-02-26")
    two_sellers.ok("reply", "kenji", "--note", "Call me", now="2026-02-27")
    two_sellers.ok("lost", "tom", "--reason", "budget", "--lesson", "find the budget owner")
    groups = json.loads(two_sellers.ok("report", "--by", "owner", "--json").out)["groups"]
    assert [(g["group"], g["contacts"], g["touches"], g["replies"], g["lost"]) for g in groups] == [
        ("Priya", 1, 1, 1, 0),
        ("Sam", 2, 2, 0, 1),
    ]
    mine = json.loads(two_sellers.ok("report", "--owner", "Priya", "--json").out)["total"]
    assert (mine["touches"], mine["replies"]) == (1, 1)
    assert [p["name"] for p in json.loads(two_sellers.ok("review", "--json").out)["lost"]] == [
        "Tom Becker"
    ]
    theirs = json.loads(two_sellers.ok("review", "--owner", "Priya", "--json").out)
    assert theirs["lost"] == []
    sams = json.loads(two_sellers.ok("review", "--owner", "Sam", "--json").out)
    assert [p["name"] for p in sams["lost"]] == ["Tom Becker"]


def test_review_of_one_seller_keeps_the_silent_accounts_where_they_have_someone(
    followup: Followup,
) -> None:
    for user, name, company in (
        ("Sam", "Ann Lee", "Acme"), ("Sam", "Bo Chen", "Acme"),
        ("Priya", "Cy Park", "Globex"), ("Priya", "Di Roy", "Globex"),
    ):  # fmt: skip
        followup.ok("add", name, "--company", company, "--met", "2026-02-20", "-q",
                    FOLLOWUP_USER=user)  # fmt: skip
        followup.ok("log", name.split()[0].lower(), now="2026-02-23")

    def silent(*owner: str) -> list[str]:
        found = json.loads(followup.ok("review", "--json", *owner).out)["silent_accounts"]
        return [account["account"] for account in found]

    assert silent() == ["Acme", "Globex"]
    assert silent("--owner", "Priya") == ["Globex"]
    assert silent("--owner", "Nobody") == []


def test_an_import_warns_about_rows_a_colleague_has(two_sellers: Followup, tmp_path: Path) -> None:
    scans = tmp_path / "scans.csv"
    scans.write_text("Name,Email\nMaria Gonzalez,\nLena Fischer,lena@brandt.example\n")
    said = two_sellers.ok("import", str(scans), FOLLOWUP_USER="Priya").err
    assert (
        "Warning: 1 row(s) found a colleague's contact (1 Sam's) and added nobody: they are "
        "theirs to follow up (`followup assign` hands one over)."
    ) in said
    listed = json.loads(two_sellers.ok("list", "--json", "--owner", "Priya").out)
    assert [person["name"] for person in listed] == ["Kenji W", "Lena Fischer"]
