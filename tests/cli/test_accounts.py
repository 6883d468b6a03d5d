"""Accounts, deciders, merging and lessons through the command line, as the README shows them."""

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Followup, refused


def as_json(text: str) -> Any:
    return json.loads(text)


def kessler_people(followup: Followup) -> None:
    followup.ok("add", "Anna Keller", "--company", "Kessler Logistik", "--email",
                "anna@kessler.de", "--title", "CFO", "--met", "2026-02-27")  # fmt: skip
    followup.ok("add", "Tom Becker", "--company", "Kessler Logistik GmbH", "--title", "CEO",
                "--met", "2026-02-27")  # fmt: skip
    followup.ok("add", "Jan Novak", "--email", "jan.novak@kessler.de", "--met", "2026-02-27")


@pytest.fixture
def kessler(followup: Followup) -> Followup:
    kessler_people(followup)
    return followup


@pytest.fixture
def script(tmp_path: Path) -> Followup:
    """The installed console script, each command a process of its own."""
    people = Followup(tmp_path, process=True)
    kessler_people(people)
    return people


def test_a_reply_pauses_the_others_and_account_continue_resumes_them(script: Followup) -> None:
    replied = script.ok("reply", "anna")
    assert (
        "One conversation at Kessler Logistik: Jan Novak (#3), Tom Becker (#2) wait until you "
        "decide (`followup today`, or `followup account continue|wait|stop 'Kessler Logistik'`)."
    ) in replied.err
    items = as_json(script.ok("today", "--json", now="2026-03-03").out)
    assert [(item["kind"], item["name"]) for item in items] == [
        ("touch", "Anna Keller"),
        ("account", "Anna Keller"),
    ]
    account_item = items[1]
    assert (account_item["account"], account_item["action"], account_item["due"]) == (
        "Kessler Logistik",
        "Anna Keller replied — continue, wait or stop the others?",
        "2026-03-02",
    )
    tom = as_json(script.ok("show", "tom", "--json").out)
    assert (tom["status"], tom["pause_reason"], tom["account"]) == (
        "paused", "account", "Kessler Logistik",
    )  # fmt: skip

    resumed = script.ok("account", "continue", "kessler", now="2026-03-03")
    assert resumed.err == ("Kessler Logistik: Jan Novak (#3), Tom Becker (#2): cadences go on.\n")
    items = as_json(script.ok("today", "--json", now="2026-03-03").out)
    assert [(item["kind"], item["name"]) for item in items] == [
        ("touch", "Jan Novak"),  # their step 1, due since Monday
        ("touch", "Tom Becker"),
        ("touch", "Anna Keller"),  # her answer
    ]
    assert as_json(script.ok("show", "tom", "--json").out)["status"] == "active"


def test_account_wait_brings_their_steps_back_after_the_day(kessler: Followup) -> None:
    kessler.ok("reply", "anna")
    waited = kessler.ok("account", "wait", "Kessler Logistik", "--until", "2026-03-13",
                        "--only", "tom")  # fmt: skip
    assert waited.err == (
        "Kessler Logistik: Tom Becker (#2): wait until Fri 2026-03-13; 1 still wait.\n"
    )
    names = [(i["kind"], i["name"]) for i in as_json(kessler.ok("today", "--json",
                                                                now="2026-03-16").out)]  # fmt: skip
    assert ("resume", "Tom Becker") in names and ("account", "Anna Keller") in names


def test_account_list_and_show(kessler: Followup) -> None:
    kessler.ok("add", "Ola Nordmann", "--company", "Fjord AS")
    listed = as_json(kessler.ok("account", "list", "--json").out)
    assert [(a["account"], a["people"], a["open"]) for a in listed] == [
        ("Fjord AS", 1, 1),
        ("Kessler Logistik", 3, 3),
    ]
    kessler.ok("log", "tom", "--note", "sent the deck", now="2026-03-03")
    kessler.ok("reply", "anna", "--note", "interested", now="2026-03-04")
    shown = as_json(kessler.ok("account", "show", "kessler", "--json").out)
    assert [(p["name"], p["status"], p["waiting"]) for p in shown["people"]] == [
        ("Anna Keller", "engaged", False),
        ("Jan Novak", "paused", True),
        ("Tom Becker", "paused", True),
    ]
    assert [(t["date"], t["name"], t["outcome"]) for t in shown["touches"]] == [
        ("2026-03-03", "Tom Becker", "sent"),
        ("2026-03-04", "Anna Keller", "replied"),
    ]
    assert shown["conversation"] == {
        "contact_id": 1, "name": "Anna Keller", "because": "replied", "on": "2026-03-04",
    }  # fmt: skip
    table = kessler.ok("account", "show", "kessler")
    assert "Anna Keller replied — continue, wait or stop the others?" in table.err
    assert "(waits) touch 2026-03-02" in table.out  # Jan's step 1, kept while he waits


def test_account_rename_and_merge(kessler: Followup) -> None:
    kessler.ok("add", "Kim Berg", "--company", "KL Holding")
    assert kessler.ok("account", "rename", "kessler", "Kessler Group").err == (
        "Renamed account 'Kessler Logistik' to 'Kessler Group'.\n"
    )
    merged = kessler.ok("account", "merge", "Kessler Group", "KL Holding")
    assert merged.err == "Merged 'KL Holding' into 'Kessler Group': 1 contact(s) moved.\n"
    assert as_json(kessler.ok("show", "kim", "--json").out)["account"] == "Kessler Group"


def test_link_a_decider_and_show_names_them(kessler: Followup) -> None:
    linked = kessler.ok("link", "anna", "--decider", "tom")
    assert linked.err == "Tom Becker (#2) decides for #1 Anna Keller (Kessler Logistik).\n"
    anna = kessler.ok("show", "anna")
    assert "decides  Tom Becker (#2)" in anna.out
    assert "decides for  Anna Keller (#1)" in kessler.ok("show", "tom").out
    record = as_json(kessler.ok("show", "anna", "--json").out)
    assert (record["decider_id"], record["decides_for"]) == (2, [])
    assert as_json(kessler.ok("show", "tom", "--json").out)["decides_for"] == [1]
    (item,) = [i for i in as_json(kessler.ok("today", "--json").out) if i["name"] == "Anna Keller"]
    assert (item["decider_id"], item["decider"]) == (2, "Tom Becker")
    assert "(decides: Tom Becker #2)" in kessler.ok("today").out
    kessler.ok("link", "anna", "--unlink")
    assert as_json(kessler.ok("show", "anna", "--json").out)["decider_id"] is None


def test_a_decider_answer_names_someone_to_add(kessler: Followup) -> None:
    added = kessler.ok("add", "Priya Shah", "--company", "Kessler Logistik",
                       "--decider", "no: CFO Eva Frank decides")  # fmt: skip
    assert added.err.splitlines()[-1] == (
        "Eva Frank decides for Priya Shah but is not a contact: "
        "followup add 'Eva Frank' --company 'Kessler Logistik' --decides-for 4"
    )
    eva = kessler.ok("add", "Eva Frank", "--company", "Kessler Logistik", "--decides-for", "4")
    assert "Eva Frank decides for #4 Priya Shah (Kessler Logistik)." in eva.err
    assert as_json(kessler.ok("show", "priya", "--json").out)["decider_id"] == 5


def test_merge_two_contacts_and_undo_it(kessler: Followup) -> None:
    kessler.ok("add", "Anna Keller", "--company", "Kessler Logistik AG",
               "--phone", "+49 30 1234 5678", "--title", "Head of Finance")  # fmt: skip
    doctor = kessler.ok("doctor", "--json")  # a look-alike is advice, not a fault
    assert doctor.err.endswith("No problems found in " + str(kessler.db) + "; 1 to look at.\n")
    found = as_json(doctor.out)
    assert [(f["check"], f["advice"]) for f in found] == [("likely-duplicate", True)]
    assert "`followup merge 1 4`" in found[0]["message"]
    before = kessler.dump()
    merged = kessler.ok("merge", "1", "4")
    assert merged.err.splitlines() == [
        "Merged #4 Anna Keller (Kessler Logistik AG) into #1 Anna Keller; #4 is gone.",
        "  company: kept 'Kessler Logistik', dropped 'Kessler Logistik AG'",
        "  title: kept 'CFO', dropped 'Head of Finance'",
        "  met_on: kept 2026-02-27, dropped 2026-03-02",
        "`followup undo` takes it back.",
    ]
    assert as_json(kessler.ok("show", "1", "--json").out)["phone"] == "+49 30 1234 5678"
    kessler.ok("undo")
    assert kessler.dump() == before


def test_lessons_come_back_on_add_and_show(kessler: Followup) -> None:
    kessler.ok("lost", "anna", "--worked", "the pilot offer", "--lesson", "meet the CEO first",
               "--reason", "budget")  # fmt: skip
    added = kessler.ok("add", "Eva Frank", "--company", "KESSLER LOGISTIK", "--title", "CFO")
    assert added.err.splitlines()[-2:] == [
        "Lessons that come back for Eva Frank:",
        "  same account: Anna Keller (#1), lost Mon 2026-03-02 — what worked: the pilot offer; "
        "do more of: meet the CEO first",
    ]
    record = as_json(kessler.ok("show", "eva", "--json").out)
    assert record["lessons"] == [
        {
            "contact_id": 1, "name": "Anna Keller", "status": "lost", "closed_on": "2026-03-02",
            "worked": "the pilot offer", "lesson": "meet the CEO first", "because": "account",
        }
    ]  # fmt: skip
    assert "Lessons that come back" in kessler.ok("show", "eva").out


def test_report_by_account_and_review_of_silent_accounts(kessler: Followup) -> None:
    for name in ("anna", "tom", "jan"):
        kessler.ok("log", name, now="2026-03-03")
    report = as_json(kessler.ok("report", "--by", "account", "--json").out)
    assert [(g["group"], g["contacts"], g["touches"]) for g in report["groups"]] == [
        ("Kessler Logistik", 3, 3)
    ]
    review = as_json(kessler.ok("review", "--json", now="2026-03-20").out)
    assert [(a["account"], a["people"]) for a in review["silent_accounts"]] == [
        ("Kessler Logistik", 3)
    ]
    kessler.ok("link", "jan", "--decider", "tom")
    assert as_json(kessler.ok("review", "--json").out)["silent_accounts"] == []


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("account", "show", "nobody"), "no account matches 'nobody' (see followup account list)"),
        (("account", "continue", "kessler"), "nobody at Kessler Logistik waits for a decision"),
        (("account", "wait", "kessler"), "Missing option '--until'"),
        (("account", "merge", "kessler", "Kessler Logistik GmbH"), "are the same account"),
        (("account", "rename", "kessler", " "), "an account needs a name"),
        (("link", "anna"), "give either --decider CONTACT or --unlink"),
        (("link", "anna", "--decider", "anna"), "cannot be their own decider"),
        (("merge", "anna", "anna@kessler.de"), "are both #1 Anna Keller"),
        (("merge", "anna", "tom", "--prefer", "mine"), "'mine' is not one of"),
        (("add", "Eva", "--decides-for", "nobody"), "no contact matches 'nobody'"),
    ],
)
def test_refusals_are_one_line_and_write_nothing(
    kessler: Followup, args: tuple[str, ...], fragment: str
) -> None:
    code = 2 if fragment.startswith(("Missing", "'mine'", "give either")) else 1
    assert fragment in refused(kessler, *args, code=code)


def test_import_links_accounts_and_brings_lessons_back(kessler: Followup, tmp_path: Path) -> None:
    kessler.ok("lost", "tom", "--worked", "a site visit", "--lesson", "ask about the budget first")
    people = tmp_path / "badge-scans.csv"
    people.write_text(
        "Name,Company,Email,Title\n"
        "Eva Frank,KESSLER LOGISTIK GMBH,eva.frank@kessler.de,COO\n"
        "Kai Lund,,kai@kessler.de,Buyer\n"
        "Lou Berg,Globex,lou@globex.example,CTO\n",
        encoding="utf-8",
    )
    imported = kessler.ok("import", str(people))
    assert imported.err.splitlines()[-2:] == [
        "Lessons that come back for the people imported:",
        "  same account: Tom Becker (#2), lost Mon 2026-03-02 — what worked: a site visit; "
        "do more of: ask about the budget first",
    ]
    accounts = {a["account"]: a["people"] for a in as_json(kessler.ok("account", "list",
                                                                      "--json").out)}  # fmt: skip
    assert accounts == {"Globex": 1, "Kessler Logistik": 5}
